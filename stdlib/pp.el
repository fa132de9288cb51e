;;; pp.el --- pretty printer for Emacs Lisp  -*- lexical-binding: t -*-

;; Emacs's layout: the object is printed with `prin1', a line is broken
;; before every list that follows whitespace and after every run of closing
;; parentheses, then the lines are indented as Lisp code (`indent-sexp'
;; with `lisp-indent-function' rules, tabs for every 8 columns).

(defvar pp-escape-newlines t
  "Value of `print-escape-newlines' used by pp-* functions.")

(defconst pp--special-indent
  '((let . 1) (let* . 1) (if . 2) (while . 1) (catch . 1) (unwind-protect . 1)
    (condition-case . 2) (progn . 0) (prog1 . 1) (prog2 . 2) (save-excursion . 0)
    (save-restriction . 0) (save-current-buffer . 0) (lambda . defun) (closure . nil)
    (defun . 2) (defmacro . 2) (defalias . nil)
    (interactive . 0))
  "Indentation of the special forms, which carry no `lisp-indent-function'.")

(defun pp--break-lines (text)
  "TEXT (printed Lisp) with Emacs's `pp-buffer' line breaks."
  (let ((out nil) (i 0) (n (length text)) (in-string nil))
    (while (< i n)
      (let ((c (aref text i)))
        (cond
         (in-string
          (setq out (cons c out))
          (cond ((eq c ?\\) (setq i (1+ i)) (if (< i n) (setq out (cons (aref text i) out))))
                ((eq c ?\") (setq in-string nil))))
         ((eq c ?\") (setq in-string t out (cons c out)))
         ((eq c ?\\)
          (setq out (cons c out) i (1+ i))
          (if (< i n) (setq out (cons (aref text i) out))))
         ((memq c '(?\( ?\[))
          ;; Skip back over quote prefixes, then replace preceding whitespace by a newline.
          (let ((prefix nil))
            (while (and out (memq (car out) '(?' ?` ?# ?^)))
              (setq prefix (cons (car out) prefix) out (cdr out)))
            (when (and out (memq (car out) '(?\s ?\t ?\n)))
              (while (and out (memq (car out) '(?\s ?\t ?\n))) (setq out (cdr out)))
              (setq out (cons ?\n out)))
            (setq out (append (reverse prefix) out))
            (setq out (cons c out))))
         ((memq c '(?\) ?\]))
          (setq out (cons c out))
          (while (and (< (1+ i) n) (memq (aref text (1+ i)) '(?\) ?\])))
            (setq i (1+ i) out (cons (aref text i) out)))
          (while (and (< (1+ i) n) (memq (aref text (1+ i)) '(?\s ?\t ?\n)))
            (setq i (1+ i)))
          (setq out (cons ?\n out)))
         (t (setq out (cons c out)))))
      (setq i (1+ i)))
    (concat (nreverse out))))

(defun pp--indent-string (col)
  (if (> col 0)
      (concat (make-string (/ col 8) ?\t) (make-string (% col 8) ?\s))
    ""))

(defun pp--symbolish-p (text)
  (and (> (length text) 0)
       (not (memq (aref text 0) '(?\( ?\[ ?\" ?' ?` ?, ?# ??)))))

(defun pp--indent-method (name)
  (let ((sym (intern-soft name)))
    (cond ((null sym) (if (and (> (length name) 3) (string-prefix-p "def" name)) 'defun))
          ((assq sym pp--special-indent) (cdr (assq sym pp--special-indent)))
          ((function-get sym 'lisp-indent-function))
          ((and (> (length name) 3) (string-prefix-p "def" name)) 'defun))))

(defun pp--line-indent (frame line)
  "Indentation column for a line starting inside the list FRAME.
FRAME is a vector [OPEN-COL OPEN-LINE ELEMENTS BRACKET], ELEMENTS a
reversed list of (COL LINE TEXT) for the elements started so far."
  (let* ((open-col (aref frame 0))
         (elements (reverse (aref frame 2)))
         (n (length elements))
         (first (car elements))
         (last (car (last elements))))
    (ignore line)
    (if (= n 0)
        (1+ open-col)
      (let ((normal
             (cond ((memq (aref (nth 2 first) 0) '(?\( ?\[)) (nth 0 first))
                   ((= (nth 1 last) (nth 1 first))
                    (if (= n 1) (nth 0 first) (nth 0 (nth 1 elements))))
                   (t (nth 0 (let ((e elements))
                               (while (/= (nth 1 (car e)) (nth 1 last)) (setq e (cdr e)))
                               (car e)))))))
        (if (or (aref frame 3) (not (pp--symbolish-p (nth 2 first))))
            normal
          (let ((method (pp--indent-method (nth 2 first)))
                (args-before (1- n)))
            (cond
             ((eq method 'defun)
              (if (= (nth 1 last) (nth 1 first)) (+ open-col 2) normal))
             ((integerp method)
              (if (< args-before method)
                  (if (<= args-before 1) (+ open-col 4) normal)
                (if (or (and (= method 0) (= args-before 0))
                        (and (= args-before method) (<= (+ open-col 2) normal)))
                    (+ open-col 2)
                  normal)))
             (t normal))))))))

(defun pp--indent (text start-col)
  "Indent the lines of TEXT after the first, as if TEXT started at column START-COL."
  (let ((out nil) (i 0) (n (length text)) (col start-col) (line 0)
        (stack nil) (in-string nil) (in-atom nil))
    (while (< i n)
      (let ((c (aref text i)))
        (cond
         (in-string
          (cond ((eq c ?\\)
                 (setq out (cons c out) col (1+ col) i (1+ i) c (aref text i)))
                ((eq c ?\") (setq in-string nil)))
          (setq out (cons c out))
          (setq col (if (eq c ?\n) 0 (1+ col))))
         ((eq c ?\n)
          (setq out (cons c out) line (1+ line) in-atom nil)
          (while (and (< (1+ i) n) (memq (aref text (1+ i)) '(?\s ?\t))) (setq i (1+ i)))
          (setq col (if stack (pp--line-indent (car stack) line) 0))
          (setq out (append (reverse (append (pp--indent-string col) nil)) out)))
         (t
          (when (and stack (not in-atom) (not (memq c '(?\s ?\t ?\) ?\]))))
            (aset (car stack) 2 (cons (list col line (pp--token-at text i)) (aref (car stack) 2))))
          (cond ((eq c ?\") (setq in-string t in-atom nil))
                ((memq c '(?\( ?\[))
                 (setq in-atom nil)
                 (setq stack (cons (vector col line nil (eq c ?\[)) stack)))
                ((memq c '(?\) ?\]))
                 (setq in-atom nil stack (cdr stack)))
                ((memq c '(?\s ?\t)) (setq in-atom nil))
                ((eq c ?\\)
                 (setq out (cons c out) col (1+ col) i (1+ i) c (aref text i) in-atom t))
                (t (setq in-atom t)))
          (setq out (cons c out))
          (setq col (if (eq c ?\t) (* 8 (1+ (/ col 8))) (1+ col))))))
      (setq i (1+ i)))
    (concat (nreverse out))))

(defun pp--token-at (text i)
  "The text of the token starting at I in TEXT (enough to classify it)."
  (let ((j i) (n (length text)))
    (while (and (< j n) (memq (aref text j) '(?' ?` ?, ?#))) (setq j (1+ j)))
    (if (and (< j n) (memq (aref text j) '(?\( ?\[ ?\")))
        (substring text i (1+ j))
      (while (and (< j n) (not (memq (aref text j) '(?\s ?\t ?\n ?\( ?\) ?\[ ?\] ?\"))))
        (if (eq (aref text j) ?\\) (setq j (1+ j)))
        (setq j (1+ j)))
      (substring text i (min j n)))))

(defun pp--to-string-at (object start-col)
  "The pretty representation of OBJECT laid out as if starting at column START-COL."
  (let ((text (let ((print-escape-newlines pp-escape-newlines)
                    (print-quoted t))
                (prin1-to-string object))))
    (pp--indent (pp--break-lines text) start-col)))

(defun pp-to-string (object)
  "Return a string containing the pretty-printed representation of OBJECT."
  (pp--to-string-at object 0))

(defun pp (object &optional stream)
  "Output the pretty-printed representation of OBJECT, any Lisp object."
  (princ (pp-to-string object) (or stream standard-output)))

(provide 'pp)
;;; pp.el ends here
