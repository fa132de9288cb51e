// Authentication end to end: a cookie scheme with its login page (login ->
// cookie -> protected page -> logout), a wrong password, a forged cookie,
// the defaults, the user store, HTTP Basic auth.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { run, elnode, freePort, request, stopServers, tempDir, captureStderr } from "./helpers.js";
import { send } from "./api-helpers.js";

let dir: string;
let port: number;

beforeAll(async () => {
  elnode();
  dir = tempDir();
  // The defaults: only the store's file is moved out of the home directory.
  run(`(setq elnode-auth-db "${dir}/users.json")`);
  run(`(elnode-auth-user-add "alice" "correct horse")`);
  run(`(elnode-defauth 'test-auth)
(defun secret-page (httpcon)
  (with-elnode-auth httpcon 'test-auth
    (elnode-send-html httpcon (format "secret for %s" (elnode-auth-username httpcon)))))
(defun public-page (httpcon)
  (if-elnode-auth httpcon 'test-auth
    (elnode-send-html httpcon (concat "hello " (elnode-auth-username httpcon)))
    (elnode-send-html httpcon "hello stranger")))
(defun auth-app (httpcon)
  (elnode-dispatcher httpcon
    '(("^/secret/$" . secret-page)
      ("^/$" . public-page))
    :auth-scheme 'test-auth))`);
  port = await freePort();
  run(`(elnode-start 'auth-app ${port} "127.0.0.1")`);
});
afterAll(() => {
  stopServers();
  fs.rmSync(dir, { recursive: true, force: true });
});

const login = (user: string, password: string, redirect = "/secret/") =>
  send(port, "/login/", {
    body: new URLSearchParams({ username: user, password, redirect }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });

describe("a cookie scheme with the defaults", () => {
  it("stores a salted scrypt hash, never the password", () => {
    const store = fs.readFileSync(path.join(dir, "users.json"), "utf8");
    expect(store).not.toContain("correct horse");
    expect(JSON.parse(store).users.alice.hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect((fs.statSync(path.join(dir, "users.json")).mode & 0o777).toString(8)).toBe("600");
  });

  it("login -> cookie -> protected page -> logout", async () => {
    // Not logged in: the protected page sends to the login page, which knows where to come back.
    const first = await request(port, "/secret/");
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe("/login/?redirect=%2Fsecret%2F");
    const page = await request(port, first.headers.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form method="POST" action="/login/">');
    expect(page.text).toContain('name="redirect" value="/secret/"');

    const ok = await login("alice", "correct horse");
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe("/secret/");
    const setCookie = ok.headers["set-cookie"]![0];
    expect(setCookie).toMatch(/^elnode-auth=alice::[A-Za-z0-9_-]{43}; Max-Age=604800; Path=\/; HttpOnly; SameSite=Lax$/);
    const cookie = setCookie.split(";")[0];

    const secret = await request(port, "/secret/", { headers: { Cookie: cookie } });
    expect(secret.status).toBe(200);
    expect(secret.text).toBe("secret for alice");
    expect((await request(port, "/", { headers: { Cookie: cookie } })).text).toBe("hello alice");
    expect((await request(port, "/")).text).toBe("hello stranger");

    const out = await request(port, "/logout/", { headers: { Cookie: cookie } });
    expect([out.status, out.headers.location]).toEqual([302, "/"]);
    expect(out.headers["set-cookie"]![0]).toMatch(/^elnode-auth=; Max-Age=0; Path=\//);
    // The old cookie no longer opens the page.
    expect((await request(port, "/secret/", { headers: { Cookie: cookie } })).status).toBe(302);
  });

  it("refuses a wrong password and an unknown user: no cookie, back to the login page", async () => {
    const { value: bad } = await captureStderr(() => login("alice", "wrong"));
    expect(bad.status).toBe(302);
    expect(bad.headers.location).toBe("/login/?redirect=%2Fsecret%2F&failed=1");
    expect(bad.headers["set-cookie"]).toBeUndefined();
    const { value: nobody, stderr } = await captureStderr(() => login("mallory", "correct horse"));
    expect(nobody.headers["set-cookie"]).toBeUndefined();
    expect(stderr).toContain('failed login for "mallory"');
  });

  it("refuses forged cookies", async () => {
    const ok = await login("alice", "correct horse");
    const real = ok.headers["set-cookie"]![0].split(";")[0];
    const token = decodeURIComponent(real.slice("elnode-auth=".length)).split("::")[1];
    const forged = [
      "elnode-auth=alice%3A%3Aforged-token",
      "elnode-auth=admin%3A%3A" + token, // a real token under another name
      "elnode-auth=alice%3A%3A" + token.slice(0, -1) + (token.endsWith("A") ? "B" : "A"),
      "elnode-auth=alice",
      "elnode-auth=",
    ];
    for (const c of forged) {
      const r = await request(port, "/secret/", { headers: { Cookie: c } });
      expect(r.status, c).toBe(302);
    }
    expect((await request(port, "/secret/", { headers: { Cookie: real } })).status).toBe(200);
  });

  it("follows only local redirects after login", async () => {
    const r = await login("alice", "correct horse", "https://evil.example/");
    expect(r.headers.location).toBe("/");
    const r2 = await login("alice", "correct horse", "//evil.example/");
    expect(r2.headers.location).toBe("/");
  });
});

describe("the functions under the scheme", () => {
  it("checks passwords, logs in and checks sessions from Lisp", () => {
    expect(run(`(elnode-auth-user-p "alice" "correct horse")`)).not.toBe(run("nil"));
    expect(elnode().print(run(`(elnode-auth-user-p "alice" "nope")`))).toBe("nil");
    const token = run(`(elnode-auth-login "alice" "correct horse")`) as string;
    expect(elnode().print(run(`(elnode-auth-check-p "alice" "${token}")`))).toBe('"alice"');
    expect(elnode().print(run(`(elnode-auth-check-p "alice" "x${token}")`))).toBe("nil");
    expect(elnode().print(run(`(condition-case err (elnode-auth-login "alice" "nope") (elnode-auth-credentials (car err)))`))).toBe(
      "elnode-auth-credentials",
    );
  });

  it("keeps users in a hash table when elnode-auth-db is one, and honours :auth-test/:make-hash", () => {
    run(`(defvar my-users (make-hash-table :test 'equal))
(elnode-auth-user-add "bob" "pw" my-users)`);
    expect(elnode().print(run(`(elnode-auth-user-p "bob" "pw" :auth-db my-users)`))).toBe("t");
    expect(elnode().print(run(`(elnode-auth-user-p "bob" "pw")`))).toBe("nil");
    run(`(defun my-test (user) (and (equal user "carol") "token-for-carol"))
(defun my-hash (user password) (concat "token-for-" (if (equal password "pw") user "nobody")))`);
    expect(elnode().print(run(`(elnode-auth-user-p "carol" "pw" :auth-test 'my-test :make-hash 'my-hash)`))).toBe("t");
    expect(elnode().print(run(`(elnode-auth-user-p "carol" "no" :auth-test 'my-test :make-hash 'my-hash)`))).toBe("nil");
  });

  it("serves the login path through elnode-auth-dispatcher", async () => {
    run(`(defun auth-dispatcher-app (httpcon)
  (elnode-auth-dispatcher httpcon 'test-auth
    (with-elnode-auth httpcon 'test-auth
      (elnode-send-html httpcon "inside"))))`);
    const p = await freePort();
    run(`(elnode-start 'auth-dispatcher-app ${p} "127.0.0.1")`);
    expect((await request(p, "/anything")).headers.location).toBe("/login/?redirect=%2Fanything");
    expect((await request(p, "/login/")).text).toContain("<form");
  });
});

describe("HTTP Basic auth", () => {
  it("challenges with 401, accepts the right password, refuses a wrong one", async () => {
    run(`(elnode-defauth 'basic-auth :test :basic :realm "tests")
(defun basic-app (httpcon)
  (with-elnode-auth httpcon 'basic-auth
    (elnode-send-html httpcon (concat "basic " (elnode-auth-username httpcon)))))`);
    const p = await freePort();
    run(`(elnode-start 'basic-app ${p} "127.0.0.1")`);
    const none = await request(p, "/");
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toBe('Basic realm="tests", charset="UTF-8"');
    const auth = (u: string, pw: string) => ({ Authorization: "Basic " + Buffer.from(`${u}:${pw}`).toString("base64") });
    const ok = await request(p, "/", { headers: auth("alice", "correct horse") });
    expect([ok.status, ok.text]).toEqual([200, "basic alice"]);
    expect((await request(p, "/", { headers: auth("alice", "correct horse") })).status).toBe(200);
    expect((await request(p, "/", { headers: auth("alice", "wrong") })).status).toBe(401);
    expect((await request(p, "/", { headers: { Authorization: "Basic !!!" } })).status).toBe(401);
  });
});

describe("elnode-defauth", () => {
  it("checks its keywords, and a protected page of an undefined scheme is a 500 that says so", async () => {
    expect(() => run(`(elnode-defauth 'x :bogus 1)`)).toThrow(/Keyword argument :bogus not one of/);
    run(`(defun undefined-scheme-page (httpcon) (with-elnode-auth httpcon 'no-such-scheme (elnode-send-html httpcon "x")))`);
    const p = await freePort();
    run(`(elnode-start 'undefined-scheme-page ${p} "127.0.0.1")`);
    const { value, stderr } = await captureStderr(() => request(p, "/"));
    expect(value.status).toBe(500);
    expect(stderr).toContain("No elnode auth scheme named no-such-scheme");
  });
});
