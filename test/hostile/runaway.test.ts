// Runaway handlers and too many child processes: elnode-handler-timeout
// interrupts a handler that never returns (503 and a log line) and the
// server keeps serving; elnode-max-child-processes queues, then answers 503.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startServer, get, raw, expectHealthy, until, Server } from "./helpers.js";

let s: Server;
beforeAll(async () => {
  s = await startServer("(setq elnode-handler-timeout 0.5 elnode-max-child-processes 1)");
}, 90000);
afterAll(async () => {
  await s?.stop();
});

describe("elnode-handler-timeout", () => {
  it("interrupts (while t) with a 503 and a log line, and the server keeps serving", async () => {
    const r = await get(s.port, "/loop");
    expect(r.status).toBe(503);
    await until(() => /handler for GET \/loop on port \d+ interrupted after 0\.5 s/.test(s.proc.stderr()), "the log line");
    await expectHealthy(s.port);
    expect(s.proc.child.exitCode).toBe(null);
  });

  it("interrupts a loop that catches every error", async () => {
    expect((await get(s.port, "/loop-catching")).status).toBe(503);
    await expectHealthy(s.port);
  });

  it("interrupts runaway recursion without loops", async () => {
    expect((await get(s.port, "/recurse")).status).toBe(503);
    await expectHealthy(s.port);
  });

  it("runs unwind-protect cleanups of the interrupted handler", async () => {
    expect((await get(s.port, "/loop-unwind")).status).toBe(503);
    expect((await get(s.port, "/cleanup")).body).toBe("t\n");
  });

  it("serves requests that arrived while a handler was looping", async () => {
    const looping = get(s.port, "/loop");
    const others = Promise.all([get(s.port, "/"), get(s.port, "/path/x")]);
    expect((await looping).status).toBe(503);
    expect((await others).map((r) => r.status)).toEqual([200, 200]);
  });
});

describe("elnode-max-child-processes", () => {
  it("queues programs past the limit and runs them all", async () => {
    const rs = await Promise.all([get(s.port, "/sleep?s=0.3"), get(s.port, "/sleep?s=0.3"), get(s.port, "/sleep?s=0.3")]);
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200]);
    await expectHealthy(s.port);
  });

  it("answers 503 with Retry-After when too many wait", async () => {
    // Limit 1: one runs (for 3 s), four wait, the rest are refused at once. The clients
    // stop waiting after a while (a guard, not a timing assertion): only the refusals matter.
    const rs = await Promise.all(
      Array.from({ length: 8 }, () => raw(s.port, "GET /sleep?s=3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", { guard: 2500 })),
    );
    const refusals = rs.filter((r) => r.statuses[0] === 503);
    expect(refusals.length).toBeGreaterThan(0);
    expect(rs.every((r) => r.statuses.length === 0 || r.statuses[0] === 503 || r.statuses[0] === 200)).toBe(true);
    expect(refusals[0].text).toMatch(/\r\nRetry-After: 1\r\n/i);
    await until(() => /too many child processes waiting/.test(s.proc.stderr()), "the log line");
    await expectHealthy(s.port);
  });
});
