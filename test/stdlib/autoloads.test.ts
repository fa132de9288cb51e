// The autoload table and the libraries agree: every autoloaded name is
// defined, with the right kind (macro or function), by the file it points
// to, and every library provides its feature.
import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { Lisp, NIL, Cons, Sym, intern } from "../../src/index.js";
import { AUTOLOADS } from "../../src/runtime/builtins/stdlib-native.js";

const stdlib = path.resolve(__dirname, "..", "..", "stdlib");
const lisp = new Lisp();

function kind(sym: Sym): string {
  let def = sym.fn;
  for (let i = 0; def instanceof Sym && def !== NIL && i < 10; i++) def = def.fn;
  if (def === NIL) return "void";
  if (def instanceof Cons && def.car === intern("autoload")) return "autoload";
  if (def instanceof Cons && def.car === intern("macro")) return "macro";
  return "function";
}

describe("stdlib autoloads", () => {
  for (const [file, type, names] of AUTOLOADS) {
    it(`${file} defines its autoloaded ${type ?? "function"}s`, () => {
      lisp.funcall("load", file, NIL, intern("t"));
      for (const raw of names.split(/(?<!\\) /)) {
        const sym = intern(raw.replace(/\\ /g, " "));
        expect([raw, kind(sym)]).toEqual([raw, type === "macro" ? "macro" : "function"]);
      }
    });
  }
});

describe("stdlib libraries", () => {
  for (const name of readdirSync(stdlib).filter((f) => f.endsWith(".el"))) {
    const feature = name.replace(/\.el$/, "");
    it(`${name} has lexical binding and provides ${feature}`, () => {
      const text = readFileSync(path.join(stdlib, name), "utf8");
      expect(text.split("\n")[0]).toContain("lexical-binding: t");
      if (feature === "subr") return; // preloaded, never required
      lisp.funcall("require", intern(feature));
      expect(lisp.funcall("featurep", intern(feature))).not.toBe(NIL);
    });
  }

  it("makes the everyday libraries available without require", () => {
    const fresh = lisp.evalString(
      `(list (cl-loop for x in '(1 2 3) collect (* x x))
             (pcase '(1 2) (\`(,a ,b) (+ a b)))
             (seq-filter #'cl-evenp '(1 2 3 4))
             (let ((l (list 1 2))) (setf (cadr l) 'two) l)
             (when-let ((x 5)) (* x 2))
             (string-join '("a" "b") "-"))`,
      { lexical: true },
    );
    expect(lisp.print(fresh)).toBe('((1 4 9) 3 (2 4) (1 two) 10 "a-b")');
  });

  it("expands the hot subr macros to core forms only", () => {
    const expand = (form: string) => lisp.print(lisp.funcall("macroexpand-1", lisp.read(form)));
    expect(expand("(when a b c)")).toBe("(if a (progn b c))");
    expect(expand("(unless a b c)")).toBe("(if a nil b c)");
    expect(expand("(push x l)")).toBe("(setq l (cons x l))");
    expect(expand("(pop l)")).toBe("(car-safe (prog1 l (setq l (cdr l))))");
  });
});
