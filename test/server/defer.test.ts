// Deferred handlers: the chat example with two long-polling clients, a
// client that goes away while waiting, guards that turn true with time,
// elnode-defer-or-do, and no queue to start.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { intern, specbind, unbindTo, specpdlDepth, NIL } from "../../src/index.js";
import { deferredCount } from "../../src/server/defer.js";
import { run, elnode, freePort, request, stopServers, until, captureStderr } from "./helpers.js";
import { send } from "./api-helpers.js";

const chatFile = path.resolve("lisp/examples/chat.el");
let chatPort: number;

beforeAll(async () => {
  elnode();
  chatPort = await freePort();
  // The example as it is, on a free port; load-file-name bound as `load' binds it.
  const text = fs.readFileSync(chatFile, "utf8").replace(":port 8004", `:port ${chatPort} :host "127.0.0.1"`);
  const depth = specpdlDepth();
  specbind(intern("load-file-name"), chatFile);
  try {
    elnode().loadText(text, chatFile);
  } finally {
    unbindTo(depth);
  }
});
afterAll(() => stopServers());

const post = (port: number, body: string) =>
  send(port, "/chat/send/", { body, headers: { "content-type": "application/x-www-form-urlencoded" } });

describe("the chat example", () => {
  it("serves the page with the latest messages from its template", async () => {
    const page = await request(chatPort, "/");
    expect(page.status).toBe(200);
    expect(page.text).toContain("<title>elnode chat</title>");
    expect(page.text).toContain('<table id="messages"></table>');
    expect((await request(chatPort, "/chat.js")).text).toContain("/chat/poll/");
  });

  it("answers two long-polling clients when a message is posted", async () => {
    const start = deferredCount();
    const a = request(chatPort, "/chat/poll/");
    const b = request(chatPort, "/chat/poll/?callback=cb");
    await until(() => deferredCount() === start + 2);
    const sent = await post(chatPort, "username=nic&msg=hello+%C3%A9");
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.text)).toEqual(["thanks"]);
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.status).toBe(200);
    expect(JSON.parse(ra.text)).toEqual([["nic", "hello é"]]);
    expect(rb.text).toBe('cb([["nic","hello é"]]);');
    expect(deferredCount()).toBe(start);
    // The page now shows the message (escaped).
    await post(chatPort, "username=%3Cb%3E&msg=x");
    expect((await request(chatPort, "/")).text).toContain('<td class="username">&lt;b&gt;</td>');
  });

  it("drops a client that goes away while waiting, and calls elnode-defer-failure-hook", async () => {
    run(`(setq chat-failures nil)
(add-hook 'elnode-defer-failure-hook (lambda (con state) (push state chat-failures)))`);
    const start = deferredCount();
    const sock = net.connect(chatPort, "127.0.0.1");
    await new Promise<void>((r) => sock.once("connect", () => r()));
    sock.write("GET /chat/poll/ HTTP/1.1\r\nHost: x\r\n\r\n");
    await until(() => deferredCount() === start + 1);
    sock.destroy();
    await until(() => deferredCount() === start);
    expect(elnode().print(run("chat-failures"))).toBe("(closed)");
    run(`(setq elnode-defer-failure-hook nil)`);
    // Still serving, and a later message reaches a new poller.
    const c = request(chatPort, "/chat/poll/");
    await until(() => deferredCount() === start + 1);
    await post(chatPort, "username=x&msg=after");
    expect(JSON.parse((await c).text)).toEqual([["x", "after"]]);
  });

  it("refuses a message without its fields", async () => {
    expect((await post(chatPort, "username=x")).status).toBe(400);
  });
});

describe("deferral", () => {
  it("re-tests guards on a timer while requests wait: a guard that turns true with time", async () => {
    run(`(defvar timer-flag nil)
(defun timed-handler (httpcon)
  (elnode-defer-until timer-flag
    (elnode-send-html httpcon (format "flag %s" elnode-defer-guard-it))))`, true);
    const port = await freePort();
    run(`(elnode-start 'timed-handler ${port} "127.0.0.1")`);
    const start = deferredCount();
    const r = request(port, "/");
    await until(() => deferredCount() === start + 1);
    // Nothing else happens on the server: only the poll timer can notice.
    run(`(run-at-time 0.05 nil (lambda () (setq timer-flag 'raised)))`);
    expect((await r).text).toBe("flag raised");
    expect(deferredCount()).toBe(start);
  });

  it("defers once with elnode-defer-or-do and runs the body on the next try", async () => {
    run(`(defvar dod-count 0)
(defun dod-handler (httpcon)
  (setq dod-count (1+ dod-count))
  (elnode-defer-or-do (equal (elnode-http-param httpcon "wait") "yes")
    (elnode-send-html httpcon (format "done after %d" dod-count))))`, true);
    const port = await freePort();
    run(`(elnode-start 'dod-handler ${port} "127.0.0.1")`);
    expect((await request(port, "/")).text).toBe("done after 1");
    const r = await request(port, "/?wait=yes");
    expect(r.text).toBe("done after 2");
  });

  it("needs no queue started, accepts the old queue functions, and reports an error in a deferred handler", async () => {
    expect(run("(elnode-deferred-queue-start)")).toBe(NIL);
    expect(run("(elnode-deferred-queue-stop)")).toBe(NIL);
    run(`(defvar boom-flag nil)
(defun boom-handler (httpcon)
  (elnode-defer-until boom-flag
    (car 'not-a-list)))`, true);
    const port = await freePort();
    run(`(elnode-start 'boom-handler ${port} "127.0.0.1")`);
    const start = deferredCount();
    const r = request(port, "/");
    await until(() => deferredCount() === start + 1);
    const { value, stderr } = await captureStderr(async () => {
      run("(setq boom-flag t)");
      run("(elnode-deferred-queue-process)");
      return r;
    });
    expect(value.status).toBe(500);
    expect(stderr).toContain("Wrong type argument: listp, not-a-list");
  });
});
