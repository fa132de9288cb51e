// Messages between the REPL's terminal (main thread) and its Lisp session (worker).
import type { SessionOptions } from "./session.js";

export interface ReplWorkerData {
  /** SharedArrayBuffer of two Int32 slots: [input number to interrupt, interrupt at the prompt]. */
  flags: SharedArrayBuffer;
  /** Values only, no prompts (standard input or output is not a terminal). */
  plain: boolean;
  options: SessionOptions;
}

export type MainToRepl =
  | { type: "input"; id: number; text: string; final: boolean }
  | { type: "cancel" }
  | { type: "complete"; id: number; prefix: string }
  | { type: "shutdown"; graceMs: number };

export type ReplToMain =
  | { type: "ready" }
  | { type: "out"; text: string }
  | { type: "err"; text: string }
  | { type: "done"; id: number; pending: boolean }
  | { type: "completions"; id: number; names: string[] }
  | { type: "exit"; code: number };
