// elnode-dispatcher: both key conventions, every kind of value, 404s, mappings.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { run, elnode, freePort, request, stopServers, captureStderr } from "./helpers.js";

const ports: Record<string, number> = {};

beforeAll(async () => {
  elnode();
  run(`
(defun say (httpcon text)
  (elnode-http-start httpcon 200 '("Content-Type" . "text/plain"))
  (elnode-http-return httpcon text))
(defun root-handler (httpcon) (say httpcon "root"))
(defun users-handler (httpcon) (say httpcon "users"))
(defun user-handler (httpcon)
  (say httpcon (concat "user " (elnode-http-mapping httpcon 1) " of " (elnode-http-mapping httpcon))))
(defun about-handler (httpcon) (say httpcon "about"))
(defvar var-handler (lambda (httpcon) (say httpcon "from a variable")))
(defun my-404 (httpcon)
  (elnode-http-start httpcon 404 '("Content-Type" . "text/plain"))
  (elnode-http-return httpcon "custom 404"))

;; 2010 keys: anchored after the leading /, with or without the trailing slash.
(defun table-2010 (httpcon)
  (elnode-dispatcher httpcon
                     '(("/$" . 'root-handler)
                       ("users/$" . 'users-handler)
                       ("about$" . about-handler))))

;; 2015 keys: full regexps.
(defun table-2015 (httpcon)
  (elnode-dispatcher httpcon
                     '(("^/$" . root-handler)
                       ("^/users/$" . users-handler)
                       ("^/users/\\\\([0-9]+\\\\)/?$" . user-handler))
                     :function-404 'my-404))

(defun table-values (httpcon)
  (let ((webserver (lambda (httpcon) (say httpcon "let-bound function"))))
    (elnode-dispatcher httpcon
                       (list (cons "^/symbol$" 'root-handler)
                             (cons "^/quoted$" ''users-handler)
                             (cons "^/lambda$" '(lambda (httpcon) (say httpcon "lambda list")))
                             (cons "^/builtin$" (symbol-function 'elnode-send-404))
                             (cons "^/variable$" 'var-handler)
                             (cons "^/let-variable$" 'webserver))
                       'my-404)))
`);
  // A closure needs lexical binding.
  run(`(defun table-closure (httpcon)
  (let ((n 7))
    (elnode-dispatcher httpcon (list (cons "^/closure$" (lambda (httpcon) (say httpcon (format "closure %d" n))))))))`, true);
  for (const name of ["table-2010", "table-2015", "table-values", "table-closure"]) {
    const p = await freePort();
    run(`(elnode-start '${name} ${p} "127.0.0.1")`);
    ports[name] = p;
  }
});
afterAll(() => stopServers());

const getFrom = (table: string) => async (path: string) => {
  const r = await request(ports[table], path);
  return r.status === 200 ? r.text : `${r.status} ${r.text.includes("custom") ? r.text : ""}`.trim();
};

describe("2010 keys (the README's table)", () => {
  const get = getFrom("table-2010");
  it("anchors keys after the leading slash, with or without the trailing slash", async () => {
    expect(await get("/")).toBe("root");
    expect(await get("/users/")).toBe("users");
    expect(await get("/users")).toBe("users");
    expect(await get("/about")).toBe("about");
    expect(await get("/about/")).toBe("about");
    // "/$" is the root only, not every path ending in a slash.
    expect(await get("/users/x/")).toBe("404");
    expect(await get("/x/users/")).toBe("404");
    expect(await get("/nothing")).toBe("404");
  });

  it("matches case-sensitively, whatever case-fold-search says", async () => {
    expect(run("case-fold-search")).not.toBe(run("nil"));
    expect(await get("/USERS/")).toBe("404");
  });
});

describe("2015 keys", () => {
  const get = getFrom("table-2015");
  it("matches full regexps as written, with match groups and :function-404", async () => {
    expect(await get("/")).toBe("root");
    expect(await get("/users/")).toBe("users");
    expect(await get("/users")).toBe("404 custom 404"); // no slash leniency for ^ keys
    expect(await get("/users/42")).toBe("user 42 of /users/42");
    expect(await get("/users/42/")).toBe("user 42 of /users/42/");
    expect(await get("/users/abc")).toBe("404 custom 404");
  });

  it("matches ^ after a newline in the decoded path, as string-match does", async () => {
    // Keys are passed over by their literal prefix ("/users/") before any
    // regexp runs; a path with a newline must still reach the regexp.
    expect(await get("/x%0A/users/42")).toBe("user 42 of /users/42");
    expect(await get("/x%0A/nothing")).toBe("404 custom 404");
  });
});

describe("table values", () => {
  const get = getFrom("table-values");
  it("calls every kind of value", async () => {
    expect(await get("/symbol")).toBe("root");
    expect(await get("/quoted")).toBe("users");
    expect(await get("/lambda")).toBe("lambda list");
    expect(await getFrom("table-closure")("/closure")).toBe("closure 7");
    expect(await get("/builtin")).toBe("404");
    expect(await get("/variable")).toBe("from a variable");
    expect(await get("/nothing")).toBe("404 custom 404");
  });

  it("sees a let-bound variable in dynamic binding", async () => {
    expect(await get("/let-variable")).toBe("let-bound function");
  });

  it("reports a symbol that is neither function nor variable as a 500", async () => {
    run(`(defun table-void (httpcon) (elnode-dispatcher httpcon '(("^/" . no-such-thing))))`);
    const p = await freePort();
    run(`(elnode-start 'table-void ${p} "127.0.0.1")`);
    const { value, stderr } = await captureStderr(() => request(p, "/x"));
    expect(value.status).toBe(500);
    expect(stderr).toContain("no-such-thing");
  });

  it("takes FUNCTION-404 positionally and 404s by default", async () => {
    run(`(defun table-default-404 (httpcon) (elnode-dispatcher httpcon '(("^/a$" . root-handler))))`);
    const p = await freePort();
    run(`(elnode-start 'table-default-404 ${p} "127.0.0.1")`);
    const r = await request(p, "/b");
    expect(r.status).toBe(404);
    expect(r.statusMessage).toBe("Not Found");
    expect((await request(p, "/a")).text).toBe("root");
  });
});
