// eval.c and the symbol-cell functions of data.c: calling, evaluating,
// signalling, defining.
import {
  L, NIL, T, Sym, Cons, Subr, Closure, MANY, UNEVALLED, UNBOUND, list, listToArray, arrayToList, bool,
} from "../types.js";
import { intern, Q, defvar } from "../symbols.js";
import {
  LispSignal, signal, wrongType, settingConstant, voidFunction, getProp, putProp, errorHasCondition,
} from "../errors.js";
import { defsubr } from "../subr.js";
import {
  funcall, apply, throwTo, macroexpand, macroexpand1, symbolValue, symbolValueCell, setSymbolValue,
  setDefaultValue, indirectFunction, macroFunction,
} from "../eval.js";
import { evalForm, specialForms, parseArgList, inliners, operand, specializedNode, OPERAND_NAMES } from "../compile/index.js";
import type { FastPath } from "../compile/index.js";
import { equal } from "../equal.js";
import { macroexpandAll } from "../compile/macroexpand-all.js";

defsubr("funcall", (args: L[]) => funcall(args[0], args.slice(1)), { min: 1, max: "many" });

// (funcall F X...) with one to three arguments enters a closure (or a
// symbol's closure) through its direct entry, which becomes its own code once
// hot (compile/specialize.ts); anything else takes the generic path.
const funcallPaths: FastPath[] = [1, 2, 3].map((n) => ({
  name: `funcall/${n}`,
  body: `const g = a instanceof Sym ? a.fn : a;
    if (g instanceof Closure) { const entry = g.call${n}; if (entry !== null) return entry(${OPERAND_NAMES.slice(1, n + 1).join(", ")}); }`,
  env: { Sym, Closure },
}));
inliners.set(intern("funcall"), (args, original, sym) =>
  args.length >= 2 && args.length <= 4 ? specializedNode(funcallPaths[args.length - 2], args.map(operand), sym, original, funcall) : null,
);
defsubr("apply", (args: L[]) => {
  if (args.length === 1) {
    // (apply '(f a b)) calls f with a b.
    const l = args[0];
    if (!(l instanceof Cons)) return funcall(l, []);
    return funcall(l.car, listToArray(l.cdr));
  }
  const last = args[args.length - 1];
  if (last !== NIL && !(last instanceof Cons)) wrongType("listp", last);
  return apply(args[0], args.slice(1));
}, { min: 1, max: "many" });

defsubr("eval", (form: L, lexical: L) => evalForm(form, lexical), { min: 1, max: 2 });

defsubr("signal", (sym: L, data: L) => {
  if (sym === NIL && data instanceof Cons && data.car instanceof Sym) {
    // (signal nil ERROR-OBJECT) re-signals a caught error.
    throw new LispSignal(data.car, data.cdr);
  }
  if (!(sym instanceof Sym)) wrongType("symbolp", sym);
  throw new LispSignal(sym, data);
}, { min: 2, max: 2 });

defsubr("throw", (tag: L, value: L) => throwTo(tag, value), { min: 2, max: 2 });

function formatMessage(args: L[]): string {
  const fm = intern("format-message");
  return funcall(fm, args) as string;
}

defsubr("error", (args: L[]) => {
  throw new LispSignal(Q.error, list(formatMessage(args)));
}, { min: 1, max: "many" });

defsubr("user-error", (args: L[]) => {
  throw new LispSignal(intern("user-error"), list(formatMessage(args)));
}, { min: 1, max: "many" });

defsubr("define-error", (name: L, message: L, parent: L) => {
  if (!(name instanceof Sym)) wrongType("symbolp", name);
  const parents = parent === NIL ? [Q.error] : parent instanceof Cons ? listToArray(parent) : [parent];
  const conditions: L[] = [name];
  for (const p of parents) {
    if (!(p instanceof Sym)) wrongType("symbolp", p);
    const pc = getProp(p, Q.errorConditions);
    if (pc === NIL) signal("error", list(`Unknown signal \u2018${p.name}\u2019`));
    for (const c of listToArray(pc)) if (!conditions.includes(c)) conditions.push(c);
  }
  putProp(name, Q.errorConditions, arrayToList(conditions));
  if (message !== NIL) putProp(name, Q.errorMessage, message);
  return message;
}, { min: 2, max: 3 });

defsubr("macroexpand", (form: L, env: L) => macroexpand(form, env), { min: 1, max: 2 });
defsubr("macroexpand-1", (form: L, env: L) => macroexpand1(form, env), { min: 1, max: 2 });

// ---------------------------------------------------------------------------
// Symbol cells.

function checkSymbol(x: L): Sym {
  if (!(x instanceof Sym)) wrongType("symbolp", x);
  return x;
}

defsubr("symbol-value", (s: Sym) => symbolValue(s), { types: ["symbol"] });
defsubr("set", (s: Sym, v: L) => setSymbolValue(s, v), { types: ["symbol", null] });
defsubr("boundp", (s: Sym) => bool(symbolValueCell(s) !== UNBOUND), { types: ["symbol"] });
defsubr("default-boundp", (s: Sym) => bool(s.value !== UNBOUND), { types: ["symbol"] });
defsubr("default-value", (s: Sym) => {
  if (s.value === UNBOUND) signal("void-variable", list(s));
  return s.value;
}, { types: ["symbol"] });
defsubr("set-default", (s: Sym, v: L) => setDefaultValue(s, v), { types: ["symbol", null] });
defsubr("default-toplevel-value", (s: Sym) => {
  if (s.value === UNBOUND) signal("void-variable", list(s));
  return s.value;
}, { types: ["symbol"] });
defsubr("set-default-toplevel-value", (s: Sym, v: L) => setDefaultValue(s, v), { types: ["symbol", null] });
defsubr("makunbound", (s: Sym) => {
  if (s.constant) settingConstant(s);
  s.value = UNBOUND;
  return s;
}, { types: ["symbol"] });
defsubr("special-variable-p", (s: Sym) => bool(s.special), { types: ["symbol"] });
defsubr("internal-make-var-non-special", (s: Sym) => {
  s.special = false;
  return NIL;
}, { types: ["symbol"] });
defsubr("defvaralias", (newName: Sym, base: Sym) => {
  // Shares the value by copying: true aliasing would need forwarding on the hot path.
  newName.special = true;
  base.special = true;
  if (base.value !== UNBOUND) newName.value = base.value;
  return base;
}, { min: 2, max: 3, types: ["symbol", "symbol"] });

defsubr("symbol-function", (s: Sym) => s.fn, { types: ["symbol"] });
defsubr("indirect-function", (f: L) => indirectFunction(f), { min: 1, max: 2 });
defsubr("fboundp", (s: Sym) => bool(s.fn !== NIL), { types: ["symbol"] });
defsubr("fmakunbound", (s: Sym) => {
  if (s === NIL || s === T) settingConstant(s);
  s.fn = NIL;
  return s;
}, { types: ["symbol"] });
defsubr("fset", (s: Sym, def: L) => {
  if (s === NIL && def !== NIL) settingConstant(s);
  s.fn = def;
  return def;
}, { types: ["symbol", null] });

const defaliasHook = intern("defalias-fset-function");
defsubr("defalias", (s: Sym, def: L, doc: L) => {
  const hook = getProp(s, defaliasHook);
  if (hook !== NIL) funcall(hook, [s, def]);
  else s.fn = def;
  if (doc !== NIL) putProp(s, intern("function-documentation"), doc);
  return s;
}, { min: 2, max: 3, types: ["symbol", null, null] });

defsubr("special-form-p", (f: L) => {
  const def = f instanceof Sym ? indirectFunction(f) : f;
  return bool(def instanceof Subr && def.max === UNEVALLED);
});
defsubr("macrop", (f: L) => {
  const def = f instanceof Sym ? indirectFunction(f) : f;
  return bool(def instanceof Cons && def.car === Q.macro);
});

function isFunction(x: L): boolean {
  if (x instanceof Sym) {
    if (x === NIL) return false;
    const def = indirectFunction(x);
    if (def instanceof Cons && def.car === Q.autoload) {
      const type = listToArray(def)[4];
      return type === undefined || type === NIL;
    }
    return isFunction(def) && !(def instanceof Sym);
  }
  if (x instanceof Subr) return x.max !== UNEVALLED;
  if (x instanceof Closure) return true;
  if (x instanceof Cons) return x.car === Q.lambda || x.car === Q.closure;
  return false;
}
defsubr("functionp", (x: L) => bool(isFunction(x)));
defsubr("subrp", (x: L) => bool(x instanceof Subr));
defsubr("subr-name", (x: Subr) => x.name, { types: [null] });
defsubr("closurep", (x: L) => bool(x instanceof Closure));
defsubr("interpreted-function-p", (x: L) => bool(x instanceof Closure));

defsubr("commandp", (f: L) => {
  let def = f instanceof Sym ? indirectFunction(f) : f;
  if (def instanceof Closure) return bool(def.interactive !== null);
  if (def instanceof Cons && (def.car === Q.lambda || def.car === Q.closure)) {
    for (let b: L = def.cdr instanceof Cons ? def.cdr.cdr : NIL; b instanceof Cons; b = b.cdr) {
      if (b.car instanceof Cons && b.car.car === Q.interactive) return T;
    }
  }
  if (def instanceof Cons && def.car === Q.autoload) return bool(listToArray(def)[3] !== undefined && listToArray(def)[3] !== NIL);
  def = NIL;
  return NIL;
}, { min: 1, max: 2 });

defsubr("func-arity", (f: L) => {
  let def = f instanceof Sym ? indirectFunction(f) : f;
  if (def === NIL) voidFunction(f);
  if (def instanceof Cons && def.car === Q.macro) def = def.cdr;
  if (def instanceof Subr) {
    if (def.max === UNEVALLED) return new Cons(def.min, intern("unevalled"));
    return new Cons(def.min, def.max === MANY ? intern("many") : def.max);
  }
  if (def instanceof Closure) return new Cons(def.min, def.max === Infinity ? intern("many") : def.max);
  if (def instanceof Cons && (def.car === Q.lambda || def.car === Q.closure)) {
    const args = def.car === Q.lambda ? (def.cdr as Cons).car : ((def.cdr as Cons).cdr as Cons).car;
    const p = parseArgList(args);
    return new Cons(p.required.length, p.rest ? intern("many") : p.required.length + p.optional.length);
  }
  signal("invalid-function", list(f));
});

defsubr("autoload", (fn: Sym, file: L, doc: L, interactive: L, type: L) => {
  // Only install when not already defined, as Emacs does.
  if (fn.fn !== NIL && !(fn.fn instanceof Cons && fn.fn.car === Q.autoload)) return NIL;
  fn.fn = list(Q.autoload, file, doc, interactive, type);
  return fn.fn;
}, { min: 2, max: 5, types: ["symbol", "string"] });

defsubr("autoloadp", (x: L) => bool(x instanceof Cons && x.car === Q.autoload));

defsubr("documentation", (f: L) => {
  let def = f instanceof Sym ? indirectFunction(f) : f;
  if (f instanceof Sym) {
    const d = getProp(f, intern("function-documentation"));
    if (d !== NIL) return d;
  }
  if (def instanceof Cons && def.car === Q.macro) def = def.cdr;
  if (def instanceof Closure) return def.doc;
  if (def instanceof Subr) return def.doc || NIL;
  if (def instanceof Cons && def.car === Q.lambda) {
    const body = (def.cdr as Cons).cdr;
    if (body instanceof Cons && typeof body.car === "string" && body.cdr !== NIL) return body.car;
  }
  return NIL;
}, { min: 1, max: 2 });

defsubr("documentation-property", (s: Sym, prop: Sym) => getProp(s, prop), { min: 2, max: 3, types: ["symbol", "symbol"] });

defsubr("macro-function", (s: L) => macroFunction(s) ?? NIL, { min: 1, max: 2 });

// Error-object helpers.
defsubr("error-conditions-p", (e: L, c: L) => bool(e instanceof Sym && errorHasCondition(e, c)));

// Hooks run from TS code use run-hooks defined in Lisp; `ignore`, `identity`, `always` are core.
defsubr("ignore", (_args: L[]) => NIL, { max: "many" });
defsubr("identity", (x: L) => x);
defsubr("always", (_args: L[]) => T, { max: "many" });

defvar("lexical-binding", NIL);
defvar("debug-on-error", NIL);
defvar("debug-ignored-errors", NIL);
defvar("inhibit-quit", NIL);
defvar("throw-on-input", NIL);
defvar("defun-declarations-alist", NIL);
defvar("macro-declarations-alist", NIL);
defvar("macroexp--dynvars", NIL);
defvar("internal-interpreter-environment", NIL);

// The list of special forms, for introspection and macroexpand-all.
export function isSpecialFormSymbol(s: L): boolean {
  return s instanceof Sym && specialForms.has(s) && s.fn instanceof Subr && s.fn.max === UNEVALLED;
}

export { equal };

defsubr("macroexpand-all", (form: L, env: L) => macroexpandAll(form, env), { min: 1, max: 2 });
