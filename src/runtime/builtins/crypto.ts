// Hashes and base64 (Emacs: fns.c's secure-hash, md5, base64-*), on
// node:crypto and Buffer.
//
// Strings: characters 0..255 are bytes to base64 (as in Emacs, which refuses
// only characters above 255). Hashes encode text as UTF-8, Emacs's default
// for multibyte text; a CODING-SYSTEM of latin-1 takes the characters
// 0..255 as bytes instead.
import type * as Crypto from "node:crypto";
import { lazyModule } from "../lazy-module.js";
import { L, NIL, T, Sym, list, stringLength, charToUnitIndex, isInteger } from "../types.js";
import { intern } from "../symbols.js";
import { signal, error, wrongType, argsOutOfRange } from "../errors.js";
import { defsubr } from "../subr.js";
import { buffers } from "./fileio.js";
import { funcall } from "../eval.js";

const nodeCrypto = lazyModule<typeof Crypto>("node:crypto");

/** Characters 0..255 as bytes; a character above 255 is refused with ERR. */
export function latin1Bytes(s: string, err?: () => never): Buffer {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 255) {
      if (err) err();
      return Buffer.from(s, "utf8");
    }
  }
  return Buffer.from(s, "latin1");
}

/** Bytes as a string of characters 0..255 (a unibyte string in Emacs). */
export function bytesToString(b: Buffer | Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1");
}

// ---------------------------------------------------------------------------
// base64

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function multibyteError(): never {
  error("Multibyte character in data for base64 encoding");
}

export function base64Encode(s: string, lineBreaks: boolean, url: boolean, pad: boolean): string {
  const bytes = latin1Bytes(s, multibyteError);
  let out = bytes.toString(url ? "base64url" : "base64");
  if (url && pad) while (out.length % 4) out += "=";
  if (!url && !pad) out = out.replace(/=+$/, "");
  if (lineBreaks) {
    const lines: string[] = [];
    for (let i = 0; i < out.length; i += 76) lines.push(out.slice(i, i + 76));
    out = lines.join("\n");
  }
  return out;
}

/** Decode as Emacs's base64_decode_1 does; null on invalid data. */
export function base64Decode(s: string, url: boolean): Buffer | null {
  const alphabet = url ? B64URL : B64;
  const out: number[] = [];
  let i = 0;
  const n = s.length;
  const next = (): number => {
    // -1 at the end; whitespace is skipped.
    while (i < n) {
      const c = s.charCodeAt(i++);
      if (c === 32 || c === 9 || c === 10 || c === 12 || c === 13) continue;
      return c;
    }
    return -1;
  };
  const val = (c: number): number => (c < 0 ? -1 : alphabet.indexOf(String.fromCharCode(c)));
  for (;;) {
    let c = next();
    if (c < 0) return Buffer.from(out);
    let v1 = val(c);
    if (v1 < 0) return null;
    c = next();
    const v2 = val(c);
    if (v2 < 0) return null;
    let value = (v1 << 18) | (v2 << 12);
    out.push((value >> 16) & 0xff);
    c = next();
    if (c < 0) return url ? Buffer.from(out) : null;
    if (c === 61) {
      if (next() !== 61) return null;
      continue;
    }
    const v3 = val(c);
    if (v3 < 0) return null;
    value |= v3 << 6;
    out.push((value >> 8) & 0xff);
    c = next();
    if (c < 0) return url ? Buffer.from(out) : null;
    if (c === 61) continue;
    const v4 = val(c);
    if (v4 < 0) return null;
    value |= v4;
    out.push(value & 0xff);
    v1 = 0;
  }
}

defsubr("base64-encode-string", (s: string, noLineBreak: L) => base64Encode(s, noLineBreak === NIL, false, true), {
  min: 1, max: 2, types: ["string", null],
});
defsubr("base64url-encode-string", (s: string, noPad: L) => base64Encode(s, false, true, noPad === NIL), {
  min: 1, max: 2, types: ["string", null],
});
defsubr("base64-decode-string", (s: string, url: L) => {
  const b = base64Decode(s, url !== NIL);
  if (!b) error("Invalid base64 data");
  return bytesToString(b);
}, { min: 1, max: 2, types: ["string", null] });

// Region variants: replace the region's text with its encoding.
function regionOp(start: L, end: L, f: (s: string) => string): number {
  const text = buffers.regionText(start, end);
  const encoded = f(text.text);
  buffers.replaceRegion(text.from, text.to, encoded);
  return stringLength(encoded);
}
defsubr("base64-encode-region", (start: L, end: L, noLineBreak: L) =>
  regionOp(start, end, (s) => base64Encode(s, noLineBreak === NIL, false, true)), { min: 2, max: 3 });
defsubr("base64url-encode-region", (start: L, end: L, noPad: L) =>
  regionOp(start, end, (s) => base64Encode(s, false, true, noPad === NIL)), { min: 2, max: 3 });
defsubr("base64-decode-region", (start: L, end: L, url: L) =>
  regionOp(start, end, (s) => {
    const b = base64Decode(s, url !== NIL);
    if (!b) error("Invalid base64 data");
    return bytesToString(b);
  }), { min: 2, max: 3 });

// ---------------------------------------------------------------------------
// Hashes

const ALGORITHMS = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512"];

const BYTE_CODINGS = new Set([
  "latin-1", "iso-latin-1", "iso-8859-1", "latin-1-unix", "iso-latin-1-unix", "iso-8859-1-unix",
]);

function encodeForHash(s: string, coding: L): Buffer {
  if (coding instanceof Sym && BYTE_CODINGS.has(coding.name)) return latin1Bytes(s);
  return Buffer.from(s, "utf8");
}

/** The text of OBJECT between START and END (a string, a buffer, or iv-auto), as hashing sees it. */
function hashInput(object: L, start: L, end: L, coding: L): Buffer {
  if (typeof object === "string") {
    const len = stringLength(object);
    const from = start === NIL ? 0 : start;
    const to = end === NIL ? len : end;
    if (!isInteger(from) && from !== NIL) wrongType("integerp", from);
    if (!isInteger(to)) wrongType("integerp", to);
    let f = Number(from);
    let t = Number(to);
    if (f < 0) f += len;
    if (t < 0) t += len;
    if (!(0 <= f && f <= t && t <= len)) argsOutOfRange(object, start, end);
    const sub = object.slice(charToUnitIndex(object, f), charToUnitIndex(object, t));
    return encodeForHash(sub, coding);
  }
  if (object === intern("iv-auto")) {
    if (typeof start !== "number") wrongType("integerp", start);
    if (start < 0) argsOutOfRange(start);
    return nodeCrypto().randomBytes(start);
  }
  if (buffers.isBuffer(object)) {
    const text = buffers.bufferText(object, start, end);
    return encodeForHash(text, coding);
  }
  signal("error", list("Invalid object argument", object === NIL ? "nil" : object));
}

function hash(algorithm: string, data: Buffer, binary: boolean): string {
  const h = nodeCrypto().createHash(algorithm).update(data);
  return binary ? bytesToString(h.digest()) : h.digest("hex");
}

defsubr("secure-hash", (algorithm: L, object: L, start: L, end: L, binary: L) => {
  if (!(algorithm instanceof Sym)) wrongType("symbolp", algorithm);
  if (!ALGORITHMS.includes(algorithm.name)) signal("error", list(`Invalid algorithm arg: ${algorithm.name}`));
  return hash(algorithm.name, hashInput(object, start, end, NIL), binary !== NIL);
}, { min: 2, max: 5 });

defsubr("md5", (object: L, start: L, end: L, coding: L, _noerror: L) =>
  hash("md5", hashInput(object, start, end, coding), false), { min: 1, max: 5 });

defsubr("secure-hash-algorithms", () => list(...ALGORITHMS.map((a) => intern(a))), { min: 0, max: 0 });

defsubr("buffer-hash", (buffer: L) => {
  if (typeof buffer === "string" && funcall(intern("get-buffer"), [buffer]) === NIL) error(`No buffer named ${buffer}`);
  const b = buffers.resolve(buffer);
  return hash("sha1", Buffer.from(buffers.bufferText(b, NIL, NIL, true), "utf8"), false);
}, { min: 0, max: 1 });

export { T };
