// alloc.c: constructors (make-list, make-vector, make-string, bool vectors)
// and the memory-management entry points Lisp code calls.
import { L, NIL, T, Cons, BoolVector, bool, list, makeFloat } from "../types.js";
import { wrongType, signal } from "../errors.js";
import { defsubr } from "../subr.js";
import { defvar, intern } from "../symbols.js";
import { checkChar, charString } from "./character.js";

/** A fixnum count >= 0, else (wrong-type-argument wholenump X). */
export function checkNatnum(x: L): number {
  if (typeof x === "number" && x >= 0) return x;
  if (typeof x === "bigint" && x >= 0n) wrongType("fixnump", x);
  wrongType("wholenump", x);
}

// Sizes past these would exhaust the JS heap (a crash, not a Lisp error).
const MAX_ALLOC = 1 << 26;
export const MAX_LIST = 1 << 24;
function checkSize(n: number, max = MAX_ALLOC): number {
  // Far beyond any sane allocation: Emacs would fail with memory-full.
  if (n > max) signal("memory-full", NIL);
  return n;
}

defsubr("make-list", (n: L, init: L) => {
  const len = checkSize(checkNatnum(n), MAX_LIST);
  let r: L = NIL;
  for (let i = 0; i < len; i++) r = new Cons(init, r);
  return r;
});

defsubr("make-vector", (n: L, init: L) => new Array<L>(checkSize(checkNatnum(n))).fill(init));

defsubr("make-string", (n: L, init: L) => {
  const len = checkNatnum(n);
  const ch = charString(checkChar(init));
  // JS strings stop at 2^29 - 24 UTF-16 units.
  if (len * ch.length > (1 << 29) - 24) signal("memory-full", NIL);
  return ch.repeat(len);
}, { min: 2, max: 3 });

defsubr("make-bool-vector", (n: L, init: L) => new BoolVector(new Array<boolean>(checkSize(checkNatnum(n))).fill(init !== NIL)));
defsubr("bool-vector", (args: L[]) => new BoolVector(args.map((a) => a !== NIL)), { max: "many" });

function checkBoolVector(x: L): BoolVector {
  if (x instanceof BoolVector) return x;
  wrongType("bool-vector-p", x);
}
defsubr("bool-vector-count-population", (v: L) => checkBoolVector(v).bits.filter((b) => b).length);
defsubr("bool-vector-count-consecutive", (v: L, b: L, i: L) => {
  const bits = checkBoolVector(v).bits;
  if (typeof i !== "number") wrongType("fixnump", i);
  const want = b !== NIL;
  let n = 0;
  for (let k = i; k < bits.length && bits[k] === want; k++) n++;
  return n;
});
defsubr("bool-vector-subsetp", (a: L, b: L) => {
  const x = checkBoolVector(a).bits;
  const y = checkBoolVector(b).bits;
  return bool(x.every((bit, k) => !bit || y[k]));
});
defsubr("bool-vector-not", (a: L, b: L) => {
  const x = checkBoolVector(a).bits;
  const out = b instanceof BoolVector ? b : new BoolVector(new Array<boolean>(x.length));
  for (let k = 0; k < x.length; k++) out.bits[k] = !x[k];
  return out;
}, { min: 1, max: 2 });
for (const [name, op] of [
  ["bool-vector-union", (p: boolean, q: boolean) => p || q],
  ["bool-vector-intersection", (p: boolean, q: boolean) => p && q],
  ["bool-vector-exclusive-or", (p: boolean, q: boolean) => p !== q],
  ["bool-vector-set-difference", (p: boolean, q: boolean) => p && !q],
] as const) {
  defsubr(name, (a: L, b: L, c: L) => {
    const x = checkBoolVector(a).bits;
    const y = checkBoolVector(b).bits;
    const out = c instanceof BoolVector ? c : new BoolVector(new Array<boolean>(x.length));
    for (let k = 0; k < x.length; k++) out.bits[k] = op(x[k], !!y[k]);
    return out;
  }, { min: 2, max: 3 });
}

defsubr("purecopy", (x: L) => x);
const VgcsDone = defvar("gcs-done", 0);
// A full V8 collection when Node runs with --expose-gc (otherwise none can be
// asked for). The answer keeps only the `heap' entry of Emacs's list,
// (heap UNIT-SIZE TOTAL-SIZE FREE-SIZE), from the V8 heap in KB.
defsubr("garbage-collect", () => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) {
    collect();
    const n = VgcsDone.value;
    VgcsDone.value = typeof n === "number" ? n + 1 : 1;
  }
  const { heapTotal, heapUsed } = process.memoryUsage();
  return list(list(intern("heap"), 1024, Math.round(heapTotal / 1024), Math.round((heapTotal - heapUsed) / 1024)));
});
defsubr("memory-use-counts", () => list(0, 0, 0, 0, 0, 0, 0));
defvar("gc-cons-threshold", 800000);
defvar("gc-cons-percentage", makeFloat(0.1));
defvar("gc-elapsed", makeFloat(0));
defvar("purify-flag", NIL);
defvar("memory-full", NIL);

export { T };
