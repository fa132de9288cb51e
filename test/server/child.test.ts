// elnode-child-process: streaming, status, a program that cannot start,
// and a client that goes away.
import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import * as crypto from "node:crypto";
import { NIL } from "../../src/index.js";
import { ElnodeChild, HttpCon } from "../../src/server/index.js";
import { run, elnode, freePort, request, rawExchange, serverSuiteWithTempDir, until, pidAlive, captureStderr, valueWhenSet } from "./helpers.js";

const dir = serverSuiteWithTempDir();

async function serve(body: string): Promise<number> {
  run(`(defun child-test-handler (httpcon) ${body})`);
  const port = await freePort();
  // Each test gets its own handler: copy the current definition to a fresh name.
  const name = `child-handler-${port}`;
  run(`(fset '${name} (symbol-function 'child-test-handler))`);
  run(`(elnode-start '${name} ${port} "127.0.0.1")`);
  return port;
}

describe("elnode-child-process", () => {
  it("streams a big output byte-exact, with the handler's status and headers", async () => {
    const file = path.join(dir.path, "big.bin");
    const data = crypto.randomBytes(3 * 1024 * 1024 + 1);
    fs.writeFileSync(file, data);
    const port = await serve(`(elnode-http-start httpcon 202 '("Content-Type" . "application/octet-stream"))
  (elnode-child-process httpcon "cat" "${file}")`);
    const r = await request(port, "/");
    expect(r.status).toBe(202);
    expect(r.headers["content-type"]).toBe("application/octet-stream");
    expect(r.body.equals(data)).toBe(true);
  });

  it("passes arguments without a shell", async () => {
    const port = await serve(`(elnode-child-process httpcon "printf" "%s|" "a b" "$HOME" "*" ";echo no")`);
    expect((await request(port, "/")).text).toBe("a b|$HOME|*|;echo no|");
  });

  it("answers an empty output with an empty 200", async () => {
    const port = await serve(`(elnode-child-process httpcon "true")`);
    const r = await request(port, "/");
    expect(r.status).toBe(200);
    expect(r.text).toBe("");
  });

  it("gives a 500 and a log line for a program that cannot be started", async () => {
    const port = await serve(`(elnode-child-process httpcon "no-such-program-elnode")`);
    const { value: r, stderr } = await captureStderr(() => request(port, "/"));
    expect(r.status).toBe(500);
    expect(stderr).toContain("no-such-program-elnode");
    expect((await request(port, "/")).status).toBe(500); // and the server still serves
  });

  it("returns a live process object while the child runs", async () => {
    const port = await serve(`(setq child-proc (elnode-child-process httpcon "cat" "${path.join(dir.path, "big.bin")}"))
  (setq child-live (list (processp child-proc) (and (process-live-p child-proc) t)))`);
    await request(port, "/");
    expect(elnode().print(elnode().value("child-live"))).toBe("(t t)");
    const proc = elnode().value("child-proc") as ElnodeChild;
    await until(() => !proc.isLive());
    expect(elnode().evalString("(process-live-p child-proc)")).toBe(NIL);
  });

  it("answers HEAD with headers only, without running the program", async () => {
    const port = await serve(`(elnode-http-start httpcon 200 '("Content-Type" . "text/plain"))
  (elnode-child-process httpcon "echo" "body")`);
    const raw = await rawExchange(port, "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(raw).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(raw).not.toContain("body");
  });

  it("kills the child when the client goes away mid-stream", async () => {
    // `yes` writes forever: only the disconnect can end it.
    const port = await serve(`(setq endless (elnode-child-process httpcon "yes" "elnode"))`);
    const got = await new Promise<string>((resolve) => {
      const sock = net.connect(port, "127.0.0.1", () => sock.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
      let text = "";
      sock.on("data", (c) => {
        text += c.toString("latin1");
        if (text.length > 100_000) {
          sock.destroy();
          resolve(text);
        }
      });
    });
    expect(got).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(got).toContain("elnode\nelnode\n");
    const proc = (await valueWhenSet("endless")) as ElnodeChild;
    const pid = proc.pid!;
    expect(pid).toBeGreaterThan(0);
    await until(() => !pidAlive(pid));
    expect(pidAlive(pid)).toBe(false);
    expect(elnode().evalString("(process-live-p endless)")).toBe(NIL);
  });

  it("pauses the child while the client does not read (backpressure)", async () => {
    const port = await serve(`(setq paused-con httpcon)
  (setq paused-child (elnode-child-process httpcon "yes" "backpressure"))`);
    const sock = net.connect(port, "127.0.0.1", () => sock.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    let received = 0;
    sock.on("data", (c) => {
      received += c.length;
      sock.pause(); // stop reading: the socket buffers fill and the child must wait
    });
    const proc = (await valueWhenSet("paused-child")) as ElnodeChild;
    const con = (await valueWhenSet("paused-con")) as HttpCon;
    await until(() => received > 0 && proc.child!.stdout!.isPaused());
    // The child's output is no longer read, and what node holds for the client stays bounded.
    expect(con.res.writableLength).toBeLessThan(1024 * 1024);
    expect(proc.isLive()).toBe(true);
    sock.destroy();
    await until(() => !pidAlive(proc.pid!));
    expect(elnode().evalString("(process-live-p paused-child)")).toBe(NIL);
  });
});

