// Data-primitive benchmarks (concat, sort on 10^5 items, mapping, hash,
// number/string conversion; format and split-string when defined): our CLI
// beside GNU Emacs 28 (`emacs -Q --batch`, interpreted and byte-compiled) on
// the same source, medians of REPS runs, reported as ratios.
// Usage: node bench/interp/data-run.mjs [REPS]   (needs a built dist/: npx tsc -p .;
// ELNODE_DIST=dir runs another build)
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseTimings, printComparison } from "./compare.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const reps = Number(process.argv[2] ?? 5);
const program = path.join(here, "data-programs.el");

if (process.argv[2] === "--ours") {
  // Child mode: run the programs in this process with the built runtime,
  // supplying a clock if the runtime has no float-time yet.
  const { Lisp, intern, makeFloat } = await import(path.join(process.env.ELNODE_DIST ?? path.join(root, "dist"), "index.js"));
  const lisp = new Lisp();
  if (!(intern("float-time").fn && intern("float-time").fn !== intern("nil"))) {
    lisp.defun("float-time", () => makeFloat(performance.now() / 1000), { min: 0, max: 1 });
  }
  try {
    lisp.load(program);
    let r = lisp.evalString(`(data-bench-collect ${Number(process.argv[3] ?? 5)})`);
    for (; r && r.car !== undefined; r = r.cdr) console.log(`${r.car.car} ${Number(r.car.cdr.value ?? r.car.cdr).toFixed(1)}`);
  } catch (e) {
    process.stderr.write(`elnode: ${e && e.symbol ? lisp.print(e.errorObject) : e}\n`);
    process.exit(1);
  }
  process.exit(0);
}

const ours = parseTimings(
  execFileSync(process.execPath, ["--stack-size=4000", fileURLToPath(import.meta.url), "--ours", String(reps)], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  }),
);
printComparison(ours, program, `(data-bench-run ${reps})`);
