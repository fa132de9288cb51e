// `elnode run` and `elnode eval`: load files / evaluate, then keep serving
// while anything (a server, a process, a timer) is alive.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Options } from "./args.js";
import { openSession, errorText, shutdownServers, shutdownNow, killChildren, displayNames } from "./session.js";
import { emacsExit } from "../runtime/builtins/emacs.js";
import { intern } from "../runtime/symbols.js";
import { T } from "../runtime/types.js";

function fail(text: string): never {
  process.stderr.write(text + "\n");
  shutdownNow();
  process.exit(255);
}

/**
 * Ctrl-C / SIGTERM: stop accepting, let responses in flight finish (at most
 * 5 s), kill child processes, exit 0. A second signal exits at once.
 */
function installSignalHandlers(beforeExit: () => void = () => {}): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) {
      shutdownNow();
      process.exit(0);
    }
    stopping = true;
    beforeExit();
    shutdownServers(5000).then(() => process.exit(0));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

function exitHook(): void {
  emacsExit.exit = (code: number): never => {
    killChildren();
    process.exit(code);
  };
}

export function runCommand(opts: Options): void {
  const { lisp } = openSession(opts);
  exitHook();
  const files: { abs: string; given: string }[] = [];
  for (const a of opts.actions) {
    if (a.kind === "file") {
      const abs = path.resolve(a.value);
      files.push({ abs, given: a.value });
      displayNames.set(abs, a.value);
      try {
        lisp.load(abs);
      } catch (e) {
        const text = errorText(e);
        if (!opts.watch) fail(text);
        process.stderr.write(text + "\n");
      }
    } else {
      try {
        lisp.evalString(a.value, { lexical: true });
      } catch (e) {
        if (!opts.watch) fail(errorText(e));
        process.stderr.write(errorText(e) + "\n");
      }
    }
  }
  const watchers = opts.watch ? watch(files, (f) => reload(f)) : [];
  installSignalHandlers(() => watchers.forEach((w) => w.close()));

  function reload(f: { abs: string; given: string }): void {
    try {
      lisp.load(f.abs);
      process.stderr.write(`elnode: reloaded ${f.given}\n`);
    } catch (e) {
      process.stderr.write(errorText(e) + "\n");
    }
  }
}

/**
 * Watch FILES (through their directories, so that editors that write a new
 * file and rename it over the old one are seen) and call RELOAD when a file's
 * content changes.
 */
function watch(
  files: { abs: string; given: string }[],
  reload: (f: { abs: string; given: string }) => void,
): fs.FSWatcher[] {
  const contents = new Map<string, string>();
  const read = (p: string) => {
    try {
      return fs.readFileSync(p, "utf8");
    } catch {
      return null;
    }
  };
  for (const f of files) contents.set(f.abs, read(f.abs) ?? "");
  const timers = new Map<string, NodeJS.Timeout>();
  const byDir = new Map<string, { abs: string; given: string }[]>();
  for (const f of files) {
    const dir = path.dirname(f.abs);
    if (!byDir.has(dir)) byDir.set(dir, []);
    if (!byDir.get(dir)!.some((g) => g.abs === f.abs)) byDir.get(dir)!.push(f);
  }
  const watchers: fs.FSWatcher[] = [];
  for (const [dir, list] of byDir) {
    const w = fs.watch(dir, (_event, name) => {
      for (const f of list) {
        if (name !== null && name !== path.basename(f.abs)) continue;
        clearTimeout(timers.get(f.abs));
        // Editors write in several steps: wait for the writes to settle.
        timers.set(
          f.abs,
          setTimeout(() => {
            const text = read(f.abs);
            if (text === null || text === contents.get(f.abs)) return;
            contents.set(f.abs, text);
            reload(f);
          }, 50),
        );
      }
    });
    watchers.push(w);
  }
  return watchers;
}

export function evalCommand(opts: Options): void {
  const { lisp } = openSession(opts);
  exitHook();
  let value;
  try {
    // As emacs --eval: (eval EXPR t), which sees lexical-binding as t.
    intern("lexical-binding").value = T;
    value = lisp.evalString(opts.expr!, { lexical: true });
  } catch (e) {
    fail(errorText(e));
  }
  process.stdout.write(lisp.print(value) + "\n");
  // A server started by EXPR keeps serving, as with `run`.
  installSignalHandlers();
}
