// Every Lisp form of the 2010 README, run as written against real servers.
// The snippets are cut out of the seed README text itself. Changes, each
// one marked where it is made: the missing `)` of three snippets added, the
// extra `)` of the dispatcher snippet dropped, port 8000 replaced by a free
// port (tests run in parallel), and the README's example path for `cat`
// replaced by a file of ours. Snippets that are bare forms using `httpcon`
// run inside a handler defun, which is where the README means them to go.
import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import * as crypto from "node:crypto";
import { listToArray } from "../../src/index.js";
import { run, elnode, seedText, freePort, request, serverSuiteWithTempDir, captureStderr } from "./helpers.js";

const dir = serverSuiteWithTempDir();

/** A README start/stop form with its port 8000 replaced by PORT. */
const onPort = (form: string, port: number) => form.replace("8000", String(port));

describe("README: hello handler, start, stop", () => {
  it("serves the nicferrier-handler page and stops", async () => {
    const defun = seedText("(defun nicferrier-handler (httpcon)", "And then start the server");
    run(defun + ")"); // the README's defun lacks its closing paren
    const port = await freePort();
    const startForm = seedText("(elnode-start 'nicferrier-handler 8000)", "\n");
    expect(startForm).toBe("(elnode-start 'nicferrier-handler 8000)");
    expect(run(onPort(startForm, port))).toBe(port);

    const r = await request(port, "/");
    expect(r.status).toBe(200);
    expect(r.statusMessage).toBe("OK");
    expect(r.headers["content-type"]).toBe("text/html");
    expect(r.rawHeaders).toContain("Content-type"); // a string header name goes out as written
    expect(r.headers["content-length"]).toBe(String(Buffer.byteLength("<html><b>HELLO!</b></html>")));
    expect(r.text).toBe("<html><b>HELLO!</b></html>");

    const stopForm = seedText("(elnode-stop 8000)", "\n");
    run(onPort(stopForm, port));
    await expect(request(port, "/")).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe("README: the HTTP interface", () => {
  it("runs the header, method, pathinfo, query, params and version forms in a handler", async () => {
    const myHandler = seedText("(defun my-handler (httpcon)", "(elnode-http-method httpcon)");
    run(myHandler + ")"); // missing closing paren added
    const forms = [
      seedText("(elnode-http-method httpcon)", "\n"),
      seedText("(elnode-http-pathinfo httpcon)", "\n"),
      seedText("(elnode-http-query httpcon)", "\n"),
      seedText("(elnode-http-params httpcon)", "\n"),
      seedText("(elnode-http-version httpcon)", "\n"),
    ];
    run(`(defvar readme-report nil)
(defun report-handler (httpcon)
  (setq readme-report (list (my-handler httpcon) ${forms.join(" ")}))
  (elnode-http-start httpcon 200 '("Content-Type" . "text/plain"))
  (elnode-http-return httpcon "reported"))`);
    const port = await freePort();
    run(`(elnode-start 'report-handler ${port})`);
    const r = await request(port, "/some%20path/caf%C3%A9/?a=1&b=x%20y+z&c", {
      headers: { "content-type": "text/plain" },
    });
    expect(r.text).toBe("reported");
    const [header, method, pathinfo, query, params, version] = listToArray(elnode().value("readme-report"));
    expect(header).toBe("text/plain"); // the client sent content-type: lookup is case-insensitive
    expect(method).toBe("GET");
    expect(pathinfo).toBe("/some path/café/");
    expect(query).toBe("a=1&b=x%20y+z&c");
    expect(elnode().print(params)).toBe('(("a" . "1") ("b" . "x y z") ("c"))');
    expect(version).toBe("1.1");
  });
});

describe("README: the dispatcher", () => {
  it("routes / and users/ with the 2010 table as written", async () => {
    run(`(defun root-handler (httpcon)
  (elnode-http-start httpcon 200 '("Content-Type" . "text/plain"))
  (elnode-http-return httpcon "root"))
(defun users-handler (httpcon)
  (elnode-http-start httpcon 200 '("Content-Type" . "text/plain"))
  (elnode-http-return httpcon "users"))`);
    const snippet = seedText("(elnode-dispatcher httpcon", "One of the chief");
    expect(snippet.endsWith("))))")).toBe(true);
    run(`(defun dispatcher-handler (httpcon)\n  ${snippet.slice(0, -1)})`); // the extra paren dropped
    const port = await freePort();
    run(`(elnode-start 'dispatcher-handler ${port})`);
    expect((await request(port, "/")).text).toBe("root");
    expect((await request(port, "/users/")).text).toBe("users");
    expect((await request(port, "/users")).text).toBe("users");
    const miss = await request(port, "/nowhere");
    expect(miss.status).toBe(404);
    expect(miss.statusMessage).toBe("Not Found");
    expect((await request(port, "/users/42")).status).toBe(404);
  });
});

describe("README: calling processes", () => {
  it("streams cat of a file bigger than 1 MB byte-exact", async () => {
    const file = path.join(dir.path, "example.html");
    const data = crypto.randomBytes(1536 * 1024 + 7);
    fs.writeFileSync(file, data);
    const snippet = seedText("(elnode-child-process httpcon", "Would call the program");
    expect(snippet).toContain('"/home/nferrier/elnode/example.html"');
    // the README's example file replaced by ours; the missing paren added
    const form = snippet.replace("/home/nferrier/elnode/example.html", file) + ")";
    run(`(defun cat-handler (httpcon)\n  ${form})`);
    const port = await freePort();
    run(`(elnode-start 'cat-handler ${port})`);
    const r = await request(port, "/");
    expect(r.status).toBe(200);
    expect(r.headers["transfer-encoding"]).toBe("chunked");
    expect(r.body.length).toBe(data.length);
    expect(r.body.equals(data)).toBe(true);
  });
});

describe("README: file serving", () => {
  it("serves the docroot through the dispatcher, users/ still routed", async () => {
    const docroot = path.join(dir.path, "www");
    fs.mkdirSync(docroot);
    fs.writeFileSync(path.join(docroot, "index.html"), "<html>the index</html>");
    // `docroot` is set first: the README's defvar then keeps our directory.
    run(`(setq docroot "${docroot}")`);
    const snippet = seedText('(defvar docroot "~/www")', "One point of interest");
    run(snippet);
    const port = await freePort();
    run(`(elnode-start 'my-handler ${port})`);
    const r = await request(port, "/");
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(r.text).toBe("<html>the index</html>");
    expect((await request(port, "/users/")).text).toBe("users");
  });

  it("in a lexical-binding file the let-bound webserver is invisible: a 500 that says why", async () => {
    const snippet = seedText('(defvar docroot "~/www")', "One point of interest");
    run(snippet.replace("(defun my-handler", "(defun my-lexical-handler"), true);
    const port = await freePort();
    run(`(elnode-start 'my-lexical-handler ${port})`);
    const { value: r, stderr } = await captureStderr(() => request(port, "/"));
    expect(r.status).toBe(500);
    expect(stderr).toMatch(/GET \/ .*\u2018webserver\u2019 is neither a function nor a variable holding one/);
    expect((await request(port, "/users/")).text).toBe("users");
  });
});

describe("lisp/examples", () => {
  /** Load an example file with elnode-start sent to a free port; returns the port it served. */
  function loadExample(name: string): number {
    run(`(defvar example-port nil)
(unless (fboundp 'elnode-start--original) (fset 'elnode-start--original (symbol-function 'elnode-start)))
(fset 'elnode-start (lambda (handler &rest _) (setq example-port (elnode-start--original handler 0 "127.0.0.1"))))`);
    try {
      elnode().load(path.resolve("lisp/examples", name));
    } finally {
      run(`(fset 'elnode-start (symbol-function 'elnode-start--original))`);
    }
    return elnode().value("example-port") as number;
  }

  it("hello.el", async () => {
    const r = await request(loadExample("hello.el"), "/");
    expect(r.text).toBe("<html><b>HELLO!</b></html>");
  });

  it("dispatcher.el", async () => {
    const port = loadExample("dispatcher.el");
    expect((await request(port, "/")).text).toBe("root\n");
    expect((await request(port, "/users/")).text).toBe("users\n");
    expect((await request(port, "/x")).status).toBe(404);
  });

  it("child.el", async () => {
    const r = await request(loadExample("child.el"), "/");
    expect(r.text).toBe(fs.readFileSync("lisp/examples/child.el", "utf8"));
  });

  it("webserver.el", async () => {
    run("(makunbound 'docroot)"); // an earlier test set it; the example's defvar must take effect
    const port = loadExample("webserver.el");
    const r = await request(port, "/");
    expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(r.text).toBe(fs.readFileSync("lisp/examples/www/index.html", "utf8"));
    expect((await request(port, "/users/")).text).toBe("users\n");
  });
});
