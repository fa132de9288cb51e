// What bench/interp/run.mjs and data-run.mjs share: reading "NAME MS" lines,
// running the same program in GNU Emacs (interpreted and byte-compiled), and
// printing the "a | b | c" table that bench/run.mjs parses.
import { execFileSync } from "node:child_process";
import { mkdtempSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** "NAME MS" lines as { NAME: MS }; other lines are left out. */
export function parseTimings(out) {
  const r = {};
  for (const line of out.trim().split("\n")) {
    const [name, ms] = line.trim().split(/\s+/);
    if (name && ms && !Number.isNaN(Number(ms))) r[name] = Number(ms);
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

/**
 * Print OURS (our timings) beside `emacs -Q --batch' running PROGRAM then FORM,
 * interpreted and byte-compiled (when Emacs is installed), with the ratios.
 */
export function printComparison(ours, program, form) {
  const columns = { elnode: ours };
  if (hasEmacs()) {
    const run = (file) => parseTimings(execFileSync("emacs", ["-Q", "--batch", "-l", file, "--eval", form], { encoding: "utf8" }));
    columns["emacs-interp"] = run(program);
    const dir = mkdtempSync(path.join(tmpdir(), "elnode-bench-"));
    const copy = path.join(dir, path.basename(program));
    copyFileSync(program, copy);
    execFileSync("emacs", ["-Q", "--batch", "-f", "batch-byte-compile", copy], { stdio: "ignore" });
    columns["emacs-bytecomp"] = run(copy + "c");
  } else {
    console.log("emacs not installed: Emacs columns skipped");
  }
  const others = Object.keys(columns).filter((c) => c !== "elnode");
  console.log(["benchmark", ...Object.keys(columns).map((c) => `${c} ms`), ...others.map((c) => `${c}/elnode`)].join(" | "));
  for (const n of Object.keys(ours)) {
    const cells = Object.values(columns).map((c) => (c[n] ?? NaN).toFixed(1));
    const ratios = others.map((c) => (columns[c][n] / ours[n]).toFixed(2) + "x");
    console.log([n, ...cells, ...ratios].join(" | "));
  }
}
