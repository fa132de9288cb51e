// JSON, both of Emacs's APIs:
// - the native one of json.c (json-serialize, json-parse-string, json-insert,
//   json-parse-buffer), which Emacs builds on the Jansson library: output and
//   error data (messages, line, column, byte position) follow Jansson's;
// - json.el's (json-encode, json-read-from-string, json-read ...), whose
//   behaviour under its dynamic variables (json-object-type, json-key-type,
//   json-encoding-pretty-print ...) and whose errors are reproduced here.
import {
  L, NIL, T, Sym, Cons, LispFloat, BoolVector, list, listToArray, arrayToList, normInt, makeFloat,
} from "../types.js";
import { intern, defvar } from "../symbols.js";
import { signal, wrongType, argsOutOfRange, defineError, getProp } from "../errors.js";
import { defsubr } from "../subr.js";
import { funcall, symbolValueCell, specbind, specpdlDepth, unbindTo } from "../eval.js";
import { UNBOUND } from "../types.js";
import { LispHashTable, Qequal } from "../hashtable.js";
import { prin1ToString, princToString } from "../printer.js";
import { formatG, parseNumber } from "./arith.js";
import { buffers } from "./fileio.js";

// ---------------------------------------------------------------------------
// Error symbols

if (getProp(intern("json-error"), intern("error-conditions")) === NIL) defineError("json-error", "Unknown JSON error");
defineError("json-out-of-memory", "Not enough memory for creating JSON object", ["json-error"]);
defineError("json-parse-error", "could not parse JSON stream", ["json-error"]);
defineError("json-trailing-content", "trailing content after JSON stream", ["json-parse-error"]);
defineError("json-object-too-deep", "object cyclic or Lisp evaluation too deep", ["json-error"]);
defineError("json-unavailable", "JSON library not found", ["json-error"]);
// json.el's errors. json-end-of-file is also an end-of-file in json.el; the
// native one inherits from json-parse-error: Emacs with json.el loaded has
// json.el's definition, which we follow for the parents' union.
defineError("json-readtable-error", "JSON readtable error", ["json-error"]);
defineError("json-unknown-keyword", "Unrecognized keyword", ["json-error"]);
defineError("json-number-format", "Invalid number format", ["json-error"]);
defineError("json-string-escape", "Bad Unicode escape", ["json-error"]);
defineError("json-string-format", "Bad string format", ["json-error"]);
defineError("json-key-format", "Bad JSON object key", ["json-error"]);
defineError("json-object-format", "Bad JSON object", ["json-error"]);
defineError("json-array-format", "Bad JSON array", ["json-error"]);
// Both APIs signal json-end-of-file: it inherits from both definitions.
defineError("json-end-of-file", "End of file while parsing JSON", ["json-parse-error", "end-of-file", "json-error"]);

const K = {
  null: intern(":null"),
  false: intern(":false"),
  objectType: intern(":object-type"),
  arrayType: intern(":array-type"),
  nullObject: intern(":null-object"),
  falseObject: intern(":false-object"),
  hashTable: intern("hash-table"),
  alist: intern("alist"),
  plist: intern("plist"),
  array: intern("array"),
  list: intern("list"),
  vector: intern("vector"),
  string: intern("string"),
  symbol: intern("symbol"),
  keyword: intern("keyword"),
};

// ---------------------------------------------------------------------------
// Native API: configuration

interface Conf {
  objectType: "hash-table" | "alist" | "plist";
  arrayType: "array" | "list";
  nullObject: L;
  falseObject: L;
}

function signalError(msg: string, arg: L): never {
  // signal_error: ARG spliced in when it is a proper list.
  let data: L;
  if (arg === NIL || arg instanceof Cons) {
    let ok = true;
    let l: L = arg;
    while (l instanceof Cons) l = l.cdr;
    if (l !== NIL) ok = false;
    data = ok ? new Cons(msg, arg) : list(msg, arg);
  } else data = list(msg, arg);
  signal("error", data);
}

function parseArgs(args: L[], parsing: boolean): Conf {
  const conf: Conf = { objectType: "hash-table", arrayType: "array", nullObject: K.null, falseObject: K.false };
  if (args.length % 2 !== 0) wrongType("plistp", arrayToList(args));
  for (let i = args.length; i > 0; i -= 2) {
    const key = args[i - 2];
    const value = args[i - 1];
    if (parsing && key === K.objectType) {
      if (value === K.hashTable) conf.objectType = "hash-table";
      else if (value === K.alist) conf.objectType = "alist";
      else if (value === K.plist) conf.objectType = "plist";
      else signalError("One of hash-table, alist or plist should be specified", value);
    } else if (parsing && key === K.arrayType) {
      if (value === K.array) conf.arrayType = "array";
      else if (value === K.list) conf.arrayType = "list";
      else signalError("One of array or list should be specified", value);
    } else if (key === K.nullObject) conf.nullObject = value;
    else if (key === K.falseObject) conf.falseObject = value;
    else if (parsing) signalError("One of :object-type, :array-type, :null-object or :false-object should be specified", value);
    else signalError("One of :null-object or :false-object should be specified", value);
  }
  return conf;
}

// ---------------------------------------------------------------------------
// Native API: serialising (lisp_to_json, Jansson's dump)

const INT64_MIN = -9223372036854775808n;
const INT64_MAX = 9223372036854775807n;

function dumpString(s: string): string {
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?:[^\ud800-\udbff]|^)[\udc00-\udfff]/.test(s)) {
    wrongType("utf-8-string-p", s);
  }
  let out = '"';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 34 && c !== 92) continue;
    out += s.slice(run, i);
    run = i + 1;
    switch (c) {
      case 34:
        out += '\\"';
        break;
      case 92:
        out += "\\\\";
        break;
      case 8:
        out += "\\b";
        break;
      case 12:
        out += "\\f";
        break;
      case 10:
        out += "\\n";
        break;
      case 13:
        out += "\\r";
        break;
      case 9:
        out += "\\t";
        break;
      default:
        out += "\\u" + c.toString(16).toUpperCase().padStart(4, "0");
    }
  }
  return out + s.slice(run) + '"';
}

/** Jansson's real formatting: %.17g with a ".0" or exponent, no "+" or leading zeros in the exponent. */
export function jsonReal(v: number): string {
  if (!Number.isFinite(v)) signal("json-out-of-memory", NIL);
  let s: string;
  if (v === 0) s = Object.is(v, -0) ? "-0" : "0";
  else s = formatG(v, 17);
  if (!s.includes(".") && !s.includes("e")) s += ".0";
  const e = s.indexOf("e");
  if (e >= 0) {
    let exp = s.slice(e + 1);
    let sign = "";
    if (exp[0] === "+") exp = exp.slice(1);
    else if (exp[0] === "-") {
      sign = "-";
      exp = exp.slice(1);
    }
    exp = exp.replace(/^0+(?=\d)/, "");
    s = s.slice(0, e + 1) + sign + exp;
  }
  return s;
}

function checkKey(key: L): string {
  if (typeof key !== "string") wrongType("stringp", key);
  if (key.includes("\0")) wrongType("string-without-embedded-nulls-p", key);
  return key;
}

let serializeDepth = 0;

function serialize(x: L, conf: Conf): string {
  if (x === conf.nullObject) return "null";
  if (x === conf.falseObject) return "false";
  if (x === T) return "true";
  if (typeof x === "number" || typeof x === "bigint") {
    const b = BigInt(x);
    if (b < INT64_MIN || b > INT64_MAX) argsOutOfRange(x, normInt(INT64_MIN), normInt(INT64_MAX));
    return b.toString();
  }
  if (x instanceof LispFloat) return jsonReal(x.value);
  if (typeof x === "string") return dumpString(x);
  if (++serializeDepth > 1600) {
    serializeDepth = 0;
    signal("json-object-too-deep", NIL);
  }
  try {
    return serializeToplevel(x, conf);
  } finally {
    serializeDepth--;
  }
}

function serializeToplevel(x: L, conf: Conf): string {
  if (Array.isArray(x)) return "[" + x.map((e) => serialize(e, conf)).join(",") + "]";
  if (x instanceof LispHashTable) {
    const keys = new Set<string>();
    const parts: string[] = [];
    for (const [k, v] of x.entries()) {
      const key = checkKey(k);
      if (keys.has(key)) wrongType("json-value-p", x);
      keys.add(key);
      parts.push(dumpString(key) + ":" + serialize(v, conf));
    }
    return "{" + parts.join(",") + "}";
  }
  if (x === NIL) return "{}";
  if (x instanceof Cons) {
    const isPlist = !(x.car instanceof Cons);
    const keys = new Set<string>();
    const parts: string[] = [];
    let tail: L = x;
    while (tail instanceof Cons) {
      let keySym: L;
      let value: L;
      if (isPlist) {
        keySym = tail.car;
        tail = tail.cdr;
        if (!(tail instanceof Cons)) wrongType("consp", tail);
        value = tail.car;
      } else {
        const pair = tail.car;
        if (!(pair instanceof Cons)) wrongType("consp", pair);
        keySym = pair.car;
        value = pair.cdr;
      }
      if (!(keySym instanceof Sym)) wrongType("symbolp", keySym);
      let key = checkKey(keySym.name);
      if (isPlist && key[0] === ":" && key.length > 1) key = key.slice(1);
      if (!keys.has(key)) {
        keys.add(key);
        parts.push(dumpString(key) + ":" + serialize(value, conf));
      }
      tail = tail.cdr;
    }
    if (tail !== NIL) wrongType("listp", x);
    return "{" + parts.join(",") + "}";
  }
  wrongType("json-value-p", x);
}

function jsonSerialize(object: L, args: L[]): string {
  const conf = parseArgs(args, false);
  serializeDepth = 0;
  return serialize(object, conf);
}

defsubr("json-serialize", (args: L[]) => jsonSerialize(args[0], args.slice(1)), { min: 1, max: "many" });
defsubr("json-insert", (args: L[]) => {
  buffers.insert(jsonSerialize(args[0], args.slice(1)));
  return NIL;
}, { min: 1, max: "many" });

// ---------------------------------------------------------------------------
// Native API: parsing (Jansson's lexer and parser, then json_to_lisp)

const TOK_EOF = 0;
const TOK_INVALID = -1;
const TOK_STRING = 256;
const TOK_INTEGER = 257;
const TOK_REAL = 258;
const TOK_TRUE = 259;
const TOK_FALSE = 260;
const TOK_NULL = 261;
const EOF = -1;

type ErrCode = "syntax" | "premature" | "trailing" | "other";

interface JError {
  msg: string;
  line: number;
  column: number;
  position: number;
  code: ErrCode;
}

type JValue =
  | { t: "str"; v: string }
  | { t: "int"; v: bigint }
  | { t: "real"; v: number }
  | { t: "true" } | { t: "false" } | { t: "null" }
  | { t: "arr"; v: JValue[] }
  | { t: "obj"; keys: string[]; map: Map<string, JValue> };

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isXdigit = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const utf8First = (c: number) => c < 0x80 || c >= 0xc0;

class Lexer {
  i = 0;
  line = 1;
  column = 0;
  lastColumn = 0;
  position = 0;
  saved: number[] = [];
  token = TOK_INVALID;
  str = "";
  int = 0n;
  real = 0;
  depth = 0;
  err: JError | null = null;
  constructor(private buf: Buffer) {}

  tok(): number {
    return this.token;
  }
  get(): number {
    if (this.i >= this.buf.length) return EOF;
    const c = this.buf[this.i++];
    this.position++;
    if (c === 10) {
      this.line++;
      this.lastColumn = this.column;
      this.column = 0;
    } else if (utf8First(c)) this.column++;
    return c;
  }
  unget(c: number): void {
    if (c === EOF) return;
    this.position--;
    this.i--;
    if (c === 10) {
      this.line--;
      this.column = this.lastColumn;
    } else if (utf8First(c)) this.column--;
  }
  getSave(): number {
    const c = this.get();
    if (c !== EOF) this.saved.push(c);
    return c;
  }
  ungetUnsave(c: number): void {
    if (c !== EOF) {
      this.unget(c);
      this.saved.pop();
    }
  }
  saveCached(): void {
    // The rest of a UTF-8 sequence already read by the stream.
    while (this.i < this.buf.length && this.buf[this.i] >= 0x80 && this.buf[this.i] < 0xc0) {
      this.saved.push(this.buf[this.i++]);
      this.position++;
    }
  }
  error(code: ErrCode, msg: string): void {
    if (this.err) return;
    const savedText = Buffer.from(this.saved).toString("utf8");
    let text = msg;
    if (this.saved.length > 0) {
      if (this.saved.length <= 20) text = `${msg} near '${savedText}'`;
    } else {
      if (code === "syntax") code = "premature";
      text = `${msg} near end of file`;
    }
    this.err = { msg: text, line: this.line, column: this.column, position: this.position, code };
  }

  scan(): number {
    this.saved = [];
    let c: number;
    do c = this.get();
    while (c === 32 || c === 9 || c === 10 || c === 13);
    if (c === EOF) return (this.token = TOK_EOF);
    this.saved.push(c);
    if (c === 123 || c === 125 || c === 91 || c === 93 || c === 58 || c === 44) return (this.token = c);
    if (c === 34) {
      this.scanString();
      return this.token;
    }
    if (isDigit(c) || c === 45) {
      this.scanNumber(c);
      return this.token;
    }
    if (isAlpha(c)) {
      c = this.getSave();
      while (isAlpha(c)) c = this.getSave();
      this.ungetUnsave(c);
      const word = Buffer.from(this.saved).toString("latin1");
      this.token = word === "true" ? TOK_TRUE : word === "false" ? TOK_FALSE : word === "null" ? TOK_NULL : TOK_INVALID;
      return this.token;
    }
    this.saveCached();
    return (this.token = TOK_INVALID);
  }

  scanString(): void {
    this.token = TOK_INVALID;
    let c = this.getSave();
    while (c !== 34) {
      if (c === EOF) {
        this.error("premature", "premature end of input");
        return;
      }
      if (c <= 0x1f) {
        this.ungetUnsave(c);
        if (c === 10) this.error("syntax", "unexpected newline");
        else this.error("syntax", `control character 0x${c.toString(16)}`);
        return;
      }
      if (c === 92) {
        c = this.getSave();
        if (c === 117) {
          c = this.getSave();
          for (let k = 0; k < 4; k++) {
            if (!isXdigit(c)) {
              this.error("syntax", "invalid escape");
              return;
            }
            c = this.getSave();
          }
        } else if (c === 34 || c === 92 || c === 47 || c === 98 || c === 102 || c === 110 || c === 114 || c === 116) {
          c = this.getSave();
        } else {
          this.error("syntax", "invalid escape");
          return;
        }
      } else c = this.getSave();
    }
    // Decode the saved text (between the quotes).
    const raw = this.saved;
    const bytes: number[] = [];
    let p = 1;
    const hex4 = (at: number) => parseInt(String.fromCharCode(...raw.slice(at, at + 4)), 16);
    const esc = (at: number) => String.fromCharCode(...raw.slice(at, at + 6));
    while (raw[p] !== 34) {
      if (raw[p] === 92) {
        p++;
        if (raw[p] === 117) {
          let value = hex4(p + 1);
          p += 5;
          if (value >= 0xd800 && value <= 0xdbff) {
            if (raw[p] === 92 && raw[p + 1] === 117) {
              const value2 = hex4(p + 2);
              p += 6;
              if (value2 >= 0xdc00 && value2 <= 0xdfff) {
                value = ((value - 0xd800) << 10) + (value2 - 0xdc00) + 0x10000;
              } else {
                this.error("syntax", `invalid Unicode '\\u${hx(value)}\\u${hx(value2)}'`);
                return;
              }
            } else {
              this.error("syntax", `invalid Unicode '\\u${hx(value)}'`);
              return;
            }
          } else if (value >= 0xdc00 && value <= 0xdfff) {
            this.error("syntax", `invalid Unicode '\\u${hx(value)}'`);
            return;
          }
          void esc;
          bytes.push(...Buffer.from(String.fromCodePoint(value), "utf8"));
        } else {
          const ch = raw[p];
          bytes.push(ch === 98 ? 8 : ch === 102 ? 12 : ch === 110 ? 10 : ch === 114 ? 13 : ch === 116 ? 9 : ch);
          p++;
        }
      } else bytes.push(raw[p++]);
    }
    this.str = Buffer.from(bytes).toString("utf8");
    this.token = TOK_STRING;
  }

  scanNumber(c: number): void {
    this.token = TOK_INVALID;
    if (c === 45) c = this.getSave();
    if (c === 48) {
      c = this.getSave();
      if (isDigit(c)) {
        this.ungetUnsave(c);
        return;
      }
    } else if (isDigit(c)) {
      do c = this.getSave();
      while (isDigit(c));
    } else {
      this.ungetUnsave(c);
      return;
    }
    if (c !== 46 && c !== 69 && c !== 101) {
      this.ungetUnsave(c);
      const text = Buffer.from(this.saved).toString("latin1");
      const v = BigInt(text);
      if (v > INT64_MAX || v < INT64_MIN) {
        this.error("other", v < 0n ? "too big negative integer" : "too big integer");
        return;
      }
      this.token = TOK_INTEGER;
      this.int = v;
      return;
    }
    if (c === 46) {
      c = this.get();
      if (!isDigit(c)) {
        this.unget(c);
        return;
      }
      this.saved.push(c);
      do c = this.getSave();
      while (isDigit(c));
    }
    if (c === 69 || c === 101) {
      c = this.getSave();
      if (c === 43 || c === 45) c = this.getSave();
      if (!isDigit(c)) {
        this.ungetUnsave(c);
        return;
      }
      do c = this.getSave();
      while (isDigit(c));
    }
    this.ungetUnsave(c);
    const v = Number(Buffer.from(this.saved).toString("latin1"));
    if (!Number.isFinite(v)) {
      this.error("other", "real number overflow");
      return;
    }
    this.token = TOK_REAL;
    this.real = v;
  }

  parseValue(): JValue | null {
    this.depth++;
    if (this.depth > 2048) {
      this.error("other", "maximum parsing depth reached");
      return null;
    }
    let v: JValue | null;
    switch (this.token) {
      case TOK_STRING:
        if (this.str.includes("\0")) {
          this.error("other", "\\u0000 is not allowed without JSON_ALLOW_NUL");
          return null;
        }
        v = { t: "str", v: this.str };
        break;
      case TOK_INTEGER:
        v = { t: "int", v: this.int };
        break;
      case TOK_REAL:
        v = { t: "real", v: this.real };
        break;
      case TOK_TRUE:
        v = { t: "true" };
        break;
      case TOK_FALSE:
        v = { t: "false" };
        break;
      case TOK_NULL:
        v = { t: "null" };
        break;
      case 123:
        v = this.parseObject();
        break;
      case 91:
        v = this.parseArray();
        break;
      case TOK_INVALID:
        this.error("syntax", "invalid token");
        return null;
      default:
        this.error("syntax", "unexpected token");
        return null;
    }
    if (!v) return null;
    this.depth--;
    return v;
  }

  parseObject(): JValue | null {
    const keys: string[] = [];
    const map = new Map<string, JValue>();
    this.scan();
    if (this.token === 125) return { t: "obj", keys, map };
    for (;;) {
      if (this.token !== TOK_STRING) {
        this.error("syntax", "string or '}' expected");
        return null;
      }
      const key = this.str;
      if (key.includes("\0")) {
        this.error("other", "NUL byte in object key not supported");
        return null;
      }
      if (this.scan() !== 58) {
        this.error("syntax", "':' expected");
        return null;
      }
      this.scan();
      const value = this.parseValue();
      if (!value) return null;
      if (!map.has(key)) keys.push(key);
      map.set(key, value);
      if (this.scan() !== 44) break;
      this.scan();
    }
    if (this.tok() !== 125) {
      this.error("syntax", "'}' expected");
      return null;
    }
    return { t: "obj", keys, map };
  }

  parseArray(): JValue | null {
    const items: JValue[] = [];
    this.scan();
    if (this.token === 93) return { t: "arr", v: items };
    while (this.token !== TOK_EOF) {
      const e = this.parseValue();
      if (!e) return null;
      items.push(e);
      this.scan();
      if (this.token !== 44) break;
      this.scan();
    }
    if (this.token !== 93) {
      this.error("syntax", "']' expected");
      return null;
    }
    return { t: "arr", v: items };
  }
}

function hx(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, "0");
}

function signalParseError(lex: Lexer, source: string): never {
  const e = lex.err ?? { msg: "unknown error", line: lex.line, column: lex.column, position: lex.position, code: "other" };
  const sym = e.code === "premature" ? "json-end-of-file" : e.code === "trailing" ? "json-trailing-content" : "json-parse-error";
  signal(sym, list(e.msg, source, e.line, e.column, e.position));
}

/** Parse BYTES as Jansson would; with eofCheck, trailing content is an error. */
function parseJson(bytes: Buffer, eofCheck: boolean, source: string): { value: JValue; lex: Lexer } {
  const lex = new Lexer(bytes);
  lex.scan();
  const value = lex.parseValue();
  if (!value) signalParseError(lex, source);
  if (eofCheck) {
    lex.scan();
    if (lex.token !== TOK_EOF) {
      lex.error("trailing", "end of file expected");
      signalParseError(lex, source);
    }
  }
  return { value, lex };
}

function toLisp(v: JValue, conf: Conf): L {
  switch (v.t) {
    case "str":
      return v.v;
    case "int":
      return normInt(v.v);
    case "real":
      return makeFloat(v.v);
    case "true":
      return T;
    case "false":
      return conf.falseObject;
    case "null":
      return conf.nullObject;
    case "arr": {
      const items = v.v.map((e) => toLisp(e, conf));
      return conf.arrayType === "array" ? items : arrayToList(items);
    }
    case "obj": {
      if (conf.objectType === "hash-table") {
        const h = new LispHashTable(Qequal, null, NIL, v.keys.length || 1);
        for (const k of v.keys) h.put(k, toLisp(v.map.get(k)!, conf));
        return h;
      }
      if (conf.objectType === "alist") {
        return arrayToList(v.keys.map((k) => new Cons(intern(k), toLisp(v.map.get(k)!, conf))));
      }
      const out: L[] = [];
      for (const k of v.keys) out.push(intern(":" + k), toLisp(v.map.get(k)!, conf));
      return arrayToList(out);
    }
  }
}

defsubr("json-parse-string", (args: L[]) => {
  const s = args[0];
  if (typeof s !== "string") wrongType("stringp", s);
  const conf = parseArgs(args.slice(1), true);
  if (s.includes("\0")) wrongType("string-without-embedded-nulls-p", s);
  const { value } = parseJson(Buffer.from(s, "utf8"), true, "<string>");
  return toLisp(value, conf);
}, { min: 1, max: "many" });

defsubr("json-parse-buffer", (args: L[]) => {
  const conf = parseArgs(args, true);
  const start = buffers.point();
  const text = buffers.substring(start, buffers.pointMax());
  const bytes = Buffer.from(text, "utf8");
  const { value, lex } = parseJson(bytes, false, "<callback>");
  const result = toLisp(value, conf);
  // Point moves past the value: convert the byte position back to characters.
  const consumed = bytes.subarray(0, lex.position).toString("utf8");
  buffers.goto(start + [...consumed].length);
  return result;
}, { min: 0, max: "many" });

// ---------------------------------------------------------------------------
// json.el: variables

const v = (name: string, value: L) => defvar(name, value);
const VobjectType = v("json-object-type", K.alist);
const VarrayType = v("json-array-type", K.vector);
const VkeyType = v("json-key-type", NIL);
const Vfalse = v("json-false", intern(":json-false"));
const Vnull = v("json-null", NIL);
const Vseparator = v("json-encoding-separator", ",");
const Vindentation = v("json-encoding-default-indentation", "  ");
const Vpretty = v("json-encoding-pretty-print", NIL);
const VlispClosings = v("json-encoding-lisp-style-closings", NIL);
const VsortPredicate = v("json-encoding-object-sort-predicate", NIL);
const VpreRead = v("json-pre-element-read-function", NIL);
const VpostRead = v("json-post-element-read-function", NIL);
const VindentPrefix = v("json--print-indentation-prefix", "\n");
const VindentDepth = v("json--print-indentation-depth", 0);
const VkeyvalSep = v("json--print-keyval-separator", ":");
v("json-keywords", list("true", "false", "null"));
v("json-special-chars", list(
  new Cons(34, 34), new Cons(92, 92), new Cons(98, 8), new Cons(102, 12), new Cons(110, 10), new Cons(114, 13),
  new Cons(116, 9),
));
v("json-pretty-print-max-secs", makeFloat(2.0));

const val = (s: Sym): L => {
  const x = symbolValueCell(s);
  return x === UNBOUND ? NIL : (x as L);
};
const str = (s: Sym, dflt: string): string => {
  const x = val(s);
  return typeof x === "string" ? x : dflt;
};

// ---------------------------------------------------------------------------
// json.el: encoding

function isKeyword(x: L): x is Sym {
  return x instanceof Sym && x.name.startsWith(":") && x.interned;
}

export function jsonAlistP(l: L): boolean {
  while (l instanceof Cons && l.car instanceof Cons && !(l.car.car instanceof Cons)) l = l.cdr;
  return l === NIL;
}

export function jsonPlistP(l: L): boolean {
  while (l instanceof Cons && isKeyword(l.car) && l.cdr instanceof Cons) l = l.cdr.cdr;
  return l === NIL;
}

class Encoder {
  out = "";
  pretty = val(Vpretty) !== NIL;
  prefix = str(VindentPrefix, "\n");
  depth = typeof val(VindentDepth) === "number" ? (val(VindentDepth) as number) : 0;
  keyvalSep = str(VkeyvalSep, ":");
  separator = str(Vseparator, ",");
  indentation = str(Vindentation, "  ");
  lispClosings = val(VlispClosings) !== NIL;
  sortPred = val(VsortPredicate);

  indent(): void {
    if (this.pretty) this.out += this.prefix + this.indentation.repeat(this.depth);
  }
  withIndentation(fn: () => void): void {
    const saved = [this.prefix, this.keyvalSep, this.depth] as const;
    this.prefix = this.pretty ? this.prefix : "";
    this.keyvalSep = this.pretty ? ": " : ":";
    this.depth++;
    try {
      fn();
    } finally {
      [this.prefix, this.keyvalSep, this.depth] = saved;
    }
  }

  keyword(x: L): string | null {
    if (x === T) return "true";
    if (x === val(Vfalse)) return "false";
    if (x === val(Vnull)) return "null";
    return null;
  }

  string(s: string, from = 0): void {
    let body = "";
    const chars = from ? [...s].slice(from).join("") : s;
    for (const ch of chars) {
      const c = ch.codePointAt(0)!;
      if (c === 34) body += '\\"';
      else if (c === 92) body += "\\\\";
      else if (c < 32) {
        const special = c === 8 ? "b" : c === 12 ? "f" : c === 10 ? "n" : c === 13 ? "r" : c === 9 ? "t" : null;
        body += "\\" + (special ?? "u" + c.toString(16).padStart(4, "0"));
      } else body += ch;
    }
    this.out += '"' + body + '"';
  }

  stringlike(x: L): boolean {
    if (typeof x === "string") this.string(x);
    else if (isKeyword(x)) this.string(x.name, 1);
    else if (x instanceof Sym) this.string(x.name);
    else return false;
    return true;
  }

  key(x: L): void {
    if (!this.stringlike(x)) signal("json-key-format", list(x));
  }

  pair(k: L, v: L): void {
    this.indent();
    this.key(k);
    this.out += this.keyvalSep;
    this.print(v);
    this.out += this.separator;
  }

  /** map-do over an alist, plist or hash table. */
  pairs(map: L): [L, L][] {
    const out: [L, L][] = [];
    if (map instanceof LispHashTable) {
      for (const [k, v] of map.entries()) out.push([k, v]);
      return out;
    }
    if (jsonPlistP(map) && !(map instanceof Cons && map.car instanceof Cons)) {
      for (let l = map; l instanceof Cons && l.cdr instanceof Cons; l = l.cdr.cdr) out.push([l.car, l.cdr.car]);
      return out;
    }
    for (let l = map; l instanceof Cons; l = l.cdr) {
      const e = l.car;
      if (e instanceof Cons) out.push([e.car, e.cdr]);
      else out.push([e, NIL]);
    }
    return out;
  }

  map(map: L, pairs?: [L, L][]): void {
    this.out += "{";
    const ps = pairs ?? this.pairs(map);
    if (ps.length > 0) {
      this.withIndentation(() => {
        for (const [k, v] of ps) this.pair(k, v);
        this.out = this.out.slice(0, this.out.length - this.separator.length);
      });
      if (!this.lispClosings) this.indent();
    }
    this.out += "}";
  }

  sorted(pairs: [L, L][]): [L, L][] {
    const pred = this.sortPred;
    const before = (a: [L, L], b: [L, L]) => funcall(pred, [a[0], b[0]]) !== NIL;
    // A stable merge sort that calls the predicate as Emacs's `sort' does.
    const sort = (xs: [L, L][]): [L, L][] => {
      if (xs.length <= 1) return xs;
      const mid = xs.length >> 1;
      const a = sort(xs.slice(0, mid));
      const b = sort(xs.slice(mid));
      const r: [L, L][] = [];
      let i = 0;
      let j = 0;
      while (i < a.length && j < b.length) {
        if (before(b[j], a[i])) r.push(b[j++]);
        else r.push(a[i++]);
      }
      return r.concat(a.slice(i), b.slice(j));
    };
    return sort(pairs);
  }

  unorderedMap(map: L): void {
    const ps = this.pairs(map);
    if (this.sortPred !== NIL && ps.length > 0) this.map(map, this.sorted(ps));
    else this.map(map, ps);
  }

  alist(alist: L): void {
    const ps = this.pairs(alist);
    this.map(alist, this.sortPred !== NIL && ps.length > 0 ? this.sorted(ps) : ps);
  }

  array(items: L): void {
    let elts: L[];
    if (Array.isArray(items)) elts = items;
    else if (typeof items === "string") elts = [...items].map((c) => c.codePointAt(0)!);
    else if (items instanceof BoolVector) elts = items.bits.map((b) => (b ? T : NIL));
    else {
      elts = [];
      let l: L = items;
      for (; l instanceof Cons; l = l.cdr) elts.push(l.car);
      if (l !== NIL) wrongType("listp", l);
    }
    this.out += "[";
    if (elts.length > 0) {
      this.withIndentation(() => {
        this.indent();
        elts.forEach((e, i) => {
          if (i > 0) {
            this.out += this.separator;
            this.indent();
          }
          this.print(e);
        });
      });
      if (!this.lispClosings) this.indent();
    }
    this.out += "]";
  }

  list(l: L): void {
    if (jsonAlistP(l)) this.alist(l);
    else if (jsonPlistP(l)) this.unorderedMap(l);
    else this.array(l);
  }

  print(x: L): void {
    const kw = this.keyword(x);
    if (kw !== null) {
      this.out += kw;
      return;
    }
    if (x === NIL || x instanceof Cons) this.list(x);
    else if (this.stringlike(x)) return;
    else if (typeof x === "number" || typeof x === "bigint" || x instanceof LispFloat) this.out += prin1ToString(x);
    else if (Array.isArray(x) || x instanceof BoolVector) this.array(x);
    else if (x instanceof LispHashTable) this.unorderedMap(x);
    else signal("json-error", list(x));
  }
}

function encodeWith(fn: (e: Encoder) => void): string {
  const e = new Encoder();
  fn(e);
  return e.out;
}

defsubr("json-encode", (x: L) => encodeWith((e) => e.print(x)), { min: 1, max: 1 });
defsubr("json-encode-string", (x: L) => encodeWith((e) => e.string(typeof x === "string" ? x : princToString(x))), {
  min: 1, max: 1,
});
defsubr("json-encode-key", (x: L) => encodeWith((e) => e.key(x)), { min: 1, max: 1 });
defsubr("json-encode-keyword", (x: L) => new Encoder().keyword(x) ?? NIL, { min: 1, max: 1 });
defsubr("json-encode-number", (x: L) => encodeWith((e) => e.print(x)), { min: 1, max: 1 });
defsubr("json-encode-hash-table", (x: L) => encodeWith((e) => e.print(x)), { min: 1, max: 1 });
defsubr("json-encode-alist", (x: L) => encodeWith((e) => e.alist(x)), { min: 1, max: 1 });
defsubr("json-encode-plist", (x: L) => encodeWith((e) => e.unorderedMap(x)), { min: 1, max: 1 });
defsubr("json-encode-list", (x: L) => encodeWith((e) => e.list(x)), { min: 1, max: 1 });
defsubr("json-encode-array", (x: L) => encodeWith((e) => e.array(x)), { min: 1, max: 1 });
defsubr("json-alist-p", (x: L) => (jsonAlistP(x) ? T : NIL), { min: 1, max: 1 });
defsubr("json-plist-p", (x: L) => (jsonPlistP(x) ? T : NIL), { min: 1, max: 1 });

// ---------------------------------------------------------------------------
// json.el: reading, on the text after point (positions are buffer positions)

const isWordChar = (c: number) => /[\p{L}\p{N}]/u.test(String.fromCodePoint(c));

class Reader {
  /** Characters of the text; position p (0-based) is buffer position base + p. */
  constructor(public chars: number[], public p: number, public base: number) {}
  point(): number {
    return this.base + this.p;
  }
  peek(): number {
    return this.p < this.chars.length ? this.chars[this.p] : 0;
  }
  advance(n = 1): void {
    if (this.p + n > this.chars.length) {
      this.p = this.chars.length;
      signal("end-of-buffer", NIL);
    }
    this.p += n;
  }
  pop(): number {
    if (this.p >= this.chars.length) signal("json-end-of-file", NIL);
    return this.chars[this.p++];
  }
  skipWs(): void {
    while (this.p < this.chars.length) {
      const c = this.chars[this.p];
      if (c === 9 || c === 10 || c === 13 || c === 32) this.p++;
      else break;
    }
  }
  lookingAt(s: string): boolean {
    for (let k = 0; k < s.length; k++) if (this.chars[this.p + k] !== s.charCodeAt(k)) return false;
    return true;
  }
  postValue(): boolean {
    if (this.p >= this.chars.length) return true;
    const c = this.chars[this.p];
    return c === 9 || c === 10 || c === 13 || c === 32 || c === 44 || c === 93 || c === 125;
  }
  /** thing-at-point 'word at the current position (or nil). */
  wordAtPoint(): L {
    const n = this.chars.length;
    const w = (k: number) => k >= 0 && k < n && isWordChar(this.chars[k]);
    const fwd = (k: number) => {
      while (k < n && !w(k)) k++;
      while (k < n && w(k)) k++;
      return k;
    };
    const bwd = (k: number) => {
      while (k > 0 && !w(k - 1)) k--;
      while (k > 0 && w(k - 1)) k--;
      return k;
    };
    const orig = this.p;
    const text = (a: number, b: number) => String.fromCodePoint(...this.chars.slice(a, b));
    let beg = bwd(fwd(orig));
    if (beg <= orig) {
      const realEnd = fwd(beg);
      if (orig <= realEnd && beg < realEnd) return text(beg, realEnd);
      return NIL;
    }
    const end = fwd(bwd(orig));
    beg = bwd(end);
    if (beg <= orig && orig <= end && beg < end) return text(beg, end);
    return NIL;
  }

  read(): L {
    this.skipWs();
    const c = this.p < this.chars.length ? this.chars[this.p] : -1;
    if (c === 34) return this.readString();
    if (c === 91) return this.readArray();
    if (c === 123) return this.readObject();
    if (c === 110) return this.readKeyword("null");
    if (c === 102) return this.readKeyword("false");
    if (c === 116) return this.readKeyword("true");
    if (c === 45 || isDigit(c)) return this.readNumber();
    if (c >= 0) signal("json-readtable-error", list(c));
    signal("json-end-of-file", NIL);
  }

  readKeyword(kw: string): L {
    const value = kw === "true" ? T : kw === "false" ? val(Vfalse) : val(Vnull);
    if (!this.lookingAt(kw)) signal("json-unknown-keyword", list(this.wordAtPoint()));
    this.advance(kw.length);
    if (!this.postValue()) signal("json-unknown-keyword", list(this.wordAtPoint()));
    this.skipWs();
    return value;
  }

  readNumber(): L {
    const rest = String.fromCodePoint(...this.chars.slice(this.p, this.p + 400));
    const m = /^-?(?:[1-9][0-9]*|0)(?:\.[0-9]+)?(?:[Ee][+-]?[0-9]+)?/.exec(rest);
    if (!m) signal("json-number-format", list(this.point()));
    this.p += m[0].length;
    const n = parseNumber(m[0]) as L;
    if (!this.postValue()) signal("json-number-format", list(this.point()));
    this.skipWs();
    return n;
  }

  readEscaped(): number {
    this.advance();
    const c = this.pop();
    switch (c) {
      case 34:
        return 34;
      case 92:
        return 92;
      case 98:
        return 8;
      case 102:
        return 12;
      case 110:
        return 10;
      case 114:
        return 13;
      case 116:
        return 9;
      case 117:
        break;
      default:
        return c;
    }
    const hexAt = (k: number, first?: RegExp, second?: RegExp): number | null => {
      const s = String.fromCharCode(...this.chars.slice(this.p + k, this.p + k + 4));
      if (s.length < 4 || !/^[0-9A-Fa-f]{4}$/.test(s)) return null;
      if (first && !first.test(s[0])) return null;
      if (second && !second.test(s[1])) return null;
      return parseInt(s, 16);
    };
    const hi = hexAt(0, /[Dd]/, /[89ABab]/);
    if (hi !== null && this.chars[this.p + 4] === 92 && this.chars[this.p + 5] === 117) {
      const lo = hexAt(6, /[Dd]/, /[C-Fc-f]/);
      if (lo !== null) {
        this.p += 10;
        return ((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
      }
    }
    const v = hexAt(0);
    if (v !== null) {
      this.p += 4;
      return v;
    }
    signal("json-string-escape", list(this.point()));
  }

  readString(): string {
    this.advance();
    const out: number[] = [];
    let c = this.peek();
    while (c !== 34) {
      if (c < 32) {
        if (c === 0) signal("json-end-of-file", NIL);
        signal("json-string-format", list(c));
      }
      if (c === 92) out.push(this.readEscaped());
      else {
        this.advance();
        out.push(c);
      }
      c = this.peek();
    }
    this.advance();
    let s = "";
    for (const ch of out) s += ch >= 0xd800 && ch <= 0xdfff ? String.fromCharCode(ch) : String.fromCodePoint(ch);
    return s;
  }

  readArray(): L {
    this.advance();
    this.skipWs();
    const elements: L[] = [];
    let len = 0;
    const pre = val(VpreRead);
    const post = val(VpostRead);
    while (this.peek() !== 93) {
      this.skipWs();
      if (pre !== NIL) {
        funcall(pre, [len]);
        len++;
      }
      elements.push(this.read());
      if (post !== NIL) funcall(post, []);
      this.skipWs();
      if (this.peek() !== 93) {
        if (this.peek() === 44) this.advance();
        else signal("json-array-format", list(",", this.peek()));
      }
    }
    this.advance();
    const type = val(VarrayType);
    if (type === K.vector) return elements;
    if (type === K.list) return arrayToList(elements);
    return NIL;
  }

  readObject(): L {
    this.advance();
    this.skipWs();
    const type = val(VobjectType);
    const keyTypeSetting = val(VkeyType);
    const keyType = keyTypeSetting !== NIL ? keyTypeSetting
      : type === K.hashTable ? K.string : type === K.alist ? K.symbol : type === K.plist ? K.keyword : NIL;
    const table = type === K.hashTable ? new LispHashTable(Qequal) : null;
    const items: L[] = [];
    const pre = val(VpreRead);
    const post = val(VpostRead);
    while (this.peek() !== 125) {
      this.skipWs();
      const rawKey = this.readString();
      this.skipWs();
      if (this.peek() === 58) this.advance();
      else signal("json-object-format", list(":", this.peek()));
      this.skipWs();
      if (pre !== NIL) funcall(pre, [rawKey]);
      const value = this.read();
      if (post !== NIL) funcall(post, []);
      const key: L = keyType === K.string ? rawKey : keyType === K.symbol ? intern(rawKey)
        : keyType === K.keyword ? intern(":" + rawKey) : NIL;
      if (table) table.put(key, value);
      else if (type === K.alist) items.push(new Cons(key, value));
      else if (type === K.plist) items.push(key, value);
      this.skipWs();
      if (this.peek() !== 125) {
        if (this.peek() === 44) this.advance();
        else signal("json-object-format", list(",", this.peek()));
      }
    }
    this.advance();
    if (table) return table;
    if (type === K.alist || type === K.plist) return arrayToList(items);
    return NIL;
  }
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!;
    out.push(c);
    if (c > 0xffff) i++;
  }
  return out;
}

defsubr("json-read-from-string", (s: L) => {
  // The string is inserted into a buffer: a character is accepted too.
  if (typeof s === "number" && s >= 0 && s <= 0x10ffff) s = String.fromCodePoint(s);
  if (typeof s !== "string") wrongType("char-or-string-p", s);
  return new Reader(codePoints(s), 0, 1).read();
}, { min: 1, max: 1 });

/** json-read and friends on the current buffer: read from point, then move point past what was read. */
function readInBuffer<R>(fn: (r: Reader) => R): R {
  const start = buffers.point();
  const r = new Reader(codePoints(buffers.substring(start, buffers.pointMax())), 0, start);
  try {
    return fn(r);
  } finally {
    buffers.goto(start + r.p);
  }
}

defsubr("json-read", () => readInBuffer((r) => r.read()), { min: 0, max: 0 });
defsubr("json-read-string", () => readInBuffer((r) => r.readString()), { min: 0, max: 0 });
defsubr("json-read-number", () => readInBuffer((r) => r.readNumber()), { min: 0, max: 1 });
defsubr("json-read-array", () => readInBuffer((r) => r.readArray()), { min: 0, max: 0 });
defsubr("json-read-object", () => readInBuffer((r) => r.readObject()), { min: 0, max: 0 });
defsubr("json-read-keyword", (kw: L) => {
  if (typeof kw !== "string") wrongType("stringp", kw);
  return readInBuffer((r) => {
    if (kw !== "true" && kw !== "false" && kw !== "null") signal("json-unknown-keyword", list(kw));
    return r.readKeyword(kw);
  });
}, { min: 1, max: 1 });
defsubr("json-skip-whitespace", () => readInBuffer((r) => (r.skipWs(), NIL)), { min: 0, max: 0 });

defsubr("json-read-file", (file: L) => {
  const old = buffers.current();
  const tmp = buffers.getCreate(" *json-read-file*");
  try {
    return buffers.with(tmp, () => {
      funcall(intern("erase-buffer"), []);
      funcall(intern("insert-file-contents"), [file]);
      return readInBuffer((r) => r.read());
    });
  } finally {
    if (buffers.live(tmp)) funcall(intern("kill-buffer"), [tmp]);
    void old;
  }
}, { min: 1, max: 1 });

defsubr("json-new-object", () => (val(VobjectType) === K.hashTable ? new LispHashTable(Qequal) : NIL), { min: 0, max: 0 });
defsubr("json-add-to-object", (object: L, key: L, value: L) => {
  if (typeof key !== "string") wrongType("stringp", key);
  const type = val(VobjectType);
  const kt = val(VkeyType) !== NIL ? val(VkeyType)
    : type === K.hashTable ? K.string : type === K.alist ? K.symbol : type === K.plist ? K.keyword : NIL;
  const k: L = kt === K.string ? key : kt === K.symbol ? intern(key) : kt === K.keyword ? intern(":" + key) : NIL;
  if (type === K.hashTable) {
    if (!(object instanceof LispHashTable)) wrongType("hash-table-p", object);
    object.put(k, value);
    return object;
  }
  if (type === K.alist) return new Cons(new Cons(k, value), object);
  if (type === K.plist) return new Cons(k, new Cons(value, object));
  return NIL;
}, { min: 3, max: 3 });

// json-pretty-print-buffer / json-pretty-print: re-encode the region.
function prettyPrintRegion(begin: L, end: L, minimize: L): L {
  const { text, from, to } = buffers.regionText(begin, end);
  const depth = specpdlDepth();
  try {
    specbind(Vpretty, minimize === NIL ? T : NIL);
    specbind(Vnull, intern(":json-null"));
    specbind(VobjectType, K.alist);
    specbind(VarrayType, K.vector);
    const obj = new Reader(codePoints(text), 0, from).read();
    const out = encodeWith((e) => e.print(obj));
    buffers.replaceRegion(from, to, out);
  } finally {
    unbindTo(depth);
  }
  return NIL;
}
defsubr("json-pretty-print", (b: L, e: L, m: L) => prettyPrintRegion(b, e, m), { min: 2, max: 3 });
defsubr("json-pretty-print-buffer", (m: L) => prettyPrintRegion(NIL, NIL, m), { min: 0, max: 1 });

export { listToArray };
