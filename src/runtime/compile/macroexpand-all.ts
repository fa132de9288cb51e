// macroexpand-all: expand every macro call in a form, knowing which parts of
// the special forms are code (Emacs's macroexp.el, in TypeScript).
import { L, NIL, Sym, Cons, listToArray, arrayToList } from "../types.js";
import { intern, Q } from "../symbols.js";
import { macroexpand } from "../eval.js";
import { specialForms } from "./compiler.js";

const S = {
  let: intern("let"),
  letStar: intern("let*"),
  cond: intern("cond"),
  conditionCase: intern("condition-case"),
  defvar: intern("defvar"),
  defconst: intern("defconst"),
};

const mapAll = (forms: L, env: L): L => arrayToList(listToArray(forms).map((f) => macroexpandAll(f, env)));

function expandLambda(lambda: Cons, env: L): L {
  // (lambda ARGS . BODY)
  const rest = lambda.cdr;
  if (!(rest instanceof Cons)) return lambda;
  return new Cons(lambda.car, new Cons(rest.car, mapAll(rest.cdr, env)));
}

export function macroexpandAll(form: L, env: L = NIL): L {
  form = macroexpand(form, env);
  if (!(form instanceof Cons)) return form;
  const head = form.car;
  const args = form.cdr;
  if (head === Q.quote) return form;
  if (head === Q.function) {
    const fn = args instanceof Cons ? args.car : NIL;
    if (fn instanceof Cons && fn.car === Q.lambda) return new Cons(head, new Cons(expandLambda(fn, env), NIL));
    return form;
  }
  if (head === S.let || head === S.letStar) {
    if (!(args instanceof Cons)) return form;
    const bindings = listToArray(args.car).map((b) =>
      b instanceof Cons ? new Cons(b.car, mapAll(b.cdr, env)) : b,
    );
    return new Cons(head, new Cons(arrayToList(bindings), mapAll(args.cdr, env)));
  }
  if (head === S.cond) {
    return new Cons(head, arrayToList(listToArray(args).map((c) => (c instanceof Cons ? mapAll(c, env) : c))));
  }
  if (head === S.conditionCase) {
    const items = listToArray(args);
    if (items.length < 2) return form;
    const handlers = items.slice(2).map((h) => (h instanceof Cons ? new Cons(h.car, mapAll(h.cdr, env)) : h));
    return arrayToList([head, items[0], macroexpandAll(items[1], env), ...handlers]);
  }
  if (head === S.defvar || head === S.defconst) {
    const items = listToArray(args);
    if (items.length < 2) return form;
    return arrayToList([head, items[0], macroexpandAll(items[1], env), ...items.slice(2)]);
  }
  if (head instanceof Sym && specialForms.has(head)) return new Cons(head, mapAll(args, env));
  if (head instanceof Cons && head.car === Q.lambda) return new Cons(expandLambda(head, env), mapAll(args, env));
  return new Cons(head, mapAll(args, env));
}
