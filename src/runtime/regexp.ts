// Emacs regular expressions (Emacs's regex-emacs.c), matched with identical
// results. A pattern is parsed with Emacs's own rules into a tree; when the
// tree has a JavaScript RegExp with the same semantics, that RegExp does the
// matching (compiled once per pattern, case folding and syntax table, and
// per "context" below); otherwise a backtracking engine that follows Emacs's
// matcher step by step does (back references, groups inside repetitions
// that may be left unset, repetitions of possibly empty expressions, \=).
//
// Subjects are JS strings searched from a UTF-16 index; every RegExp uses the
// `u` flag so that a character is a code point. Buffers hand in only the text
// of the region searched: the character just before it is the "context" that
// ^, \b, \< and friends look at, and the translation specialises those
// assertions on it, so no buffer has to be flattened to search part of it.
import { L, list, stringChars } from "./types.js";
import { intern } from "./symbols.js";
import { LispSignal } from "./errors.js";
import { pollInterrupt } from "./eval.js";
import {
  CLASS_RANGES, SYNTAX_CHARS, STANDARD_SYNTAX_RUNS, ELISP_SYNTAX_ASCII, CANON_PAIRS, CASE_TRIPLES,
} from "./regexp-tables.js";

const MAXCHAR = 0x10ffff;

// ---------------------------------------------------------------------------
// Range sets: sorted, disjoint, non-adjacent [lo, hi, lo, hi, ...] (inclusive).

export type RangeSet = number[];

function normalize(pairs: number[]): RangeSet {
  const idx: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i] <= pairs[i + 1]) idx.push(i);
  idx.sort((a, b) => pairs[a] - pairs[b]);
  const out: number[] = [];
  for (const i of idx) {
    const lo = pairs[i], hi = pairs[i + 1];
    const n = out.length;
    if (n && lo <= out[n - 1] + 1) {
      if (hi > out[n - 1]) out[n - 1] = hi;
    } else out.push(lo, hi);
  }
  return out;
}

function union(...sets: RangeSet[]): RangeSet {
  const all: number[] = [];
  for (const s of sets) for (const x of s) all.push(x);
  return normalize(all);
}

function complement(s: RangeSet): RangeSet {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < s.length; i += 2) {
    if (s[i] > next) out.push(next, s[i] - 1);
    next = s[i + 1] + 1;
  }
  if (next <= MAXCHAR) out.push(next, MAXCHAR);
  return out;
}

function intersect(a: RangeSet, b: RangeSet): RangeSet {
  return complement(union(complement(a), complement(b)));
}

export function rangeHas(s: RangeSet, c: number): boolean {
  let lo = 0, hi = (s.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c < s[2 * mid]) hi = mid - 1;
    else if (c > s[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** S with each of POINTS forced in or out of the set according to KEEP. */
function forcePoints(s: RangeSet, points: number[], keep: (c: number) => boolean): RangeSet {
  const out: number[] = [];
  const sortedPts = points.slice().sort((a, b) => a - b);
  // Remove all points, then add back those kept.
  let j = 0;
  for (let i = 0; i < s.length; i += 2) {
    let lo = s[i];
    const hi = s[i + 1];
    while (j < sortedPts.length && sortedPts[j] < lo) j++;
    let k = j;
    while (k < sortedPts.length && sortedPts[k] <= hi) {
      if (sortedPts[k] > lo) out.push(lo, sortedPts[k] - 1);
      lo = sortedPts[k] + 1;
      k++;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  for (const p of sortedPts) if (keep(p)) out.push(p, p);
  return normalize(out);
}

function decodeRanges(enc: string): RangeSet {
  const parts = enc.split(",");
  const out: number[] = [];
  let prev = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const lo = prev + parseInt(parts[i], 36);
    const hi = lo + parseInt(parts[i + 1], 36);
    out.push(lo, hi);
    prev = hi;
  }
  return normalize(out);
}

// ---------------------------------------------------------------------------
// Tables from Emacs 28 (decoded on first use).

let staticClasses: Record<string, RangeSet> | null = null;
function classTable(name: string): RangeSet {
  if (!staticClasses) {
    staticClasses = {};
    for (const [k, v] of Object.entries(CLASS_RANGES)) staticClasses[k] = decodeRanges(v);
    staticClasses.digit = [48, 57];
    staticClasses.xdigit = normalize([48, 57, 65, 70, 97, 102]);
    staticClasses.cntrl = [0, 31];
    staticClasses.ascii = [0, 127];
    staticClasses.unibyte = [0, 127];
    staticClasses.nonascii = [128, MAXCHAR];
    staticClasses.multibyte = [128, MAXCHAR];
  }
  return staticClasses[name];
}

/** Syntax classes, as Emacs numbers them (syntax.h). */
export const enum Syn {
  Whitespace = 0, Punct, Word, Symbol, Open, Close, Quote, String, Math, Escape, Charquote,
  Comment, Endcomment, Inherit, CommentFence, StringFence,
}
// SYNTAX_CHARS order: " .w_()'\"$\\/<>!|"
const TABLE_CODE_TO_SYN = [
  Syn.Whitespace, Syn.Punct, Syn.Word, Syn.Symbol, Syn.Open, Syn.Close, Syn.Quote, Syn.String, Syn.Math,
  Syn.Escape, Syn.Charquote, Syn.Comment, Syn.Endcomment, Syn.CommentFence, Syn.StringFence,
];

/**
 * A syntax table: the class of every character. Emacs's own tables are built
 * from the dumped data (runs); tables made by Lisp inherit from a parent and
 * record their modify-syntax-entry ranges. Sets of characters per class are
 * computed on demand, and recomputed after any table changes (tables are
 * rarely modified, so one global generation is enough).
 */
export class SyntaxTable {
  /** Bumped by every modification of any table: derived sets and compiled regexps are then stale. */
  static generation = 0;
  /** Run starts and classes over 0..MAXCHAR (Emacs's own tables). */
  private starts: number[] | null = null;
  private codes: number[] = [];
  private ascii: Int8Array | null = null;
  /** modify-syntax-entry ranges, in order: lo, hi, class (Syn.Inherit: back to the parent's). */
  private overrides: number[] = [];
  private sets = new Map<number, RangeSet>();
  private setsGeneration = -1;
  constructor(public readonly id: string, runs: string | null, asciiOverride: string | null, public parent: SyntaxTable | null = null) {
    if (runs === null) return;
    this.starts = [];
    const parts = runs.split(",");
    let c = 0;
    for (let i = 0; i < parts.length; i += 2) {
      const len = parseInt(parts[i], 36);
      const code = parts[i + 1] === "z" ? Syn.Punct : TABLE_CODE_TO_SYN[parseInt(parts[i + 1], 36)];
      this.starts.push(c);
      this.codes.push(code);
      c += len;
    }
    this.ascii = new Int8Array(128);
    for (let a = 0; a < 128; a++) this.ascii[a] = this.lookup(a);
    if (asciiOverride) {
      for (let a = 0; a < 128; a++) {
        const ch = asciiOverride[a];
        this.ascii[a] = ch === "z" ? Syn.Punct : TABLE_CODE_TO_SYN[parseInt(ch, 36)];
      }
    }
  }
  private lookup(c: number): number {
    const starts = this.starts!;
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= c) lo = mid;
      else hi = mid - 1;
    }
    return this.codes[lo];
  }
  /** The class of C without this table's own modifications. */
  private baseSyntax(c: number): number {
    if (this.ascii) {
      if (c < 128) return this.ascii[c];
      if (c > MAXCHAR) return Syn.Word;
      return this.lookup(c);
    }
    return this.parent ? this.parent.syntax(c) : Syn.Whitespace;
  }
  /** Emacs's SYNTAX (c). */
  syntax(c: number): number {
    const o = this.overrides;
    for (let i = o.length - 3; i >= 0; i -= 3) {
      if (c >= o[i] && c <= o[i + 1]) {
        if (o[i + 2] === Syn.Inherit) break;
        return o[i + 2];
      }
    }
    return this.baseSyntax(c);
  }
  private baseSet(code: number): RangeSet {
    if (!this.ascii) return this.parent ? this.parent.set(code) : code === Syn.Whitespace ? [0, MAXCHAR] : [];
    const pairs: number[] = [];
    for (let a = 0; a < 128; a++) if (this.ascii[a] === code) pairs.push(a, a);
    const starts = this.starts!;
    for (let i = 0; i < starts.length; i++) {
      if (this.codes[i] !== code) continue;
      const lo = Math.max(128, starts[i]);
      const hi = (i + 1 < starts.length ? starts[i + 1] : MAXCHAR + 1) - 1;
      if (lo <= hi) pairs.push(lo, hi);
    }
    return normalize(pairs);
  }
  /** Characters of syntax class CODE. */
  set(code: number): RangeSet {
    if (this.setsGeneration !== SyntaxTable.generation) {
      this.sets.clear();
      this.setsGeneration = SyntaxTable.generation;
    }
    let s = this.sets.get(code);
    if (!s) {
      const base = this.baseSet(code);
      s = base;
      const o = this.overrides;
      for (let i = 0; i < o.length; i += 3) {
        const range = [o[i], o[i + 1]];
        const without = intersect(s, complement(range));
        if (o[i + 2] === code) s = union(without, range);
        else if (o[i + 2] === Syn.Inherit) s = union(without, intersect(base, range));
        else s = without;
      }
      this.sets.set(code, s);
    }
    return s;
  }
  /** Word or symbol constituents. */
  wordOrSymbol(): RangeSet {
    return union(this.set(Syn.Word), this.set(Syn.Symbol));
  }
  /** modify-syntax-entry: characters LO..HI get class CODE. */
  modify(lo: number, hi: number, code: number): void {
    this.overrides.push(lo, hi, code);
    SyntaxTable.generation++;
  }
  /** copy-syntax-table: the same entries (and parent), modified independently. */
  copy(id: string): SyntaxTable {
    const t = new SyntaxTable(id, null, null, this.parent);
    t.starts = this.starts;
    t.codes = this.codes;
    t.ascii = this.ascii;
    t.overrides = this.overrides.slice();
    return t;
  }
}

let stdTable: SyntaxTable | null = null;
let elispTable: SyntaxTable | null = null;
/** Emacs's standard syntax table (fundamental mode). */
export function standardSyntaxTable(): SyntaxTable {
  return (stdTable ??= new SyntaxTable("standard", STANDARD_SYNTAX_RUNS, null));
}
/** emacs-lisp-mode's syntax table (the *scratch* buffer's, as in `emacs --batch`). */
export function elispSyntaxTable(): SyntaxTable {
  return (elispTable ??= new SyntaxTable("elisp", STANDARD_SYNTAX_RUNS, ELISP_SYNTAX_ASCII));
}

/** Syntax designator character -> class (syntax.c's syntax_spec_code), or -1. */
export function syntaxSpecCode(c: number): number {
  switch (c) {
    case 32: case 45: return Syn.Whitespace; // ' ' '-'
    case 46: return Syn.Punct; // .
    case 119: return Syn.Word; // w
    case 95: return Syn.Symbol; // _
    case 40: return Syn.Open;
    case 41: return Syn.Close;
    case 39: return Syn.Quote;
    case 34: return Syn.String;
    case 36: return Syn.Math;
    case 92: return Syn.Escape;
    case 47: return Syn.Charquote;
    case 60: return Syn.Comment;
    case 62: return Syn.Endcomment;
    case 64: return Syn.Inherit;
    case 33: return Syn.CommentFence;
    case 124: return Syn.StringFence;
  }
  return -1;
}
/** Class -> its designator character (for char-syntax). */
export const SYNTAX_DESIGNATORS = " .w_()'\"$\\/<>@!|";
void SYNTAX_CHARS;

// Case canonicalisation (case-fold matching) and case mappings.
let canonMap: Map<number, number> | null = null;
let canonRev: Map<number, number[]> | null = null;
function canonTables(): void {
  if (canonMap) return;
  canonMap = new Map();
  canonRev = new Map();
  let prev = 0;
  for (const item of CANON_PAIRS.split(",")) {
    const [a, b] = item.split(":");
    const c = prev + parseInt(a, 36);
    const d = c + parseInt(b, 36);
    canonMap.set(c, d);
    prev = c;
  }
  for (const [c, d] of canonMap) {
    let l = canonRev.get(d);
    if (!l) canonRev.set(d, (l = []));
    l.push(c);
  }
}
/** Emacs's case canonicalisation of C (what case-fold matching compares). */
export function canon(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  canonTables();
  return canonMap!.get(c) ?? c;
}
function canonKeys(): number[] {
  canonTables();
  return [...canonMap!.keys()];
}

let caseMap: Map<number, [number, number]> | null = null;
/** Emacs 28's upcase / downcase of one character (the standard case table). */
export function emacsUpcase(c: number): number {
  if (c < 128) return c >= 97 && c <= 122 ? c - 32 : c;
  return caseEntry(c)?.[0] ?? c;
}
export function emacsDowncase(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  return caseEntry(c)?.[1] ?? c;
}
function caseEntry(c: number): [number, number] | undefined {
  if (!caseMap) {
    caseMap = new Map();
    let prev = 0;
    for (const item of CASE_TRIPLES.split(",")) {
      const [a, b, d] = item.split(":");
      const ch = prev + parseInt(a, 36);
      caseMap.set(ch, [ch + parseInt(b, 36), ch + parseInt(d, 36)]);
      prev = ch;
    }
  }
  return caseMap.get(c);
}

// ---------------------------------------------------------------------------
// Errors, with Emacs's messages.

const invalidRegexpSym = intern("invalid-regexp");
const ERR = {
  BADPAT: "Invalid regular expression",
  ECTYPE: "Invalid character class name",
  EESCAPE: "Trailing backslash",
  ESUBREG: "Invalid back reference",
  EBRACK: "Unmatched [ or [^",
  EPAREN: "Unmatched ( or \\(",
  EBRACE: "Unmatched \\{",
  BADBR: "Invalid content of \\{\\}",
  EEND: "Premature end of regular expression",
  ESIZE: "Regular expression too big",
  ERPAREN: "Unmatched ) or \\)",
} as const;
function fail(msg: string): never {
  throw new LispSignal(invalidRegexpSym, list(msg));
}
export function stackOverflow(): never {
  throw new LispSignal(intern("error"), list("Stack overflow in regexp matcher"));
}

// ---------------------------------------------------------------------------
// Syntax tree.

export type AssertKind =
  | "bol" | "eol" | "bob" | "eob" | "wordbound" | "notwordbound" | "wordbeg" | "wordend" | "symbeg" | "symend"
  | "point";

export type Node =
  | { k: "empty" }
  | { k: "exact"; chars: number[] }
  | { k: "any" }
  | { k: "set"; neg: boolean; ranges: number[]; classes: string[] }
  | { k: "syntax"; code: number; neg: boolean }
  | { k: "category"; cat: number; neg: boolean }
  | { k: "group"; n: number; body: Node }
  | { k: "star"; zero: boolean; many: boolean; greedy: boolean; body: Node }
  | { k: "interval"; min: number; max: number; body: Node }
  | { k: "backref"; n: number }
  | { k: "assert"; a: AssertKind }
  | { k: "seq"; items: Node[] }
  | { k: "alt"; alts: Node[] };

/**
 * The literal text every match of PATTERN starts with when PATTERN begins
 * with `^`, or "" when nothing is known (no `^`, or an invalid pattern, which
 * the real match will report). For callers that try many patterns against one
 * string and want to skip the hopeless ones without matching: a string that
 * does not start with the prefix cannot match, unless it holds a newline
 * (`^` matches after one too). Case-sensitive matching only.
 */
export function anchoredLiteralPrefix(pattern: string): string {
  let ast: Node;
  try {
    ast = parseRegexp(pattern).ast;
  } catch {
    return "";
  }
  const items = ast.k === "seq" ? ast.items : [ast];
  if (items.length === 0 || items[0].k !== "assert" || items[0].a !== "bol") return "";
  const out: number[] = [];
  // Appends NODE's text to OUT while it is plain text; false where the text stops being known.
  const literal = (node: Node): boolean => {
    switch (node.k) {
      case "empty":
        return true;
      case "exact":
        out.push(...node.chars);
        return true;
      case "group":
        return literal(node.body);
      case "seq":
        return node.items.every(literal);
      default:
        return false;
    }
  };
  items.slice(1).every(literal);
  return String.fromCodePoint(...out);
}

export const CLASS_NAMES = new Set([
  "alpha", "alnum", "upper", "lower", "digit", "xdigit", "space", "blank", "cntrl", "graph", "print", "punct",
  "word", "ascii", "nonascii", "multibyte", "unibyte",
]);
const RE_DUP_MAX = 0xffff;

interface Level {
  items: Node[];
  alts: Node[];
  laststart: number;
  pending: boolean;
  regnum: number;
}

function seqOf(items: Node[]): Node {
  return items.length === 1 ? items[0] : { k: "seq", items };
}

function finishLevel(lv: Level): Node {
  if (lv.alts.length === 0) return seqOf(lv.items);
  return { k: "alt", alts: [...lv.alts, seqOf(lv.items)] };
}

/** Does NODE compile to no code at all (Emacs's `laststart == b`)? */
function emitsNothing(n: Node): boolean {
  switch (n.k) {
    case "empty":
      return true;
    case "group":
      return n.n === 0 && emitsNothing(n.body);
    case "seq":
      return n.items.every(emitsNothing);
    default:
      return false;
  }
}

export interface Parsed {
  ast: Node;
  /** Emacs's re_nsub: the highest group number. */
  nsub: number;
  /** Groups opened by a plain \\( (what regexp-opt-depth counts). */
  plainGroups: number;
}

/** Parse an Emacs regexp as Emacs 28's regex_compile does (signals invalid-regexp). */
export function parseRegexp(source: string): Parsed {
  const P = stringChars(source);
  const n = P.length;
  let p = 0;
  let nsub = 0;
  let plainGroups = 0;
  const stack: Level[] = [];
  const open: number[] = [];
  let cur: Level = { items: [], alts: [], laststart: -1, pending: false, regnum: 0 };
  const isRep = (i: number) => i < n && (P[i] === 42 || P[i] === 43 || P[i] === 63);
  const push = (node: Node, setLast: boolean) => {
    cur.items.push(node);
    if (setLast) cur.laststart = cur.items.length - 1;
    cur.pending = false;
  };
  const normalChar = (c: number) => {
    const last = cur.items[cur.items.length - 1];
    if (!cur.pending || !last || last.k !== "exact" || isRep(p) || (p + 1 < n && P[p] === 92 && P[p + 1] === 123)) {
      cur.items.push({ k: "exact", chars: [c] });
      cur.laststart = cur.items.length - 1;
      cur.pending = true;
    } else {
      last.chars.push(c);
    }
  };
  const atBeglineLoc = (i: number): boolean => {
    // i is the index of '^'; there is at least one character before it.
    let prev = i - 1;
    const pc = P[prev];
    if (pc === 40 /* ( */ || pc === 124 /* | */) {
      // fall through to backslash counting
    } else if (pc === 58 /* : */) {
      while (prev > 0 && P[prev - 1] >= 48 && P[prev - 1] <= 57) prev--;
      if (!(prev > 1 && P[prev - 1] === 63 && P[prev - 2] === 40)) return false;
      prev -= 2;
    } else return false;
    let q = prev;
    while (q > 0 && P[q - 1] === 92) q--;
    return ((prev - q) & 1) === 1;
  };

  while (p < n) {
    const c = P[p++];
    switch (c) {
      case 94: // ^
        if (!(p === 1 || atBeglineLoc(p - 1))) {
          normalChar(c);
          break;
        }
        push({ k: "assert", a: "bol" }, false);
        break;
      case 36: // $
        if (!(p === n || (P[p] === 92 && p + 1 < n && (P[p + 1] === 41 || P[p + 1] === 124)))) {
          normalChar(c);
          break;
        }
        push({ k: "assert", a: "eol" }, true);
        break;
      case 43: // +
      case 63: // ?
      case 42: {
        // *
        if (cur.laststart < 0) {
          normalChar(c);
          break;
        }
        let zero = false, many = false, greedy = true;
        let ch: number = c;
        for (;;) {
          if (ch === 63 && (zero || many)) greedy = false;
          else {
            if (ch !== 43) zero = true;
            if (ch !== 63) many = true;
          }
          if (!isRep(p)) break;
          ch = P[p++];
        }
        const body = cur.items.splice(cur.laststart);
        const b = seqOf(body);
        if (body.length === 0 || emitsNothing(b)) {
          cur.items.push(...body);
        } else {
          cur.items.push({ k: "star", zero, many, greedy, body: b });
        }
        cur.pending = false;
        break;
      }
      case 46: // .
        push({ k: "any" }, true);
        break;
      case 91: {
        // [
        if (p === n) fail(ERR.EBRACK);
        const neg = P[p] === 94;
        if (neg) p++;
        const p1 = p;
        const ranges: number[] = [];
        const classes: string[] = [];
        for (;;) {
          if (p === n) fail(ERR.EBRACK);
          if (n - p >= 4 && P[p] === 91 && P[p + 1] === 58) {
            let k = -1;
            for (let i = p + 2; i + 1 < n; i++) {
              if (P[i] === 58 && P[i + 1] === 93) {
                k = i;
                break;
              }
            }
            if (k >= 0) {
              const name = String.fromCodePoint(...P.slice(p + 2, k));
              p = k + 2;
              if (!CLASS_NAMES.has(name)) fail(ERR.ECTYPE);
              if (p === n) fail(ERR.EBRACK);
              classes.push(name);
              continue;
            }
          }
          const p2 = p;
          const c0 = P[p++];
          if (c0 === 93 && p2 !== p1) break;
          let c1: number;
          if (p < n && P[p] === 45 && P[p + 1] !== 93) {
            p++;
            if (p === n) fail(ERR.EEND);
            c1 = P[p++];
          } else c1 = c0;
          if (c0 <= c1) ranges.push(c0, c1);
        }
        push({ k: "set", neg, ranges, classes }, true);
        break;
      }
      case 92: {
        // backslash
        if (p === n) fail(ERR.EESCAPE);
        const e = P[p++];
        switch (e) {
          case 40: {
            // \(
            let shy = false;
            let regnum = 0;
            if (p + 1 < n && P[p] === 63) {
              p++;
              while (!shy) {
                if (p === n) fail(ERR.EEND);
                const d = P[p++];
                if (d === 58) shy = true;
                else if (d >= 48 && d <= 57) {
                  if (d === 48 && regnum === 0) fail(ERR.BADPAT);
                  regnum = regnum * 10 + (d - 48);
                  if (regnum > 0x7fffffff) fail(ERR.ESIZE);
                } else fail(ERR.BADPAT);
              }
            }
            if (!shy && regnum === 0) plainGroups++;
            if (!shy) regnum = ++nsub;
            else if (regnum) {
              if (regnum > nsub) nsub = regnum;
              else if (open.includes(regnum)) fail(ERR.BADPAT);
            } else regnum = 0;
            stack.push(cur);
            open.push(regnum);
            cur = { items: [], alts: [], laststart: -1, pending: false, regnum };
            break;
          }
          case 41: {
            // \)
            if (stack.length === 0) fail(ERR.ERPAREN);
            const body = finishLevel(cur);
            const regnum = cur.regnum;
            cur = stack.pop()!;
            open.pop();
            push({ k: "group", n: regnum, body }, true);
            break;
          }
          case 124: // \|
            cur.alts.push(seqOf(cur.items));
            cur.items = [];
            cur.laststart = -1;
            cur.pending = false;
            break;
          case 123: {
            // \{
            const beg = p;
            let lower = 0;
            let upper = -1;
            let ch: number;
            const count = (start: number): number => {
              let num = start;
              if (p === n) fail(ERR.EBRACE);
              ch = P[p++];
              while (ch >= 48 && ch <= 57) {
                if (num < 0) num = 0;
                num = num * 10 + (ch - 48);
                if (num > RE_DUP_MAX) fail(ERR.BADBR);
                if (p === n) fail(ERR.EBRACE);
                ch = P[p++];
              }
              return num;
            };
            lower = count(0);
            if (ch! === 44) upper = count(-1);
            else upper = lower;
            if (lower < 0 || (upper >= 0 && upper < lower) || ch! !== 92) fail(ERR.BADBR);
            if (p === n) fail(ERR.EESCAPE);
            if (P[p++] !== 125) fail(ERR.BADBR);
            if (cur.laststart < 0) {
              p = beg;
              normalChar(123);
              break;
            }
            const body = cur.items.splice(cur.laststart);
            if (upper === 0) cur.items.push({ k: "empty" });
            else if (lower === 1 && upper === 1) cur.items.push(...body);
            else cur.items.push({ k: "interval", min: lower, max: upper, body: seqOf(body) });
            cur.pending = false;
            break;
          }
          case 61: // \=
            push({ k: "assert", a: "point" }, true);
            break;
          case 115: // \s
          case 83: {
            // \S
            if (p === n) fail(ERR.EEND);
            const d = P[p++];
            push({ k: "syntax", code: syntaxSpecCode(d), neg: e === 83 }, true);
            break;
          }
          case 99: // \c
          case 67: {
            // \C
            if (p === n) fail(ERR.EEND);
            const d = P[p++];
            push({ k: "category", cat: d, neg: e === 67 }, true);
            break;
          }
          case 119: // \w
            push({ k: "syntax", code: Syn.Word, neg: false }, true);
            break;
          case 87: // \W
            push({ k: "syntax", code: Syn.Word, neg: true }, true);
            break;
          case 60: // \<
            push({ k: "assert", a: "wordbeg" }, true);
            break;
          case 62: // \>
            push({ k: "assert", a: "wordend" }, true);
            break;
          case 95: {
            // \_
            if (p === n) fail(ERR.EEND);
            const d = P[p++];
            if (d === 60) push({ k: "assert", a: "symbeg" }, true);
            else if (d === 62) push({ k: "assert", a: "symend" }, true);
            else fail(ERR.BADPAT);
            break;
          }
          // In Emacs 28, \b \B \` \' leave `laststart` alone.
          case 98:
            push({ k: "assert", a: "wordbound" }, false);
            break;
          case 66:
            push({ k: "assert", a: "notwordbound" }, false);
            break;
          case 96:
            push({ k: "assert", a: "bob" }, false);
            break;
          case 39:
            push({ k: "assert", a: "eob" }, false);
            break;
          default:
            if (e >= 49 && e <= 57) {
              const reg = e - 48;
              if (reg > nsub || open.includes(reg)) fail(ERR.ESUBREG);
              push({ k: "backref", n: reg }, true);
            } else normalChar(e);
        }
        break;
      }
      default:
        normalChar(c);
    }
  }
  if (stack.length) fail(ERR.EPAREN);
  return { ast: finishLevel(cur), nsub, plainGroups };
}

// ---------------------------------------------------------------------------
// Analysis.

function nullable(n: Node): boolean {
  switch (n.k) {
    case "exact": return n.chars.length === 0;
    case "any": case "set": case "syntax": case "category": return false;
    case "group": return nullable(n.body);
    case "star": return n.zero || nullable(n.body);
    case "interval": return n.min === 0 || nullable(n.body);
    case "seq": return n.items.every(nullable);
    case "alt": return n.alts.some(nullable);
    default: return true; // empty, backref, assert
  }
}

/** Groups set by every successful match of N. */
function mandatoryGroups(n: Node, out: Set<number>): void {
  switch (n.k) {
    case "group":
      if (n.n > 0) out.add(n.n);
      mandatoryGroups(n.body, out);
      break;
    case "seq":
      for (const i of n.items) mandatoryGroups(i, out);
      break;
    case "alt": {
      let common = null as Set<number> | null;
      for (const a of n.alts) {
        const s = new Set<number>();
        mandatoryGroups(a, s);
        common = common ? new Set([...common].filter((x: number) => s.has(x))) : s;
      }
      for (const x of common ?? []) out.add(x);
      break;
    }
    case "star":
      if (!n.zero) mandatoryGroups(n.body, out);
      break;
    case "interval":
      if (n.min > 0) mandatoryGroups(n.body, out);
      break;
  }
}

function allGroups(n: Node, out: number[]): void {
  switch (n.k) {
    case "group":
      if (n.n > 0) out.push(n.n);
      allGroups(n.body, out);
      break;
    case "seq":
      for (const i of n.items) allGroups(i, out);
      break;
    case "alt":
      for (const a of n.alts) allGroups(a, out);
      break;
    case "star": case "interval":
      allGroups(n.body, out);
      break;
  }
}

interface Features {
  translatable: boolean;
  usesPoint: boolean;
  usesBol: boolean;
  usesBob: boolean;
  usesEol: boolean;
  usesWord: boolean;
  usesSymbol: boolean;
}

function analyze(ast: Node): Features {
  const f: Features = { translatable: true, usesPoint: false, usesBol: false, usesBob: false, usesEol: false, usesWord: false, usesSymbol: false };
  const groups: number[] = [];
  allGroups(ast, groups);
  if (new Set(groups).size !== groups.length) f.translatable = false;
  const walk = (n: Node) => {
    switch (n.k) {
      case "backref":
        f.translatable = false;
        break;
      case "assert":
        switch (n.a) {
          case "point": f.usesPoint = true; break;
          case "bol": f.usesBol = true; break;
          case "bob": case "wordbound": case "notwordbound": case "wordbeg": case "symbeg": f.usesBob = true; break;
          case "eol": case "eob": f.usesEol = true; break;
        }
        if (n.a === "wordbound" || n.a === "notwordbound" || n.a === "wordbeg" || n.a === "wordend") f.usesWord = true;
        if (n.a === "symbeg" || n.a === "symend") f.usesSymbol = true;
        break;
      case "group":
        walk(n.body);
        break;
      case "seq":
        n.items.forEach(walk);
        break;
      case "alt":
        n.alts.forEach(walk);
        break;
      case "star":
      case "interval": {
        if (nullable(n.body)) f.translatable = false;
        const inner: number[] = [];
        allGroups(n.body, inner);
        if (inner.length) {
          const mand = new Set<number>();
          mandatoryGroups(n.body, mand);
          if (inner.some((g) => !mand.has(g))) f.translatable = false;
        }
        walk(n.body);
        break;
      }
    }
  };
  walk(ast);
  return f;
}

// ---------------------------------------------------------------------------
// Character sets with Emacs's case-folding rules (regex-emacs.c's charset
// compilation and execute_charset), computed as the exact set of matching
// characters.

function isClass(name: string, c: number, syn: SyntaxTable): boolean {
  switch (name) {
    case "space": return syn.syntax(c) === Syn.Whitespace;
    case "word": return syn.syntax(c) === Syn.Word;
    case "punct":
      if (c < 128) return c > 32 && c < 127 && !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122));
      return syn.syntax(c) !== Syn.Word;
    default: return rangeHas(classTable(name), c);
  }
}

function classSetNonAscii(name: string, syn: SyntaxTable, fold: boolean): RangeSet {
  switch (name) {
    case "space": return syn.set(Syn.Whitespace);
    case "word": return syn.set(Syn.Word);
    case "punct": return complement(syn.set(Syn.Word));
    case "upper": return fold ? union(classTable("upper"), classTable("lower")) : classTable("upper");
    case "lower": return fold ? union(classTable("upper"), classTable("lower")) : classTable("lower");
    case "digit": case "xdigit": case "cntrl": case "ascii": case "unibyte": return [];
    default: return classTable(name);
  }
}

const ABOVE_ASCII: RangeSet = [128, MAXCHAR];

/** The characters a bracket expression [RANGES CLASSES] (negated with NEG) matches. */
export function charsetSet(node: { neg: boolean; ranges: number[]; classes: string[] }, fold: boolean, syn: SyntaxTable): RangeSet {
  const T = fold ? canon : (c: number) => c;
  const bitmap = new Uint8Array(128);
  const rt: number[] = [];
  for (const name of node.classes) {
    for (let c = 0; c < 128; c++) {
      if (isClass(name, c, syn)) {
        bitmap[c] = 1;
        const t = T(c);
        if (t < 128) bitmap[t] = 1;
      }
    }
  }
  const keys = fold ? canonKeys() : [];
  for (let i = 0; i < node.ranges.length; i += 2) {
    let c = node.ranges[i];
    const c1 = node.ranges[i + 1];
    if (c < 128) {
      const top = Math.min(127, c1);
      for (let x = c; x <= top; x++) {
        bitmap[x] = 1;
        const t = T(x);
        if (t < 128) bitmap[t] = 1;
      }
      c = top + 1;
    }
    if (c <= c1) {
      rt.push(c, c1);
      for (const k of keys) {
        if (k < c || k > c1) continue;
        const t = T(k);
        if (t < 128) bitmap[t] = 1;
        else rt.push(t, t);
      }
    }
  }
  const rangeTable = normalize(rt);
  const classBits = node.classes.filter((n) => !["digit", "xdigit", "cntrl", "ascii", "unibyte"].includes(n));
  const hasRt = rangeTable.length > 0 || classBits.length > 0;
  const classTest = (c: number, corig: number): boolean => {
    for (const name of classBits) {
      switch (name) {
        case "upper":
          if (rangeHas(classTable("upper"), corig) || (fold && rangeHas(classTable("lower"), corig))) return true;
          break;
        case "lower":
          if (rangeHas(classTable("lower"), corig) || (fold && rangeHas(classTable("upper"), corig))) return true;
          break;
        case "multibyte": case "nonascii":
          return true;
        default:
          if (isClass(name, c, syn)) return true;
      }
    }
    return false;
  };
  const matches = (corig: number): boolean => {
    const c = T(corig);
    if (c < 128) return bitmap[c] === 1;
    if (!hasRt) return false;
    return classTest(c, corig) || rangeHas(rangeTable, c);
  };
  // ASCII characters one by one; above ASCII, characters whose canonical form
  // is themselves match by the class and range sets; the rest one by one.
  const asciiPairs: number[] = [];
  for (let c = 0; c < 128; c++) if (matches(c)) asciiPairs.push(c, c);
  let upper: RangeSet = [];
  if (hasRt) {
    const parts: RangeSet[] = [rangeTable];
    for (const name of classBits) {
      if (name === "upper" || name === "lower") {
        // Tested on the original character, which is the character itself here.
        parts.push(classSetNonAscii(name, syn, fold));
      } else parts.push(classSetNonAscii(name, syn, fold));
    }
    upper = intersect(union(...parts), ABOVE_ASCII);
  }
  let q = union(asciiPairs, upper);
  if (fold) q = forcePoints(q, keys.filter((k) => k >= 128), matches);
  return node.neg ? complement(q) : q;
}

/** Characters a literal character C matches (with case folding: same canonical form). */
function literalSet(c: number, fold: boolean): RangeSet {
  if (!fold) return [c, c];
  const pc = canon(c);
  canonTables();
  const pts: number[] = [];
  if (canon(pc) === pc) pts.push(pc, pc);
  if (pc < 128 && pc >= 97 && pc <= 122) pts.push(pc - 32, pc - 32);
  for (const x of canonRev!.get(pc) ?? []) pts.push(x, x);
  return normalize(pts);
}

function syntaxSet(code: number, neg: boolean, syn: SyntaxTable): RangeSet {
  const s = code < 0 ? [] : syn.set(code);
  return neg ? complement(s) : s;
}

// ---------------------------------------------------------------------------
// Translation to a JavaScript RegExp.

function hex(c: number): string {
  return "\\u{" + c.toString(16) + "}";
}

function litChar(c: number): string {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return String.fromCharCode(c);
  return hex(c);
}

function classBody(s: RangeSet): string {
  let out = "";
  for (let i = 0; i < s.length; i += 2) {
    out += hex(s[i]);
    if (s[i + 1] > s[i]) out += (s[i + 1] > s[i] + 1 ? "-" : "") + hex(s[i + 1]);
  }
  return out;
}

/** A JS atom matching one character of S. */
function emitSet(s: RangeSet): string {
  if (s.length === 0) return "(?!)";
  if (s.length === 2 && s[0] === s[1]) return litChar(s[0]);
  const comp = complement(s);
  if (comp.length === 0) return "[\\s\\S]";
  if (comp.length < s.length) return "[^" + classBody(comp) + "]";
  return "[" + classBody(s) + "]";
}

/** Context of a search: what the translation of assertions depends on. */
export interface Ctx {
  /** Character before the subject's first character, or -1 when the subject starts the text. */
  prev: number;
  /**
   * Character just after the subject, or -1 when the subject ends the text.
   * A search limit stops what a match may consume, but $, \', \b and \>
   * still see the text beyond it, as in Emacs.
   */
  next: number;
  /** Where point is: 0 not in the subject, 1 at its start, 2 at its end, 3 elsewhere inside. */
  pointLoc: number;
}

interface TranslateEnv {
  fold: boolean;
  syn: SyntaxTable;
  ctx: Ctx;
  groupMap: number[];
}

function emitNode(n: Node, env: TranslateEnv, inSeq: boolean): string {
  switch (n.k) {
    case "empty":
      return "";
    case "exact": {
      let out = "";
      for (const c of n.chars) out += env.fold ? emitSet(literalSet(c, true)) : litChar(c);
      return out;
    }
    case "any":
      return "[^\\n]";
    case "set":
      return emitSet(charsetSet(n, env.fold, env.syn));
    case "syntax":
      return emitSet(syntaxSet(n.code, n.neg, env.syn));
    case "category":
      return n.neg ? "[\\s\\S]" : "(?!)";
    case "group":
      if (n.n > 0) {
        env.groupMap.push(n.n);
        return "(" + emitNode(n.body, env, false) + ")";
      }
      return "(?:" + emitNode(n.body, env, false) + ")";
    case "star": {
      const q = n.zero ? (n.many ? "*" : "?") : "+";
      return atom(n.body, env) + q + (n.greedy ? "" : "?");
    }
    case "interval": {
      const q = n.max < 0 ? `{${n.min},}` : n.max === n.min ? `{${n.min}}` : `{${n.min},${n.max}}`;
      return atom(n.body, env) + q;
    }
    case "backref":
      return "(?!)"; // not translated (see analyze)
    case "assert":
      return emitAssert(n.a, env);
    case "seq":
      return n.items.map((i) => emitNode(i, env, true)).join("");
    case "alt": {
      const s = n.alts.map((a) => emitNode(a, env, false)).join("|");
      return inSeq ? "(?:" + s + ")" : s;
    }
  }
}

function atom(body: Node, env: TranslateEnv): string {
  const single =
    (body.k === "exact" && body.chars.length === 1) || body.k === "any" || body.k === "set" || body.k === "syntax" ||
    body.k === "group";
  const s = emitNode(body, env, false);
  if (single && !(s.startsWith("(?!") && body.k !== "group")) return s;
  return "(?:" + s + ")";
}

const BEG_ANY = "(?<![\\s\\S])";
const END_ANY = "(?![\\s\\S])";

function emitAssert(a: AssertKind, env: TranslateEnv): string {
  const { prev, next, pointLoc } = env.ctx;
  const hasPrev = prev >= 0;
  const hasNext = next >= 0;
  const BEG = hasPrev ? "(?!)" : BEG_ANY;
  // AT_STRINGS_END: the end of the text, which the subject's end is only without NEXT.
  const END = hasNext ? "(?!)" : END_ANY;
  const nextIn = (set: RangeSet) => {
    const cls = emitSet(set);
    return hasNext && rangeHas(set, next) ? `(?:${END_ANY}|(?=${cls}))` : `(?=${cls})`;
  };
  const nextNotIn = (set: RangeSet) => {
    const cls = emitSet(complement(set));
    return hasNext && !rangeHas(set, next) ? `(?:${END_ANY}|(?=${cls}))` : `(?=${cls})`;
  };
  const prevIn = (set: RangeSet) => {
    const cls = emitSet(set);
    return hasPrev && rangeHas(set, prev) ? `(?:${BEG_ANY}|(?<=${cls}))` : `(?<=${cls})`;
  };
  const prevNotIn = (set: RangeSet) => {
    const cls = emitSet(complement(set));
    return hasPrev && !rangeHas(set, prev) ? `(?:${BEG_ANY}|(?<=${cls}))` : `(?<=${cls})`;
  };
  switch (a) {
    case "bol":
      if (!hasPrev) return "(?<![^\\n])";
      return prev === 10 ? `(?:${BEG_ANY}|(?<=\\n))` : "(?<=\\n)";
    case "eol":
      return !hasNext || next === 10 ? "(?![^\\n])" : "(?=\\n)";
    case "bob":
      return BEG;
    case "eob":
      return END;
    case "point":
      return pointLoc === 1 ? BEG_ANY : pointLoc === 2 ? END_ANY : "(?!)";
    case "wordbound":
    case "notwordbound": {
      const W = env.syn.set(Syn.Word);
      const wb = `(?:${BEG}|${END}|${prevIn(W)}${nextNotIn(W)}|${prevNotIn(W)}${nextIn(W)})`;
      return a === "wordbound" ? wb : `(?!${wb})`;
    }
    case "wordbeg": {
      const W = env.syn.set(Syn.Word);
      return `(?=${emitSet(W)})(?:${BEG}|${prevNotIn(W)})`;
    }
    case "wordend": {
      const W = env.syn.set(Syn.Word);
      return `${prevIn(W)}(?:${END}|${nextNotIn(W)})`;
    }
    case "symbeg": {
      const W = env.syn.wordOrSymbol();
      return `(?=${emitSet(W)})(?:${BEG}|${prevNotIn(W)})`;
    }
    case "symend": {
      const W = env.syn.wordOrSymbol();
      return `${prevIn(W)}(?:${END}|${nextNotIn(W)})`;
    }
  }
}

// ---------------------------------------------------------------------------
// The backtracking engine: Emacs's compiled-pattern layout and matcher loop.

const enum Op {
  Set, Any, Start, Stop, Dup, Assert, Ofj, OfjLoop, OfjNasty, NoOp, Jump, SucceedN, JumpN, SetNumber,
}

interface Program {
  op: number[];
  a: number[];
  b: number[];
  sets: (RangeSet | null)[];
  asserts: (AssertKind | null)[];
  ncounters: number;
}

function compileProgram(ast: Node, fold: boolean, syn: SyntaxTable): Program {
  const prog: Program = { op: [], a: [], b: [], sets: [], asserts: [], ncounters: 0 };
  const emit = (op: Op, a = 0, b = 0, set: RangeSet | null = null, as: AssertKind | null = null): number => {
    prog.op.push(op);
    prog.a.push(a);
    prog.b.push(b);
    prog.sets.push(set);
    prog.asserts.push(as);
    return prog.op.length - 1;
  };
  const here = () => prog.op.length;
  const simple = (n: Node) =>
    (n.k === "exact" && n.chars.length === 1) || n.k === "any" || n.k === "set" || n.k === "syntax" || n.k === "category";
  const gen = (n: Node): void => {
    switch (n.k) {
      case "empty":
        return;
      case "exact":
        for (const c of n.chars) emit(Op.Set, 0, 0, literalSet(c, fold));
        return;
      case "any":
        emit(Op.Any);
        return;
      case "set":
        emit(Op.Set, 0, 0, charsetSet(n, fold, syn));
        return;
      case "syntax":
        emit(Op.Set, 0, 0, syntaxSet(n.code, n.neg, syn));
        return;
      case "category":
        emit(Op.Set, 0, 0, n.neg ? [0, MAXCHAR] : []);
        return;
      case "group":
        if (n.n > 0) emit(Op.Start, n.n);
        gen(n.body);
        if (n.n > 0) emit(Op.Stop, n.n);
        return;
      case "backref":
        emit(Op.Dup, n.n);
        return;
      case "assert":
        emit(Op.Assert, 0, 0, null, n.a);
        return;
      case "seq":
        n.items.forEach(gen);
        return;
      case "alt": {
        const jumps: number[] = [];
        for (let i = 0; i < n.alts.length; i++) {
          if (i < n.alts.length - 1) {
            const ofj = emit(Op.Ofj);
            gen(n.alts[i]);
            jumps.push(emit(Op.Jump));
            prog.a[ofj] = here();
          } else gen(n.alts[i]);
        }
        for (const j of jumps) prog.a[j] = here();
        return;
      }
      case "star": {
        const body = n.body;
        if (n.greedy) {
          if (n.many) {
            const isSimple = simple(body);
            const ofj = isSimple || !nullable(body) ? Op.Ofj : Op.OfjLoop;
            let zero = n.zero;
            if (!zero && isSimple) {
              gen(body); // P+ as PP*
              zero = true;
            }
            if (!zero) {
              const start = here();
              gen(body);
              const f = emit(ofj);
              emit(Op.Jump, start);
              prog.a[f] = here();
            } else {
              const head = emit(ofj);
              gen(body);
              emit(Op.Jump, head);
              prog.a[head] = here();
            }
          } else {
            const f = emit(Op.Ofj);
            gen(body);
            prog.a[f] = here();
          }
        } else if (n.many) {
          const emptyp = nullable(body);
          let j = -1;
          if (n.zero) j = emit(Op.Jump);
          const bodyStart = here();
          gen(body);
          if (emptyp) emit(Op.NoOp);
          const test = emit(emptyp ? Op.OfjNasty : Op.Ofj, bodyStart);
          if (j >= 0) prog.a[j] = test;
        } else {
          const f = emit(Op.Ofj);
          const j = emit(Op.Jump);
          prog.a[f] = here();
          gen(body);
          prog.a[j] = here();
        }
        return;
      }
      case "interval": {
        const { min, max } = n;
        let jc = -1, sc = -1;
        if (max > 1) {
          jc = prog.ncounters++;
          emit(Op.SetNumber, jc, max - 1);
        }
        let head: number;
        if (min === 0) head = emit(Op.OfjLoop);
        else {
          sc = prog.ncounters++;
          emit(Op.SetNumber, sc, min);
          head = emit(Op.SucceedN, 0, sc);
        }
        gen(n.body);
        if (max < 0) emit(Op.Jump, head);
        else if (max > 1) emit(Op.JumpN, head, jc);
        prog.a[head] = here();
        return;
      }
    }
  };
  gen(ast);
  return prog;
}

const FAIL_LIMIT = 800000;

/** Run the program anchored at START in S; returns registers (UTF-16 indexes) or null. */
function runProgram(
  prog: Program, nsub: number, S: string, start: number, ctx: Ctx, pointU: number, fold: boolean, syn: SyntaxTable,
  posix = false,
): number[] | null {
  const { op, a, b, sets, asserts } = prog;
  const plen = op.length;
  // POSIX matching (posix-string-match...): keep backtracking for the longest match.
  let bestEnd = -1;
  let bestStart: number[] | null = null;
  let bestEndRegs: number[] | null = null;
  const regStart = new Array<number>(nsub + 1).fill(-1);
  const regEnd = new Array<number>(nsub + 1).fill(-1);
  const counters = new Array<number>(prog.ncounters).fill(0);
  const len = S.length;
  // Failure stack: 4-slot entries [kind, x, y, z]; failure points link frames.
  const fs: number[] = [];
  let frame = -1;
  let pc = 0;
  let d = start;
  const charAt = (i: number): number => {
    const c = S.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const lo = S.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) return ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
    }
    return c;
  };
  const charBefore = (i: number): number => {
    if (i === 0) return ctx.prev;
    const c = S.charCodeAt(i - 1);
    if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
      const hi = S.charCodeAt(i - 2);
      if (hi >= 0xd800 && hi <= 0xdbff) return ((hi - 0xd800) << 10) + (c - 0xdc00) + 0x10000;
    }
    return c;
  };
  const atBeg = (i: number) => i === 0 && ctx.prev < 0;
  const atEnd = (i: number) => i === len && ctx.next < 0;
  // The character at I, looking past the subject's end (PREFETCH_NOLIMIT).
  const charAtNoLimit = (i: number) => (i === len ? ctx.next : charAt(i));
  const isWord = (c: number) => syn.syntax(c) === Syn.Word;
  const isWordSym = (c: number) => {
    const s = syn.syntax(c);
    return s === Syn.Word || s === Syn.Symbol;
  };
  const pushFP = (pat: number, str: number) => {
    fs.push(0, pat, str, frame);
    frame = fs.length - 4;
    if (fs.length > FAIL_LIMIT) stackOverflow();
  };
  const cycle = (pat: number): boolean => {
    let f = frame;
    while (f >= 0 && fs[f + 2] === d) {
      if (fs[f + 1] === pat) return true;
      f = fs[f + 3];
    }
    return false;
  };
  const checkAssert = (k: AssertKind): boolean => {
    switch (k) {
      case "bol":
        return atBeg(d) || charBefore(d) === 10;
      case "eol":
        return atEnd(d) || charAtNoLimit(d) === 10;
      case "bob":
        return atBeg(d);
      case "eob":
        return atEnd(d);
      case "point":
        return d === pointU;
      case "wordbound":
      case "notwordbound": {
        let r: boolean;
        if (atBeg(d) || atEnd(d)) r = true;
        else r = isWord(charBefore(d)) !== isWord(charAtNoLimit(d));
        return k === "wordbound" ? r : !r;
      }
      case "wordbeg":
        if (d === len || !isWord(charAt(d))) return false;
        return atBeg(d) || !isWord(charBefore(d));
      case "wordend":
        if (atBeg(d) || !isWord(charBefore(d))) return false;
        return atEnd(d) || !isWord(charAtNoLimit(d));
      case "symbeg":
        if (d === len || !isWordSym(charAt(d))) return false;
        return atBeg(d) || !isWordSym(charBefore(d));
      case "symend":
        if (atBeg(d) || !isWordSym(charBefore(d))) return false;
        return atEnd(d) || !isWordSym(charAtNoLimit(d));
    }
  };
  let steps = 0;
  for (;;) {
    let ok = true;
    if (pc === plen && posix && d !== len) {
      if (frame >= 0) {
        if (bestEnd < 0 || d > bestEnd) {
          bestEnd = d;
          bestStart = regStart.slice();
          bestEndRegs = regEnd.slice();
        }
        pc = -1; // fail, then try for something longer
      } else if (bestEnd >= 0 && !(d > bestEnd)) {
        d = bestEnd;
        for (let r = 0; r <= nsub; r++) {
          regStart[r] = bestStart![r];
          regEnd[r] = bestEndRegs![r];
        }
      }
    }
    if (pc === plen) {
      const out = new Array<number>(2 * Math.max(3, nsub + 1)).fill(-1);
      out[0] = start;
      out[1] = d;
      for (let r = 1; r <= nsub; r++) {
        if (regEnd[r] < 0 || regStart[r] < 0) out[2 * r] = out[2 * r + 1] = -1;
        else {
          out[2 * r] = regStart[r];
          out[2 * r + 1] = regEnd[r];
        }
      }
      return out;
    }
    if ((++steps & 0xffff) === 0) pollInterrupt();
    switch (pc < 0 ? -1 : op[pc]) {
      case -1:
        ok = false;
        break;
      case Op.Set: {
        if (d >= len) {
          ok = false;
          break;
        }
        const c = charAt(d);
        if (!rangeHas(sets[pc]!, c)) {
          ok = false;
          break;
        }
        d += c > 0xffff ? 2 : 1;
        pc++;
        break;
      }
      case Op.Any: {
        if (d >= len) {
          ok = false;
          break;
        }
        const c = charAt(d);
        if (c === 10) {
          ok = false;
          break;
        }
        d += c > 0xffff ? 2 : 1;
        pc++;
        break;
      }
      case Op.Start: {
        const r = a[pc];
        fs.push(1, r, regStart[r], regEnd[r]);
        regStart[r] = d;
        pc++;
        break;
      }
      case Op.Stop:
        regEnd[a[pc]] = d;
        pc++;
        break;
      case Op.Dup: {
        const r = a[pc];
        if (regEnd[r] < 0 || regStart[r] < 0) {
          ok = false;
          break;
        }
        let d2 = regStart[r];
        const e2 = regEnd[r];
        let dd = d;
        while (d2 < e2) {
          if (dd >= len) {
            ok = false;
            break;
          }
          const c1 = charAt(dd), c2 = charAt(d2);
          if (fold ? canon(c1) !== canon(c2) : c1 !== c2) {
            ok = false;
            break;
          }
          dd += c1 > 0xffff ? 2 : 1;
          d2 += c2 > 0xffff ? 2 : 1;
        }
        if (ok) {
          d = dd;
          pc++;
        }
        break;
      }
      case Op.Assert:
        if (checkAssert(asserts[pc]!)) pc++;
        else ok = false;
        break;
      case Op.Ofj:
        pushFP(pc, d);
        pc++;
        break;
      case Op.OfjLoop:
        if (cycle(pc)) pc = a[pc];
        else {
          pushFP(pc, d);
          pc++;
        }
        break;
      case Op.OfjNasty:
        if (!cycle(pc - 1)) pushFP(pc, d);
        pc++;
        break;
      case Op.NoOp:
        pc++;
        break;
      case Op.Jump:
        pc = a[pc];
        break;
      case Op.SucceedN: {
        const k = b[pc];
        if (counters[k] !== 0) {
          fs.push(2, k, counters[k], 0);
          counters[k]--;
          pc++;
        } else if (cycle(pc)) pc = a[pc];
        else {
          pushFP(pc, d);
          pc++;
        }
        break;
      }
      case Op.JumpN: {
        const k = b[pc];
        if (counters[k] !== 0) {
          fs.push(2, k, counters[k], 0);
          counters[k]--;
          pc = a[pc];
        } else pc++;
        break;
      }
      case Op.SetNumber: {
        const k = a[pc];
        fs.push(2, k, counters[k], 0);
        counters[k] = b[pc];
        pc++;
        break;
      }
    }
    if (ok) continue;
    // Backtrack to the last failure point.
    for (;;) {
      if (frame < 0) {
        if (bestEnd < 0) return null;
        // Out of alternatives: the longest match seen wins.
        d = bestEnd;
        for (let r = 0; r <= nsub; r++) {
          regStart[r] = bestStart![r];
          regEnd[r] = bestEndRegs![r];
        }
        pc = plen;
        posix = false;
        break;
      }
      while (fs.length - 4 > frame) {
        const top = fs.length - 4;
        const kind = fs[top];
        if (kind === 1) {
          regStart[fs[top + 1]] = fs[top + 2];
          regEnd[fs[top + 1]] = fs[top + 3];
        } else if (kind === 2) counters[fs[top + 1]] = fs[top + 2];
        fs.length = top;
      }
      const pat = fs[frame + 1];
      const str = fs[frame + 2];
      frame = fs[frame + 3];
      fs.length -= 4;
      const o = op[pat];
      if (o === Op.NoOp) continue;
      if (o === Op.OfjNasty) pushFP(pat - 1, str);
      d = str;
      pc = o === Op.OfjNasty ? a[pat] : a[pat];
      break;
    }
  }
}

// ---------------------------------------------------------------------------
// Compiled patterns and searching.

interface Variant {
  source: string;
  groupMap: number[];
  re: Partial<Record<"g" | "gd" | "y" | "yd", RegExp>>;
}

export class CompiledRegexp {
  readonly nsub: number;
  private readonly ast: Node;
  private readonly features: Features;
  private prog: Program | null = null;
  private variants = new Map<number, Variant>();
  /** First characters a match can start with, when known (a set), for skipping in the engine. */
  private first: RangeSet | null | undefined = undefined;
  constructor(readonly pattern: string, readonly fold: boolean, readonly syn: SyntaxTable) {
    const parsed = parseRegexp(pattern);
    this.ast = parsed.ast;
    this.nsub = parsed.nsub;
    this.features = analyze(parsed.ast);
  }

  /** Whether matching with this context goes through a JS RegExp. */
  private translatable(ctx: Ctx): boolean {
    if (regexpOptions.forceEngine) return false;
    return this.features.translatable && !(this.features.usesPoint && ctx.pointLoc === 3);
  }

  private variantKey(ctx: Ctx): number {
    const f = this.features;
    let key = 0;
    const prev = ctx.prev;
    if (prev >= 0 && (f.usesBol || f.usesBob || f.usesWord || f.usesSymbol)) {
      key |= 1;
      if (f.usesBol && prev === 10) key |= 2;
      if (f.usesWord && this.syn.syntax(prev) === Syn.Word) key |= 4;
      if (f.usesSymbol) {
        const s = this.syn.syntax(prev);
        if (s === Syn.Word || s === Syn.Symbol) key |= 8;
      }
    }
    if (f.usesPoint) key |= ctx.pointLoc << 4;
    const next = ctx.next;
    if (next >= 0 && (f.usesEol || f.usesWord || f.usesSymbol)) {
      key |= 64;
      if (f.usesEol && next === 10) key |= 128;
      if (f.usesWord && this.syn.syntax(next) === Syn.Word) key |= 256;
      if (f.usesSymbol) {
        const s = this.syn.syntax(next);
        if (s === Syn.Word || s === Syn.Symbol) key |= 512;
      }
    }
    return key;
  }

  private regexp(ctx: Ctx, flags: "g" | "gd" | "y" | "yd"): { re: RegExp; groupMap: number[] } {
    const key = this.variantKey(ctx);
    let v = this.variants.get(key);
    if (!v) {
      const env: TranslateEnv = { fold: this.fold, syn: this.syn, ctx, groupMap: [] };
      let source = emitNode(this.ast, env, false);
      // A pattern that opens with an assertion gives V8 no first character to
      // scan for; a lookahead for the possible first characters does.
      const first = startsWithAssertion(this.ast) ? this.firstSet() : null;
      if (first && complement(first).length > 0) source = `(?=${emitSet(first)})(?:${source})`;
      v = { source, groupMap: env.groupMap, re: {} };
      this.variants.set(key, v);
    }
    let re = v.re[flags];
    if (!re) {
      re = new RegExp(v.source, flags + "u");
      v.re[flags] = re;
    }
    return { re, groupMap: v.groupMap };
  }

  /** The JS source used for a context (for tests and debugging); null when the engine is used. */
  jsSource(ctx: Ctx = NO_CTX): string | null {
    if (!this.translatable(ctx)) return null;
    return this.regexp(ctx, "g").re.source;
  }

  private program(): Program {
    return (this.prog ??= compileProgram(this.ast, this.fold, this.syn));
  }

  private firstSet(): RangeSet | null {
    if (this.first === undefined) this.first = firstChars(this.ast, this.fold, this.syn);
    return this.first;
  }

  /**
   * Set by search/matchAt/lastMatch: the registers returned hold only the
   * whole match (groups were asked for lazily and the match went through a
   * RegExp without the costly `d` flag); matchAt(..., GROUPS_EAGER) at the
   * match start fills them in when needed.
   */
  partial = false;
  /** Lazy searches, and how many of them later had their groups asked for. */
  private lazySearches = 0;
  private groupRequests = 0;

  /**
   * How a search asking for groups lazily should run: when callers mostly go
   * on to ask for the groups (a replace loop), one exec with the `d` flag
   * is cheaper than one without and a second one with it.
   */
  private groupMode(groups: GroupMode): GroupMode {
    if (groups !== 1 || this.nsub === 0) return groups;
    if (++this.lazySearches > 16 && this.groupRequests * 2 > this.lazySearches) return 2;
    if (this.lazySearches > 1000) {
      this.lazySearches >>= 1;
      this.groupRequests >>= 1;
    }
    return 1;
  }

  /** The registers, groups included, of the match at AT found by a lazy search. */
  groupsAt(S: string, at: number, ctx: Ctx, pointU = -1): number[] {
    this.groupRequests++;
    return this.matchAt(S, at, ctx, 2, pointU)!;
  }

  private fromExec(m: RegExpExecArray, groupMap: number[], groups: boolean): number[] {
    // Sized for Emacs's match data (at least 3 registers), so callers can keep the array.
    const out = new Array<number>(2 * Math.max(3, this.nsub + 1)).fill(-1);
    out[0] = m.index;
    out[1] = m.index + m[0].length;
    if (groups && m.indices) {
      for (let j = 0; j < groupMap.length; j++) {
        const ix = m.indices[j + 1];
        if (ix) {
          const g = groupMap[j];
          out[2 * g] = ix[0];
          out[2 * g + 1] = ix[1];
        }
      }
    }
    return out;
  }

  /**
   * Search S forward from unit index FROM for the leftmost match. Returns
   * registers as UTF-16 indexes (pairs, -1 unset) or null. POINTU is point's
   * unit index in S (for \=), or -1.
   */
  search(S: string, from: number, ctx: Ctx, groups: GroupMode, pointU = -1, posix = false): number[] | null {
    try {
      this.partial = false;
      if (!posix && this.translatable(ctx)) {
        groups = this.groupMode(groups);
        const eager = groups === 2 && this.nsub > 0;
        const { re, groupMap } = this.regexp(ctx, eager ? "gd" : "g");
        re.lastIndex = from;
        let m = re.exec(S);
        // V8 may try (and report) a start between the halves of a surrogate
        // pair when the pattern opens with a lookaround; a character never
        // starts there, so go on from the pair's end.
        while (m && m.index > 0 && isLowSurrogate(S.charCodeAt(m.index)) && isHighSurrogate(S.charCodeAt(m.index - 1))) {
          re.lastIndex = m.index + 1;
          m = re.exec(S);
        }
        if (!m) return null;
        if (groups === 1 && this.nsub > 0) this.partial = true;
        return this.fromExec(m, groupMap, eager);
      }
      const prog = this.program();
      const first = this.firstSet();
      const len = S.length;
      for (let s = from; s <= len; ) {
        if (first) {
          while (s < len && !rangeHas(first, S.codePointAt(s)!)) s += S.codePointAt(s)! > 0xffff ? 2 : 1;
          if (s >= len) return null;
        }
        const r = runProgram(prog, this.nsub, S, s, ctx, pointU, this.fold, this.syn, posix);
        if (r) return r;
        if (s === len) break;
        s += S.codePointAt(s)! > 0xffff ? 2 : 1;
      }
      return null;
    } catch (e) {
      throw convertError(e);
    }
  }

  /** Match anchored at unit index AT. */
  matchAt(S: string, at: number, ctx: Ctx, groups: GroupMode, pointU = -1, posix = false): number[] | null {
    try {
      this.partial = false;
      if (!posix && this.translatable(ctx)) {
        groups = this.groupMode(groups);
        const eager = groups === 2 && this.nsub > 0;
        const { re, groupMap } = this.regexp(ctx, eager ? "yd" : "y");
        re.lastIndex = at;
        const m = re.exec(S);
        if (!m) return null;
        if (groups === 1 && this.nsub > 0) this.partial = true;
        return this.fromExec(m, groupMap, eager);
      }
      return runProgram(this.program(), this.nsub, S, at, ctx, pointU, this.fold, this.syn, posix);
    } catch (e) {
      throw convertError(e);
    }
  }

  /**
   * The match with the greatest start in [LO, HI] (unit indexes of S), as a
   * backward search finds it, or null.
   */
  lastMatch(S: string, lo: number, hi: number, ctx: Ctx, groups: GroupMode, pointU = -1, posix = false): number[] | null {
    const back = (i: number) => {
      const c = S.charCodeAt(i - 1);
      return c >= 0xdc00 && c <= 0xdfff && i >= 2 && S.charCodeAt(i - 2) >= 0xd800 && S.charCodeAt(i - 2) <= 0xdbff ? i - 2 : i - 1;
    };
    if (posix || !this.translatable(ctx)) {
      for (let s = hi; s >= lo; s = back(s)) {
        const r = this.matchAt(S, s, ctx, groups, pointU, posix);
        if (r) return r;
        if (s === 0) break;
      }
      return null;
    }
    // A few anchored attempts near HI, then forward scans over growing windows.
    let s = hi;
    for (let k = 0; k < 8 && s >= lo; k++) {
      const r = this.matchAt(S, s, ctx, groups, pointU);
      if (r) return r;
      if (s === 0) return null;
      s = back(s);
    }
    let top = s;
    let w = 64;
    while (top >= lo) {
      let start = Math.max(lo, top - w);
      const c = S.charCodeAt(start);
      if (c >= 0xdc00 && c <= 0xdfff && start > lo) start--;
      let best: number[] | null = null;
      let pos = start;
      for (;;) {
        const r = this.search(S, pos, ctx, groups, pointU);
        if (!r || r[0] > top) break;
        best = r;
        pos = r[0] + (S.codePointAt(r[0])! > 0xffff ? 2 : 1);
        if (pos > top) break;
      }
      if (best) {
        this.partial = groups === 1 && this.nsub > 0;
        return best;
      }
      if (start <= lo) return null;
      top = start - 1;
      const c2 = S.charCodeAt(top);
      if (c2 >= 0xdc00 && c2 <= 0xdfff && top > 0) top--;
      w *= 4;
    }
    return null;
  }
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function convertError(e: unknown): unknown {
  if (e instanceof RangeError) {
    try {
      stackOverflow();
    } catch (s) {
      return s;
    }
  }
  return e;
}

function startsWithAssertion(n: Node): boolean {
  switch (n.k) {
    case "assert": return true;
    case "seq": return n.items.length > 0 && startsWithAssertion(n.items[0]);
    case "group": return startsWithAssertion(n.body);
    case "alt": return n.alts.some(startsWithAssertion);
    default: return false;
  }
}

/** Possible first characters of a match of N, or null when it may match empty or is unknown. */
function firstChars(n: Node, fold: boolean, syn: SyntaxTable): RangeSet | null {
  switch (n.k) {
    case "exact":
      return n.chars.length ? literalSet(n.chars[0], fold) : null;
    case "any":
      return complement([10, 10]);
    case "set":
      return charsetSet(n, fold, syn);
    case "syntax":
      return syntaxSet(n.code, n.neg, syn);
    case "group":
      return firstChars(n.body, fold, syn);
    case "star":
      return n.zero ? null : firstChars(n.body, fold, syn);
    case "interval":
      return n.min === 0 ? null : firstChars(n.body, fold, syn);
    case "seq": {
      for (const i of n.items) {
        if (i.k === "assert" && i.a !== "point") continue;
        if (i.k === "group" && i.n === 0 && emitsNothing(i)) continue;
        return firstChars(i, fold, syn);
      }
      return null;
    }
    case "alt": {
      const sets: RangeSet[] = [];
      for (const a of n.alts) {
        const s = firstChars(a, fold, syn);
        if (!s) return null;
        sets.push(s);
      }
      return union(...sets);
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------
// The compiled-pattern cache: per pattern, case folding and syntax table.

/** Testing aid: match every pattern with the engine instead of a JS RegExp. */
export const regexpOptions = { forceEngine: false };

// One map per (case folding, syntax table), keyed by the pattern string itself:
// Lisp code passes the same string objects again and again, whose hashes V8 caches.
const caches = new Map<SyntaxTable, [Map<string, CompiledRegexp>, Map<string, CompiledRegexp>]>();
const CACHE_MAX = 4000;

let cacheGeneration = 0;

export function compileRegexp(pattern: string, fold: boolean, syn: SyntaxTable = standardSyntaxTable()): CompiledRegexp {
  if (cacheGeneration !== SyntaxTable.generation) {
    caches.clear();
    cacheGeneration = SyntaxTable.generation;
  }
  let pair = caches.get(syn);
  if (pair === undefined) {
    pair = [new Map(), new Map()];
    caches.set(syn, pair);
  }
  const cache = pair[fold ? 1 : 0];
  let c = cache.get(pattern);
  if (c === undefined) {
    c = new CompiledRegexp(pattern, fold, syn);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(pattern, c);
  }
  return c;
}

/** What a search returns of the groups: 0 none, 1 lazily (see CompiledRegexp.partial), 2 all. */
export type GroupMode = 0 | 1 | 2;

/** No context: the subject is the whole text (strings). */
export const NO_CTX: Ctx = { prev: -1, next: -1, pointLoc: 0 };

export type { L };
