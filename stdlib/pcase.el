;;; pcase.el --- ML-style pattern matching  -*- lexical-binding: t -*-

;; A straightforward pattern compiler: each clause's pattern becomes a test
;; that assigns the pattern variables as it goes; no decision trees.
;;
;; `pcase--match' returns a form that is non-nil iff the value of the form
;; VAL (a variable or a side-effect-free access path) matches PAT, setting
;; the pattern's variables with `setq' along the way.  `pcase--vars'
;; collects those variables.  With `pcase--nocheck' bound, structural tests
;; are dropped: that is how `pcase-let' destructures.

(defvar pcase--nocheck nil)

(defun pcase--self-quoting-p (x)
  (or (keywordp x) (integerp x) (stringp x)))

(defun pcase--check (form)
  (if pcase--nocheck t form))

(defun pcase--literal-test (val lit)
  (cond ((or (symbolp lit) (integerp lit)) (list 'eq val (list 'quote lit)))
        ((stringp lit) (list 'equal val lit))
        ((and (consp lit) (not (eq (car lit) 'quote))) (list 'equal val (list 'quote lit)))
        (t (list 'equal val (list 'quote lit)))))

(defun pcase--funcall (fun arg)
  "Code calling the pattern function FUN on ARG (as `pred' and `app' do)."
  (cond ((symbolp fun) (list fun arg))
        ((memq (car fun) '(lambda closure)) (list 'funcall (list 'function fun) arg))
        ((eq (car fun) 'function) (list 'funcall fun arg))
        (t (append fun (list arg)))))

(defun pcase--macroexpand (pat)
  (let ((exp (and (consp pat) (symbolp (car pat))
                  (get (car pat) 'pcase-macroexpander))))
    (if exp (pcase--macroexpand (apply exp (cdr pat))) pat)))

(defun pcase--bind-temp (val k)
  "Call K with a variable holding VAL when VAL is not already a symbol."
  (if (symbolp val)
      (funcall k val)
    (let ((tmp (make-symbol "x")))
      (list 'let (list (list tmp val)) (funcall k tmp)))))

(defun pcase--match (pat val)
  (setq pat (pcase--macroexpand pat))
  (cond
   ((eq pat '_) t)
   ((eq pat 't) t)
   ((null pat) (error "Unknown pattern `%S'" pat))
   ((keywordp pat) (pcase--check (list 'eq val pat)))
   ((symbolp pat) (list 'progn (list 'setq pat val) t))
   ((integerp pat) (pcase--check (list 'eql val pat)))
   ((stringp pat) (pcase--check (list 'equal val pat)))
   ((not (consp pat)) (error "Unknown pattern `%S'" pat))
   (t
    (let ((head (car pat)))
      (cond
       ((eq head 'quote) (pcase--check (pcase--literal-test val (car (cdr pat)))))
       ((eq head '\`) (pcase--match-q (car (cdr pat)) val))
       ((eq head 'pred)
        (let ((f (car (cdr pat))))
          (if (eq (car-safe f) 'not)
              (list 'not (pcase--funcall (car (cdr f)) val))
            (pcase--funcall f val))))
       ((eq head 'guard) (car (cdr pat)))
       ((eq head 'and)
        (let ((parts (mapcar (lambda (p) (pcase--match p val)) (cdr pat))))
          (setq parts (delq t parts))
          (cond ((null parts) t) ((null (cdr parts)) (car parts)) (t (cons 'and parts)))))
       ((eq head 'or)
        (let ((branches (cdr pat)) (forms nil))
          (while branches
            (let ((m (pcase--match (car branches) val))
                  (vars (pcase--vars (car branches))))
              (setq forms
                    (cons (if (and (cdr branches) vars)
                              (list 'or m (list 'progn (cons 'setq (apply #'append
                                                                         (mapcar (lambda (v) (list v nil))
                                                                                 vars)))
                                                nil))
                            m)
                          forms)))
            (setq branches (cdr branches)))
          (if (cdr forms) (cons 'or (nreverse forms)) (car forms))))
       ((eq head 'app)
        (let ((tmp (make-symbol "x")))
          (list 'let (list (list tmp (pcase--funcall (car (cdr pat)) val)))
                (pcase--match (car (cdr (cdr pat))) tmp))))
       ((eq head 'let)
        (let ((tmp (make-symbol "x")))
          (list 'let (list (list tmp (car (cdr (cdr pat)))))
                (pcase--match (car (cdr pat)) tmp))))
       ((eq head 'cl-type)
        (pcase--check (list 'cl-typep val (list 'quote (car (cdr pat))))))
       (t (error "Unknown %s pattern: %S" head pat)))))))

(defun pcase--match-q (qpat val)
  "Match the backquote pattern QPAT."
  (cond
   ((consp qpat)
    (if (eq (car qpat) '\,)
        (pcase--match (car (cdr qpat)) val)
      (pcase--bind-temp
       val
       (lambda (v)
         (let ((a (pcase--match-q (car qpat) (list (if pcase--nocheck 'car-safe 'car) v)))
               (d (pcase--match-q (cdr qpat) (list (if pcase--nocheck 'cdr-safe 'cdr) v))))
           (cons 'and (delq t (list (pcase--check (list 'consp v)) a d))))))))
   ((vectorp qpat)
    (pcase--bind-temp
     val
     (lambda (v)
       (let ((parts (list (pcase--check (list 'vectorp v))
                          (pcase--check (list '= (list 'length v) (length qpat)))))
             (i 0))
         (while (< i (length qpat))
           (setq parts (cons (pcase--match-q (aref qpat i) (list 'aref v i)) parts))
           (setq i (1+ i)))
         (cons 'and (delq t (nreverse parts)))))))
   ((null qpat) (pcase--check (list 'null val)))
   ((or (symbolp qpat) (integerp qpat)) (pcase--check (list 'eq val (list 'quote qpat))))
   (t (pcase--check (list 'equal val (list 'quote qpat))))))

(defun pcase--vars (pat)
  "The variables bound by PAT, in order of appearance."
  (let ((acc nil))
    (pcase--collect-vars pat (lambda (v) (unless (memq v acc) (setq acc (cons v acc)))))
    (nreverse acc)))

(defun pcase--collect-vars (pat add)
  (setq pat (pcase--macroexpand pat))
  (cond
   ((memq pat '(_ t nil)))
   ((keywordp pat))
   ((symbolp pat) (funcall add pat))
   ((not (consp pat)))
   ((eq (car pat) '\`) (pcase--collect-q-vars (car (cdr pat)) add))
   ((memq (car pat) '(and or)) (dolist (p (cdr pat)) (pcase--collect-vars p add)))
   ((eq (car pat) 'app) (pcase--collect-vars (car (cdr (cdr pat))) add))
   ((eq (car pat) 'let) (pcase--collect-vars (car (cdr pat)) add))))

(defun pcase--collect-q-vars (qpat add)
  (cond ((consp qpat)
         (if (eq (car qpat) '\,)
             (pcase--collect-vars (car (cdr qpat)) add)
           (pcase--collect-q-vars (car qpat) add)
           (pcase--collect-q-vars (cdr qpat) add)))
        ((vectorp qpat) (mapc (lambda (q) (pcase--collect-q-vars q add)) qpat))))

(defun pcase--expand (exp clauses)
  (let ((val (if (symbolp exp) exp (make-symbol "val")))
        (m (make-symbol "m"))
        (cond-clauses nil)
        (need-m nil))
    (dolist (clause clauses)
      (let* ((pat (car clause))
             (body (or (cdr clause) '(nil)))
             (vars (pcase--vars pat))
             (test (pcase--match pat val)))
        (if (null vars)
            (setq cond-clauses (cons (cons test body) cond-clauses))
          (setq need-m t)
          (setq cond-clauses
                (cons (list (list 'let vars (list 'and test (list 'setq m (cons 'list vars))))
                            (cons 'let (cons (let ((i -1))
                                               (mapcar (lambda (v) (list v (list 'nth (setq i (1+ i)) m)))
                                                       vars))
                                             body)))
                      cond-clauses)))))
    (let ((form (cons 'cond (nreverse cond-clauses)))
          (bindings (append (unless (eq val exp) (list (list val exp)))
                            (if need-m (list (list m nil))))))
      (if bindings (list 'let* bindings form) form))))

(defmacro pcase (exp &rest cases)
  "Evaluate EXP to get EXPVAL; try passing control to one of CASES."
  (declare (indent 1))
  (pcase--expand exp cases))

(defmacro pcase-exhaustive (exp &rest cases)
  "The exhaustive version of `pcase': signal an error if no case matches."
  (declare (indent 1))
  (let ((x (make-symbol "x")))
    (list 'let (list (list x exp))
          (pcase--expand x (append cases
                                   (list (list '_ (list 'error "No clause matching `%S'" x))))))))

(defmacro pcase-defmacro (name args &rest body)
  "Define a new kind of pcase PATTERN, by macro expansion."
  (declare (indent 2) (doc-string 3))
  (when (stringp (car body)) (setq body (cdr body)))
  (list 'progn
        (list 'put (list 'quote name) ''pcase-macroexpander
              (list 'function (cons 'lambda (cons args body))))
        (list 'quote name)))

(defun pcase--destructure (pat val)
  "Forms assigning the variables of PAT from VAL, without checking."
  (let ((pcase--nocheck t))
    (pcase--match pat val)))

(defmacro pcase-let* (bindings &rest body)
  "Like `let*', but supports destructuring BINDINGS using `pcase' patterns."
  (declare (indent 1))
  (if (null bindings)
      (cons 'let* (cons nil body))
    (let* ((b (car bindings))
           (pat (car b))
           (rest (if (cdr bindings) (list (cons 'pcase-let* (cons (cdr bindings) body))) body)))
      (if (and (symbolp pat) (not (eq pat '_)))
          (cons 'let* (cons (list b) rest))
        (let ((tmp (make-symbol "x")))
          (list 'let (list (list tmp (car (cdr b))))
                (cons 'let (cons (pcase--vars pat)
                                 (cons (pcase--destructure pat tmp) rest)))))))))

(defmacro pcase-let (bindings &rest body)
  "Like `let', but supports destructuring BINDINGS using `pcase' patterns."
  (declare (indent 1))
  (if (let ((simple t))
        (dolist (b bindings) (unless (and (symbolp (car b)) (not (eq (car b) '_))) (setq simple nil)))
        simple)
      (cons 'let (cons bindings body))
    (let ((temps nil) (vars nil) (matches nil))
      (dolist (b bindings)
        (let ((tmp (make-symbol "x")))
          (setq temps (cons (list tmp (car (cdr b))) temps))
          (setq vars (append vars (pcase--vars (car b))))
          (setq matches (cons (pcase--destructure (car b) tmp) matches))))
      (list 'let (nreverse temps)
            (cons 'let (cons vars (append (nreverse matches) body)))))))

(defmacro pcase-dolist (spec &rest body)
  "Eval BODY once for each set of bindings defined by PATTERN and LIST elements."
  (declare (indent 1))
  (if (and (symbolp (car spec)) (not (eq (car spec) '_)))
      (cons 'dolist (cons spec body))
    (let ((tmp (make-symbol "x")))
      (list 'dolist (cons tmp (cdr spec))
            (cons 'pcase-let* (cons (list (list (car spec) tmp)) body))))))

(defmacro pcase-setq (pat val &rest args)
  "Assign values to variables by destructuring with `pcase'."
  (let ((forms nil))
    (setq args (cons pat (cons val args)))
    (while args
      (let ((p (car args)) (v (car (cdr args))))
        (setq forms
              (cons (if (and (symbolp p) (not (eq p '_)))
                        (list 'setq p v)
                      (let ((tmp (make-symbol "x")))
                        (list 'let (list (list tmp v))
                              (pcase--destructure p tmp)
                              tmp)))
                    forms)))
      (setq args (cdr (cdr args))))
    (if (cdr forms) (cons 'progn (nreverse forms)) (car forms))))

(defmacro pcase-lambda (lambda-list &rest body)
  "Like `lambda' but allow each argument to be a pattern."
  (declare (doc-string 2) (indent defun))
  (let ((args nil) (binds nil))
    (dolist (a lambda-list)
      (if (or (memq a '(&optional &rest)) (and (symbolp a) (not (eq a '_))))
          (setq args (cons a args))
        (let ((tmp (make-symbol "arg")))
          (setq args (cons tmp args))
          (setq binds (cons (list a tmp) binds)))))
    (let ((doc (and (stringp (car body)) (cdr body) (list (car body)))))
      (if doc (setq body (cdr body)))
      (list 'function
            (cons 'lambda
                  (cons (nreverse args)
                        (append doc
                                (if binds
                                    (list (cons 'pcase-let* (cons (nreverse binds) body)))
                                  body))))))))

(provide 'pcase)
;;; pcase.el ends here
