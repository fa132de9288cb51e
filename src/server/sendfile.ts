// Sending a file as a modern server does: validators (ETag, Last-Modified),
// conditional requests (If-None-Match, If-Modified-Since -> 304), byte
// ranges (Range -> 206, several ranges as multipart/byteranges, If-Range,
// 416 for a range past the end), HEAD, a configurable Cache-Control
// (`elnode-webserver-cache-control', "no-cache" by default: clients keep the
// file and revalidate it), and streaming with constant memory whatever the
// file's size.
import * as fs from "node:fs";
import type * as Crypto from "node:crypto";
import { lazyModule } from "../runtime/lazy-module.js";
import type { L } from "../index.js";
import type { HttpCon } from "./httpcon.js";
import { logLine, describe } from "./server.js";
import { varValue } from "./kwargs.js";

const nodeCrypto = lazyModule<typeof Crypto>("node:crypto");

/** The ETag of a file: its size and modification time. */
export function fileEtag(st: fs.Stats): string {
  return `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
}

/** An HTTP date (RFC 7231 IMF-fixdate). */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

function cacheControl(): string | null {
  const v: L = varValue("elnode-webserver-cache-control", "no-cache");
  return typeof v === "string" && v !== "" ? v : null;
}

/** Does an If-None-Match header match ETAG (weak comparison, as for GET)? */
function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  for (const part of header.split(",")) {
    if (part.trim().replace(/^W\//, "") === bare) return true;
  }
  return false;
}

/**
 * Is the client's copy current? If-None-Match decides when present;
 * otherwise If-Modified-Since against the modification time (to the second).
 */
export function notModified(con: HttpCon, st: fs.Stats): boolean {
  const inm = con.header("if-none-match");
  if (inm !== null) return etagMatches(inm, fileEtag(st));
  const ims = con.header("if-modified-since");
  if (ims === null) return false;
  const t = Date.parse(ims);
  if (Number.isNaN(t)) return false;
  return Math.floor(st.mtimeMs / 1000) * 1000 <= t;
}

export interface Range {
  start: number;
  end: number; // inclusive
}

/**
 * Parse a Range header for a file of SIZE bytes: the ranges to send, "none"
 * (ignore the header: malformed, another unit, too many ranges) or
 * "unsatisfiable" (416).
 */
export function parseRange(header: string, size: number): Range[] | "none" | "unsatisfiable" {
  const m = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!m) return "none";
  const specs = m[1].split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (specs.length === 0 || specs.length > 16) return "none";
  const out: Range[] = [];
  for (const spec of specs) {
    const r = /^(\d*)\s*-\s*(\d*)$/.exec(spec);
    if (!r || (r[1] === "" && r[2] === "")) return "none";
    let start: number;
    let end: number;
    if (r[1] === "") {
      const n = Number(r[2]);
      if (n === 0) continue;
      start = Math.max(0, size - n);
      end = size - 1;
    } else {
      start = Number(r[1]);
      end = r[2] === "" ? size - 1 : Math.min(Number(r[2]), size - 1);
      if (r[2] !== "" && Number(r[2]) < start) return "none";
    }
    if (!Number.isSafeInteger(start) || start >= size) continue;
    out.push({ start, end });
  }
  if (out.length === 0) return "unsatisfiable";
  // Overlapping or many small ranges are a way to make a server work hard: merge overlaps.
  out.sort((a, b) => a.start - b.start);
  const merged: Range[] = [out[0]];
  for (const r of out.slice(1)) {
    const last = merged[merged.length - 1];
    if (r.start <= last.end + 1) last.end = Math.max(last.end, r.end);
    else merged.push(r);
  }
  return merged;
}

/** If-Range: the Range applies only when the validator still matches. */
function ifRangeHolds(con: HttpCon, st: fs.Stats): boolean {
  const v = con.header("if-range");
  if (v === null) return true;
  if (v.trim().startsWith('"') || v.trim().startsWith("W/")) return v.trim() === fileEtag(st);
  const t = Date.parse(v);
  return !Number.isNaN(t) && Math.floor(st.mtimeMs / 1000) * 1000 <= t;
}

export interface FileResponseOptions {
  contentType: string;
  /** Validators, 304 and ranges (off for files sent with a preamble). */
  conditional?: boolean;
  /** A string sent before the file (elnode-send-file's :preamble). */
  preamble?: string | null;
}

// Files are read in pieces of this size, each written before the next is
// read (waiting for 'drain' when the client is slow): a connection holds at
// most one piece, and a file no larger goes out in one read(2) with no extra
// read to find its end.
const PIECE = 64 * 1024;

/**
 * A file opened for one response. Its descriptor, not its path, is read, so
 * the bytes sent are those of the file whose fstat made the headers. It is
 * closed once, and never while a read on it is pending: the number could be
 * reused by another open, and a late read would then send another file.
 */
export class OpenFile {
  private pending = 0;
  private closeWanted = false;
  private closed = false;
  constructor(readonly fd: number, readonly path: string, readonly st: fs.Stats) {}

  close(): void {
    this.closeWanted = true;
    if (this.pending > 0 || this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }

  private settled(): void {
    this.pending--;
    if (this.closeWanted) this.close();
  }

  /** Bytes START..END (inclusive) in one buffer; an error if the file is shorter now. */
  read(start: number, end: number, cb: (err: Error | null, data: Buffer) => void): void {
    const length = end - start + 1;
    this.pending++;
    fs.read(this.fd, Buffer.allocUnsafe(length), 0, length, start, (err, n, data) => {
      this.settled();
      if (!err && n !== length) err = new Error(`file shrank to ${start + n} bytes while being sent`);
      cb(err, data);
    });
  }
}

// Non-blocking, so that opening a FIFO someone left in a docroot returns at
// once (fstat then shows it is no file) instead of holding a thread forever.
const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;

function fsOpen(file: string): Promise<number> {
  return new Promise((resolve, reject) => fs.open(file, OPEN_FLAGS, (e, fd) => (e ? reject(e) : resolve(fd))));
}

/**
 * Open FILE (a directory opens too: look at `st'); the caller closes it.
 * Only the open (and the reads) go to libuv's thread pool, since they can
 * wait on the disk. fstat of an open descriptor and close of a read-only one
 * do no disk I/O: they run here, saving two thread-pool round trips a file.
 */
export async function openFile(file: string): Promise<OpenFile> {
  const fd = await fsOpen(file);
  try {
    return new OpenFile(fd, file, fs.fstatSync(fd));
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/** openFile for callers that cannot wait (elnode-send-file runs inside a Lisp handler). */
export function openFileSync(file: string): OpenFile {
  const fd = fs.openSync(file, OPEN_FLAGS);
  try {
    return new OpenFile(fd, file, fs.fstatSync(fd));
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/** Write RANGE of FILE to CON's response, piece by piece; DONE when it is all written (the caller finishes). */
function sendBody(con: HttpCon, file: OpenFile, range: Range, done: () => void): void {
  let pos = range.start;
  const next = (): void => {
    if (con.finished || con.res.destroyed) return;
    if (pos > range.end) return done();
    const end = Math.min(range.end, pos + PIECE - 1);
    file.read(pos, end, (err, data) => {
      if (con.finished || con.res.destroyed) return;
      if (err) {
        logLine(`elnode: error reading ${file.path} for ${describe(con)}: ${err.message}`);
        return con.abort();
      }
      pos = end + 1;
      if (con.streamWrite(data)) next();
      else con.res.once("drain", next);
    });
  };
  next();
}

/**
 * Send FILE as the response to CON (status 200, 206, 304 or 416). FILE is
 * closed when the response no longer needs it, whatever happens.
 */
export function sendFileResponse(con: HttpCon, file: OpenFile, opts: FileResponseOptions): void {
  if (con.finished || con.res.destroyed) return file.close();
  con.res.once("close", () => file.close());
  const st = file.st;
  const conditional = opts.conditional !== false && !opts.preamble;
  const validators: string[] = [];
  if (conditional) validators.push("ETag", fileEtag(st), "Last-Modified", httpDate(st.mtimeMs));
  const cc = cacheControl();
  if (cc !== null) validators.push("Cache-Control", cc);
  const method = con.req.method ?? "GET";
  const getLike = method === "GET" || method === "HEAD";
  if (conditional && getLike && notModified(con, st)) {
    file.close();
    con.sendHeadersOnly(304, validators);
    return;
  }
  const head = method === "HEAD";
  const rangeHeader = conditional && method === "GET" ? con.header("range") : null;
  if (rangeHeader !== null && st.size > 0 && ifRangeHolds(con, st)) {
    const ranges = parseRange(rangeHeader, st.size);
    if (ranges === "unsatisfiable") {
      file.close();
      con.held = null;
      con.status = 416;
      con.headers = ["Content-Type", "text/html; charset=utf-8", "Content-Range", `bytes */${st.size}`, ...validators];
      con.started = true;
      con.finish("<html><head><title>416 Range Not Satisfiable</title></head><body><h1>Range Not Satisfiable</h1></body></html>\n");
      return;
    }
    if (ranges !== "none") return sendRanges(con, file, ranges, opts.contentType, validators);
  }
  if (!con.started) con.status = 200;
  con.headers = ["Content-Type", opts.contentType, ...(conditional ? ["Accept-Ranges", "bytes"] : []), ...validators];
  con.started = true;
  const preamble = opts.preamble ? Buffer.from(opts.preamble, "utf8") : null;
  const length = st.size + (preamble ? preamble.length : 0);
  con.streamStart(["Content-Length", String(length)]);
  if (preamble && !head) con.streamWrite(preamble);
  if (head || st.size === 0) {
    file.close();
    con.finish(null);
    return;
  }
  sendBody(con, file, { start: 0, end: st.size - 1 }, () => {
    file.close();
    con.finish(null);
  });
}

function sendRanges(con: HttpCon, file: OpenFile, ranges: Range[], type: string, validators: string[]): void {
  const size = file.st.size;
  con.held = null;
  con.status = 206;
  con.started = true;
  const finish = () => {
    file.close();
    con.finish(null);
  };
  if (ranges.length === 1) {
    const r = ranges[0];
    con.headers = ["Content-Type", type, "Accept-Ranges", "bytes", "Content-Range", `bytes ${r.start}-${r.end}/${size}`, ...validators];
    con.streamStart(["Content-Length", String(r.end - r.start + 1)]);
    sendBody(con, file, r, finish);
    return;
  }
  const boundary = nodeCrypto().randomBytes(12).toString("hex");
  const partHead = (r: Range, first: boolean) =>
    Buffer.from(`${first ? "" : "\r\n"}--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  let length = tail.length;
  ranges.forEach((r, i) => (length += partHead(r, i === 0).length + (r.end - r.start + 1)));
  con.headers = ["Content-Type", `multipart/byteranges; boundary=${boundary}`, "Accept-Ranges", "bytes", ...validators];
  con.streamStart(["Content-Length", String(length)]);
  let i = 0;
  const next = () => {
    if (con.finished || con.res.destroyed) return file.close();
    if (i === ranges.length) {
      con.streamWrite(tail);
      return finish();
    }
    const r = ranges[i];
    con.streamWrite(partHead(r, i === 0));
    i++;
    sendBody(con, file, r, next);
  };
  next();
}

/** The value of a header a client sent in time form, as a Lisp-independent epoch (ms), or null. */
export function parseHttpDate(s: string | null): number | null {
  if (s === null) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}
