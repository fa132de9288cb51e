#!/bin/bash
# Regenerates corpus.expected from corpus.jsonl with GNU Emacs 28:
# each line of corpus.jsonl is a JSON string; Emacs reads it with
# read-from-string and we record a structural dump of the result
# (or of the error), then "|" and the end index.
# Dumps stop after 60 objects ("~"), so circular objects print finitely.
# The same dump is computed by test/runtime/reader-corpus.test.ts.
set -euo pipefail
cd "$(dirname "$0")"
emacs -Q --batch --eval '
(progn
  (require (quote json))
  (defun rd-esc (s)
    (mapconcat (lambda (c) (if (and (>= c 33) (<= c 126) (not (memq c (list ?\\ ?|))))
                               (string c) (format "\\{%d}" c))) s ""))
  (defvar rd-budget 0)
  (defun rd-dump (x)
    (setq rd-budget (1- rd-budget))
    (cond ((< rd-budget 0) "~")
          ((integerp x) (format "I:%d" x))
          ((floatp x) (if (or (isnan x) (= x 1.0e+INF) (= x -1.0e+INF)) (format "F:%S" x) (format "F:%.17e" x)))
          ((symbolp x) (format "%s:%s" (if (eq (intern-soft (symbol-name x)) x) "S" "U") (rd-esc (symbol-name x))))
          ((stringp x) (format "T:%s" (rd-esc x)))
          ((consp x) (let ((out "(") (first t))
                       (while (and (consp x) (>= rd-budget 0))
                         (setq out (concat out (if first "" " ") (rd-dump (car x))) first nil x (cdr x)))
                       (concat out (if x (concat " . " (rd-dump x)) "") ")")))
          ((bool-vector-p x) (format "B:%s" (mapconcat (lambda (b) (if b "1" "0")) x "")))
          ((vectorp x) (concat "[" (mapconcat (function rd-dump) x " ") "]"))
          ((recordp x) (concat "R[" (mapconcat (function rd-dump)
                                               (let (l) (dotimes (i (length x)) (push (aref x i) l)) (nreverse l)) " ") "]"))
          ((hash-table-p x) (let (l) (maphash (lambda (k v) (push (rd-dump k) l) (push (rd-dump v) l)) x)
                              (format "H:%s:%s{%s}" (hash-table-test x) (or (hash-table-weakness x) "")
                                      (mapconcat (function identity) (nreverse l) " "))))
          (t (format "?:%S" x))))
  (with-temp-buffer
    (insert-file-contents "corpus.jsonl")
    (dolist (line (split-string (buffer-string) "\n" t))
      (let ((text (json-read-from-string line)))
        (princ (condition-case e
                   (let ((r (read-from-string text)))
                     (setq rd-budget 60)
                     (format "%s|%d" (rd-dump (car r)) (cdr r)))
                 (error (setq rd-budget 60) (concat "E:" (rd-dump e)))))
        (terpri)))))' > corpus.expected
