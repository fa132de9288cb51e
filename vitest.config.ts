import { createRequire } from "node:module";
import * as path from "node:path";
import { defineConfig } from "vitest/config";

const chevrotainEntry = createRequire(import.meta.url).resolve("chevrotain");

export default defineConfig({
  resolve: {
    // chevrotain's one-file build, as in the bundle (see src/runtime/reader/lexer.ts).
    alias: { chevrotain: path.join(path.dirname(chevrotainEntry), "..", "chevrotain.mjs") },
  },
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    // Deep Lisp recursion needs more JS stack than Node's default.
    execArgv: ["--stack-size=4000"],
    testTimeout: 30000,
    hookTimeout: 30000,
  },
});
