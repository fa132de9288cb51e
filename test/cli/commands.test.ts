// The `elnode` command's one-shot commands, driven as a child process.
import { describe, it, expect, beforeAll } from "vitest";
import { existsSync, mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensureBuilt, runSync, root, fixtures } from "./helpers.js";

beforeAll(() => ensureBuilt(), 300000);

describe("elnode --version / --help", () => {
  it("prints the package version", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
    const r = runSync(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`elnode ${pkg.version}\n`);
  });

  it("documents every command and flag, each with an example", () => {
    const r = runSync(["--help"]);
    expect(r.code).toBe(0);
    for (const word of ["repl", "run", "eval", "test", "--help", "--version", "-L", "--eval", "--port-override", "--watch", "--selector"]) {
      expect(r.stdout).toContain(word);
    }
    for (const example of [
      "elnode run handlers.el",
      "elnode eval '(+ 1 2)'",
      "elnode test test/my-tests.el",
      "elnode run --watch app.el",
      "elnode run --port-override 9000 app.el",
      "elnode run -L lisp app.el",
      "echo '(+ 1 2)' | elnode",
      "elnode --version",
      "elnode --help",
    ]) {
      expect(r.stdout).toContain(example);
    }
    expect(runSync(["help"]).stdout).toBe(r.stdout);
  });

  it("rejects unknown commands and options with exit code 2", () => {
    const a = runSync(["frobnicate"]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/unknown command: frobnicate/);
    const b = runSync(["run", "--bogus", "x.el"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/unknown option: --bogus/);
    expect(runSync(["eval"]).code).toBe(2);
    expect(runSync(["run"]).code).toBe(2);
    expect(runSync(["run", "--port-override", "x", "a.el"]).stderr).toMatch(/not a port number/);
  });
});

describe("elnode eval", () => {
  it("prints the value", () => {
    const r = runSync(["eval", "(+ 1 2)"]);
    expect(r).toMatchObject({ code: 0, stdout: "3\n" });
    expect(runSync(["eval", "nil"]).stdout).toBe("nil\n");
  });

  it("runs where Node forbids code generation from strings (hot code then stays on the shared path)", () => {
    const hot =
      "(progn (defun hot-f (x) (* x 2)) (let ((s 0) (i 0)) (while (< i 5000) (setq s (+ s (hot-f i) (funcall 'car (list i))) i (1+ i))) s))";
    const r = runSync(["eval", hot], undefined, { env: { NODE_OPTIONS: "--disallow-code-generation-from-strings" } });
    expect(r).toMatchObject({ code: 0, stdout: "37492500\n", stderr: "" });
  });

  it("evaluates with lexical binding, as emacs --eval does", () => {
    const r = runSync(["eval", "(let ((x 1)) (funcall (lambda () x)))"]);
    expect(r.stdout).toBe("1\n");
    expect(runSync(["eval", "lexical-binding"]).stdout).toBe("t\n");
  });

  it("sends princ to standard output and message to standard error, as emacs --batch", () => {
    const r = runSync(["eval", '(progn (princ "out") (message "err %d" 1) (princ "more") 7)']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("outmore7\n");
    expect(r.stderr).toContain("err 1\n");
  });

  it("exits 255 with the error message on an error", () => {
    const r = runSync(["eval", "(car 1)"]);
    expect(r.code).toBe(255);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Wrong type argument: listp, 1");
  });

  it("has the elnode builtins", () => {
    expect(runSync(["eval", "(fboundp 'elnode-start)"]).stdout).toBe("t\n");
    expect(runSync(["eval", "(featurep 'elnode)"]).stdout).toBe("t\n");
  });

  it("-L puts directories at the front of load-path", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "elnode-cli-"));
    writeFileSync(path.join(dir, "cli-lib-test.el"), "(defun cli-lib-test-fn () 'found)\n(provide 'cli-lib-test)\n");
    const r = runSync(["eval", "(progn (require 'cli-lib-test) (list (car load-path) (cli-lib-test-fn)))", "-L", dir]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`(${JSON.stringify(dir)} found)\n`);
  });

  it("kill-emacs exits with its code", () => {
    const r = runSync(["eval", '(progn (princ "bye") (kill-emacs 3))']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("bye");
  });
});

describe("piped REPL", () => {
  it("prints values only: echo '(+ 1 2)' | elnode prints 3", () => {
    const r = runSync([], "(+ 1 2)\n");
    expect(r).toMatchObject({ code: 0, stdout: "3\n", stderr: "" });
  });

  it("closes a form left open at end of input, with a warning", () => {
    const r = runSync([], "(+ 1\n   2\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("3\n");
    expect(r.stderr).toMatch(/<stdin>:1: warning: 1 unclosed paren.* at end of input; closed/);
  });
});

describe("elnode test", () => {
  const hasErt = existsSync(path.join(root, "stdlib", "ert.el"));
  const sample = path.join(fixtures, "ert-sample-tests.el");

  it.skipIf(!hasErt)("runs ERT tests as ert-run-tests-batch-and-exit, exit 1 on unexpected results", () => {
    const r = runSync(["test", sample]);
    expect(r.stderr).toMatch(/Running 3 tests/);
    expect(r.stderr).toMatch(/Ran 3 tests, 2 results as expected, 1 unexpected/);
    expect(r.stderr).toMatch(/FAILED\s+sample-fails/);
    expect(r.code).toBe(1);
  });

  it.skipIf(!hasErt)("--selector REGEX runs the matching tests only", () => {
    const r = runSync(["test", sample, "--selector", "passes"]);
    expect(r.stderr).toMatch(/Ran 1 tests?, 1 results as expected, 0 unexpected/);
    expect(r.code).toBe(0);
  });

  it("a test file with a load error exits 255 with its place", () => {
    const r = runSync(["test", path.join("test", "fixtures", "load-error.el")]);
    if (!hasErt) {
      expect(r.code).toBe(255);
      return;
    }
    expect(r.code).toBe(255);
    expect(r.stderr).toContain("test/fixtures/load-error.el:9:");
  });
});
