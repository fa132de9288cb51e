;;; macroexp.el --- helpers for writing macros  -*- lexical-binding: t -*-

(defun macroexp-progn (exps)
  "Return EXPS with `progn' prepended, unless it is a single expression."
  (if (cdr exps) (cons 'progn exps) (car exps)))

(defun macroexp-unprogn (exp)
  "Turn EXP into a list of expressions to execute in sequence."
  (if (eq (car-safe exp) 'progn) (or (cdr exp) '(nil)) (list exp)))

(defun macroexp-quote (v)
  "Return an expression E such that `(eval E)' is V."
  (if (or (memq v '(nil t)) (keywordp v) (not (or (symbolp v) (consp v))))
      v
    (list 'quote v)))

(defun macroexp-const-p (exp)
  "Return non-nil if EXP will always evaluate to the same value."
  (cond ((consp exp) (or (eq (car exp) 'quote)
                         (and (eq (car exp) 'function) (symbolp (car (cdr exp))))))
        ((symbolp exp) (or (memq exp '(nil t)) (keywordp exp)))
        (t t)))

(defun macroexp-copyable-p (exp)
  "Return non-nil if EXP can be copied without extra cost."
  (or (symbolp exp) (macroexp-const-p exp)))

(defun macroexp-small-p (exp)
  "Return non-nil if EXP can be considered small."
  (or (symbolp exp) (macroexp-const-p exp)
      (and (consp exp) (symbolp (car exp)) (<= (length exp) 2)
           (macroexp-copyable-p (car (cdr exp))))))

(defun macroexp-let* (bindings exp)
  "Return an expression equivalent to `(let* ,BINDINGS ,EXP)."
  (cond ((null bindings) exp)
        ((eq (car-safe exp) 'let*) (cons 'let* (cons (append bindings (car (cdr exp))) (cdr (cdr exp)))))
        (t (list 'let* bindings exp))))

(defmacro macroexp-let2 (test sym exp &rest body)
  "Evaluate BODY with SYM bound to an expression for EXP's value."
  (declare (indent 3))
  (let ((expsym (make-symbol "exp"))
        (bodysym (make-symbol "body")))
    `(let* ((,expsym ,exp)
            (,sym (if (funcall #',(or test #'macroexp-const-p) ,expsym)
                      ,expsym (make-symbol ,(symbol-name sym))))
            (,bodysym ,(macroexp-progn body)))
       (if (eq ,sym ,expsym) ,bodysym
         (macroexp-let* (list (list ,sym ,expsym)) ,bodysym)))))

(defmacro macroexp-let2* (test bindings &rest body)
  "Multiple binding version of `macroexp-let2'."
  (declare (indent 2))
  (if (null bindings)
      (macroexp-progn body)
    (let ((b (car bindings)))
      (list 'macroexp-let2 test (car b) (car (cdr b))
            (cons 'macroexp-let2* (cons test (cons (cdr bindings) body)))))))

(defun macroexp-parse-body (body)
  "Parse a function BODY into (DECLARATIONS . EXPS)."
  (let ((decls ()))
    (while (and (cdr body)
                (let ((e (car body)))
                  (or (stringp e)
                      (memq (car-safe e) '(:documentation declare interactive cl-declare)))))
      (push (car body) decls)
      (setq body (cdr body)))
    (cons (nreverse decls) body)))

(defun macroexp-warn-and-return (_msg form &rest _ignored)
  "Return FORM (warnings are not reported by the interpreter)."
  form)

(defun macroexp-compiling-p ()
  "Return non-nil if we're macroexpanding for the compiler."
  nil)

(defun macroexp-file-name ()
  "Return the name of the file being loaded, if any."
  load-file-name)

(provide 'macroexp)
;;; macroexp.el ends here
