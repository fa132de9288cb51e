// Slow and greedy clients: slowloris, idle keep-alive, a client that never
// reads a streamed response, a thousand connections opened and dropped, and
// the connection limit. Limits are set short from Lisp so the tests finish fast.
import * as net from "node:net";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startServer, raw, refused, expectHealthy, childrenNamed, until, sleep, Server } from "./helpers.js";

let s: Server;
beforeAll(async () => {
  s = await startServer(
    "(setq elnode-headers-timeout 1 elnode-request-timeout 3 elnode-keep-alive-timeout 1 elnode-idle-timeout 1.5)",
  );
}, 90000);
afterAll(async () => {
  await s?.stop();
});

describe("slow clients", () => {
  it("closes a slowloris client that trickles its headers past elnode-headers-timeout", async () => {
    const pieces = ["GET / HTTP/1.1\r\n", "Host: x\r\n"];
    for (let i = 0; i < 200; i++) pieces.push(`X-${i}: y\r\n`);
    const r = await raw(s.port, pieces, { gap: 100 });
    // The server ended it long before the 200 headers (20 s) were sent.
    expect(r.guard).toBe(false);
    expect(refused(r)).toBe(true);
    expect(r.statuses[0] ?? 408).toBe(408);
    await expectHealthy(s.port);
  });

  it("closes a connection that never sends a byte", async () => {
    const r = await raw(s.port, []);
    expect(r.guard).toBe(false);
    expect(r.closed).toBe(true);
    await expectHealthy(s.port);
  });

  it("closes a client that sends its body a byte at a time past elnode-request-timeout", async () => {
    const pieces: string[] = ["POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n"];
    for (let i = 0; i < 1000; i++) pieces.push("x");
    const r = await raw(s.port, pieces, { gap: 20 });
    expect(r.guard).toBe(false);
    expect(refused(r)).toBe(true);
    await expectHealthy(s.port);
  });

  it("closes an idle keep-alive connection after elnode-keep-alive-timeout", async () => {
    const r = await raw(s.port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(r.statuses).toEqual([200]);
    expect(r.guard).toBe(false);
    expect(r.closed).toBe(true);
    await expectHealthy(s.port);
  });

  it("closes a client that never reads a streamed response, and stops its program", async () => {
    const pid = s.proc.child.pid!;
    const sock = net.connect(s.port, "127.0.0.1");
    let closed = false;
    sock.on("error", () => {});
    sock.on("close", () => (closed = true));
    await new Promise<void>((resolve) => sock.once("connect", () => resolve()));
    // Read nothing: the socket stays paused, so the kernel buffers fill and the server's writes stall.
    sock.pause();
    sock.write("GET /yes HTTP/1.1\r\nHost: x\r\n\r\n");
    await until(() => childrenNamed(pid, "yes").length > 0, "yes started");
    // While that client hangs, others are served.
    await expectHealthy(s.port);
    // elnode-idle-timeout ends the stalled connection and elnode kills the program.
    await until(() => childrenNamed(pid, "yes").length === 0, "yes stopped after the idle timeout");
    sock.destroy();
    expect(closed || sock.destroyed).toBe(true);
    await expectHealthy(s.port);
  });
});

describe("many connections", () => {
  it("survives 1000 connections opened and dropped", async () => {
    const socks: net.Socket[] = [];
    let connected = 0;
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        new Promise<void>((resolve) => {
          const sock = net.connect(s.port, "127.0.0.1");
          socks.push(sock);
          sock.on("error", () => resolve());
          sock.on("connect", () => {
            connected++;
            // A third send half a request, a third a whole one, a third nothing.
            if (i % 3 === 0) sock.write("GET / HTTP/1.1\r\nHost: x\r\nX-Half: ");
            else if (i % 3 === 1) sock.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            resolve();
          });
        }),
      ),
    );
    expect(connected).toBeGreaterThan(900);
    // Drop them all, half with a reset.
    socks.forEach((sock, i) => (i % 2 ? sock.resetAndDestroy() : sock.destroy()));
    await sleep(100);
    await expectHealthy(s.port);
    expect(s.proc.child.exitCode).toBe(null);
  });
});

describe("elnode-max-connections", () => {
  let small: Server;
  beforeAll(async () => {
    small = await startServer("(setq elnode-max-connections 5)");
  }, 90000);
  afterAll(async () => {
    await small?.stop();
  });

  it("closes connections past the limit at once and serves again when they go", async () => {
    const held: net.Socket[] = [];
    for (let i = 0; i < 5; i++) {
      const sock = net.connect(small.port, "127.0.0.1");
      sock.on("error", () => {});
      await new Promise<void>((resolve) => sock.once("connect", () => resolve()));
      // Each held connection is in use: a request was answered and it is kept alive.
      sock.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      await new Promise<void>((resolve) => sock.once("data", () => resolve()));
      held.push(sock);
    }
    const over = await raw(small.port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(over.statuses).toEqual([]);
    expect(over.closed).toBe(true);
    expect(small.proc.stderr()).toMatch(/elnode-max-connections \(5\) reached/);
    held.forEach((sock) => sock.destroy());
    await until(async () => {
      const r = await raw(small.port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      return r.statuses[0] === 200;
    }, "served again");
  });
});
