// elnode-webserver-handler-maker: content types, directories, and the
// traversal battery (nothing outside the docroot, ever).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import * as crypto from "node:crypto";
import { run, elnode, freePort, request, rawExchange, stopServers, tempDir } from "./helpers.js";

let base: string;
let docroot: string;
let port: number;
const big = crypto.randomBytes(1024 * 1024 + 13);
const png = crypto.randomBytes(4096);

beforeAll(async () => {
  elnode();
  base = tempDir();
  docroot = path.join(base, "docroot");
  const w = (rel: string, data: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(docroot, rel)), { recursive: true });
    fs.writeFileSync(path.join(docroot, rel), data);
  };
  w("hello.txt", "hello, é\n");
  w("style.css", "body {}\n");
  w("data.json", "{}\n");
  w("image.png", png);
  w("big.bin", big);
  w("with space.txt", "spaced\n");
  w("code.el", "(message \"hi\")\n");
  w("sub/<script>alert(1)<\\script>.txt", "x");
  w("sub/inner/file.txt", "inner");
  w("withindex/index.html", "<p>index</p>");
  w("noext", "no extension");
  fs.writeFileSync(path.join(base, "secret.txt"), "SECRET");
  fs.mkdirSync(path.join(base, "docroot-evil"));
  fs.writeFileSync(path.join(base, "docroot-evil", "secret2.txt"), "SECRET2");
  fs.symlinkSync(path.join(base, "secret.txt"), path.join(docroot, "link-out"));
  fs.symlinkSync(base, path.join(docroot, "dirlink-out"));
  fs.symlinkSync("hello.txt", path.join(docroot, "link-in"));
  fs.symlinkSync(path.join(base, "secret.txt"), path.join(docroot, "withindex-out-index"));
  fs.mkdirSync(path.join(docroot, "evil-index"));
  fs.symlinkSync(path.join(base, "secret.txt"), path.join(docroot, "evil-index", "index.html"));
  port = await freePort();
  run(`(elnode-start (elnode-webserver-handler-maker "${docroot}" '(("text/x-elisp" . "el"))) ${port} "127.0.0.1")`);
});
afterAll(() => {
  stopServers();
  fs.rmSync(base, { recursive: true, force: true });
});

describe("serving files", () => {
  it("serves files with their Content-Type and Content-Length", async () => {
    const hello = await request(port, "/hello.txt");
    expect(hello.status).toBe(200);
    expect(hello.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(hello.headers["content-length"]).toBe(String(Buffer.byteLength("hello, é\n")));
    expect(hello.text).toBe("hello, é\n");
    expect((await request(port, "/style.css")).headers["content-type"]).toBe("text/css; charset=utf-8");
    expect((await request(port, "/data.json")).headers["content-type"]).toBe("application/json; charset=utf-8");
    const img = await request(port, "/image.png");
    expect(img.headers["content-type"]).toBe("image/png");
    expect(img.body.equals(png)).toBe(true);
    expect((await request(port, "/noext")).headers["content-type"]).toBe("application/octet-stream");
    expect((await request(port, "/code.el")).headers["content-type"]).toBe("text/x-elisp");
    expect((await request(port, "/with%20space.txt")).text).toBe("spaced\n");
    expect((await request(port, "/link-in")).text).toBe("hello, é\n");
  });

  it("streams a 1 MB file byte-exact", async () => {
    const r = await request(port, "/big.bin");
    expect(r.headers["content-length"]).toBe(String(big.length));
    expect(r.body.equals(big)).toBe(true);
  });

  it("answers HEAD with headers only", async () => {
    const raw = await rawExchange(port, "HEAD /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(raw).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(raw).toContain(`Content-Length: ${big.length}\r\n`);
    expect(raw.endsWith("\r\n\r\n")).toBe(true);
  });

  it("serves index.html for a directory, else an escaped listing; redirects to the slash form", async () => {
    expect((await request(port, "/withindex/")).text).toBe("<p>index</p>");
    const redirect = await request(port, "/sub?x=1");
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe("/sub/?x=1");
    const listing = await request(port, "/sub/");
    expect(listing.status).toBe(200);
    expect(listing.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(listing.text).toContain("&lt;script&gt;alert(1)&lt;\\script&gt;.txt");
    expect(listing.text).not.toContain("<script>");
    expect(listing.text).toContain('href="inner/"');
  });

  it("404s what is missing", async () => {
    expect((await request(port, "/missing.txt")).status).toBe(404);
    expect((await request(port, "/sub/missing/")).status).toBe(404);
    expect((await request(port, "/hello.txt/more")).status).toBe(404);
  });
});

describe("nothing outside the docroot is served", () => {
  const battery = [
    "/../secret.txt",
    "/sub/../../secret.txt",
    "/sub/../hello.txt",
    "/./hello.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/.%2e/secret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt",
    "/sub%2f..%2f..%2fsecret.txt",
    "/%2fetc%2fpasswd",
    "/%2F..%2F..%2Fsecret.txt",
    "/..\\secret.txt",
    "/..%5csecret.txt",
    "/%5c..%5csecret.txt",
    "/hello.txt%00.html",
    "/%00",
    "/..%00/secret.txt",
    "//etc/passwd",
    "///../secret.txt",
    "/../docroot-evil/secret2.txt",
    "/%2e%2e/docroot-evil/secret2.txt",
    "/link-out",
    "/dirlink-out/secret.txt",
    "/dirlink-out/docroot-evil/secret2.txt",
    "/withindex-out-index",
    "/evil-index/",
    "/%c0%ae%c0%ae/secret.txt",
    "/..%c0%afsecret.txt",
  ];
  for (const target of battery) {
    it(`refuses ${JSON.stringify(target)}`, async () => {
      const r = await request(port, target);
      expect([403, 404]).toContain(r.status);
      expect(r.text).not.toContain("SECRET");
      expect(r.text).not.toContain("root:");
    });
  }

  it("refuses absolute-form targets that climb out", async () => {
    const raw = await rawExchange(port, "GET http://127.0.0.1/../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(raw).toMatch(/^HTTP\/1\.1 40[34] /);
    expect(raw).not.toContain("SECRET");
  });

  it("refuses raw NUL bytes and backslashes on the wire", async () => {
    const nul = await rawExchange(port, "GET /hello.txt\0/../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(nul).toMatch(/^HTTP\/1\.1 40[034] /);
    expect(nul).not.toContain("SECRET");
  });
});

describe("docroots", () => {
  it("defaults to ~/public_html, expanding ~", async () => {
    const home = tempDir("elnode-home-");
    fs.mkdirSync(path.join(home, "public_html"));
    fs.writeFileSync(path.join(home, "public_html", "index.html"), "home page");
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      const p1 = await freePort();
      run(`(elnode-start (elnode-webserver-handler-maker) ${p1} "127.0.0.1")`);
      const p2 = await freePort();
      run(`(elnode-start (elnode-webserver-handler-maker "~/public_html") ${p2} "127.0.0.1")`);
      expect((await request(p1, "/")).text).toBe("home page");
      expect((await request(p2, "/")).text).toBe("home page");
    } finally {
      process.env.HOME = saved;
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it("serves group 1 of a dispatcher key relative to the docroot", async () => {
    run(`(defvar static-server (elnode-webserver-handler-maker "${docroot}"))
(defun static-dispatch (httpcon)
  (elnode-dispatcher httpcon '(("^/static/\\\\(.*\\\\)$" . static-server))))`);
    const p = await freePort();
    run(`(elnode-start 'static-dispatch ${p} "127.0.0.1")`);
    expect((await request(p, "/static/hello.txt")).text).toBe("hello, é\n");
    expect((await request(p, "/static/sub/inner/file.txt")).text).toBe("inner");
    const out = await request(p, "/static/../secret.txt");
    expect([403, 404]).toContain(out.status);
    expect((await request(p, "/static/%2e%2e/secret.txt")).text).not.toContain("SECRET");
  });

  it("404s every file when the docroot does not exist", async () => {
    const p = await freePort();
    run(`(elnode-start (elnode-webserver-handler-maker "${path.join(base, "nowhere")}") ${p} "127.0.0.1")`);
    expect((await request(p, "/")).status).toBe(404);
    expect((await request(p, "/x.txt")).status).toBe(404);
  });
});
