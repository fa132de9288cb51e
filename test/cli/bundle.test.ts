// bin/elnode runs the one-file bundle with a V8 code cache beside it, or
// tsc's dist/cli/main.js when there is no bundle. Each case runs a copy of
// the package in a temporary directory, so the cache files it writes and
// breaks are its own.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { ensureBuilt, root } from "./helpers.js";

let pkg: string;
const cacheFile = () => path.join(pkg, "dist", "cli", "elnode.cjs.cache");

function elnode(...args: string[]) {
  const r = spawnSync(process.execPath, ["--stack-size=4000", path.join(pkg, "bin", "elnode"), ...args], { encoding: "utf8", timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  ensureBuilt();
  pkg = mkdtempSync(path.join(os.tmpdir(), "elnode-bundle-"));
  cpSync(path.join(root, "package.json"), path.join(pkg, "package.json"));
  cpSync(path.join(root, "bin"), path.join(pkg, "bin"), { recursive: true });
  cpSync(path.join(root, "dist"), path.join(pkg, "dist"), { recursive: true, filter: (f) => !f.includes(".cache") });
  for (const dir of ["stdlib", "lisp", "node_modules"]) symlinkSync(path.join(root, dir), path.join(pkg, dir));
}, 300000);

afterAll(() => rmSync(pkg, { recursive: true, force: true }));

describe("bin/elnode and its code cache", () => {
  it("writes the cache at the first run and runs from it after", () => {
    expect(existsSync(cacheFile())).toBe(false);
    expect(elnode("eval", "(+ 1 2)")).toMatchObject({ code: 0, stdout: "3\n" });
    expect(existsSync(cacheFile())).toBe(true);
    const first = readFileSync(cacheFile());
    expect(elnode("eval", "(+ 2 3)")).toMatchObject({ code: 0, stdout: "5\n" });
    // An accepted cache is left alone.
    expect(readFileSync(cacheFile()).equals(first)).toBe(true);
  });

  it("replaces a cache V8 rejects, and still runs", () => {
    writeFileSync(cacheFile(), "not a code cache");
    expect(elnode("eval", "(* 6 7)")).toMatchObject({ code: 0, stdout: "42\n" });
    expect(readFileSync(cacheFile(), "latin1")).not.toBe("not a code cache");
  });

  it("runs when the cache cannot be written, leaving no temporary file", () => {
    rmSync(cacheFile(), { force: true });
    mkdirSync(cacheFile()); // a directory where the cache file would go
    expect(elnode("eval", "(concat \"a\" \"b\")")).toMatchObject({ code: 0, stdout: "\"ab\"\n" });
    expect(readdirSync(path.join(pkg, "dist", "cli")).filter((f) => f.includes(".cache."))).toEqual([]);
    rmSync(cacheFile(), { recursive: true });
  });

  it("falls back to dist/cli/main.js without the bundle", () => {
    rmSync(path.join(pkg, "dist", "cli", "elnode.cjs"));
    expect(elnode("eval", "(list 1 2)")).toMatchObject({ code: 0, stdout: "(1 2)\n" });
    expect(existsSync(cacheFile())).toBe(false);
  });
});
