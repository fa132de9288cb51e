import { describe, it, expect } from "vitest";
import { Lisp, LispSignal, errorMessageString } from "../../src/index.js";

const lisp = new Lisp();
const ev = (s: string, lexical = true) => lisp.print(lisp.evalString(s, { lexical }));

function errorOf(s: string): string {
  try {
    lisp.evalString(s, { lexical: true });
  } catch (e) {
    if (e instanceof LispSignal) return errorMessageString(e.errorObject);
    throw e;
  }
  return "no error";
}

describe("recursion depth", () => {
  lisp.evalString("(defun deep-test-f (n) (if (= n 0) 0 (1+ (deep-test-f (1- n)))))", { lexical: true });
  it("runs 1500 levels deep", () => {
    expect(ev("(deep-test-f 1500)")).toBe("1500");
  });
  it("signals Emacs's error at max-lisp-eval-depth, then keeps evaluating", () => {
    expect(errorOf("(deep-test-f 100000)")).toBe("Lisp nesting exceeds \u2018max-lisp-eval-depth\u2019");
    expect(ev("(+ 1 2)")).toBe("3");
  });
  it("turns a JS stack overflow into the same Lisp error when the limit is raised", () => {
    expect(errorOf("(let ((max-lisp-eval-depth 10000000)) (deep-test-f 10000000))")).toBe(
      "Lisp nesting exceeds \u2018max-lisp-eval-depth\u2019",
    );
    expect(ev("(deep-test-f 10)")).toBe("10");
  });
  it("lets condition-case catch runaway recursion", () => {
    expect(ev("(condition-case nil (deep-test-f 100000) (error 'caught))")).toBe("caught");
  });
});

describe("binding", () => {
  it("restores a special variable after a non-local exit", () => {
    lisp.evalString("(defvar eval-test-special 'outer)");
    expect(ev("(progn (catch 'x (let ((eval-test-special 'inner)) (throw 'x nil))) eval-test-special)")).toBe("outer");
    expect(ev("(progn (condition-case nil (let ((eval-test-special 'inner)) (car 1)) (error nil)) eval-test-special)")).toBe("outer");
  });
  it("gives each loop iteration its own lexical binding", () => {
    expect(ev("(let ((fs nil) (i 0)) (while (< i 3) (let ((j i)) (setq fs (cons (lambda () j) fs))) (setq i (1+ i))) (list (funcall (car fs)) (funcall (car (cdr fs)))))")).toBe("(2 1)");
  });
  it("picks up a redefined function at the next call", () => {
    lisp.evalString("(defun eval-test-g () 1) (defun eval-test-h () (eval-test-g))");
    expect(ev("(eval-test-h)")).toBe("1");
    lisp.evalString("(defun eval-test-g () 2)");
    expect(ev("(eval-test-h)")).toBe("2");
  });
});

describe("embedding API", () => {
  it("calls TypeScript builtins from Lisp", () => {
    lisp.defun("embed-test-add", (a: number, b: number) => a + b, { min: 2, max: 2 });
    expect(ev("(embed-test-add 1 2)")).toBe("3");
    expect(errorOf("(embed-test-add 1)")).toBe("Wrong number of arguments: embed-test-add, 1");
  });
  it("checks declared argument types", () => {
    lisp.defun("embed-test-len", (s: string) => s.length, { types: ["string"] });
    expect(errorOf("(embed-test-len 5)")).toBe("Wrong type argument: stringp, 5");
  });
});
