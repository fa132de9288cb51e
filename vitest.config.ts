import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    // Deep Lisp recursion needs more JS stack than Node's default.
    execArgv: ["--stack-size=4000"],
    testTimeout: 30000,
    hookTimeout: 30000,
  },
});
