;;; -*- lexical-binding: t -*-
;;; The soak test's mixed application: a hello handler, a dispatcher with
;;; a path group, a static file, a JSON POST and a child process. The
;;; driver (soak.mjs) binds `soak-port' and `soak-docroot' first.

(defun soak-hello (httpcon)
  (elnode-http-start httpcon 200 '("Content-Type" . "text/plain"))
  (elnode-http-return httpcon "hello\n"))

(defun soak-user (httpcon)
  (elnode-http-start httpcon 200 '("Content-Type" . "text/plain"))
  (elnode-http-return httpcon (format "user %s\n" (elnode-http-mapping httpcon 1))))

(defun soak-json (httpcon)
  (let* ((json-object-type 'alist)
         (data (elnode-http-json httpcon))
         (n (cdr (assq 'n data))))
    (elnode-send-json httpcon `((name . ,(cdr (assq 'name data)))
                                (doubled . ,(* 2 n))
                                (keys . ,(length data))))))

(defun soak-child (httpcon)
  (elnode-http-start httpcon 200 '("Content-Type" . "text/plain"))
  (elnode-child-process httpcon "echo" "from a child"))

(defun soak-memory (httpcon)
  "The V8 heap in use after a full collection, in KB (the driver runs us with --expose-gc)."
  (let ((heap (assq 'heap (garbage-collect))))
    (elnode-send-json httpcon `((used . ,(- (nth 2 heap) (nth 3 heap)))))))

(defvar soak-static (elnode-webserver-handler-maker soak-docroot))

(defvar soak-routes
  `(("^/hello$" . soak-hello)
    ("^/users/\\([0-9]+\\)$" . soak-user)
    ("^/static/\\(.*\\)$" . ,soak-static)
    ("^/json$" . soak-json)
    ("^/child$" . soak-child)
    ("^/memory$" . soak-memory)))

(defun soak-handler (httpcon)
  (elnode-dispatcher httpcon soak-routes))

(elnode-start 'soak-handler :port soak-port :host "127.0.0.1")
