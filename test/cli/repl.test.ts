// The REPL, through piped standard input (values only) and through a
// pseudo-terminal (`script`), driven as a child process.
import { describe, it, expect, beforeAll, afterEach } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  ensureBuilt, killStarted, start, runSync, freePort, portIsFree, portAccepts, get, childrenOf, isAlive, until, fixtures, bin,
  type Proc,
} from "./helpers.js";

beforeAll(() => ensureBuilt(), 300000);
afterEach(() => killStarted());

/** Write TEXT to the REPL and wait until what it prints next (on stdout) matches RE. */
async function send(proc: Proc, text: string, re: RegExp): Promise<string> {
  const from = proc.stdout().length;
  proc.write(text);
  let found = "";
  await until(() => {
    const m = re.exec(proc.stdout().slice(from));
    if (m) found = m[0];
    return m !== null;
  }, `${re} after ${JSON.stringify(text)}; stdout: ${proc.stdout().slice(from)}\nstderr: ${proc.stderr()}`);
  return found;
}

describe("piped REPL", () => {
  it("reads multi-line forms and keeps *, ** and ***", () => {
    const r = runSync([], "(defun twice (x)\n  (* x 2))\n(twice 21)\n(+ 1 1)\n\"three\"\n(list * ** ***)\n");
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe('twice\n42\n2\n"three"\n("three" 2 42)\n');
    expect(r.code).toBe(0);
  });

  it("reads several forms on one line", () => {
    expect(runSync([], "1 2 (+ 1 2)\n").stdout).toBe("1\n2\n3\n");
  });

  it("an error in the middle of a paste does not lose the forms after it", () => {
    const r = runSync([], "(setq a 1)\n(car 1)\n(setq b 2)\n(undefined-function-x)\n(list a b)\n");
    expect(r.stdout).toBe("1\n2\n(1 2)\n");
    expect(r.stderr).toBe(
      "*** Eval error ***  Wrong type argument: listp, 1\n" +
        "*** Eval error ***  Symbol\u2019s function definition is void: undefined-function-x\n",
    );
    expect(r.code).toBe(0);
  });

  it("evaluates with dynamic binding, as a file without a cookie loads", () => {
    const r = runSync([], "(let ((x 1)) (funcall (lambda () (boundp 'x))))\n(setq lexical-binding t)\n(let ((y 1)) (funcall (lambda () (boundp 'y))))\n");
    expect(r.stdout).toBe("t\nt\nnil\n");
  });

  it("reports a read error and goes on with the next top-level form", () => {
    const r = runSync([], "(list 1\n  #<foo>)\n(+ 2 3)\n");
    expect(r.stdout).toBe("5\n");
    expect(r.stderr).toMatch(/^\*\*\* Read error \*\*\*  <stdin>:2:3: Invalid read syntax: "#"$/m);
  });

  it("waits for the end of a string spanning lines", () => {
    const r = runSync([], '(concat "a\nb"\n  "c")\n');
    // prin1 writes the newline as it is (print-escape-newlines is nil).
    expect(r.stdout).toBe('"a\nbc"\n');
  });

  it("Ctrl-C (SIGINT) interrupts an infinite loop and the REPL goes on", async () => {
    const proc = start([]);
    await send(proc, '(progn (princ "looping\\n") (while t))\n', /looping\n/);
    proc.child.kill("SIGINT");
    await proc.waitFor(/^Quit$/m, "stderr");
    await send(proc, "(+ 20 22)\n", /^42\n/m);
    // The interrupt is a Lisp quit: unwind-protect runs, condition-case can catch it.
    await send(proc, '(unwind-protect (progn (princ "spin\\n") (while t)) (princ "cleanup\\n"))\n', /spin\n/);
    proc.child.kill("SIGINT");
    await proc.waitFor(/cleanup\n/);
    await send(proc, '(condition-case nil (progn (princ "spin2\\n") (while t)) (quit (quote caught)))\n', /spin2\n/);
    proc.child.kill("SIGINT");
    await proc.waitFor(/^caught$/m);
    // Dynamic bindings made by the interrupted form are undone.
    await send(proc, "(defvar dyn-probe 'outer)\n", /dyn-probe\n/);
    await send(proc, '(let ((dyn-probe (quote inner))) (princ "bound\\n") (while t))\n', /bound\n/);
    proc.child.kill("SIGINT");
    await send(proc, "dyn-probe\n", /^outer$/m);
    // Forms given together with the interrupted one still run.
    await send(proc, '(progn (princ "spin3\\n") (while t))\n(+ 1 2)\n', /spin3\n/);
    proc.child.kill("SIGINT");
    await proc.waitFor(/^3$/m);
    proc.child.stdin!.end();
    expect((await proc.exited).code).toBe(0);
  }, 60000);

  it("servers started at the prompt serve while it waits; elnode-stop closes the port", async () => {
    const port = await freePort();
    const proc = start([]);
    await send(
      proc,
      `(defun repl-h (httpcon) (elnode-http-start httpcon 200 '("Content-type" . "text/plain")) (elnode-http-return httpcon "from the repl"))\n(elnode-start 'repl-h ${port})\n`,
      new RegExp(`^${port}$`, "m"),
    );
    expect((await get(port, "/")).body).toBe("from the repl");
    // Redefining the handler at the prompt takes effect at the next request.
    await send(proc, `(defun repl-h (httpcon) (elnode-http-start httpcon 200) (elnode-http-return httpcon "redefined"))\n`, /repl-h\n/);
    expect((await get(port, "/")).body).toBe("redefined");
    await send(proc, `(elnode-stop ${port})\n`, /^t$/m);
    await until(async () => !(await portAccepts(port)), "port closed");
    expect(await portIsFree(port)).toBe(true);
    proc.child.stdin!.end();
    expect((await proc.exited).code).toBe(0);
  });

  it("end of input stops the servers and exits 0", async () => {
    const port = await freePort();
    const proc = start([]);
    await send(proc, `(elnode-start (lambda (c) (elnode-http-start c 200) (elnode-http-return c "x")) ${port})\n`, new RegExp(`${port}`));
    expect((await get(port, "/")).body).toBe("x");
    proc.child.stdin!.end();
    expect((await proc.exited).code).toBe(0);
    expect(await portIsFree(port)).toBe(true);
  });

  it("kill-emacs ends the REPL with its code", async () => {
    const r = runSync([], "(+ 1 2)\n(kill-emacs 7)\n(+ 3 4)\n");
    expect(r.stdout).toBe("3\n");
    expect(r.code).toBe(7);
  });
});

describe("the README pasted into one REPL session", () => {
  const snippets = readFileSync(path.join(fixtures, "readme-2010-snippets.el"), "utf8");

  it("the fixture is the README's Lisp, verbatim and in order", () => {
    const readme = readFileSync(path.join(fixtures, "elnode-README-2010.txt"), "utf8");
    let at = 0;
    for (const block of snippets.trimEnd().split("\n\n")) {
      const i = readme.indexOf(block, at);
      expect(i, block).toBeGreaterThanOrEqual(at);
      at = i + block.length;
    }
  });

  it("every example works; bare forms outside a defun report an error and the REPL goes on", async () => {
    // Port 8000 as the README says, unless this machine already uses it.
    const free8000 = await portIsFree(8000);
    const port = free8000 ? 8000 : await freePort();
    const args = free8000 ? [] : ["--port-override", String(port)];
    const home = mkdtempSync(path.join(os.tmpdir(), "elnode-home-"));
    mkdirSync(path.join(home, "www"));
    writeFileSync(path.join(home, "www", "index.html"), "<p>docroot index</p>\n");
    const example = path.join(home, "example.html");
    writeFileSync(example, "<html>example through cat</html>\n");
    const proc = start(args, { env: { HOME: home } });

    // 1. The paste, in one go.
    await send(proc, snippets, /^my-handler\ndocroot\nmy-handler\n/m);
    expect(proc.stdout()).toBe(`nicferrier-handler\n${port}\nt\nmy-handler\ndocroot\nmy-handler\n`);
    const err = proc.stderr();
    // (elnode-http-method httpcon) and friends, the dispatcher and child-process forms at top level:
    expect(err.match(/^\*\*\* Eval error \*\*\*  Symbol\u2019s value as variable is void: httpcon$/gm)?.length).toBe(7);
    expect(err).toMatch(/<stdin>:6: warning: 1 unclosed paren.* before this top-level form; closed/);
    expect(err).toMatch(/<stdin>:13: warning: 1 unclosed paren.* before this top-level form; closed/);
    expect(err).toMatch(/<stdin>:25: warning: stray '\)' skipped/);
    expect(err).toMatch(/<stdin>:30: warning: 1 unclosed paren.* before this top-level form; closed/);
    // The paste stopped its own server with (elnode-stop 8000).
    expect(await portAccepts(port)).toBe(false);

    // 2. The first handler, started as the README starts it.
    await send(proc, "(elnode-start 'nicferrier-handler 8000)\n", new RegExp(`^${port}$`, "m"));
    let res = await get(port, "/");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html");
    expect(res.body).toBe("<html><b>HELLO!</b></html>");
    await send(proc, "(elnode-stop 8000)\n", /^t$/m);

    // 3. The HTTP interface: the README's accessor forms, inside a handler.
    await send(
      proc,
      `(defun readme-interface (httpcon)
  (elnode-http-start httpcon 200 '("Content-type" . "text/plain"))
  (elnode-http-return httpcon
    (prin1-to-string
     (list (elnode-http-header httpcon "Content-type")
           (elnode-http-method httpcon)
           (elnode-http-pathinfo httpcon)
           (elnode-http-query httpcon)
           (elnode-http-params httpcon)
           (elnode-http-version httpcon)))))
(elnode-start 'readme-interface 8000)
`,
      new RegExp(`^${port}$`, "m"),
    );
    res = await get(port, "/some/path?a=1&b=2", { headers: { "Content-type": "text/x-test" } });
    expect(res.body).toBe('("text/x-test" "GET" "/some/path" "a=1&b=2" (("a" . "1") ("b" . "2")) "1.1")');
    await send(proc, "(elnode-stop 8000)\n", /^t$/m);

    // 4. The dispatcher: the README's snippet as the body of a handler (its extra paren closes the defun).
    const dispatcherSnippet = snippets.slice(snippets.indexOf("  (elnode-dispatcher httpcon"), snippets.indexOf("(elnode-child-process"));
    await send(
      proc,
      `(defun root-handler (httpcon) (elnode-http-start httpcon 200) (elnode-http-return httpcon "root"))
(defun users-handler (httpcon) (elnode-http-start httpcon 200) (elnode-http-return httpcon "users"))
(defun readme-dispatch (httpcon)
${dispatcherSnippet.trimEnd()}
(elnode-start 'readme-dispatch 8000)
`,
      new RegExp(`^${port}$`, "m"),
    );
    expect((await get(port, "/")).body).toBe("root");
    expect((await get(port, "/users/")).body).toBe("users");
    await send(proc, "(elnode-stop 8000)\n", /^t$/m);

    // 5. Child processes: the README's call, with a file that exists here, indented
    //    into a handler (at column 0 it would start a new top-level form).
    const childSnippet = snippets
      .slice(snippets.indexOf("(elnode-child-process"), snippets.indexOf("(defvar docroot"))
      .trimEnd()
      .replace("/home/nferrier/elnode/example.html", example)
      .replace(/^/gm, "  ");
    await send(proc, `(defun readme-child (httpcon)\n${childSnippet}))\n(elnode-start 'readme-child 8000)\n`, new RegExp(`^${port}$`, "m"));
    res = await get(port, "/");
    expect(res.status).toBe(200);
    expect(res.body).toBe("<html>example through cat</html>\n");
    await send(proc, "(elnode-stop 8000)\n", /^t$/m);

    // 6. File serving: the pasted my-handler, docroot "~/www".
    await send(proc, "(elnode-start 'my-handler 8000)\n", new RegExp(`^${port}$`, "m"));
    res = await get(port, "/");
    expect(res.status).toBe(200);
    expect(res.body).toContain("docroot index");
    expect((await get(port, "/users/")).body).toBe("users");

    // 7. Stopping the server, as the README says.
    const kids = childrenOf(proc.child.pid!);
    await send(proc, "(elnode-stop 8000)\n", /^t$/m);
    await until(async () => !(await portAccepts(port)), "port closed");
    expect(await portIsFree(port)).toBe(true);
    proc.child.stdin!.end();
    expect((await proc.exited).code).toBe(0);
    for (const k of kids) await until(() => !isAlive(k), `child ${k} gone`);
  }, 120000);
});

// ---------------------------------------------------------------------------
// Through a pseudo-terminal: the prompt, Ctrl-C as a key, completion, history.

const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;

interface Tty {
  output: () => string;
  waitFor: (re: RegExp) => Promise<void>;
  type: (text: string) => void;
  exited: Promise<number | null>;
}

const ttys = new Set<ReturnType<typeof spawn>>();
afterEach(() => {
  for (const t of ttys) t.kill("SIGKILL");
  ttys.clear();
});

function startTty(home: string): Tty {
  const cmd = [process.execPath, "--stack-size=4000", bin].map((a) => `'${a}'`).join(" ");
  const child = spawn("script", ["-qfec", cmd, "/dev/null"], {
    env: { ...process.env, HOME: home, TERM: "xterm" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  ttys.add(child);
  child.on("exit", () => ttys.delete(child));
  let out = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (d: string) => (out += d));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  // eslint-disable-next-line no-control-regex
  const plain = () => out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
  return {
    output: plain,
    waitFor: (re) => until(() => re.test(plain()), `${re} in ${JSON.stringify(plain())}`),
    type: (text) => child.stdin.write(text),
    exited,
  };
}

describe.skipIf(!hasScript)("REPL on a terminal", () => {
  it("prompts ELISP>, prints values and ielm-style errors, Ctrl-C interrupts, Ctrl-D exits", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "elnode-home-"));
    const t = startTty(home);
    await t.waitFor(/ELISP> $/);
    t.type("(+ 1 2)\r");
    await t.waitFor(/\(\+ 1 2\)\n3\nELISP> $/);
    t.type("(car 1)\r");
    await t.waitFor(/\*\*\* Eval error \*\*\*  Wrong type argument: listp, 1\nELISP> $/);
    // A form left open continues on the next line.
    t.type("(list 1\r");
    await t.waitFor(/\(list 1\n {7}$/);
    t.type("2)\r");
    await t.waitFor(/\n\(1 2\)\nELISP> $/);
    // Ctrl-C interrupts a running evaluation...
    t.type('(progn (princ "spinning") (while t))\r');
    await t.waitFor(/spinning$/);
    t.type("\x03");
    await t.waitFor(/Quit\nELISP> $/);
    // ... and cancels a half-typed form.
    t.type("(list 3\r");
    await t.waitFor(/\(list 3\n {7}$/);
    t.type("\x03");
    await t.waitFor(/\n {7}\nELISP> $/);
    t.type("(+ 4 5)\r");
    await t.waitFor(/\n9\nELISP> $/);
    // Tab completes symbol names.
    t.type("(elnode-sto\t");
    await t.waitFor(/\(elnode-stop$/);
    t.type(" 1)\r");
    await t.waitFor(/\nnil\nELISP> $/);
    t.type("\x04");
    expect(await t.exited).toBe(0);
    const history = readFileSync(path.join(home, ".elnode_history"), "utf8");
    expect(history).toContain("(+ 1 2)\n");
    expect(history).toContain("(elnode-stop 1)\n");
  }, 60000);
});
