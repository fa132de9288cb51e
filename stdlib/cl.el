;;; cl.el --- the obsolete Common Lisp names, as aliases of cl-lib  -*- lexical-binding: t -*-

;; Old code does (require 'cl) and uses the unprefixed names.

(require 'cl-lib)

(dolist (name '(;; macros
                loop case ecase typecase etypecase incf decf pushnew callf callf2
                defstruct destructuring-bind block return return-from
                do do* do-symbols do-all-symbols multiple-value-bind multiple-value-setq
                check-type assert psetq psetf shiftf rotatef remf the locally eval-when
                load-time-value declaim declare progv symbol-macrolet macrolet letf letf*
                deftype define-compiler-macro tagbody flet* defsubst*
                ;; functions
                first second third fourth fifth sixth seventh eighth ninth tenth rest endp
                list* copy-list list-length tailp ldiff revappend nreconc acons pairlis getf
                values values-list multiple-value-list nth-value gensym gentemp tree-equal
                equalp typep coerce concatenate plusp minusp oddp evenp signum gcd lcm isqrt
                floor* ceiling* truncate* round* mod* rem* parse-integer digit-char-p random*
                remove-if remove-if-not remove* delete* delete-if delete-if-not substitute
                substitute-if substitute-if-not nsubstitute nsubstitute-if nsubstitute-if-not
                remove-duplicates delete-duplicates position position-if position-if-not
                find find-if find-if-not count count-if count-if-not mismatch search
                member* member-if member-if-not assoc* assoc-if assoc-if-not rassoc*
                rassoc-if adjoin union nunion intersection nintersection set-difference
                nset-difference set-exclusive-or nset-exclusive-or subsetp subst subst-if
                nsubst sublis nsublis reduce mapcar* mapc* mapcan* maplist mapl mapcon map
                some every notany notevery subseq sort* stable-sort merge fill replace))
  (let* ((base (symbol-name name))
         (plain (if (string-suffix-p "*" base) (substring base 0 -1) base))
         (target (or (and (fboundp (intern (concat "cl-" base))) (intern (concat "cl-" base)))
                     (intern (concat "cl-" plain)))))
    (unless (fboundp name)
      (defalias name target))))

(defalias 'defun* 'cl-defun)
(defalias 'defmacro* 'cl-defmacro)
(defalias 'function* 'cl-function)
(defalias 'labels 'cl-labels)

(defmacro flet (bindings &rest body)
  "Make temporary overriding function definitions (dynamically, as the old `cl' did)."
  (declare (indent 1))
  (cons 'cl-letf
        (cons (mapcar (lambda (b)
                        (list (list 'symbol-function (list 'quote (car b)))
                              (if (and (cdr b) (null (cdr (cdr b))))
                                  (car (cdr b))
                                (list 'cl-function (cons 'lambda (cdr b))))))
                      bindings)
              body)))

(defmacro lexical-let (bindings &rest body)
  "Like `let', but lexically scoped, also in dynamically bound code."
  (declare (indent 1))
  (let ((vars (mapcar (lambda (b) (if (consp b) (car b) b)) bindings))
        (inits (mapcar (lambda (b) (if (consp b) (car (cdr b)) nil)) bindings)))
    (if lexical-binding
        (cons 'let (cons bindings body))
      (let ((temps (mapcar (lambda (v) (make-symbol (symbol-name v))) vars)))
        (cons 'funcall
              (cons (list 'eval
                          (list 'quote
                                (list 'function
                                      (list 'lambda temps
                                            (cons 'let (cons (cl-mapcar #'list vars temps) body)))))
                          t)
                    inits))))))

(defmacro lexical-let* (bindings &rest body)
  "Like `let*', but lexically scoped, also in dynamically bound code."
  (declare (indent 1))
  (if (null bindings)
      (cons 'progn body)
    (list 'lexical-let (list (car bindings)) (cons 'lexical-let* (cons (cdr bindings) body)))))

(provide 'cl)
;;; cl.el ends here
