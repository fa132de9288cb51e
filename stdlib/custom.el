;;; custom.el --- customization declarations  -*- lexical-binding: t -*-

;; `defcustom', `defgroup' and `defface' record what Emacs's Customize
;; would show; here they mostly define variables.

(defmacro defcustom (symbol standard doc &rest args)
  "Declare SYMBOL as a customizable variable."
  (declare (doc-string 3) (indent defun))
  (list 'progn
        (list 'defvar symbol)
        (cons 'custom-declare-variable
              (cons (list 'quote symbol)
                    (cons (list 'quote standard) (cons doc args))))))

(defun custom-declare-variable (symbol default doc &rest args)
  "Like `defcustom', but SYMBOL and DEFAULT are evaluated as normal arguments."
  (put symbol 'standard-value (list default))
  (when doc (put symbol 'variable-documentation doc))
  (let ((initialize nil) (setter nil))
    (while args
      (let ((key (car args)) (value (car (cdr args))))
        (cond ((eq key :initialize) (setq initialize value))
              ((eq key :set) (setq setter value) (put symbol 'custom-set value))
              ((eq key :get) (put symbol 'custom-get value))
              ((eq key :type) (put symbol 'custom-type value))
              ((eq key :group) (custom-add-to-group value symbol 'custom-variable))
              ((eq key :local) (when (fboundp 'make-variable-buffer-local)
                                 (if (eq value 'permanent) (put symbol 'permanent-local t))
                                 (make-variable-buffer-local symbol)))
              ((eq key :risky) (put symbol 'risky-local-variable value))
              ((eq key :safe) (put symbol 'safe-local-variable value))
              ((eq key :options) (put symbol 'custom-options value))
              ((eq key :require) (put symbol 'custom-requests (list value)))
              ((eq key :version) (put symbol 'custom-version value))
              ((eq key :package-version) (put symbol 'custom-package-version value))))
      (setq args (cdr (cdr args))))
    (cond
     (initialize (funcall initialize symbol default))
     (setter (funcall setter symbol (if (default-boundp symbol)
                                        (default-value symbol)
                                      (eval default t))))
     ((not (default-boundp symbol)) (set-default symbol (eval default t))))
    (eval (list 'defvar symbol (list 'quote (default-value symbol))) nil)
    symbol))

(defun custom-initialize-default (symbol exp)
  (unless (default-boundp symbol) (set-default symbol (eval exp t))))
(defun custom-initialize-set (symbol exp)
  (unless (default-boundp symbol)
    (funcall (or (get symbol 'custom-set) #'set-default) symbol (eval exp t))))
(defun custom-initialize-reset (symbol exp)
  (funcall (or (get symbol 'custom-set) #'set-default) symbol
           (if (default-boundp symbol) (default-value symbol) (eval exp t))))
(defalias 'custom-initialize-changed #'custom-initialize-set)
(defalias 'custom-initialize-delay #'custom-initialize-default)

(defun custom-add-to-group (group option widget)
  "Add OPTION to the members of GROUP."
  (let ((members (get group 'custom-group)))
    (unless (assq option members)
      (put group 'custom-group (append members (list (list option widget)))))))

(defmacro defgroup (symbol members doc &rest args)
  "Declare SYMBOL as a customization group containing MEMBERS."
  (declare (doc-string 3) (indent defun))
  (cons 'custom-declare-group
        (cons (list 'quote symbol) (cons members (cons doc args)))))

(defun custom-declare-group (symbol members doc &rest args)
  "Like `defgroup', but SYMBOL is evaluated as a normal argument."
  (dolist (m members) (custom-add-to-group symbol (car m) (nth 1 m)))
  (when doc (put symbol 'group-documentation doc))
  (while args
    (when (eq (car args) :group)
      (custom-add-to-group (car (cdr args)) symbol 'custom-group))
    (setq args (cdr (cdr args))))
  symbol)

(defmacro defface (face spec doc &rest args)
  "Declare FACE as a customizable face that defaults to SPEC."
  (declare (doc-string 3) (indent defun))
  (cons 'custom-declare-face
        (cons (list 'quote face) (cons spec (cons doc args)))))

(defun custom-declare-face (face spec doc &rest args)
  "Like `defface', but with FACE evaluated as a normal argument."
  (unless (get face 'face-defface-spec)
    (put face 'face-defface-spec spec)
    (when doc (put face 'face-documentation doc)))
  (while args
    (when (eq (car args) :group)
      (custom-add-to-group (car (cdr args)) face 'custom-face))
    (setq args (cdr (cdr args))))
  face)

(defun customize-set-variable (variable value &optional _comment)
  "Set the default for VARIABLE to VALUE, using its :set function if any."
  (funcall (or (get variable 'custom-set) #'set-default) variable value)
  value)

(defun custom-set-variables (&rest args)
  "Install user customizations of variable values specified in ARGS.
Each argument is a list (SYMBOL EXP [NOW [REQUEST [COMMENT]]])."
  (dolist (entry args)
    (customize-set-variable (car entry) (eval (car (cdr entry)) t))))

(provide 'custom)
;;; custom.el ends here
