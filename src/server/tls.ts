// TLS for elnode-start:
//
//   (elnode-start 'handler :port 8443 :tls '(:cert "cert.pem" :key "key.pem"))
//
// The :tls plist names PEM files (relative names are relative to
// default-directory): :cert (the certificate, with its chain) and :key are
// required; :ca (client certificate authorities) and :passphrase (for an
// encrypted key) are optional. The files are read and checked when the
// server starts, so a missing file or a key that does not match its
// certificate is a Lisp error from elnode-start, not a failure at the first
// connection. The server is node:https with the same limits as plain HTTP.
import * as fs from "node:fs";
import type * as http from "node:http";
import type * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import type * as tls from "node:tls";
import { lazyModule } from "../runtime/lazy-module.js";
import { L, NIL, Cons, Sym, UNBOUND, intern, list, signal, wrongType } from "../index.js";

const nodeHttp = lazyModule<typeof http>("node:http");
const nodeHttps = lazyModule<typeof https>("node:https");
const nodeTls = lazyModule<typeof tls>("node:tls");

const KEYS = [":cert", ":key", ":ca", ":passphrase"];

function resolveFile(name: string): string {
  if (name === "~" || name.startsWith("~/")) return path.join(os.homedir(), name.slice(1));
  if (path.isAbsolute(name)) return name;
  const dd = intern("default-directory").value;
  const base = dd !== UNBOUND && typeof dd === "string" ? dd.replace(/^~(?=\/|$)/, os.homedir()) : process.cwd();
  return path.resolve(base, name);
}

/** PEM text: given inline (a string starting with -----BEGIN), or read from a file. */
function pem(what: string, x: L): Buffer {
  if (typeof x !== "string") return wrongType("stringp", x);
  if (x.startsWith("-----BEGIN")) return Buffer.from(x);
  const file = resolveFile(x);
  try {
    return fs.readFileSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === "ENOENT" ? "No such file or directory" : err.code === "EACCES" ? "Permission denied" : err.message;
    return signal(err.code === "ENOENT" ? "file-missing" : "file-error", list(`Cannot read TLS ${what}`, reason, x));
  }
}

/**
 * The https options for the :tls argument of elnode-start, or null for nil.
 * Signals a Lisp error for a malformed plist, an unreadable file, or a
 * certificate and key node cannot use together.
 */
export function tlsOptions(spec: L): https.ServerOptions | null {
  if (spec === NIL) return null;
  if (!(spec instanceof Cons)) return wrongType("listp", spec);
  const given = new Map<string, L>();
  for (let p: L = spec; p instanceof Cons; p = p.cdr instanceof Cons ? p.cdr.cdr : NIL) {
    const k = p.car;
    if (!(k instanceof Sym) || !KEYS.includes(k.name)) {
      signal("error", list(`elnode-start :tls: ${k instanceof Sym ? k.name : "a non-keyword"} is not one of (${KEYS.join(" ")})`));
    }
    given.set(k.name, p.cdr instanceof Cons ? p.cdr.car : NIL);
  }
  const cert = given.get(":cert");
  const key = given.get(":key");
  if (cert === undefined || cert === NIL || key === undefined || key === NIL) {
    signal("error", list("elnode-start :tls needs :cert and :key (PEM files)"));
  }
  const opts: https.ServerOptions = { cert: pem("certificate", cert), key: pem("key", key) };
  const ca = given.get(":ca");
  if (ca !== undefined && ca !== NIL) opts.ca = pem("CA certificate", ca);
  const pass = given.get(":passphrase");
  if (pass !== undefined && pass !== NIL) {
    if (typeof pass !== "string") wrongType("stringp", pass);
    opts.passphrase = pass;
  }
  try {
    nodeTls().createSecureContext(opts);
  } catch (e) {
    signal("error", list(`elnode-start :tls: cannot use the certificate and key: ${(e as Error).message}`));
  }
  return opts;
}

/** An http server, or an https one when TLS options are given; typed as http.Server (its API is the same). */
export function createServer(
  tlsOpts: https.ServerOptions | null,
  options: http.ServerOptions,
  listener: http.RequestListener,
): http.Server {
  if (tlsOpts === null) return nodeHttp().createServer(options, listener);
  // The handshake gets no longer than the headers (a slow or silent client).
  const handshakeTimeout = Math.min(options.headersTimeout ?? 120000, 120000);
  const server = nodeHttps().createServer({ ...options, handshakeTimeout, ...tlsOpts } as https.ServerOptions, listener);
  // A client that fails or stalls the handshake (plain HTTP to the TLS port, a scanner) is closed quietly.
  server.on("tlsClientError", (_err: Error, socket: { destroy(): void }) => socket.destroy());
  return server as unknown as http.Server;
}
