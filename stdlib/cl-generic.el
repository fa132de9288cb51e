;;; cl-generic.el --- generic functions: basic CLOS-style dispatch  -*- lexical-binding: t -*-

;; Methods dispatch on their required arguments' specializers: t, a type
;; (built-in types or cl-defstruct types, most specific first), (eql VAL),
;; (member VALS...) and (head VAL).  Qualifiers :before, :after and :around
;; are supported; `cl-call-next-method' and `cl-next-method-p' are local to
;; method bodies.

(require 'cl-lib)

(define-error 'cl-no-method "No method")
(define-error 'cl-no-next-method "No next method" 'cl-no-method)
(define-error 'cl-no-applicable-method "No applicable method" 'cl-no-method)
(define-error 'cl-no-primary-method "No primary method" 'cl-no-method)

(defconst cl--generic-typeof-types
  '((integer number integer-or-marker number-or-marker atom)
    (float number number-or-marker atom)
    (symbol atom)
    (string array sequence atom)
    (cons list sequence)
    (vector array sequence atom)
    (bool-vector array sequence atom)
    (char-table array sequence atom)
    (marker integer-or-marker number-or-marker atom)
    (hash-table atom)
    (subr atom)
    (process atom)
    (buffer atom)))

(defun cl--generic-type-list (x)
  "The types of X, most specific first."
  (cond
   ((null x) '(null symbol list sequence atom))
   ((and (recordp x) (symbolp (aref x 0)) (get (aref x 0) 'cl--struct-info))
    (let ((types nil) (tag (aref x 0)))
      (while tag
        (setq types (cons tag types))
        (setq tag (get tag 'cl--struct-parent)))
      (append (nreverse types) '(cl-structure-object record atom))))
   (t (let* ((type (type-of x))
             (entry (assq type cl--generic-typeof-types)))
        (or entry (list type 'atom))))))

(defun cl--generic-rank (spec arg types)
  "Specificity of SPEC for ARG (smaller is more specific), or nil if it does not apply."
  (cond ((eq spec t) 10000)
        ((consp spec)
         (cond ((eq (car spec) 'eql) (and (eql arg (car (cdr spec))) 0))
               ((eq (car spec) 'member) (and (memql arg (cdr spec)) 0))
               ((eq (car spec) 'head) (and (consp arg) (eql (car arg) (car (cdr spec))) 1))
               (t nil)))
        (t (let ((pos 0) (found nil))
             (while (and types (not found))
               (if (eq (car types) spec) (setq found pos))
               (setq pos (1+ pos) types (cdr types)))
             (and found (+ 10 found))))))

(defun cl--generic-ranks (method args)
  "List of ranks of METHOD's specializers for ARGS, or nil if not applicable."
  (let ((specs (car method)) (ranks nil) (ok t))
    (while (and ok specs)
      (let ((r (if args (cl--generic-rank (car specs) (car args) (cl--generic-type-list (car args)))
                 (and (eq (car specs) t) 10000))))
        (if r (setq ranks (cons r ranks)) (setq ok nil)))
      (setq specs (cdr specs) args (cdr args)))
    (and ok (nreverse ranks))))

(defun cl--generic-more-specific-p (r1 r2)
  (let ((result nil) (done nil))
    (while (and (not done) r1 r2)
      (cond ((< (car r1) (car r2)) (setq result t done t))
            ((> (car r1) (car r2)) (setq result nil done t)))
      (setq r1 (cdr r1) r2 (cdr r2)))
    result))

(defun cl--generic-call-chain (name methods args final)
  "Call the first of METHODS with ARGS, its next method being the rest, then FINAL."
  (if (null methods)
      (if final (funcall final args)
        (signal 'cl-no-next-method (cons name args)))
    (let* ((fn (nth 2 (car methods)))
           (rest (cdr methods))
           (next (lambda (&rest new-args)
                   (cl--generic-call-chain name rest (or new-args args) final)))
           (next-p (lambda () (and (or rest final) t))))
      (apply fn next next-p args))))

(defun cl--generic-dispatch (name args)
  (let ((applicable nil))
    (dolist (m (get name 'cl--generic-methods))
      (let ((ranks (cl--generic-ranks m args)))
        (when ranks (setq applicable (cons (cons ranks m) applicable)))))
    (setq applicable (mapcar #'cdr (sort (nreverse applicable)
                                         (lambda (a b) (cl--generic-more-specific-p (car a) (car b))))))
    (let ((primary nil) (before nil) (after nil) (around nil))
      (dolist (m applicable)
        (let ((q (nth 1 m)))
          (cond ((null q) (setq primary (cons m primary)))
                ((eq q :before) (setq before (cons m before)))
                ((eq q :after) (setq after (cons m after)))
                ((eq q :around) (setq around (cons m around))))))
      (setq primary (nreverse primary) before (nreverse before) around (nreverse around))
      (when (null primary)
        (signal 'cl-no-applicable-method (cons name args)))
      (let ((inner (lambda (args)
                     (dolist (m before) (apply (nth 2 m) #'ignore #'ignore args))
                     (prog1 (cl--generic-call-chain name primary args nil)
                       (dolist (m after) (apply (nth 2 m) #'ignore #'ignore args))))))
        (if around
            (cl--generic-call-chain name around args inner)
          (funcall inner args))))))

(defun cl--generic-name (name)
  (if (and (consp name) (eq (car name) 'setf))
      (intern (format "(setf %s)" (car (cdr name))))
    name))

(defun cl--generic-ensure (name)
  (unless (get name 'cl--generic)
    (put name 'cl--generic t)
    (put name 'cl--generic-methods nil)
    (defalias name (lambda (&rest args) (cl--generic-dispatch name args))))
  name)

(defun cl-generic-p (f)
  "Return non-nil if F is a generic function."
  (and (symbolp f) (get f 'cl--generic)))

(defun cl--generic-add-method (name specializers qualifier function)
  (cl--generic-ensure name)
  (let ((methods (get name 'cl--generic-methods)) (found nil))
    (dolist (m methods)
      (when (and (equal (car m) specializers) (eq (nth 1 m) qualifier))
        (setcar (cdr (cdr m)) function)
        (setq found t)))
    (unless found
      (put name 'cl--generic-methods
           (append methods (list (list specializers qualifier function))))))
  name)

(defun cl--generic-uses-next-p (body)
  (cond ((memq body '(cl-call-next-method cl-next-method-p)) t)
        ((consp body) (or (cl--generic-uses-next-p (car body)) (cl--generic-uses-next-p (cdr body))))))

(defun cl--generic-method-form (name qualifier args body)
  "Code adding a method to NAME."
  (let ((specs nil) (plain nil) (a args))
    (while (and a (not (memq (car a) '(&optional &rest &key &body &aux &context))))
      (let ((arg (car a)))
        (if (consp arg)
            (progn (setq plain (cons (car arg) plain))
                   (setq specs (cons (car (cdr arg)) specs)))
          (setq plain (cons arg plain))
          (setq specs (cons t specs))))
      (setq a (cdr a)))
    (when (eq (car a) '&context)
      (setq a (nthcdr 2 a)))
    (let* ((cnm (make-symbol "cl--cnm"))
           (nmp (make-symbol "cl--nmp"))
           (doc-split (if (and (stringp (car body)) (cdr body)) (cdr body) body))
           (body* (if (cl--generic-uses-next-p doc-split)
                      (list (cons 'cl-flet
                                  (cons (list (list 'cl-call-next-method '(&rest args)
                                                    (list 'apply cnm 'args))
                                              (list 'cl-next-method-p '() (list 'funcall nmp)))
                                        doc-split)))
                    doc-split)))
      (list 'cl--generic-add-method (list 'quote name)
            ;; Since Emacs 28 the argument of (eql VAL) is evaluated.
            (cons 'list (mapcar (lambda (spec)
                                  (if (eq (car-safe spec) 'eql)
                                      (list 'list ''eql (car (cdr spec)))
                                    (list 'quote spec)))
                                (nreverse specs)))
            qualifier
            (list 'cl-function
                  (cons 'lambda (cons (append (list cnm nmp) (nreverse plain) a)
                                      (cons (list 'ignore cnm nmp) body*))))))))

(defmacro cl-defmethod (name args &rest body)
  "Define a new method for generic function NAME."
  (declare (doc-string 3) (indent defun))
  (let ((qualifier nil))
    (while (not (listp args))
      (if (eq args :extra)
          (setq args (car (cdr body)) body (cdr (cdr body)))
        (setq qualifier args args (car body) body (cdr body))))
    (setq name (cl--generic-name name))
    (list 'progn (cl--generic-method-form name qualifier args body) (list 'quote name))))

(defmacro cl-defgeneric (name args &rest options-and-methods)
  "Create a generic function NAME with argument list ARGS."
  (declare (indent 2) (doc-string 3))
  (setq name (cl--generic-name name))
  (let ((doc (if (stringp (car options-and-methods)) (car options-and-methods)))
        (methods nil) (body nil) (decls nil))
    (if doc (setq options-and-methods (cdr options-and-methods)))
    (while options-and-methods
      (let ((x (car options-and-methods)))
        (cond ((and (consp x) (eq (car x) :method))
               (setq methods (cons (cons 'cl-defmethod (cons name (cdr x))) methods)))
              ((and (consp x) (eq (car x) 'declare)) (setq decls (cons x decls)))
              ((and (consp x) (keywordp (car x))))
              (t (setq body options-and-methods options-and-methods nil))))
      (setq options-and-methods (cdr options-and-methods)))
    (append (list 'progn
                  (list 'put (list 'quote name) ''cl--generic nil)
                  (list 'cl--generic-ensure (list 'quote name)))
            (if doc (list (list 'put (list 'quote name) ''function-documentation doc)))
            (if body (list (cons 'cl-defmethod (cons name (cons args body)))))
            (nreverse methods)
            (list (list 'quote name)))))

(defun cl-call-next-method (&rest _args)
  "Function to call the next applicable method (only valid inside a method)."
  (error "cl-call-next-method only allowed inside primary and around methods"))

(defun cl-next-method-p ()
  "Return non-nil if there is a next method (only valid inside a method)."
  (error "cl-next-method-p only allowed inside primary and around methods"))

(provide 'cl-generic)
;;; cl-generic.el ends here
