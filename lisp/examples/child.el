;;; child.el --- the elnode README's child process example

;; Run:  npx elnode run lisp/examples/child.el
;; Try:  curl http://localhost:8002/   -> this file, through cat

(defvar child-example-file (or load-file-name "lisp/examples/child.el")
  "The file the handler sends: this one.")

(defun child-handler (httpcon)
  (elnode-http-start httpcon 200 '("Content-type" . "text/plain"))
  (elnode-child-process httpcon
      "cat" child-example-file))

(elnode-start 'child-handler 8002)
