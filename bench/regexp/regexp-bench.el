;;; regexp-bench.el --- the same regexp workload for elnode and GNU Emacs  -*- lexical-binding: t -*-
;; Loaded by bench/regexp/run.mjs into elnode and into `emacs -Q --batch'.
;; Data is generated deterministically; only the search work is timed.

(defvar rb-seed 42)
(defun rb-rand (n)
  (setq rb-seed (% (+ (* rb-seed 1103515245) 12345) 2147483648))
  (% (/ rb-seed 65536) n))
(defun rb-pick (l) (nth (rb-rand (length l)) l))

(defvar rb-words '("alpha" "beta" "gamma" "delta" "elnode" "buffer" "foo" "bar" "point" "marker"))
(defun rb-word () (rb-pick rb-words))

(defun rb-make-string ()
  "One of the kinds of line a web server and its Lisp see."
  (let ((k (rb-rand 8)))
    (cond
     ((= k 0) (format "%s /%s/%s.%s HTTP/1.%d" (rb-pick '("GET" "POST" "PUT" "DELETE"))
                      (rb-word) (rb-word) (rb-pick '("html" "css" "js" "png" "htm")) (rb-rand 2)))
     ((= k 1) (format "%s: %s %s" (rb-pick '("Content-Type" "Host" "Accept" "X-Forwarded-For"))
                      (rb-word) (rb-word)))
     ((= k 2) (format "/%s/%s/%d" (rb-word) (rb-word) (rb-rand 1000)))
     ((= k 3) (format "%s.%s@%s.com" (rb-word) (rb-word) (rb-word)))
     ((= k 4) (format "%s foo %s %d" (rb-word) (rb-word) (rb-rand 100000)))
     ((= k 5) (make-string (rb-rand 6) ?\s))
     ((= k 6) (format "  %s\t%s  " (rb-word) (rb-word)))
     (t (format "%s-%s_%d" (rb-word) (rb-word) (rb-rand 50))))))

(defvar rb-strings nil)
(defvar rb-patterns
  '("^\\([A-Z]+\\) \\([^ ]+\\) HTTP/\\([0-9.]+\\)$"
    "^\\([^:]+\\):[ \t]*\\(.*\\)$"
    "\\`/\\([^/]+\\)/\\(.*\\)\\'"
    "[0-9]+"
    "\\([a-z0-9._-]+\\)@\\([a-z0-9.-]+\\)"
    "\\.\\(html?\\|css\\|js\\)\\'"
    "\\bfoo\\b"
    "[[:space:]]+"
    "^\\s-*$"
    "\\(?:GET\\|POST\\|PUT\\|DELETE\\)"))

(defvar rb-text nil)

(defun rb-setup ()
  (setq rb-seed 42)
  (let ((l nil))
    (dotimes (_ 100000) (push (rb-make-string) l))
    (setq rb-strings (nreverse l)))
  ;; About 1 MB of log-like text.
  (setq rb-text
        (with-temp-buffer
          (while (< (buffer-size) 1000000)
            (insert (format "%d.%d %s [%s] \"%s\" %d\n" (rb-rand 256) (rb-rand 256)
                            (rb-word) (rb-word) (rb-make-string) (rb-rand 1000))))
          (buffer-string)))
  (length rb-strings))

(defun rb-string-match ()
  "string-match of every pattern against every string: 10^6 calls."
  (let ((n 0))
    (dolist (re rb-patterns)
      (dolist (s rb-strings)
        (when (string-match re s) (setq n (1+ n)))))
    n))

(defun rb-replace ()
  "re-search-forward / replace-match passes over a 1 MB buffer."
  (with-temp-buffer
    (insert rb-text)
    (let ((n 0))
      (goto-char (point-min))
      (while (re-search-forward "\\([0-9]+\\)\\.\\([0-9]+\\)" nil t)
        (replace-match "\\2,\\1")
        (setq n (1+ n)))
      (goto-char (point-min))
      (while (re-search-forward "\\bfoo\\b" nil t)
        (replace-match "FOO" t t)
        (setq n (1+ n)))
      (goto-char (point-min))
      (while (re-search-forward "^\\([0-9]+\\),\\([0-9]+\\) \\(\\w+\\)" nil t)
        (replace-match "\\3" t nil nil 1)
        (setq n (1+ n)))
      (list n (buffer-size)))))

(defun rb-time (f)
  "Seconds FUNCTION takes, best of 3, and its value."
  (let ((best nil) (val nil))
    (dotimes (_ 3)
      (garbage-collect)
      (let ((t0 (float-time)))
        (setq val (funcall f))
        (let ((dt (- (float-time) t0)))
          (when (or (null best) (< dt best)) (setq best dt)))))
    (list best val)))

(defun rb-main ()
  (rb-setup)
  (let ((sm (rb-time #'rb-string-match))
        (rp (rb-time #'rb-replace)))
    (format "string-match %.3f %S\nreplace %.3f %S\n" (car sm) (cadr sm) (car rp) (cadr rp))))
