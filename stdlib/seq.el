;;; seq.el --- sequence manipulation functions  -*- lexical-binding: t -*-

;; Plain functions dispatching on the sequence type (lists, vectors,
;; strings).  Functions returning a "sequence of the same type" convert
;; their list result back with `seq--into-like'.

(defun seq--into-like (list seq)
  (cond ((listp seq) list)
        ((stringp seq) (concat list))
        (t (vconcat list))))

(defun seq--list (seq)
  (if (listp seq) seq (append seq nil)))

(defmacro seq-doseq (spec &rest body)
  "Loop over a sequence: (seq-doseq (VAR SEQUENCE) BODY...)."
  (declare (indent 1))
  (list 'seq-do (list 'function (cons 'lambda (cons (list (car spec)) body)))
        (car (cdr spec))))

(defun seq-elt (sequence n) "Return the Nth element of SEQUENCE." (elt sequence n))
(defun seq-length (sequence) "Return the number of elements of SEQUENCE." (length sequence))

(defun \(setf\ seq-elt\) (store sequence n)
  (if (listp sequence) (setcar (nthcdr n sequence) store) (aset sequence n store)))

(defun seq-do (function sequence)
  "Apply FUNCTION to each element of SEQUENCE. Return SEQUENCE."
  (mapc function sequence))

(defun seq-do-indexed (function sequence)
  "Apply FUNCTION to each element of SEQUENCE and its index."
  (let ((index 0))
    (mapc (lambda (elt) (funcall function elt index) (setq index (1+ index))) sequence))
  nil)

(defun seqp (object) "Return non-nil if OBJECT is a sequence." (sequencep object))
(defun seq-copy (sequence) "Return a shallow copy of SEQUENCE." (copy-sequence sequence))
(defun seq-first (sequence) "Return the first element of SEQUENCE." (elt sequence 0))

(defun seq-rest (sequence)
  "Return SEQUENCE with its first element removed."
  (if (listp sequence) (cdr sequence) (seq-drop sequence 1)))

(defun seq-empty-p (sequence)
  "Return non-nil if SEQUENCE is empty."
  (if (listp sequence) (null sequence) (= 0 (length sequence))))

(defun seq-subseq (sequence start &optional end)
  "Return the sequence of elements of SEQUENCE from START to END.
Negative START or END count from the end of SEQUENCE."
  (cond
   ((or (stringp sequence) (vectorp sequence))
    (let* ((len (length sequence))
           (s (if (< start 0) (+ len start) start))
           (e (cond ((null end) len) ((< end 0) (+ len end)) (t end))))
      (if (or (< s 0) (> e len) (> s e))
          (signal 'args-out-of-range (list sequence start end)))
      (if (stringp sequence) (substring sequence s e)
        (let ((v (make-vector (- e s) nil)) (i s))
          (while (< i e) (aset v (- i s) (aref sequence i)) (setq i (1+ i)))
          v))))
   ((listp sequence)
    (let (len (orig-start start) (orig-end end))
      (and end (< end 0) (setq end (+ end (setq len (length sequence)))))
      (if (< start 0) (setq start (+ start (or len (setq len (length sequence))))))
      (unless (>= start 0) (error "Bad bounding indices: %s, %s" orig-start orig-end))
      (when (> start 0)
        (setq sequence (nthcdr (1- start) sequence))
        (or sequence (error "Bad bounding indices: %s, %s" orig-start orig-end))
        (setq sequence (cdr sequence)))
      (if end
          (let ((res nil))
            (while (and (>= (setq end (1- end)) start) sequence)
              (setq res (cons (car sequence) res) sequence (cdr sequence)))
            (if (and (>= end start) (null sequence))
                (error "Bad bounding indices: %s, %s" orig-start orig-end))
            (nreverse res))
        (copy-sequence sequence))))
   (t (error "Unsupported sequence: %s" sequence))))

(defun seq-map (function sequence)
  "Return the result of applying FUNCTION to each element of SEQUENCE."
  (mapcar function sequence))

(defun seq-map-indexed (function sequence)
  "Return the result of applying FUNCTION to each element of SEQUENCE and its index."
  (let ((index -1))
    (mapcar (lambda (elt) (funcall function elt (setq index (1+ index)))) sequence)))

(defun seq-mapn (function sequence &rest sequences)
  "Like `seq-map' but FUNCTION is mapped over all SEQUENCES, up to the shortest."
  (let ((lists (mapcar #'seq--list (cons sequence sequences)))
        (result nil))
    (while (not (memq nil lists))
      (setq result (cons (apply function (mapcar #'car lists)) result))
      (setq lists (mapcar #'cdr lists)))
    (nreverse result)))

(defun seq-drop (sequence n)
  "Remove the first N elements of SEQUENCE and return the result."
  (if (<= n 0) sequence
    (if (listp sequence) (nthcdr n sequence)
      (let ((len (length sequence)))
        (seq-subseq sequence (min n len) len)))))

(defun seq-take (sequence n)
  "Take the first N elements of SEQUENCE and return the result."
  (if (listp sequence)
      (let ((res nil))
        (while (and sequence (> n 0))
          (setq res (cons (car sequence) res) sequence (cdr sequence) n (1- n)))
        (nreverse res))
    (seq-subseq sequence 0 (min (max n 0) (length sequence)))))

(defun seq-drop-while (pred sequence)
  "Remove the successive elements of SEQUENCE for which PRED returns non-nil."
  (seq-drop sequence (seq--count-successive pred sequence)))

(defun seq-take-while (pred sequence)
  "Take the successive elements of SEQUENCE for which PRED returns non-nil."
  (seq-take sequence (seq--count-successive pred sequence)))

(defun seq--count-successive (pred sequence)
  (let ((n 0) (len (length sequence)))
    (while (and (< n len) (funcall pred (elt sequence n)))
      (setq n (1+ n)))
    n))

(defun seq-filter (pred sequence)
  "Return a list of all the elements in SEQUENCE for which PRED returns non-nil."
  (let ((exclude (make-symbol "exclude")))
    (delq exclude (seq-map (lambda (elt) (if (funcall pred elt) elt exclude)) sequence))))

(defun seq-remove (pred sequence)
  "Return a list of all the elements in SEQUENCE for which PRED returns nil."
  (seq-filter (lambda (elt) (not (funcall pred elt))) sequence))

(defun seq-reduce (function sequence initial-value)
  "Reduce the function FUNCTION across SEQUENCE, starting with INITIAL-VALUE."
  (if (seq-empty-p sequence)
      initial-value
    (let ((acc initial-value))
      (mapc (lambda (elt) (setq acc (funcall function acc elt))) sequence)
      acc)))

(defun seq-some (pred sequence)
  "Return non-nil if PRED is satisfied for at least one element of SEQUENCE.
The value is the first non-nil value PRED returned."
  (catch 'seq--break
    (mapc (lambda (elt) (let ((r (funcall pred elt))) (when r (throw 'seq--break r)))) sequence)
    nil))

(defun seq-every-p (pred sequence)
  "Return non-nil if PRED returns non-nil for all the elements of SEQUENCE."
  (catch 'seq--break
    (mapc (lambda (elt) (or (funcall pred elt) (throw 'seq--break nil))) sequence)
    t))

(defun seq-find (pred sequence &optional default)
  "Return the first element in SEQUENCE for which PRED returns non-nil, else DEFAULT."
  (catch 'seq--break
    (mapc (lambda (elt) (when (funcall pred elt) (throw 'seq--break elt))) sequence)
    default))

(defun seq-count (pred sequence)
  "Return the number of elements in SEQUENCE for which PRED returns non-nil."
  (let ((count 0))
    (mapc (lambda (elt) (when (funcall pred elt) (setq count (1+ count)))) sequence)
    count))

(defun seq-contains-p (sequence elt &optional testfn)
  "Return non-nil if SEQUENCE contains an element equal to ELT (by TESTFN, default `equal')."
  (catch 'seq--break
    (mapc (lambda (e) (when (funcall (or testfn #'equal) elt e) (throw 'seq--break t))) sequence)
    nil))

(defun seq-contains (sequence elt &optional testfn)
  "Return the first element in SEQUENCE that is equal to ELT."
  (seq-some (lambda (e) (and (funcall (or testfn #'equal) elt e) e)) sequence))

(defun seq-position (sequence elt &optional testfn)
  "Return the index of the first element in SEQUENCE that is equal to ELT."
  (let ((index 0))
    (catch 'seq--break
      (mapc (lambda (e)
              (when (funcall (or testfn #'equal) e elt) (throw 'seq--break index))
              (setq index (1+ index)))
            sequence)
      nil)))

(defun seq-uniq (sequence &optional testfn)
  "Return a list of the elements of SEQUENCE with duplicates removed."
  (let ((result nil))
    (mapc (lambda (elt) (unless (seq-contains-p result elt testfn) (setq result (cons elt result))))
          sequence)
    (nreverse result)))

(defun seq-union (sequence1 sequence2 &optional testfn)
  "Return a list of all elements that appear in either SEQUENCE1 or SEQUENCE2."
  (let ((result nil))
    (mapc (lambda (elt) (unless (seq-contains-p result elt testfn) (setq result (cons elt result))))
          sequence1)
    (mapc (lambda (elt) (unless (seq-contains-p result elt testfn) (setq result (cons elt result))))
          sequence2)
    (nreverse result)))

(defun seq-intersection (sequence1 sequence2 &optional testfn)
  "Return a list of the elements that appear in both SEQUENCE1 and SEQUENCE2."
  (seq-reduce (lambda (acc elt) (if (seq-contains-p sequence2 elt testfn) (cons elt acc) acc))
              (seq-reverse sequence1) '()))

(defun seq-difference (sequence1 sequence2 &optional testfn)
  "Return a list of the elements that appear in SEQUENCE1 but not in SEQUENCE2."
  (seq-reduce (lambda (acc elt) (if (seq-contains-p sequence2 elt testfn) acc (cons elt acc)))
              (seq-reverse sequence1) '()))

(defun seq-set-equal-p (sequence1 sequence2 &optional testfn)
  "Return non-nil if SEQUENCE1 and SEQUENCE2 have the same elements, regardless of order."
  (and (seq-every-p (lambda (e) (seq-contains-p sequence2 e testfn)) sequence1)
       (seq-every-p (lambda (e) (seq-contains-p sequence1 e testfn)) sequence2)))

(defun seq-group-by (function sequence)
  "Apply FUNCTION to each element of SEQUENCE; group by the result in an alist."
  (seq-reduce (lambda (acc elt)
                (let* ((key (funcall function elt))
                       (cell (assoc key acc)))
                  (if cell (setcdr cell (cons elt (cdr cell)))
                    (setq acc (cons (list key elt) acc)))
                  acc))
              (seq-reverse sequence) nil))

(defun seq-reverse (sequence)
  "Return a sequence with elements of SEQUENCE in reverse order."
  (reverse sequence))

(defun seq-into (sequence type)
  "Concatenate the elements of SEQUENCE into a sequence of type TYPE."
  (cond ((eq type 'vector) (if (vectorp sequence) sequence (vconcat sequence)))
        ((eq type 'string) (if (stringp sequence) sequence (concat sequence)))
        ((eq type 'list) (if (listp sequence) sequence (append sequence nil)))
        (t (error "Not a sequence type name: %S" type))))

(defun seq-into-sequence (sequence) "Convert SEQUENCE into a sequence." sequence)

(defun seq-concatenate (type &rest sequences)
  "Concatenate SEQUENCES into a single sequence of type TYPE."
  (cond ((eq type 'vector) (apply #'vconcat sequences))
        ((eq type 'string) (apply #'concat sequences))
        ((eq type 'list) (apply #'append (append sequences '(nil))))
        (t (error "Not a sequence type name: %S" type))))

(defun seq-mapcat (function sequence &optional type)
  "Concatenate the result of applying FUNCTION to each element of SEQUENCE."
  (apply #'seq-concatenate (or type 'list) (seq-map function sequence)))

(defun seq-sort (pred sequence)
  "Sort SEQUENCE using PRED as comparison function; return a new sequence."
  (let ((result (sort (append sequence nil) pred)))
    (seq-into result (cond ((listp sequence) 'list) ((stringp sequence) 'string) (t 'vector)))))

(defun seq-sort-by (function pred sequence)
  "Sort SEQUENCE using PRED applied to the result of FUNCTION on each element."
  (seq-sort (lambda (a b) (funcall pred (funcall function a) (funcall function b))) sequence))

(defun seq-min (sequence) "Return the smallest element of SEQUENCE." (apply #'min (seq--list sequence)))
(defun seq-max (sequence) "Return the largest element of SEQUENCE." (apply #'max (seq--list sequence)))

(defun seq-partition (sequence n)
  "Return a list of the elements of SEQUENCE grouped into subsequences of length N."
  (unless (< n 1)
    (let ((result nil))
      (while (not (seq-empty-p sequence))
        (setq result (cons (seq-take sequence n) result))
        (setq sequence (seq-drop sequence n)))
      (nreverse result))))

(defun seq-random-elt (sequence)
  "Return a random element from SEQUENCE."
  (if (seq-empty-p sequence)
      (error "Sequence cannot be empty")
    (seq-elt sequence (random (seq-length sequence)))))

(defun seq--elt-safe (sequence n)
  "Return element of SEQUENCE at the index N, or nil when out of range."
  (ignore-errors (seq-elt sequence n)))

(defun seq--let-bindings (args seq-var)
  (let ((bindings nil) (index 0) (rest-marker nil))
    (if (vectorp args) (setq args (append args nil)))
    (while args
      (let ((name (car args)))
        (cond (rest-marker
               (setq bindings (cons (list name (list 'seq-drop seq-var index)) bindings)))
              ((eq name '&rest) (setq rest-marker t))
              ((or (consp name) (vectorp name))
               (let ((sub (make-symbol "seq")))
                 (setq bindings (cons (list sub (list 'seq--elt-safe seq-var index)) bindings))
                 (setq bindings (append (reverse (seq--let-bindings name sub)) bindings))
                 (setq index (1+ index))))
              (t (setq bindings (cons (list name (list 'seq--elt-safe seq-var index)) bindings))
                 (setq index (1+ index)))))
      (setq args (cdr args)))
    (nreverse bindings)))

(defmacro seq-let (args sequence &rest body)
  "Bind the variables in ARGS to the elements of SEQUENCE, then evaluate BODY."
  (declare (indent 2))
  (let ((s (make-symbol "seq")))
    (cons 'let* (cons (cons (list s sequence) (seq--let-bindings args s)) body))))

(provide 'seq)
;;; seq.el ends here
