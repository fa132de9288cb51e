// Soak test: mixed traffic against one `elnode run` process for DURATION
// seconds (autocannon; each connection cycles through a hello handler, a
// dispatcher route, a static file, a JSON POST and a child process), then
// checks that there were no unexpected errors and that the server's memory
// stayed flat. Two measures of memory are taken:
//   rss   the resident set (sampled every second from /proc): the RSS at the
//         end is within 10% of the RSS at one third of the run (second 20 of
//         60), each the median of the samples over the next (last) 10 s.
//         The full run is judged by it.
//   heap  the V8 heap in use right after a full collection, asked of the
//         server (GET /memory, which calls `garbage-collect') at one third of
//         the run and at the end: within 10%. A short run is judged by it, because in 10 s
//         V8 is still growing its heap towards the size where RSS levels off,
//         whether anything leaks or not.
//
//   node bench/soak/soak.mjs [--duration 60] [--connections 16] [--warmup 0]
//                            [--check rss|heap] [--json FILE]
//
// --warmup S runs S seconds of the same traffic first (its responses are
// checked too) and starts the clock after it.
// Build first (npm run build). Exits 0 when both checks pass, 1 otherwise;
// the figures go to standard output (and, with --json, to FILE).
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { freePort, accepts } from "../net.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}
const duration = Number(arg("duration", 60));
const connections = Number(arg("connections", 16));
const jsonOut = arg("json", null);
const warmup = Number(arg("warmup", 0));
const check = arg("check", "rss");
if (check !== "rss" && check !== "heap") {
  console.error(`soak: --check is rss or heap, not ${check}`);
  process.exit(2);
}
const RSS_TOLERANCE = 0.1;

/** Resident set size of PID in KB (Linux), or null. */
function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

const median = (xs) => {
  const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "elnode-soak-"));
const STATIC = "static soak file\n".repeat(512); // 8.5 KB
fs.writeFileSync(path.join(dir, "file.txt"), STATIC);
const port = await freePort();
// bin/elnode as a user runs it (its node flags included); SOAK_NODE_FLAGS adds node flags.
const extraFlags = (process.env.SOAK_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean);
const shebang = fs.readFileSync(path.join(root, "bin", "elnode"), "utf8").split("\n")[0];
const binFlags = shebang.split(/\s+/).filter((w) => w.startsWith("--"));
const server = spawn(
  process.execPath,
  [
    ...binFlags,
    "--expose-gc", // lets GET /memory run a full collection first
    ...extraFlags,
    path.join(root, "bin", "elnode"),
    "run",
    "--eval",
    `(setq soak-port ${port} soak-docroot ${JSON.stringify(dir)} elnode-log-access nil)`,
    path.join(here, "handlers.el"),
  ],
  { stdio: ["ignore", "inherit", "pipe"] },
);
let serverErr = "";
server.stderr.on("data", (d) => {
  serverErr += d;
  process.stderr.write(d);
});
const cleanup = () => {
  try {
    server.kill("SIGKILL");
  } catch {}
  fs.rmSync(dir, { recursive: true, force: true });
};
process.on("exit", cleanup);

for (let i = 0; ; i++) {
  if (await accepts(port)) break;
  if (server.exitCode !== null || i > 1200) {
    console.error(`soak: the server did not start:\n${serverErr}`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 50));
}

// Each response is checked against what its handler must answer.
const unexpected = new Map();
const note = (what) => unexpected.set(what, (unexpected.get(what) ?? 0) + 1);
const expectBody = (name, test) => (status, body) => {
  if (status !== 200) note(`${name}: status ${status}`);
  else if (!test(body)) note(`${name}: body ${JSON.stringify(String(body).slice(0, 80))}`);
};
const requests = [
  { method: "GET", path: "/hello", onResponse: expectBody("hello", (b) => b === "hello\n") },
  { method: "GET", path: "/users/42", onResponse: expectBody("dispatcher", (b) => b === "user 42\n") },
  { method: "GET", path: "/static/file.txt", onResponse: expectBody("static", (b) => b === STATIC) },
  {
    method: "POST",
    path: "/json",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "soak", n: 21 }),
    onResponse: expectBody("json", (b) => b === '{"name":"soak","doubled":42,"keys":2}'),
  },
  { method: "GET", path: "/child", onResponse: expectBody("child", (b) => b === "from a child\n") },
];

/** KB of V8 heap in use after a full collection in the server. */
async function heapAfterGcKb() {
  const res = await fetch(`http://127.0.0.1:${port}/memory`);
  return (await res.json()).used;
}

const samples = []; // [second, rss KB]
let t0 = Date.now();
const sampler = setInterval(() => samples.push([(Date.now() - t0) / 1000, rssKb(server.pid)]), 1000);
samples.push([0, rssKb(server.pid)]);

const run = (seconds) =>
  new Promise((resolve, reject) => {
    const inst = autocannon(
      { url: `http://127.0.0.1:${port}`, connections, duration: seconds, requests, timeout: 20 },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    inst.on("error", () => {});
  });
let warm = null;
if (warmup > 0) {
  warm = await run(warmup);
  samples.length = 0;
  t0 = Date.now();
  samples.push([0, rssKb(server.pid)]);
}
// The heap is read at the same point as RSS (one third of the run: the first
// requests compile code and fill caches), and at the end.
const heapAtThird = new Promise((resolve) => setTimeout(() => resolve(heapAfterGcKb()), (duration / 3) * 1000));
const result = await run(duration);
const heapStart = await heapAtThird;
clearInterval(sampler);
samples.push([(Date.now() - t0) / 1000, rssKb(server.pid)]);
const heapEnd = await heapAfterGcKb();
const heapGrowth = (heapEnd - heapStart) / heapStart;
const alive = server.exitCode === null;

// RSS from one third of the run on, and at the end: medians of the samples
// in a window at each end of that span (seconds 20-30 and 50-60 of a 60 s
// run), wide enough to span a cycle of V8's heap growing and being collected,
// so that one sample at a peak or a trough does not decide. Samples before
// second 20 are not judged: there V8 is still sizing its heap.
const third = duration / 3;
const span = Math.max(2, Math.min(10, duration / 6));
const rssStart = median(samples.filter(([s]) => s >= third && s <= third + span).map(([, r]) => r));
const rssEnd = median(samples.filter(([s]) => s >= duration - span).map(([, r]) => r));
const growth = rssStart && rssEnd ? (rssEnd - rssStart) / rssStart : NaN;
// The highest RSS after the start point: garbage waits for a full collection, so RSS saws up and down.
const rssPeak = Math.max(...samples.filter(([s, r]) => s >= third && r !== null).map(([, r]) => r));

const warmErrors = warm ? warm.errors + warm.timeouts + warm.non2xx : 0;
const errors = result.errors + result.timeouts + result.non2xx + warmErrors + [...unexpected.values()].reduce((a, b) => a + b, 0);
const figures = {
  duration,
  warmup,
  connections,
  requests: result.requests.total,
  reqPerSec: Math.round(result.requests.average),
  latencyP50: result.latency.p50,
  latencyP99: result.latency.p99,
  errors: result.errors + (warm ? warm.errors : 0),
  timeouts: result.timeouts + (warm ? warm.timeouts : 0),
  non2xx: result.non2xx + (warm ? warm.non2xx : 0),
  unexpected: Object.fromEntries(unexpected),
  rssStartKb: rssStart,
  rssEndKb: rssEnd,
  rssGrowth: growth,
  rssPeakKb: rssPeak,
  rssSamples: samples.map(([s, r]) => [Math.round(s), r]),
  heapAfterGcStartKb: heapStart,
  heapAfterGcEndKb: heapEnd,
  heapGrowth,
  check,
  serverAlive: alive,
  passed: alive && errors === 0 && Math.abs(check === "rss" ? growth : heapGrowth) <= RSS_TOLERANCE,
};

const mb = (kb) => (kb === null ? "?" : (kb / 1024).toFixed(1));
console.log(`soak: ${duration} s${warmup ? ` after a ${warmup} s warm-up` : ""}, ${connections} connections, mixed traffic (hello, dispatcher, static, JSON POST, child process)`);
console.log(`  requests ${figures.requests} (${figures.reqPerSec}/s), latency p50 ${figures.latencyP50} ms, p99 ${figures.latencyP99} ms`);
console.log(`  errors ${figures.errors}, timeouts ${figures.timeouts}, non-2xx ${figures.non2xx}, wrong bodies ${JSON.stringify(figures.unexpected)}`);
const step = Math.max(1, Math.round(duration / 12));
console.log(`  RSS MB by second: ${samples.filter(([s], i) => i === 0 || Math.round(s) % step === 0).map(([s, r]) => `${Math.round(s)}:${mb(r)}`).join(" ")}`);
console.log(
  `  RSS at second ${Math.round(third)} ${mb(rssStart)} MB, at the end ${mb(rssEnd)} MB: ${(growth * 100).toFixed(1)}% (limit ±${RSS_TOLERANCE * 100}%); highest in between ${mb(rssPeak)} MB`,
);
console.log(
  `  V8 heap in use after a full collection: ${mb(heapStart)} MB at second ${Math.round(duration / 3)}, ${mb(heapEnd)} MB at the end: ${(heapGrowth * 100).toFixed(1)}%`,
);
console.log(`  ${figures.passed ? "PASS" : "FAIL"} (memory judged by ${check === "rss" ? "RSS" : "the heap after a full collection"})`);
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(figures, null, 2) + "\n");

server.kill("SIGTERM");
await new Promise((r) => {
  const t = setTimeout(r, 7000);
  server.once("exit", () => (clearTimeout(t), r()));
});
process.exit(figures.passed ? 0 : 1);
