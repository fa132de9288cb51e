// Authentication: elnode-defauth schemes, a user store, sessions.
//
// Passwords are stored hashed with scrypt (node:crypto; a random salt per
// password, the parameters kept with the hash so they can be raised later).
// The store is a JSON file (the variable `elnode-auth-db' names it), or a
// Lisp hash table for programs that keep users themselves. A login makes a
// session: a random token (crypto.randomBytes) kept in memory, digested;
// the cookie carries USER::TOKEN, and checking it compares digests in
// constant time (crypto.timingSafeEqual). Sessions last
// `elnode-auth-session-max-age' seconds (a week), or until logout.
//
// Schemes test with a cookie (a login page at :redirect, "/login/" by
// default, and a logout path, "/logout/") or with HTTP Basic auth (:test
// :basic, a 401 challenge). Custom :auth-test / :make-hash functions as in
// elnode 2015 are honoured (compared in constant time); a stored token of
// 40 hex digits is taken for elnode's old sha1 hash, so old user databases
// keep working.
import type * as Crypto from "node:crypto";
import { lazyModule } from "../runtime/lazy-module.js";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  Lisp, L, NIL, T, Sym, Cons, Subr, LispHashTable, intern, funcall, signal, list, wrongType, symbolValue, listToArray,
} from "../index.js";
import { HttpCon } from "./httpcon.js";
import { parseKeys, con as toCon, str, optStr, varValue, isFunction } from "./kwargs.js";
import { parseCookieHeader, makeSetCookie } from "./cookies.js";
import { htmlEscape, sendStatusPage } from "./files.js";
import { logLine, describe } from "./server.js";

const nodeCrypto = lazyModule<typeof Crypto>("node:crypto");

// ---------------------------------------------------------------------------
// Password hashing.

const SCRYPT_N = 16384;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
const KEYLEN = 32;
const MAXMEM = 256 * 1024 * 1024;

function scrypt(password: string, salt: Buffer, keylen: number, N: number, r: number, p: number): Buffer {
  return nodeCrypto().scryptSync(password.normalize("NFC"), salt, keylen, { N, r, p, maxmem: MAXMEM });
}

/** A salted scrypt hash of PASSWORD: "scrypt$N$r$p$SALT$HASH" (base64). */
export function hashPassword(password: string): string {
  const salt = nodeCrypto().randomBytes(16);
  const dk = scrypt(password, salt, KEYLEN, SCRYPT_N, SCRYPT_R, SCRYPT_P);
  return `scrypt$${SCRYPT_N}$${SCRYPT_R}$${SCRYPT_P}$${salt.toString("base64")}$${dk.toString("base64")}`;
}

/** A hash to check against when the user does not exist, so that the answer takes as long. */
let dummyHash: string | null = null;

/** Does PASSWORD match the STORED token (scrypt, or elnode's old sha1 of secret:user:password)? */
export function verifyStored(user: string, password: string, stored: string | null): boolean {
  if (stored === null) {
    dummyHash ??= hashPassword("elnode-no-such-user");
    verifyStored(user, password, dummyHash);
    return false;
  }
  const parts = stored.split("$");
  if (parts.length === 6 && parts[0] === "scrypt") {
    const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
    // Parameters from the store are bounded: a tampered store must not make a login take minutes.
    if (!(N >= 2 && N <= 1 << 20 && (N & (N - 1)) === 0 && r >= 1 && r <= 32 && p >= 1 && p <= 16)) return false;
    const salt = Buffer.from(parts[4], "base64");
    const expected = Buffer.from(parts[5], "base64");
    if (expected.length < 16 || expected.length > 128) return false;
    const dk = scrypt(password, salt, expected.length, N, r, p);
    return nodeCrypto().timingSafeEqual(dk, expected);
  }
  if (/^[0-9a-f]{40}$/.test(stored)) {
    const secret = varValue("elnode-secret-key", "secret");
    const legacy = nodeCrypto().createHash("sha1").update(`${typeof secret === "string" ? secret : "secret"}:${user}:${password}`).digest("hex");
    return safeEqual(legacy, stored);
  }
  return false;
}

/** Constant-time string comparison (of digests, so that lengths do not show). */
export function safeEqual(a: string, b: string): boolean {
  const da = nodeCrypto().createHash("sha256").update(a).digest();
  const db = nodeCrypto().createHash("sha256").update(b).digest();
  return nodeCrypto().timingSafeEqual(da, db);
}

// ---------------------------------------------------------------------------
// The user store.

type Store = { kind: "file"; file: string } | { kind: "table"; table: LispHashTable };

function expandHome(p: string): string {
  if (p === "~" || p.startsWith("~/")) p = path.join(os.homedir(), p.slice(1));
  return path.resolve(p);
}

/** The store DB designates: nil (elnode-auth-db), a symbol (its value), a file name, or a hash table. */
function resolveStore(db: L, depth = 0): Store {
  if (db === NIL || db === undefined) db = varValue("elnode-auth-db");
  if (db instanceof Sym && db !== NIL && depth < 4) return resolveStore(symbolValue(db), depth + 1);
  if (typeof db === "string") return { kind: "file", file: expandHome(db) };
  if (db instanceof LispHashTable) return { kind: "table", table: db };
  return wrongType("stringp", db);
}

interface FileStore {
  version: 1;
  users: Record<string, { hash: string }>;
}

const fileCache = new Map<string, { mtimeMs: number; size: number; data: FileStore }>();

function readFileStore(file: string): FileStore {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return { version: 1, users: {} };
  }
  const cached = fileCache.get(file);
  if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached.data;
  let data: FileStore;
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    data = parsed && typeof parsed === "object" && parsed.users && typeof parsed.users === "object"
      ? { version: 1, users: parsed.users }
      : { version: 1, users: {} };
  } catch (e) {
    signal("error", list(`elnode-auth: the user store ${file} is not readable: ${(e as Error).message}`));
  }
  fileCache.set(file, { mtimeMs: st.mtimeMs, size: st.size, data });
  return data;
}

function writeFileStore(file: string, data: FileStore): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${nodeCrypto().randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data, null, 1) + "\n", { mode: 0o600 });
  fs.renameSync(tmp, file);
  fileCache.delete(file);
}

/** The stored token (hash) for USER, or null. */
function storedToken(store: Store, user: string): string | null {
  if (store.kind === "file") {
    const users = readFileStore(store.file).users;
    const u = Object.prototype.hasOwnProperty.call(users, user) ? users[user] : undefined;
    return u && typeof u.hash === "string" ? u.hash : null;
  }
  return tokenOf(funcall(intern("gethash"), [user, store.table]));
}

/** A token from what a table or an :auth-test gives: a string, or an alist with "token". */
function tokenOf(v: L): string | null {
  if (typeof v === "string") return v;
  if (v instanceof Cons) {
    for (const e of listToArray(v)) if (e instanceof Cons && e.car === "token" && typeof e.cdr === "string") return e.cdr;
  }
  return null;
}

export function addUser(db: L, user: string, password: string): void {
  if (user === "") signal("error", list("elnode-auth-user-add: empty username"));
  const store = resolveStore(db);
  const hash = hashPassword(password);
  if (store.kind === "file") {
    const data = readFileStore(store.file);
    const next: FileStore = { version: 1, users: { ...data.users, [user]: { hash } } };
    writeFileStore(store.file, next);
  } else {
    funcall(intern("puthash"), [user, list(new Cons("token", hash), new Cons("username", user)), store.table]);
  }
  basicCache.clear();
}

export function deleteUser(db: L, user: string): boolean {
  const store = resolveStore(db);
  basicCache.clear();
  dropSessions(user);
  if (store.kind === "file") {
    const data = readFileStore(store.file);
    if (!Object.prototype.hasOwnProperty.call(data.users, user)) return false;
    const users = { ...data.users };
    delete users[user];
    writeFileStore(store.file, { version: 1, users });
    return true;
  }
  return funcall(intern("remhash"), [user, store.table]) !== NIL;
}

interface Checker {
  authTest: L;
  makeHash: L;
  authDb: L;
}

/** Is PASSWORD right for USER, by the checker's functions or its store? */
export function passwordOk(c: Checker, user: string, password: string): boolean {
  if (isFunction(c.makeHash)) {
    const made = funcall(c.makeHash, [user, password]);
    const expected = isFunction(c.authTest) ? tokenOf(funcall(c.authTest, [user])) : storedToken(resolveStore(c.authDb), user);
    return typeof made === "string" && expected !== null && safeEqual(made, expected);
  }
  const stored = isFunction(c.authTest) ? tokenOf(funcall(c.authTest, [user])) : storedToken(resolveStore(c.authDb), user);
  return verifyStored(user, password, stored);
}

// ---------------------------------------------------------------------------
// Sessions.

interface Session {
  digest: Buffer;
  expires: number;
}

const sessions = new Map<string, Session[]>();

function digest(token: string): Buffer {
  return nodeCrypto().createHash("sha256").update(token).digest();
}

function maxAgeSeconds(): number {
  const v = varValue("elnode-auth-session-max-age");
  return typeof v === "number" && v > 0 ? v : 7 * 24 * 3600;
}

export function newSession(user: string): string {
  const token = nodeCrypto().randomBytes(32).toString("base64url");
  const now = Date.now();
  const list = (sessions.get(user) ?? []).filter((s) => s.expires > now);
  list.push({ digest: digest(token), expires: now + maxAgeSeconds() * 1000 });
  // A user logging in again and again keeps a bounded number of sessions.
  if (list.length > 64) list.splice(0, list.length - 64);
  sessions.set(user, list);
  return token;
}

export function checkSession(user: string, token: string): boolean {
  const list = sessions.get(user);
  const d = digest(token);
  const now = Date.now();
  let ok = false;
  for (const s of list ?? []) if (nodeCrypto().timingSafeEqual(s.digest, d) && s.expires > now) ok = true;
  return ok;
}

function dropSession(user: string, token: string): void {
  const list = sessions.get(user);
  if (!list) return;
  const d = digest(token);
  const rest = list.filter((s) => !nodeCrypto().timingSafeEqual(s.digest, d));
  if (rest.length) sessions.set(user, rest);
  else sessions.delete(user);
}

function dropSessions(user: string): void {
  sessions.delete(user);
}

/** USER::TOKEN, as elnode's cookie carried it. */
export function decodeAuthCookie(value: string): [string, string] | null {
  const i = value.lastIndexOf("::");
  if (i < 0) return null;
  return [value.slice(0, i), value.slice(i + 2)];
}

// ---------------------------------------------------------------------------
// Schemes.

interface Scheme extends Checker {
  name: L;
  test: "cookie" | "basic";
  cookieName: string;
  failureType: string;
  redirect: string;
  logout: string;
  sender: L;
  realm: string;
  secure: L;
  sameSite: string;
  login: Subr;
  logoutHandler: Subr;
}

const schemes = new Map<string, Scheme>();

function schemeKey(x: L): string {
  if (x instanceof Sym) return "s:" + x.name;
  if (typeof x === "string") return "t:" + x;
  return wrongType("symbolp", x);
}

export function getScheme(x: L): Scheme {
  const s = schemes.get(schemeKey(x));
  if (!s) signal("error", list(`No elnode auth scheme named ${x instanceof Sym ? x.name : String(x)} (define it with elnode-defauth)`));
  return s;
}

function cookiesOf(con: HttpCon): L {
  if (con.cookieCache === undefined) con.cookieCache = parseCookieHeader(con.header("cookie"));
  return con.cookieCache;
}

function cookieValue(con: HttpCon, name: string): string | null {
  for (let c = cookiesOf(con); c instanceof Cons; c = c.cdr) {
    const e = c.car as Cons;
    if (e.car === name) return e.cdr as string;
  }
  return null;
}

/** A parameter of the request as a string, or null. */
function param(con: HttpCon, name: string): string | null {
  for (let p = con.params(); p instanceof Cons; p = p.cdr) {
    const e = p.car;
    if (e instanceof Cons && e.car === name) {
      const v = e.cdr instanceof Cons ? e.cdr.car : e.cdr;
      return typeof v === "string" ? v : null;
    }
  }
  return null;
}

/** Only paths on this site are followed after login and logout. */
export function safeRedirect(to: string | null): string {
  if (to === null || to === "") return "/";
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\") || /[\r\n\0]/.test(to)) return "/";
  return to;
}

function secureCookie(scheme: Scheme, con: HttpCon): boolean {
  if (scheme.secure !== NIL && scheme.secure !== intern(":auto")) return true;
  return (con.req.socket as { encrypted?: boolean }).encrypted === true && scheme.secure === intern(":auto");
}

function setAuthCookie(con: HttpCon, scheme: { cookieName: string; sameSite: string }, value: string, maxAge: number, secure: boolean): void {
  con.addPendingHeader(
    "Set-Cookie",
    makeSetCookie(scheme.cookieName, value, { path: "/", httpOnly: true, sameSite: scheme.sameSite, maxAge, secure }),
  );
}

function redirect(con: HttpCon, location: string, status = 302): void {
  if (con.finished) return;
  con.held = null;
  con.status = status;
  con.headers = ["Location", location, "Content-Type", "text/html; charset=utf-8"];
  con.started = true;
  con.finish(`<html><body><p>Redirecting to <a href="${htmlEscape(location)}">${htmlEscape(location)}</a></p></body></html>\n`);
}

/** The user the session cookie names, when the session is valid; null otherwise. */
function cookieUser(con: HttpCon, cookieName: string): string | null {
  const v = cookieValue(con, cookieName);
  if (v === null) return null;
  const d = decodeAuthCookie(v);
  if (d === null || !checkSession(d[0], d[1])) return null;
  return d[0];
}

const basicCache = new Map<string, number>();

function basicUser(con: HttpCon, scheme: Scheme): string | null {
  const h = con.header("authorization");
  if (h === null) return null;
  const m = /^\s*Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(h);
  if (!m) return null;
  const text = Buffer.from(m[1], "base64").toString("utf8");
  const i = text.indexOf(":");
  if (i < 0) return null;
  const user = text.slice(0, i);
  const password = text.slice(i + 1);
  // A verified pair is remembered (by digest) for a minute, so each request does not pay for scrypt.
  const key = nodeCrypto().createHash("sha256").update(`${schemeKey(scheme.name)}\0${user}\0${password}`).digest("base64");
  const now = Date.now();
  const until = basicCache.get(key);
  if (until !== undefined && until > now) return user;
  if (!passwordOk(scheme, user, password)) return null;
  if (basicCache.size > 1000) basicCache.clear();
  basicCache.set(key, now + 60_000);
  return user;
}

/** Is CON authenticated under SCHEME? The user name (also kept on CON), or null. */
export function checkAuth(con: HttpCon, schemeArg: L): string | null {
  const scheme = getScheme(schemeArg);
  const user = scheme.test === "basic" ? basicUser(con, scheme) : cookieUser(con, scheme.cookieName);
  if (user !== null) con.authUser = user;
  return user;
}

/** What a protected page answers to a request that is not authenticated. */
export function authFail(con: HttpCon, schemeArg: L): void {
  const scheme = getScheme(schemeArg);
  if (scheme.test === "basic") {
    con.addPendingHeader("WWW-Authenticate", `Basic realm="${scheme.realm.replace(/["\\]/g, "")}", charset="UTF-8"`);
    sendStatusPage(con, 401, "Unauthorized");
    return;
  }
  const q = con.query();
  const here = con.rawPath() + (q === null ? "" : "?" + q);
  redirect(con, `${scheme.redirect}?redirect=${encodeURIComponent(here)}`);
}

function samePath(a: string, b: string): boolean {
  const strip = (s: string) => (s.length > 1 && s.endsWith("/") ? s.slice(0, -1) : s);
  return strip(a) === strip(b);
}

/** When CON is for SCHEME's login or logout path, serve it and return true. */
export function authDispatch(con: HttpCon, schemeArg: L): boolean {
  const scheme = getScheme(schemeArg);
  if (scheme.test !== "cookie") return false;
  const p = con.pathinfo();
  if (samePath(p, scheme.redirect)) {
    funcall(scheme.login, [con]);
    return true;
  }
  if (samePath(p, scheme.logout)) {
    funcall(scheme.logoutHandler, [con]);
    return true;
  }
  return false;
}

function login(con: HttpCon, scheme: Scheme, user: string, password: string, to: string): boolean {
  if (!passwordOk(scheme, user, password)) return false;
  const token = newSession(user);
  con.authUser = user;
  setAuthCookie(con, scheme, `${user}::${token}`, maxAgeSeconds(), secureCookie(scheme, con));
  redirect(con, safeRedirect(to));
  return true;
}

function logout(con: HttpCon, scheme: { cookieName: string; sameSite: string; secure?: L }, to: string): void {
  const v = cookieValue(con, scheme.cookieName);
  const d = v === null ? null : decodeAuthCookie(v);
  if (d !== null) dropSession(d[0], d[1]);
  setAuthCookie(con, scheme, "", 0, false);
  redirect(con, safeRedirect(to));
}

function makeLoginHandler(scheme: Scheme): Subr {
  return new Subr("elnode-auth-login-handler", 1, 1, (c: L) => {
    const h = toCon(c);
    const method = h.req.method ?? "GET";
    if (method === "GET" || method === "HEAD") {
      funcall(scheme.sender, [h, scheme.redirect, safeRedirect(param(h, "redirect"))]);
    } else if (method === "POST") {
      const user = param(h, "username");
      const password = param(h, "password");
      const to = safeRedirect(param(h, "redirect"));
      if (user === null || password === null || !login(h, scheme, user, password, to)) {
        logLine(`elnode: failed login${user ? ` for ${JSON.stringify(user)}` : ""} from ${h.remoteAddress()} (${describe(h)})`);
        redirect(h, `${scheme.redirect}?redirect=${encodeURIComponent(to)}&failed=1`);
      }
    } else {
      h.addPendingHeader("Allow", "GET, HEAD, POST");
      sendStatusPage(h, 405, "Method Not Allowed");
    }
    return NIL;
  }, "The login page of an elnode auth scheme.");
}

function makeLogoutHandler(scheme: Scheme): Subr {
  return new Subr("elnode-auth-logout-handler", 1, 1, (c: L) => {
    const h = toCon(c);
    logout(h, scheme, param(h, "redirect") ?? "/");
    return NIL;
  }, "The logout path of an elnode auth scheme.");
}

const DEFAULT_LOGIN_PAGE = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Log in</title></head>
<body>
<form method="POST" action="<!##E target E##!>">
<input type="hidden" name="redirect" value="<!##E redirect E##!>">
<p><label>Username <input type="text" name="username" autocomplete="username"></label></p>
<p><label>Password <input type="password" name="password" autocomplete="current-password"></label></p>
<p><input type="submit" name="login" value="Log in"></p>
</form>
</body>
</html>
`;

// ---------------------------------------------------------------------------
// Builtins.

const DEFAUTH_KEYS = [
  ":test", ":auth-test", ":make-hash", ":auth-db", ":cookie-name", ":failure-type", ":redirect", ":sender",
  ":logout", ":realm", ":secure", ":same-site",
] as const;

function kw(m: Map<string, L>, k: string, dflt: L = NIL): L {
  return m.has(k) ? m.get(k)! : dflt;
}

export function registerAuth(lisp: Lisp): void {
  lisp.defvar("elnode-auth-db", "~/.emacs.d/elnode/elnode-auth.json");
  lisp.defvar("elnode-auth-session-max-age", 7 * 24 * 3600);
  lisp.defvar("elnode-auth-login-page", DEFAULT_LOGIN_PAGE);
  lisp.defvar("elnode-secret-key", "secret");
  lisp.funcall("define-error", intern("elnode-auth"), "Elnode authentication failed", list(intern("error"), intern("elnode")));
  lisp.funcall("define-error", intern("elnode-auth-credentials"), "Elnode authentication failed", intern("elnode-auth"));
  lisp.funcall("define-error", intern("elnode-auth-token"), "Elnode authentication failed", intern("elnode-auth"));

  lisp.defun("elnode-defauth", (args: L[]) => {
    const name = args[0];
    schemeKey(name);
    const k = parseKeys("elnode-defauth", args, 1, DEFAUTH_KEYS);
    const testKw = kw(k, ":test", intern(":cookie"));
    const test = testKw instanceof Sym && testKw.name === ":basic" ? "basic" : "cookie";
    if (!(testKw instanceof Sym) || (testKw.name !== ":cookie" && testKw.name !== ":basic")) {
      signal("error", list(`elnode-defauth: :test must be :cookie or :basic`));
    }
    const redirectTo = optStr(kw(k, ":redirect")) ?? "/login/";
    const s: Scheme = {
      name,
      test,
      authTest: kw(k, ":auth-test"),
      makeHash: kw(k, ":make-hash"),
      authDb: kw(k, ":auth-db", intern("elnode-auth-db")),
      cookieName: optStr(kw(k, ":cookie-name")) ?? "elnode-auth",
      failureType: ":redirect",
      redirect: redirectTo,
      logout: optStr(kw(k, ":logout")) ?? "/logout/",
      sender: kw(k, ":sender", intern("elnode-auth-login-sender")),
      realm: optStr(kw(k, ":realm")) ?? "elnode",
      secure: kw(k, ":secure", intern(":auto")),
      sameSite: optStr(kw(k, ":same-site")) ?? "Lax",
      login: null as unknown as Subr,
      logoutHandler: null as unknown as Subr,
    };
    if (s.sender === NIL) s.sender = intern("elnode-auth-login-sender");
    s.login = makeLoginHandler(s);
    s.logoutHandler = makeLogoutHandler(s);
    schemes.set(schemeKey(name), s);
    return name;
  }, {
    min: 1,
    max: "many",
    doc: `Define the authentication scheme NAME.
Keywords: :test (:cookie, the default, or :basic), :cookie-name ("elnode-auth"), :redirect (the login
path, "/login/"), :logout ("/logout/"), :sender (the function sending the login page), :auth-db (the user
store: a file name, a hash table, or a variable holding one; elnode-auth-db by default), :auth-test and
:make-hash (custom checks, as in elnode), :realm (for :basic), :secure (t, nil or :auto = when over TLS),
:same-site ("Lax").`,
  });

  lisp.defun("elnode-auth-user-add", (user: L, password: L, db: L) => {
    addUser(db, str(user), str(password));
    return user;
  }, { min: 2, max: 3, types: ["string", "string"], doc: "Add USERNAME with PASSWORD (stored hashed with scrypt) to AUTH-DB (default elnode-auth-db)." });
  lisp.defun("elnode-auth-user-delete", (user: L, db: L) => (deleteUser(db, str(user)) ? T : NIL), {
    min: 1, max: 2, types: ["string"], doc: "Remove USERNAME from AUTH-DB (default elnode-auth-db) and end their sessions.",
  });
  lisp.defun("elnode-auth-make-hash", (_user: L, password: L) => hashPassword(str(password)), {
    min: 2, max: 2, types: ["string", "string"], doc: "A salted scrypt hash of PASSWORD (USERNAME is not needed: the salt is random).",
  });

  const checker = (k: Map<string, L>): Checker => ({ authTest: kw(k, ":auth-test"), makeHash: kw(k, ":make-hash"), authDb: kw(k, ":auth-db") });
  lisp.defun("elnode-auth-user-p", (args: L[]) => {
    const k = parseKeys("elnode-auth-user-p", args, 2, [":auth-test", ":make-hash", ":auth-db"]);
    return passwordOk(checker(k), str(args[0]), str(args[1])) ? T : NIL;
  }, { min: 2, max: "many", doc: "Is PASSWORD right for USERNAME?  Keywords :auth-test, :make-hash, :auth-db." });
  lisp.defun("elnode-auth-login", (args: L[]) => {
    const k = parseKeys("elnode-auth-login", args, 2, [":auth-test", ":make-hash", ":auth-db", ":loggedin-db"]);
    const user = str(args[0]);
    if (!passwordOk(checker(k), user, str(args[1]))) signal("elnode-auth-credentials", list(user));
    return newSession(user);
  }, { min: 2, max: "many", doc: "Log USERNAME in: a new session token, or the elnode-auth-credentials error." });
  lisp.defun("elnode-auth-check-p", (args: L[]) => {
    parseKeys("elnode-auth-check-p", args, 2, [":loggedin-db"]);
    return checkSession(str(args[0]), str(args[1])) ? args[0] : NIL;
  }, { min: 2, max: "many", doc: "USERNAME when TOKEN is a session of theirs, else nil." });
  lisp.defun("elnode-auth-cookie-decode", (v: L) => {
    const d = decodeAuthCookie(str(v));
    return d ? new Cons(d[0], d[1]) : NIL;
  }, { min: 1, max: 1, types: ["string"], doc: "Split an auth cookie value USER::TOKEN into (USER . TOKEN)." });
  const cookieNameKey = (k: Map<string, L>) => optStr(kw(k, ":cookie-name")) ?? "elnode-auth";
  lisp.defun("elnode-auth-get-cookie-value", (args: L[]) => {
    const k = parseKeys("elnode-auth-get-cookie-value", args, 1, [":cookie-name"]);
    const v = cookieValue(toCon(args[0]), cookieNameKey(k));
    const d = v === null ? null : decodeAuthCookie(v);
    return d ? new Cons(d[0], d[1]) : NIL;
  }, { min: 1, max: "many", doc: "The auth cookie of HTTPCON as (USER . TOKEN), or nil." });
  const cookieCheck = (args: L[], fname: string, strict: boolean): L => {
    const k = parseKeys(fname, args, 1, [":cookie-name", ":loggedin-db"]);
    const h = toCon(args[0]);
    const name = cookieNameKey(k);
    const v = cookieValue(h, name);
    if (v === null) signal("elnode-auth-token", name);
    const user = cookieUser(h, name);
    if (user === null) return strict ? signal("elnode-auth-token", intern(":not-logged-in")) : NIL;
    h.authUser = user;
    return user;
  };
  lisp.defun("elnode-auth-cookie-check-p", (args: L[]) => cookieCheck(args, "elnode-auth-cookie-check-p", false), {
    min: 1, max: "many", doc: "The user HTTPCON's auth cookie names when its session is valid, else nil; no cookie signals elnode-auth-token.",
  });
  lisp.defun("elnode-auth-cookie-check", (args: L[]) => cookieCheck(args, "elnode-auth-cookie-check", true), {
    min: 1, max: "many", doc: "The user HTTPCON's auth cookie names, or the elnode-auth-token error.",
  });
  lisp.defun("elnode-auth-http-login", (args: L[]) => {
    const k = parseKeys("elnode-auth-http-login", args, 4, [":cookie-name", ":auth-test", ":make-hash", ":loggedin-db", ":auth-db"]);
    const h = toCon(args[0]);
    const user = str(args[1]);
    const pseudo = {
      ...checker(k), cookieName: cookieNameKey(k), sameSite: "Lax",
    } as unknown as Scheme;
    pseudo.secure = intern(":auto");
    if (!login(h, pseudo, user, str(args[2]), optStr(args[3]) ?? "/")) signal("elnode-auth-credentials", list(user));
    return NIL;
  }, {
    min: 4, max: "many",
    doc: "Log USERNAME in on HTTPCON if PASSWORD is right: set the cookie and redirect to LOGGED-IN; else signal elnode-auth-credentials.",
  });
  lisp.defun("elnode-auth-http-logout", (c: L, scheme: L, to: L) => {
    const h = toCon(c);
    const s = scheme === NIL ? { cookieName: "elnode-auth", sameSite: "Lax" } : getScheme(scheme);
    logout(h, s, optStr(to) ?? "/");
    return NIL;
  }, { min: 1, max: 3, doc: "End HTTPCON's session of SCHEME (or the elnode-auth cookie), clear the cookie and redirect to REDIRECT (\"/\")." });
  lisp.defun("elnode-auth-login-sender", (c: L, target: L, redirectTo: L) => {
    const h = toCon(c);
    const page = varValue("elnode-auth-login-page", DEFAULT_LOGIN_PAGE);
    const text = (typeof page === "string" ? page : DEFAULT_LOGIN_PAGE).replace(/<!##E (target|redirect) E##!>/g, (_m, v: string) =>
      htmlEscape(v === "target" ? str(target) : safeRedirect(optStr(redirectTo))),
    );
    h.held = null;
    h.status = 200;
    h.headers = ["Content-Type", "text/html; charset=utf-8", "Cache-Control", "no-store"];
    h.started = true;
    h.finish(text);
    return NIL;
  }, { min: 3, max: 3, doc: "Send the login page (elnode-auth-login-page) posting to TARGET, with REDIRECT as where to go after." });
  lisp.defun("elnode-auth-username", (c: L) => toCon(c).authUser ?? NIL, {
    min: 1, max: 1, doc: "The user authenticated on HTTPCON, or nil.",
  });
  lisp.defun("elnode--auth-check", (c: L, scheme: L) => checkAuth(toCon(c), scheme) ?? NIL, {
    min: 2, max: 2, doc: "The user HTTPCON is authenticated as under SCHEME, or nil (used by if-elnode-auth).",
  });
  lisp.defun("elnode--auth-fail", (c: L, scheme: L) => (authFail(toCon(c), scheme), NIL), {
    min: 2, max: 2, doc: "Answer an unauthenticated request under SCHEME: redirect to the login page, or 401.",
  });
  lisp.defun("elnode--auth-dispatch", (c: L, scheme: L) => (authDispatch(toCon(c), scheme) ? T : NIL), {
    min: 2, max: 2, doc: "Serve SCHEME's login or logout path if HTTPCON is for one; t if it was.",
  });
  lisp.defun("elnode-auth-scheme-p", (scheme: L) => (schemes.has(schemeKey(scheme)) ? T : NIL), {
    min: 1, max: 1, doc: "Is SCHEME a defined auth scheme?",
  });
}
