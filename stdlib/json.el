;;; json.el --- JavaScript Object Notation parser / generator -*- lexical-binding: t -*-

;; json.el's functions and variables (json-encode, json-read-from-string,
;; json-object-type ...) are builtins of elnode, defined in TypeScript
;; (src/runtime/builtins/json.ts) with json.el's behaviour; this file
;; provides the feature so that (require 'json) works as in Emacs.

(provide 'json)

;;; json.el ends here
