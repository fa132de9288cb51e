// The `elnode` command: argument handling, then one of the commands. Each
// command's module (and with it the runtime) is imported only when needed,
// so that --help and --version answer at once.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs, UsageError, HELP, type Options } from "./args.js";
import { packageRoot } from "../package-root.js";

export function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8"));
  return `elnode ${pkg.version}`;
}

export async function main(argv: string[]): Promise<void> {
  let opts: Options;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`elnode: ${e.message}\nTry 'elnode --help' for the commands and options.\n`);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
  switch (opts.command) {
    case "version":
      process.stdout.write(version() + "\n");
      return;
    case "help":
      process.stdout.write(HELP);
      return;
    case "eval":
      (await import("./run.js")).evalCommand(opts);
      return;
    case "run": {
      // --workers N: the primary only supervises (workers.ts); each worker runs the command below.
      const workers = (opts.workers ?? 1) > 1 ? await import("./workers.js") : null;
      if (workers?.startWorkers(opts.workers!)) return;
      (await import("./run.js")).runCommand(opts);
      await workers?.workerLoaded();
      return;
    }
    case "test":
      (await import("./test-command.js")).testCommand(opts);
      return;
    case "repl":
      await (await import("./repl.js")).replCommand(opts);
      return;
  }
}
