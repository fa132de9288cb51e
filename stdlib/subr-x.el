;;; subr-x.el --- extra Lisp functions  -*- lexical-binding: t -*-

(defvar macroexpand-all-environment nil)

;;;; Threading macros.

(defmacro thread-first (&rest forms)
  "Thread FORMS elements as the first argument of their successor."
  (declare (indent 0))
  (let ((acc (car forms)))
    (dolist (f (cdr forms))
      (setq acc (if (consp f) (cons (car f) (cons acc (cdr f))) (list f acc))))
    acc))

(defmacro thread-last (&rest forms)
  "Thread FORMS elements as the last argument of their successor."
  (declare (indent 0))
  (let ((acc (car forms)))
    (dolist (f (cdr forms))
      (setq acc (if (consp f) (append f (list acc)) (list f acc))))
    acc))

;;;; Conditional binding.

(defun internal--build-bindings (varlist)
  "Bindings for `if-let*': each variable is nil once one of them is nil."
  (let ((prev t) (out nil))
    (dolist (b varlist)
      (let ((binding
             (cond ((symbolp b) (list b b))
                   ((null (cdr b)) (list (make-symbol "s") (car b)))
                   ((cdr (cdr b)) (signal 'error (list "`let' bindings can have only one value-form" b)))
                   (t b))))
        (setq out (cons (list (car binding) (list 'and prev (car (cdr binding)))) out))
        (setq prev (car binding))))
    (cons (nreverse out) prev)))

(defmacro if-let* (varlist then &rest else)
  "Bind variables according to VARLIST and evaluate THEN or ELSE."
  (declare (indent 2))
  (if varlist
      (let ((b (internal--build-bindings varlist)))
        (list 'let* (car b) (cons 'if (cons (cdr b) (cons then else)))))
    (cons 'let* (cons nil (list then)))))

(defmacro when-let* (varlist &rest body)
  "Bind variables according to VARLIST and conditionally evaluate BODY."
  (declare (indent 1))
  (list 'if-let* varlist (if (cdr body) (cons 'progn body) (car body))))

(defmacro and-let* (varlist &rest body)
  "Bind variables according to VARLIST and conditionally evaluate BODY."
  (declare (indent 1))
  (if varlist
      (let ((b (internal--build-bindings varlist)))
        (list 'let* (car b) (if body (cons 'when (cons (cdr b) body)) (cdr b))))
    (if body (cons 'progn body) t)))

(defun internal--listify-spec (spec)
  (if (and (consp spec) (<= (length spec) 2) (not (listp (car spec))))
      (list spec)
    spec))

(defmacro if-let (spec then &rest else)
  "Bind variables according to SPEC and evaluate THEN or ELSE."
  (declare (indent 2))
  (list 'if-let* (internal--listify-spec spec) then (if (cdr else) (cons 'progn else) (car else))))

(defmacro when-let (spec &rest body)
  "Bind variables according to SPEC and conditionally evaluate BODY."
  (declare (indent 1))
  (list 'if-let spec (if (cdr body) (cons 'progn body) (car body))))

;;;; named-let.

(defun subr-x--tail-calls (form fnvar params loop-marker)
  "Rewrite tail calls (funcall FNVAR ARGS...) in FORM into assignments of PARAMS."
  (cond
   ((not (consp form)) form)
   ((and (eq (car form) 'funcall) (eq (car (cdr form)) fnvar))
    (let* ((args (cdr (cdr form)))
           (temps (mapcar (lambda (_) (make-symbol "a")) params))
           (binds nil) (sets nil) (ps params) (ts temps))
      (while ps
        (setq binds (cons (list (car ts) (car args)) binds))
        (setq sets (cons (list 'setq (car ps) (car ts)) sets))
        (setq ps (cdr ps) ts (cdr ts) args (cdr args)))
      (list 'let (nreverse binds) (cons 'progn (nreverse sets)) loop-marker)))
   ((memq (car form) '(progn let let* prog1))
    (cond ((eq (car form) 'progn)
           (let ((rev (reverse (cdr form))))
             (cons 'progn (nreverse (cons (subr-x--tail-calls (car rev) fnvar params loop-marker)
                                          (cdr rev))))))
          ((eq (car form) 'prog1) form)
          (t (let ((rev (reverse (cdr (cdr form)))))
               (cons (car form)
                     (cons (car (cdr form))
                           (nreverse (cons (subr-x--tail-calls (car rev) fnvar params loop-marker)
                                           (cdr rev)))))))))
   ((eq (car form) 'if)
    (cons 'if (cons (nth 1 form)
                    (cons (subr-x--tail-calls (nth 2 form) fnvar params loop-marker)
                          (let ((rev (reverse (nthcdr 3 form))))
                            (and rev (nreverse (cons (subr-x--tail-calls (car rev) fnvar params loop-marker)
                                                     (cdr rev)))))))))
   ((eq (car form) 'cond)
    (cons 'cond (mapcar (lambda (clause)
                          (if (cdr clause)
                              (let ((rev (reverse clause)))
                                (nreverse (cons (subr-x--tail-calls (car rev) fnvar params loop-marker)
                                                (cdr rev))))
                            clause))
                        (cdr form))))
   ((eq (car form) 'or)
    (let ((rev (reverse (cdr form))))
      (cons 'or (nreverse (cons (subr-x--tail-calls (car rev) fnvar params loop-marker) (cdr rev))))))
   ((eq (car form) 'and)
    (let ((rev (reverse (cdr form))))
      (cons 'and (nreverse (cons (subr-x--tail-calls (car rev) fnvar params loop-marker) (cdr rev))))))
   (t form)))

(defmacro named-let (name bindings &rest body)
  "Looping construct taken from Scheme: (named-let NAME BINDINGS BODY...).
NAME is bound to a function whose arguments are the variables of
BINDINGS; calls to NAME in tail position loop instead of recursing."
  (declare (indent 2))
  (let* ((fnvar (make-symbol (format "--%s--" name)))
         (params (mapcar (lambda (b) (if (consp b) (car b) b)) bindings))
         (inits (mapcar (lambda (b) (if (consp b) (car (cdr b)) nil)) bindings))
         (marker (make-symbol "--named-let-continue--"))
         (res (make-symbol "res"))
         (expanded (macroexpand-all
                    (cons 'progn body)
                    (cons (cons name (lambda (&rest args) (cons 'funcall (cons fnvar args))))
                          macroexpand-all-environment)))
         (looped (subr-x--tail-calls expanded fnvar params (list 'quote marker))))
    (list 'letrec
          (list (list fnvar
                      (list 'function
                            (list 'lambda params
                                  (list 'let (list (list res nil))
                                        (list 'while (list 'eq (list 'setq res looped)
                                                           (list 'quote marker)))
                                        res)))))
          (cons 'funcall (cons fnvar inits)))))

;;;; Strings.

(defun string-join (strings &optional separator)
  "Join all STRINGS using SEPARATOR."
  (mapconcat #'identity strings separator))

(defun string-empty-p (string)
  "Check whether STRING is empty."
  (string= string ""))

(defun string-blank-p (string)
  "Check whether STRING is either empty or only whitespace."
  (let ((i 0) (n (length string)))
    (while (and (< i n) (memq (aref string i) '(?\s ?\t ?\n ?\r)))
      (setq i (1+ i)))
    (and (= i n) 0)))

(defun string-remove-prefix (prefix string)
  "Remove PREFIX from STRING if present."
  (if (string-prefix-p prefix string)
      (substring string (length prefix))
    string))

(defun string-remove-suffix (suffix string)
  "Remove SUFFIX from STRING if present."
  (if (string-suffix-p suffix string)
      (substring string 0 (- (length string) (length suffix)))
    string))

(defun string-reverse (str)
  "Reverse the string STR."
  (apply #'string (nreverse (string-to-list str))))

(defun string-pad (string length &optional padding start)
  "Pad STRING to LENGTH using PADDING; before STRING if START is non-nil."
  (unless (natnump length)
    (signal 'wrong-type-argument (list 'natnump length)))
  (let ((pad-length (- length (length string))))
    (cond ((<= pad-length 0) string)
          (start (concat (make-string pad-length (or padding ?\s)) string))
          (t (concat string (make-string pad-length (or padding ?\s)))))))

(defun string-lines (string &optional omit-nulls)
  "Split STRING into a list of lines; with OMIT-NULLS, drop empty ones."
  (let ((lines nil) (start 0) (pos nil))
    (while (setq pos (string-search "\n" string start))
      (let ((line (substring string start pos)))
        (unless (and omit-nulls (equal line ""))
          (setq lines (cons line lines))))
      (setq start (1+ pos)))
    (let ((line (substring string start)))
      (unless (and omit-nulls (equal line ""))
        (setq lines (cons line lines))))
    (nreverse lines)))

(defun string-limit (string length &optional end _coding-system)
  "Return a substring of STRING that is (up to) LENGTH characters long.
With END, return the last LENGTH characters instead."
  (unless (natnump length)
    (signal 'wrong-type-argument (list 'wholenump length)))
  (cond ((<= (length string) length) string)
        (end (substring string (- (length string) length)))
        (t (substring string 0 length))))

(defun string-truncate-left (string length)
  "Truncate STRING to LENGTH, replacing initial surplus with \"...\"."
  (let ((strlen (length string)))
    (if (<= strlen length)
        string
      (setq length (max 0 (- length 3)))
      (concat "..." (substring string (max 0 (- strlen 1 length)))))))

(defun subr-x--fill-paragraph (para length)
  (let ((indent (let ((i 0))
                  (while (and (< i (length para)) (memq (aref para i) '(?\s ?\t))) (setq i (1+ i)))
                  (substring para 0 i)))
        (words nil) (i 0) (n (length para)))
    (while (< i n)
      (while (and (< i n) (memq (aref para i) '(?\s ?\t ?\n))) (setq i (1+ i)))
      (let ((start i))
        (while (and (< i n) (not (memq (aref para i) '(?\s ?\t ?\n)))) (setq i (1+ i)))
        (if (> i start) (setq words (cons (substring para start i) words)))))
    (setq words (nreverse words))
    (let ((lines nil) (line indent) (line-empty t))
      (dolist (w words)
        (cond (line-empty (setq line (concat line w) line-empty nil))
              ((<= (+ (length line) 1 (length w)) length) (setq line (concat line " " w)))
              (t (setq lines (cons line lines) line w))))
      (setq lines (cons line lines))
      (mapconcat #'identity (nreverse lines) "\n"))))

(defun string-fill (string length)
  "Fill STRING to LENGTH, breaking lines at whitespace; paragraphs are kept."
  (let ((paras nil) (start 0) (pos nil))
    (while (setq pos (string-search "\n\n" string start))
      (setq paras (cons (substring string start pos) paras))
      (setq start (+ pos 2))
      (while (and (< start (length string)) (eq (aref string start) ?\n))
        (setq start (1+ start))))
    (setq paras (cons (substring string start) paras))
    (mapconcat (lambda (p) (subr-x--fill-paragraph p length)) (nreverse paras) "\n\n")))

(defun string-chop-newline (string)
  "Remove the final newline (if any) from STRING."
  (string-remove-suffix "\n" string))

(defun string-clean-whitespace (string)
  "Clean up whitespace in STRING: trim it and collapse internal runs to one space."
  (let ((blank "[[:space:]\r\n]+"))
    (string-trim (replace-regexp-in-string blank " " string t t) blank blank)))

;;;; Hash tables.

(defun hash-table-keys (hash-table)
  "Return a list of keys in HASH-TABLE."
  (let ((keys nil))
    (maphash (lambda (k _) (setq keys (cons k keys))) hash-table)
    (nreverse keys)))

(defun hash-table-values (hash-table)
  "Return a list of values in HASH-TABLE."
  (let ((values nil))
    (maphash (lambda (_ v) (setq values (cons v values))) hash-table)
    (nreverse values)))

(defun hash-table-empty-p (hash-table)
  "Check whether HASH-TABLE is empty (has 0 elements)."
  (zerop (hash-table-count hash-table)))

(provide 'subr-x)
;;; subr-x.el ends here
