// Bodies that disagree with their framing, request smuggling attempts,
// pipelining and half-closed sockets.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startServer, raw, refused, expectHealthy, get, Server } from "./helpers.js";

let s: Server;
beforeAll(async () => {
  // Short limits so that a body that never completes is timed out quickly.
  s = await startServer("(setq elnode-headers-timeout 1 elnode-request-timeout 2)");
}, 90000);
afterAll(async () => {
  await s?.stop();
});

/** How many requests reached /count (a smuggled request would count). */
async function counted(): Promise<number> {
  const r = await get(s.port, "/count-value");
  return Number(r.body.trim());
}

describe("bodies and Content-Length", () => {
  it("parses bytes past Content-Length as the next request, and refuses them when they are not one", async () => {
    const before = await counted();
    const r = await raw(s.port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGARBAGE /count HTTP/1.1\r\nHost: x\r\n\r\n");
    // The POST may be answered before the parser reaches the garbage, or not: either way the garbage is refused.
    expect(r.guard).toBe(false);
    expect(r.closed).toBe(true);
    expect(r.statuses.filter((st) => st < 400).length).toBeLessThanOrEqual(1);
    expect(r.statuses[r.statuses.length - 1]).toBe(400);
    expect(await counted()).toBe(before);
    await expectHealthy(s.port);
  });

  it("times out a body shorter than its Content-Length (408 or close)", async () => {
    const r = await raw(s.port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly-this");
    expect(r.guard).toBe(false);
    expect(refused(r)).toBe(true);
    await expectHealthy(s.port);
  });

  it("closes on a body shorter than its Content-Length when the client half-closes", async () => {
    const r = await raw(s.port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nshort", { end: true });
    expect(r.guard).toBe(false);
    expect(r.closed).toBe(true);
    expect(r.statuses.every((st) => st >= 400)).toBe(true);
    await expectHealthy(s.port);
  });

  it("refuses a non-numeric or negative Content-Length", async () => {
    for (const cl of ["abc", "-1", "1 2", "0x10", "99999999999999999999999"]) {
      const r = await raw(s.port, `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${cl}\r\n\r\nabc`);
      expect(refused(r), `Content-Length: ${cl}: ${r.text.slice(0, 100)}`).toBe(true);
    }
    await expectHealthy(s.port);
  });

  it("refuses a body over elnode-max-body-size announced with Expect: 100-continue before it is sent", async () => {
    const r = await raw(s.port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 20000000\r\nExpect: 100-continue\r\n\r\n", {
      until: (x) => x.statuses.length > 0,
    });
    expect(r.statuses[0]).toBe(413);
    await expectHealthy(s.port);
  });
});

describe("request smuggling", () => {
  const smuggled = "GET /count HTTP/1.1\r\nHost: x\r\n\r\n";
  const cases: [string, string][] = [
    ["Content-Length then Transfer-Encoding", `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${smuggled}`],
    ["Transfer-Encoding then Content-Length", `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n0\r\n\r\n${smuggled}`],
    ["two different Content-Lengths", `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}`],
    ["a Content-Length list", `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0, ${smuggled.length}\r\n\r\n${smuggled}`],
    ["Transfer-Encoding with a space before the colon", `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n${smuggled}`],
    ["an obfuscated Transfer-Encoding", `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n${smuggled}`],
    ["chunked not last", `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n${smuggled}`],
    ["a bad chunk size", `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n${smuggled}`],
    ["a chunk longer than announced", `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhello\r\n0\r\n\r\n${smuggled}`],
    ["a chunk size with a bare LF", `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n${smuggled}`],
    ["Transfer-Encoding on HTTP/1.0", `POST / HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n${smuggled}`],
  ];
  for (const [name, data] of cases) {
    it(`refuses ${name} and never runs the smuggled request`, async () => {
      const before = await counted();
      const r = await raw(s.port, data);
      expect(r.guard).toBe(false);
      expect(r.closed).toBe(true);
      // No response may be a success for the smuggled request: at most the front request's, then a refusal.
      expect(r.statuses.filter((st) => st < 400).length).toBeLessThanOrEqual(1);
      expect(await counted()).toBe(before);
      await expectHealthy(s.port);
    });
  }
});

describe("pipelining and half-closed sockets", () => {
  it("answers pipelined requests in order on one connection", async () => {
    const reqs = ["/path/one", "/path/two", "/path/three"].map((p, i, a) => `GET ${p} HTTP/1.1\r\nHost: x\r\n${i === a.length - 1 ? "Connection: close\r\n" : ""}\r\n`);
    const r = await raw(s.port, reqs.join(""));
    expect(r.statuses).toEqual([200, 200, 200]);
    const bodies = [...r.text.matchAll(/"\/path\/(\w+)"/g)].map((m) => m[1]);
    expect(bodies).toEqual(["one", "two", "three"]);
    await expectHealthy(s.port);
  });

  it("answers pipelined requests with bodies between them", async () => {
    const data =
      "POST /path/a HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello" +
      "POST /path/b HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n" +
      "GET /path/c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    const r = await raw(s.port, data);
    expect(r.statuses).toEqual([200, 200, 200]);
    expect([...r.text.matchAll(/"\/path\/(\w+)"/g)].map((m) => m[1])).toEqual(["a", "b", "c"]);
  });

  it("answers a request whose client half-closed right after sending it, then closes", async () => {
    const r = await raw(s.port, "GET /path/half HTTP/1.1\r\nHost: x\r\n\r\n", { end: true });
    expect(r.statuses).toEqual([200]);
    expect(r.text).toContain('"/path/half"');
    expect(r.closed).toBe(true);
    await expectHealthy(s.port);
  });

  it("closes a connection half-closed in the middle of the headers", async () => {
    const r = await raw(s.port, "GET / HTTP/1.1\r\nHost: x\r\nX-Partial: ", { end: true });
    expect(r.guard).toBe(false);
    expect(r.closed).toBe(true);
    expect(r.statuses.every((st) => st >= 400)).toBe(true);
    await expectHealthy(s.port);
  });

  it("survives a client that resets the connection mid-request", async () => {
    const { connect } = await import("node:net");
    await new Promise<void>((resolve) => {
      const sock = connect(s.port, "127.0.0.1", () => {
        sock.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\npartial");
        setTimeout(() => {
          sock.resetAndDestroy();
          resolve();
        }, 50);
      });
      sock.on("error", () => resolve());
    });
    await expectHealthy(s.port);
  });
});
