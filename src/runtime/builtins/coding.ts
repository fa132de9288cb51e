// coding.c (a useful subset): encoding and decoding strings, and the
// unibyte/multibyte conversions of fns.c.
//
// Representation: encoded (unibyte) text is a JS string whose characters are
// the bytes, 0..255. Decoding takes a string whose characters are all <= 255
// as bytes; a string holding larger characters is taken as multibyte text and
// its UTF-8 bytes are decoded, as Emacs decodes a multibyte string's internal
// bytes. Bytes that are not valid in the coding system decode to the same
// byte character (Emacs's raw-byte characters; see character.ts).
// Supported: utf-8 (and -with-signature, utf-8-emacs, prefer-utf-8,
// emacs-internal), latin-1 / iso-latin-1 / iso-8859-1, us-ascii, utf-16
// (le/be, with or without BOM), binary / no-conversion / raw-text, undecided,
// each with -unix / -dos / -mac end-of-line variants.
import { L, NIL, T, Sym, Cons, bool, list } from "../types.js";
import { intern, defvar } from "../symbols.js";
import { signal, wrongType } from "../errors.js";
import { defsubr } from "../subr.js";
import { isMultibyte } from "./character.js";

type Kind = "utf-8" | "utf-8-sig" | "latin-1" | "ascii" | "binary" | "raw-text" | "undecided" | "utf-16" | "utf-16le" | "utf-16be" | "utf-16le-sig" | "utf-16be-sig";
type Eol = "unix" | "dos" | "mac" | null;

interface CodingSystem {
  name: string;
  base: string;
  kind: Kind;
  eol: Eol;
  mime: string | null;
}

const BASES: Record<string, [Kind, string | null]> = {
  "utf-8": ["utf-8", "utf-8"],
  "mule-utf-8": ["utf-8", "utf-8"],
  "utf-8-emacs": ["utf-8", null],
  "utf-8-auto": ["utf-8", "utf-8"],
  "prefer-utf-8": ["utf-8", null],
  "emacs-internal": ["utf-8", null],
  "utf-8-hfs": ["utf-8", "utf-8"],
  "utf-8-with-signature": ["utf-8-sig", "utf-8"],
  "iso-latin-1": ["latin-1", "iso-8859-1"],
  "iso-8859-1": ["latin-1", "iso-8859-1"],
  "latin-1": ["latin-1", "iso-8859-1"],
  "iso-8859-15": ["latin-1", "iso-8859-15"],
  "us-ascii": ["ascii", "us-ascii"],
  "ascii": ["ascii", "us-ascii"],
  "iso-safe": ["ascii", "us-ascii"],
  "binary": ["binary", null],
  "no-conversion": ["binary", null],
  "raw-text": ["raw-text", null],
  "undecided": ["undecided", null],
  "utf-16": ["utf-16", "utf-16"],
  "utf-16le": ["utf-16le", "utf-16le"],
  "utf-16be": ["utf-16be", "utf-16be"],
  "utf-16-le": ["utf-16le-sig", "utf-16"],
  "utf-16-be": ["utf-16be-sig", "utf-16"],
  "utf-16le-with-signature": ["utf-16le-sig", "utf-16"],
  "utf-16be-with-signature": ["utf-16be-sig", "utf-16"],
};
// Canonical base names (coding-system-base), for aliases.
const CANONICAL: Record<string, string> = {
  "mule-utf-8": "utf-8",
  "latin-1": "iso-latin-1",
  "iso-8859-1": "iso-latin-1",
  "ascii": "us-ascii",
  "binary": "no-conversion",
  "utf-16-le": "utf-16le-with-signature",
  "utf-16-be": "utf-16be-with-signature",
};

const registry = new Map<string, CodingSystem>();
for (const [name, [kind, mime]] of Object.entries(BASES)) {
  const base = CANONICAL[name] ?? name;
  // binary and no-conversion have no EOL variants in Emacs, but accept them.
  registry.set(name, { name, base, kind, eol: kind === "binary" ? "unix" : null, mime });
  for (const eol of ["unix", "dos", "mac"] as const) {
    registry.set(`${name}-${eol}`, { name: `${name}-${eol}`, base, kind, eol, mime });
  }
}
// Bare EOL coding systems are undecided text with that EOL.
for (const eol of ["unix", "dos", "mac"] as const) {
  registry.set(eol, { name: eol, base: "undecided", kind: "undecided", eol, mime: null });
}

/** The coding system named by SYM, nil for none; signals coding-system-error for unknown names. */
export function codingSystem(sym: L): CodingSystem | null {
  if (sym === NIL) return null;
  if (!(sym instanceof Sym)) wrongType("symbolp", sym);
  const cs = registry.get(sym.name);
  if (!cs) signal("coding-system-error", list(sym));
  return cs;
}

// ---------------------------------------------------------------------------
// Encoding

function utf8Bytes(s: string, out: number[]): void {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
}

export function bytesToString(bytes: ArrayLike<number>): string {
  let s = "";
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, Array.prototype.slice.call(bytes, i, i + CHUNK) as number[]);
  }
  return s;
}

/** The bytes a string stands for: its characters when all are <= 255, else its UTF-8. */
export function stringToBytes(s: string): number[] {
  const out: number[] = [];
  let wide = false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) wide = true;
  if (wide) utf8Bytes(s, out);
  else for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
  return out;
}

export function encodeString(s: string, cs: CodingSystem | null): string {
  if (!cs) return s;
  if (cs.eol === "dos") s = s.replace(/\n/g, "\r\n");
  else if (cs.eol === "mac") s = s.replace(/\n/g, "\r");
  const out: number[] = [];
  switch (cs.kind) {
    case "utf-8-sig":
      out.push(0xef, 0xbb, 0xbf);
      utf8Bytes(s, out);
      break;
    case "utf-8":
    case "undecided":
    case "raw-text":
    case "binary":
      // Byte strings pass through unchanged; text goes out as UTF-8.
      if (!isMultibyte(s)) return s;
      if (cs.kind === "binary" || cs.kind === "raw-text") {
        let allBytes = true;
        for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) allBytes = false;
        if (allBytes && !/[\u0080-\u00ff]/.test(s)) return s;
      }
      utf8Bytes(s, out);
      break;
    case "latin-1":
      for (const ch of s) {
        const c = ch.codePointAt(0)!;
        out.push(c <= 0xff ? c : 0x20);
      }
      break;
    case "ascii":
      for (const ch of s) {
        const c = ch.codePointAt(0)!;
        out.push(c < 0x80 ? c : 0x3f);
      }
      break;
    default: {
      const le = cs.kind === "utf-16le" || cs.kind === "utf-16le-sig";
      if (cs.kind === "utf-16" || cs.kind === "utf-16be-sig") out.push(0xfe, 0xff);
      if (cs.kind === "utf-16le-sig") out.push(0xff, 0xfe);
      for (let i = 0; i < s.length; i++) {
        const u = s.charCodeAt(i);
        if (le) out.push(u & 0xff, u >> 8);
        else out.push(u >> 8, u & 0xff);
      }
    }
  }
  return bytesToString(out);
}

// ---------------------------------------------------------------------------
// Decoding

/** UTF-8 decoding; invalid bytes become the byte characters themselves. */
function decodeUtf8(b: number[], start = 0): string {
  let s = "";
  const n = b.length;
  let i = start;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      s += String.fromCharCode(c);
      i++;
      continue;
    }
    let need = 0;
    let cp = 0;
    let min = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      cp = c & 0x1f;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      cp = c & 0x0f;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      cp = c & 0x07;
      min = 0x10000;
    }
    let ok = need > 0;
    if (ok) {
      for (let k = 1; k <= need; k++) {
        const cc = b[i + k];
        if (cc === undefined || (cc & 0xc0) !== 0x80) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (cc & 0x3f);
      }
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (!ok) {
      s += String.fromCharCode(c);
      i++;
      continue;
    }
    s += String.fromCodePoint(cp);
    i += need + 1;
  }
  return s;
}

function decodeUtf16(b: number[], le: boolean, start: number): string {
  let s = "";
  for (let i = start; i + 1 < b.length; i += 2) {
    s += String.fromCharCode(le ? b[i] | (b[i + 1] << 8) : (b[i] << 8) | b[i + 1]);
  }
  return s;
}

/** Emacs's EOL detection: the first kind seen; CR mixed with CRLF counts as CRLF, other mixes as LF. */
function detectEol(b: number[]): Eol {
  let seen: Eol = null;
  for (let i = 0; i < b.length; i++) {
    let kind: Eol;
    if (b[i] === 10) kind = "unix";
    else if (b[i] === 13) {
      if (b[i + 1] === 10) {
        kind = "dos";
        i++;
      } else kind = "mac";
    } else continue;
    if (seen === null) seen = kind;
    else if (seen !== kind) {
      if ((seen === "mac" && kind === "dos") || (seen === "dos" && kind === "mac")) seen = "dos";
      else return "unix";
    }
  }
  return seen;
}

export function decodeBytes(b: number[], cs: CodingSystem | null): string {
  if (!cs) return bytesToString(b);
  let eol = cs.eol;
  if (cs.kind === "binary") eol = "unix";
  if (eol === null) eol = detectEol(b);
  let s: string;
  switch (cs.kind) {
    case "utf-8":
    case "undecided":
      s = decodeUtf8(b);
      break;
    case "utf-8-sig":
      s = decodeUtf8(b, b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0);
      break;
    case "latin-1":
      s = bytesToString(b);
      break;
    case "ascii":
    case "binary":
    case "raw-text":
      s = bytesToString(b);
      break;
    default: {
      let le = cs.kind === "utf-16le" || cs.kind === "utf-16le-sig";
      let start = 0;
      if (b[0] === 0xfe && b[1] === 0xff && cs.kind !== "utf-16le") {
        le = false;
        start = 2;
      } else if (b[0] === 0xff && b[1] === 0xfe && cs.kind !== "utf-16be") {
        le = true;
        start = 2;
      }
      s = decodeUtf16(b, le, start);
    }
  }
  if (eol === "dos") s = s.replace(/\r\n/g, "\n");
  else if (eol === "mac") s = s.replace(/\r/g, "\n");
  return s;
}

export function decodeString(s: string, cs: CodingSystem | null): string {
  if (!cs) return s;
  return decodeBytes(stringToBytes(s), cs);
}

defsubr("encode-coding-string", (s: L, coding: L) => {
  if (typeof s !== "string") wrongType("stringp", s);
  return encodeString(s, codingSystem(coding));
}, { min: 1, max: 4 });

defsubr("decode-coding-string", (s: L, coding: L) => {
  if (typeof s !== "string") wrongType("stringp", s);
  return decodeString(s, codingSystem(coding));
}, { min: 1, max: 4 });

defsubr("coding-system-p", (x: L) => bool(x === NIL || (x instanceof Sym && registry.has(x.name))));
defsubr("check-coding-system", (x: L) => {
  codingSystem(x);
  return x;
});
defsubr("coding-system-base", (x: L) => {
  const cs = codingSystem(x);
  return cs ? intern(cs.base) : intern("undecided");
});
defsubr("coding-system-eol-type", (x: L): L => {
  const cs = codingSystem(x);
  if (!cs) return 0;
  if (cs.eol === "unix") return 0;
  if (cs.eol === "dos") return 1;
  if (cs.eol === "mac") return 2;
  return [intern(`${cs.name}-unix`), intern(`${cs.name}-dos`), intern(`${cs.name}-mac`)];
});
defsubr("coding-system-get", (x: L, prop: L) => {
  const cs = codingSystem(x);
  if (!cs || !(prop instanceof Sym)) return NIL;
  if (prop.name === ":mime-charset" || prop.name === "mime-charset") return cs.mime ? intern(cs.mime) : NIL;
  if (prop.name === ":coding-type" || prop.name === "coding-type") {
    const t: Record<Kind, string> = {
      "utf-8": "utf-8", "utf-8-sig": "utf-8", "latin-1": "charset", ascii: "charset", binary: "raw-text",
      "raw-text": "raw-text", undecided: "undecided", "utf-16": "utf-16", "utf-16le": "utf-16", "utf-16be": "utf-16",
      "utf-16le-sig": "utf-16", "utf-16be-sig": "utf-16",
    };
    return intern(t[cs.kind]);
  }
  return NIL;
});
defsubr("coding-system-list", (baseOnly: L) => {
  const names = [...registry.values()].filter((c) => baseOnly === NIL || c.eol === null).map((c) => intern(c.name));
  return list(...names);
}, { min: 0, max: 1 });

defvar("coding-system-for-read", NIL);
defvar("coding-system-for-write", NIL);
defvar("last-coding-system-used", NIL);
defvar("locale-coding-system", intern("utf-8-unix"));
defvar("buffer-file-coding-system", intern("utf-8-unix"));
defvar("default-process-coding-system", new Cons(intern("utf-8-unix"), intern("utf-8-unix")));
defvar("file-name-coding-system", NIL);
defvar("default-file-name-coding-system", intern("utf-8-unix"));
defvar("inhibit-eol-conversion", NIL);

// ---------------------------------------------------------------------------
// Unibyte / multibyte conversions (fns.c)

function checkString(s: L): string {
  if (typeof s !== "string") wrongType("stringp", s);
  return s;
}

defsubr("string-as-unibyte", (s: L) => {
  const str = checkString(s);
  if (!isMultibyte(str)) return str;
  const out: number[] = [];
  utf8Bytes(str, out);
  return bytesToString(out);
});
defsubr("string-as-multibyte", (s: L) => {
  const str = checkString(s);
  let wide = false;
  for (let i = 0; i < str.length; i++) if (str.charCodeAt(i) > 255) wide = true;
  if (wide) return str;
  return decodeUtf8(stringToBytes(str));
});
defsubr("string-to-multibyte", (s: L) => checkString(s));
defsubr("string-to-unibyte", (s: L) => {
  const str = checkString(s);
  let i = 0;
  for (const ch of str) {
    if (ch.codePointAt(0)! > 255) signal("error", list(`Can\u2019t convert the ${i}th character to unibyte`));
    i++;
  }
  return str;
});
defsubr("string-make-unibyte", (s: L) => {
  const str = checkString(s);
  let out = "";
  for (const ch of str) out += String.fromCharCode(ch.codePointAt(0)! & 0xff);
  return out;
});
defsubr("string-make-multibyte", (s: L) => checkString(s));

export { T };
