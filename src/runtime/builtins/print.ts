// Printing builtins (Emacs print.c): prin1, princ, print, terpri,
// write-char, prin1-to-string, error-message-string,
// external-debugging-output, and the variable standard-output.
//
// Output streams: t is the terminal (standard output in batch mode); nil
// means the value of standard-output; buffers and markers are registered by
// their owner in output.ts; anything else is called as a function with each
// character.
import { L, NIL, T, Sym, Cons, Closure, Subr, LispFloat, list } from "../types.js";
import { defvar, Q } from "../symbols.js";
import { LispSignal, errorMessageString, wrongType } from "../errors.js";
import { defsubr } from "../subr.js";
import { funcall } from "../eval.js";
import { printToString } from "../printer.js";
import { writeStdout, writeStderr, terminal, findOutputStream } from "../output.js";

const Vstandard_output = defvar("standard-output", T);

/** The stream nil stands for: standard-output's value, and t when that is nil too. */
function resolveStream(stream: L): L {
  if (stream === NIL) {
    const v = Vstandard_output.value;
    stream = typeof v === "symbol" ? NIL : (v as L);
  }
  return stream === NIL ? T : stream;
}

/**
 * Send TEXT to STREAM. BLOCK marks text Emacs writes to the terminal in one
 * piece (princ of a string, numbers), which does not move the column
 * `(terpri nil t)` consults.
 */
export function outputTo(stream: L, text: string, block = false): void {
  const s = resolveStream(stream);
  if (s === T) {
    writeStdout(text, !block);
    return;
  }
  const kind = findOutputStream(s);
  if (kind) {
    kind.write(s, text);
    return;
  }
  for (const ch of text) funcall(s, [ch.codePointAt(0)!]);
}

function printsAsBlock(x: L, escape: boolean): boolean {
  return typeof x === "number" || typeof x === "bigint" || x instanceof LispFloat || (!escape && typeof x === "string");
}

defsubr(
  "prin1",
  (object: L, printcharfun: L) => {
    outputTo(printcharfun, printToString(object, true), printsAsBlock(object, true));
    return object;
  },
  { min: 1, max: 2, doc: "Output the printed representation of OBJECT, any Lisp object." },
);

defsubr(
  "princ",
  (object: L, printcharfun: L) => {
    outputTo(printcharfun, printToString(object, false), printsAsBlock(object, false));
    return object;
  },
  { min: 1, max: 2, doc: "Output the printed representation of OBJECT, any Lisp object, without quoting." },
);

defsubr(
  "print",
  (object: L, printcharfun: L) => {
    const stream = resolveStream(printcharfun);
    outputTo(stream, "\n");
    outputTo(stream, printToString(object, true));
    outputTo(stream, "\n");
    return object;
  },
  { min: 1, max: 2, doc: "Output the printed representation of OBJECT, with newlines around it." },
);

/** Emacs's FUNCTIONP, enough to refuse `(terpri FUNCTION t)`. */
function isFunction(x: L): boolean {
  if (x instanceof Sym) {
    if (x === NIL || x === T) return false;
    let f: L = x;
    for (let i = 0; f instanceof Sym && f !== NIL && i < 100; i++) f = f.fn;
    x = f;
    if (x instanceof Cons && x.car === Q.autoload) return true;
  }
  if (x instanceof Subr || x instanceof Closure) return true;
  return x instanceof Cons && (x.car === Q.lambda || x.car === Q.closure);
}

/** The list `(closure ENV ARGS . BODY)` / `(lambda ARGS . BODY)` a closure is in Emacs 28. */
function closureAsList(fn: Closure): L {
  const env = (fn as unknown as { printEnv?: () => L }).printEnv?.() ?? new Cons(T, NIL);
  return fn.lexical
    ? new Cons(Q.closure, new Cons(env, new Cons(fn.params, fn.body)))
    : new Cons(Q.lambda, new Cons(fn.params, fn.body));
}

/** signal_error: (error MESSAGE . ARG) when ARG is a proper list, else (error MESSAGE ARG). */
function signalError(message: string, arg: L): never {
  let data = arg instanceof Closure ? closureAsList(arg) : arg;
  let tail: L = data;
  for (let n = 0; tail instanceof Cons && n < 1e6; n++) tail = tail.cdr;
  if (tail !== NIL) data = list(data);
  throw new LispSignal(Q.error, new Cons(message, data));
}

defsubr(
  "terpri",
  (printcharfun: L, ensure: L) => {
    const stream = resolveStream(printcharfun);
    let doIt: boolean;
    if (ensure === NIL) doIt = true;
    else if (stream === T) doIt = terminal.lastChar !== 10;
    else {
      const kind = findOutputStream(stream);
      if (kind) doIt = kind.atLineStart ? !kind.atLineStart(stream) : true;
      else if (isFunction(stream)) signalError("Unsupported function argument", stream);
      else doIt = true;
    }
    if (doIt) outputTo(stream, "\n");
    return doIt ? T : NIL;
  },
  { min: 0, max: 2, doc: "Output a newline to stream PRINTCHARFUN." },
);

function charString(c: number): string {
  return c >= 0 && c <= 0x10ffff ? String.fromCodePoint(c) : "\ufffd";
}

defsubr(
  "write-char",
  (character: L, printcharfun: L) => {
    if (typeof character !== "number") wrongType("fixnump", character);
    outputTo(printcharfun, charString(character));
    return character;
  },
  { min: 1, max: 2, doc: "Output character CHARACTER to stream PRINTCHARFUN." },
);

defsubr(
  "prin1-to-string",
  (object: L, noescape: L) => printToString(object, noescape === NIL),
  { min: 1, max: 2, doc: "Return a string containing the printed representation of OBJECT." },
);

defsubr(
  "error-message-string",
  (obj: L) => {
    if (obj !== NIL && !(obj instanceof Cons)) wrongType("listp", obj);
    return errorMessageString(obj);
  },
  { min: 1, max: 1, doc: "Convert an error value (ERROR-SYMBOL . DATA) to an error message." },
);

defsubr(
  "external-debugging-output",
  (character: L) => {
    if (typeof character !== "number") wrongType("fixnump", character);
    writeStderr(charString(character));
    return character;
  },
  { min: 1, max: 1, doc: "Write CHARACTER to stderr." },
);

