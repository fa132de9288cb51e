// floatfns.c: transcendental functions, float conversion, and the rounding
// family (floor ceiling round truncate, with exact division as in Emacs 27+).
import { L, NIL, Cons, LispFloat, makeFloat, normInt, bool } from "../types.js";
import { signal, wrongType } from "../errors.js";
import { defsubr } from "../subr.js";
import {
  Int, Num, toBig, bigResult, bitLength, floatRational, signBit, toFloat,
} from "./arith.js";

/** extract_float: any number as a double, else (wrong-type-argument numberp X). */
export function extractFloat(x: L): number {
  if (typeof x === "number") return x;
  if (x instanceof LispFloat) return x.value;
  if (typeof x === "bigint") return Number(x);
  wrongType("numberp", x);
}

function checkFloat(x: L): number {
  if (x instanceof LispFloat) return x.value;
  wrongType("floatp", x);
}

function checkNum(x: L): Num {
  if (typeof x === "number" || typeof x === "bigint" || x instanceof LispFloat) return x;
  wrongType("numberp", x);
}

function math1(name: string, f: (x: number) => number) {
  defsubr(name, (x: L) => makeFloat(f(extractFloat(x))));
}
math1("acos", Math.acos);
math1("asin", Math.asin);
math1("cos", Math.cos);
math1("sin", Math.sin);
math1("tan", Math.tan);
math1("exp", Math.exp);
math1("sqrt", Math.sqrt);

defsubr("atan", (y: L, x: L) => {
  const fy = extractFloat(y);
  if (x === NIL) return makeFloat(Math.atan(fy));
  return makeFloat(Math.atan2(fy, extractFloat(x)));
}, { min: 1, max: 2 });

defsubr("log", (arg: L, base: L) => {
  const d = extractFloat(arg);
  if (base === NIL) return makeFloat(Math.log(d));
  const b = extractFloat(base);
  if (b === 10) return makeFloat(Math.log10(d));
  if (b === 2) return makeFloat(Math.log2(d));
  return makeFloat(Math.log(d) / Math.log(b));
}, { min: 1, max: 2 });

/** C pow's special cases where JS's Math.pow answers NaN. */
function cpow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

defsubr("expt", (a: L, b: L) => {
  const x = checkNum(a);
  const y = checkNum(b);
  if (!(x instanceof LispFloat) && !(y instanceof LispFloat) && (typeof y === "number" ? y >= 0 : y >= 0n)) {
    return exptInteger(x, y);
  }
  return makeFloat(cpow(toFloat(x), toFloat(y)));
});

function exptInteger(x: Int, y: Int): Int {
  const bx = toBig(x);
  if (bx === 0n) return y === 0 || y === 0n ? 1 : 0;
  if (bx === 1n) return 1;
  if (bx === -1n) return toBig(y) % 2n === 0n ? 1 : -1;
  if (typeof y === "bigint") signal("overflow-error", NIL);
  if (typeof x === "number" && y < 64) {
    const r = x ** y;
    if (Number.isSafeInteger(r)) return r;
  }
  if ((bitLength(bx) - 1) * y > 70000) signal("overflow-error", NIL);
  return bigResult(bx ** BigInt(y));
}

defsubr("abs", (x: L) => {
  if (typeof x === "number") return x < 0 ? -x : x;
  if (typeof x === "bigint") return normInt(x < 0n ? -x : x);
  if (x instanceof LispFloat) return x.value < 0 || signBit(x.value) ? makeFloat(Math.abs(x.value)) : x;
  wrongType("numberp", x);
});

defsubr("float", (x: L) => {
  if (x instanceof LispFloat) return x;
  if (typeof x === "number" || typeof x === "bigint") return makeFloat(Number(x));
  wrongType("numberp", x);
});

defsubr("isnan", (x: L) => bool(Number.isNaN(checkFloat(x))));

defsubr("copysign", (a: L, b: L) => {
  const x = checkFloat(a);
  const y = checkFloat(b);
  const ax = Math.abs(x);
  return makeFloat(signBit(y) ? -ax : ax);
});

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** C frexp: [significand in [0.5, 1), exponent]. */
export function frexp(v: number): [number, number] {
  if (v === 0 || !Number.isFinite(v)) return [v, 0];
  f64[0] = v;
  let biased = (u32[1] >>> 20) & 0x7ff;
  let adjust = 0;
  if (biased === 0) {
    f64[0] = v * 2 ** 64;
    biased = (u32[1] >>> 20) & 0x7ff;
    adjust = -64;
  }
  const e = biased - 1022;
  // Set the exponent field to 1022 (value in [0.5, 1)).
  u32[1] = (u32[1] & 0x800fffff) | (1022 << 20);
  return [f64[0], e + adjust];
}

export function ldexp(x: number, e: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  while (e > 1023) {
    x *= 2 ** 1023;
    e -= 1023;
    if (!Number.isFinite(x)) return x;
  }
  if (e < -1022) {
    // Scale in two steps so that only the final multiplication rounds.
    const [m, me] = frexp(x);
    const total = me + e;
    if (total < -1075) return x < 0 ? -0 : 0;
    if (total >= -1021) return m * 2 ** total;
    return m * 2 ** (total + 60) * 2 ** -60;
  }
  return x * 2 ** e;
}

defsubr("frexp", (x: L) => {
  const [m, e] = frexp(extractFloat(x));
  return new Cons(makeFloat(m), e);
});

defsubr("ldexp", (m: L, e: L) => {
  const x = extractFloat(m);
  if (typeof e !== "number") wrongType("fixnump", e);
  return makeFloat(ldexp(x, e));
});

defsubr("logb", (x: L): L => {
  const n = checkNum(x);
  if (n instanceof LispFloat) {
    const f = n.value;
    if (f === 0) return makeFloat(-Infinity);
    if (!Number.isFinite(f)) return f < 0 ? makeFloat(-f) : n;
    return frexp(f)[1] - 1;
  }
  if (n === 0) return makeFloat(-Infinity);
  const b = toBig(n);
  return (b < 0n ? -b : b).toString(2).length - 1;
});

// ---------------------------------------------------------------------------
// Rounding

type Mode = 0 | 1 | 2 | 3; // floor ceiling truncate round
const FLOOR = 0, CEILING = 1, TRUNCATE = 2, ROUND = 3;

/** rint: round half to even, keeping the sign of zero. */
export function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const diff = x - f;
  let r: number;
  if (diff < 0.5) r = f;
  else if (diff > 0.5) r = f + 1;
  else r = f % 2 === 0 ? f : f + 1;
  if (r === 0 && (x < 0 || signBit(x))) return -0;
  return r;
}

function roundDouble(x: number, mode: Mode): number {
  switch (mode) {
    case FLOOR:
      return Math.floor(x);
    case CEILING:
      return Math.ceil(x);
    case TRUNCATE:
      return Math.trunc(x);
    default:
      return rint(x);
  }
}

/** double_to_integer: an integral double as a Lisp integer; non-finite values overflow. */
export function doubleToInteger(d: number): Int {
  if (!Number.isFinite(d)) signal("overflow-error", NIL);
  if (Number.isSafeInteger(d)) return d === 0 ? 0 : d;
  return BigInt(d);
}

function divideNumbers(n: number, d: number, mode: Mode): number {
  // Exact for safe integers: JS % is exact.
  const r = n % d;
  let q = (n - r) / d;
  if (r !== 0) {
    switch (mode) {
      case FLOOR:
        if (r < 0 !== d < 0) q -= 1;
        break;
      case CEILING:
        if (r < 0 === d < 0) q += 1;
        break;
      case ROUND: {
        const twice = 2 * Math.abs(r);
        const ad = Math.abs(d);
        if (twice > ad || (twice === ad && q % 2 !== 0)) q += r < 0 !== d < 0 ? -1 : 1;
        break;
      }
    }
  }
  return q === 0 ? 0 : q;
}

function divideBig(n: bigint, d: bigint, mode: Mode): bigint {
  let q = n / d;
  const r = n % d;
  if (r !== 0n) {
    switch (mode) {
      case FLOOR:
        if (r < 0n !== d < 0n) q -= 1n;
        break;
      case CEILING:
        if (r < 0n === d < 0n) q += 1n;
        break;
      case ROUND: {
        const twice = 2n * (r < 0n ? -r : r);
        const ad = d < 0n ? -d : d;
        if (twice > ad || (twice === ad && q % 2n !== 0n)) q += r < 0n !== d < 0n ? -1n : 1n;
        break;
      }
    }
  }
  return q;
}

function roundingDriver(n: L, d: L, mode: Mode): L {
  const x = checkNum(n);
  if (d === NIL) {
    if (x instanceof LispFloat) return doubleToInteger(roundDouble(x.value, mode));
    return x;
  }
  const y = checkNum(d);
  if (typeof y === "number" || typeof y === "bigint") {
    if (y === 0 || y === 0n) signal("arith-error", NIL);
    if (typeof x === "number" && typeof y === "number") return divideNumbers(x, y, mode);
  } else if (y.value === 0) signal("arith-error", NIL);
  if (x instanceof LispFloat && !Number.isFinite(x.value)) signal("overflow-error", NIL);
  if (y instanceof LispFloat) {
    if (Number.isNaN(y.value)) signal("overflow-error", NIL);
    if (!Number.isFinite(y.value)) return 0;
  }
  const rx = x instanceof LispFloat ? floatRational(x.value) : { num: toBig(x), exp: 0 };
  const ry = y instanceof LispFloat ? floatRational(y.value) : { num: toBig(y), exp: 0 };
  const m = Math.min(rx.exp, ry.exp);
  const nn = rx.num << BigInt(rx.exp - m);
  const dd = ry.num << BigInt(ry.exp - m);
  return bigResult(divideBig(nn, dd, mode));
}

defsubr("floor", (n: L, d: L) => roundingDriver(n, d, FLOOR), { min: 1, max: 2 });
defsubr("ceiling", (n: L, d: L) => roundingDriver(n, d, CEILING), { min: 1, max: 2 });
defsubr("truncate", (n: L, d: L) => roundingDriver(n, d, TRUNCATE), { min: 1, max: 2 });
defsubr("round", (n: L, d: L) => roundingDriver(n, d, ROUND), { min: 1, max: 2 });

defsubr("ffloor", (x: L) => makeFloat(Math.floor(checkFloat(x))));
defsubr("fceiling", (x: L) => makeFloat(Math.ceil(checkFloat(x))));
defsubr("ftruncate", (x: L) => makeFloat(Math.trunc(checkFloat(x))));
defsubr("fround", (x: L) => makeFloat(rint(checkFloat(x))));
