// URL helpers of Emacs's url-util.el and url-parse.el: percent-encoding,
// query strings, and the `url' structure (a record printed #s(url ...), as
// cl-defstruct makes it), with its accessors and setf functions.
import { L, NIL, T, Sym, Cons, LispRecord, list, listToArray, arrayToList, bool } from "../types.js";
import { intern, defvar } from "../symbols.js";
import { signal, wrongType, argsOutOfRange } from "../errors.js";
import { defsubr } from "../subr.js";
import { princToString } from "../printer.js";
import { latin1Bytes } from "./crypto.js";

// ---------------------------------------------------------------------------
// Percent-encoding

const UNRESERVED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~";
const code = (s: string) => [...s].map((c) => c.charCodeAt(0));

function allowedVector(chars: number[]): L[] {
  const v: L[] = new Array(256).fill(NIL);
  for (const c of chars) if (c >= 0 && c < 256) v[c] = T;
  return v;
}

const unreservedList = code(UNRESERVED);
defvar("url-unreserved-chars", arrayToList(unreservedList));
const hostAllowed = allowedVector([...code("%!$&'()*+,;="), ...unreservedList]);
const pathAllowed = hostAllowed.slice();
for (const c of code("/:@")) pathAllowed[c] = T;
const queryAllowed = pathAllowed.slice();
queryAllowed[63] = T;
defvar("url-host-allowed-chars", hostAllowed);
defvar("url-path-allowed-chars", pathAllowed);
defvar("url-query-allowed-chars", queryAllowed);
defvar("url-encoding-table", Array.from({ length: 256 }, (_, b) => "%" + b.toString(16).toUpperCase().padStart(2, "0")));

/** url-hexify-string: UTF-8 bytes not ALLOWED become %XX. */
export function hexify(s: string, allowed: L = NIL): string {
  let mask: L[];
  if (allowed === NIL) mask = allowedVector(unreservedList);
  else if (Array.isArray(allowed)) mask = allowed;
  else {
    const chars: number[] = [];
    for (let l: L = allowed; l instanceof Cons; l = l.cdr) if (typeof l.car === "number") chars.push(l.car);
    mask = allowedVector(chars);
  }
  const bytes = Buffer.from(s, "utf8");
  let out = "";
  for (const b of bytes) {
    if (b >= mask.length) argsOutOfRange(mask, b);
    out += mask[b] !== NIL ? String.fromCharCode(b) : "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** url-unhex-string: %XX become bytes (characters 0..255); CR and LF become spaces unless allowed. */
export function unhex(s: string, allowNewlines: boolean): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => {
    const c = parseInt(h, 16);
    if (!allowNewlines && (c === 10 || c === 13)) return " ";
    return String.fromCharCode(c);
  });
}

defsubr("url-hexify-string", (s: L, allowed: L) => {
  if (typeof s !== "string") wrongType("sequencep", s);
  return hexify(s, allowed);
}, { min: 1, max: 2 });

defsubr("url-unhex-string", (s: L, allowNewlines: L) => {
  if (s === NIL) return "";
  if (typeof s !== "string") wrongType("stringp", s);
  return unhex(s, allowNewlines !== NIL);
}, { min: 1, max: 2 });

defsubr("url-unhex", (x: L) => {
  if (typeof x !== "number") wrongType("number-or-marker-p", x);
  if (x > 57) return x >= 97 ? 10 + x - 97 : 10 + x - 65;
  return x - 48;
}, { min: 1, max: 1 });

defsubr("url--allowed-chars", (chars: L) => allowedVector(listToArray(chars).filter((c): c is number => typeof c === "number")), {
  min: 1, max: 1,
});

// ---------------------------------------------------------------------------
// Query strings

const fmt = (x: L): string => princToString(x);

defsubr("url-build-query-string", (query: L, semicolons: L, keepEmpty: L) => {
  const sep = semicolons !== NIL ? ";" : "&";
  const parts: string[] = [];
  for (const keyVals of listToArray(query)) {
    const escaped = listToArray(keyVals).map((x) => hexify(fmt(x)));
    const key = escaped[0] ?? "";
    const vals = escaped.length > 1 ? escaped.slice(1) : [""];
    parts.push(vals.map((v) => key + (keepEmpty !== NIL || v.length > 0 ? "=" : "") + v).join(sep));
  }
  return parts.join(sep);
}, { min: 1, max: 3 });

defsubr("url-parse-query-string", (query: L, downcase: L, allowNewlines: L) => {
  if (typeof query !== "string") wrongType("stringp", query);
  const result: [string, string[]][] = [];
  for (let cur of query.split(/[;&]/)) {
    if (!cur.includes("=")) cur += "=";
    const eq = cur.indexOf("=");
    let key = unhex(cur.slice(0, eq), allowNewlines !== NIL);
    const value = unhex(cur.slice(eq + 1), allowNewlines !== NIL);
    if (downcase !== NIL) key = key.toLowerCase();
    const found = result.find((r) => r[0] === key);
    if (found) found[1].unshift(value);
    else result.unshift([key, [value]]);
  }
  return arrayToList(result.map(([k, vs]) => list(k, ...vs)));
}, { min: 1, max: 3 });

// ---------------------------------------------------------------------------
// The url structure

const URL_TAG = intern("url");
const SLOTS = ["type", "user", "password", "host", "portspec", "filename", "target", "attributes", "fullness",
  "silent", "use-cookies", "asynchronous"];

export function makeUrl(fields: L[]): LispRecord {
  const slots: L[] = [URL_TAG];
  for (let k = 0; k < SLOTS.length; k++) slots.push(fields[k] ?? (k >= 10 ? T : NIL));
  return new LispRecord(slots);
}

function isUrl(x: L): x is LispRecord {
  return x instanceof LispRecord && x.slots[0] === URL_TAG && x.slots.length === SLOTS.length + 1;
}

function checkUrl(x: L): LispRecord {
  if (!isUrl(x)) wrongType("url", x);
  return x;
}

SLOTS.forEach((name, k) => {
  defsubr(`url-${name}`, (x: L) => checkUrl(x).slots[k + 1], { min: 1, max: 1 });
  defsubr(`(setf url-${name})`, (value: L, x: L) => (checkUrl(x).slots[k + 1] = value), { min: 2, max: 2 });
});
defsubr("url-p", (x: L) => bool(isUrl(x)), { min: 1, max: 1 });
defsubr("url-parse-make-urlobj", (...args: L[]) => makeUrl(args), { min: 0, max: 9 });

// The default-port properties of Emacs's url-<scheme>.el files (others: 0).
const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ftp: 21, file: 21, irc: 6667, ldap: 389, imap: 143 };

function defaultPort(type: L): L {
  if (typeof type !== "string") return NIL;
  return DEFAULT_PORTS[type] ?? 0;
}

function urlPort(u: LispRecord): L {
  const spec = u.slots[5];
  if (spec !== NIL) return spec;
  return u.slots[1] !== NIL ? defaultPort(u.slots[1]) : NIL;
}

function portIfNonDefault(u: LispRecord): L {
  const port = u.slots[5];
  if (port === NIL) return NIL;
  const type = u.slots[1];
  if (type === NIL || port !== defaultPort(type)) return port;
  return NIL;
}

defsubr("url-port", (x: L) => urlPort(checkUrl(x)), { min: 1, max: 1 });
defsubr("(setf url-port)", (value: L, x: L) => (checkUrl(x).slots[5] = value), { min: 2, max: 2 });
defsubr("url-port-if-non-default", (x: L) => portIfNonDefault(checkUrl(x)), { min: 1, max: 1 });
defsubr("url-scheme-get-property", (scheme: L, property: L) => {
  if (property === intern("default-port")) return defaultPort(scheme);
  return NIL;
}, { min: 2, max: 2 });

function pathAndQuery(u: LispRecord): [L, L] {
  const name = u.slots[6];
  if (typeof name !== "string") return [NIL, NIL];
  const q = name.indexOf("?");
  if (q < 0) return [name, NIL];
  return [name.slice(0, q), name.slice(q + 1)];
}

defsubr("url-path-and-query", (x: L) => {
  const [p, q] = pathAndQuery(checkUrl(x));
  return new Cons(p, q);
}, { min: 1, max: 1 });

export function recreateUrl(u: LispRecord): string {
  const [, type, user, pass, host, , file, frag, , fullness] = u.slots;
  const port = portIfNonDefault(u);
  let out = "";
  if (type !== NIL) out += fmt(type) + ":";
  if (fullness !== NIL) out += "//";
  if (user !== NIL || pass !== NIL) out += (user !== NIL ? fmt(user) : "") + (pass !== NIL ? ":" + fmt(pass) : "") + "@";
  if (host !== NIL) out += fmt(host);
  if (port !== NIL) out += ":" + fmt(urlPort(u));
  out += file !== NIL ? fmt(file) : "/";
  if (frag !== NIL) out += "#" + fmt(frag);
  return out;
}

defsubr("url-recreate-url", (x: L) => recreateUrl(checkUrl(x)), { min: 1, max: 1 });

/** url-generic-parse-url (RFC 3986, tolerating URIs without a scheme). */
export function parseUrl(url: string): LispRecord {
  let rest = url;
  let scheme: L = NIL;
  let user: L = NIL;
  let pass: L = NIL;
  let host: L = NIL;
  let port: L = NIL;
  let full: L = NIL;
  let fragment: L = NIL;
  const sm = /^([a-zA-Z][-a-zA-Z0-9+.]*):/.exec(rest);
  if (sm) {
    scheme = sm[1].toLowerCase();
    rest = rest.slice(sm[0].length);
  }
  if (rest.startsWith("//")) {
    full = T;
    rest = rest.slice(2);
    const end = rest.search(/[/?#]/);
    let h = end < 0 ? rest : rest.slice(0, end);
    rest = end < 0 ? "" : rest.slice(end);
    const at = /^([^@]+)@/.exec(h);
    if (at) {
      user = at[1];
      h = h.slice(at[0].length);
    }
    if (typeof user === "string") {
      const c = /^([^:]*):([\s\S]*)$/.exec(user);
      if (c) {
        pass = c[2];
        user = c[1];
      }
    }
    let portStr: string | null = null;
    const v6 = /^(\[[^\]]+\])(?::([0-9]*))?$/.exec(h);
    if (v6) {
      portStr = v6[2] ?? null;
      h = v6[1];
    } else {
      const p = /:([0-9]*)$/.exec(h);
      if (p) {
        portStr = p[1];
        h = h.slice(0, p.index);
      }
    }
    if (portStr !== null && portStr !== "") port = Number(portStr);
    host = h.toLowerCase();
  }
  let file: L;
  if (scheme === "data") file = rest;
  else {
    let end = rest.search(/[?#]/);
    if (end >= 0 && rest[end] === "?") {
      const hash = rest.indexOf("#", end);
      end = hash;
    }
    file = end < 0 ? rest : rest.slice(0, end);
    if (end >= 0 && rest[end] === "#") fragment = rest.slice(end + 1);
  }
  if (typeof host === "string" && /%[0-9][0-9]/.test(host)) host = unhex(host, false);
  return makeUrl([scheme, user, pass, host, port, file, fragment, NIL, full]);
}

defsubr("url-generic-parse-url", (url: L) => {
  if (url === NIL) return makeUrl([]);
  if (typeof url !== "string") wrongType("stringp", url);
  return parseUrl(url);
}, { min: 1, max: 1 });

defsubr("url-encode-url", (url: L) => {
  if (typeof url !== "string") wrongType("stringp", url);
  const u = parseUrl(url);
  const s = u.slots;
  if (typeof s[2] === "string") s[2] = hexify(s[2]);
  if (typeof s[3] === "string") s[3] = hexify(s[3]);
  let [path, query] = pathAndQuery(u);
  if (typeof path === "string") path = hexify(path, pathAllowed);
  if (typeof query === "string") query = hexify(query, queryAllowed);
  s[6] = typeof query === "string" ? (typeof path === "string" ? path : "") + "?" + query : path;
  if (typeof s[7] === "string") s[7] = hexify(s[7], queryAllowed);
  return recreateUrl(u);
}, { min: 1, max: 1 });

// ---------------------------------------------------------------------------
// File-name parts of URLs, and small helpers of url-util.el

function urlFileNondirectory(file: L): string {
  if (file === NIL) return "";
  if (typeof file !== "string") wrongType("stringp", file);
  const q = file.indexOf("?");
  if (q >= 0) return urlFileNondirectory(file.slice(0, q));
  const m = /^.*\/([^/]*)$/.exec(file);
  return m ? m[1] : file;
}

function urlFileDirectory(file: L): L {
  if (file === NIL) return "";
  if (typeof file !== "string") wrongType("stringp", file);
  const q = file.indexOf("?");
  if (q >= 0) return urlFileDirectory(file.slice(0, q));
  const m = /^(.*(\/|%2[fF]))/.exec(file);
  return m ? m[1] : NIL;
}

defsubr("url-file-nondirectory", (f: L) => urlFileNondirectory(f), { min: 1, max: 1 });
defsubr("url-file-directory", (f: L) => urlFileDirectory(f), { min: 1, max: 1 });
defsubr("url-basepath", (f: L, x: L) => (x !== NIL ? urlFileNondirectory(f) : urlFileDirectory(f)), { min: 1, max: 2 });
defsubr("url-file-extension", (fname: L, x: L) => {
  if (fname !== NIL) {
    const f = urlFileNondirectory(fname);
    const m = /\.[^./]+$/.exec(f);
    if (m) return x !== NIL ? f.slice(0, m.index) : f.slice(m.index);
    return x !== NIL ? f : "";
  }
  return x !== NIL ? NIL : "";
}, { min: 1, max: 2 });
defsubr("url-strip-leading-spaces", (s: L) => {
  if (typeof s !== "string") wrongType("stringp", s);
  return s.replace(/^ +/, "");
}, { min: 1, max: 1 });
defsubr("url-insert-entities-in-string", (s: L) => {
  if (typeof s !== "string") wrongType("stringp", s);
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}, { min: 1, max: 1 });

export { latin1Bytes, signal, Sym };
