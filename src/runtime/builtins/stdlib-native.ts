// The parts of the standard Lisp library that every program touches before
// anything else, written natively so that start-up stays fast: the hot
// macros of subr.el (when, unless, dolist, dotimes, push, pop), the
// `declare' handlers of defun/defmacro, function-get/function-put, and the
// autoload table that makes cl-lib, seq, pcase, gv, subr-x, ert ... load
// on first use. The rest of subr.el is Lisp (stdlib/subr.el, preloaded).
import { L, NIL, Sym, Cons, Subr, list, listToArray, arrayToList, makeSymbol } from "../types.js";
import { intern, Q } from "../symbols.js";
import { signal, getProp, putProp } from "../errors.js";
import { defsubr } from "../subr.js";
import { funcall } from "../eval.js";
import { defmacroTS } from "../compile/index.js";

const S = {
  if: intern("if"),
  progn: intern("progn"),
  let: intern("let"),
  while: intern("while"),
  setq: intern("setq"),
  car: intern("car"),
  cdr: intern("cdr"),
  cons: intern("cons"),
  carSafe: intern("car-safe"),
  prog1: intern("prog1"),
  lt: intern("<"),
  oneplus: intern("1+"),
  lexicalBinding: intern("lexical-binding"),
  functionPut: intern("function-put"),
  makeObsolete: intern("make-obsolete"),
  gvDeclareSetter: intern("gv--declare-setter"),
  gvPushExpand: intern("gv--push-expand"),
  gvPopExpand: intern("gv--pop-expand"),
  lispIndentFunction: intern("lisp-indent-function"),
  docStringElt: intern("doc-string-elt"),
  gvExpander: intern("gv-expander"),
  consp: intern("consp"),
};

const quote = (x: L): L => list(Q.quote, x);

// ---------------------------------------------------------------------------
// function-get / function-put (subr.el)

function functionGet(f: L, prop: L): L {
  for (let i = 0; f instanceof Sym && f !== NIL && i < 100; i++) {
    const v = getProp(f, prop as Sym);
    if (v !== NIL) return v;
    const next: L = f.fn;
    if (!(next instanceof Sym) || next === NIL) break;
    f = next;
  }
  return NIL;
}

defsubr("function-get", (f: L, prop: L) => functionGet(f, prop), {
  min: 2,
  max: 3,
  doc: "Return the value of property PROP of function F, following aliases.",
});
defsubr("function-put", (f: L, prop: L, value: L) => putProp(f as Sym, prop as Sym, value), {
  min: 3,
  max: 3,
  types: ["symbol", "symbol", null],
  doc: "Set FUNCTION's property PROP to VALUE.",
});

// ---------------------------------------------------------------------------
// `declare' forms understood by defun and defmacro.

function declHandler(name: string, make: (f: L, args: L, rest: L[]) => L): Subr {
  return defsubr(name, (argv: L[]) => make(argv[0], argv[1], argv.slice(2)), { min: 2, max: "many" });
}

const putDecl = (prop: Sym) => (f: L, _args: L, rest: L[]) =>
  list(S.functionPut, quote(f), quote(prop), quote(rest[0] ?? NIL));

const indentDecl = declHandler("byte-run--set-indent", putDecl(S.lispIndentFunction));
const docStringDecl = declHandler("byte-run--set-doc-string", putDecl(S.docStringElt));
const obsoleteDecl = declHandler("byte-run--set-obsolete", (f, _args, rest) =>
  list(S.makeObsolete, quote(f), quote(rest[0] ?? NIL), rest[1] ?? NIL),
);
const gvSetterDecl = declHandler("byte-run--set-gv-setter", (f, args, rest) =>
  list(S.gvDeclareSetter, quote(f), quote(rest[0] ?? NIL), quote(args)),
);
const gvExpanderDecl = declHandler("byte-run--set-gv-expander", (f, _args, rest) =>
  list(S.functionPut, quote(f), quote(S.gvExpander), rest[0] ?? NIL),
);
const compilerMacroDecl = declHandler("byte-run--set-compiler-macro", putDecl(intern("compiler-macro")));
const pureDecl = declHandler("byte-run--set-pure", putDecl(intern("pure")));
const sideEffectFreeDecl = declHandler("byte-run--set-side-effect-free", putDecl(intern("side-effect-free")));

intern("defun-declarations-alist").value = list(
  list(intern("indent"), indentDecl),
  list(intern("doc-string"), docStringDecl),
  list(intern("obsolete"), obsoleteDecl),
  list(intern("compiler-macro"), compilerMacroDecl),
  list(intern("pure"), pureDecl),
  list(intern("side-effect-free"), sideEffectFreeDecl),
  list(intern("gv-setter"), gvSetterDecl),
  list(intern("gv-expander"), gvExpanderDecl),
);
intern("macro-declarations-alist").value = list(
  list(intern("indent"), indentDecl),
  list(intern("doc-string"), docStringDecl),
  list(intern("obsolete"), obsoleteDecl),
);

// ---------------------------------------------------------------------------
// The hot macros. They expand to core forms only (if, let, while, setq).

function indent(name: string, n: L): void {
  putProp(intern(name), S.lispIndentFunction, n);
}

defmacroTS("when", (args) => list(S.if, args[0] ?? NIL, new Cons(S.progn, arrayToList(args.slice(1)))), 1);
indent("when", 1);

defmacroTS("unless", (args) => new Cons(S.if, new Cons(args[0] ?? NIL, new Cons(NIL, arrayToList(args.slice(1))))), 1);
indent("unless", 1);

function checkLoopSpec(spec: L): L[] {
  if (!(spec instanceof Cons)) signal("wrong-type-argument", list(S.consp, spec));
  const items = listToArray(spec);
  if (items.length < 2 || items.length > 3) {
    signal("wrong-number-of-arguments", list(new Cons(2, 3), items.length));
  }
  return items;
}

const lexicalMode = (): boolean => {
  const v = S.lexicalBinding.value;
  return v !== NIL && typeof v !== "symbol";
};

// (dolist (VAR LIST [RESULT]) BODY...), as Emacs 28 expands it: under
// lexical binding each iteration gets its own binding of VAR.
defmacroTS("dolist", (args) => {
  const [spec, ...body] = args;
  const [v, listForm, result] = checkLoopSpec(spec);
  const tail = makeSymbol("tail");
  const step = list(S.setq, tail, list(S.cdr, tail));
  if (lexicalMode()) {
    const inner = new Cons(S.let, new Cons(list(list(v, list(S.car, tail))), arrayToList([...body, step])));
    return arrayToList([S.let, list(list(tail, listForm)), list(S.while, tail, inner), ...(result !== undefined ? [result] : [])]);
  }
  const loop = arrayToList([S.while, tail, list(S.setq, v, list(S.car, tail)), ...body, step]);
  return arrayToList([
    S.let,
    list(list(tail, listForm), v),
    loop,
    ...(result !== undefined ? [list(S.setq, v, NIL), result] : []),
  ]);
}, 1);
indent("dolist", 1);

defmacroTS("dotimes", (args) => {
  const [spec, ...body] = args;
  // Emacs 28 does not check the spec of dotimes: (nth 0 spec), (nth 1 spec)...
  if (spec !== NIL && !(spec instanceof Cons)) signal("wrong-type-argument", list(intern("listp"), spec));
  const items = listToArray(spec);
  const v = items[0] ?? NIL;
  const count = items[1] ?? NIL;
  const result = items.length > 2 ? items[2] : undefined;
  const limit = makeSymbol("limit");
  if (!lexicalMode()) {
    // Emacs 28's dynamic-binding expansion steps VAR itself.
    return arrayToList([
      S.let,
      list(list(limit, count), list(v, 0)),
      arrayToList([S.while, list(S.lt, v, limit), ...body, list(S.setq, v, list(S.oneplus, v))]),
      ...(items.length > 2 ? items.slice(2) : []),
    ]);
  }
  const counter = makeSymbol("counter");
  return arrayToList([
    S.let,
    list(list(limit, count), list(counter, 0)),
    list(
      S.while,
      list(S.lt, counter, limit),
      new Cons(S.let, new Cons(list(list(v, counter)), arrayToList(body))),
      list(S.setq, counter, list(S.oneplus, counter)),
    ),
    ...(result !== undefined ? [list(S.let, list(list(v, counter)), result)] : []),
  ]);
}, 1);
indent("dotimes", 1);

defmacroTS("push", (args) => {
  if (args.length !== 2) signal("wrong-number-of-arguments", list(intern("push"), args.length));
  const [x, place] = args;
  if (place instanceof Sym) return list(S.setq, place, list(S.cons, x, place));
  return funcall(S.gvPushExpand, [x, place]);
}, 2);

defmacroTS("pop", (args) => {
  if (args.length !== 1) signal("wrong-number-of-arguments", list(intern("pop"), args.length));
  const [place] = args;
  if (place instanceof Sym) return list(S.carSafe, list(S.prog1, place, list(S.setq, place, list(S.cdr, place))));
  return list(S.carSafe, funcall(S.gvPopExpand, [place]));
}, 1);

// ---------------------------------------------------------------------------
// Autoloads: the libraries of stdlib/ load when one of their functions or
// macros is first used, as Emacs 28's loaddefs make them available.

export const AUTOLOADS: [file: string, type: "macro" | null, names: string][] = [
  ["gv", "macro", "setf gv-define-setter gv-define-simple-setter gv-define-expander gv-letplace gv-synthetic-place gv-ref"],
  ["gv", null, "gv-get gv-setter gv-deref gv--push-expand gv--pop-expand gv--declare-setter"],
  ["macroexp", "macro", "macroexp-let2 macroexp-let2*"],
  [
    "macroexp",
    null,
    "macroexp-progn macroexp-unprogn macroexp-quote macroexp-const-p macroexp-copyable-p macroexp-small-p " +
      "macroexp-let* macroexp-warn-and-return macroexp-compiling-p macroexp-file-name macroexp-parse-body",
  ],
  ["inline", "macro", "define-inline"],
  ["pp", null, "pp pp-to-string"],
  ["custom", "macro", "defcustom defgroup defface"],
  [
    "custom",
    null,
    "custom-declare-variable custom-declare-group custom-declare-face custom-add-to-group " +
      "custom-initialize-default custom-initialize-set custom-initialize-reset custom-initialize-changed " +
      "custom-initialize-delay customize-set-variable custom-set-variables",
  ],
  ["subr-x", "macro", "thread-first thread-last if-let if-let* when-let when-let* and-let* named-let"],
  [
    "subr-x",
    null,
    "string-join string-empty-p string-blank-p string-remove-prefix string-remove-suffix string-pad " +
      "string-reverse string-lines string-fill string-limit string-truncate-left string-chop-newline " +
      "string-clean-whitespace hash-table-keys " +
      "hash-table-values hash-table-empty-p",
  ],
  ["let-alist", "macro", "let-alist"],
  [
    "cl-macs",
    "macro",
    "cl-block cl-return cl-return-from cl-defun cl-iter-defun cl-defsubst cl-defmacro cl-function " +
      "cl-destructuring-bind cl-case cl-ecase cl-typecase cl-etypecase cl-dolist cl-dotimes cl-do cl-do* " +
      "cl-do-symbols cl-do-all-symbols cl-the cl-locally cl-eval-when cl-load-time-value cl-declare " +
      "cl-declaim cl-progv cl-multiple-value-bind cl-multiple-value-setq cl-with-gensyms cl-once-only " +
      "cl-deftype cl-define-compiler-macro cl-tagbody cl-check-type cl-assert cl-incf cl-decf cl-callf " +
      "cl-callf2 cl-pushnew cl-remf cl-psetf cl-psetq cl-shiftf cl-rotatef cl-letf cl-letf* cl-flet " +
      "cl-flet* cl-labels cl-macrolet cl-symbol-macrolet cl-loop cl-defstruct",
  ],
  ["cl-macs", null, "cl-struct-slot-info cl-struct-slot-offset cl-struct-slot-value cl-struct-sequence-type"],
  [
    "cl-lib",
    null,
    "cl-plusp cl-minusp cl-oddp cl-evenp cl-signum cl-gcd cl-lcm cl-isqrt cl-floor cl-ceiling cl-truncate " +
      "cl-round cl-mod cl-rem cl-digit-char-p cl-parse-integer cl-random cl-first cl-second cl-third " +
      "cl-fourth cl-fifth cl-sixth cl-seventh cl-eighth cl-ninth cl-tenth cl-rest cl-endp cl-list* " +
      "cl-copy-list cl-list-length cl-tailp cl-ldiff cl-revappend cl-nreconc cl-acons cl-pairlis cl-getf " +
      "cl-get cl-values cl-values-list cl-multiple-value-list cl-nth-value cl-gensym cl-gentemp " +
      "cl-tree-equal cl-equalp cl-typep cl-coerce cl-concatenate",
  ],
  [
    "cl-seq",
    null,
    "cl-remove cl-remove-if cl-remove-if-not cl-delete cl-delete-if cl-delete-if-not cl-substitute " +
      "cl-substitute-if cl-substitute-if-not cl-nsubstitute cl-nsubstitute-if cl-nsubstitute-if-not " +
      "cl-remove-duplicates cl-delete-duplicates cl-position cl-position-if cl-position-if-not cl-find " +
      "cl-find-if cl-find-if-not cl-count cl-count-if cl-count-if-not cl-mismatch cl-search cl-member " +
      "cl-member-if cl-member-if-not cl-assoc cl-assoc-if cl-assoc-if-not cl-rassoc cl-rassoc-if cl-adjoin " +
      "cl-union cl-nunion cl-intersection cl-nintersection cl-set-difference cl-nset-difference " +
      "cl-set-exclusive-or cl-nset-exclusive-or cl-subsetp cl-subst cl-subst-if cl-nsubst cl-sublis " +
      "cl-nsublis cl-reduce cl-mapcar cl-mapc cl-mapcan cl-maplist cl-mapl cl-mapcon cl-map cl-some " +
      "cl-every cl-notany cl-notevery cl-subseq cl-sort cl-stable-sort cl-merge cl-fill cl-replace",
  ],
  ["cl-generic", "macro", "cl-defgeneric cl-defmethod"],
  ["cl-generic", null, "cl-generic-p cl-call-next-method cl-next-method-p"],
  ["seq", "macro", "seq-let seq-doseq"],
  [
    "seq",
    null,
    "seq-filter seq-remove seq-reduce seq-map seq-map-indexed seq-do seq-do-indexed seq-find seq-position " +
      "seq-uniq seq-take seq-drop seq-take-while seq-drop-while seq-elt seq-length seq-into seq-concatenate " +
      "seq-some seq-every-p seq-contains-p seq-contains seq-difference seq-intersection seq-union " +
      "seq-group-by seq-min seq-max seq-sort seq-sort-by seq-subseq seq-empty-p seq-first seq-rest seq-mapn " +
      "seq-partition seq-count seq-reverse seq-mapcat seq-into-sequence seq-copy seq-random-elt " +
      "seq-set-equal-p seqp (setf\\ seq-elt)",
  ],
  ["pcase", "macro", "pcase pcase-let pcase-let* pcase-dolist pcase-setq pcase-exhaustive pcase-lambda pcase-defmacro"],
  ["ert", "macro", "ert-deftest should should-not should-error skip-unless skip-when ert-info"],
  [
    "ert",
    null,
    "ert-run-tests-batch ert-run-tests-batch-and-exit ert-fail ert-skip ert-pass ert-run-tests " +
      "ert-delete-all-tests ert-delete-test ert-get-test ert-test-boundp ert-select-tests ert-running-test " +
      "ert-run-test",
  ],
];

export function installStdlibAutoloads(): void {
  for (const [file, type, names] of AUTOLOADS) {
    const typeSym: L = type ? intern(type) : NIL;
    for (const raw of names.split(/(?<!\\) /)) {
      const sym = intern(raw.replace(/\\ /g, " "));
      if (sym.fn === NIL) sym.fn = list(Q.autoload, file, NIL, NIL, typeSym);
    }
  }
}
installStdlibAutoloads();
