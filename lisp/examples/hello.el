;;; hello.el --- the elnode README's first example

;; Run:  npx elnode run lisp/examples/hello.el
;; Try:  curl -i http://localhost:8000/

(defun nicferrier-handler (httpcon)
  "Demonstration function"
  (elnode-http-start httpcon "200" '("Content-type" . "text/html"))
  (elnode-http-return httpcon "<html><b>HELLO!</b></html>"))

(elnode-start 'nicferrier-handler 8000)
