// Cookies and the response helpers of the 2015 API, end to end.
import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { run, elnode, freePort, request, serverSuiteWithTempDir } from "./helpers.js";

const dir = serverSuiteWithTempDir();

async function serve(handler: string, lexical = false): Promise<number> {
  const port = await freePort();
  run(`(elnode-start ${handler} ${port} "127.0.0.1")`, lexical);
  return port;
}

describe("cookies", () => {
  it("round-trips: set with options, sent back, read decoded", async () => {
    run(`(defun cookie-handler (httpcon)
  (setq cookies-seen (list (elnode-http-cookies httpcon)
                           (elnode-http-cookie httpcon "session")
                           (elnode-http-cookie httpcon 'session t)
                           (elnode-http-cookie httpcon "absent" t)))
  (elnode-http-cookie-set httpcon "session" "a b;c=é" :path "/" :http-only t :same-site "Strict" :secure t :max-age 3600)
  (elnode-http-cookie-set httpcon "pi" 3.14)
  (elnode-http-start httpcon 200 '("Content-Type" . "text/plain")
                     (elnode-http-cookie-make "e" 2.7 :expiry "Mon, 27 Feb 2012 22:10:21 GMT;" :path "/x"))
  (elnode-http-return httpcon "ok"))`);
    const port = await serve("'cookie-handler");
    const first = await request(port, "/");
    const setCookie = first.headers["set-cookie"]!;
    expect(setCookie).toEqual([
      "session=a%20b%3Bc=%C3%A9; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Strict",
      "pi=3.14",
      "e=2.7; Expires=Mon, 27 Feb 2012 22:10:21 GMT; Path=/x",
    ]);
    // The browser sends them back.
    const jar = setCookie.map((c) => c.split(";")[0]).join("; ");
    await request(port, "/", { headers: { Cookie: jar } });
    expect(elnode().print(run("cookies-seen"))).toBe(
      '((("e" . "2.7") ("pi" . "3.14") ("session" . "a b;c=é")) ("session" . "a b;c=é") "a b;c=é" nil)',
    );
  });

  it("makes a Set-Cookie header pair with elnode-http-cookie-make", () => {
    expect(elnode().print(run(`(elnode-http-cookie-make "n" "v" :path "/" :domain "example.org")`))).toBe(
      '("Set-Cookie" . "n=v; Domain=example.org; Path=/")',
    );
    expect(() => run(`(elnode-http-cookie-make "n" "v" :bogus 1)`)).toThrow(/Keyword argument :bogus not one of/);
    expect(() => run(`(elnode-http-cookie-make "bad name" "v")`)).toThrow(/invalid cookie name/);
  });
});

describe("headers", () => {
  it("sends headers set with elnode-http-header-set and elnode-http-special-extra-headers", async () => {
    run(`(defun header-set-handler (httpcon)
  (elnode-http-header-set httpcon "X-One" "1")
  (elnode-http-header-set httpcon '(x-two . "2"))
  (elnode-http-header-set httpcon 'content-type "text/x-overridden")
  (let ((elnode-http-special-extra-headers '(("Access-Control-Allow-Origin" . "*"))))
    (elnode-http-start httpcon 200 '("Content-Type" . "text/plain")))
  (setq late-header-set (elnode-http-header-set httpcon "X-Late" "no"))
  (elnode-http-send-string httpcon "x")
  (elnode-http-return httpcon))`);
    const port = await serve("'header-set-handler");
    const r = await request(port, "/");
    expect(r.headers["x-one"]).toBe("1");
    expect(r.headers["x-two"]).toBe("2");
    expect(r.headers["access-control-allow-origin"]).toBe("*");
    expect(r.headers["content-type"]).toBe("text/plain"); // the header given to elnode-http-start wins
    expect(r.headers["x-late"]).toBe("no"); // still before the headers went out
  });

  it("reads the Host header split, and dates with :time", async () => {
    run(`(defun host-handler (httpcon)
  (setq host-seen (list (elnode-http-host httpcon :split t)
                        (elnode-http-header httpcon 'if-modified-since :time)))
  (elnode-send-html httpcon "ok"))`);
    const port = await serve("'host-handler");
    await request(port, "/", { headers: { Host: "example.org:8080", "If-Modified-Since": "Thu, 01 Jan 1970 00:01:40 GMT" } });
    expect(elnode().print(run("host-seen"))).toBe('(("example.org" "8080") (0 100))');
  });
});

describe("send helpers", () => {
  it("sends JSON, JSON-P with a checked callback name", async () => {
    run(`(defun json-send-handler (httpcon)
  (let ((p (elnode-http-param httpcon "mode")))
    (cond ((equal p "jsonp") (elnode-send-json httpcon '(("a" . 1)) :jsonp t))
          ((equal p "named") (elnode-send-json httpcon [1 2] :jsonp "cb"))
          ((equal p "type") (elnode-send-json httpcon '(1 2) :content-type "text/plain"))
          (t (elnode-send-json httpcon '(("a" . [1 "x"])))))))`);
    const port = await serve("'json-send-handler");
    const plain = await request(port, "/");
    expect(plain.text).toBe('{"a":[1,"x"]}');
    expect(plain.headers["content-type"]).toBe("application/json; charset=utf-8");
    const jsonp = await request(port, "/?mode=jsonp&callback=my.handler");
    expect(jsonp.text).toBe('my.handler({"a":1});');
    expect(jsonp.headers["content-type"]).toBe("application/javascript; charset=utf-8");
    expect((await request(port, "/?mode=jsonp")).text).toBe('callback({"a":1});');
    expect((await request(port, "/?mode=named")).text).toBe("cb([1,2]);");
    expect((await request(port, "/?mode=type")).headers["content-type"]).toBe("text/plain");
    const evil = await request(port, "/?mode=jsonp&callback=alert(1)//");
    expect(evil.status).toBe(400);
  });

  it("sends status pages with an escaped message, redirects and redirecters", async () => {
    run(`(defun status-api-handler (httpcon)
  (let ((p (elnode-http-pathinfo httpcon)))
    (cond ((equal p "/404") (elnode-send-404 httpcon "no <such> page"))
          ((equal p "/400") (elnode-send-400 httpcon))
          ((equal p "/500") (elnode-send-500 httpcon "broken"))
          ((equal p "/418") (elnode-send-status httpcon 418 "short and stout"))
          ((equal p "/moved") (elnode-send-redirect httpcon "/new" 301))
          (t (funcall (elnode-make-redirecter "http://example.org/") httpcon)))))`);
    const port = await serve("'status-api-handler");
    const nf = await request(port, "/404");
    expect(nf.status).toBe(404);
    expect(nf.text).toContain("<p>no &lt;such&gt; page</p>");
    expect((await request(port, "/400")).status).toBe(400);
    expect((await request(port, "/500")).text).toContain("<p>broken</p>");
    const tea = await request(port, "/418");
    expect([tea.status, tea.statusMessage]).toEqual([418, "I'm a Teapot"]);
    expect(tea.text).toContain("short and stout");
    const moved = await request(port, "/moved");
    expect([moved.status, moved.statusMessage, moved.headers.location]).toEqual([301, "Moved Permanently", "/new"]);
    const other = await request(port, "/x");
    expect([other.status, other.statusMessage, other.headers.location]).toEqual([302, "Found", "http://example.org/"]);
  });

  it("sends files with templates (alist, hash table, function), a preamble, and 404 for a missing file", async () => {
    fs.writeFileSync(path.join(dir.path, "page.html"), "<title><!##E title E##!></title><p>By <!##E name E##!>.</p><!##E absent E##!>");
    run(`(defvar page-file "${dir.path}/page.html")
(defun template-values () (list (cons "title" (format "for %s" (elnode-http-pathinfo elnode-replacements-httpcon))) (cons "name" "fn")))
(defun send-file-handler (httpcon)
  (let ((p (elnode-http-pathinfo httpcon)))
    (cond ((equal p "/alist") (elnode-send-file httpcon page-file :replacements '(("title" . "All things") ("name" . "Nic"))))
          ((equal p "/hash") (let ((h (make-hash-table :test 'equal)))
                               (puthash "title" "H" h) (puthash "name" 42 h)
                               (elnode-send-file httpcon page-file :replacements h)))
          ((equal p "/fn") (elnode-send-file httpcon page-file :replacements 'template-values))
          ((equal p "/pre") (elnode-send-file httpcon page-file :preamble "<!-- pre -->" :mime-types '(("text/x-page" . "html"))))
          (t (elnode-send-file httpcon "${dir.path}/missing.html")))))`);
    const port = await serve("'send-file-handler");
    expect((await request(port, "/alist")).text).toBe("<title>All things</title><p>By Nic.</p>");
    expect((await request(port, "/hash")).text).toBe("<title>H</title><p>By 42.</p>");
    expect((await request(port, "/fn")).text).toBe("<title>for /fn</title><p>By fn.</p>");
    const pre = await request(port, "/pre");
    expect(pre.text).toBe("<!-- pre --><title><!##E title E##!></title><p>By <!##E name E##!>.</p><!##E absent E##!>");
    expect(pre.headers["content-type"]).toBe("text/x-page");
    expect((await request(port, "/missing")).status).toBe(404);
  });

  it("makes file handlers resolving relative names against the file being loaded", async () => {
    const sub = path.join(dir.path, "app");
    fs.mkdirSync(sub);
    fs.writeFileSync(path.join(sub, "hello.txt"), "hello from the app\n");
    fs.writeFileSync(
      path.join(sub, "app.el"),
      `(defvar app-file-handler (elnode-make-send-file "hello.txt"))
(defvar app-template-handler (elnode-make-send-file "hello.txt" :replacements '(("x" . "y")) :replacements-pattern "\\\\(from\\\\)"))\n`,
    );
    run(`(load "${path.join(sub, "app.el")}" nil t)`);
    const port = await serve("app-file-handler");
    const r = await request(port, "/");
    expect(r.text).toBe("hello from the app\n");
    expect(r.headers["content-type"]).toBe("text/plain; charset=utf-8");
    const port2 = await serve("app-template-handler");
    expect((await request(port2, "/")).text).toBe("hello  the app\n");
  });

  it("sends what with-stdout-to-elnode's body prints", async () => {
    run(`(defun stdout-handler (httpcon)
  (elnode-http-start httpcon 200 '("Content-Type" . "text/plain"))
  (with-stdout-to-elnode httpcon
    (princ "hello ")
    (prin1 '(1 "two"))))`);
    const port = await serve("'stdout-handler");
    const r = await request(port, "/");
    expect(r.text).toBe('hello (1 "two")');
    expect(r.headers["content-type"]).toBe("text/plain");
  });
});
