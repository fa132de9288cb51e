;;; inline.el --- define functions by their inliner  -*- lexical-binding: t -*-

;; The interpreter does not inline: `define-inline' defines an ordinary
;; function whose body is the inliner with `inline-quote' and friends read
;; as plain code.

(defun inline--unquote (exp)
  "Turn the backquoted template EXP of `inline-quote' into code."
  (cond
   ((not (consp exp)) exp)
   ((eq (car exp) '\,) (inline--body (car (cdr exp))))
   ((eq (car exp) 'quote) exp)
   (t (let ((args nil) (splice nil))
        (while (consp exp)
          (let ((e (car exp)))
            (if (eq (car-safe e) '\,@)
                (setq splice (inline--body (car (cdr e))))
              (setq args (cons (inline--unquote e) args))))
          (setq exp (cdr exp)))
        (setq args (nreverse args))
        (if splice
            (cons 'apply (cons (list 'function (car args)) (append (cdr args) (list splice))))
          args)))))

(defun inline--body (form)
  (cond
   ((not (consp form)) form)
   ((eq (car form) 'quote) form)
   ((eq (car form) 'inline-quote) (inline--unquote (car (cdr form))))
   ((eq (car form) 'inline-letevals) (cons 'progn (mapcar #'inline--body (cdr (cdr form)))))
   ((eq (car form) 'inline-const-p) t)
   ((eq (car form) 'inline-const-val) (inline--body (car (cdr form))))
   ((eq (car form) 'inline-error) (cons 'error (mapcar #'inline--body (cdr form))))
   (t (mapcar #'inline--body form))))

(defmacro define-inline (name args &rest body)
  "Define an inline function NAME with arguments ARGS and body in BODY."
  (declare (indent defun) (doc-string 3))
  (let ((doc (and (stringp (car body)) (cdr body) (list (car body)))))
    (if doc (setq body (cdr body)))
    (while (eq (car-safe (car body)) 'declare) (setq body (cdr body)))
    (list 'progn
          (cons 'defun (cons name (cons args (append doc (mapcar #'inline--body body)))))
          (list 'quote (intern (format "%s--inliner" name))))))

(provide 'inline)
;;; inline.el ends here
