// The REPL's terminal side: an ielm-like prompt on node:readline. Lisp runs
// in a worker thread (repl-worker.ts) so that this thread always hears
// Ctrl-C, even while a form loops forever; see the worker for how the
// interrupt reaches the evaluator.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";
import { Worker } from "node:worker_threads";
import type { Options } from "./args.js";
import type { MainToRepl, ReplToMain, ReplWorkerData } from "./repl-protocol.js";

const PROMPT = "ELISP> ";
/** Continuation lines line up under the text after the prompt. */
const CONTINUE = " ".repeat(PROMPT.length);
const BANNER = "*** Welcome to elnode ***  Emacs Lisp with the elnode web server. Ctrl-D exits.\n";
const HISTORY_SIZE = 1000;
/** How long a Ctrl-C may go unanswered before a second one restarts the Lisp session. */
const STUCK_MS = 1000;

function historyFile(): string {
  return path.join(os.homedir(), ".elnode_history");
}

function loadHistory(): string[] {
  try {
    const lines = fs.readFileSync(historyFile(), "utf8").split("\n").filter((l) => l.trim() !== "");
    return lines.slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

function appendHistory(line: string): void {
  if (line.trim() === "") return;
  try {
    fs.appendFileSync(historyFile(), line + "\n");
  } catch {
    /* no history then */
  }
}

/** The symbol being typed at the end of LINE. */
function symbolPrefix(line: string): string {
  const m = /[^\s()[\]"';`,#]*$/.exec(line);
  return m ? m[0] : "";
}

export async function replCommand(opts: Options): Promise<void> {
  const stdin = process.stdin;
  const stdout = process.stdout;
  const tty = Boolean(stdin.isTTY && stdout.isTTY);
  const plain = !tty;
  const flags = new Int32Array(new SharedArrayBuffer(8));

  let worker!: Worker;
  let ready = false;
  let busy = false;
  let pendingInput = false;
  let batchId = 0;
  let interruptAt = 0;
  let eof = false;
  let finalSent = false;
  let exiting = false;
  let queue: string[] = [];
  let flushScheduled = false;
  const completionWaiters = new Map<number, (names: string[]) => void>();
  let completionId = 0;

  const rl = readline.createInterface({
    input: stdin,
    output: tty ? stdout : undefined,
    terminal: tty,
    prompt: PROMPT,
    history: tty ? loadHistory() : [],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: false,
    completer: tty
      ? (line: string, cb: (err: null, result: [string[], string]) => void) => {
          const prefix = symbolPrefix(line);
          if (!ready || busy || prefix === "") return cb(null, [[], prefix]);
          const id = ++completionId;
          completionWaiters.set(id, (names) => cb(null, [names, prefix]));
          send({ type: "complete", id, prefix });
        }
      : undefined,
  });

  function send(m: MainToRepl): void {
    worker.postMessage(m);
  }

  /** Output from Lisp: in a terminal, written above the prompt when one is showing. */
  function write(stream: NodeJS.WriteStream, text: string): void {
    if (tty && !busy && ready && !exiting) {
      readline.clearLine(stdout, 0);
      readline.cursorTo(stdout, 0);
      stream.write(text.endsWith("\n") ? text : text + "\n");
      rl.prompt(true);
    } else {
      stream.write(text);
    }
  }

  function showPrompt(): void {
    if (!tty || exiting) return;
    rl.setPrompt(pendingInput ? CONTINUE : PROMPT);
    rl.prompt();
  }

  function startWorker(): void {
    ready = false;
    const data: ReplWorkerData = {
      flags: flags.buffer as SharedArrayBuffer,
      plain,
      options: { loadPath: opts.loadPath, portOverride: opts.portOverride },
    };
    // Beside the one-file bundle (dist/cli/elnode.cjs) is the worker's own bundle.
    const workerFile = import.meta.url.endsWith(".cjs") ? "./repl-worker.cjs" : "./repl-worker.js";
    worker = new Worker(new URL(workerFile, import.meta.url), {
      workerData: data,
      stdout: false,
      stderr: false,
      // Deep recursion needs stack, as for the main thread (bin/elnode's --stack-size).
      resourceLimits: { stackSizeMb: 16 },
    });
    const w = worker;
    w.on("message", (m: ReplToMain) => {
      if (w !== worker) return;
      switch (m.type) {
        case "ready":
          ready = true;
          scheduleFlush();
          break;
        case "out":
          write(stdout, m.text);
          break;
        case "err":
          write(process.stderr, m.text);
          break;
        case "done":
          busy = false;
          pendingInput = m.pending;
          if (finalSent) return finish(0);
          if (queue.length > 0 || eof) scheduleFlush();
          else showPrompt();
          break;
        case "completions": {
          const cb = completionWaiters.get(m.id);
          completionWaiters.delete(m.id);
          cb?.(m.names);
          break;
        }
        case "exit":
          finish(m.code);
          break;
      }
    });
    w.on("error", (e) => {
      if (w !== worker) return;
      process.stderr.write(`elnode: internal error in the Lisp session: ${e.stack ?? e.message}\n`);
      finish(70);
    });
    w.on("exit", (code) => {
      if (w !== worker) return;
      finish(code);
    });
  }

  function finish(code: number): void {
    if (exiting && code === 0) {
      // already on the way out
    }
    exiting = true;
    rl.close();
    process.exit(code);
  }

  function scheduleFlush(): void {
    if (flushScheduled) return;
    flushScheduled = true;
    // Lines that arrive together (a paste) are evaluated together.
    setImmediate(() => {
      flushScheduled = false;
      flush();
    });
  }

  function flush(): void {
    if (busy || !ready || exiting) return;
    if (queue.length === 0) {
      if (eof) {
        if (pendingInput && !finalSent) {
          finalSent = true;
          busy = true;
          send({ type: "input", id: ++batchId, text: "", final: true });
        } else {
          shutdown();
        }
      }
      return;
    }
    const lines = queue;
    queue = [];
    let text = lines.map((l) => l + "\n").join("");
    // A line typed (not pasted) while a form is open is never taken as a new
    // top-level form by paren recovery, whatever its indentation.
    if (tty && lines.length === 1 && pendingInput && text.startsWith("(")) text = " " + text;
    busy = true;
    send({ type: "input", id: ++batchId, text, final: false });
  }

  function shutdown(): void {
    if (exiting) return;
    exiting = true;
    if (!ready) process.exit(0);
    send({ type: "shutdown", graceMs: 2000 });
    // If the session cannot answer (stuck in a loop), do not wait for it.
    setTimeout(() => process.exit(0), 4000).unref();
  }

  function interruptKey(): void {
    if (exiting) return;
    if (busy && ready) {
      const pendingInterrupt = Atomics.load(flags, 0) === batchId;
      if (pendingInterrupt && Date.now() - interruptAt > STUCK_MS) {
        restart();
        return;
      }
      if (!pendingInterrupt) {
        interruptAt = Date.now();
        Atomics.store(flags, 0, batchId);
      }
      return;
    }
    // At the prompt: drop the input typed so far.
    queue = [];
    pendingInput = false;
    if (ready) {
      Atomics.store(flags, 1, 1);
      send({ type: "cancel" });
    }
    if (tty) {
      const r = rl as unknown as { clearLine?: () => void };
      if (typeof r.clearLine === "function") r.clearLine();
      else stdout.write("\n");
      showPrompt();
    }
  }

  /** A Ctrl-C the evaluation did not answer (a builtin that never polls): start a new Lisp session. */
  function restart(): void {
    const old = worker;
    busy = false;
    pendingInput = false;
    queue = [];
    Atomics.store(flags, 0, 0);
    Atomics.store(flags, 1, 0);
    startWorker();
    old.removeAllListeners();
    old.on("error", () => {});
    void old.terminate();
    const msg = "*** The evaluation did not stop; the Lisp session was restarted (definitions and servers are gone) ***\n";
    if (tty) stdout.write("\n" + msg);
    else process.stderr.write(msg);
  }

  rl.on("line", (line) => {
    if (tty) appendHistory(line);
    queue.push(line);
    scheduleFlush();
  });
  rl.on("close", () => {
    if (exiting) return;
    eof = true;
    if (tty) {
      // Ctrl-D: input still open is dropped.
      pendingInput = false;
      stdout.write("\n");
    }
    scheduleFlush();
  });
  if (tty) rl.on("SIGINT", interruptKey);
  process.on("SIGINT", interruptKey);
  process.on("SIGTERM", () => shutdown());

  startWorker();
  if (tty) {
    stdout.write(BANNER);
    showPrompt();
  }
}
