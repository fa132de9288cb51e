;;; elnode.el --- evented web server inside the Lisp runtime  -*- lexical-binding: t -*-

;; The HTTP primitives (elnode-start, elnode-stop, elnode-http-*,
;; elnode-dispatcher, elnode-send-file, elnode-defauth ...) are builtins
;; written in TypeScript on node:http (src/server/).  This file holds what
;; must be Lisp: the macros of elnode's API, and a few small functions.  It
;; is loaded when the server is installed, so `(require 'elnode)' in a
;; handler file is harmless.

;;; Responses

(defun elnode-send-html (httpcon html)
  "Answer 200 on HTTPCON with the string HTML as a text/html page."
  (elnode-http-start httpcon 200 '("Content-Type" . "text/html; charset=utf-8"))
  (elnode-http-return httpcon html))

(defun elnode--send-405 (httpcon methods)
  "Answer 405 on HTTPCON, with an Allow header naming METHODS."
  (elnode-http-header-set
   httpcon "Allow"
   (mapconcat #'identity
              (if (and (member "GET" methods) (not (member "HEAD" methods)))
                  (append methods '("HEAD"))
                methods)
              ", "))
  (elnode-send-status httpcon 405))

(defmacro elnode-method (httpcon &rest method-mappings)
  "Run the body of the METHOD-MAPPINGS entry for HTTPCON's request method.
Each entry is (METHOD BODY...), METHOD a symbol such as GET or POST (or a
string); an entry whose METHOD is t is used when no other matches,
wherever it is written.  HEAD runs the GET entry when there is no HEAD
entry (the server sends no body).  No match answers 405 with an Allow
header.

  (elnode-method httpcon
    (GET (elnode-send-html httpcon \"<p>form</p>\"))
    (POST (save-it (elnode-http-params httpcon))))"
  (declare (indent 1))
  (let ((con (make-symbol "httpcon"))
        (method (make-symbol "method"))
        (fallback (assq t method-mappings))
        (names nil)
        (clauses nil))
    (dolist (m method-mappings)
      (unless (eq (car m) t)
        (let ((name (if (stringp (car m)) (upcase (car m)) (symbol-name (car m)))))
          (push name names)
          (push `((equal ,method ,name) ,@(cdr m)) clauses))))
    (setq names (nreverse names)
          clauses (nreverse clauses))
    `(let* ((,con ,httpcon)
            (,method (elnode-http-method ,con)))
       ,@(when (and (member "GET" names) (not (member "HEAD" names)))
           `((when (equal ,method "HEAD") (setq ,method "GET"))))
       (cond ,@clauses
             (t ,@(if fallback
                      (or (cdr fallback) '(nil))
                    `((elnode--send-405 ,con ',names))))))))

(defmacro with-stdout-to-elnode (httpcon &rest body)
  "Run BODY with `standard-output' collected, then send it all on HTTPCON.
What `princ', `print' and friends write becomes the response body; the
response is finished (started with 200 if the handler had not started it)."
  (declare (indent 1))
  (let ((hv (make-symbol "httpcon")))
    `(let ((,hv ,httpcon))
       (elnode-http-return ,hv (with-output-to-string ,@body)))))

;;; Deferred handlers (long polling)

(defmacro elnode-defer-until (guard &rest body)
  "Run BODY once GUARD is true, deferring the request until then.
`httpcon' must be bound where this is used (it is captured); inside BODY
`elnode-defer-guard-it' is the value of GUARD.  The request waits with its
connection open; GUARD is tested again after each handler run for another
request and on a short timer while requests wait, so a POST that makes
GUARD true answers the waiting requests at once.  Needs lexical binding
\(as elnode did)."
  (declare (indent 1))
  (let ((guard-fn (make-symbol "guard"))
        (body-fn (make-symbol "body"))
        (retry (make-symbol "retry")))
    `(let* ((,guard-fn (lambda () ,guard))
            (elnode-defer-guard-it (funcall ,guard-fn))
            (,body-fn (lambda (httpcon) (ignore httpcon) ,@body))
            (,retry nil))
       (setq ,retry
             (lambda (con)
               (setq elnode-defer-guard-it (funcall ,guard-fn))
               (if elnode-defer-guard-it
                   (funcall ,body-fn con)
                 (elnode-defer-now ,retry))))
       (if elnode-defer-guard-it
           (funcall ,body-fn httpcon)
         (elnode-defer-now ,retry)))))

(defmacro elnode-defer-or-do (guard &rest body)
  "If GUARD is true, defer the request and run BODY when it is next tried; else run BODY now.
`httpcon' must be bound where this is used (it is captured)."
  (declare (indent 1))
  (let ((body-fn (make-symbol "body")))
    `(let ((,body-fn (lambda (httpcon) (ignore httpcon) ,@body)))
       (if ,guard
           (elnode-defer-now ,body-fn)
         (funcall ,body-fn httpcon)))))

;;; Docroots

(defmacro elnode-docroot-for (doc-root with target-file-var on httpcon do &rest handling)
  "Serve a file under DOC-ROOT safely.
  (elnode-docroot-for \"~/work\" with file on httpcon do
    (elnode-send-file httpcon file))
binds FILE to the file the request names under DOC-ROOT and runs the
body, unless the file is missing or would lie outside DOC-ROOT (`..',
encoded slashes, symlinks leading out): then `elnode-not-found' is
called; or unless the client's copy is current (If-None-Match /
If-Modified-Since): then `elnode-cached' answers 304."
  (declare (indent defun))
  (unless (memq with '(with :with)) (error "elnode-docroot-for: expected `with', not %S" with))
  (unless (memq on '(on :on)) (error "elnode-docroot-for: expected `on', not %S" on))
  (unless (memq do '(do :do)) (error "elnode-docroot-for: expected `do', not %S" do))
  (let ((dr (make-symbol "docroot"))
        (con (make-symbol "httpcon")))
    `(let* ((,dr ,doc-root)
            (,con ,httpcon)
            (,target-file-var (elnode--docroot-target ,con ,dr elnode-docroot-for-no-404)))
       (cond
        ((null ,target-file-var)
         (elnode-not-found ,con (elnode-get-targetfile ,con ,dr)))
        ((and (not elnode-docroot-for-no-cache)
              (elnode-cached-p ,con ,target-file-var))
         (elnode-cached ,con))
        (t ,@handling)))))

;;; Logging

(defmacro elnode-error (msg &rest args)
  "Log (format MSG ARGS...) to the error log.
Standard error, or the file elnode-error under `elnode-log-files-directory'.
`elnode--do-error-logging' nil turns it off."
  `(elnode--error-log (format ,msg ,@args)))

(defmacro elnode-msg (level msg &rest args)
  "Log (format MSG ARGS...) when LEVEL passes `elnode--do-error-logging'.
LEVEL is one of `elnode-msg-levels' (:debug :info :status :warning); the
variable is t (log everything), nil (nothing) or the lowest level logged."
  (declare (indent 2))
  `(when (elnode--msg-enabled-p ,level)
     (elnode-error ,msg ,@args)))

;;; Authentication

(defmacro if-elnode-auth (httpcon scheme authd &rest anonymous)
  "Run AUTHD if HTTPCON is authenticated under SCHEME, else ANONYMOUS.
While AUTHD runs, `elnode-auth-username' gives the user."
  (declare (indent 2))
  (let ((c (make-symbol "httpcon")))
    `(let ((,c ,httpcon))
       (if (elnode--auth-check ,c ,scheme)
           ,authd
         ,@anonymous))))

(defmacro with-elnode-auth (httpcon scheme &rest body)
  "Run BODY if HTTPCON is authenticated under SCHEME.
Otherwise a cookie scheme redirects to its login page (which comes back
here after login), a :basic scheme answers 401."
  (declare (indent 2))
  (let ((c (make-symbol "httpcon"))
        (s (make-symbol "scheme")))
    `(let ((,c ,httpcon)
           (,s ,scheme))
       (if (elnode--auth-check ,c ,s)
           (progn ,@body)
         (elnode--auth-fail ,c ,s)))))

(defmacro elnode-auth-dispatcher (httpcon auth-scheme &rest body)
  "Serve AUTH-SCHEME's login and logout paths for HTTPCON, or else run BODY."
  (declare (indent 2))
  (let ((c (make-symbol "httpcon")))
    `(let ((,c ,httpcon))
       (unless (elnode--auth-dispatch ,c ,auth-scheme)
         ,@body))))

;;; Utilities

(defun elnode-join (&rest parts)
  "Join the non-empty PARTS into a path, one slash between each.
A trailing slash on the last part is kept."
  (let ((path "") (last nil))
    (dolist (p parts)
      (when (> (length p) 0)
        (setq last p
              path (concat path (file-name-as-directory p)))))
    (if (or (null last) (string-suffix-p "/" last))
        path
      (substring path 0 -1))))

(defun elnode-trim (str)
  "STR without leading and trailing whitespace."
  (replace-regexp-in-string "\\`[ \t\n\r]+\\|[ \t\n\r]+\\'" "" str))

;;; Apps

(defmacro elnode-app (dir-var &rest features)
  "Define DIR-VAR as the directory of the file being loaded and require FEATURES."
  (declare (indent 1))
  `(progn
     (defconst ,dir-var (file-name-directory (or load-file-name buffer-file-name default-directory)))
     (require 'elnode)
     ,@(mapcar (lambda (f) `(require ',f)) features)))

(provide 'elnode)

;;; elnode.el ends here
