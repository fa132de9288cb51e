// Reader throughput: generates ~1 MB of mixed Emacs Lisp source (defuns with
// docstrings, strings with escapes, numbers, floats, characters, vectors,
// backquote templates, comments), reads every top-level form with the built
// reader (dist/), and prints forms/second and MB/s, the median of 5 runs.
//
//   npx tsc -p . && node bench/reader/read-1mb.mjs
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const { readTopLevel } = await import(join(root, "dist/runtime/reader/index.js"));

// Deterministic pseudo-random generator, so every run reads the same text.
let seed = 42;
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const pick = (a) => a[rand(a.length)];
const words = ["buffer", "point", "region", "elnode", "http", "request", "response", "header", "cons", "alist",
  "plist", "vector", "string", "marker", "window", "frame", "process", "timer", "handler", "dispatch"];
const sym = () => `${pick(words)}-${pick(words)}${rand(3) ? "" : "-p"}`;

function atom() {
  switch (rand(12)) {
    case 0: return String(rand(100000) - 500);
    case 1: return `${rand(1000)}.${rand(1000)}`;
    case 2: return `"${pick(words)} \\"${pick(words)}\\"\\n\\t${pick(words)}"`;
    case 3: return `?${pick(["a", "\\n", "\\C-a", "\\M-x", "\\(", "\\s"])}`;
    case 4: return `:${pick(words)}`;
    case 5: return `'${sym()}`;
    case 6: return `#x${rand(65536).toString(16)}`;
    case 7: return "123456789012345678901234567890";
    case 8: return `[${sym()} ${rand(10)} "${pick(words)}"]`;
    default: return sym();
  }
}

function expr(depth) {
  if (depth > 3 || rand(3) === 0) return atom();
  const n = 1 + rand(5);
  const parts = [sym()];
  for (let i = 0; i < n; i++) parts.push(expr(depth + 1));
  return `(${parts.join(" ")})`;
}

function topLevel(i) {
  switch (rand(5)) {
    case 0:
      return `;;; Section ${i}\n(defvar ${sym()}-${i} ${atom()}\n  "Documentation for variable ${i}.\nSecond line with \\"quotes\\" and \\\\backslashes.")`;
    case 1:
      return `(defmacro ${sym()}-${i} (&rest body)\n  \`(let ((x ,(car body))) ,@(cdr body) (list 'a ,x)))`;
    case 2:
      return `(setq ${sym()} '(${atom()} ${atom()} . ${atom()}))`;
    default: {
      const body = [];
      for (let k = 0; k < 3 + rand(4); k++) body.push("  " + expr(0));
      return `(defun ${sym()}-${i} (a b &optional c)\n  "Do the thing number ${i}.\nReturns A, B or C."\n  ;; a comment inside\n${body.join("\n")})`;
    }
  }
}

const chunks = [";;; bench.el --- generated -*- lexical-binding: t -*-\n"];
let size = chunks[0].length;
for (let i = 0; size < 1024 * 1024; i++) {
  const f = topLevel(i) + "\n\n";
  chunks.push(f);
  size += f.length;
}
const text = chunks.join("");
const bytes = Buffer.byteLength(text, "utf8");

function once() {
  const t0 = performance.now();
  let n = 0;
  for (const _ of readTopLevel(text, { file: "bench.el" })) n++;
  return { n, ms: performance.now() - t0 };
}

once(); // warm up
once();
const runs = [];
for (let i = 0; i < 5; i++) runs.push(once());
runs.sort((a, b) => a.ms - b.ms);
const med = runs[2];
const mbps = bytes / (1024 * 1024) / (med.ms / 1000);
console.log(`reader: ${(bytes / (1024 * 1024)).toFixed(2)} MB, ${med.n} top-level forms`);
console.log(`median of 5: ${med.ms.toFixed(1)} ms  ${Math.round(med.n / (med.ms / 1000))} forms/s  ${mbps.toFixed(1)} MB/s`);
