// The REPL's Lisp session, in a worker thread. The main thread keeps the
// terminal (line editing, history, Ctrl-C); this thread reads and evaluates,
// and its event loop serves the HTTP servers started at the prompt while the
// main thread waits for input.
//
// Interrupts: the main thread writes the number of the input being
// evaluated into a shared Int32Array when Ctrl-C arrives; the evaluator polls
// it (runtime `interrupt.check`, called from loops) and signals `quit`, so
// `unwind-protect` and `condition-case` see an ordinary Lisp quit. Slot 1 is
// set for a Ctrl-C at the prompt: it stops a runaway server handler.
import { parentPort, workerData } from "node:worker_threads";
import type { ReplToMain, MainToRepl, ReplWorkerData } from "./repl-protocol.js";

const port = parentPort!;
const data = workerData as ReplWorkerData;
const flags = new Int32Array(data.flags);

function post(m: ReplToMain): void {
  port.postMessage(m);
}

// Everything this thread writes goes through the message port, so that it
// arrives in order with the values and the main thread can redraw its prompt.
let lastOut = 10;
function redirect(stream: NodeJS.WriteStream, kind: "out" | "err"): void {
  stream.write = ((chunk: unknown, enc?: unknown, cb?: unknown): boolean => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
    if (text.length) {
      if (kind === "out") lastOut = text.charCodeAt(text.length - 1);
      post({ type: kind, text });
    }
    const done = typeof enc === "function" ? enc : cb;
    if (typeof done === "function") (done as () => void)();
    return true;
  }) as typeof stream.write;
}
redirect(process.stdout, "out");
redirect(process.stderr, "err");

const { openSession, shutdownServers, shutdownNow } = await import("./session.js");
const { ReplEngine } = await import("./repl-engine.js");
const { interrupt } = await import("../runtime/eval.js");
const { LispSignal } = await import("../runtime/errors.js");
const { intern, obarray } = await import("../runtime/symbols.js");
const { NIL, UNBOUND } = await import("../runtime/types.js");
const { emacsExit } = await import("../runtime/builtins/emacs.js");

let session;
try {
  session = openSession(data.options);
} catch (e) {
  const { errorText } = await import("./session.js");
  process.stderr.write(`elnode: ${errorText(e)}\n`);
  process.exit(70);
}

const plain = data.plain;
function freshLine(): void {
  if (lastOut !== 10) process.stdout.write("\n");
}
const engine = new ReplEngine(
  session.lisp,
  {
    value: (text) => {
      freshLine();
      process.stdout.write(text + "\n");
    },
    error: (text) => {
      if (plain) process.stderr.write(text + "\n");
      else {
        freshLine();
        process.stdout.write(text + "\n");
      }
    },
    warning: (text) => process.stderr.write(text + "\n"),
    quit: () => {
      if (plain) process.stderr.write("Quit\n");
      else {
        freshLine();
        process.stdout.write("Quit\n");
      }
    },
  },
  plain ? "<stdin>" : "<input>",
);

const Qquit = intern("quit");
let current = 0;
const previousCheck = interrupt.check;
interrupt.check = () => {
  if (current !== 0) {
    if (Atomics.load(flags, 0) === current) {
      Atomics.store(flags, 0, 0);
      throw new LispSignal(Qquit, NIL);
    }
  } else if (Atomics.load(flags, 1) !== 0) {
    Atomics.store(flags, 1, 0);
    throw new LispSignal(Qquit, NIL);
  }
  if (previousCheck) previousCheck();
};

// kill-emacs ends the whole program, not just this thread.
emacsExit.exit = (code: number): never => {
  shutdownNow();
  post({ type: "exit", code });
  process.exit(code);
};

function completions(prefix: string): string[] {
  const out: string[] = [];
  for (const [name, sym] of obarray) {
    if (!name.startsWith(prefix)) continue;
    if (sym.fn === NIL && sym.value === UNBOUND && sym.plist === NIL) continue;
    out.push(name);
    if (out.length >= 2000) break;
  }
  return out.sort();
}

port.on("message", (m: MainToRepl) => {
  switch (m.type) {
    case "input": {
      current = m.id;
      let pending: boolean;
      try {
        pending = engine.feed(m.text, m.final);
      } finally {
        current = 0;
        Atomics.compareExchange(flags, 0, m.id, 0);
      }
      post({ type: "done", id: m.id, pending });
      break;
    }
    case "cancel":
      Atomics.store(flags, 1, 0);
      engine.cancel();
      break;
    case "complete":
      post({ type: "completions", id: m.id, names: completions(m.prefix) });
      break;
    case "shutdown":
      shutdownServers(m.graceMs).then(() => {
        post({ type: "exit", code: 0 });
        process.exit(0);
      });
      break;
  }
});

post({ type: "ready" });
