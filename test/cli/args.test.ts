// Command-line parsing (no process needed).
import { describe, it, expect } from "vitest";
import { parseArgs, UsageError } from "../../src/cli/args.js";

describe("parseArgs", () => {
  it("defaults to the REPL, which takes -L and --port-override", () => {
    expect(parseArgs([])).toMatchObject({ command: "repl", actions: [], loadPath: [] });
    expect(parseArgs(["-L", "a", "-Lb", "--directory=c", "--port-override", "9000"])).toMatchObject({
      command: "repl",
      loadPath: ["a", "b", "c"],
      portOverride: 9000,
    });
    expect(parseArgs(["repl"]).command).toBe("repl");
  });

  it("keeps run's files and --eval expressions in command-line order", () => {
    expect(parseArgs(["run", "a.el", "--eval", "(x)", "b.el", "--watch", "--port-override=8080"])).toMatchObject({
      command: "run",
      actions: [
        { kind: "file", value: "a.el" },
        { kind: "eval", value: "(x)" },
        { kind: "file", value: "b.el" },
      ],
      watch: true,
      portOverride: 8080,
    });
    expect(parseArgs(["run", "--", "-odd-name.el"]).actions).toEqual([{ kind: "file", value: "-odd-name.el" }]);
  });

  it("eval takes exactly one expression; test takes --selector", () => {
    expect(parseArgs(["eval", "(+ 1 2)"])).toMatchObject({ command: "eval", expr: "(+ 1 2)" });
    expect(() => parseArgs(["eval", "1", "2"])).toThrow(UsageError);
    expect(parseArgs(["test", "t.el", "--selector", "^foo-"])).toMatchObject({
      command: "test",
      selector: "^foo-",
      actions: [{ kind: "file", value: "t.el" }],
    });
  });

  it("refuses flags that do not apply, missing values and bad ports", () => {
    expect(() => parseArgs(["eval", "--watch", "1"])).toThrow(/--watch does not apply to eval/);
    expect(() => parseArgs(["run", "a.el", "--selector", "x"])).toThrow(UsageError);
    expect(() => parseArgs(["run", "a.el", "-L"])).toThrow(/needs a value/);
    expect(() => parseArgs(["run", "a.el", "--port-override", "70000"])).toThrow(/not a port number/);
    expect(() => parseArgs(["test"])).toThrow(UsageError);
  });

  it("--help and --version win whatever follows", () => {
    expect(parseArgs(["--help", "x"]).command).toBe("help");
    expect(parseArgs(["--version"]).command).toBe("version");
    expect(parseArgs(["-h"]).command).toBe("help");
  });
});
