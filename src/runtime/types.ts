// Lisp object representation. See DESIGN.md: fixnums are JS numbers, floats
// are boxed so that 1 and 1.0 stay distinct, nil is a Sym and the empty list.

/** Any Lisp object. Vectors are plain JS arrays; strings are JS strings. */
export type L = number | bigint | string | Sym | Cons | LispFloat | L[] | LispObject;

/** Base class for every heap object that is not a cons, symbol, float, string or vector. */
export abstract class LispObject {
  /** Emacs's `type-of` symbol name for this object. */
  abstract typeName(): string;
}

export class LispFloat {
  constructor(public readonly value: number) {}
}

/** Marker for a void value cell. Never visible to Lisp. */
export const UNBOUND: unique symbol = Symbol("unbound");
export type ValueCell = L | typeof UNBOUND;

export class Sym {
  value: ValueCell = UNBOUND;
  /** Function cell; NIL when void (as Emacs 28 reports it). */
  fn: L;
  plist: L;
  /** Dynamically scoped everywhere (defvar'd). */
  special = false;
  /** nil, t, keywords and defconst'd constants refuse `set`. */
  constant = false;
  /** Becomes buffer-local when set (make-variable-buffer-local). */
  autoLocal = false;
  /** Some buffer has a local binding: value lookups must consult the current buffer. */
  hasLocals = false;
  /** Interned in the runtime's obarray. */
  interned = false;
  constructor(public readonly name: string) {
    // NIL does not exist yet while NIL itself is being built; fixed up below.
    this.fn = NIL_PLACEHOLDER as unknown as L;
    this.plist = NIL_PLACEHOLDER as unknown as L;
  }
}

const NIL_PLACEHOLDER = {};

export class Cons {
  constructor(public car: L, public cdr: L) {}
}

// nil and t are shared by every runtime: they are constants whose identity
// is compared on the hot path (`x !== NIL`).
export const NIL: Sym = new Sym("nil");
NIL.fn = NIL;
NIL.plist = NIL;
NIL.value = NIL;
NIL.constant = true;
NIL.special = true;
export const T: Sym = new Sym("t");
T.fn = NIL;
T.plist = NIL;
T.value = T;
T.constant = true;
T.special = true;

/** A fresh uninterned symbol with its cells set up. */
export function makeSymbol(name: string): Sym {
  const s = new Sym(name);
  s.fn = NIL;
  s.plist = NIL;
  return s;
}

// ---------------------------------------------------------------------------
// Functions

/** Arity marker for builtins that take any number of arguments (Emacs's MANY). */
export const MANY = -1;
/** Arity marker for special forms (Emacs's UNEVALLED). */
export const UNEVALLED = -2;

/**
 * A builtin. With max === MANY, `fn` receives one array of all arguments;
 * otherwise it receives positional arguments, missing optionals as NIL.
 */
export class Subr extends LispObject {
  constructor(
    public readonly name: string,
    public readonly min: number,
    public readonly max: number,
    public readonly fn: (...args: any[]) => L,
    public readonly doc: string = "",
  ) {
    super();
  }
  typeName() {
    return this.max === UNEVALLED ? "subr" : "subr";
  }
}

/**
 * A function made from a lambda expression. `call` is installed by the
 * compiler; `source` keeps the lambda list and body for printing and
 * `func-arity`; `lexical` says whether it closed over a lexical environment.
 */
export class Closure extends LispObject {
  constructor(
    public readonly params: L,
    public readonly body: L,
    public readonly lexical: boolean,
    public readonly min: number,
    public readonly max: number,
    public call: (args: L[]) => L,
    public doc: L = NIL,
    public interactive: L | null = null,
  ) {
    super();
  }
  /** Fast entry points for exactly 1, 2 or 3 arguments (no argument array), when the compiler provides them. */
  call1: ((a: L) => L) | null = null;
  call2: ((a: L, b: L) => L) | null = null;
  call3: ((a: L, b: L, c: L) => L) | null = null;
  /** The captured environment as Emacs 28 prints it in `(closure ENV ARGS . BODY)`: an alist ending in t. */
  printEnv(): L {
    return new Cons(T, NIL);
  }
  typeName() {
    return "cons"; // interpreted closures are lists in Emacs 28
  }
}

// ---------------------------------------------------------------------------
// Other object types used by the core

export class LispRecord extends LispObject {
  constructor(public slots: L[]) {
    super();
  }
  typeName() {
    const tag = this.slots[0];
    // cl-defstruct records carry a class object whose name is slot 1; plain
    // records carry a symbol.
    if (tag instanceof Sym) return tag.name;
    if (tag instanceof LispRecord && tag.slots[1] instanceof Sym) return (tag.slots[1] as Sym).name;
    return "record";
  }
}

export class BoolVector extends LispObject {
  constructor(public bits: boolean[]) {
    super();
  }
  typeName() {
    return "bool-vector";
  }
}

export class CharTable extends LispObject {
  map = new Map<number, L>();
  constructor(public subtype: L, public defalt: L) {
    super();
  }
  typeName() {
    return "char-table";
  }
}

// ---------------------------------------------------------------------------
// Predicates and constructors used everywhere

export function isCons(x: L): x is Cons {
  return x instanceof Cons;
}
export function isSymbol(x: L): x is Sym {
  return x instanceof Sym;
}
export function isFixnum(x: L): x is number {
  return typeof x === "number";
}
export function isInteger(x: L): x is number | bigint {
  return typeof x === "number" || typeof x === "bigint";
}
export function isNumber(x: L): x is number | bigint | LispFloat {
  return typeof x === "number" || typeof x === "bigint" || x instanceof LispFloat;
}
export function isString(x: L): x is string {
  return typeof x === "string";
}
export function isVector(x: L): x is L[] {
  return Array.isArray(x);
}
export function isList(x: L): x is Cons | Sym {
  return x === NIL || x instanceof Cons;
}

export function cons(car: L, cdr: L): Cons {
  return new Cons(car, cdr);
}

export function list(...items: L[]): L {
  let r: L = NIL;
  for (let i = items.length - 1; i >= 0; i--) r = new Cons(items[i], r);
  return r;
}

export function arrayToList(items: readonly L[], tail: L = NIL): L {
  let r: L = tail;
  for (let i = items.length - 1; i >= 0; i--) r = new Cons(items[i], r);
  return r;
}

/** Elements of a proper list. Stops at the first non-cons tail. */
export function listToArray(l: L): L[] {
  const out: L[] = [];
  while (l instanceof Cons) {
    out.push(l.car);
    l = l.cdr;
  }
  return out;
}

export function bool(b: boolean): Sym {
  return b ? T : NIL;
}

export function makeFloat(n: number): LispFloat {
  return new LispFloat(n);
}

/** Normalise a bigint: back to a fixnum when it fits in a safe JS integer. */
export function normInt(b: bigint): number | bigint {
  if (b >= -9007199254740991n && b <= 9007199254740991n) return Number(b);
  return b;
}

/** Integer result of JS arithmetic: promote to bigint when it left the safe range. */
export function intResult(n: number, exact: () => bigint): number | bigint {
  if (Number.isSafeInteger(n)) return n;
  return normInt(exact());
}

// ---------------------------------------------------------------------------
// Strings count characters (code points), as Emacs does.

const SURROGATE = /[\uD800-\uDFFF]/;

/** True when a string holds characters outside the BMP, so UTF-16 indexes differ from character indexes. */
export function hasAstral(s: string): boolean {
  return SURROGATE.test(s);
}

export function stringLength(s: string): number {
  if (!hasAstral(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** UTF-16 offset of character index `ci` in `s` (ci may equal the length). */
export function charToUnitIndex(s: string, ci: number): number {
  if (!hasAstral(s)) return ci;
  let u = 0;
  for (let c = 0; c < ci && u < s.length; c++) {
    const code = s.charCodeAt(u);
    u += code >= 0xd800 && code <= 0xdbff && u + 1 < s.length ? 2 : 1;
  }
  return u;
}

/** Character index of UTF-16 offset `ui` in `s`. */
export function unitToCharIndex(s: string, ui: number): number {
  if (!hasAstral(s)) return ui;
  let c = 0;
  for (let u = 0; u < ui; c++) {
    const code = s.charCodeAt(u);
    u += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
  }
  return c;
}

/** The characters of a string as code points. */
export function stringChars(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

export function charAt(s: string, ci: number): number {
  if (!hasAstral(s)) return s.charCodeAt(ci);
  return s.codePointAt(charToUnitIndex(s, ci))!;
}

/**
 * Anything Lisp sees as a process: child processes, and the server's HTTP
 * connections (elnode's httpcon was an Emacs network process). `process-get`,
 * `process-put`, `process-live-p` and friends work on all of them.
 */
export abstract class ProcessLike extends LispObject {
  plist: L = NIL;
  abstract readonly processName: string;
  abstract isLive(): boolean;
  typeName() {
    return "process";
  }
  printRepr(): string {
    return `#<process ${this.processName}>`;
  }
}
