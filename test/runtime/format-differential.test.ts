// Differential tests against GNU Emacs 28: the random-*.el golden files hold
// forms `(format "SPEC|" LITERAL)` and `(prin1-to-string LITERAL)` whose
// .expected lines Emacs produced. They are checked here straight through the
// printer and `format`, reading the literals with a small reader of our own.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { L, NIL, Cons, LispFloat, list, normInt } from "../../src/runtime/types.js";
import { intern } from "../../src/runtime/symbols.js";
import { prin1ToString } from "../../src/runtime/printer.js";
import { styledFormat } from "../../src/runtime/builtins/format.js";

/** Reads the literal syntax these files use: numbers, strings, chars, 'quoted data, vectors. */
function readLiteral(src: string): L {
  let i = 0;
  const ws = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const escape = (): number => {
    const c = src[i++];
    switch (c) {
      case "n": return 10;
      case "t": return 9;
      case "e": return 27;
      case "u": {
        const h = src.slice(i, i + 4);
        i += 4;
        return parseInt(h, 16);
      }
      default: return c.codePointAt(0)!;
    }
  };
  const read = (): L => {
    ws();
    const c = src[i];
    if (c === "(") {
      i++;
      const items: L[] = [];
      for (;;) {
        ws();
        if (src[i] === ")") { i++; break; }
        items.push(read());
      }
      return list(...items);
    }
    if (c === "[") {
      i++;
      const items: L[] = [];
      for (;;) {
        ws();
        if (src[i] === "]") { i++; break; }
        items.push(read());
      }
      return items;
    }
    if (c === "'") { i++; return read(); }
    if (c === '"') {
      i++;
      let s = "";
      while (src[i] !== '"') {
        if (src[i] === "\\") { i++; s += String.fromCodePoint(escape()); }
        else { const cp = src.codePointAt(i)!; s += String.fromCodePoint(cp); i += cp > 0xffff ? 2 : 1; }
      }
      i++;
      return s;
    }
    if (c === "?") {
      i++;
      if (src[i] === "\\") { i++; return escape(); }
      const cp = src.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      return cp;
    }
    let tok = "";
    while (i < src.length && !/[\s()\[\]]/.test(src[i])) {
      if (src[i] === "\\") i++;
      tok += src[i++];
    }
    if (/^[-+]?\d+$/.test(tok)) return normInt(BigInt(tok));
    if (tok === "1.0e+INF") return new LispFloat(Infinity);
    if (tok === "-1.0e+INF") return new LispFloat(-Infinity);
    if (/^[-+]?(\d+\.?\d*(e[-+]?\d+)?|\.\d+(e[-+]?\d+)?)$/.test(tok)) return new LispFloat(Number(tok));
    return tok === "nil" ? NIL : intern(tok);
  };
  return read();
}

interface Case { line: number; form: string; expected: string }

function cases(rel: string): Case[] {
  const file = path.join(__dirname, "..", "golden", rel);
  const lines = readFileSync(file, "utf8").split("\n");
  const expected = readFileSync(file.replace(/\.el$/, ".expected"), "utf8").split("\n");
  const out: Case[] = [];
  lines.forEach((l, n) => {
    if (l.startsWith("(")) out.push({ line: n + 1, form: l, expected: expected[out.length] });
  });
  return out;
}

/** As the golden tool evaluates: with print-escape-newlines bound to t throughout. */
function run(form: string): string {
  const v = intern("print-escape-newlines");
  const old = v.value;
  v.value = intern("t");
  try {
    return evaluate(form);
  } finally {
    v.value = old;
  }
}

function evaluate(form: string): string {
  let m = /^\(format "((?:[^"\\]|\\.)*)" (.*)\)$/.exec(form);
  if (m) {
    const fmt = readLiteral('"' + m[1] + '"') as string;
    return prin1ToString(styledFormat([fmt, readLiteral(m[2])], false));
  }
  m = /^\(prin1-to-string (.*)\)$/.exec(form);
  if (m) return prin1ToString(prin1ToString(readLiteral(m[1])));
  throw new Error("unsupported form " + form);
}

for (const rel of [
  "printer/random-floats.el",
  "format/random-int.el",
  "format/random-float.el",
  "format/random-string.el",
]) {
  describe(rel, () => {
    for (const c of cases(rel)) {
      it(`${c.line}: ${c.form}`, () => {
        expect(run(c.form)).toBe(c.expected);
      });
    }
  });
}

void Cons;
