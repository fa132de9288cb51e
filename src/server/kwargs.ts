// Keyword arguments for builtins, as cl-defun parses &key: an even list of
// :KEYWORD VALUE pairs, each keyword one of those the function takes.
import { L, NIL, Sym, Cons, Subr, Closure, signal, list, wrongType, symbolValue, intern, UNBOUND } from "../index.js";
import { HttpCon } from "./httpcon.js";

export function isKeyword(x: L): x is Sym {
  return x instanceof Sym && x.name.charCodeAt(0) === 58 /* : */;
}

/** Parse ARGS (from index START) as &key arguments of FNAME; unknown keywords signal as cl-defun does. */
export function parseKeys(fname: string, args: L[], start: number, allowed: readonly string[]): Map<string, L> {
  const out = new Map<string, L>();
  for (let i = start; i < args.length; i += 2) {
    const k = args[i];
    if (!(k instanceof Sym) || !allowed.includes(k.name)) {
      signal("error", list(`Keyword argument ${k instanceof Sym ? k.name : String(k)} not one of (${allowed.join(" ")})`));
    }
    if (i + 1 >= args.length) signal("wrong-number-of-arguments", list(intern(fname), args.length));
    if (!out.has(k.name)) out.set(k.name, args[i + 1]);
  }
  return out;
}

export function con(x: L): HttpCon {
  if (!(x instanceof HttpCon)) wrongType("processp", x);
  return x;
}

export function str(x: L): string {
  if (typeof x !== "string") wrongType("stringp", x);
  return x;
}

/** A string, or nil as null. */
export function optStr(x: L | undefined): string | null {
  if (x === undefined || x === NIL) return null;
  return str(x);
}

/** The value of the special variable NAME, or DFLT when it is void. */
export function varValue(name: string, dflt: L = NIL): L {
  const s = intern(name);
  if (s.value === UNBOUND) return dflt;
  return symbolValue(s);
}

/** Is X something funcall can call (a function symbol, closure, builtin, lambda list)? */
export function isFunction(x: L): boolean {
  if (x instanceof Closure || x instanceof Subr) return true;
  if (x instanceof Sym) return x !== NIL && x.fn !== NIL;
  return x instanceof Cons && x.car instanceof Sym && (x.car.name === "lambda" || x.car.name === "closure");
}

/** Text of a name argument given as a string or a symbol. */
export function nameOf(x: L): string {
  if (typeof x === "string") return x;
  if (x instanceof Sym) return x.name;
  return wrongType("stringp", x);
}
