// Golden tests: each test/golden/**/NAME.el form is evaluated in order and its
// printed value compared with what GNU Emacs 28.2 printed (NAME.expected,
// lexical binding; NAME.dynamic.expected, dynamic binding). A form preceded
// by a `;; differs: WHY` comment is a deliberate difference and is skipped.
import { describe, it, expect } from "vitest";
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import * as path from "node:path";
import { Lisp, LispSignal } from "../src/index.js";
import { readTopLevel } from "../src/runtime/reader/index.js";
import { topLevelScope, evalInScope } from "../src/runtime/compile/index.js";
import { intern } from "../src/runtime/symbols.js";
import { specbind, unbindTo, specpdlDepth, asLispError } from "../src/runtime/eval.js";
import { T, NIL, Cons } from "../src/runtime/types.js";

const root = path.join(__dirname, "golden");
const lisp = new Lisp();

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith(".el")) out.push(p);
  }
  return out;
}

function printResult(value: () => unknown): string {
  const depth = specpdlDepth();
  specbind(intern("print-escape-newlines"), T);
  try {
    return lisp.print(value() as never);
  } catch (raw) {
    const e = asLispError(raw);
    if (e instanceof LispSignal) return "ERR " + lisp.print(new Cons(e.symbol, e.data));
    return "JSERR " + String(raw);
  } finally {
    unbindTo(depth);
  }
}

function isDeliberateDifference(lines: string[], formLine: number): boolean {
  for (let i = formLine - 2; i >= 0; i--) {
    const l = lines[i].trim();
    if (l.startsWith(";; differs:")) return true;
    if (l !== "" && !l.startsWith(";")) return false;
  }
  return false;
}

for (const file of existsSync(root) ? walk(root) : []) {
  const rel = path.relative(root, file);
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n");
  const forms = [...readTopLevel(text, { file: rel })];
  for (const [mode, suffix] of [["lexical", ".expected"], ["dynamic", ".dynamic.expected"]] as const) {
    const expectedFile = file.replace(/\.el$/, suffix);
    if (!existsSync(expectedFile)) continue;
    const expected = readFileSync(expectedFile, "utf8").split("\n");
    describe(`golden ${rel} (${mode})`, () => {
      const scope = topLevelScope(mode === "lexical");
      forms.forEach(({ form, pos }, i) => {
        const skip = isDeliberateDifference(lines, pos.line);
        const title = `${rel}:${pos.line} ${lines[pos.line - 1]?.trim().slice(0, 60)}`;
        (skip ? it.skip : it)(title, () => {
          const depth = specpdlDepth();
          specbind(intern("lexical-binding"), mode === "lexical" ? T : NIL);
          try {
            expect(printResult(() => evalInScope(form, scope))).toBe(expected[i]);
          } finally {
            unbindTo(depth);
          }
        });
      });
    });
  }
}
