;;; cl-macs.el --- Common Lisp extensions: macros  -*- lexical-binding: t -*-

(require 'cl-lib)

(defvar macroexpand-all-environment nil)

(defun cl--const-p (x)
  (cond ((consp x) (or (eq (car x) 'quote)
                       (and (eq (car x) 'function) (symbolp (car (cdr x))))))
        ((symbolp x) (or (memq x '(nil t)) (keywordp x)))
        (t t)))

(defun cl--progn (forms) (if (cdr forms) (cons 'progn forms) (car forms)))

;;;; Blocks.

(defun cl--block-tag (name) (intern (format "--cl-block-%s--" name)))

(defun cl--throws-to-p (tag form)
  "Does the macroexpanded FORM contain (throw 'TAG ...)?"
  (let ((todo (list form)) (found nil) (quoted (list 'quote tag)))
    (while (and todo (not found))
      (let ((x (car todo)))
        (setq todo (cdr todo))
        (when (consp x)
          (if (and (eq (car x) 'throw) (consp (cdr x)) (equal (car (cdr x)) quoted))
              (setq found t)
            (unless (eq (car x) 'quote)
              (while (consp x)
                (setq todo (cons (car x) todo) x (cdr x))))))))
    found))

(defmacro cl-block (name &rest body)
  "Define a lexically-scoped block named NAME."
  (declare (indent 1))
  (let ((tag (cl--block-tag name))
        (expanded (macroexpand-all (cl--progn body) macroexpand-all-environment)))
    (if (cl--throws-to-p tag expanded)
        (list 'catch (list 'quote tag) expanded)
      expanded)))

(defmacro cl-return (&optional result)
  "Return from the block named nil."
  (list 'throw (list 'quote (cl--block-tag nil)) result))

(defmacro cl-return-from (name &optional result)
  "Return from the block named NAME."
  (declare (indent 1))
  (list 'throw (list 'quote (cl--block-tag name)) result))

;;;; Argument lists.

(defconst cl--lambda-list-keywords
  '(&optional &rest &key &allow-other-keys &aux &whole &body &environment))

(defun cl--simple-args-p (args)
  (let ((ok t))
    (while (and ok (consp args))
      (if (or (not (symbolp (car args)))
              (memq (car args) '(&key &aux &body &whole &environment &allow-other-keys &cl-defs)))
          (setq ok nil))
      (setq args (cdr args)))
    (and ok (null args))))

(defun cl--split-body (body)
  "Split BODY into (DECLS . FORMS): docstring, declare and interactive forms first."
  (let ((decls nil))
    (when (and (stringp (car body)) (cdr body))
      (setq decls (list (car body)) body (cdr body)))
    (while (and body (memq (car-safe (car body)) '(declare interactive)))
      (setq decls (cons (car body) decls) body (cdr body)))
    (cons (nreverse decls) body)))

(defvar cl--bind-forms nil "Let* bindings being collected by `cl--do-arglist'.")

(defun cl--bind (var form)
  (setq cl--bind-forms (cons (list var form) cl--bind-forms)))

(defun cl--bind-var (pattern form name)
  "Bind PATTERN (a symbol or a destructuring list) to FORM's value."
  (if (and pattern (symbolp pattern))
      (cl--bind pattern form)
    (let ((tmp (make-symbol "--cl-rest--")))
      (cl--bind tmp form)
      (cl--do-arglist pattern tmp name 0 t))))

(defun cl--do-arglist (args restvar name nkept check-min)
  "Collect in `cl--bind-forms' the bindings that destructure RESTVAR by ARGS."
  ;; A dotted list (a b . c) is (a b &rest c).
  (let ((proper nil) (a args))
    (while (consp a) (setq proper (cons (car a) proper) a (cdr a)))
    (setq args (nreverse proper))
    (if a (setq args (append args (list '&rest a)))))
  (when (eq (car args) '&whole)
    (cl--bind (car (cdr args)) restvar)
    (setq args (cdr (cdr args))))
  (let* ((nreq 0) (nopt 0) (mode 'req)
         (has-rest (or (memq '&rest args) (memq '&body args) (memq '&key args))))
    (dolist (x args)
      (cond ((memq x '(&optional)) (setq mode 'opt))
            ((memq x cl--lambda-list-keywords) (setq mode 'other))
            ((eq mode 'req) (setq nreq (1+ nreq)))
            ((eq mode 'opt) (setq nopt (1+ nopt)))))
    ;; Argument count checks, as Emacs's destructuring does them.
    (let ((len (if (> nkept 0) (list '+ nkept (list 'length restvar)) (list 'length restvar)))
          (err (list 'signal ''wrong-number-of-arguments
                     (list 'list (list 'quote name)
                           (if (> nkept 0) (list '+ nkept (list 'length restvar))
                             (list 'length restvar))))))
      (cond ((and (not has-rest) (= nopt 0) check-min)
             (cl--bind (make-symbol "--cl-check--")
                       (list 'if (list '= len (+ nkept nreq)) nil err)))
            ((not has-rest)
             (cl--bind (make-symbol "--cl-check--")
                       (list 'if (if (and check-min (> nreq 0))
                                     (list '<= (+ nkept nreq) len (+ nkept nreq nopt))
                                   (list '<= len (+ nkept nreq nopt)))
                             nil err)))
            )))
  (let ((mode 'req) (keys nil) (allow-other nil) (key-seen nil) (pos nkept))
    (while args
      (let ((x (car args)))
        (setq args (cdr args))
        (cond
         ((eq x '&optional) (setq mode 'opt))
         ((memq x '(&rest &body))
          (cl--bind-var (car args) restvar name)
          (setq args (cdr args)))
         ((eq x '&key) (setq mode 'key key-seen t))
         ((eq x '&allow-other-keys) (setq allow-other t))
         ((eq x '&aux) (setq mode 'aux))
         ((eq x '&environment)
          (cl--bind (car args) 'macroexpand-all-environment)
          (setq args (cdr args)))
         ((eq mode 'req)
          (setq pos (1+ pos))
          (cl--bind-var x (if check-min
                              (list 'if restvar
                                    (list 'car (list 'prog1 restvar (list 'setq restvar (list 'cdr restvar))))
                                    (list 'signal ''wrong-number-of-arguments
                                          (list 'list (list 'quote name) (1- pos))))
                            (list 'car (list 'prog1 restvar (list 'setq restvar (list 'cdr restvar)))))
                        name))
         ((eq mode 'opt)
          (let* ((var (if (consp x) (car x) x))
                 (def (and (consp x) (car (cdr x))))
                 (svar (and (consp x) (nth 2 x))))
            (when svar (cl--bind svar (list 'and restvar t)))
            (cl--bind-var var
                          (if def
                              (list 'if restvar (list 'car (list 'prog1 restvar (list 'setq restvar (list 'cdr restvar)))) def)
                            (list 'car (list 'prog1 restvar (list 'setq restvar (list 'cdr restvar)))))
                          name)))
         ((eq mode 'key)
          (let* ((spec (if (consp x) (car x) x))
                 (var (if (consp spec) (car (cdr spec)) spec))
                 (kw (if (consp spec) (car spec)
                       (if (keywordp spec) spec (intern (format ":%s" spec)))))
                 (def (and (consp x) (car (cdr x))))
                 (svar (and (consp x) (nth 2 x)))
                 (mem (list 'plist-member restvar (list 'quote kw))))
            (setq keys (cons kw keys))
            (if (or def svar)
                (let ((p (make-symbol "--cl-p--")))
                  (cl--bind p mem)
                  (cl--bind-var var (list 'if p (list 'car (list 'cdr p)) def) name)
                  (when svar (cl--bind svar (list 'and p t))))
              (cl--bind-var var (list 'car (list 'cdr mem)) name))))
         ((eq mode 'aux)
          (cl--bind-var (if (consp x) (car x) x) (and (consp x) (car (cdr x))) name)))))
    (when (and key-seen (not allow-other))
      (let* ((allowed (reverse (cons :allow-other-keys keys)))
             (shown (reverse keys))
             (k (make-symbol "--cl-keys--")))
        (cl--bind (make-symbol "--cl-check--")
                  (list 'let (list (list k restvar))
                        (list 'while k
                              (list 'cond
                                    (list (list 'memq (list 'car k) (list 'quote allowed))
                                          (list 'setq k (list 'cdr (list 'cdr k))))
                                    (list (list 'car (list 'cdr (list 'memq :allow-other-keys restvar)))
                                          (list 'setq k nil))
                                    (list t (list 'error (format "Keyword argument %%s not one of %s" shown)
                                                  (list 'car k)))))))))))

(defun cl--transform-lambda (args body name)
  "Return (ARGLIST . BODY) of a plain lambda equivalent to the cl- lambda list ARGS."
  (let* ((split (cl--split-body body))
         (decls (car split))
         (forms (cdr split)))
    (if (cl--simple-args-p args)
        (cons args (append decls forms))
      (let ((kept nil) (nkept 0) (restvar (make-symbol "--cl-rest--")) (rest args))
        (while (and (consp rest) (car rest) (symbolp (car rest))
                    (not (memq (car rest) cl--lambda-list-keywords)))
          (setq kept (cons (car rest) kept) nkept (1+ nkept) rest (cdr rest)))
        (let ((cl--bind-forms nil))
          (cl--do-arglist rest restvar name nkept nil)
          (cons (append (nreverse kept) (list '&rest restvar))
                (append decls
                        (list (cons 'let* (cons (nreverse cl--bind-forms) forms))))))))))

(defmacro cl-defun (name arglist &rest body)
  "Define NAME as a function, with Common Lisp argument lists and an implicit block."
  (declare (doc-string 3) (indent 2))
  (let* ((split (cl--split-body body))
         (res (cl--transform-lambda arglist
                                    (append (car split)
                                            (list (cons 'cl-block (cons name (cdr split)))))
                                    name)))
    (cons 'defun (cons name res))))

(defmacro cl-iter-defun (name arglist &rest body)
  "Define NAME as a function (generators are not supported: same as `cl-defun')."
  (declare (doc-string 3) (indent 2))
  (cons 'cl-defun (cons name (cons arglist body))))

(defmacro cl-defsubst (name args &rest body)
  "Define NAME as a function, like `cl-defun'."
  (declare (doc-string 3) (indent 2))
  (cons 'cl-defun (cons name (cons args body))))

(defmacro cl-defmacro (name arglist &rest body)
  "Define NAME as a macro, with Common Lisp argument lists and an implicit block."
  (declare (doc-string 3) (indent 2))
  (when (eq (car-safe arglist) '&whole) (error "&whole not currently implemented"))
  (let* ((split (cl--split-body body))
         (res (cl--transform-lambda arglist
                                    (append (car split)
                                            (list (cons 'cl-block (cons name (cdr split)))))
                                    name)))
    (cons 'defmacro (cons name res))))

(defmacro cl-function (func)
  "Introduce a function, allowing Common Lisp argument lists in `lambda'."
  (if (eq (car-safe func) 'lambda)
      (let ((res (cl--transform-lambda (car (cdr func)) (cdr (cdr func)) 'cl-none)))
        (list 'function (cons 'lambda res)))
    (list 'function func)))

(defmacro cl-destructuring-bind (args expr &rest body)
  "Bind the variables in ARGS to the result of EXPR and execute BODY."
  (declare (indent 2))
  (let ((cl--bind-forms nil)
        (tmp (make-symbol "--cl-rest--")))
    (cl--bind tmp expr)
    (cl--do-arglist args tmp args 0 t)
    (cons 'let* (cons (nreverse cl--bind-forms) body))))

;;;; Control structure.

(defmacro cl-case (expr &rest clauses)
  "Eval EXPR and choose among clauses on that value."
  (declare (indent 1))
  (let* ((temp (if (and (symbolp expr) expr) expr (make-symbol "val")))
         (body
          (cons 'cond
                (mapcar
                 (lambda (c)
                   (cons (cond ((memq (car c) '(t otherwise)) t)
                               ((eq (car-safe (car c)) 'cl--ecase-error-flag)
                                (list 'error "cl-ecase failed: %s, %s" temp
                                      (list 'quote (reverse (cdr (car c))))))
                               ((listp (car c)) (list 'memql temp (list 'quote (car c))))
                               (t (list 'eql temp (list 'quote (car c)))))
                         (or (cdr c) '(nil))))
                 clauses))))
    (if (eq temp expr) body
      (list 'let (list (list temp expr)) body))))

(defun cl--case-keys (clauses)
  (let ((keys nil))
    (dolist (c clauses)
      (if (listp (car c))
          (dolist (k (car c)) (setq keys (cons k keys)))
        (setq keys (cons (car c) keys))))
    keys))

(defmacro cl-ecase (expr &rest clauses)
  "Like `cl-case', but error if no case fits."
  (declare (indent 1))
  (cons 'cl-case (cons expr (append clauses
                                    (list (list (cons 'cl--ecase-error-flag (cl--case-keys clauses))))))))

(defmacro cl-typecase (expr &rest clauses)
  "Eval EXPR and choose among clauses on that value's type."
  (declare (indent 1))
  (let* ((temp (if (and (symbolp expr) expr) expr (make-symbol "val")))
         (body (cons 'cond
                     (mapcar (lambda (c)
                               (cons (cond ((memq (car c) '(t otherwise)) t)
                                           ((eq (car-safe (car c)) 'cl--ecase-error-flag)
                                            (list 'error "cl-etypecase failed: %s, %s" temp
                                                  (list 'quote (cdr (car c)))))
                                           (t (list 'cl-typep temp (list 'quote (car c)))))
                                     (or (cdr c) '(nil))))
                             clauses))))
    (if (eq temp expr) body (list 'let (list (list temp expr)) body))))

(defmacro cl-etypecase (expr &rest clauses)
  "Like `cl-typecase', but error if no case fits."
  (declare (indent 1))
  (cons 'cl-typecase (cons expr (append clauses
                                        (list (list (cons 'cl--ecase-error-flag
                                                          (mapcar #'car clauses))))))))

(defmacro cl-dolist (spec &rest body)
  "Loop over a list, with an implicit nil block."
  (declare (indent 1))
  (list 'cl-block nil (cons 'dolist (cons spec body))))

(defmacro cl-dotimes (spec &rest body)
  "Loop a certain number of times, with an implicit nil block."
  (declare (indent 1))
  (list 'cl-block nil (cons 'dotimes (cons spec body))))

(defun cl--expand-do-loop (steps endtest body star)
  (list 'cl-block nil
        (list (if star 'let* 'let)
              (mapcar (lambda (c) (if (consp c) (list (car c) (nth 1 c)) c)) steps)
              (cons 'while
                    (cons (list 'not (car endtest))
                          (append body
                                  (let ((sets (delq nil (mapcar (lambda (c)
                                                                  (and (consp c) (cdr (cdr c))
                                                                       (list (car c) (nth 2 c))))
                                                                steps))))
                                    (and sets (list (cons (if star 'setq 'cl-psetq)
                                                          (apply #'append sets))))))))
              (cl--progn (or (cdr endtest) '(nil))))))

(defmacro cl-do (steps endtest &rest body)
  "Bind variables and run BODY forms until END-TEST returns non-nil."
  (declare (indent 2))
  (cl--expand-do-loop steps endtest body nil))

(defmacro cl-do* (steps endtest &rest body)
  "Like `cl-do', but bindings and steps are sequential."
  (declare (indent 2))
  (cl--expand-do-loop steps endtest body t))

(defmacro cl-do-symbols (spec &rest body)
  "Loop over all symbols: (cl-do-symbols (VAR [OBARRAY [RESULT]]) BODY...)."
  (declare (indent 1))
  (list 'cl-block nil
        (list 'mapatoms (list 'function (cons 'lambda (cons (list (car spec)) body)))
              (nth 1 spec))
        (nth 2 spec)))

(defmacro cl-do-all-symbols (spec &rest body)
  "Like `cl-do-symbols', over the standard obarray."
  (declare (indent 1))
  (cons 'cl-do-symbols (cons (list (car spec) nil (nth 1 spec)) body)))

(defmacro cl-the (_type form) "Return FORM." form)
(defmacro cl-locally (&rest body) "Equivalent to `progn'." (cons 'progn body))
(defmacro cl-eval-when (_when &rest body) "Evaluate BODY." (cons 'progn body))
(defmacro cl-load-time-value (form &optional _read-only) "Evaluate FORM." form)
(defmacro cl-declare (&rest _specs) "Ignored." nil)
(defmacro cl-declaim (&rest _specs) "Ignored." nil)

(defmacro cl-progv (symbols values &rest body)
  "Bind SYMBOLS to VALUES dynamically in BODY."
  (declare (indent 2))
  (list 'cl--progv symbols values (list 'function (cons 'lambda (cons nil body)))))

(defun cl--progv (syms vals f)
  (if (null syms)
      (funcall f)
    (eval (list 'let (let ((bs nil))
                       (while syms
                         (setq bs (cons (if vals (list (car syms) (list 'quote (car vals)))
                                          (car syms))
                                        bs))
                         (setq syms (cdr syms) vals (cdr vals)))
                       (nreverse bs))
                (list 'funcall (list 'quote f)))
          nil)))

(defmacro cl-multiple-value-bind (vars form &rest body)
  "Collect multiple return values (a list) into VARS and run BODY."
  (declare (indent 2))
  (let ((temp (make-symbol "--cl-var--")) (n -1))
    (cons 'let*
          (cons (cons (list temp form)
                      (mapcar (lambda (v) (list v (list 'nth (setq n (1+ n)) temp))) vars))
                body))))

(defmacro cl-multiple-value-setq (vars form)
  "Collect multiple return values (a list) into VARS."
  (let ((temp (make-symbol "--cl-var--")) (n -1))
    (list 'let (list (list temp form))
          (cons 'prog1
                (cons (list 'setq (car vars) (list 'car temp))
                      (mapcar (lambda (v) (list 'setq v (list 'nth (setq n (1+ n)) temp)))
                              (cdr (cons nil vars))))))))

(defmacro cl-with-gensyms (names &rest body)
  "Bind each of NAMES to an uninterned symbol and evaluate BODY."
  (declare (indent 1))
  (cons 'let (cons (mapcar (lambda (n) (list n (list 'make-symbol (symbol-name n)))) names)
                   body)))

(defmacro cl-once-only (names &rest body)
  "Generate code to evaluate each of NAMES just once in BODY."
  (declare (indent 1))
  (let ((our-gensyms (mapcar (lambda (_) (make-symbol "g")) names))
        (specs (mapcar (lambda (n) (if (consp n) n (list n n))) names)))
    (list 'let (cl-mapcar (lambda (g s) (list g (list 'make-symbol (symbol-name (car s)))))
                          our-gensyms specs)
          (list 'list ''let
                (cons 'list (cl-mapcar (lambda (g s) (list 'list g (car (cdr s)))) our-gensyms specs))
                (cons 'let (cons (cl-mapcar (lambda (s g) (list (car s) g)) specs our-gensyms)
                                 body))))))

(defmacro cl-deftype (name arglist &rest body)
  "Define NAME as a new data type."
  (declare (indent 2))
  (list 'progn
        (list 'put (list 'quote name) ''cl-deftype-handler
              (list 'cl-function (cons 'lambda (cons arglist body))))
        (list 'quote name)))

(defmacro cl-define-compiler-macro (func args &rest body)
  "Define a compiler-only macro (recorded, never used by the interpreter)."
  (declare (indent 2))
  (list 'progn
        (list 'put (list 'quote func) ''compiler-macro
              (list 'cl-function (cons 'lambda (cons (cl--remove-whole args) body))))
        (list 'quote func)))

(defun cl--remove-whole (args)
  (if (eq (car-safe args) '&whole) (cons '&rest (cdr args)) args))

(defmacro cl-tagbody (&rest labels-or-stmts)
  "Execute statements while providing for control transfers to labels."
  (let ((blocks nil) (current (list 'cl--start)) (tag (make-symbol "--cl-tagbody--")))
    (dolist (x labels-or-stmts)
      (if (consp x) (setq current (cons x current))
        (setq blocks (cons (nreverse (cons (list 'throw (list 'quote tag) (list 'quote x)) current))
                           blocks)
              current (list x))))
    (setq blocks (cons (nreverse (cons (list 'throw (list 'quote tag) nil) current)) blocks))
    (let ((state (make-symbol "--cl-state--")))
      (list 'cl-macrolet (list (list 'go '(label) (list 'list ''throw (list 'quote (list 'quote tag))
                                                       '(list 'quote label))))
            (list 'let (list (list state ''cl--start))
                  (list 'while state
                        (list 'setq state
                              (list 'catch (list 'quote tag)
                                    (cons 'cl-case (cons state (nreverse blocks))))))
                  nil)))))

;;;; Assertions.

(defmacro cl-check-type (form type &optional string)
  "Verify that FORM is of type TYPE; signal a continuable error if not."
  (let ((temp (if (or (symbolp form) (cl--const-p form)) form (make-symbol "temp"))))
    (let ((body (list 'progn
                      (list 'or (list 'cl-typep temp (list 'quote type))
                            (list 'signal ''wrong-type-argument
                                  (list 'list (or string (list 'quote type)) temp
                                        (list 'quote form))))
                      nil)))
      (if (eq temp form) body (list 'let (list (list temp form)) body)))))

(defmacro cl-assert (form &optional show-args string &rest args)
  "Verify that FORM returns non-nil, signaling an error if not."
  (let ((sargs (and show-args
                    (delq nil (mapcar (lambda (x) (unless (cl--const-p x) x)) (cdr-safe form))))))
    (list 'progn
          (list 'or form
                (if string
                    (cons 'error (cons string (append sargs args)))
                  (list 'signal ''cl-assertion-failed
                        (cons 'list (cons (list 'quote form) sargs)))))
          nil)))

;;;; Generalized variables.

(defmacro cl-incf (place &optional x)
  "Increment PLACE by X (1 by default)."
  (if (symbolp place)
      (list 'setq place (if x (list '+ place x) (list '1+ place)))
    (gv-get place (lambda (getter setter)
                    (funcall setter (if x (list '+ getter x) (list '1+ getter)))))))

(defmacro cl-decf (place &optional x)
  "Decrement PLACE by X (1 by default)."
  (if (symbolp place)
      (list 'setq place (if x (list '- place x) (list '1- place)))
    (gv-get place (lambda (getter setter)
                    (funcall setter (if x (list '- getter x) (list '1- getter)))))))

(defmacro cl-callf (func place &rest args)
  "Set PLACE to (FUNC PLACE ARGS...)."
  (declare (indent 2))
  (gv-get place (lambda (getter setter)
                  (funcall setter (if (symbolp func) (cons func (cons getter args))
                                    (cons 'funcall (cons (list 'function func) (cons getter args))))))))

(defmacro cl-callf2 (func arg1 place &rest args)
  "Set PLACE to (FUNC ARG1 PLACE ARGS...)."
  (declare (indent 3))
  (gv--let-value arg1
    (lambda (a1)
      (gv-get place (lambda (getter setter)
                      (funcall setter (if (symbolp func) (cons func (cons a1 (cons getter args)))
                                        (cons 'funcall (cons (list 'function func)
                                                             (cons a1 (cons getter args)))))))))))

(defmacro cl-pushnew (x place &rest keys)
  "Add X to the list stored in PLACE unless X is already present."
  (let ((memfn (cond ((null keys) 'memql)
                     ((and (eq (car keys) :test) (null (cddr keys)))
                      (let ((test (car (cdr keys))))
                        (cond ((member test '('eq #'eq)) 'memq)
                              ((member test '('equal #'equal)) 'member)
                              ((member test '('eql #'eql)) 'memql)))))))
    (gv--let-value x
      (lambda (v)
        (gv-get place
                (lambda (getter setter)
                  (if memfn
                      (if (symbolp place)
                          (list 'if (list memfn v place) place (funcall setter (list 'cons v place)))
                        (let ((vl (make-symbol "vlist")))
                          (funcall setter
                                   (list 'let* (list (list vl getter))
                                         (list 'if (list memfn v vl) vl (list 'cons v vl))))))
                    (funcall setter (cons 'cl-adjoin (cons v (cons getter keys)))))))))))

(defmacro cl-remf (place tag)
  "Remove TAG from property list PLACE; return non-nil if it was found."
  (gv-get place
          (lambda (getter setter)
            (gv--let-value tag
              (lambda (k)
                (list 'if (list 'eq k (list 'car getter))
                      (list 'progn (funcall setter (list 'cdr (list 'cdr getter))) t)
                      (list 'cl--do-remf getter k)))))))

(defmacro cl-psetf (&rest args)
  "Set PLACEs to the values VALs in parallel."
  (let ((binds nil) (sets nil))
    (while args
      (let ((tmp (make-symbol "v")))
        (setq binds (cons (list tmp (car (cdr args))) binds))
        (setq sets (cons (list 'setf (car args) tmp) sets)))
      (setq args (cdr (cdr args))))
    (list 'let* (nreverse binds) (cons 'progn (nreverse sets)) nil)))

(defmacro cl-psetq (&rest args)
  "Set SYMs to the values VALs in parallel."
  (cons 'cl-psetf args))

(defmacro cl-shiftf (place &rest args)
  "Shift left among PLACEs: (cl-shiftf A B C) sets A to B, B to C, returns old A."
  (if (null args) place
    (list 'prog1 place (list 'setf place (cons 'cl-shiftf args)))))

(defmacro cl-rotatef (&rest args)
  "Rotate left among PLACEs."
  (when (cdr args)
    (let ((tmp (make-symbol "v")) (sets nil) (a args))
      (while (cdr a)
        (setq sets (cons (list 'setf (car a) (car (cdr a))) sets))
        (setq a (cdr a)))
      (list 'let (list (list tmp (car args)))
            (cons 'progn (nreverse (cons (list 'setf (car a) tmp) sets)))
            nil))))

(defmacro cl-letf (bindings &rest body)
  "Temporarily bind generalized PLACEs to VALUEs for the duration of BODY."
  (declare (indent 1))
  (if (null bindings)
      (cl--progn (or body '(nil)))
    (let* ((b (car bindings))
           (place (car b))
           (rest (if (cdr bindings) (list (cons 'cl-letf (cons (cdr bindings) body)))
                   body)))
      (if (symbolp place)
          (cons 'let (cons (list b) rest))
        (gv-get place
                (lambda (getter setter)
                  (let ((old (make-symbol "old")) (new (make-symbol "new")))
                    (if (cdr b)
                        (list 'let* (list (list new (car (cdr b))) (list old getter))
                              (list 'unwind-protect
                                    (cons 'progn (cons (funcall setter new) rest))
                                    (funcall setter old)))
                      (list 'let* (list (list old getter))
                            (list 'unwind-protect (cl--progn (or rest '(nil)))
                                  (funcall setter old)))))))))))

(defmacro cl-letf* (bindings &rest body)
  "Like `cl-letf' but where the bindings are made sequentially."
  (declare (indent 1))
  (cons 'cl-letf (cons bindings body)))

;;;; Local functions and macros: a code walker.

(defvar cl--walk-env nil "The macro environment while walking.")

(defun cl--walk-symbol-macro (sym)
  (let ((sm (cdr (assq :cl-symbol-macros cl--walk-env))))
    (assq sym sm)))

(defun cl--walk-shadow (vars)
  "Environment with the symbol macros named in VARS removed."
  (let ((sm (assq :cl-symbol-macros cl--walk-env)))
    (if (and sm (let ((hit nil)) (dolist (v vars) (if (assq v (cdr sm)) (setq hit t))) hit))
        (cons (cons :cl-symbol-macros
                    (let ((res nil))
                      (dolist (e (cdr sm)) (unless (memq (car e) vars) (setq res (cons e res))))
                      (nreverse res)))
              cl--walk-env)
      cl--walk-env)))

(defun cl--walk-body (forms)
  (mapcar #'cl--walk forms))

(defun cl--lambda-vars (args)
  (let ((vars nil))
    (while (consp args)
      (let ((a (car args)))
        (cond ((memq a cl--lambda-list-keywords))
              ((symbolp a) (setq vars (cons a vars)))
              ((consp a) (setq vars (cons (if (consp (car a)) (car (cdr (car a))) (car a)) vars)))))
      (setq args (cdr args)))
    (if (and args (symbolp args)) (setq vars (cons args vars)))
    vars))

(defun cl--walk-lambda (lam)
  "Walk (lambda ARGS . BODY)."
  (let ((cl--walk-env (cl--walk-shadow (cl--lambda-vars (car (cdr lam))))))
    (let ((macroexpand-all-environment cl--walk-env))
      (cons 'lambda (cons (car (cdr lam)) (cl--walk-body (cdr (cdr lam))))))))

(defun cl--walk (form)
  "Expand macros in FORM, with local macros, functions and symbol macros."
  (let ((macroexpand-all-environment cl--walk-env))
    (cond
     ((and form (symbolp form))
      (let ((sm (cl--walk-symbol-macro form)))
        (if sm (cl--walk (car (cdr sm))) form)))
     ((not (consp form)) form)
     (t
      (let ((head (car form)))
        (cond
         ((eq head 'quote) form)
         ((eq head 'function)
          (let ((f (car (cdr form))))
            (cond ((and (symbolp f) (assq f (cdr (assq :cl--flet-vars cl--walk-env))))
                   (cdr (assq f (cdr (assq :cl--flet-vars cl--walk-env)))))
                  ((eq (car-safe f) 'lambda) (list 'function (cl--walk-lambda f)))
                  (t form))))
         ((memq head '(let let*))
          (let ((bindings (car (cdr form))) (new nil) (vars nil)
                (cl--walk-env cl--walk-env))
            (dolist (b bindings)
              (let ((var (if (consp b) (car b) b)))
                (setq new (cons (if (consp b) (list var (cl--walk (car (cdr b)))) b) new))
                (setq vars (cons var vars))
                (if (eq head 'let*) (setq cl--walk-env (cl--walk-shadow (list var))))))
            (setq cl--walk-env (cl--walk-shadow vars))
            (cons head (cons (nreverse new) (cl--walk-body (cdr (cdr form)))))))
         ((eq head 'setq)
          (let ((args (cdr form)) (out nil) (complex nil))
            (while args
              (let ((var (car args)) (val (car (cdr args))))
                (if (cl--walk-symbol-macro var)
                    (progn (setq complex t)
                           (setq out (cons (list 'setf (car (cdr (cl--walk-symbol-macro var))) val) out)))
                  (setq out (cons (list 'setq var val) out))))
              (setq args (cdr (cdr args))))
            (setq out (nreverse out))
            (if (and (not complex) (null (cdr out)))
                (list 'setq (nth 1 (car out)) (cl--walk (nth 2 (car out))))
              (if complex
                  (cl--walk (cl--progn out))
                (cons 'progn (mapcar (lambda (s) (list 'setq (nth 1 s) (cl--walk (nth 2 s)))) out))))))
         ((eq head 'cond)
          (cons 'cond (mapcar (lambda (c) (if (consp c) (cl--walk-body c) c)) (cdr form))))
         ((eq head 'condition-case)
          (let ((var (nth 1 form)))
            (cons 'condition-case
                  (cons var
                        (cons (cl--walk (nth 2 form))
                              (let ((cl--walk-env (if var (cl--walk-shadow (list var)) cl--walk-env)))
                                (mapcar (lambda (h) (cons (car h) (cl--walk-body (cdr h))))
                                        (nthcdr 3 form))))))))
         ((memq head '(defvar defconst))
          (if (cdr (cdr form))
              (cons head (cons (nth 1 form) (cons (cl--walk (nth 2 form)) (nthcdr 3 form))))
            form))
         ((eq head 'interactive) form)
         ((and (consp head) (eq (car head) 'lambda))
          (cons (cl--walk-lambda head) (cl--walk-body (cdr form))))
         (t
          (let ((exp (macroexpand-1 form cl--walk-env)))
            (if (not (eq exp form))
                (cl--walk exp)
              (if (eq head 'setq-default)
                  (let ((args (cdr form)) (out nil))
                    (while args
                      (setq out (cons (cl--walk (car (cdr args))) (cons (car args) out)))
                      (setq args (cdr (cdr args))))
                    (cons head (nreverse out)))
                (cons head (cl--walk-body (cdr form)))))))))))))

(defun cl--walk-with (env body)
  (let ((cl--walk-env env))
    (cl--walk (cl--progn (or body '(nil))))))

(defun cl--flet-env (entries)
  "The walker environment extended with local functions ENTRIES: ((NAME . VAR) ...)."
  (let* ((env macroexpand-all-environment)
         (fv (cdr (assq :cl--flet-vars env))))
    (dolist (e entries)
      (let ((var (cdr e)))
        (setq env (cons (cons (car e) (lambda (&rest args) (cons 'funcall (cons var args)))) env))
        (setq fv (cons e fv))))
    (cons (cons :cl--flet-vars fv) env)))

(defun cl--flet-function (b)
  "The function form of an flet binding (NAME ARGS BODY...) or (NAME EXP)."
  (if (and (cdr b) (null (cdr (cdr b))))
      (car (cdr b))
    (list 'cl-function (cons 'lambda (cdr b)))))

(defmacro cl-flet (bindings &rest body)
  "Make local function definitions: (cl-flet ((FUNC ARGLIST BODY...) ...) FORM...)."
  (declare (indent 1))
  (let ((lets nil) (entries nil))
    (dolist (b bindings)
      (let ((var (make-symbol (format "--cl-%s--" (car b)))))
        (setq lets (cons (list var (cl--flet-function b)) lets))
        (setq entries (cons (cons (car b) var) entries))))
    (list 'let (nreverse lets) (cl--walk-with (cl--flet-env entries) body))))

(defmacro cl-flet* (bindings &rest body)
  "Make local function definitions, each seeing the previous ones."
  (declare (indent 1))
  (if (null bindings) (cl--progn (or body '(nil)))
    (list 'cl-flet (list (car bindings)) (cons 'cl-flet* (cons (cdr bindings) body)))))

(defmacro cl-labels (bindings &rest body)
  "Make local (recursive) function definitions."
  (declare (indent 1))
  (let ((entries nil))
    (dolist (b bindings)
      (setq entries (cons (cons (car b) (make-symbol (format "--cl-%s--" (car b)))) entries)))
    (let ((env (cl--flet-env entries)))
      (list 'letrec
            (mapcar (lambda (b)
                      (list (cdr (assq (car b) entries))
                            (let ((cl--walk-env env)) (cl--walk (cl--flet-function b)))))
                    bindings)
            (cl--walk-with env body)))))

(defmacro cl-macrolet (bindings &rest body)
  "Make temporary macro definitions: (cl-macrolet ((NAME ARGLIST BODY...) ...) FORM...)."
  (declare (indent 1))
  (let ((env macroexpand-all-environment))
    (dolist (b bindings)
      (let ((res (cl--transform-lambda (car (cdr b)) (cdr (cdr b)) (car b))))
        (setq env (cons (cons (car b) (eval (list 'function (cons 'lambda res)) t)) env))))
    (cl--walk-with env body)))

(defmacro cl-symbol-macrolet (bindings &rest body)
  "Make symbol macro definitions: (cl-symbol-macrolet ((NAME EXPANSION) ...) FORM...)."
  (declare (indent 1))
  (let* ((env macroexpand-all-environment)
         (old (cdr (assq :cl-symbol-macros env))))
    (cl--walk-with (cons (cons :cl-symbol-macros (append bindings old)) env) body)))

;;;; The loop facility.

(defvar cl--loop-args nil)
(defvar cl--loop-name nil)
(defvar cl--loop-bindings nil "Reversed list of let* bindings.")
(defvar cl--loop-body nil "Reversed list of body forms (each non-nil to continue).")
(defvar cl--loop-steps nil "Reversed list of end-of-iteration forms.")
(defvar cl--loop-initially nil)
(defvar cl--loop-finally nil)
(defvar cl--loop-result nil)
(defvar cl--loop-result-explicit nil)
(defvar cl--loop-accum-var nil)
(defvar cl--loop-accum-tails nil)
(defvar cl--loop-first-flag nil)
(defvar cl--loop-symbol-macs nil)
(defvar cl--loop-default-result nil)

(defun cl--loop-bind (var init)
  (setq cl--loop-bindings (cons (list var init) cl--loop-bindings)))

(defun cl--loop-bound-p (var)
  (assq var cl--loop-bindings))

(defun cl--pop2 ()
  (prog1 (car (cdr cl--loop-args)) (setq cl--loop-args (cdr (cdr cl--loop-args)))))

(defmacro cl-loop (&rest loop-args)
  "The Common Lisp `loop' macro."
  (if (not (memq t (mapcar (lambda (x) (and x (symbolp x))) loop-args)))
      (list 'cl-block nil (cons 'while (cons t loop-args)))
    (let ((cl--loop-args loop-args)
          (cl--loop-name nil)
          (cl--loop-bindings nil)
          (cl--loop-body nil)
          (cl--loop-steps nil)
          (cl--loop-initially nil)
          (cl--loop-finally nil)
          (cl--loop-result nil)
          (cl--loop-result-explicit nil)
          (cl--loop-accum-var nil)
          (cl--loop-accum-tails nil)
          (cl--loop-first-flag nil)
          (cl--loop-symbol-macs nil)
          (cl--loop-default-result nil))
      (while cl--loop-args
        (cl--parse-loop-clause))
      (when cl--loop-first-flag
        (setq cl--loop-steps (cons (list 'setq cl--loop-first-flag nil) cl--loop-steps)))
      (let* ((body (reverse cl--loop-body))
             (steps (reverse cl--loop-steps))
             (loop (cons 'while
                         (cons (cond ((null body) t)
                                     ((null (cdr body)) (car body))
                                     (t (cons 'and body)))
                               steps)))
             (result (cond (cl--loop-result-explicit cl--loop-result)
                           (cl--loop-accum-var cl--loop-accum-var)
                           (t cl--loop-default-result)))
             (form (cons 'let*
                         (cons (reverse cl--loop-bindings)
                               (append (reverse cl--loop-initially)
                                       (list loop)
                                       (reverse cl--loop-finally)
                                       (list result))))))
        (when cl--loop-symbol-macs
          (setq form (list 'cl-symbol-macrolet cl--loop-symbol-macs form)))
        (list 'cl-block cl--loop-name form)))))

(defun cl--loop-forms ()
  "Pop the forms (conses) at the head of the remaining clauses."
  (let ((forms nil))
    (while (consp (car cl--loop-args))
      (setq forms (cons (car cl--loop-args) forms))
      (setq cl--loop-args (cdr cl--loop-args)))
    (nreverse forms)))

(defun cl--loop-destructure (pattern value)
  "Forms setting the variables of PATTERN from VALUE (a symbol)."
  (cond ((null pattern) nil)
        ((symbolp pattern) (list (list 'setq pattern value)))
        ((consp pattern)
         (append (if (car pattern)
                     (if (symbolp (car pattern))
                         (list (list 'setq (car pattern) (list 'car value)))
                       (let ((tmp (make-symbol "--cl-var--")))
                         (cl--loop-bind tmp nil)
                         (cons (list 'setq tmp (list 'car value))
                               (cl--loop-destructure (car pattern) tmp)))))
                 (if (cdr pattern)
                     (if (symbolp (cdr pattern))
                         (list (list 'setq (cdr pattern) (list 'cdr value)))
                       (let ((tmp (make-symbol "--cl-var--")))
                         (cl--loop-bind tmp nil)
                         (cons (list 'setq tmp (list 'cdr value))
                               (cl--loop-destructure (cdr pattern) tmp)))))))
        ((vectorp pattern) (signal 'wrong-type-argument (list 'symbolp pattern)))))

(defun cl--loop-bind-pattern (pattern)
  "Bind every variable of PATTERN to nil."
  (cond ((null pattern))
        ((symbolp pattern) (unless (cl--loop-bound-p pattern) (cl--loop-bind pattern nil)))
        ((consp pattern) (cl--loop-bind-pattern (car pattern)) (cl--loop-bind-pattern (cdr pattern)))
        (t (signal 'wrong-type-argument (list 'symbolp pattern)))))

(defun cl--loop-set (pattern value-form)
  "A body form that sets PATTERN to VALUE-FORM and returns t."
  (if (symbolp pattern)
      (list 'progn (list 'setq pattern value-form) t)
    (let ((tmp (make-symbol "--cl-var--")))
      (cl--loop-bind tmp nil)
      (cons 'progn (append (list (list 'setq tmp value-form))
                           (cl--loop-destructure pattern tmp)
                           (list t))))))

(defun cl--loop-psetq-form (sets)
  "A form assigning SETS ((VAR FORM)...) in parallel, returning t."
  (if (null (cdr sets))
      (cl--loop-set (car (car sets)) (car (cdr (car sets))))
    (let ((temps (mapcar (lambda (_) (make-symbol "--cl-var--")) sets)))
      (list 'let (cl-mapcar (lambda (tmp s) (list tmp (car (cdr s)))) temps sets)
            (cons 'progn (append (cl-mapcar (lambda (s tmp) (cl--loop-set (car s) tmp)) sets temps)
                                 (list t)))))))

(defun cl--parse-loop-clause ()
  (let ((word (car cl--loop-args)))
    (setq cl--loop-args (cdr cl--loop-args))
    (cond
     ((eq word 'named) (setq cl--loop-name (car cl--loop-args)
                             cl--loop-args (cdr cl--loop-args)))
     ((eq word 'initially)
      (if (memq (car cl--loop-args) '(do doing)) (setq cl--loop-args (cdr cl--loop-args)))
      (dolist (f (cl--loop-forms)) (setq cl--loop-initially (cons f cl--loop-initially))))
     ((eq word 'finally)
      (cond ((eq (car cl--loop-args) 'return)
             (setq cl--loop-result (car (cdr cl--loop-args)) cl--loop-result-explicit t
                   cl--loop-args (cdr (cdr cl--loop-args))))
            (t (if (memq (car cl--loop-args) '(do doing)) (setq cl--loop-args (cdr cl--loop-args)))
               (dolist (f (cl--loop-forms)) (setq cl--loop-finally (cons f cl--loop-finally))))))
     ((memq word '(for as))
      (let ((sets nil) (more t))
        (while more
          (setq sets (append sets (cl--parse-loop-for)))
          (if (eq (car cl--loop-args) 'and)
              (setq cl--loop-args (cdr cl--loop-args)
                    ;; `for' after `and' is optional.
                    cl--loop-args (if (memq (car cl--loop-args) '(for as)) (cdr cl--loop-args) cl--loop-args))
            (setq more nil)))
        (when sets
          (setq cl--loop-body (cons (cl--loop-psetq-form sets) cl--loop-body)))))
     ((eq word 'repeat)
      (let ((var (make-symbol "--cl-var--")))
        (cl--loop-bind var (car cl--loop-args))
        (setq cl--loop-args (cdr cl--loop-args))
        (setq cl--loop-body (cons (list '>= (list 'setq var (list '1- var)) 0) cl--loop-body))))
     ((eq word 'with)
      (let ((more t))
        (while more
          (let ((var (car cl--loop-args)) (init nil))
            (setq cl--loop-args (cdr cl--loop-args))
            (when (eq (car cl--loop-args) '=)
              (setq init (car (cdr cl--loop-args)) cl--loop-args (cdr (cdr cl--loop-args))))
            (if (symbolp var)
                (cl--loop-bind var init)
              (let ((tmp (make-symbol "--cl-var--")))
                (cl--loop-bind tmp init)
                (cl--loop-bind-pattern var)
                (dolist (s (cl--loop-destructure var tmp))
                  (cl--loop-bind (make-symbol "--cl-ignore--") s)))))
          (if (eq (car cl--loop-args) 'and)
              (setq cl--loop-args (cdr cl--loop-args))
            (setq more nil)))))
     ((eq word 'while)
      (setq cl--loop-body (cons (car cl--loop-args) cl--loop-body)
            cl--loop-args (cdr cl--loop-args)))
     ((eq word 'until)
      (setq cl--loop-body (cons (list 'not (car cl--loop-args)) cl--loop-body)
            cl--loop-args (cdr cl--loop-args)))
     ((eq word 'always)
      (setq cl--loop-body (cons (list 'or (car cl--loop-args)
                                      (list 'cl-return-from cl--loop-name nil))
                                cl--loop-body)
            cl--loop-args (cdr cl--loop-args)
            cl--loop-default-result t))
     ((eq word 'never)
      (setq cl--loop-body (cons (list 'not (list 'and (car cl--loop-args)
                                                 (list 'cl-return-from cl--loop-name nil)))
                                cl--loop-body)
            cl--loop-args (cdr cl--loop-args)
            cl--loop-default-result t))
     ((eq word 'thereis)
      (let ((tmp (make-symbol "--cl-var--")))
        (setq cl--loop-body (cons (list 'let (list (list tmp (car cl--loop-args)))
                                        (list 'if tmp (list 'cl-return-from cl--loop-name tmp) t))
                                  cl--loop-body)
              cl--loop-args (cdr cl--loop-args))))
     (t
      (setq cl--loop-args (cons word cl--loop-args))
      (setq cl--loop-body (cons (cl--parse-loop-action) cl--loop-body))))))

(defun cl--loop-accum (default-init &optional into)
  "The accumulation variable for the clause being parsed."
  (if into
      (progn (unless (cl--loop-bound-p into) (cl--loop-bind into default-init)) into)
    (or cl--loop-accum-var
        (let ((var (make-symbol "--cl-var--")))
          (cl--loop-bind var default-init)
          (setq cl--loop-accum-var var)))))

(defun cl--loop-tail (var)
  (or (cdr (assq var cl--loop-accum-tails))
      (let ((tail (make-symbol "--cl-tail--")))
        (cl--loop-bind tail nil)
        (setq cl--loop-accum-tails (cons (cons var tail) cl--loop-accum-tails))
        tail)))

(defun cl--parse-loop-action ()
  "Parse one action clause; return a body form that is non-nil to continue."
  (let ((word (car cl--loop-args)))
    (setq cl--loop-args (cdr cl--loop-args))
    (cond
     ((memq word '(do doing))
      (cons 'progn (append (cl--loop-forms) (list t))))
     ((eq word 'return)
      (prog1 (list 'cl-return-from cl--loop-name (car cl--loop-args))
        (setq cl--loop-args (cdr cl--loop-args))))
     ((memq word '(if when unless))
      (let* ((cond (car cl--loop-args))
             (it (make-symbol "--cl-var--"))
             (then nil) (else nil))
        (setq cl--loop-args (cdr cl--loop-args))
        (setq then (cl--parse-loop-and-actions))
        (when (eq (car cl--loop-args) 'else)
          (setq cl--loop-args (cdr cl--loop-args))
          (setq else (cl--parse-loop-and-actions)))
        (when (eq (car cl--loop-args) 'end)
          (setq cl--loop-args (cdr cl--loop-args)))
        (let* ((uses-it (cl--loop-uses-it (cons then else)))
               (test (if uses-it (list 'setq it cond) cond))
               (then-form (cl--loop-and-form (cl--loop-subst-it it then)))
               (else-form (if else (cl--loop-and-form (cl--loop-subst-it it else)) t)))
          (when uses-it (cl--loop-bind it nil))
          (if (eq word 'unless)
              (list 'if test else-form then-form)
            (list 'if test then-form else-form)))))
     ((memq word '(collect collecting))
      (let* ((x (car cl--loop-args))
             (into (cl--loop-into))
             (var (cl--loop-accum nil into))
             (tail (cl--loop-tail var)))
        (list 'progn
              (list 'if tail
                    (list 'setcdr tail (list 'setq tail (list 'list x)))
                    (list 'setq var (list 'setq tail (list 'list x))))
              t)))
     ((memq word '(append appending nconc nconcing))
      (let* ((x (car cl--loop-args))
             (into (cl--loop-into))
             (var (cl--loop-accum nil into))
             (tail (cl--loop-tail var))
             (tmp (make-symbol "--cl-var--")))
        (list 'let (list (list tmp (if (memq word '(append appending))
                                       (list 'copy-sequence x) x)))
              (list 'when tmp
                    (list 'if tail (list 'setcdr tail tmp) (list 'setq var tmp))
                    (list 'setq tail (list 'last tmp)))
              t)))
     ((memq word '(concat concating))
      (let* ((x (car cl--loop-args)) (into (cl--loop-into)) (var (cl--loop-accum "" into)))
        (list 'progn (list 'setq var (list 'concat var x)) t)))
     ((memq word '(vconcat vconcating))
      (let* ((x (car cl--loop-args)) (into (cl--loop-into)) (var (cl--loop-accum [] into)))
        (list 'progn (list 'setq var (list 'vconcat var x)) t)))
     ((memq word '(sum summing))
      (let* ((x (car cl--loop-args)) (into (cl--loop-into)) (var (cl--loop-accum 0 into)))
        (list 'progn (list 'setq var (list '+ var x)) t)))
     ((memq word '(count counting))
      (let* ((x (car cl--loop-args)) (into (cl--loop-into)) (var (cl--loop-accum 0 into)))
        (list 'progn (list 'if x (list 'setq var (list '1+ var))) t)))
     ((memq word '(maximize maximizing minimize minimizing))
      (let* ((x (car cl--loop-args)) (into (cl--loop-into)) (var (cl--loop-accum nil into))
             (tmp (make-symbol "--cl-var--"))
             (fn (if (memq word '(maximize maximizing)) 'max 'min)))
        (list 'let (list (list tmp x))
              (list 'setq var (list 'if var (list fn var tmp) tmp))
              t)))
     (t (error "Expected loop clause, found `%s'" word)))))

(defun cl--loop-into ()
  "Consume the form argument of an accumulation clause and its `into VAR'."
  (setq cl--loop-args (cdr cl--loop-args))
  (if (eq (car cl--loop-args) 'into)
      (prog1 (car (cdr cl--loop-args))
        (setq cl--loop-args (cdr (cdr cl--loop-args))))
    nil))

(defun cl--parse-loop-and-actions ()
  (let ((actions (list (cl--parse-loop-action))))
    (while (eq (car cl--loop-args) 'and)
      (setq cl--loop-args (cdr cl--loop-args))
      (setq actions (cons (cl--parse-loop-action) actions)))
    (nreverse actions)))

(defun cl--loop-and-form (actions)
  (if (cdr actions) (cons 'and actions) (car actions)))

(defun cl--loop-uses-it (tree)
  (cond ((eq tree 'it) t)
        ((consp tree) (or (cl--loop-uses-it (car tree)) (cl--loop-uses-it (cdr tree))))))

(defun cl--loop-subst-it (it tree)
  (cond ((eq tree 'it) it)
        ((and (consp tree) (eq (car tree) 'quote)) tree)
        ((consp tree) (cons (cl--loop-subst-it it (car tree)) (cl--loop-subst-it it (cdr tree))))
        (t tree)))

(defun cl--parse-loop-for ()
  "Parse one `for' clause; return its parallel sets ((VAR FORM) ...)."
  (let ((var (car cl--loop-args)) (word nil))
    (setq cl--loop-args (cdr cl--loop-args))
    (setq word (car cl--loop-args))
    (setq cl--loop-args (cdr cl--loop-args))
    (when (memq word '(being the each))
      (while (memq word '(being the each)) (setq word (car cl--loop-args) cl--loop-args (cdr cl--loop-args))))
    (cond
     ((memq word '(from upfrom downfrom to upto downto below above by))
      (cl--loop-for-arith var word))
     ((memq word '(in in-ref))
      (let ((tail (make-symbol "--cl-var--"))
            (by (and (eq (nth 1 cl--loop-args) 'by) (nth 2 cl--loop-args))))
        (cl--loop-bind tail (car cl--loop-args))
        (setq cl--loop-args (if by (nthcdr 3 cl--loop-args) (cdr cl--loop-args)))
        (if (eq word 'in-ref)
            (setq cl--loop-symbol-macs (cons (list var (list 'car tail)) cl--loop-symbol-macs))
          (cl--loop-bind-pattern var))
        (setq cl--loop-body (cons (list 'consp tail) cl--loop-body))
        (setq cl--loop-steps (cons (list 'setq tail (cl--loop-by by tail)) cl--loop-steps))
        (if (eq word 'in-ref) nil (list (list var (list 'car tail))))))
     ((eq word 'on)
      (let ((by (and (eq (nth 1 cl--loop-args) 'by) (nth 2 cl--loop-args))))
        (if (and var (symbolp var))
            (progn
              (cl--loop-bind var (car cl--loop-args))
              (setq cl--loop-args (if by (nthcdr 3 cl--loop-args) (cdr cl--loop-args)))
              (setq cl--loop-body (cons (list 'consp var) cl--loop-body))
              (setq cl--loop-steps (cons (list 'setq var (cl--loop-by by var)) cl--loop-steps))
              nil)
          (let ((tail (make-symbol "--cl-var--")))
            (cl--loop-bind tail (car cl--loop-args))
            (setq cl--loop-args (if by (nthcdr 3 cl--loop-args) (cdr cl--loop-args)))
            (cl--loop-bind-pattern var)
            (setq cl--loop-body (cons (list 'consp tail) cl--loop-body))
            (setq cl--loop-steps (cons (list 'setq tail (cl--loop-by by tail)) cl--loop-steps))
            (list (list var tail))))))
     ((memq word '(across across-ref))
      (let ((arr (make-symbol "--cl-vec--")) (idx (make-symbol "--cl-idx--"))
            (len (make-symbol "--cl-len--")))
        (cl--loop-bind arr (car cl--loop-args))
        (cl--loop-bind idx -1)
        (cl--loop-bind len (list 'length arr))
        (setq cl--loop-args (cdr cl--loop-args))
        (setq cl--loop-body (cons (list '< (list 'setq idx (list '1+ idx)) len) cl--loop-body))
        (if (eq word 'across-ref)
            (progn (setq cl--loop-symbol-macs (cons (list var (list 'aref arr idx)) cl--loop-symbol-macs))
                   nil)
          (cl--loop-bind-pattern var)
          (list (list var (list 'aref arr idx))))))
     ((memq word '(element elements))
      (when (memq (car cl--loop-args) '(of in of-ref))
        (setq cl--loop-args (cdr cl--loop-args)))
      (let ((seq (make-symbol "--cl-seq--")) (idx nil))
        (cl--loop-bind seq (car cl--loop-args))
        (setq cl--loop-args (cdr cl--loop-args))
        (when (eq (car cl--loop-args) 'using)
          (let ((u (car (cdr cl--loop-args))))
            (when (memq (car-safe u) '(index index-of))
              (setq idx (car (cdr u)))))
          (setq cl--loop-args (cdr (cdr cl--loop-args))))
        (setq idx (or idx (make-symbol "--cl-idx--")))
        (cl--loop-bind idx -1)
        (cl--loop-bind-pattern var)
        (setq cl--loop-body
              (cons (list 'progn (list 'setq idx (list '1+ idx))
                          (list 'if (list 'listp seq) (list 'consp seq)
                                (list '< idx (list 'length seq))))
                    cl--loop-body))
        (setq cl--loop-steps (cons (list 'if (list 'consp seq) (list 'setq seq (list 'cdr seq)))
                                   cl--loop-steps))
        (list (list var (list 'if (list 'consp seq) (list 'car seq) (list 'aref seq idx))))))
     ((memq word '(hash-key hash-keys hash-value hash-values))
      (when (memq (car cl--loop-args) '(of in)) (setq cl--loop-args (cdr cl--loop-args)))
      (let ((table (car cl--loop-args))
            (other nil)
            (pairs (make-symbol "--cl-pairs--")))
        (setq cl--loop-args (cdr cl--loop-args))
        (when (eq (car cl--loop-args) 'using)
          (setq other (car (cdr (car (cdr cl--loop-args)))))
          (setq cl--loop-args (cdr (cdr cl--loop-args))))
        (cl--loop-bind pairs (list 'cl--hash-pairs table))
        (cl--loop-bind-pattern var)
        (if other (cl--loop-bind-pattern other))
        (setq cl--loop-body (cons (list 'consp pairs) cl--loop-body))
        (setq cl--loop-steps (cons (list 'setq pairs (list 'cdr pairs)) cl--loop-steps))
        (let ((keys (memq word '(hash-key hash-keys))))
          (append (list (list var (list (if keys 'car 'cdr) (list 'car pairs))))
                  (if other (list (list other (list (if keys 'cdr 'car) (list 'car pairs)))))))))
     ((memq word '(symbol symbols present-symbol present-symbols external-symbol external-symbols))
      (when (memq (car cl--loop-args) '(of in))
        (setq cl--loop-args (cdr cl--loop-args)))
      (let ((syms (make-symbol "--cl-syms--"))
            (ob (if (and cl--loop-args (not (symbolp (car cl--loop-args))))
                    (prog1 (car cl--loop-args) (setq cl--loop-args (cdr cl--loop-args))))))
        (cl--loop-bind syms (list 'cl--all-symbols ob))
        (cl--loop-bind-pattern var)
        (setq cl--loop-body (cons (list 'consp syms) cl--loop-body))
        (setq cl--loop-steps (cons (list 'setq syms (list 'cdr syms)) cl--loop-steps))
        (list (list var (list 'car syms)))))
     ((eq word '=)
      (let ((start (car cl--loop-args)))
        (setq cl--loop-args (cdr cl--loop-args))
        (cl--loop-bind-pattern var)
        (if (eq (car cl--loop-args) 'then)
            (let ((then (car (cdr cl--loop-args))))
              (setq cl--loop-args (cdr (cdr cl--loop-args)))
              (unless cl--loop-first-flag
                (setq cl--loop-first-flag (make-symbol "--cl-first--"))
                (cl--loop-bind cl--loop-first-flag t))
              (list (list var (list 'if cl--loop-first-flag start then))))
          (list (list var start)))))
     (t (error "Expected `in', `on', `across', `=', or an arithmetic term after `for %s', found `%s'"
               var word)))))

(defun cl--loop-by (by tail)
  (cond ((null by) (list 'cdr tail))
        ((memq (car-safe by) '(quote function))
         (list (car (cdr by)) tail))
        (t (list 'funcall by tail))))

(defun cl--hash-pairs (table)
  (let ((res nil))
    (maphash (lambda (k v) (setq res (cons (cons k v) res))) table)
    (nreverse res)))

(defun cl--all-symbols (&optional ob)
  (let ((res nil))
    (mapatoms (lambda (s) (setq res (cons s res))) ob)
    res))

(defun cl--loop-for-arith (var word)
  (let ((start nil) (end nil) (step nil) (down nil) (test nil))
    (setq cl--loop-args (cons word cl--loop-args))
    (while (memq (car cl--loop-args) '(from upfrom downfrom to upto downto below above by))
      (let ((w (car cl--loop-args)) (v (car (cdr cl--loop-args))))
        (setq cl--loop-args (cdr (cdr cl--loop-args)))
        (cond ((memq w '(from upfrom)) (setq start v))
              ((eq w 'downfrom) (setq start v down t))
              ((memq w '(to upto)) (setq end v test (if (eq w 'upto) '<= (or test '<=))))
              ((eq w 'downto) (setq end v down t test '>=))
              ((eq w 'below) (setq end v test '<))
              ((eq w 'above) (setq end v down t test '>))
              ((eq w 'by) (setq step v)))))
    (if (and down (eq test '<=)) (setq test '>=))
    (cl--loop-bind var (or start 0))
    (when end
      (let ((e (if (cl--const-p end) end (make-symbol "--cl-var--"))))
        (unless (eq e end) (cl--loop-bind e end))
        (setq cl--loop-body (cons (list test var e) cl--loop-body))))
    (let ((s (if (or (null step) (cl--const-p step)) (or step 1) (make-symbol "--cl-var--"))))
      (unless (eq s (or step 1)) (cl--loop-bind s step))
      (setq cl--loop-steps (cons (list 'setq var (if (eq s 1) (list (if down '1- '1+) var)
                                                   (list (if down '- '+) var s)))
                                 cl--loop-steps)))
    nil))

;;;; Structures.

(defun cl--struct-info (name)
  (or (get name 'cl--struct-info) (error "%s is not a struct name" name)))

(defun cl-struct-slot-info (struct-type)
  "Return a list of slot names of struct STRUCT-TYPE, with their defaults and options."
  (let ((info (cl--struct-info struct-type)))
    (append (if (plist-get info :named) (list (list 'cl-tag-slot)))
            (mapcar (lambda (s) (copy-sequence s)) (plist-get info :slots)))))

(defun cl-struct-slot-offset (struct-type slot-name)
  "Return the offset of slot SLOT-NAME in STRUCT-TYPE."
  (let* ((info (cl--struct-info struct-type))
         (pos (let ((i 0) (found nil) (s (plist-get info :slots)))
                (while (and s (not found))
                  (if (eq (car (car s)) slot-name) (setq found i))
                  (setq i (1+ i) s (cdr s)))
                found)))
    (unless pos (error "struct %s has no slot %s" struct-type slot-name))
    (+ pos (plist-get info :offset) (if (plist-get info :named) 1 0))))

(defun cl-struct-slot-value (struct-type slot-name inst)
  "Return the value of slot SLOT-NAME in INST of STRUCT-TYPE."
  (let ((i (cl-struct-slot-offset struct-type slot-name)))
    (if (eq (plist-get (cl--struct-info struct-type) :type) 'list) (nth i inst) (aref inst i))))

(defun cl--struct-set-slot-value (struct-type slot-name inst value)
  (let ((i (cl-struct-slot-offset struct-type slot-name)))
    (if (eq (plist-get (cl--struct-info struct-type) :type) 'list)
        (setcar (nthcdr i inst) value)
      (aset inst i value))))

(function-put 'cl-struct-slot-value 'gv-expander
              (lambda (do type slot inst)
                (gv--bind-args (list type slot inst)
                  (lambda (vars)
                    (funcall do (cons 'cl-struct-slot-value vars)
                             (lambda (v) (append (cons 'cl--struct-set-slot-value vars) (list v))))))))

(defun cl-struct-sequence-type (struct-type)
  "Return the sequence used to build STRUCT-TYPE: vector, list or nil for records."
  (plist-get (cl--struct-info struct-type) :type))

(defun cl--struct-register (name parent info)
  "Record struct NAME (child of PARENT) and add its tag to its ancestors' tags."
  (put name 'cl--struct-info info)
  (put name 'cl--struct-parent parent)
  (let ((tags-var (intern (format "cl-struct-%s-tags" name))))
    (unless (memq name (symbol-value tags-var))
      (set tags-var (cons name (symbol-value tags-var))))
    (let ((p parent))
      (while p
        (let ((pv (intern (format "cl-struct-%s-tags" p))))
          (when (boundp pv)
            (unless (memq name (symbol-value pv))
              (set pv (append (symbol-value pv) (list name))))))
        (setq p (get p 'cl--struct-parent)))))
  name)

(defun cl--struct-check-form (spec v)
  "The type check of an accessor: SPEC is (record TAGS-VAR NAME) or (pred PREDICATE NAME)."
  (list 'or (if (eq (car spec) 'record)
                (list 'memq (list 'type-of v) (nth 1 spec))
              (list (nth 1 spec) v))
        (list 'signal ''wrong-type-argument (list 'list (list 'quote (nth 2 spec)) v))))

(defun cl--struct-accessor-expander (accessor spec idx type read-only)
  (lambda (do obj)
    (gv--let-value obj
      (lambda (v)
        (funcall do (list accessor v)
                 (lambda (val)
                   (if read-only (error "%s is a read-only slot" accessor))
                   (let ((set (if (eq type 'list)
                                  (list 'setcar (list 'nthcdr idx v) val)
                                (list 'aset v idx val))))
                     (if spec
                         (list 'progn (cl--struct-check-form spec v) set)
                       set)))))
      #'gv--const-p)))

(defmacro cl-defstruct (struct &rest descs)
  "Define a struct type: (cl-defstruct NAME [DOC] SLOTS...)."
  (declare (doc-string 2) (indent 1))
  (let* ((name (if (consp struct) (car struct) struct))
         (opts (if (consp struct) (cdr struct)))
         (conc-name (format "%s-" name))
         (constructor (intern (format "make-%s" name)))
         (boa nil)
         (copier (intern (format "copy-%s" name)))
         (predicate (intern (format "%s-p" name)))
         (include nil) (include-overrides nil)
         (type nil) (named nil) (offset 0)
         (forms nil))
    (when (stringp (car descs)) (setq descs (cdr descs)))
    (dolist (opt opts)
      (let ((key (if (consp opt) (car opt) opt))
            (args (if (consp opt) (cdr opt))))
        (cond ((eq key :conc-name)
               (setq conc-name (if (car args) (format "%s" (car args)) "")))
              ((eq key :constructor)
               (cond ((null args))
                     ((cdr args) (setq boa (cons args boa)))
                     (t (setq constructor (car args)))))
              ((eq key :copier) (setq copier (car args)))
              ((eq key :predicate) (setq predicate (car args)))
              ((eq key :include) (setq include (car args) include-overrides (cdr args)))
              ((eq key :type) (setq type (car args)))
              ((eq key :named) (setq named t))
              ((eq key :initial-offset) (setq offset (car args))))))
    (unless type (setq named t))
    (let* ((parent-info (and include (cl--struct-info include)))
           (slots (append
                   (mapcar (lambda (s)
                             (let ((ov (assq (car s) (mapcar (lambda (o) (if (consp o) o (list o)))
                                                             include-overrides))))
                               (if ov (cons (car s) (cons (car (cdr ov)) (cdr (cdr s)))) s)))
                           (plist-get parent-info :slots))
                   (mapcar (lambda (d) (if (consp d)
                                           (cons (car d) (cons (car (cdr d)) (cdr (cdr d))))
                                         (list d nil)))
                           descs)))
           (tags-var (intern (format "cl-struct-%s-tags" name)))
           (base (+ offset (if named 1 0)))
           (tag-index offset)
           (check (cond ((null type) (list 'record tags-var name))
                        ((and named predicate) (list 'pred predicate name))))
           (make (lambda (vals)
                   (let ((items (append (make-list offset nil)
                                        (if named (list (list 'quote name)))
                                        vals)))
                     (cond ((null type) (cons 'record items))
                           ((eq type 'list) (cons 'list items))
                           (t (cons 'vector items))))))
           (slot-names (mapcar #'car slots)))
      (setq forms
            (list (list 'defvar tags-var nil)
                  (list 'cl--struct-register (list 'quote name) (list 'quote include)
                        (list 'quote (list :type type :named named :offset offset :slots slots
                                           :predicate predicate)))))
      ;; Predicate.
      (when (and predicate named)
        (setq forms
              (append forms
                      (list (list 'defun predicate '(cl-x)
                                  (cond ((null type)
                                         (list 'and (list 'memq '(type-of cl-x) tags-var) t))
                                        ((eq type 'vector)
                                         (list 'and '(vectorp cl-x) (list '> '(length cl-x) tag-index)
                                               (list 'memq (list 'aref 'cl-x tag-index) tags-var) t))
                                        (t (list 'and '(consp cl-x)
                                                 (list 'memq (list 'nth tag-index 'cl-x) tags-var) t))))
                            (list 'put (list 'quote name) ''cl-deftype-satisfies
                                  (list 'quote predicate))))))
      (when (and named (null predicate) (null type))
        (setq forms (append forms
                            (list (list 'put (list 'quote name) ''cl-deftype-satisfies
                                        (list 'function
                                              (list 'lambda '(cl-x)
                                                    (list 'and (list 'memq '(type-of cl-x) tags-var) t))))))))
      ;; Accessors.
      (let ((i base))
        (dolist (s slots)
          (let ((accessor (intern (format "%s%s" conc-name (car s))))
                (idx i)
                (read-only (plist-get (cdr (cdr s)) :read-only)))
            (setq forms
                  (append forms
                          (list (list 'defun accessor '(cl-x)
                                      (if check (cl--struct-check-form check 'cl-x) nil)
                                      (if (eq type 'list) (list 'nth idx 'cl-x) (list 'aref 'cl-x idx)))
                                (list 'function-put (list 'quote accessor) ''gv-expander
                                      (list 'cl--struct-accessor-expander
                                            (list 'quote accessor)
                                            (list 'quote check)
                                            idx (list 'quote type) read-only))))))
          (setq i (1+ i))))
      ;; Constructors.
      (when constructor
        (setq forms
              (append forms
                      (list (list 'cl-defun constructor
                                  (cons '&key (mapcar (lambda (s) (if (car (cdr s)) (list (car s) (car (cdr s))) (car s)))
                                                      slots))
                                  (funcall make slot-names))))))
      (dolist (b (reverse boa))
        (let* ((cname (car b))
               (arglist (car (cdr b)))
               (mentioned (cl--lambda-vars arglist))
               (mode nil)
               (new-args
                (mapcar (lambda (a)
                          (cond ((memq a cl--lambda-list-keywords) (setq mode a) a)
                                ((and (symbolp a) (memq mode '(&optional &key))
                                      (car (cdr (assq a slots))))
                                 (list a (car (cdr (assq a slots)))))
                                (t a)))
                        arglist))
               (aux (delq nil (mapcar (lambda (s) (and (not (memq (car s) mentioned))
                                                       (list (car s) (car (cdr s)))))
                                      slots))))
          (when aux
            (setq new-args (if (memq '&aux new-args) (append new-args aux)
                             (append new-args (cons '&aux aux)))))
          (setq forms (append forms
                              (list (list 'cl-defun cname new-args (funcall make slot-names)))))))
      ;; Copier.
      (when copier
        (setq forms (append forms (list (list 'defalias (list 'quote copier) '#'copy-sequence)))))
      (cons 'progn (append forms (list (list 'quote name)))))))

(provide 'cl-macs)
;;; cl-macs.el ends here
