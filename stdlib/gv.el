;;; gv.el --- generalized variables  -*- lexical-binding: t -*-

;; A place (PLACE ARGS...) is handled by the function stored in the
;; `gv-expander' property of its head: it is called as (EXPANDER DO ARGS...)
;; and must return (funcall DO GETTER SETTER), where GETTER is a form reading
;; the place and SETTER a function from a value form to a form storing it.
;; Argument forms are bound to temporaries first, so GETTER and SETTER may
;; be used any number of times.  Places whose setter is a plain function
;; call also carry `gv-simple-setter', which lets `setf' skip temporaries.

(defvar macroexpand-all-environment nil)

(define-error 'gv-invalid-place "Invalid place expression")

(defun gv--const-p (exp)
  (cond ((consp exp) (or (eq (car exp) 'quote)
                         (and (eq (car exp) 'function) (symbolp (car (cdr exp))))))
        ((symbolp exp) (or (memq exp '(nil t)) (keywordp exp)))
        (t t)))

(defun gv--copyable-p (exp)
  (or (symbolp exp) (gv--const-p exp)))

(defun gv--bind-args (args k &optional test)
  "Bind the non-constant forms of ARGS to temporaries around (K VARS)."
  (let ((bindings nil) (vars nil))
    (while args
      (let ((a (car args)))
        (if (funcall (or test #'gv--const-p) a)
            (setq vars (cons a vars))
          (let ((s (make-symbol "v")))
            (setq bindings (cons (list s a) bindings))
            (setq vars (cons s vars)))))
      (setq args (cdr args)))
    (let ((form (funcall k (nreverse vars))))
      (if bindings
          (if (eq (car-safe form) 'let*)
              (cons 'let* (cons (append (nreverse bindings) (car (cdr form))) (cdr (cdr form))))
            (list 'let* (nreverse bindings) form))
        form))))

(defun gv--let-value (exp k &optional test)
  "Call K with a form for EXP's value that may be used several times."
  (gv--bind-args (list exp) (lambda (vars) (funcall k (car vars))) (or test #'gv--copyable-p)))

(defun gv-setter (name)
  "The symbol naming the setter function of NAME, `(setf NAME)'."
  (intern (format "(setf %s)" name)))

(defun gv-get (place do)
  "Expand PLACE: return (funcall DO GETTER SETTER)."
  (cond
   ((symbolp place)
    (funcall do place (lambda (v) (list 'setq place v))))
   ((not (consp place)) (signal 'gv-invalid-place (list place)))
   (t
    (let* ((head (car place))
           (expander (and (symbolp head) (gv--expander head))))
      (if expander
          (apply expander do (cdr place))
        (let ((expanded (macroexpand-1 place macroexpand-all-environment)))
          (if (and (not (eq expanded place)) (not (equal expanded place)))
              (gv-get expanded do)
            (if (not (symbolp head)) (signal 'gv-invalid-place (list place)))
            ;; Unknown function: call the function named `(setf HEAD)'.
            (let ((setter (gv-setter head)))
              (gv--bind-args (cdr place)
                             (lambda (vars)
                               (funcall do (cons head vars)
                                        (lambda (v) (cons setter (cons v vars))))))))))))))

(defun gv--expander (head)
  "The `gv-expander' of HEAD, loading HEAD's library first if it is autoloaded."
  (or (function-get head 'gv-expander)
      (let ((def (symbol-function head)))
        (while (and (symbolp def) def (fboundp def)) (setq def (symbol-function def)))
        (when (eq (car-safe def) 'autoload)
          (load (nth 1 def) nil t)
          (function-get head 'gv-expander)))))

(defmacro gv-letplace (vars place &rest body)
  "Build the code manipulating the generalized variable PLACE.
VARS is (GETTER SETTER); BODY returns the code."
  (declare (indent 2))
  (list 'gv-get place (cons 'lambda (cons vars body))))

(defmacro gv-define-expander (name handler)
  "Define NAME as a generalized variable, HANDLER is (lambda (DO ARGS...) ...)."
  (declare (indent 1))
  (list 'function-put (list 'quote name) ''gv-expander handler))

(defun gv--setter-expander (name setter)
  (lambda (do &rest args)
    (gv--bind-args args
                   (lambda (vars)
                     (funcall do (cons name vars)
                              (lambda (v) (apply setter v vars)))))))

(defmacro gv-define-setter (name arglist &rest body)
  "Define a setter method for generalized variable NAME.
ARGLIST is (VAL ARGS...); BODY returns the form that stores VAL."
  (declare (indent 2))
  (list 'progn
        (list 'function-put (list 'quote name) ''gv-simple-setter nil)
        (list 'function-put (list 'quote name) ''gv-expander
              (list 'gv--setter-expander (list 'quote name)
                    (list 'function (cons 'lambda (cons arglist body)))))
        (list 'quote name)))

(defun gv--simple-setter-expander (name setter fix-return)
  (lambda (do &rest args)
    (gv--bind-args args
                   (lambda (vars)
                     (funcall do (cons name vars)
                              (lambda (v)
                                (if (not fix-return)
                                    (append (list setter) vars (list v))
                                  (gv--let-value v
                                                 (lambda (vv)
                                                   (list 'progn (append (list setter) vars (list vv)) vv))
                                                 #'gv--const-p))))))))

(defun gv--define-simple-setter (name setter fix-return)
  (function-put name 'gv-simple-setter (cons setter fix-return))
  (function-put name 'gv-expander (gv--simple-setter-expander name setter fix-return))
  name)

(defmacro gv-define-simple-setter (name setter &optional fix-return)
  "Define a simple setter method for generalized variable NAME.
Assignments of VAL to (NAME ARGS...) become (SETTER ARGS... VAL)."
  (list 'gv--define-simple-setter (list 'quote name) (list 'quote setter) (list 'quote fix-return)))

(defun gv--declare-setter (name setter &optional arglist)
  "Install SETTER as in (declare (gv-setter SETTER)) of function NAME."
  (if (symbolp setter)
      (gv--define-simple-setter name setter nil)
    ;; (lambda (VAL) BODY): the function's own arguments are visible in BODY.
    (function-put name 'gv-simple-setter nil)
    (function-put name 'gv-expander
                  (gv--setter-expander
                   name
                   (eval (list 'function
                               (cons 'lambda (cons (append (car (cdr setter)) arglist)
                                                   (cdr (cdr setter)))))
                         t)))
    name))

(defmacro gv-synthetic-place (getter setter)
  "Special place described by its setter and getter.
GETTER and SETTER make a place: GETTER is a form, SETTER a function from
the form of the new value to code storing it."
  (ignore setter)
  getter)
(function-put 'gv-synthetic-place 'gv-expander
              (lambda (do getter setter)
                (funcall do getter (if (functionp setter) setter (eval setter t)))))

(defun gv--setf-1 (place val)
  (cond
   ((symbolp place) (list 'setq place val))
   ((and (consp place) (symbolp (car place))
         (let ((s (function-get (car place) 'gv-simple-setter)))
           (and s (not (cdr s))
                (append (list (car s)) (cdr place) (list val))))))
   (t (gv-get place (lambda (_getter setter) (funcall setter val))))))

(defmacro setf (&rest pairs)
  "Set each PLACE to the value of its VAL: (setf PLACE VAL PLACE VAL ...)."
  (if (and pairs (null (cdr (cdr pairs))))
      (progn
        (unless (cdr pairs) (signal 'wrong-number-of-arguments (list 'setf 1)))
        (gv--setf-1 (car pairs) (car (cdr pairs))))
    (if (= (% (length pairs) 2) 1)
        (signal 'wrong-number-of-arguments (list 'setf (length pairs))))
    (let ((forms nil))
      (while pairs
        (setq forms (cons (list 'setf (car pairs) (car (cdr pairs))) forms))
        (setq pairs (cdr (cdr pairs))))
      (cons 'progn (nreverse forms)))))

(defun gv--push-expand (newelt place)
  "Expansion of (push NEWELT PLACE) for a non-symbol PLACE."
  (gv--let-value newelt
                 (lambda (x)
                   (gv-get place (lambda (getter setter)
                                   (funcall setter (list 'cons x getter)))))))

(defun gv--pop-expand (place)
  "Expansion of the list-popping part of (pop PLACE), without the `car-safe'."
  (gv-get place (lambda (getter setter)
                  (list 'prog1 getter (funcall setter (list 'cdr getter))))))

;;;; References to places.

(defmacro gv-ref (place)
  "Return a reference to PLACE: a pair (GETTER . SETTER) of functions."
  (gv-get place (lambda (getter setter)
                  (let ((v (make-symbol "v")))
                    (list 'cons (list 'function (list 'lambda nil getter))
                          (list 'function (list 'lambda (list v) (funcall setter v))))))))

(defun gv-deref (ref)
  "Dereference REF, returning the referenced value."
  (funcall (car ref)))

(gv-define-setter gv-deref (v ref) (list 'funcall (list 'cdr ref) v))

;;;; The standard places.

;; cXYr and cXYZr: set the car or cdr (X) of the object reached by cYr.
(let ((names '("caaar" "caadr" "cadar" "caddr" "cdaar" "cdadr" "cddar" "cdddr"
               "caaaar" "caaadr" "caadar" "caaddr" "cadaar" "cadadr" "caddar" "cadddr"
               "cdaaar" "cdaadr" "cdadar" "cdaddr" "cddaar" "cddadr" "cdddar" "cddddr")))
  (dolist (name names)
    (let ((setter (if (eq (aref name 1) ?a) 'setcar 'setcdr))
          (inner (intern (concat "c" (substring name 2)))))
      (function-put (intern name) 'gv-expander
                    (gv--setter-expander (intern name)
                                         (lambda (val x) (list setter (list inner x) val)))))))

(gv-define-simple-setter aref aset)
(gv-define-simple-setter car setcar)
(gv-define-simple-setter cdr setcdr)
(gv-define-setter caar (val x) (list 'setcar (list 'car x) val))
(gv-define-setter cadr (val x) (list 'setcar (list 'cdr x) val))
(gv-define-setter cdar (val x) (list 'setcdr (list 'car x) val))
(gv-define-setter cddr (val x) (list 'setcdr (list 'cdr x) val))
(gv-define-setter elt (store seq n)
  (list 'if (list 'listp seq)
        (list 'setcar (list 'nthcdr n seq) store)
        (list 'aset seq n store)))
(gv-define-simple-setter get put)
(gv-define-setter gethash (val k h &optional _d) (list 'puthash k val h))
(gv-define-setter nth (store n list) (list 'setcar (list 'nthcdr n list) store))
(gv-define-simple-setter symbol-function fset)
(gv-define-simple-setter symbol-plist setplist)
(gv-define-simple-setter symbol-value set)
(gv-define-simple-setter default-value set-default)
(gv-define-simple-setter process-get process-put)
(gv-define-setter buffer-local-value (val var buf)
  (list 'with-current-buffer buf (list 'set (list 'make-local-variable var) val)))
(gv-define-simple-setter get-register set-register)
(gv-define-simple-setter overlay-get overlay-put)
(gv-define-simple-setter match-data set-match-data t)
(gv-define-simple-setter process-buffer set-process-buffer)
(gv-define-simple-setter process-filter set-process-filter)
(gv-define-simple-setter process-sentinel set-process-sentinel)
(gv-define-simple-setter current-buffer set-buffer)
(gv-define-simple-setter marker-position set-marker t)
(gv-define-simple-setter keymap-parent set-keymap-parent)
(gv-define-simple-setter terminal-parameter set-terminal-parameter)

(gv-define-expander nthcdr
  (lambda (do n place)
    (gv--let-value n
      (lambda (idx)
        (gv-get place
                (lambda (getter setter)
                  (funcall do (list 'nthcdr idx getter)
                           (lambda (v)
                             (list 'if (list '<= idx 0) (funcall setter v)
                                   (list 'setcdr (list 'nthcdr (list '1- idx) getter) v))))))))))

(gv-define-expander alist-get
  (lambda (do key alist &optional default remove testfn)
    (gv--let-value key
      (lambda (k)
        (gv-get alist
                (lambda (getter setter)
                  (let* ((p (make-symbol "p"))
                         (lookup (if testfn
                                     `(if (and ,testfn (not (eq ,testfn 'eq)))
                                          (assoc ,k ,getter ,testfn)
                                        (assq ,k ,getter))
                                   `(assq ,k ,getter))))
                    `(let* ((,p ,lookup))
                       ,(funcall
                         do
                         (if (null default) `(cdr ,p) `(if ,p (cdr ,p) ,default))
                         (lambda (v)
                           (gv--let-value
                            v
                            (lambda (val)
                              (let ((add `(if ,p (setcdr ,p ,val)
                                            ,(funcall setter `(cons (setq ,p (cons ,k ,val)) ,getter)))))
                                `(progn
                                   ,(if remove
                                        `(cond ((not (eql ,default ,val)) ,add)
                                               (,p ,(funcall setter `(delq ,p ,getter))))
                                      add)
                                   ,val)))
                            #'gv--const-p))))))))
      #'gv--copyable-p)))

(gv-define-expander plist-get
  (lambda (do plist prop &optional predicate)
    (gv--let-value prop
      (lambda (key)
        (gv-get plist
                (lambda (getter setter)
                  (let ((p (make-symbol "p")))
                    (list 'let*
                          (list (list p (list 'cdr (if predicate
                                                       (list 'plist-member getter key predicate)
                                                     (list 'plist-member getter key)))))
                          (funcall do (list 'car p)
                                   (lambda (val)
                                     (list 'if p (list 'setcar p val)
                                           (funcall setter (list 'cons key (list 'cons val getter)))))))))))
      #'gv--copyable-p)))

(gv-define-expander if
  (lambda (do test then &rest else)
    (if (or (not lexical-binding) (gv--copyable-p then))
        (list 'if test (gv-get then do)
              (gv-get (if (cdr else) (cons 'progn else) (car else)) do))
      (list 'if test (gv-get then do)
            (gv-get (if (cdr else) (cons 'progn else) (car else)) do)))))

(gv-define-expander cond
  (lambda (do &rest branches)
    (cons 'cond
          (mapcar (lambda (branch)
                    (if (cdr branch)
                        (append (list (car branch))
                                (butlast (cdr branch))
                                (list (gv-get (car (last branch)) do)))
                      (list (car branch) (gv-get (car branch) do))))
                  branches))))

(gv-define-expander progn
  (lambda (do &rest exps)
    (let ((rev (reverse exps)))
      (if (null (cdr rev))
          (gv-get (car rev) do)
        (cons 'progn (reverse (cons (gv-get (car rev) do) (cdr rev))))))))

(gv-define-expander let
  (lambda (do bindings &rest body)
    (list 'let bindings (gv-get (if (cdr body) (cons 'progn body) (car body)) do))))

(gv-define-expander let*
  (lambda (do bindings &rest body)
    (list 'let* bindings (gv-get (if (cdr body) (cons 'progn body) (car body)) do))))

(gv-define-expander cons
  (lambda (do a d)
    (funcall do (list 'cons a d)
             (lambda (v)
               (gv--let-value v
                 (lambda (val)
                   (list 'progn (gv--setf-1 a (list 'car val)) (gv--setf-1 d (list 'cdr val)) val))
                 #'gv--const-p)))))

(gv-define-expander logand
  (lambda (do place &rest masks)
    (gv-get place
            (lambda (getter setter)
              (let ((mask (if (cdr masks) (cons 'logand masks) (car masks))))
                (funcall do (list 'logand getter mask)
                         (lambda (v)
                           (gv--let-value v
                             (lambda (val)
                               (list 'progn
                                     (funcall setter
                                              (list 'logior (list 'logand val mask)
                                                    (list 'logand getter (list 'lognot mask))))
                                     val))
                             #'gv--const-p))))))))

(defun gv--set-substring (str start end val)
  (concat (substring str 0 start) val (if end (substring str end) "")))

(gv-define-expander substring
  (lambda (do place from &optional to)
    (gv-get place
            (lambda (getter setter)
              (gv--bind-args (list from to)
                (lambda (vars)
                  (funcall do (list 'substring getter (car vars) (car (cdr vars)))
                           (lambda (v)
                             (gv--let-value v
                               (lambda (val)
                                 (list 'progn
                                       (funcall setter (list 'gv--set-substring getter (car vars)
                                                             (car (cdr vars)) val))
                                       val))
                               #'gv--const-p)))))))))

(provide 'gv)
;;; gv.el ends here
