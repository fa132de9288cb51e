// Start-up time of the `elnode` command: median wall time of `elnode eval nil`
// and `elnode --version`, beside `node -e 0` with the same flags (the floor:
// what Node itself takes to start and exit on this machine). Runs are
// interleaved, so the machine's drifting load falls on every row alike.
//
//   node bench/startup.mjs [N] [--json FILE]     (build first: npm run build)
//
// GNU Emacs's own `emacs -Q --batch --eval nil` is timed beside them where
// installed. --json writes the medians for bench/run.mjs.
// When NODE_EXTRA_CA_CERTS is set, Node reads and parses that file of
// certificates at every start before any of our code runs; the rows are then
// repeated without it, to show what the machine's Node costs and what is ours.
// Writes the figures to standard output and to bench/results/startup.txt.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin", "elnode");
const n = Number(process.argv[2] ?? 21);
const jsonIndex = process.argv.indexOf("--json");
const jsonFile = jsonIndex > 0 ? process.argv[jsonIndex + 1] : null;
const haveEmacs = spawnSync("emacs", ["--version"]).status === 0;
// The flags bin/elnode's first line gives node.
const binFlags = readFileSync(bin, "utf8").split("\n")[0].replace(/^#!.*?node\s*/, "").split(/\s+/).filter(Boolean);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function runOnce(cmd, args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: "utf8", env });
  const t1 = process.hrtime.bigint();
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return Number(t1 - t0) / 1e6;
}

function measure(rows, env) {
  for (const r of rows) runOnce(r.cmd, r.args, env); // warm the file cache
  const times = rows.map(() => []);
  for (let i = 0; i < n; i++) rows.forEach((r, j) => times[j].push(runOnce(r.cmd, r.args, env)));
  return rows.map((r, j) => ({ label: r.label, median: median(times[j]), min: Math.min(...times[j]), max: Math.max(...times[j]) }));
}

const rows = [
  { label: `node ${[...binFlags, "-e", "0"].join(" ")}`, cmd: process.execPath, args: [...binFlags, "-e", "0"] },
  { label: "elnode --version", cmd: bin, args: ["--version"] },
  { label: "elnode eval nil", cmd: bin, args: ["eval", "nil"] },
  ...(haveEmacs ? [{ label: "emacs -Q --batch --eval nil", cmd: "emacs", args: ["-Q", "--batch", "--eval", "nil"] }] : []),
];
const sections = [{ title: "", results: measure(rows, process.env) }];
if (process.env.NODE_EXTRA_CA_CERTS) {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  sections[0].title = `with NODE_EXTRA_CA_CERTS=${process.env.NODE_EXTRA_CA_CERTS} (as this machine is set up)`;
  sections.push({ title: "without NODE_EXTRA_CA_CERTS", results: measure(rows, env) });
}
let text = `start-up, median of ${n} interleaved runs (node ${process.version})\n`;
for (const s of sections) {
  if (s.title) text += `${s.title}:\n`;
  const floor = s.results[0].median;
  for (const r of s.results) {
    text += `  ${r.label.padEnd(28)} median ${r.median.toFixed(1).padStart(6)} ms  (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)})`;
    text += r === s.results[0] || !r.label.startsWith("elnode") ? "\n" : `  ${(r.median - floor).toFixed(1)} ms above node\n`;
  }
}
process.stdout.write(text);
mkdirSync(path.join(root, "bench", "results"), { recursive: true });
writeFileSync(path.join(root, "bench", "results", "startup.txt"), text);
if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ runs: n, node: process.version, sections }));
