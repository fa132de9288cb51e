;;; parse-time.el --- parsing time strings -*- lexical-binding: t -*-

;; parse-time-string and parse-iso8601-time-string are builtins of elnode
;; (src/runtime/builtins/timefns.ts); this file provides the feature.

(require 'iso8601)

(provide 'parse-time)

;;; parse-time.el ends here
