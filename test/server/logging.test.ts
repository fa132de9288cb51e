// Logging: elnode-error (a macro, format-style), elnode-msg levels,
// elnode-log-access both as the variable (the automatic access log) and as
// the function, to standard error or to files under elnode-log-files-directory.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { closeLogs } from "../../src/server/log.js";
import { run, elnode, freePort, request, stopServers, tempDir, captureStderr, until } from "./helpers.js";

let dir: string;
beforeAll(() => {
  elnode();
  dir = tempDir();
});
afterAll(async () => {
  run("(setq elnode-log-files-directory nil elnode-log-access nil)");
  await closeLogs();
  stopServers();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("elnode-error and elnode-msg", () => {
  it("writes formatted messages to standard error, by level", async () => {
    const { stderr } = await captureStderr(async () => {
      run(`(elnode-error "one %s %d" "two" 3)`);
      run(`(let ((elnode--do-error-logging :warning))
  (elnode-msg :info "hidden %s" 1)
  (elnode-msg :warning "shown %s" 2))`);
      run(`(let ((elnode--do-error-logging nil)) (elnode-error "never"))`);
      run(`(elnode-msg :debug "debug with t")`);
    });
    expect(stderr).toBe("elnode: one two 3\nelnode: shown 2\nelnode: debug with t\n");
    expect(run(`(macrop 'elnode-error)`)).not.toBe(run("nil"));
  });

  it("writes to files under elnode-log-files-directory, the access log too", async () => {
    const logs = path.join(dir, "logs");
    run(`(defun logged-handler (httpcon)
  (elnode-log-access "custom" httpcon)
  (elnode-send-html httpcon "logged"))`);
    const port = await freePort();
    run(`(elnode-start 'logged-handler ${port} "127.0.0.1")`);
    try {
      // (helpers' run sets elnode-log-access to nil before each evaluation: it is set last.)
      run(`(setq elnode-log-files-directory "${logs}")`);
      run(`(elnode-error "to a file %d" 42)`);
      run(`(setq elnode-log-access t)`);
      await request(port, "/page?q=1");
      const access = path.join(logs, "elnode-access");
      await until(() => fs.existsSync(access) && fs.readFileSync(access, "utf8").includes("/page"));
    } finally {
      run(`(setq elnode-log-files-directory nil elnode-log-access nil)`);
    }
    await closeLogs();
    const error = fs.readFileSync(path.join(logs, "elnode-error"), "utf8");
    expect(error).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d: elnode: to a file 42\n$/);
    const access = fs.readFileSync(path.join(logs, "elnode-access"), "utf8");
    expect(access).toMatch(/: 127\.0\.0\.1 - - \[[^\]]+\] "GET \/page\?q=1 HTTP\/1\.1" 200 6\n$/);
    const custom = fs.readFileSync(path.join(logs, "custom"), "utf8");
    expect(custom).toMatch(/: 127\.0\.0\.1 - - \[[^\]]+\] "GET \/page\?q=1 HTTP\/1\.1" - -\n$/);
  });
});
