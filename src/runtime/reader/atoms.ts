// Atoms: numbers in the spellings Emacs 28 accepts (lread.c string_to_number)
// and symbol names with backslash escapes.
import { L, LispFloat, normInt } from "../types.js";

const nanView = new DataView(new ArrayBuffer(8));

/** A NaN with the given sign and payload, as `0.0e+NaN`, `-0.0e+NaN` and `5.0e+NaN` read in Emacs. */
export function makeNaN(negative: boolean, payload: number): number {
  const p = Math.max(0, Math.min(payload, 2 ** 51 - 1));
  nanView.setUint32(0, (negative ? 0x80000000 : 0) | 0x7ff80000 | Math.floor(p / 2 ** 32), false);
  nanView.setUint32(4, p >>> 0, false);
  return nanView.getFloat64(0, false);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The number a token spells, or undefined when it is a symbol.
 * `1.` is the integer 1; `.5`, `1e3`, `1.e3`, `1.0e+INF`, `0.0e+NaN` are floats;
 * `1e`, `.e3`, `1.5.3`, `+` are symbols.
 */
export function parseNumber(s: string): L | undefined {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  const negative = c === 45;
  if (c === 43 || c === 45) i++;
  const leadStart = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  const leadEnd = i;
  const lead = leadEnd > leadStart;
  let trail = false;
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    const t = i;
    while (i < n && isDigit(s.charCodeAt(i))) i++;
    trail = i > t;
  }
  if (i === n) {
    if (lead && !trail) return parseInteger(s, negative, leadStart, leadEnd);
    if (trail) return new LispFloat(Number(s));
    return undefined;
  }
  c = s.charCodeAt(i);
  if ((c !== 101 && c !== 69) || !(lead || trail)) return undefined;
  i++;
  c = s.charCodeAt(i);
  if (c === 43 && n - i === 4) {
    const word = s.slice(i + 1);
    if (word === "INF") return new LispFloat(negative ? -Infinity : Infinity);
    if (word === "NaN") {
      const payload = lead ? Number(s.slice(leadStart, leadEnd)) : 0;
      return new LispFloat(makeNaN(negative, payload));
    }
  }
  if (c === 43 || c === 45) i++;
  const digits = i;
  while (i < n && isDigit(s.charCodeAt(i))) i++;
  if (i !== n || i === digits) return undefined;
  return new LispFloat(Number(s));
}

function parseInteger(s: string, negative: boolean, start: number, end: number): number | bigint {
  if (end - start <= 15) {
    const v = Number(s.slice(start, end));
    return negative ? (v === 0 ? 0 : -v) : v;
  }
  const b = BigInt(s.slice(start, end));
  return normInt(negative ? -b : b);
}

/** Integer in RADIX from the text after `#x`, `#o`, `#b` or `#NNr`; undefined when malformed. */
export function parseRadixInteger(digits: string, radix: number): number | bigint | undefined {
  let i = 0;
  let negative = false;
  if (digits[0] === "+" || digits[0] === "-") {
    negative = digits[0] === "-";
    i = 1;
  }
  if (i === digits.length) return undefined;
  let v = 0n;
  let small = 0;
  const useSmall = (digits.length - i) * Math.log2(radix) < 52;
  const big = BigInt(radix);
  for (; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    const d = isDigit(c) ? c - 48 : c >= 97 && c <= 122 ? c - 87 : c >= 65 && c <= 90 ? c - 55 : 99;
    if (d >= radix) return undefined;
    if (useSmall) small = small * radix + d;
    else v = v * big + BigInt(d);
  }
  if (useSmall) return negative ? (small === 0 ? 0 : -small) : small;
  return normInt(negative ? -v : v);
}

/** A symbol name with its backslash escapes removed; null when it ends in a lone backslash. */
export function unescapeSymbol(s: string): string | null {
  if (s.indexOf("\\") < 0) return s;
  let out = "";
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 92) {
      if (i + 1 >= s.length) return null;
      out += s.slice(run, i);
      run = i + 1;
      i++; // the escaped character is kept as it is
    }
  }
  return out + s.slice(run);
}
