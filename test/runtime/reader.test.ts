// The reader's API: object types, error symbols and locations, top-level
// reading with positions, laziness and paren recovery, chunked tokenizing,
// the read-from-string cache, and the read / read-from-string builtins.
process.env.ELNODE_VALIDATE_LEXER = "1"; // chevrotain checks the token set (and its first-char optimization)

import { describe, expect, it } from "vitest";
import {
  BoolVector, Cons, L, LispFloat, LispRecord, NIL, Subr, Sym, T, UNBOUND, list, listToArray,
} from "../../src/runtime/types.js";
import { intern, internSoft } from "../../src/runtime/symbols.js";
import { LispSignal } from "../../src/runtime/errors.js";
import { LispHashTable } from "../../src/runtime/hashtable.js";
import { equal } from "../../src/runtime/equal.js";
import {
  formatLocation, hasLexicalCookie, readFromString, readFromStringRange, readTopLevel,
} from "../../src/runtime/reader/index.js";
import "../../src/runtime/builtins/lread-read.js";

const read = (s: string): L => readFromString(s).value;
const sym = (name: string) => intern(name);

/** The LispSignal a read throws (fails the test if it returns or throws anything else). */
function readError(s: string, f: () => unknown = () => readFromString(s)): LispSignal {
  try {
    f();
  } catch (e) {
    if (e instanceof LispSignal) return e;
    throw new Error(`JS exception instead of a LispSignal: ${e}`);
  }
  throw new Error(`no error reading ${JSON.stringify(s)}`);
}

function errorData(e: LispSignal): unknown[] {
  return [e.symbol.name, ...listToArray(e.data).map((x) => (x instanceof Sym ? x.name : x))];
}

describe("atoms", () => {
  it("reads a symbol beginning with any character from U+0100 up", () => {
    // The lexer's first-character table names one code per bucket above 255.
    const wrong: string[] = [];
    for (let c = 0x100; c < 0x10000; c++) {
      if (c >= 0xd800 && c < 0xe000) continue;
      const name = String.fromCharCode(c) + "a";
      const v = read(name);
      if (!(v instanceof Sym) || v.name !== name) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it("reads integers as JS numbers and big ones as bigint", () => {
    expect(read("42")).toBe(42);
    expect(read("-7")).toBe(-7);
    expect(read("+7")).toBe(7);
    expect(read("1.")).toBe(1); // `1.` is an integer in Emacs
    expect(read("-0")).toBe(0);
    expect(Object.is(read("-0"), -0)).toBe(false);
    expect(read("9007199254740991")).toBe(9007199254740991);
    expect(read("9007199254740992")).toBe(9007199254740992n);
    expect(read("-123456789012345678901234567890")).toBe(-123456789012345678901234567890n);
    expect(read("#x1F")).toBe(31);
    expect(read("#o17")).toBe(15);
    expect(read("#b101")).toBe(5);
    expect(read("#24r1k")).toBe(44);
    expect(read("#x-ff")).toBe(-255);
    expect(read("#xffffffffffffffffffff")).toBe(0xffffffffffffffffffffn);
  });

  it("reads floats as LispFloat in every spelling", () => {
    const f = (s: string) => {
      const v = read(s);
      expect(v).toBeInstanceOf(LispFloat);
      return (v as LispFloat).value;
    };
    expect(f("1.5")).toBe(1.5);
    expect(f(".5")).toBe(0.5);
    expect(f("-.5")).toBe(-0.5);
    expect(f("1e3")).toBe(1000);
    expect(f("1.e3")).toBe(1000);
    expect(f("-1.5e-7")).toBe(-1.5e-7);
    expect(f("1.0e+INF")).toBe(Infinity);
    expect(f("-1.0e+INF")).toBe(-Infinity);
    expect(Object.is(f("-0.0"), -0)).toBe(true);
    expect(Number.isNaN(f("0.0e+NaN"))).toBe(true);
    const bits = (x: number) => {
      const v = new DataView(new ArrayBuffer(8));
      v.setFloat64(0, x);
      return [v.getUint32(0) >>> 31, v.getUint32(4)];
    };
    expect(bits(f("-0.0e+NaN"))).toEqual([1, 0]);
    expect(bits(f("5.0e+NaN"))).toEqual([0, 5]);
  });

  it("reads near-numbers as symbols", () => {
    for (const s of ["1e", ".e3", "1.5.3", "1+", "+", "-", "1/2", "0x10", "1.0eINF"]) {
      const v = read(s);
      expect(v).toBeInstanceOf(Sym);
      expect((v as Sym).name).toBe(s);
    }
  });

  it("interns symbols, with escapes, keywords and the empty name", () => {
    expect(read("foo")).toBe(sym("foo"));
    expect(read("nil")).toBe(NIL);
    expect(read("t")).toBe(T);
    expect(read("foo\\ bar")).toBe(sym("foo bar"));
    expect(read("\\123")).toBe(sym("123"));
    expect(read("##")).toBe(sym(""));
    const kw = read(":key") as Sym;
    expect(kw).toBe(sym(":key"));
    expect(kw.value).toBe(kw); // keywords evaluate to themselves
    expect(read("\\:key")).toBe(kw);
  });

  it("makes uninterned symbols for #: (and a bare #_)", () => {
    const a = read("#:foo") as Sym;
    expect(a).toBeInstanceOf(Sym);
    expect(a.name).toBe("foo");
    expect(a.interned).toBe(false);
    expect(a).not.toBe(internSoft("foo"));
    expect(read("#:foo")).not.toBe(a);
    expect((read("#:") as Sym).name).toBe("");
    expect(read("#:")).not.toBe(sym(""));
    expect(read("#_foo")).toBe(sym("foo"));
  });

  it("reads character literals as fixnums", () => {
    expect(read("?a")).toBe(97);
    expect(read("?\\C-a")).toBe(1);
    expect(read("?\\^?")).toBe(127);
    expect(read("?\\M-a")).toBe(134217825);
    expect(read("?\\s")).toBe(32);
    expect(read("?\\s-a")).toBe(8388705);
    expect(read("?\\x41")).toBe(65);
    expect(read("?\\101")).toBe(65);
    expect(read("?\\(")).toBe(40);
    expect(read("?é")).toBe(233);
    expect(read("?😀")).toBe(0x1f600);
    expect(read("?\\N{U+E9}")).toBe(233);
    expect(read("?\\C-%")).toBe(67108901);
  });

  it("reads strings with every escape", () => {
    expect(read('"a\\nb\\tc"')).toBe("a\nb\tc");
    expect(read('"\\e\\s\\d\\a"')).toBe("\x1b \x7f\x07");
    expect(read('"\\\\ \\""')).toBe('\\ "');
    expect(read('"\\x41\\ B"')).toBe("AB");
    expect(read('"\\101"')).toBe("A");
    expect(read('"\\u00e9\\U0001F600\\N{U+E9}"')).toBe("é😀é");
    expect(read('"a\\\nb"')).toBe("ab");
    expect(read('"\\C-a\\^b"')).toBe("\x01\x02");
    expect(read('"\\M-a"')).toBe("\xe1"); // a raw byte: the character 225
  });
});

describe("structure", () => {
  it("reads lists, dotted pairs and vectors", () => {
    const l = read("(a (b . c) [1 \"x\"] . d)") as Cons;
    expect(l.car).toBe(sym("a"));
    const pair = (l.cdr as Cons).car as Cons;
    expect(pair.car).toBe(sym("b"));
    expect(pair.cdr).toBe(sym("c"));
    const vec = ((l.cdr as Cons).cdr as Cons).car;
    expect(vec).toEqual([1, "x"]);
    expect(((l.cdr as Cons).cdr as Cons).cdr).toBe(sym("d"));
    expect(read("()")).toBe(NIL);
    expect(read("[]")).toEqual([]);
    expect(read("(. b)")).toBe(sym("b"));
  });

  it("expands the quotation shorthands", () => {
    expect(equal(read("'x"), list(sym("quote"), sym("x")))).toBe(true);
    expect(equal(read("`x"), list(sym("`"), sym("x")))).toBe(true);
    expect(equal(read(",x"), list(sym(","), sym("x")))).toBe(true);
    expect(equal(read(",@x"), list(sym(",@"), sym("x")))).toBe(true);
    expect(equal(read("#'f"), list(sym("function"), sym("f")))).toBe(true);
  });

  it("reads records, hash tables and bool vectors", () => {
    const r = read("#s(point 1 2)");
    expect(r).toBeInstanceOf(LispRecord);
    expect((r as LispRecord).slots).toEqual([sym("point"), 1, 2]);
    const h = read('#s(hash-table size 3 test equal data ("k" 1 (a) 2))') as LispHashTable;
    expect(h).toBeInstanceOf(LispHashTable);
    expect(h.test).toBe(sym("equal"));
    expect(h.get("k")).toBe(1);
    expect(h.get(list(sym("a")))).toBe(2);
    expect(h.count).toBe(2);
    const b = read('#&5"\\37"') as BoolVector;
    expect(b).toBeInstanceOf(BoolVector);
    expect(b.bits).toEqual([true, true, true, true, true]);
  });

  it("builds shared and circular structure with #N= and #N#", () => {
    const c = read("#1=(a . #1#)") as Cons;
    expect(c.cdr).toBe(c);
    const v = read("#1=[a #1#]") as L[];
    expect(v[1]).toBe(v);
    const l = read("(#1=(x) #1#)") as Cons;
    expect(l.car).toBe((l.cdr as Cons).car);
    const nested = read("#1=(#2=[#1# #2#])") as Cons;
    const inner = nested.car as L[];
    expect(inner[0]).toBe(nested);
    expect(inner[1]).toBe(inner);
  });

  it("reads #@00 as nil and skips #@NN docstrings up to \\037", () => {
    expect(read("#@00 (anything")).toBe(NIL);
    expect(read("#@5 junk\x1f foo")).toBe(sym("foo"));
  });

  it("reads deeply nested input without exhausting the JS stack", () => {
    const depth = 100000;
    let v = read("(".repeat(depth) + ")".repeat(depth));
    let n = 0;
    while (v instanceof Cons) {
      v = v.car;
      n++;
    }
    expect(n).toBe(depth - 1);
    expect(readError("(".repeat(depth)).symbol.name).toBe("end-of-file");
  });
});

describe("errors", () => {
  it("signals Emacs's error symbols and data", () => {
    expect(errorData(readError(")"))).toEqual(["invalid-read-syntax", ")"]);
    expect(errorData(readError("(a b"))).toEqual(["end-of-file"]);
    expect(errorData(readError("#<buffer x>"))).toEqual(["invalid-read-syntax", "#"]);
    expect(errorData(readError("(a . b c)"))).toEqual(["invalid-read-syntax", ". in wrong context"]);
    expect(errorData(readError("[a . b]"))).toEqual(["invalid-read-syntax", ") or . in a vector"]);
    expect(errorData(readError("(a]"))).toEqual(["invalid-read-syntax", "] in a list"]);
    expect(errorData(readError("?ab"))).toEqual(["invalid-read-syntax", "?"]);
    expect(errorData(readError('"\\C-%"'))).toEqual(["invalid-read-syntax", "Invalid modifier in string"]);
    expect(errorData(readError('"\\Ma"'))).toEqual(["error", "Invalid escape character syntax"]);
    expect(errorData(readError("#xg"))).toEqual(["invalid-read-syntax", "integer, radix 16"]);
    expect(errorData(readError("#s(hash-table data (a))"))).toEqual([
      "error",
      "Hash table data is not a list of even length",
    ]);
    expect(errorData(readError(""))).toEqual(["end-of-file"]);
  });

  it("gives end-of-file the file being loaded, as Emacs does", () => {
    const lfn = intern("load-file-name");
    const saved = lfn.value;
    lfn.value = "/tmp/x.el";
    try {
      expect(errorData(readError("(a"))).toEqual(["end-of-file", "/tmp/x.el"]);
    } finally {
      lfn.value = saved;
    }
  });

  it("locates errors at LINE:COL, 1-based, at the offending token", () => {
    expect(readError(")").location).toBe("1:1");
    expect(readError("(a\n  b\n  #<x>").location).toBe("3:3");
    expect(readError("\t)").location).toBe("1:9"); // tabs advance to the next multiple of 8
    expect(readError('(a "unterminated').location).toBe("1:4"); // the string that never ends
    // end-of-file: where the innermost construct still open began
    expect(readError("(defun f ()\n  (let ((x 1))\n    x)").location).toBe("1:1");
    expect(readError("(a\n (b").location).toBe("2:2");
    expect(readError("'").location).toBe("1:1");
    // a bad escape deep in a docstring is located at the escape
    expect(readError('(defun f ()\n  "Doc\n  more \\N{NOPE} doc")').location).toBe("3:8");
  });

  it("never lets a JS exception escape", () => {
    const samples = ["#", "#s(", "#&", "#&x", "#1=", "?\\", "?\\N{", '"\\N{', "#s(hash-table size", "#(", "#[a b]", "\\"];
    for (const s of samples) expect(readError(s)).toBeInstanceOf(LispSignal);
  });
});

describe("readTopLevel", () => {
  it("yields every form with its position", () => {
    const text = ";; header\n(a)\n  (b\n   c)\n'd ; tail\n\t[e] 😀 f";
    const forms = [...readTopLevel(text, { file: "x.el" })];
    expect(forms.map((f) => f.pos)).toEqual([
      { file: "x.el", line: 2, col: 0, offset: 10 },
      { file: "x.el", line: 3, col: 2, offset: 16 },
      { file: "x.el", line: 5, col: 0, offset: 25 },
      { file: "x.el", line: 6, col: 8, offset: 36 },
      { file: "x.el", line: 6, col: 12, offset: 40 },
      { file: "x.el", line: 6, col: 14, offset: 42 },
    ]);
    expect(forms[5].form).toBe(sym("f"));
    expect(formatLocation(forms[1].pos)).toBe("x.el:3:3");
  });

  it("skips a byte order mark", () => {
    const forms = [...readTopLevel("\ufeff(a)\n b")];
    expect(forms.map((f) => f.pos)).toEqual([
      { file: undefined, line: 1, col: 0, offset: 0 },
      { file: undefined, line: 2, col: 1, offset: 5 },
    ]);
    expect(hasLexicalCookie("\ufeff;; -*- lexical-binding: t -*-")).toBe(true);
  });

  it("is lazy: a form is read only when asked for, errors surface at their form", () => {
    const lfn = intern("load-file-name");
    const saved = lfn.value;
    try {
      lfn.value = NIL;
      const it = readTopLevel("(first) #$ ) (never)")[Symbol.iterator]();
      expect(equal(it.next().value!.form, list(sym("first")))).toBe(true);
      lfn.value = "changed.el"; // as if form 1 had set it: #$ is read after
      expect(it.next().value!.form).toBe("changed.el");
      const e = readError("", () => it.next());
      expect(errorData(e)).toEqual(["invalid-read-syntax", ")", 1, 12]);
    } finally {
      lfn.value = saved === UNBOUND ? NIL : saved;
    }
  });

  it("adds LINE and COLUMN to invalid-read-syntax data, as reading a buffer does", () => {
    const e = readError("", () => [...readTopLevel("(a)\n  )", { file: "f.el" })]);
    expect(errorData(e)).toEqual(["invalid-read-syntax", ")", 2, 3]);
    expect(e.location).toBe("f.el:2:3");
    const e2 = readError("", () => [...readTopLevel("(a)\n  )", { lineColumnData: false })]);
    expect(errorData(e2)).toEqual(["invalid-read-syntax", ")"]);
    expect(e2.location).toBe("2:3");
  });

  it("reads unbalanced text as Emacs does without recovery", () => {
    expect(errorData(readError("", () => [...readTopLevel("(defun f ()\n  (g)\n(h)")]))).toEqual(["end-of-file"]);
    expect(errorData(readError("", () => [...readTopLevel("(a))\n(b)")]))[0]).toBe("invalid-read-syntax");
  });

  it("recovers from unbalanced parens when asked", () => {
    const warnings: string[] = [];
    const text = "(defun f ()\n  (g\n(h)\n)\n(i (j)\n";
    const forms = [...readTopLevel(text, { file: "r.el", recover: true, onWarning: (w) => warnings.push(w) })];
    expect(forms.map((f) => f.form)).toHaveLength(3);
    expect(equal(forms[0].form, read("(defun f () (g))"))).toBe(true);
    expect(equal(forms[1].form, read("(h)"))).toBe(true);
    expect(equal(forms[2].form, read("(i (j))"))).toBe(true);
    expect(forms[1].pos.line).toBe(3);
    expect(warnings).toEqual([
      "r.el:3: warning: 2 unclosed paren(s) before this top-level form; closed",
      "r.el:4: warning: stray ')' skipped",
      "r.el:5: warning: 1 unclosed paren(s) at end of input; closed",
    ]);
  });

  it("does not take a column-0 paren inside a string or after a quote for a new form", () => {
    const warnings: string[] = [];
    const text = '(defun f ()\n  "Doc.\n(not code)"\n  \'\n(x))\n';
    const forms = [...readTopLevel(text, { recover: true, onWarning: (w) => warnings.push(w) })];
    expect(forms).toHaveLength(1);
    expect(equal(forms[0].form, read("(defun f () \"Doc.\n(not code)\" '(x))"))).toBe(true);
    expect(warnings).toEqual([]);
  });

  it("reads big texts in chunks without changing the result", () => {
    // Forms whose strings, skips and lists cross the places where the text is cut.
    const parts: string[] = [];
    for (let i = 0; i < 3000; i++) {
      parts.push(
        i % 7 === 0
          ? `(defvar v${i} "doc line\n(looks like code ${i})\nend")`
          : i % 11 === 0
            ? `(progn\n(a ${i})\n(b "x\\"y"))`
            : i % 13 === 0
              ? `#@9 skipped\n(stuff)\x1f(s ${i})`
              : `(f ${i} 'x "s" ?\\( [${i}] #x${i.toString(16)} ${i}.5)`,
      );
    }
    const text = parts.join("\n");
    expect(text.length).toBeGreaterThan(4 * 16384);
    const forms = [...readTopLevel(text)].map((f) => f.form);
    expect(forms).toHaveLength(3000);
    for (let i = 0; i < 3000; i++) {
      const alone = readFromString(parts[i].startsWith("#@") ? parts[i].slice(parts[i].indexOf("\x1f") + 1) : parts[i]);
      expect(equal(forms[i], alone.value)).toBe(true);
    }
  });

  it("reads a string running to the end of a big text as end-of-file", () => {
    const text = "(a)\n".repeat(10000) + '(b "never closed\n(c)\n(d)';
    const e = readError("", () => [...readTopLevel(text)]);
    expect(errorData(e)).toEqual(["end-of-file"]);
    expect(e.location).toBe("10001:4");
  });
});

describe("readFromString", () => {
  it("returns the end as a character index, after the form", () => {
    expect(readFromString("foo bar")).toEqual({ value: sym("foo"), end: 3 });
    expect(readFromString("foo bar", 3)).toEqual({ value: sym("bar"), end: 7 });
    expect(readFromString("😀 b", 1)).toEqual({ value: sym("b"), end: 3 });
    expect(readFromString('"😀" x').end).toBe(3);
    expect(readFromStringRange("abc def", 0, 2)).toEqual({ value: sym("ab"), end: 2 });
  });

  it("gives the same results through its cache in a read loop", () => {
    const items = Array.from({ length: 6000 }, (_, i) => (i % 3 === 0 ? `(x ${i})` : i % 3 === 1 ? `"s${i}"` : `sym${i}`));
    const text = items.join(" \n ;; c\n") + " ";
    expect(text.length).toBeGreaterThan(3 * 16384);
    let pos = 0;
    const got: L[] = [];
    for (;;) {
      try {
        const r = readFromString(text, pos);
        got.push(r.value);
        pos = r.end;
      } catch (e) {
        if (e instanceof LispSignal && e.symbol.name === "end-of-file") break;
        throw e;
      }
    }
    const fresh: L[] = [];
    for (const f of readTopLevel(text, { lineColumnData: false })) fresh.push(f.form);
    expect(got.length).toBe(fresh.length);
    for (let i = 0; i < got.length; i++) expect(equal(got[i], fresh[i])).toBe(true);
  });

  it("starts afresh in the middle of a token", () => {
    const text = "(abcdef ghi)";
    readFromString(text); // fills the cache
    expect(readFromString(text, 3).value).toBe(sym("cdef"));
    expect(readFromString(text, 9).value).toBe(sym("hi"));
  });
});

describe("hasLexicalCookie", () => {
  it("follows Emacs's rules for the first line", () => {
    expect(hasLexicalCookie(";;; foo.el --- x  -*- lexical-binding: t -*-\n")).toBe(true);
    expect(hasLexicalCookie(";; -*- lexical-binding: t; -*-")).toBe(true);
    expect(hasLexicalCookie(";; -*- mode: emacs-lisp; lexical-binding: t -*-")).toBe(true);
    expect(hasLexicalCookie(";; -*- lexical-binding:t -*-")).toBe(true);
    expect(hasLexicalCookie(";; -*- lexical-binding: yes -*-")).toBe(true);
    expect(hasLexicalCookie(";; -*- lexical-binding: nil -*-")).toBe(false);
    expect(hasLexicalCookie(";; -*- emacs-lisp -*-")).toBe(false);
    expect(hasLexicalCookie(";; no cookie\n;; -*- lexical-binding: t -*-")).toBe(false);
    expect(hasLexicalCookie("(setq x 1) ; -*- lexical-binding: t -*-")).toBe(false);
    expect(hasLexicalCookie("#!/usr/bin/emacs --script\n;; -*- lexical-binding: t -*-\n")).toBe(true);
    expect(hasLexicalCookie("#!/usr/bin/emacs --script\n(foo)")).toBe(false);
    expect(hasLexicalCookie("")).toBe(false);
  });
});

describe("builtins", () => {
  const call = (name: string, ...args: L[]) => {
    const f = intern(name).fn as Subr;
    return f.fn(...args, ...Array(Math.max(0, f.max - args.length)).fill(NIL));
  };

  it("read reads a string", () => {
    expect(equal(call("read", "(a . b)"), new Cons(sym("a"), sym("b")))).toBe(true);
  });

  it("read-from-string takes START and END, negative from the end", () => {
    expect(equal(call("read-from-string", "abc def", -3), new Cons(sym("def"), 7))).toBe(true);
    expect(equal(call("read-from-string", "abc def", 0, -4), new Cons(sym("abc"), 3))).toBe(true);
    expect(equal(call("read-from-string", "abc def", 1, 2), new Cons(sym("b"), 2))).toBe(true);
    expect(errorData(readError("", () => call("read-from-string", "abc def", 4, 3)))).toEqual([
      "args-out-of-range",
      "abc def",
      4,
      3,
    ]);
    expect(errorData(readError("", () => call("read-from-string", "abc", new LispFloat(1.5))))[0]).toBe(
      "wrong-type-argument",
    );
    expect(errorData(readError("", () => call("read-from-string", sym("abc"))))).toEqual([
      "wrong-type-argument",
      "stringp",
      "abc",
    ]);
  });

  it("read from an unsupported stream signals wrong-type-argument", () => {
    expect(errorData(readError("", () => call("read", 5)))[0]).toBe("wrong-type-argument");
  });
});
