// Every elnode-* builtin, registered through the public embedding API, as any
// TypeScript program adds its own builtins to the runtime.
import {
  Lisp, L, NIL, T, Sym, Subr, intern, defineArgType, arrayToList, signal, wrongType, list, symbolValue,
} from "../index.js";
import { HttpCon, parseHeaders, parseStatus, reasonPhrase, mergeHeaders } from "./httpcon.js";
import { startServer, stopServer, servedPorts, logLine } from "./server.js";
import { dispatch, mapping } from "./dispatch.js";
import { makeWebserverHandler, sendStatusPage, htmlEscape, docrootSym, extraMimeSym, DEFAULT_DOCROOT } from "./files.js";
import { childProcess, ElnodeChild } from "./child.js";
import { registerApi, toLispTime } from "./api.js";
import { installLimits, limitChildProcess } from "./limits.js";

const START_KEYS = [":port", ":host", ":defer-mode", ":service-mappings"];
/** Our additions to elnode's keywords (the error message keeps elnode's own list). */
const EXTRA_START_KEYS = [":tls"];

function con(x: L): HttpCon {
  if (!(x instanceof HttpCon)) wrongType("processp", x);
  return x;
}

function isKeyword(x: L): x is Sym {
  return x instanceof Sym && x.name.charCodeAt(0) === 58 /* : */;
}

/** elnode-start's two conventions: (HANDLER PORT [HOST]) and (HANDLER :port PORT :host HOST). */
function elnodeStart(args: L[]): L {
  const [handler, ...rest] = args;
  let port: L = NIL;
  let host: L = NIL;
  let tls: L = NIL;
  if (rest.length > 0 && isKeyword(rest[0])) {
    for (let i = 0; i < rest.length; i += 2) {
      const k = rest[i];
      const v = i + 1 < rest.length ? rest[i + 1] : NIL;
      if (!(k instanceof Sym) || !(START_KEYS.includes(k.name) || EXTRA_START_KEYS.includes(k.name))) {
        signal("error", list(`Keyword argument ${k instanceof Sym ? k.name : String(k)} not one of (${START_KEYS.join(" ")})`));
      }
      if (k.name === ":port") port = v;
      else if (k.name === ":host") host = v;
      else if (k.name === ":tls") tls = v; // tls.ts
      // :defer-mode and :service-mappings are accepted and ignored.
    }
  } else {
    if (rest.length > 2) signal("wrong-number-of-arguments", list(intern("elnode-start"), args.length));
    port = rest[0] ?? NIL;
    host = rest[1] ?? NIL;
  }
  return startServer(handler, port, host, tls);
}

const webservers = new Map<string, Subr>();
/** elnode-http-special-extra-headers (defined in api.ts). */
const specialHeadersSym = intern("elnode-http-special-extra-headers");

export function registerBuiltins(lisp: Lisp): void {
  defineArgType("httpcon", "processp", (x) => x instanceof HttpCon);
  lisp.defvar("elnode-log-access", T);
  lisp.defvar("elnode-webserver-docroot", DEFAULT_DOCROOT);
  lisp.defvar("elnode-webserver-extra-mimetypes", NIL);
  installLimits(lisp);

  // Servers.
  lisp.defun("elnode-start", elnodeStart, {
    min: 1,
    max: "many",
    doc: `Serve HANDLER on PORT (default 8000) at HOST (default "localhost"; "*" for every interface).
Called as (elnode-start HANDLER PORT [HOST]) or (elnode-start HANDLER :port PORT :host HOST).
HANDLER is any function of one argument, the connection; a symbol is looked up at each request.
Returns the port bound (port 0 picks a free one), or nil when PORT is already served.
With :tls '(:cert "cert.pem" :key "key.pem"), the server speaks HTTPS.`,
  });
  lisp.defun("elnode-stop", (port: L) => (stopServer(port) ? T : NIL), {
    min: 1, max: 1, doc: "Stop serving PORT; responses in flight finish. Returns t if a server was stopped.",
  });
  lisp.defun("elnode-ports", () => arrayToList(servedPorts()), { min: 0, max: 0, doc: "The ports elnode serves." });

  // The request.
  const accessor = (name: string, fn: (c: HttpCon) => L, doc: string) =>
    lisp.defun(name, (c: L) => fn(con(c)), { min: 1, max: 1, types: ["httpcon"], doc });
  accessor("elnode-http-method", (c) => c.req.method ?? "GET", "The request method, a string such as \"GET\".");
  accessor("elnode-http-version", (c) => c.req.httpVersion, "The request's HTTP version, a string such as \"1.1\".");
  accessor("elnode-http-pathinfo", (c) => c.pathinfo(), "The URL-decoded path of the request, trailing slash kept.");
  accessor("elnode-http-query", (c) => c.query() ?? NIL, "The raw query string, or nil when there is none.");
  accessor("elnode-http-headers", (c) => c.headerAlist(), "The request headers, an alist of (NAME . VALUE).");
  accessor("elnode-get-remote-ipaddr", (c) => c.remoteAddress(), "The client's IP address, a string.");
  lisp.defun("elnode-http-header", (c: L, name: L, convert: L) => {
    const h = con(c);
    const n = typeof name === "string" ? name : name instanceof Sym ? name.name : wrongType("stringp", name);
    const v = h.header(n);
    if (v === null) return NIL;
    if (convert instanceof Sym && convert.name === ":time") {
      const t = Date.parse(v);
      return Number.isNaN(t) ? NIL : toLispTime(t);
    }
    return v;
  }, {
    min: 2, max: 3, types: ["httpcon", "string-or-symbol"],
    doc: "Request header NAME (string or symbol, any case), or nil.  CONVERT :time parses an HTTP date into a time value.",
  });
  lisp.defun("elnode-http-host", (args: L[]) => {
    const h = con(args[0]);
    const host = h.header("host");
    if (host === null) return NIL;
    let just = false;
    let split = false;
    for (let i = 1; i + 1 < args.length; i += 2) {
      if (args[i] === intern(":just-host")) just = args[i + 1] !== NIL;
      else if (args[i] === intern(":split")) split = args[i + 1] !== NIL;
    }
    if (!just && !split) return host;
    const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d*$/, "");
    if (!split) return name;
    const port = host.slice(name.length).replace(/^:/, "");
    return list(name, port === "" ? NIL : port);
  }, { min: 1, max: "many", doc: "The Host header; with :just-host t, without its port; with :split t, (HOST PORT)." });

  // The response.
  lisp.defun("elnode-http-start", (args: L[]) => {
    const h = con(args[0]);
    const status = parseStatus(args[1]);
    // elnode-http-special-extra-headers (let-bound around the call) come before the ones given.
    const special = symbolValue(specialHeadersSym);
    const headers = special === NIL ? parseHeaders(args.slice(2)) : mergeHeaders(parseHeaders([special]), parseHeaders(args.slice(2)));
    if (!h.start(status, headers)) logLine(`elnode: elnode-http-start: response already started on ${h.processName}`);
    return NIL;
  }, {
    min: 2,
    max: "many",
    doc: `Start the response on HTTPCON with STATUS (integer or numeric string) and HEADERS.
Each header is a cons (NAME . VALUE), NAME a string (sent as written) or a symbol (capitalized);
a single alist of them is accepted too.`,
  });
  lisp.defun("elnode-http-send-string", (c: L, s: L) => {
    con(c).write(s as string);
    return NIL;
  }, { min: 2, max: 2, types: ["httpcon", "string"], doc: "Send STRING as part of the response body." });
  lisp.defun("elnode-http-return", (c: L, data: L) => {
    con(c).finish(data === NIL ? null : (data as string));
    return NIL;
  }, { min: 1, max: 2, types: ["httpcon", "string"], doc: "Finish the response, sending DATA last." });

  const send404 = (h: HttpCon) => sendStatusPage(h, 404, "Not Found");
  const msgOf = (m: L) => (typeof m === "string" ? m : m === NIL ? null : String(m));
  lisp.defun("elnode-send-404", (c: L, m: L) => (sendStatusPage(con(c), 404, "Not Found", msgOf(m)), NIL), {
    min: 1, max: 2, types: ["httpcon"], doc: "Answer 404 Not Found (with MSG, escaped, under the title).",
  });
  lisp.defun("elnode-handler-404", (c: L) => (send404(con(c)), NIL), {
    min: 1, max: 1, types: ["httpcon"], doc: "Answer 404 Not Found (the 2010 name).",
  });
  lisp.defun("elnode-send-400", (c: L, m: L) => (sendStatusPage(con(c), 400, "Bad Request", msgOf(m)), NIL), {
    min: 1, max: 2, types: ["httpcon"], doc: "Answer 400 Bad Request (with MSG, escaped, under the title).",
  });
  lisp.defun("elnode-send-500", (c: L, m: L) => (sendStatusPage(con(c), 500, "Internal Server Error", msgOf(m)), NIL), {
    min: 1, max: 2, types: ["httpcon"], doc: "Answer 500 Internal Server Error (with MSG, escaped, under the title).",
  });
  lisp.defun("elnode-send-status", (c: L, status: L, msg: L) => {
    const s = parseStatus(status);
    sendStatusPage(con(c), s, reasonPhrase(s), msgOf(msg));
    return NIL;
  }, {
    min: 2, max: 3, types: ["httpcon", null, "string"],
    doc: "Answer STATUS with a short HTML page: the reason phrase, and MSG (escaped) under it.",
  });
  lisp.defun("elnode-send-redirect", (c: L, location: L, type: L) => {
    const h = con(c);
    const s = type === NIL ? 302 : parseStatus(type);
    if (h.finished) return NIL;
    const loc = location as string;
    if (/[\r\n\0]/.test(loc)) signal("error", list(`elnode-send-redirect: invalid location ${JSON.stringify(loc)}`));
    h.held = null;
    h.status = s;
    h.headers = ["Location", loc, "Content-Type", "text/html; charset=utf-8"];
    h.started = true;
    h.finish(`<html><body><p>Redirecting to <a href="${htmlEscape(loc)}">${htmlEscape(loc)}</a></p></body></html>\n`);
    return NIL;
  }, { min: 2, max: 3, types: ["httpcon", "string", null], doc: "Redirect to LOCATION (302 Found, or TYPE)." });

  // Dispatching.
  lisp.defun("elnode-dispatcher", (args: L[]) => dispatch(con(args[0]), args[1], args.slice(2), send404), {
    min: 2,
    max: "many",
    doc: `Call the handler of the first TABLE entry whose key matches the path of HTTPCON.
(elnode-dispatcher HTTPCON TABLE [FUNCTION-404]) or (... :function-404 FUNCTION-404).
A key starting with ^ is a full regexp; any other key is anchored after the leading / and
matched with or without the path's trailing slash.  A value is a function, a symbol whose value
is one, or (FN . EXTRA).  :auth-scheme NAME serves that scheme's login and logout paths first.`,
  });
  lisp.defun("elnode-http-mapping", (c: L, n: L) => mapping(con(c), n), {
    min: 1, max: 2, types: ["httpcon"], doc: "Match group N (default 0) of the dispatcher key that matched; with t, how many groups.",
  });

  // Processes and files.
  lisp.defun("elnode-child-process", (args: L[]) => {
    const program = args[1];
    if (typeof program !== "string") wrongType("stringp", program);
    const h = con(args[0]);
    // At most elnode-max-child-processes at once (limits.ts); past it the start waits.
    return limitChildProcess(h, () => childProcess(h, program, args.slice(2)), () => new ElnodeChild(null, program));
  }, { min: 2, max: "many", doc: "Run PROGRAM with ARGS (no shell) and stream its output to HTTPCON." });
  lisp.defun("elnode-webserver-handler-maker", (docroot: L, extra: L) => makeWebserverHandler(docroot, extra), {
    min: 0,
    max: 2,
    types: ["string", "list"],
    doc: "A handler serving the files under DOCROOT (default elnode-webserver-docroot, ~/public_html).",
  });
  lisp.defun("elnode-webserver", (c: L) => {
    const dir = symbolValue(docrootSym);
    const key = typeof dir === "string" ? dir : DEFAULT_DOCROOT;
    let ws = webservers.get(key);
    if (!ws) webservers.set(key, (ws = makeWebserverHandler(key, symbolValue(extraMimeSym))));
    return ws.fn(con(c));
  }, { min: 1, max: 1, types: ["httpcon"], doc: "Serve the files under elnode-webserver-docroot." });

  // The rest of the 2011-2015 API: bodies, cookies, send-file, hostpath, deferral, auth, logs (api.ts).
  registerApi(lisp);
}
