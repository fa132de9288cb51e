// Non-local exits and the standard error symbols (Emacs: eval.c's signal
// machinery, data.c's error definitions, print.c's print_error_message).
import { Cons, L, NIL, Sym, list, arrayToList, listToArray } from "./types.js";
import { intern, Q } from "./symbols.js";

/** A Lisp error in flight: `(signal SYMBOL DATA)`. Not a JS Error: no stack capture cost. */
export class LispSignal {
  /** Where the error arose in source, "FILE:LINE:COL", when known (reader errors, load). */
  location?: string;
  constructor(public readonly symbol: Sym, public readonly data: L) {}
  /** The error object as condition-case binds it: (SYMBOL . DATA). */
  get errorObject(): Cons {
    return new Cons(this.symbol, this.data);
  }
  toString(): string {
    return errorMessageString(this.errorObject);
  }
}

/** `throw` to a `catch`. */
export class LispThrow {
  constructor(public readonly tag: L, public readonly value: L) {}
}

/**
 * Define an error symbol: its `error-conditions` are itself followed by the
 * conditions of its parents, its `error-message` the given text.
 */
export function defineError(name: string, message: string, parents: string[] = ["error"]): Sym {
  const sym = intern(name);
  const conditions: Sym[] = [sym];
  for (const p of parents) {
    for (const c of listToArray(getProp(intern(p), Q.errorConditions))) {
      if (!conditions.includes(c as Sym)) conditions.push(c as Sym);
    }
  }
  putProp(sym, Q.errorConditions, arrayToList(conditions));
  putProp(sym, Q.errorMessage, message);
  return sym;
}

export function getProp(sym: Sym, prop: Sym): L {
  for (let p = sym.plist; p instanceof Cons && p.cdr instanceof Cons; p = p.cdr.cdr) {
    if (p.car === prop) return p.cdr.car;
  }
  return NIL;
}

export function putProp(sym: Sym, prop: Sym, value: L): L {
  for (let p = sym.plist; p instanceof Cons && p.cdr instanceof Cons; p = p.cdr.cdr) {
    if (p.car === prop) {
      p.cdr.car = value;
      return value;
    }
  }
  sym.plist = new Cons(prop, new Cons(value, sym.plist));
  return value;
}

// The standard errors, with Emacs 28's messages and inheritance.
putProp(Q.error, Q.errorConditions, list(Q.error));
putProp(Q.error, Q.errorMessage, "error");
defineError("quit", "Quit", []);
defineError("minibuffer-quit", "Quit", ["quit"]);
defineError("user-error", "");
defineError("args-out-of-range", "Args out of range");
defineError("arith-error", "Arithmetic error");
defineError("overflow-error", "Arithmetic overflow error", ["arith-error"]);
defineError("range-error", "Arithmetic range error", ["arith-error"]);
defineError("domain-error", "Arithmetic domain error", ["arith-error"]);
defineError("singularity-error", "Arithmetic singularity error", ["domain-error"]);
defineError("underflow-error", "Arithmetic underflow error", ["range-error"]);
defineError("beginning-of-buffer", "Beginning of buffer");
defineError("end-of-buffer", "End of buffer");
defineError("buffer-read-only", "Buffer is read-only");
defineError("text-read-only", "Text is read-only", ["buffer-read-only"]);
defineError("circular-list", "List contains a loop");
defineError("coding-system-error", "Invalid coding system");
defineError("cyclic-function-indirection", "Symbol's chain of function indirections contains a loop");
defineError("cyclic-variable-indirection", "Symbol's chain of variable indirections contains a loop");
defineError("end-of-file", "End of file during parsing");
defineError("invalid-read-syntax", "Invalid read syntax");
defineError("invalid-function", "Invalid function");
defineError("invalid-regexp", "Invalid regexp");
defineError("mark-inactive", "The mark is not active now");
defineError("no-catch", "No catch for tag");
defineError("scan-error", "Scan error");
defineError("search-failed", "Search failed");
defineError("setting-constant", "Attempt to set a constant symbol");
defineError("void-function", "Symbol\u2019s function definition is void");
defineError("void-variable", "Symbol\u2019s value as variable is void");
defineError("wrong-number-of-arguments", "Wrong number of arguments");
defineError("wrong-type-argument", "Wrong type argument");
defineError("wrong-length-argument", "Wrong length argument");
defineError("file-error", "File error");
defineError("file-missing", "No such file or directory", ["file-error"]);
defineError("file-already-exists", "File already exists", ["file-error"]);
defineError("file-date-error", "Cannot set file date", ["file-error"]);
defineError("permission-denied", "Permission denied", ["file-error"]);
defineError("json-error", "Unknown JSON error");
defineError("cl-assertion-failed", "Assertion failed");
defineError("memory-full", "Memory exhausted--use M-x save-some-buffers then exit and restart Emacs");
defineError("excessive-lisp-nesting", "Lisp nesting exceeds \u2018max-lisp-eval-depth\u2019", ["error"]);

// ---------------------------------------------------------------------------
// Signalling helpers used by builtins.

export function signal(symbol: Sym | string, data: L): never {
  throw new LispSignal(typeof symbol === "string" ? intern(symbol) : symbol, data);
}

/** `(error "msg")`: message already formatted. */
export function error(message: string): never {
  throw new LispSignal(Q.error, list(message));
}

/** `(wrong-type-argument PREDICATE VALUE)`, e.g. wrongType("listp", 1). */
export function wrongType(predicate: string, value: L): never {
  throw new LispSignal(intern("wrong-type-argument"), list(intern(predicate), value));
}

export function argsOutOfRange(...items: L[]): never {
  throw new LispSignal(intern("args-out-of-range"), arrayToList(items));
}

export function voidVariable(sym: Sym): never {
  throw new LispSignal(intern("void-variable"), list(sym));
}

export function voidFunction(fn: L): never {
  throw new LispSignal(intern("void-function"), list(fn));
}

export function wrongNumberOfArguments(fn: L, n: number): never {
  throw new LispSignal(intern("wrong-number-of-arguments"), list(fn, n));
}

export function settingConstant(sym: Sym): never {
  throw new LispSignal(intern("setting-constant"), list(sym));
}

/** Does the error symbol ERR have condition COND among its `error-conditions`? */
export function errorHasCondition(err: Sym, cond: L): boolean {
  for (let c = getProp(err, Q.errorConditions); c instanceof Cons; c = c.cdr) {
    if (c.car === cond) return true;
  }
  return false;
}

// The printer is installed by printer.ts to avoid an import cycle.
type Printer = (x: L) => string;
let prin1Fn: Printer = (x) => String(x);
let princFn: Printer = (x) => String(x);
export function setErrorPrinters(prin1: Printer, princ: Printer): void {
  prin1Fn = prin1;
  princFn = princ;
}

const fileErrorSym = intern("file-error");
const endOfFileSym = intern("end-of-file");
const userErrorSym = intern("user-error");

/** `error-message-string`: the text Emacs shows for an error object (print.c, print_error_message). */
export function errorMessageString(obj: L): string {
  if (!(obj instanceof Cons)) return "peculiar error";
  const errname = obj.car;
  let data: L = obj.cdr;
  let errmsg: L;
  let fileError = false;
  if (errname === Q.error) {
    data = data instanceof Cons ? data : NIL;
    errmsg = data instanceof Cons ? data.car : NIL;
  } else if (errname instanceof Sym) {
    errmsg = getProp(errname, Q.errorMessage);
    fileError = errorHasCondition(errname, fileErrorSym);
  } else {
    errmsg = NIL;
  }
  // file-error data begins with a description that replaces the standard message.
  if (fileError && data instanceof Cons && typeof data.car === "string") {
    errmsg = data.car;
  }
  let out = "";
  let sep: string | null = ": ";
  if (typeof errmsg !== "string") out += "peculiar error";
  else if (errmsg.length > 0) out += errmsg;
  else sep = null;
  let tail: L = errname === Q.error || fileError ? (data instanceof Cons ? data.cdr : NIL) : data;
  const princItems = fileError || errname === endOfFileSym || errname === userErrorSym;
  for (; tail instanceof Cons; tail = tail.cdr) {
    if (sep) out += sep;
    sep = ", ";
    out += princItems ? princFn(tail.car) : prin1Fn(tail.car);
  }
  return out;
}
