// TLS: (elnode-start HANDLER :port P :tls '(:cert "cert.pem" :key "key.pem"))
// serves HTTPS with a certificate made at test time by the openssl command;
// the suite is skipped, with a message, where openssl is not installed.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import * as path from "node:path";
import * as tls from "node:tls";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startServer, raw, tempDir, fixtures, Server } from "./helpers.js";
import { runSync } from "../cli/helpers.js";

const openssl = spawnSync("openssl", ["version"], { encoding: "utf8" });
const haveOpenssl = openssl.status === 0;
if (!haveOpenssl) console.warn("test/hostile/tls.test.ts: skipped, the openssl command is not installed (it makes the test certificate)");

let dir: string;
let s: Server;
let cert: Buffer;

function makeCert(name: string, cn: string): void {
  const r = spawnSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "1", "-subj", `/CN=${cn}`,
      "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout", path.join(dir, `${name}-key.pem`), "-out", path.join(dir, `${name}-cert.pem`)],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
}

function httpsGet(port: number, target: string): Promise<{ status: number; body: string; protocol: string | null }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: "127.0.0.1", port, path: target, ca: cert, agent: false, servername: "localhost" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, body, protocol: (res.socket as tls.TLSSocket).getProtocol?.() ?? null }));
    });
    req.on("error", reject);
  });
}

describe.skipIf(!haveOpenssl)("TLS", () => {
  beforeAll(async () => {
    dir = tempDir("elnode-tls-");
    makeCert("good", "localhost");
    makeCert("other", "other");
    cert = fs.readFileSync(path.join(dir, "good-cert.pem"));
    // Relative names are relative to default-directory: the server runs in DIR.
    s = await startServer(
      `(setq elnode-handler-timeout 0.5 elnode-headers-timeout 1 elnode-request-timeout 2) (defun test-start-tls () (elnode-start 'hostile-handler :port test-port-2 :host "127.0.0.1" :tls '(:cert "good-cert.pem" :key "good-key.pem")))`,
      [path.join(fixtures, "handlers.el")],
      { extraPorts: 1, args: ["--eval", "(test-start-tls)"], cwd: dir },
    );
  }, 90000);
  afterAll(async () => {
    await s?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("serves HTTPS with the given certificate", async () => {
    const r = await httpsGet(s.ports[1], "/path/secure");
    expect(r.status).toBe(200);
    expect(r.body).toBe('"/path/secure"\n');
    expect(r.protocol).toMatch(/^TLSv1\.[23]$/);
  });

  it("closes a plain HTTP request to the TLS port and goes on serving", async () => {
    const r = await raw(s.ports[1], "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(r.guard).toBe(false);
    expect(r.closed).toBe(true);
    expect(r.statuses.every((st) => st >= 400)).toBe(true);
    expect((await httpsGet(s.ports[1], "/")).body).toBe("ok\n");
  });

  it("closes a handshake cut off halfway and goes on serving", async () => {
    const r = await raw(s.ports[1], Buffer.from("16030100a5010000a10303", "hex"), { end: true });
    expect(r.closed).toBe(true);
    expect((await httpsGet(s.ports[1], "/")).status).toBe(200);
  });

  it("closes a client that never starts the handshake (past elnode-headers-timeout)", async () => {
    const r = await raw(s.ports[1], []);
    expect(r.guard).toBe(false);
    expect(r.closed).toBe(true);
    expect((await httpsGet(s.ports[1], "/")).status).toBe(200);
  });

  it("applies the limits to TLS connections too (a runaway handler gets 503)", async () => {
    expect((await httpsGet(s.ports[1], "/loop")).status).toBe(503);
    expect((await httpsGet(s.ports[1], "/")).status).toBe(200);
  });

  it("signals a clear error for a missing file, a key that does not match, and a malformed plist", () => {
    const cases: [string, RegExp][] = [
      [`'(:cert "nope.pem" :key "good-key.pem")`, /Cannot read TLS certificate: No such file or directory, nope\.pem/],
      [`'(:cert "good-cert.pem" :key "other-key.pem")`, /cannot use the certificate and key/],
      [`'(:cert "good-cert.pem")`, /needs :cert and :key/],
      [`'(:certificate "good-cert.pem" :key "good-key.pem")`, /:certificate is not one of/],
    ];
    for (const [spec, re] of cases) {
      const r = runSync(["eval", `(elnode-start (lambda (h) nil) :port 0 :host "127.0.0.1" :tls ${spec})`], undefined, { cwd: dir });
      expect(r.code).toBe(255);
      expect(r.stderr).toMatch(re);
    }
  });
});
