// Output sinks (Emacs's "terminal" in batch mode: standard output for
// printing to t, standard error for `message`), and the registry through
// which other kinds of output streams (buffers, markers) plug into print.
import type { L } from "./types.js";

export type Sink = (text: string) => void;

const defaultStdout: Sink = (s) => {
  process.stdout.write(s);
};
const defaultStderr: Sink = (s) => {
  process.stderr.write(s);
};

let stdoutSink: Sink = defaultStdout;
let stderrSink: Sink = defaultStderr;

/** Where printing to `t` goes (standard output in batch mode). Returns the previous sink. */
export function setStdout(write: Sink | null): Sink {
  const old = stdoutSink;
  stdoutSink = write ?? defaultStdout;
  return old;
}

/** Where `message` and `external-debugging-output` go. Returns the previous sink. */
export function setStderr(write: Sink | null): Sink {
  const old = stderrSink;
  stderrSink = write ?? defaultStderr;
  return old;
}

/**
 * Batch-mode bookkeeping, as Emacs keeps it: anything written to standard
 * output makes the next `message` start with a newline on standard error;
 * `(terpri nil t)` looks at the last character written one at a time.
 */
export const terminal = {
  needNewline: false,
  lastChar: 10,
};

/**
 * Write TEXT to standard output. `trackLastChar` is false for output Emacs
 * writes as a block (princ of a string, numbers), which does not update the
 * character `(terpri nil t)` looks at.
 */
export function writeStdout(text: string, trackLastChar = true): void {
  if (text.length === 0) return;
  stdoutSink(text);
  terminal.needNewline = true;
  if (trackLastChar) terminal.lastChar = text.charCodeAt(text.length - 1);
}

export function writeStderr(text: string): void {
  if (text.length === 0) return;
  stderrSink(text);
}

/** What `message` does in batch mode: TEXT (or nothing, for nil) and a newline on standard error. */
export function messageToStderr(text: string | null): void {
  if (terminal.needNewline) {
    terminal.needNewline = false;
    stderrSink("\n");
  }
  stderrSink(text === null ? "\n" : text + "\n");
}

/**
 * Run FN with standard output and standard error captured. Sinks are restored
 * afterwards even when FN throws.
 */
export function captureOutput<T>(fn: () => T): { value: T; stdout: string; stderr: string } {
  let out = "";
  let err = "";
  const oldOut = setStdout((s) => {
    out += s;
  });
  const oldErr = setStderr((s) => {
    err += s;
  });
  const saved = { ...terminal };
  try {
    const value = fn();
    return { value, stdout: out, stderr: err };
  } finally {
    setStdout(oldOut);
    setStderr(oldErr);
    terminal.needNewline = saved.needNewline;
    terminal.lastChar = saved.lastChar;
  }
}

// ---------------------------------------------------------------------------
// Output streams other than t and functions: buffers and markers insert at
// point. Their owner registers them here.

export interface OutputStreamKind {
  /** Is X a stream of this kind? */
  test: (x: L) => boolean;
  /** Insert TEXT into the stream. */
  write: (stream: L, text: string) => void;
  /** Is the stream at the beginning of a line? (for `(terpri STREAM t)`; absent: never). */
  atLineStart?: (stream: L) => boolean;
}

const streamKinds: OutputStreamKind[] = [];

export function registerOutputStream(
  test: (x: L) => boolean,
  write: (stream: L, text: string) => void,
  atLineStart?: (stream: L) => boolean,
): void {
  streamKinds.push({ test, write, atLineStart });
}

/** The registered kind STREAM belongs to, if any. */
export function findOutputStream(stream: L): OutputStreamKind | undefined {
  for (const k of streamKinds) if (k.test(stream)) return k;
  return undefined;
}
