// casefiddle.c: upcase, downcase, capitalize, upcase-initials on characters
// and strings. Characters use the simple (one-to-one) case mapping with
// Emacs 28's own exceptions; strings also apply Unicode special casing
// ("ß" -> "SS", "ﬁ" -> "FI"), and final sigma when downcasing, as Emacs does.
// Words for capitalize are runs of letters, digits and marks (the standard
// syntax table's word constituents).
import { L, LispFloat } from "../types.js";
import { wrongType } from "../errors.js";
import { defsubr } from "../subr.js";

// Characters whose Emacs 28 case mapping differs from the Unicode simple
// mapping JS derives: [char, upcase, downcase].
const EXCEPTIONS: [number, number, number][] = [
  [0xdf, 0x1e9e, 0xdf], // ß upcases to ẞ as a character
  [0x131, 0x131, 0x131], // dotless i
  [0x17f, 0x17f, 0x17f], // long s
  [0x212a, 0x212a, 0x212a], // Kelvin sign
  [0x130, 0x130, 0x130], // İ
];
// Greek letters with ypogegrammeni upcase to their titlecase forms.
for (const base of [0x1f80, 0x1f90, 0x1fa0]) {
  for (let i = 0; i < 8; i++) EXCEPTIONS.push([base + i, base + 8 + i, base + i]);
}
EXCEPTIONS.push([0x1fb3, 0x1fbc, 0x1fb3], [0x1fc3, 0x1fcc, 0x1fc3], [0x1ff3, 0x1ffc, 0x1ff3]);

const upCache = new Map<number, number>();
const downCache = new Map<number, number>();
for (const [c, u, d] of EXCEPTIONS) {
  upCache.set(c, u);
  downCache.set(c, d);
}

function single(s: string, c: number): number {
  const cp = s.codePointAt(0)!;
  return s.length === (cp > 0xffff ? 2 : 1) ? cp : c;
}

export function charUpcase(c: number): number {
  if (c < 128) return c >= 97 && c <= 122 ? c - 32 : c;
  if (c > 0x10ffff) return c;
  let r = upCache.get(c);
  if (r === undefined) {
    r = single(String.fromCodePoint(c).toUpperCase(), c);
    upCache.set(c, r);
  }
  return r;
}

export function charDowncase(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  if (c > 0x10ffff) return c;
  let r = downCache.get(c);
  if (r === undefined) {
    r = single(String.fromCodePoint(c).toLowerCase(), c);
    downCache.set(c, r);
  }
  return r;
}

/** Titlecase of a character (dz digraphs and Greek with ypogegrammeni differ from upcase). */
export function charTitlecase(c: number): number {
  switch (c) {
    case 0x1c4: case 0x1c5: case 0x1c6: return 0x1c5;
    case 0x1c7: case 0x1c8: case 0x1c9: return 0x1c8;
    case 0x1ca: case 0x1cb: case 0x1cc: return 0x1cb;
    case 0x1f1: case 0x1f2: case 0x1f3: return 0x1f2;
  }
  return charUpcase(c);
}

const WORD = /[\p{L}\p{N}\p{M}]/u;
export function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c > 0x10ffff) return false;
  return WORD.test(String.fromCodePoint(c));
}

/** Upcase one character of a string, with special casing (may give several characters). */
function upcaseInString(c: number): string {
  if (c < 128) return String.fromCharCode(c >= 97 && c <= 122 ? c - 32 : c);
  if (c > 0x10ffff) return String.fromCharCode(c - 0x3fff00);
  const s = String.fromCodePoint(c);
  const u = s.toUpperCase();
  if (u.length > 1 && single(u, -1) === -1 && c !== 0x130) return u; // special casing
  return String.fromCodePoint(charUpcase(c));
}

function titlecaseInString(c: number): string {
  const t = charTitlecase(c);
  if (t !== charUpcase(c) || c < 128) return String.fromCodePoint(t);
  const s = String.fromCodePoint(c);
  const u = s.toUpperCase();
  if (u.length > 1 && single(u, -1) === -1) {
    // Special casing: first letter upper, the rest lower ("ﬁ" -> "Fi").
    const chars = [...u];
    return chars[0] + chars.slice(1).join("").toLowerCase();
  }
  return String.fromCodePoint(t);
}

function downcaseString(s: string): string {
  let out = "";
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i].codePointAt(0)!;
    if (c < 128) {
      out += String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c);
      continue;
    }
    if (c === 0x3a3) {
      // Final sigma: after a letter and not before one.
      const prev = i > 0 ? chars[i - 1].codePointAt(0)! : 0;
      const next = i + 1 < chars.length ? chars[i + 1].codePointAt(0)! : 0;
      out += isWordChar(prev) && !isWordChar(next) ? "\u03c2" : "\u03c3";
      continue;
    }
    if (c === 0x130) {
      out += "i\u0307";
      continue;
    }
    out += String.fromCodePoint(charDowncase(c));
  }
  return out;
}

function upcaseString(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) ascii = false;
  if (ascii) return s.toUpperCase();
  let out = "";
  for (const ch of s) out += upcaseInString(ch.codePointAt(0)!);
  return out;
}

/** capitalize (all = true: rest of each word downcased) or upcase-initials. */
function capitalizeString(s: string, all: boolean): string {
  let out = "";
  let inWord = false;
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i].codePointAt(0)!;
    const word = isWordChar(c);
    if (!inWord && word) out += titlecaseInString(c);
    else if (inWord && all) {
      if (c === 0x3a3) {
        const next = i + 1 < chars.length ? chars[i + 1].codePointAt(0)! : 0;
        out += isWordChar(next) ? "\u03c3" : "\u03c2";
      } else out += c === 0x130 ? "i\u0307" : String.fromCodePoint(charDowncase(c));
    } else out += chars[i];
    inWord = word;
  }
  return out;
}

function checkCharOrString(x: L): void {
  if (typeof x === "string") return;
  if (typeof x === "number" && x >= 0 && x <= 0x3fffff) return;
  wrongType("char-or-string-p", x);
}

defsubr("upcase", (x: L) => {
  checkCharOrString(x);
  return typeof x === "string" ? upcaseString(x) : charUpcase(x as number);
});
defsubr("downcase", (x: L) => {
  checkCharOrString(x);
  return typeof x === "string" ? downcaseString(x) : charDowncase(x as number);
});
defsubr("capitalize", (x: L) => {
  checkCharOrString(x);
  return typeof x === "string" ? capitalizeString(x, true) : charTitlecase(x as number);
});
defsubr("upcase-initials", (x: L) => {
  checkCharOrString(x);
  return typeof x === "string" ? capitalizeString(x, false) : charTitlecase(x as number);
});

export { LispFloat };
