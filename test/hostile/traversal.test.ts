// The docroot traversal battery: every way of naming a file outside the
// docroot is refused (403/404/400 or a closed connection), never served,
// by the webserver handler used directly and through a dispatcher group.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startServer, raw, expectHealthy, tempDir, Server } from "./helpers.js";
import { fixtures } from "./helpers.js";

const SECRET = "TOP-SECRET-7f3a9c";
let s: Server;
let dir: string;

beforeAll(async () => {
  dir = tempDir();
  const docroot = path.join(dir, "www");
  fs.mkdirSync(path.join(docroot, "sub"), { recursive: true });
  fs.writeFileSync(path.join(docroot, "index.html"), "ok\n");
  fs.writeFileSync(path.join(docroot, "sub", "page.txt"), "page\n");
  fs.writeFileSync(path.join(dir, "secret.txt"), SECRET);
  fs.mkdirSync(path.join(dir, "www-private"));
  fs.writeFileSync(path.join(dir, "www-private", "secret.txt"), SECRET);
  fs.symlinkSync(path.join(dir, "secret.txt"), path.join(docroot, "link-file"));
  fs.symlinkSync(dir, path.join(docroot, "link-dir"));
  fs.symlinkSync("/etc", path.join(docroot, "etc"));
  s = await startServer(`(defvar test-docroot ${JSON.stringify(docroot)})`, [path.join(fixtures, "traversal.el")], { extraPorts: 1 });
}, 90000);
afterAll(async () => {
  await s?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const TARGETS = [
  "/../secret.txt",
  "/../../../../../../etc/passwd",
  "/..%2fsecret.txt",
  "/%2e%2e/secret.txt",
  "/%2e%2e%2fsecret.txt",
  "/%2E%2E%2Fsecret.txt",
  "/.%2e/secret.txt",
  "/%2e./secret.txt",
  "/sub/../../secret.txt",
  "/sub/%2e%2e/%2e%2e/secret.txt",
  "/./../secret.txt",
  "//../secret.txt",
  "/%2f%2e%2e%2fsecret.txt",
  "/%252e%252e/secret.txt",
  "/%25%32%65%25%32%65/secret.txt",
  "/..%5csecret.txt",
  "/%5c..%5csecret.txt",
  "/%2e%2e%5c%2e%2e%5csecret.txt",
  "/..\\secret.txt",
  "/%00../secret.txt",
  "/secret.txt%00.html",
  "/index.html%00/../../secret.txt",
  "/%c0%ae%c0%ae/secret.txt",
  "/%c0%af..%c0%afsecret.txt",
  "/%ef%bc%8e%ef%bc%8e/secret.txt",
  "/..;/secret.txt",
  "/....//secret.txt",
  "/index.html/../../secret.txt",
  "/link-file",
  "/link-dir/secret.txt",
  "/link-dir/www-private/secret.txt",
  "/etc/passwd",
  "/etc/hostname",
  "/../www-private/secret.txt",
  "/%2e%2e/www-private/secret.txt",
  "http://localhost/../secret.txt",
  "http://localhost/%2e%2e/secret.txt",
  "*",
];

function refusedWithoutSecret(r: { text: string; statuses: number[]; closed: boolean; guard: boolean }): boolean {
  if (r.guard || r.text.includes(SECRET) || /root:.*:0:0:/.test(r.text)) return false;
  if (r.statuses.length === 0) return r.closed;
  return [400, 403, 404].includes(r.statuses[0]);
}

describe("docroot traversal", () => {
  for (const [label, prefix] of [["webserver handler", ""], ["dispatcher group", "/files"]] as const) {
    it(`${label}: serves files inside the docroot`, async () => {
      const port = prefix ? s.ports[1] : s.ports[0];
      const r = await raw(port, `GET ${prefix}/sub/page.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(r.statuses[0]).toBe(200);
      expect(r.text).toContain("page\n");
    });

    for (const target of TARGETS) {
      it(`${label}: refuses ${target}`, async () => {
        const port = prefix ? s.ports[1] : s.ports[0];
        const t = target.startsWith("http:") || target === "*" ? target.replace("localhost", `localhost${prefix}`) : prefix + target;
        const r = await raw(port, `GET ${t} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
        expect(refusedWithoutSecret(r), `${t}: ${JSON.stringify(r.text.slice(0, 300))}`).toBe(true);
        await expectHealthy(port);
      });
    }
  }
});
