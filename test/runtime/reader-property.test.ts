// Properties of the reader: what prin1 prints reads back `equal`, and no
// input whatsoever makes the reader throw anything but a LispSignal.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BoolVector, Cons, L, LispFloat, LispRecord, NIL } from "../../src/runtime/types.js";
import { intern } from "../../src/runtime/symbols.js";
import { LispSignal } from "../../src/runtime/errors.js";
import { equal } from "../../src/runtime/equal.js";
import { readFromString, readTopLevel } from "../../src/runtime/reader/index.js";

const printerPath = fileURLToPath(new URL("../../src/runtime/printer.ts", import.meta.url));
const havePrinter = existsSync(printerPath);

// Lisp objects whose printed representation is meant to read back equal.
const fixnum = fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 });
const bignum = fc
  .bigInt({ min: -(2n ** 200n), max: 2n ** 200n })
  .filter((b) => b > 9007199254740991n || b < -9007199254740991n);
const float = fc.double().map((d) => new LispFloat(d));
const text = fc.string({ unit: "binary", maxLength: 12 });
const symbolName = fc.oneof(
  text,
  fc.constantFrom("", "1", "-1", "1.5", ".", "..", "?a", "a?", "#a", "a#b", ":kw", "nil", "t", "\\", "a b", "1e5", "+", "-"),
);
const symbol = symbolName.filter((n) => n !== "hash-table").map((n) => intern(n));
const atom: fc.Arbitrary<L> = fc.oneof(fixnum, bignum, float, text, symbol);

const { tree } = fc.letrec<{ tree: L }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc.tuple(fc.array(tie("tree"), { maxLength: 5 }), fc.option(atom, { nil: undefined })).map(([items, tail]) => {
      let r: L = tail === undefined || items.length === 0 ? NIL : tail;
      for (let i = items.length - 1; i >= 0; i--) r = new Cons(items[i], r);
      return r;
    }),
    fc.array(tie("tree"), { maxLength: 5 }),
    fc.array(tie("tree"), { minLength: 1, maxLength: 4 }).map((slots) => new LispRecord([intern("rec"), ...slots])),
    fc.array(fc.boolean(), { maxLength: 20 }).map((bits) => new BoolVector(bits)),
  ),
}));

describe.skipIf(!havePrinter)("read(prin1(x)) is equal to x", () => {
  it("for random objects", async () => {
    const { prin1ToString } = await import("../../src/runtime/printer.js");
    fc.assert(
      fc.property(tree, (x) => {
        const printed = prin1ToString(x);
        const r = readFromString(printed);
        if (!equal(r.value, x)) throw new Error(`${JSON.stringify(printed)} read back as ${prin1ToString(r.value)}`);
        expect(r.end).toBe([...printed].length);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("the reader only ever throws LispSignals", () => {
  const syntax = fc.constantFrom(
    "(", ")", "[", "]", "'", "`", ",", ",@", "\"", "\\", "?", "#", ".", ";", "\n", " ", "\t",
    "a", "1", "e", "+", "-", "x", "s", "&", "@", ":", "_", "$", "^", "=", "r", "N", "{", "}", "C-", "M-", "\x1f",
    "é", "😀", "\u00a0", "00", "#s(", "#&", "#@", "#1=", "#1#", "\\N{", "U+", "hash-table", "data",
  );
  const input = fc.array(syntax, { maxLength: 30 }).map((a) => a.join(""));

  it("from readFromString", () => {
    fc.assert(
      fc.property(input, (s) => {
        try {
          const r = readFromString(s);
          expect(r.end).toBeLessThanOrEqual([...s].length);
        } catch (e) {
          if (!(e instanceof LispSignal)) throw e;
          expect(typeof e.location).toBe("string");
        }
      }),
      { numRuns: 5000 },
    );
  });

  it("from readTopLevel, with and without recovery", () => {
    fc.assert(
      fc.property(input, fc.boolean(), (s, recover) => {
        try {
          for (const f of readTopLevel(s, { recover, onWarning: () => {} })) void f;
        } catch (e) {
          if (!(e instanceof LispSignal)) throw e;
        }
      }),
      { numRuns: 3000 },
    );
  });
});
