// One server for the benchmark, in its own process: `node serve.mjs KIND`.
// Prints the port on standard output when ready. KIND: raw, hello,
// dispatch20, static1mb, child1mb. Uses the built package (dist/).
import * as http from "node:http";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Lisp } from "../../dist/index.js";
import { installElnode, nodeServer } from "../../dist/server/index.js";

const kind = process.argv[2];
const HELLO = "<html><b>HELLO!</b></html>";

// CPU time per request, measured between SIGUSR2 (start) and SIGTERM (report
// on stdout as JSON, then exit): steadier than req/s on a busy machine.
let baseCpu = process.cpuUsage();
let requests = 0;
process.on("SIGUSR2", () => {
  baseCpu = process.cpuUsage();
  requests = 0;
});
process.on("SIGTERM", () => {
  const cpu = process.cpuUsage(baseCpu);
  process.stdout.write(JSON.stringify({ cpuUs: cpu.user + cpu.system, requests }) + "\n", () => process.exit(0));
});

function ready(port, server) {
  server.on("request", () => requests++);
  process.stdout.write(`${port}\n`);
}

if (kind === "raw") {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { "Content-type": "text/html" });
    res.end(HELLO);
  });
  server.listen(0, "127.0.0.1", () => ready(server.address().port, server));
} else {
  const lisp = new Lisp();
  installElnode(lisp);
  lisp.evalString("(setq elnode-log-access nil)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "elnode-bench-"));
  const big = path.join(dir, "big.bin");
  fs.writeFileSync(big, Buffer.alloc(1024 * 1024, "x"));
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  lisp.evalString(`
(defun nicferrier-handler (httpcon)
  "Demonstration function"
  (elnode-http-start httpcon "200" '("Content-type" . "text/html"))
  (elnode-http-return httpcon "${HELLO}"))`);
  let handler;
  if (kind === "hello") handler = "'nicferrier-handler";
  else if (kind === "dispatch20") {
    // 20 routes, both key conventions; the request hits the last one.
    const routes = [];
    for (let i = 1; i <= 19; i++) routes.push(i % 2 ? `("^/route${i}/\\\\([0-9]+\\\\)$" . nicferrier-handler)` : `("route${i}/$" . 'nicferrier-handler)`);
    routes.push(`("^/last/\\\\([a-z]+\\\\)$" . nicferrier-handler)`);
    lisp.evalString(`(defun dispatch20-handler (httpcon) (elnode-dispatcher httpcon '(${routes.join("\n")})))`);
    handler = "'dispatch20-handler";
  } else if (kind === "static1mb") {
    lisp.evalString(`(defvar bench-webserver (elnode-webserver-handler-maker "${dir}"))`);
    handler = "bench-webserver";
  } else if (kind === "child1mb") {
    lisp.evalString(`(defun child-handler (httpcon)
  (elnode-http-start httpcon 200 '("Content-Type" . "application/octet-stream"))
  (elnode-child-process httpcon "cat" "${big}"))`);
    handler = "'child-handler";
  } else {
    process.stderr.write(`unknown kind ${kind}\n`);
    process.exit(2);
  }
  const port = lisp.evalString(`(elnode-start ${handler} 0 "127.0.0.1")`);
  ready(port, nodeServer(port));
}
