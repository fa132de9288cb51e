// Interpreter benchmarks: our CLI beside GNU Emacs 28 (interpreted and
// byte-compiled) on the same source, medians of REPS runs, as ratios.
// Usage: node bench/interp/run.mjs [REPS]
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseTimings, printComparison } from "./compare.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const reps = Number(process.argv[2] ?? 3);
const program = path.join(here, "programs.el");

const ours = parseTimings(execFileSync(path.join(root, "bin", "elnode"), ["eval", `(progn (load ${JSON.stringify(program)}) (bench-run ${reps}) nil)`], { encoding: "utf8", maxBuffer: 1 << 24 }).replace(/nil\s*$/, ""));
printComparison(ours, program, `(bench-run ${reps})`);
