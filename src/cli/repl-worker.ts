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
//
// repl-worker-output comes first: it sends this thread's output to the main
// thread before any other module can write.
import { port, post, data, flags, freshLine } from "./repl-worker-output.js";
import type { MainToRepl } from "./repl-protocol.js";
import { openSession, shutdownServers, shutdownNow, errorText } from "./session.js";
import { ReplEngine } from "./repl-engine.js";
import { interrupt } from "../runtime/eval.js";
import { LispSignal } from "../runtime/errors.js";
import { intern, obarray } from "../runtime/symbols.js";
import { NIL, UNBOUND } from "../runtime/types.js";
import { emacsExit } from "../runtime/builtins/emacs.js";

let session;
try {
  session = openSession(data.options);
} catch (e) {
  process.stderr.write(`elnode: ${errorText(e)}\n`);
  process.exit(70);
}

const plain = data.plain;
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
