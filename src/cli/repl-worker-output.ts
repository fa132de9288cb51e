// The REPL worker's output and its channel to the main thread. Imported
// first by repl-worker.ts, so that everything the thread writes, from the
// first module loaded on, goes through the message port and arrives in order
// with the values (the main thread redraws its prompt around it).
import { parentPort, workerData } from "node:worker_threads";
import type { ReplToMain, ReplWorkerData } from "./repl-protocol.js";

export const port = parentPort!;
export const data = workerData as ReplWorkerData;
export const flags = new Int32Array(data.flags);

export function post(m: ReplToMain): void {
  port.postMessage(m);
}

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

/** Start a new line unless the last output ended one. */
export function freshLine(): void {
  if (lastOut !== 10) process.stdout.write("\n");
}
