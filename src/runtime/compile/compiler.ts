// Form -> tree of JS closures. Each form is macroexpanded and compiled once;
// running the result never walks s-expressions again. Lexical variables are
// frame slots resolved here; special variables go through symbol value cells.
import {
  L, NIL, T, Sym, Cons, Subr, Closure, UNEVALLED, MANY, UNBOUND, listToArray, arrayToList, list,
} from "../types.js";
import { intern, Q } from "../symbols.js";
import {
  LispSignal, LispThrow, signal, error, voidVariable, wrongType, errorHasCondition, settingConstant,
} from "../errors.js";
import {
  symbolValue, setSymbolValue, specbind, specpdlDepth, unbindTo, funcall, callSubr, catchTags,
  macroFunction, asLispError, pollInterrupt, lambdaCompiler, enterCall, exitCall, localHooks,
} from "../eval.js";
import { Scope, Frame } from "./scope.js";
import { compileLambda, LambdaTemplate } from "./lambda.js";
import { ownLoop, HOT_LOOP_ITERATIONS } from "./specialize.js";
import type { Operand } from "./specialize.js";

export type Node = (f: Frame) => L;

/** A special form: compiles its (unevaluated) argument list in a scope. */
export type SpecialCompiler = (args: L, scope: Scope) => Node;
export const specialForms = new Map<Sym, SpecialCompiler>();

/** Define a special form: visible to Lisp as an UNEVALLED subr (special-form-p), compiled here. */
export function defspecial(name: string, compile: SpecialCompiler, minArgs = SPECIAL_MIN_ARGS[name] ?? 0): void {
  const sym = intern(name);
  sym.fn = new Subr(name, minArgs, UNEVALLED, () => error(`${name} is a special form`));
  specialForms.set(sym, compile);
}

/** Inline fast paths for hot builtins, used while the symbol still holds the original subr. */
export type Inliner = (argNodes: Node[], original: Subr, sym: Sym) => Node | null;
export const inliners = new Map<Sym, Inliner>();

/** Nodes whose value is reached without running them: constants, and variables of the current frame. */
const directOperands = new WeakMap<Node, Operand>();

const constant = (v: L): Node => {
  const node: Node = () => v;
  directOperands.set(node, { kind: "const", value: v });
  return node;
};

/** How an inliner's code can reach the value of NODE (see specialize.ts). */
export function operand(node: Node): Operand {
  return directOperands.get(node) ?? { kind: "node", node };
}

/** Required argument counts of the special forms, as func-arity reports them. */
const SPECIAL_MIN_ARGS: Record<string, number> = {
  quote: 1, function: 1, let: 1, "let*": 1, if: 2, prog1: 1, prog2: 2, while: 1,
  "unwind-protect": 1, catch: 1, "condition-case": 2, defvar: 1, defconst: 2,
};

export function compile(form: L, scope: Scope): Node {
  if (form instanceof Sym) return compileVariable(form, scope);
  if (form instanceof Cons) {
    try {
      return compileCombination(form, scope);
    } catch (e) {
      // A malformed form or failing macro signals when it is evaluated, as in
      // Emacs, so that an enclosing condition-case sees it.
      if (e instanceof LispSignal || e instanceof LispThrow) {
        return () => {
          throw e;
        };
      }
      throw e;
    }
  }
  return constant(form);
}

export function compileBody(body: L, scope: Scope): Node {
  const nodes: Node[] = [];
  for (let b = body; b instanceof Cons; b = b.cdr) nodes.push(compile(b.car, scope));
  return sequence(nodes);
}

export function sequence(nodes: Node[]): Node {
  switch (nodes.length) {
    case 0:
      return constant(NIL);
    case 1:
      return nodes[0];
    case 2: {
      const [a, b] = nodes;
      return (f) => (a(f), b(f));
    }
    case 3: {
      const [a, b, c] = nodes;
      return (f) => (a(f), b(f), c(f));
    }
    default: {
      const last = nodes.length - 1;
      return (f) => {
        for (let i = 0; i < last; i++) nodes[i](f);
        return nodes[last](f);
      };
    }
  }
}

function compileVariable(sym: Sym, scope: Scope): Node {
  if (sym === NIL || sym === T || sym.name.charCodeAt(0) === 58 /* keyword */ && sym.interned) {
    if (sym.constant) return constant(sym.value as L);
  }
  const loc = scope.resolve(sym);
  if (loc) return frameRef(loc.depth, loc.index);
  return (_f) => {
    const v = sym.value;
    if (v === UNBOUND || sym.hasLocals) return symbolValue(sym);
    return v as L;
  };
}

function frameRef(depth: number, index: number): Node {
  switch (depth) {
    case 0: {
      const node: Node = (f) => f[index];
      directOperands.set(node, { kind: "slot", index });
      return node;
    }
    case 1:
      return (f) => f[0][index];
    case 2:
      return (f) => f[0][0][index];
    default:
      return (f) => {
        for (let d = 0; d < depth; d++) f = f[0];
        return f[index];
      };
  }
}

function frameSet(depth: number, index: number, value: Node): Node {
  switch (depth) {
    case 0:
      return (f) => (f[index] = value(f));
    case 1:
      return (f) => (f[0][index] = value(f));
    default:
      return (f) => {
        const v = value(f);
        let g = f;
        for (let d = 0; d < depth; d++) g = g[0];
        return (g[index] = v);
      };
  }
}

function compileCombination(form: Cons, scope: Scope): Node {
  const head = form.car;
  if (head instanceof Sym) {
    const special = specialForms.get(head);
    if (special && head.fn instanceof Subr && head.fn.max === UNEVALLED) return special(form.cdr, scope);
    const macro = macroFunction(head);
    if (macro !== null) {
      // As Emacs's eval_sub: the macro sees `lexical-binding' as the mode of
      // the code it expands into (dolist and friends expand differently).
      const depth = specpdlDepth();
      let expansion: L;
      try {
        specbind(Q.lexicalBinding, scope.lexical ? T : NIL);
        expansion = funcall(macro, listToArray(form.cdr));
      } finally {
        unbindTo(depth);
      }
      return compile(expansion, scope);
    }
    if (head.fn === NIL) return compileLateBound(form, head, scope);
    return compileCall(head, form.cdr, scope);
  }
  if (head instanceof Cons && head.car === Q.lambda) {
    // ((lambda (x) ...) 1): call the closure made in this scope.
    const fnNode = compileFunction(head, scope);
    const argNodes = listToArray(form.cdr).map((a) => compile(a, scope));
    return (f) => funcall(fnNode(f), argNodes.map((n) => n(f)));
  }
  signal("invalid-function", list(head));
}

/**
 * A call to a symbol with no definition yet. Emacs's interpreter decides at
 * evaluation time whether it is a macro, so `(progn (defmacro m ...) (m))` or
 * `(progn (require 'cl-lib) (cl-loop ...))` work: decide at first execution.
 */
function compileLateBound(form: Cons, sym: Sym, scope: Scope): Node {
  let compiled: Node | null = null;
  return (f) => {
    if (compiled === null) {
      compiled = sym.fn === NIL ? compileCall(sym, form.cdr, scope) : compile(form, scope);
    }
    return compiled(f);
  };
}

function compileCall(sym: Sym, argForms: L, scope: Scope): Node {
  const argNodes: Node[] = [];
  for (let a = argForms; a instanceof Cons; a = a.cdr) argNodes.push(compile(a.car, scope));
  const current = sym.fn;
  if (current instanceof Subr && current.max !== UNEVALLED) {
    const inliner = inliners.get(sym);
    if (inliner) {
      const node = inliner(argNodes, current, sym);
      if (node) return node;
    }
  }
  const n = argNodes.length;
  // Specialised on argument count so that common calls allocate one array at most.
  switch (n) {
    case 0:
      return (_f) => callSym(sym, []);
    case 1: {
      const [a] = argNodes;
      return (f) => {
        const fn = sym.fn;
        const x = a(f);
        if (fn instanceof Closure) {
          if (fn.call1 !== null) return fn.call1(x);
        } else if (fn instanceof Subr && fn.max === 1) return fn.fn(x);
        return callSym(sym, [x]);
      };
    }
    case 2: {
      const [a, b] = argNodes;
      return (f) => {
        const fn = sym.fn;
        const x = a(f);
        const y = b(f);
        if (fn instanceof Closure) {
          if (fn.call2 !== null) return fn.call2(x, y);
        } else if (fn instanceof Subr && fn.max === 2) return fn.fn(x, y);
        return callSym(sym, [x, y]);
      };
    }
    case 3: {
      const [a, b, c] = argNodes;
      return (f) => {
        const fn = sym.fn;
        const x = a(f);
        const y = b(f);
        const z = c(f);
        if (fn instanceof Closure) {
          if (fn.call3 !== null) return fn.call3(x, y, z);
        } else if (fn instanceof Subr && fn.max === 3) return fn.fn(x, y, z);
        return callSym(sym, [x, y, z]);
      };
    }
    default:
      return (f) => {
        const args = new Array(n);
        for (let i = 0; i < n; i++) args[i] = argNodes[i](f);
        return callSym(sym, args);
      };
  }
}

function callSym(sym: Sym, args: L[]): L {
  const fn = sym.fn;
  if (fn instanceof Closure) return fn.call(args);
  if (fn instanceof Subr) return callSubr(fn, args, sym);
  return funcall(sym, args);
}

// ---------------------------------------------------------------------------
// Functions and closures.

/** (function X): a symbol stays a symbol; a lambda becomes a closure over this scope. */
export function compileFunction(arg: L, scope: Scope): Node {
  if (arg instanceof Cons && arg.car === Q.lambda) {
    const template = compileLambda(arg.cdr, scope);
    return (f) => template.instantiate(f);
  }
  return constant(arg);
}

defspecial("function", (args, scope) => {
  if (!(args instanceof Cons) || args.cdr !== NIL) signal("wrong-number-of-arguments", list(Q.function, listLength(args)));
  return compileFunction(args.car, scope);
});

defspecial("quote", (args) => {
  if (!(args instanceof Cons) || args.cdr !== NIL) signal("wrong-number-of-arguments", list(Q.quote, listLength(args)));
  return constant(args.car);
});

function listLength(l: L): number {
  let n = 0;
  for (; l instanceof Cons; l = l.cdr) n++;
  return n;
}

// Lambda lists given as data: (lambda ...) and (closure ENV ...) lists called via funcall.
const topDynamic = new Scope(null, [], false);
lambdaCompiler.fromList = (form: Cons): Closure => {
  if (form.car === Q.closure) {
    // (closure ENV ARGS . BODY): rebuild a frame for ENV's lexical bindings.
    const rest = form.cdr as Cons;
    const env = rest.car;
    const vars: Sym[] = [];
    const values: L[] = [];
    for (let e = env; e instanceof Cons; e = e.cdr) {
      const b = e.car;
      if (b instanceof Cons && b.car instanceof Sym) {
        vars.push(b.car);
        values.push(b.cdr);
      }
    }
    vars.reverse();
    values.reverse();
    const scope = new Scope(null, vars, true);
    const template = compileLambda(rest.cdr, scope);
    return template.instantiate([null, ...values]);
  }
  return compileLambda(form.cdr, topDynamic).instantiate([null]);
};

// ---------------------------------------------------------------------------
// Variables: setq, let, let*.

defspecial("setq", (args, scope) => {
  const items = listToArray(args);
  if (items.length % 2 !== 0) signal("wrong-number-of-arguments", list(intern("setq"), items.length));
  const nodes: Node[] = [];
  for (let i = 0; i < items.length; i += 2) {
    const sym = items[i];
    if (!(sym instanceof Sym)) wrongType("symbolp", sym);
    nodes.push(compileSet(sym, compile(items[i + 1], scope), scope));
  }
  return sequence(nodes);
});

export function compileSet(sym: Sym, value: Node, scope: Scope): Node {
  const loc = scope.resolve(sym);
  if (loc) return frameSet(loc.depth, loc.index, value);
  return (f) => setSymbolValue(sym, value(f));
}

interface Binding {
  sym: Sym;
  init: Node;
  lexical: boolean;
}

function parseBindings(spec: L): [Sym, L][] {
  const out: [Sym, L][] = [];
  for (let b = spec; b instanceof Cons; b = b.cdr) {
    const item = b.car;
    if (item instanceof Sym) out.push([item, NIL]);
    else if (item instanceof Cons) {
      if (!(item.car instanceof Sym)) wrongType("symbolp", item.car);
      const rest = item.cdr;
      if (rest instanceof Cons && rest.cdr !== NIL) signal("error", new Cons("`let' bindings can have only one value-form", item));
      out.push([item.car, rest instanceof Cons ? rest.car : NIL]);
    } else wrongType("symbolp", item);
  }
  let tail = spec;
  while (tail instanceof Cons) tail = tail.cdr;
  if (tail !== NIL) wrongType("listp", tail);
  return out;
}

defspecial("let", (args, scope) => {
  if (!(args instanceof Cons)) signal("wrong-number-of-arguments", list(intern("let"), 0));
  const specs = parseBindings(args.car);
  const bindings: Binding[] = specs.map(([sym, init]) => ({
    sym,
    init: compile(init, scope),
    lexical: scope.bindsLexically(sym),
  }));
  const lexVars = bindings.filter((b) => b.lexical).map((b) => b.sym);
  const inner = lexVars.length ? new Scope(scope, lexVars, scope.lexical) : scope;
  const body = compileBody(args.cdr, inner);
  return makeBinder(bindings, lexVars.length, body, false);
});

defspecial("let*", (args, scope) => {
  if (!(args instanceof Cons)) signal("wrong-number-of-arguments", list(intern("let*"), 0));
  const specs = parseBindings(args.car);
  const lexVars: Sym[] = [];
  // One frame for all lexical variables; each init sees only those bound before it.
  const inner = new Scope(scope, lexVars, scope.lexical);
  const bindings: Binding[] = [];
  for (const [sym, init] of specs) {
    const initNode = compile(init, inner);
    const lexical = scope.bindsLexically(sym);
    bindings.push({ sym, init: initNode, lexical });
    if (lexical) lexVars.push(sym);
  }
  const body = compileBody(args.cdr, inner);
  return makeBinder(bindings, lexVars.length, body, true, true);
});

/**
 * Run BODY with BINDINGS in place. Lexical ones fill a new frame (when
 * NLEX > 0, or always for let* which compiled its inits inside it);
 * dynamic ones are specbound and restored on every exit.
 */
function makeBinder(bindings: Binding[], nlex: number, body: Node, sequential: boolean, alwaysFrame = false): Node {
  const anyDynamic = bindings.some((b) => !b.lexical);
  const n = bindings.length;
  const newFrame = nlex > 0 || alwaysFrame;
  if (!anyDynamic && newFrame) {
    if (!sequential) {
      if (n === 1) {
        const init = bindings[0].init;
        return (f) => body([f, init(f)]);
      }
      return (f) => {
        const nf: Frame = new Array(nlex + 1);
        nf[0] = f;
        for (let i = 0; i < n; i++) nf[i + 1] = bindings[i].init(f);
        return body(nf);
      };
    }
    return (f) => {
      const nf: Frame = new Array(nlex + 1).fill(NIL);
      nf[0] = f;
      for (let i = 0; i < n; i++) nf[i + 1] = bindings[i].init(nf);
      return body(nf);
    };
  }
  if (!sequential) {
    return (f) => {
      const nf: Frame | null = newFrame ? new Array(nlex + 1) : null;
      if (nf) nf[0] = f;
      const values = new Array(n);
      for (let i = 0; i < n; i++) values[i] = bindings[i].init(f);
      const depth = specpdlDepth();
      try {
        let slot = 1;
        for (let i = 0; i < n; i++) {
          const b = bindings[i];
          if (b.lexical) nf![slot++] = values[i];
          else specbind(b.sym, values[i]);
        }
        return body(nf ?? f);
      } finally {
        unbindTo(depth);
      }
    };
  }
  return (f) => {
    const nf: Frame | null = newFrame ? new Array(nlex + 1).fill(NIL) : null;
    if (nf) nf[0] = f;
    const depth = specpdlDepth();
    try {
      let slot = 1;
      for (let i = 0; i < n; i++) {
        const b = bindings[i];
        const v = b.init(nf ?? f);
        if (b.lexical) nf![slot++] = v;
        else specbind(b.sym, v);
      }
      return body(nf ?? f);
    } finally {
      unbindTo(depth);
    }
  };
}

// ---------------------------------------------------------------------------
// Control structure.

defspecial("progn", (args, scope) => compileBody(args, scope));

defspecial("prog1", (args, scope) => {
  if (!(args instanceof Cons)) signal("wrong-number-of-arguments", list(intern("prog1"), 0));
  const first = compile(args.car, scope);
  const rest = compileBody(args.cdr, scope);
  return (f) => {
    const v = first(f);
    rest(f);
    return v;
  };
});

defspecial("prog2", (args, scope) => {
  const items = listToArray(args);
  if (items.length < 2) signal("wrong-number-of-arguments", list(intern("prog2"), items.length));
  const first = compile(items[0], scope);
  const second = compile(items[1], scope);
  const rest = compileBody((args as Cons).cdr instanceof Cons ? ((args as Cons).cdr as Cons).cdr : NIL, scope);
  return (f) => {
    first(f);
    const v = second(f);
    rest(f);
    return v;
  };
});

defspecial("if", (args, scope) => {
  const items = listToArray(args);
  if (items.length < 2) signal("wrong-number-of-arguments", list(intern("if"), items.length));
  const test = compile(items[0], scope);
  const then = compile(items[1], scope);
  const otherwise = compileBody(((args as Cons).cdr as Cons).cdr, scope);
  return (f) => (test(f) !== NIL ? then(f) : otherwise(f));
});

defspecial("cond", (args, scope) => {
  const clauses = listToArray(args).map((clause) => {
    if (clause === NIL) return null;
    if (!(clause instanceof Cons)) wrongType("listp", clause);
    return { test: compile(clause.car, scope), body: clause.cdr === NIL ? null : compileBody(clause.cdr, scope) };
  });
  return (f) => {
    for (const c of clauses) {
      if (!c) continue;
      const v = c.test(f);
      if (v !== NIL) return c.body ? c.body(f) : v;
    }
    return NIL;
  };
});

defspecial("and", (args, scope) => {
  const nodes = listToArray(args).map((a) => compile(a, scope));
  if (nodes.length === 0) return constant(T);
  if (nodes.length === 2) {
    const [a, b] = nodes;
    return (f) => (a(f) === NIL ? NIL : b(f));
  }
  return (f) => {
    let v: L = T;
    for (const n of nodes) {
      v = n(f);
      if (v === NIL) return NIL;
    }
    return v;
  };
});

defspecial("or", (args, scope) => {
  const nodes = listToArray(args).map((a) => compile(a, scope));
  return (f) => {
    for (const n of nodes) {
      const v = n(f);
      if (v !== NIL) return v;
    }
    return NIL;
  };
});

defspecial("while", (args, scope) => {
  if (!(args instanceof Cons)) signal("wrong-number-of-arguments", list(intern("while"), 0));
  const test = compile(args.car, scope);
  const body = compileBody(args.cdr, scope);
  let own: Node | null = null;
  let iterations = 0;
  return (f) => {
    if (own !== null) return own(f);
    while (test(f) !== NIL) {
      body(f);
      pollInterrupt();
      if (++iterations === HOT_LOOP_ITERATIONS) {
        own = ownLoop(test, body, pollInterrupt);
        if (own !== null) return own(f);
      }
    }
    return NIL;
  };
});

defspecial("unwind-protect", (args, scope) => {
  if (!(args instanceof Cons)) signal("wrong-number-of-arguments", list(intern("unwind-protect"), 0));
  const body = compile(args.car, scope);
  const cleanup = compileBody(args.cdr, scope);
  return (f) => {
    try {
      return body(f);
    } finally {
      cleanup(f);
    }
  };
});

defspecial("catch", (args, scope) => {
  if (!(args instanceof Cons)) signal("wrong-number-of-arguments", list(intern("catch"), 0));
  const tagNode = compile(args.car, scope);
  const body = compileBody(args.cdr, scope);
  return (f) => {
    const tag = tagNode(f);
    const depth = specpdlDepth();
    catchTags.push(tag);
    const n = catchTags.length;
    try {
      return body(f);
    } catch (e) {
      if (e instanceof LispThrow && e.tag === tag) {
        unbindTo(depth);
        return e.value;
      }
      throw e;
    } finally {
      catchTags.length = n - 1;
    }
  };
});

defspecial("condition-case", (args, scope) => {
  const items = listToArray(args);
  if (items.length < 2) signal("wrong-number-of-arguments", list(intern("condition-case"), items.length));
  const v = items[0];
  if (!(v instanceof Sym)) wrongType("symbolp", v);
  const bodyNode = compile(items[1], scope);
  const varLexical = v !== NIL && scope.bindsLexically(v);
  const handlerScope = varLexical ? new Scope(scope, [v], scope.lexical) : scope;
  let success: Node | null = null;
  const handlers: { conditions: L[]; body: Node }[] = [];
  for (const h of items.slice(2)) {
    if (!(h instanceof Cons)) error(`Invalid condition handler: ${String(h)}`);
    if (h.car === Q.success) {
      success = compileBody(h.cdr, handlerScope);
      continue;
    }
    const conds = h.car instanceof Cons ? listToArray(h.car) : [h.car];
    handlers.push({ conditions: conds.filter((c) => c !== Q.debug), body: compileBody(h.cdr, handlerScope) });
  }
  const run = (f: Frame, handler: Node, value: L): L => {
    if (v === NIL) return handler(f);
    if (varLexical) return handler([f, value]);
    const depth = specpdlDepth();
    try {
      specbind(v, value);
      return handler(f);
    } finally {
      unbindTo(depth);
    }
  };
  return (f) => {
    const depth = specpdlDepth();
    const ncatch = catchTags.length;
    let result: L;
    try {
      result = bodyNode(f);
    } catch (raw) {
      const e = asLispError(raw);
      if (!(e instanceof LispSignal)) throw raw;
      for (const h of handlers) {
        if (matchesConditions(e.symbol, h.conditions)) {
          unbindTo(depth);
          catchTags.length = ncatch;
          return run(f, h.body, e.errorObject);
        }
      }
      throw e;
    }
    return success ? run(f, success, result) : result;
  };
});

function matchesConditions(err: Sym, conditions: L[]): boolean {
  for (const c of conditions) {
    if (c === T || errorHasCondition(err, c)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Definitions.

defspecial("defvar", (args, scope) => {
  const items = listToArray(args);
  if (items.length === 0) signal("wrong-number-of-arguments", list(intern("defvar"), 0));
  const sym = items[0];
  if (!(sym instanceof Sym)) wrongType("symbolp", sym);
  if (items.length === 1) {
    // (defvar x): special only in this scope (and, at top level, the rest of the file).
    scope.declareSpecial(sym);
    return constant(sym);
  }
  if (items.length > 3) error("Too many arguments");
  // Special from here on, also for code compiled before this form runs (a
  // `let` later in the same progn must bind dynamically, as Emacs's
  // form-by-form interpreter would).
  sym.special = true;
  const init = compile(items[1], scope);
  const doc = items[2];
  return (f) => {
    sym.special = true;
    if (sym.value === UNBOUND) sym.value = init(f);
    if (doc !== undefined && doc !== NIL) putDoc(sym, doc);
    return sym;
  };
});

defspecial("defconst", (args, scope) => {
  const items = listToArray(args);
  if (items.length < 2) signal("wrong-number-of-arguments", list(intern("defconst"), items.length));
  if (items.length > 3) error("Too many arguments");
  const sym = items[0];
  if (!(sym instanceof Sym)) wrongType("symbolp", sym);
  const init = compile(items[1], scope);
  const doc = items[2];
  return (f) => {
    const v = init(f);
    if (sym.constant) settingConstant(sym);
    sym.special = true;
    sym.value = v;
    putProp(sym, "risky-local-variable", T);
    if (doc !== undefined && doc !== NIL) putDoc(sym, doc);
    return sym;
  };
});

function putDoc(sym: Sym, doc: L) {
  putProp(sym, "variable-documentation", doc);
}

function putProp(sym: Sym, prop: string, value: L) {
  const p = intern(prop);
  for (let l = sym.plist; l instanceof Cons && l.cdr instanceof Cons; l = l.cdr.cdr) {
    if (l.car === p) {
      l.cdr.car = value;
      return;
    }
  }
  sym.plist = new Cons(p, new Cons(value, sym.plist));
}

defspecial("interactive", () => constant(NIL));

defspecial("setq-default", (args, scope) => {
  const items = listToArray(args);
  if (items.length % 2 !== 0) signal("wrong-number-of-arguments", list(intern("setq-default"), items.length));
  const nodes: Node[] = [];
  for (let i = 0; i < items.length; i += 2) {
    const sym = items[i];
    if (!(sym instanceof Sym)) wrongType("symbolp", sym);
    const value = compile(items[i + 1], scope);
    nodes.push((f) => {
      const v = value(f);
      if (sym.constant) settingConstant(sym);
      sym.value = v;
      return v;
    });
  }
  return sequence(nodes);
});

// Buffer forms: the buffer module provides the state saving; without it they are progn.
export const bufferForms = {
  saveExcursion: (body: () => L): L => body(),
  saveCurrentBuffer: (body: () => L): L => body(),
  saveRestriction: (body: () => L): L => body(),
};
defspecial("save-excursion", (args, scope) => {
  const body = compileBody(args, scope);
  return (f) => bufferForms.saveExcursion(() => body(f));
});
defspecial("save-current-buffer", (args, scope) => {
  const body = compileBody(args, scope);
  return (f) => bufferForms.saveCurrentBuffer(() => body(f));
});
defspecial("save-restriction", (args, scope) => {
  const body = compileBody(args, scope);
  return (f) => bufferForms.saveRestriction(() => body(f));
});

export { enterCall, exitCall, localHooks, voidVariable, MANY, arrayToList, LambdaTemplate };
