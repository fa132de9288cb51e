// The `elnode` command: eval, run, and (with no arguments) the REPL.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Lisp } from "../index.js";
import { LispSignal, errorMessageString } from "../runtime/errors.js";
import { asLispError } from "../runtime/eval.js";
import { packageRoot } from "../runtime/builtins/lread.js";

function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8"));
  return `elnode ${pkg.version}`;
}

const HELP = `Usage: elnode [COMMAND] [ARGS]

Commands:
  eval EXPR         Evaluate EXPR and print its value (prin1), like
                    emacs --batch --eval '(prin1 EXPR)'.
                      elnode eval '(+ 1 2)'
  run FILE...       Load the files in order, then keep serving while any
                    server, process or timer is alive.
                      elnode run handlers.el
  --version         Print the version.
  --help            Print this help.
`;

/** Print an uncaught Lisp error as Emacs batch does, with its location when known; return the exit code. */
export function reportError(raw: unknown): number {
  const e = asLispError(raw);
  if (e instanceof LispSignal) {
    const where = e.location ? `${e.location}: ` : "";
    process.stderr.write(`${where}${errorMessageString(e.errorObject)}\n`);
    return 255;
  }
  throw raw;
}

export function main(argv: string[]): void {
  const [command, ...rest] = argv;
  if (command === "--version" || command === "-V") {
    process.stdout.write(version() + "\n");
    return;
  }
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(HELP);
    return;
  }
  const lisp = new Lisp();
  try {
    if (command === "eval") {
      if (rest.length !== 1) {
        process.stderr.write("elnode eval: expected one expression\n");
        process.exitCode = 2;
        return;
      }
      const value = lisp.evalString(rest[0], { lexical: true });
      process.stdout.write(lisp.print(value) + "\n");
      return;
    }
    if (command === "run") {
      for (const file of rest) lisp.load(path.resolve(file));
      return;
    }
    process.stderr.write(`elnode: unknown command ${command ?? ""}\n${HELP}`);
    process.exitCode = 2;
  } catch (e) {
    process.exitCode = reportError(e);
  }
}
