// Entry points for evaluating forms: compile once, run once.
import { L, NIL, T, Sym, Cons } from "../types.js";
import { wrongType } from "../errors.js";
import { Scope, Frame } from "./scope.js";
import { compile } from "./compiler.js";
import "./macros.js";

export { Scope } from "./scope.js";
export type { Frame } from "./scope.js";
export { compile, compileBody, defspecial, inliners, specialForms, bufferForms, operand } from "./compiler.js";
export { specializedNode, OPERAND_NAMES } from "./specialize.js";
export type { FastPath } from "./specialize.js";
export type { Node } from "./compiler.js";
export { defmacroTS } from "./macros.js";
export { parseArgList, splitBody } from "./lambda.js";

/** A fresh top-level scope for a file or an `eval` (lexical-binding on or off). */
export function topLevelScope(lexical: boolean): Scope {
  return new Scope(null, [], lexical);
}

/**
 * Emacs's `eval`: LEXICAL nil -> dynamic binding, t -> lexical, an alist ->
 * lexical with those variables bound.
 */
export function evalForm(form: L, lexical: L = NIL): L {
  if (lexical === NIL || lexical === T) {
    const scope = topLevelScope(lexical === T);
    return compile(form, scope)([null]);
  }
  const vars: Sym[] = [];
  const values: L[] = [];
  for (let e = lexical; e instanceof Cons; e = e.cdr) {
    const b = e.car;
    if (b instanceof Cons && b.car instanceof Sym) {
      vars.unshift(b.car);
      values.unshift(b.cdr);
    } else if (b instanceof Sym && b !== T) {
      // A bare symbol in the environment declares it dynamic.
      vars.length;
    } else if (b !== T && !(b instanceof Cons)) {
      wrongType("listp", b);
    }
  }
  const scope = new Scope(null, vars, true);
  const frame: Frame = [null, ...values];
  return compile(form, scope)(frame);
}

/** Evaluate FORM in an existing top-level scope (a file being loaded keeps one). */
export function evalInScope(form: L, scope: Scope): L {
  return compile(form, scope)([null]);
}
