// The obarray. One per process, as in Emacs: builtins, the printer and the
// error machinery can name symbols without threading a runtime through.
import { Sym, NIL, T, makeSymbol, L } from "./types.js";

export const obarray = new Map<string, Sym>();
obarray.set("nil", NIL);
obarray.set("t", T);
NIL.interned = true;
T.interned = true;

export function intern(name: string): Sym {
  let s = obarray.get(name);
  if (s === undefined) {
    s = makeSymbol(name);
    s.interned = true;
    if (name.charCodeAt(0) === 58 /* : */) {
      // Keywords evaluate to themselves and cannot be set.
      s.value = s;
      s.constant = true;
      s.special = true;
    }
    obarray.set(name, s);
  }
  return s;
}

export function internSoft(name: string): Sym | undefined {
  return obarray.get(name);
}

export function unintern(name: string): boolean {
  const s = obarray.get(name);
  if (!s || s === NIL || s === T) return false;
  s.interned = false;
  return obarray.delete(name);
}

/** Symbols the core refers to by identity. */
export const Q = {
  nil: NIL,
  t: T,
  quote: intern("quote"),
  function: intern("function"),
  lambda: intern("lambda"),
  closure: intern("closure"),
  macro: intern("macro"),
  autoload: intern("autoload"),
  backquote: intern("`"),
  comma: intern(","),
  commaAt: intern(",@"),
  andOptional: intern("&optional"),
  andRest: intern("&rest"),
  interactive: intern("interactive"),
  declare: intern("declare"),
  error: intern("error"),
  errorConditions: intern("error-conditions"),
  errorMessage: intern("error-message"),
  debug: intern("debug"),
  success: intern(":success"),
  lexicalBinding: intern("lexical-binding"),
  maxLispEvalDepth: intern("max-lisp-eval-depth"),
  unbound: intern("unbound"),
} as const;

/** Define a variable from TypeScript: special, with an initial value unless already bound. */
export function defvar(name: string, value: L, opts: { constant?: boolean } = {}): Sym {
  const s = intern(name);
  s.special = true;
  if (s.value === undefined || typeof s.value === "symbol") s.value = value;
  if (opts.constant) s.constant = true;
  return s;
}
