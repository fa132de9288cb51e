// Start-up time of the `elnode` command: median wall time of `elnode eval nil`
// (and, for reference, `node -e 0` and `elnode --version`), run N times each.
//
//   node bench/startup.mjs [N]        (build first: npm run build)
//
// Writes the figures to standard output and to bench/results/startup.txt.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin", "elnode");
const n = Number(process.argv[2] ?? 21);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(label, cmd, args) {
  // Warm the file cache once.
  spawnSync(cmd, args, { stdio: "ignore" });
  const runs = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { encoding: "utf8" });
    const t1 = process.hrtime.bigint();
    if (r.status !== 0) throw new Error(`${label} failed: ${r.stderr}`);
    runs.push(Number(t1 - t0) / 1e6);
  }
  return { label, median: median(runs), min: Math.min(...runs), max: Math.max(...runs) };
}

const results = [
  time("node -e 0", process.execPath, ["-e", "0"]),
  time("elnode --version", bin, ["--version"]),
  time("elnode eval nil", bin, ["eval", "nil"]),
];
const lines = results.map(
  (r) => `${r.label.padEnd(20)} median ${r.median.toFixed(1)} ms  (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)}, ${n} runs)`,
);
const text = lines.join("\n") + "\n";
process.stdout.write(text);
mkdirSync(path.join(root, "bench", "results"), { recursive: true });
writeFileSync(path.join(root, "bench", "results", "startup.txt"), text);
