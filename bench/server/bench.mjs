// Server benchmark: autocannon against each server kind, keep-alive,
// interleaved rounds, median of 3; printed as req/s and as a ratio to raw
// node:http. Run after a build:  npm run build && node bench/server/bench.mjs
// Environment: BENCH_DURATION (seconds, default 10), BENCH_CONNECTIONS (50),
// BENCH_ROUNDS (3), BENCH_KINDS (a comma-separated subset). The table is also written to bench/server/results.txt.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as os from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const here = path.dirname(fileURLToPath(import.meta.url));
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const allKinds = [
  { kind: "raw", label: "(a) raw node:http hello", path: "/" },
  { kind: "hello", label: "(b) elnode, Lisp hello handler", path: "/" },
  { kind: "dispatch20", label: "(c) elnode-dispatcher, 20 routes (last hit)", path: "/last/abc" },
  { kind: "static1mb", label: "(d) webserver, 1 MB static file", path: "/big.bin" },
  { kind: "child1mb", label: "(e) child process cat, 1 MB", path: "/" },
];
// BENCH_KINDS=raw,hello runs a subset (raw is always included: it is the base).
const only = process.env.BENCH_KINDS?.split(",");
const kinds = only ? allKinds.filter((k) => k.kind === "raw" || only.includes(k.kind)) : allKinds;

function startServer(kind) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(here, "serve.mjs"), kind], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    let resolved = false;
    child.stdout.on("data", (d) => {
      out += d;
      const m = /^(\d+)\n/.exec(out);
      if (m && !resolved) {
        resolved = true;
        resolve({ child, port: Number(m[1]), output: () => out });
      }
    });
    child.once("exit", (code) => {
      if (!resolved) reject(new Error(`server ${kind} exited with ${code}`));
    });
  });
}

/** Stop the server; its CPU time per request over the measured run, in microseconds. */
async function stopServer({ child, output }) {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
  const line = output().split("\n").find((l) => l.startsWith("{"));
  const { cpuUs, requests } = JSON.parse(line);
  return cpuUs / Math.max(requests, 1);
}

function run(url, seconds) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, pipelining: 1 }, (err, result) => {
      if (err) reject(err);
      else resolve(result);
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results = new Map(kinds.map((k) => [k.kind, { rps: [], cpu: [] }]));
for (let r = 0; r < rounds; r++) {
  for (const k of kinds) {
    const server = await startServer(k.kind);
    const url = `http://127.0.0.1:${server.port}${k.path}`;
    await run(url, 2); // warm-up: let the JIT see the handler
    server.child.kill("SIGUSR2");
    const res = await run(url, duration);
    const cpu = await stopServer(server);
    if (res.non2xx || res.errors) process.stderr.write(`warning: ${k.kind}: ${res.non2xx} non-2xx, ${res.errors} errors\n`);
    results.get(k.kind).rps.push(res.requests.average);
    results.get(k.kind).cpu.push(cpu);
    process.stderr.write(`round ${r + 1} ${k.kind}: ${Math.round(res.requests.average)} req/s, ${cpu.toFixed(1)} us CPU/req\n`);
  }
}

const base = median(results.get("raw").rps);
const baseCpu = median(results.get("raw").cpu);
const lines = [
  `elnode server benchmark: autocannon -c ${connections} -d ${duration}s, keep-alive, median of ${rounds} (interleaved rounds)`,
  `node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), load average ${os.loadavg()[0].toFixed(1)}`,
  "",
  "| server | req/s | ratio to (a) | server CPU us/req | CPU ratio to (a) |",
  "|---|---:|---:|---:|---:|",
];
for (const k of kinds) {
  const m = median(results.get(k.kind).rps);
  const c = median(results.get(k.kind).cpu);
  lines.push(`| ${k.label} | ${Math.round(m)} | ${(m / base).toFixed(2)} | ${c.toFixed(1)} | ${(c / baseCpu).toFixed(2)} |`);
}
const text = lines.join("\n") + "\n";
process.stdout.write(text);
fs.writeFileSync(path.join(here, "results.txt"), text);
