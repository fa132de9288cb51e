// Helpers the runtime tests share.
import { L, Sym, UNBOUND, NIL } from "../../src/runtime/types.js";
import { intern } from "../../src/runtime/symbols.js";
import { LispSignal } from "../../src/runtime/errors.js";
import { prin1ToString } from "../../src/runtime/printer.js";
import { setStderr } from "../../src/runtime/output.js";
import type { Lisp } from "../../src/index.js";

/** Bind variables for the duration of FN, as `let` would. */
export function withVars<R>(vars: Record<string, L>, fn: () => R): R {
  const saved: [Sym, L | typeof UNBOUND][] = [];
  for (const [k, v] of Object.entries(vars)) {
    const sym = intern(k);
    saved.push([sym, sym.value as L]);
    sym.value = v;
  }
  try {
    return fn();
  } finally {
    for (const [sym, v] of saved) sym.value = v;
  }
}

/** The error FN signals, printed as condition-case binds it, (SYMBOL . DATA); "no signal" if none. */
export function signalOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof LispSignal) return prin1ToString(e.errorObject);
    throw e;
  }
  return "no signal";
}

/** What is written to standard error while FN runs (and, when it returns a promise, until that settles). */
export async function stderrOf(fn: () => unknown): Promise<string> {
  let err = "";
  const old = setStderr((s) => {
    err += s;
  });
  try {
    await fn();
  } finally {
    setStderr(old);
  }
  return err;
}

/**
 * How a test waits for Lisp run from the event loop (filters, sentinels, timers):
 * after define(lisp), Lisp's (test-done VALUE) resolves the oldest promise done() gave.
 */
export class Waiters {
  private pending: ((v: L) => void)[] = [];

  define(lisp: Lisp): void {
    lisp.defun("test-done", (v: L) => {
      const w = this.pending.shift();
      if (w) w(v);
      return NIL;
    }, { min: 1, max: 1 });
  }

  done(): Promise<L> {
    return new Promise((resolve) => this.pending.push(resolve));
  }

  clear(): void {
    this.pending = [];
  }
}
