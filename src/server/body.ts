// Request bodies, read before the handler runs (handlers are synchronous
// Lisp, so the body must be there when they ask for it).
//
// The request path: a request without a body calls the handler at once; one
// with a body is read asynchronously first, never past
// `elnode-max-body-size' bytes (10 MB by default: past it the answer is
// 413 and the handler is not called), then:
//   application/x-www-form-urlencoded  parsed into parameters;
//   multipart/form-data                parsed by busboy: fields as
//                                      parameters, file parts held in memory
//                                      up to 64 KB, past that streamed to a
//                                      temporary file (removed when the
//                                      response ends);
//   application/json, */*+json         checked: invalid JSON is a 400 and
//                                      the handler is not called;
//   anything else                      kept as the raw body.
// A handler symbol with a non-nil `elnode-raw-body' property (or the
// variable `elnode-raw-body' non-nil) gets every body unparsed and
// unchecked: `elnode-http-body' returns it, `elnode-http-json' parses it
// when called (signalling on bad JSON).
//
// After a 413 the rest of the body is read and thrown away (so that the
// client, still sending, reads the answer instead of a reset), up to four
// times the limit; past that the connection is closed.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type busboy from "busboy";
import { L, NIL, Sym, Cons, LispFloat, arrayToList, funcall, intern } from "../index.js";
import { HttpCon, parseQuery } from "./httpcon.js";
import { lazyModule } from "../runtime/lazy-module.js";

const makeBusboy = lazyModule<typeof busboy>("busboy");
import { varValue } from "./kwargs.js";
import { sendStatusPage } from "./files.js";

export const DEFAULT_MAX_BODY = 10 * 1024 * 1024;
export const DEFAULT_MAX_PARAMS = 1000;
/** File parts up to this size stay in memory; larger ones go to a temporary file. */
export const UPLOAD_MEMORY_LIMIT = 64 * 1024;

export interface UploadedFile {
  field: string;
  filename: string;
  mimeType: string;
  size: number;
  /** The content when held in memory. */
  data: Buffer | null;
  /** The temporary file holding the content, when streamed (or asked for). */
  path: string | null;
}

export type FieldValue = string | UploadedFile;

const fatalUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Bytes as a Lisp string: UTF-8 when they are, else one character per byte (as raw bytes). */
export function bytesToString(b: Buffer): string {
  try {
    return fatalUtf8.decode(b);
  } catch {
    return b.toString("latin1");
  }
}

export class RequestBody {
  /** The body's bytes (null for multipart, which is never held whole). */
  raw: Buffer | null = null;
  /** Parameters from the body, in order. */
  fields: [string, FieldValue][] = [];
  /** The body's text when it is JSON checked to be valid. */
  jsonText: string | null = null;
  tmpDir: string | null = null;
  private alist: L | undefined;

  constructor(readonly kind: "form" | "multipart" | "json" | "other", readonly contentType: string) {}

  /** The fields as an alist of (NAME . STRING); file contents are read from disk here. */
  fieldAlist(): L {
    if (this.alist === undefined) {
      this.alist = arrayToList(this.fields.map(([n, v]) => new Cons(n, typeof v === "string" ? v : fileString(v))));
    }
    return this.alist;
  }

  file(name: string): UploadedFile | null {
    for (const [n, v] of this.fields) if (n === name && typeof v !== "string") return v;
    return null;
  }

  /** A temporary directory for this request's uploads (made when first needed). */
  tempDir(): string {
    if (this.tmpDir === null) {
      const base = varValue("elnode-http-upload-directory");
      this.tmpDir = fs.mkdtempSync(path.join(typeof base === "string" ? base : os.tmpdir(), "elnode-upload-"));
    }
    return this.tmpDir;
  }

  /** The path of a file holding upload F (written out now if it was held in memory). */
  filePath(f: UploadedFile): string {
    if (f.path === null) {
      const p = path.join(this.tempDir(), `part-${this.fields.findIndex(([, v]) => v === f)}`);
      fs.writeFileSync(p, f.data ?? Buffer.alloc(0));
      f.path = p;
    }
    return f.path;
  }

  cleanup(): void {
    const d = this.tmpDir;
    if (d !== null) {
      this.tmpDir = null;
      fs.rm(d, { recursive: true, force: true }, () => {});
    }
  }
}

function fileString(f: UploadedFile): string {
  if (f.data !== null) return bytesToString(f.data);
  if (f.path !== null) return bytesToString(fs.readFileSync(f.path));
  return "";
}

/** A size or count limit from variable NAME: nil or 0 is no limit, a non-number the default. */
function intVar(name: string, dflt: number): number {
  const v = varValue(name, dflt);
  const n = typeof v === "number" ? v : v instanceof LispFloat ? v.value : v === NIL ? 0 : dflt;
  return n > 0 ? n : Infinity;
}

/** elnode-max-body-size (limits.ts defines it; 10 MB). */
export function maxBodySize(): number {
  return intVar("elnode-max-body-size", DEFAULT_MAX_BODY);
}

export function maxParams(): number {
  return intVar("elnode-http-max-params", DEFAULT_MAX_PARAMS);
}

/** Does the request carry a body? */
export function hasBody(con: HttpCon): boolean {
  const h = con.req.headers;
  if (h["transfer-encoding"] !== undefined) return true;
  const cl = h["content-length"];
  return cl !== undefined && cl !== "0";
}

/** How many parameters a query or form string holds, counting no further than LIMIT + 1. */
export function countParams(q: string, limit: number): number {
  let n = 0;
  let start = 0;
  for (let i = 0; i <= q.length; i++) {
    if (i === q.length || q.charCodeAt(i) === 38 /* & */) {
      if (i > start) n++;
      if (n > limit) return n;
      start = i + 1;
    }
  }
  return n;
}

const rawBodyProp = intern("elnode-raw-body");

/** Does HANDLER want its bodies raw (the `elnode-raw-body' property, or the variable)? */
export function wantsRawBody(handler: L): boolean {
  if (varValue("elnode-raw-body") !== NIL) return true;
  return handler instanceof Sym && handler !== NIL && funcall(intern("get"), [handler, rawBodyProp]) !== NIL;
}

function classify(contentType: string): "form" | "multipart" | "json" | "other" {
  const t = contentType.split(";")[0].trim().toLowerCase();
  if (t === "application/x-www-form-urlencoded") return "form";
  if (t === "multipart/form-data") return "multipart";
  if (t === "application/json" || t === "text/json" || t.endsWith("+json")) return "json";
  return "other";
}

/** Answer the request with STATUS and a short page saying why; the handler is not called. */
export function reject(con: HttpCon, status: number, why: string): void {
  const titles: Record<number, string> = {
    400: "Bad Request", 413: "Payload Too Large", 414: "URI Too Long", 415: "Unsupported Media Type",
  };
  sendStatusPage(con, status, titles[status] ?? "Bad Request", why);
}

/** After a rejection: read and drop what the client still sends, then close if it sends too much. */
function discardRest(con: HttpCon, allowance: number): void {
  const req = con.req;
  let dropped = 0;
  req.removeAllListeners("data");
  req.on("data", (c: Buffer) => {
    dropped += c.length;
    if (dropped > allowance) req.socket.destroy();
  });
  req.resume();
}

/**
 * Read CON's body, then resolve true (the handler may run) or false (the
 * request was answered already, or the client went away).
 */
export function readBody(con: HttpCon, raw: boolean): Promise<boolean> {
  const req = con.req;
  const max = maxBodySize();
  const contentType = req.headers["content-type"] ?? "";
  const kind = raw ? "other" : classify(contentType);
  const body = new RequestBody(kind, contentType);
  con.body = body;
  con.res.once("close", () => body.cleanup());
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > max) {
    reject(con, 413, `The request body (${declared} bytes) is larger than this server accepts (${max} bytes).`);
    discardRest(con, Math.max(max * 4, 1 << 20));
    return Promise.resolve(false);
  }
  return kind === "multipart" ? readMultipart(con, body, max) : readWhole(con, body, max);
}

function readWhole(con: HttpCon, body: RequestBody, max: number): Promise<boolean> {
  const req = con.req;
  return new Promise<boolean>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      resolve(ok);
    };
    req.on("data", (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > max) {
        reject(con, 413, `The request body is larger than this server accepts (${max} bytes).`);
        discardRest(con, Math.max(max * 4, 1 << 20));
        finish(false);
        return;
      }
      chunks.push(c);
    });
    req.once("end", () => {
      if (done) return;
      const buf = Buffer.concat(chunks, size);
      body.raw = buf;
      const problem = parseBuffered(body, buf);
      if (problem) {
        reject(con, problem.status, problem.message);
        finish(false);
      } else finish(true);
    });
    req.once("close", () => finish(false));
    req.once("error", () => finish(false));
  });
}

/** Parse a urlencoded or JSON body; a problem to answer, or null. */
function parseBuffered(body: RequestBody, buf: Buffer): { status: number; message: string } | null {
  if (body.kind === "form") {
    const text = buf.toString("utf8");
    const limit = maxParams();
    if (countParams(text, limit) > limit) {
      return { status: 413, message: `The form has more than ${limit} parameters.` };
    }
    for (let a = parseQuery(text); a instanceof Cons; a = a.cdr) {
      const e = a.car as Cons;
      body.fields.push([e.car as string, e.cdr === NIL ? "" : (e.cdr as string)]);
    }
  } else if (body.kind === "json") {
    const text = buf.toString("utf8");
    if (text.trim() === "") return null;
    try {
      JSON.parse(text);
    } catch (e) {
      return { status: 400, message: `The request body is not valid JSON: ${(e as Error).message}` };
    }
    body.jsonText = text;
  }
  return null;
}

function readMultipart(con: HttpCon, body: RequestBody, max: number): Promise<boolean> {
  const req = con.req;
  return new Promise<boolean>((resolve) => {
    let done = false;
    const openFiles = new Set<fs.WriteStream>();
    const pending: Promise<void>[] = [];
    const limit = maxParams();
    let bb: busboy.Busboy;
    const fail = (status: number, message: string) => {
      if (done) return;
      done = true;
      for (const w of openFiles) w.destroy();
      reject(con, status, message);
      discardRest(con, Math.max(max * 4, 1 << 20));
      body.cleanup();
      resolve(false);
    };
    try {
      bb = makeBusboy()({
        headers: req.headers,
        defParamCharset: "utf8",
        limits: { fieldNameSize: 1024, fieldSize: max, fields: limit, files: limit, parts: limit, headerPairs: 100 },
      });
    } catch (e) {
      fail(400, `Malformed multipart request: ${(e as Error).message}`);
      return;
    }
    bb.on("field", (name, value) => {
      if (!done) body.fields.push([name, value]);
    });
    bb.on("file", (name, stream, info) => {
      if (done) return void stream.resume();
      const f: UploadedFile = { field: name, filename: info.filename ?? "", mimeType: info.mimeType, size: 0, data: null, path: null };
      body.fields.push([name, f]);
      const index = body.fields.length - 1;
      const chunks: Buffer[] = [];
      let out: fs.WriteStream | null = null;
      const part = new Promise<void>((partDone, partFailed) => {
      stream.on("data", (c: Buffer) => {
        if (done) return;
        f.size += c.length;
        if (out === null && f.size <= UPLOAD_MEMORY_LIMIT) {
          chunks.push(c);
          return;
        }
        if (out === null) {
          try {
            f.path = path.join(body.tempDir(), `part-${index}`);
          } catch (e) {
            partFailed(e);
            return;
          }
          out = fs.createWriteStream(f.path);
          openFiles.add(out);
          out.on("error", partFailed);
          for (const b of chunks) out.write(b);
          chunks.length = 0;
        }
        if (!out.write(c)) {
          stream.pause();
          out.once("drain", () => stream.resume());
        }
      });
      stream.once("end", () => {
        if (out === null) {
          f.data = Buffer.concat(chunks, f.size);
          partDone();
        } else {
          const w = out;
          w.end(() => {
            openFiles.delete(w);
            partDone();
          });
        }
      });
      stream.once("error", partFailed);
      });
      part.catch(() => {}); // awaited on close; a failure after the request failed is of no interest
      pending.push(part);
    });
    const tooMany = () => fail(413, `The form has more than ${limit} parts.`);
    bb.on("partsLimit", tooMany);
    bb.on("filesLimit", tooMany);
    bb.on("fieldsLimit", tooMany);
    bb.on("error", (e) => fail(400, `Malformed multipart body: ${(e as Error)?.message ?? String(e)}`));
    bb.on("close", () => {
      if (done) return;
      Promise.all(pending).then(() => {
        if (done) return;
        done = true;
        resolve(true);
      }, (e) => fail(500, `Cannot store the upload: ${(e as Error).message}`));
    });
    let size = 0;
    req.on("data", (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > max) {
        fail(413, `The request body is larger than this server accepts (${max} bytes).`);
        return;
      }
      if (!bb.write(c)) {
        req.pause();
        bb.once("drain", () => req.resume());
      }
    });
    req.once("end", () => {
      if (!done) bb.end();
    });
    req.once("close", () => {
      if (!done && !req.complete) {
        done = true;
        for (const w of openFiles) w.destroy();
        body.cleanup();
        resolve(false);
      }
    });
  });
}

/** elnode-http-body: the raw body as a string, or nil (multipart bodies are not kept whole). */
export function rawBodyString(con: HttpCon): L {
  const b = con.body;
  if (b === null || b.raw === null) return NIL;
  return bytesToString(b.raw);
}

/** elnode-http-json: the body read by json-read-from-string (with the caller's json-* settings), or nil. */
export function bodyJson(con: HttpCon): L {
  const b = con.body;
  if (b === null) return NIL;
  const text = b.jsonText ?? (b.raw !== null ? bytesToString(b.raw) : null);
  if (text === null || text.trim() === "") return NIL;
  return funcall(intern("json-read-from-string"), [text]);
}
