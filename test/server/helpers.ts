// Shared helpers for the server end-to-end tests: a runtime with elnode
// installed, free ports, and a plain node:http client.
import { beforeAll, afterAll } from "vitest";
import * as http from "node:http";
import * as net from "node:net";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Lisp, L, NIL, UNBOUND, intern, LispSignal, errorMessageString } from "../../src/index.js";
import { installElnode, stopAll } from "../../src/server/index.js";

/** The original elnode README (2010), whose examples must run verbatim. */
export const SEED = fs.readFileSync(path.join(__dirname, "..", "fixtures", "elnode-README-2010.txt"), "utf8");

/** The seed README's text from START up to (not including) END: snippets are copied from it, not retyped. */
export function seedText(start: string, endBefore: string): string {
  const i = SEED.indexOf(start);
  if (i < 0) throw new Error(`snippet not in the seed README: ${start}`);
  const j = SEED.indexOf(endBefore, i + start.length);
  if (j < 0) throw new Error(`end of snippet not found: ${endBefore}`);
  return SEED.slice(i, j).trim();
}

let lisp: Lisp | null = null;

/** The runtime with elnode installed and the access log off. */
export function elnode(): Lisp {
  if (!lisp) {
    lisp = new Lisp();
    installElnode(lisp);
  }
  intern("elnode-log-access").value = NIL;
  return lisp;
}

/** Evaluate TEXT; a Lisp error becomes a JS Error with Emacs's message, for readable test failures. */
export function run(text: string, lexical = false): L {
  try {
    return elnode().evalString(text, { lexical });
  } catch (e) {
    if (e instanceof LispSignal) {
      const err = new Error(`Lisp error: ${errorMessageString(e.errorObject)}`);
      (err as any).signal = e;
      throw err;
    }
    throw e;
  }
}

/** The value of the Lisp variable NAME once something (a handler) has set it. */
export async function valueWhenSet(name: string): Promise<L> {
  const sym = intern(name);
  await until(() => sym.value !== UNBOUND && sym.value !== NIL);
  return sym.value as L;
}

export function stopServers(): void {
  stopAll();
}

/** A port nothing listens on right now (bound on port 0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Reply {
  status: number;
  statusMessage: string;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  text: string;
  localPort: number;
}

/** One request with node:http; PATH is sent exactly as given. */
export function request(
  port: number,
  pathname: string,
  opts: { method?: string; headers?: Record<string, string>; agent?: http.Agent | false } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, path: pathname, method: opts.method ?? "GET", headers: opts.headers, agent: opts.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode!,
            statusMessage: res.statusMessage!,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body,
            text: body.toString("utf8"),
            localPort: req.socket?.localPort ?? -1,
          });
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** Send RAW bytes on a fresh socket and collect everything until the server closes or TIMEOUT-free end. */
export function rawExchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    sock.on("data", (c) => chunks.push(c));
    sock.on("error", reject);
    sock.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    sock.write(raw);
  });
}

export function tempDir(prefix = "elnode-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * The usual frame of a test file: the elnode runtime and a temporary directory before its tests,
 * servers stopped and the directory removed after. The directory's path is set once the tests run.
 */
export function serverSuiteWithTempDir(): { path: string } {
  const dir = { path: "" };
  beforeAll(() => {
    elnode();
    dir.path = tempDir();
  });
  afterAll(() => {
    stopServers();
    fs.rmSync(dir.path, { recursive: true, force: true });
  });
  return dir;
}

/** Wait until COND holds, checking every few milliseconds (the test's own timeout bounds it). */
export async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 10));
}

/** Is there a live process with this pid? */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Capture what is written to standard error while FN runs (and its async tail, until the returned promise settles). */
export async function captureStderr<T>(
  fn: () => Promise<T>,
  onText?: (textSoFar: string) => void,
): Promise<{ value: T; stderr: string }> {
  const orig = process.stderr.write.bind(process.stderr);
  let text = "";
  (process.stderr as any).write = (chunk: any, ...rest: any[]) => {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    onText?.(text);
    return orig(chunk, ...rest);
  };
  try {
    const value = await fn();
    return { value, stderr: text };
  } finally {
    (process.stderr as any).write = orig;
  }
}
