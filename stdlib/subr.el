;;; subr.el --- basic Lisp subroutines, preloaded  -*- lexical-binding: t -*-

;; Loaded once per process when the runtime starts, so it stays small:
;; the everyday macros and hook functions live here, everything else is
;; declared with `autoload' at the end of this file and loaded on first use.

;;;; Declarations understood by `defun' and `defmacro'.

;;;; Basic control structure.

(defmacro ignore-errors (&rest body)
  "Execute BODY; if an error occurs, return nil."
  (declare (indent 0))
  (list 'condition-case nil (cons 'progn body) '(error nil)))

(defmacro ignore-error (condition &rest body)
  "Execute BODY; if the error CONDITION occurs, return nil."
  (declare (indent 1))
  (list 'condition-case nil (cons 'progn body) (list condition nil)))

(defmacro with-demoted-errors (format &rest body)
  "Run BODY and demote any errors to simple messages."
  (declare (indent 1))
  (let ((err (make-symbol "err")))
    (unless (stringp format)
      (setq body (cons format body)
            format "Error: %S"))
    (list 'condition-case err
          (if (cdr body) (cons 'progn body) (car body))
          (list 'error (list 'message format err) nil))))

(defmacro condition-case-unless-debug (var bodyform &rest handlers)
  "Like `condition-case' except that it does not prevent debugging."
  (declare (indent 2))
  (cons 'condition-case
        (cons var
              (cons bodyform
                    (mapcar (lambda (h)
                              (if (eq (car h) :success) h
                                (cons (cons 'debug (if (listp (car h)) (car h) (list (car h))))
                                      (cdr h))))
                            handlers)))))

(defmacro letrec (binders &rest body)
  "Bind variables according to BINDERS then eval BODY; bindings may refer to each other."
  (declare (indent 1))
  (cons 'let
        (cons (mapcar #'car binders)
              (append (delq nil (mapcar (lambda (b) (if (cdr b) (cons 'setq b))) binders))
                      body))))

(defmacro dlet (binders &rest body)
  "Like `let' but using dynamic scoping."
  (declare (indent 1))
  (cons 'let
        (cons '(_)
              (append (mapcar (lambda (b) (list 'defvar (if (consp b) (car b) b))) binders)
                      (list (cons 'let (cons binders body)))))))

(defun ensure-list (object)
  "Return OBJECT as a list: itself if it is a list, else a list of it."
  (if (listp object) object (list object)))

(defun xor (cond1 cond2)
  "Return the boolean exclusive-or of COND1 and COND2."
  (cond ((not cond1) cond2)
        ((not cond2) cond1)))

;;;; Lists and hooks.

(defun add-to-list (list-var element &optional append compare-fn)
  "Add ELEMENT to the value of LIST-VAR if it isn't there yet."
  (let ((val (symbol-value list-var)))
    (if (cond ((null compare-fn) (member element val))
              ((eq compare-fn #'eq) (memq element val))
              ((eq compare-fn #'eql) (memql element val))
              (t (let ((l val) (found nil))
                   (while (and l (not found))
                     (if (funcall compare-fn element (car l)) (setq found t))
                     (setq l (cdr l)))
                   found)))
        val
      (set list-var (if append (append val (list element)) (cons element val))))))

;; Buffer-local hooks need the buffer primitives; without them hooks are global.
(defun subr--local-p (var)
  (and (fboundp 'local-variable-p) (local-variable-p var)))

(defun subr--hook-list (value)
  "VALUE of a hook variable as a list of functions."
  (if (or (not (listp value)) (functionp value)) (list value) value))

(defun add-hook (hook function &optional depth local)
  "Add to the value of HOOK the function FUNCTION."
  (or (boundp hook) (set hook nil))
  (or (default-boundp hook) (set-default hook nil))
  (unless (numberp depth) (setq depth (if depth 90 0)))
  (if local
      (unless (local-variable-if-set-p hook)
        (set (make-local-variable hook) (list t)))
    (if (and (subr--local-p hook) (not (memq t (symbol-value hook))))
        (setq local t)))
  (let ((hook-value (subr--hook-list (if local (symbol-value hook) (default-value hook)))))
    (unless (member function hook-value)
      (when (/= depth 0)
        (put hook 'hook--depth-alist (cons (cons function depth) (get hook 'hook--depth-alist))))
      (setq hook-value (if (> depth 0) (append hook-value (list function)) (cons function hook-value)))
      (let ((depths (get hook 'hook--depth-alist)))
        (when depths
          (setq hook-value
                (sort (copy-sequence hook-value)
                      (lambda (f1 f2)
                        (< (if (eq f1 t) 0 (or (cdr (assoc f1 depths)) 0))
                           (if (eq f2 t) 0 (or (cdr (assoc f2 depths)) 0)))))))))
    (if local
        (set hook hook-value)
      (set-default hook hook-value))))

(defun remove-hook (hook function &optional local)
  "Remove from the value of HOOK the function FUNCTION."
  (or (boundp hook) (set hook nil))
  (or (default-boundp hook) (set-default hook nil))
  (if (and (not local) (subr--local-p hook) (not (memq t (symbol-value hook))))
      (setq local t))
  (let ((hook-value (subr--hook-list (if local (symbol-value hook) (default-value hook)))))
    (setq hook-value (delete function (copy-sequence hook-value)))
    (if (not local)
        (set-default hook hook-value)
      (if (equal hook-value '(t))
          (kill-local-variable hook)
        (set hook hook-value)))))

(defun subr--run-hook (hook args mode)
  "Run HOOK's functions with ARGS. MODE nil: all; success/failure: until."
  (let ((value (and (boundp hook) (symbol-value hook)))
        (result (if (eq mode 'failure) t nil))
        (done nil))
    (when value
      (setq value (subr--hook-list value))
      (while (and value (not done))
        (let ((f (car value)))
          (if (eq f t)
              (let ((globals (subr--hook-list (and (default-boundp hook) (default-value hook)))))
                (while (and globals (not done))
                  (unless (eq (car globals) t)
                    (let ((r (apply (car globals) args)))
                      (cond ((and (eq mode 'success) r) (setq result r done t))
                            ((and (eq mode 'failure) (null r)) (setq result nil done t)))))
                  (setq globals (cdr globals))))
            (let ((r (apply f args)))
              (cond ((and (eq mode 'success) r) (setq result r done t))
                    ((and (eq mode 'failure) (null r)) (setq result nil done t))))))
        (setq value (cdr value))))
    result))

(defun run-hooks (&rest hooks)
  "Run each hook in HOOKS."
  (while hooks
    (subr--run-hook (car hooks) nil nil)
    (setq hooks (cdr hooks))))

(defun run-hook-with-args (hook &rest args)
  "Run HOOK with the specified arguments ARGS."
  (subr--run-hook hook args nil)
  nil)

(defun run-hook-with-args-until-success (hook &rest args)
  "Run HOOK with ARGS until one of its functions returns non-nil."
  (subr--run-hook hook args 'success))

(defun run-hook-with-args-until-failure (hook &rest args)
  "Run HOOK with ARGS until one of its functions returns nil."
  (subr--run-hook hook args 'failure))

(defun run-mode-hooks (&rest hooks)
  "Run mode hooks HOOKS."
  (apply #'run-hooks hooks))

;;;; Definitions.

(defmacro defsubst (name arglist &rest body)
  "Define an inline function. Here, the same as `defun'."
  (declare (indent defun) (doc-string 3))
  (cons 'defun (cons name (cons arglist body))))

(defun make-obsolete (obsolete-name current-name when)
  "Make the byte-compiler warn that function OBSOLETE-NAME is obsolete."
  (put obsolete-name 'byte-obsolete-info (list current-name nil when))
  obsolete-name)

(defmacro define-obsolete-function-alias (obsolete-name current-name when &optional docstring)
  "Set OBSOLETE-NAME's function definition to CURRENT-NAME and mark it obsolete."
  (list 'progn
        (list 'defalias obsolete-name current-name docstring)
        (list 'make-obsolete obsolete-name current-name when)))

(defun make-obsolete-variable (obsolete-name current-name when &optional access-type)
  "Make the byte-compiler warn that OBSOLETE-NAME is obsolete."
  (put obsolete-name 'byte-obsolete-variable (list current-name access-type when))
  obsolete-name)

(defmacro define-obsolete-variable-alias (obsolete-name current-name when &optional docstring)
  "Make OBSOLETE-NAME a variable alias for CURRENT-NAME and mark it obsolete."
  (list 'progn
        (list 'defvaralias obsolete-name current-name docstring)
        (list 'make-obsolete-variable obsolete-name current-name when)))

;;;; Loading.

(defun subr--after-load-key (file)
  (if (stringp file)
      (intern (replace-regexp-in-string "\\.elc?\\'" "" (file-name-nondirectory file)))
    file))

(defun eval-after-load (file form)
  "Arrange that if FILE is loaded, FORM will be run immediately afterwards."
  (let* ((key (subr--after-load-key file))
         (fn (if (functionp form) form (lambda () (eval form t)))))
    (if (featurep key)
        (funcall fn)
      (let ((elt (assq key after-load-alist)))
        (unless elt
          (setq elt (list key))
          (setq after-load-alist (cons elt after-load-alist)))
        (setcdr elt (append (cdr elt) (list fn)))))
    nil))

(defmacro with-eval-after-load (file &rest body)
  "Execute BODY after FILE is loaded."
  (declare (indent 1))
  (list 'eval-after-load file (list 'function (cons 'lambda (cons nil body)))))

;;; subr.el ends here
