(require 'json)
(let* ((json-array-type 'list) (cases (json-read-file (car command-line-args-left))))
  (with-temp-buffer
   (dolist (c cases)
    (let ((pat (nth 0 c)) (str (nth 1 c)) (fold (eq (nth 2 c) t)) (start (nth 3 c)))
      (princ (condition-case err
                 (let ((case-fold-search fold))
                   (if (funcall (if (getenv "POSIX") (function posix-string-match) (function string-match)) pat str start) (json-encode (match-data t)) "null"))
               (error (json-encode (list "ERR" (format "%S" err))))))
      (terpri)))))
