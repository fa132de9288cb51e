// The connection object handed to handlers: elnode's `httpcon`, which was an
// Emacs network process, so it is a ProcessLike (process-get, process-put and
// process-live-p work on it) and prints as `#<process elnode-PORT-N>`.
//
// Response writing. Headers given to `elnode-http-start` are held until the
// first write decides the framing:
//   - `elnode-http-return` with nothing streamed yet: one write carrying the
//     headers, Content-Length and the whole body;
//   - `elnode-http-send-string` while the handler is still running: the chunk
//     is held too, so a handler that starts, sends and returns in one go still
//     gets Content-Length; when the handler returns without finishing, what
//     is held goes out as the start of a chunked response;
//   - `elnode-http-send-string` later (timers, processes): chunked at once.
import type * as http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { lazyModule } from "../runtime/lazy-module.js";
import type { Readable } from "node:stream";
import { L, NIL, Cons, Sym, ProcessLike, LispFloat, list, arrayToList, listToArray, error, signal, wrongType } from "../index.js";
import type { RequestBody } from "./body.js";

const nodeHttp = lazyModule<typeof http>("node:http");

/** The reason phrase for STATUS: node's table, else a phrase for the status class. Never empty. */
export function reasonPhrase(status: number): string {
  const known = nodeHttp().STATUS_CODES[status];
  if (known) return known;
  switch (Math.floor(status / 100)) {
    case 1: return "Informational";
    case 2: return "Success";
    case 3: return "Redirection";
    case 4: return "Client Error";
    case 5: return "Server Error";
    default: return "Unknown";
  }
}

const capitalized = new Map<string, string>();

/** `capitalize` as Emacs does it for a header symbol: content-type -> Content-Type (cached per name). */
function capitalizeWords(s: string): string {
  let c = capitalized.get(s);
  if (c === undefined) {
    c = capitalizeUncached(s);
    if (capitalized.size < 1000) capitalized.set(s, c);
  }
  return c;
}

function capitalizeUncached(s: string): string {
  let out = "";
  let inWord = false;
  for (const ch of s) {
    const alnum = /[\p{L}\p{N}]/u.test(ch);
    out += alnum ? (inWord ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    inWord = alnum;
  }
  return out;
}

function headerText(x: L, what: "name" | "value"): string {
  if (typeof x === "string") return x;
  if (x instanceof Sym) return what === "name" ? capitalizeWords(x.name) : x.name;
  if (what === "value") {
    if (typeof x === "number" || typeof x === "bigint") return String(x);
    if (x instanceof LispFloat) return String(x.value);
  }
  return wrongType("stringp", x);
}

/** Parse `elnode-http-start`'s header arguments: conses, or one alist of them. */
export function parseHeaders(args: L[]): string[] {
  let items: L[] = args;
  if (args.length === 1 && args[0] instanceof Cons && args[0].car instanceof Cons) {
    items = [];
    for (let a: L = args[0]; a instanceof Cons; a = a.cdr) items.push(a.car);
  }
  const flat: string[] = [];
  for (const h of items) {
    if (h === NIL) continue;
    if (!(h instanceof Cons)) wrongType("consp", h);
    const name = headerText(h.car, "name");
    // ("Name" . "value") and the list form ("Name" "value") are both seen in the wild.
    const v = h.cdr instanceof Cons && h.cdr.cdr === NIL ? h.cdr.car : h.cdr;
    const value = headerText(v, "value");
    try {
      nodeHttp().validateHeaderName(name);
      nodeHttp().validateHeaderValue(name, value);
    } catch {
      error(`Invalid HTTP header: ${JSON.stringify(name)}: ${JSON.stringify(value)}`);
    }
    flat.push(name, value);
  }
  return flat;
}

/** Parse a status argument: an integer or a numeric string, 100-999. */
export function parseStatus(x: L): number {
  let n: number;
  if (typeof x === "number") n = x;
  else if (typeof x === "string" && /^\s*\d+\s*$/.test(x)) n = Number(x);
  else return wrongType("integerp", x);
  if (!Number.isInteger(n) || n < 100 || n > 999) signal("args-out-of-range", list(x, 100, 999));
  return n;
}

const utf8 = new TextDecoder("utf-8");

/** %-decoding as url-unhex-string: valid escapes become UTF-8 bytes, invalid ones stay as written. */
export function urlDecode(s: string, plusIsSpace: boolean): string {
  if (plusIsSpace && s.includes("+")) s = s.replace(/\+/g, " ");
  if (!s.includes("%")) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    // Malformed escapes or invalid UTF-8: decode what can be decoded.
    const bytes: number[] = [];
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 37 && i + 2 < s.length && /^[0-9a-fA-F]{2}$/.test(s.substr(i + 1, 2))) {
        bytes.push(parseInt(s.substr(i + 1, 2), 16));
        i += 2;
      } else {
        for (const b of Buffer.from(s[i], "utf8")) bytes.push(b);
      }
    }
    return utf8.decode(Uint8Array.from(bytes));
  }
}

/** The query string as an alist of decoded (NAME . VALUE); a name without `=` gets nil. */
export function parseQuery(q: string): L {
  const out: L[] = [];
  for (const part of q.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq < 0) out.push(new Cons(urlDecode(part, true), NIL));
    else out.push(new Cons(urlDecode(part.slice(0, eq), true), urlDecode(part.slice(eq + 1), true)));
  }
  return arrayToList(out);
}

/**
 * Merge query and body parameter alists as elnode 2015 did: entries of A,
 * then those of B; a name in both gives (NAME A-VALUE B-VALUE) in A's place.
 */
export function mergeParams(a: L, b: L): L {
  const as = listToArray(a) as Cons[];
  const bs = listToArray(b) as Cons[];
  const bNames = new Map<string, Cons>();
  for (const e of bs) if (typeof e.car === "string" && !bNames.has(e.car)) bNames.set(e.car, e);
  const used = new Set<Cons>();
  const out: L[] = [];
  for (const e of as) {
    const other = typeof e.car === "string" ? bNames.get(e.car) : undefined;
    if (other && !used.has(other)) {
      used.add(other);
      out.push(list(e.car, e.cdr, other.cdr));
    } else out.push(e);
  }
  for (const e of bs) if (!used.has(e)) out.push(e);
  return arrayToList(out);
}

/**
 * Headers FIRST (from elnode-http-header-set) followed by THEN: a later
 * header replaces an earlier one of the same name, except Set-Cookie, of
 * which every one is sent.
 */
export function mergeHeaders(first: string[], then: string[]): string[] {
  const out: string[] = [];
  const at = new Map<string, number>();
  const add = (h: string[]) => {
    for (let i = 0; i + 1 < h.length; i += 2) {
      const lower = h[i].toLowerCase();
      const j = lower === "set-cookie" ? undefined : at.get(lower);
      if (j !== undefined) {
        out[j] = h[i];
        out[j + 1] = h[i + 1];
      } else {
        at.set(lower, out.length);
        out.push(h[i], h[i + 1]);
      }
    }
  };
  add(first);
  add(then);
  return out;
}

/** What a server tells the connections it makes. */
export interface ServerInfo {
  port: number;
  stopped: boolean;
}

export class HttpCon extends ProcessLike {
  // Response state.
  status = 200;
  headers: string[] | null = null;
  /** elnode-http-start was called (or a write implied it). */
  started = false;
  /** The status line and headers were handed to node. */
  committed = false;
  /** The response was ended (or abandoned). */
  finished = false;
  /** Set while the handler runs: writes are held (see the header comment). */
  inHandler = false;
  held: string[] | null = null;
  /** Body bytes written, for the access log. */
  bytes = 0;
  /** Match groups of the dispatcher's winning key (strings or nil). */
  mapping: L[] | null = null;
  /** Headers from elnode-http-header-set (flat name/value pairs), sent before the others. */
  pendingHeaders: string[] | null = null;
  /** The request body, read before the handler ran (null when the request had none). */
  body: RequestBody | null = null;
  /** Parsed Cookie header (alist), once asked for. */
  cookieCache: L | undefined = undefined;
  /** The user an auth scheme accepted for this request. */
  authUser: string | null = null;
  private name: string | null = null;
  private pathCache: string | null = null;
  private queryCache: string | null | undefined = undefined;
  private paramsCache: L | undefined = undefined;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly server: ServerInfo,
    readonly seq: number,
  ) {
    super();
  }

  get processName(): string {
    return (this.name ??= `elnode-${this.server.port}-${this.seq}`);
  }

  isLive(): boolean {
    return !this.finished && !this.res.destroyed;
  }

  // -------------------------------------------------------------------------
  // Request.

  /** The request target's path as sent (absolute-form targets reduced to their path). */
  rawPath(): string {
    const url = this.req.url ?? "/";
    const q = url.indexOf("?");
    let p = q < 0 ? url : url.slice(0, q);
    if (p.charCodeAt(0) !== 47 /* / */) {
      // absolute-form (http://host/path) or asterisk-form.
      const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*(\/.*)?$/.exec(p);
      p = m ? m[1] ?? "/" : "/" + p;
    }
    return p;
  }

  /** URL-decoded path, trailing slash kept. */
  pathinfo(): string {
    return (this.pathCache ??= urlDecode(this.rawPath(), false));
  }

  /** The raw query string, or null when the target has no `?`. */
  query(): string | null {
    if (this.queryCache === undefined) {
      const url = this.req.url ?? "/";
      const q = url.indexOf("?");
      this.queryCache = q < 0 ? null : url.slice(q + 1);
    }
    return this.queryCache;
  }

  /**
   * The query parameters, merged with the body's for a form body
   * (urlencoded or multipart): query entries first, then body entries; a
   * name present in both gives one entry (NAME QUERY-VALUE BODY-VALUE), as
   * elnode did.
   */
  params(): L {
    if (this.paramsCache === undefined) {
      const q = this.query();
      const query = q === null ? NIL : parseQuery(q);
      const b = this.body;
      this.paramsCache = b !== null && b.fields.length > 0 ? mergeParams(query, b.fieldAlist()) : query;
    }
    return this.paramsCache;
  }

  header(name: string): string | null {
    const v = this.req.headers[name.toLowerCase()];
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join(", ") : v;
  }

  /** The request headers as an alist of (NAME . VALUE), names as the client spelled them. */
  headerAlist(): L {
    const raw = this.req.rawHeaders;
    const out: L[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) out.push(new Cons(raw[i], raw[i + 1]));
    return arrayToList(out);
  }

  remoteAddress(): string {
    const a = this.req.socket.remoteAddress ?? "";
    return a.startsWith("::ffff:") ? a.slice(7) : a;
  }

  // -------------------------------------------------------------------------
  // Response.

  private checkOpen(): void {
    if (this.finished || this.res.destroyed || this.res.writableEnded) {
      signal("error", list(`Process ${this.processName} not running`));
    }
  }

  /** elnode-http-start. Returns false (and changes nothing) when already started. */
  start(status: number, headers: string[]): boolean {
    if (this.started) return false;
    this.started = true;
    this.status = status;
    this.headers = headers.length ? headers : null;
    return true;
  }

  private hasHeader(lower: string): boolean {
    const h = this.headers;
    if (!h) return false;
    for (let i = 0; i < h.length; i += 2) if (h[i].toLowerCase() === lower) return true;
    return false;
  }

  /** Hand the status line and headers to node (chunked unless EXTRA sets Content-Length). */
  commit(extra?: string[]): void {
    if (this.committed) return;
    this.committed = true;
    this.started = true;
    let h: string[] | undefined = this.headers ?? undefined;
    if (this.pendingHeaders) h = mergeHeaders(this.pendingHeaders, h ?? []);
    if (extra) h = h ? h.concat(extra) : extra;
    if (this.server.stopped) this.res.shouldKeepAlive = false;
    this.res.writeHead(this.status, reasonPhrase(this.status), h);
  }

  /** elnode-http-send-string. */
  write(data: string): void {
    this.checkOpen();
    if (!this.started) this.started = true;
    if (data.length === 0) return;
    if (!this.committed && this.inHandler) {
      (this.held ??= []).push(data);
      return;
    }
    this.commit();
    this.bytes += Buffer.byteLength(data);
    this.res.write(data);
  }

  /** elnode-http-return: finish the response, with DATA as its last piece. */
  finish(data: string | null): void {
    if (this.finished) return;
    if (this.res.destroyed) {
      this.finished = true;
      return;
    }
    this.finished = true;
    this.started = true;
    if (!this.committed) {
      let body = data ?? "";
      if (this.held) {
        body = this.held.join("") + body;
        this.held = null;
      }
      const len = Buffer.byteLength(body);
      this.bytes += len;
      this.commit(this.hasHeader("content-length") ? undefined : ["Content-Length", String(len)]);
      this.res.end(body);
      return;
    }
    if (data) {
      this.bytes += Buffer.byteLength(data);
      this.res.end(data);
    } else {
      this.res.end();
    }
  }

  /** Called when the handler returned: what it left held goes out now. */
  handlerReturned(): void {
    this.inHandler = false;
    if (this.finished || !this.held) return;
    const body = this.held.join("");
    this.held = null;
    if (this.res.destroyed) return;
    this.commit();
    this.bytes += Buffer.byteLength(body);
    this.res.write(body);
  }

  /** Start a streamed response (child processes, files): status from elnode-http-start or 200. */
  streamStart(extra?: string[]): void {
    if (this.committed) return;
    this.started = true;
    if (this.held) {
      const body = this.held.join("");
      this.held = null;
      this.commit(extra);
      this.bytes += Buffer.byteLength(body);
      this.res.write(body);
    } else {
      this.commit(extra);
    }
  }

  /** Write raw bytes of a stream; false asks the producer to wait for 'drain'. */
  streamWrite(chunk: Buffer): boolean {
    this.bytes += chunk.length;
    return this.res.write(chunk);
  }

  /**
   * Copy READABLE to the response with backpressure: a slow client pauses the
   * producer. Calls DONE once, with no error when READABLE ended (the caller
   * then finishes the response), or with the error that stopped it.
   */
  pump(readable: Readable, done: (err?: Error) => void): void {
    const res = this.res;
    let over = false;
    const end = (err?: Error) => {
      if (over) return;
      over = true;
      res.off("drain", resume);
      done(err);
    };
    const resume = () => readable.resume();
    res.on("drain", resume);
    readable.on("data", (chunk: Buffer) => {
      if (this.finished || res.destroyed || res.writableEnded) return;
      try {
        if (!this.streamWrite(chunk)) readable.pause();
      } catch (e) {
        end(e instanceof Error ? e : new Error(String(e)));
      }
    });
    readable.once("end", () => end());
    readable.once("error", (e: Error) => end(e));
  }

  /**
   * Make STATUS and HEADERS the response, dropping anything held. False when it is too late: the
   * response is finished or the client gone, or headers already went out (then the connection is cut).
   */
  private replaceResponse(status: number, headers: string[]): boolean {
    if (this.finished || this.res.destroyed) return false;
    if (this.committed) {
      this.abort();
      return false;
    }
    this.held = null;
    this.status = status;
    this.headers = headers;
    return true;
  }

  /** A response with a fixed status and body, replacing anything held; for errors and 404s. */
  sendSimple(status: number, body: string, contentType = "text/html; charset=utf-8"): void {
    if (this.replaceResponse(status, ["Content-Type", contentType])) this.finish(body);
  }

  /** A response without a body and without Content-Length (304 Not Modified). */
  sendHeadersOnly(status: number, headers: string[]): void {
    if (!this.replaceResponse(status, headers)) return;
    this.commit();
    this.finished = true;
    this.res.end();
  }

  /** elnode-http-header-set: a header sent with the response, whoever starts it. */
  addPendingHeader(name: string, value: string): void {
    (this.pendingHeaders ??= []).push(name, value);
  }

  /** Give up on the response: close the connection (used when headers already went out). */
  abort(): void {
    this.finished = true;
    this.held = null;
    this.res.destroy();
  }
}
