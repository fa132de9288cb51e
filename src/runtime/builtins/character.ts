// character.c (and a little of editfns.c and mule-util.el): characters,
// display widths, and the conversions between characters and strings.
//
// Representation (see DESIGN.md): a string is a JS string and its characters
// are code points. Emacs characters run up to #x3FFFFF, beyond Unicode:
// in a string, a raw-byte character #x3FFF80..#x3FFFFF is stored as the byte
// itself (char 128..255, the representation of unibyte text here), and the
// other non-Unicode characters become U+FFFD. A string counts as multibyte
// when it holds a character above 127 (so byte strings with high bytes answer
// `multibyte-string-p` t where Emacs says nil: a deliberate difference).
import { L, NIL, T, Cons, bool, list, stringChars, stringLength } from "../types.js";
import { defvar, intern } from "../symbols.js";
import { wrongType, argsOutOfRange, signal } from "../errors.js";
import { defsubr, type SubrOptions } from "../subr.js";
import { symbolValue } from "../eval.js";
import { charUpcase, charDowncase } from "./casefiddle.js";

export const MAX_CHAR = 0x3fffff;

export function isChar(x: L): x is number {
  return typeof x === "number" && x >= 0 && x <= MAX_CHAR;
}

export function checkChar(x: L): number {
  if (typeof x === "number" && x >= 0 && x <= MAX_CHAR) return x;
  wrongType("characterp", x);
}

/** The JS string for one character (see the representation note above). */
export function charString(c: number): string {
  if (c < 0x10000) return String.fromCharCode(c);
  if (c <= 0x10ffff) return String.fromCodePoint(c);
  if (c >= 0x3fff80) return String.fromCharCode(c - 0x3fff00);
  return "\uFFFD";
}

// Character indexing: strings without astral characters index directly; for
// the others, the UTF-16 offset of every character is computed once and kept
// for the most recent string, so loops of `aref` over one string stay linear.
let cacheStr: string | null = null;
let cacheOffsets: Uint32Array | null = null;
const SURROGATES = /[\uD800-\uDFFF]/;

/** UTF-16 offsets of each character of S (plus the end), or null when they equal the indexes. */
export function charOffsets(s: string): Uint32Array | null {
  if (s === cacheStr) return cacheOffsets;
  cacheStr = s;
  if (s.length < 2 || !SURROGATES.test(s)) return (cacheOffsets = null);
  const out = new Uint32Array(s.length + 1);
  let n = 0;
  for (let u = 0; u < s.length; n++) {
    out[n] = u;
    const c = s.charCodeAt(u);
    u += c >= 0xd800 && c <= 0xdbff && u + 1 < s.length && (s.charCodeAt(u + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  out[n] = s.length;
  return (cacheOffsets = out.subarray(0, n + 1));
}

/** Length of S in characters. */
export function strLength(s: string): number {
  const o = charOffsets(s);
  return o ? o.length - 1 : s.length;
}

/** Character I of S (0 <= I < length). */
export function strCharAt(s: string, i: number): number {
  const o = charOffsets(s);
  return o ? s.codePointAt(o[i])! : s.charCodeAt(i);
}

/** Characters FROM..TO of S (0 <= FROM <= TO <= length). */
export function strSlice(s: string, from: number, to: number): string {
  const o = charOffsets(s);
  return o ? s.slice(o[from], o[to]) : s.slice(from, to);
}

/** Character index of UTF-16 offset U in S. */
export function strCharIndex(s: string, u: number): number {
  const o = charOffsets(s);
  if (!o) return u;
  let lo = 0;
  let hi = o.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (o[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function charsToString(chars: readonly number[]): string {
  let s = "";
  for (let i = 0; i < chars.length; i++) s += charString(chars[i]);
  return s;
}

// ---------------------------------------------------------------------------
// Display width. Ranges of characters (from 256 up) whose width is 0 or 2,
// as Emacs 28's char-width-table has them (Unicode East Asian Wide/Fullwidth,
// combining and format characters); everything else is 1.
// prettier-ignore
const WIDTH_RANGES = [
0x300,0x36f,0, 0x483,0x489,0, 0x591,0x5bd,0, 0x5bf,0x5bf,0, 0x5c1,0x5c2,0, 0x5c4,0x5c5,0, 
0x5c7,0x5c7,0, 0x600,0x605,0, 0x610,0x61c,0, 0x64b,0x65f,0, 0x670,0x670,0, 0x6d6,0x6e4,0, 
0x6e7,0x6e8,0, 0x6ea,0x6ed,0, 0x70f,0x70f,0, 0x711,0x711,0, 0x730,0x74a,0, 0x7a6,0x7b0,0, 
0x7eb,0x7f3,0, 0x816,0x823,0, 0x825,0x82d,0, 0x859,0x85b,0, 0x8d4,0x902,0, 0x93a,0x93a,0, 
0x93c,0x93c,0, 0x941,0x948,0, 0x94d,0x94d,0, 0x951,0x957,0, 0x962,0x963,0, 0x981,0x981,0, 
0x9bc,0x9bc,0, 0x9c1,0x9c4,0, 0x9cd,0x9cd,0, 0x9e2,0x9e3,0, 0xa01,0xa02,0, 0xa3c,0xa3c,0, 
0xa41,0xa4d,0, 0xa51,0xa51,0, 0xa70,0xa71,0, 0xa75,0xa75,0, 0xa81,0xa82,0, 0xabc,0xabc,0, 
0xac1,0xac8,0, 0xacd,0xacd,0, 0xae2,0xae3,0, 0xb01,0xb01,0, 0xb3c,0xb3c,0, 0xb3f,0xb3f,0, 
0xb41,0xb44,0, 0xb4d,0xb56,0, 0xb62,0xb63,0, 0xb82,0xb82,0, 0xbc0,0xbc0,0, 0xbcd,0xbcd,0, 
0xc00,0xc00,0, 0xc3e,0xc40,0, 0xc46,0xc56,0, 0xc62,0xc63,0, 0xc81,0xc81,0, 0xcbc,0xcbc,0, 
0xccc,0xccd,0, 0xce2,0xce3,0, 0xd01,0xd01,0, 0xd41,0xd44,0, 0xd4d,0xd4d,0, 0xd62,0xd63,0, 
0xd81,0xd81,0, 0xdca,0xdca,0, 0xdd2,0xdd6,0, 0xe31,0xe31,0, 0xe34,0xe3a,0, 0xe47,0xe4e,0, 
0xeb1,0xeb1,0, 0xeb4,0xebc,0, 0xec8,0xecd,0, 0xf18,0xf19,0, 0xf35,0xf35,0, 0xf37,0xf37,0, 
0xf39,0xf39,0, 0xf71,0xf7e,0, 0xf80,0xf84,0, 0xf86,0xf87,0, 0xf8d,0xfbc,0, 0xfc6,0xfc6,0, 
0x102d,0x1030,0, 0x1032,0x1037,0, 0x1039,0x103a,0, 0x103d,0x103e,0, 0x1058,0x1059,0, 0x105e,0x1060,0, 
0x1071,0x1074,0, 0x1082,0x1082,0, 0x1085,0x1086,0, 0x108d,0x108d,0, 0x109d,0x109d,0, 0x1100,0x115f,2, 
0x1160,0x11ff,0, 0x135d,0x135f,0, 0x1712,0x1714,0, 0x1732,0x1734,0, 0x1752,0x1753,0, 0x1772,0x1773,0, 
0x17b4,0x17b5,0, 0x17b7,0x17bd,0, 0x17c6,0x17c6,0, 0x17c9,0x17d3,0, 0x17dd,0x17dd,0, 0x180b,0x180e,0, 
0x1885,0x1886,0, 0x18a9,0x18a9,0, 0x1920,0x1922,0, 0x1927,0x1928,0, 0x1932,0x1932,0, 0x1939,0x193b,0, 
0x1a17,0x1a18,0, 0x1a1b,0x1a1b,0, 0x1a56,0x1a56,0, 0x1a58,0x1a5e,0, 0x1a60,0x1a60,0, 0x1a62,0x1a62,0, 
0x1a65,0x1a6c,0, 0x1a73,0x1a7c,0, 0x1a7f,0x1a7f,0, 0x1ab0,0x1ac0,0, 0x1b00,0x1b03,0, 0x1b34,0x1b34,0, 
0x1b36,0x1b3a,0, 0x1b3c,0x1b3c,0, 0x1b42,0x1b42,0, 0x1b6b,0x1b73,0, 0x1b80,0x1b81,0, 0x1ba2,0x1ba5,0, 
0x1ba8,0x1ba9,0, 0x1bab,0x1bad,0, 0x1be6,0x1be6,0, 0x1be8,0x1be9,0, 0x1bed,0x1bed,0, 0x1bef,0x1bf1,0, 
0x1c2c,0x1c33,0, 0x1c36,0x1c37,0, 0x1cd0,0x1cd2,0, 0x1cd4,0x1ce0,0, 0x1ce2,0x1ce8,0, 0x1ced,0x1ced,0, 
0x1cf4,0x1cf4,0, 0x1cf8,0x1cf9,0, 0x1dc0,0x1dff,0, 0x200b,0x200f,0, 0x202a,0x202e,0, 0x2060,0x206f,0, 
0x20d0,0x20f0,0, 0x231a,0x231b,2, 0x2329,0x232a,2, 0x23e9,0x23ec,2, 0x23f0,0x23f0,2, 0x23f3,0x23f3,2, 
0x25fd,0x25fe,2, 0x2614,0x2615,2, 0x2648,0x2653,2, 0x267f,0x267f,2, 0x2693,0x2693,2, 0x26a1,0x26a1,2, 
0x26aa,0x26ab,2, 0x26bd,0x26be,2, 0x26c4,0x26c5,2, 0x26ce,0x26ce,2, 0x26d4,0x26d4,2, 0x26ea,0x26ea,2, 
0x26f2,0x26f3,2, 0x26f5,0x26f5,2, 0x26fa,0x26fa,2, 0x26fd,0x26fd,2, 0x2705,0x2705,2, 0x270a,0x270b,2, 
0x2728,0x2728,2, 0x274c,0x274c,2, 0x274e,0x274e,2, 0x2753,0x2755,2, 0x2757,0x2757,2, 0x2795,0x2797,2, 
0x27b0,0x27b0,2, 0x27bf,0x27bf,2, 0x2b1b,0x2b1c,2, 0x2b50,0x2b50,2, 0x2b55,0x2b55,2, 0x2cef,0x2cf1,0, 
0x2d7f,0x2d7f,0, 0x2de0,0x2dff,0, 0x2e80,0x303e,2, 0x3040,0x3247,2, 0x3250,0x4dbf,2, 0x4e00,0x9fff,2, 
0xa490,0xa4c6,2, 0xa66f,0xa672,0, 0xa674,0xa69f,0, 0xa6f0,0xa6f1,0, 0xa802,0xa802,0, 0xa806,0xa806,0, 
0xa80b,0xa80b,0, 0xa825,0xa826,0, 0xa82c,0xa82c,0, 0xa8c4,0xa8c5,0, 0xa8e0,0xa8f1,0, 0xa926,0xa92d,0, 
0xa947,0xa951,0, 0xa960,0xa97f,2, 0xa980,0xa9b3,0, 0xa9b6,0xa9b9,0, 0xa9bc,0xa9bc,0, 0xa9e5,0xa9e5,0, 
0xaa29,0xaa2e,0, 0xaa31,0xaa32,0, 0xaa35,0xaa36,0, 0xaa43,0xaa43,0, 0xaa4c,0xaa4c,0, 0xaa7c,0xaa7c,0, 
0xaab0,0xaab0,0, 0xaab2,0xaab4,0, 0xaab7,0xaab8,0, 0xaabe,0xaabf,0, 0xaac1,0xaac1,0, 0xaaec,0xaaed,0, 
0xaaf6,0xaaf6,0, 0xabe5,0xabe5,0, 0xabe8,0xabe8,0, 0xabed,0xabed,0, 0xac00,0xd7a3,2, 0xd7b0,0xd7fb,0, 
0xf900,0xfaff,2, 0xfb1e,0xfb1e,0, 0xfe00,0xfe0f,0, 0xfe10,0xfe19,2, 0xfe20,0xfe2f,0, 0xfe30,0xfe6f,2, 
0xfeff,0xfeff,0, 0xff01,0xff60,2, 0xffe0,0xffe6,2, 0xfff9,0xfffb,0, 0x101fd,0x101fd,0, 0x102e0,0x102e0,0, 
0x10376,0x1037a,0, 0x10a01,0x10a0f,0, 0x10a38,0x10a3f,0, 0x10ae5,0x10ae6,0, 0x10eab,0x10eac,0, 0x11001,0x11001,0, 
0x11038,0x11046,0, 0x1107f,0x11081,0, 0x110b3,0x110b6,0, 0x110b9,0x110ba,0, 0x110bd,0x110bd,0, 0x11100,0x11102,0, 
0x11127,0x1112b,0, 0x1112d,0x11134,0, 0x11173,0x11173,0, 0x11180,0x11181,0, 0x111b6,0x111be,0, 0x111ca,0x111cc,0, 
0x111cf,0x111cf,0, 0x1122f,0x11231,0, 0x11234,0x11234,0, 0x11236,0x11237,0, 0x1123e,0x1123e,0, 0x112df,0x112df,0, 
0x112e3,0x112ea,0, 0x11300,0x11301,0, 0x1133c,0x1133c,0, 0x11340,0x11340,0, 0x11366,0x1136c,0, 0x11370,0x11374,0, 
0x11438,0x1143f,0, 0x11442,0x11444,0, 0x11446,0x11446,0, 0x114b3,0x114b8,0, 0x114ba,0x114c0,0, 0x114c2,0x114c3,0, 
0x115b2,0x115b5,0, 0x115bc,0x115bd,0, 0x115bf,0x115c0,0, 0x115dc,0x115dd,0, 0x11633,0x1163a,0, 0x1163d,0x1163d,0, 
0x1163f,0x11640,0, 0x116ab,0x116ab,0, 0x116ad,0x116ad,0, 0x116b0,0x116b5,0, 0x116b7,0x116b7,0, 0x1171d,0x1171f,0, 
0x11722,0x11725,0, 0x11727,0x1172b,0, 0x1193b,0x1193c,0, 0x1193e,0x1193e,0, 0x11943,0x11943,0, 0x11c30,0x11c36,0, 
0x11c38,0x11c3d,0, 0x11c92,0x11ca7,0, 0x11caa,0x11cb0,0, 0x11cb2,0x11cb3,0, 0x11cb5,0x11cb6,0, 0x16af0,0x16af4,0, 
0x16b30,0x16b36,0, 0x16f8f,0x16f92,0, 0x16fe0,0x16fe4,2, 0x16ff0,0x16ff1,2, 0x17000,0x187f7,2, 0x18800,0x18cd5,2, 
0x1aff0,0x1b152,2, 0x1b164,0x1b167,2, 0x1b170,0x1b2fb,2, 0x1bc9d,0x1bc9e,0, 0x1bca0,0x1bca3,0, 0x1d167,0x1d169,0, 
0x1d173,0x1d182,0, 0x1d185,0x1d18b,0, 0x1d1aa,0x1d1ad,0, 0x1d242,0x1d244,0, 0x1da00,0x1da36,0, 0x1da3b,0x1da6c,0, 
0x1da75,0x1da75,0, 0x1da84,0x1da84,0, 0x1da9b,0x1da9f,0, 0x1daa1,0x1daaf,0, 0x1e000,0x1e006,0, 0x1e008,0x1e018,0, 
0x1e01b,0x1e021,0, 0x1e023,0x1e024,0, 0x1e026,0x1e02a,0, 0x1e8d0,0x1e8d6,0, 0x1e944,0x1e94a,0, 0x1f004,0x1f004,2, 
0x1f0cf,0x1f0cf,2, 0x1f18e,0x1f18e,2, 0x1f191,0x1f19a,2, 0x1f1ad,0x1f1ad,2, 0x1f200,0x1f320,2, 0x1f32d,0x1f335,2, 
0x1f337,0x1f37c,2, 0x1f37e,0x1f393,2, 0x1f3a0,0x1f3ca,2, 0x1f3cf,0x1f3d3,2, 0x1f3e0,0x1f3f0,2, 0x1f3f4,0x1f3f4,2, 
0x1f3f8,0x1f43e,2, 0x1f440,0x1f440,2, 0x1f442,0x1f4fc,2, 0x1f4ff,0x1f53d,2, 0x1f54b,0x1f54e,2, 0x1f550,0x1f567,2, 
0x1f57a,0x1f57a,2, 0x1f595,0x1f596,2, 0x1f5a4,0x1f5a4,2, 0x1f5fb,0x1f64f,2, 0x1f680,0x1f6c5,2, 0x1f6cc,0x1f6cc,2, 
0x1f6d0,0x1f6d2,2, 0x1f6d5,0x1f6d7,2, 0x1f6dd,0x1f6df,2, 0x1f6eb,0x1f6ec,2, 0x1f6f4,0x1f6fc,2, 0x1f7e0,0x1f7f0,2, 
0x1f90c,0x1f93a,2, 0x1f93c,0x1f945,2, 0x1f947,0x1fa53,2, 0x1fa60,0x1fa6d,2, 0x1fa70,0x1fa74,2, 0x1fa78,0x1fa7c,2, 
0x1fa80,0x1fa86,2, 0x1fa90,0x1faac,2, 0x1fab0,0x1faba,2, 0x1fac0,0x1fac5,2, 0x1fad0,0x1fad9,2, 0x1fae0,0x1fae7,2, 
0x1faf0,0x1faf6,2, 0x1fb00,0x1fb92,2, 0x20000,0x3ffff,2, 0xe0001,0xe01ef,0, ];

const tabWidthSym = defvar("tab-width", 8);

export function charWidth(c: number): number {
  if (c < 0x20) return c === 9 ? tabWidth() : c === 10 ? 0 : 2;
  if (c < 0x7f) return 1;
  if (c < 0xa0) return c === 0x7f ? 2 : 4;
  if (c < 0x300) return 1;
  if (c > 0x10ffff) return c >= 0x3fff80 ? 4 : 1;
  // Binary search over the ranges.
  let lo = 0;
  let hi = WIDTH_RANGES.length / 3 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const start = WIDTH_RANGES[mid * 3];
    if (c < start) hi = mid - 1;
    else if (c > WIDTH_RANGES[mid * 3 + 1]) lo = mid + 1;
    else return WIDTH_RANGES[mid * 3 + 2];
  }
  return 1;
}

function tabWidth(): number {
  const v = tabWidthSym.hasLocals ? symbolValue(tabWidthSym) : tabWidthSym.value;
  return typeof v === "number" && v > 0 && v <= 1000 ? v : 8;
}

export function stringWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u >= 0x20 && u < 0x7f) w++;
    else {
      const c = s.codePointAt(i)!;
      if (c > 0xffff) i++;
      w += charWidth(c);
    }
  }
  return w;
}

defsubr("char-width", (c: L) => charWidth(checkChar(c)));

defsubr("string-width", (s: L, from: L, to: L) => {
  if (typeof s !== "string") wrongType("stringp", s);
  if (from === NIL && to === NIL) return stringWidth(s);
  const chars = stringChars(s);
  const n = chars.length;
  let f = from === NIL ? 0 : from;
  let t = to === NIL ? n : to;
  if (typeof f !== "number") wrongType("integerp", f);
  if (typeof t !== "number") wrongType("integerp", t);
  if (f < 0) f += n;
  if (t < 0) t += n;
  if (!(0 <= f && f <= t && t <= n)) argsOutOfRange(s, from, to);
  let w = 0;
  for (let i = f; i < t; i++) w += charWidth(chars[i]);
  return w;
}, { min: 1, max: 3 });

// mule-util.el's truncate-string-to-width, natively.
defsubr("truncate-string-to-width", (str: L, endColumn: L, startColumn: L, padding: L, ellipsis: L) => {
  if (typeof str !== "string") wrongType("sequencep", str);
  if (typeof endColumn !== "number") wrongType("number-or-marker-p", endColumn);
  const start = startColumn === NIL ? 0 : startColumn;
  if (typeof start !== "number") wrongType("number-or-marker-p", start);
  const pad = padding === NIL ? null : checkChar(padding);
  // Padding beyond what a JS string holds.
  if (pad !== null && (endColumn > 1 << 28 || start > 1 << 28)) signal("memory-full", NIL);
  let ell = "";
  if (ellipsis !== NIL) ell = typeof ellipsis === "string" ? ellipsis : "\u2026";
  const chars = stringChars(str);
  const strWidth = stringWidth(str);
  const ellWidth = ellipsis !== NIL ? stringWidth(ell) : 0;
  let idx = 0;
  let column = 0;
  while (column < start && idx < chars.length) column += charWidth(chars[idx++]);
  if (column < start) return pad === null ? "" : charString(pad).repeat(Math.max(0, endColumn));
  let head = "";
  let tail = "";
  if (pad !== null && column > start) head = charString(pad).repeat(column - start);
  const fromIdx = idx;
  let end = endColumn;
  if (end >= column) {
    if (end < strWidth && strWidth > ellWidth) end -= ellWidth;
    else ell = "";
    let lastColumn = column;
    let lastIdx = idx;
    while (column < end && idx < chars.length) {
      lastColumn = column;
      lastIdx = idx;
      column += charWidth(chars[idx++]);
    }
    if (column > end) {
      column = lastColumn;
      idx = lastIdx;
    }
    if (pad !== null && column < end) tail = charString(pad).repeat(end - column);
  } else {
    ell = "";
  }
  return head + charsToString(chars.slice(fromIdx, Math.max(fromIdx, idx))) + tail + ell;
}, { min: 2, max: 6 });

// ---------------------------------------------------------------------------
// Characters and strings

defsubr("char-to-string", (c: L) => charString(checkChar(c)));
defsubr("string-to-char", (s: L) => {
  if (typeof s !== "string") wrongType("stringp", s);
  return s.length === 0 ? 0 : s.codePointAt(0)!;
});
defsubr("string", (args: L[]) => {
  let s = "";
  for (let i = 0; i < args.length; i++) s += charString(checkChar(args[i]));
  return s;
}, { max: "many" });
defsubr("max-char", () => MAX_CHAR);
defsubr("characterp", (x: L) => bool(isChar(x)), { min: 1, max: 2 });
defsubr("char-or-string-p", (x: L) => bool(isChar(x) || typeof x === "string"));

const caseFoldSearch = defvar("case-fold-search", T);
defsubr("char-equal", (a: L, b: L) => {
  const c1 = checkChar(a);
  const c2 = checkChar(b);
  if (c1 === c2) return T;
  const fold = caseFoldSearch.hasLocals ? symbolValue(caseFoldSearch) : caseFoldSearch.value;
  if (fold === NIL) return NIL;
  return bool(charDowncase(c1) === charDowncase(c2));
});

/** A string is multibyte here when it holds a non-ASCII character. */
export function isMultibyte(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return true;
  return false;
}

/** Bytes of a string in Emacs's internal (UTF-8 based) representation. */
export function stringBytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u < 0x80) n++;
    else if (u < 0x800) n += 2;
    else if (u >= 0xd800 && u <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

defsubr("multibyte-string-p", (s: L) => bool(typeof s === "string" && isMultibyte(s)));
defsubr("string-bytes", (s: L) => {
  if (typeof s !== "string") wrongType("stringp", s);
  return stringBytes(s);
});
defsubr("unibyte-char-to-multibyte", (c: L) => {
  const ch = checkChar(c);
  return ch >= 0x80 && ch < 0x100 ? ch + 0x3fff00 : ch;
});
defsubr("multibyte-char-to-unibyte", (c: L) => {
  const ch = checkChar(c);
  if (ch < 0x100) return ch;
  if (ch >= 0x3fff80) return ch - 0x3fff00;
  return -1;
});
defsubr("char-displayable-p", (c: L) => bool(isChar(c) && c <= 0x10ffff));

// ---------------------------------------------------------------------------
// Text properties on strings (textprop.c). Strings carry no properties here:
// `propertize` returns its string, lookups answer nil, and changes are
// accepted (with Emacs's return values for a string that had none). Buffer
// text properties belong to the buffer module, whose definitions win.

function defsubrIfVoid(name: string, fn: (...args: any[]) => L, opts: SubrOptions = {}): void {
  if (intern(name).fn === NIL) defsubr(name, fn, opts);
}

function checkPosition(x: L): number {
  if (typeof x === "number") return x;
  wrongType("integer-or-marker-p", x);
}

/** Validate START..END against a string OBJECT; other objects (buffers) pass. */
function checkStringRange(start: L, end: L, object: L): void {
  const s = checkPosition(start);
  const e = checkPosition(end);
  if (typeof object !== "string") return;
  const n = stringLength(object);
  if (!(0 <= Math.min(s, e) && Math.max(s, e) <= n)) argsOutOfRange(start, end);
}

function checkStringPos(pos: L, object: L): void {
  const p = checkPosition(pos);
  if (typeof object === "string" && !(p >= 0 && p <= stringLength(object))) argsOutOfRange(pos, pos);
}

defsubrIfVoid("propertize", (args: L[]) => {
  const s = args[0];
  if (typeof s !== "string") wrongType("stringp", s);
  if ((args.length - 1) % 2 !== 0) signal("wrong-number-of-arguments", list(intern("propertize"), args.length));
  return s;
}, { min: 1, max: "many" });
defsubrIfVoid("get-text-property", (pos: L, _prop: L, object: L) => (checkStringPos(pos, object), NIL), { min: 2, max: 3 });
defsubrIfVoid("get-char-property", (pos: L, _prop: L, object: L) => (checkStringPos(pos, object), NIL), { min: 2, max: 3 });
defsubrIfVoid("get-pos-property", (pos: L, _prop: L, object: L) => (checkStringPos(pos, object), NIL), { min: 2, max: 3 });
defsubrIfVoid("text-properties-at", (pos: L, object: L) => {
  checkStringPos(pos, object);
  return NIL;
}, { min: 1, max: 2 });
defsubrIfVoid("set-text-properties", (start: L, end: L, props: L, object: L) => {
  checkStringRange(start, end, object);
  return props === NIL ? NIL : T;
}, { min: 3, max: 4 });
defsubrIfVoid("add-text-properties", (start: L, end: L, props: L, object: L) => {
  checkStringRange(start, end, object);
  return props instanceof Cons && start !== end ? T : NIL;
}, { min: 3, max: 4 });
defsubrIfVoid("put-text-property", (start: L, end: L, _prop: L, _value: L, object: L) => {
  checkStringRange(start, end, object);
  return NIL;
}, { min: 4, max: 5 });
defsubrIfVoid("remove-text-properties", (start: L, end: L, _props: L, object: L) => {
  checkStringRange(start, end, object);
  return NIL;
}, { min: 3, max: 4 });
defsubrIfVoid("remove-list-of-text-properties", (start: L, end: L, _props: L, object: L) => {
  checkStringRange(start, end, object);
  return NIL;
}, { min: 3, max: 4 });
defsubrIfVoid("next-single-property-change", (pos: L, _prop: L, object: L, limit: L) => {
  checkPosition(pos);
  return limit;
}, { min: 2, max: 4 });
defsubrIfVoid("next-property-change", (pos: L, object: L, limit: L) => {
  checkPosition(pos);
  void object;
  return limit;
}, { min: 1, max: 3 });
defsubrIfVoid("previous-single-property-change", (pos: L, _prop: L, object: L, limit: L) => {
  checkPosition(pos);
  void object;
  return limit;
}, { min: 2, max: 4 });
defsubrIfVoid("text-property-any", (start: L, end: L, _prop: L, value: L, object: L) => {
  checkStringRange(start, end, object);
  return value === NIL && (start as number) < (end as number) ? start : NIL;
}, { min: 4, max: 5 });
defsubrIfVoid("text-property-not-all", (start: L, end: L, _prop: L, value: L, object: L) => {
  checkStringRange(start, end, object);
  return value !== NIL && (start as number) < (end as number) ? start : NIL;
}, { min: 4, max: 5 });

