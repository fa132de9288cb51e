// Backslash escapes in strings and character literals, with Emacs 28's
// rules (lread.c: read_escape, the `?` case of read1, string literals).
// Characters may carry modifier bits (?\C-%, ?\M-a); in strings only the
// combinations that name a plain character or a raw byte are allowed.
import { LispSignal } from "../errors.js";
import { endOfFileSignal, errorSignal, invalidSyntaxSignal } from "./signals.js";

export const CHAR_ALT = 0x0400000;
export const CHAR_SUPER = 0x0800000;
export const CHAR_HYPER = 0x1000000;
export const CHAR_SHIFT = 0x2000000;
export const CHAR_CTL = 0x4000000;
export const CHAR_META = 0x8000000;
export const CHAR_MODIFIER_MASK = 0xfc00000;
/** Emacs represents raw bytes 0x80..0xFF as the characters 0x3FFF80..0x3FFFFF. */
const MAX_5_BYTE_CHAR = 0x3fff7f;
const BYTE8_OFFSET = 0x3fff00;

const isByte8Char = (c: number) => c > MAX_5_BYTE_CHAR;

/** Reads code points from `text` between `pos` and `end` (UTF-16 offsets). READCHAR gives -1 at the end. */
export class Cursor {
  constructor(
    public text: string,
    public pos: number,
    public end: number,
  ) {}
  read(): number {
    if (this.pos >= this.end) return -1;
    const c = this.text.charCodeAt(this.pos);
    if (c >= 0xd800 && c <= 0xdbff && this.pos + 1 < this.end) {
      const d = this.text.charCodeAt(this.pos + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        this.pos += 2;
        return (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
      }
    }
    this.pos++;
    return c;
  }
  unread(c: number): void {
    if (c >= 0) this.pos -= c > 0xffff ? 2 : 1;
  }
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

const hex = (n: number) => (n >>> 0).toString(16);

/**
 * Reads the escape sequence after a backslash. Returns the character with
 * any modifier bits, or -1 for backslash-newline and (in strings)
 * backslash-space, which stand for nothing. Throws a LispSignal on bad
 * syntax, as Emacs does.
 */
export function readEscape(cur: Cursor, stringp: boolean): number {
  let c = cur.read();
  switch (c) {
    case -1:
      throw endOfFileSignal();
    case 97 /* a */:
      return 7;
    case 98 /* b */:
      return 8;
    case 100 /* d */:
      return 127;
    case 101 /* e */:
      return 27;
    case 102 /* f */:
      return 12;
    case 110 /* n */:
      return 10;
    case 114 /* r */:
      return 13;
    case 116 /* t */:
      return 9;
    case 118 /* v */:
      return 11;
    case 10:
      return -1;
    case 32:
      return stringp ? -1 : 32;
    case 77 /* M */:
      return modified(cur, CHAR_META);
    case 83 /* S */:
      return modified(cur, CHAR_SHIFT);
    case 72 /* H */:
      return modified(cur, CHAR_HYPER);
    case 65 /* A */:
      return modified(cur, CHAR_ALT);
    case 115 /* s */: {
      c = cur.read();
      if (stringp || c !== 45 /* - */) {
        cur.unread(c);
        return 32;
      }
      c = cur.read();
      if (c === 92) c = readEscape(cur, false);
      return c | CHAR_SUPER;
    }
    case 67 /* C */:
      c = cur.read();
      if (c !== 45) throw errorSignal("Invalid escape character syntax");
      return control(cur);
    case 94 /* ^ */:
      return control(cur);
    case 48:
    case 49:
    case 50:
    case 51:
    case 52:
    case 53:
    case 54:
    case 55: {
      let i = c - 48;
      for (let count = 1; count < 3; count++) {
        c = cur.read();
        if (c >= 48 && c <= 55) i = i * 8 + (c - 48);
        else {
          cur.unread(c);
          break;
        }
      }
      if (i >= 0x80 && i < 0x100) i += BYTE8_OFFSET;
      return i;
    }
    case 120 /* x */: {
      let i = 0;
      let count = 0;
      for (;;) {
        c = cur.read();
        const d = hexDigit(c);
        if (d < 0) {
          cur.unread(c);
          break;
        }
        i = i * 16 + d;
        // Hex escapes may reach ?\xfffffff: some packages write modifiers that way.
        if (i > (CHAR_META | (CHAR_META - 1))) throw errorSignal(`Hex character out of range: \\x${hex(i)}...`);
        if (count < 3) count++;
      }
      // One or two hex digits denote a raw byte, as in older Emacsen.
      if (count < 3 && i >= 0x80) return i + BYTE8_OFFSET;
      return i;
    }
    case 85 /* U */:
    case 117 /* u */: {
      const n = c === 85 ? 8 : 4;
      let i = 0;
      for (let count = 1; count <= n; count++) {
        c = cur.read();
        if (c < 0) throw errorSignal(`Malformed Unicode escape: \\${n > 4 ? "U" : "u"}${hex(i)}`);
        const d = hexDigit(c);
        if (d < 0) throw errorSignal(`Non-hex character used for Unicode escape: ${String.fromCodePoint(c)} (${c})`);
        i = i * 16 + d;
      }
      if (i > 0x10ffff) throw errorSignal(`Non-Unicode character: 0x${hex(i)}`);
      return i;
    }
    case 78 /* N */:
      return readNamedChar(cur);
    default:
      return c;
  }
}

/** \C-X and \^X: a control character when one exists, else X with the control modifier. */
function control(cur: Cursor): number {
  let c = cur.read();
  if (c === 92) c = readEscape(cur, false);
  const base = c & ~CHAR_MODIFIER_MASK;
  if (base === 63 /* ? */) return 127 | (c & CHAR_MODIFIER_MASK);
  if ((base >>> 0) >= 256) return c | CHAR_CTL;
  // Control characters come from letters (either case) and from the
  // other characters in 0100..0137.
  if ((c & 0o137) >= 0o101 && (c & 0o137) <= 0o132) return c & (0o37 | ~0o177);
  if ((c & 0o177) >= 0o100 && (c & 0o177) <= 0o137) return c & (0o37 | ~0o177);
  return c | CHAR_CTL;
}

function modified(cur: Cursor, bit: number): number {
  let c = cur.read();
  if (c !== 45 /* - */) throw errorSignal("Invalid escape character syntax");
  c = cur.read();
  if (c === 92) c = readEscape(cur, false);
  return c | bit;
}

/** \N{U+XXXX} (and \N{NAME}, for which we have no Unicode name table). */
function readNamedChar(cur: Cursor): number {
  let c = cur.read();
  if (c !== 123 /* { */) throw invalidSyntaxSignal("Expected opening brace after \\N");
  let name = "";
  let white = false;
  for (;;) {
    c = cur.read();
    if (c < 0) throw endOfFileSignal();
    if (c === 125 /* } */) break;
    if (!(c > 0 && c < 0x80)) {
      throw invalidSyntaxSignal(`Invalid character U+${c.toString(16).toUpperCase().padStart(4, "0")} in character name`);
    }
    // Runs of whitespace count as one space, so names can be split across lines.
    if (c === 32 || (c >= 9 && c <= 13)) {
      if (white) continue;
      c = 32;
      white = true;
    } else white = false;
    name += String.fromCharCode(c);
    if (name.length >= 200) throw invalidSyntaxSignal("Character name too long");
  }
  if (name.length === 0) throw invalidSyntaxSignal("Empty character name");
  let code = -1;
  if (/^U\+[0-9A-Fa-f]+$/.test(name)) {
    const digits = name.slice(2).replace(/^0+(?=.)/, "");
    if (digits.length <= 8) code = parseInt(digits, 16);
  } else {
    const named = lookupCharName(name);
    if (named !== undefined) code = named;
  }
  if (code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
    throw invalidSyntaxSignal(`\\N{${name}}`);
  }
  return code;
}

/** A few character names that turn up in Lisp sources; Emacs knows them all (via `ucs-names`). */
const CHAR_NAMES: Record<string, number> = {
  "NO-BREAK SPACE": 0xa0,
  "ZERO WIDTH SPACE": 0x200b,
  "ZERO WIDTH NO-BREAK SPACE": 0xfeff,
  "LEFT SINGLE QUOTATION MARK": 0x2018,
  "RIGHT SINGLE QUOTATION MARK": 0x2019,
  "LEFT DOUBLE QUOTATION MARK": 0x201c,
  "RIGHT DOUBLE QUOTATION MARK": 0x201d,
  "GRAVE ACCENT": 0x60,
  "APOSTROPHE": 0x27,
  "EN DASH": 0x2013,
  "EM DASH": 0x2014,
  "HORIZONTAL ELLIPSIS": 0x2026,
  "BULLET": 0x2022,
  "LATIN SMALL LETTER E WITH ACUTE": 0xe9,
  "REPLACEMENT CHARACTER": 0xfffd,
  "SNOWMAN": 0x2603,
  "GREEK SMALL LETTER LAMDA": 0x3bb,
  "GREEK SMALL LETTER LAMBDA": 0x3bb,
  "RIGHTWARDS ARROW": 0x2192,
  "LEFTWARDS ARROW": 0x2190,
  "CHECK MARK": 0x2713,
  "HEAVY CHECK MARK": 0x2714,
  "BALLOT X": 0x2717,
  "SOFT HYPHEN": 0xad,
  "NULL": 0,
  "SPACE": 0x20,
  "CHARACTER TABULATION": 0x09,
  "ESCAPE": 0x1b,
  "DELETE": 0x7f,
};

function lookupCharName(name: string): number | undefined {
  return CHAR_NAMES[name.toUpperCase()];
}

// ---------------------------------------------------------------------------
// String literals

/** Result of scanning a string literal: its value, or the error Emacs would signal. */
export interface ScannedString {
  value: string;
  error: LispSignal | null;
  /** Offset of the escape at fault, for errors other than an unterminated string. */
  errorAt?: number;
  /** UTF-16 offset after the closing quote (or the end, when unterminated). */
  end: number;
}

/**
 * Scans the string literal whose opening quote is at `start`. Raw bytes
 * (\200, \xe9, \M-a) become the characters 128..255: JS strings have no
 * unibyte strings, and those are the values `aref` gives in Emacs.
 */
export function scanString(text: string, start: number, end: number): ScannedString {
  const body = start + 1;
  // Fast path: no backslash before the closing quote.
  const q = text.indexOf('"', body);
  if (q >= 0 && q < end) {
    let i = body;
    while (i < q && text.charCodeAt(i) !== 92) i++;
    if (i === q) return { value: text.slice(body, q), error: null, end: q + 1 };
  }
  const cur = new Cursor(text, body, end);
  let out = "";
  let run = body; // start of the pending run of literal characters
  for (;;) {
    const at = cur.pos;
    const c = cur.read();
    if (c < 0) return { value: "", error: endOfFileSignal(), end: cur.pos };
    if (c === 34) {
      out += text.slice(run, at);
      return { value: out, error: null, end: cur.pos };
    }
    if (c !== 92) continue;
    out += text.slice(run, at);
    let ch: number;
    try {
      ch = readEscape(cur, true);
    } catch (e) {
      if (!(e instanceof LispSignal)) throw e;
      const eof = cur.pos >= end;
      return { value: "", error: e, errorAt: eof ? undefined : at, end: skipRestOfString(text, cur.pos, end) };
    }
    run = cur.pos;
    if (ch === -1) continue;
    let mods = ch & CHAR_MODIFIER_MASK;
    ch &= ~CHAR_MODIFIER_MASK;
    if (isByte8Char(ch)) ch -= BYTE8_OFFSET;
    else if (ch < 0x80) {
      // \C-SPC and \C-? are allowed.
      if (mods === CHAR_CTL) {
        if (ch === 32) (ch = 0), (mods = 0);
        else if (ch === 63) (ch = 127), (mods = 0);
      }
      if (mods & CHAR_SHIFT) {
        // Shift is only valid with letters.
        if (ch >= 65 && ch <= 90) mods &= ~CHAR_SHIFT;
        else if (ch >= 97 && ch <= 122) (ch -= 32), (mods &= ~CHAR_SHIFT);
      }
      if (mods & CHAR_META) {
        // A meta character in a string is the byte with its high bit set.
        mods &= ~CHAR_META;
        ch |= 0x80;
      }
    }
    if (mods) {
      return {
        value: "",
        error: invalidSyntaxSignal("Invalid modifier in string"),
        errorAt: at,
        end: skipRestOfString(text, cur.pos, end),
      };
    }
    if (ch > 0x10ffff) {
      // Emacs characters go up to 0x3FFF7F; JS strings stop at U+10FFFF.
      return {
        value: "",
        error: errorSignal(`Non-Unicode character: 0x${hex(ch)}`),
        errorAt: at,
        end: skipRestOfString(text, cur.pos, end),
      };
    }
    out += String.fromCodePoint(ch);
  }
}

/** After a bad escape: where the string most plausibly ends (only used to keep lexing). */
function skipRestOfString(text: string, pos: number, end: number): number {
  for (let i = pos; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i + 1;
  }
  return end;
}

// ---------------------------------------------------------------------------
// Character literals

export interface ScannedChar {
  value: number;
  error: LispSignal | null;
  end: number;
}

/** Characters that may follow a character literal (besides control characters and space). */
function isCharDelimiter(c: number): boolean {
  if (c <= 32) return true; // includes -1, the end of input
  switch (c) {
    case 34: // "
    case 39: // '
    case 59: // ;
    case 40: // (
    case 41: // )
    case 91: // [
    case 93: // ]
    case 35: // #
    case 63: // ?
    case 96: // `
    case 44: // ,
    case 46: // .
      return true;
  }
  return false;
}

/** Scans the character literal whose `?` is at `start`. */
export function scanChar(text: string, start: number, end: number): ScannedChar {
  const cur = new Cursor(text, start + 1, end);
  let c = cur.read();
  if (c < 0) return { value: 0, error: endOfFileSignal(), end: cur.pos };
  // `? ` and `?\t` are accepted without looking at what follows.
  if (c === 32 || c === 9) return { value: c, error: null, end: cur.pos };
  try {
    if (c === 92) c = readEscape(cur, false);
  } catch (e) {
    if (!(e instanceof LispSignal)) throw e;
    return { value: 0, error: e, end: cur.pos };
  }
  const mods = c & CHAR_MODIFIER_MASK;
  c &= ~CHAR_MODIFIER_MASK;
  if (isByte8Char(c)) c -= BYTE8_OFFSET;
  c |= mods;
  const next = cur.read();
  cur.unread(next);
  if (!isCharDelimiter(next)) return { value: 0, error: invalidSyntaxSignal("?"), end: cur.pos };
  return { value: c, error: null, end: cur.pos };
}

