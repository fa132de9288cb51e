;;; cl-extra.el --- more Common Lisp functions  -*- lexical-binding: t -*-

;; The functions Emacs keeps in cl-extra.el live in cl-lib.el and
;; cl-seq.el here; this file exists for code that requires it.

(require 'cl-lib)
(require 'cl-seq)

(provide 'cl-extra)
;;; cl-extra.el ends here
