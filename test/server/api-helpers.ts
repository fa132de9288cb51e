// Helpers for the elnode API end-to-end tests: requests with bodies,
// multipart bodies, uploads that may be answered before they are sent.
import * as http from "node:http";
import * as crypto from "node:crypto";
import { Reply } from "./helpers.js";

export interface SendOptions {
  method?: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  agent?: http.Agent | false;
}

/** One request with node:http, with an optional body. */
export function send(port: number, pathname: string, opts: SendOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body, "utf8");
    const headers: http.OutgoingHttpHeaders = { ...(opts.headers ?? {}) };
    if (body !== undefined && headers["content-length"] === undefined && headers["transfer-encoding"] === undefined) {
      headers["content-length"] = String(body.length);
    }
    const req = http.request(
      { host: "127.0.0.1", port, path: pathname, method: opts.method ?? (body ? "POST" : "GET"), headers, agent: opts.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const b = Buffer.concat(chunks);
          resolve({
            status: res.statusCode!,
            statusMessage: res.statusMessage!,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body: b,
            text: b.toString("utf8"),
            localPort: req.socket?.localPort ?? -1,
          });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

export function form(fields: Record<string, string>): { body: string; headers: Record<string, string> } {
  return {
    body: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  };
}

export interface Part {
  name: string;
  value: string | Buffer;
  filename?: string;
  type?: string;
}

/** A multipart/form-data body. */
export function multipart(parts: Part[], boundary = "----elnode" + crypto.randomBytes(8).toString("hex")): {
  body: Buffer;
  headers: Record<string, string>;
  boundary: string;
} {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"`;
    head += "\r\n";
    if (p.type) head += `Content-Type: ${p.type}\r\n`;
    chunks.push(Buffer.from(head + "\r\n", "utf8"), Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value, "utf8"), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, boundary };
}

/**
 * Upload TOTAL bytes (HEAD, then filler, then TAIL) as a request body,
 * chunked or with Content-Length, stopping as soon as the server answers
 * (a server refusing a body answers before it has all of it). Resolves with
 * the status, or with the error if the connection broke before any answer.
 */
export function upload(
  port: number,
  pathname: string,
  o: { head: Buffer; tail: Buffer; total: number; headers: Record<string, string>; chunked?: boolean; expectContinue?: boolean },
): Promise<{ status: number; text: string } | { error: string }> {
  return new Promise((resolve) => {
    const headers: http.OutgoingHttpHeaders = { ...o.headers };
    if (!o.chunked) headers["content-length"] = String(o.total);
    if (o.expectContinue) headers["expect"] = "100-continue";
    const req = http.request({ host: "127.0.0.1", port, path: pathname, method: "POST", headers, agent: false });
    let answered = false;
    let settled = false;
    const settle = (v: { status: number; text: string } | { error: string }) => {
      if (settled) return;
      settled = true;
      resolve(v);
    };
    req.on("response", (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => settle({ status: res.statusCode!, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", () => settle({ status: res.statusCode!, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", (e) => {
      if (!answered) settle({ error: e.message });
    });
    const filler = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      if (answered) return void req.end();
      if (sent === 0) {
        sent += o.head.length;
        if (!req.write(o.head)) return void req.once("drain", pump);
      }
      while (sent < o.total - o.tail.length) {
        if (answered) return void req.end();
        const n = Math.min(filler.length, o.total - o.tail.length - sent);
        sent += n;
        if (!req.write(n === filler.length ? filler : filler.subarray(0, n))) return void req.once("drain", pump);
      }
      req.end(o.tail);
    };
    if (o.expectContinue) req.once("continue", pump);
    else pump();
  });
}
