// The soak test in its short CI form: 10 s of mixed traffic (after a 5 s
// warm-up) against one `elnode run` process, no unexpected errors, memory flat
// (the V8 heap after a full collection, see soak.mjs) within 10%. The full
// run (60 s, judged by RSS) is `node bench/soak/soak.mjs`.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, it, expect } from "vitest";
import { root, ensureBuilt } from "./helpers.js";

describe("soak (short form)", () => {
  it("serves 10 s of mixed traffic without an unexpected error, memory flat", () => {
    ensureBuilt();
    const r = spawnSync(
      process.execPath,
      [path.join(root, "bench", "soak", "soak.mjs"), "--duration", "10", "--warmup", "5", "--connections", "8", "--check", "heap"],
      { encoding: "utf8", timeout: 120000 },
    );
    process.stdout.write(r.stdout);
    expect(r.stdout, r.stderr).toMatch(/errors 0, timeouts 0, non-2xx 0, wrong bodies \{\}/);
    expect(r.stdout).toMatch(/\bPASS\b/);
    expect(r.status).toBe(0);
  }, 150000);
});
