// data.c: type predicates, conses, symbols' names and plists, arrays.
import {
  L, NIL, T, Sym, Cons, Subr, Closure, LispFloat, LispObject, LispRecord, BoolVector, CharTable, bool, list, makeSymbol,
  stringLength, charAt, charToUnitIndex, UNBOUND,
} from "../types.js";
import { intern, internSoft, unintern, obarray as globalObarray, defvar, Q } from "../symbols.js";
import { wrongType, argsOutOfRange, getProp, putProp, signal } from "../errors.js";
import { defsubr } from "../subr.js";
import { inliners, operand, specializedNode, OPERAND_NAMES } from "../compile/index.js";
import type { Node, FastPath } from "../compile/index.js";
import { funcall } from "../eval.js";
import { LispHashTable } from "../hashtable.js";
import { isEmacsFixnum, markerValue } from "./arith.js";
import { strLength, strCharAt } from "./character.js";

function isMarker(x: L): boolean {
  return !(typeof x === "number" || typeof x === "bigint" || x instanceof LispFloat) && markerValue.of !== null && markerValue.of(x) !== null;
}

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
// Emacs 28 (64-bit) fixnums are 62-bit; ours are JS safe integers, with
// bigints beyond. These answer by value, as Emacs would.
defsubr("fixnump", (x: L) => bool(isEmacsFixnum(x)));
defsubr("bignump", (x: L) => bool(typeof x === "bigint" && !isEmacsFixnum(x)));
defsubr("wholenump", (x: L) => bool((typeof x === "number" && x >= 0) || (typeof x === "bigint" && x >= 0n)));
defsubr("integer-or-marker-p", (x: L) => bool(typeof x === "number" || typeof x === "bigint" || isMarker(x)));
defsubr("number-or-marker-p", (x: L) => bool(typeof x === "number" || typeof x === "bigint" || x instanceof LispFloat || isMarker(x)));
defsubr("booleanp", (x: L) => bool(x === NIL || x === T));
defsubr("byte-code-function-p", (_x: L) => NIL);
defsubr("char-table-p", (x: L) => bool(x instanceof CharTable));
defsubr("bare-symbol-p", (x: L) => bool(x instanceof Sym));
defsubr("natnump", (x: L) => bool((typeof x === "number" && x >= 0) || (typeof x === "bigint" && x >= 0n)));
defsubr("floatp", (x: L) => bool(x instanceof LispFloat));
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

// Symbols and obarrays. The `obarray` variable holds a vector standing for
// the one global obarray (symbols.ts); any other vector used as an obarray
// (e.g. from `obarray-make` or `(make-vector N 0)`) gets its own table.
const OBARRAY_VECTOR: L[] = new Array<L>(15121).fill(0);
const obarrayTables = new WeakMap<L[], Map<string, Sym>>([[OBARRAY_VECTOR, globalObarray]]);
defvar("obarray", OBARRAY_VECTOR);

/** The symbol table for OB (nil or omitted: the value of `obarray`). */
export function obarrayTable(ob: L): Map<string, Sym> {
  if (ob === NIL) ob = intern("obarray").value as L;
  if (!Array.isArray(ob) || ob.length === 0) wrongType("vectorp", ob);
  let t = obarrayTables.get(ob);
  if (!t) {
    t = new Map();
    obarrayTables.set(ob, t);
  }
  return t;
}

defsubr("symbol-name", (s: L) => {
  if (s instanceof Sym) return s.name;
  wrongType("symbolp", s);
});
defsubr("intern", (name: L, ob: L) => {
  if (typeof name !== "string") wrongType("stringp", name);
  if (ob === NIL) return intern(name);
  const t = obarrayTable(ob);
  if (t === globalObarray) return intern(name);
  let sym = t.get(name);
  if (!sym) {
    sym = makeSymbol(name);
    t.set(name, sym);
  }
  return sym;
}, { min: 1, max: 2 });
defsubr("intern-soft", (name: L, ob: L) => {
  const t = obarrayTable(ob);
  if (name instanceof Sym) return t.get(name.name) === name ? name : NIL;
  if (typeof name !== "string") wrongType("stringp", name);
  return t.get(name) ?? NIL;
}, { min: 1, max: 2 });
defsubr("unintern", (name: L, ob: L) => {
  const t = obarrayTable(ob);
  let key: string;
  if (name instanceof Sym) {
    if (t.get(name.name) !== name) return NIL;
    key = name.name;
  } else if (typeof name === "string") key = name;
  else wrongType("stringp", name);
  if (!t.has(key)) return NIL;
  if (t === globalObarray) return bool(unintern(key));
  t.delete(key);
  return T;
}, { min: 1, max: 2 });
defsubr("mapatoms", (fn: L, ob: L) => {
  const t = obarrayTable(ob);
  for (const sym of [...t.values()]) funcall(fn, [sym]);
  return NIL;
}, { min: 1, max: 2 });
defsubr("obarray-make", (size: L) => {
  if (size !== NIL && !(typeof size === "number" && size >= 0)) wrongType("wholenump", size);
  return new Array<L>(typeof size === "number" && size > 0 ? size : 1511).fill(0);
}, { min: 0, max: 1 });
defsubr("obarrayp", (x: L) => bool(Array.isArray(x) && x.length > 0 && (obarrayTables.has(x) || x.every((e) => e === 0 || e instanceof Sym))));
defsubr("make-symbol", (name: L) => {
  if (typeof name !== "string") wrongType("stringp", name);
  return makeSymbol(name);
});
const gensymCounter = defvar("gensym-counter", 0);
defsubr("gensym", (prefix: L) => {
  const n = gensymCounter.value as L;
  gensymCounter.value = typeof n === "number" ? n + 1 : 1;
  let p: string;
  if (prefix === NIL) p = "g";
  else if (typeof prefix === "string") p = prefix;
  else if (prefix instanceof Sym) p = prefix.name;
  else if (typeof prefix === "number" || typeof prefix === "bigint") p = String(prefix);
  else p = String(prefix);
  return makeSymbol(p + String(n));
}, { min: 0, max: 1 });
defsubr("symbol-plist", (s: L) => {
  if (s instanceof Sym) return s.plist;
  wrongType("symbolp", s);
});
defsubr("setplist", (s: L, pl: L) => {
  if (!(s instanceof Sym)) wrongType("symbolp", s);
  return (s.plist = pl);
});

// Arrays.
export function aref(arr: L, idx: L): L {
  if (typeof idx !== "number") wrongType("fixnump", idx);
  if (Array.isArray(arr)) {
    if (idx < 0 || idx >= arr.length) argsOutOfRange(arr, idx);
    return arr[idx];
  }
  if (typeof arr === "string") {
    if (idx < 0 || idx >= strLength(arr)) argsOutOfRange(arr, idx);
    return strCharAt(arr, idx);
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

// Inliners for the hottest primitives: while the symbol still holds the
// original subr, the call skips the generic call path. Each gets code of its
// own (specialize.ts), so the call to FAST is monomorphic and V8 inlines it.
export function inline1(name: string, fast: (x: L) => L): void {
  inlineFixedArity(name, 1, fast);
}
export function inline2(name: string, fast: (x: L, y: L) => L): void {
  inlineFixedArity(name, 2, fast);
}
function inlineFixedArity(name: string, arity: number, fn: Function): void {
  const sym = intern(name);
  const path: FastPath = { name: `primitive ${name}`, body: `return fn(${OPERAND_NAMES.slice(0, arity).join(", ")});`, env: { fn } };
  inliners.set(sym, (args: Node[], original: Subr) =>
    args.length === arity ? specializedNode(path, args.map(operand), sym, original, funcall) : null,
  );
}
inline1("car", car);
inline1("cdr", cdr);
inline1("car-safe", (x) => (x instanceof Cons ? x.car : NIL));
inline1("cdr-safe", (x) => (x instanceof Cons ? x.cdr : NIL));
inline1("null", (x) => (x === NIL ? T : NIL));
inline1("not", (x) => (x === NIL ? T : NIL));
inline1("consp", (x) => (x instanceof Cons ? T : NIL));
inline1("atom", (x) => (x instanceof Cons ? NIL : T));
inline1("listp", (x) => (x === NIL || x instanceof Cons ? T : NIL));
inline1("symbolp", (x) => (x instanceof Sym ? T : NIL));
inline1("stringp", (x) => (typeof x === "string" ? T : NIL));
inline1("integerp", (x) => (typeof x === "number" || typeof x === "bigint" ? T : NIL));
inline2("eq", (x, y) => (x === y ? T : NIL));
inline2("cons", (x, y) => new Cons(x, y));
inline2("aref", aref);

export { Q, UNBOUND, charToUnitIndex };
