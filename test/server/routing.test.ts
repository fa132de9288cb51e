// Routing in the 2015 API: hostpath dispatching, (FN . EXTRA) values,
// elnode-normalize-path, elnode-http-mapping, elnode-make-webserver and
// elnode-webserver.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import { run, elnode, freePort, request, stopServers, tempDir } from "./helpers.js";

let dir: string;
beforeAll(() => {
  elnode();
  dir = tempDir();
  fs.writeFileSync(path.join(dir, "index.html"), "<p>docroot index</p>");
  fs.writeFileSync(path.join(dir, "a.txt"), "file a");
});
afterAll(() => {
  stopServers();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("elnode-hostpath-dispatcher", () => {
  it("dispatches on host//path keys, with mappings, (FN . EXTRA) values and a 404 function", async () => {
    run(`(defun hp-blog (httpcon)
  (elnode-send-html httpcon (format "blog %s of %d" (elnode-http-mapping httpcon 1) (elnode-http-mapping httpcon t))))
(defun hp-any (httpcon) (elnode-send-html httpcon (concat "any " (elnode-http-mapping httpcon))))
(defun hp-extra (httpcon) (elnode-send-html httpcon "extra"))
(defun hp-404 (httpcon) (elnode-send-status httpcon 404 "custom"))
(defun hp-handler (httpcon)
  (elnode-hostpath-dispatcher
   httpcon
   '(("^blog.example.org//\\\\(.*\\\\)$" . hp-blog)
     ("^[^/]+//extra/$" . (hp-extra . "some extra data"))
     ("^www.example.org//" . hp-any))
   :function-404 'hp-404
   :log-name "hp"))`);
    const port = await freePort();
    run(`(elnode-start 'hp-handler ${port} "127.0.0.1")`);
    expect((await request(port, "/2015/post", { headers: { Host: "blog.example.org:8080" } })).text).toBe("blog 2015/post of 2");
    expect((await request(port, "/x", { headers: { Host: "www.example.org" } })).text).toBe("any www.example.org//");
    expect((await request(port, "/extra/", { headers: { Host: "other.org" } })).text).toBe("extra");
    const missing = await request(port, "/x", { headers: { Host: "nowhere.org" } });
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("custom");
  });

  it("serves files from a hostpath key's group 1 with a webserver handler", async () => {
    run(`(defvar hp-files (elnode-webserver-handler-maker "${dir}"))
(defun hp-files-handler (httpcon)
  (elnode-hostpath-dispatcher httpcon '(("^[^/]+//static/\\\\(.*\\\\)" . hp-files))))`);
    const port = await freePort();
    run(`(elnode-start 'hp-files-handler ${port} "127.0.0.1")`);
    expect((await request(port, "/static/a.txt")).text).toBe("file a");
    expect((await request(port, "/static/../a.txt")).status).not.toBe(200);
  });
});

describe("elnode-normalize-path", () => {
  it("redirects paths without a slash or an extension, keeping the query; calls the handler otherwise", async () => {
    run(`(defun np-inner (httpcon) (elnode-send-html httpcon (elnode-http-pathinfo httpcon)))
(defun np-handler (httpcon) (elnode-normalize-path httpcon 'np-inner))`);
    const port = await freePort();
    run(`(elnode-start 'np-handler ${port} "127.0.0.1")`);
    const r = await request(port, "/users?page=2");
    expect([r.status, r.headers.location]).toEqual([302, "/users/?page=2"]);
    expect((await request(port, "/users/")).text).toBe("/users/");
    expect((await request(port, "/style.css")).text).toBe("/style.css");
  });
});

describe("webservers", () => {
  it("makes a webserver for a docroot on a port with elnode-make-webserver", async () => {
    const port = await freePort();
    expect(run(`(elnode-make-webserver "${dir}" ${port} "127.0.0.1")`)).toBe(port);
    expect((await request(port, "/")).text).toBe("<p>docroot index</p>");
    expect((await request(port, "/a.txt")).text).toBe("file a");
  });

  it("serves elnode-webserver-docroot with elnode-webserver", async () => {
    run(`(setq elnode-webserver-docroot "${dir}")`);
    const port = await freePort();
    run(`(elnode-start 'elnode-webserver ${port} "127.0.0.1")`);
    expect((await request(port, "/a.txt")).text).toBe("file a");
  });
});
