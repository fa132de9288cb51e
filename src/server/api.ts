// The elnode 2011-2015 API on top of the core builtins (builtins.ts):
// request bodies and parameters, cookies, response helpers, send-file with
// templating, hostpath dispatching, docroot helpers, deferred handlers,
// logging. Authentication is in auth.ts. Macros (elnode-method,
// elnode-defer-until, with-elnode-auth ...) are in lisp/elnode.el and call
// these.
import * as fs from "node:fs";
import * as path from "node:path";
import {
  Lisp, L, NIL, T, Sym, Cons, Subr, LispFloat, LispHashTable, intern, funcall, signal, list, wrongType,
  arrayToList, listToArray, specbind, unbindTo, specpdlDepth, charToUnitIndex,
} from "../index.js";
import { HttpCon, parseQuery, parseStatus } from "./httpcon.js";
import { parseKeys, con, str, optStr, varValue, isFunction, nameOf } from "./kwargs.js";
import { parseCookieHeader, makeSetCookie, cookieData, CookieOptions } from "./cookies.js";
import { rawBodyString, bodyJson, DEFAULT_MAX_PARAMS } from "./body.js";
import { deferredCount, processDeferred, clearDeferred } from "./defer.js";
import { writeLog, levelEnabled, MSG_LEVELS } from "./log.js";
import { accessLine, startServer, logLine } from "./server.js";
import {
  sendStatusPage, expandDocroot, makeWebserverHandler, contentTypeFor, parseExtraMime,
} from "./files.js";
import { sendFileResponse, notModified, fileEtag, httpDate, openFileSync, OpenFile } from "./sendfile.js";
import { dispatchHostpath } from "./dispatch.js";
import { registerAuth } from "./auth.js";

// ---------------------------------------------------------------------------
// Parameters and cookies.

function paramName(x: L): string {
  return nameOf(x);
}

/** elnode-http-params with NAMES: only the entries named (strings or symbols). */
function filterParams(params: L, names: L[]): L {
  if (names.length === 0) return params;
  const wanted = new Set(names.map(paramName));
  return arrayToList(listToArray(params).filter((e) => e instanceof Cons && typeof e.car === "string" && wanted.has(e.car)));
}

function paramEntry(h: HttpCon, name: string): Cons | null {
  for (let p = h.params(); p instanceof Cons; p = p.cdr) {
    const e = p.car;
    if (e instanceof Cons && e.car === name) return e;
  }
  return null;
}

export function cookies(h: HttpCon): L {
  if (h.cookieCache === undefined) h.cookieCache = parseCookieHeader(h.header("cookie"));
  return h.cookieCache;
}

const COOKIE_KEYS = [":expiry", ":path", ":domain", ":max-age", ":secure", ":http-only", ":same-site"] as const;

function cookieOptions(k: Map<string, L>): CookieOptions {
  const expiry = k.get(":expiry");
  const maxAge = k.get(":max-age");
  let expiryText: string | null = null;
  if (typeof expiry === "string") expiryText = expiry;
  else if (expiry !== undefined && expiry !== NIL) expiryText = httpDate(lispTimeMs(expiry));
  let maxAgeN: number | null = null;
  if (maxAge !== undefined && maxAge !== NIL) {
    if (typeof maxAge === "number") maxAgeN = maxAge;
    else if (maxAge instanceof LispFloat) maxAgeN = maxAge.value;
    else wrongType("numberp", maxAge);
  }
  const sameSite = k.get(":same-site");
  return {
    expiry: expiryText,
    path: optStr(k.get(":path")),
    domain: optStr(k.get(":domain")),
    maxAge: maxAgeN,
    secure: (k.get(":secure") ?? NIL) !== NIL,
    httpOnly: (k.get(":http-only") ?? NIL) !== NIL,
    sameSite: sameSite === undefined || sameSite === NIL ? null : nameOf(sameSite).replace(/^:/, ""),
  };
}

/** A Lisp time value (seconds, (HIGH LOW ...), float) in epoch milliseconds. */
export function lispTimeMs(t: L): number {
  const f = funcall(intern("float-time"), [t]);
  return (f instanceof LispFloat ? f.value : typeof f === "number" ? f : NaN) * 1000;
}

/** An epoch time in ms as Emacs's (HIGH LOW) list. */
export function toLispTime(ms: number): L {
  const s = Math.floor(ms / 1000);
  return list(Math.floor(s / 65536), s % 65536);
}

// ---------------------------------------------------------------------------
// Templates: elnode-send-file's :replacements.

const DEFAULT_PATTERN = "<!##E \\(.*?\\) E##!>";

function replacementText(v: L): string {
  if (typeof v === "string") return v;
  if (v === NIL) return "";
  return funcall(intern("format"), ["%s", v]) as string;
}

/** Look NAME up in REPLACEMENTS (a hash table or an alist); "" when absent. */
function lookupReplacement(replacements: L, name: string): string {
  if (replacements instanceof LispHashTable) return replacementText(funcall(intern("gethash"), [name, replacements, ""]));
  for (let a = replacements; a instanceof Cons; a = a.cdr) {
    const e = a.car;
    if (e instanceof Cons && (e.car === name || (e.car instanceof Sym && e.car.name === name))) return replacementText(e.cdr);
  }
  return "";
}

/** Replace every match of PATTERN (an Emacs regexp whose group 1 names a variable) in TEXT. */
export function applyTemplate(text: string, replacements: L, pattern: string): string {
  if (pattern === DEFAULT_PATTERN) {
    return text.replace(/<!##E (.*?) E##!>/g, (_m, name: string) => lookupReplacement(replacements, name));
  }
  const stringMatch = intern("string-match");
  const matchData = intern("match-data");
  let out = "";
  let pos = 0; // characters
  let posU = 0; // UTF-16 units
  while (funcall(stringMatch, [pattern, text, pos]) !== NIL) {
    const md = listToArray(funcall(matchData, []));
    const [b0, e0, b1, e1] = md;
    if (typeof b0 !== "number" || typeof e0 !== "number") break;
    const name = typeof b1 === "number" && typeof e1 === "number"
      ? text.slice(charToUnitIndex(text, b1), charToUnitIndex(text, e1))
      : "";
    const b0u = charToUnitIndex(text, b0);
    const e0u = charToUnitIndex(text, e0);
    out += text.slice(posU, b0u) + lookupReplacement(replacements, name);
    if (e0 > b0) {
      pos = e0;
      posU = e0u;
      continue;
    }
    // An empty match: keep the next character and go on after it.
    if (e0u >= text.length) {
      posU = e0u;
      break;
    }
    const next = charToUnitIndex(text, e0 + 1);
    out += text.slice(e0u, next);
    pos = e0 + 1;
    posU = next;
  }
  return out + text.slice(posU);
}

// ---------------------------------------------------------------------------
// elnode-send-file.

/** FILE made absolute: relative names are taken from the loading file's directory, else default-directory. */
function resolveFile(file: string): string {
  if (file.startsWith("~")) return expandDocroot(file);
  if (path.isAbsolute(file)) return file;
  const loading = varValue("load-file-name");
  if (typeof loading === "string") return path.resolve(path.dirname(loading), file);
  const dd = varValue("default-directory");
  return path.resolve(typeof dd === "string" ? expandDocroot(dd) : process.cwd(), file);
}

/** The type of FILE from MIME-TYPES, an alist (TYPE . EXTENSION) as elnode took, else the database. */
function fileType(file: string, mimeTypes: L): string {
  return contentTypeFor(file, mimeTypes instanceof Cons ? parseExtraMime(mimeTypes) : null);
}

interface SendFileOptions {
  preamble: string | null;
  mimeTypes: L;
  replacements: L;
  pattern: string;
}

export function sendFile(h: HttpCon, file: string, o: SendFileOptions): void {
  let opened: OpenFile;
  try {
    opened = openFileSync(file);
  } catch {
    sendStatusPage(h, 404, "Not Found");
    return;
  }
  if (!opened.st.isFile()) {
    opened.close();
    sendStatusPage(h, 404, "Not Found");
    return;
  }
  const type = fileType(file, o.mimeTypes);
  if (o.replacements !== NIL) {
    try {
      sendTemplate(h, file, opened, type, o);
    } finally {
      opened.close();
    }
    return;
  }
  sendFileResponse(h, opened, { contentType: type, preamble: o.preamble });
}

/** elnode-send-file with :replacements: the file's text, its <!##E name E##!> patterns replaced. */
function sendTemplate(h: HttpCon, file: string, opened: OpenFile, type: string, o: SendFileOptions): void {
  let table = o.replacements;
  if (isFunction(table)) {
    const depth = specpdlDepth();
    specbind(intern("elnode-replacements-httpcon"), h);
    specbind(intern("elnode-replacements-targetfile"), file);
    try {
      table = funcall(table, []);
    } finally {
      unbindTo(depth);
    }
  }
  const text = applyTemplate(fs.readFileSync(opened.fd, "utf8"), table, o.pattern);
  h.held = null;
  if (!h.started) h.status = 200;
  h.headers = ["Content-Type", type, "Last-Modified", httpDate(opened.st.mtimeMs)];
  const cc = varValue("elnode-webserver-cache-control", "no-cache");
  if (typeof cc === "string" && cc !== "") h.headers.push("Cache-Control", cc);
  h.started = true;
  h.finish((o.preamble ?? "") + text);
}

const SEND_FILE_KEYS = [":preamble", ":mime-types", ":replacements"] as const;
const MAKE_SEND_FILE_KEYS = [":preamble", ":mime-types", ":replacements", ":replacements-pattern"] as const;

function currentPattern(): string {
  const p = varValue("elnode-replacements-pattern", DEFAULT_PATTERN);
  return typeof p === "string" ? p : DEFAULT_PATTERN;
}

// ---------------------------------------------------------------------------
// Docroots (elnode-docroot-for and its helpers).

/** The file a request names under DOCROOT, lexically (elnode-get-targetfile): mapping group 1 or the path. */
function targetFile(h: HttpCon, docroot: string): string {
  const m = h.mapping;
  const rel = m !== null && m.length > 1 && typeof m[1] === "string" ? (m[1] as string) : h.pathinfo();
  return path.join(expandDocroot(docroot), rel.replace(/^\/+/, ""));
}

function within(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** Is TARGET under DOCROOT, also once symlinks are resolved (and, unless IGNORE-MISSING, does it exist)? */
function underDocroot(target: string, docroot: string, ignoreMissing: boolean): boolean {
  const root = expandDocroot(docroot);
  const t = path.resolve(target);
  if (/\0/.test(t) || !within(root, t)) return false;
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return false;
  }
  try {
    const real = fs.realpathSync(t);
    return within(realRoot, real);
  } catch {
    if (!ignoreMissing) return false;
    // A missing file: its nearest existing parent must be inside.
    let dir = path.dirname(t);
    for (;;) {
      try {
        return within(realRoot, fs.realpathSync(dir));
      } catch {
        const up = path.dirname(dir);
        if (up === dir) return false;
        dir = up;
      }
    }
  }
}

/**
 * The file under DOCROOT that CON asks for, checked as the webserver checks
 * (no "." or ".." segments, no encoded slashes, backslashes or NULs, nothing
 * leading out through symlinks), or nil.
 */
function docrootTarget(h: HttpCon, docroot: string, ignoreMissing: boolean): L {
  const m = h.mapping;
  const fromMapping = m !== null && m.length > 1 && typeof m[1] === "string";
  const parts = fromMapping ? (m![1] as string).split("/") : h.rawPath().split("/");
  const segs: string[] = [];
  for (const raw of parts) {
    if (raw === "") continue;
    let seg = raw;
    if (!fromMapping) {
      try {
        seg = decodeURIComponent(raw);
      } catch {
        return NIL;
      }
    }
    if (seg === "." || seg === ".." || /[/\\\0]/.test(seg)) return NIL;
    segs.push(seg);
  }
  const target = path.join(expandDocroot(docroot), ...segs);
  return underDocroot(target, docroot, ignoreMissing) ? target : NIL;
}

// ---------------------------------------------------------------------------
// Registration.

export function registerApi(lisp: Lisp): void {
  lisp.funcall("define-error", intern("elnode"), "Elnode error");
  lisp.funcall("define-error", intern("elnode-defer"), "Elnode handler processing defered", list(intern("error"), intern("elnode")));
  lisp.funcall("define-error", intern("elnode-bad-request"), "Bad request", list(intern("error"), intern("elnode")));

  lisp.defvar("elnode-http-max-params", DEFAULT_MAX_PARAMS);
  lisp.defvar("elnode-http-upload-directory", NIL);
  lisp.defvar("elnode-raw-body", NIL);
  lisp.defvar("elnode-http-special-extra-headers", NIL);
  lisp.defvar("elnode-webserver-cache-control", "no-cache");
  lisp.defvar("elnode-replacements-pattern", DEFAULT_PATTERN);
  lisp.defvar("elnode-replacements-httpcon", NIL);
  lisp.defvar("elnode-replacements-targetfile", NIL);
  lisp.defvar("elnode-docroot-for-no-404", NIL);
  lisp.defvar("elnode-docroot-for-no-cache", NIL);
  lisp.defvar("elnode-defer-poll-interval", new LispFloat(0.25));
  lisp.defvar("elnode-defer-failure-hook", NIL);
  lisp.defvar("elnode-defer-on", T);
  lisp.defvar("elnode-log-files-directory", NIL);
  lisp.defvar("elnode--do-error-logging", T);
  lisp.defvar("elnode-msg-levels", arrayToList(MSG_LEVELS.map((n) => intern(n))));
  lisp.defvar("elnode-error-log-to-messages", T);
  lisp.defvar("elnode-init-port", 8000);
  lisp.defvar("elnode-init-host", "localhost");
  lisp.defvar("elnode-config-directory", "~/.emacs.d/elnode/");
  lisp.defvar("elnode-webserver-index", list("index.html", "index.htm"));

  // ----- Request: parameters, bodies, cookies.
  lisp.defun("elnode-http-params", (args: L[]) => filterParams(con(args[0]).params(), args.slice(1)), {
    min: 1,
    max: "many",
    doc: `The request's parameters: an alist of decoded (NAME . VALUE).
The query's, and for a form body (urlencoded or multipart) the body's too; a NAME in both gives
(NAME QUERY-VALUE BODY-VALUE). With NAMES (strings or symbols), only those entries.
Uploaded files are strings; see elnode-http-param-filename.`,
  });
  lisp.defun("elnode-http-param", (c: L, name: L, dflt: L) => {
    const e = paramEntry(con(c), paramName(name));
    return e ? e.cdr : dflt;
  }, { min: 2, max: 3, doc: "The parameter NAME (string or symbol) of the request, or DEFAULT." });
  const fileOf = (c: L, name: L) => con(c).body?.file(paramName(name)) ?? null;
  lisp.defun("elnode-http-param-filename", (c: L, name: L) => fileOf(c, name)?.filename ?? NIL, {
    min: 2, max: 2,
    doc: `The client's file name for the uploaded file parameter NAME, or nil when NAME is not a file.
elnode put this on the value as the text property :elnode-filename; strings have no text properties here.`,
  });
  lisp.defun("elnode-http-param-content-type", (c: L, name: L) => fileOf(c, name)?.mimeType ?? NIL, {
    min: 2, max: 2, doc: "The Content-Type the client gave the uploaded file parameter NAME, or nil.",
  });
  lisp.defun("elnode-http-param-file", (c: L, name: L) => {
    const h = con(c);
    const f = fileOf(c, name);
    return f && h.body ? h.body.filePath(f) : NIL;
  }, {
    min: 2, max: 2,
    doc: "A temporary file holding the uploaded file parameter NAME (removed when the response ends: copy or rename it to keep it), or nil.",
  });
  lisp.defun("elnode-http-body", (c: L) => rawBodyString(con(c)), {
    min: 1, max: 1, doc: "The request body as a string (not for multipart bodies), or nil.",
  });
  lisp.defun("elnode-http-json", (c: L) => bodyJson(con(c)), {
    min: 1, max: 1, doc: "The request's JSON body as json-read-from-string reads it (honouring json-object-type ...), or nil.",
  });
  lisp.defun("elnode-http-query-to-alist", (q: L) => parseQuery(str(q)), {
    min: 1, max: 1, types: ["string"], doc: "Parse QUERY (a=b&c=d) into an alist of decoded (NAME . VALUE).",
  });
  lisp.defun("elnode-http-cookies", (c: L) => cookies(con(c)), {
    min: 1, max: 1, doc: "The request's cookies: an alist of decoded (NAME . VALUE), sorted by name.",
  });
  lisp.defun("elnode-http-cookie", (c: L, name: L, justValue: L) => {
    const n = paramName(name);
    for (let a = cookies(con(c)); a instanceof Cons; a = a.cdr) {
      const e = a.car as Cons;
      if (e.car === n) return justValue !== NIL ? e.cdr : e;
    }
    return NIL;
  }, { min: 2, max: 3, doc: "The cookie NAME of the request as (NAME . VALUE), or with JUST-VALUE its value; nil when absent." });
  lisp.defun("elnode-server-info", (c: L) => {
    const s = con(c).req.socket;
    const a = (s.localAddress ?? "").replace(/^::ffff:/, "");
    return `${a}:${s.localPort ?? ""}`;
  }, { min: 1, max: 1, doc: "The server's address and port for HTTPCON, \"127.0.0.1:8000\"." });

  // ----- Response helpers.
  lisp.defun("elnode-http-cookie-make", (args: L[]) => {
    const k = parseKeys("elnode-http-cookie-make", args, 2, COOKIE_KEYS);
    return new Cons("Set-Cookie", makeSetCookie(nameOf(args[0]), cookieData(args[1]), cookieOptions(k)));
  }, {
    min: 2,
    max: "many",
    doc: `A ("Set-Cookie" . VALUE) header for the cookie NAME with DATA (%-encoded).
Keywords: :expiry (a date string or a time), :path, :domain, :max-age (seconds), :secure, :http-only,
:same-site ("Strict", "Lax" or "None").`,
  });
  lisp.defun("elnode-http-cookie-set", (args: L[]) => {
    const h = con(args[0]);
    const k = parseKeys("elnode-http-cookie-set", args, 3, COOKIE_KEYS);
    const v = makeSetCookie(nameOf(args[1]), cookieData(args[2]), cookieOptions(k));
    if (h.committed) {
      logLine(`elnode: elnode-http-cookie-set: response already started on ${h.processName}`);
      return NIL;
    }
    h.addPendingHeader("Set-Cookie", v);
    return T;
  }, { min: 3, max: "many", doc: "Set the cookie NAME to DATA on the response (keywords as elnode-http-cookie-make)." });
  lisp.defun("elnode-http-header-set", (c: L, header: L, value: L) => {
    const h = con(c);
    let name: L = header;
    let v: L = value;
    if (header instanceof Cons) {
      name = header.car;
      v = header.cdr;
    }
    const n = typeof name === "string" ? name : name instanceof Sym ? capitalize(name.name) : wrongType("stringp", name);
    const text = typeof v === "string" ? v : typeof v === "number" ? String(v) : wrongType("stringp", v);
    if (h.committed) {
      logLine(`elnode: can't set header, HTTP already started on ${h.processName}`);
      return NIL;
    }
    h.addPendingHeader(n, text);
    return T;
  }, {
    min: 2, max: 3,
    doc: "Add HEADER (a (NAME . VALUE) cons, or NAME with VALUE) to the response, whoever starts it; nil if the headers went out.",
  });
  lisp.defun("elnode-send-json", (args: L[]) => {
    const h = con(args[0]);
    const k = parseKeys("elnode-send-json", args, 2, [":content-type", ":jsonp"]);
    const json = funcall(intern("json-encode"), [args[1]]) as string;
    const jsonp = k.get(":jsonp") ?? NIL;
    let body = json;
    let type = optStr(k.get(":content-type"));
    if (jsonp !== NIL) {
      const cb = typeof jsonp === "string" ? jsonp : (() => {
        const e = paramEntry(h, "callback");
        return e && typeof e.cdr === "string" ? e.cdr : "callback";
      })();
      if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(cb) || cb.length > 128) {
        sendStatusPage(h, 400, "Bad Request", "Invalid JSONP callback name.");
        return NIL;
      }
      body = `${cb}(${json});`;
      type ??= "application/javascript; charset=utf-8";
    }
    h.held = null;
    h.status = 200;
    h.headers = ["Content-Type", type ?? "application/json; charset=utf-8", "X-Content-Type-Options", "nosniff"];
    h.started = true;
    h.finish(body);
    return NIL;
  }, {
    min: 2,
    max: "many",
    doc: `Answer 200 with DATA as JSON (json-encode).
:content-type overrides application/json; :jsonp sends CALLBACK(JSON); where CALLBACK is the string given,
else the request's "callback" parameter, else "callback".`,
  });
  lisp.defun("elnode-make-redirecter", (location: L, type: L) => {
    const loc = str(location);
    const status = type === NIL ? 302 : parseStatus(type);
    return new Subr("elnode-redirecter", 1, 1, (c: L) => {
      funcall(intern("elnode-send-redirect"), [c, loc, status]);
      return NIL;
    }, `Redirect to ${loc}.`);
  }, { min: 1, max: 2, types: ["string"], doc: "A handler redirecting every request to LOCATION (302, or TYPE)." });
  lisp.defun("elnode-send-file", (args: L[]) => {
    const h = con(args[0]);
    const k = parseKeys("elnode-send-file", args, 2, SEND_FILE_KEYS);
    sendFile(h, resolveFile(str(args[1])), {
      preamble: optStr(k.get(":preamble")),
      mimeTypes: k.get(":mime-types") ?? NIL,
      replacements: k.get(":replacements") ?? NIL,
      pattern: currentPattern(),
    });
    return NIL;
  }, {
    min: 2,
    max: "many",
    doc: `Send FILE to HTTPCON (404 when it does not exist).
A relative FILE is taken from the directory of the file being loaded, else default-directory.
Keywords: :preamble (a string sent first), :mime-types (an alist (TYPE . EXTENSION)), :replacements (a hash
table, an alist, or a function returning one, called with elnode-replacements-httpcon and
elnode-replacements-targetfile bound): <!##E name E##!> in the file is replaced by name's value.
Without replacements or preamble the file gets ETag/Last-Modified, 304 and Range support.`,
  });
  lisp.defun("elnode-make-send-file", (args: L[]) => {
    const k = parseKeys("elnode-make-send-file", args, 1, MAKE_SEND_FILE_KEYS);
    const file = resolveFile(str(args[0]));
    const preamble = optStr(k.get(":preamble"));
    const mimeTypes = k.get(":mime-types") ?? NIL;
    const replacements = k.get(":replacements") ?? NIL;
    const pattern = optStr(k.get(":replacements-pattern"));
    return new Subr("elnode-send-file-handler", 1, 1, (c: L) => {
      sendFile(con(c), file, { preamble, mimeTypes, replacements, pattern: pattern ?? currentPattern() });
      return NIL;
    }, `Send ${file}.`);
  }, {
    min: 1, max: "many",
    doc: "A handler sending FILE (resolved now, against the file being loaded); keywords as elnode-send-file, and :replacements-pattern.",
  });
  lisp.defun("elnode-rfc1123-date", (t: L) => httpDate(lispTimeMs(t)), {
    min: 1, max: 1, doc: "TIME as an HTTP date: \"Sun, 06 Nov 1994 08:49:37 GMT\".",
  });

  // ----- Docroots, caching.
  lisp.defun("elnode-get-targetfile", (c: L, docroot: L) => targetFile(con(c), str(docroot)), {
    min: 2, max: 2, doc: "The file HTTPCON names under DOCROOT (mapping group 1, else the path), not checked.",
  });
  lisp.defun("elnode-under-docroot-p", (target: L, docroot: L, ignoreMissing: L) =>
    underDocroot(str(target), str(docroot), ignoreMissing !== NIL) ? T : NIL, {
    min: 2, max: 3, doc: "Is TARGET-FILE under DOC-ROOT (symlinks resolved)?  Unless IGNORE-MISSING it must exist too.",
  });
  lisp.defun("elnode--docroot-target", (c: L, docroot: L, ignoreMissing: L) =>
    docrootTarget(con(c), str(docroot), ignoreMissing !== NIL), {
    min: 2, max: 3, doc: "The checked file under DOCROOT that HTTPCON names, or nil (for elnode-docroot-for).",
  });
  lisp.defun("elnode-not-found", (c: L) => (sendStatusPage(con(c), 404, "Not Found"), NIL), {
    min: 1, max: 2, doc: "Answer 404 (elnode-docroot-for calls this for a missing or unsafe file).",
  });
  lisp.defun("elnode-cached", (c: L) => (con(c).sendHeadersOnly(304, []), NIL), {
    min: 1, max: 1, doc: "Answer 304 Not Modified.",
  });
  lisp.defun("elnode-cached-p", (c: L, file: L) => {
    try {
      return notModified(con(c), fs.statSync(str(file))) ? T : NIL;
    } catch {
      return NIL;
    }
  }, { min: 2, max: 2, doc: "Does HTTPCON's If-None-Match / If-Modified-Since show the client has TARGET-FILE as it is?" });
  lisp.defun("elnode-modified-since", (c: L, time: L) => {
    const ims = con(c).header("if-modified-since");
    if (ims === null) return NIL;
    const t = Date.parse(ims);
    if (Number.isNaN(t)) return NIL;
    return Math.floor(lispTimeMs(time) / 1000) * 1000 <= t ? T : NIL;
  }, { min: 2, max: 2, doc: "Is MODIFIED-TIME no later than HTTPCON's If-Modified-Since?" });
  lisp.defun("elnode-file-etag", (file: L) => {
    try {
      return fileEtag(fs.statSync(str(file)));
    } catch {
      return NIL;
    }
  }, { min: 1, max: 1, doc: "The ETag the file server gives FILE, or nil." });

  // ----- Routing and servers.
  const send404 = (h: HttpCon) => sendStatusPage(h, 404, "Not Found");
  lisp.defun("elnode-hostpath-dispatcher", (args: L[]) => dispatchHostpath(con(args[0]), args[1], args.slice(2), send404), {
    min: 2,
    max: "many",
    doc: `Call the handler of the first TABLE entry whose key matches "HOST//PATH" (the Host header without port).
Keys are regexps, matched unanchored: "^localhost//blog/\\\\(.*\\\\)".  Keywords :function-404, :log-name, :auth-scheme.`,
  });
  lisp.defun("elnode-normalize-path", (c: L, handler: L) => {
    const h = con(c);
    const p = h.pathinfo();
    if (p.endsWith("/") || /\.[^/]*$/.test(p)) return funcall(handler, [h]);
    const q = h.query();
    funcall(intern("elnode-send-redirect"), [h, h.rawPath() + "/" + (q === null ? "" : "?" + q)]);
    return NIL;
  }, { min: 2, max: 2, doc: "Redirect a path with neither a trailing slash nor an extension to PATH/; else call HANDLER." });
  lisp.defun("elnode-make-webserver", (docroot: L, port: L, host: L) => {
    const ws = makeWebserverHandler(docroot, NIL);
    const p = typeof port === "string" ? Number(port) : port;
    return startServer(ws, p, host === NIL ? varValue("elnode-init-host", "localhost") : host);
  }, { min: 2, max: 3, types: ["string"], doc: "Serve the files under DOCROOT on PORT (and HOST); returns the port." });

  // ----- Deferred handlers.
  lisp.defun("elnode-defer-now", (handler: L) => signal("elnode-defer", handler), {
    min: 1, max: 1, doc: "Make the current request wait: HANDLER is called with its connection later (elnode's long polling).",
  });
  lisp.defun("elnode-deferred-queue-start", () => NIL, {
    min: 0, max: 0, doc: "Does nothing: waiting requests are re-tried without a queue having to be started.",
  });
  lisp.defun("elnode-deferred-queue-stop", () => NIL, { min: 0, max: 0, doc: "Does nothing (see elnode-deferred-queue-start)." });
  lisp.defun("elnode-deferred-queue-process", () => (processDeferred(), NIL), {
    min: 0, max: 0, doc: "Re-try every waiting request now.",
  });
  lisp.defun("elnode-deferred-queue", (arg: L) => {
    if (arg !== NIL) clearDeferred();
    return deferredCount();
  }, { min: 0, max: 1, doc: "How many requests wait; with ARG, drop them all." });

  // ----- Logging.
  lisp.defun("elnode--error-log", (msg: L) => {
    if (varValue("elnode--do-error-logging") === NIL) return NIL;
    writeLog("elnode-error", `elnode: ${typeof msg === "string" ? msg : String(msg)}`);
    return NIL;
  }, { min: 1, max: 1, doc: "Write MSG to the error log (standard error, or elnode-error under elnode-log-files-directory)." });
  lisp.defun("elnode--msg-enabled-p", (level: L) => (levelEnabled(level instanceof Sym ? level.name : ":debug") ? T : NIL), {
    min: 1, max: 1, doc: "Does a message at LEVEL pass elnode--do-error-logging?",
  });
  lisp.defun("elnode-log-access", (logname: L, c: L) => {
    writeLog(typeof logname === "string" ? logname : nameOf(logname), accessLine(con(c)));
    return NIL;
  }, {
    min: 2, max: 2,
    doc: "Write HTTPCON's access log line to the log LOGNAME (a file under elnode-log-files-directory, else standard error).",
  });

  registerAuth(lisp);
}

function capitalize(s: string): string {
  return s.replace(/[\p{L}\p{N}]+/gu, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
}
