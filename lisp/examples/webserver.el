;;; webserver.el --- the elnode README's file serving example

;; Run (from the repository root, the docroot below is relative to it):
;;       npx elnode run lisp/examples/webserver.el
;; Try:  curl -i http://localhost:8003/        -> www/index.html
;;       curl http://localhost:8003/users/     -> users
;;
;; No lexical-binding cookie: as in the README, `webserver' is let-bound
;; dynamically, so the dispatcher table can name it.

(defvar docroot "lisp/examples/www")

(defun users-handler (httpcon)
  (elnode-http-start httpcon 200 '("Content-type" . "text/plain"))
  (elnode-http-return httpcon "users\n"))

(defun my-handler (httpcon)
  (let ((webserver (elnode-webserver-handler-maker docroot)))
    (elnode-dispatcher httpcon
                       '(("/$" . webserver)
                         ("users/$" . 'users-handler)))))

(elnode-start 'my-handler 8003)
