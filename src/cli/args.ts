// Command-line parsing for `elnode`. Kept free of runtime imports so that
// `--help` and `--version` (and bad usage) answer without loading Lisp.
import { availableParallelism } from "node:os";

export type Command = "repl" | "run" | "eval" | "test" | "help" | "version";

/** A file to load or an expression to evaluate, in command-line order (`run`). */
export interface Action {
  kind: "file" | "eval";
  value: string;
}

export interface Options {
  command: Command;
  /** Files and --eval expressions, in order (run, test). */
  actions: Action[];
  /** -L directories, in order; they go to the front of load-path. */
  loadPath: string[];
  /** --port-override N: elnode-start uses N whatever port it is given. */
  portOverride?: number;
  /** run --watch: reload files when they change. */
  watch: boolean;
  /** run --workers N: node:cluster worker processes (workers.ts); 1 when not given. */
  workers?: number;
  /** test --selector REGEX. */
  selector?: string;
  /** eval EXPR. */
  expr?: string;
}

export class UsageError extends Error {}

const COMMANDS: Record<string, Command> = {
  repl: "repl",
  run: "run",
  eval: "eval",
  test: "test",
  help: "help",
  "--help": "help",
  "-h": "help",
  "--version": "version",
  "-V": "version",
  version: "version",
};

/** Flags taking a value, by command (the REPL takes the global ones). */
const VALUE_FLAGS: Record<string, Command[]> = {
  "-L": ["repl", "run", "eval", "test"],
  "--directory": ["repl", "run", "eval", "test"],
  "--port-override": ["repl", "run", "eval", "test"],
  "--eval": ["run", "test"],
  "--selector": ["test"],
  "--workers": ["run"],
};
const BOOLEAN_FLAGS: Record<string, Command[]> = {
  "--watch": ["run"],
};

function parseWorkers(text: string): number {
  if (text === "auto") return availableParallelism();
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 1024) {
    throw new UsageError(`--workers: not a number of workers (1-1024, or auto): ${text}`);
  }
  return Number(text);
}

function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new UsageError(`--port-override: not a port number: ${text}`);
  return Number(text);
}

export function parseArgs(argv: string[]): Options {
  const opts: Options = { command: "repl", actions: [], loadPath: [], watch: false };
  let i = 0;
  if (argv.length > 0 && !argv[0].startsWith("-")) {
    const c = COMMANDS[argv[0]];
    if (!c) throw new UsageError(`unknown command: ${argv[0]}`);
    opts.command = c;
    i = 1;
  } else if (argv.length > 0 && COMMANDS[argv[0]]) {
    opts.command = COMMANDS[argv[0]];
    i = 1;
  }
  if (opts.command === "help" || opts.command === "version") return opts;
  let onlyFiles = false;
  for (; i < argv.length; i++) {
    let arg = argv[i];
    if (onlyFiles || !arg.startsWith("-") || arg === "-") {
      if (opts.command === "eval") {
        if (opts.expr !== undefined) throw new UsageError("eval takes one expression (quote it for the shell)");
        opts.expr = arg;
      } else if (opts.command === "run" || opts.command === "test") {
        opts.actions.push({ kind: "file", value: arg });
      } else {
        throw new UsageError(`unexpected argument: ${arg}`);
      }
      continue;
    }
    if (arg === "--") {
      onlyFiles = true;
      continue;
    }
    let value: string | undefined;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    } else if (arg.startsWith("-L") && arg.length > 2) {
      value = arg.slice(2);
      arg = "-L";
    }
    if (VALUE_FLAGS[arg]) {
      if (!VALUE_FLAGS[arg].includes(opts.command)) throw new UsageError(`${arg} does not apply to ${opts.command}`);
      if (value === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value`);
        value = argv[++i];
      }
      switch (arg) {
        case "-L":
        case "--directory":
          opts.loadPath.push(value);
          break;
        case "--port-override":
          opts.portOverride = parsePort(value);
          break;
        case "--eval":
          opts.actions.push({ kind: "eval", value });
          break;
        case "--selector":
          opts.selector = value;
          break;
        case "--workers":
          opts.workers = parseWorkers(value);
          break;
      }
      continue;
    }
    if (BOOLEAN_FLAGS[arg]) {
      if (!BOOLEAN_FLAGS[arg].includes(opts.command)) throw new UsageError(`${arg} does not apply to ${opts.command}`);
      if (value !== undefined) throw new UsageError(`${arg} takes no value`);
      if (arg === "--watch") opts.watch = true;
      continue;
    }
    throw new UsageError(`unknown option: ${arg}`);
  }
  if (opts.command === "eval" && opts.expr === undefined) throw new UsageError("eval needs an expression");
  if (opts.command === "run" && opts.actions.length === 0) throw new UsageError("run needs a file (or --eval EXPR)");
  if (opts.command === "test" && !opts.actions.some((a) => a.kind === "file")) throw new UsageError("test needs a file");
  return opts;
}

export const HELP = `Usage: elnode [COMMAND] [ARGS...]

An Emacs Lisp interpreter hosting the elnode web server.

Commands:
  (none), repl      Start the interactive Lisp prompt (ELISP> ), like ielm.
                    With standard input not a terminal, read forms from it
                    and print only their values.
                      elnode
                      echo '(+ 1 2)' | elnode          # prints 3
  run FILE...       Load the files in order, then keep running while any
                    server, process or timer is alive. Ctrl-C or SIGTERM stop
                    the servers, let responses in flight finish, and exit 0.
                    A load error prints FILE:LINE:COL: message and exits 255.
                      elnode run handlers.el
  eval EXPR         Evaluate EXPR (lexical binding, as emacs --eval) and
                    print its value.
                      elnode eval '(+ 1 2)'
  test FILE...      Load ERT test files and run their tests as
                    ert-run-tests-batch-and-exit does; exits non-zero when a
                    result is unexpected.
                      elnode test test/my-tests.el
  help, --help      Print this help.
                      elnode --help
  version, --version
                    Print the version.
                      elnode --version

Options:
  -L DIR, --directory DIR
                    Add DIR to the front of load-path (repeatable; any command).
                      elnode run -L lisp app.el
  --eval EXPR       (run, test) Evaluate EXPR, in order with the files.
                      elnode run --eval '(setq my-port 8080)' app.el
  --port-override N Every elnode-start listens on port N instead of the port
                    it names (any command).
                      elnode run --port-override 9000 app.el
  --watch           (run) Reload a file when it changes: handlers are
                    redefined in place and servers keep their sockets.
                      elnode run --watch app.el
  --workers N       (run) Serve from N worker processes sharing the ports
                    (auto: one per core); each loads the files and has its
                    own Lisp globals. A worker that dies is replaced.
                      elnode run --workers auto app.el
  --selector REGEX  (test) Run only the tests whose names match REGEX.
                      elnode test --selector '^my-' test/my-tests.el

Source files and pasted text are read with paren recovery: a "(" at column 0
while a form is still open closes it, and a stray ")" at top level is skipped,
each with a warning on standard error. Files without a lexical-binding cookie
load with dynamic binding, as in Emacs; the REPL evaluates with dynamic
binding too (set lexical-binding to t to change that).

REPL keys: Tab completes symbol names, Ctrl-C cancels the input or interrupts
the running evaluation, Ctrl-D exits. History is kept in ~/.elnode_history.
`;
