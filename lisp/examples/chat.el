;;; chat.el --- elnode's chat example: long polling with deferred handlers  -*- lexical-binding: t -*-

;; Run:  npx elnode run lisp/examples/chat.el
;; Try:  open http://localhost:8004/ in two browsers and chat, or:
;;       curl 'http://localhost:8004/chat/poll/'     (waits for the next message)
;;       curl -d username=nic -d msg=hello http://localhost:8004/chat/send/
;;
;; The handlers follow elnode's own chat example.  Differences: the page is
;; a plain HTML template here (a creole page there), the poll answers plain
;; JSON unless a `callback' parameter asks for JSON-P, and a message is sent
;; as [USER, TEXT] without its time.

(require 'elnode)

(defvar chat-list '()
  "The messages, newest first: (TIME USER TEXT).")

(defun chat-add (user text)
  (push (list (current-time) user text) chat-list))

(defun chat-list-since (since)
  "The messages posted after SINCE, oldest first."
  (let (out)
    (dolist (rec chat-list)
      (when (time-less-p since (car rec))
        (push rec out)))
    out))

;; The elnode part.

(defun chat-comet-handler (httpcon)
  "Wait until there is a new message, then send the new ones as JSON."
  (let ((entered (current-time)))
    (elnode-defer-until (chat-list-since entered)
      (elnode-send-json
       httpcon (chat-json elnode-defer-guard-it) :jsonp (elnode-http-param httpcon "callback")))))

(defun chat-json (messages)
  "MESSAGES as a vector of [USER TEXT] vectors (a JSON array of arrays)."
  (apply #'vector (mapcar (lambda (m) (vector (nth 1 m) (nth 2 m))) messages)))

(defun chat-send-handler (httpcon)
  (let ((username (elnode-http-param httpcon "username"))
        (msg (elnode-http-param httpcon "msg")))
    (if (not (and username msg))
        (elnode-send-400 httpcon "username and msg are needed")
      (chat-add username msg)
      (elnode-send-json httpcon '("thanks")))))

(defconst chat-dir (file-name-directory (or load-file-name buffer-file-name default-directory)))

(defun chat-main-templater ()
  "The latest messages as table rows, for the page's first display."
  (list
   (cons "messages"
         (mapconcat
          (lambda (entry)
            (format "<tr><td class=\"username\">%s</td><td class=\"message\">%s</td></tr>"
                    (chat-escape (nth 1 entry)) (chat-escape (nth 2 entry))))
          (let ((latest nil) (n 0))
            (dolist (entry chat-list latest)
              (when (< n 12) (push entry latest) (setq n (1+ n)))))
          ""))))

(defun chat-escape (s)
  (replace-regexp-in-string
   "[&<>\"]" (lambda (c) (cdr (assoc c '(("&" . "&amp;") ("<" . "&lt;") (">" . "&gt;") ("\"" . "&quot;")))))
   s t t))

(defun chat-main-handler (httpcon)
  "The main handler."
  (elnode-hostpath-dispatcher
   httpcon
   `(("^.*//chat/poll/" . chat-comet-handler)
     ("^.*//chat/send/" . chat-send-handler)
     ("^.*//chat.js" . ,(elnode-make-send-file (expand-file-name "chat/chat.js" chat-dir)))
     ("^.*//$" . ,(elnode-make-send-file
                   (expand-file-name "chat/chat.html" chat-dir)
                   :replacements 'chat-main-templater)))))

(elnode-start 'chat-main-handler :port 8004)

;;; chat.el ends here
