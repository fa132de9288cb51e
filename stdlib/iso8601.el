;;; iso8601.el --- parse ISO 8601 date/time strings -*- lexical-binding: t -*-

;; iso8601-parse and iso8601-valid-p are builtins of elnode
;; (src/runtime/builtins/timefns.ts); this file provides the feature.

(provide 'iso8601)

;;; iso8601.el ends here
