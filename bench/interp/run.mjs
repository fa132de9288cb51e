// Interpreter benchmarks: our CLI beside GNU Emacs 28 (interpreted and
// byte-compiled) on the same source, medians of REPS runs, as ratios.
// Usage: node bench/interp/run.mjs [REPS] [--dynamic]
// --dynamic runs the same programs with dynamic binding (a copy of
// programs.el without its lexical-binding cookie, for us and for Emacs): what
// a handler file written without the cookie, as the 2010 README's, gets.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseTimings, printComparison } from "./compare.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const args = process.argv.slice(2);
const dynamic = args.includes("--dynamic");
const reps = Number(args.find((a) => !a.startsWith("--")) ?? 3);
let program = path.join(here, "programs.el");
if (dynamic) {
  const copy = path.join(mkdtempSync(path.join(tmpdir(), "elnode-bench-")), "programs.el");
  writeFileSync(copy, readFileSync(program, "utf8").replace(/^;;; -\*- lexical-binding: t -\*-\n/, ";;; dynamic binding\n"));
  program = copy;
}

const ours = parseTimings(execFileSync(path.join(root, "bin", "elnode"), ["eval", `(progn (load ${JSON.stringify(program)}) (bench-run ${reps}) nil)`], { encoding: "utf8", maxBuffer: 1 << 24 }).replace(/nil\s*$/, ""));
printComparison(ours, program, `(bench-run ${reps})`);
