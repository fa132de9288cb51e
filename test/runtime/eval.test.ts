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

// Loops and functions that run past the hot thresholds get code of their own
// (src/runtime/compile/specialize.ts); these run well past them.
describe("hot loops and functions keep Emacs's semantics", () => {
  it("sees + redefined in the middle of a hot loop", () => {
    expect(
      ev(`(let ((orig (symbol-function '+)) (s 0) (i 0))
            (unwind-protect
                (while (< i 10000)
                  (when (= i 5000) (fset '+ (lambda (a b) (funcall orig a b 1000))))
                  (setq s (+ s 1) i (1+ i)))
              (fset '+ orig))
            s)`),
    ).toBe(String(5000 + 5000 * 1001));
  });
  it("leaves the fixnum range with exact bignums", () => {
    expect(ev("(let ((x 1) (i 0)) (while (< i 3000) (setq x (* x 3) i (1+ i))) (= x (expt 3 3000)))")).toBe("t");
    expect(ev("(let ((x most-positive-fixnum) (i 0)) (while (< i 3000) (setq x (1+ x) i (1+ i))) (- x most-positive-fixnum))")).toBe("3000");
  });
  it("signals from a hot function without leaking call depth", () => {
    lisp.evalString("(defun hot-test-car (x) (car x))", { lexical: true });
    expect(ev("(let ((n 0) (i 0)) (while (< i 5000) (condition-case nil (hot-test-car i) (wrong-type-argument (setq n (1+ n)))) (setq i (1+ i))) n)")).toBe("5000");
    expect(ev("(deep-test-f 1500)")).toBe("1500");
  });
  it("counts depth in a hot recursive function", () => {
    expect(ev("(progn (dotimes (_ 3000) (deep-test-f 3)) (condition-case e (deep-test-f 100000) (error (cadr e))))")).toBe(
      '"Lisp nesting exceeds \u2018max-lisp-eval-depth\u2019"',
    );
  });
  it("throws out of a hot loop, and runs the next call of the same loop again", () => {
    lisp.evalString("(defun hot-test-find (n) (let ((i 0)) (catch 'found (while t (when (= i n) (throw 'found i)) (setq i (1+ i))))))", { lexical: true });
    expect(ev("(list (hot-test-find 4000) (hot-test-find 3) (hot-test-find 9000))")).toBe("(4000 3 9000)");
  });
  it("calls the new definition after defun redefines a hot function", () => {
    lisp.evalString("(defun hot-test-g (x) (* x 2))", { lexical: true });
    expect(ev("(let ((s 0)) (dotimes (i 5000) (setq s (+ s (hot-test-g 1)))) s)")).toBe("10000");
    lisp.evalString("(defun hot-test-g (x) (* x 3))", { lexical: true });
    expect(ev("(hot-test-g 1)")).toBe("3");
  });
  it("funcalls hot closures and symbols directly, and still checks the argument count", () => {
    lisp.evalString("(defun hot-test-h (x) (+ x 1))", { lexical: true });
    expect(
      ev(`(let ((f (lambda (x) (* x 2))) (s 0))
            (dotimes (i 3000) (setq s (+ s (funcall f i) (funcall 'hot-test-h i) (apply f (list i)))))
            (list s (condition-case e (funcall f 1 2) (wrong-number-of-arguments (car e)))
                  (condition-case e (funcall 'hot-test-h) (wrong-number-of-arguments (car e)))
                  (funcall 'car '(a)) (funcall #'+ 1 2 3)))`),
    ).toBe(`(${5 * ((2999 * 3000) / 2) + 3000} wrong-number-of-arguments wrong-number-of-arguments a 6)`);
  });
  it("binds a hot function's parameters dynamically in dynamic binding, and unbinds them on every exit", () => {
    lisp.evalString("(defun hot-dyn-inner () hot-dyn-x)", { lexical: false });
    lisp.evalString("(defun hot-dyn-outer (hot-dyn-x) (hot-dyn-inner))", { lexical: false });
    lisp.evalString("(defun hot-dyn-thrower (hot-dyn-x) (throw 'out (hot-dyn-inner)))", { lexical: false });
    expect(ev("(let ((s 0)) (dotimes (i 5000) (setq s (+ s (hot-dyn-outer i)))) s)", false)).toBe("12497500");
    expect(ev("(let ((s 0)) (dotimes (i 5000) (setq s (+ s (catch 'out (hot-dyn-thrower i))))) s)", false)).toBe("12497500");
    expect(ev("(progn (dotimes (i 5000) (hot-dyn-outer i)) (list (boundp 'hot-dyn-x) (mapcar 'hot-dyn-outer '(a b))))", false)).toBe("(nil (a b))");
    expect(ev("(progn (dotimes (i 5000) (catch 'out (hot-dyn-thrower i))) (boundp 'hot-dyn-x))", false)).toBe("nil");
  });
  it("keeps each closure's own captured variables once hot", () => {
    expect(
      ev(`(let* ((make (lambda (k) (lambda (x) (+ x k))))
                 (add1 (funcall make 1)) (add100 (funcall make 100)) (s 0))
            (dotimes (_ 3000) (setq s (+ (funcall add1 s) (funcall add100 0))))
            s)`),
    ).toBe(String(3000 * 101));
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
