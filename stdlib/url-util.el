;;; url-util.el --- Miscellaneous helper routines for URL library -*- lexical-binding: t -*-

;; url-hexify-string, url-unhex-string, url-encode-url,
;; url-build-query-string, url-parse-query-string and friends are builtins
;; of elnode (src/runtime/builtins/url.ts); this file provides the feature.

(require 'url-parse)

(provide 'url-util)

;;; url-util.el ends here
