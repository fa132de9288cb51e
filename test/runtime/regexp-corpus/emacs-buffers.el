;; Runs buffers.json cases in GNU Emacs: one line per case, the match data
;; (integers) after the search and point, or nil, or the error.
;;   emacs -Q --batch -l emacs-buffers.el buffers.json > buffers.expected
(require 'json)
(let* ((json-array-type 'list) (cases (json-read-file (car command-line-args-left))))
  (dolist (c cases)
    (let ((pat (nth 0 c)) (text (nth 1 c)) (pt (nth 2 c)) (bound (nth 3 c)) (op (nth 4 c)) (fold (eq (nth 5 c) t)))
      (with-temp-buffer
        (insert text)
        (goto-char pt)
        (set-match-data nil)
        (let ((print-escape-newlines t))
          (prin1 (condition-case err
                     (let* ((case-fold-search fold)
                            (r (cond ((equal op "fwd") (re-search-forward pat bound t))
                                     ((equal op "bwd") (re-search-backward pat bound t))
                                     (t (looking-at pat)))))
                       (if r (list (point) (match-data t)) nil))
                   (error err))))
        (terpri)))))
