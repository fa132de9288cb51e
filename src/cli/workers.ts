// `elnode run --workers N`: node:cluster workers, each loading the files and
// sharing the listening ports (the primary accepts connections and hands
// them out round-robin; NODE_CLUSTER_SCHED_POLICY=none leaves that to the
// kernel).
//
// The primary runs no Lisp. It starts N workers (ELNODE_WORKER=1..N in
// their environment), replaces a worker that dies (a crash, a signal, an
// uncaught error) and logs it, and on Ctrl-C / SIGTERM asks every worker to
// drain (the worker then stops accepting, lets its responses in flight
// finish for at most 5 s, kills its child processes and exits 0); a second
// signal ends them at once. A worker that exits 0 by itself (nothing left
// to serve) is not replaced; the primary exits when no worker is left.
// Before any worker has started listening, a worker failing (a load error)
// stops them all and the primary exits with the worker's status.
//
// Each worker is a separate Lisp: its globals, hash tables, timers and
// process-put data are its own (see the README, "Running several instances").
import cluster, { type Worker } from "node:cluster";

function log(text: string): void {
  process.stderr.write(`elnode: ${text}\n`);
}

/**
 * Called for `run` before anything is loaded. In the primary, with more
 * than one worker, starts them and returns true (the caller does nothing
 * more). In a worker, installs the worker's side and returns false (the
 * caller loads and serves as usual). Otherwise returns false.
 */
export function startWorkers(count: number): boolean {
  if (cluster.isWorker) {
    setupWorker();
    return false;
  }
  if (count <= 1) return false;
  runPrimary(count);
  return true;
}

// ---------------------------------------------------------------------------
// The primary.

function runPrimary(count: number): void {
  let stopping = false;
  let anyListening = false;
  let nextNumber = 0;
  const numbers = new Map<Worker, number>();
  const listening = new Set<Worker>();
  let recentDeaths: number[] = [];

  const fork = (slot: number) => {
    const w = cluster.fork({ ELNODE_WORKER: String(slot) });
    numbers.set(w, slot);
    nextNumber = Math.max(nextNumber, slot);
    w.on("listening", () => {
      listening.add(w);
      anyListening = true;
    });
    // A worker that went away without saying goodbye must not take the primary down.
    w.on("error", () => {});
  };

  const live = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());

  cluster.on("exit", (w, code, signal) => {
    const slot = numbers.get(w) ?? 0;
    numbers.delete(w);
    const wasListening = listening.delete(w);
    const how = signal ? `killed by ${signal}` : `exited with status ${code}`;
    if (stopping) {
      // 0 after a signal; a load failure's status otherwise.
      if (live().length === 0) process.exit();
      return;
    }
    if (!signal && code === 0) {
      // Nothing left to serve in that worker: not a crash.
      if (live().length === 0) process.exit(0);
      return;
    }
    if (!wasListening && !anyListening) {
      // It failed while loading (its error is on standard error): the others would too.
      stopping = true;
      for (const other of live()) other.process.kill("SIGTERM");
      process.exitCode = code ?? 1;
      if (live().length === 0) process.exit();
      setTimeout(() => process.exit(), 5000).unref();
      return;
    }
    // A crash: replace the worker. Restarts in quick succession slow down (a crash loop must not spin).
    const now = Date.now();
    recentDeaths = recentDeaths.filter((t) => now - t < 10000);
    recentDeaths.push(now);
    const delay = recentDeaths.length <= 3 ? 0 : Math.min(5000, 250 * 2 ** (recentDeaths.length - 4));
    log(`worker ${slot} (pid ${w.process.pid}) ${how}; starting a new one${delay ? ` in ${delay} ms` : ""}`);
    setTimeout(() => {
      if (!stopping) fork(slot);
    }, delay);
  });

  const stopAll = (immediately: boolean) => {
    for (const w of live()) {
      try {
        w.send({ elnode: immediately ? "now" : "shutdown" });
      } catch {
        /* its channel is closed: it is going anyway */
      }
    }
  };
  let signals = 0;
  const onSignal = () => {
    signals++;
    if (signals === 1) {
      stopping = true;
      if (live().length === 0) process.exit(0);
      // Ctrl-C in a terminal reaches the workers too; give them a moment to hear it
      // themselves, then ask them all (a worker ignores the request when it already stops).
      setTimeout(() => stopAll(false), 300);
      // Responses get 5 s to finish; past that (and a margin), the workers are killed.
      setTimeout(() => {
        for (const w of live()) w.process.kill("SIGKILL");
        process.exit(0);
      }, 8000).unref();
    } else {
      stopAll(true);
      setTimeout(() => {
        for (const w of live()) w.process.kill("SIGKILL");
        process.exit(0);
      }, 1000).unref();
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  for (let i = 1; i <= count; i++) fork(i);
}

// ---------------------------------------------------------------------------
// A worker.

function setupWorker(): void {
  let signalled = false;
  const onSignal = (sig: NodeJS.Signals) => {
    signalled = true;
    // Still loading (the run command's own handler is not installed yet): stop now.
    if (process.listenerCount(sig) === 1) process.exit(0);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("message", (m: unknown) => {
    const what = (m as { elnode?: string } | null)?.elnode;
    if (what === "shutdown") {
      if (signalled) return;
      // The same path as a SIGTERM: stop accepting, drain, exit 0.
      process.emit("SIGTERM", "SIGTERM");
    } else if (what === "now") {
      // A second signal: the run command closes everything at once.
      if (!signalled) process.emit("SIGTERM", "SIGTERM");
      process.emit("SIGTERM", "SIGTERM");
    }
  });
}

/**
 * Called in a worker once the files are loaded. Connections reach a worker
 * through its channel to the primary, so the channel keeps the worker
 * running while it serves a port; without one, the channel alone does not:
 * like a single process, the worker exits when no server, process or timer
 * is left.
 */
export async function workerLoaded(): Promise<void> {
  if (!cluster.isWorker) return;
  const { servedPorts } = await import("../server/index.js");
  const check = () => {
    if (servedPorts().length > 0) process.channel?.ref();
    else process.channel?.unref();
  };
  check();
  setInterval(check, 1000).unref();
}
