// data.c: type predicates, conses, symbols' names and plists, arrays.
import {
  L, NIL, T, Sym, Cons, Subr, Closure, LispFloat, LispObject, LispRecord, BoolVector, bool, list, makeSymbol,
  stringLength, charAt, charToUnitIndex, UNBOUND,
} from "../types.js";
import { intern, internSoft, Q } from "../symbols.js";
import { wrongType, argsOutOfRange, getProp, putProp, signal } from "../errors.js";
import { defsubr } from "../subr.js";
import { inliners } from "../compile/index.js";
import type { Node } from "../compile/index.js";
import { funcall } from "../eval.js";
import { LispHashTable } from "../hashtable.js";

export function car(x: L): L {
  if (x instanceof Cons) return x.car;
  if (x === NIL) return NIL;
  wrongType("listp", x);
}
export function cdr(x: L): L {
  if (x instanceof Cons) return x.cdr;
  if (x === NIL) return NIL;
  wrongType("listp", x);
}

defsubr("car", car);
defsubr("cdr", cdr);
defsubr("car-safe", (x: L) => (x instanceof Cons ? x.car : NIL));
defsubr("cdr-safe", (x: L) => (x instanceof Cons ? x.cdr : NIL));
defsubr("cons", (a: L, b: L) => new Cons(a, b));
defsubr("list", (args: L[]) => list(...args), { max: "many" });
defsubr("setcar", (c: Cons, v: L) => (c.car = v), { types: ["cons", null] });
defsubr("setcdr", (c: Cons, v: L) => (c.cdr = v), { types: ["cons", null] });
defsubr("eq", (a: L, b: L) => bool(a === b));
defsubr("null", (x: L) => bool(x === NIL));
defsubr("not", (x: L) => bool(x === NIL));
defsubr("consp", (x: L) => bool(x instanceof Cons));
defsubr("atom", (x: L) => bool(!(x instanceof Cons)));
defsubr("listp", (x: L) => bool(x === NIL || x instanceof Cons));
defsubr("nlistp", (x: L) => bool(!(x === NIL || x instanceof Cons)));
defsubr("symbolp", (x: L) => bool(x instanceof Sym));
defsubr("keywordp", (x: L) => bool(x instanceof Sym && x.interned && x.name.startsWith(":")));
defsubr("stringp", (x: L) => bool(typeof x === "string"));
defsubr("vectorp", (x: L) => bool(Array.isArray(x)));
defsubr("arrayp", (x: L) => bool(Array.isArray(x) || typeof x === "string" || x instanceof BoolVector));
defsubr("sequencep", (x: L) => bool(x === NIL || x instanceof Cons || Array.isArray(x) || typeof x === "string" || x instanceof BoolVector));
defsubr("numberp", (x: L) => bool(typeof x === "number" || typeof x === "bigint" || x instanceof LispFloat));
defsubr("integerp", (x: L) => bool(typeof x === "number" || typeof x === "bigint"));
defsubr("fixnump", (x: L) => bool(typeof x === "number"));
defsubr("bignump", (x: L) => bool(typeof x === "bigint"));
defsubr("natnump", (x: L) => bool((typeof x === "number" && x >= 0) || (typeof x === "bigint" && x >= 0n)));
defsubr("floatp", (x: L) => bool(x instanceof LispFloat));
defsubr("characterp", (x: L) => bool(typeof x === "number" && x >= 0 && x <= 0x3fffff), { min: 1, max: 2 });
defsubr("recordp", (x: L) => bool(x instanceof LispRecord));
defsubr("bool-vector-p", (x: L) => bool(x instanceof BoolVector));
defsubr("hash-table-p", (x: L) => bool(x instanceof LispHashTable));

defsubr("type-of", (x: L): L => {
  if (typeof x === "number" || typeof x === "bigint") return intern("integer");
  if (typeof x === "string") return intern("string");
  if (x instanceof Sym) return intern("symbol");
  if (x instanceof Cons) return intern("cons");
  if (x instanceof LispFloat) return intern("float");
  if (Array.isArray(x)) return intern("vector");
  if (x instanceof LispRecord) {
    const tag = x.slots[0];
    if (tag instanceof LispRecord && tag.slots.length > 1) return tag.slots[1];
    return tag;
  }
  if (x instanceof Closure) return intern("cons");
  if (x instanceof LispObject) return intern(x.typeName());
  return intern("unknown");
});

// Symbols.
defsubr("symbol-name", (s: Sym) => s.name, { types: ["symbol"] });
defsubr("intern", (name: string) => intern(name), { min: 1, max: 2, types: ["string"] });
defsubr("intern-soft", (name: L) => {
  if (name instanceof Sym) return name.interned && internSoft(name.name) === name ? name : NIL;
  if (typeof name !== "string") wrongType("stringp", name);
  return internSoft(name) ?? NIL;
}, { min: 1, max: 2 });
defsubr("make-symbol", (name: string) => makeSymbol(name), { types: ["string"] });
defsubr("symbol-plist", (s: Sym) => s.plist, { types: ["symbol"] });
defsubr("setplist", (s: Sym, pl: L) => (s.plist = pl), { types: ["symbol", null] });
defsubr("get", (s: Sym, prop: L) => getProp(s, prop as Sym), { types: ["symbol", null] });
defsubr("put", (s: Sym, prop: L, v: L) => putProp(s, prop as Sym, v), { types: ["symbol", null, null] });

// Arrays.
export function aref(arr: L, idx: L): L {
  if (typeof idx !== "number") wrongType("fixnump", idx);
  if (Array.isArray(arr)) {
    if (idx < 0 || idx >= arr.length) argsOutOfRange(arr, idx);
    return arr[idx];
  }
  if (typeof arr === "string") {
    if (idx < 0 || idx >= stringLength(arr)) argsOutOfRange(arr, idx);
    return charAt(arr, idx);
  }
  if (arr instanceof LispRecord) {
    if (idx < 0 || idx >= arr.slots.length) argsOutOfRange(arr, idx);
    return arr.slots[idx];
  }
  if (arr instanceof BoolVector) {
    if (idx < 0 || idx >= arr.bits.length) argsOutOfRange(arr, idx);
    return bool(arr.bits[idx]);
  }
  wrongType("arrayp", arr);
}
defsubr("aref", aref);
defsubr("aset", (arr: L, idx: L, v: L) => {
  if (typeof idx !== "number") wrongType("fixnump", idx);
  if (Array.isArray(arr)) {
    if (idx < 0 || idx >= arr.length) argsOutOfRange(arr, idx);
    return (arr[idx] = v);
  }
  if (arr instanceof LispRecord) {
    if (idx < 0 || idx >= arr.slots.length) argsOutOfRange(arr, idx);
    return (arr.slots[idx] = v);
  }
  if (arr instanceof BoolVector) {
    if (idx < 0 || idx >= arr.bits.length) argsOutOfRange(arr, idx);
    arr.bits[idx] = v !== NIL;
    return v;
  }
  if (typeof arr === "string") {
    // Strings are immutable JS strings here; mutation in place is not supported.
    signal("error", list("Strings are immutable in this implementation; aset on a string is not supported"));
  }
  wrongType("arrayp", arr);
});
defsubr("vector", (args: L[]) => args.slice(), { max: "many" });
defsubr("record", (args: L[]) => new LispRecord(args.slice()), { min: 1, max: "many" });
defsubr("make-record", (type: L, n: number, init: L) => new LispRecord([type, ...new Array(n).fill(init)]), { types: [null, "natnum", null] });

// Inliners for the hottest list primitives.
function inline1(name: string, fast: (x: L) => L) {
  const sym = intern(name);
  inliners.set(sym, (args: Node[], original: Subr) => {
    if (args.length !== 1) return null;
    const [a] = args;
    return (f) => {
      const x = a(f);
      if (sym.fn === original) return fast(x);
      return funcall(sym, [x]);
    };
  });
}
inline1("car", car);
inline1("cdr", cdr);
inline1("null", (x) => (x === NIL ? T : NIL));
inline1("not", (x) => (x === NIL ? T : NIL));
inline1("consp", (x) => (x instanceof Cons ? T : NIL));
{
  const sym = intern("eq");
  inliners.set(sym, (args: Node[], original: Subr) => {
    if (args.length !== 2) return null;
    const [a, b] = args;
    return (f) => {
      const x = a(f);
      const y = b(f);
      if (sym.fn === original) return x === y ? T : NIL;
      return funcall(sym, [x, y]);
    };
  });
}
{
  const sym = intern("cons");
  inliners.set(sym, (args: Node[], original: Subr) => {
    if (args.length !== 2) return null;
    const [a, b] = args;
    return (f) => {
      const x = a(f);
      const y = b(f);
      if (sym.fn === original) return new Cons(x, y);
      return funcall(sym, [x, y]);
    };
  });
}

export { Q, UNBOUND, charToUnitIndex };
