// search.c and the regexp functions of subr.el / subr-x.el / regexp-opt.el:
// string-match, looking-at, the buffer searches, match data, replace-match,
// replace-regexp-in-string, split-string, string-trim, regexp-quote,
// regexp-opt. Matching itself is in ../regexp.ts.
import {
  L, NIL, T, Sym, Cons, list, arrayToList, listToArray, stringLength, charToUnitIndex, unitToCharIndex, hasAstral,
  stringChars, makeSymbol,
} from "../types.js";
import { intern, defvar, Q } from "../symbols.js";
import { LispSignal, signal, error, wrongType, argsOutOfRange } from "../errors.js";
import { defsubr } from "../subr.js";
import { funcall, symbolValue, specbind, specpdlDepth, unbindTo, pollInterrupt } from "../eval.js";
import { defmacroTS, bufferForms } from "../compile/index.js";
import {
  compileRegexp, CompiledRegexp, NO_CTX, Ctx, GroupMode, parseRegexp, emacsUpcase, emacsDowncase, Syn,
} from "../regexp.js";
import { Buffer, Marker, currentBuffer, currentSyntax, unitToCp } from "../buffer.js";
import { fixPosition } from "./marker.js";

const caseFoldSym = intern("case-fold-search");
const inhibitSym = defvar("inhibit-changing-match-data", NIL);
defvar("split-string-default-separators", "[ \f\t\n\r\v]+");
defvar("regexp-unmatchable", "\\`a\\`");
defvar("search-spaces-regexp", NIL);
defvar("search-whitespace-regexp", "\\s-+");
const saveMatchDataInternal = defvar("save-match-data-internal", NIL);

function caseFold(): boolean {
  return symbolValue(caseFoldSym) !== NIL;
}

function inhibited(): boolean {
  const v = inhibitSym.value;
  return v !== NIL && typeof v !== "symbol";
}

// ---------------------------------------------------------------------------
// Match data (Emacs's search_regs and last_thing_searched).

export const matchData = {
  /** start/end pairs, -1 when unset; length 2 * numRegs. Only [0] and [1] are valid while `lazy` is set. */
  regs: [] as number[],
  numRegs: 0,
  /** NIL: no match yet; T: a string; a buffer. */
  last: NIL as L,
  /** Computes the group registers of the last match on demand (see CompiledRegexp.partial). */
  lazy: null as null | (() => number[]),
};

/** The match registers, with the groups of a lazily recorded match filled in. */
export function fullRegs(): number[] {
  const lazy = matchData.lazy;
  if (lazy) {
    matchData.lazy = null;
    const full = lazy();
    const regs = matchData.regs;
    for (let i = 2; i < regs.length && i < full.length; i++) regs[i] = full[i];
  }
  return matchData.regs;
}

/** A match found: positions (characters), and how to compute its groups when they were left out. */
interface Found {
  regs: number[];
  lazy: (() => number[]) | null;
}

/** Record a regexp match: REGS are positions (characters), -1 unset. */
function setRegexpMatch(regs: number[], nsub: number, last: L, lazy: (() => number[]) | null = null): void {
  const n = Math.max(3, nsub + 1);
  let out = regs;
  if (regs.length !== 2 * n) {
    out = new Array<number>(2 * n).fill(-1);
    for (let i = 0; i < regs.length && i < 2 * n; i++) out[i] = regs[i];
  }
  matchData.regs = out;
  matchData.numRegs = n;
  matchData.last = last;
  matchData.lazy = lazy;
}

/** Record a literal match (set_search_regs): group 0 only, other registers cleared. */
function setLiteralMatch(start: number, end: number, last: L): void {
  if (matchData.numRegs === 0) matchData.numRegs = 2;
  const out = new Array<number>(2 * matchData.numRegs).fill(-1);
  out[0] = start;
  out[1] = end;
  matchData.regs = out;
  matchData.last = last;
  matchData.lazy = null;
}

function unitsToChars(s: string, regs: number[]): number[] {
  if (!hasAstral(s)) return regs;
  for (let i = 0; i < regs.length; i++) if (regs[i] >= 0) regs[i] = unitToCharIndex(s, regs[i]);
  return regs;
}

// ---------------------------------------------------------------------------
// Strings.

/** string-match on STRING from character START; sets match data unless INHIBIT. Returns the match start or -1. */
export function stringMatch(regexp: string, string: string, start: number, inhibit: boolean, posix = false): number {
  const re = compileRegexp(regexp, caseFold(), currentSyntax());
  const r = re.search(string, start === 0 ? 0 : charToUnitIndex(string, start), NO_CTX, inhibit ? 0 : 1, -1, posix);
  if (!r) return -1;
  const at = r[0];
  const regs = unitsToChars(string, r);
  if (!inhibit) {
    setRegexpMatch(regs, re.nsub, T, re.partial ? () => unitsToChars(string, re.groupsAt(string, at, NO_CTX)) : null);
  }
  return regs[0];
}

function checkStart(string: string, start: L): number {
  if (start === NIL) return 0;
  if (typeof start !== "number") {
    if (typeof start === "bigint") argsOutOfRange(string, start);
    wrongType("fixnump", start);
  }
  const len = stringLength(string);
  const s = start < 0 ? start + len : start;
  if (s < 0 || s > len) argsOutOfRange(string, start);
  return s;
}

defsubr("string-match", (regexp: string, string: string, start: L) => {
  const s = checkStart(string, start);
  const r = stringMatch(regexp, string, s, inhibited());
  return r < 0 ? NIL : r;
}, { min: 2, max: 3, types: ["string", "string", null] });

defsubr("posix-string-match", (regexp: string, string: string, start: L) => {
  const s = checkStart(string, start);
  const r = stringMatch(regexp, string, s, inhibited(), true);
  return r < 0 ? NIL : r;
}, { min: 2, max: 3, types: ["string", "string", null] });

defsubr("string-match-p", (regexp: string, string: string, start: L) => {
  const s = checkStart(string, start);
  const r = stringMatch(regexp, string, s, true);
  return r < 0 ? NIL : r;
}, { min: 2, max: 3, types: ["string", "string", null] });

// ---------------------------------------------------------------------------
// Buffers.

/** The context of the text [FROM, TO) of buffer B for a match, with point's place in it. */
function regionCtx(b: Buffer, from: number, to: number): Ctx {
  const pt = b.pt;
  return {
    prev: from > b.begv ? b.charAt(from - 1) : -1,
    next: to < b.zv ? b.charAt(to) : -1,
    pointLoc: pt === from ? 1 : pt === to ? 2 : pt > from && pt < to ? 3 : 0,
  };
}

function pointUnit(b: Buffer, S: string, from: number, to: number): number {
  const pt = b.pt;
  if (pt < from || pt > to) return -1;
  return b.text.astral ? charToUnitIndex(S, pt - from) : pt - from;
}

/** Registers R (UTF-16 indexes in S) as buffer positions, in place. */
function toPositions(b: Buffer, S: string, from: number, r: number[]): number[] {
  const astral = b.text.astral;
  for (let i = 0; i < r.length; i++) {
    const u = r[i];
    if (u >= 0) r[i] = from + (astral ? unitToCp(S, u) : u);
  }
  return r;
}

/** The Found for registers R of a match in S (starting at buffer position FROM). */
function found(b: Buffer, re: CompiledRegexp, S: string, from: number, r: number[], ctx: Ctx, pointU: number): Found {
  const at = r[0];
  const regs = toPositions(b, S, from, r);
  if (!re.partial) return { regs, lazy: null };
  return { regs, lazy: () => toPositions(b, S, from, re.groupsAt(S, at, ctx, pointU)) };
}

/** Forward search in B from FROM: matches start in [FROM, LIM] and end by LIM. */
function searchForwardIn(b: Buffer, re: CompiledRegexp, from: number, lim: number, groups: GroupMode, posix = false): Found | null {
  const S = b.text.region(from - 1, lim - 1);
  const ctx = regionCtx(b, from, lim);
  const pointU = pointUnit(b, S, from, lim);
  const r = re.search(S, 0, ctx, groups, pointU, posix);
  return r ? found(b, re, S, from, r, ctx, pointU) : null;
}

/** Backward search in B from FROM: the match with the greatest start in [LIM, FROM], ending by FROM. */
function searchBackwardIn(b: Buffer, re: CompiledRegexp, from: number, lim: number, groups: GroupMode, posix = false): Found | null {
  let hi = from;
  let w = 256;
  for (;;) {
    const lo = Math.max(lim, hi - w);
    const S = b.text.region(lo - 1, from - 1);
    const ctx = regionCtx(b, lo, from);
    const hiU = b.text.astral ? charToUnitIndex(S, hi - lo) : hi - lo;
    const pointU = pointUnit(b, S, lo, from);
    const r = re.lastMatch(S, 0, hiU, ctx, groups, pointU, posix);
    if (r) return found(b, re, S, lo, r, ctx, pointU);
    if (lo <= lim) return null;
    hi = lo - 1;
    w *= 4;
  }
}

/** Anchored match at POS in B (looking-at): may consume up to the end of the accessible portion. */
export function matchAtPoint(b: Buffer, re: CompiledRegexp, pos: number, groups: GroupMode, posix = false): Found | null {
  const S = b.text.region(pos - 1, b.zv - 1);
  const ctx = regionCtx(b, pos, b.zv);
  const pointU = pointUnit(b, S, pos, b.zv);
  const r = re.matchAt(S, 0, ctx, groups, pointU, posix);
  return r ? found(b, re, S, pos, r, ctx, pointU) : null;
}

/** Emacs's search_buffer: N > 0 forward, N < 0 backward. Returns the new point, or <= 0 on failure. */
function searchBuffer(
  b: Buffer, re: CompiledRegexp, emptyPattern: boolean, n: number, lim: number, literal: boolean, posix = false,
): number {
  const inhibit = inhibited();
  let pos = b.pt;
  if (emptyPattern || n === 0) {
    if (!inhibit) setLiteralMatch(pos, pos, b);
    return pos;
  }
  const groups: GroupMode = !inhibit && !literal ? 1 : 0;
  while (n < 0) {
    const f = searchBackwardIn(b, re, pos, lim, groups, posix);
    if (!f) return n;
    const r = f.regs;
    if (!inhibit) {
      if (literal) setLiteralMatch(r[0], r[1], b);
      else setRegexpMatch(r, re.nsub, b, f.lazy);
    }
    pos = r[0];
    n++;
  }
  while (n > 0) {
    const f = searchForwardIn(b, re, pos, lim, groups, posix);
    if (!f) return -n;
    const r = f.regs;
    if (!inhibit) {
      if (literal) setLiteralMatch(r[0], r[1], b);
      else setRegexpMatch(r, re.nsub, b, f.lazy);
    }
    pos = r[1];
    n--;
  }
  return pos;
}

function searchCommand(string: L, bound: L, noerror: L, count: L, direction: number, regexp: boolean, posix = false): L {
  let n: number;
  if (count === NIL) n = direction;
  else {
    if (typeof count !== "number") wrongType("fixnump", count);
    n = count * direction;
  }
  if (typeof string !== "string") wrongType("stringp", string);
  const b = currentBuffer();
  let lim: number;
  if (bound === NIL) lim = n > 0 ? b.zv : b.begv;
  else {
    lim = fixPosition(bound);
    if (n > 0 ? lim < b.pt : lim > b.pt) error("Invalid search bound (wrong side of point)");
    lim = Math.max(b.begv, Math.min(lim, b.zv));
  }
  const re = compileRegexp(regexp ? string : regexpQuote(string), caseFold(), b.syntax);
  const np = searchBuffer(b, re, string.length === 0, n, lim, !regexp, posix);
  if (np <= 0) {
    if (noerror === NIL) signal("search-failed", list(string));
    if (noerror !== T) b.setPoint(lim);
    return NIL;
  }
  b.setPoint(np);
  return np;
}

defsubr("re-search-forward", (r: L, bound: L, noerror: L, count: L) => searchCommand(r, bound, noerror, count, 1, true), { min: 1, max: 4 });
defsubr("re-search-backward", (r: L, bound: L, noerror: L, count: L) => searchCommand(r, bound, noerror, count, -1, true), { min: 1, max: 4 });
defsubr("search-forward", (s: L, bound: L, noerror: L, count: L) => searchCommand(s, bound, noerror, count, 1, false), { min: 1, max: 4 });
defsubr("search-backward", (s: L, bound: L, noerror: L, count: L) => searchCommand(s, bound, noerror, count, -1, false), { min: 1, max: 4 });
defsubr("posix-search-forward", (r: L, bound: L, noerror: L, count: L) => searchCommand(r, bound, noerror, count, 1, true, true), { min: 1, max: 4 });
defsubr("posix-search-backward", (r: L, bound: L, noerror: L, count: L) => searchCommand(r, bound, noerror, count, -1, true, true), { min: 1, max: 4 });
defsubr("search-forward-regexp", (r: L, bound: L, noerror: L, count: L) => searchCommand(r, bound, noerror, count, 1, true), { min: 1, max: 4 });
defsubr("search-backward-regexp", (r: L, bound: L, noerror: L, count: L) => searchCommand(r, bound, noerror, count, -1, true), { min: 1, max: 4 });

function lookingAt(regexp: L, inhibit: boolean, posix = false): L {
  if (typeof regexp !== "string") wrongType("stringp", regexp);
  const b = currentBuffer();
  const re = compileRegexp(regexp, caseFold(), b.syntax);
  const f = matchAtPoint(b, re, b.pt, inhibit ? 0 : 1, posix);
  if (!f) return NIL;
  if (!inhibit) setRegexpMatch(f.regs, re.nsub, b, f.lazy);
  return T;
}

defsubr("looking-at", (regexp: L) => lookingAt(regexp, inhibited()));
defsubr("looking-at-p", (regexp: L) => lookingAt(regexp, true));
defsubr("posix-looking-at", (regexp: L) => lookingAt(regexp, inhibited(), true));

defsubr("looking-back", (regexp: L, limit: L, greedy: L) => {
  if (typeof regexp !== "string") wrongType("stringp", regexp);
  const b = currentBuffer();
  const start = b.pt;
  let lim = b.begv;
  if (limit !== NIL) {
    lim = fixPosition(limit);
    if (lim > b.pt) error("Invalid search bound (wrong side of point)");
    lim = Math.max(b.begv, lim);
  }
  const fold = caseFold();
  const re = compileRegexp("\\(?:" + regexp + "\\)\\=", fold, b.syntax);
  const inhibit = inhibited();
  const f = searchBackwardIn(b, re, start, lim, inhibit ? 0 : 1);
  if (!f) return NIL;
  if (!inhibit) setRegexpMatch(f.regs, re.nsub, b, f.lazy);
  let pos = f.regs[0];
  if (greedy !== NIL) {
    // Extend the match backwards while REGEXP still matches up to START.
    const reEnd = compileRegexp("\\(?:" + regexp + "\\)\\'", fold, b.syntax);
    const savedZv = b.zv;
    try {
      b.zv = start;
      while (pos > b.begv && matchAtPoint(b, reEnd, pos - 1, 0)) pos--;
      const m = matchAtPoint(b, reEnd, pos, 2);
      if (m && !inhibit) setRegexpMatch(m.regs, reEnd.nsub, b);
    } finally {
      b.zv = savedZv;
    }
  }
  return T;
}, { min: 1, max: 3 });

// ---------------------------------------------------------------------------
// Match data access.

function matchLimit(n: L, beginning: boolean): L {
  if (typeof n !== "number") wrongType("fixnump", n);
  if (n < 0) argsOutOfRange(n, 0);
  if (matchData.numRegs <= 0) error("No match data, because no search succeeded");
  const regs = n > 0 ? fullRegs() : matchData.regs;
  if (n >= matchData.numRegs || regs[2 * n] < 0) return NIL;
  return regs[2 * n + (beginning ? 0 : 1)];
}

defsubr("match-beginning", (n: L) => matchLimit(n, true));
defsubr("match-end", (n: L) => matchLimit(n, false));

export function getMatchData(integers: L, reuse: L, reseat: L): L {
  if (reseat !== NIL) {
    for (let t = reuse; t instanceof Cons; t = t.cdr) {
      if (t.car instanceof Marker) {
        t.car.detach();
        t.car = NIL;
      }
    }
  }
  const last = matchData.last;
  if (last === NIL) return NIL;
  const regs = fullRegs();
  const data: L[] = [];
  let len = 0;
  for (let i = 0; i < matchData.numRegs; i++) {
    const start = regs[2 * i];
    if (start >= 0) {
      const end = regs[2 * i + 1];
      if (last === T || integers !== NIL) {
        data[2 * i] = start;
        data[2 * i + 1] = end;
      } else {
        const b = last as Buffer;
        const m1 = new Marker();
        const m2 = new Marker();
        if (b.live) {
          m1.set(b, start);
          m2.set(b, end);
        }
        data[2 * i] = m1;
        data[2 * i + 1] = m2;
      }
      len = 2 * i + 2;
    } else data[2 * i] = data[2 * i + 1] = NIL;
  }
  if (last instanceof Buffer && integers !== NIL) data[len++] = last;
  data.length = len;
  if (!(reuse instanceof Cons)) return arrayToList(data);
  let i = 0;
  let prev: Cons = reuse;
  for (let t: L = reuse; t instanceof Cons; t = t.cdr, i++) {
    t.car = i < len ? data[i] : NIL;
    prev = t;
  }
  if (i < len) prev.cdr = arrayToList(data.slice(i));
  return reuse;
}

defsubr("match-data", getMatchData, { min: 0, max: 3 });

export function setMatchDataFrom(lst: L, reseat: L): L {
  if (lst !== NIL && !(lst instanceof Cons)) wrongType("listp", lst);
  let last: L = T;
  fullRegs();
  const items = listToArray(lst);
  const length = items.length >> 1;
  if (length > matchData.numRegs) {
    const old = matchData.regs;
    matchData.regs = new Array<number>(2 * length).fill(-1);
    for (let k = 0; k < old.length; k++) matchData.regs[k] = old[k];
    matchData.numRegs = length;
  }
  const regs = matchData.regs;
  const coerce = (x: L): number => {
    if (x instanceof Marker) return x.buffer ? x.charpos : 0;
    if (typeof x === "number") return x;
    wrongType("integer-or-marker-p", x);
  };
  let i = 0;
  let p: L = lst;
  for (; p instanceof Cons; i++) {
    const marker: L = p.car;
    if (marker instanceof Buffer) {
      last = marker;
      break;
    }
    if (i >= length) break;
    if (marker === NIL) {
      regs[2 * i] = -1;
      p = p.cdr;
    } else {
      if (marker instanceof Marker && marker.buffer) last = marker.buffer;
      const from = coerce(marker);
      if (reseat !== NIL && marker instanceof Marker) {
        marker.detach();
        p.car = NIL;
      }
      const nextCell: L = p.cdr;
      if (!(nextCell instanceof Cons)) break;
      p = nextCell;
      const m2 = p.car;
      const to = coerce(m2);
      regs[2 * i] = from;
      regs[2 * i + 1] = to;
      if (reseat !== NIL && m2 instanceof Marker) {
        m2.detach();
        p.car = NIL;
      }
    }
    p = p instanceof Cons ? p.cdr : NIL;
  }
  for (; i < matchData.numRegs; i++) regs[2 * i] = -1;
  matchData.last = last;
  return NIL;
}

defsubr("set-match-data", setMatchDataFrom, { min: 1, max: 2 });
defsubr("store-match-data", setMatchDataFrom, { min: 1, max: 2 });

defsubr("match-data--translate", (n: L) => {
  if (typeof n !== "number") wrongType("fixnump", n);
  if (matchData.last !== NIL) {
    fullRegs();
    for (let i = 0; i < matchData.numRegs; i++) {
      if (matchData.regs[2 * i] >= 0) {
        matchData.regs[2 * i] = Math.max(0, matchData.regs[2 * i] + n);
        matchData.regs[2 * i + 1] = Math.max(0, matchData.regs[2 * i + 1] + n);
      }
    }
  }
  return NIL;
});

function substringChars(s: string, from: number, to: number): string {
  if (!hasAstral(s)) return s.slice(from, to);
  const a = charToUnitIndex(s, from);
  return s.slice(a, charToUnitIndex(s, to));
}

function matchString(num: L, string: L): L {
  const b = matchLimit(num, true);
  if (b === NIL) return NIL;
  const e = matchLimit(num, false) as number;
  if (string !== NIL) {
    if (typeof string !== "string") wrongType("stringp", string);
    const len = stringLength(string);
    if ((b as number) < 0 || e > len || (b as number) > e) argsOutOfRange(string, b, e);
    return substringChars(string, b as number, e);
  }
  const buf = currentBuffer();
  const from = Math.min(b as number, e), to = Math.max(b as number, e);
  if (from < buf.begv || to > buf.zv) argsOutOfRange(buf, b, e);
  return buf.substring(from, to);
}

defsubr("match-string", matchString, { min: 1, max: 2 });
defsubr("match-string-no-properties", matchString, { min: 1, max: 2 });

defmacroTS("save-match-data", (body) =>
  list(
    intern("let"),
    list(list(saveMatchDataInternal, list(intern("match-data")))),
    list(
      intern("unwind-protect"),
      new Cons(intern("progn"), arrayToList(body)),
      list(intern("set-match-data"), saveMatchDataInternal, list(Q.quote, intern("evaporate"))),
    ),
  ),
);

/** Run FN with the match data saved and restored afterwards (as save-match-data). */
export function withSavedMatchData<R>(fn: () => R): R {
  const saved = { regs: matchData.regs.slice(), numRegs: matchData.numRegs, last: matchData.last, lazy: matchData.lazy };
  try {
    return fn();
  } finally {
    matchData.regs = saved.regs;
    matchData.numRegs = saved.numRegs;
    matchData.last = saved.last;
    matchData.lazy = saved.lazy;
  }
}

// ---------------------------------------------------------------------------
// replace-match.

const invalidBackslash = "Invalid use of \u2018\\\u2019 in replacement text";

function uppercasep(c: number): boolean {
  return emacsDowncase(c) !== c;
}
function lowercasep(c: number): boolean {
  return !uppercasep(c) && emacsUpcase(c) !== c;
}

type CaseAction = "nochange" | "all_caps" | "cap_initial";

function decideCase(chars: number[], syntaxOf: (c: number) => number): CaseAction {
  let someMultiletterWord = false, someLowercase = false, someNonuppercaseInitial = false, someUppercase = false;
  let prevc = 10;
  for (const c of chars) {
    if (lowercasep(c)) {
      someLowercase = true;
      if (syntaxOf(prevc) !== Syn.Word) someNonuppercaseInitial = true;
      else someMultiletterWord = true;
    } else if (uppercasep(c)) {
      someUppercase = true;
      if (syntaxOf(prevc) === Syn.Word) someMultiletterWord = true;
    } else if (syntaxOf(prevc) !== Syn.Word) someNonuppercaseInitial = true;
    prevc = c;
  }
  if (!someLowercase && someMultiletterWord) return "all_caps";
  if (!someNonuppercaseInitial && someMultiletterWord) return "cap_initial";
  if (!someNonuppercaseInitial && someUppercase) return "all_caps";
  return "nochange";
}

function applyCase(action: CaseAction, text: string): string {
  if (action === "all_caps") return funcall(intern("upcase"), [text]) as string;
  if (action === "cap_initial") return funcall(intern("upcase-initials"), [text]) as string;
  return text;
}

/**
 * The replacement NT (code points) with `\&' (the text of group SUB), `\N' and `\\'
 * expanded; TEXT(FROM, TO) reads the matched text. As in Emacs, on a string (IN_STRING)
 * `\?' stays and a `\N' past the groups is empty, while in a buffer both are errors.
 */
function expandReplacement(
  nt: number[], regs: number[], numRegs: number, sub: number,
  text: (from: number, to: number) => string, inString: boolean,
): string {
  let out = "";
  for (let i = 0; i < nt.length; i++) {
    const c = nt[i];
    if (c !== 92) {
      out += String.fromCodePoint(c);
      continue;
    }
    i++;
    if (i >= nt.length) error(invalidBackslash);
    const d = nt[i];
    if (d === 38) out += text(regs[2 * sub], regs[2 * sub + 1]);
    else if (d >= 49 && d <= 57 && (inString || d - 48 < numRegs)) {
      const g = d - 48;
      // An unmatched group (start -1) inserts nothing.
      if (g < numRegs && regs[2 * g] >= 0) out += text(regs[2 * g], regs[2 * g + 1]);
    } else if (d === 92) out += "\\";
    else if (d === 63 && inString) out += "\\?";
    else error(invalidBackslash);
  }
  return out;
}

export function replaceMatch(newtext: L, fixedcase: L, literal: L, string: L, subexp: L): L {
  if (typeof newtext !== "string") wrongType("stringp", newtext);
  if (string !== NIL && typeof string !== "string") wrongType("stringp", string);
  const numRegs = matchData.numRegs;
  if (numRegs <= 0) error("\u2018replace-match\u2019 called before any match found");
  let sub = 0;
  if (subexp !== NIL) {
    if (typeof subexp !== "number") wrongType("integerp", subexp);
    if (subexp < 0 || subexp > numRegs - 1) argsOutOfRange(subexp, 0, numRegs - 1);
    sub = subexp;
  }
  const regs = fullRegs();
  const subStart = regs[2 * sub];
  const subEnd = regs[2 * sub + 1];
  const b = currentBuffer();
  const inRange = typeof string === "string"
    ? subStart >= 0 && subEnd <= stringLength(string)
    : b.begv <= subStart && subEnd <= b.zv;
  if (!inRange) {
    if (subStart < 0) signal("error", list("replace-match subexpression does not exist", subexp));
    argsOutOfRange(subStart, subEnd);
  }
  const syntaxOf = (c: number) => b.syntax.syntax(c);
  let action: CaseAction = "nochange";
  if (fixedcase === NIL) {
    const text = typeof string === "string" ? substringChars(string, subStart, subEnd) : b.substring(subStart, subEnd);
    action = decideCase(stringChars(text), syntaxOf);
  }
  const nt = stringChars(newtext);
  if (typeof string === "string") {
    const before = substringChars(string, 0, subStart);
    const after = substringChars(string, subEnd, stringLength(string));
    const result = literal === NIL
      ? expandReplacement(nt, regs, numRegs, sub, (from, to) => substringChars(string, from, to), true)
      : newtext;
    return before + applyCase(action, result) + after;
  }
  // In the buffer.
  const text = literal === NIL
    ? expandReplacement(nt, regs, numRegs, sub, (from, to) => b.substring(from, to), false)
    : newtext;
  const opt = b.pt;
  b.replace(subStart, subEnd, text);
  const newpoint = subStart + stringLength(text);
  // update_search_regs
  const change = newpoint - subEnd;
  const mregs = matchData.regs;
  for (let k = 0; k < 2 * matchData.numRegs; k++) {
    const v = mregs[k];
    if (v >= subEnd) mregs[k] = v + change;
    else if (v > subStart) mregs[k] = subStart;
  }
  if (action !== "nochange") {
    const cased = applyCase(action, text);
    if (cased !== text) b.replace(subStart, newpoint, cased);
  }
  void opt;
  b.setPoint(newpoint);
  return NIL;
}

defsubr("replace-match", replaceMatch, { min: 1, max: 5 });

defsubr("match-substitute-replacement", (replacement: L, fixedcase: L, literal: L, string: L, subexp: L) => {
  const match = matchString(0, string);
  return withSavedMatchData(() => {
    const mb = matchData.regs[0];
    funcall(intern("match-data--translate"), [-mb]);
    return replaceMatch(replacement, fixedcase, literal, match, subexp);
  });
}, { min: 1, max: 5 });

// ---------------------------------------------------------------------------
// Strings: replace-regexp-in-string, split-string, string-trim.

defsubr("replace-regexp-in-string", (regexp: L, rep: L, string: L, fixedcase: L, literal: L, subexp: L, start: L) => {
  if (typeof regexp !== "string") wrongType("stringp", regexp);
  if (typeof string !== "string") wrongType("stringp", string);
  const l = stringLength(string);
  let st = 0;
  if (start !== NIL) {
    if (typeof start !== "number") wrongType("integer-or-marker-p", start);
    st = start < 0 ? start + l : start;
  }
  return withSavedMatchData(() => {
    const pieces: string[] = [];
    while (st < l) {
      if (st < 0 || st > l) argsOutOfRange(string, st);
      const found = stringMatch(regexp, string, st, false);
      if (found < 0) break;
      const mb = matchData.regs[0];
      let me = matchData.regs[1];
      if (me === mb) me = Math.min(l, mb + 1);
      funcall(intern("match-data--translate"), [-mb]);
      const str = substringChars(string, mb, me);
      let newtext: L;
      if (typeof rep === "string") newtext = rep;
      else newtext = funcall(rep, [matchString(0, str)]);
      pieces.push(substringChars(string, st, mb));
      pieces.push(replaceMatch(newtext, fixedcase, literal, str, subexp) as string);
      st = me;
    }
    if (st < 0 || st > l) argsOutOfRange(string, st, l);
    pieces.push(substringChars(string, st, l));
    return pieces.join("");
  });
}, { min: 3, max: 7 });

defsubr("split-string", (string: L, separators: L, omitNulls: L, trim: L) => {
  if (typeof string !== "string") wrongType("stringp", string);
  const keepNulls = !(separators !== NIL ? omitNulls !== NIL : true);
  const rexp = separators !== NIL ? separators : symbolValue(intern("split-string-default-separators"));
  if (typeof rexp !== "string") wrongType("stringp", rexp);
  if (trim !== NIL && typeof trim !== "string") wrongType("stringp", trim);
  const len = stringLength(string);
  let start = 0;
  let notfirst = false;
  const out: string[] = [];
  const pushOne = (thisStart: number, thisEnd: number) => {
    if (trim !== NIL) {
      const tem = stringMatch(trim as string, string, thisStart, inhibited());
      if (tem === thisStart) thisStart = matchData.regs[1];
    }
    if (keepNulls || thisStart < thisEnd) {
      if (thisEnd < thisStart) argsOutOfRange(string, thisStart, thisEnd);
      let piece = substringChars(string, thisStart, thisEnd);
      if (trim !== NIL) {
        const tem = stringMatch((trim as string) + "\\'", piece, 0, inhibited());
        if (tem >= 0 && tem < stringLength(piece)) piece = substringChars(piece, 0, tem);
      }
      if (keepNulls || piece.length > 0) out.push(piece);
    }
  };
  for (;;) {
    const from = notfirst && start === matchData.regs[0] && start < len ? start + 1 : start;
    const found = stringMatch(rexp, string, from, inhibited());
    if (found < 0 || !(start < len)) break;
    notfirst = true;
    const thisStart = start;
    const thisEnd = matchData.regs[0];
    start = matchData.regs[1];
    pushOne(thisStart, thisEnd);
  }
  pushOne(start, len);
  return arrayToList(out);
}, { min: 1, max: 4 });

defsubr("string-trim-left", (string: L, regexp: L) => {
  if (typeof string !== "string") wrongType("stringp", string);
  const re = regexp !== NIL ? "\\`\\(?:" + (regexp as string) + "\\)" : "\\`[ \t\n\r]+";
  if (regexp !== NIL && typeof regexp !== "string") wrongType("stringp", regexp);
  if (stringMatch(re, string, 0, inhibited()) >= 0) return substringChars(string, matchData.regs[1], stringLength(string));
  return string;
}, { min: 1, max: 2 });

defsubr("string-trim-right", (string: L, regexp: L) => {
  if (typeof string !== "string") wrongType("stringp", string);
  if (regexp !== NIL && typeof regexp !== "string") wrongType("stringp", regexp);
  const re = regexp !== NIL ? "\\(?:" + (regexp as string) + "\\)\\'" : "[ \t\n\r]+\\'";
  const i = stringMatch(re, string, 0, true);
  return i >= 0 ? substringChars(string, 0, i) : string;
}, { min: 1, max: 2 });

defsubr("string-trim", (string: L, trimLeft: L, trimRight: L) => {
  const right = funcall(intern("string-trim-right"), [string, trimRight]);
  return funcall(intern("string-trim-left"), [right, trimLeft]);
}, { min: 1, max: 3 });

// ---------------------------------------------------------------------------
// regexp-quote, regexp-opt, regexp-opt-depth.

export function regexpQuote(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "[" || c === "*" || c === "." || c === "\\" || c === "?" || c === "+" || c === "^" || c === "$") out += "\\";
    out += c;
  }
  return out;
}

defsubr("regexp-quote", (s: string) => regexpQuote(s), { types: ["string"] });

function codeLess(a: string, b: string): boolean {
  const A = stringChars(a), B = stringChars(b);
  for (let i = 0; i < A.length && i < B.length; i++) if (A[i] !== B[i]) return A[i] < B[i];
  return A.length < B.length;
}
function sortStrings(xs: string[]): string[] {
  return xs.slice().sort((a, b) => (codeLess(a, b) ? -1 : codeLess(b, a) ? 1 : 0));
}
function commonPrefix(xs: string[]): string {
  let p = stringChars(xs[0]);
  for (const s of xs.slice(1)) {
    const c = stringChars(s);
    let i = 0;
    while (i < p.length && i < c.length && p[i] === c[i]) i++;
    p = p.slice(0, i);
  }
  return String.fromCodePoint(...p);
}
const clen = stringLength;
const reverseStr = (s: string) => String.fromCodePoint(...stringChars(s).reverse());

function regexpOptCharset(chars: number[]): string {
  let bracket = "", dash = "", caret = "";
  const set = new Set<number>();
  for (const c of chars) {
    if (c === 93) bracket = "]";
    else if (c === 94) caret = "^";
    else if (c === 45) dash = "-";
    else set.add(c);
  }
  const sorted = [...set].sort((a, b) => a - b);
  let charset = "";
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    const start = sorted[i], end = sorted[j];
    if (end > start + 2) charset += String.fromCodePoint(start) + "-" + String.fromCodePoint(end);
    else for (let c = start; c <= end; c++) charset += String.fromCodePoint(c);
    i = j + 1;
  }
  const all = bracket + charset + caret + dash;
  const n = clen(all);
  if (n === 0) return "\\`a\\`";
  if (n === 1) return regexpQuote(all);
  if (all === "^-") return "[-^]";
  return "[" + all + "]";
}

function regexpOptGroup(strings: string[], paren: string | boolean = false, lax = false): string {
  const openGroup = typeof paren === "string" ? paren : paren ? "\\(?:" : "";
  const closeGroup = paren ? "\\)" : "";
  const openCharset = lax ? "" : openGroup;
  const closeCharset = lax ? "" : closeGroup;
  if (strings.length === 0) return "";
  if (strings.length === 1) {
    if (clen(strings[0]) === 1) return openCharset + regexpQuote(strings[0]) + closeCharset;
    return openGroup + regexpQuote(strings[0]) + closeGroup;
  }
  if (clen(strings[0]) === 0) return openCharset + regexpOptGroup(strings.slice(1), true, true) + "?" + closeCharset;
  if (clen(strings[0]) === 1 && strings.slice(1).some((s) => clen(s) === 1)) {
    const letters: number[] = [];
    const rest: string[] = [];
    for (const s of strings) {
      if (clen(s) === 1) letters.unshift(stringChars(s)[0]);
      else rest.unshift(s);
    }
    if (rest.length) {
      return openGroup + regexpOptGroup(rest.reverse()) + "\\|" + regexpOptCharset(letters) + closeGroup;
    }
    return openCharset + regexpOptCharset(letters) + closeCharset;
  }
  const prefix = commonPrefix(strings);
  if (clen(prefix) > 0) {
    const n = clen(prefix);
    const suffixes = strings.map((s) => String.fromCodePoint(...stringChars(s).slice(n)));
    return openGroup + regexpQuote(prefix) + regexpOptGroup(suffixes, true, true) + closeGroup;
  }
  const xiffus = commonPrefix(strings.map(reverseStr));
  if (clen(xiffus) > 0) {
    const n = clen(xiffus);
    const prefixes = sortStrings(strings.map((s) => {
      const cs = stringChars(s);
      return String.fromCodePoint(...cs.slice(0, cs.length - n));
    }));
    return openGroup + regexpOptGroup(prefixes, true, true) + regexpQuote(reverseStr(xiffus)) + closeGroup;
  }
  const ch = stringChars(strings[0])[0];
  const half1 = strings.filter((s) => stringChars(s)[0] === ch);
  const half2 = strings.slice(half1.length);
  return openGroup + regexpOptGroup(half1) + "\\|" + regexpOptGroup(half2) + closeGroup;
}

defsubr("regexp-opt", (strings: L, paren: L) => {
  if (Array.isArray(strings)) {
    for (const s of strings) if (typeof s !== "string") wrongType("stringp", s);
    wrongType("listp", sortStrings(strings as string[]));
  }
  if (strings !== NIL && !(strings instanceof Cons)) wrongType("sequencep", strings);
  const strs = listToArray(strings).map((s) => {
    if (typeof s !== "string") wrongType("stringp", s);
    return s;
  });
  const open = typeof paren === "string" ? paren : paren !== NIL ? "\\(" : null;
  let re: string;
  if (strs.length) {
    const sorted = sortStrings(strs);
    const dedup: string[] = [];
    for (const s of sorted) if (!dedup.includes(s)) dedup.push(s);
    re = regexpOptGroup(dedup, open ?? true, open === null);
  } else re = (open ?? "\\(?:") + "\\`a\\`" + "\\)";
  if (paren === intern("words")) return "\\<" + re + "\\>";
  if (paren === intern("symbols")) return "\\_<" + re + "\\_>";
  return re;
}, { min: 1, max: 2 });

/** subr.el's subregexp-context-p: is POS in a normal context of REGEXP (parsing from START)? */
function subregexpContextP(chars: number[], pos: number, start: number): boolean {
  try {
    parseRegexp(String.fromCodePoint(...chars.slice(start, pos)));
    return true;
  } catch (e) {
    const msg = e instanceof LispSignal && e.data instanceof Cons ? e.data.car : null;
    return !(msg === "Unmatched [ or [^" || msg === "Unmatched \\{" || msg === "Trailing backslash");
  }
}

defsubr("regexp-opt-depth", (regexp: L) => {
  if (typeof regexp !== "string") wrongType("stringp", regexp);
  parseRegexp(regexp);
  // As regexp-opt.el counts: each "\\(" not followed by "?N:", in a normal context.
  const P = stringChars(regexp);
  let count = 0;
  let start = 0;
  let last = 0;
  for (;;) {
    let i = start;
    while (i + 1 < P.length && !(P[i] === 92 && P[i + 1] === 40)) i++;
    if (i + 1 >= P.length) break;
    let end = i + 2;
    let shy = false;
    if (P[end] === 63) {
      let j = end + 1;
      while (j < P.length && P[j] >= 48 && P[j] <= 57) j++;
      if (P[j] === 58) {
        shy = true;
        end = j + 1;
      }
    }
    start = end;
    if (!shy && subregexpContextP(P, i, last)) {
      last = start;
      count++;
    }
  }
  return count;
});

defsubr("regexp-opt-charset", (chars: L) => {
  const cs = listToArray(chars).map((c) => {
    if (typeof c !== "number") wrongType("characterp", c);
    return c;
  });
  return regexpOptCharset(cs);
});

export { makeSymbol, specbind, specpdlDepth, unbindTo, Sym };

// replace-string-in-region / replace-regexp-in-region (subr.el, Emacs 28), with
// their quirk: END is not moved as replacements change the text's length.
function replaceInRegion(regexp: boolean, pattern: L, replacement: L, start: L, end: L): L {
  if (typeof pattern !== "string") wrongType("stringp", pattern);
  if (typeof replacement !== "string") wrongType("stringp", replacement);
  const b = currentBuffer();
  let s: number;
  if (start !== NIL) {
    s = fixPosition(start);
    if (s < b.begv) error("Start before start of buffer");
  } else s = b.pt;
  let e: number;
  if (end !== NIL) {
    e = fixPosition(end);
    if (e > b.zv) error("End after end of buffer");
  } else e = b.zv;
  return bufferForms.saveExcursion(() => {
    const depth = specpdlDepth();
    try {
      specbind(caseFoldSym, NIL);
      let matches = 0;
      b.setPoint(s);
      while (searchCommand(pattern, e, T, NIL, 1, regexp) !== NIL) {
        if (regexp) replaceMatch(replacement, T, NIL, NIL, NIL);
        else {
          const regs = fullRegs();
          b.delete(regs[0], regs[1]);
          b.insert(b.pt, replacement, true);
        }
        matches++;
        pollInterrupt();
      }
      return matches === 0 ? NIL : matches;
    } finally {
      unbindTo(depth);
    }
  });
}

defsubr("replace-string-in-region", (s: L, r: L, start: L, end: L) => replaceInRegion(false, s, r, start, end), { min: 2, max: 4 });
defsubr("replace-regexp-in-region", (s: L, r: L, start: L, end: L) => replaceInRegion(true, s, r, start, end), { min: 2, max: 4 });
