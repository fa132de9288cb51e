;;; -*- lexical-binding: t -*-
;;; Data-primitive benchmarks: each entry is (NAME . THUNK); `data-bench-run'
;;; times each thunk with float-time and prints "NAME MS" (median of REPS).
;;; Entries for format and split-string are included only when defined.

(defvar data-bench-numbers
  (let ((l nil) (x 12345))
    (dotimes (_ 100000)
      (setq x (% (+ (* x 1103515245) 12345) 2147483648))
      (push x l))
    l))

(defvar data-bench-strings
  (mapcar (lambda (n) (concat "k" (number-to-string n))) data-bench-numbers))

(defvar data-bench-programs
  (append
   (list
    (cons "concat-1e5" (lambda () (let ((i 0) (s nil)) (while (< i 100000) (setq s (concat "key-" "value" (if s "x" "y"))) (setq i (1+ i))) s)))
    ;; 100 times: once takes a fraction of a millisecond, below what float-time tells apart.
    (cons "concat-list-100x1e4" (lambda () (let ((n 0)) (dotimes (_ 100) (setq n (+ n (length (apply #'concat (make-list 10000 "abcdef")))))) n)))
    (cons "sort-1e5-<" (lambda () (length (sort (copy-sequence data-bench-numbers) #'<))))
    (cons "sort-1e5-lambda" (lambda () (length (sort (copy-sequence data-bench-numbers) (lambda (a b) (< a b))))))
    (cons "sort-1e5-string<" (lambda () (length (sort (copy-sequence data-bench-strings) #'string<))))
    (cons "sort-vector-1e5" (lambda () (length (sort (vconcat data-bench-numbers) #'<))))
    (cons "mapcar-10x1e5" (lambda () (dotimes (_ 10) (mapcar #'1+ data-bench-numbers))))
    (cons "nth-assq-memq-1e5" (lambda () (let ((al (mapcar (lambda (i) (cons i i)) (number-sequence 0 99))) (l (number-sequence 0 99)) (s 0))
                                           (dotimes (i 100000) (setq s (+ s (nth (% i 100) l) (cdr (assq (% i 100) al)) (length (memq (% i 100) l)))))
                                           s)))
    (cons "number-string-1e5" (lambda () (let ((s 0)) (dolist (n data-bench-numbers) (setq s (+ s (string-to-number (number-to-string n))))) s)))
    (cons "substring-upcase-1e5" (lambda () (let ((s 0)) (dolist (str data-bench-strings) (setq s (+ s (length (upcase (substring str 1)))))) s)))
    (cons "hash-equal-1e5" (lambda () (let ((h (make-hash-table :test 'equal))) (dolist (str data-bench-strings) (puthash str t h)) (hash-table-count h)))))
   (and (fboundp 'format)
        (list (cons "format-1e5" (lambda () (let ((i 0) (s nil)) (while (< i 100000) (setq s (format "%d-%s" i "v")) (setq i (1+ i))) s)))))
   (and (fboundp 'split-string)
        (list (cons "split-string-1e4" (lambda () (let ((line (mapconcat #'identity (make-list 20 "field") ",")) (n 0)) (dotimes (_ 10000) (setq n (+ n (length (split-string line ","))))) n)))))))

(defun data-bench-collect (reps)
  "Run every program REPS times; return a list of (NAME . MEDIAN-MS)."
  (let ((results nil))
    (dolist (p data-bench-programs)
      (let ((times nil))
        (dotimes (_ reps)
          (garbage-collect)
          (let ((start (float-time)))
            (funcall (cdr p))
            (push (* 1000 (- (float-time) start)) times)))
        (setq times (sort times #'<))
        (push (cons (car p) (nth (/ (length times) 2) times)) results)))
    (nreverse results)))

(defun data-bench-run (reps)
  (dolist (r (data-bench-collect reps))
    ;; Printed without `format', which is not a data primitive.
    (princ (concat (car r) " " (number-to-string (/ (fround (* 10 (cdr r))) 10)) "\n"))))
