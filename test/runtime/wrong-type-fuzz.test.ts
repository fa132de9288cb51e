// Every registered builtin, fed arguments of the wrong types, must answer with
// a Lisp error (or a value) — never a JS TypeError/RangeError.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Lisp, LispSignal, LispThrow, list, makeFloat, intern, Cons, NIL, MANY, UNEVALLED } from "../../src/index.js";
import { subrRegistry } from "../../src/runtime/subr.js";
import { asLispError, funcall, resetEvalDepth, specpdlDepth, unbindTo } from "../../src/runtime/eval.js";
import { LispHashTable } from "../../src/runtime/hashtable.js";

// Builtins whose effects reach outside the test (exit, signals to real pids,
// sleeping, servers, timers firing later) are not fed garbage.
const SKIP = /^(kill-emacs|signal-process|kill-process|interrupt-process|stop-process|continue-process|sleep-for|sit-for|accept-process-output|run-at-time|run-with-timer|run-with-idle-timer|timer-activate|elnode-.*|read-from-minibuffer|read-string|read-passwd|setenv|delete-directory|delete-file|rename-file|copy-file|make-directory|write-region|append-to-file|set-file-modes|call-process.*|process-file|start-process.*|make-process|shell-command.*|process-lines|ert-run-tests.*|load|load-file|require|autoload-do-load|garbage-collect)$/;

const samples = () => [1, "s", intern("sym"), NIL, makeFloat(1.5), new Cons(1, 2), [1, 2], new LispHashTable(), list(1, 2, 3), -1, 2 ** 62];

let dir = "";
let cwd = "";
beforeAll(() => {
  new Lisp();
  cwd = process.cwd();
  dir = mkdtempSync(path.join(tmpdir(), "elnode-fuzz-"));
  process.chdir(dir);
  intern("default-directory").value = dir + "/";
});
afterAll(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

describe("wrong-type arguments to every builtin", () => {
  it("signal Lisp errors only", () => {
    const failures: string[] = [];
    let calls = 0;
    for (const subr of [...subrRegistry]) {
      if (subr.max === UNEVALLED || SKIP.test(subr.name)) continue;
      const maxArgs = subr.max === MANY ? Math.max(subr.min, 3) : Math.min(subr.max, 4);
      for (let n = subr.min; n <= maxArgs; n++) {
        for (const sample of samples()) {
          const args = new Array(n).fill(sample);
          const depth = specpdlDepth();
          try {
            calls++;
            funcall(subr, args);
          } catch (raw) {
            const e = asLispError(raw);
            if (!(e instanceof LispSignal) && !(e instanceof LispThrow)) {
              failures.push(`${subr.name} ${n} args of ${String(sample)}: ${String(raw)}`);
            }
          } finally {
            unbindTo(depth);
            resetEvalDepth(0);
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  });
});
