;; -*- lexical-binding: t -*-
;; Hash tables: slot order after remhash (a freed slot is reused, last freed first),
;; maphash while the table changes, copies, clrhash, fixnum / float / structural / custom keys.
(let ((h (make-hash-table))) (dotimes (i 6) (puthash i i h)) (remhash 1 h) (remhash 4 h) (puthash 'a 'x h) (puthash "b" 'y h) (puthash 7 'z h) h)
(let ((h (make-hash-table :test 'equal))) (puthash '(1) 1 h) (puthash "s" 2 h) (puthash 3 3 h) (puthash 1.5 4 h) (remhash "s" h) (remhash '(1) h) (puthash [v] 5 h) (puthash '(1) 6 h) (puthash 9 7 h) h)
(let ((h (make-hash-table)) acc) (dotimes (i 3) (puthash i i h)) (maphash (lambda (k _v) (push k acc) (when (< k 3) (puthash (+ k 10) k h))) h) (list (nreverse acc) (hash-table-count h)))
(let ((h (make-hash-table)) acc) (dotimes (i 4) (puthash i i h)) (maphash (lambda (k _v) (push k acc) (remhash k h) (puthash (+ k 100) k h)) h) (list (nreverse acc) h))
(let ((h (make-hash-table))) (dotimes (i 4) (puthash i i h)) (remhash 1 h) (let ((c (copy-hash-table h))) (puthash 'new 1 c) (puthash 'new2 2 h) (list h c)))
(let ((h (make-hash-table))) (dotimes (i 4) (puthash i i h)) (remhash 0 h) (remhash 2 h) (clrhash h) (puthash 'p 1 h) (puthash 'q 2 h) h)
(let ((h (make-hash-table :test 'eql))) (puthash 1.0 'a h) (puthash 1.0 'b h) (puthash -0.0 'c h) (puthash 0.0 'd h) (remhash 1.0 h) (puthash 2.0 'e h) h)
(let ((h (make-hash-table))) (puthash -5 'neg h) (puthash most-positive-fixnum 'max h) (puthash most-negative-fixnum 'min h) (puthash (expt 2 40) 'big h) (list (gethash -5 h) (gethash most-positive-fixnum h) (gethash most-negative-fixnum h) (gethash (expt 2 40) h) (gethash (- (expt 2 40)) h)))
(let ((h (make-hash-table :size 3))) (dotimes (i 5) (puthash i i h)) (remhash 0 h) (remhash 1 h) (dotimes (i 3) (puthash (+ 10 i) i h)) (list (hash-table-size h) h))
(progn (define-hash-table-test 'golden-mod10 (lambda (a b) (= (% a 10) (% b 10))) (lambda (k) (% k 10))) (let ((h (make-hash-table :test 'golden-mod10))) (puthash 1 'a h) (puthash 11 'b h) (puthash 2 'c h) (remhash 21 h) (puthash 32 'd h) (puthash 5 'e h) (list (gethash 41 h) (gethash 12 h) (hash-table-count h) h)))
(let ((h (make-hash-table :test 'equal)) (ks nil)) (dotimes (i 200) (puthash (list i (* i i)) i h)) (dotimes (i 200) (when (= 0 (% i 3)) (remhash (list i (* i i)) h))) (dotimes (i 200) (unless (eq (gethash (list i (* i i)) h) (if (= 0 (% i 3)) nil i)) (push i ks))) (list ks (hash-table-count h)))
(let ((h (make-hash-table))) (dotimes (i 3000) (puthash (* i 1024) i h)) (let ((s 0)) (dotimes (i 3000) (setq s (+ s (gethash (* i 1024) h)))) (list s (gethash 1 h) (hash-table-count h))))
(let ((h (make-hash-table :weakness 'key :size 1))) (puthash 'a 1 h) (puthash 'b 2 h) (remhash 'a h) (puthash 'c 3 h) h)
