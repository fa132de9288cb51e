// eq / eql / equal with Emacs's meaning (fns.c internal_equal).
import { Cons, L, LispFloat, LispRecord, BoolVector, LispObject } from "./types.js";

export function eq(a: L, b: L): boolean {
  // Fixnums are immediate in Emacs: equal values are eq. Bignums are not, but
  // comparing them by value is what every caller means.
  return a === b;
}

/** eql: eq, plus numbers of the same type and value (floats bitwise: 0.0 and -0.0 differ, NaNs are eql). */
export function eql(a: L, b: L): boolean {
  if (a === b) return true;
  if (a instanceof LispFloat && b instanceof LispFloat) return Object.is(a.value, b.value);
  return false;
}

/** Objects that compare structurally under `equal` beyond the built-in kinds. */
export interface EqualComparable {
  lispEqual(other: unknown, recur: (a: L, b: L) => boolean): boolean;
}

export function equal(a: L, b: L, depth = 0): boolean {
  for (;;) {
    if (a === b) return true;
    if (depth > 10000) return false;
    if (a instanceof Cons) {
      if (!(b instanceof Cons)) return false;
      if (!equal(a.car, b.car, depth + 1)) return false;
      a = a.cdr;
      b = b.cdr;
      depth++;
      continue;
    }
    if (a instanceof LispFloat) return b instanceof LispFloat && Object.is(a.value, b.value);
    if (typeof a === "string") return false; // strings equal by content were caught by ===
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i], depth + 1)) return false;
      return true;
    }
    if (a instanceof LispRecord) {
      if (!(b instanceof LispRecord) || a.slots.length !== b.slots.length) return false;
      for (let i = 0; i < a.slots.length; i++) if (!equal(a.slots[i], b.slots[i], depth + 1)) return false;
      return true;
    }
    if (a instanceof BoolVector) {
      if (!(b instanceof BoolVector)) return false;
      const bb = b.bits;
      return a.bits.length === bb.length && a.bits.every((x, i) => x === bb[i]);
    }
    if (a instanceof LispObject && typeof (a as unknown as EqualComparable).lispEqual === "function") {
      return (a as unknown as EqualComparable).lispEqual(b, (x, y) => equal(x, y, depth + 1));
    }
    return false;
  }
}
