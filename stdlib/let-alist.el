;;; let-alist.el --- easy let-binding of alist values  -*- lexical-binding: t -*-

(defun let-alist--deep-dot-search (data)
  "Return alist of symbols inside DATA that start with a `.'.
Nested `let-alist' forms are only searched in their alist argument."
  (cond
   ((symbolp data)
    (let ((name (symbol-name data)))
      (when (and (> (length name) 1) (eq (aref name 0) ?.))
        (list (cons data (intern (substring name 1)))))))
   ((vectorp data)
    (apply #'nconc (mapcar #'let-alist--deep-dot-search data)))
   ((not (consp data)) nil)
   ((eq (car data) 'let-alist)
    (let-alist--deep-dot-search (car (cdr data))))
   (t (append (let-alist--deep-dot-search (car data))
              (let-alist--deep-dot-search (cdr data))))))

(defun let-alist--list-to-sexp (list var)
  (if (cdr list)
      (list 'cdr (list 'assq (list 'quote (car list)) (let-alist--list-to-sexp (cdr list) var)))
    (list 'cdr (list 'assq (list 'quote (car list)) var))))

(defmacro let-alist (alist &rest body)
  "Let-bind dotted symbols to their cdrs in ALIST and execute BODY."
  (declare (indent 1))
  (let ((var (make-symbol "alist"))
        (seen nil) (bindings nil))
    (dolist (pair (let-alist--deep-dot-search body))
      (unless (memq (car pair) seen)
        (setq seen (cons (car pair) seen))
        (setq bindings (cons (list (car pair) (let-alist--access (car pair) var)) bindings))))
    (list 'let (list (list var alist))
          (cons 'let (cons (nreverse bindings) body)))))

(defun let-alist--access (symbol var)
  "Access form for the dotted SYMBOL (.a.b.c) in the alist VAR."
  (let* ((name (substring (symbol-name symbol) 1))
         (parts nil) (start 0) (i 0) (n (length name)))
    (while (< i n)
      (when (and (eq (aref name i) ?.) (> i start))
        (setq parts (cons (substring name start i) parts))
        (setq start (1+ i)))
      (setq i (1+ i)))
    (setq parts (cons (substring name start) parts))
    (let-alist--list-to-sexp (mapcar #'intern parts) var)))

(provide 'let-alist)
;;; let-alist.el ends here
