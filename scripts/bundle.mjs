// Bundles tsc's output (dist/) into single files:
//   dist/cli/elnode.cjs, dist/cli/repl-worker.cjs  the command line and the
//       REPL's worker thread, CommonJS: one file instead of a hundred ES
//       modules is most of what makes `elnode` start fast (no module
//       resolution, no ESM facades for node:* modules, and a V8 code cache,
//       which bin/elnode keeps beside the bundle, skips compiling);
//   dist/elnode.mjs  the embedding API (package.json "exports"), ESM.
//
//   node scripts/bundle.mjs        (run by `npm run build`, after tsc)
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

// chevrotain's one-file build instead of its package entry (see src/runtime/reader/lexer.ts).
const alias = { chevrotain: path.join(path.dirname(require.resolve("chevrotain")), "..", "chevrotain.mjs") };
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target: "node20",
  alias,
  // Comments out, names kept (readable stack traces); the output is ASCII,
  // which bin/elnode reads as one-byte text, much faster than UTF-8.
  minifyWhitespace: true,
  charset: "ascii",
  sourcemap: "linked",
  logLevel: "warning",
};

await build({
  ...common,
  entryPoints: { "cli/elnode": "dist/cli/main.js", "cli/repl-worker": "dist/cli/repl-worker.js" },
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  // import.meta.url in the bundle is the bundle's own file URL: it sits in
  // dist/cli/ as main.js does, so paths relative to it stay right.
  define: { "import.meta.url": "__bundleUrl" },
  banner: { js: 'var __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
});

await build({ ...common, entryPoints: { elnode: "dist/index.js" }, outdir: "dist", outExtension: { ".js": ".mjs" }, format: "esm" });

// bin/elnode reads the command-line bundle as one-byte text.
const cli = path.join(root, "dist", "cli", "elnode.cjs");
if (readFileSync(cli).some((byte) => byte > 0x7f)) throw new Error(`${cli} is not ASCII; see charset in scripts/bundle.mjs`);

// Make the code cache now, with the node and V8 flags bin/elnode runs with,
// rather than at the first command (the install may be read-only later).
rmSync(`${cli}.cache`, { force: true });
const warm = spawnSync(path.join(root, "bin", "elnode"), ["eval", "nil"], { encoding: "utf8" });
if (warm.status !== 0) throw new Error(`bin/elnode eval nil failed after bundling:\n${warm.stderr}`);
