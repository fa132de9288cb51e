;;; -*- lexical-binding: t -*-
;;; Interpreter benchmarks: each entry is (NAME . THUNK); the driver times
;;; each thunk with float-time and prints "NAME MS" lines.

(defun bench-fib (n) (if (< n 2) n (+ (bench-fib (- n 1)) (bench-fib (- n 2)))))

(defvar bench-programs
  (list
   (cons "fib-25" (lambda () (bench-fib 25)))
   (cons "fib-30" (lambda () (bench-fib 30)))
   (cons "while-1e7" (lambda () (let ((i 0) (s 0)) (while (< i 10000000) (setq s (+ s i)) (setq i (1+ i))) s)))
   (cons "push-nreverse-1e6" (lambda () (let ((l nil) (i 0)) (while (< i 1000000) (setq l (cons i l)) (setq i (1+ i))) (length (nreverse l)))))
   (cons "mapcar-1e5" (lambda () (let ((l (number-sequence 1 100000))) (length (mapcar (lambda (x) (* x 2)) l)))))
   (cons "concat-format-1e5" (lambda () (let ((i 0) (s nil)) (while (< i 100000) (setq s (concat "k" (format "%d-%s" i "v"))) (setq i (1+ i))) s)))
   (cons "hash-1e6" (lambda () (let ((h (make-hash-table :test 'equal)) (i 0)) (while (< i 1000000) (puthash i i h) (setq i (1+ i))) (setq i 0) (let ((s 0)) (while (< i 1000000) (setq s (+ s (gethash i h))) (setq i (1+ i))) s))))))

(defun bench-run (reps)
  (dolist (p bench-programs)
    (let ((times nil))
      (dotimes (_ reps)
        (garbage-collect)
        (let ((start (float-time)))
          (funcall (cdr p))
          (push (* 1000 (- (float-time) start)) times)))
      (setq times (sort times #'<))
      (princ (format "%s %.1f\n" (car p) (nth (/ (length times) 2) times))))))
