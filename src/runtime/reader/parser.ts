// From tokens to Lisp objects: a small recursive-descent reader driven by an
// explicit stack (deeply nested input cannot overflow the JS stack), with
// the error symbols and data of Emacs 28's lread.c.
import {
  BoolVector, Cons, L, LispRecord, NIL, Sym, T, UNBOUND, isInteger, listToArray, makeSymbol,
} from "../types.js";
import { intern, Q } from "../symbols.js";
import { LispSignal, signal, wrongType } from "../errors.js";
import { LispHashTable, Qeq, Qeql, Qequal } from "../hashtable.js";
import { K, kindByIdx, tokenize, type Token } from "./lexer.js";
import { parseNumber, parseRadixInteger, unescapeSymbol } from "./atoms.js";
import type { ScannedChar, ScannedString } from "./escapes.js";
import { endOfFileSignal, errorSignal, invalidSyntaxSignal, Qend_of_file, Qinvalid_read_syntax } from "./signals.js";

const Qload_file_name = intern("load-file-name");
const Qhash_table = intern("hash-table");
const Qsize = intern("size");
const Qtest = intern("test");
const Qweakness = intern("weakness");
const Qdata = intern("data");
const Qkey = intern("key");
const Qvalue = intern("value");
const Qkey_or_value = intern("key-or-value");
const Qkey_and_value = intern("key-and-value");

/** What `#[...]` becomes. Byte-code objects are not part of the core; a host may install a constructor. */
let byteCodeReader: (items: L[]) => L = () => {
  throw errorSignal("Byte-code objects are not supported");
};
export function setByteCodeReader(fn: (items: L[]) => L): void {
  byteCodeReader = fn;
}

// ---------------------------------------------------------------------------
// Positions

/** Line starts and column computation over one text, built on first use. */
export class LineIndex {
  private starts: number[] | null = null;
  // Memo for code point offsets: the last UTF-16 offset asked and its character index.
  private lastUnit = 0;
  private lastChar = 0;
  private readonly astral: boolean;
  constructor(public readonly text: string) {
    this.astral = /[\uD800-\uDFFF]/.test(text);
  }
  private lineStarts(): number[] {
    if (!this.starts) {
      const s = [0];
      const t = this.text;
      for (let i = t.indexOf("\n"); i >= 0; i = t.indexOf("\n", i + 1)) s.push(i + 1);
      this.starts = s;
    }
    return this.starts;
  }
  /** 1-based line of a UTF-16 offset. */
  line(unit: number): number {
    const s = this.lineStarts();
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= unit) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  /** 0-based column as Emacs's current-column counts it: characters, tabs to the next multiple of 8. */
  column(unit: number, line: number): number {
    const t = this.text;
    let col = 0;
    for (let i = this.lineStarts()[line - 1]; i < unit; i++) {
      const c = t.charCodeAt(i);
      if (c === 9) col = (col + 8) & ~7;
      else if (c < 0xdc00 || c > 0xdfff) col++; // a low surrogate belongs to the character before it
    }
    return col;
  }
  /** UTF-16 offset of a character (code point) index (clamped to the text). */
  unitIndex(ci: number): number {
    if (!this.astral) return Math.min(ci, this.text.length);
    let u = 0;
    let c = 0;
    if (ci >= this.lastChar) {
      u = this.lastUnit;
      c = this.lastChar;
    }
    const t = this.text;
    while (c < ci && u < t.length) {
      const code = t.charCodeAt(u);
      u += code >= 0xd800 && code <= 0xdbff && u + 1 < t.length ? 2 : 1;
      c++;
    }
    this.lastUnit = u;
    this.lastChar = c;
    return u;
  }

  /** Character (code point) index of a UTF-16 offset. */
  charIndex(unit: number): number {
    if (!this.astral) return unit;
    let u = 0;
    let c = 0;
    if (unit >= this.lastUnit) {
      u = this.lastUnit;
      c = this.lastChar;
    }
    const t = this.text;
    while (u < unit) {
      const code = t.charCodeAt(u);
      u += code >= 0xd800 && code <= 0xdbff && u + 1 < t.length ? 2 : 1;
      c++;
    }
    this.lastUnit = unit;
    this.lastChar = c;
    return c;
  }
}

/**
 * Where a form starts. `line` is 1-based; `col` is 0-based, counted as
 * Emacs's `current-column` does (characters, tabs advancing to multiples of 8);
 * `offset` is the character (code point) index in the text.
 * formatLocation renders "FILE:LINE:COL" with a 1-based column, as Emacs 28's
 * byte compiler writes its messages (`foo.el:3:5:`).
 */
export interface SourcePos {
  file?: string;
  line: number;
  col: number;
  offset: number;
}

export function formatLocation(pos: { file?: string; line: number; col: number }): string {
  return `${pos.file ? pos.file + ":" : ""}${pos.line}:${pos.col + 1}`;
}

// ---------------------------------------------------------------------------
// The reader state

export interface ReaderOptions {
  file?: string;
  /** Reading a buffer or file: invalid-read-syntax data gets LINE and COLUMN, as Emacs 28 adds them. */
  lineColumnData?: boolean;
  /** Paren recovery for pasted text (see readTopLevel). */
  recover?: boolean;
  onWarning?: (msg: string) => void;
}

const enum F {
  List,
  Vector,
  Prefix,
  HashS,
  HashParen,
  HashBracket,
  Label,
  BoolVecLength,
}

class Frame {
  head: Cons | null = null;
  last: Cons | null = null;
  items: L[] | null = null;
  /** Lists: 0 before a dot, 1 after the dot, 2 once the tail is read. */
  dot = 0;
  tail: L = NIL;
  /** Prefix frames: the symbol to wrap with. */
  sym: Sym | null = null;
  /** Label frames: the placeholder and the number. */
  placeholder: Cons | null = null;
  label = 0;
  constructor(
    public readonly kind: F,
    /** UTF-16 offset of the opening token in the text. */
    public readonly at: number,
  ) {}
}

export interface ChunkState {
  toks: Token[];
  base: number;
  next: number;
  lexErrors: number[];
}

/** Text is tokenized in chunks of at least this many UTF-16 units, cut before a `(` at column 0. */
const CHUNK = 16384;

/**
 * Reads objects from text[start, limit). The text is tokenized lazily, a
 * chunk at a time, each chunk ending just before a `(` at the start of a
 * line: that `(` is a delimiter for every token, so the cut never changes
 * how the text before it is tokenized. A chunk whose last token runs into the
 * cut (an unterminated string, a `#@` skip) is tokenized again, larger.
 */
export class Reader {
  /** Tokens of the current chunk. */
  toks: Token[] = [];
  n = 0;
  /** Index of the next token in the current chunk. */
  i = 0;
  /** UTF-16 offset of the current chunk in the text. */
  base: number;
  /** Where the next chunk starts. */
  private next: number;
  private lexErrors: number[] = [];
  /** UTF-16 offset just after the last token consumed. */
  lastEnd: number;
  private labels = new Map<number, L>();
  readonly lines: LineIndex;
  constructor(
    readonly text: string,
    start: number,
    readonly limit: number,
    readonly opts: ReaderOptions = {},
    lines?: LineIndex,
  ) {
    this.base = start;
    this.next = start;
    this.lastEnd = start;
    this.lines = lines ?? new LineIndex(text);
  }

  /** Load the next chunk. False at the end of the input. */
  private advance(): boolean {
    const text = this.text;
    const limit = this.limit;
    if (this.next >= limit) return false;
    let size = CHUNK;
    for (;;) {
      let cut = limit;
      if (this.next + size < limit) {
        const nl = text.indexOf("\n(", this.next + size);
        if (nl >= 0 && nl + 1 < limit) cut = nl + 1;
      }
      const chunk = this.next === 0 && cut === text.length ? text : text.slice(this.next, cut);
      const r = tokenize(chunk);
      if (cut < limit && runsIntoCut(r.tokens, chunk.length)) {
        size *= 4;
        continue;
      }
      this.toks = r.tokens;
      this.n = r.tokens.length;
      this.i = 0;
      this.base = this.next;
      for (const e of r.errorOffsets) this.lexErrors.push(this.base + e);
      this.next = cut;
      return true;
    }
  }

  /** The current chunk, to resume reading later from a token boundary in it (see readFromString's cache). */
  chunkState(): ChunkState {
    return { toks: this.toks, base: this.base, next: this.next, lexErrors: this.lexErrors };
  }

  /** Continue in a chunk saved by chunkState, at token index i. */
  resume(c: ChunkState, i: number): void {
    this.toks = c.toks;
    this.n = c.toks.length;
    this.base = c.base;
    this.next = c.next;
    this.lexErrors = c.lexErrors.slice();
    this.i = i;
    this.lastEnd = i > 0 ? c.base + c.toks[i - 1].startOffset + c.toks[i - 1].image.length : c.base;
  }

  /** Kind of the next token (loading chunks and passing over `#@` skips), or 0 at the end. */
  peek(): number {
    for (;;) {
      if (this.i >= this.n && !this.advance()) return 0;
      if (this.i >= this.n) continue;
      const k = kindByIdx[this.toks[this.i].tokenTypeIdx];
      if (k !== K.Skip) return k;
      this.i++;
    }
  }

  /** Offset of the next token (call after peek). */
  peekOffset(): number {
    return this.i < this.n ? this.base + this.toks[this.i].startOffset : this.limit;
  }

  atEnd(): boolean {
    return this.peek() === 0;
  }

  /** Skip the next token (call after peek). */
  skipToken(): void {
    const t = this.toks[this.i++];
    this.lastEnd = this.base + t.startOffset + t.image.length;
  }

  pos(unit: number): SourcePos {
    const line = this.lines.line(unit);
    return { file: this.opts.file, line, col: this.lines.column(unit, line), offset: this.lines.charIndex(unit) };
  }

  /** Attach the location (and, reading a file, line and column data) to a reader error. */
  located(sig: LispSignal, unit: number): LispSignal {
    const p = this.pos(unit);
    let out = sig;
    if (this.opts.lineColumnData && sig.symbol === Qinvalid_read_syntax && sig.data instanceof Cons) {
      out = new LispSignal(sig.symbol, new Cons(sig.data.car, new Cons(p.line, new Cons(p.col + 1, NIL))));
    }
    out.location = formatLocation(p);
    return out;
  }

  private fail(sig: LispSignal, at: number): never {
    throw this.located(sig, at);
  }
  private invalid(msg: string, at: number): never {
    throw this.located(invalidSyntaxSignal(msg), at);
  }

  /** Start a new top-level read: `#N=` labels are local to one call of `read`. */
  resetLabels(): void {
    if (this.labels.size) this.labels = new Map();
  }

  /** Is the character at `off` the first on its line? */
  atLineStart(off: number): boolean {
    return off === 0 || this.text.charCodeAt(off - 1) === 10;
  }

  /**
   * Reads one object. With recovery on, a `(` at column 0 while forms are
   * open closes them (the `(` is left for the next read), and so does the end
   * of input.
   */
  readObject(): L {
    const stack: Frame[] = [];
    const recover = this.opts.recover === true;
    for (;;) {
      const k = this.peek();
      if (k === 0) {
        if (this.lexErrors.length) this.lexError(this.lexErrors[0]);
        if (recover && countParens(stack) > 0) return this.recoverClose(stack, true);
        const at = stack.length ? stack[stack.length - 1].at : this.limit;
        throw this.located(endOfFileSignal(), at);
      }
      const t = this.toks[this.i];
      const at = this.base + t.startOffset;
      if (this.lexErrors.length && this.lexErrors[0] < at) this.lexError(this.lexErrors[0]);
      // (A quote or label waiting for its object takes the paren as that object.)
      if (
        k === K.LParen &&
        recover &&
        stack.length &&
        this.atLineStart(at) &&
        !awaitsObject(stack[stack.length - 1]) &&
        countParens(stack) > 0
      ) {
        return this.recoverClose(stack, false);
      }
      this.i++;
      this.lastEnd = at + t.image.length;
      let value: L;
      switch (k) {
        case K.Atom:
          value = this.atom(t.image, at);
          break;
        case K.LParen:
          stack.push(new Frame(F.List, at));
          continue;
        case K.RParen: {
          const top = stack.length ? stack[stack.length - 1] : null;
          if (top && (top.kind === F.List || top.kind === F.HashS || top.kind === F.HashParen)) {
            if (top.dot === 1) this.invalid(")", at);
            if (top.kind === F.HashParen && top.items === null) this.invalid("#", at);
            stack.pop();
            value = this.finishList(top, at);
            break;
          }
          if (top && (top.kind === F.Vector || top.kind === F.HashBracket)) this.invalid(") or . in a vector", at);
          this.invalid(")", at);
        }
        // falls through (unreachable)
        case K.RBracket: {
          const top = stack.length ? stack[stack.length - 1] : null;
          if (top && (top.kind === F.Vector || top.kind === F.HashBracket)) {
            stack.pop();
            value = this.finishVector(top, at);
            break;
          }
          if (top && (top.kind === F.List || top.kind === F.HashS || top.kind === F.HashParen)) {
            if (top.dot === 2) this.invalid(". in wrong context", at);
            if (top.dot === 0) this.invalid("] in a list", at);
          }
          this.invalid("]", at);
        }
        // falls through (unreachable)
        case K.Dot: {
          const top = stack.length ? stack[stack.length - 1] : null;
          if (top && (top.kind === F.List || top.kind === F.HashS)) {
            if (top.dot === 0) {
              top.dot = 1;
              continue;
            }
            if (top.dot === 2) this.invalid(". in wrong context", at);
          }
          if (top && (top.kind === F.Vector || top.kind === F.HashBracket)) this.invalid(") or . in a vector", at);
          if (top && top.kind === F.HashParen) this.invalid(top.items === null ? "#" : "Invalid string property list", at);
          this.invalid(".", at);
        }
        // falls through (unreachable)
        case K.LBracket:
          stack.push(new Frame(F.Vector, at));
          continue;
        case K.Quote:
          stack.push(prefix(Q.quote, at));
          continue;
        case K.HashQuote:
          stack.push(prefix(Q.function, at));
          continue;
        case K.Backquote:
          stack.push(prefix(Q.backquote, at));
          continue;
        case K.Comma:
          stack.push(prefix(Q.comma, at));
          continue;
        case K.CommaAt:
          stack.push(prefix(Q.commaAt, at));
          continue;
        case K.String: {
          const p = t.payload as ScannedString;
          if (p.error) this.fail(p.error, p.errorAt === undefined ? at : this.base + p.errorAt);
          value = p.value;
          break;
        }
        case K.Char: {
          const p = t.payload as ScannedChar;
          if (p.error) this.fail(p.error, at);
          value = p.value;
          break;
        }
        case K.HashS:
          stack.push(new Frame(F.HashS, at));
          continue;
        case K.HashParen:
          stack.push(new Frame(F.HashParen, at));
          continue;
        case K.HashBracket: {
          const f = new Frame(F.HashBracket, at);
          f.items = [];
          stack.push(f);
          continue;
        }
        case K.HashAmp:
          stack.push(new Frame(F.BoolVecLength, at));
          continue;
        case K.Label: {
          const f = new Frame(F.Label, at);
          f.label = Number(t.image.slice(1, -1));
          f.placeholder = new Cons(NIL, NIL);
          this.labels.set(f.label, f.placeholder);
          stack.push(f);
          continue;
        }
        case K.LabelRef: {
          const v = this.labels.get(Number(t.image.slice(1, -1)));
          if (v === undefined) this.invalid("#", at);
          value = v;
          break;
        }
        case K.HashSkipToEnd:
          value = NIL;
          break;
        case K.HashDollar: {
          const v = Qload_file_name.value;
          value = v === UNBOUND ? NIL : v;
          break;
        }
        case K.HashColon: {
          const name = unescapeSymbol(t.image.slice(2));
          if (name === null) this.fail(endOfFileSignal(), at);
          value = makeSymbol(name);
          break;
        }
        case K.HashUnderscore: {
          const name = unescapeSymbol(t.image.slice(2));
          if (name === null) this.fail(endOfFileSignal(), at);
          // `#_` with no name is an uninterned empty-named symbol, as `#:` is.
          value = name === "" ? makeSymbol("") : intern(name);
          break;
        }
        case K.HashHash:
          value = intern("");
          break;
        case K.Radix:
          value = this.radix(t.image, at);
          break;
        case K.HashCaret:
          this.fail(errorSignal("Char-table syntax is not supported"), at);
        // falls through (unreachable)
        default:
          this.invalid("#", at);
      }

      // Hand the finished object to the enclosing constructs.
      for (;;) {
        const top = stack.length ? stack[stack.length - 1] : null;
        if (top === null) return value;
        switch (top.kind) {
          case F.List:
          case F.HashS:
          case F.HashParen:
            if (top.dot === 0) {
              if (top.kind === F.HashParen && top.items === null) {
                if (typeof value !== "string") this.invalid("#", at);
                top.items = [value];
                break;
              }
              const c = new Cons(value, NIL);
              if (top.last) top.last.cdr = c;
              else top.head = c;
              top.last = c;
            } else if (top.dot === 1) {
              top.tail = value;
              top.dot = 2;
            } else this.invalid(". in wrong context", at);
            break;
          case F.Vector:
          case F.HashBracket:
            (top.items ??= []).push(value);
            break;
          case F.Prefix:
            stack.pop();
            value = new Cons(top.sym!, new Cons(value, NIL));
            continue;
          case F.Label:
            stack.pop();
            value = this.finishLabel(top, value);
            continue;
          case F.BoolVecLength:
            stack.pop();
            value = this.boolVector(top, value);
            continue;
        }
        break;
      }
    }
  }

  /** Signal the first lexical error, if any (at the end of input). */
  checkLexErrors(): void {
    if (this.lexErrors.length) this.lexError(this.lexErrors[0]);
  }

  private lexError(offset: number): never {
    const ch = String.fromCodePoint(this.text.codePointAt(offset) ?? 32);
    throw this.located(invalidSyntaxSignal(ch), offset);
  }

  private atom(image: string, at: number): L {
    const c = image.charCodeAt(0);
    if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
      const num = parseNumber(image);
      if (num !== undefined) return num;
    }
    if (image.indexOf("\\") < 0) return intern(image);
    const name = unescapeSymbol(image);
    if (name === null) this.fail(endOfFileSignal(), at);
    return intern(name);
  }

  private radix(image: string, at: number): L {
    const c = image[1];
    let radix: number;
    let digits: string;
    if (c === "x" || c === "X") (radix = 16), (digits = image.slice(2));
    else if (c === "o" || c === "O") (radix = 8), (digits = image.slice(2));
    else if (c === "b" || c === "B") (radix = 2), (digits = image.slice(2));
    else {
      const r = image.search(/[rR]/);
      radix = Number(image.slice(1, r));
      digits = image.slice(r + 1);
    }
    const v = radix >= 2 && radix <= 36 ? parseRadixInteger(digits, radix) : undefined;
    if (v === undefined) this.invalid(`integer, radix ${radix}`, at);
    return v;
  }

  private finishList(f: Frame, closeAt: number): L {
    let v: L;
    if (f.head) {
      if (f.dot === 2) f.last!.cdr = f.tail;
      v = f.head;
    } else v = f.dot === 2 ? f.tail : NIL;
    if (f.kind === F.List) return v;
    if (f.kind === F.HashParen) {
      // #("string" START END PLIST ...): text properties are not kept.
      let n = 0;
      for (let p = v; p instanceof Cons; p = p.cdr) n++;
      if (n % 3 !== 0) this.invalid("Invalid string property list", closeAt);
      return f.items![0];
    }
    return this.hashS(v, f.at);
  }

  private finishVector(f: Frame, closeAt: number): L {
    const items = f.items ?? [];
    if (f.kind === F.Vector) return items;
    if (items.length < 4) this.invalid("Invalid byte-code object", closeAt);
    try {
      return byteCodeReader(items);
    } catch (e) {
      if (e instanceof LispSignal) throw this.located(e, f.at);
      throw e;
    }
  }

  /** `#s(hash-table ...)` or a record `#s(TYPE SLOTS...)`. */
  private hashS(v: L, at: number): L {
    try {
      if (!(v instanceof Cons) || v.car !== Qhash_table) {
        const slots = listToArray(v);
        let tail = v;
        while (tail instanceof Cons) tail = tail.cdr;
        if (tail !== NIL) wrongType("listp", tail);
        if (slots.length === 0) wrongType("wholenump", -1);
        return new LispRecord(slots);
      }
      const params = v.cdr;
      const size = plistGet(params, Qsize);
      const test = plistGet(params, Qtest);
      const weakness = plistGet(params, Qweakness);
      let data = plistGet(params, Qdata);
      if (size !== NIL && !(isInteger(size) && size >= 0)) {
        signal("error", new Cons("Invalid hash table size", new Cons(size, NIL)));
      }
      let testSym: Sym = Qeql;
      if (test !== NIL) {
        if (test === Qeq || test === Qeql || test === Qequal) testSym = test as Sym;
        else signal("error", new Cons("Invalid hash table test", new Cons(test, NIL)));
      }
      if (
        weakness !== NIL &&
        weakness !== T &&
        weakness !== Qkey &&
        weakness !== Qvalue &&
        weakness !== Qkey_or_value &&
        weakness !== Qkey_and_value
      ) {
        signal("error", new Cons("Invalid hash table weakness", new Cons(weakness, NIL)));
      }
      const h = new LispHashTable(
        testSym,
        null,
        weakness === T ? Qkey_and_value : weakness,
        size === NIL ? 65 : Number(size),
      );
      let last: L = data;
      while (data instanceof Cons) {
        const key = data.car;
        data = data.cdr;
        if (!(data instanceof Cons)) break;
        h.put(key, data.car);
        last = data = data.cdr;
      }
      if (last !== NIL) signal("error", new Cons("Hash table data is not a list of even length", NIL));
      return h;
    } catch (e) {
      if (e instanceof LispSignal) throw this.located(e, at);
      throw e;
    }
  }

  private finishLabel(f: Frame, value: L): L {
    const ph = f.placeholder!;
    if (value instanceof Cons) {
      // The placeholder cons becomes the object, so references to it are already right.
      ph.car = value.car;
      ph.cdr = value.cdr;
      return ph;
    }
    if (!(value instanceof Sym || typeof value === "number" || typeof value === "bigint" || typeof value === "string")) {
      substitute(value, ph, value, new Set());
    }
    this.labels.set(f.label, value);
    return value;
  }

  /** `#&N"BITS"`: the string must follow the length immediately. */
  private boolVector(f: Frame, length: L): L {
    const k = this.peek();
    if (!(typeof length === "number" && length >= 0) || k !== K.String || this.peekOffset() !== this.lastEnd) {
      this.invalid("#&...", f.at);
    }
    const t = this.toks[this.i];
    const p = t.payload as ScannedString;
    if (p.error) this.fail(p.error, this.peekOffset());
    const bytes = p.value;
    const nbytes = Math.ceil(length / 8);
    // Multibyte strings are refused; any literal non-ASCII character makes a string multibyte.
    const multibyte = /[^\x00-\x7f]/.test(t.image) || /[^\x00-\xff]/.test(bytes);
    if (multibyte || (bytes.length !== nbytes && !(length === (bytes.length - 1) * 8))) this.invalid("#&...", f.at);
    const bits: boolean[] = new Array(length);
    for (let b = 0; b < length; b++) bits[b] = ((bytes.charCodeAt(b >> 3) >> (b & 7)) & 1) === 1;
    this.skipToken();
    return new BoolVector(bits);
  }

  /**
   * Recovery: close every open construct, innermost first, as if the right
   * closing brackets had been there, and report it.
   */
  private recoverClose(stack: Frame[], atEof: boolean): L {
    const parens = countParens(stack);
    const where = this.pos(atEof ? stack[0].at : this.peekOffset());
    const file = this.opts.file ? this.opts.file + ":" : "";
    this.opts.onWarning?.(
      atEof
        ? `${file}${where.line}: warning: ${parens} unclosed paren(s) at end of input; closed`
        : `${file}${where.line}: warning: ${parens} unclosed paren(s) before this top-level form; closed`,
    );
    const closeAt = atEof ? this.limit : this.peekOffset();
    let value: L | undefined = undefined;
    while (stack.length) {
      const f = stack.pop()!;
      switch (f.kind) {
        case F.List:
        case F.HashS:
        case F.HashParen:
          if (value !== undefined) {
            if (f.kind === F.HashParen && f.items === null) f.items = [value];
            else if (f.dot === 1) (f.tail = value), (f.dot = 2);
            else if (f.dot === 0) {
              const c = new Cons(value, NIL);
              if (f.last) f.last.cdr = c;
              else f.head = c;
              f.last = c;
            }
          }
          if (f.kind === F.HashParen && f.items === null) value = "";
          else value = this.finishList(f, closeAt);
          break;
        case F.Vector:
        case F.HashBracket:
          if (value !== undefined) (f.items ??= []).push(value);
          value = this.finishVector(f, closeAt);
          break;
        case F.Prefix:
          if (value !== undefined) value = new Cons(f.sym!, new Cons(value, NIL));
          break;
        case F.Label:
          if (value !== undefined) value = this.finishLabel(f, value);
          break;
        case F.BoolVecLength:
          value = undefined;
          break;
      }
    }
    return value ?? NIL;
  }
}

/** Does the last token run into the end of the chunk in a way that depends on what follows the cut? */
function runsIntoCut(tokens: Token[], len: number): boolean {
  const t = tokens.length ? tokens[tokens.length - 1] : undefined;
  if (!t || t.startOffset + t.image.length < len) return false;
  switch (kindByIdx[t.tokenTypeIdx]) {
    case K.String:
    case K.Char: {
      const e = t.payload?.error;
      return e !== null && e !== undefined && e.symbol === Qend_of_file;
    }
    case K.Skip:
      return !t.image.endsWith("\x1f");
    case K.HashSkipToEnd:
      return true;
  }
  return false;
}

function prefix(sym: Sym, at: number): Frame {
  const f = new Frame(F.Prefix, at);
  f.sym = sym;
  return f;
}

function awaitsObject(f: Frame): boolean {
  return f.kind === F.Prefix || f.kind === F.Label || f.kind === F.BoolVecLength;
}

function countParens(stack: Frame[]): number {
  let n = 0;
  for (const f of stack) if (f.kind !== F.Prefix && f.kind !== F.Label && f.kind !== F.BoolVecLength) n++;
  return n;
}

function plistGet(plist: L, prop: Sym): L {
  for (let p = plist; p instanceof Cons && p.cdr instanceof Cons; p = p.cdr.cdr) {
    if (p.car === prop) return p.cdr.car;
  }
  return NIL;
}

/** Replace the placeholder of a `#N=` label by the object throughout it (lread.c substitute_object_recurse). */
function substitute(obj: L, placeholder: Cons, real: L, seen: Set<object>): L {
  if (obj === placeholder) return real;
  if (obj instanceof Cons) {
    let c: L = obj;
    while (c instanceof Cons && !seen.has(c)) {
      seen.add(c);
      c.car = substitute(c.car, placeholder, real, seen);
      if (c.cdr === placeholder) {
        c.cdr = real;
        break;
      }
      c = c.cdr;
      if (!(c instanceof Cons)) break;
    }
    return obj;
  }
  const arr = Array.isArray(obj) ? obj : obj instanceof LispRecord ? obj.slots : null;
  if (arr && !seen.has(arr)) {
    seen.add(arr);
    for (let i = 0; i < arr.length; i++) arr[i] = substitute(arr[i], placeholder, real, seen);
  }
  return obj;
}
