// syntax.c: word motion, skip-chars-*, skip-syntax-*, char-syntax, over the
// current buffer's syntax table (Emacs's standard table; *scratch* has
// emacs-lisp-mode's, as in `emacs --batch`).
import { L, NIL, T, bool, stringChars } from "../types.js";
import { error, wrongType } from "../errors.js";
import { defsubr } from "../subr.js";
import { Buffer, currentBuffer } from "../buffer.js";
import {
  Syn, SYNTAX_DESIGNATORS, syntaxSpecCode, charsetSet, CLASS_NAMES, rangeHas, RangeSet,
} from "../regexp.js";
import { fixPosition } from "./marker.js";

/** Emacs's scan_words: the position after COUNT words from FROM, or 0 when the buffer ends first. */
export function scanWords(b: Buffer, from: number, count: number): number {
  const syn = b.syntax;
  const isWord = (pos: number) => syn.syntax(b.charAt(pos)) === Syn.Word;
  while (count > 0) {
    for (;;) {
      if (from >= b.zv) return 0;
      const w = isWord(from);
      from++;
      if (w) break;
    }
    while (from < b.zv && isWord(from)) from++;
    count--;
  }
  while (count < 0) {
    for (;;) {
      if (from <= b.begv) return 0;
      const w = isWord(from - 1);
      from--;
      if (w) break;
    }
    while (from > b.begv && isWord(from - 1)) from--;
    count++;
  }
  return from;
}

function forwardWord(arg: L): L {
  const n = arg === NIL ? 1 : typeof arg === "number" ? arg : wrongType("fixnump", arg);
  const b = currentBuffer();
  const orig = scanWords(b, b.pt, n);
  const val = orig === 0 ? (n > 0 ? b.zv : b.begv) : orig;
  b.setPoint(val);
  return bool(val === orig);
}

defsubr("forward-word", forwardWord, { min: 0, max: 1 });
defsubr("backward-word", (arg: L) => forwardWord(arg === NIL ? -1 : typeof arg === "number" ? -arg : wrongType("fixnump", arg)), {
  min: 0, max: 1,
});

/** Parse a skip-chars-forward spec into the set of characters it skips. */
function skipSet(spec: string, b: Buffer): RangeSet {
  const P = stringChars(spec);
  let i = 0;
  let neg = false;
  if (P.length > 0 && P[0] === 94) {
    neg = true;
    i = 1;
  }
  const ranges: number[] = [];
  const classes: string[] = [];
  while (i < P.length) {
    let c = P[i++];
    if (c === 91 && i < P.length && P[i] === 58) {
      let e = i + 1;
      while (e < P.length - 2 && P[e] >= 97 && P[e] <= 122) e++;
      if (e !== i + 1 && P[e] === 58 && P[e + 1] === 93) {
        const name = String.fromCodePoint(...P.slice(i + 1, e));
        if (!CLASS_NAMES.has(name)) error("Invalid ISO C character class");
        classes.push(name);
        i = e + 2;
        continue;
      }
    }
    if (c === 92) {
      if (i === P.length) break;
      c = P[i++];
    }
    if (i + 1 < P.length && P[i] === 45) {
      i++;
      let c2 = P[i++];
      if (c2 === 92 && i < P.length) c2 = P[i++];
      if (c <= c2) ranges.push(c, c2);
    } else ranges.push(c, c);
  }
  return charsetSet({ neg, ranges, classes }, false, b.syntax);
}

function limitArg(b: Buffer, lim: L, forward: boolean): number {
  if (lim === NIL) return forward ? b.zv : b.begv;
  const p = fixPosition(lim);
  return Math.max(b.begv, Math.min(p, b.zv));
}

function skipChars(spec: L, lim: L, forward: boolean): number {
  if (typeof spec !== "string") wrongType("stringp", spec);
  const b = currentBuffer();
  const limit = limitArg(b, lim, forward);
  const set = skipSet(spec, b);
  const start = b.pt;
  let p = start;
  if (forward) while (p < limit && rangeHas(set, b.charAt(p))) p++;
  else while (p > limit && rangeHas(set, b.charAt(p - 1))) p--;
  b.pt = p;
  return p - start;
}

defsubr("skip-chars-forward", (s: L, lim: L) => skipChars(s, lim, true), { min: 1, max: 2 });
defsubr("skip-chars-backward", (s: L, lim: L) => skipChars(s, lim, false), { min: 1, max: 2 });

function skipSyntax(spec: L, lim: L, forward: boolean): number {
  if (typeof spec !== "string") wrongType("stringp", spec);
  const b = currentBuffer();
  const limit = limitArg(b, lim, forward);
  const P = stringChars(spec);
  let neg = false;
  let i = 0;
  if (P[0] === 94) {
    neg = true;
    i = 1;
  }
  const codes = new Set<number>();
  for (; i < P.length; i++) {
    const code = syntaxSpecCode(P[i]);
    if (code < 0) error(`Invalid syntax description letter: ${String.fromCodePoint(P[i])}`);
    codes.add(code);
  }
  const ok = (c: number) => codes.has(b.syntax.syntax(c)) !== neg;
  const start = b.pt;
  let p = start;
  if (forward) while (p < limit && ok(b.charAt(p))) p++;
  else while (p > limit && ok(b.charAt(p - 1))) p--;
  b.pt = p;
  return p - start;
}

defsubr("skip-syntax-forward", (s: L, lim: L) => skipSyntax(s, lim, true), { min: 1, max: 2 });
defsubr("skip-syntax-backward", (s: L, lim: L) => skipSyntax(s, lim, false), { min: 1, max: 2 });

defsubr("char-syntax", (c: L) => {
  if (typeof c !== "number" || c < 0 || c > 0x3fffff) wrongType("characterp", c);
  return SYNTAX_DESIGNATORS.charCodeAt(currentBuffer().syntax.syntax(c));
});
defsubr("syntax-class-to-char", (n: L) => {
  if (typeof n !== "number") wrongType("fixnump", n);
  if (n < 0 || n >= SYNTAX_DESIGNATORS.length) error(`Invalid syntax class ${n}`);
  return SYNTAX_DESIGNATORS.charCodeAt(n);
});

export { T };
