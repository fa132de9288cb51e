// The evaluator's run-time core (Emacs eval.c): variable access with shallow
// dynamic binding, the specpdl, function calls, depth limits, macroexpansion.
// Compilation of forms to closures lives in compile/.
import {
  L, NIL, T, Sym, Cons, Subr, Closure, MANY, UNEVALLED, UNBOUND, ValueCell, listToArray, arrayToList, list,
} from "./types.js";
import { intern, Q, defvar } from "./symbols.js";
import {
  LispSignal, LispThrow, signal, voidVariable, voidFunction, wrongNumberOfArguments, settingConstant,
} from "./errors.js";

// ---------------------------------------------------------------------------
// Variables. Buffer-local values are consulted only for symbols that have
// them (sym.hasLocals); the buffer module installs these hooks.

export interface LocalValueHooks {
  /** The current buffer's local value cell for SYM, or undefined when it has none. */
  get(sym: Sym): ValueCell | undefined;
  /** Set SYM's value in the current buffer if it is (or, autoLocal, becomes) local there; return false otherwise. */
  set(sym: Sym, value: L): boolean;
  /** The buffer to restore a let-binding in, when SYM is local in the current buffer. */
  currentIfLocal(sym: Sym): unknown;
  /** Restore SYM's local value in BUFFER. */
  restore(sym: Sym, buffer: unknown, value: ValueCell): void;
}

export const localHooks: LocalValueHooks = {
  get: () => undefined,
  set: () => false,
  currentIfLocal: () => undefined,
  restore: () => {},
};

export function symbolValue(sym: Sym): L {
  let v: ValueCell = sym.value;
  if (sym.hasLocals) {
    const lv = localHooks.get(sym);
    if (lv !== undefined) v = lv;
  }
  if (v === UNBOUND) voidVariable(sym);
  return v;
}

/** The value or UNBOUND, without signalling. */
export function symbolValueCell(sym: Sym): ValueCell {
  if (sym.hasLocals) {
    const lv = localHooks.get(sym);
    if (lv !== undefined) return lv;
  }
  return sym.value;
}

export function setSymbolValue(sym: Sym, value: L): L {
  if (sym.constant) {
    if (sym.value === value && sym.name.charCodeAt(0) === 58) return value; // (set :k :k) is allowed
    settingConstant(sym);
  }
  if ((sym.hasLocals || sym.autoLocal) && localHooks.set(sym, value)) return value;
  sym.value = value;
  return value;
}

export function setDefaultValue(sym: Sym, value: L): L {
  if (sym.constant) settingConstant(sym);
  sym.value = value;
  return value;
}

// ---------------------------------------------------------------------------
// The specpdl: saved values of dynamically bound variables.

interface SpecBinding {
  sym: Sym;
  old: ValueCell;
  /** Set when the binding was made in a buffer where SYM is local. */
  buffer: unknown;
}
const specpdl: SpecBinding[] = [];

export function specpdlDepth(): number {
  return specpdl.length;
}

/** Dynamically bind SYM to VALUE until unbindTo() pops it. */
export function specbind(sym: Sym, value: L): void {
  if (sym.constant) settingConstant(sym);
  if (sym.hasLocals) {
    const buffer = localHooks.currentIfLocal(sym);
    if (buffer !== undefined) {
      specpdl.push({ sym, old: localHooks.get(sym)!, buffer });
      localHooks.set(sym, value);
      return;
    }
  }
  specpdl.push({ sym, old: sym.value, buffer: undefined });
  sym.value = value;
}

export function unbindTo(depth: number): void {
  while (specpdl.length > depth) {
    const b = specpdl.pop()!;
    if (b.buffer !== undefined) localHooks.restore(b.sym, b.buffer, b.old);
    else b.sym.value = b.old;
  }
}

// ---------------------------------------------------------------------------
// Depth limit and interrupts.

const maxDepthSym = defvar("max-lisp-eval-depth", 1600);
export let lispEvalDepth = 0;

export function enterCall(): void {
  if (++lispEvalDepth > (maxDepthSym.value as number)) {
    lispEvalDepth--;
    // Leave room for handlers to run, as Emacs does.
    throw nestingError();
  }
  // Calls poll for interrupts as loops do, so that runaway recursion without loops (naive fib) can be stopped.
  if ((++interrupt.tick & 0x3ff) === 0 && interrupt.check) {
    try {
      interrupt.check();
    } catch (e) {
      lispEvalDepth--;
      throw e;
    }
  }
}
export function exitCall(): void {
  lispEvalDepth--;
}
export function resetEvalDepth(d = 0): void {
  lispEvalDepth = d;
}

export function nestingError(): LispSignal {
  return new LispSignal(Q.error, list("Lisp nesting exceeds \u2018max-lisp-eval-depth\u2019"));
}

/** A JS stack overflow turned into the Lisp error Emacs gives for runaway recursion. */
export function asLispError(e: unknown): unknown {
  if (e instanceof RangeError) {
    if (/call stack/i.test(e.message)) return nestingError();
    // A size no JS array or string can have: Emacs reports memory-full.
    if (/Invalid (array|string|typed array) length|allocation failed/i.test(e.message)) return new LispSignal(intern("memory-full"), NIL);
  }
  return e;
}

/**
 * Called from loops and calls every few thousand iterations; the server and
 * REPL install a function that throws to interrupt runaway handlers.
 */
export const interrupt = { check: null as null | (() => void), tick: 0 };

export function pollInterrupt(): void {
  if ((++interrupt.tick & 0x3ff) === 0 && interrupt.check) interrupt.check();
}

// ---------------------------------------------------------------------------
// Catch tags in scope, so `throw` to a missing tag signals no-catch at once.

export const catchTags: L[] = [];

export function throwTo(tag: L, value: L): never {
  for (let i = catchTags.length - 1; i >= 0; i--) {
    if (catchTags[i] === tag) throw new LispThrow(tag, value);
  }
  signal("no-catch", list(tag, value));
}

// ---------------------------------------------------------------------------
// Function calls.

/** Installed by the compiler: turn a `(lambda ...)` or `(closure ...)` list into a callable Closure. */
export const lambdaCompiler = {
  fromList: null as null | ((form: Cons) => Closure),
};
const listFunctionCache = new WeakMap<Cons, Closure>();

/** Autoloading is installed by the runtime (it needs `load`). */
export const autoloader = {
  load: null as null | ((sym: Sym, autoloadForm: Cons) => void),
};

/** Follow symbol function indirections (Emacs's indirect-function). Returns NIL for void. */
export function indirectFunction(fn: L): L {
  for (let i = 0; fn instanceof Sym && fn !== NIL; i++) {
    if (i > 100) signal("cyclic-function-indirection", list(fn));
    fn = fn.fn;
  }
  return fn;
}

export function callSubr(subr: Subr, args: L[], name: L): L {
  const n = args.length;
  if (subr.max === MANY) {
    if (n < subr.min) wrongNumberOfArguments(name, n);
    return subr.fn(args);
  }
  if (subr.max === UNEVALLED) {
    if (n < subr.min) wrongNumberOfArguments(name, n);
    signal("invalid-function", list(name));
  }
  if (n < subr.min || n > subr.max) wrongNumberOfArguments(name, n);
  switch (subr.max) {
    case 0:
      return subr.fn();
    case 1:
      return subr.fn(n > 0 ? args[0] : NIL);
    case 2:
      return subr.fn(n > 0 ? args[0] : NIL, n > 1 ? args[1] : NIL);
    case 3:
      return subr.fn(n > 0 ? args[0] : NIL, n > 1 ? args[1] : NIL, n > 2 ? args[2] : NIL);
    default: {
      const full = args.slice();
      while (full.length < subr.max) full.push(NIL);
      return subr.fn(...full);
    }
  }
}

/**
 * Call FN (any function designator) with ARGS. NAME is what errors report:
 * the symbol as written at the call site, as Emacs does.
 */
export function funcall(fn: L, args: L[]): L {
  const original = fn;
  for (let i = 0; ; i++) {
    if (fn instanceof Closure) return fn.call(args);
    if (fn instanceof Subr) return callSubr(fn, args, fn);
    if (fn instanceof Sym) {
      if (fn === NIL) voidFunction(original === NIL ? NIL : original);
      if (i > 100) signal("cyclic-function-indirection", list(original));
      const next = fn.fn;
      if (next === NIL) voidFunction(fn);
      fn = next;
      continue;
    }
    if (fn instanceof Cons) {
      const head = fn.car;
      if (head === Q.lambda || head === Q.closure) {
        let c = listFunctionCache.get(fn);
        if (!c) {
          c = lambdaCompiler.fromList!(fn);
          listFunctionCache.set(fn, c);
        }
        return c.call(args);
      }
      if (head === Q.autoload && original instanceof Sym && autoloader.load) {
        autoloader.load(original, fn);
        fn = original.fn;
        if (fn instanceof Cons && fn.car === Q.autoload) voidFunction(original);
        continue;
      }
    }
    signal("invalid-function", list(original));
  }
}

/** Emacs 28's data for a closure called with the wrong number of arguments. */
export function wrongNumberOfArgumentsFor(fn: Closure, n: number): never {
  wrongNumberOfArguments(functionDescription(fn).car, n);
}

/** How Emacs 28 names an interpreted function in error data: (ENV ARGS . BODY) for closures, (lambda ARGS . BODY) otherwise; as a one-element list. */
export function functionDescription(fn: Closure): Cons {
  const desc = fn.lexical ? new Cons(fn.printEnv(), new Cons(fn.params, fn.body)) : new Cons(Q.lambda, new Cons(fn.params, fn.body));
  return new Cons(desc, NIL);
}

export function apply(fn: L, args: L[]): L {
  // (apply f a b '(c d)) spreads the last argument.
  if (args.length === 0) return funcall(fn, []);
  const last = args[args.length - 1];
  const spread = args.slice(0, -1);
  for (let l = last; l instanceof Cons; l = l.cdr) spread.push(l.car);
  return funcall(fn, spread);
}

// ---------------------------------------------------------------------------
// Macros.

/** The macro function if FORM's head names a macro (in ENV first), else null. */
export function macroFunction(head: L, env: L = NIL): L | null {
  if (!(head instanceof Sym)) return null;
  for (let e = env; e instanceof Cons; e = e.cdr) {
    const b = e.car;
    if (b instanceof Cons && b.car === head) return b.cdr === NIL ? null : b.cdr;
  }
  let def: L = head;
  for (let i = 0; def instanceof Sym && def !== NIL && i < 100; i++) {
    let next: L = def.fn;
    if (next instanceof Cons && next.car === Q.autoload && isMacroAutoload(next) && autoloader.load) {
      autoloader.load(def, next);
      next = def.fn;
    }
    def = next;
  }
  if (def instanceof Cons && def.car === Q.macro) return def.cdr;
  return null;
}

function isMacroAutoload(form: Cons): boolean {
  // (autoload FILE DOC INTERACTIVE TYPE): TYPE macro or t.
  const type = listToArray(form)[4];
  return type === Q.macro || type === T;
}

export function macroexpand1(form: L, env: L = NIL): L {
  if (!(form instanceof Cons)) return form;
  const fn = macroFunction(form.car, env);
  if (fn === null) return form;
  return funcall(fn, listToArray(form.cdr));
}

export function macroexpand(form: L, env: L = NIL): L {
  for (;;) {
    const next = macroexpand1(form, env);
    if (next === form) return form;
    form = next;
  }
}

export { UNBOUND, arrayToList, T };
