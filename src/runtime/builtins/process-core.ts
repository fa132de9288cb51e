// The part of process.c that works on anything process-like: child
// processes and the server's HTTP connections alike (see ProcessLike in
// types.ts). Kept small and generic so that the process module can build on it.
import { L, NIL, T, Sym, Cons, ProcessLike, bool, list } from "../types.js";
import { defsubr, defineArgType } from "../subr.js";
import { eql } from "../equal.js";
import { intern } from "../symbols.js";

defineArgType("process", "processp", (x) => x instanceof ProcessLike);

/** `plist-get` with `eq`, tolerant of a malformed tail. */
export function processGet(proc: ProcessLike, prop: L): L {
  for (let p = proc.plist; p instanceof Cons && p.cdr instanceof Cons; p = p.cdr.cdr) {
    if (p.car === prop || (typeof prop !== "object" && eql(p.car, prop))) return p.cdr.car;
  }
  return NIL;
}

/** `plist-put` on the process plist, as Emacs's process-put does. */
export function processPut(proc: ProcessLike, prop: L, value: L): L {
  for (let p = proc.plist; p instanceof Cons && p.cdr instanceof Cons; p = p.cdr.cdr) {
    if (p.car === prop || (typeof prop !== "object" && eql(p.car, prop))) {
      p.cdr.car = value;
      return proc.plist;
    }
  }
  // Appended at the end, as plist-put does.
  const cell = new Cons(prop, new Cons(value, NIL));
  if (!(proc.plist instanceof Cons)) {
    proc.plist = cell;
    return proc.plist;
  }
  let last: Cons = proc.plist;
  while (last.cdr instanceof Cons) last = last.cdr;
  last.cdr = cell;
  return proc.plist;
}

defsubr("processp", (x: L) => bool(x instanceof ProcessLike), { min: 1, max: 1 });
defsubr("process-get", (proc: ProcessLike, prop: L) => processGet(proc, prop), {
  min: 2, max: 2, types: ["process", null],
});
defsubr("process-put", (proc: ProcessLike, prop: L, value: L) => processPut(proc, prop, value), {
  min: 3, max: 3, types: ["process", null, null],
});
defsubr("process-plist", (proc: ProcessLike) => proc.plist, { min: 1, max: 1, types: ["process"] });
defsubr("set-process-plist", (proc: ProcessLike, plist: L) => (proc.plist = plist), {
  min: 2, max: 2, types: ["process", "list"],
});
/**
 * The `process-status' symbol of P. A process-like object may define
 * `lispStatus()' (child processes do: run, exit, signal ...); others are
 * network-like, `open' while live and `closed' after.
 */
export function processStatus(p: ProcessLike): Sym {
  const own = (p as { lispStatus?: () => Sym }).lispStatus;
  if (typeof own === "function") return own.call(p);
  return p.isLive() ? intern("open") : intern("closed");
}

const LIVE_STATUSES = list(intern("run"), intern("open"), intern("listen"), intern("connect"), intern("stop"));

// Emacs 28 answers nil, not an error, for a non-process; for a live process,
// the tail of (run open listen connect stop) from its status on (a memq).
defsubr("process-live-p", (proc: L) => {
  if (!(proc instanceof ProcessLike)) return NIL;
  const status = processStatus(proc);
  for (let l = LIVE_STATUSES; l instanceof Cons; l = l.cdr) if (l.car === status) return l;
  return NIL;
}, { min: 1, max: 1 });
defsubr("process-name", (proc: ProcessLike) => proc.processName, { min: 1, max: 1, types: ["process"] });
