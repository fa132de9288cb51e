// Regexp benchmark: the workload of regexp-bench.el (string-match of 10
// typical patterns over 10^5 strings; re-search-forward / replace-match passes
// over a 1 MB buffer) in elnode and, when installed, in GNU Emacs
// (`emacs -Q --batch`), each the best of 3 runs; prints both and the ratio.
//
//   npx tsc -p . && node bench/regexp/run.mjs
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { readFileSync, writeFileSync } from "node:fs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");
const el = join(here, "regexp-bench.el");
const { Lisp } = await import(join(root, "dist/index.js"));

function parse(text) {
  if (typeof text !== "string") throw new Error("unexpected benchmark output");
  const out = {};
  for (const line of text.trim().split("\n")) {
    const [name, secs, ...rest] = line.split(" ");
    out[name] = { secs: Number(secs), value: rest.join(" ") };
  }
  return out;
}

// Alternate elnode and Emacs for ROUNDS rounds (default 3), so that a busy
// machine slows both alike, and report the medians.
const rounds = Number(process.env.ROUNDS ?? 3);
const lisp = new Lisp();
lisp.loadText(readFileSync(el, "utf8"), el);
lisp.evalString("(rb-setup)");
const runs = { ours: [], emacs: [] };
let haveEmacs = true;
for (let r = 0; r < rounds; r++) {
  runs.ours.push(parse(lisp.evalString(`(let ((sm (rb-time #'rb-string-match)) (rp (rb-time #'rb-replace)))
     (format "string-match %.3f %S\nreplace %.3f %S\n" (car sm) (cadr sm) (car rp) (cadr rp)))`)));
  if (!haveEmacs) continue;
  try {
    const text = execFileSync("emacs", ["-Q", "--batch", "-l", el, "--eval", "(princ (rb-main))"], { encoding: "utf8" });
    runs.emacs.push(parse(text));
  } catch {
    haveEmacs = false;
  }
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
const lines = [`regexp benchmark (${new Date().toISOString().slice(0, 10)}, node ${process.version}, median of ${rounds} rounds, each the best of 3)`];
for (const name of Object.keys(runs.ours[0])) {
  const o = median(runs.ours.map((x) => x[name].secs));
  const value = runs.ours[0][name].value;
  let line = `${name.padEnd(13)} elnode ${o.toFixed(3)} s`;
  if (haveEmacs && runs.emacs.length) {
    const e = median(runs.emacs.map((x) => x[name].secs));
    const ratio = median(runs.ours.map((x, i) => (runs.emacs[i] ? x[name].secs / runs.emacs[i][name].secs : NaN)).filter((x) => !isNaN(x)));
    line += `   emacs ${e.toFixed(3)} s   elnode/emacs ${ratio.toFixed(2)}`;
    if (runs.emacs[0][name].value !== value) line += `   RESULTS DIFFER: ${value} vs ${runs.emacs[0][name].value}`;
  }
  line += `   (${value})`;
  lines.push(line);
}
if (!haveEmacs) lines.push("(emacs not installed: no comparison)");
console.log(lines.join("\n"));
writeFileSync(join(here, "results.txt"), lines.join("\n") + "\n");
