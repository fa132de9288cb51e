;;; url-parse.el --- Uniform Resource Locator parser -*- lexical-binding: t -*-

;; The `url' structure (#s(url TYPE USER PASSWORD HOST PORTSPEC FILENAME
;; TARGET ATTRIBUTES FULLNESS SILENT USE-COOKIES ASYNCHRONOUS)), its
;; accessors and setf functions, url-generic-parse-url and url-recreate-url
;; are builtins of elnode (src/runtime/builtins/url.ts); this file provides
;; the feature.

(provide 'url-parse)

;;; url-parse.el ends here
