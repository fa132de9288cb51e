// Arithmetic, comparison and bitwise operations (data.c's arith_driver
// family) with Emacs's contagion rules: fixnum/bignum stay exact, any float
// makes the result float. Also number-to-string / string-to-number and random.
//
// Integers: a JS number while it is a safe integer, a bigint beyond. Emacs 28
// on 64-bit hosts has 62-bit fixnums (most-positive-fixnum = 2^61-1), so
// `fixnump` and `bignump` answer by value as Emacs would: a bigint within
// [-2^61, 2^61-1] is still a fixnum to Lisp. Integer results wider than
// `integer-width` bits signal overflow-error, as in Emacs.
//
// Hot operations also get compile-time inliners with a fixnum fast path.
import { L, NIL, T, Sym, Subr, LispFloat, bool, normInt, makeFloat, list } from "../types.js";
import { intern, defvar } from "../symbols.js";
import { signal, wrongType, argsOutOfRange } from "../errors.js";
import { funcall } from "../eval.js";
import { defsubr } from "../subr.js";
import { inliners, operand, specializedNode, OPERAND_NAMES } from "../compile/index.js";
import { floatRational, signBit } from "../printer.js";
import type { Node, FastPath } from "../compile/index.js";

// Markers count as numbers in Emacs arithmetic; the buffer module registers how to read them.
export const markerValue = { of: null as null | ((x: L) => number | null) };

export type Num = number | bigint | LispFloat;
export type Int = number | bigint;

export const MOST_POSITIVE_FIXNUM = (1n << 61n) - 1n;
export const MOST_NEGATIVE_FIXNUM = -(1n << 61n);
defvar("most-positive-fixnum", MOST_POSITIVE_FIXNUM, { constant: true });
defvar("most-negative-fixnum", MOST_NEGATIVE_FIXNUM, { constant: true });
const integerWidthSym = defvar("integer-width", 65536);
defvar("float-pi", makeFloat(Math.PI));
defvar("float-e", makeFloat(Math.E));

/** Is X an integer Emacs 28 would hold as a fixnum (62-bit)? */
export function isEmacsFixnum(x: L): boolean {
  if (typeof x === "number") return true;
  return typeof x === "bigint" && x >= MOST_NEGATIVE_FIXNUM && x <= MOST_POSITIVE_FIXNUM;
}

export function checkNumber(x: L, pred = "number-or-marker-p"): Num {
  if (typeof x === "number" || typeof x === "bigint" || x instanceof LispFloat) return x;
  if (markerValue.of) {
    const m = markerValue.of(x);
    if (m !== null) return m;
  }
  wrongType(pred, x);
}

export function checkInteger(x: L, pred = "integer-or-marker-p"): Int {
  if (typeof x === "number" || typeof x === "bigint") return x;
  if (markerValue.of && !(x instanceof LispFloat)) {
    const m = markerValue.of(x);
    if (m !== null) return m;
  }
  wrongType(pred, x);
}

export function toFloat(x: Num): number {
  return x instanceof LispFloat ? x.value : Number(x);
}

export function toBig(x: Int): bigint {
  return typeof x === "bigint" ? x : BigInt(x);
}

/** A bigint result, checked against integer-width and normalised. */
export function bigResult(b: bigint): Int {
  if (b >= -9007199254740991n && b <= 9007199254740991n) return Number(b);
  checkWidth(b);
  return b;
}

let widthLimitFor = -1;
let widthLimit = 0n;
function checkWidth(b: bigint): void {
  const width = integerWidthSym.value;
  const bits = typeof width === "number" && width >= 0 ? width : 65536;
  if (bits !== widthLimitFor) {
    widthLimitFor = bits;
    widthLimit = 1n << BigInt(bits);
  }
  // Bigint comparison is cheap; only results near the limit need counting bits.
  if (b < widthLimit && b >= -widthLimit) return;
  if (bitLength(b) > bits) signal("overflow-error", NIL);
}

/** Bits of B, not counting the sign (Emacs's integer-length). */
export function bitLength(b: bigint): number {
  if (b < 0n) b = -b - 1n;
  if (b === 0n) return 0;
  const hex = b.toString(16);
  const top = parseInt(hex[0], 16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(top));
}

const arithError = (): never => signal("arith-error", NIL);

const ADD = 0, SUB = 1, MUL = 2, DIV = 3;

function intOp(op: number, a: Int, b: Int): Int {
  if (typeof a === "number" && typeof b === "number") {
    let r: number;
    switch (op) {
      case ADD:
        r = a + b;
        break;
      case SUB:
        r = a - b;
        break;
      case MUL:
        r = a * b;
        break;
      default:
        if (b === 0) arithError();
        r = (a - (a % b)) / b;
        return r === 0 ? 0 : r;
    }
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
  }
  const x = toBig(a);
  const y = toBig(b);
  switch (op) {
    case ADD:
      return bigResult(x + y);
    case SUB:
      return bigResult(x - y);
    case MUL:
      return bigResult(x * y);
    default:
      if (y === 0n) arithError();
      return bigResult(x / y);
  }
}

function floatOp(op: number, a: number, b: number): number {
  switch (op) {
    case ADD:
      return a + b;
    case SUB:
      return a - b;
    case MUL:
      return a * b;
    default:
      return a / b;
  }
}

/** Fold OP over ARGS: exact until a float appears (for `/`, float throughout if any argument is a float). */
function arith(op: number, args: L[]): L {
  const n = args.length;
  let acc: Num = checkNumber(args[0]);
  if (op === DIV) {
    let anyFloat = false;
    for (let i = 0; i < n; i++) if (args[i] instanceof LispFloat) anyFloat = true;
    if (anyFloat) {
      let f = toFloat(acc);
      for (let i = 1; i < n; i++) f = f / toFloat(checkNumber(args[i]));
      return makeFloat(f);
    }
  }
  for (let i = 1; i < n; i++) {
    const b = checkNumber(args[i]);
    if (acc instanceof LispFloat || b instanceof LispFloat) acc = makeFloat(floatOp(op, toFloat(acc), toFloat(b)));
    else acc = intOp(op, acc, b);
  }
  return acc;
}

export function add(a: L, b: L): L {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return arith(ADD, [a, b]);
}
export function sub(a: L, b: L): L {
  return arith(SUB, [a, b]);
}
export function mul(a: L, b: L): L {
  return arith(MUL, [a, b]);
}

defsubr("+", (args: L[]) => (args.length === 0 ? 0 : arith(ADD, args)), { max: "many" });
defsubr("*", (args: L[]) => (args.length === 0 ? 1 : arith(MUL, args)), { max: "many" });
defsubr("-", (args: L[]) => {
  if (args.length === 0) return 0;
  if (args.length === 1) {
    const x = checkNumber(args[0]);
    if (x instanceof LispFloat) return makeFloat(-x.value);
    return arith(SUB, [0, x]);
  }
  return arith(SUB, args);
}, { max: "many" });
defsubr("/", (args: L[]) => {
  if (args.length === 1) {
    const x = checkNumber(args[0]);
    if (x instanceof LispFloat) return makeFloat(1 / x.value);
    return arith(DIV, [1, x]);
  }
  return arith(DIV, args);
}, { min: 1, max: "many" });

defsubr("1+", (x: L) => (typeof x === "number" && x < 9007199254740991 ? x + 1 : arith(ADD, [x, 1])));
defsubr("1-", (x: L) => (typeof x === "number" && x > -9007199254740991 ? x - 1 : arith(SUB, [x, 1])));

defsubr("%", (a: L, b: L) => {
  const x = checkInteger(a);
  const y = checkInteger(b);
  if (typeof x === "number" && typeof y === "number") {
    if (y === 0) arithError();
    const r = x % y;
    return r === 0 ? 0 : r;
  }
  const by = toBig(y);
  if (by === 0n) arithError();
  return normInt(toBig(x) % by);
});

/** `mod`: the result has the sign of the divisor. */
export function lispMod(a: L, b: L): L {
  const x = checkNumber(a);
  const y = checkNumber(b);
  if (x instanceof LispFloat || y instanceof LispFloat) {
    const f2 = toFloat(y);
    let f1 = toFloat(x) % f2;
    if (f2 < 0 ? f1 > 0 : f1 < 0) f1 += f2;
    return makeFloat(f1);
  }
  if (typeof x === "number" && typeof y === "number") {
    if (y === 0) arithError();
    let r = x % y;
    if (r !== 0 && r < 0 !== y < 0) r += y;
    return r === 0 ? 0 : r;
  }
  const bx = toBig(x);
  const by = toBig(y);
  if (by === 0n) arithError();
  let r = bx % by;
  if (r !== 0n && r < 0n !== by < 0n) r += by;
  return normInt(r);
}
defsubr("mod", lispMod);

// ---------------------------------------------------------------------------
// Comparison

/** Compare two numbers: negative, zero, positive, or NaN when unordered. Exact across int/float. */
export function compareNumbers(a: Num, b: Num): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof LispFloat || b instanceof LispFloat) {
    const x = toFloat(a);
    const y = toFloat(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
    // A bignum against a float: compare exactly when the float is finite.
    if ((typeof a === "bigint" || typeof b === "bigint") && Number.isFinite(x) && Number.isFinite(y)) {
      return compareExact(a, b);
    }
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = toBig(a as Int);
  const y = toBig(b as Int);
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareExact(a: Num, b: Num): number {
  // Scale both to integers: a float f is m * 2^e exactly.
  const ra = toRational(a);
  const rb = toRational(b);
  const e = Math.min(ra.exp, rb.exp);
  const x = ra.num << BigInt(ra.exp - e);
  const y = rb.num << BigInt(rb.exp - e);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** X as num * 2^exp exactly (X finite). */
export function toRational(x: Num): { num: bigint; exp: number } {
  if (!(x instanceof LispFloat)) return { num: toBig(x), exp: 0 };
  return floatRational(x.value);
}

// A double's bits are read in one place, the printer (which this module's users also reach through here).
export { floatRational, signBit };

function comparator(name: string, test: (c: number) => boolean) {
  defsubr(name, (args: L[]) => {
    const n = args.length;
    // A single argument is not even type-checked, as in Emacs.
    if (n === 1) return T;
    let prev = checkNumber(args[0]);
    let result: L = T;
    for (let i = 1; i < n; i++) {
      const cur = checkNumber(args[i]);
      if (result === T && !test(compareNumbers(prev, cur))) result = NIL;
      prev = cur;
    }
    return result;
  }, { min: 1, max: "many" });
}
comparator("=", (c) => c === 0);
comparator("<", (c) => c < 0);
comparator(">", (c) => c > 0);
comparator("<=", (c) => c <= 0);
comparator(">=", (c) => c >= 0);
defsubr("/=", (a: L, b: L) => bool(compareNumbers(checkNumber(a), checkNumber(b)) !== 0));

function minmax(args: L[], wantGreater: boolean): L {
  let accum = checkNumber(args[0]);
  for (let i = 1; i < args.length; i++) {
    const v = checkNumber(args[i]);
    const c = compareNumbers(v, accum);
    if (wantGreater ? c > 0 : c < 0) accum = v;
    else if (v instanceof LispFloat && Number.isNaN(v.value)) return v;
  }
  return accum;
}
defsubr("max", (args: L[]) => minmax(args, true), { min: 1, max: "many" });
defsubr("min", (args: L[]) => minmax(args, false), { min: 1, max: "many" });

defsubr("zerop", (x: L) => {
  const n = checkNumber(x);
  return bool(n instanceof LispFloat ? n.value === 0 : n === 0);
});

// ---------------------------------------------------------------------------
// Bitwise operations

function logop(args: L[], op: "and" | "or" | "xor"): L {
  let allSmall = true;
  for (let i = 0; i < args.length; i++) {
    const x = checkInteger(args[i]);
    if (x !== args[i]) args = args.map((a) => checkInteger(a));
    if (typeof x !== "number" || x < -0x80000000 || x > 0x7fffffff) allSmall = false;
  }
  if (allSmall) {
    let acc = op === "and" ? -1 : 0;
    for (let i = 0; i < args.length; i++) {
      const x = args[i] as number;
      acc = op === "and" ? acc & x : op === "or" ? acc | x : acc ^ x;
    }
    return acc;
  }
  let acc = op === "and" ? -1n : 0n;
  for (let i = 0; i < args.length; i++) {
    const x = toBig(checkInteger(args[i]));
    acc = op === "and" ? acc & x : op === "or" ? acc | x : acc ^ x;
  }
  return normInt(acc);
}
defsubr("logand", (args: L[]) => logop(args, "and"), { max: "many" });
defsubr("logior", (args: L[]) => logop(args, "or"), { max: "many" });
defsubr("logxor", (args: L[]) => logop(args, "xor"), { max: "many" });
defsubr("lognot", (x: L) => {
  if (typeof x === "number") return -x - 1;
  if (typeof x === "bigint") return normInt(-x - 1n);
  wrongType("integerp", x);
});

export function ash(value: L, count: L): L {
  if (typeof value !== "number" && typeof value !== "bigint") wrongType("integerp", value);
  if (typeof count !== "number" && typeof count !== "bigint") wrongType("integerp", count);
  if (typeof count === "bigint") {
    if (count < 0n) return (typeof value === "number" ? value < 0 : value < 0n) ? -1 : 0;
    if (value === 0 || value === 0n) return 0;
    signal("overflow-error", NIL);
  }
  if (count === 0) return value;
  if (typeof value === "number") {
    if (count < 0) {
      if (count < -1100) return value < 0 ? -1 : 0;
      return Math.floor(value / 2 ** -count) || 0;
    }
    if (count < 53) {
      const r = value * 2 ** count;
      if (Number.isSafeInteger(r)) return r;
    }
  }
  const b = toBig(value);
  if (count < 0) return normInt(b >> BigInt(-count));
  if (b === 0n) return 0;
  if (count > 70000) signal("overflow-error", NIL);
  return bigResult(b << BigInt(count));
}
defsubr("ash", ash);

defsubr("lsh", (value: L, count: L) => {
  if (typeof value !== "number" && typeof value !== "bigint") wrongType("integerp", value);
  if (typeof count !== "number" && typeof count !== "bigint") wrongType("integerp", count);
  // Emacs 28 (subr.el): a negative fixnum shifted right is treated as unsigned.
  if ((typeof value === "number" ? value < 0 : value < 0n) && (typeof count === "number" ? count < 0 : count < 0n)) {
    if (toBig(value) < MOST_NEGATIVE_FIXNUM) argsOutOfRange(value, count);
    value = normInt((toBig(value) >> 1n) & MOST_POSITIVE_FIXNUM);
    count = typeof count === "number" ? count + 1 : count + 1n;
  }
  return ash(value, count);
});

defsubr("logcount", (x: L) => {
  if (typeof x !== "number" && typeof x !== "bigint") wrongType("integerp", x);
  let b = toBig(x);
  if (b < 0n) b = -b - 1n;
  let n = 0;
  for (const ch of b.toString(2)) if (ch === "1") n++;
  return n;
});

// ---------------------------------------------------------------------------
// Numbers and strings

/** A float as Emacs prints it: the shortest of %.15g..%.17g that reads back, always with a `.` or exponent. */
export function formatFloat(v: number): string {
  if (Number.isNaN(v)) return signBit(v) ? "-0.0e+NaN" : "0.0e+NaN";
  if (v === Infinity) return "1.0e+INF";
  if (v === -Infinity) return "-1.0e+INF";
  if (v === 0) return signBit(v) ? "-0.0" : "0.0";
  let s = "";
  // Like gnulib's dtoastr: from DBL_DIG digits (1 for subnormals) up to 17.
  for (let prec = Math.abs(v) < 2.2250738585072014e-308 ? 1 : 15; prec <= 17; prec++) {
    s = formatG(v, prec);
    if (Number(s) === v) break;
  }
  if (!/[.e]/.test(s)) s += ".0";
  return s;
}

/** C's %.{prec}g for a finite nonzero double. */
export function formatG(v: number, prec: number, alt = false): string {
  const e = v.toExponential(prec - 1);
  const ei = e.indexOf("e");
  const x = Number(e.slice(ei + 1));
  if (x < -4 || x >= prec) {
    let m = e.slice(0, ei);
    if (!alt && m.includes(".")) m = m.replace(/\.?0+$/, "");
    const ex = Math.abs(x);
    return m + "e" + (x < 0 ? "-" : "+") + (ex < 10 ? "0" + ex : String(ex));
  }
  let f = v.toFixed(prec - 1 - x);
  if (!alt && f.includes(".")) f = f.replace(/\.?0+$/, "");
  return f;
}

export function numberToString(n: Num): string {
  if (n instanceof LispFloat) return formatFloat(n.value);
  return String(n);
}

defsubr("number-to-string", (n: L) => {
  if (typeof n === "number" || typeof n === "bigint") return String(n);
  if (n instanceof LispFloat) return formatFloat(n.value);
  wrongType("numberp", n);
});

const DIGIT_VALUE = (c: number): number => {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  return 99;
};

/**
 * Parse the number at the start of S as the Lisp reader does (lread.c
 * string_to_number), ignoring trailing junk. Returns null when there are no digits.
 * With `whole`, the number must span the whole string (for the reader).
 */
export function parseNumber(s: string, base = 10, whole = false): Num | null {
  let i = 0;
  const n = s.length;
  let negative = false;
  if (s[i] === "+" || s[i] === "-") {
    negative = s[i] === "-";
    i++;
  }
  const leadStart = i;
  while (i < n && DIGIT_VALUE(s.charCodeAt(i)) < base) i++;
  const leadEnd = i;
  const leadInt = leadEnd > leadStart;
  let trailInt = false;
  let eExp = false;
  let special: number | null = null;
  let end = i;
  let dot = false;
  if (base === 10) {
    if (s[i] === ".") {
      dot = true;
      i++;
    }
    const trailStart = i;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    trailInt = i > trailStart;
    end = i;
    if (s[i] === "e" || s[i] === "E") {
      let j = i + 1;
      if (s[j] === "+" || s[j] === "-") j++;
      const expStart = j;
      while (j < n && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
      if (j > expStart) {
        eExp = true;
        end = j;
      } else if (s[j - 1] === "+" && s.startsWith("INF", j)) {
        eExp = true;
        special = Infinity;
        end = j + 3;
      } else if (s[j - 1] === "+" && s.startsWith("NaN", j)) {
        eExp = true;
        special = NaN;
        end = j + 3;
      }
    }
  }
  const floatSyntax = trailInt || (leadInt && eExp);
  if (!floatSyntax) {
    if (!leadInt) return null;
    // "1." is an integer.
    const intEnd = dot && !trailInt ? leadEnd + 1 : leadEnd;
    if (whole && intEnd !== n) return null;
    const digits = s.slice(leadStart, leadEnd);
    let v: Int;
    if (base === 10 && digits.length <= 15) v = Number(digits);
    else if (digits.length * Math.log2(base) < 52) v = parseInt(digits, base);
    else {
      let b = 0n;
      const bb = BigInt(base);
      for (const ch of digits) b = b * bb + BigInt(DIGIT_VALUE(ch.charCodeAt(0)));
      v = normInt(b);
    }
    if (negative) v = typeof v === "number" ? (v === 0 ? 0 : -v) : normInt(-v);
    return v;
  }
  if (whole && end !== n) return null;
  let value: number;
  if (special !== null) {
    // The mantissa is ignored apart from its sign, as in Emacs.
    value = special;
  } else {
    value = Number(s.slice(leadStart, end));
  }
  return makeFloat(negative ? -value : value);
}

defsubr("string-to-number", (s: L, base: L) => {
  if (typeof s !== "string") wrongType("stringp", s);
  let b = 10;
  if (base !== NIL) {
    if (typeof base !== "number") wrongType("fixnump", base);
    if (base < 2 || base > 16) argsOutOfRange(base);
    b = base;
  }
  let i = 0;
  while (s[i] === " " || s[i] === "\t") i++;
  return parseNumber(i ? s.slice(i) : s, b) ?? 0;
}, { min: 1, max: 2 });

// ---------------------------------------------------------------------------
// random: a seedable xoshiro128** generator, so (random "seed") repeats.

const rng = new Uint32Array(4);
function seedRandom(text: string | null): void {
  if (text === null) {
    for (let i = 0; i < 4; i++) rng[i] = (Math.random() * 0x100000000) >>> 0;
  } else {
    let h = 0x811c9dc5;
    for (let k = 0; k < 4; k++) {
      for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
      }
      h ^= k + 0x9e3779b9;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
      rng[k] = h;
    }
  }
  if ((rng[0] | rng[1] | rng[2] | rng[3]) === 0) rng[0] = 1;
}
seedRandom(null);

function next32(): number {
  const s = rng;
  const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
  const t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}
function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function randomBelow(limit: bigint): bigint {
  // Rejection sampling over enough random bits.
  const bits = limit.toString(2).length;
  for (;;) {
    let r = 0n;
    for (let got = 0; got < bits; got += 32) r = (r << 32n) | BigInt(next32());
    r &= (1n << BigInt(bits)) - 1n;
    if (r < limit) return r;
  }
}

defsubr("random", (limit: L) => {
  if (limit === T) seedRandom(null);
  else if (typeof limit === "string") seedRandom(limit);
  if (typeof limit === "number" && limit > 0) {
    if (limit <= 0x100000000) return Math.floor((next32() / 0x100000000) * limit);
    return normInt(randomBelow(BigInt(limit)));
  }
  if (typeof limit === "bigint" && limit > 0n) return normInt(randomBelow(limit));
  // Any fixnum.
  const r = randomBelow(1n << 62n) + MOST_NEGATIVE_FIXNUM;
  return normInt(r);
}, { min: 0, max: 1 });

// ---------------------------------------------------------------------------
// Inliners: while `+` etc. still hold these subrs, fixnum arguments never
// allocate an argument array.

// Each body sees the evaluated arguments by OPERAND_NAMES (`a`, `b` ... as
// many as the call has), and falls through to the generic call when they are
// not all fixnums or the result is not one.
const numericFastPaths = new Map<Sym, FastPath[]>(); // indexed by argument count
function inlineNumeric(name: string, arity: number, fixnumBody: string) {
  const sym = intern(name);
  const test = OPERAND_NAMES.slice(0, arity).map((x) => `typeof ${x} === "number"`).join(" && ");
  let byArity = numericFastPaths.get(sym);
  if (byArity === undefined) {
    const paths: FastPath[] = (byArity = []);
    numericFastPaths.set(sym, paths);
    inliners.set(sym, (args: Node[], original: Subr): Node | null => {
      const fast = paths[args.length];
      return fast ? specializedNode(fast, args.map(operand), sym, original, funcall) : null;
    });
  }
  byArity[arity] = { name: `arith ${name}/${arity}`, body: `if (${test}) { ${fixnumBody} }` };
}

/**
 * (OP a b ...) left to right, as Emacs's arith_driver does, while every
 * partial result is a safe integer (past that, the generic path makes a
 * bignum); never -0 (`+ 0` turns -0 into 0).
 */
function foldedFixnums(op: string, arity: number): string {
  let code = "";
  let acc = OPERAND_NAMES[0];
  for (let i = 1; i < arity; i++) {
    code += `const r${i} = ${acc} ${op} ${OPERAND_NAMES[i]}; if (!Number.isSafeInteger(r${i})) break fixnums; `;
    acc = `r${i}`;
  }
  return `fixnums: { ${code}return ${acc} + 0; }`;
}

for (const op of ["+", "-", "*"]) for (const arity of [2, 3, 4]) inlineNumeric(op, arity, foldedFixnums(op, arity));
inlineNumeric("%", 2, "if (b !== 0) return (a % b) + 0;");
inlineNumeric("<", 2, "return a < b ? T : NIL;");
inlineNumeric(">", 2, "return a > b ? T : NIL;");
inlineNumeric("<=", 2, "return a <= b ? T : NIL;");
inlineNumeric(">=", 2, "return a >= b ? T : NIL;");
inlineNumeric("=", 2, "return a === b ? T : NIL;");
inlineNumeric("/=", 2, "return a !== b ? T : NIL;");
inlineNumeric("1+", 1, "const r = a + 1; if (Number.isSafeInteger(r)) return r;");
inlineNumeric("1-", 1, "const r = a - 1; if (Number.isSafeInteger(r)) return r;");
inlineNumeric("-", 1, "return 0 - a;");
inlineNumeric("zerop", 1, "return a === 0 ? T : NIL;");

export { list, normInt };
