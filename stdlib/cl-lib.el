;;; cl-lib.el --- Common Lisp extensions: functions  -*- lexical-binding: t -*-

;; The cl- functions that are not sequence functions.  The macros live in
;; cl-macs.el, the sequence functions in cl-seq.el and generic functions in
;; cl-generic.el; all are autoloaded (see subr.el).

(require 'gv)

(define-error 'cl-assertion-failed "Assertion failed")

;;;; Numbers.

(defun cl-plusp (number) "Return t if NUMBER is positive." (> number 0))
(defun cl-minusp (number) "Return t if NUMBER is negative." (< number 0))
(defun cl-oddp (integer) "Return t if INTEGER is odd." (eq (logand integer 1) 1))
(defun cl-evenp (integer) "Return t if INTEGER is even." (eq (logand integer 1) 0))

(defun cl-signum (x)
  "Return 1 if X is positive, -1 if negative, 0 if zero."
  (cond ((> x 0) 1) ((< x 0) -1) (t 0)))

(defun cl-gcd (&rest args)
  "Return the greatest common divisor of the arguments."
  (let ((a (abs (or (car args) 0))))
    (setq args (cdr args))
    (while args
      (let ((b (abs (car args))))
        (while (> b 0) (setq b (% a (setq a b)))))
      (setq args (cdr args)))
    a))

(defun cl-lcm (&rest args)
  "Return the least common multiple of the arguments."
  (if (memq 0 args)
      0
    (let ((a (abs (or (car args) 1))))
      (setq args (cdr args))
      (while args
        (let ((b (abs (car args))))
          (setq a (* (/ a (cl-gcd a b)) b)))
        (setq args (cdr args)))
      a)))

(defun cl-isqrt (x)
  "Return the integer square root of the (integer) argument X."
  (if (and (integerp x) (> x 0))
      (let ((g (cond ((<= x 100) 10) ((<= x 10000) 100) ((<= x 1000000) 1000) (t x)))
            g2)
        (while (< (setq g2 (/ (+ g (/ x g)) 2)) g)
          (setq g g2))
        g)
    (if (eq x 0) 0 (signal 'arith-error nil))))

(defun cl-floor (x &optional y)
  "Return a list of the floor of X and the fractional part of X."
  (let ((q (floor x y)))
    (list q (- x (if y (* y q) q)))))

(defun cl-ceiling (x &optional y)
  "Return a list of the ceiling of X and the fractional part of X."
  (let ((res (cl-floor x y)))
    (if (= (car (cdr res)) 0) res
      (list (1+ (car res)) (- (car (cdr res)) (or y 1))))))

(defun cl-truncate (x &optional y)
  "Return a list of the integer part of X and the fractional part of X."
  (if (eq (>= x 0) (or (null y) (>= y 0)))
      (cl-floor x y) (cl-ceiling x y)))

(defun cl-round (x &optional y)
  "Return a list of X rounded to the nearest integer and the remainder."
  (if y
      (if (and (integerp x) (integerp y))
          (let* ((hy (/ y 2))
                 (res (cl-floor (+ x hy) y)))
            (if (and (= (car (cdr res)) 0)
                     (= (+ hy hy) y)
                     (/= (% (car res) 2) 0))
                (list (1- (car res)) hy)
              (list (car res) (- (car (cdr res)) hy))))
        (let ((q (round (/ x y))))
          (list q (- x (* q y)))))
    (if (integerp x) (list x 0)
      (let ((q (round x)))
        (list q (- x q))))))

(defun cl-mod (x y) "The remainder of floor division of X by Y." (nth 1 (cl-floor x y)))
(defun cl-rem (x y) "The remainder of truncating division of X by Y." (nth 1 (cl-truncate x y)))

(defun cl-digit-char-p (char &optional radix)
  "Test if CHAR is a digit in the specified RADIX (default 10)."
  (let ((r (or radix 10))
        (n (cond ((and (>= char ?0) (<= char ?9)) (- char ?0))
                 ((and (>= char ?a) (<= char ?z)) (+ 10 (- char ?a)))
                 ((and (>= char ?A) (<= char ?Z)) (+ 10 (- char ?A))))))
    (and n (< n r) n)))

(defun cl-parse-integer (string &rest keys)
  "Parse an integer from STRING.
Keywords :start, :end, :radix and :junk-allowed are supported."
  (let* ((start (or (plist-get keys :start) 0))
         (radix (plist-get keys :radix))
         (junk-allowed (plist-get keys :junk-allowed))
         (len (length string))
         (end (or (plist-get keys :end) len))
         (radix (or radix 10))
         (i start)
         (sign 1)
         (sum nil))
    (while (and (< i end) (memq (aref string i) '(?\s ?\t ?\n ?\r ?\f)))
      (setq i (1+ i)))
    (cond ((and (< i end) (eq (aref string i) ?+)) (setq i (1+ i)))
          ((and (< i end) (eq (aref string i) ?-)) (setq i (1+ i) sign -1)))
    (let (d)
      (while (and (< i end) (setq d (cl-digit-char-p (aref string i) radix)))
        (setq sum (+ (* (or sum 0) radix) d) i (1+ i))))
    (while (and (< i end) (memq (aref string i) '(?\s ?\t ?\n ?\r ?\f)))
      (setq i (1+ i)))
    (cond ((and junk-allowed (null sum)) sum)
          (junk-allowed (* sign sum))
          ((or (/= i end) (null sum))
           (error "Not an integer string: `%s'" string))
          (t (* sign sum)))))

(defun cl-random (lim &optional _state)
  "Return a pseudo-random nonnegative number less than LIM."
  (if (integerp lim) (random lim) (* lim (/ (random 1000000) 1000000.0))))

;;;; Lists.

(defun cl-first (x) "Return the first element of X." (car x))
(defun cl-second (x) "Return the second element of X." (car (cdr x)))
(defun cl-third (x) "Return the third element of X." (nth 2 x))
(defun cl-fourth (x) "Return the fourth element of X." (nth 3 x))
(defun cl-fifth (x) "Return the fifth element of X." (nth 4 x))
(defun cl-sixth (x) "Return the sixth element of X." (nth 5 x))
(defun cl-seventh (x) "Return the seventh element of X." (nth 6 x))
(defun cl-eighth (x) "Return the eighth element of X." (nth 7 x))
(defun cl-ninth (x) "Return the ninth element of X." (nth 8 x))
(defun cl-tenth (x) "Return the tenth element of X." (nth 9 x))
(defun cl-rest (x) "Return all but the first element of X." (cdr x))
(defun cl-endp (x)
  "Return true if X is the empty list; false if it is a cons."
  (if (listp x) (null x) (signal 'wrong-type-argument (list 'list x 'x))))

(let ((n 0))
  (dolist (name '(cl-first cl-second cl-third cl-fourth cl-fifth cl-sixth cl-seventh
                  cl-eighth cl-ninth cl-tenth))
    (let ((idx n))
      (function-put name 'gv-expander
                    (lambda (do x)
                      (gv--let-value x
                        (lambda (v)
                          (funcall do (list 'nth idx v)
                                   (lambda (val) (list 'setcar (list 'nthcdr idx v) val))))
                        #'gv--copyable-p))))
    (setq n (1+ n))))
(function-put 'cl-rest 'gv-expander (function-get 'cdr 'gv-expander))
(function-put 'cl-rest 'gv-simple-setter '(setcdr))

(defun cl-list* (arg &rest others)
  "Return a new list with specified ARGs as elements, consed to last ARG."
  (cond ((not others) arg)
        ((not (cdr others)) (cons arg (car others)))
        (t (let* ((n (length others))
                  (copy (copy-sequence others))
                  (last (nthcdr (- n 2) copy)))
             (setcdr last (car (cdr last)))
             (cons arg copy)))))

(defun cl-copy-list (list)
  "Return a copy of LIST, which may be a dotted list."
  (if (consp list)
      (let ((res nil))
        (while (consp list) (setq res (cons (car list) res) list (cdr list)))
        (prog1 (nreverse res) (setcdr res list)))
    (car list)))

(defun cl-list-length (x)
  "Return the length of list X.  Return nil if list is circular."
  (let ((n 0) (fast x) (slow x) (done nil) (result nil))
    (while (not done)
      (cond ((null fast) (setq done t result n))
            ((null (cdr fast)) (setq done t result (1+ n)))
            ((and (> n 0) (eq fast slow)) (setq done t result nil))
            (t (setq n (+ n 2) fast (cdr (cdr fast)) slow (cdr slow)))))
    result))

(defun cl-tailp (sublist list)
  "Return true if SUBLIST is a tail of LIST."
  (while (and (consp list) (not (eq sublist list)))
    (setq list (cdr list)))
  (if (numberp sublist) (equal sublist list) (eq sublist list)))

(defun cl-ldiff (list sublist)
  "Return a copy of LIST with the tail SUBLIST removed."
  (let ((res nil))
    (while (and (consp list) (not (eq list sublist)))
      (setq res (cons (car list) res) list (cdr list)))
    (nreverse res)))

(defun cl-revappend (x y) "Equivalent to (append (reverse X) Y)." (nconc (reverse x) y))
(defun cl-nreconc (x y) "Equivalent to (nconc (nreverse X) Y)." (nconc (nreverse x) y))

(defun cl-acons (key value alist)
  "Add KEY and VALUE to ALIST."
  (cons (cons key value) alist))

(defun cl-pairlis (keys values &optional alist)
  "Make an alist from KEYS and VALUES, prepended to ALIST."
  (nconc (cl-mapcar #'cons keys values) alist))

(defun cl-getf (plist tag &optional def)
  "Search PROPLIST for property PROPNAME; return its value or DEFAULT."
  (let ((p (plist-member plist tag)))
    (if p (car (cdr p)) def)))

(defun cl--set-getf (plist tag val)
  (let ((p plist))
    (while (and p (not (eq (car p) tag))) (setq p (cdr (cdr p))))
    (if p (progn (setcar (cdr p) val) plist)
      (cl-list* tag val plist))))

(function-put 'cl-getf 'gv-expander
              (lambda (do plist tag &optional def)
                (gv-get plist
                        (lambda (getter setter)
                          (gv--let-value tag
                            (lambda (k)
                              (funcall do (list 'cl-getf getter k def)
                                       (lambda (v)
                                         (gv--let-value v
                                           (lambda (val)
                                             (list 'progn
                                                   (funcall setter (list 'cl--set-getf getter k val))
                                                   val))
                                           #'gv--const-p))))
                            #'gv--copyable-p)))))

(defun cl--do-remf (plist tag)
  (let ((p (cdr plist)))
    (while (and (cdr p) (not (eq (car (cdr p)) tag))) (setq p (cdr (cdr p))))
    (and (cdr p) (progn (setcdr p (cdr (cdr (cdr p)))) t))))

(defun cl-get (sym tag &optional def)
  "Return the value of SYMBOL's PROPNAME property, or DEFAULT if none."
  (cl-getf (symbol-plist sym) tag def))

(defun cl-values (&rest values) "Return multiple values." values)
(defun cl-values-list (list) "Return multiple values from LIST." list)
(defun cl-multiple-value-list (expression) "Return a list of the values." expression)
(defun cl-nth-value (n expression) "Return the Nth value of EXPRESSION." (nth n expression))

(defvar cl--gensym-counter 0)
(defun cl-gensym (&optional prefix)
  "Generate a new uninterned symbol."
  (let ((pfix (if (stringp prefix) prefix "G"))
        (num (if (integerp prefix) prefix
               (prog1 cl--gensym-counter
                 (setq cl--gensym-counter (1+ cl--gensym-counter))))))
    (make-symbol (format "%s%d" pfix num))))

(defun cl-gentemp (&optional prefix)
  "Generate a new interned symbol with a unique name."
  (let ((pfix (if (stringp prefix) prefix "T")) name)
    (while (intern-soft (setq name (format "%s%d" pfix cl--gensym-counter)))
      (setq cl--gensym-counter (1+ cl--gensym-counter)))
    (intern name)))

(defun cl-tree-equal (x y &rest keys)
  "Return t if trees X and Y have `eql' leaves."
  (let ((test (or (plist-get keys :test) #'eql))
        (key (plist-get keys :key)))
    (cl--tree-equal x y test key)))

(defun cl--tree-equal (x y test key)
  (while (and (consp x) (consp y) (cl--tree-equal (car x) (car y) test key))
    (setq x (cdr x) y (cdr y)))
  (and (not (consp x)) (not (consp y))
       (funcall test (if key (funcall key x) x) (if key (funcall key y) y))
       t))

;;;; Equality and types.

(defun cl-equalp (x y)
  "Return t if two Lisp objects have similar structures and contents.
Like `equal', but compares strings case-insensitively and numbers by value."
  (cond ((eq x y) t)
        ((stringp x) (and (stringp y) (string= (downcase x) (downcase y))))
        ((numberp x) (and (numberp y) (= x y)))
        ((consp x)
         (while (and (consp x) (consp y) (cl-equalp (car x) (car y)))
           (setq x (cdr x) y (cdr y)))
         (and (not (consp x)) (cl-equalp x y)))
        ((vectorp x)
         (and (vectorp y) (= (length x) (length y))
              (let ((i (length x)))
                (while (and (>= (setq i (1- i)) 0) (cl-equalp (aref x i) (aref y i))))
                (< i 0))))
        (t (equal x y))))

(defun cl--struct-type-p (type)
  (and (symbolp type) (get type 'cl--struct-tags-var)))

(defun cl-typep (object type)
  "Return non-nil if OBJECT is of type TYPE."
  (cond
   ((eq type t) t)
   ((null type) nil)
   ((consp type)
    (let ((head (car type)))
      (cond
       ((eq head 'and) (let ((ok t) (ts (cdr type)))
                         (while (and ok ts) (setq ok (cl-typep object (car ts)) ts (cdr ts)))
                         (and ok t)))
       ((eq head 'or) (let ((ok nil) (ts (cdr type)))
                        (while (and (not ok) ts) (setq ok (cl-typep object (car ts)) ts (cdr ts)))
                        (and ok t)))
       ((eq head 'not) (not (cl-typep object (car (cdr type)))))
       ((memq head '(member cl-member)) (and (memql object (cdr type)) t))
       ((eq head 'eql) (eql object (car (cdr type))))
       ((eq head 'satisfies) (and (funcall (car (cdr type)) object) t))
       ((memq head '(integer float real number))
        (and (cl-typep object head)
             (let ((lo (nth 1 type)) (hi (nth 2 type)))
               (and (or (memq lo '(* nil)) (>= object lo))
                    (or (memq hi '(* nil)) (<= object hi))))))
       ((and (symbolp head) (get head 'cl-deftype-handler))
        (cl-typep object (apply (get head 'cl-deftype-handler) (cdr type))))
       (t (error "Bad type spec: %s" type)))))
   ((not (symbolp type)) (error "Bad type spec: %s" type))
   (t
    (let ((pred (get type 'cl-deftype-satisfies))
          (expander (get type 'cl-deftype-handler)))
      (cond
       (pred (and (funcall pred object) t))
       (expander (cl-typep object (funcall expander)))
       ((memq type '(real number)) (numberp object))
       ((eq type 'float) (floatp object))
       ((eq type 'fixnum) (fixnump object))
       ((eq type 'bignum) (bignump object))
       ((eq type 'natnum) (natnump object))
       ((eq type 'character) (characterp object))
       ((eq type 'base-char) (characterp object))
       ((eq type 'boolean) (booleanp object))
       ((eq type 'keyword) (keywordp object))
       ((eq type 'atom) (atom object))
       ((eq type 'null) (null object))
       ((eq type 'list) (listp object))
       ((eq type 'cons) (consp object))
       ((eq type 'symbol) (symbolp object))
       ((eq type 'string) (stringp object))
       ((eq type 'array) (arrayp object))
       ((eq type 'vector) (vectorp object))
       ((eq type 'sequence) (sequencep object))
       ((eq type 'function) (functionp object))
       ((eq type 'integer) (integerp object))
       ((eq type 'hash-table) (hash-table-p object))
       ((eq type 'record) (recordp object))
       ((eq type 'marker) (and (fboundp 'markerp) (markerp object)))
       ((eq type 'buffer) (and (fboundp 'bufferp) (bufferp object)))
       ((eq type 'process) (processp object))
       (t
        (let* ((name (symbol-name type))
               (p1 (intern-soft (concat name "p")))
               (p2 (intern-soft (concat name "-p"))))
          (cond ((and p1 (fboundp p1)) (and (funcall p1 object) t))
                ((and p2 (fboundp p2)) (and (funcall p2 object) t))
                (t (error "Unknown type %S" type))))))))))

(defun cl-coerce (x type)
  "Coerce OBJECT to type TYPE."
  (cond ((eq type 'list) (if (listp x) x (append x nil)))
        ((eq type 'vector) (if (vectorp x) x (vconcat x)))
        ((eq type 'bool-vector) (if (bool-vector-p x) x (apply #'bool-vector (append x nil))))
        ((eq type 'string) (if (stringp x) x (concat x)))
        ((eq type 'array) (if (arrayp x) x (vconcat x)))
        ((and (eq type 'character) (stringp x) (= (length x) 1)) (aref x 0))
        ((and (eq type 'character) (symbolp x)) (cl-coerce (symbol-name x) type))
        ((eq type 'float) (float x))
        ((cl-typep x type) x)
        (t (error "Can't coerce %s to type %s" x type))))

(defun cl-concatenate (type &rest sequences)
  "Concatenate, into a sequence of type TYPE, the argument SEQUENCEs."
  (cond ((eq type 'vector) (apply #'vconcat sequences))
        ((eq type 'string) (apply #'concat sequences))
        ((eq type 'list) (apply #'append (append sequences '(nil))))
        (t (error "Not a sequence type name: %S" type))))

(defun cl--check-key (key x) (if key (funcall key x) x))

(provide 'cl-lib)
;;; cl-lib.el ends here
