// The server's HTTP behaviour, end to end: real servers on 127.0.0.1, a real client.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as http from "node:http";
import * as net from "node:net";
import { LispSignal, errorMessageString, intern, T, NIL } from "../../src/index.js";
import { HttpCon } from "../../src/server/index.js";
import { run, elnode, freePort, request, rawExchange, stopServers, captureStderr, valueWhenSet, until } from "./helpers.js";

beforeAll(() => {
  elnode();
  run(`
(defun text-handler (httpcon)
  (elnode-http-start httpcon 200 '("Content-Type" . "text/plain; charset=utf-8"))
  (elnode-http-return httpcon "hello"))`);
});
afterAll(() => stopServers());

async function serve(handlerForm: string, lexical = false): Promise<number> {
  const port = await freePort();
  expect(run(`(elnode-start ${handlerForm} ${port} "127.0.0.1")`, lexical)).toBe(port);
  return port;
}

describe("responses", () => {
  it("sends UTF-8 bodies byte-exact, with Content-Length in bytes", async () => {
    const text = "héllo — 😀 中文 ¢€𐍈";
    run(`(defun utf8-handler (httpcon)
  (elnode-http-start httpcon 200 '("Content-Type" . "text/plain; charset=utf-8"))
  (elnode-http-return httpcon "${text}"))`);
    const port = await serve("'utf8-handler");
    const r = await request(port, "/");
    expect(r.body.equals(Buffer.from(text, "utf8"))).toBe(true);
    expect(r.headers["content-length"]).toBe(String(Buffer.byteLength(text)));
  });

  it("streams UTF-8 chunks byte-exact when the handler returns before finishing", async () => {
    run(`(defvar pending-con nil)
(defun stream-handler (httpcon)
  (elnode-http-start httpcon 200 '("Content-Type" . "text/plain; charset=utf-8"))
  (elnode-http-send-string httpcon "é")
  (elnode-http-send-string httpcon "😀")
  (setq pending-con httpcon))`);
    const port = await serve("'stream-handler");
    const reply = request(port, "/");
    // The handler has returned; write more later, as a timer or a process would.
    await valueWhenSet("pending-con");
    run(`(elnode-http-send-string pending-con "中")`);
    run(`(elnode-http-return pending-con "!")`);
    const r = await reply;
    expect(r.headers["transfer-encoding"]).toBe("chunked");
    expect(r.headers["content-length"]).toBeUndefined();
    expect(r.body.equals(Buffer.from("é😀中!", "utf8"))).toBe(true);
    expect(run("(process-live-p pending-con)")).toBe(NIL);
  });

  it("sends and returns in one go with Content-Length", async () => {
    run(`(defun one-go-handler (httpcon)
  (elnode-http-start httpcon 200 '("Content-Type" . "text/plain"))
  (elnode-http-send-string httpcon "a")
  (elnode-http-send-string httpcon "b")
  (elnode-http-return httpcon "c"))`);
    const port = await serve("'one-go-handler");
    const r = await request(port, "/");
    expect(r.text).toBe("abc");
    expect(r.headers["content-length"]).toBe("3");
    expect(r.headers["transfer-encoding"]).toBeUndefined();
  });

  it("keeps the connection alive: two requests on one socket", async () => {
    const port = await serve("'text-handler");
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const a = await request(port, "/a", { agent });
    const b = await request(port, "/b", { agent });
    agent.destroy();
    expect(a.text).toBe("hello");
    expect(b.text).toBe("hello");
    expect(a.headers.connection).toBe("keep-alive");
    expect(a.localPort).toBe(b.localPort);
  });

  it("answers HEAD with headers only", async () => {
    const port = await serve("'text-handler");
    const get = await request(port, "/");
    const raw = await rawExchange(port, "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(raw).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(raw).toContain(`Content-Length: ${get.headers["content-length"]}\r\n`);
    expect(raw.endsWith("\r\n\r\n")).toBe(true);
    expect(raw).not.toContain("hello");
  });

  it("takes the status as an integer or a numeric string, always with a reason phrase", async () => {
    run(`(defun status-handler (httpcon)
  (let ((s (cdr (assoc "s" (elnode-http-params httpcon)))))
    (elnode-http-start httpcon (if (equal s "str") "201" (string-to-number s)))
    (elnode-http-return httpcon "")))`);
    const port = await serve("'status-handler");
    const cases: [string, number, string][] = [
      ["str", 201, "Created"],
      ["418", 418, "I'm a Teapot"],
      ["451", 451, "Unavailable For Legal Reasons"],
      ["299", 299, "Success"],
      ["599", 599, "Server Error"],
    ];
    for (const [s, status, reason] of cases) {
      const r = await request(port, `/?s=${s}`);
      expect([r.status, r.statusMessage]).toEqual([status, reason]);
    }
  });

  it("accepts header names as strings or symbols, as conses or one alist", async () => {
    run(`(defun headers-handler (httpcon)
  (elnode-http-start httpcon 200 '(content-type . "text/plain") '("X-Literal-case" . "a") '(x-count . 42))
  (elnode-http-return httpcon "ok"))
(defun alist-headers-handler (httpcon)
  (elnode-http-start httpcon "200" '(("Content-Type" . "text/plain") (x-two . "2")))
  (elnode-http-return httpcon "ok"))`);
    const port = await serve("'headers-handler");
    const r = await request(port, "/");
    expect(r.rawHeaders).toEqual(expect.arrayContaining(["Content-Type", "text/plain", "X-Literal-case", "a", "X-Count", "42"]));
    const port2 = await serve("'alist-headers-handler");
    const r2 = await request(port2, "/");
    expect(r2.rawHeaders).toEqual(expect.arrayContaining(["Content-Type", "text/plain", "X-Two", "2"]));
  });

  it("signals a Lisp error for a bad status or header, answered 500", async () => {
    run(`(defun bad-status-handler (httpcon)
  (elnode-http-start httpcon "two hundred")
  (elnode-http-return httpcon "x"))
(defun bad-header-handler (httpcon)
  (elnode-http-start httpcon 200 '("Bad Name" . "v"))
  (elnode-http-return httpcon "x"))`);
    const p1 = await serve("'bad-status-handler");
    const p2 = await serve("'bad-header-handler");
    const { value, stderr } = await captureStderr(async () => [await request(p1, "/"), await request(p2, "/")]);
    expect(value.map((r) => r.status)).toEqual([500, 500]);
    expect(stderr).toContain("Wrong type argument: integerp, \"two hundred\"");
    expect(stderr).toContain("Invalid HTTP header");
  });
});

describe("errors", () => {
  it("answers 500 for a handler that signals, logs it Emacs-style with the path, and keeps serving", async () => {
    run(`(defun failing-handler (httpcon)
  (if (equal (elnode-http-pathinfo httpcon) "/boom")
      (car 1)
    (elnode-http-start httpcon 200 '("Content-Type" . "text/plain"))
    (elnode-http-return httpcon "fine")))`);
    const port = await serve("'failing-handler");
    const { value: r, stderr } = await captureStderr(() => request(port, "/boom"));
    expect(r.status).toBe(500);
    expect(r.text.length).toBeGreaterThan(0);
    expect(r.text.length).toBeLessThan(200);
    expect(stderr).toContain("GET /boom");
    expect(stderr).toContain("Wrong type argument: listp, 1");
    expect((await request(port, "/ok")).text).toBe("fine");
  });

  it("closes the connection when the error comes after the headers went out", async () => {
    run(`(defun late-failing-handler (httpcon)
  (elnode-http-start httpcon 200 '("Content-Type" . "text/plain"))
  (elnode-http-send-string httpcon "partial")
  (setq late-con httpcon))`);
    const port = await serve("'late-failing-handler");
    const raw = rawExchange(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    // An error while serving later (as in a timer): the server closes the connection.
    const con = (await valueWhenSet("late-con")) as HttpCon;
    const { handlerFailed } = await import("../../src/server/server.js");
    await captureStderr(async () => handlerFailed(con, new LispSignal(intern("error"), NIL)));
    const text = await raw;
    expect(text).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(text).toContain("partial");
    expect(text).not.toContain("0\r\n\r\n"); // no terminating chunk: the client sees a cut response
  });

  it("answers 400 to a malformed request (node:http's parser)", async () => {
    const port = await serve("'text-handler");
    const raw = await rawExchange(port, "THIS IS NOT HTTP\r\n\r\n");
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect((await request(port, "/")).text).toBe("hello");
  });

  it("survives a client that goes away before the response", async () => {
    run(`(defun slow-handler (httpcon) (setq slow-con httpcon))`);
    const port = await serve("'slow-handler");
    await new Promise<void>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        valueWhenSet("slow-con").then(() => {
          s.destroy();
          resolve();
        });
      });
    });
    await until(() => run("(process-live-p slow-con)") === NIL);
    expect(() => run(`(elnode-http-return slow-con "too late")`)).not.toThrow();
  });
});

describe("elnode-start and elnode-stop", () => {
  it("takes the 2015 keyword convention", async () => {
    const port = await freePort();
    expect(run(`(elnode-start 'text-handler :port ${port} :host "127.0.0.1")`)).toBe(port);
    expect((await request(port, "/")).text).toBe("hello");
  });

  it("defaults the host to localhost (loopback)", async () => {
    const port = await freePort();
    run(`(elnode-start 'text-handler ${port})`);
    expect((await request(port, "/")).text).toBe("hello");
  });

  it("accepts a lambda, a closure, and a symbol redefined without restart", async () => {
    const p1 = await serve(`(lambda (httpcon) (elnode-http-start httpcon 200) (elnode-http-return httpcon "lambda"))`);
    expect((await request(p1, "/")).text).toBe("lambda");
    run(`(defun make-greeter (greeting)
  (lambda (httpcon) (elnode-http-start httpcon 200) (elnode-http-return httpcon greeting)))`, true);
    const p2 = await serve(`(make-greeter "closure")`, true);
    expect((await request(p2, "/")).text).toBe("closure");
    run(`(defun changing-handler (httpcon) (elnode-http-start httpcon 200) (elnode-http-return httpcon "v1"))`);
    const p3 = await serve("'changing-handler");
    expect((await request(p3, "/")).text).toBe("v1");
    run(`(defun changing-handler (httpcon) (elnode-http-start httpcon 200) (elnode-http-return httpcon "v2"))`);
    expect((await request(p3, "/")).text).toBe("v2");
  });

  it("replaces nothing on a port it already serves, and says so", async () => {
    const port = await serve("'text-handler");
    const { value, stderr } = await captureStderr(async () =>
      run(`(elnode-start (lambda (h) (elnode-http-start h 200) (elnode-http-return h "other")) ${port} "127.0.0.1")`),
    );
    expect(value).toBe(NIL);
    expect(stderr).toContain(`port ${port} is already served`);
    expect((await request(port, "/")).text).toBe("hello");
  });

  it("signals a file-error naming the port when another program holds it", async () => {
    const other = net.createServer();
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", () => r()));
    const port = (other.address() as net.AddressInfo).port;
    try {
      let caught: unknown;
      try {
        elnode().evalString(`(elnode-start 'text-handler ${port} "127.0.0.1")`);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(LispSignal);
      const sig = caught as LispSignal;
      expect(sig.symbol.name).toBe("file-error");
      expect(errorMessageString(sig.errorObject)).toBe(
        `Cannot start elnode on port ${port}: Address already in use, 127.0.0.1`,
      );
      expect(run(`(condition-case err (elnode-start 'text-handler ${port} "127.0.0.1") (file-error 'caught))`)).toBe(
        intern("caught"),
      );
      expect(run("(elnode-ports)")).not.toContain(port);
    } finally {
      other.close();
    }
  });

  it("elnode-stop frees the port: starting again on it works", async () => {
    const port = await serve("'text-handler");
    expect(run(`(elnode-stop ${port})`)).toBe(T);
    expect(run(`(elnode-stop ${port})`)).toBe(NIL);
    run(`(defun second-handler (httpcon) (elnode-http-start httpcon 200) (elnode-http-return httpcon "second"))`);
    expect(run(`(elnode-start 'second-handler ${port} "127.0.0.1")`)).toBe(port);
    expect((await request(port, "/")).text).toBe("second");
  });

  it("lets in-flight responses finish after elnode-stop", async () => {
    run(`(defun parked-handler (httpcon) (setq parked-con httpcon))`);
    const port = await serve("'parked-handler");
    const reply = request(port, "/");
    await valueWhenSet("parked-con");
    run(`(elnode-stop ${port})`);
    run(`(elnode-http-start parked-con 200)`);
    run(`(elnode-http-return parked-con "finished after stop")`);
    expect((await reply).text).toBe("finished after stop");
  });

  it("serves several ports at once and lists them", async () => {
    const a = await serve("'text-handler");
    const b = await serve(`(lambda (h) (elnode-http-start h 200) (elnode-http-return h "b"))`);
    const ports = run("(elnode-ports)");
    expect(elnode().print(ports)).toContain(String(a));
    expect(elnode().print(ports)).toContain(String(b));
    expect((await request(a, "/")).text).toBe("hello");
    expect((await request(b, "/")).text).toBe("b");
  });

  it("binds port 0 to a free port and returns it", async () => {
    const port = run(`(elnode-start 'text-handler 0 "127.0.0.1")`) as number;
    expect(port).toBeGreaterThan(0);
    expect((await request(port, "/")).text).toBe("hello");
  });
});

describe("the connection object", () => {
  it("is a process: prints as one, has a plist, and is live until answered", async () => {
    run(`(defun plist-handler (httpcon)
  (process-put httpcon :visits 1)
  (process-put httpcon :visits (1+ (process-get httpcon :visits)))
  (setq seen (list (processp httpcon) (and (process-live-p httpcon) t) (process-get httpcon :visits)
                   (prin1-to-string httpcon)))
  (elnode-http-start httpcon 200)
  (elnode-http-return httpcon "ok")
  (setq seen (append seen (list (and (process-live-p httpcon) t)))))`);
    const port = await serve("'plist-handler");
    await request(port, "/");
    const seen = elnode().print(run("seen"));
    expect(seen).toMatch(new RegExp(`^\\(t t 2 "#<process elnode-${port}-1>" nil\\)$`));
  });

  it("reads headers case-insensitively by string or symbol, host, headers alist and remote address", async () => {
    run(`(defun info-handler (httpcon)
  (setq info (list (elnode-http-header httpcon "x-custom") (elnode-http-header httpcon 'X-Custom)
                   (elnode-http-header httpcon "absent") (elnode-http-host httpcon)
                   (elnode-http-host httpcon :just-host t) (elnode-get-remote-ipaddr httpcon)
                   (assoc "X-Custom" (elnode-http-headers httpcon))))
  (elnode-http-start httpcon 200)
  (elnode-http-return httpcon "ok"))`);
    const port = await serve("'info-handler");
    await request(port, "/", { headers: { "X-Custom": "v1" } });
    expect(elnode().print(run("info"))).toBe(
      `("v1" "v1" nil "127.0.0.1:${port}" "127.0.0.1" "127.0.0.1" ("X-Custom" . "v1"))`,
    );
  });
});

describe("the access log", () => {
  let logged = "";
  it("writes one Common Log Format line per request unless elnode-log-access is nil", async () => {
    const port = await serve("'text-handler");
    const { stderr } = await captureStderr(async () => {
      run("(setq elnode-log-access nil)");
      await request(port, "/quiet");
      run("(setq elnode-log-access t)");
      await request(port, "/logged?x=1");
      // The line is written when the response closes, just after the client has it.
      await until(() => logged.includes("/logged"));
      run("(setq elnode-log-access nil)");
    }, (text) => (logged = text));
    expect(stderr).toMatch(
      /^127\.0\.0\.1 - - \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "GET \/logged\?x=1 HTTP\/1\.1" 200 5\n$/,
    );
  });
});

describe("the Lisp layer and helpers", () => {
  it("provides elnode: require is harmless when loaded", () => {
    expect(run("(featurep 'elnode)")).toBe(T);
    expect(run("(require 'elnode)")).toBe(intern("elnode"));
  });

  it("has elnode-send-html, elnode-method and elnode-send-redirect", async () => {
    run(`(defun method-handler (httpcon)
  (elnode-method httpcon
    (GET (elnode-send-html httpcon "<p>got</p>"))
    (POST (elnode-send-redirect httpcon "/elsewhere"))))`);
    const port = await serve("'method-handler");
    const get = await request(port, "/");
    expect(get.text).toBe("<p>got</p>");
    expect(get.headers["content-type"]).toBe("text/html; charset=utf-8");
    const post = await request(port, "/", { method: "POST" });
    expect(post.status).toBe(302);
    expect(post.headers.location).toBe("/elsewhere");
    expect((await request(port, "/", { method: "PUT" })).status).toBe(405);
  });

  it("refuses a handler that is not a function", () => {
    expect(() => run(`(elnode-start 42 0 "127.0.0.1")`)).toThrow("Wrong type argument: functionp, 42");
    expect(() => run(`(elnode-start 'text-handler :port 0 :bogus 1)`)).toThrow(
      "Keyword argument :bogus not one of (:port :host :defer-mode :service-mappings)",
    );
  });

  it("keeps the first elnode-http-start when called twice, and says so", async () => {
    run(`(defun twice-handler (httpcon)
  (elnode-http-start httpcon 201 '("X-First" . "1"))
  (elnode-http-start httpcon 500 '("X-Second" . "2"))
  (elnode-http-return httpcon "first wins"))`);
    const port = await serve("'twice-handler");
    const { value: r, stderr } = await captureStderr(() => request(port, "/"));
    expect(r.status).toBe(201);
    expect(r.headers["x-first"]).toBe("1");
    expect(r.headers["x-second"]).toBeUndefined();
    expect(stderr).toContain("already started");
  });
});
