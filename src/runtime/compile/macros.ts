// Macros the evaluator itself needs before any Lisp is loaded: defun,
// defmacro, lambda and backquote. They are ordinary `(macro . SUBR)`
// definitions, so macroexpand sees them as Emacs's are seen.
import { L, NIL, T, Sym, Cons, Subr, MANY, list, listToArray, arrayToList } from "../types.js";
import { intern, Q } from "../symbols.js";
import { error, signal, wrongType } from "../errors.js";
import { funcall } from "../eval.js";

const S = {
  defalias: intern("defalias"),
  prog1: intern("prog1"),
  progn: intern("progn"),
  list: intern("list"),
  append: intern("append"),
  cons: intern("cons"),
  vconcat: intern("vconcat"),
  apply: intern("apply"),
  vector: intern("vector"),
  defunDeclarations: intern("defun-declarations-alist"),
  macroDeclarations: intern("macro-declarations-alist"),
};

export function defmacroTS(name: string, expander: (args: L[]) => L, min = 0): void {
  const subr = new Subr(name, min, MANY, expander);
  intern(name).fn = new Cons(Q.macro, subr);
}

const quote = (x: L): L => list(Q.quote, x);

/** Split (declare ...) out of a defun body; return the remaining body and the declarations. */
function takeDeclarations(body: L): { body: L; decls: L[] } {
  const decls: L[] = [];
  const kept: L[] = [];
  let seenForm = false;
  let i = 0;
  for (let b = body; b instanceof Cons; b = b.cdr, i++) {
    const x = b.car;
    if (!seenForm && x instanceof Cons && x.car === Q.declare) {
      decls.push(...listToArray(x.cdr));
      continue;
    }
    // A docstring may precede the declaration.
    if (!(i === 0 && typeof x === "string")) seenForm = true;
    kept.push(x);
  }
  return { body: arrayToList(kept), decls };
}

/** Forms contributed by declarations known to defun-declarations-alist (e.g. gv-setter). */
function declarationForms(alistSym: Sym, name: L, args: L, decls: L[]): L[] {
  const alist = alistSym.value;
  const out: L[] = [];
  for (const d of decls) {
    if (!(d instanceof Cons)) continue;
    for (let a = typeof alist === "symbol" ? NIL : alist; a instanceof Cons; a = a.cdr) {
      const entry = a.car;
      if (entry instanceof Cons && entry.car === d.car && entry.cdr instanceof Cons) {
        const r = funcall(entry.cdr.car, [name, args, ...listToArray(d.cdr)]);
        if (r !== NIL) out.push(r);
      }
    }
  }
  return out;
}

function defineFunctionLike(args: L[], kind: "defun" | "defmacro"): L {
  if (args.length < 2) signal("wrong-number-of-arguments", list(intern(kind), args.length));
  const [name, arglist] = args;
  if (!(name instanceof Sym)) wrongType("symbolp", name);
  const { body, decls } = takeDeclarations(arrayToList(args.slice(2)));
  const lambda = new Cons(Q.lambda, new Cons(arglist, body));
  let def: L = list(Q.function, lambda);
  if (kind === "defmacro") def = list(S.cons, quote(Q.macro), def);
  const extra = declarationForms(kind === "defun" ? S.defunDeclarations : S.macroDeclarations, name, arglist, decls);
  const defalias = list(S.defalias, quote(name), def);
  if (extra.length === 0) return defalias;
  return arrayToList([S.prog1, defalias, ...extra]);
}

defmacroTS("defun", (args) => defineFunctionLike(args, "defun"), 2);
defmacroTS("defmacro", (args) => defineFunctionLike(args, "defmacro"), 2);
defmacroTS("lambda", (args) => list(Q.function, new Cons(Q.lambda, arrayToList(args))));

// ---------------------------------------------------------------------------
// Backquote.

function isSelfEvaluating(x: L): boolean {
  return !(x instanceof Cons) && (!(x instanceof Sym) || x === NIL || x === T || x.name.startsWith(":"));
}

/** Does X contain an unquote that belongs to this backquote level? */
function hasUnquote(x: L, level: number): boolean {
  if (Array.isArray(x)) return x.some((e) => hasUnquote(e, level));
  while (x instanceof Cons) {
    const head = x.car;
    if (head === Q.comma || head === Q.commaAt) {
      if (level === 0) return true;
      return hasUnquote(x.cdr, level - 1);
    }
    if (head === Q.backquote) return hasUnquote(x.cdr, level + 1);
    if (hasUnquote(head, level)) return true;
    x = x.cdr;
  }
  return false;
}

type Piece = { splice: boolean; form: L };

function expandBackquote(x: L, level: number): L {
  if (!hasUnquote(x, level)) return isSelfEvaluating(x) ? x : quote(x);
  if (Array.isArray(x)) {
    return list(S.apply, list(Q.function, S.vector), expandBackquote(arrayToList(x), level));
  }
  if (!(x instanceof Cons)) return quote(x);
  if (x.car === Q.comma) {
    if (level === 0) return (x.cdr as Cons).car;
    return list(S.list, quote(Q.comma), expandBackquote((x.cdr as Cons).car, level - 1));
  }
  if (x.car === Q.commaAt) {
    if (level === 0) error(",@ after `");
    return list(S.list, quote(Q.commaAt), expandBackquote((x.cdr as Cons).car, level - 1));
  }
  if (x.car === Q.backquote) {
    return list(S.list, quote(Q.backquote), expandBackquote((x.cdr as Cons).car, level + 1));
  }
  const pieces: Piece[] = [];
  let tail: L = NIL;
  let p: L = x;
  while (p instanceof Cons) {
    // `(a . ,b) reads as (a \, b): the rest of the list is an unquote.
    if ((p.car === Q.comma || p.car === Q.commaAt) && p !== x) {
      tail = expandBackquote(p, level);
      p = NIL;
      break;
    }
    const e = p.car;
    if (e instanceof Cons && e.car === Q.commaAt && level === 0) {
      pieces.push({ splice: true, form: (e.cdr as Cons).car });
    } else {
      pieces.push({ splice: false, form: expandBackquote(e, level) });
    }
    p = p.cdr;
  }
  if (p !== NIL) tail = quote(p);
  // Group runs of single items into (list ...); splices go to append as they are.
  const groups: L[] = [];
  let run: L[] = [];
  const flush = () => {
    if (run.length) groups.push(arrayToList([S.list, ...run]));
    run = [];
  };
  for (const piece of pieces) {
    if (piece.splice) {
      flush();
      groups.push(piece.form);
    } else run.push(piece.form);
  }
  if (tail !== NIL && groups.length === 0 && run.length > 0) {
    // (a b . ,c) -> (cons a (cons b c))
    let r = tail;
    for (let i = run.length - 1; i >= 0; i--) r = list(S.cons, run[i], r);
    return r;
  }
  flush();
  if (tail !== NIL) groups.push(tail);
  if (groups.length === 1 && tail === NIL) {
    const only = groups[0];
    // A lone splice must still be copied only when followed by something; alone it is the list itself.
    return only;
  }
  // The last splice's structure is shared, as Emacs's backquote does.
  return arrayToList([S.append, ...groups]);
}

defmacroTS("`", (args) => {
  if (args.length !== 1) signal("wrong-number-of-arguments", list(Q.backquote, args.length));
  return expandBackquote(args[0], 0);
}, 1);
