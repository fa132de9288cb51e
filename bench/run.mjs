// `npm run bench`: every benchmark, against its baselines run in the same
// invocation, written to bench/REPORT.md (and printed).
//
//   server     wrk (or autocannon) against raw node:http and elnode (`elnode run`, 1 and
//              2 workers), a dispatcher, static files against node:http +
//              createReadStream, and Emacs's simple-httpd when installed
//   evaluator  bench/interp/run.mjs and data-run.mjs (elnode beside GNU Emacs,
//              interpreted and byte-compiled), bench/regexp/run.mjs
//   startup    elnode eval nil beside emacs -Q --batch and node -e 0
//   soak       bench/soak/soak.mjs, 60 s of mixed traffic
//
// Environment: BENCH_DURATION (seconds per server run, default 10),
// BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (50), BENCH_SOAK_DURATION (60),
// BENCH_SKIP (comma-separated sections to leave out: server,evaluator,startup,soak).
// Build first: npm run build.
import { spawn, spawnSync, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { freePort, accepts } from "./net.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const bin = path.join(root, "bin", "elnode");
const duration = Number(process.env.BENCH_DURATION ?? 10);
const rounds = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 3));
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const soakDuration = Number(process.env.BENCH_SOAK_DURATION ?? 60);
const skip = new Set((process.env.BENCH_SKIP ?? "").split(",").filter(Boolean));
const log = (s) => process.stderr.write(s + "\n");
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : "n/a");
const ratioText = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : "n/a");

if (!fs.existsSync(path.join(root, "dist", "cli", "main.js"))) {
  console.error("bench: build first (npm run build)");
  process.exit(2);
}

// ---------------------------------------------------------------------------
// Machine facts.

function commandOutput(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}
const emacsVersion = commandOutput("emacs", ["--version"])?.split("\n")[0] ?? null;
const machine = {
  date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
  commit: commandOutput("git", ["-C", root, "rev-parse", "--short", "HEAD"]) ?? "?",
  node: process.version,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  cpu: `${os.cpus().length} x ${os.cpus()[0]?.model ?? "?"}`,
  memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GB`,
  loadBefore: os.loadavg().map((x) => x.toFixed(2)).join(" "),
  emacs: emacsVersion ?? "not installed",
  nodeFlags: fs.readFileSync(bin, "utf8").split("\n")[0].split(/\s+/).filter((w) => w.startsWith("--")).join(" "),
};

// ---------------------------------------------------------------------------
// Servers.

/** CPU time (user + system, ms) of PID and its descendants (Linux /proc). */
function treeCpuMs(pid) {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  const byParent = new Map();
  const cpu = new Map();
  for (const e of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ppid = Number(f[1]);
      if (!byParent.has(ppid)) byParent.set(ppid, []);
      byParent.get(ppid).push(Number(e));
      cpu.set(Number(e), (Number(f[11]) + Number(f[12])) * tick);
    } catch {
      /* gone */
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    total += cpu.get(p) ?? 0;
    stack.push(...(byParent.get(p) ?? []));
  }
  return total;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "elnode-bench-"));
process.on("exit", () => fs.rmSync(work, { recursive: true, force: true }));
const HELLO = "<html><b>HELLO!</b></html>";
const STATIC_SIZE = 64 * 1024;
const staticDir = path.join(work, "www");
fs.mkdirSync(staticDir);
fs.writeFileSync(path.join(staticDir, "file.bin"), Buffer.alloc(STATIC_SIZE, "x"));

const RAW_HELLO = `
const http = require("node:http");
http.createServer((req, res) => {
  res.writeHead(200, { "Content-type": "text/html" });
  res.end(${JSON.stringify(HELLO)});
}).listen(Number(process.env.PORT), "127.0.0.1");`;
const RAW_HELLO_CLUSTER = `
const cluster = require("node:cluster");
if (cluster.isPrimary) {
  for (let i = 0; i < 2; i++) cluster.fork();
  process.on("SIGTERM", () => { for (const w of Object.values(cluster.workers)) w.kill(); process.exit(0); });
} else {${RAW_HELLO}
}`;
const RAW_STATIC = `
const http = require("node:http");
const fs = require("node:fs");
const file = ${JSON.stringify(path.join(staticDir, "file.bin"))};
http.createServer((req, res) => {
  fs.stat(file, (err, st) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": st.size });
    fs.createReadStream(file).pipe(res);
  });
}).listen(Number(process.env.PORT), "127.0.0.1");`;

const helloEl = path.join(work, "hello.el");
fs.writeFileSync(
  helloEl,
  `(setq elnode-log-access nil)
(defun nicferrier-handler (httpcon)
  "Demonstration function"
  (elnode-http-start httpcon "200" '("Content-type" . "text/html"))
  (elnode-http-return httpcon ${JSON.stringify(HELLO)}))
(elnode-start 'nicferrier-handler :port bench-port :host "127.0.0.1")
`,
);
const routes = [];
for (let i = 1; i <= 19; i++) routes.push(i % 2 ? `("^/route${i}/\\\\([0-9]+\\\\)$" . nicferrier-handler)` : `("route${i}/$" . nicferrier-handler)`);
routes.push(`("^/last/\\\\([a-z]+\\\\)$" . nicferrier-handler)`);
const dispatchEl = path.join(work, "dispatch.el");
fs.writeFileSync(
  dispatchEl,
  `(setq elnode-log-access nil)
(defun nicferrier-handler (httpcon)
  (elnode-http-start httpcon "200" '("Content-type" . "text/html"))
  (elnode-http-return httpcon ${JSON.stringify(HELLO)}))
(defun dispatch20-handler (httpcon) (elnode-dispatcher httpcon '(${routes.join("\n    ")})))
(elnode-start 'dispatch20-handler :port bench-port :host "127.0.0.1")
`,
);
const staticEl = path.join(work, "static.el");
fs.writeFileSync(
  staticEl,
  `(setq elnode-log-access nil)
(elnode-start (elnode-webserver-handler-maker ${JSON.stringify(staticDir)}) :port bench-port :host "127.0.0.1")
`,
);
const httpdEl = path.join(work, "httpd.el");
fs.writeFileSync(
  httpdEl,
  `(require 'simple-httpd)
(setq httpd-port (string-to-number (getenv "PORT")) httpd-host "127.0.0.1" httpd-log nil)
(defservlet* hello "text/html" () (insert ${JSON.stringify(HELLO)}))
(httpd-start)
(while t (accept-process-output nil 1))
`,
);
const haveSimpleHttpd = emacsVersion !== null && spawnSync("emacs", ["-Q", "--batch", "--eval", "(require 'simple-httpd)"]).status === 0;

let scripts = 0;
const nodeScript = (code) => {
  const file = path.join(work, `server-${++scripts}.cjs`);
  fs.writeFileSync(file, code);
  return { cmd: process.execPath, args: [file] };
};
const elnodeRun = (file, extra = []) => ({ cmd: bin, args: ["run", "--eval", "(defvar bench-port (string-to-number (getenv \"PORT\")))", file, ...extra] });

const PIPELINE = 8;
const serverKinds = [
  { key: "raw", label: "raw node:http hello (baseline)", path: "/", ...nodeScript(RAW_HELLO) },
  { key: "hello", label: "elnode, Lisp hello handler, 1 worker", path: "/", ...elnodeRun(helloEl) },
  { key: "raw2", label: "raw node:http hello, node:cluster 2 workers", path: "/", ...nodeScript(RAW_HELLO_CLUSTER) },
  { key: "hello2", label: "elnode, Lisp hello handler, --workers 2", path: "/", ...elnodeRun(helloEl, ["--workers", "2"]) },
  // The same four again, with the load generator sending PIPELINE requests
  // per round trip: its CPU per request falls several-fold, which leaves the
  // servers the cores they need to show how they scale (see the report).
  { key: "rawP", label: `raw node:http hello, pipelined ${PIPELINE} deep`, path: "/", pipeline: PIPELINE, ...nodeScript(RAW_HELLO) },
  { key: "helloP", label: `elnode hello, 1 worker, pipelined ${PIPELINE} deep`, path: "/", pipeline: PIPELINE, ...elnodeRun(helloEl) },
  { key: "raw2P", label: `raw node:http hello, node:cluster 2 workers, pipelined ${PIPELINE} deep`, path: "/", pipeline: PIPELINE, ...nodeScript(RAW_HELLO_CLUSTER) },
  { key: "hello2P", label: `elnode hello, --workers 2, pipelined ${PIPELINE} deep`, path: "/", pipeline: PIPELINE, ...elnodeRun(helloEl, ["--workers", "2"]) },
  { key: "dispatch", label: "elnode-dispatcher, 20 routes (last one hit)", path: "/last/abc", ...elnodeRun(dispatchEl) },
  { key: "rawstatic", label: `node:http + createReadStream, ${STATIC_SIZE / 1024} KB file (baseline)`, path: "/file.bin", ...nodeScript(RAW_STATIC) },
  { key: "static", label: `elnode webserver handler, ${STATIC_SIZE / 1024} KB file`, path: "/file.bin", ...elnodeRun(staticEl) },
];
if (haveSimpleHttpd) {
  serverKinds.push({ key: "simplehttpd", label: "Emacs simple-httpd hello servlet", path: "/hello", cmd: "emacs", args: ["-Q", "--batch", "-l", httpdEl] });
}

async function startServer(kind) {
  const port = await freePort();
  const child = spawn(kind.cmd, kind.args, { env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  for (let i = 0; ; i++) {
    if (await accepts(port)) break;
    if (child.exitCode !== null || i > 1200) throw new Error(`${kind.key} did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  // Let every worker of a cluster come up before measuring.
  if (/2P?$/.test(kind.key)) await new Promise((r) => setTimeout(r, 3000));
  return { child, port };
}

async function stopServer({ child }) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const t = setTimeout(() => child.kill("SIGKILL"), 10000);
  await exited;
  clearTimeout(t);
}

// The load generator runs on the same cores as the servers, so its own CPU
// use caps what they can show: wrk (C, one thread) needs a fraction of what
// autocannon (a Node process) needs per request, which matters most for the
// two-worker rows. wrk is used where installed (Debian: apt-get install wrk),
// autocannon otherwise; the report says which.
// (`wrk -v` prints its version and exits 1, so look at what it printed.)
const wrkVersion = spawnSync("wrk", ["-v"], { encoding: "utf8" });
const haveWrk = !wrkVersion.error && /^wrk /m.test(`${wrkVersion.stdout}${wrkVersion.stderr}`);
const loadGenerator = haveWrk ? "wrk (one thread)" : "autocannon";

/**
 * Load URL for SECONDS, PIPELINE requests in flight on each connection:
 * { rps, total, bad } (bad: non-2xx answers, errors, timeouts).
 */
function load(url, seconds, pipeline = 1) {
  return haveWrk ? loadWithWrk(url, seconds, pipeline) : loadWithAutocannon(url, seconds, pipeline);
}

function loadWithAutocannon(url, seconds, pipeline) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, pipelining: pipeline }, (err, r) =>
      err ? reject(err) : resolve({ rps: r.requests.average, total: r.requests.total, bad: r.non2xx + r.errors + r.timeouts }));
  });
}

/** A wrk script sending N requests for the URL's path at a time (wrk counts each response). */
function wrkPipelineScript(n) {
  const file = path.join(work, `pipeline-${n}.lua`);
  if (!fs.existsSync(file)) {
    fs.writeFileSync(
      file,
      `init = function(args)\n  local r = {}\n  for i = 1, ${n} do r[i] = wrk.format(nil) end\n  batch = table.concat(r)\nend\nrequest = function() return batch end\n`,
    );
  }
  return file;
}

function loadWithWrk(url, seconds, pipeline) {
  return new Promise((resolve, reject) => {
    const script = pipeline > 1 ? ["-s", wrkPipelineScript(pipeline)] : [];
    const child = spawn("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, ...script, url], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      const num = (re) => Number(out.match(re)?.[1] ?? 0);
      const total = num(/(\d+) requests in/);
      if (code !== 0 || !total) return reject(new Error(`wrk failed (exit ${code}):\n${out}`));
      const socketErrors = out.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
      const errors = socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
      resolve({ rps: num(/Requests\/sec:\s+([\d.]+)/), total, bad: num(/Non-2xx or 3xx responses: (\d+)/) + errors });
    });
  });
}

async function serverSection() {
  const results = new Map(serverKinds.map((k) => [k.key, { rps: [], cpu: [], bad: 0 }]));
  for (let r = 0; r < rounds; r++) {
    for (const k of serverKinds) {
      const server = await startServer(k);
      const url = `http://127.0.0.1:${server.port}${k.path}`;
      await load(url, 2, k.pipeline); // warm-up: the JIT sees the handler
      const cpu0 = treeCpuMs(server.child.pid);
      const res = await load(url, duration, k.pipeline);
      const cpu = treeCpuMs(server.child.pid) - cpu0;
      await stopServer(server);
      const entry = results.get(k.key);
      entry.rps.push(res.rps);
      entry.cpu.push((cpu * 1000) / Math.max(1, res.total));
      entry.bad += res.bad;
      log(`round ${r + 1} ${k.key}: ${Math.round(res.rps)} req/s, ${(((cpu * 1000) / Math.max(1, res.total)) || 0).toFixed(1)} us CPU/req`);
    }
  }
  const m = (key) => median(results.get(key)?.rps ?? []);
  const c = (key) => median(results.get(key)?.cpu ?? []);
  // Ratios are paired: KEY over BASE within each round (the machine's load drifts between rounds), then the median.
  const perRound = (key, base) => results.get(key).rps.map((x, i) => x / results.get(base).rps[i]);
  const pr = (key, base) => median(perRound(key, base));
  const rows = [
    ["raw", "", null, null],
    ["hello", "raw", 0.8, "≥ 0.8x raw node:http"],
    ["raw2", "raw", null, "(the machine's own 2-worker scaling, for reference)"],
    ["hello2", "hello", 1.6, "≥ 1.6x one elnode worker"],
    ["helloP", "rawP", null, null],
    ["raw2P", "rawP", null, "(the machine's own 2-worker scaling, pipelined, for reference)"],
    ["hello2P", "helloP", 1.6, "≥ 1.6x one elnode worker, pipelined"],
    ["dispatch", "raw", null, null],
    ["rawstatic", "", null, null],
    ["static", "rawstatic", 0.8, "≥ 0.8x node:http + createReadStream"],
  ];
  if (haveSimpleHttpd) rows.push(["simplehttpd", "raw", null, null]);
  const label = (key) => serverKinds.find((k) => k.key === key).label;
  const lines = [
    `| server | req/s | ratio (rounds) | to | target | server CPU µs/req |`,
    `|---|---:|---:|---|---|---:|`,
  ];
  const targets = [];
  for (const [key, base, target, targetText] of rows) {
    const ratio = base ? pr(key, base) : NaN;
    const rounds = base ? ` (${perRound(key, base).map((x) => x.toFixed(2)).join(", ")})` : "";
    const met = target === null ? null : ratio >= target;
    if (target !== null) targets.push({ what: `${label(key)}: ${targetText}`, value: ratioText(ratio), met });
    lines.push(
      `| ${label(key)} | ${fmt(m(key))} | ${base ? ratioText(ratio) + rounds : "1.00x"} | ${base ? label(base).replace(/ \(baseline\)$/, "") : "—"} | ${targetText ? (met === null ? targetText : `${targetText}: ${met ? "**met**" : "**not met**"}`) : ""} | ${fmt(c(key), 1)} |`,
    );
  }
  const bad = [...results.entries()].filter(([, v]) => v.bad > 0).map(([k, v]) => `${k}: ${v.bad}`);
  // CPU per request, paired within rounds like the req/s ratios.
  const cpuPaired = (key, base) => {
    const xs = results.get(key).cpu.map((x, i) => x / results.get(base).cpu[i]);
    return `${ratioText(median(xs))} (${xs.map((x) => x.toFixed(2)).join(", ")})`;
  };
  return {
    lines, targets, bad,
    cpuRatio: cpuPaired("hello", "raw"), staticCpuRatio: cpuPaired("static", "rawstatic"), hello2cpu: cpuPaired("hello2", "hello"),
  };
}

// ---------------------------------------------------------------------------
// Evaluator: the existing scripts, parsed.

function runScript(rel, args = [], env = {}) {
  const r = spawnSync(process.execPath, [path.join(here, rel), ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 1 << 26,
    timeout: 30 * 60 * 1000,
  });
  if (r.status !== 0) log(`${rel} failed: ${r.stderr}`);
  return r.stdout ?? "";
}

/** A "a | b | c" table printed by bench/interp/*.mjs: header and rows. */
function parsePipeTable(text) {
  const lines = text.split("\n").filter((l) => l.includes(" | "));
  if (!lines.length) return null;
  const header = lines[0].split(" | ").map((s) => s.trim());
  const rows = lines.slice(1).map((l) => l.split(" | ").map((s) => s.trim()));
  return { header, rows };
}

function evaluatorTable(title, text) {
  const t = parsePipeTable(text);
  if (!t) return { lines: [`(${title}: no output)`], targets: [] };
  const col = (name) => t.header.indexOf(name);
  const iE = col("elnode ms"), iI = col("emacs-interp ms"), iB = col("emacs-bytecomp ms");
  const lines = [
    `| ${title} | elnode ms | Emacs 28 interpreted ms | Emacs 28 byte-compiled ms | elnode speed-up vs interpreted | vs byte-compiled |`,
    `|---|---:|---:|---:|---:|---:|`,
  ];
  const targets = [];
  for (const r of t.rows) {
    const e = Number(r[iE]), i = iI >= 0 ? Number(r[iI]) : NaN, b = iB >= 0 ? Number(r[iB]) : NaN;
    lines.push(`| ${r[0]} | ${fmt(e, 1)} | ${fmt(i, 1)} | ${fmt(b, 1)} | ${ratioText(i / e)} | ${ratioText(b / e)} |`);
    if (Number.isFinite(i)) targets.push({ what: `${title} ${r[0]}: faster than Emacs interpreted`, value: ratioText(i / e), met: i / e > 1 });
  }
  return { lines, targets };
}

// ---------------------------------------------------------------------------
// Start-up.

// bench/startup.mjs measures; the report gives its table and the target.
function startupSection() {
  const jsonFile = path.join(work, "startup.json");
  runScript("startup.mjs", ["11", "--json", jsonFile]);
  if (!fs.existsSync(jsonFile)) return { lines: ["(bench/startup.mjs: no output)"], targets: [] };
  const { runs, sections } = JSON.parse(fs.readFileSync(jsonFile, "utf8"));
  const lines = [];
  for (const s of sections) {
    if (s.title) lines.push(`${s.title}:`, ``);
    const floor = s.results[0].median;
    lines.push(`| command | median ms (${runs} runs, interleaved) | above node's own start |`, `|---|---:|---:|`);
    for (const r of s.results) lines.push(`| ${r.label} | ${fmt(r.median, 1)} | ${r === s.results[0] || !r.label.startsWith("elnode") ? "—" : `${fmt(r.median - floor, 1)} ms`} |`);
    lines.push(``);
  }
  const ours = sections[0].results.find((r) => r.label === "elnode eval nil").median;
  return { lines, targets: [{ what: "elnode eval nil: under 150 ms", value: `${fmt(ours, 1)} ms`, met: ours < 150 }] };
}

// ---------------------------------------------------------------------------
// Run everything and write the report.

const report = [];
const allTargets = [];
const notes = [];
const t0 = Date.now();

report.push(`# elnode benchmark report`, ``);
report.push(
  `Generated by \`npm run bench\` (bench/run.mjs). Every figure is the median of at least ${rounds} runs; every ratio is against a baseline run in the same invocation, on the same machine.`,
  ``,
);

let server = null;
if (!skip.has("server")) {
  log("server benchmarks ...");
  server = await serverSection();
}
let interp = null, interpDynamic = null, data = null, regexpText = null;
if (!skip.has("evaluator")) {
  log("evaluator benchmarks (bench/interp/run.mjs) ...");
  interp = evaluatorTable("interpreter", runScript("interp/run.mjs", ["5"]));
  log("evaluator benchmarks, dynamic binding (bench/interp/run.mjs --dynamic) ...");
  interpDynamic = evaluatorTable("interpreter, dynamic binding", runScript("interp/run.mjs", ["5", "--dynamic"]));
  log("data-primitive benchmarks (bench/interp/data-run.mjs) ...");
  data = evaluatorTable("data primitives", runScript("interp/data-run.mjs", ["5"]));
  log("regexp benchmark (bench/regexp/run.mjs) ...");
  regexpText = runScript("regexp/run.mjs", [], { ROUNDS: String(rounds) }).trim();
}
let startup = null;
if (!skip.has("startup")) {
  log("start-up ...");
  startup = startupSection();
}
let soak = null;
if (!skip.has("soak")) {
  log(`soak (${soakDuration} s) ...`);
  const jsonFile = path.join(work, "soak.json");
  const out = runScript("soak/soak.mjs", ["--duration", String(soakDuration), "--json", jsonFile]);
  soak = { text: out.trim(), figures: fs.existsSync(jsonFile) ? JSON.parse(fs.readFileSync(jsonFile, "utf8")) : null };
}
machine.loadAfter = os.loadavg().map((x) => x.toFixed(2)).join(" ");

report.push(`## Machine`, ``, `| | |`, `|---|---|`);
report.push(`| date | ${machine.date} |`, `| commit | ${machine.commit} |`, `| CPU | ${machine.cpu} |`, `| memory | ${machine.memory} |`);
report.push(`| OS | ${machine.os} |`, `| Node.js | ${machine.node} (bin/elnode flags: \`${machine.nodeFlags}\`) |`, `| Emacs | ${machine.emacs} |`);
report.push(`| load average (1, 5, 15 min) | before ${machine.loadBefore}; after ${machine.loadAfter} |`);
report.push(`| run time | ${Math.round((Date.now() - t0) / 1000)} s |`, ``);

if (server) {
  report.push(`## Server throughput`, ``);
  report.push(
    `${loadGenerator}, ${connections} connections, keep-alive, ${duration} s per run after a 2 s warm-up; each server a fresh process (\`elnode run\` for elnode), rounds interleaved; req/s the median of ${rounds}; each ratio the median of the ${rounds} per-round ratios (in brackets), since the machine's load drifts between rounds. ` +
      `"server CPU µs/req" is the CPU time of the server's processes divided by the requests served: steadier than req/s when the machine is busy.`,
    ``,
  );
  report.push(...server.lines, ``);
  if (server.bad.length) report.push(`Unexpected responses or errors: ${server.bad.join(", ")}.`, ``);
  report.push(
    `The load generator runs on the same ${os.cpus().length} cores as the servers, so two workers compete with it for CPU: the raw node:http cluster row shows how far this machine lets any server scale. ` +
      `The "pipelined ${PIPELINE} deep" rows run the same servers with the load generator keeping ${PIPELINE} requests in flight on each connection (wrk with a Lua script, or autocannon's pipelining): its CPU per request falls several-fold and the servers get the cores, so these rows show how two workers scale when the cores are theirs. ` +
      `Server CPU per request, paired by round: elnode's hello handler ${server.cpuRatio} that of raw node:http; its static files ${server.staticCpuRatio} that of the createReadStream server; two workers ${server.hello2cpu} that of one ` +
      `(so two workers on two cores of their own, the load generator elsewhere, would serve up to 2x divided by that). This machine is shared: the rounds show how much its load moved the figures.`,
    ``,
  );
  if (!haveSimpleHttpd) {
    notes.push(
      `Emacs simple-httpd: not installed here (${emacsVersion ? "GNU Emacs is, but simple-httpd comes from MELPA and this machine has no network access to it" : "GNU Emacs is not installed"}), so its row is left out. bench/run.mjs runs it (the same hello as a \`defservlet*\`) wherever \`(require 'simple-httpd)\` works.`,
    );
  }
  allTargets.push(...server.targets);
}

if (interp) {
  report.push(`## Evaluator against GNU Emacs`, ``);
  report.push(
    emacsVersion
      ? `The same Lisp source run by elnode (\`elnode eval\`) and by \`emacs -Q --batch\` (${emacsVersion}), interpreted and byte-compiled; each figure the median of 5 runs (bench/interp/run.mjs, bench/interp/data-run.mjs). Speed-up = Emacs ms / elnode ms (above 1: elnode is faster).`
      : `GNU Emacs is not installed: the Emacs columns are empty (n/a).`,
    ``,
  );
  report.push(...interp.lines, ``);
  report.push(
    `The same programs with dynamic binding (a copy without the lexical-binding cookie, for both; what a handler file written without the cookie, as the 2010 README's, gets):`,
    ``,
    ...interpDynamic.lines,
    ``,
    ...data.lines,
    ``,
  );
  allTargets.push(...interp.targets, ...interpDynamic.targets, ...data.targets);
  if (regexpText) report.push(`Regexps (bench/regexp/run.mjs; Emacs's regexp engine is C, not interpreted Lisp):`, ``, "```", regexpText, "```", ``);
}

if (startup) {
  report.push(`## Start-up`, ``, `\`node bench/startup.mjs\`: wall time of whole processes; the first row of each table is Node itself starting and exiting with bin/elnode's flags, the floor under any Node program on this machine.`, ``, ...startup.lines);
  allTargets.push(...startup.targets);
}

if (soak) {
  const f = soak.figures;
  report.push(`## Soak`, ``);
  report.push(
    `\`node bench/soak/soak.mjs --duration ${soakDuration}\`: one \`elnode run\` process, autocannon with ${f?.connections ?? "?"} connections, each cycling through a hello handler, a dispatcher route, a static file, a JSON POST and a child process; every response's status and body checked; RSS sampled every second from /proc; the V8 heap in use right after a full collection asked of the server at the same two points as RSS (a route calling \`garbage-collect\`, the server run with --expose-gc). The 10 s form CI runs is judged by that heap figure, since RSS is still climbing to its plateau after 10 s.`,
    ``,
  );
  if (f) {
    report.push(
      `| figure | value |`,
      `|---|---|`,
      `| requests | ${f.requests} (${f.reqPerSec}/s) |`,
      `| latency p50 / p99 | ${f.latencyP50} ms / ${f.latencyP99} ms |`,
      `| errors, timeouts, non-2xx, wrong bodies | ${f.errors}, ${f.timeouts}, ${f.non2xx}, ${Object.values(f.unexpected).reduce((a, b) => a + b, 0)} |`,
      `| RSS at second ${Math.round(f.duration / 3)} / at the end | ${(f.rssStartKb / 1024).toFixed(1)} MB / ${(f.rssEndKb / 1024).toFixed(1)} MB (${(f.rssGrowth * 100).toFixed(1)}%) |`,
      `| highest RSS after second ${Math.round(f.duration / 3)} | ${(f.rssPeakKb / 1024).toFixed(1)} MB (${(((f.rssPeakKb - f.rssStartKb) / f.rssStartKb) * 100).toFixed(1)}% over second ${Math.round(f.duration / 3)}: garbage waiting for a full collection) |`,
      `| V8 heap in use after a full collection, at second ${Math.round(f.duration / 3)} / at the end | ${(f.heapAfterGcStartKb / 1024).toFixed(1)} MB / ${(f.heapAfterGcEndKb / 1024).toFixed(1)} MB (${(f.heapGrowth * 100).toFixed(1)}%) |`,
      `| RSS by second (MB) | ${f.rssSamples.filter(([s], i) => i === 0 || s % 5 === 0).map(([s, r]) => `${s}: ${(r / 1024).toFixed(0)}`).join(", ")} |`,
      `| result | ${f.passed ? "PASS" : "FAIL"} |`,
      ``,
    );
    allTargets.push({ what: "soak: zero unexpected errors", value: String(f.errors + f.timeouts + f.non2xx), met: f.errors + f.timeouts + f.non2xx + Object.values(f.unexpected).reduce((a, b) => a + b, 0) === 0 });
    allTargets.push({ what: `soak: RSS within 10% between second ${Math.round(f.duration / 3)} and the end`, value: `${(f.rssGrowth * 100).toFixed(1)}%`, met: Math.abs(f.rssGrowth) <= 0.1 });
  } else {
    report.push("```", soak.text, "```", ``);
  }
}

report.push(`## Targets`, ``, `| target | measured | |`, `|---|---:|---|`);
for (const t of allTargets) report.push(`| ${t.what} | ${t.value} | ${t.met ? "met" : "**not met**"} |`);
report.push(``);
if (notes.length) report.push(`## Notes`, ``, ...notes.map((n) => `- ${n}`), ``);

const text = report.join("\n");
fs.writeFileSync(path.join(here, "REPORT.md"), text);
process.stdout.write(text);
