// ERT: a file of passing, failing, erroring, expected-to-fail and skipped
// tests gives Emacs's batch report and exit status, both through the Lisp
// API (kill-emacs intercepted) and through `elnode test` as a child process.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Lisp, T, intern } from "../../src/index.js";
import { setStderr } from "../../src/runtime/output.js";
import { emacsExit } from "../../src/runtime/builtins/emacs.js";
import { ensureBuilt, runSync } from "../cli/helpers.js";

const MIXED = `;;; -*- lexical-binding: t -*-
(require 'ert)
(ert-deftest ert-demo-pass () (should (= (+ 1 1) 2)))
(ert-deftest ert-demo-fail () (should (equal (list 1 2) '(1 3))))
(ert-deftest ert-demo-error () (car 1))
(ert-deftest ert-demo-xfail () :expected-result :failed (should nil))
(ert-deftest ert-demo-skip () (skip-unless (eq system-type 'no-such-system)))
(ert-deftest ert-demo-should-error () (should-error (/ 1 0) :type 'arith-error))
`;

const PASSING = `;;; -*- lexical-binding: t -*-
(ert-deftest ert-ok-one () (should (string= (upcase "a") "A")))
(ert-deftest ert-ok-two () (should-not (memq 3 '(1 2))))
`;

class Exit {
  constructor(readonly code: number) {}
}

/** Run ERT in this process: returns the exit code kill-emacs asked for and what `message' printed. */
function runInProcess(lisp: Lisp, selector: unknown): { code: number; output: string } {
  let output = "";
  const oldSink = setStderr((s) => {
    output += s;
  });
  const oldExit = emacsExit.exit;
  emacsExit.exit = (code: number): never => {
    throw new Exit(code);
  };
  try {
    lisp.funcall("ert-run-tests-batch-and-exit", selector as never);
    throw new Error("ert-run-tests-batch-and-exit returned");
  } catch (e) {
    if (e instanceof Exit) return { code: e.code, output };
    throw e;
  } finally {
    emacsExit.exit = oldExit;
    setStderr(oldSink);
  }
}

/** Durations and timestamps vary; the rest is as Emacs prints it. */
function normalise(text: string): string {
  return text
    .replace(/\(\d+\.\d{6} sec\)/g, "(X sec)")
    .replace(/\(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d{4}, /g, "(TIME, ")
    .replace(/, \d+\.\d{6} sec\)/g, ", X sec)");
}

// What Emacs 28.2 prints for MIXED (backtrace frames removed).
const EXPECTED_MIXED = `Running 6 tests (TIME, selector ‘t’)
Test ert-demo-error backtrace:
Test ert-demo-error condition:
    (wrong-type-argument listp 1)
   FAILED  1/6  ert-demo-error (X sec)
Test ert-demo-fail backtrace:
Test ert-demo-fail condition:
    (ert-test-failed
     ((should
       (equal
\t(list 1 2)
\t'...))
      :form
      (equal
       (1 2)
       (1 3))
      :value nil :explanation
      (list-elt 1
\t\t(different-atoms
\t\t (2 "#x2" "?\\2")
\t\t (3 "#x3" "?\\3")))))
   FAILED  2/6  ert-demo-fail (X sec)
   passed  3/6  ert-demo-pass (X sec)
   passed  4/6  ert-demo-should-error (X sec)
  skipped  5/6  ert-demo-skip (X sec)
   failed  6/6  ert-demo-xfail (X sec)

Ran 6 tests, 3 results as expected, 2 unexpected, 1 skipped (TIME, X sec)
1 expected failures

2 unexpected results:
   FAILED  ert-demo-error
   FAILED  ert-demo-fail

1 skipped results:
  SKIPPED  ert-demo-skip

`;

describe("stdlib ert through the Lisp API", () => {
  const lisp = new Lisp();

  it("reports a mixed file as Emacs does and exits 1", () => {
    lisp.funcall("ert-delete-all-tests");
    lisp.loadText(MIXED, "mixed-tests.el");
    const { code, output } = runInProcess(lisp, T);
    expect(code).toBe(1);
    expect(normalise(output)).toBe(EXPECTED_MIXED);
  });

  it("exits 0 when every result is as expected", () => {
    lisp.funcall("ert-delete-all-tests");
    lisp.loadText(PASSING, "passing-tests.el");
    const { code, output } = runInProcess(lisp, T);
    expect(code).toBe(0);
    expect(normalise(output)).toBe(
      "Running 2 tests (TIME, selector ‘t’)\n" +
        "   passed  1/2  ert-ok-one (X sec)\n" +
        "   passed  2/2  ert-ok-two (X sec)\n\n" +
        "Ran 2 tests, 2 results as expected, 0 unexpected (TIME, X sec)\n\n",
    );
  });

  it("selects tests by regexp, by name and with t", () => {
    lisp.funcall("ert-delete-all-tests");
    lisp.loadText(MIXED, "mixed-tests.el");
    const byRegexp = runInProcess(lisp, "pass\\|should");
    expect(byRegexp.code).toBe(0);
    expect(normalise(byRegexp.output)).toContain("Running 2 tests (TIME, selector ‘\"pass\\\\|should\"’)");
    const byName = runInProcess(lisp, intern("ert-demo-error"));
    expect(byName.code).toBe(1);
    expect(byName.output).toContain("Ran 1 tests, 0 results as expected, 1 unexpected");
  });

  it("keeps the most recent result of each test", () => {
    lisp.funcall("ert-delete-all-tests");
    lisp.loadText(MIXED, "mixed-tests.el");
    runInProcess(lisp, T);
    const names = lisp.evalString(
      "(mapcar #'ert-test-name (ert-select-tests :unexpected t))",
      { lexical: true },
    );
    expect(lisp.print(names)).toBe("(ert-demo-error ert-demo-fail)");
  });
});

describe("stdlib ert through elnode test", { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), "elnode-ert-"));
    writeFileSync(path.join(dir, "mixed-tests.el"), MIXED);
    writeFileSync(path.join(dir, "passing-tests.el"), PASSING);
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints Emacs's report and exits 1 on unexpected results", () => {
    const r = runSync(["test", path.join(dir, "mixed-tests.el")]);
    expect(r.code).toBe(1);
    expect(normalise(r.stderr)).toBe(EXPECTED_MIXED);
  });

  it("exits 0 when all results are expected", () => {
    const r = runSync(["test", path.join(dir, "passing-tests.el")]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Ran 2 tests, 2 results as expected, 0 unexpected");
  });

  it("runs only the tests the selector matches", () => {
    const r = runSync(["test", path.join(dir, "mixed-tests.el"), "--selector", "demo-pass"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Ran 1 tests, 1 results as expected, 0 unexpected");
  });
});
