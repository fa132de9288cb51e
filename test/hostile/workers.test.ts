// elnode run --workers N: workers share the port, a worker killed in the
// middle of a request is replaced while the others keep answering, and
// SIGTERM or Ctrl-C (SIGINT to the whole process group) drain every worker.
import { spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startServer, get, raw, expectHealthy, until, fixtures, freePort, root, ensureBuilt, Server } from "./helpers.js";
import { runSync, waitForPort } from "../cli/helpers.js";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Worker pids seen answering /pid on fresh connections, until N distinct ones (bounded). */
async function workerPids(port: number, n: number, exclude: number[] = []): Promise<Set<number>> {
  const seen = new Set<number>();
  await until(async () => {
    const r = await get(port, "/pid");
    if (r.status === 200) {
      const pid = Number(r.body.trim());
      if (!exclude.includes(pid)) seen.add(pid);
    }
    return seen.size >= n;
  }, `${n} workers answering`, 60000);
  return seen;
}

describe("elnode run --workers 2", () => {
  let s: Server;
  beforeAll(async () => {
    s = await startServer("(setq elnode-handler-timeout 1)", [path.join(fixtures, "handlers.el")], { args: ["--workers", "2"] });
  }, 90000);
  afterAll(async () => {
    await s?.stop();
  });

  it("serves from two worker processes sharing the port", async () => {
    const pids = await workerPids(s.port, 2);
    for (const pid of pids) expect(pid).not.toBe(s.proc.child.pid);
  });

  it("replaces a worker killed in the middle of a request, and keeps answering", async () => {
    const before = await workerPids(s.port, 2);
    // A response left open: its first chunk names the worker serving it.
    const sock = net.connect(s.port, "127.0.0.1");
    let text = "";
    let closed = false;
    sock.setEncoding("latin1");
    sock.on("data", (d: string) => (text += d));
    sock.on("error", () => {});
    sock.on("close", () => (closed = true));
    sock.write("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n");
    await until(() => /\r\n\r\n[0-9a-f]+\r\n\d+\n/.test(text), "the held response's first chunk");
    const victim = Number(/\r\n\r\n[0-9a-f]+\r\n(\d+)\n/.exec(text)![1]);
    expect(before.has(victim)).toBe(true);
    process.kill(victim, "SIGKILL");
    // The request in flight dies with its worker...
    await until(() => closed, "the held connection closed");
    expect(text).not.toMatch(/\r\n0\r\n\r\n$/);
    // ...and the server keeps answering, at once and after.
    for (let i = 0; i < 10; i++) await expectHealthy(s.port);
    await until(() => new RegExp(`worker \\d+ \\(pid ${victim}\\) killed by SIGKILL; starting a new one`).test(s.proc.stderr()), "the log line");
    const survivor = [...before].find((p) => p !== victim)!;
    const after = await workerPids(s.port, 1, [victim, survivor]);
    expect(after.size).toBe(1);
    expect(alive(survivor)).toBe(true);
  });

  it("interrupts a runaway handler in one worker, and the server keeps answering", async () => {
    const looping = raw(s.port, "GET /loop HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    // Connections handed to the looping worker wait for it (at most elnode-handler-timeout); the rest are served.
    const others = Promise.all(Array.from({ length: 5 }, () => expectHealthy(s.port)));
    expect((await looping).statuses[0]).toBe(503);
    await others;
    await workerPids(s.port, 2);
  });

  it("drains on SIGTERM: a response in flight finishes, every worker exits, status 0", async () => {
    const pids = await workerPids(s.port, 2);
    const slow = get(s.port, "/sleep?s=1");
    await new Promise((r) => setTimeout(r, 300));
    s.proc.child.kill("SIGTERM");
    expect((await slow).status).toBe(200);
    const { code } = await s.proc.exited;
    expect(code).toBe(0);
    await until(() => [...pids].every((p) => !alive(p)), "workers gone");
  });
});

describe("elnode run --workers: Ctrl-C, load errors, scripts", () => {
  it("drains once on Ctrl-C in a terminal (SIGINT to the whole process group)", async () => {
    ensureBuilt();
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ["--stack-size=4000", path.join(root, "bin", "elnode"), "run", "--workers", "2", "--eval",
        `(progn (defvar test-port ${port}) (setq elnode-log-access nil))`, path.join(fixtures, "handlers.el")],
      { detached: true, stdio: ["ignore", "pipe", "pipe"] },
    );
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await waitForPort(port);
      const pids = await workerPids(port, 2);
      const slow = get(port, "/sleep?s=1");
      await new Promise((r) => setTimeout(r, 300));
      process.kill(-child.pid!, "SIGINT");
      expect((await slow).status).toBe(200);
      expect(await exited).toBe(0);
      await until(() => [...pids].every((p) => !alive(p)), "workers gone");
      expect(err).not.toMatch(/killed by|starting a new one/);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
    }
  }, 90000);

  it("exits with the workers' status when the files fail to load", () => {
    const r = runSync(["run", "--workers", "2", "--eval", "(car 1)"]);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain("Wrong type argument: listp, 1");
  });

  it("runs a script in each worker (ELNODE_WORKER numbers them) and exits when they are done", () => {
    const r = runSync(["run", "--workers", "2", "--eval", '(princ (format "worker %s\\n" (getenv "ELNODE_WORKER")))']);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").filter(Boolean).sort()).toEqual(["worker 1", "worker 2"]);
  });

  it("refuses a bad --workers value", () => {
    const r = runSync(["run", "--workers", "0", "--eval", "nil"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--workers: not a number of workers/);
  });
});
