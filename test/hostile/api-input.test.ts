// Bad input to the elnode API: each gets a clear 4xx, the handler is not
// called when it should not be, and the server keeps serving.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { run, elnode, freePort, request, rawExchange, stopServers, tempDir, captureStderr } from "../server/helpers.js";
import { send, multipart } from "../server/api-helpers.js";

let port: number;
let dir: string;

beforeAll(async () => {
  elnode();
  dir = tempDir();
  fs.writeFileSync(path.join(dir, "small.txt"), "0123456789");
  run(`(defvar hostile-calls 0)
(defun hostile-handler (httpcon)
  (setq hostile-calls (1+ hostile-calls))
  (let ((p (elnode-http-pathinfo httpcon)))
    (cond ((equal p "/cookies") (elnode-send-html httpcon (format "%S" (elnode-http-cookies httpcon))))
          ((equal p "/json") (elnode-send-html httpcon (format "%S" (elnode-http-json httpcon))))
          ((equal p "/file") (elnode-send-file httpcon "${dir}/small.txt"))
          (t (elnode-send-html httpcon (format "%d params" (length (elnode-http-params httpcon))))))))`);
  port = await freePort();
  run(`(elnode-start 'hostile-handler ${port} "127.0.0.1")`);
});
afterAll(() => {
  stopServers();
  fs.rmSync(dir, { recursive: true, force: true });
});

const calls = () => run("hostile-calls") as number;

/** The server still answers a plain request. */
async function stillServing(): Promise<void> {
  const r = await request(port, "/?ok=1");
  expect(r.status).toBe(200);
  expect(r.text).toBe("1 params");
}

describe("request bodies", () => {
  it("truncated multipart: 400, handler not called", async () => {
    const m = multipart([{ name: "f", value: "some file content", filename: "a.txt" }]);
    const cut = m.body.subarray(0, m.body.length - 20);
    const before = calls();
    const r = await send(port, "/", { body: cut, headers: m.headers });
    expect(r.status).toBe(400);
    expect(r.text).toContain("Malformed multipart body");
    expect(calls()).toBe(before);
    await stillServing();
  });

  it("multipart without a boundary, or with garbage: 400", async () => {
    const before = calls();
    expect((await send(port, "/", { body: "x", headers: { "content-type": "multipart/form-data" } })).status).toBe(400);
    const garbage = await send(port, "/", { body: "not multipart at all", headers: { "content-type": "multipart/form-data; boundary=zzz" } });
    expect(garbage.status).toBe(400);
    expect(calls()).toBe(before);
    await stillServing();
  });

  it("too many multipart parts: 413", async () => {
    const parts = Array.from({ length: 1500 }, (_, i) => ({ name: `f${i}`, value: "v" }));
    const m = multipart(parts);
    const r = await send(port, "/", { body: m.body, headers: m.headers });
    expect(r.status).toBe(413);
    await stillServing();
  });

  it("invalid JSON: 400 and the handler is not called, unless it asks for the raw body", async () => {
    const before = calls();
    for (const body of ["{", '{"a": }', "[1, 2", "nul", '{"a": "\\x"}']) {
      const r = await send(port, "/json", { body, headers: { "content-type": "application/json" } });
      expect(r.status, body).toBe(400);
      expect(r.text).toContain("not valid JSON");
    }
    expect(calls()).toBe(before);
    // A handler with the elnode-raw-body property gets the body as it came.
    run(`(put 'raw-json-handler 'elnode-raw-body t)
(defun raw-json-handler (httpcon)
  (elnode-send-html httpcon
    (format "%S %S" (elnode-http-body httpcon)
            (condition-case err (elnode-http-json httpcon) (error (car err))))))`);
    const p = await freePort();
    run(`(elnode-start 'raw-json-handler ${p} "127.0.0.1")`);
    const raw = await send(p, "/", { body: '{"a": ', headers: { "content-type": "application/json" } });
    expect(raw.status).toBe(200);
    expect(raw.text).toMatch(/^"\{\\"a\\": " json-/);
    await stillServing();
  });

  it("a urlencoded body with 10k parameters: 413", async () => {
    const body = Array.from({ length: 10000 }, (_, i) => `p${i}=v`).join("&");
    const before = calls();
    const r = await send(port, "/", { body, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(r.status).toBe(413);
    expect(calls()).toBe(before);
    await stillServing();
  });

  it("a chunked body past the size limit: 413", async () => {
    run(`(setq elnode-max-body-size 100000)`);
    try {
      const r = await send(port, "/", {
        body: Buffer.alloc(300000, 0x61),
        headers: { "content-type": "text/plain", "transfer-encoding": "chunked" },
      });
      expect(r.status).toBe(413);
    } finally {
      run(`(setq elnode-max-body-size ${10 * 1024 * 1024})`);
    }
    await stillServing();
  });

  it("a client that goes away in the middle of its body: the handler is not called", async () => {
    const before = calls();
    await new Promise<void>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\na=1&b=");
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 50);
      });
    });
    await stillServing();
    expect(calls()).toBe(before + 1); // only stillServing's request
  });
});

describe("headers, queries, cookies, ranges", () => {
  it("a 1 MB header: 431 from node", async () => {
    const raw = await rawExchange(port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(1024 * 1024)}\r\nConnection: close\r\n\r\n`);
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    await stillServing();
  });

  it("a 10k-parameter query: 4xx (431 as a header past node's limit; 414 past elnode-http-max-params)", async () => {
    const q = Array.from({ length: 10000 }, () => "a").join("&");
    const raw = await rawExchange(port, `GET /?${q} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(raw).toMatch(/^HTTP\/1\.1 4(14|31) /);
    const short = Array.from({ length: 1500 }, () => "a").join("&");
    const before = calls();
    const r = await request(port, `/?${short}`);
    expect(r.status).toBe(414);
    expect(calls()).toBe(before);
    // At the limit it is served.
    const ok = await request(port, `/?${Array.from({ length: 1000 }, () => "a").join("&")}`);
    expect(ok.text).toBe("1000 params");
    await stillServing();
  });

  it("a Range beyond the file: 416", async () => {
    const r = await request(port, "/file", { headers: { Range: "bytes=50-60" } });
    expect(r.status).toBe(416);
    expect(r.headers["content-range"]).toBe("bytes */10");
    expect((await request(port, "/file", { headers: { Range: "bytes=99999999999999999999-" } })).status).toBe(416);
    await stillServing();
  });

  it("a cookie with invalid encoding: 400 when the handler reads cookies", async () => {
    for (const cookie of ["a=%ZZ", "a=%C3%28", "%FF=1", "ok=1; bad=%"]) {
      const { value: r } = await captureStderr(() => request(port, "/cookies", { headers: { Cookie: cookie } }));
      expect(r.status, cookie).toBe(400);
      expect(r.text).toContain("invalid encoding in the cookie");
    }
    // A handler that does not read the cookies is not affected.
    expect((await request(port, "/", { headers: { Cookie: "a=%ZZ" } })).status).toBe(200);
    expect((await request(port, "/cookies", { headers: { Cookie: "a=%C3%A9; b=plain" } })).text).toBe('(("a" . "é") ("b" . "plain"))');
    await stillServing();
  });
});
