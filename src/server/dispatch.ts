// elnode-dispatcher and elnode-http-mapping.
//
// THE KEY RULE. A table is an alist of (KEY . VALUE); KEY is an Emacs regexp
// matched against the URL-decoded path (elnode-http-pathinfo); the first
// entry that matches wins.
//   - A KEY beginning with `^` is a full regexp (the 2015 convention), used
//     as written: "^/users/\\([0-9]+\\)$".
//   - Any other KEY is a 2010-style key, anchored at the start of the path:
//     a leading "/" in the key is optional, and the key must match right
//     after the path's leading "/". The path is tried as it is, then with
//     its trailing slash toggled (removed if present, added if absent), so
//     "users/$" serves both /users/ and /users, and "/$" serves only /.
//     Internally KEY becomes "^/\\(?:KEY-without-leading-slash\\)".
// Matching is case-sensitive (case-fold-search bound to nil), as URL paths
// are. Match groups of the winning key are kept on the connection for
// `elnode-http-mapping` (group 0 is the whole match).
//
// VALUES. A function symbol (its definition is looked up at each request),
// a quoted symbol ('root-handler, i.e. the list (quote root-handler), as in
// the 2010 README), a lambda or closure, a builtin, or a symbol with no
// function definition whose dynamic *value* is a function (the README's
// `webserver`, bound by `let` around the dispatcher call in a dynamic-binding
// file). A lexical `let` binding is invisible through a symbol, so in a
// lexical-binding file that form signals an error (500, logged) that says so.
import {
  L, NIL, T, Sym, Cons, Closure, Subr, funcall, intern, list, signal, wrongType, symbolValue,
  charToUnitIndex, UNBOUND, specbind, unbindTo, specpdlDepth, anchoredLiteralPrefix,
} from "../index.js";
import type { HttpCon } from "./httpcon.js";
import { authDispatch } from "./auth.js";

const stringMatchSym = intern("string-match");
const matchDataSym = intern("match-data");
const quoteSym = intern("quote");
const lambdaSym = intern("lambda");
const closureSym = intern("closure");
const function404Key = intern(":function-404");
const authSchemeKey = intern(":auth-scheme");
const caseFoldSym = intern("case-fold-search");

/**
 * A table key as it is matched: its regexp (2010 keys turned into one),
 * whether it is a 2010 key, and the literal text a match must start with, so
 * that most keys are passed over without running a regexp at all.
 */
interface KeyMatcher {
  re: string;
  anchoredStyle: boolean;
  prefix: string;
}

/** Once per distinct key string (and per convention: raw keys are hostpath tables'). */
const keyCache = new Map<string, KeyMatcher>();
const rawKeyCache = new Map<string, KeyMatcher>();

export function keyRegexp(key: string, rawKeys = false): KeyMatcher {
  const cache = rawKeys ? rawKeyCache : keyCache;
  let k = cache.get(key);
  if (k === undefined) {
    const anchoredStyle = !rawKeys && key.charCodeAt(0) !== 94; /* ^ */
    const re = anchoredStyle ? "^/\\(?:" + (key.charCodeAt(0) === 47 ? key.slice(1) : key) + "\\)" : key;
    k = { re, anchoredStyle, prefix: anchoredLiteralPrefix(re) };
    cache.set(key, k);
  }
  return k;
}

/** Run string-match; on success return the match groups of S (strings, nil for groups that did not take part). */
function matchGroups(re: string, s: string): L[] | null {
  if (funcall(stringMatchSym, [re, s]) === NIL) return null;
  const groups: L[] = [];
  let md = funcall(matchDataSym, []);
  while (md instanceof Cons && md.cdr instanceof Cons) {
    const b = md.car;
    const e = md.cdr.car;
    groups.push(
      typeof b === "number" && typeof e === "number" ? s.slice(charToUnitIndex(s, b), charToUnitIndex(s, e)) : NIL,
    );
    md = md.cdr.cdr;
  }
  return groups;
}

/** The path with its trailing slash toggled, or null when there is no other form ("/"). */
function toggledSlash(path: string): string | null {
  if (path.length > 1 && path.endsWith("/")) return path.slice(0, -1);
  if (!path.endsWith("/")) return path + "/";
  return null;
}

/**
 * Match PATH against TABLE; the winning entry's value and groups, or null.
 * Paths are matched case-sensitively (case-fold-search is bound to nil), as
 * URL paths are case-sensitive.
 */
export function matchTable(table: L, path: string, rawKeys = false): { value: L; groups: L[] } | null {
  const depth = specpdlDepth();
  specbind(caseFoldSym, NIL);
  try {
    return matchTableIn(table, path, rawKeys);
  } finally {
    unbindTo(depth);
  }
}

function matchTableIn(table: L, path: string, rawKeys: boolean): { value: L; groups: L[] } | null {
  let alt: string | null | undefined;
  // `^` matches after a newline too, so a path holding one is matched in full against every key.
  const newline = path.includes("\n");
  for (let t = table; t instanceof Cons; t = t.cdr) {
    const entry = t.car;
    if (!(entry instanceof Cons)) continue;
    const key = entry.car;
    if (typeof key !== "string") wrongType("stringp", key);
    const { re, anchoredStyle, prefix } = keyRegexp(key, rawKeys);
    let groups = newline || path.startsWith(prefix) ? matchGroups(re, path) : null;
    if (!groups && anchoredStyle) {
      if (alt === undefined) alt = toggledSlash(path);
      if (alt !== null && (newline || alt.startsWith(prefix))) groups = matchGroups(re, alt);
    }
    if (groups) return { value: entry.cdr, groups };
  }
  return null;
}

function isFunctionValue(v: L): boolean {
  if (v instanceof Closure || v instanceof Subr) return true;
  if (v instanceof Sym) return v !== NIL && v.fn !== NIL;
  return v instanceof Cons && (v.car === lambdaSym || v.car === closureSym);
}

/** What a table value designates, as something funcall accepts. */
export function resolveValue(v: L): L {
  if (v instanceof Cons && v.car === quoteSym && v.cdr instanceof Cons) v = v.cdr.car; // 'root-handler
  // (FN . EXTRA), elnode 2015's value form: FN is called, EXTRA is for the program's own use.
  if (v instanceof Cons && v.car !== lambdaSym && v.car !== closureSym && isFunctionValue(v.car)) v = v.car;
  if (v instanceof Sym && v !== NIL) {
    if (v.fn !== NIL) return v;
    const cell = v.value;
    if (cell !== UNBOUND) {
      const value = symbolValue(v);
      if (isFunctionValue(value)) return value;
    }
    signal(
      "error",
      list(
        `elnode-dispatcher: \u2018${v.name}\u2019 is neither a function nor a variable holding one` +
          ` (a lexical let binding is not visible through a symbol: use defvar, or put the function itself in the table)`,
      ),
    );
  }
  if (isFunctionValue(v)) return v;
  return signal("invalid-function", list(v));
}

/** The optional FUNCTION-404 (positional, or :function-404) and :auth-scheme of a dispatcher call. */
function dispatchOptions(rest: L[]): { f404: L; authScheme: L } {
  let f404: L = NIL;
  let authScheme: L = NIL;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === function404Key) f404 = i + 1 < rest.length ? rest[++i] : NIL;
    else if (a === authSchemeKey) authScheme = i + 1 < rest.length ? rest[++i] : NIL;
    else if (a instanceof Sym && a.name.startsWith(":")) i++; // another keyword (e.g. :log-name): ignored with its value
    else if (i === 0) f404 = a;
  }
  return { f404, authScheme };
}

function dispatchTo(con: HttpCon, table: L, path: string, rawKeys: boolean, rest: L[], send404: (con: HttpCon) => void): L {
  if (table !== NIL && !(table instanceof Cons)) wrongType("listp", table);
  const { f404, authScheme } = dispatchOptions(rest);
  // An auth scheme's login and logout paths come before the table, as elnode's extra table did.
  if (authScheme !== NIL && authDispatch(con, authScheme)) return NIL;
  const found = matchTable(table, path, rawKeys);
  if (!found) {
    if (f404 !== NIL) return funcall(f404, [con]);
    send404(con);
    return NIL;
  }
  con.mapping = found.groups;
  return funcall(resolveValue(found.value), [con]);
}

/** elnode-dispatcher. */
export function dispatch(con: HttpCon, table: L, rest: L[], send404: (con: HttpCon) => void): L {
  return dispatchTo(con, table, con.pathinfo(), false, rest, send404);
}

/** The "host//path" string elnode-hostpath-dispatcher matches: the Host header without its port, "/", the path. */
export function hostpath(con: HttpCon): string {
  const h = con.header("host") ?? "";
  const host = h.startsWith("[") ? h.slice(0, h.indexOf("]") + 1) : h.replace(/:.*$/, "");
  return `${host}/${con.pathinfo()}`;
}

/**
 * elnode-hostpath-dispatcher: TABLE keys are full regexps, matched
 * unanchored against "host//path" (as in elnode 2015: "^localhost//x"),
 * and mapping group 1 is relative to the docroot for file handlers.
 */
export function dispatchHostpath(con: HttpCon, table: L, rest: L[], send404: (con: HttpCon) => void): L {
  return dispatchTo(con, table, hostpath(con), true, rest, send404);
}

/** elnode-http-mapping: group N (default 0) of the dispatcher's match, or nil. */
export function mapping(con: HttpCon, n: L): L {
  if (n === T) return con.mapping ? con.mapping.length : 0; // PART t: how many parts
  const i = n === NIL ? 0 : n;
  if (typeof i !== "number") return wrongType("integerp", n);
  const m = con.mapping;
  if (!m || i < 0 || i >= m.length) return NIL;
  return m[i];
}
