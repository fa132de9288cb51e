// Differential test against GNU Emacs 28: every line of
// test/golden/reader/corpus.jsonl is read with readFromString and dumped
// structurally; corpus.expected holds the same dump made by Emacs's
// read-from-string (regenerate with test/golden/reader/gen-corpus.sh).
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { BoolVector, Cons, L, LispFloat, LispRecord, Sym } from "../../src/runtime/types.js";
import { internSoft } from "../../src/runtime/symbols.js";
import { LispSignal } from "../../src/runtime/errors.js";
import { LispHashTable } from "../../src/runtime/hashtable.js";
import { readFromString } from "../../src/runtime/reader/index.js";

const dir = join(dirname(fileURLToPath(import.meta.url)), "../golden/reader");
const cases: string[] = readFileSync(join(dir, "corpus.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l !== "")
  .map((l) => JSON.parse(l));
const expected = readFileSync(join(dir, "corpus.expected"), "utf8").split("\n");

/**
 * Cases where we knowingly differ from Emacs, with the reason. (Raw bytes
 * inside multibyte strings and characters beyond U+10FFFF cannot be
 * represented in JS strings; such cases are left out of the corpus.)
 */
const knownDifferences: Record<string, string> = {
  "#^[nil nil x]": "char-table syntax is not supported; Emacs checks the size first",
};

function esc(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += c >= 33 && c <= 126 && c !== 92 && c !== 124 ? ch : `\\{${c}}`;
  }
  return out;
}

const view = new DataView(new ArrayBuffer(8));
function floatDump(x: number): string {
  if (Number.isNaN(x)) {
    view.setFloat64(0, x);
    const neg = view.getUint32(0) >>> 31 === 1;
    const payload = (view.getUint32(0) & 0x7ffff) * 2 ** 32 + view.getUint32(4);
    return `F:${neg ? "-" : ""}${payload}.0e+NaN`;
  }
  if (x === Infinity) return "F:1.0e+INF";
  if (x === -Infinity) return "F:-1.0e+INF";
  const s = Math.abs(x).toExponential(17).replace(/e([+-])(\d)$/, "e$10$2");
  return `F:${x < 0 || Object.is(x, -0) ? "-" : ""}${s}`;
}

function dump(x: L, budget: { n: number }): string {
  budget.n--;
  if (budget.n < 0) return "~";
  if (typeof x === "number" || typeof x === "bigint") return `I:${x}`;
  if (x instanceof LispFloat) return floatDump(x.value);
  if (x instanceof Sym) return `${internSoft(x.name) === x ? "S" : "U"}:${esc(x.name)}`;
  if (typeof x === "string") return `T:${esc(x)}`;
  if (x instanceof Cons) {
    let out = "(";
    let first = true;
    let p: L = x;
    while (p instanceof Cons && budget.n >= 0) {
      out += (first ? "" : " ") + dump(p.car, budget);
      first = false;
      p = p.cdr;
    }
    return out + (p instanceof Sym && p.name === "nil" && internSoft("nil") === p ? "" : " . " + dump(p, budget)) + ")";
  }
  if (x instanceof BoolVector) return `B:${x.bits.map((b) => (b ? "1" : "0")).join("")}`;
  if (Array.isArray(x)) return `[${x.map((e) => dump(e, budget)).join(" ")}]`;
  if (x instanceof LispRecord) return `R[${x.slots.map((e) => dump(e, budget)).join(" ")}]`;
  if (x instanceof LispHashTable) {
    const parts: string[] = [];
    for (const [k, v] of x.entries()) parts.push(dump(k, budget), dump(v, budget));
    const weak = x.weakness instanceof Sym && x.weakness.name !== "nil" ? x.weakness.name : "";
    return `H:${x.test.name}:${weak}{${parts.join(" ")}}`;
  }
  return `?:${String(x)}`;
}

function run(text: string): string {
  try {
    const r = readFromString(text);
    return `${dump(r.value, { n: 60 })}|${r.end}`;
  } catch (e) {
    if (e instanceof LispSignal) return `E:${dump(e.errorObject, { n: 60 })}`;
    return `JS-EXCEPTION: ${e}`;
  }
}

describe("reader agrees with Emacs 28 on the corpus", () => {
  it("has an expected line per case", () => {
    expect(expected.length).toBeGreaterThanOrEqual(cases.length);
  });
  const rows = cases.map((text, i) => ({ text, want: expected[i] }));
  it.each(rows.filter((r) => !(r.text in knownDifferences)))("$text", ({ text, want }) => {
    expect(run(text)).toBe(want);
  });
  it.each(rows.filter((r) => r.text in knownDifferences))("differs deliberately: $text", ({ text, want }) => {
    expect(run(text)).not.toBe(want);
  });
});
