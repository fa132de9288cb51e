;;; -*- lexical-binding: t -*-
;;; Reader: strings.

;;; Strings: every escape, and the errors bad escapes give.
(read-from-string "\"\"")
(read-from-string "\"abc\"")
(read-from-string "\"a\\nb\\tc\"")
(read-from-string "\"\\e\\s\\d\\a\\b\\f\\r\\v\\0\"")
(read-from-string "\"\\\\ \\\"\"")
(read-from-string "\"\\x41\\ B\"")
(read-from-string "\"\\x41g\"")
(read-from-string "\"\\x4142\"")
(read-from-string "\"\\x100\"")
(read-from-string "\"\\101\"")
(read-from-string "\"\\1012\"")
(read-from-string "\"\\400\"")
(read-from-string "\"\\777\"")
(read-from-string "\"\\u00e9\"")
(read-from-string "\"\\u00E9x\"")
(read-from-string "\"\\U0001F600\"")
(read-from-string "\"\\N{U+E9}\"")
(read-from-string "\"\\N{U+1F600}\"")
(read-from-string "\"\\N{LATIN SMALL LETTER E WITH ACUTE}\"")
(read-from-string "\"\\N{latin small letter e with acute}\"")
(read-from-string "\"\\N{U+0}\"")
(read-from-string "\"\\N{U+00000041}\"")
(read-from-string "\"a\\\nb\"")
(read-from-string "\"a\nb\"")
(read-from-string "\"a\\ b\"")
(read-from-string "\"\\ \"")
(read-from-string "\"\\C-a\"")
(read-from-string "\"\\^a\"")
(read-from-string "\"\\^?\"")
(read-from-string "\"\\C-?\"")
(read-from-string "\"\\C-\\s\"")
(read-from-string "\"\\C- \"")
(read-from-string "\"\\^@\"")
(read-from-string "\"\\C-A\"")
(read-from-string "\"\\S-a\"")
(read-from-string "\"\\S-A\"")
(read-from-string "\"\\s-a\"")
(read-from-string "\"\\s\"")
(read-from-string "\"\\C-é\"")
(read-from-string "\"\\d\"")
(read-from-string "\"\\q\\w\\z\"")
(read-from-string "\"\\(foo\\)\"")
(read-from-string "\"\\é\"")
(read-from-string "\"é\"")
(read-from-string "\"😀\"")
(read-from-string "\"\\😀\"")
(read-from-string "\"a\" b")
(read-from-string "\"a\"b")
(read-from-string "\"x;y\"")
(read-from-string "\"(a b)\"")
(read-from-string "\"#s(a)\"")
(read-from-string "\"'quote\"")
;; Raw bytes: the characters are the same, Emacs prints unibyte strings with octal escapes.
;; differs: raw bytes read into a JS string are the characters 128-255, printed as themselves; Emacs keeps a unibyte string and prints octal escapes
(read-from-string "\"\\xe9\"")
;; differs: raw bytes read into a JS string are the characters 128-255, printed as themselves; Emacs keeps a unibyte string and prints octal escapes
(read-from-string "\"\\xe9\\xea\"")
;; differs: raw bytes read into a JS string are the characters 128-255, printed as themselves; Emacs keeps a unibyte string and prints octal escapes
(read-from-string "\"\\x80\"")
;; differs: raw bytes read into a JS string are the characters 128-255, printed as themselves; Emacs keeps a unibyte string and prints octal escapes
(read-from-string "\"\\200\"")
;; differs: raw bytes read into a JS string are the characters 128-255, printed as themselves; Emacs keeps a unibyte string and prints octal escapes
(read-from-string "\"\\M-a\"")
;; differs: raw bytes read into a JS string are the characters 128-255, printed as themselves; Emacs keeps a unibyte string and prints octal escapes
(read-from-string "\"\\M-\\C-a\"")
;; differs: raw bytes read into a JS string are the characters 128-255, printed as themselves; Emacs keeps a unibyte string and prints octal escapes
(read-from-string "\"\\x3fff80\"")
(append (car (read-from-string "\"\\xe9\\200\\M-a\"")) nil)
(length (read "\"\\U0001F600x\""))
(string-to-list (read "\"\\C-a\\^b\\d\\e\""))
(equal (read "\"\\N{U+E9}\"") "\u00e9")
"literal \t tab \x41\ B \101 \u00e9 \N{U+E9} \C-a \^? \d"
(string-to-list "\a\b\f\n\r\t\v\e\s\d")
"line one\
 line two"
"a \\ b \" c"
