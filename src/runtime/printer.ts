// The Lisp printer (Emacs print.c): prin1 and princ representations, byte for
// byte as Emacs 28 prints them, plus the C printf-style number formatting
// that `format` and `float-output-format` share.
import {
  L, NIL, T, Sym, Cons, LispFloat, LispObject, Subr, Closure, LispRecord, BoolVector, CharTable,
  UNBOUND, ValueCell,
} from "./types.js";
import { intern, defvar, Q } from "./symbols.js";
import { error, signal, setErrorPrinters } from "./errors.js";
import { LispHashTable } from "./hashtable.js";

// ---------------------------------------------------------------------------
// Printer variables, with Emacs's defaults.

const Vprint_escape_newlines = defvar("print-escape-newlines", NIL);
const Vprint_escape_control_characters = defvar("print-escape-control-characters", NIL);
const Vprint_escape_multibyte = defvar("print-escape-multibyte", NIL);
// print-escape-nonascii only affects unibyte strings, which this runtime does not have.
defvar("print-escape-nonascii", NIL);
const Vprint_quoted = defvar("print-quoted", T);
const Vprint_length = defvar("print-length", NIL);
const Vprint_level = defvar("print-level", NIL);
const Vprint_circle = defvar("print-circle", NIL);
const Vprint_gensym = defvar("print-gensym", NIL);
const Vfloat_output_format = defvar("float-output-format", NIL);

function val(sym: Sym): L {
  const v: ValueCell = sym.value;
  return v === UNBOUND ? NIL : (v as L);
}

function truthy(sym: Sym): boolean {
  return val(sym) !== NIL;
}

/** A non-negative fixnum setting (print-length), or null. */
function natSetting(sym: Sym): number | null {
  const v = val(sym);
  return typeof v === "number" && v >= 0 ? v : null;
}

const Qkey_and_value = intern("key-and-value");

/** Emacs refuses to print deeper than this without print-circle (print.c's PRINT_CIRCLE). */
const PRINT_CIRCLE = 200;
/** Our own bound on nesting with print-circle, to stay well inside the JS stack. */
const MAX_NESTING = 10000;

function circularError(): never {
  error("Apparently circular structure being printed");
}

function nestingError(): never {
  signal("excessive-lisp-nesting", NIL);
}

// ---------------------------------------------------------------------------
// Public entry points

/** `prin1-to-string`: the readable representation. */
export function prin1ToString(x: L): string {
  return printToString(x, true);
}

/** `(prin1-to-string x t)`: the representation `princ` prints. */
export function princToString(x: L): string {
  return printToString(x, false);
}

export function printToString(x: L, escape: boolean): string {
  // Fast paths for atoms that never consult printer state.
  if (typeof x === "number") return String(x);
  if (typeof x === "string" && !escape) return x;
  const p = new Printer(escape);
  try {
    if (p.circle) p.preprocess(x);
    p.print(x);
  } catch (e) {
    // Structure nested deeper than the JS stack allows (only possible with
    // print-circle, which lifts Emacs's depth limit of 200).
    if (e instanceof RangeError) nestingError();
    throw e;
  }
  return p.out;
}

setErrorPrinters(prin1ToString, princToString);

// ---------------------------------------------------------------------------
// The printer proper

function isCircleCandidate(x: L, gensym: boolean): boolean {
  return (
    x instanceof Cons ||
    Array.isArray(x) ||
    x instanceof LispRecord ||
    x instanceof LispHashTable ||
    x instanceof Closure ||
    x instanceof CharTable ||
    (gensym && x instanceof Sym && !x.interned && x !== NIL && x !== T)
  );
}

/** Objects registered in being_printed when print-circle is off. */
function isContainer(x: L): boolean {
  return (
    x instanceof Cons ||
    Array.isArray(x) ||
    x instanceof LispRecord ||
    x instanceof LispHashTable ||
    x instanceof Closure
  );
}

class Printer {
  out = "";
  readonly escapeNewlines: boolean;
  readonly escapeControl: boolean;
  readonly escapeMultibyte: boolean;
  readonly quoted: boolean;
  readonly length: number | null;
  readonly level: number | null;
  readonly circle: boolean;
  readonly gensym: boolean;
  readonly floatFormat: L;
  depth = 0;
  being: L[] = [];
  labels: Map<unknown, number> | null = null;
  backquote = 0;

  constructor(public readonly escape: boolean) {
    this.escapeNewlines = truthy(Vprint_escape_newlines);
    this.escapeControl = truthy(Vprint_escape_control_characters);
    this.escapeMultibyte = truthy(Vprint_escape_multibyte);
    this.quoted = truthy(Vprint_quoted);
    this.length = natSetting(Vprint_length);
    const lv = val(Vprint_level);
    this.level = typeof lv === "number" ? lv : null;
    this.circle = truthy(Vprint_circle);
    this.gensym = truthy(Vprint_gensym);
    this.floatFormat = val(Vfloat_output_format);
  }

  // -- print-circle: find objects reachable more than once, numbering them
  //    in the order their second reference is met (Emacs's print_preprocess).
  preprocess(root: L): void {
    const seen = new Map<unknown, true | number>();
    let counter = 0;
    const gensym = this.gensym;
    const visit = (obj: L, depth: number): void => {
      if (depth > MAX_NESTING) nestingError();
      let loopCount = 0;
      let halftail: L = obj;
      for (;;) {
        if (!isCircleCandidate(obj, gensym)) return;
        const prev = seen.get(obj);
        if (prev !== undefined) {
          if (prev === true) seen.set(obj, -++counter);
          return;
        }
        seen.set(obj, true);
        if (obj instanceof Cons) {
          if (loopCount && obj === halftail) return;
          visit(obj.car, depth + 1);
          obj = obj.cdr;
          loopCount++;
          if (!(loopCount & 1)) halftail = (halftail as Cons).cdr;
          continue;
        }
        if (Array.isArray(obj)) {
          for (const e of obj) visit(e, depth + 1);
        } else if (obj instanceof LispRecord) {
          for (const e of obj.slots) visit(e, depth + 1);
        } else if (obj instanceof LispHashTable) {
          for (const [k, v] of obj.entries()) {
            visit(k, depth + 1);
            visit(v, depth + 1);
          }
        } else if (obj instanceof Closure) {
          visit(closureEnv(obj), depth + 1);
          visit(obj.params, depth + 1);
          visit(closureBody(obj), depth + 1);
        }
        return;
      }
    };
    visit(root, 0);
    const labels = new Map<unknown, number>();
    for (const [k, v] of seen) if (v !== true) labels.set(k, v);
    this.labels = labels;
  }

  label(obj: L): number | undefined {
    return this.labels ? this.labels.get(obj) : undefined;
  }

  print(obj: L, escape = this.escape): void {
    // Emacs refuses to print anything nested 200 deep, circular or not.
    if (this.depth >= PRINT_CIRCLE && !this.circle) circularError();
    switch (typeof obj) {
      case "number":
        this.out += String(obj);
        return;
      case "bigint":
        this.out += obj.toString();
        return;
      case "string":
        if (escape) this.printString(obj);
        else this.out += obj;
        return;
    }
    if (obj instanceof Sym) {
      if (this.circle && this.gensym && !obj.interned) {
        if (this.printLabel(obj)) return;
      }
      this.printSymbol(obj, escape);
      return;
    }
    if (obj instanceof LispFloat) {
      this.out += floatToString(obj.value, this.floatFormat);
      return;
    }

    // Structured objects: shared-structure labels, or the simple
    // circularity check against the objects being printed.
    if (this.circle) {
      if (isCircleCandidate(obj, false) && this.printLabel(obj)) return;
      if (this.depth >= MAX_NESTING) nestingError();
    } else if (isContainer(obj)) {
      for (let i = 0; i < this.depth; i++) {
        if (this.being[i] === obj) {
          this.out += "#" + i;
          return;
        }
      }
      this.being[this.depth] = obj;
    }
    this.depth++;
    try {
      if (obj instanceof Cons) this.printCons(obj, escape);
      else if (Array.isArray(obj)) this.printSequence("[", obj, "]", escape);
      else if (obj instanceof Closure) this.printClosure(obj, escape);
      else if (obj instanceof LispRecord) this.printSequence("#s(", obj.slots, ")", escape);
      else if (obj instanceof LispHashTable) this.printHashTable(obj, escape);
      else if (obj instanceof BoolVector) this.printBoolVector(obj);
      else if (obj instanceof Subr) this.out += "#<subr " + obj.name + ">";
      else this.printOther(obj as LispObject, escape);
    } finally {
      this.depth--;
    }
  }

  /** Print `#N=` before the first occurrence of a shared object; true when `#N#` was printed instead. */
  printLabel(obj: L): boolean {
    const n = this.label(obj);
    if (n === undefined) return false;
    if (n < 0) {
      this.out += "#" + -n + "=";
      this.labels!.set(obj, -n);
      return false;
    }
    this.out += "#" + n + "#";
    return true;
  }

  printCons(obj: Cons, escape: boolean): void {
    if (this.level !== null && this.depth > this.level) {
      this.out += "...";
      return;
    }
    const rest = obj.cdr;
    if (this.quoted && rest instanceof Cons && rest.cdr === NIL) {
      const head = obj.car;
      if (head === Q.quote) {
        this.out += "'";
        this.print(rest.car, escape);
        return;
      }
      if (head === Q.function) {
        this.out += "#'";
        this.print(rest.car, escape);
        return;
      }
      if (head === Q.backquote) {
        this.out += "`";
        this.backquote++;
        this.print(rest.car, escape);
        this.backquote--;
        return;
      }
      if ((head === Q.comma || head === Q.commaAt) && this.backquote > 0) {
        this.out += (head as Sym).name;
        this.backquote--;
        this.print(rest.car, escape);
        this.backquote++;
        return;
      }
    }
    this.printList(obj, escape);
  }

  /** A list, with print-length, dotted tails, and Emacs's cycle check on the cdr chain (FOR_EACH_TAIL_SAFE). */
  printList(obj: L, escape: boolean): void {
    this.out += "(";
    const length = this.length ?? Infinity;
    let i = 0;
    let tail: L = obj;
    let objtail: L = NIL;
    // Brent's teleporting tortoise, stepped exactly as Emacs steps it, so a
    // cycle is noticed after the same number of elements.
    let tortoise: L = tail;
    let max = 2;
    let n = 0;
    let q = 2;
    while (tail instanceof Cons) {
      if (i !== 0) {
        this.out += " ";
        if (this.circle && this.label(tail) !== undefined) {
          this.out += ". ";
          this.print(tail, escape);
          this.out += ")";
          return;
        }
      }
      if (length <= i) {
        this.out += "...";
        this.out += ")";
        return;
      }
      i++;
      this.print(tail.car, escape);
      // A closure is a list in Emacs 28: (macro . CLOSURE) prints as (macro closure ...).
      const next: L = tail.cdr instanceof Closure ? closureAsList(tail.cdr) : tail.cdr;
      objtail = next;
      tail = next;
      let check: boolean;
      q = (q - 1) & 0xffff;
      if (q !== 0) check = true;
      else if (0 < --n) check = true;
      else {
        max *= 2;
        q = max & 0xffff;
        n = Math.floor(max / 65536);
        tortoise = tail;
        check = false;
      }
      if (check && tail === tortoise) break;
    }
    if (objtail !== NIL) {
      this.out += " . ";
      if (objtail instanceof Cons && !this.circle) this.out += "#" + (i >> 1);
      else this.print(objtail, escape);
    }
    this.out += ")";
  }

  printSequence(open: string, items: readonly L[], close: string, escape: boolean): void {
    this.out += open;
    let size = items.length;
    if (this.length !== null && this.length < size) size = this.length;
    for (let i = 0; i < size; i++) {
      if (i) this.out += " ";
      this.print(items[i], escape);
    }
    if (size < items.length) this.out += " ...";
    this.out += close;
  }

  printClosure(fn: Closure, escape: boolean): void {
    this.printCons(closureAsList(fn), escape);
  }

  printHashTable(h: LispHashTable, escape: boolean): void {
    this.out += "#s(hash-table size " + hashTableSize(h);
    this.out += " test ";
    this.print(h.custom ? h.custom.name : h.test, escape);
    if (h.weakness !== NIL) {
      this.out += " weakness ";
      this.print(h.weakness === T ? Qkey_and_value : h.weakness, escape);
    }
    this.out += " rehash-size 1.5 rehash-threshold 0.8125 data (";
    const limit = this.length !== null && this.length > 0 ? this.length : Infinity;
    let i = 0;
    for (const [k, v] of h.entries()) {
      if (i >= limit) {
        this.out += " ...";
        break;
      }
      if (i) this.out += " ";
      this.print(k, escape);
      this.out += " ";
      this.print(v, escape);
      i++;
    }
    this.out += "))";
  }

  printBoolVector(bv: BoolVector): void {
    const nbits = bv.bits.length;
    const bytes = boolVectorBytes(bv);
    this.out += "#&" + nbits + '"';
    let size = bytes.length;
    if (this.length !== null && this.length < size) size = this.length;
    for (let i = 0; i < size; i++) {
      const c = bytes[i];
      if (c === 10 && this.escapeNewlines) this.out += "\\n";
      else if (c === 12 && this.escapeNewlines) this.out += "\\f";
      else if (c > 127 || (this.escapeControl && (c < 32 || c === 127))) {
        this.out += octalEscape(c, i + 1 < bytes.length ? bytes[i + 1] : -1);
      } else {
        if (c === 34 || c === 92) this.out += "\\";
        this.out += String.fromCharCode(c);
      }
    }
    if (size < bytes.length) this.out += " ...";
    this.out += '"';
  }

  printOther(obj: LispObject, escape: boolean): void {
    if (obj === null || typeof obj !== "object") {
      // Not a Lisp object at all: a bug elsewhere, but never a JS TypeError here.
      this.out += "#<js " + String(obj) + ">";
      return;
    }
    const repr = (obj as unknown as { printRepr?: (escape?: boolean) => string }).printRepr;
    if (typeof repr === "function") {
      this.out += repr.call(obj, escape);
      return;
    }
    if (obj instanceof CharTable) {
      this.out += "#<char-table>";
      return;
    }
    let name: string;
    try {
      name = obj.typeName();
    } catch {
      name = "object";
    }
    this.out += "#<" + name + ">";
  }

  printString(s: string): void {
    if (!this.escapeControl && !this.escapeMultibyte) {
      // Only quotes, backslashes and (optionally) newlines and formfeeds change.
      const re = this.escapeNewlines ? NEEDS_ESCAPE_NL : NEEDS_ESCAPE;
      if (!re.test(s)) {
        this.out += '"' + s + '"';
        return;
      }
      this.out +=
        '"' + s.replace(this.escapeNewlines ? ESCAPE_NL_ALL : ESCAPE_ALL, (c) => (c === "\n" ? "\\n" : c === "\f" ? "\\f" : "\\" + c)) + '"';
      return;
    }
    let out = '"';
    let needNonhex = false;
    const len = s.length;
    for (let i = 0; i < len; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          c = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
          i++;
        }
      }
      if (c >= 128 && this.escapeMultibyte) {
        out += "\\x" + c.toString(16).padStart(4, "0");
        needNonhex = true;
        continue;
      }
      if (needNonhex && isHexDigit(c)) out += "\\ ";
      needNonhex = false;
      if (c === 10 && this.escapeNewlines) out += "\\n";
      else if (c === 12 && this.escapeNewlines) out += "\\f";
      else if (c === 34 || c === 92) out += "\\" + String.fromCharCode(c);
      else if (this.escapeControl && (c < 32 || c === 127)) {
        out += octalEscape(c, i + 1 < len ? s.charCodeAt(i + 1) : -1);
      } else out += String.fromCodePoint(c);
    }
    this.out += out + '"';
  }

  printSymbol(sym: Sym, escape: boolean): void {
    const name = sym.name;
    if (!escape) {
      this.out += name;
      return;
    }
    if (this.gensym && !sym.interned && sym !== NIL && sym !== T) this.out += "#:";
    else if (name.length === 0) {
      this.out += "##";
      return;
    }
    let escaped = symbolEscapes.get(sym);
    if (escaped === undefined || escaped[0] !== name) {
      escaped = [name, escapeSymbolName(name)];
      symbolEscapes.set(sym, escaped);
    }
    this.out += escaped[1];
  }
}

const NEEDS_ESCAPE = /["\\]/;
const NEEDS_ESCAPE_NL = /["\\\n\f]/;
const ESCAPE_ALL = /["\\]/g;
const ESCAPE_NL_ALL = /["\\\n\f]/g;

/** prin1 spellings of symbol names, computed once per symbol. */
const symbolEscapes = new WeakMap<Sym, [string, string]>();

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** `\OOO` with as few digits as unambiguous before the following character (print.c's octalout). */
function octalEscape(c: number, next: number): string {
  const digits = c > 0o77 || (next >= 48 && next <= 55) ? 3 : c > 7 ? 2 : 1;
  return "\\" + c.toString(8).padStart(digits, "0");
}

/** The bytes of a bool-vector, least significant bit first. */
export function boolVectorBytes(bv: BoolVector): number[] {
  const bytes = new Array<number>((bv.bits.length + 7) >> 3).fill(0);
  bv.bits.forEach((b, i) => {
    if (b) bytes[i >> 3] |= 1 << (i & 7);
  });
  return bytes;
}

/** Emacs 28 interpreted functions are lists: (closure ENV ARGS . BODY) for lexical ones, (lambda ARGS . BODY) for dynamic ones. */
function closureAsList(fn: Closure): Cons {
  const body = closureBody(fn);
  return fn.lexical
    ? new Cons(Q.closure, new Cons(closureEnv(fn), new Cons(fn.params, body)))
    : new Cons(Q.lambda, new Cons(fn.params, body));
}

function closureEnv(fn: Closure): L {
  const f = fn as unknown as { printEnv?: () => L; envForPrint?: L };
  if (typeof f.printEnv === "function") return f.printEnv();
  if (f.envForPrint !== undefined) return f.envForPrint;
  return new Cons(T, NIL);
}

/**
 * The body as Emacs keeps it, docstring and interactive form first. Closures
 * normally hold their full body; these are put back only when held apart.
 */
function closureBody(fn: Closure): L {
  let body = fn.body;
  const isInteractive = (x: L | undefined) => x instanceof Cons && x.car === Q.interactive;
  const first = body instanceof Cons ? body.car : undefined;
  const second = body instanceof Cons && body.cdr instanceof Cons ? body.cdr.car : undefined;
  const spec = fn.interactive;
  if (spec !== null && spec !== undefined && !isInteractive(first) && !isInteractive(second)) {
    const form = isInteractive(spec) ? spec : new Cons(Q.interactive, spec === NIL ? NIL : new Cons(spec, NIL));
    if (typeof first === "string" && first === fn.doc && body instanceof Cons) {
      body = new Cons(first, new Cons(form, body.cdr));
    } else body = new Cons(form, body);
  }
  if (typeof fn.doc === "string" && !(body instanceof Cons && body.car === fn.doc)) {
    body = new Cons(fn.doc, body);
  }
  return body;
}

// ---------------------------------------------------------------------------
// Symbols

/** Would the reader take NAME for a number? (lread.c's string_to_number with base 10, whole string) */
export function looksLikeNumber(name: string): boolean {
  let i = 0;
  const n = name.length;
  if (name[i] === "+" || name[i] === "-") i++;
  const isDigit = (k: number) => k < n && name.charCodeAt(k) >= 48 && name.charCodeAt(k) <= 57;
  let leadInt = false;
  let trailInt = false;
  let eExp = false;
  if (isDigit(i)) {
    leadInt = true;
    while (isDigit(i)) i++;
  }
  if (name[i] === ".") i++;
  if (isDigit(i)) {
    trailInt = true;
    while (isDigit(i)) i++;
  }
  if (name[i] === "e" || name[i] === "E") {
    const save = i;
    i++;
    const signed = name[i] === "+" || name[i] === "-";
    if (signed) i++;
    if (isDigit(i)) {
      eExp = true;
      while (isDigit(i)) i++;
    } else if (name[i - 1] === "+" && (name.startsWith("INF", i) || name.startsWith("NaN", i))) {
      eExp = true;
      i += 3;
    } else i = save;
  }
  const floatSyntax = trailInt || (leadInt && eExp);
  if (!floatSyntax && !leadInt) return false;
  return i === n;
}

function symbolCharNeedsEscape(c: number): boolean {
  switch (c) {
    case 34: // "
    case 92: // \
    case 39: // '
    case 59: // ;
    case 35: // #
    case 40: // (
    case 41: // )
    case 44: // ,
    case 46: // .
    case 96: // `
    case 91: // [
    case 93: // ]
    case 63: // ?
    case 0xa0: // no-break space
      return true;
  }
  return c <= 32;
}

/** A symbol name with the backslashes prin1 puts in so that it reads back as the same symbol. */
export function escapeSymbolName(name: string): string {
  const first = name.charCodeAt(0);
  const signed = first === 43 || first === 45;
  const c1 = name.charCodeAt(signed ? 1 : 0);
  let confusing = ((c1 >= 48 && c1 <= 57) || c1 === 46) && looksLikeNumber(name);
  let out = "";
  let plainFrom = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (confusing || symbolCharNeedsEscape(c)) {
      out += name.slice(plainFrom, i) + "\\";
      plainFrom = i;
      confusing = false;
    }
  }
  return plainFrom === 0 && out === "" ? name : out + name.slice(plainFrom);
}

// ---------------------------------------------------------------------------
// Hash tables

const DEFAULT_HASH_SIZE = 65;

/**
 * The size Emacs 28 would report for H: the requested size (default 65),
 * grown by the rehash size 1.5 until the entries fit.
 */
export function hashTableSize(h: LispHashTable): number {
  let size = h.sizeHint > 0 ? h.sizeHint : DEFAULT_HASH_SIZE;
  const count = h.count;
  while (size < count) {
    const next = Math.floor(size * 1.5);
    size = next > size ? next : size + 1;
  }
  return size;
}

// ---------------------------------------------------------------------------
// Floats

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

/** Is the sign bit of X set? (true for -0.0 and negative NaNs) */
export function signBit(x: number): boolean {
  f64[0] = x;
  return (u32[HI] & 0x80000000) !== 0;
}

/** A finite double as num * 2^exp exactly. */
export function floatRational(v: number): { num: bigint; exp: number } {
  if (v === 0) return { num: 0n, exp: 0 };
  f64[0] = v;
  const hi = u32[HI];
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(u32[LO] >>> 0);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  if (hi >>> 31) mant = -mant;
  return { num: mant, exp };
}

/** The payload Emacs prints in `N.0e+NaN`: the significand bits below the quiet bit. */
function nanPayload(x: number): bigint {
  f64[0] = x;
  return (BigInt(u32[HI] & 0x7ffff) << 32n) | BigInt(u32[LO] >>> 0);
}

const DBL_MIN = 2.2250738585072014e-308;
const DBL_DIG = 15;

/**
 * float_to_string: how Emacs prints a float. With FORMAT (the value of
 * float-output-format) a string of the form "%.N[efg]", that; otherwise the
 * shortest `%.Ng` (N from 15 up) that reads back as the same number; then
 * `.0` is added when the result would read as an integer.
 */
export function floatToString(x: number, format: L = val(Vfloat_output_format)): string {
  if (x !== x) return (signBit(x) ? "-" : "") + nanPayload(x).toString() + ".0e+NaN";
  if (x === Infinity) return "1.0e+INF";
  if (x === -Infinity) return "-1.0e+INF";
  let s: string | null = null;
  let width = 1;
  if (typeof format === "string") {
    const m = /^%\.(\d*)([efg])$/.exec(format);
    if (m) {
      const digits = m[1];
      let ok = true;
      let prec = 0;
      if (digits !== "") {
        prec = 0;
        for (const d of digits) {
          prec = prec * 10 + (d.charCodeAt(0) - 48);
          if (prec > DBL_DIG) ok = false;
        }
        if (prec === 0 && m[2] !== "f") ok = false;
        width = prec;
      } else width = -1;
      if (ok) s = (signBit(x) ? "-" : "") + formatFloatMagnitude(Math.abs(x), m[2] as "e" | "f" | "g", prec, false);
    }
  }
  if (s === null) {
    s = shortestRoundTrip(x);
    width = 1;
  }
  if (width !== 0) {
    let i = 0;
    while (i < s.length && ((s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) || s[i] === "-")) i++;
    if (i === s.length) s += ".0";
    else if (s[i] === "." && i === s.length - 1) s += "0";
  }
  return s;
}

/** Emacs's dtoastr: the first of %.15g, %.16g, %.17g (from %.1g for subnormals) that round-trips. */
function shortestRoundTrip(x: number): string {
  if (x === 0) return signBit(x) ? "-0" : "0";
  const neg = x < 0;
  const ax = Math.abs(x);
  // The shortest digits that round-trip (JS guarantees this); no shorter
  // %.Ng can round-trip, and when they fit in 15 digits, %.15g gives them.
  const shortest = ax.toExponential();
  const ePos = shortest.indexOf("e");
  const mant = shortest.slice(0, ePos).replace(".", "");
  const exp = parseInt(shortest.slice(ePos + 1), 10);
  let body: string;
  if (ax >= DBL_MIN && mant.length <= DBL_DIG) {
    body = gLayout(mant, exp, DBL_DIG, false);
  } else {
    let prec = mant.length;
    if (ax >= DBL_MIN && prec < DBL_DIG) prec = DBL_DIG;
    for (;; prec++) {
      const r = significantDigits(ax, prec);
      const candidate = gLayout(r.d, r.p - 1, prec, false);
      if (Number(candidate) === ax || prec >= 17) {
        body = candidate;
        break;
      }
    }
  }
  return neg ? "-" + body : body;
}

/**
 * The exact decimal expansion of a positive finite double:
 * x = 0.D × 10^P, D without trailing zeros.
 */
export function exactDigits(ax: number): { d: string; p: number } {
  const { num: m, exp: e2 } = floatRational(ax);
  if (m === 0n) return { d: "0", p: 1 };
  let d: string;
  let p: number;
  if (e2 >= 0) {
    d = (m << BigInt(e2)).toString();
    p = d.length;
  } else {
    d = (m * 5n ** BigInt(-e2)).toString();
    p = d.length + e2;
  }
  let end = d.length;
  while (end > 1 && d.charCodeAt(end - 1) === 48) end--;
  return { d: d.slice(0, end), p };
}

/**
 * AX (positive, finite) rounded to N significant digits, half to even:
 * AX ≈ 0.D × 10^P. JS's toExponential rounds correctly except that it breaks
 * exact ties upwards; a tie shows as a final 5 one digit further, and only
 * then is the exact expansion consulted.
 */
export function significantDigits(ax: number, n: number): { d: string; p: number } {
  if (n <= 99) {
    const further = ax.toExponential(n);
    const e1 = further.indexOf("e");
    if (further.charCodeAt(e1 - 1) !== 53 /* 5 */) {
      const s = ax.toExponential(n - 1);
      const e = s.indexOf("e");
      const d = n === 1 ? s.slice(0, e) : s[0] + s.slice(2, e);
      return { d, p: parseInt(s.slice(e + 1), 10) + 1 };
    }
  }
  const { d, p } = exactDigits(ax);
  return roundSignificant(d, p, n);
}

/** Round 0.D × 10^P to N significant digits, half to even (as glibc's printf rounds). */
export function roundSignificant(d: string, p: number, n: number): { d: string; p: number } {
  if (d.length <= n) return { d: d.padEnd(n, "0"), p };
  const keep = d.slice(0, n);
  const next = d.charCodeAt(n) - 48;
  const up = next > 5 || (next === 5 && (d.length > n + 1 || (keep.charCodeAt(n - 1) - 48) % 2 === 1));
  if (!up) return { d: keep, p };
  const digits = keep.split("").map((c) => c.charCodeAt(0) - 48);
  let i = n - 1;
  while (i >= 0 && digits[i] === 9) {
    digits[i] = 0;
    i--;
  }
  if (i < 0) return { d: "1" + "0".repeat(n - 1), p: p + 1 };
  digits[i]++;
  return { d: digits.join(""), p };
}

/** %g layout of N significant digits DIGITS with decimal exponent X (value = D.DDD × 10^X). */
function gLayout(digits: string, x: number, prec: number, sharp: boolean): string {
  let d = digits;
  if (!sharp) {
    let end = d.length;
    while (end > 1 && d.charCodeAt(end - 1) === 48) end--;
    d = d.slice(0, end);
  }
  if (x < -4 || x >= prec) {
    let s = d[0];
    if (d.length > 1 || sharp) s += "." + d.slice(1);
    return s + expSuffix(x);
  }
  if (x >= 0) {
    const intPart = d.length > x + 1 ? d.slice(0, x + 1) : d.padEnd(x + 1, "0");
    const frac = d.length > x + 1 ? d.slice(x + 1) : "";
    return frac || sharp ? intPart + "." + frac : intPart;
  }
  return "0." + "0".repeat(-x - 1) + d;
}

function expSuffix(x: number): string {
  const a = Math.abs(x);
  return (x < 0 ? "e-" : "e+") + (a < 10 ? "0" + a : String(a));
}

/**
 * C printf's %e / %f / %g of a non-negative finite double, without sign,
 * width or padding. PREC is the precision (C's default is 6); SHARP is the
 * `#` flag.
 */
export function formatFloatMagnitude(ax: number, conv: "e" | "f" | "g", prec: number, sharp: boolean): string {
  if (conv === "f") {
    const digits = fixedDigits(ax, prec);
    if (prec === 0) return sharp ? digits + "." : digits;
    const padded = digits.padStart(prec + 1, "0");
    return padded.slice(0, padded.length - prec) + "." + padded.slice(padded.length - prec);
  }
  if (conv === "e") {
    if (ax === 0) {
      return "0" + (prec > 0 ? "." + "0".repeat(prec) : sharp ? "." : "") + "e+00";
    }
    const r = significantDigits(ax, prec + 1);
    let s = r.d[0];
    if (prec > 0 || sharp) s += "." + r.d.slice(1);
    return s + expSuffix(r.p - 1);
  }
  const P = prec === 0 ? 1 : prec;
  if (ax === 0) return gLayout("0".repeat(P), 0, P, sharp);
  const r = significantDigits(ax, P);
  return gLayout(r.d, r.p - 1, P, sharp);
}

/** The digits of round(ax × 10^prec), half to even, as a decimal integer string. */
function fixedDigits(ax: number, prec: number): string {
  if (ax === 0) return "0";
  if (ax < 1e21 && prec <= 99 && ax.toFixed(prec + 1).slice(-1) !== "5") {
    // toFixed is exact but for ties (which end in 5 one digit further).
    const s = ax.toFixed(prec).replace(".", "");
    let i = 0;
    while (i < s.length - 1 && s.charCodeAt(i) === 48) i++;
    return s.slice(i);
  }
  const { num: m, exp: e2 } = floatRational(ax);
  const scale = 10n ** BigInt(prec);
  if (e2 >= 0) return ((m << BigInt(e2)) * scale).toString();
  const num = m * scale;
  const k = BigInt(-e2);
  let q = num >> k;
  const r2 = (num - (q << k)) << 1n;
  const half = 1n << k;
  if (r2 > half || (r2 === half && (q & 1n) === 1n)) q += 1n;
  return q.toString();
}
