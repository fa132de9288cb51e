// Buffers: the gap text against a plain string model, markers, narrowing,
// buffer-local variables, and the representation's growth for long buffers.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { Lisp } from "../../src/index.js";
import { BufferText, Buffer, Marker, makeBuffer, killBufferState } from "../../src/runtime/buffer.js";

const lisp = new Lisp();
const ev = (src: string) => lisp.print(lisp.evalString(src, { lexical: true }));

type Op =
  | { k: "ins"; at: number; s: string }
  | { k: "del"; a: number; b: number }
  | { k: "region"; a: number; b: number }
  | { k: "char"; at: number };

const piece = fc.array(fc.constantFrom("a", "b", "\n", "é", "😀", "xyz", "0123456789"), { maxLength: 5 }).map((xs) => xs.join(""));
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant("ins" as const), at: fc.nat(), s: piece }),
  fc.record({ k: fc.constant("del" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ k: fc.constant("region" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ k: fc.constant("char" as const), at: fc.nat() }),
);

describe("BufferText", () => {
  it("behaves as a string of characters under random edits", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const t = new BufferText();
        let model: string[] = [];
        for (const o of ops) {
          const n = model.length;
          if (o.k === "ins") {
            const at = o.at % (n + 1);
            t.insert(at, o.s);
            model = [...model.slice(0, at), ...o.s, ...model.slice(at)];
          } else if (o.k === "del") {
            const a = o.a % (n + 1), b = o.b % (n + 1);
            t.delete(Math.min(a, b), Math.max(a, b));
            model.splice(Math.min(a, b), Math.abs(a - b));
          } else if (o.k === "region") {
            const a = o.a % (n + 1), b = o.b % (n + 1);
            expect(t.region(Math.min(a, b), Math.max(a, b))).toBe(model.slice(Math.min(a, b), Math.max(a, b)).join(""));
          } else if (n > 0) {
            const at = o.at % n;
            expect(t.charAt(at)).toBe(model[at].codePointAt(0));
          }
          expect(t.length).toBe(model.length);
        }
        expect(t.toString()).toBe(model.join(""));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps few pieces however many small insertions are made", () => {
    const t = new BufferText();
    for (let i = 0; i < 100000; i++) t.insert(t.preLen, "ab");
    expect(t.length).toBe(200000);
    // Geometric merging: O(log n) pieces before the gap.
    expect(t.pieceCount().pre).toBeLessThan(40);
    // Inserting in the middle, at a moving point, likewise.
    const u = new BufferText();
    u.insert(0, "x".repeat(1000));
    let at = 500;
    for (let i = 0; i < 100000; i++) {
      u.insert(at, "cd");
      at += 2;
    }
    expect(u.pieceCount().pre).toBeLessThan(40);
    expect(u.region(498, 504)).toBe("xxcdcd");
  });

  it("searching leaves the text after the gap in one piece", () => {
    const t = new BufferText();
    t.insert(0, "hello world");
    t.moveGap(3);
    t.insert(3, "X");
    t.moveGap(1);
    expect(t.region(5, 10)).toBe("o wor");
    expect(t.pieceCount().post).toBe(1);
  });
});

describe("markers and point", () => {
  it("move with insertions and deletions as Emacs's do", () => {
    const b = makeBuffer("buffer-test-markers");
    try {
      b.insert(1, "abcdef", true);
      const m1 = new Marker();
      m1.set(b, 3);
      const m2 = new Marker();
      m2.insertionType = true;
      m2.set(b, 3);
      b.insert(3, "XY", false);
      expect([m1.charpos, m2.charpos, b.pt]).toEqual([3, 5, 9]);
      b.delete(2, 6);
      expect([m1.charpos, m2.charpos, b.pt]).toEqual([2, 2, 5]);
      b.replace(1, 3, "QQQ");
      expect([m1.charpos, b.substring(1, b.z)]).toEqual([1, "QQQef"]);
      expect(m1.printRepr()).toBe("#<marker at 1 in buffer-test-markers>");
    } finally {
      killBufferState(b);
    }
  });

  it("point-limits follow narrowing", () => {
    expect(ev(`(with-temp-buffer (insert "0123456789") (narrow-to-region 3 6) (list (point) (point-min) (point-max) (progn (goto-char 1) (point)) (buffer-string)))`))
      .toBe(`(6 3 6 3 "234")`);
  });

  it("print as Emacs prints them", () => {
    expect(ev(`(with-temp-buffer (list (prin1-to-string (current-buffer)) (format "%s" (current-buffer))))`)).toBe(`("#<buffer  *temp*>" " *temp*")`);
    expect(ev(`(prin1-to-string (make-marker))`)).toBe(`"#<marker in no buffer>"`);
  });
});

describe("long buffers", () => {
  it("insert 10^5 strings at point and search them with re-search-forward / replace-match", () => {
    const r = ev(`(with-temp-buffer
       (dotimes (i 100000) (insert "k" (number-to-string (% i 10)) " "))
       (goto-char (point-min))
       (let ((n 0))
         (while (re-search-forward "k\\\\([0-9]\\\\)" nil t) (replace-match "<\\\\1>") (setq n (1+ n)))
         (list n (buffer-size) (buffer-substring 1 13))))`);
    expect(r).toBe(`(100000 400000 "<0> <1> <2> ")`);
  });

  it("search backwards over a long buffer", () => {
    const r = ev(`(with-temp-buffer
       (dotimes (i 20000) (insert "line " (number-to-string i) "\\n"))
       (let ((n 0)) (while (re-search-backward "^line \\\\([0-9]*7\\\\)$" nil t) (setq n (1+ n))) (list n (match-string 1))))`);
    expect(r).toBe(`(2000 "7")`);
  });
});

describe("buffer-local variables", () => {
  it("are consulted per buffer and survive let in other buffers", () => {
    expect(ev(`(progn (defvar buffer-test-v 'global)
      (let ((a (generate-new-buffer "buffer-test-a")))
        (prog1 (list (with-current-buffer a (setq-local buffer-test-v 'a) buffer-test-v)
                     buffer-test-v
                     (let ((buffer-test-v 'let)) (list buffer-test-v (buffer-local-value 'buffer-test-v a)))
                     (with-current-buffer a (let ((buffer-test-v 'inner)) buffer-test-v))
                     (buffer-local-value 'buffer-test-v a))
          (kill-buffer a))))`)).toBe(`(a global (let a) inner a)`);
  });

  it("a killed buffer's locals are gone and the current buffer stays live", () => {
    expect(ev(`(let ((b (generate-new-buffer "buffer-test-k"))) (set-buffer b) (kill-buffer b) (buffer-live-p (current-buffer)))`)).toBe("t");
  });
});

describe("arguments are checked", () => {
  it("signals wrong-type-argument, never a JS error", () => {
    for (const form of [
      `(goto-char "x")`, `(insert nil)`, `(char-after 'a)`, `(buffer-substring 1 'b)`, `(forward-line 'x)`,
      `(re-search-forward 1)`, `(looking-at nil)`, `(replace-match 3)`, `(set-marker (make-marker) 'x)`,
      `(skip-chars-forward 1)`, `(narrow-to-region 'a 2)`, `(buffer-local-value 'x 3)`, `(make-local-variable 3)`,
      `(string-match "a" "b" 1.5)`, `(split-string 1)`, `(regexp-opt '(1))`, `(match-beginning 'x)`, `(set-match-data '(a b))`,
    ]) {
      const r = ev(`(condition-case e ${form} (error (car e)))`);
      expect(r, form).toMatch(/^(wrong-type-argument|args-out-of-range|error)$/);
    }
  });
});

export { Buffer };
