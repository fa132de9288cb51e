// The part of process.c that works on anything process-like: child
// processes and the server's HTTP connections alike (see ProcessLike in
// types.ts). Kept small and generic so that the process module can build on it.
import { L, NIL, T, Cons, ProcessLike, bool } from "../types.js";
import { defsubr, defineArgType } from "../subr.js";
import { eql } from "../equal.js";

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
// Emacs 28 answers nil, not an error, for a non-process.
defsubr("process-live-p", (proc: L) => (proc instanceof ProcessLike && proc.isLive() ? T : NIL), {
  min: 1, max: 1,
});
defsubr("process-name", (proc: ProcessLike) => proc.processName, { min: 1, max: 1, types: ["process"] });
