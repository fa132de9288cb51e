;;; elnode.el --- evented web server inside the Lisp runtime  -*- lexical-binding: t -*-

;; The HTTP primitives (elnode-start, elnode-stop, elnode-http-*,
;; elnode-dispatcher, elnode-child-process, elnode-webserver-handler-maker ...)
;; are builtins written in TypeScript on node:http (src/server/).  This file
;; holds what is naturally Lisp.  It is loaded when the server is installed,
;; so `(require 'elnode)' in a handler file is harmless.

(defun elnode-send-html (httpcon html)
  "Answer 200 on HTTPCON with the string HTML as a text/html page."
  (elnode-http-start httpcon 200 '("Content-Type" . "text/html; charset=utf-8"))
  (elnode-http-return httpcon html))

(defmacro elnode-method (httpcon &rest method-mappings)
  "Run the body of the METHOD-MAPPINGS entry for HTTPCON's request method.
Each entry is (METHOD BODY...), METHOD a symbol such as GET or POST;
an entry whose METHOD is t matches any method.  No match answers 405."
  (let ((method (make-symbol "method"))
        (clauses nil))
    (dolist (m method-mappings)
      (push (if (eq (car m) t)
                `(t ,@(cdr m))
              `((equal ,method ,(symbol-name (car m))) ,@(cdr m)))
            clauses))
    `(let ((,method (elnode-http-method ,httpcon)))
       (cond ,@(nreverse clauses)
             (t (elnode-send-status ,httpcon 405))))))

(provide 'elnode)

;;; elnode.el ends here
