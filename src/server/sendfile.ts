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

/** Stream FILE (or RANGE of it) to CON's response; DONE when it is all written. */
function streamBody(con: HttpCon, file: string, range: Range | null, done: () => void): void {
  const stream = fs.createReadStream(file, range ? { start: range.start, end: range.end } : {});
  con.res.once("close", () => stream.destroy());
  con.pump(stream, (err) => {
    if (!err) done();
    else {
      logLine(`elnode: error reading ${file} for ${describe(con)}: ${err.message}`);
      con.abort();
    }
  });
}

/** Send FILE as the response to CON (status 200, 206, 304 or 416). */
export function sendFileResponse(con: HttpCon, file: string, st: fs.Stats, opts: FileResponseOptions): void {
  if (con.finished || con.res.destroyed) return;
  const conditional = opts.conditional !== false && !opts.preamble;
  const validators: string[] = [];
  if (conditional) validators.push("ETag", fileEtag(st), "Last-Modified", httpDate(st.mtimeMs));
  const cc = cacheControl();
  if (cc !== null) validators.push("Cache-Control", cc);
  const method = con.req.method ?? "GET";
  const getLike = method === "GET" || method === "HEAD";
  if (conditional && getLike && notModified(con, st)) {
    con.sendHeadersOnly(304, validators);
    return;
  }
  const head = method === "HEAD";
  const rangeHeader = conditional && method === "GET" ? con.header("range") : null;
  if (rangeHeader !== null && st.size > 0 && ifRangeHolds(con, st)) {
    const ranges = parseRange(rangeHeader, st.size);
    if (ranges === "unsatisfiable") {
      con.held = null;
      con.status = 416;
      con.headers = ["Content-Type", "text/html; charset=utf-8", "Content-Range", `bytes */${st.size}`, ...validators];
      con.started = true;
      con.finish("<html><head><title>416 Range Not Satisfiable</title></head><body><h1>Range Not Satisfiable</h1></body></html>\n");
      return;
    }
    if (ranges !== "none") return sendRanges(con, file, st, ranges, opts.contentType, validators);
  }
  if (!con.started) con.status = 200;
  con.headers = ["Content-Type", opts.contentType, ...(conditional ? ["Accept-Ranges", "bytes"] : []), ...validators];
  con.started = true;
  const preamble = opts.preamble ? Buffer.from(opts.preamble, "utf8") : null;
  const length = st.size + (preamble ? preamble.length : 0);
  con.streamStart(["Content-Length", String(length)]);
  if (head || length === 0) {
    con.finish(null);
    return;
  }
  if (preamble) con.streamWrite(preamble);
  if (st.size === 0) {
    con.finish(null);
    return;
  }
  streamBody(con, file, null, () => con.finish(null));
}

function sendRanges(con: HttpCon, file: string, st: fs.Stats, ranges: Range[], type: string, validators: string[]): void {
  con.held = null;
  con.status = 206;
  con.started = true;
  if (ranges.length === 1) {
    const r = ranges[0];
    con.headers = [
      "Content-Type", type, "Accept-Ranges", "bytes", "Content-Range", `bytes ${r.start}-${r.end}/${st.size}`, ...validators,
    ];
    con.streamStart(["Content-Length", String(r.end - r.start + 1)]);
    streamBody(con, file, r, () => con.finish(null));
    return;
  }
  const boundary = nodeCrypto().randomBytes(12).toString("hex");
  const partHead = (r: Range, first: boolean) =>
    Buffer.from(`${first ? "" : "\r\n"}--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${r.start}-${r.end}/${st.size}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  let length = tail.length;
  ranges.forEach((r, i) => (length += partHead(r, i === 0).length + (r.end - r.start + 1)));
  con.headers = ["Content-Type", `multipart/byteranges; boundary=${boundary}`, "Accept-Ranges", "bytes", ...validators];
  con.streamStart(["Content-Length", String(length)]);
  let i = 0;
  const next = () => {
    if (con.finished || con.res.destroyed) return;
    if (i === ranges.length) {
      con.streamWrite(tail);
      con.finish(null);
      return;
    }
    const r = ranges[i];
    con.streamWrite(partHead(r, i === 0));
    i++;
    streamBody(con, file, r, next);
  };
  next();
}

/** The value of a header a client sent in time form, as a Lisp-independent epoch (ms), or null. */
export function parseHttpDate(s: string | null): number | null {
  if (s === null) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}
