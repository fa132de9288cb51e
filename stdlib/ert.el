;;; ert.el --- Emacs Lisp Regression Testing  -*- lexical-binding: t -*-

;; Tests are defined with `ert-deftest' and checked with `should',
;; `should-not' and `should-error'.  `ert-run-tests-batch-and-exit' runs
;; them and prints Emacs's batch report on standard error, then exits
;; with status 0 when every result was as expected and 1 otherwise.
;; Backtraces are not available: the "backtrace:" header is printed
;; without frames.

(require 'cl-lib)

(define-error 'ert-test-failed "Test failed")
(define-error 'ert-test-skipped "Test skipped")

(cl-defstruct (ert-test (:constructor make-ert-test) (:copier nil))
  (name nil) (documentation nil) (body nil) (most-recent-result nil)
  (expected-result-type :passed) (tags nil) (file-name nil))

(cl-defstruct (ert-test-result (:constructor nil) (:copier nil))
  (messages nil) (should-forms nil) (duration 0))
(cl-defstruct (ert-test-passed (:include ert-test-result) (:copier nil)))
(cl-defstruct (ert-test-result-with-condition (:include ert-test-result) (:constructor nil) (:copier nil))
  (condition nil) (backtrace nil) (infos nil))
(cl-defstruct (ert-test-failed (:include ert-test-result-with-condition) (:copier nil)))
(cl-defstruct (ert-test-skipped (:include ert-test-result-with-condition) (:copier nil)))
(cl-defstruct (ert-test-aborted-with-non-local-exit (:include ert-test-result) (:copier nil)))

(defvar ert--running-tests nil "The tests being run, innermost first.")

(defun ert-running-test ()
  "Return the top-level test currently executing."
  (car (last ert--running-tests)))

;;;; Defining tests.

(defun ert-test-boundp (symbol)
  "Return non-nil if SYMBOL names a test."
  (and (get symbol 'ert--test) t))

(defun ert-get-test (symbol)
  "If SYMBOL names a test, return that.  Signal an error otherwise."
  (or (get symbol 'ert--test) (error "No test named `%S'" symbol)))

(defun ert-set-test (symbol definition)
  "Make SYMBOL name the test DEFINITION, and return DEFINITION."
  (put symbol 'ert--test definition)
  (add-to-list 'ert--test-names symbol t)
  definition)

(defvar ert--test-names nil "Names of the defined tests.")

(defun ert-make-test-unbound (symbol)
  "Make SYMBOL name no test.  Return SYMBOL."
  (put symbol 'ert--test nil)
  (setq ert--test-names (delq symbol ert--test-names))
  symbol)
(defalias 'ert-delete-test #'ert-make-test-unbound)

(defun ert-delete-all-tests ()
  "Make all symbols in the obarray name no test."
  (dolist (name ert--test-names) (put name 'ert--test nil))
  (setq ert--test-names nil)
  t)

(defmacro ert-deftest (name _args &rest docstring-keys-and-body)
  "Define NAME (a symbol) as a test.
\(ert-deftest NAME () [DOCSTRING] [:expected-result RESULT-TYPE] [:tags \\='(TAG...)] BODY...)"
  (declare (doc-string 3) (indent 2))
  (let ((doc nil) (expected nil) (expected-p nil) (tags nil) (tags-p nil)
        (body docstring-keys-and-body))
    (when (and (stringp (car body)) (cdr body))
      (setq doc (car body) body (cdr body)))
    (while (keywordp (car body))
      (cond ((eq (car body) :expected-result) (setq expected (car (cdr body)) expected-p t))
            ((eq (car body) :tags) (setq tags (car (cdr body)) tags-p t))
            (t (error "Unknown keyword: %S" (car body))))
      (setq body (cdr (cdr body))))
    (list 'progn
          (list 'ert-set-test (list 'quote name)
                (append (list 'make-ert-test :name (list 'quote name))
                        (if doc (list :documentation doc))
                        (if expected-p (list :expected-result-type expected))
                        (if tags-p (list :tags tags))
                        (list :body (list 'function (cons 'lambda (cons nil body))))
                        (list :file-name (list 'quote (or load-file-name nil)))))
          (list 'quote name))))

;;;; Assertions.

(defun ert-fail (data)
  "Signal a test failure with DATA."
  (signal 'ert-test-failed (list data)))

(defun ert-skip (data)
  "Skip the test, with DATA describing why."
  (signal 'ert-test-skipped (list data)))

(defun ert-pass ()
  "Terminate the current test and mark it passed."
  (throw 'ert--pass nil))

(defun ert--explain-format-atom (x)
  (cond ((characterp x) (list x (format "#x%x" x) (format "?%c" x)))
        ((integerp x) (list x (format "#x%x" x)))
        (t x)))

(defun ert--explain-equal-rec (a b)
  "Return a programmer-readable explanation of why A and B are not `equal', or nil."
  (cond
   ((not (eq (type-of a) (type-of b))) (list 'different-types a b))
   ((consp a)
    (let ((a-length (proper-list-p a)) (b-length (proper-list-p b)))
      (cond
       ((not (eq (not a-length) (not b-length)))
        (list 'one-list-proper-one-improper a b))
       (a-length
        (if (/= a-length b-length)
            (list 'proper-lists-of-different-length a-length b-length a b
                  'first-mismatch-at (ert--mismatch a b))
          (let ((i 0) (result nil))
            (while (and a (not result))
              (let ((x (ert--explain-equal-rec (car a) (car b))))
                (if x (setq result (list 'list-elt i x))))
              (setq i (1+ i) a (cdr a) b (cdr b)))
            result)))
       (t (let ((car-x (ert--explain-equal-rec (car a) (car b))))
            (if car-x (list 'car car-x)
              (let ((cdr-x (ert--explain-equal-rec (cdr a) (cdr b))))
                (if cdr-x (list 'cdr cdr-x) nil))))))))
   ((and (arrayp a) (not (bool-vector-p a)))
    (if (/= (length a) (length b))
        (list 'arrays-of-different-length (length a) (length b) a b
              'first-mismatch-at (ert--mismatch a b))
      (let ((i 0) (n (length a)) (result nil))
        (while (and (< i n) (not result))
          (let ((x (ert--explain-equal-rec (aref a i) (aref b i))))
            (if x (setq result (list 'array-elt i x))))
          (setq i (1+ i)))
        result)))
   ((not (equal a b))
    (if (and (symbolp a) (symbolp b) (string= a b))
        (list 'different-symbols-with-the-same-name a b)
      (list 'different-atoms (ert--explain-format-atom a) (ert--explain-format-atom b))))))

(defun ert--mismatch (a b)
  "Index of the first element where sequences A and B differ."
  (let ((la (length a)) (lb (length b)) (i 0))
    (while (and (< i la) (< i lb) (equal (elt a i) (elt b i)))
      (setq i (1+ i)))
    (and (or (< i la) (< i lb)) i)))

(defun ert--explain-equal (a b)
  "Explainer function for `equal'."
  (if (not (equal a b)) (ert--explain-equal-rec a b)))
(put 'equal 'ert-explainer 'ert--explain-equal)

(defun ert--explain-string-equal (a b)
  "Explainer function for `string-equal'."
  (let ((a (if (symbolp a) (symbol-name a) a))
        (b (if (symbolp b) (symbol-name b) b)))
    (ert--explain-equal-rec a b)))
(put 'string-equal 'ert-explainer 'ert--explain-string-equal)

(defun ert--function-call-p (form)
  "Is FORM a call of a function (not a macro or special form) after expansion?"
  (and (consp form)
       (let ((head (car form)))
         (or (and (symbolp head) head (fboundp head)
                  (not (special-form-p head))
                  (not (macrop head)))
             (eq (car-safe head) 'lambda)))))

(defun ert--expand-should (whole form inner)
  "Code evaluating FORM as `should' does.
INNER is called with a form computing FORM's value and a function that,
given a form for that value (or nil for none), returns a form building
the description (WHOLE :form ... :value ...) of the check."
  (let ((form (macroexpand form macroexpand-all-environment)))
    (if (ert--function-call-p form)
        (let* ((fn (make-symbol "fn"))
               (args (make-symbol "args"))
               (err (make-symbol "err"))
               (explainer (and (symbolp (car form)) (get (car form) 'ert-explainer))))
          (list 'let* (list (list fn (list 'function (car form)))
                            (list args (list 'condition-case err (cons 'list (cdr form))
                                             (list 'error (list 'setq fn '#'signal)
                                                   (list 'list (list 'car err) (list 'cdr err))))))
                (funcall inner (list 'apply fn args)
                         (lambda (value)
                           (if (null value)
                               (list 'list (list 'quote whole) :form (list 'cons (list 'quote (car form)) args))
                             (list 'nconc
                                   (list 'list (list 'quote whole)
                                         :form (list 'cons (list 'quote (car form)) args)
                                         :value value)
                                   (if explainer
                                       (list 'let (list (list 'x (list 'apply (list 'quote explainer) args)))
                                             '(and x (list :explanation x))))))))))
      (funcall inner form
               (lambda (value)
                 (if (null value)
                     (list 'list (list 'quote whole) :form (list 'quote form))
                   (list 'list (list 'quote whole) :form (list 'quote form) :value value)))))))

(defmacro should (form)
  "Evaluate FORM.  If it returns nil, abort the current test as failed."
  (ert--expand-should (list 'should form) form
                      (lambda (value-form desc)
                        (let ((v (make-symbol "value")))
                          (list 'let (list (list v value-form))
                                (list 'if v v (list 'ert-fail (funcall desc v))))))))

(defmacro should-not (form)
  "Evaluate FORM.  If it returns non-nil, abort the current test as failed."
  (ert--expand-should (list 'should-not form) form
                      (lambda (value-form desc)
                        (let ((v (make-symbol "value")))
                          (list 'let (list (list v value-form))
                                (list 'if v (list 'ert-fail (funcall desc v)) nil))))))

(defmacro skip-unless (form)
  "Evaluate FORM.  If it returns nil, skip the current test."
  (ert--expand-should (list 'skip-unless form) form
                      (lambda (value-form desc)
                        (let ((v (make-symbol "value")))
                          (list 'let (list (list v value-form))
                                (list 'if v v (list 'ert-skip (funcall desc v))))))))

(defmacro skip-when (form)
  "Evaluate FORM.  If it returns non-nil, skip the current test."
  (ert--expand-should (list 'skip-when form) form
                      (lambda (value-form desc)
                        (let ((v (make-symbol "value")))
                          (list 'let (list (list v value-form))
                                (list 'if v (list 'ert-skip (funcall desc v)) nil))))))

(defun ert--should-error-handle-error (desc condition type exclude-subtypes)
  "Check that CONDITION, signalled by the form of DESC, has TYPE."
  (let* ((types (if (listp type) type (list type)))
         (sym (car condition))
         (ok (if exclude-subtypes
                 (memq sym types)
               (let ((conds (get sym 'error-conditions)) (hit nil))
                 (dolist (ty types) (if (memq ty conds) (setq hit t)))
                 hit))))
    (unless ok
      (ert-fail (append desc (list :condition condition
                                   :fail-reason (if exclude-subtypes
                                                    "the error signaled was a subtype of the expected type"
                                                  "the error signaled did not have the expected type")))))))

(defmacro should-error (form &rest keys)
  "Evaluate FORM and check that it signals an error.
KEYS: :type TYPE (an error symbol or a list of them, default `error'),
:exclude-subtypes.  Returns the error condition."
  (let ((type (or (plist-get keys :type) ''error))
        (exclude (plist-get keys :exclude-subtypes)))
    (ert--expand-should
     (cons 'should-error (cons form keys)) form
     (lambda (value-form desc)
       (let ((v (make-symbol "value")) (errorp (make-symbol "errorp")) (err (make-symbol "err")))
         (list 'let* (list (list errorp nil)
                           (list v (list 'condition-case err value-form
                                         (list '(error quit) (list 'setq errorp err) nil))))
               (list 'if errorp
                     (list 'progn
                           (list 'ert--should-error-handle-error (funcall desc nil) errorp type exclude)
                           errorp)
                     (list 'ert-fail (list 'append (funcall desc v)
                                           ''(:fail-reason "did not signal an error"))))))))))

(defmacro ert-info (spec &rest body)
  "Evaluate BODY; SPEC describes it (not recorded)."
  (declare (indent 1))
  (ignore spec)
  (cons 'progn body))

;;;; Running tests.

(defun ert-run-test (test)
  "Run TEST.  Return the result and record it in TEST."
  (let* ((start (float-time))
         (result
          (let ((ert--running-tests (cons test ert--running-tests)))
            (condition-case err
                (progn
                  (catch 'ert--pass (funcall (ert-test-body test)))
                  (make-ert-test-passed))
              (ert-test-skipped (make-ert-test-skipped :condition err))
              (t (make-ert-test-failed :condition err))))))
    (setf (ert-test-result-duration result) (- (float-time) start))
    (setf (ert-test-most-recent-result test) result)
    result))

(defun ert-test-result-type-p (result result-type)
  "Return non-nil if RESULT matches type RESULT-TYPE."
  (cond ((eq result-type nil) nil)
        ((eq result-type t) t)
        ((eq result-type :failed) (ert-test-failed-p result))
        ((eq result-type :passed) (ert-test-passed-p result))
        ((eq result-type :skipped) (ert-test-skipped-p result))
        ((and (consp result-type) (eq (car result-type) 'member))
         (let ((hit nil))
           (dolist (ty (cdr result-type)) (if (ert-test-result-type-p result ty) (setq hit t)))
           hit))
        ((and (consp result-type) (eq (car result-type) 'and))
         (let ((ok t))
           (dolist (ty (cdr result-type)) (unless (ert-test-result-type-p result ty) (setq ok nil)))
           ok))
        ((and (consp result-type) (eq (car result-type) 'or))
         (let ((hit nil))
           (dolist (ty (cdr result-type)) (if (ert-test-result-type-p result ty) (setq hit t)))
           hit))
        ((and (consp result-type) (eq (car result-type) 'not))
         (not (ert-test-result-type-p result (car (cdr result-type)))))
        ((and (consp result-type) (eq (car result-type) 'satisfies))
         (funcall (car (cdr result-type)) result))
        (t (error "Invalid result type: %S" result-type))))

(defun ert-test-result-expected-p (test result)
  "Return non-nil if TEST's expected result type matches RESULT."
  (or (ert-test-result-type-p result :skipped)
      (ert-test-result-type-p result (ert-test-expected-result-type test))))

(defun ert--all-tests ()
  (sort (delq nil (mapcar (lambda (name) (get name 'ert--test)) ert--test-names))
        (lambda (a b) (string< (symbol-name (ert-test-name a)) (symbol-name (ert-test-name b))))))

(defun ert-select-tests (selector universe)
  "Return a list of tests that match SELECTOR, drawn from UNIVERSE (t for all tests)."
  (let ((all (if (eq universe t) (ert--all-tests) universe)))
    (cond
     ((eq selector nil) nil)
     ((eq selector t) all)
     ((eq selector :new) (cl-remove-if #'ert-test-most-recent-result all))
     ((memq selector '(:failed :passed :skipped))
      (cl-remove-if-not (lambda (test) (let ((r (ert-test-most-recent-result test)))
                                         (and r (ert-test-result-type-p r selector))))
                        all))
     ((eq selector :expected)
      (cl-remove-if-not (lambda (test) (let ((r (ert-test-most-recent-result test)))
                                         (and r (ert-test-result-expected-p test r))))
                        all))
     ((eq selector :unexpected)
      (cl-remove-if-not (lambda (test) (let ((r (ert-test-most-recent-result test)))
                                         (and r (not (ert-test-result-expected-p test r)))))
                        all))
     ((stringp selector)
      (cl-remove-if-not (lambda (test) (and (ert-test-name test)
                                            (string-match-p selector (symbol-name (ert-test-name test)))))
                        all))
     ((ert-test-p selector) (list selector))
     ((symbolp selector)
      (let ((test (ert-get-test selector))) (if (memq test all) (list test) (list test))))
     ((consp selector)
      (let ((head (car selector)))
        (cond
         ((eq head 'member)
          (mapcar (lambda (x) (if (ert-test-p x) x (ert-get-test x))) (cdr selector)))
         ((eq head 'eql) (ert-select-tests (list 'member (car (cdr selector))) all))
         ((eq head 'and)
          (let ((set all))
            (dolist (s (cdr selector)) (setq set (ert-select-tests s set)))
            set))
         ((eq head 'or)
          (let ((chosen nil))
            (dolist (s (cdr selector))
              (dolist (test (ert-select-tests s all)) (unless (memq test chosen) (setq chosen (cons test chosen)))))
            (cl-remove-if-not (lambda (test) (memq test chosen)) all)))
         ((eq head 'not)
          (let ((excluded (ert-select-tests (car (cdr selector)) all)))
            (cl-remove-if (lambda (test) (memq test excluded)) all)))
         ((eq head 'tag)
          (cl-remove-if-not (lambda (test) (memq (car (cdr selector)) (ert-test-tags test))) all))
         ((eq head 'satisfies)
          (cl-remove-if-not (car (cdr selector)) all))
         (t (error "Invalid selector: %S" selector)))))
     (t (error "Invalid selector: %S" selector)))))

(cl-defstruct (ert--stats (:constructor ert--make-stats) (:copier nil))
  (selector nil) (tests nil) (results nil) (start-time nil) (end-time nil)
  (passed-expected 0) (passed-unexpected 0) (failed-expected 0) (failed-unexpected 0)
  (skipped 0))

(defun ert-run-tests (selector listener)
  "Run the tests specified by SELECTOR, sending progress updates to LISTENER."
  (let* ((tests (ert-select-tests selector t))
         (stats (ert--make-stats :selector selector :tests tests :start-time (current-time))))
    (funcall listener 'run-started stats)
    (let ((pos 0))
      (dolist (test tests)
        (funcall listener 'test-started stats test)
        (let* ((result (ert-run-test test))
               (expected (ert-test-result-expected-p test result)))
          (setf (ert--stats-results stats) (append (ert--stats-results stats) (list result)))
          (cond ((ert-test-skipped-p result)
                 (cl-incf (ert--stats-skipped stats)))
                ((ert-test-passed-p result)
                 (if expected (cl-incf (ert--stats-passed-expected stats))
                   (cl-incf (ert--stats-passed-unexpected stats))))
                (t (if expected (cl-incf (ert--stats-failed-expected stats))
                     (cl-incf (ert--stats-failed-unexpected stats)))))
          (funcall listener 'test-ended stats test result pos))
        (setq pos (1+ pos))))
    (setf (ert--stats-end-time stats) (current-time))
    (funcall listener 'run-ended stats nil)
    stats))

(defun ert-stats-total (stats) "Number of tests in STATS." (length (ert--stats-tests stats)))
(defun ert-stats-completed-expected (stats)
  "Number of tests in STATS that had expected results."
  (+ (ert--stats-passed-expected stats) (ert--stats-failed-expected stats)))
(defun ert-stats-completed-unexpected (stats)
  "Number of tests in STATS that had unexpected results."
  (+ (ert--stats-passed-unexpected stats) (ert--stats-failed-unexpected stats)))
(defun ert-stats-skipped (stats) "Number of tests in STATS that have skipped." (ert--stats-skipped stats))

(defun ert-string-for-test-result (result expectedp)
  "Return a string that represents the test result RESULT."
  (let ((s (cond ((ert-test-passed-p result) "passed")
                 ((ert-test-skipped-p result) "skipped")
                 ((ert-test-failed-p result) "failed")
                 (t "aborted"))))
    (if expectedp s (upcase s))))

(defun ert--format-time-iso8601 (time)
  "Format TIME in the variant of ISO 8601 used for timestamps in ERT."
  (format-time-string "%Y-%m-%d %T%z" time))

(defun ert--print-condition (test result)
  (message "Test %S backtrace:" (ert-test-name test))
  (message "Test %S condition:" (ert-test-name test))
  (let* ((text (let ((print-escape-newlines t) (print-level 5) (print-length 10)
                     (pp-escape-newlines nil) (print-escape-control-characters t))
                 (pp--to-string-at (ert-test-result-with-condition-condition result) 4)))
         (text (if (and (> (length text) 0) (eq (aref text (1- (length text))) ?\n))
                   (substring text 0 -1)
                 text)))
    (message "%s" (concat "    " text))))

(defun ert--batch-listener (event-type &rest event-args)
  (let ((stats (car event-args)))
    (cond
     ((eq event-type 'run-started)
      (message "Running %s tests (%s, selector `%S')"
               (length (ert--stats-tests stats))
               (ert--format-time-iso8601 (ert--stats-start-time stats))
               (ert--stats-selector stats)))
     ((eq event-type 'test-ended)
      (let* ((test (nth 1 event-args))
             (result (nth 2 event-args))
             (pos (nth 3 event-args))
             (expected (ert-test-result-expected-p test result))
             (max (prin1-to-string (length (ert--stats-tests stats)))))
        (unless expected
          (cond ((ert-test-passed-p result)
                 (message "Test %S passed unexpectedly" (ert-test-name test)))
                ((ert-test-result-with-condition-p result)
                 (ert--print-condition test result))))
        (message (concat "%9s  %" (number-to-string (length max)) "s/" max "  %S (%f sec)")
                 (ert-string-for-test-result result expected)
                 (1+ pos)
                 (ert-test-name test)
                 (ert-test-result-duration result))))
     ((eq event-type 'run-ended)
      (let ((unexpected (ert-stats-completed-unexpected stats))
            (skipped (ert-stats-skipped stats))
            (expected-failures (ert--stats-failed-expected stats)))
        (message "\n%sRan %s tests, %s results as expected, %s unexpected%s (%s, %f sec)%s\n"
                 ""
                 (ert-stats-total stats)
                 (ert-stats-completed-expected stats)
                 unexpected
                 (if (zerop skipped) "" (format ", %s skipped" skipped))
                 (ert--format-time-iso8601 (ert--stats-end-time stats))
                 (float-time (time-subtract (ert--stats-end-time stats) (ert--stats-start-time stats)))
                 (if (zerop expected-failures) "" (format "\n%s expected failures" expected-failures)))
        (unless (zerop unexpected)
          (message "%s unexpected results:" unexpected)
          (cl-mapc (lambda (test result)
                     (unless (ert-test-result-expected-p test result)
                       (message "%9s  %S" (ert-string-for-test-result result nil) (ert-test-name test))))
                   (ert--stats-tests stats) (ert--stats-results stats))
          (message "%s" ""))
        (unless (zerop skipped)
          (message "%s skipped results:" skipped)
          (cl-mapc (lambda (test result)
                     (when (ert-test-skipped-p result)
                       (message "%9s  %S" (ert-string-for-test-result result nil) (ert-test-name test))))
                   (ert--stats-tests stats) (ert--stats-results stats))
          (message "%s" "")))))))

(defun ert-run-tests-batch (&optional selector)
  "Run the tests specified by SELECTOR, printing results to the terminal.
SELECTOR defaults to t (all tests).  Returns the stats object."
  (require 'pp)
  (ert-run-tests (or selector t) #'ert--batch-listener))

(defun ert-run-tests-batch-and-exit (&optional selector)
  "Like `ert-run-tests-batch', but exits Emacs when done.
The exit status is 0 if all test results were as expected, 1 on
unexpected results, or 2 if the tool detected an error outside of the tests."
  (let ((stats (condition-case err
                   (ert-run-tests-batch selector)
                 (error (message "Error running tests")
                        (message "%s" (error-message-string err))
                        (kill-emacs 2)))))
    (kill-emacs (if (zerop (ert-stats-completed-unexpected stats)) 0 1))))

(provide 'ert)
;;; ert.el ends here
