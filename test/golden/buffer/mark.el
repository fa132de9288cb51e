;; The mark and the region.
(with-temp-buffer (insert "hello") (list (mark) (mark t) (condition-case e (region-beginning) (error e)) (progn (set-mark 2) (mark)) (region-beginning) (region-end) (region-active-p) (use-region-p) mark-active (progn (exchange-point-and-mark) (list (point) (mark))) (marker-position (mark-marker))))
(with-temp-buffer (insert "hello") (push-mark 3 t) (list (mark) (point) (progn (push-mark) (mark)) (length mark-ring)))
(with-temp-buffer (insert "hello") (set-mark 2) (save-mark-and-excursion (set-mark 4) (goto-char 1)) (list (point) (mark)))
(with-temp-buffer (insert "hello") (goto-char 2) (set-mark 4) (list (buffer-substring (region-beginning) (region-end)) (progn (goto-char 5) (region-beginning))))
(with-temp-buffer (insert "abc") (set-mark 2) (goto-char 1) (insert "XX") (mark))
(with-temp-buffer (list (mark-marker) (marker-position (mark-marker))))
