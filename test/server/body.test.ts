// Request bodies end to end: urlencoded and multipart forms merged into the
// parameters, uploads (in memory and streamed to a temporary file), JSON
// bodies, the size limit, and elnode-method.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as crypto from "node:crypto";
import { intern, NIL, T } from "../../src/index.js";
import { run, elnode, freePort, request, stopServers, tempDir } from "./helpers.js";
import { send, form, multipart, upload } from "./api-helpers.js";

let port: number;

beforeAll(async () => {
  elnode();
  run(`
(defvar body-seen nil)
(defun body-handler (httpcon)
  (let ((file (elnode-http-param-file httpcon "upload")))
    (setq body-seen
          (list :method (elnode-http-method httpcon)
                :params (elnode-http-params httpcon)
                :a (elnode-http-param httpcon "a")
                :sym (elnode-http-param httpcon 'a)
                :missing (elnode-http-param httpcon "missing" "dflt")
                :only (elnode-http-params httpcon "b" 'c)
                :filename (elnode-http-param-filename httpcon "upload")
                :type (elnode-http-param-content-type httpcon "upload")
                :file-exists (and file (file-exists-p file))
                :file file
                :plain-filename (elnode-http-param-filename httpcon "a")))
    (elnode-http-start httpcon 200 '("Content-Type" . "text/plain"))
    (elnode-http-return httpcon (format "%d" (length (or (elnode-http-param httpcon "upload") ""))))))`);
  port = await freePort();
  run(`(elnode-start 'body-handler ${port} "127.0.0.1")`);
});
afterAll(() => stopServers());

const seen = (key: string) => elnode().print(run(`(plist-get body-seen ${key})`));

describe("urlencoded bodies", () => {
  it("merges query and body parameters on POST, decoded, as elnode did", async () => {
    const f = form({ a: "body a", b: "x+y é", c: "" });
    const r = await send(port, "/path?a=query%20a&q=1", { body: f.body, headers: f.headers });
    expect(r.status).toBe(200);
    expect(seen(":method")).toBe('"POST"');
    expect(seen(":params")).toBe('(("a" "query a" "body a") ("q" . "1") ("b" . "x+y é") ("c" . ""))');
    expect(seen(":a")).toBe('("query a" "body a")');
    expect(seen(":sym")).toBe('("query a" "body a")');
    expect(seen(":missing")).toBe('"dflt"');
    expect(seen(":only")).toBe('(("b" . "x+y é") ("c" . ""))');
  });

  it("reads PUT bodies too, and a body sent chunked", async () => {
    const r = await send(port, "/", {
      method: "PUT", body: "a=1&b=2", headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
    });
    expect(r.status).toBe(200);
    expect(seen(":params")).toBe('(("a" . "1") ("b" . "2"))');
  });

  it("leaves GET parameters as the query gives them", async () => {
    await request(port, "/?a=1&a=2");
    expect(seen(":params")).toBe('(("a" . "1") ("a" . "2"))');
  });
});

describe("multipart bodies", () => {
  it("gives fields as parameters and files as strings with their file name", async () => {
    const m = multipart([
      { name: "a", value: "field é" },
      { name: "upload", value: "line 1\nline 2\n", filename: "notes ü.txt", type: "text/plain" },
    ]);
    const r = await send(port, "/?q=1", { body: m.body, headers: m.headers });
    expect(r.status).toBe(200);
    expect(r.text).toBe("14");
    expect(run(`(equal (plist-get body-seen :params) '(("q" . "1") ("a" . "field é") ("upload" . "line 1\nline 2\n")))`)).toBe(T);
    expect(seen(":filename")).toBe('"notes ü.txt"');
    expect(seen(":type")).toBe('"text/plain"');
    expect(seen(":plain-filename")).toBe("nil");
    expect(seen(":file-exists")).toBe("t");
  });

  it("streams a large upload to a temporary file, removed when the response ends", async () => {
    const data = crypto.randomBytes(3 * 1024 * 1024);
    const m = multipart([{ name: "upload", value: data, filename: "big.bin", type: "application/octet-stream" }]);
    const r = await send(port, "/", { body: m.body, headers: m.headers });
    expect(r.status).toBe(200);
    expect(Number(r.text)).toBeGreaterThan(0);
    const file = run("(plist-get body-seen :file)") as string;
    expect(typeof file).toBe("string");
    expect(seen(":file-exists")).toBe("t");
    // The temporary file is gone once the response is over.
    for (let i = 0; i < 100 && fs.existsSync(file); i++) await new Promise((res) => setTimeout(res, 10));
    expect(fs.existsSync(file)).toBe(false);
  });

  it("keeps binary uploads byte for byte: the file can be renamed away to keep it", async () => {
    const dir = tempDir();
    run(`(defun upload-keep-handler (httpcon)
  (rename-file (elnode-http-param-file httpcon "upload") "${dir}/kept.bin" t)
  (elnode-send-html httpcon "kept"))`);
    const p = await freePort();
    run(`(elnode-start 'upload-keep-handler ${p} "127.0.0.1")`);
    for (const size of [1000, 200 * 1024]) {
      const data = crypto.randomBytes(size);
      const m = multipart([{ name: "upload", value: data, filename: "x.bin" }]);
      const r = await send(p, "/", { body: m.body, headers: m.headers });
      expect(r.text).toBe("kept");
      expect(fs.readFileSync(`${dir}/kept.bin`).equals(data)).toBe(true);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers 413 to a 20 MB upload under the 10 MB limit, and goes on serving", async () => {
    const m = multipart([{ name: "upload", value: Buffer.alloc(0), filename: "huge.bin" }]);
    const head = m.body.subarray(0, m.body.length - Buffer.byteLength(`\r\n--${m.boundary}--\r\n`));
    const tail = Buffer.from(`\r\n--${m.boundary}--\r\n`);
    const total = 20 * 1024 * 1024;
    for (const variant of [{ chunked: true }, { expectContinue: true }, {}]) {
      const before = process.memoryUsage().rss;
      const r = await upload(port, "/", { head, tail, total, headers: m.headers, ...variant });
      expect(r, JSON.stringify(variant)).toMatchObject({ status: 413 });
      // The body is never held whole: the process grows by less than the upload.
      // (RSS is noisy under load, so the bound is the upload's size, not tighter.)
      expect(process.memoryUsage().rss - before).toBeLessThan(total);
      const after = await request(port, "/?a=still");
      expect(after.status).toBe(200);
    }
  });
});

describe("JSON bodies", () => {
  it("reads a JSON body with elnode-http-json, honouring json-object-type", async () => {
    run(`(defun json-handler (httpcon)
  (setq json-seen (list (elnode-http-json httpcon)
                        (let ((json-object-type 'hash-table))
                          (and (elnode-http-json httpcon) (gethash "b" (elnode-http-json httpcon))))))
  (elnode-send-json httpcon (elnode-http-json httpcon)))`);
    const p = await freePort();
    run(`(elnode-start 'json-handler ${p} "127.0.0.1")`);
    const r = await send(p, "/", { body: '{"a": [1, 2.5, null, true], "b": "é"}', headers: { "content-type": "application/json" } });
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(r.text)).toEqual({ a: [1, 2.5, null, true], b: "é" });
    expect(elnode().print(run("json-seen"))).toBe('(((a . [1 2.5 nil t]) (b . "é")) "é")');
    // No body: nil.
    await request(p, "/");
    expect(run("(car json-seen)")).toBe(NIL);
  });
});

describe("elnode-method and elnode-http-query-to-alist", () => {
  it("dispatches on the method, maps HEAD to GET, and answers 405 with Allow", async () => {
    run(`(defun method-api-handler (httpcon)
  (elnode-method httpcon
    (GET (elnode-send-html httpcon "got"))
    (POST (elnode-send-html httpcon (concat "posted " (elnode-http-param httpcon "x"))))))`);
    const p = await freePort();
    run(`(elnode-start 'method-api-handler ${p} "127.0.0.1")`);
    expect((await request(p, "/")).text).toBe("got");
    expect((await send(p, "/", { body: "x=1", headers: { "content-type": "application/x-www-form-urlencoded" } })).text).toBe("posted 1");
    const head = await request(p, "/", { method: "HEAD" });
    expect(head.status).toBe(200);
    const del = await request(p, "/", { method: "DELETE" });
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe("GET, POST, HEAD");
  });

  it("parses query strings", () => {
    expect(elnode().print(run(`(elnode-http-query-to-alist "a=1&b=x+y&c&d=%C3%A9")`))).toBe(
      '(("a" . "1") ("b" . "x y") ("c") ("d" . "é"))',
    );
    expect(intern("elnode-http-query-to-alist").fn).not.toBe(NIL);
  });
});
