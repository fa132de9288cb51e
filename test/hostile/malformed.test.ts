// Malformed requests, header floods and invalid UTF-8: each gets a clear
// 4xx (or the connection closed), never a crash or a hang, and a normal
// request right after succeeds.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startServer, raw, refused, expectHealthy, get, Server } from "./helpers.js";

let s: Server;
beforeAll(async () => {
  s = await startServer("");
}, 90000);
afterAll(async () => {
  await s?.stop();
});

const CLOSE = "Host: x\r\nConnection: close\r\n\r\n";

describe("malformed request lines", () => {
  const cases: [string, string | Buffer][] = [
    ["garbage", "GARBAGE\r\n\r\n"],
    ["a method only", "GET\r\n\r\n"],
    ["an unknown HTTP version", `GET / HTTP/9.9\r\n${CLOSE}`],
    ["a lowercase method", `get / HTTP/1.1\r\n${CLOSE}`],
    ["a space in the target", `GET /a b HTTP/1.1\r\n${CLOSE}`],
    ["a NUL in the method", `G\0T / HTTP/1.1\r\n${CLOSE}`],
    ["a NUL in the target", `GET /a\0b HTTP/1.1\r\n${CLOSE}`],
    ["bare LF line ends", "GET / HTTP/1.1\nHost: x\nConnection: close\n\n"],
    ["a method of 10 KB", `${"A".repeat(10000)} / HTTP/1.1\r\n${CLOSE}`],
    ["a target of 40 KB", `GET /${"a".repeat(40000)} HTTP/1.1\r\n${CLOSE}`],
    ["HTTP/1.1 without Host", "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"],
    ["a TLS ClientHello on the plain port", Buffer.from("16030100a5010000a103035b", "hex")],
    ["random bytes", Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 197 + 13) % 256))],
    ["only blank lines then garbage", "\r\n\r\n\r\n\x01\x02\x03\r\n\r\n"],
    ["a header without a colon", `GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\nConnection: close\r\n\r\n`],
    ["a header name with a space", `GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\nConnection: close\r\n\r\n`],
    ["obsolete line folding", `GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  b\r\nConnection: close\r\n\r\n`],
    ["a control character in a header value", `GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\nConnection: close\r\n\r\n`],
  ];
  for (const [name, data] of cases) {
    it(`refuses ${name}`, async () => {
      const r = await raw(s.port, data);
      expect(refused(r), `${name}: ${JSON.stringify(r.text.slice(0, 200))}`).toBe(true);
      await expectHealthy(s.port);
    });
  }
});

describe("header floods", () => {
  it("answers 431 to one header larger than elnode-max-header-size", async () => {
    const r = await raw(s.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(100000)}\r\n\r\n`);
    expect(r.statuses[0] ?? 431).toBe(431);
    expect(r.closed).toBe(true);
    await expectHealthy(s.port);
  });

  it("answers 431 to thousands of small headers", async () => {
    const r = await raw(s.port, `GET / HTTP/1.1\r\nHost: x\r\n${"X-A: b\r\n".repeat(5000)}\r\n`);
    expect(r.statuses[0] ?? 431).toBe(431);
    await expectHealthy(s.port);
  });

  it("answers 431 to headers sent a few at a time past the limit", async () => {
    const pieces = ["GET / HTTP/1.1\r\nHost: x\r\n"];
    for (let i = 0; i < 40; i++) pieces.push(`X-${i}: ${"v".repeat(500)}\r\n`);
    pieces.push("\r\n");
    const r = await raw(s.port, pieces, { gap: 2 });
    expect(refused(r)).toBe(true);
    await expectHealthy(s.port);
  });
});

describe("invalid UTF-8", () => {
  it("refuses raw non-ASCII bytes in the request target", async () => {
    const r = await raw(s.port, Buffer.concat([Buffer.from("GET /path/a"), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(` HTTP/1.1\r\n${CLOSE}`)]));
    expect(refused(r)).toBe(true);
    await expectHealthy(s.port);
  });

  it("hands %-encoded invalid UTF-8 in the path to the handler as text", async () => {
    const r = await get(s.port, "/path/%ff%fe%c3%28%ed%a0%80");
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/^"\/path\/.*"\n$/);
    await expectHealthy(s.port);
  });

  it("survives malformed %-escapes in path and query", async () => {
    for (const target of ["/path/%", "/path/%zz%4", "/params?a=%ff&%fe=%&b=%e2%82"]) {
      const r = await get(s.port, target);
      expect(r.status).toBe(200);
    }
    await expectHealthy(s.port);
  });

  it("hands a header with invalid UTF-8 bytes to the handler", async () => {
    const req = Buffer.concat([
      Buffer.from("GET /header HTTP/1.1\r\nHost: x\r\nX-Test: a"),
      Buffer.from([0xff, 0xc3, 0x28, 0x80]),
      Buffer.from("b\r\nConnection: close\r\n\r\n"),
    ]);
    const r = await raw(s.port, req);
    expect(r.statuses[0]).toBe(200);
    await expectHealthy(s.port);
  });

  it("survives invalid UTF-8 in the Host header", async () => {
    const req = Buffer.concat([Buffer.from("GET / HTTP/1.1\r\nHost: "), Buffer.from([0xff, 0xfe]), Buffer.from("\r\nConnection: close\r\n\r\n")]);
    const r = await raw(s.port, req);
    expect(r.closed).toBe(true);
    await expectHealthy(s.port);
  });
});
