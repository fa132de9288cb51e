// Interpreter benchmarks: our CLI beside GNU Emacs 28 (interpreted and
// byte-compiled) on the same source, medians of REPS runs, as ratios.
// Usage: node bench/interp/run.mjs [REPS]
import { execFileSync } from "node:child_process";
import { mkdtempSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const reps = Number(process.argv[2] ?? 3);
const program = path.join(here, "programs.el");

function parse(out) {
  const r = {};
  for (const line of out.trim().split("\n")) {
    const [name, ms] = line.trim().split(/\s+/);
    if (name && ms) r[name] = Number(ms);
  }
  return r;
}

function hasEmacs() {
  try {
    execFileSync("emacs", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const ours = parse(execFileSync(path.join(root, "bin", "elnode"), ["eval", `(progn (load ${JSON.stringify(program)}) (bench-run ${reps}) nil)`], { encoding: "utf8", maxBuffer: 1 << 24 }).replace(/nil\s*$/, ""));
const columns = { elnode: ours };
if (hasEmacs()) {
  const run = (file) => parse(execFileSync("emacs", ["-Q", "--batch", "-l", file, "--eval", `(bench-run ${reps})`], { encoding: "utf8" }));
  columns["emacs-interp"] = run(program);
  const dir = mkdtempSync(path.join(tmpdir(), "elnode-bench-"));
  const copy = path.join(dir, "programs.el");
  copyFileSync(program, copy);
  execFileSync("emacs", ["-Q", "--batch", "-f", "batch-byte-compile", copy], { stdio: "ignore" });
  columns["emacs-bytecomp"] = run(copy + "c");
} else {
  console.log("emacs not installed: Emacs columns skipped");
}
const names = Object.keys(ours);
const header = ["benchmark", ...Object.keys(columns).map((c) => `${c} ms`), ...Object.keys(columns).filter((c) => c !== "elnode").map((c) => `${c}/elnode`)];
console.log(header.join(" | "));
for (const n of names) {
  const cells = Object.values(columns).map((c) => (c[n] ?? NaN).toFixed(1));
  const ratios = Object.entries(columns).filter(([c]) => c !== "elnode").map(([, c]) => (c[n] / ours[n]).toFixed(2) + "x");
  console.log([n, ...cells, ...ratios].join(" | "));
}
