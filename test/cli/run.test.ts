// `elnode run`: loading, serving, shutting down, --watch, --port-override.
import { describe, it, expect, beforeAll, afterEach } from "vitest";
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, existsSync } from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import {
  ensureBuilt, killStarted, start, runSync, freePort, waitForPort, portAccepts, portIsFree, get, childrenOf, isAlive, until, root,
} from "./helpers.js";

beforeAll(() => ensureBuilt(), 300000);
afterEach(() => killStarted());

function tmpdir(): string {
  return mkdtempSync(path.join(os.tmpdir(), "elnode-run-"));
}

describe("load errors", () => {
  it("exits 255 with FILE:LINE:COL: message on an error in a form", () => {
    const r = runSync(["run", "test/fixtures/load-error.el"]);
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/^test\/fixtures\/load-error\.el:9:\d+: Wrong type argument: listp, not-a-list$/m);
  });

  it("exits 255 with FILE:LINE:COL on a read error", () => {
    const r = runSync(["run", "test/fixtures/read-error.el"]);
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/^test\/fixtures\/read-error\.el:3:\d+: Invalid read syntax/m);
  });

  it("exits 255 when the file does not exist", () => {
    const r = runSync(["run", "no-such-file.el"]);
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/Cannot open load file: No such file or directory/);
  });

  it("stops at the first failing file; earlier files have run", () => {
    const dir = tmpdir();
    writeFileSync(path.join(dir, "a.el"), '(message "a loaded")\n');
    writeFileSync(path.join(dir, "b.el"), "(error \"b fails: %d\" 42)\n");
    writeFileSync(path.join(dir, "c.el"), '(message "c loaded")\n');
    const r = runSync(["run", "a.el", "b.el", "c.el"], undefined, { cwd: dir });
    expect(r.code).toBe(255);
    expect(r.stderr).toContain("a loaded");
    expect(r.stderr).toMatch(/^b\.el:1:\d+: b fails: 42$/m);
    expect(r.stderr).not.toContain("c loaded");
  });
});

describe("loading", () => {
  it("exits 0 when nothing is left running", () => {
    const dir = tmpdir();
    writeFileSync(path.join(dir, "a.el"), "(defvar run-a 1)\n");
    writeFileSync(path.join(dir, "b.el"), '(message "b sees %S" run-a)\n');
    const r = runSync(["run", "a.el", "--eval", "(setq run-a (1+ run-a))", "b.el"], undefined, { cwd: dir });
    expect(r.stderr).toBe("b sees 2\n");
    expect(r.code).toBe(0);
  });

  it("uses dynamic binding unless the file's cookie says lexical-binding: t", () => {
    const dir = tmpdir();
    const probe = "(defvar probe-result nil)\n(setq probe-result (let ((x 1)) (funcall (lambda () (boundp 'x)))))\n(message \"%S %S\" lexical-binding probe-result)\n";
    writeFileSync(path.join(dir, "dyn.el"), probe);
    writeFileSync(path.join(dir, "lex.el"), ";;; lex.el --- x  -*- lexical-binding: t -*-\n" + probe);
    expect(runSync(["run", "dyn.el"], undefined, { cwd: dir }).stderr).toBe("nil t\n");
    expect(runSync(["run", "lex.el"], undefined, { cwd: dir }).stderr).toBe("t nil\n");
  });

  it("recovers README-style unbalanced parens, with warnings naming the file and line", () => {
    const r = runSync(["run", "test/fixtures/unbalanced.el"]);
    expect(r.stderr).toContain("test/fixtures/unbalanced.el:7: warning: 1 unclosed paren");
    expect(r.stderr).toContain("before this top-level form; closed");
    expect(r.stderr).toContain("test/fixtures/unbalanced.el:7: warning: stray ')' skipped");
    expect(r.stdout).toBe("t t\n");
    expect(r.code).toBe(0);
  });
});

/** The `;; Try:` lines of an example: curl URL -> what comes back. */
function tries(text: string): { path: string; expect: string }[] {
  const out: { path: string; expect: string }[] = [];
  for (const m of text.matchAll(/curl(?: -\w+)* https?:\/\/localhost:\d+(\/\S*)\s*(?:->\s*(.*))?$/gm)) {
    out.push({ path: m[1], expect: (m[2] ?? "").trim() });
  }
  return out;
}

describe("lisp/examples", () => {
  const dir = path.join(root, "lisp", "examples");
  const examples = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".el")).sort() : [];

  it.skipIf(examples.length > 0)("(no examples yet)", () => {});

  for (const file of examples) {
    it(`run ${file}: serves, then Ctrl-C exits 0, frees the port and ends child processes`, async () => {
      const rel = path.join("lisp", "examples", file);
      const text = readFileSync(path.join(root, rel), "utf8");
      const port = await freePort();
      const proc = start(["run", rel, "--port-override", String(port)]);
      await waitForPort(port, proc);
      const requests = tries(text);
      if (requests.length === 0) requests.push({ path: "/", expect: "" });
      const children = new Set<number>();
      for (const t of requests) {
        const res = await get(port, t.path);
        for (const c of childrenOf(proc.child.pid!)) children.add(c);
        expect(res.status, `${file} ${t.path}`).toBeLessThan(500);
        const status = /^(\d{3})\b/.exec(t.expect);
        const word = /^([a-z]+)\b/i.exec(t.expect);
        const fileRef = /^(\S+\.\w+)$/.exec(t.expect);
        if (status) expect(res.status).toBe(Number(status[1]));
        else if (fileRef && existsSync(path.join(dir, fileRef[1]))) {
          expect(res.body).toBe(readFileSync(path.join(dir, fileRef[1]), "utf8"));
        } else if (/this file/.test(t.expect)) expect(res.body).toBe(text);
        else if (word) expect(res.body.toLowerCase()).toContain(word[1].toLowerCase());
      }
      for (const c of childrenOf(proc.child.pid!)) children.add(c);
      proc.child.kill("SIGINT");
      const { code } = await proc.exited;
      expect(code).toBe(0);
      expect(await portAccepts(port)).toBe(false);
      expect(await portIsFree(port)).toBe(true);
      for (const c of children) await until(() => !isAlive(c), `child ${c} gone`);
    });
  }
});

describe("shutting down", () => {
  it("Ctrl-C lets a response in flight finish, then kills child processes and exits 0", async () => {
    const dir = tmpdir();
    const port = await freePort();
    // The handler's child prints its first line, then waits for a signal file before finishing.
    const gate = path.join(dir, "gate");
    writeFileSync(
      path.join(dir, "slow.el"),
      `(defun slow-handler (httpcon)
  (elnode-http-start httpcon 200 '("Content-type" . "text/plain"))
  (elnode-child-process httpcon "sh" "-c" "echo started; while [ ! -e ${gate} ]; do sleep 0.05; done; echo finished"))
(elnode-start 'slow-handler ${port})
`,
    );
    const proc = start(["run", "slow.el"], { cwd: dir });
    await waitForPort(port, proc);
    let body = "";
    let firstChunk!: () => void;
    const gotFirst = new Promise<void>((r) => (firstChunk = r));
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, path: "/", agent: false }, (res) => {
          res.setEncoding("utf8");
          res.on("data", (d) => {
            body += d;
            firstChunk();
          });
          res.on("end", () => resolve({ status: res.statusCode!, body }));
        })
        .on("error", reject);
    });
    await gotFirst;
    const kids = childrenOf(proc.child.pid!);
    expect(kids.length).toBeGreaterThan(0);
    proc.child.kill("SIGINT");
    // The listener goes away while the response is still in flight.
    await until(async () => !(await portAccepts(port)), "listener closed");
    writeFileSync(gate, "");
    const res = await response;
    expect(res).toEqual({ status: 200, body: "started\nfinished\n" });
    const { code } = await proc.exited;
    expect(code).toBe(0);
    for (const k of kids) await until(() => !isAlive(k), `child ${k} gone`);
  });

  it("SIGTERM stops the same way", async () => {
    const port = await freePort();
    const proc = start([
      "run",
      "--eval",
      `(progn (defun h (c) (elnode-http-start c 200) (elnode-http-return c "ok")) (elnode-start 'h ${port}))`,
    ]);
    await waitForPort(port, proc);
    expect((await get(port, "/")).body).toBe("ok");
    proc.child.kill("SIGTERM");
    expect((await proc.exited).code).toBe(0);
    expect(await portIsFree(port)).toBe(true);
  });
});

describe("--port-override", () => {
  it("makes elnode-start listen on the given port instead", async () => {
    const port = await freePort();
    const dir = tmpdir();
    writeFileSync(
      path.join(dir, "hello.el"),
      `(defun nicferrier-handler (httpcon)
  "Demonstration function"
  (elnode-http-start httpcon "200" '("Content-type" . "text/html"))
  (elnode-http-return httpcon "<html><b>HELLO!</b></html>"))
(elnode-start 'nicferrier-handler 8000)
`,
    );
    const proc = start(["run", "hello.el", "--port-override", String(port)], { cwd: dir });
    await waitForPort(port, proc);
    const res = await get(port, "/");
    expect(res.status).toBe(200);
    expect(res.body).toBe("<html><b>HELLO!</b></html>");
    proc.child.kill("SIGINT");
    expect((await proc.exited).code).toBe(0);
  });

  it("applies to the :port keyword and to elnode-stop", async () => {
    const port = await freePort();
    const r = runSync([
      "eval",
      "--port-override",
      String(port),
      "(list (elnode-start (lambda (c) nil) :port 8000) (elnode-stop 8000) (elnode-ports))",
    ]);
    expect(r.stdout, r.stderr).toBe(`(${port} t nil)\n`);
    expect(r.code).toBe(0);
  });
});

describe("--watch", () => {
  it("reloads a changed file, redefining the handler on the same server", async () => {
    const dir = tmpdir();
    const port = await freePort();
    const file = path.join(dir, "app.el");
    const source = (word: string) => `(defun watch-handler (httpcon)
  (elnode-http-start httpcon 200 '("Content-type" . "text/plain"))
  (elnode-http-return httpcon "${word}"))
(elnode-start 'watch-handler ${port})
`;
    writeFileSync(file, source("one"));
    const proc = start(["run", "--watch", "app.el"], { cwd: dir });
    await waitForPort(port, proc);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await get(port, "/", { agent });
    expect(first.body).toBe("one");
    writeFileSync(file, source("two"));
    await proc.waitFor(/elnode: reloaded app\.el/, "stderr");
    const second = await get(port, "/", { agent });
    expect(second.body).toBe("two");
    // Same listener, same connection: the server was not restarted.
    expect(second.reusedSocket).toBe(true);
    agent.destroy();
    // A broken edit is reported and the server keeps running (with what the edit defined).
    writeFileSync(file, "(defun watch-handler (httpcon)\n  (car 'x))\n(signal 'error '(\"broken edit\"))\n");
    await proc.waitFor(/app\.el:3:\d+: broken edit/, "stderr");
    expect((await get(port, "/")).status).toBe(500);
    proc.child.kill("SIGINT");
    expect((await proc.exited).code).toBe(0);
  });
});
