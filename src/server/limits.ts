// Production limits: each a Lisp variable with a safe default, read when a
// server starts (socket and parser limits) or at each request (handler time,
// body size, child processes).
//
//   elnode-headers-timeout      30     s   the request line and headers must arrive within this (slowloris)
//   elnode-request-timeout      120    s   the whole request, body included, must arrive within this
//   elnode-keep-alive-timeout   5      s   an idle keep-alive connection is closed after this
//   elnode-idle-timeout         120    s   a connection with no traffic either way is closed (a client that stops reading)
//   elnode-max-header-size      16384  B   request line + headers; more is answered 431
//   elnode-max-body-size        10 MB  B   a larger body is answered 413 (body.ts reads bodies; here a
//                                          request with Expect: 100-continue is refused before it sends)
//   elnode-max-connections      4096       per process; connections past it are closed at once
//   elnode-max-child-processes  32         per process; elnode-child-process calls past it wait in a
//                                          queue (4 x the limit long), past that they get 503
//   elnode-handler-timeout      10     s   a handler still running after this is interrupted (503)
//
// nil (or 0) turns a limit off. Timeouts may be floats.
//
// The handler time limit uses the evaluator's interrupt hook: loops and
// function calls poll `interrupt.check` every 1024 iterations; while a
// handler runs it throws the `elnode-handler-timeout` signal (a kind of
// `quit`, so `(condition-case nil ... (error ...))` does not swallow it) once
// the deadline has passed, and keeps throwing at each poll until the
// handler has unwound. Builtins that run long without calling back into Lisp
// (a huge `make-string`, `sort` of a million items) are not interrupted.
import type * as http from "node:http";
import { Lisp, L, NIL, UNBOUND, LispFloat, LispSignal, Sym, intern, interrupt, list, signal, errorMessageString } from "../index.js";
import type { HttpCon } from "./httpcon.js";

interface Limit {
  sym: Sym;
  def: number;
  unit: "s" | "bytes" | "count";
}

function limit(name: string, def: number, unit: Limit["unit"]): Limit {
  return { sym: intern(name), def, unit };
}

export const LIMITS = {
  headersTimeout: limit("elnode-headers-timeout", 30, "s"),
  requestTimeout: limit("elnode-request-timeout", 120, "s"),
  keepAliveTimeout: limit("elnode-keep-alive-timeout", 5, "s"),
  idleTimeout: limit("elnode-idle-timeout", 120, "s"),
  maxHeaderSize: limit("elnode-max-header-size", 16384, "bytes"),
  maxBodySize: limit("elnode-max-body-size", 10 * 1024 * 1024, "bytes"),
  maxConnections: limit("elnode-max-connections", 4096, "count"),
  maxChildProcesses: limit("elnode-max-child-processes", 32, "count"),
  handlerTimeout: limit("elnode-handler-timeout", 10, "s"),
};

const DOCS: Record<keyof typeof LIMITS, string> = {
  headersTimeout: "Seconds a client has to send the request line and headers (slowloris); nil for no limit.",
  requestTimeout: "Seconds a client has to send the whole request, body included; nil for no limit.",
  keepAliveTimeout: "Seconds an idle keep-alive connection is kept open.",
  idleTimeout: "Seconds a connection may go without any traffic (e.g. a client that stops reading) before it is closed; nil for no limit.",
  maxHeaderSize: "Largest request line plus headers, in bytes; larger requests are answered 431.",
  maxBodySize: "Largest request body, in bytes; larger bodies are answered 413 and the handler is not called; nil for no limit.",
  maxConnections: "Most connections open at once per process; more are closed at once; nil for no limit.",
  maxChildProcesses: "Most elnode-child-process programs running at once per process; more wait, or get 503 when too many wait.",
  handlerTimeout: "Seconds a handler may run before it is interrupted with a 503 (signal elnode-handler-timeout); nil for no limit.",
};

/** Define the limit variables (with their documentation) and the timeout error. */
export function installLimits(lisp: Lisp): void {
  for (const [key, l] of Object.entries(LIMITS) as [keyof typeof LIMITS, Limit][]) {
    lisp.defvar(l.sym.name, l.def);
    lisp.funcall("put", l.sym, intern("variable-documentation"), DOCS[key]);
  }
  lisp.funcall("define-error", intern("elnode-handler-timeout"), "Handler ran too long", intern("quit"));
}

function logLine(text: string): void {
  process.stderr.write(text + "\n");
}

/**
 * The value of limit L as a number (seconds or a count), or null when it is
 * off (nil or 0). A value of the wrong type signals wrong-type-argument.
 */
export function limitValue(l: Limit): number | null {
  let v: L | typeof UNBOUND = l.sym.value;
  if (v === UNBOUND) v = l.def;
  if (v === NIL) return null;
  let n: number;
  if (typeof v === "number") n = v;
  else if (v instanceof LispFloat) n = v.value;
  else if (typeof v === "bigint") n = Number(v);
  else return signal("wrong-type-argument", list(intern("numberp"), v, l.sym));
  if (!(n > 0) || !Number.isFinite(n)) return null;
  return n;
}

function ms(l: Limit): number {
  const s = limitValue(l);
  return s === null ? 0 : Math.max(1, Math.round(s * 1000));
}

// ---------------------------------------------------------------------------
// Server and socket limits.

/** Options for http.createServer / https.createServer from the limit variables. */
export function serverOptions(): http.ServerOptions {
  let headersTimeout = ms(LIMITS.headersTimeout);
  const requestTimeout = ms(LIMITS.requestTimeout);
  // node wants headersTimeout <= requestTimeout; 0 means none for both.
  if (requestTimeout > 0 && (headersTimeout === 0 || headersTimeout > requestTimeout)) headersTimeout = requestTimeout;
  const shortest = Math.min(...[headersTimeout, requestTimeout].filter((t) => t > 0), 120000);
  const maxHeaderSize = limitValue(LIMITS.maxHeaderSize);
  return {
    // With no headers timeout node uses 60 s; with none at all, a long one stands for "off".
    headersTimeout: headersTimeout || 0x7fffffff,
    requestTimeout,
    keepAliveTimeout: ms(LIMITS.keepAliveTimeout),
    // How often node looks for requests past their timeouts: a quarter of the shortest, within 0.25-30 s.
    connectionsCheckingInterval: Math.min(30000, Math.max(250, Math.floor(shortest / 4))),
    ...(maxHeaderSize !== null ? { maxHeaderSize: Math.floor(maxHeaderSize) } : {}),
  };
}

/** Socket-level limits on a created server: connection count, idle timeout, 100-continue. */
export function applyLimits(server: http.Server, portOf: () => number): void {
  const maxConn = limitValue(LIMITS.maxConnections);
  if (maxConn !== null) server.maxConnections = Math.floor(maxConn);
  server.timeout = ms(LIMITS.idleTimeout);
  let lastDropLog = 0;
  server.on("drop", () => {
    const now = Date.now();
    if (now - lastDropLog < 10000) return;
    lastDropLog = now;
    logLine(`elnode: port ${portOf()}: elnode-max-connections (${server.maxConnections}) reached; closing new connections`);
  });
  // Refuse an oversized body before the client sends it.
  server.on("checkContinue", (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (bodyTooLarge(req)) return void refuseBody(res);
    res.writeContinue();
    server.emit("request", req, res);
  });
}

function bodyTooLarge(req: http.IncomingMessage): boolean {
  const cl = req.headers["content-length"];
  if (cl === undefined) return false;
  const max = limitValue(LIMITS.maxBodySize);
  return max !== null && Number(cl) > max;
}

const TOO_LARGE = "<html><head><title>413 Payload Too Large</title></head><body><h1>Payload Too Large</h1></body></html>\n";
const UNAVAILABLE = "<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>\n";

function refuseBody(res: http.ServerResponse): void {
  res.shouldKeepAlive = false;
  res.writeHead(413, "Payload Too Large", {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(TOO_LARGE)),
  });
  res.end(TOO_LARGE);
}

// ---------------------------------------------------------------------------
// Handler run time.

const QhandlerTimeout = intern("elnode-handler-timeout");
let deadline = 0;
let limitSeconds = 0;

{
  const previous = interrupt.check;
  interrupt.check = () => {
    if (deadline !== 0 && performance.now() > deadline) {
      throw new LispSignal(QhandlerTimeout, list(`handler still running after ${limitSeconds} s (elnode-handler-timeout)`));
    }
    if (previous) previous();
  };
}

/** Start the run-time clock for a handler; returns what `disarmDeadline` restores. */
export function armDeadline(): number {
  const saved = deadline;
  const s = limitValue(LIMITS.handlerTimeout);
  if (s !== null) {
    const d = performance.now() + s * 1000;
    // A nested handler call does not extend the outer one's time.
    if (saved === 0 || d < saved) {
      deadline = d;
      limitSeconds = s;
    }
  }
  return saved;
}

export function disarmDeadline(saved: number): void {
  deadline = saved;
}

export function isHandlerTimeout(e: unknown): boolean {
  return e instanceof LispSignal && e.symbol === QhandlerTimeout;
}

/** Answer a handler that ran out of time: 503 (or a closed connection) and a log line. */
export function handlerTimedOut(con: HttpCon, describe: string): void {
  logLine(`elnode: handler for ${describe} on port ${con.server.port} interrupted after ${limitSeconds} s (elnode-handler-timeout); answered 503`);
  con.sendSimple(503, UNAVAILABLE);
}

// ---------------------------------------------------------------------------
// Child processes.

interface Spawned {
  readonly child: { pid?: number; exitCode: number | null; signalCode: string | null; once(ev: string, f: () => void): unknown } | null;
}

let runningChildren = 0;
const waiting: { con: HttpCon; start: () => unknown }[] = [];

/** Children running under the limit right now, and requests waiting for a slot (for tests and logs). */
export function childCounts(): { running: number; waiting: number } {
  return { running: runningChildren, waiting: waiting.length };
}

/**
 * Run START (which spawns one program for CON) within elnode-max-child-processes.
 * Past the limit the start waits for a slot and PLACEHOLDER() (a process
 * object that is not live) is returned; with the queue full (4 x the limit)
 * CON gets 503.
 */
export function limitChildProcess<T extends Spawned>(con: HttpCon, start: () => T, placeholder: () => T): T {
  const max = limitValue(LIMITS.maxChildProcesses);
  if (max === null || runningChildren < max) return launch(start);
  if (waiting.length >= Math.max(1, Math.floor(max)) * 4) {
    logLine(`elnode: ${con.req.method} ${con.req.url} on port ${con.server.port}: too many child processes waiting (elnode-max-child-processes ${max}); answered 503`);
    if (!con.committed) con.res.setHeader("Retry-After", "1");
    con.sendSimple(503, UNAVAILABLE);
    return placeholder();
  }
  const item = { con, start };
  waiting.push(item);
  con.res.once("close", () => {
    const i = waiting.indexOf(item);
    if (i >= 0) waiting.splice(i, 1);
  });
  return placeholder();
}

function launch<T extends Spawned>(start: () => T): T {
  runningChildren++;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    runningChildren--;
    // Let the exit settle before the next program starts.
    setImmediate(next);
  };
  let p: T;
  try {
    p = start();
  } catch (e) {
    release();
    throw e;
  }
  const c = p.child;
  if (c === null || (c.exitCode !== null || c.signalCode !== null)) release();
  else {
    c.once("exit", release);
    c.once("error", release);
  }
  return p;
}

function next(): void {
  const max = limitValue(LIMITS.maxChildProcesses);
  while (waiting.length > 0 && (max === null || runningChildren < max)) {
    const { con, start } = waiting.shift()!;
    if (con.finished || con.res.destroyed) continue;
    try {
      launch(start as () => Spawned);
    } catch (e) {
      const text = e instanceof LispSignal ? errorMessageString(e.errorObject) : e instanceof Error ? e.message : String(e);
      logLine(`elnode: error starting a child process for ${con.req.method} ${con.req.url}: ${text}`);
      con.sendSimple(500, "<html><body><h1>500 Internal Server Error</h1></body></html>\n");
    }
  }
}
