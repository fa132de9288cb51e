// elnode-webserver-handler-maker: a handler serving the files under a docroot.
//
// Nothing outside the docroot is ever served. The path is taken segment by
// segment from the request target as sent (or from group 1 of a dispatcher
// key, when the key has one); each segment is %-decoded on its own and
// refused (403) when it is "." or "..", or holds "/" (an encoded %2f), "\\"
// or NUL. The file found is then resolved with realpath, and refused (403)
// unless it lies under the docroot's own real path, so symlinks cannot lead
// out. Missing files are 404.
import * as fsp from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import type * as MimeTypes from "mime-types";
import { L, NIL, Cons, Subr, UNBOUND, intern, symbolValue, wrongType } from "../index.js";
import { HttpCon, urlDecode } from "./httpcon.js";
import { lazyModule } from "../runtime/lazy-module.js";

const mimeTypes = lazyModule<typeof MimeTypes>("mime-types");
import { handlerFailed } from "./server.js";
import { sendFileResponse, openFile, OpenFile } from "./sendfile.js";

export const docrootSym = intern("elnode-webserver-docroot");
export const extraMimeSym = intern("elnode-webserver-extra-mimetypes");
export const DEFAULT_DOCROOT = "~/public_html";

/** `~` and `~/...` expanded, then made absolute against the working directory. */
export function expandDocroot(dir: string): string {
  if (dir === "~" || dir.startsWith("~/")) dir = path.join(os.homedir(), dir.slice(1));
  return path.resolve(dir);
}

/** The Content-Type for FILE: EXTRA (extension -> type) first, then the mime-types database. */
export function contentTypeFor(file: string, extra: Map<string, string> | null): string {
  const ext = path.extname(file).slice(1).toLowerCase();
  const e = ext && extra ? extra.get(ext) : undefined;
  if (e) return e;
  return (ext && mimeTypes().contentType(ext)) || "application/octet-stream";
}

/** Extra types: an alist of (TYPE . EXTENSION) as in elnode's defcustom, or (EXTENSION . TYPE). */
export function parseExtraMime(x: L): Map<string, string> {
  const m = new Map<string, string>();
  for (let a = x; a instanceof Cons; a = a.cdr) {
    const e = a.car;
    if (!(e instanceof Cons) || typeof e.car !== "string" || typeof e.cdr !== "string") continue;
    const [type, ext] = e.car.includes("/") ? [e.car, e.cdr] : [e.cdr, e.car];
    m.set(ext.replace(/^\./, "").toLowerCase(), type);
  }
  return m;
}

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => escapes[c]);
}

class Refused {
  constructor(readonly status: 403 | 404) {}
}

/** The decoded path segments of the request, relative to the docroot; throws Refused. */
function requestSegments(con: HttpCon): string[] {
  const m = con.mapping;
  const fromMapping = m !== null && m.length > 1 && typeof m[1] === "string";
  const parts = fromMapping ? (m![1] as string).split("/") : con.rawPath().split("/");
  const out: string[] = [];
  for (const raw of parts) {
    if (raw === "") continue;
    const seg = fromMapping ? raw : urlDecode(raw, false);
    if (seg === "." || seg === ".." || /[/\\\0]/.test(seg)) throw new Refused(403);
    out.push(seg);
  }
  return out;
}

function within(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function errnoStatus(e: unknown): 403 | 404 | null {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP" || code === "ENAMETOOLONG") return 404;
  if (code === "EACCES" || code === "EPERM") return 403;
  return null;
}

/** A short HTML page for STATUS; MESSAGE (escaped) becomes a paragraph under the title. */
export function sendStatusPage(con: HttpCon, status: number, title: string, message?: string | null): void {
  const p = message ? `<p>${htmlEscape(message)}</p>` : "";
  con.sendSimple(status, `<html><head><title>${status} ${title}</title></head><body><h1>${title}</h1>${p}</body></html>\n`);
}

class Webserver {
  private realRoot: string | null = null;
  constructor(readonly docroot: string, readonly extraMime: Map<string, string>) {}

  private async root(): Promise<string> {
    if (this.realRoot === null) this.realRoot = await fsp.realpath(this.docroot);
    return this.realRoot;
  }

  contentType(file: string): string {
    return contentTypeFor(file, this.extraMime);
  }

  async serve(con: HttpCon): Promise<void> {
    let segments: string[];
    let root: string;
    try {
      segments = requestSegments(con);
      root = await this.root();
    } catch (e) {
      if (e instanceof Refused) return void sendStatusPage(con, e.status, e.status === 403 ? "Forbidden" : "Not Found");
      if (errnoStatus(e)) return void sendStatusPage(con, 404, "Not Found");
      throw e;
    }
    const target = path.join(root, ...segments);
    if (!within(root, target)) return void sendStatusPage(con, 403, "Forbidden");
    let file: OpenFile;
    try {
      const real = await fsp.realpath(target);
      if (!within(root, real)) return void sendStatusPage(con, 403, "Forbidden");
      file = await openFile(real);
    } catch (e) {
      const s = errnoStatus(e);
      if (s) return void sendStatusPage(con, s, s === 403 ? "Forbidden" : "Not Found");
      throw e;
    }
    if (file.st.isFile()) return this.sendFile(con, file);
    file.close();
    if (file.st.isDirectory()) return this.serveDirectory(con, root, file.path);
    sendStatusPage(con, 403, "Forbidden");
  }

  private async serveDirectory(con: HttpCon, root: string, dir: string): Promise<void> {
    const raw = con.rawPath();
    if (!raw.endsWith("/")) {
      // Relative links in the page need the trailing slash.
      const q = con.query();
      const location = raw + "/" + (q === null ? "" : "?" + q);
      con.status = 301;
      con.headers = ["Location", location, "Content-Type", "text/html; charset=utf-8"];
      con.started = true;
      con.finish(`<html><body><a href="${htmlEscape(location)}">Moved</a></body></html>\n`);
      return;
    }
    let index: OpenFile | null = null;
    try {
      const real = await fsp.realpath(path.join(dir, "index.html"));
      // An index.html leading out of the docroot is refused, not replaced by a listing.
      if (!within(root, real)) return void sendStatusPage(con, 403, "Forbidden");
      index = await openFile(real);
    } catch (e) {
      if (!errnoStatus(e)) throw e;
    }
    if (index !== null) {
      if (index.st.isFile()) return this.sendFile(con, index);
      index.close();
      return void sendStatusPage(con, 403, "Forbidden");
    }
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const title = htmlEscape(con.pathinfo());
    const items = entries.map((e) => {
      const name = e.name + (e.isDirectory() ? "/" : "");
      return `<li><a href="${htmlEscape(encodeURIComponent(e.name) + (e.isDirectory() ? "/" : ""))}">${htmlEscape(name)}</a></li>`;
    });
    const body =
      `<html><head><title>${title}</title></head><body><h1>${title}</h1>\n<ul>\n` +
      (con.pathinfo() === "/" ? "" : `<li><a href="../">../</a></li>\n`) +
      items.join("\n") +
      `\n</ul></body></html>\n`;
    con.status = 200;
    con.headers = ["Content-Type", "text/html; charset=utf-8"];
    con.started = true;
    con.finish(body);
  }

  private sendFile(con: HttpCon, file: OpenFile): void {
    sendFileResponse(con, file, { contentType: this.contentType(file.path) });
  }
}

/** elnode-webserver-handler-maker: a builtin that serves DOCROOT (default elnode-webserver-docroot). */
export function makeWebserverHandler(docroot: L, extraMime: L): Subr {
  let dir: L = docroot;
  if (dir === NIL) dir = docrootSym.value === UNBOUND || docrootSym.value === NIL ? DEFAULT_DOCROOT : symbolValue(docrootSym);
  if (typeof dir !== "string") wrongType("stringp", dir);
  let extra: L = extraMime;
  if (extra === NIL && extraMimeSym.value !== UNBOUND) extra = symbolValue(extraMimeSym);
  const ws = new Webserver(expandDocroot(dir), parseExtraMime(extra));
  return new Subr(
    "elnode-webserver",
    1,
    1,
    (con: L) => {
      if (!(con instanceof HttpCon)) wrongType("processp", con);
      ws.serve(con).catch((e) => handlerFailed(con, e));
      return NIL;
    },
    `Serve the files under ${ws.docroot}.`,
  );
}
