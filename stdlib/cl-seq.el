;;; cl-seq.el --- Common Lisp sequence functions  -*- lexical-binding: t -*-

;; Keyword arguments (:test :test-not :key :start :end :from-end :count
;; :initial-value ...) are read from a &rest plist.  Vectors and strings are
;; handled by working on a list of their elements and converting back.

(require 'cl-lib)

(defun cl--item-pred (item keys)
  "Predicate on a sequence element for the ITEM-taking functions."
  (let ((test (plist-get keys :test))
        (test-not (plist-get keys :test-not))
        (key (plist-get keys :key)))
    (cond
     (test (if key (lambda (e) (funcall test item (funcall key e)))
             (lambda (e) (funcall test item e))))
     (test-not (if key (lambda (e) (not (funcall test-not item (funcall key e))))
                 (lambda (e) (not (funcall test-not item e)))))
     ((or (symbolp item) (fixnump item))
      (if key (lambda (e) (eq item (funcall key e))) (lambda (e) (eq item e))))
     (t (if key (lambda (e) (eql item (funcall key e))) (lambda (e) (eql item e)))))))

(defun cl--if-pred (pred keys &optional negate)
  "Predicate on a sequence element for the -if and -if-not functions."
  (let ((key (plist-get keys :key)))
    (if negate
        (if key (lambda (e) (not (funcall pred (funcall key e)))) (lambda (e) (not (funcall pred e))))
      (if key (lambda (e) (funcall pred (funcall key e))) pred))))

(defun cl--two-pred (keys)
  "Predicate on two (unkeyed) elements, for set functions and duplicates."
  (let ((test (plist-get keys :test))
        (test-not (plist-get keys :test-not))
        (key (plist-get keys :key)))
    (let ((k (or key #'identity)))
      (cond (test (lambda (a b) (funcall test (funcall k a) (funcall k b))))
            (test-not (lambda (a b) (not (funcall test-not (funcall k a) (funcall k b)))))
            (t (lambda (a b) (eql (funcall k a) (funcall k b))))))))

(defun cl--seq-list (seq)
  (cond ((listp seq) seq)
        ((arrayp seq) (append seq nil))
        (t (signal 'wrong-type-argument (list 'sequencep seq)))))

(defun cl--seq-like (list seq)
  "LIST converted to the type of SEQ."
  (cond ((listp seq) list)
        ((stringp seq) (concat list))
        (t (vconcat list))))

(defun cl--bounds (keys len &optional start-key end-key)
  (let ((start (or (plist-get keys (or start-key :start)) 0))
        (end (or (plist-get keys (or end-key :end)) len)))
    (cons start end)))

;;;; Removing and substituting.

(defun cl--edit-matches (pred seq keys &optional replace new)
  "SEQ with the elements PRED picks (under :start :end :count :from-end)
dropped, or replaced by NEW when REPLACE; SEQ itself when none is picked."
  (let* ((list (cl--seq-list seq))
         (len (length list))
         (b (cl--bounds keys len))
         (start (car b)) (end (cdr b))
         (count (plist-get keys :count))
         (from-end (plist-get keys :from-end))
         (i 0) (hits nil))
    (let ((l list))
      (while (and l (< i end))
        (when (and (>= i start) (funcall pred (car l)))
          (setq hits (cons i hits)))
        (setq i (1+ i) l (cdr l))))
    (setq hits (nreverse hits))
    (when (and count (< count (length hits)))
      (setq hits (if (<= count 0) nil
                   (if from-end (nthcdr (- (length hits) count) hits)
                     (butlast hits (- (length hits) count))))))
    (if (null hits)
        seq
      (let ((res nil) (j 0))
        (while list
          (if (and hits (= j (car hits)))
              (setq hits (cdr hits) res (if replace (cons new res) res))
            (setq res (cons (car list) res)))
          (setq j (1+ j) list (cdr list)))
        (cl--seq-like (nreverse res) seq)))))

(defun cl--remove (pred seq keys)
  (cl--edit-matches pred seq keys))

(defun cl-remove (item seq &rest keys)
  "Remove all occurrences of ITEM in SEQ."
  (cl--remove (cl--item-pred item keys) seq keys))
(defun cl-remove-if (pred seq &rest keys)
  "Remove all items satisfying PREDICATE in SEQ."
  (cl--remove (cl--if-pred pred keys) seq keys))
(defun cl-remove-if-not (pred seq &rest keys)
  "Remove all items not satisfying PREDICATE in SEQ."
  (cl--remove (cl--if-pred pred keys t) seq keys))
(defun cl-delete (item seq &rest keys)
  "Remove all occurrences of ITEM in SEQ (possibly destructively)."
  (cl--remove (cl--item-pred item keys) seq keys))
(defun cl-delete-if (pred seq &rest keys)
  "Remove all items satisfying PREDICATE in SEQ (possibly destructively)."
  (cl--remove (cl--if-pred pred keys) seq keys))
(defun cl-delete-if-not (pred seq &rest keys)
  "Remove all items not satisfying PREDICATE in SEQ (possibly destructively)."
  (cl--remove (cl--if-pred pred keys t) seq keys))

(defun cl--substitute (new pred seq keys)
  (cl--edit-matches pred seq keys t new))

(defun cl-substitute (new old seq &rest keys)
  "Substitute NEW for OLD in SEQ."
  (cl--substitute new (cl--item-pred old keys) seq keys))
(defun cl-substitute-if (new pred seq &rest keys)
  "Substitute NEW for all items satisfying PREDICATE in SEQ."
  (cl--substitute new (cl--if-pred pred keys) seq keys))
(defun cl-substitute-if-not (new pred seq &rest keys)
  "Substitute NEW for all items not satisfying PREDICATE in SEQ."
  (cl--substitute new (cl--if-pred pred keys t) seq keys))

(defun cl--nsubstitute (new pred seq keys)
  (let ((res (cl--substitute new pred seq keys)))
    (if (and (consp seq) (not (eq res seq)))
        (let ((s seq) (r res))
          (while s (setcar s (car r)) (setq s (cdr s) r (cdr r)))
          seq)
      (if (and (vectorp seq) (not (eq res seq)))
          (let ((i 0)) (while (< i (length seq)) (aset seq i (aref res i)) (setq i (1+ i))) seq)
        res))))
(defun cl-nsubstitute (new old seq &rest keys)
  "Substitute NEW for OLD in SEQ, destructively."
  (cl--nsubstitute new (cl--item-pred old keys) seq keys))
(defun cl-nsubstitute-if (new pred seq &rest keys)
  "Substitute NEW for items satisfying PREDICATE in SEQ, destructively."
  (cl--nsubstitute new (cl--if-pred pred keys) seq keys))
(defun cl-nsubstitute-if-not (new pred seq &rest keys)
  "Substitute NEW for items not satisfying PREDICATE in SEQ, destructively."
  (cl--nsubstitute new (cl--if-pred pred keys t) seq keys))

(defun cl--remove-duplicates (seq keys)
  (let* ((list (cl--seq-list seq))
         (len (length list))
         (b (cl--bounds keys len))
         (start (car b)) (end (cdr b))
         (from-end (plist-get keys :from-end))
         (same (cl--two-pred keys))
         (vec (vconcat list))
         (drop (make-vector len nil))
         (i start) (any nil))
    (while (< i end)
      (let ((j (1+ i)))
        (while (< j end)
          (when (and (not (aref drop (if from-end j i)))
                     (funcall same (aref vec i) (aref vec j)))
            (aset drop (if from-end j i) t)
            (setq any t))
          (setq j (1+ j))))
      (setq i (1+ i)))
    (if (not any)
        seq
      (let ((res nil) (k 0))
        (while (< k len)
          (unless (aref drop k) (setq res (cons (aref vec k) res)))
          (setq k (1+ k)))
        (cl--seq-like (nreverse res) seq)))))

(defun cl-remove-duplicates (seq &rest keys)
  "Return a copy of SEQ with all duplicate elements removed."
  (cl--remove-duplicates seq keys))
(defun cl-delete-duplicates (seq &rest keys)
  "Remove all duplicate elements from SEQ (destructively)."
  (cl--remove-duplicates seq keys))

;;;; Searching.

(defun cl--position (pred seq keys)
  (let* ((len (length seq))
         (b (cl--bounds keys len))
         (start (car b)) (end (cdr b))
         (from-end (plist-get keys :from-end))
         (result nil))
    (if (listp seq)
        (let ((l (nthcdr start seq)) (i start))
          (while (and l (< i end) (or from-end (null result)))
            (if (funcall pred (car l)) (setq result i))
            (setq i (1+ i) l (cdr l))))
      (if from-end
          (let ((i (1- end)))
            (while (and (>= i start) (null result))
              (if (funcall pred (aref seq i)) (setq result i))
              (setq i (1- i))))
        (let ((i start))
          (while (and (< i end) (null result))
            (if (funcall pred (aref seq i)) (setq result i))
            (setq i (1+ i))))))
    result))

(defun cl-position (item seq &rest keys)
  "Find the first occurrence of ITEM in SEQ; return its index or nil."
  (cl--position (cl--item-pred item keys) seq keys))
(defun cl-position-if (pred seq &rest keys)
  "Find the first item satisfying PREDICATE in SEQ; return its index."
  (cl--position (cl--if-pred pred keys) seq keys))
(defun cl-position-if-not (pred seq &rest keys)
  "Find the first item not satisfying PREDICATE in SEQ; return its index."
  (cl--position (cl--if-pred pred keys t) seq keys))

(defun cl--find (pred seq keys)
  (let ((i (cl--position pred seq keys)))
    (and i (elt seq i))))

(defun cl-find (item seq &rest keys)
  "Find the first occurrence of ITEM in SEQ."
  (cl--find (cl--item-pred item keys) seq keys))
(defun cl-find-if (pred seq &rest keys)
  "Find the first item satisfying PREDICATE in SEQ."
  (cl--find (cl--if-pred pred keys) seq keys))
(defun cl-find-if-not (pred seq &rest keys)
  "Find the first item not satisfying PREDICATE in SEQ."
  (cl--find (cl--if-pred pred keys t) seq keys))

(defun cl--count (pred seq keys)
  (let* ((list (cl--seq-list seq))
         (b (cl--bounds keys (length list)))
         (start (car b)) (end (cdr b))
         (i 0) (n 0))
    (while (and list (< i end))
      (if (and (>= i start) (funcall pred (car list))) (setq n (1+ n)))
      (setq i (1+ i) list (cdr list)))
    n))

(defun cl-count (item seq &rest keys)
  "Count the number of occurrences of ITEM in SEQ."
  (cl--count (cl--item-pred item keys) seq keys))
(defun cl-count-if (pred seq &rest keys)
  "Count the number of items satisfying PREDICATE in SEQ."
  (cl--count (cl--if-pred pred keys) seq keys))
(defun cl-count-if-not (pred seq &rest keys)
  "Count the number of items not satisfying PREDICATE in SEQ."
  (cl--count (cl--if-pred pred keys t) seq keys))

(defun cl-mismatch (seq1 seq2 &rest keys)
  "Compare SEQ1 with SEQ2, return index of first mismatching element."
  (let* ((v1 (vconcat seq1)) (v2 (vconcat seq2))
         (start1 (or (plist-get keys :start1) 0))
         (end1 (or (plist-get keys :end1) (length v1)))
         (start2 (or (plist-get keys :start2) 0))
         (end2 (or (plist-get keys :end2) (length v2)))
         (same (cl--two-pred keys)))
    (if (plist-get keys :from-end)
        (progn
          (while (and (< start1 end1) (< start2 end2)
                      (funcall same (aref v1 (1- end1)) (aref v2 (1- end2))))
            (setq end1 (1- end1) end2 (1- end2)))
          (and (or (< start1 end1) (< start2 end2)) (1- end1)))
      (while (and (< start1 end1) (< start2 end2)
                  (funcall same (aref v1 start1) (aref v2 start2)))
        (setq start1 (1+ start1) start2 (1+ start2)))
      (and (or (< start1 end1) (< start2 end2)) start1))))

(defun cl-search (seq1 seq2 &rest keys)
  "Search for SEQ1 as a subsequence of SEQ2; return index of its start."
  (let* ((v1 (vconcat seq1)) (v2 (vconcat seq2))
         (start1 (or (plist-get keys :start1) 0))
         (end1 (or (plist-get keys :end1) (length v1)))
         (start2 (or (plist-get keys :start2) 0))
         (end2 (or (plist-get keys :end2) (length v2)))
         (len (- end1 start1))
         (same (cl--two-pred keys))
         (from-end (plist-get keys :from-end))
         (result nil)
         (i start2))
    (while (and (<= (+ i len) end2) (or from-end (null result)))
      (let ((j 0))
        (while (and (< j len) (funcall same (aref v1 (+ start1 j)) (aref v2 (+ i j))))
          (setq j (1+ j)))
        (if (= j len) (setq result i)))
      (setq i (1+ i)))
    result))

;;;; Lists as sets and tables.

(defun cl--member (pred list)
  "The tail of LIST starting at the first element PRED accepts."
  (while (and list (not (funcall pred (car list))))
    (setq list (cdr list)))
  list)

(defun cl-member (item list &rest keys)
  "Find the first occurrence of ITEM in LIST; return the tail."
  (if (null keys)
      (memql item list)
    (cl--member (cl--item-pred item keys) list)))
(defun cl-member-if (pred list &rest keys)
  "Find the first item satisfying PREDICATE in LIST; return the tail."
  (cl--member (cl--if-pred pred keys) list))
(defun cl-member-if-not (pred list &rest keys)
  "Find the first item not satisfying PREDICATE in LIST; return the tail."
  (cl--member (cl--if-pred pred keys t) list))

(defun cl--assoc (pred alist by-cdr)
  "The first cons of ALIST whose car (cdr when BY-CDR) PRED accepts."
  (let ((found nil))
    (while (and alist (not found))
      (let ((cell (car alist)))
        (if (and (consp cell) (funcall pred (if by-cdr (cdr cell) (car cell))))
            (setq found cell)))
      (setq alist (cdr alist)))
    found))

(defun cl-assoc (item alist &rest keys)
  "Find the first item whose car matches ITEM in ALIST."
  (cl--assoc (cl--item-pred item keys) alist nil))
(defun cl-assoc-if (pred alist &rest keys)
  "Find the first item whose car satisfies PREDICATE in ALIST."
  (cl--assoc (cl--if-pred pred keys) alist nil))
(defun cl-assoc-if-not (pred alist &rest keys)
  "Find the first item whose car does not satisfy PREDICATE in ALIST."
  (apply #'cl-assoc-if (lambda (x) (not (funcall pred x))) alist keys))
(defun cl-rassoc (item alist &rest keys)
  "Find the first item whose cdr matches ITEM in ALIST."
  (cl--assoc (cl--item-pred item keys) alist t))
(defun cl-rassoc-if (pred alist &rest keys)
  "Find the first item whose cdr satisfies PREDICATE in ALIST."
  (cl--assoc (cl--if-pred pred keys) alist t))

(defun cl--member-keyed (x list keys)
  "Is X (an element, not yet keyed) in LIST under KEYS?"
  (let ((key (plist-get keys :key)))
    (apply #'cl-member (if key (funcall key x) x) list keys)))

(defun cl-adjoin (item list &rest keys)
  "Return ITEM consed onto the front of LIST only if it's not already there."
  (if (cl--member-keyed item list keys) list (cons item list)))

(defun cl-union (list1 list2 &rest keys)
  "Combine LIST1 and LIST2 using a set-union operation."
  (cond ((null list1) list2)
        ((null list2) list1)
        ((equal list1 list2) list1)
        (t (when (< (length list1) (length list2))
             (setq list1 (prog1 list2 (setq list2 list1))))
           (let ((res list1))
             (while list2
               (unless (cl--member-keyed (car list2) list1 keys)
                 (setq res (cons (car list2) res)))
               (setq list2 (cdr list2)))
             res))))
(defun cl-nunion (list1 list2 &rest keys)
  "Combine LIST1 and LIST2 using a set-union operation (destructively)."
  (apply #'cl-union list1 list2 keys))

(defun cl-intersection (list1 list2 &rest keys)
  "Combine LIST1 and LIST2 using a set-intersection operation."
  (and list1 list2
       (if (equal list1 list2) list1
         (when (< (length list1) (length list2))
           (setq list1 (prog1 list2 (setq list2 list1))))
         (let ((res nil))
           (while list2
             (if (cl--member-keyed (car list2) list1 keys)
                 (setq res (cons (car list2) res)))
             (setq list2 (cdr list2)))
           res))))
(defun cl-nintersection (list1 list2 &rest keys)
  "Combine LIST1 and LIST2 using a set-intersection operation (destructively)."
  (apply #'cl-intersection list1 list2 keys))

(defun cl-set-difference (list1 list2 &rest keys)
  "Combine LIST1 and LIST2 using a set-difference operation."
  (if (or (null list1) (null list2)) list1
    (let ((res nil))
      (while list1
        (unless (cl--member-keyed (car list1) list2 keys)
          (setq res (cons (car list1) res)))
        (setq list1 (cdr list1)))
      (nreverse res))))
(defun cl-nset-difference (list1 list2 &rest keys)
  "Combine LIST1 and LIST2 using a set-difference operation (destructively)."
  (apply #'cl-set-difference list1 list2 keys))

(defun cl-set-exclusive-or (list1 list2 &rest keys)
  "Combine LIST1 and LIST2 using a set-exclusive-or operation."
  (cond ((null list1) list2) ((null list2) list1)
        ((equal list1 list2) nil)
        (t (append (apply #'cl-set-difference list1 list2 keys)
                   (apply #'cl-set-difference list2 list1 keys)))))
(defun cl-nset-exclusive-or (list1 list2 &rest keys)
  "Combine LIST1 and LIST2 using a set-exclusive-or operation (destructively)."
  (apply #'cl-set-exclusive-or list1 list2 keys))

(defun cl-subsetp (list1 list2 &rest keys)
  "Return true if LIST1 is a subset of LIST2."
  (cond ((null list1) t) ((null list2) nil) ((equal list1 list2) t)
        (t (let ((ok t))
             (while (and ok list1)
               (setq ok (cl--member-keyed (car list1) list2 keys) list1 (cdr list1)))
             (and ok t)))))

(defun cl-subst (new old tree &rest keys)
  "Substitute NEW for OLD everywhere in TREE (non-destructively)."
  (cl--subst-if new (cl--item-pred old keys) tree))
(defun cl-subst-if (new pred tree &rest keys)
  "Substitute NEW for elements matching PREDICATE in TREE (non-destructively)."
  (cl--subst-if new (cl--if-pred pred keys) tree))
(defun cl-nsubst (new old tree &rest keys)
  "Substitute NEW for OLD everywhere in TREE."
  (apply #'cl-subst new old tree keys))
(defun cl--subst-if (new pred tree)
  (cond ((funcall pred tree) new)
        ((consp tree)
         (let ((a (cl--subst-if new pred (car tree)))
               (d (cl--subst-if new pred (cdr tree))))
           (if (and (eq a (car tree)) (eq d (cdr tree))) tree (cons a d))))
        (t tree)))

(defun cl-sublis (alist tree &rest keys)
  "Perform substitutions indicated by ALIST in TREE (non-destructively)."
  (let ((key (plist-get keys :key))
        (test (or (plist-get keys :test) #'eql)))
    (cl--sublis alist tree key test)))
(defun cl-nsublis (alist tree &rest keys)
  "Perform substitutions indicated by ALIST in TREE (destructively)."
  (apply #'cl-sublis alist tree keys))
(defun cl--sublis (alist tree key test)
  (let ((k (if key (funcall key tree) tree)) (a alist) (found nil))
    (while (and a (not found))
      (if (funcall test (car (car a)) k) (setq found (car a)))
      (setq a (cdr a)))
    (cond (found (cdr found))
          ((consp tree)
           (let ((x (cl--sublis alist (car tree) key test))
                 (y (cl--sublis alist (cdr tree) key test)))
             (if (and (eq x (car tree)) (eq y (cdr tree))) tree (cons x y))))
          (t tree))))

;;;; Reducing, mapping, sorting.

(defun cl-reduce (func seq &rest keys)
  "Reduce two-argument FUNCTION across SEQ."
  (let* ((list (cl--seq-list seq))
         (b (cl--bounds keys (length list)))
         (key (plist-get keys :key))
         (ivp (plist-member keys :initial-value))
         (acc nil))
    (setq list (cl-subseq list (car b) (cdr b)))
    (if key (setq list (mapcar key list)))
    (if (plist-get keys :from-end) (setq list (reverse list)))
    (cond (ivp (setq acc (car (cdr ivp))))
          (list (setq acc (car list) list (cdr list)))
          (t (setq acc (funcall func))))
    (if (plist-get keys :from-end)
        (while list (setq acc (funcall func (car list) acc) list (cdr list)))
      (while list (setq acc (funcall func acc (car list)) list (cdr list))))
    acc))

(defun cl--mapcar-many (func seqs &optional accumulate)
  (let* ((n (apply #'min (mapcar #'length seqs)))
         (lists (mapcar (lambda (s) (if (listp s) s (append s nil))) seqs))
         (res nil)
         (i 0))
    (while (< i n)
      (let ((args (mapcar #'car lists)))
        (setq lists (mapcar #'cdr lists))
        (let ((v (apply func args)))
          (if accumulate (setq res (cons v res)))))
      (setq i (1+ i)))
    (nreverse res)))

(defun cl-mapcar (func x &rest rest)
  "Apply FUNCTION to each element of SEQ, and make a list of the results."
  (if (and (null rest) (listp x))
      (mapcar func x)
    (cl--mapcar-many func (cons x rest) t)))

(defun cl-mapc (func seq &rest rest)
  "Like `cl-mapcar', but does not accumulate values returned by the function."
  (if rest (progn (cl--mapcar-many func (cons seq rest)) seq)
    (mapc func seq)))

(defun cl-mapcan (func seq &rest rest)
  "Like `cl-mapcar', but nconc's together the values returned by the function."
  (apply #'nconc (apply #'cl-mapcar func seq rest)))

(defun cl-maplist (func list &rest rest)
  "Map FUNCTION to each sublist of LIST and LISTs."
  (let ((lists (cons list rest)) (res nil))
    (while (not (memq nil lists))
      (setq res (cons (apply func lists) res))
      (setq lists (mapcar #'cdr lists)))
    (nreverse res)))

(defun cl-mapl (func list &rest rest)
  "Like `cl-maplist', but does not accumulate values returned by the function."
  (apply #'cl-maplist func list rest)
  list)

(defun cl-mapcon (func list &rest rest)
  "Like `cl-maplist', but nconc's together the values returned by the function."
  (apply #'nconc (apply #'cl-maplist func list rest)))

(defun cl-map (type func seq &rest rest)
  "Map a FUNCTION across one or more SEQUENCEs, returning a sequence of TYPE."
  (let ((res (apply #'cl-mapcar func seq rest)))
    (and type (cl-coerce res type))))

(defun cl-some (pred seq &rest rest)
  "Return true if PREDICATE is true of any element of SEQ or SEQs."
  (if (or rest (nlistp seq))
      (catch 'cl--some
        (cl--mapcar-many (lambda (&rest args) (let ((v (apply pred args))) (if v (throw 'cl--some v))))
                         (cons seq rest))
        nil)
    (let ((v nil))
      (while (and seq (null (setq v (funcall pred (car seq)))))
        (setq seq (cdr seq)))
      v)))

(defun cl-every (pred seq &rest rest)
  "Return true if PREDICATE is true of every element of SEQ or SEQs."
  (if (or rest (nlistp seq))
      (catch 'cl--every
        (cl--mapcar-many (lambda (&rest args) (or (apply pred args) (throw 'cl--every nil)))
                         (cons seq rest))
        t)
    (while (and seq (funcall pred (car seq)))
      (setq seq (cdr seq)))
    (null seq)))

(defun cl-notany (pred seq &rest rest)
  "Return true if PREDICATE is false of every element of SEQ or SEQs."
  (not (apply #'cl-some pred seq rest)))

(defun cl-notevery (pred seq &rest rest)
  "Return true if PREDICATE is false of some element of SEQ or SEQs."
  (not (apply #'cl-every pred seq rest)))

(defun cl-subseq (seq start &optional end)
  "Return the subsequence of SEQ from START to END."
  (seq-subseq seq start end))

(function-put 'cl-subseq 'gv-expander
              (lambda (do seq start &optional end)
                (gv--bind-args (list seq start end)
                  (lambda (vars)
                    (funcall do (cons 'cl-subseq vars)
                             (lambda (v)
                               (gv--let-value v
                                 (lambda (new)
                                   (list 'progn
                                         (list 'cl-replace (car vars) new :start1 (nth 1 vars)
                                               :end1 (nth 2 vars))
                                         new))
                                 #'gv--copyable-p)))))))

(defun cl-sort (seq pred &rest keys)
  "Sort the argument SEQ according to PREDICATE (destructively)."
  (let* ((key (plist-get keys :key))
         (p (if key (lambda (a b) (funcall pred (funcall key a) (funcall key b))) pred)))
    (cond ((listp seq) (sort seq p))
          ((stringp seq) (concat (sort (append seq nil) p)))
          (t (let ((sorted (sort (append seq nil) p)) (i 0))
               (while sorted (aset seq i (car sorted)) (setq i (1+ i) sorted (cdr sorted)))
               seq)))))

(defun cl-stable-sort (seq pred &rest keys)
  "Sort the argument SEQ stably according to PREDICATE."
  (apply #'cl-sort seq pred keys))

(defun cl-merge (type seq1 seq2 pred &rest keys)
  "Destructively merge the two sequences to produce a new sequence."
  (let ((key (plist-get keys :key))
        (a (cl--seq-list seq1)) (b (cl--seq-list seq2)) (res nil))
    (while (and a b)
      (if (funcall pred (cl--check-key key (car b)) (cl--check-key key (car a)))
          (setq res (cons (car b) res) b (cdr b))
        (setq res (cons (car a) res) a (cdr a))))
    (cl-coerce (nconc (nreverse res) a b) type)))

(defun cl-fill (seq item &rest keys)
  "Fill the elements of SEQ with ITEM."
  (let* ((b (cl--bounds keys (length seq)))
         (i (car b)) (end (cdr b)))
    (if (listp seq)
        (let ((l (nthcdr i seq)))
          (while (and l (< i end)) (setcar l item) (setq l (cdr l) i (1+ i))))
      (while (< i end) (aset seq i item) (setq i (1+ i))))
    seq))

(defun cl-replace (seq1 seq2 &rest keys)
  "Replace the elements of SEQ1 with the elements of SEQ2 (destructively)."
  (let* ((b1 (cl--bounds keys (length seq1) :start1 :end1))
         (b2 (cl--bounds keys (length seq2) :start2 :end2))
         (src (cl-subseq seq2 (car b2) (cdr b2)))
         (n (min (- (cdr b1) (car b1)) (length src)))
         (i 0))
    (setq src (append src nil))
    (if (listp seq1)
        (let ((l (nthcdr (car b1) seq1)))
          (while (< i n) (setcar l (car src)) (setq l (cdr l) src (cdr src) i (1+ i))))
      (while (< i n) (aset seq1 (+ (car b1) i) (car src)) (setq src (cdr src) i (1+ i))))
    seq1))

(provide 'cl-seq)
;;; cl-seq.el ends here
