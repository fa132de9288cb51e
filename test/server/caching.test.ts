// File serving as a modern server does it: validators, 304, ranges, 416,
// HEAD, Cache-Control, streaming; the same for elnode-send-file and
// elnode-docroot-for.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import * as crypto from "node:crypto";
import * as net from "node:net";
import { execFileSync } from "node:child_process";
import { run, elnode, freePort, request, rawExchange, stopServers, tempDir, until } from "./helpers.js";

let base: string;
let docroot: string;
let port: number;
const big = crypto.randomBytes(5 * 1024 * 1024 + 7);
const text = "0123456789abcdefghij";

beforeAll(async () => {
  elnode();
  base = tempDir();
  docroot = path.join(base, "docroot");
  fs.mkdirSync(docroot);
  fs.writeFileSync(path.join(docroot, "t.txt"), text);
  fs.writeFileSync(path.join(docroot, "big.bin"), big);
  fs.writeFileSync(path.join(docroot, "empty.txt"), "");
  fs.writeFileSync(path.join(base, "secret.txt"), "SECRET");
  port = await freePort();
  run(`(elnode-start (elnode-webserver-handler-maker "${docroot}") ${port} "127.0.0.1")`);
});
afterAll(() => {
  stopServers();
  fs.rmSync(base, { recursive: true, force: true });
});

describe("validators and 304", () => {
  it("sends ETag, Last-Modified and Cache-Control, and 304 for If-None-Match or If-Modified-Since", async () => {
    const r = await request(port, "/t.txt");
    expect(r.status).toBe(200);
    const etag = r.headers.etag!;
    const lastModified = r.headers["last-modified"]!;
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(new Date(lastModified).getTime()).toBe(Math.floor(fs.statSync(path.join(docroot, "t.txt")).mtimeMs / 1000) * 1000);
    expect(r.headers["cache-control"]).toBe("no-cache");
    expect(r.headers["accept-ranges"]).toBe("bytes");

    const inm = await request(port, "/t.txt", { headers: { "If-None-Match": `"other", ${etag}` } });
    expect(inm.status).toBe(304);
    expect(inm.body.length).toBe(0);
    expect(inm.headers.etag).toBe(etag);
    expect((await request(port, "/t.txt", { headers: { "If-None-Match": `W/${etag}` } })).status).toBe(304);
    expect((await request(port, "/t.txt", { headers: { "If-None-Match": '"stale"' } })).status).toBe(200);
    expect((await request(port, "/t.txt", { headers: { "If-Modified-Since": lastModified } })).status).toBe(304);
    expect((await request(port, "/t.txt", { headers: { "If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT" } })).status).toBe(200);
    // If-None-Match decides over If-Modified-Since.
    expect((await request(port, "/t.txt", { headers: { "If-None-Match": '"stale"', "If-Modified-Since": lastModified } })).status).toBe(200);
  });

  it("takes Cache-Control from elnode-webserver-cache-control", async () => {
    run(`(setq elnode-webserver-cache-control "public, max-age=60")`);
    try {
      expect((await request(port, "/t.txt")).headers["cache-control"]).toBe("public, max-age=60");
      run(`(setq elnode-webserver-cache-control nil)`);
      expect((await request(port, "/t.txt")).headers["cache-control"]).toBeUndefined();
    } finally {
      run(`(setq elnode-webserver-cache-control "no-cache")`);
    }
  });
});

describe("ranges", () => {
  it("answers 206 for a range, a suffix and an open range", async () => {
    const a = await request(port, "/t.txt", { headers: { Range: "bytes=2-5" } });
    expect(a.status).toBe(206);
    expect(a.text).toBe("2345");
    expect(a.headers["content-range"]).toBe(`bytes 2-5/${text.length}`);
    expect(a.headers["content-length"]).toBe("4");
    expect((await request(port, "/t.txt", { headers: { Range: "bytes=-3" } })).text).toBe("hij");
    expect((await request(port, "/t.txt", { headers: { Range: "bytes=17-" } })).text).toBe("hij");
    expect((await request(port, "/t.txt", { headers: { Range: "bytes=15-1000" } })).text).toBe("fghij");
  });

  it("sends several ranges as multipart/byteranges", async () => {
    const r = await request(port, "/t.txt", { headers: { Range: "bytes=0-1, 10-11" } });
    expect(r.status).toBe(206);
    const m = /^multipart\/byteranges; boundary=(\S+)$/.exec(r.headers["content-type"]!);
    expect(m).not.toBeNull();
    expect(Number(r.headers["content-length"])).toBe(r.body.length);
    const b = m![1];
    expect(r.text).toBe(
      `--${b}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-1/20\r\n\r\n01` +
        `\r\n--${b}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 10-11/20\r\n\r\nab` +
        `\r\n--${b}--\r\n`,
    );
    // Overlapping ranges are merged.
    const merged = await request(port, "/t.txt", { headers: { Range: "bytes=0-4,2-6" } });
    expect([merged.status, merged.text]).toEqual([206, "0123456"]);
  });

  it("answers 416 for a range past the end, and ignores a malformed one or a stale If-Range", async () => {
    const r = await request(port, "/t.txt", { headers: { Range: "bytes=100-200" } });
    expect(r.status).toBe(416);
    expect(r.headers["content-range"]).toBe(`bytes */${text.length}`);
    expect((await request(port, "/t.txt", { headers: { Range: "bytes=abc" } })).status).toBe(200);
    expect((await request(port, "/t.txt", { headers: { Range: "lines=1-2" } })).status).toBe(200);
    const etag = (await request(port, "/t.txt")).headers.etag!;
    expect((await request(port, "/t.txt", { headers: { Range: "bytes=0-0", "If-Range": etag } })).text).toBe("0");
    expect((await request(port, "/t.txt", { headers: { Range: "bytes=0-0", "If-Range": '"old"' } })).text).toBe(text);
  });

  it("streams a large file and its ranges byte-exact; HEAD gets headers only", async () => {
    const whole = await request(port, "/big.bin");
    expect(whole.body.equals(big)).toBe(true);
    const part = await request(port, "/big.bin", { headers: { Range: `bytes=${big.length - 1000}-` } });
    expect(part.body.equals(big.subarray(big.length - 1000))).toBe(true);
    const head = await rawExchange(port, "HEAD /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head).toContain(`Content-Length: ${big.length}\r\n`);
    expect(head).toContain("ETag: ");
    expect(head.endsWith("\r\n\r\n")).toBe(true);
    expect((await request(port, "/empty.txt")).status).toBe(200);
  });
});

describe("open files", () => {
  const openFds = () => fs.readdirSync("/proc/self/fd").length;

  it("closes every file it opens, however the response ends", async () => {
    const before = openFds();
    const etag = (await request(port, "/t.txt")).headers.etag!;
    for (let i = 0; i < 20; i++) {
      await request(port, "/t.txt");
      await request(port, "/t.txt", { headers: { "If-None-Match": etag } });
      await request(port, "/t.txt", { method: "HEAD" });
      await request(port, "/t.txt", { headers: { Range: "bytes=0-1,5-6" } });
      await request(port, "/t.txt", { headers: { Range: "bytes=500-" } });
      await request(port, "/big.bin", { headers: { Range: "bytes=0-99999,4000000-4199999" } });
      await request(port, "/empty.txt");
      await request(port, "/");
    }
    // Clients that go away in the middle of a large file.
    for (let i = 0; i < 10; i++) {
      await new Promise<void>((resolve) => {
        const sock = net.connect(port, "127.0.0.1", () => sock.write("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n"));
        sock.once("data", () => {
          sock.destroy();
          resolve();
        });
      });
    }
    await until(() => openFds() <= before);
    expect(openFds()).toBeLessThanOrEqual(before);
  });

  it("sends each of many concurrent downloads its own file, byte-exact", async () => {
    const replies = await Promise.all(
      Array.from({ length: 24 }, (_, i) => request(port, i % 3 === 0 ? "/t.txt" : "/big.bin")),
    );
    replies.forEach((r, i) => {
      expect(r.status).toBe(200);
      expect(r.body.equals(i % 3 === 0 ? Buffer.from(text) : big)).toBe(true);
    });
  });

  it("cuts the connection when the file shrinks while being sent, rather than send a short body", async () => {
    const file = path.join(docroot, "shrinking.bin");
    const size = 48 * 1024 * 1024;
    fs.writeFileSync(file, "");
    fs.truncateSync(file, size); // sparse: no 48 MB written
    const received = await new Promise<number>((resolve, reject) => {
      let got = 0;
      let truncated = false;
      const sock = net.connect(port, "127.0.0.1", () => sock.write("GET /shrinking.bin HTTP/1.1\r\nHost: x\r\n\r\n"));
      sock.on("data", (d: Buffer) => {
        got += d.length;
        if (!truncated) {
          // Stop reading, let the server fill the socket, then shrink the file under it.
          truncated = true;
          sock.pause();
          setTimeout(() => {
            fs.truncateSync(file, 1024);
            sock.resume();
          }, 200);
        }
      });
      sock.on("close", () => resolve(got));
      sock.on("error", reject);
    });
    expect(received).toBeLessThan(size);
    expect((await request(port, "/t.txt")).text).toBe(text);
  });

  it("refuses a FIFO in the docroot at once instead of waiting for a writer", async () => {
    execFileSync("mkfifo", [path.join(docroot, "pipe")]);
    const r = await request(port, "/pipe");
    expect(r.status).toBe(403);
    expect((await request(port, "/t.txt")).text).toBe(text);
  });
});

describe("elnode-send-file and elnode-docroot-for", () => {
  it("gives sent files the same validators, 304 and ranges", async () => {
    run(`(defun plain-send-file-handler (httpcon) (elnode-send-file httpcon "${docroot}/t.txt"))`);
    const p = await freePort();
    run(`(elnode-start 'plain-send-file-handler ${p} "127.0.0.1")`);
    const r = await request(p, "/");
    expect(r.text).toBe(text);
    expect((await request(p, "/", { headers: { "If-None-Match": r.headers.etag! } })).status).toBe(304);
    expect((await request(p, "/", { headers: { Range: "bytes=0-2" } })).text).toBe("012");
  });

  it("serves under a docroot with elnode-docroot-for, refusing what lies outside, 304 when cached", async () => {
    run(`(defun docroot-for-handler (httpcon)
  (elnode-docroot-for "${docroot}"
    with file
    on httpcon
    do (elnode-send-file httpcon file)))
(defun docroot-mapped-handler (httpcon)
  (elnode-dispatcher httpcon '(("^/files/\\\\(.*\\\\)$" . docroot-for-handler))))`, true);
    const p = await freePort();
    run(`(elnode-start 'docroot-mapped-handler ${p} "127.0.0.1")`);
    const r = await request(p, "/files/t.txt");
    expect(r.text).toBe(text);
    expect((await request(p, "/files/missing.txt")).status).toBe(404);
    for (const evil of ["/files/../secret.txt", "/files/%2e%2e/secret.txt", "/files/..%2fsecret.txt"]) {
      const e = await request(p, evil);
      expect(e.status).toBe(404);
      expect(e.text).not.toContain("SECRET");
    }
    const cached = await request(p, "/files/t.txt", { headers: { "If-Modified-Since": r.headers["last-modified"]! } });
    expect(cached.status).toBe(304);
    expect(elnode().print(run(`(list (elnode-under-docroot-p "${docroot}/t.txt" "${docroot}")
      (elnode-under-docroot-p "${docroot}/../secret.txt" "${docroot}")
      (elnode-under-docroot-p "${docroot}/nope" "${docroot}")
      (elnode-under-docroot-p "${docroot}/nope" "${docroot}" t))`))).toBe("(t nil nil t)");
  });
});
