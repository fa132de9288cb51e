// Data primitives (data.c, fns.c, floatfns.c, casefiddle.c, character.c,
// alloc.c, coding.c): direct calls, properties against JS references, and a
// mixed-argument fuzz over every builtin these modules define.
import { describe, it, expect, beforeAll } from "vitest";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import {
  Lisp, LispSignal, LispThrow, list, makeFloat, intern, Cons, NIL, T, MANY, UNEVALLED, Subr, LispFloat,
  BoolVector, listToArray, makeSymbol, L,
} from "../../src/index.js";
import { asLispError, funcall, resetEvalDepth, specpdlDepth, unbindTo } from "../../src/runtime/eval.js";
import { LispHashTable } from "../../src/runtime/hashtable.js";
import { formatFloat, parseNumber } from "../../src/runtime/builtins/arith.js";
import { signalOf as err } from "./helpers.js";

let lisp: Lisp;
beforeAll(() => {
  lisp = new Lisp();
});

const call = (name: string, ...args: L[]): L => funcall(intern(name), args);
const ev = (src: string): string => lisp.print(lisp.evalString(src, { lexical: true }));

describe("direct calls", () => {
  it("car family and nth", () => {
    expect(call("nth", 1, list(1, 2, 3))).toBe(2);
    expect(call("cadr", list(1, 2, 3))).toBe(2);
    expect(call("cdddr", list(1, 2, 3, 4))).toEqual(list(4));
    expect(err(() => call("cadr", new Cons(1, 2)))).toBe("(wrong-type-argument listp 2)");
    expect(err(() => call("nth", makeFloat(1), list(1)))).toBe("(wrong-type-argument integerp 1.0)");
    const names = ["caar", "cadr", "cdar", "cddr"];
    for (const a of "ad") for (const b of "ad") for (const c of "ad") names.push(`c${a}${b}${c}r`);
    for (const a of "ad") for (const b of "ad") for (const c of "ad") for (const d of "ad") names.push(`c${a}${b}${c}${d}r`);
    expect(names.length).toBe(28);
    for (const n of names) expect(intern(n).fn).toBeInstanceOf(Subr);
  });

  it("length signals on dotted and circular lists", () => {
    expect(err(() => call("length", new Cons(1, new Cons(2, 3))))).toBe("(wrong-type-argument listp 3)");
    const l = list(1, 2, 3) as Cons;
    ((l.cdr as Cons).cdr as Cons).cdr = l;
    expect(() => call("length", l)).toThrow(LispSignal);
    expect(call("safe-length", l)).toBeGreaterThanOrEqual(3);
    expect(call("proper-list-p", l)).toBe(NIL);
    expect(() => call("memq", 9, l)).toThrow(LispSignal);
    expect(() => call("assq", 9, l)).toThrow(LispSignal);
    expect(() => call("reverse", l)).toThrow(LispSignal);
  });

  it("strings count characters, not UTF-16 units", () => {
    const s = "a\u{1F600}b";
    expect(call("length", s)).toBe(3);
    expect(call("aref", s, 1)).toBe(0x1f600);
    expect(call("substring", s, 1, 2)).toBe("\u{1F600}");
    expect(call("substring", s, -1)).toBe("b");
    expect(call("string-search", "b", s)).toBe(2);
    expect(call("reverse", s)).toBe("b\u{1F600}a");
    expect(call("string<", "\uffff", "\u{1F600}")).toBe(T);
    expect(call("string-width", s)).toBe(4);
    expect(call("string-bytes", s)).toBe(6);
  });

  it("floats print as Emacs prints them", () => {
    expect(formatFloat(1)).toBe("1.0");
    expect(formatFloat(0.1)).toBe("0.1");
    expect(formatFloat(1e15)).toBe("1e+15");
    expect(formatFloat(1e14)).toBe("100000000000000.0");
    expect(formatFloat(1e-5)).toBe("1e-05");
    expect(formatFloat(5e-324)).toBe("5e-324");
    expect(formatFloat(-0)).toBe("-0.0");
    expect(formatFloat(Infinity)).toBe("1.0e+INF");
    expect(formatFloat(1 / 3)).toBe("0.3333333333333333");
  });

  it("reads numbers as the reader does", () => {
    expect(parseNumber("1.")).toBe(1);
    expect(parseNumber("1e5")).toEqual(makeFloat(100000));
    expect(parseNumber("-0")).toBe(0);
    expect(parseNumber("12345678901234567890")).toBe(12345678901234567890n);
    expect(parseNumber("1x", 10, true)).toBe(null);
    expect(parseNumber("abc")).toBe(null);
  });

  it("integer arithmetic overflows into bignums and back", () => {
    expect(ev("(* 9007199254740991 2)")).toBe("18014398509481982");
    expect(ev("(- (* 9007199254740991 2) 9007199254740991)")).toBe("9007199254740991");
    expect(typeof lisp.evalString("(- (* 9007199254740991 2) 9007199254740991)")).toBe("number");
    expect(ev("(fixnump (expt 2 60))")).toBe("t");
    expect(ev("(bignump (expt 2 61))")).toBe("t");
    expect(Object.is(lisp.evalString("(* 0 -5)"), -0)).toBe(false);
    expect(Object.is(lisp.evalString("(- 0)"), -0)).toBe(false);
    expect(ev("(/ 1.0 (* 0 -5))")).toBe("1.0e+INF");
  });

  it("round is banker's rounding, with exact division", () => {
    expect(ev("(list (round 2.5) (round 3.5) (round -2.5) (round 5 2) (round 7 2) (round 0.5 0.1))")).toBe("(2 4 -2 2 4 5)");
    expect(ev("(list (floor -7 2) (ceiling -7 2) (truncate -7 2) (floor 7.5 2))")).toBe("(-4 -3 -3 3)");
  });

  it("hash tables grow as Emacs's do and keep insertion order", () => {
    const h = call("make-hash-table", intern(":size"), 2) as LispHashTable;
    for (let i = 0; i < 10; i++) call("puthash", i, i * i, h);
    expect(call("hash-table-size", h)).toBe(13);
    const keys: L[] = [];
    call("maphash", new Subr("collect", 2, 2, (k: L) => (keys.push(k), NIL)), h);
    expect(keys).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(call("gethash", 3, h)).toBe(9);
  });

  it("custom hash table tests call Lisp", () => {
    lisp.evalString(`(define-hash-table-test 'unit-ci (lambda (a b) (string= (downcase a) (downcase b))) (lambda (k) (sxhash-equal (downcase k))))`);
    expect(ev(`(let ((h (make-hash-table :test 'unit-ci))) (puthash "Ab" 1 h) (puthash "aB" 2 h) (list (hash-table-count h) (gethash "AB" h)))`)).toBe("(1 2)");
  });

  it("obarrays other than the global one are separate tables", () => {
    expect(ev(`(let ((ob (obarray-make))) (list (eq (intern "car" ob) 'car) (intern-soft "car" ob) (eq (intern "car" ob) (intern "car" ob))))`)).toBe("(nil car t)");
  });

  it("encodes and decodes", () => {
    expect(call("encode-coding-string", "\u00e9", intern("utf-8"))).toBe("\u00c3\u00a9");
    expect(call("decode-coding-string", "\u00c3\u00a9", intern("utf-8"))).toBe("\u00e9");
    expect(call("decode-coding-string", "\xf0\x9f\x98\x80", intern("utf-8"))).toBe("\u{1F600}");
    expect(call("decode-coding-string", "a\xffb", intern("utf-8"))).toBe("a\xffb");
    expect(err(() => call("encode-coding-string", "a", intern("no-such-coding")))).toBe("(coding-system-error no-such-coding)");
  });
});

describe("properties", () => {
  it("sort is stable and agrees with a stable JS sort", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer())), (pairs) => {
        const items = pairs.map(([k, v]) => new Cons(k, v));
        const pred = new Subr("by-car", 2, 2, (a: Cons, b: Cons) => ((a.car as number) < (b.car as number) ? T : NIL));
        const sorted = listToArray(call("sort", list(...items), pred));
        const expected = items.slice().sort((a, b) => (a.car as number) - (b.car as number));
        expect(sorted).toEqual(expected);
        const v = items.slice();
        call("sort", v, pred);
        expect(v).toEqual(expected);
      }),
    );
  });

  it("the builtin orderings' fast paths sort as the generic path does, cells included", () => {
    const generic = (op: string) => new Subr("via-" + op, 2, 2, (a: L, b: L) => funcall(intern(op), [a, b]));
    const check = (values: L[], op: string) => {
      const viaFast = list(...values) as L;
      const viaGeneric = list(...values) as L;
      const r1 = call("sort", viaFast, intern(op));
      const r2 = call("sort", viaGeneric, generic(op));
      expect(listToArray(r1)).toEqual(listToArray(r2));
      const v1 = values.slice();
      const v2 = values.slice();
      call("sort", v1, intern(op));
      call("sort", v2, generic(op));
      expect(v1).toEqual(v2);
    };
    fc.assert(fc.property(fc.array(fc.integer({ min: -5, max: 5 })), (xs) => (check(xs, "<"), check(xs, ">"))));
    fc.assert(fc.property(fc.array(fc.maxSafeInteger()), (xs) => (check(xs, "<"), check(xs, ">"))));
    fc.assert(fc.property(fc.array(fc.string({ maxLength: 3 })), (xs) => (check(xs, "string<"), check(xs, "string>"))));
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "\uffff", "\u{1F600}", "b\u{1F600}", "")), (xs) => (check(xs, "string<"), check(xs, "string-greaterp"))),
    );
    // Stability on equal keys keeps the original cells in order.
    const a = new Cons(1, NIL);
    const b = new Cons(0, NIL);
    const c = new Cons(1, NIL);
    a.cdr = b;
    b.cdr = c;
    const sorted = call("sort", a, intern("<")) as Cons;
    expect(sorted).toBe(b);
    expect(sorted.cdr).toBe(a);
    expect((sorted.cdr as Cons).cdr).toBe(c);
  });

  it("sort calls the predicate O(n log n) times", () => {
    let calls = 0;
    const pred = new Subr("count<", 2, 2, (a: number, b: number) => (calls++, a < b ? T : NIL));
    const n = 10000;
    const v = Array.from({ length: n }, (_, i) => (i * 7919) % n);
    call("sort", v, pred);
    expect(v).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(calls).toBeLessThan(n * 16);
  });

  it("number-to-string and string-to-number round-trip floats", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        const s = call("number-to-string", makeFloat(x)) as string;
        const back = call("string-to-number", s);
        expect(back).toBeInstanceOf(LispFloat);
        expect(Object.is((back as LispFloat).value, x)).toBe(true);
      }),
    );
  });

  it("integer division and rounding agree with BigInt arithmetic", () => {
    const big = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
    fc.assert(
      fc.property(big, big.filter((d) => d !== 0n), (n, d) => {
        const norm = (b: bigint): L => (b >= -(2n ** 53n - 1n) && b <= 2n ** 53n - 1n ? Number(b) : b);
        const q = n / d;
        const r = n % d;
        const floor = r !== 0n && r < 0n !== d < 0n ? q - 1n : q;
        expect(call("floor", norm(n), norm(d))).toEqual(norm(floor));
        expect(call("truncate", norm(n), norm(d))).toEqual(norm(q));
        expect(call("%", norm(n), norm(d))).toEqual(norm(r));
        expect(call("/", norm(n), norm(d))).toEqual(norm(q));
        expect(call("*", norm(n), norm(d))).toEqual(norm(n * d));
        expect(call("+", norm(n), norm(d))).toEqual(norm(n + d));
      }),
    );
  });

  it("substring and length agree on strings with astral characters", () => {
    const ch = fc.constantFrom("a", "\u00e9", "\u4e2d", "\u{1F600}", "\u{20000}");
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 12 }), fc.nat(12), fc.nat(12), (chars, i, j) => {
        const s = chars.join("");
        expect(call("length", s)).toBe(chars.length);
        const [a, b] = i <= j ? [i, j] : [j, i];
        if (b <= chars.length) expect(call("substring", s, a, b)).toBe(chars.slice(a, b).join(""));
        else expect(() => call("substring", s, a, b)).toThrow(LispSignal);
        if (a < chars.length) expect(call("aref", s, a)).toBe(chars[a].codePointAt(0));
      }),
    );
  });
});

// ---------------------------------------------------------------------------
// Every builtin defined in these modules, fed mixed arguments, answers with a
// value or a Lisp error, never a JS exception.

const MODULES = ["data", "arith", "fns", "floatfns", "casefiddle", "character", "alloc", "coding"];
// Unbounded work for some argument values (a list up to a huge bound).
const SKIP = new Set(["number-sequence", "garbage-collect", "unintern"]);

function ownSubrNames(): string[] {
  const names = new Set<string>();
  for (const m of MODULES) {
    const src = readFileSync(path.join(__dirname, "../../src/runtime/builtins", m + ".ts"), "utf8");
    for (const match of src.matchAll(/defsubr\("([^"]+)"/g)) names.add(match[1]);
    for (const match of src.matchAll(/comparator\("([^"]+)"/g)) names.add(match[1]);
    for (const match of src.matchAll(/math1\("([^"]+)"/g)) names.add(match[1]);
  }
  return [...names];
}

const pool = (): L[] => [
  0, -1, 7, 2 ** 40, 2n ** 70n, -(2n ** 70n), makeFloat(1.5), makeFloat(NaN), makeFloat(-Infinity),
  "fuzz", "", "\u{1F600}x\u00e9", makeSymbol("fuzz-sym"), NIL, T, intern(":kw"), intern("car"),
  list(1, 2, 3), new Cons(1, 2), list(new Cons(intern("a"), 1)), [1, "v", 3], [],
  new LispHashTable(), new BoolVector([true, false]), intern("utf-8"),
];

describe("mixed-argument fuzz over the data primitives", () => {
  it("signals Lisp errors only", () => {
    const names = ownSubrNames().filter((n) => !SKIP.has(n));
    expect(names.length).toBeGreaterThan(200);
    const failures: string[] = [];
    let calls = 0;
    let seed = 12345;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (const name of names) {
      const subr = intern(name).fn;
      if (!(subr instanceof Subr) || subr.max === UNEVALLED) continue;
      const maxArgs = subr.max === MANY ? Math.max(subr.min, 3) : Math.min(subr.max, 4);
      for (let round = 0; round < 60; round++) {
        const n = subr.min + rand(maxArgs - subr.min + 1);
        const p = pool();
        const args = Array.from({ length: n }, () => p[rand(p.length)]);
        const depth = specpdlDepth();
        try {
          calls++;
          funcall(subr, args);
        } catch (raw) {
          const e = asLispError(raw);
          if (!(e instanceof LispSignal) && !(e instanceof LispThrow)) {
            failures.push(`${name} ${args.map((a) => lisp.print(a)).join(" ")}: ${String(raw)}`);
          }
        } finally {
          unbindTo(depth);
          resetEvalDepth(0);
        }
      }
    }
    expect(calls).toBeGreaterThan(10000);
    expect(failures).toEqual([]);
  });
});
