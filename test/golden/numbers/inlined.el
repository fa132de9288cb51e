;; -*- lexical-binding: t -*-
;; Calls the compiler inlines with a fixnum fast path (+ - * with two to four
;; arguments, comparisons, 1+ 1-, %): results at the edges of the fast path,
;; where it must hand over to the generic one (bignums, floats, -0, errors).
(let ((a 1) (b 2) (c 3) (d 4)) (list (+ a b) (+ a b c) (+ a b c d) (- a b) (- a b c) (- a b c d) (* a b) (* a b c) (* a b c d)))
(let ((x most-positive-fixnum) (one 1)) (list (+ x one) (+ x one one) (+ x one (- one)) (- (- x) one one one)))
(let ((x 9007199254740991) (one 1)) (list (+ x one) (+ x one one) (+ x one (- one)) (- x (- one) one)))
(let ((x 4294967296)) (list (* x x) (* x x 0) (* x x x) (* 0 x x)))
(let ((m -1) (z 0) (five 5)) (list (* m z) (* m z five) (- z z) (- z z z) (% (- five) five) (* m z z z)))
(let ((a 1) (f 2.5)) (list (+ a f) (+ a a f) (+ f a a) (* a f a) (- a a f) (- f a a a)))
(let ((a 1)) (condition-case e (+ a 'x a) (error e)))
(let ((a 1)) (condition-case e (* a a "s") (error e)))
(let ((a 1)) (condition-case e (- 'y a a a) (error e)))
(let ((a 7) (b 0)) (condition-case e (% a b) (error e)))
(let ((s 0) (i 0)) (while (< i 5000) (setq s (+ s i i i) i (1+ i))) s)
(let ((p 1) (i 0)) (while (< i 70) (setq p (* p 2 1) i (1+ i))) (list p (bignump p)))
(let ((a 3) (b 3.0)) (list (= a b) (< a 4) (> a b) (<= a b) (>= 2 a) (/= a a) (1+ most-positive-fixnum) (1- most-negative-fixnum)))
(let ((m (point-marker))) (list (+ m 1) (+ 1 m 1) (* m 2 1)))
