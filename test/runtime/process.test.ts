// Subprocesses with real children: filters and sentinels run from the event
// loop (the tests wait for a promise that Lisp resolves through a builtin
// defined here), synchronous waiting with accept-process-output, and errors
// that must never escape.
import { describe, it, expect, beforeAll, afterEach } from "vitest";
import { Lisp, L, NIL } from "../../src/index.js";
import { signalOf, stderrOf, Waiters } from "./helpers.js";

let lisp: Lisp;
const waiters = new Waiters();
const done = () => waiters.done();
const ev = (src: string): L => lisp.evalString(src, { lexical: true });
const pr = (x: L): string => lisp.print(x);
const lispError = (src: string): string => signalOf(() => ev(src));

beforeAll(() => {
  lisp = new Lisp();
  waiters.define(lisp);
  ev("(setq process-connection-type nil)");
});

afterEach(() => {
  waiters.clear();
});

describe("asynchronous processes", () => {
  it("calls the sentinel with the exit status of sh -c 'exit 3'", async () => {
    const p = done();
    ev(`(make-process :name "exit3" :command '("sh" "-c" "exit 3")
         :sentinel (lambda (proc msg)
                     (test-done (list (process-status proc) (process-exit-status proc) msg))))`);
    expect(pr(await p)).toBe('(exit 3 "exited abnormally with code 3\n")');
  });

  it("reports \"finished\\n\" for a clean exit, after all output", async () => {
    const p = done();
    ev(`(let ((out ""))
          (make-process :name "printf" :command '("printf" "%s-%s" "a" "b")
            :filter (lambda (_p s) (setq out (concat out s)))
            :sentinel (lambda (_p msg) (test-done (list out msg)))))`);
    expect(pr(await p)).toBe('("a-b" "finished\n")');
  });

  it("hands output to the filter in chunks as the child writes it", async () => {
    const p = done();
    ev(`(let ((chunks nil))
          (make-process :name "chunks"
            :command '("sh" "-c" "printf one; sleep 0.3; printf two")
            :filter (lambda (_p s) (push s chunks))
            :sentinel (lambda (_p _m) (test-done (nreverse chunks)))))`);
    const chunks = (await p) as L;
    const items = lisp.funcall("append", chunks, NIL);
    const arr: string[] = [];
    for (let c = items; c !== NIL && typeof c === "object" && "car" in c; c = (c as { cdr: L }).cdr) {
      arr.push((c as { car: L }).car as string);
    }
    expect(arr.length).toBeGreaterThanOrEqual(2);
    expect(arr.join("")).toBe("onetwo");
  });

  it("feeds standard input with process-send-string and process-send-eof (cat)", async () => {
    const p = done();
    ev(`(let* ((out "")
               (proc (make-process :name "cat" :command '("cat")
                       :filter (lambda (_p s) (setq out (concat out s)))
                       :sentinel (lambda (_p _m) (test-done out)))))
          (process-send-string proc "hello ")
          (process-send-string proc "wörld")
          (process-send-eof proc))`);
    expect(await p).toBe("hello wörld");
  });

  it("inserts output into the process buffer, and the default sentinel reports there", async () => {
    const p = done();
    ev(`(let* ((buf (generate-new-buffer " *proc-test*"))
               (proc (start-process "buffered" buf "printf" "out")))
          (set-process-sentinel proc
            (lambda (proc msg)
              (internal-default-process-sentinel proc msg)
              (test-done (prog1 (with-current-buffer buf (buffer-string)) (kill-buffer buf))))))`);
    expect(await p).toBe("out\nProcess buffered finished\n");
  });

  it("reports killed, interrupt and terminated", async () => {
    for (const [fn, msg, code] of [["kill-process", "killed\n", 9], ["interrupt-process", "interrupt\n", 2],
      ["(lambda (p) (signal-process p 'SIGTERM))", "terminated\n", 15]] as const) {
      const p = done();
      ev(`(let ((proc (make-process :name "sleeper" :command '("sleep" "10")
                      :sentinel (lambda (proc msg) (test-done (list (process-status proc) (process-exit-status proc) msg))))))
            (funcall ${fn.startsWith("(") ? fn : `#'${fn}`} proc))`);
      expect(pr(await p)).toBe(`(signal ${code} "${msg}")`);
    }
  });

  it("delete-process kills at once and calls the sentinel synchronously", () => {
    const r = ev(`(let* ((msgs nil)
                         (proc (make-process :name "del" :command '("sleep" "10")
                                 :sentinel (lambda (_p m) (push m msgs)))))
                    (delete-process proc)
                    (list msgs (process-status proc) (process-live-p proc) (memq proc (process-list))))`);
    expect(pr(r)).toBe('(("killed\n") signal nil nil)');
  });

  it("waits synchronously with accept-process-output", () => {
    const r = ev(`(let* ((out "")
                         (proc (make-process :name "sync" :command '("sh" "-c" "printf abc; exit 2")
                                 :filter (lambda (_p s) (setq out (concat out s))) :sentinel #'ignore)))
                    (while (process-live-p proc) (accept-process-output proc 0.5))
                    (list out (process-status proc) (process-exit-status proc)))`);
    expect(pr(r)).toBe('("abc" exit 2)');
  });

  it("answers a conversation with cat while waiting synchronously", () => {
    const r = ev(`(let* ((out "")
                         (proc (make-process :name "talk" :command '("cat")
                                 :filter (lambda (_p s) (setq out (concat out s))))))
                    (process-send-string proc "ping\\n")
                    (accept-process-output proc 2)
                    (prog1 out (delete-process proc)))`);
    expect(r).toBe("ping\n");
  });

  it("survives errors in filters and sentinels, reporting them on standard error", async () => {
    const err = await stderrOf(async () => {
      const p = done();
      ev(`(make-process :name "bad-filter" :command '("printf" "x")
            :filter (lambda (_p _s) (error "Filter failed"))
            :sentinel (lambda (_p _m) (run-at-time 0 nil (lambda () (test-done 'alive))) (car 1)))`);
      expect(await p).toBe(lisp.intern("alive"));
    });
    expect(err).toContain("error in process filter: Filter failed");
    expect(err).toContain("error in process sentinel: Wrong type argument: listp, 1");
  });

  it("signals Emacs's errors for programs that cannot run, without crashing", () => {
    expect(lispError(`(start-process "x" nil "no-such-program-elnode")`)).toBe(
      '(file-missing "Searching for program" "No such file or directory" "no-such-program-elnode")');
    expect(lispError(`(make-process :name "x" :command '("/"))`)).toBe(
      '(file-error "Searching for program" "Is a directory" "/")');
    expect(lispError(`(call-process "no-such-program-elnode")`)).toContain("file-missing");
    expect(lispError(`(process-send-string "no such process" "x")`)).toBe(
      '(error "Process no such process does not exist")');
    expect(lispError(`(make-process :name 1 :command '("true"))`)).toBe("(wrong-type-argument stringp 1)");
  });

  it("keeps names unique and lists live processes", () => {
    const r = ev(`(let* ((a (start-process "same" nil "sleep" "5")) (b (start-process "same" nil "sleep" "5")))
                    (prog1 (list (process-name a) (process-name b) (eq (get-process "same<1>") b)
                                 (and (memq a (process-list)) t) (integerp (process-id a)))
                      (delete-process a) (delete-process b)))`);
    expect(pr(r)).toBe('("same" "same<1>" t t t)');
  });
});

describe("synchronous processes", () => {
  it("runs call-process without a shell and returns the exit status", () => {
    expect(pr(ev(`(with-temp-buffer (list (call-process "printf" nil t nil "%s;%s" "a b" "$HOME") (buffer-string)))`)))
      .toBe('(0 "a b;$HOME")');
    expect(ev(`(call-process "sh" nil nil nil "-c" "exit 3")`)).toBe(3);
    expect(ev(`(call-process "sh" nil nil nil "-c" "kill -9 $$")`)).toBe("Killed");
  });

  it("merges standard error into the buffer in order", () => {
    expect(ev(`(with-temp-buffer (call-process "sh" nil t nil "-c" "echo 1; echo 2 >&2; echo 3") (buffer-string))`))
      .toBe("1\n2\n3\n");
  });

  it("runs shell functions through shell-file-name", () => {
    expect(ev(`(shell-command-to-string "echo $((6 * 7))")`)).toBe("42\n");
    expect(pr(ev(`(process-lines "sh" "-c" "echo a; echo b")`))).toBe('("a" "b")');
    expect(lispError(`(process-lines "sh" "-c" "exit 5")`)).toBe('(error "sh exited with status 5")');
  });
});
