// Lambda expressions: argument lists, docstrings, lazily compiled bodies,
// and the Closure objects they make.
import { L, NIL, T, Sym, Cons, Closure, listToArray, arrayToList } from "../types.js";
import { Q } from "../symbols.js";
import { signal, wrongType } from "../errors.js";
import { specbind, specpdlDepth, unbindTo, enterCall, exitCall, wrongNumberOfArgumentsFor, functionDescription } from "../eval.js";
import { Scope, Frame } from "./scope.js";
import { compileBody } from "./compiler.js";
import type { Node } from "./compiler.js";
import { ownEntryMaker, HOT_CALLS } from "./specialize.js";

export interface ParsedArgs {
  required: Sym[];
  optional: Sym[];
  rest: Sym | null;
  /** False for lists Emacs refuses when the function is called (e.g. two &optional). */
  valid: boolean;
}

export function parseArgList(args: L): ParsedArgs {
  const out: ParsedArgs = { required: [], optional: [], rest: null, valid: true };
  let mode = 0; // 0 required, 1 optional, 2 rest (expecting its variable), 3 after the rest variable
  let a = args;
  for (; a instanceof Cons; a = a.cdr) {
    const s = a.car;
    if (!(s instanceof Sym) || mode === 3) {
      out.valid = false;
      break;
    }
    if (s === Q.andOptional) {
      if (mode !== 0) out.valid = false;
      mode = 1;
      continue;
    }
    if (s === Q.andRest) {
      if (mode === 2) out.valid = false;
      mode = 2;
      continue;
    }
    if (mode === 0) out.required.push(s);
    else if (mode === 1) out.optional.push(s);
    else {
      out.rest = s;
      mode = 3;
    }
  }
  if (a !== NIL || mode === 2) out.valid = false;
  return out;
}

/** Split a lambda body into docstring, interactive spec and forms (Emacs 28 rules). */
export function splitBody(body: L): { doc: L; interactive: L | null; forms: L } {
  let doc: L = NIL;
  let interactive: L | null = null;
  let forms = body;
  if (forms instanceof Cons && typeof forms.car === "string" && forms.cdr !== NIL) {
    doc = forms.car;
    forms = forms.cdr;
  }
  // (declare ...) is dropped by defun/defmacro before we see it; skip stray ones.
  while (forms instanceof Cons && forms.car instanceof Cons && forms.car.car === Q.declare) forms = forms.cdr;
  if (forms instanceof Cons && forms.car instanceof Cons && forms.car.car === Q.interactive) {
    interactive = forms.car;
    forms = forms.cdr;
  }
  return { doc, interactive, forms };
}

/** A compiled-once lambda expression; instantiate() makes a closure over a frame. */
export class LambdaTemplate {
  private body: Node | null = null;
  readonly params: ParsedArgs;
  readonly min: number;
  readonly max: number;
  /** Parameters bound in the frame (lexical) vs by specbind (dynamic). */
  private readonly lexicalParams: boolean[];
  private readonly nslots: number;
  private readonly allLexical: boolean;
  readonly doc: L;
  readonly interactive: L | null;
  readonly forms: L;
  private bodyScope: Scope;

  constructor(readonly argList: L, readonly fullBody: L, readonly scope: Scope) {
    this.params = parseArgList(argList);
    const { doc, interactive, forms } = splitBody(fullBody);
    this.doc = doc;
    this.interactive = interactive;
    this.forms = forms;
    this.min = this.params.required.length;
    this.max = this.params.rest ? Infinity : this.min + this.params.optional.length;
    const all = (this.allParams = this.paramList());
    this.lexicalParams = all.map((s) => scope.bindsLexically(s));
    const lexVars = all.filter((_, i) => this.lexicalParams[i]);
    this.nslots = lexVars.length;
    this.allLexical = this.lexicalParams.every((x) => x);
    this.bodyScope = new Scope(scope, lexVars, scope.lexical);
  }

  /** Every parameter, required, optional and rest, in order. */
  readonly allParams: Sym[];

  private paramList(): Sym[] {
    const p = this.params;
    return p.rest ? [...p.required, ...p.optional, p.rest] : [...p.required, ...p.optional];
  }

  private calls = 0;
  private entryMaker: ((captured: Frame) => (...args: L[]) => L) | null = null;

  /** A direct entry of its own for a closure over CAPTURED, once this lambda is hot; null before. */
  ownEntry(captured: Frame): ((...args: L[]) => L) | null {
    if (this.entryMaker === null) {
      // Once only: where the copy cannot be made, the shared entry stays.
      if (++this.calls !== HOT_CALLS) return null;
      this.entryMaker = ownEntryMaker(this.compiledBody(), this.allParams, this.lexicalParams);
      if (this.entryMaker === null) return null;
    }
    return this.entryMaker(captured);
  }

  private compiledBody(): Node {
    return (this.body ??= compileBody(this.forms, this.bodyScope));
  }

  instantiate(captured: Frame): Closure {
    const t = this;
    const { min, max } = this;
    const nreq = this.params.required.length;
    const nopt = this.params.optional.length;
    const hasRest = this.params.rest !== null;
    const nslots = this.nslots;
    const closure: Closure = new CompiledClosure(this, captured, this.argList, this.fullBody, this.scope.lexical, min, max, NIL_CALL);
    if (!this.params.valid) {
      closure.call = () => signal("invalid-function", functionDescription(closure));
      return closure;
    }

    /** Bind VALUES (one per parameter, &rest as a list) in a new frame or the specpdl, and run the body. */
    const runWith = (values: L[]): L => {
      const body = t.body ?? t.compiledBody();
      const frame: Frame = new Array(nslots + 1);
      frame[0] = captured;
      if (t.allLexical) {
        for (let i = 0; i < values.length; i++) frame[i + 1] = values[i];
        enterCall();
        try {
          return body(frame);
        } finally {
          exitCall();
        }
      }
      const depth = specpdlDepth();
      enterCall();
      try {
        const all = t.allParams;
        let slot = 1;
        for (let i = 0; i < values.length; i++) {
          if (t.lexicalParams[i]) frame[slot++] = values[i];
          else specbind(all[i], values[i]);
        }
        return body(frame);
      } finally {
        exitCall();
        unbindTo(depth);
      }
    };

    // Direct entries for one to three required parameters: no argument count
    // to check, no &optional to fill. Once the lambda is hot, each closure's
    // entry is replaced by one of its own (specialize.ts); callers that kept
    // the first entry (mapcar and sort take it once) are passed on to it.
    const direct = !hasRest && nopt === 0 && nreq >= 1 && nreq <= 3;
    if (direct) {
      if (nreq === 1) {
        let own: ((a: L) => L) | null = null;
        closure.call1 = (a) => {
          if (own === null) {
            own = t.ownEntry(captured);
            if (own === null) return runWith([a]);
            closure.call1 = own;
          }
          return own(a);
        };
      } else if (nreq === 2) {
        let own: ((a: L, b: L) => L) | null = null;
        closure.call2 = (a, b) => {
          if (own === null) {
            own = t.ownEntry(captured);
            if (own === null) return runWith([a, b]);
            closure.call2 = own;
          }
          return own(a, b);
        };
      } else {
        let own: ((a: L, b: L, c: L) => L) | null = null;
        closure.call3 = (a, b, c) => {
          if (own === null) {
            own = t.ownEntry(captured);
            if (own === null) return runWith([a, b, c]);
            closure.call3 = own;
          }
          return own(a, b, c);
        };
      }
    }
    closure.call = (args: L[]): L => {
      const n = args.length;
      // funcall and apply from anywhere take the direct entries too (hot code included).
      if (direct && n === nreq) {
        return nreq === 1 ? closure.call1!(args[0]) : nreq === 2 ? closure.call2!(args[0], args[1]) : closure.call3!(args[0], args[1], args[2]);
      }
      if (n < min || n > max) wrongNumberOfArgumentsFor(closure, n);
      const values: L[] = new Array(nreq + nopt + (hasRest ? 1 : 0));
      for (let i = 0; i < nreq + nopt; i++) values[i] = i < n ? args[i] : NIL;
      if (hasRest) values[nreq + nopt] = n > nreq + nopt ? arrayToList(args.slice(nreq + nopt)) : NIL;
      return runWith(values);
    };
    return closure;
  }

  /** Lexical bindings visible to a closure, as Emacs prints them: ((x . 1) ... t). */
  envAlist(captured: Frame): L {
    const items: L[] = [];
    let f: Frame | null = captured;
    for (let s: Scope | null = this.scope; s && f; s = s.parent, f = f[0]) {
      for (let i = s.vars.length - 1; i >= 0; i--) items.push(new Cons(s.vars[i], f[i + 1] ?? NIL));
    }
    items.push(T);
    return arrayToList(items);
  }
}

const NIL_CALL = (): L => NIL;

class CompiledClosure extends Closure {
  constructor(
    readonly template: LambdaTemplate,
    readonly captured: Frame,
    params: L,
    body: L,
    lexical: boolean,
    min: number,
    max: number,
    call: (args: L[]) => L,
  ) {
    super(params, body, lexical, min, max, call, template.doc, template.interactive);
  }
  printEnv(): L {
    return this.template.envAlist(this.captured);
  }
}

export function compileLambda(rest: L, scope: Scope): LambdaTemplate {
  if (!(rest instanceof Cons)) wrongType("listp", rest);
  return new LambdaTemplate(rest.car, rest.cdr, scope);
}

export { listToArray };
