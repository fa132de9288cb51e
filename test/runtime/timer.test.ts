// Timers run from the event loop: real setTimeout handles, armed while a
// timer is pending and cleared when it is cancelled; errors in timer
// functions are reported and the timers go on.
import { describe, it, expect, beforeAll, afterEach } from "vitest";
import { Lisp, L } from "../../src/index.js";
import { setStderr } from "../../src/runtime/output.js";
import { emacsExit } from "../../src/runtime/builtins/emacs.js";
import { stderrOf, Waiters } from "./helpers.js";

let lisp: Lisp;
const waiters = new Waiters();
const done = () => waiters.done();
const ev = (src: string): L => lisp.evalString(src, { lexical: true });
const pr = (x: L): string => lisp.print(x);
const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

beforeAll(() => {
  lisp = new Lisp();
  waiters.define(lisp);
});

afterEach(() => {
  ev("(dolist (tm (append timer-list timer-idle-list)) (cancel-timer tm))");
});

describe("timers from the event loop", () => {
  it("run-at-time calls the function with its arguments", async () => {
    const p = done();
    ev("(run-at-time 0.01 nil (lambda (a b) (test-done (list a b))) 'x 2)");
    expect(pr(await p)).toBe("(x 2)");
    expect(pr(ev("timer-list"))).toBe("nil");
  });

  it("repeats with run-with-timer until cancelled from inside", async () => {
    const p = done();
    ev(`(let ((n 0) (tm nil))
          (setq tm (run-with-timer 0.01 0.01
                     (lambda () (setq n (1+ n))
                       (when (= n 3) (cancel-timer tm) (test-done (list n (memq tm timer-list))))))))`);
    expect(pr(await p)).toBe("(3 nil)");
  });

  it("runs idle timers once the current work is done", async () => {
    const p = done();
    ev("(run-with-idle-timer 0 nil (lambda () (test-done 'idle)))");
    expect(await p).toBe(lisp.intern("idle"));
  });

  it("keeps a Node timeout only while a timer is pending", () => {
    const before = timeouts();
    ev("(setq golden-tm (run-at-time 3600 nil #'ignore))");
    expect(timeouts()).toBe(before + 1);
    ev("(cancel-timer golden-tm)");
    expect(timeouts()).toBe(before);
  });

  it("reports errors in timer functions and keeps running", async () => {
    const err = await stderrOf(async () => {
      const p = done();
      ev("(defun golden-failing-timer () (error \"Timer broke\"))");
      ev("(run-at-time 0 nil #'golden-failing-timer)");
      ev("(run-at-time 0.02 nil (lambda () (test-done 'next)))");
      expect(await p).toBe(lisp.intern("next"));
    });
    expect(err).toContain("Error running timer \u2018golden-failing-timer\u2019: (error \"Timer broke\")");
  });

  it("runs due timers during sleep-for, as batch Emacs does", () => {
    expect(pr(ev("(let ((out nil)) (run-at-time 0.01 nil (lambda () (push 'ran out))) (sleep-for 0.1) out)")))
      .toBe("(ran)");
    expect(ev("(with-timeout (0.02 'timed-out) (sleep-for 5) 'finished)")).toBe(lisp.intern("timed-out"));
  });
});

describe("kill-emacs", () => {
  it("runs kill-emacs-hook, reports its errors, and exits with the code", () => {
    const saved = emacsExit.exit;
    let code: number | null = null;
    let err = "";
    const old = setStderr((s) => {
      err += s;
    });
    emacsExit.exit = ((c: number) => {
      code = c;
      throw new Error("exit");
    }) as typeof emacsExit.exit;
    try {
      ev(`(setq golden-hook-ran nil)`);
      ev(`(add-hook 'kill-emacs-hook (lambda () (error "hook failed")))`);
      ev(`(add-hook 'kill-emacs-hook (lambda () (setq golden-hook-ran t)))`);
      expect(() => ev("(kill-emacs 3)")).toThrow("exit");
      expect(code).toBe(3);
      expect(ev("golden-hook-ran")).toBe(lisp.intern("t"));
      expect(err).toContain("hook failed");
      expect(() => ev("(kill-emacs 257)")).toThrow("exit");
      expect(code).toBe(1);
      expect(() => ev(`(kill-emacs "text")`)).toThrow("exit");
      expect(code).toBe(0);
    } finally {
      emacsExit.exit = saved;
      setStderr(old);
      ev("(setq kill-emacs-hook nil)");
    }
  });
});
