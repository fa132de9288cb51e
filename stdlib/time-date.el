;;; time-date.el --- Date and time handling functions -*- lexical-binding: t -*-

;; date-to-time, time-since, days-between, format-seconds, date-leap-year-p,
;; decoded-time-set-defaults and the other functions of Emacs's time-date.el
;; are builtins of elnode (src/runtime/builtins/timefns.ts); this file
;; provides the feature.

(provide 'time-date)

;;; time-date.el ends here
