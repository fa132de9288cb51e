;;; dispatcher.el --- the elnode README's url dispatcher

;; Run:  npx elnode run lisp/examples/dispatcher.el
;; Try:  curl http://localhost:8001/        -> root
;;       curl http://localhost:8001/users/  -> users
;;       curl -i http://localhost:8001/x    -> 404

(defun root-handler (httpcon)
  (elnode-http-start httpcon 200 '("Content-type" . "text/plain"))
  (elnode-http-return httpcon "root\n"))

(defun users-handler (httpcon)
  (elnode-http-start httpcon 200 '("Content-type" . "text/plain"))
  (elnode-http-return httpcon "users\n"))

(defun dispatcher-handler (httpcon)
  ;; The table as the README writes it: 2010 keys, quoted-symbol values.
  (elnode-dispatcher httpcon
                     '(("/$" . 'root-handler)
                       ("users/$" . 'users-handler))))

(elnode-start 'dispatcher-handler 8001)
