// Driving the real `elnode` command as a child process.
import { spawn, spawnSync, ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** ELNODE_TEST_ROOT runs the tests against another build of the package (a copy with its own dist/). */
const testRoot = process.env.ELNODE_TEST_ROOT;
export const bin = path.join(testRoot ?? root, "bin", "elnode");
export const fixtures = path.join(root, "test", "fixtures");

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestMtime(p));
    else if (e.name.endsWith(".ts")) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Build dist/ (tsc, then the bundle bin/elnode runs) when the bundle is missing or older than src/
 * (CI builds before testing; this covers a bare `vitest`).
 */
export function ensureBuilt(): void {
  if (testRoot) return;
  const bundle = path.join(root, "dist", "cli", "elnode.cjs");
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestMtime(path.join(root, "src"))) return;
  spawnSync(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", root], {
    stdio: "inherit",
  });
  spawnSync(process.execPath, [path.join(root, "scripts", "bundle.mjs")], { stdio: "inherit" });
}

export interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when the output (stdout, or both) matches RE. */
  waitFor(re: RegExp, stream?: "stdout" | "stderr" | "both"): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  write(text: string): void;
}

const started = new Set<ChildProcess>();

/** Kill what start() started and is still running (after a failed test: nothing is left behind). */
export function killStarted(): void {
  for (const c of started) c.kill("SIGKILL");
  started.clear();
}

/** Start `elnode ARGS` with piped standard streams. */
export function start(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Proc {
  const child = spawn(process.execPath, ["--stack-size=4000", bin, ...args], {
    cwd: opts.cwd ?? root,
    env: { ...process.env, ...opts.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  started.add(child);
  child.on("exit", () => started.delete(child));
  let out = "";
  let err = "";
  const waiters: { re: RegExp; stream: string; resolve: (s: string) => void }[] = [];
  const check = () => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i];
      const text = w.stream === "stdout" ? out : w.stream === "stderr" ? err : out + "\n" + err;
      const m = w.re.exec(text);
      if (m) {
        waiters.splice(i, 1);
        w.resolve(m[0]);
      }
    }
  };
  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  child.stdout!.on("data", (d: string) => {
    out += d;
    check();
  });
  child.stderr!.on("data", (d: string) => {
    err += d;
    check();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor(re, stream = "stdout") {
      return new Promise<string>((resolve, reject) => {
        waiters.push({ re, stream, resolve });
        check();
        exited.then(({ code, signal }) => {
          // Let the last output arrive before giving up.
          setTimeout(() => {
            check();
            if (waiters.some((w) => w.resolve === resolve)) {
              reject(new Error(`exited (${code ?? signal}) before ${re}:\nstdout: ${out}\nstderr: ${err}`));
            }
          }, 50);
        });
      });
    },
    exited,
    write(text: string) {
      child.stdin!.write(text);
    },
  };
}

/** Run `elnode ARGS` to completion. */
export function runSync(args: string[], input?: string, opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, ["--stack-size=4000", bin, ...args], {
    cwd: opts.cwd ?? root,
    env: { ...process.env, ...opts.env },
    input,
    encoding: "utf8",
    timeout: 60000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** Whether PORT on 127.0.0.1 can be bound (nobody serves it). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/** Whether something accepts connections on PORT. */
export function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    sock.once("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.once("error", () => resolve(false));
  });
}

/** Wait until PORT accepts connections (or the process exits). */
export async function waitForPort(port: number, proc?: Proc): Promise<void> {
  let dead = false;
  proc?.exited.then(() => (dead = true));
  for (let i = 0; i < 600; i++) {
    if (await portAccepts(port)) return;
    if (dead) throw new Error(`process exited before port ${port} opened:\n${proc?.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} never opened`);
}

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  reusedSocket: boolean;
}

export function get(port: number, urlPath = "/", opts: { agent?: http.Agent; headers?: http.OutgoingHttpHeaders } = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: "127.0.0.1", port, path: urlPath, agent: opts.agent ?? false, headers: opts.headers },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body, reusedSocket: req.reusedSocket }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    // Not a timing assertion: a hung response fails the test with a message instead of a test timeout.
    req.setTimeout(20000, () => req.destroy(new Error(`no response from port ${port} ${urlPath}`)));
  });
}

/** Direct child processes of PID (Linux). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(rest[1]) === pid) out.push(Number(e));
    } catch {
      /* gone */
    }
  }
  return out;
}

export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
    return state !== "Z";
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll COND until true (a condition, not a timing: the limit only ends a hung test). */
export async function until(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await cond()) return;
    await sleep(20);
  }
  throw new Error(`never happened: ${what}`);
}
