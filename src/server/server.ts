// elnode-start / elnode-stop and the port registry. HTTP is node:http's
// (llhttp parses, node frames the responses); each request makes an HttpCon
// and calls the Lisp handler with it.
import type * as Cluster from "node:cluster";
import type * as http from "node:http";
import type * as net from "node:net";
import { lazyModule } from "../runtime/lazy-module.js";
import * as util from "node:util";
import {
  L, NIL, Sym, Cons, Closure, Subr, LispSignal, funcall, intern, list, signal, wrongType, errorMessageString,
  asLispError, UNBOUND,
} from "../index.js";
import { HttpCon, ServerInfo } from "./httpcon.js";
import { handleRequest, isBadRequest, answerBadRequest } from "./request.js";
import { isDeferSignal, deferRequest } from "./defer.js";
import { writeLog } from "./log.js";
import { serverOptions, applyLimits, armDeadline, disarmDeadline, isHandlerTimeout, handlerTimedOut } from "./limits.js";
import { createServer, tlsOptions } from "./tls.js";

export const DEFAULT_PORT = 8000;
export const DEFAULT_HOST = "localhost";

interface Entry extends ServerInfo {
  server: http.Server;
  handler: L;
  host: string;
  seq: number;
}

const registry = new Map<number, Entry>();
const cluster = lazyModule<Cluster.Cluster>("node:cluster");
const nodeNet = lazyModule<typeof net>("node:net");

/** The variable that turns the access log on and off (t by default). */
export const accessLogSym = intern("elnode-log-access");

// ---------------------------------------------------------------------------
// Logging (standard error).

export function logLine(text: string): void {
  process.stderr.write(text + "\n");
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
let clfSecond = -1;
let clfText = "";
/** Common Log Format time, `10/Oct/2000:13:55:36 -0700`, cached per second. */
function clfTime(): string {
  const now = Date.now();
  const sec = Math.floor(now / 1000);
  if (sec !== clfSecond) {
    const d = new Date(now);
    const off = -d.getTimezoneOffset();
    const sign = off >= 0 ? "+" : "-";
    const abs = Math.abs(off);
    const p2 = (n: number) => (n < 10 ? "0" + n : String(n));
    clfText =
      `${p2(d.getDate())}/${MONTHS[d.getMonth()]}/${d.getFullYear()}:` +
      `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())} ` +
      `${sign}${p2(Math.floor(abs / 60))}${p2(abs % 60)}`;
    clfSecond = sec;
  }
  return clfText;
}

/** The access log line (Common Log Format) for CON. */
export function accessLine(con: HttpCon): string {
  const req = con.req;
  const status = con.committed ? con.res.statusCode : "-";
  const bytes = con.bytes > 0 ? String(con.bytes) : "-";
  const user = con.authUser ? con.authUser.replace(/[\s"]/g, "_") : "-";
  return `${con.remoteAddress() || "-"} - ${user} [${clfTime()}] "${req.method} ${req.url} HTTP/${req.httpVersion}" ${status} ${bytes}`;
}

function accessLog(con: HttpCon): void {
  writeLog("elnode-access", accessLine(con));
}

/** Describe a request for error messages: `GET /path`. */
export function describe(con: HttpCon): string {
  return `${con.req.method} ${con.req.url}`;
}

/** Report an error raised while serving CON, and answer 500 (or close the connection). */
export function handlerFailed(con: HttpCon, raw: unknown): void {
  if (isBadRequest(raw)) return answerBadRequest(con, raw);
  con.pendingHeaders = null;
  if (isHandlerTimeout(raw)) return handlerTimedOut(con, describe(con));
  const e = asLispError(raw);
  const text =
    e instanceof LispSignal
      ? errorMessageString(e.errorObject)
      : `internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
  logLine(`elnode: error serving ${describe(con)} on port ${con.server.port}: ${text}`);
  try {
    con.sendSimple(500, "<html><body><h1>500 Internal Server Error</h1></body></html>\n");
  } catch {
    con.abort();
  }
}

// ---------------------------------------------------------------------------
// Calling handlers.

/** Call HANDLER with CON, turning any error into a 500; what was held goes out when it returns. */
export function runHandler(con: HttpCon, handler: L): void {
  con.inHandler = true;
  const deadline = armDeadline(); // elnode-handler-timeout (limits.ts)
  try {
    funcall(handler, [con]);
  } catch (e) {
    con.inHandler = false;
    if (isDeferSignal(e)) return void deferRequest(con, e.data); // elnode-defer-now
    handlerFailed(con, e);
    return;
  } finally {
    disarmDeadline(deadline);
  }
  con.handlerReturned();
}

function onRequest(entry: Entry, req: http.IncomingMessage, res: http.ServerResponse): void {
  const con = new HttpCon(req, res, entry, ++entry.seq);
  const v = accessLogSym.value;
  const log = v !== NIL && v !== UNBOUND;
  if (log) res.once("close", () => accessLog(con));
  handleRequest(con, entry.handler); // the body is read first, if any (request.ts)
}

// ---------------------------------------------------------------------------
// Starting and stopping.

/** A message for a listen error as the OS words it: "Address already in use". */
function osMessage(e: NodeJS.ErrnoException | undefined): string {
  if (!e) return "Cannot bind the address";
  const known = typeof e.errno === "number" ? util.getSystemErrorMap().get(e.errno) : undefined;
  const msg = known ? known[1] : e.code ?? e.message;
  return msg.charAt(0).toUpperCase() + msg.slice(1);
}

function bindError(port: number, host: string, e: NodeJS.ErrnoException | undefined): never {
  signal("file-error", list(`Cannot start elnode on port ${port}`, osMessage(e), host));
}

/**
 * Bind SERVER synchronously, so that elnode-start can signal a Lisp error at
 * once. node binds an IP literal inside listen() and only delays the
 * 'error'/'listening' events to the next tick; `_listen2` is that step
 * without the DNS lookup that listen() does even for literals. The error is
 * caught on its way to process.nextTick. Returns the error, if any.
 */
function listenNow(server: http.Server, address: string | null, port: number): NodeJS.ErrnoException | undefined {
  const s = server as unknown as { _listen2?: (...a: unknown[]) => void };
  let captured: NodeJS.ErrnoException | undefined;
  const orig = process.nextTick;
  process.nextTick = function (fn: (...a: any[]) => void, ...args: any[]) {
    if (args[0] === server && args[1] instanceof Error) captured = args[1] as NodeJS.ErrnoException;
    return orig.call(process, fn, ...args);
  } as typeof process.nextTick;
  try {
    const type = address === null ? 4 : nodeNet().isIP(address);
    s._listen2!(address, port, type, 511, undefined, 0);
  } finally {
    process.nextTick = orig;
  }
  if (server.listening) return undefined;
  return captured ?? ({ code: "EADDRINUSE", message: "address already in use" } as NodeJS.ErrnoException);
}

function checkHandler(h: L): void {
  if (h instanceof Sym && h !== NIL) return;
  if (h instanceof Closure || h instanceof Subr) return;
  if (h instanceof Cons && h.car instanceof Sym && (h.car.name === "lambda" || h.car.name === "closure")) return;
  wrongType("functionp", h);
}

function parsePort(x: L): number {
  if (x === NIL) return DEFAULT_PORT;
  let n: number;
  if (typeof x === "number") n = x;
  else if (typeof x === "string" && /^\d+$/.test(x)) n = Number(x);
  else return wrongType("integerp", x);
  if (!Number.isInteger(n) || n < 0 || n > 65535) signal("args-out-of-range", list(x, 0, 65535));
  return n;
}

/**
 * Start serving HANDLER on PORT at HOST ("localhost" by default, "*" for every
 * interface). Returns the port bound (useful with port 0), or nil when PORT
 * is already served by elnode (nothing is replaced).
 */
export function startServer(handler: L, portArg: L, hostArg: L, tlsArg: L = NIL): L {
  checkHandler(handler);
  const port = parsePort(portArg);
  if (hostArg !== NIL && typeof hostArg !== "string") wrongType("stringp", hostArg);
  const tls = tlsOptions(tlsArg);
  const host = hostArg === NIL ? DEFAULT_HOST : (hostArg as string);
  if (port !== 0 && registry.has(port)) {
    logLine(`elnode: port ${port} is already served by elnode; nothing was replaced (elnode-stop ${port} first)`);
    return NIL;
  }
  const entry: Entry = { server: null as unknown as http.Server, handler, host, port, seq: 0, stopped: false };
  const server = createServer(tls, { noDelay: true, ...serverOptions() }, (req, res) => onRequest(entry, req, res));
  applyLimits(server, () => entry.port);
  entry.server = server;
  // Errors after a successful bind (and the deferred report of a failed one) must not crash the process.
  server.on("error", (e) => {
    if (server.listening) logLine(`elnode: server on port ${entry.port}: ${e.message}`);
  });
  const address = host === "*" ? null : host === "localhost" ? "127.0.0.1" : host;
  // In a cluster worker (elnode run --workers N) the primary binds and shares the socket: listen() is asynchronous.
  if ((address === null || nodeNet().isIP(address)) && typeof (server as any)._listen2 === "function" && !cluster().isWorker) {
    const err = listenNow(server, address, port);
    if (err) bindError(port, host, err);
    entry.port = (server.address() as net.AddressInfo).port;
  } else {
    // A host name: node resolves it asynchronously, so a bind error can only be logged.
    if (port === 0 && !cluster().isWorker) signal("error", list("elnode-start: port 0 needs a numeric host address"));
    server.once("error", (e: NodeJS.ErrnoException) => {
      if (registry.get(port) === entry) registry.delete(port);
      logLine(`elnode: Cannot start elnode on port ${port}: ${osMessage(e)}, ${host}`);
    });
    server.listen(port, address ?? undefined);
    if (port === 0) {
      // Under --workers every worker asking for port 0 gets the same port, chosen by the primary.
      server.once("listening", () => {
        if (registry.get(0) === entry) registry.delete(0);
        entry.port = (server.address() as net.AddressInfo).port;
        registry.set(entry.port, entry);
        logLine(`elnode: listening on port ${entry.port}`);
      });
    }
  }
  registry.set(entry.port, entry);
  return entry.port;
}

/** Stop listening on PORT; responses in flight finish. Returns t when a server was stopped. */
export function stopServer(portArg: L): boolean {
  const port = parsePort(portArg);
  const entry = registry.get(port);
  if (!entry) return false;
  registry.delete(port);
  entry.stopped = true;
  entry.server.close();
  entry.server.closeIdleConnections();
  return true;
}

export function servedPorts(): number[] {
  return [...registry.keys()];
}

/** Stop every server (for hosts and tests). */
export function stopAll(): void {
  for (const port of [...registry.keys()]) stopServer(port);
}

/** The node server behind PORT, for embedders that want node-level access. */
export function nodeServer(port: number): http.Server | undefined {
  return registry.get(port)?.server;
}
