// Hostile clients: raw sockets (node:net) against a real `elnode run`
// process, and the checks every test ends with (a clear 4xx/5xx or a closed
// connection, then a normal request that succeeds).
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { start, freePort, waitForPort, ensureBuilt, Proc, root } from "../cli/helpers.js";

export { freePort, root, ensureBuilt };
export const fixtures = path.join(root, "test", "hostile", "fixtures");

export interface Server {
  proc: Proc;
  port: number;
  /** More ports, when the server was asked for several (extraPorts). */
  ports: number[];
  stop(): Promise<void>;
}

/**
 * Start `elnode run` with SETUP (Lisp, evaluated before the files: limits),
 * then FILES, with `test-port` (and `test-port-2`, ...) bound to free ports.
 */
export async function startServer(
  setup: string,
  files: string[] = [path.join(fixtures, "handlers.el")],
  opts: { extraPorts?: number; args?: string[]; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<Server> {
  ensureBuilt();
  const ports = [await freePort()];
  for (let i = 0; i < (opts.extraPorts ?? 0); i++) {
    let p = await freePort();
    while (ports.includes(p)) p = await freePort();
    ports.push(p);
  }
  const bind = ports.map((p, i) => `(defvar test-port${i ? `-${i + 1}` : ""} ${p})`).join(" ");
  const args = ["run", "--eval", `(progn ${bind} (setq elnode-log-access nil) ${setup})`, ...files, ...(opts.args ?? [])];
  const proc = start(args, { env: opts.env, cwd: opts.cwd });
  for (const p of ports) await waitForPort(p, proc);
  return {
    proc,
    port: ports[0],
    ports,
    async stop() {
      if (proc.child.exitCode === null && proc.child.signalCode === null) {
        proc.child.kill("SIGTERM");
        const t = setTimeout(() => proc.child.kill("SIGKILL"), 10000);
        await proc.exited;
        clearTimeout(t);
      }
    },
  };
}

export interface RawResult {
  /** Everything the server sent, as latin1 text. */
  text: string;
  /** The status codes of the responses seen, in order. */
  statuses: number[];
  /** The server closed (or reset) the connection. */
  closed: boolean;
  /** The guard ran out before the server closed. */
  guard: boolean;
}

/**
 * Send PIECES on a fresh connection (a gap of GAP ms between pieces), then
 * optionally half-close; collect what comes back until the server closes, or
 * until the UNTIL predicate holds, or until the guard (not a timing
 * assertion: it only bounds a test that would otherwise hang).
 */
export function raw(
  port: number,
  pieces: string | Buffer | (string | Buffer)[],
  opts: { gap?: number; end?: boolean; until?: (r: RawResult) => boolean; guard?: number } = {},
): Promise<RawResult> {
  const list = Array.isArray(pieces) ? pieces : [pieces];
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const result = (closed: boolean, guard: boolean): RawResult => {
      const text = Buffer.concat(chunks).toString("latin1");
      return { text, statuses: statuses(text), closed, guard };
    };
    const done = (closed: boolean, guard = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(guardTimer);
      resolve(result(closed, guard));
      sock.destroy();
    };
    const guardTimer = setTimeout(() => done(false, true), opts.guard ?? 20000);
    sock.on("data", (c) => {
      chunks.push(c);
      if (opts.until && opts.until(result(false, false))) done(false);
    });
    sock.on("error", () => done(true));
    sock.on("close", () => done(true));
    sock.on("connect", () => {
      let i = 0;
      const next = () => {
        if (settled || sock.destroyed) return;
        if (i < list.length) {
          sock.write(list[i++]);
          if (i < list.length || opts.end) timer = setTimeout(next, opts.gap ?? 0);
        } else if (opts.end) sock.end();
      };
      next();
    });
  });
}

/** Status codes of the HTTP responses in TEXT. */
export function statuses(text: string): number[] {
  return [...text.matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1]));
}

/** The server refused clearly: its (first) answer is a 4xx/5xx, or it closed without one. */
export function refused(r: RawResult): boolean {
  if (r.guard) return false;
  if (r.statuses.length === 0) return r.closed;
  return r.statuses[0] >= 400 && r.statuses[0] < 600;
}

/** One well-formed request on a fresh connection: status and body. */
export async function get(port: number, target = "/", headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  const r = await raw(port, `GET ${target} HTTP/1.1\r\nHost: localhost\r\n${extra}Connection: close\r\n\r\n`);
  const text = r.text;
  const i = text.indexOf("\r\n\r\n");
  const head = i < 0 ? text : text.slice(0, i);
  let body = i < 0 ? "" : text.slice(i + 4);
  if (/\r\ntransfer-encoding: chunked/i.test(head)) body = unchunk(body);
  return { status: r.statuses[0] ?? 0, body: Buffer.from(body, "latin1").toString("utf8") };
}

function unchunk(s: string): string {
  let out = "";
  for (;;) {
    const nl = s.indexOf("\r\n");
    if (nl < 0) return out;
    const n = parseInt(s.slice(0, nl), 16);
    if (!(n > 0)) return out;
    out += s.slice(nl + 2, nl + 2 + n);
    s = s.slice(nl + 2 + n + 2);
  }
}

/** A normal request right after: it must succeed. */
export async function expectHealthy(port: number): Promise<void> {
  const r = await get(port, "/");
  if (r.status !== 200 || r.body !== "ok\n") throw new Error(`server not healthy after the attack: ${r.status} ${JSON.stringify(r.body)}`);
}

export function tempDir(prefix = "elnode-hostile-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Direct child processes of PID whose command name is NAME (Linux /proc). */
export function childrenNamed(pid: number, name: string): number[] {
  const out: number[] = [];
  for (const e of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(rest[1]) === pid && comm === name && rest[0] !== "Z") out.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll COND until true; the bound only ends a hung test (not a timing assertion). */
export async function until(cond: () => boolean | Promise<boolean>, what: string, bound = 20000): Promise<void> {
  const stopAt = Date.now() + bound;
  while (Date.now() < stopAt) {
    if (await cond()) return;
    await sleep(25);
  }
  throw new Error(`never happened: ${what}`);
}
