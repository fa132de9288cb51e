// Time values and calendars (Emacs: timefns.c, editfns.c's format-time-string,
// and time-date.el / parse-time.el / iso8601.el for the Lisp-level helpers).
//
// A Lisp time is kept as an exact fraction TICKS/HZ of seconds since the
// epoch, as Emacs 28 does internally: integers, floats, (HI LO US PS) lists
// and (TICKS . HZ) pairs all convert to it without loss. Time zones come from
// the system's TZif files (as glibc reads them), POSIX TZ strings, fixed
// offsets, and Intl as a fallback for zone names without a file.
import * as fs from "node:fs";
import {
  L, NIL, T, Sym, Cons, LispFloat, list, listToArray, normInt, bool, makeFloat, stringLength,
} from "../types.js";
import { intern, defvar } from "../symbols.js";
import { LispSignal, signal, error, wrongType } from "../errors.js";
import { defsubr } from "../subr.js";
import { symbolValueCell } from "../eval.js";
import { UNBOUND } from "../types.js";
import { getenv, onTimeZoneChange } from "./emacs.js";
import { timeConverter } from "./fileio.js";
import { listSlot } from "./dired.js";
import { floatRational } from "../printer.js";

// ---------------------------------------------------------------------------
// Exact times

export interface Time {
  ticks: bigint;
  hz: bigint;
}

type Form = "nil" | "int" | "float" | "hilo" | "hilous" | "hilousps" | "tickshz";

const TRILLION = 1000000000000n;

function invalidTime(): never {
  error("Invalid time specification");
}
function notRepresentable(): never {
  error("Specified time is not representable");
}

function bigOf(x: L): bigint | null {
  if (typeof x === "number") return Number.isInteger(x) ? BigInt(x) : null;
  if (typeof x === "bigint") return x;
  return null;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b) [a, b] = [b, a % b];
  return a;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** A finite double as TICKS/HZ with HZ a power of two, as Emacs's decode_float_time does. */
export function floatToTime(d: number): Time {
  if (!Number.isFinite(d)) notRepresentable();
  if (d === 0) return { ticks: 0n, hz: 1n };
  // d = num * 2^exp exactly; Emacs's scale (52 - floor(log2|d|), 1074 for subnormals, not below 0) is -exp.
  const { num, exp } = floatRational(d);
  return exp >= 0 ? { ticks: num << BigInt(exp), hz: 1n } : { ticks: num, hz: 1n << BigInt(-exp) };
}

/** The smallest fraction equal to T (used by time arithmetic on floats). */
function reduce(t: Time): Time {
  const g = gcd(t.ticks, t.hz);
  return g > 1n ? { ticks: t.ticks / g, hz: t.hz / g } : t;
}

let nowBase: { ns: bigint; hr: bigint } | null = null;
/** The current time in nanoseconds since the epoch. */
export function nowNs(): bigint {
  const ms = BigInt(Date.now());
  const hr = process.hrtime.bigint();
  if (!nowBase || (hr - nowBase.hr) / 1000000n + nowBase.ns / 1000000n - ms > 2n ||
      ms - ((hr - nowBase.hr) / 1000000n + nowBase.ns / 1000000n) > 2n) {
    nowBase = { ns: ms * 1000000n, hr };
  }
  return nowBase.ns + (hr - nowBase.hr);
}

export function decodeTime(x: L): { time: Time; form: Form } {
  if (x === NIL) return { time: { ticks: nowNs(), hz: 1000000000n }, form: "nil" };
  if (typeof x === "number" || typeof x === "bigint") return { time: { ticks: BigInt(x), hz: 1n }, form: "int" };
  if (x instanceof LispFloat) return { time: floatToTime(x.value), form: "float" };
  if (x instanceof Cons) {
    const hi = bigOf(x.car);
    if (!(x.cdr instanceof Cons)) {
      // (TICKS . HZ)
      const hz = bigOf(x.cdr);
      if (hi === null || hz === null || hz <= 0n) invalidTime();
      return { time: { ticks: hi, hz }, form: "tickshz" };
    }
    const lo = bigOf(x.cdr.car);
    if (hi === null || lo === null) invalidTime();
    const r2 = x.cdr.cdr;
    const base = hi * 65536n + lo;
    if (!(r2 instanceof Cons)) {
      if (r2 !== NIL) {
        // Old (HI . LO) form.
        invalidTime();
      }
      return { time: { ticks: base, hz: 1n }, form: "hilo" };
    }
    const us = bigOf(r2.car);
    if (us === null) invalidTime();
    const r3 = r2.cdr;
    if (!(r3 instanceof Cons)) return { time: { ticks: base * 1000000n + us, hz: 1000000n }, form: "hilous" };
    const ps = bigOf(r3.car);
    if (ps === null) invalidTime();
    return { time: { ticks: base * TRILLION + us * 1000000n + ps, hz: TRILLION }, form: "hilousps" };
  }
  invalidTime();
}

export function lispTime(x: L): Time {
  return decodeTime(x).time;
}

/** Seconds as a JS number (float-time). */
export function timeToFloat(t: Time): number {
  if (t.hz === 1n) return Number(t.ticks);
  const q = floorDiv(t.ticks, t.hz);
  const r = t.ticks - q * t.hz;
  return Number(q) + Number(r) / Number(t.hz);
}

/** Whole seconds (floor). */
export function timeSeconds(t: Time): bigint {
  return floorDiv(t.ticks, t.hz);
}

function hiLoList(sec: bigint): L {
  return list(normInt(sec >> 16n), Number(sec & 0xffffn));
}

/** (HI LO US PS), rounding toward minus infinity. */
export function timeList4(t: Time): L {
  const ps = floorDiv(t.ticks * TRILLION, t.hz);
  const sec = floorDiv(ps, TRILLION);
  const rem = ps - sec * TRILLION;
  return list(normInt(sec >> 16n), Number(sec & 0xffffn), Number(rem / 1000000n), Number(rem % 1000000n));
}

function trillionFactor(hz: bigint): boolean {
  return TRILLION % hz === 0n;
}

function ticksHz(t: Time): L {
  return new Cons(normInt(t.ticks), normInt(t.hz));
}

function timeArith(a: L, b: L, subtract: boolean): L {
  if (a instanceof LispFloat && !Number.isFinite(a.value)) return timeArithInf(a, b, subtract);
  if (b instanceof LispFloat && !Number.isFinite(b.value)) return timeArithInf(a, b, subtract);
  const da = decodeTime(a);
  const db = decodeTime(b);
  const ta = da.time;
  const tb = db.time;
  let ticks: bigint;
  let hz: bigint;
  if (ta.hz === tb.hz) {
    hz = ta.hz;
    ticks = subtract ? ta.ticks - tb.ticks : ta.ticks + tb.ticks;
  } else {
    const g = gcd(ta.hz, tb.hz);
    const fa = ta.hz / g;
    const fb = tb.hz / g;
    hz = fa * tb.hz;
    ticks = fb * ta.ticks + (subtract ? -1n : 1n) * fa * tb.ticks;
    const ig = gcd(ticks, hz);
    if (ig > 1n) {
      ticks /= ig;
      hz /= ig;
      const hzmin = ta.hz < tb.hz ? ta.hz : tb.hz;
      if (hz < hzmin) {
        const rescale = (hzmin + hz - 1n) / hz;
        ticks *= rescale;
        hz *= rescale;
      }
    }
  }
  if (hz === 1n) return normInt(ticks);
  if (da.form === "tickshz" || db.form === "tickshz" || !trillionFactor(hz)) return new Cons(normInt(ticks), normInt(hz));
  return timeList4({ ticks, hz });
}

function timeArithInf(a: L, b: L, subtract: boolean): L {
  const x = a instanceof LispFloat ? a.value : timeToFloat(lispTime(a));
  const y = b instanceof LispFloat ? b.value : timeToFloat(lispTime(b));
  return makeFloat(subtract ? x - y : x + y);
}

function timeCompare(a: L, b: L): number {
  const x = lispTime(a);
  const y = a === NIL && b === NIL ? x : lispTime(b);
  const l = x.ticks * y.hz;
  const r = y.ticks * x.hz;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function timeConvert(x: L, form: L): L {
  if (x instanceof LispFloat && !Number.isFinite(x.value)) {
    if (form === intern("integer") || form === intern("list") || form === T) notRepresentable();
  }
  const { time } = decodeTime(x);
  if (form === NIL || form === intern("list")) return timeList4(time);
  if (form === intern("integer")) return normInt(timeSeconds(time));
  if (form === T) return ticksHz(time);
  const hz = bigOf(form);
  if (hz !== null && hz > 0n) {
    return new Cons(normInt(floorDiv(time.ticks * hz, time.hz)), normInt(hz));
  }
  signal("error", list("Invalid time form", form));
}

// ---------------------------------------------------------------------------
// Calendar arithmetic (proleptic Gregorian), on plain numbers.

/** Days since 1970-01-01 of a civil date (month 1..12, may be out of range: normalised). */
export function daysFromCivil(y: number, m: number, d: number): number {
  // Normalise the month first.
  y += Math.floor((m - 1) / 12);
  m = ((m - 1) % 12 + 12) % 12 + 1;
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): { year: number; month: number; day: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { year: m <= 2 ? y + 1 : y, month: m, day: d };
}

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export interface Tm {
  sec: number;
  min: number;
  hour: number;
  mday: number;
  mon: number; // 0..11
  year: number; // full year
  wday: number; // 0 = Sunday
  yday: number; // 0-based
  isdst: boolean;
  gmtoff: number;
  zone: string;
}

function breakDown(localSec: number): Omit<Tm, "isdst" | "gmtoff" | "zone"> {
  const days = Math.floor(localSec / 86400);
  const secs = localSec - days * 86400;
  const { year, month, day } = civilFromDays(days);
  return {
    sec: secs % 60,
    min: Math.floor(secs / 60) % 60,
    hour: Math.floor(secs / 3600),
    mday: day,
    mon: month - 1,
    year,
    wday: ((days % 7) + 11) % 7,
    yday: days - daysFromCivil(year, 1, 1),
  };
}

// ---------------------------------------------------------------------------
// Time zones

export interface ZoneInfo {
  off: number;
  abbr: string;
  dst: boolean;
}

export interface Zone {
  /** Offset, abbreviation and DST flag in effect at UTC second T. */
  at(t: number): ZoneInfo;
  /** Whether the zone ever observes DST (decode-time reports nil DST otherwise). */
  fixed: boolean;
}

function offsetAbbr(off: number): string {
  const sign = off < 0 ? "-" : "+";
  const a = Math.abs(off);
  const h = Math.floor(a / 3600);
  const m = Math.floor(a / 60) % 60;
  const s = a % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return sign + two(h) + (m || s ? two(m) : "") + (s ? two(s) : "");
}

function fixedZone(off: number, abbr: string): Zone {
  const info = { off, abbr, dst: false };
  return { at: () => info, fixed: true };
}

const UTC_ZONE = fixedZone(0, "UTC");
const GMT_ZONE = fixedZone(0, "GMT");

// POSIX TZ strings: STD OFFSET [DST [OFFSET] [,RULE,RULE]]

interface PosixRule {
  kind: "J" | "n" | "M";
  a: number;
  b: number;
  c: number;
  time: number;
}

interface PosixTz {
  std: string;
  stdOff: number; // seconds east of UTC
  dst: string | null;
  dstOff: number;
  start: PosixRule | null;
  end: PosixRule | null;
}

function parsePosixTz(s: string): PosixTz | null {
  let i = 0;
  const name = (): string | null => {
    if (s[i] === "<") {
      const j = s.indexOf(">", i);
      if (j < 0) return null;
      const n = s.slice(i + 1, j);
      i = j + 1;
      return n;
    }
    const m = /^[A-Za-z]{3,}/.exec(s.slice(i));
    if (!m) return null;
    i += m[0].length;
    return m[0];
  };
  const offset = (): number | null => {
    const m = /^([+-]?)(\d{1,3})(?::(\d{1,2})(?::(\d{1,2}))?)?/.exec(s.slice(i));
    if (!m) return null;
    i += m[0].length;
    const v = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    return m[1] === "-" ? -v : v;
  };
  const std = name();
  if (std === null) return null;
  const o = offset();
  if (o === null) return null;
  const tz: PosixTz = { std, stdOff: -o, dst: null, dstOff: -o + 3600, start: null, end: null };
  if (i >= s.length) return tz;
  const dst = name();
  if (dst === null) return null;
  tz.dst = dst;
  if (i < s.length && s[i] !== ",") {
    const d = offset();
    if (d === null) return null;
    tz.dstOff = -d;
  }
  const rule = (): PosixRule | null => {
    let m = /^(?:J(\d+)|(\d+)|M(\d+)\.(\d)\.(\d))/.exec(s.slice(i));
    if (!m) return null;
    i += m[0].length;
    let r: PosixRule;
    if (m[1] !== undefined) r = { kind: "J", a: Number(m[1]), b: 0, c: 0, time: 7200 };
    else if (m[2] !== undefined) r = { kind: "n", a: Number(m[2]), b: 0, c: 0, time: 7200 };
    else r = { kind: "M", a: Number(m[3]), b: Number(m[4]), c: Number(m[5]), time: 7200 };
    if (s[i] === "/") {
      i++;
      m = /^([+-]?)(\d{1,3})(?::(\d{1,2})(?::(\d{1,2}))?)?/.exec(s.slice(i));
      if (!m) return null;
      i += m[0].length;
      const v = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
      r.time = m[1] === "-" ? -v : v;
    }
    return r;
  };
  if (s[i] === ",") {
    i++;
    tz.start = rule();
    if (!tz.start || s[i] !== ",") return null;
    i++;
    tz.end = rule();
    if (!tz.end) return null;
  } else {
    // glibc's default rules (those of the United States).
    tz.start = { kind: "M", a: 3, b: 2, c: 0, time: 7200 };
    tz.end = { kind: "M", a: 11, b: 1, c: 0, time: 7200 };
  }
  if (i !== s.length) return null;
  return tz;
}

/** Day of year (0-based) on which RULE falls in YEAR. */
function ruleDay(r: PosixRule, year: number): number {
  if (r.kind === "J") {
    let d = r.a - 1;
    if (isLeap(year) && r.a >= 60) d++;
    return d;
  }
  if (r.kind === "n") return r.a;
  const first = daysFromCivil(year, r.a, 1);
  const firstWday = ((first % 7) + 11) % 7;
  let day = 1 + ((r.c - firstWday + 7) % 7) + (r.b - 1) * 7;
  const dim = daysInMonth(year, r.a);
  while (day > dim) day -= 7;
  return first + day - 1 - daysFromCivil(year, 1, 1);
}

function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

function posixZone(tz: PosixTz): Zone {
  const std: ZoneInfo = { off: tz.stdOff, abbr: tz.std, dst: false };
  if (!tz.dst || !tz.start || !tz.end) return { at: () => std, fixed: true };
  const dst: ZoneInfo = { off: tz.dstOff, abbr: tz.dst, dst: true };
  return {
    fixed: false,
    at(t: number) {
      const year = civilFromDays(Math.floor((t + tz.stdOff) / 86400)).year;
      const jan1 = daysFromCivil(year, 1, 1) * 86400;
      const start = jan1 + ruleDay(tz.start!, year) * 86400 + tz.start!.time - tz.stdOff;
      const end = jan1 + ruleDay(tz.end!, year) * 86400 + tz.end!.time - tz.dstOff;
      const inDst = start < end ? t >= start && t < end : !(t >= end && t < start);
      return inDst ? dst : std;
    },
  };
}

// TZif files.

function parseTzif(buf: Buffer): Zone | null {
  if (buf.length < 44 || buf.toString("latin1", 0, 4) !== "TZif") return null;
  const version = buf[4];
  const counts = (off: number) => ({
    isut: buf.readUInt32BE(off + 20),
    isstd: buf.readUInt32BE(off + 24),
    leap: buf.readUInt32BE(off + 28),
    time: buf.readUInt32BE(off + 32),
    type: buf.readUInt32BE(off + 36),
    char: buf.readUInt32BE(off + 40),
  });
  let c = counts(0);
  let off = 44;
  let timeSize = 4;
  if (version >= 0x32) {
    off += c.time * 4 + c.time + c.type * 6 + c.char + c.leap * 8 + c.isstd + c.isut;
    if (buf.length < off + 44 || buf.toString("latin1", off, off + 4) !== "TZif") return null;
    c = counts(off);
    off += 44;
    timeSize = 8;
  }
  const times: number[] = [];
  for (let k = 0; k < c.time; k++) {
    times.push(timeSize === 8 ? Number(buf.readBigInt64BE(off + k * 8)) : buf.readInt32BE(off + k * 4));
  }
  off += c.time * timeSize;
  const idx: number[] = [];
  for (let k = 0; k < c.time; k++) idx.push(buf[off + k]);
  off += c.time;
  const types: { off: number; dst: boolean; ai: number }[] = [];
  for (let k = 0; k < c.type; k++) {
    types.push({ off: buf.readInt32BE(off + k * 6), dst: buf[off + k * 6 + 4] !== 0, ai: buf[off + k * 6 + 5] });
  }
  off += c.type * 6;
  const chars = buf.toString("latin1", off, off + c.char);
  off += c.char + c.leap * (timeSize + 4) + c.isstd + c.isut;
  const infos: ZoneInfo[] = types.map((t) => ({ off: t.off, dst: t.dst, abbr: chars.slice(t.ai, chars.indexOf("\0", t.ai)) }));
  let footer: Zone | null = null;
  if (timeSize === 8 && buf[off] === 10) {
    const end = buf.indexOf(10, off + 1);
    if (end > off) {
      const spec = buf.toString("latin1", off + 1, end);
      const p = spec ? parsePosixTz(spec) : null;
      if (p) footer = posixZone(p);
    }
  }
  if (infos.length === 0) return footer;
  const first = infos[0];
  const fixed = !infos.some((x) => x.dst) && (!footer || footer.fixed);
  return {
    fixed,
    at(t: number) {
      if (times.length === 0 || t < times[0]) return times.length === 0 && footer ? footer.at(t) : first;
      if (t >= times[times.length - 1] && footer) return footer.at(t);
      let lo = 0;
      let hi = times.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (times[mid] <= t) lo = mid;
        else hi = mid - 1;
      }
      return infos[idx[lo]];
    },
  };
}

function intlZone(name: string): Zone | null {
  let fmt: Intl.DateTimeFormat;
  let abbrFmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat("en-US", { timeZone: name, timeZoneName: "longOffset" });
    abbrFmt = new Intl.DateTimeFormat("en-US", { timeZone: name, timeZoneName: "short" });
  } catch {
    return null;
  }
  const offAt = (t: number): number => {
    const part = fmt.formatToParts(new Date(t * 1000)).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
    const m = /GMT([+-])(\d\d):(\d\d)(?::(\d\d))?/.exec(part);
    if (!m) return 0;
    const v = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
    return m[1] === "-" ? -v : v;
  };
  return {
    fixed: false,
    at(t: number) {
      const off = offAt(t);
      const y = civilFromDays(Math.floor(t / 86400)).year;
      const jan = offAt(daysFromCivil(y, 1, 1) * 86400);
      const jul = offAt(daysFromCivil(y, 7, 1) * 86400);
      let abbr = abbrFmt.formatToParts(new Date(t * 1000)).find((p) => p.type === "timeZoneName")?.value ?? "";
      if (!/^[A-Z]{3,5}$/.test(abbr)) abbr = offsetAbbr(off);
      return { off, abbr, dst: jan !== jul && off === Math.max(jan, jul) };
    },
  };
}

const zoneCache = new Map<string, Zone>();

function zoneFromFile(name: string): Zone | null {
  const dirs = [process.env.TZDIR, "/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo"];
  const file = name.startsWith("/") ? [name] : dirs.filter((d): d is string => !!d).map((d) => `${d}/${name}`);
  for (const f of file) {
    if (name.includes("..")) break;
    try {
      const z = parseTzif(fs.readFileSync(f));
      if (z) return z;
    } catch {
      /* next */
    }
  }
  return null;
}

/** A zone from a TZ string, as tzalloc would make it. */
export function zoneFromString(spec: string): Zone {
  const cached = zoneCache.get(spec);
  if (cached) return cached;
  let z: Zone | null = null;
  let s = spec;
  if (s.startsWith(":")) s = s.slice(1);
  const posix = spec.startsWith(":") ? null : parsePosixTz(s);
  if (posix && (!posix.dst || /,/.test(s))) z = posixZone(posix);
  if (!z && s !== "") z = zoneFromFile(s);
  if (!z && posix) z = posixZone(posix);
  if (!z && s !== "") z = intlZone(s);
  if (!z) z = UTC_ZONE;
  zoneCache.set(spec, z);
  return z;
}

let systemZone: Zone | null = null;
function localZone(): Zone {
  const tz = getenv("TZ");
  if (tz !== null) return zoneFromString(tz);
  if (!systemZone) {
    systemZone = zoneFromFile("/etc/localtime") ?? jsLocalZone();
  }
  return systemZone;
}

function jsLocalZone(): Zone {
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (name && intlZone(name)) || {
    fixed: false,
    at(t: number) {
      const off = -new Date(t * 1000).getTimezoneOffset() * 60;
      return { off, abbr: offsetAbbr(off), dst: false };
    },
  };
}

/** The zone a Lisp ZONE argument names (nil and "wall": local time; t: UTC). */
export function lispZone(zone: L): Zone {
  if (zone === NIL || zone === intern("wall")) return localZone();
  if (zone === T) return GMT_ZONE;
  if (typeof zone === "number") return fixedZone(zone, offsetAbbr(zone));
  if (typeof zone === "string") return zoneFromString(zone);
  if (zone instanceof Cons && typeof zone.car === "number") {
    const abbr = zone.cdr instanceof Cons && typeof zone.cdr.car === "string" ? zone.cdr.car : offsetAbbr(zone.car);
    return fixedZone(zone.car, abbr);
  }
  signal("error", list("Invalid time zone specification", zone));
}

onTimeZoneChange(() => {
  /* the TZ variable is read at each call */
});

const MAX_SECONDS = 8.64e15;

/** Broken-down local time of whole second SEC in ZONE. */
export function localtime(sec: number, zone: Zone): Tm {
  if (!Number.isFinite(sec) || Math.abs(sec) > MAX_SECONDS) notRepresentable();
  const info = zone.at(sec);
  const b = breakDown(sec + info.off);
  return { ...b, isdst: info.dst, gmtoff: info.off, zone: info.abbr };
}

/** UTC seconds of a local civil time in ZONE; DST: true, false or null (guess), as mktime. */
export function mktime(
  y: number, mon: number, d: number, h: number, mi: number, s: number, zone: Zone, dst: boolean | null,
): number {
  const local = daysFromCivil(y, mon, d) * 86400 + h * 3600 + mi * 60 + s;
  if (!Number.isFinite(local) || Math.abs(local) > MAX_SECONDS) notRepresentable();
  // Offsets in effect around this date.
  const offs = new Map<number, boolean>();
  for (const probe of [-86400 * 200, -86400 * 30, -86400, 0, 86400, 86400 * 30, 86400 * 200]) {
    const info = zone.at(local + probe);
    offs.set(info.off, info.dst);
  }
  const solutions: { t: number; dst: boolean }[] = [];
  for (const off of offs.keys()) {
    const t = local - off;
    const info = zone.at(t);
    if (info.off === off) solutions.push({ t, dst: info.dst });
  }
  if (dst !== null) {
    const match = solutions.find((x) => x.dst === dst);
    if (match) return match.t;
    // The requested kind of time is not in effect: interpret as that kind (glibc shifts).
    for (const [off, isDst] of offs) if (isDst === dst) return local - off;
  }
  if (solutions.length > 0) {
    // Ambiguous: prefer standard time, as glibc does for an unknown DST.
    const std = solutions.find((x) => !x.dst);
    return (std ?? solutions[0]).t;
  }
  // In a gap: use the offset in effect before it.
  const before = zone.at(local - 86400);
  return local - before.off;
}

// ---------------------------------------------------------------------------
// format-time-string: gnulib's nstrftime in the C locale.

const WDAY = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTH = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
  "November", "December"];

function isoWeekDays(yday: number, wday: number): number {
  const big = (Math.floor(366 / 7) + 2) * 7;
  return yday - ((yday - wday + 4 + big) % 7) + 4 - 1;
}

export function strftime(
  fmt: string, tm: Tm, ns: number, epochSec: bigint, upcase = false, yrSpec = "", firstWidth = -1,
): string {
  let out = "";
  let i = 0;
  let first = true;
  const n = fmt.length;
  while (i < n) {
    const ch = fmt[i];
    if (ch !== "%") {
      out += ch;
      i++;
      continue;
    }
    const start = i;
    i++;
    let pad = "";
    let toUpper = upcase;
    let toLower = false;
    let changeCase = false;
    for (;;) {
      const f = fmt[i];
      if (f === "_" || f === "-" || f === "0" || f === "+") pad = f;
      else if (f === "^") toUpper = true;
      else if (f === "#") changeCase = true;
      else break;
      i++;
    }
    let width = first ? firstWidth : -1;
    first = false;
    if (fmt[i] >= "0" && fmt[i] <= "9") {
      width = 0;
      while (fmt[i] >= "0" && fmt[i] <= "9") {
        width = width * 10 + (fmt.charCodeAt(i) - 48);
        if (width > 1e6) width = 1e6;
        i++;
      }
    }
    let modifier = "";
    if (fmt[i] === "E" || fmt[i] === "O") modifier = fmt[i++];
    let conv = i < n ? fmt[i] : "";
    let colons = 0;

    const padWith = (s: string, w: number): string => {
      const wEff = pad === "-" || w < 0 ? 0 : w;
      if (s.length >= wEff) return s;
      return (pad === "0" || pad === "+" ? "0" : " ").repeat(wEff - s.length) + s;
    };
    const cpy = (s: string): void => {
      if (toLower) s = s.toLowerCase();
      else if (toUpper) s = s.toUpperCase();
      out += padWith(s, width);
    };
    const bad = (): void => {
      out += padWith(fmt.slice(start, Math.min(i + 1, n)), width);
    };
    // Numbers: DIGITS minimum digits; NEGATIVE; ALWAYS_SIGN; COLON_MASK.
    const number = (digits: number, value: number, negative: boolean, alwaysSign: boolean, mask = 0): void => {
      let u = Math.abs(value);
      let buf = "";
      do {
        if (mask & 1) buf = ":" + buf;
        mask >>= 1;
        buf = String(u % 10) + buf;
        u = Math.floor(u / 10);
      } while (u !== 0 || mask !== 0);
      signedDigits(buf, digits, negative ? "-" : alwaysSign ? "+" : "");
    };
    // BUF (the digits) after SIGN, padded to the width or DIGITS; `_' pads before the sign.
    const signedDigits = (buf: string, digits: number, sign: string): void => {
      if (pad === "") pad = "0";
      let w = width < 0 ? digits : width;
      const shortage = w - (sign ? 1 : 0) - buf.length;
      const padding = pad === "-" || shortage <= 0 ? 0 : shortage;
      if (sign) {
        if (pad === "_") {
          out += " ".repeat(padding);
          w -= padding;
        }
        out += sign;
        w--;
      }
      out += padWith(buf, w);
    };
    const doNumber = (digits: number, v: number) => number(digits, v, v < 0, false);
    const doSpacepad = (digits: number, v: number) => {
      if (pad === "") pad = "_";
      doNumber(digits, v);
    };
    const doYearish = (digits: number, negative: boolean, v: number) => {
      if (pad === "") pad = yrSpec;
      const always = pad === "+" && ((digits === 2 ? 99 : 9999) < v || digits < width);
      number(digits, negative ? -Math.abs(v) : v, negative, always);
    };
    const sub = (subfmt: string, subwidth = -1) => {
      let s = strftime(subfmt, tm, ns, epochSec, toUpper, pad, subwidth);
      if (toLower) s = s.toLowerCase();
      out += padWith(s, width);
    };
    const hour12 = tm.hour % 12 === 0 ? 12 : tm.hour % 12;
    if (conv === ":") {
      // :, :: and ::: are valid only just before z.
      for (colons = 1; fmt[i + colons] === ":"; colons++);
      if (fmt[i + colons] === "z") {
        i += colons;
        conv = "z";
      } else {
        i += colons - 1;
        conv = "\u0001";
      }
    }

    switch (conv) {
      case "%":
        if (modifier) bad();
        else out += padWith("%", width);
        break;
      case "a":
        if (modifier) bad();
        else {
          if (changeCase) toUpper = true;
          cpy(WDAY[tm.wday].slice(0, 3));
        }
        break;
      case "A":
        if (modifier) bad();
        else {
          if (changeCase) toUpper = true;
          cpy(WDAY[tm.wday]);
        }
        break;
      case "b":
      case "h":
        if (changeCase) toUpper = true;
        if (modifier === "E") bad();
        else cpy(MONTH[tm.mon].slice(0, 3));
        break;
      case "B":
        if (modifier === "E") bad();
        else {
          if (changeCase) toUpper = true;
          cpy(MONTH[tm.mon]);
        }
        break;
      case "c":
        if (modifier === "O") bad();
        else sub("%a %b %e %H:%M:%S %Y");
        break;
      case "C":
        if (modifier === "O") bad();
        else {
          const negYear = tm.year < 0;
          const tmYear = tm.year - 1900;
          const zeroThru1899 = !negYear && tmYear < 0;
          const century = Math.trunc((tmYear - 99 * (zeroThru1899 ? 1 : 0)) / 100) + 19;
          doYearish(2, negYear, century);
        }
        break;
      case "x":
        if (modifier === "O") bad();
        else sub("%m/%d/%y");
        break;
      case "D":
        if (modifier) bad();
        else sub("%m/%d/%y");
        break;
      case "d":
        if (modifier === "E") bad();
        else doNumber(2, tm.mday);
        break;
      case "e":
        if (modifier === "E") bad();
        else doSpacepad(2, tm.mday);
        break;
      case "F":
        if (modifier) bad();
        else {
          let subwidth: number;
          if (pad === "" && width < 0) {
            pad = "+";
            subwidth = 4;
          } else {
            subwidth = Math.max(0, width - 6);
          }
          sub("%Y-%m-%d", subwidth);
        }
        break;
      case "H":
        if (modifier === "E") bad();
        else doNumber(2, tm.hour);
        break;
      case "I":
        if (modifier === "E") bad();
        else doNumber(2, hour12);
        break;
      case "k":
        if (modifier === "E") bad();
        else doSpacepad(2, tm.hour);
        break;
      case "l":
        if (modifier === "E") bad();
        else doSpacepad(2, hour12);
        break;
      case "j":
        if (modifier === "E") bad();
        else number(3, tm.yday + 1, false, false);
        break;
      case "M":
        if (modifier === "E") bad();
        else doNumber(2, tm.min);
        break;
      case "m":
        if (modifier === "E") bad();
        else number(2, tm.mon + 1, false, false);
        break;
      case "N": {
        if (modifier === "E") {
          bad();
          break;
        }
        let v = ns;
        if (width <= 0) width = 9;
        let ndigs = 9;
        while (width < ndigs || (1 < ndigs && v % 10 === 0)) {
          ndigs--;
          v = Math.floor(v / 10);
        }
        let digits = "";
        for (let j = 0; j < ndigs; j++) {
          digits = String(v % 10) + digits;
          v = Math.floor(v / 10);
        }
        if (pad === "") pad = "0";
        out += digits;
        const fill = width - ndigs;
        if (pad !== "-" && fill > 0) out += (pad === "0" || pad === "+" ? "0" : " ").repeat(fill);
        break;
      }
      case "n":
        out += padWith("\n", width);
        break;
      case "t":
        out += padWith("\t", width);
        break;
      case "P":
      case "p":
        if (conv === "P") toLower = true;
        if (changeCase) {
          toUpper = false;
          toLower = true;
        }
        if (modifier) bad();
        else cpy(tm.hour >= 12 ? "PM" : "AM");
        break;
      case "q":
        if (modifier) bad();
        else number(1, ((tm.mon * 11) >> 5) + 1, false, false);
        break;
      case "R":
        sub("%H:%M");
        break;
      case "r":
        sub("%I:%M:%S %p");
        break;
      case "S":
        if (modifier === "E") bad();
        else doNumber(2, tm.sec);
        break;
      case "s": {
        // A bigint, so not through number(); digits = 1: pad only with an explicit width.
        const neg = epochSec < 0n;
        signedDigits((neg ? -epochSec : epochSec).toString(), 1, neg ? "-" : "");
        break;
      }
      case "X":
        if (modifier === "O") bad();
        else sub("%H:%M:%S");
        break;
      case "T":
        sub("%H:%M:%S");
        break;
      case "u":
        doNumber(1, ((tm.wday - 1 + 7) % 7) + 1);
        break;
      case "U":
        if (modifier === "E") bad();
        else doNumber(2, Math.floor((tm.yday - tm.wday + 7) / 7));
        break;
      case "V":
      case "g":
      case "G": {
        if (modifier === "E") {
          bad();
          break;
        }
        let yearAdjust = 0;
        let days = isoWeekDays(tm.yday, tm.wday);
        if (days < 0) {
          yearAdjust = -1;
          days = isoWeekDays(tm.yday + (365 + (isLeap(tm.year - 1) ? 1 : 0)), tm.wday);
        } else {
          const dd = isoWeekDays(tm.yday - (365 + (isLeap(tm.year) ? 1 : 0)), tm.wday);
          if (dd >= 0) {
            yearAdjust = 1;
            days = dd;
          }
        }
        const isoYear = tm.year + yearAdjust;
        if (conv === "g") {
          const tmYear = tm.year - 1900;
          const yy = ((tmYear % 100) + yearAdjust) % 100;
          doYearish(2, false, yy >= 0 ? yy : tmYear < -1900 - yearAdjust ? -yy : yy + 100);
        } else if (conv === "G") doYearish(4, isoYear < 0, Math.abs(isoYear));
        else doNumber(2, Math.floor(days / 7) + 1);
        break;
      }
      case "W":
        if (modifier === "E") bad();
        else doNumber(2, Math.floor((tm.yday - ((tm.wday - 1 + 7) % 7) + 7) / 7));
        break;
      case "w":
        if (modifier === "E") bad();
        else doNumber(1, tm.wday);
        break;
      case "Y":
        if (modifier === "O") bad();
        else doYearish(4, tm.year < 0, Math.abs(tm.year));
        break;
      case "y": {
        const tmYear = tm.year - 1900;
        let yy = tmYear % 100;
        if (yy < 0) yy = tmYear < -1900 ? -yy : yy + 100;
        doYearish(2, false, yy);
        break;
      }
      case "Z":
        if (changeCase) {
          toUpper = false;
          toLower = true;
        }
        cpy(tm.zone);
        break;
      case "z": {
        const diff = tm.gmtoff;
        const negative = diff < 0;
        const a = Math.abs(diff);
        const hour = Math.floor(a / 3600);
        const minute = Math.floor(a / 60) % 60;
        const second = a % 60;
        const sgn = negative ? -1 : 1;
        const tz = (digits: number, mask: number, v: number) => number(digits, sgn * v, negative, true, mask);
        if (colons === 0) tz(5, 0, hour * 100 + minute);
        else if (colons === 1 || (colons === 3 && second === 0 && minute !== 0)) tz(6, 0o4, hour * 100 + minute);
        else if (colons === 2 || (colons === 3 && second !== 0)) tz(9, 0o24, hour * 10000 + minute * 100 + second);
        else if (colons === 3) tz(3, 0, hour);
        else bad();
        break;
      }
      case "":
        out += padWith("%", width);
        i = n;
        continue;
      default:
        bad();
        break;
    }
    i++;
  }
  return out;
}

// ---------------------------------------------------------------------------
// The Lisp functions

defvar("current-time-list", T);

defsubr("current-time", () => timeList4({ ticks: nowNs(), hz: 1000000000n }), { min: 0, max: 0 });
defsubr("float-time", (time: L) => makeFloat(timeToFloat(lispTime(time))), { min: 0, max: 1 });
defsubr("time-to-seconds", (time: L) => makeFloat(timeToFloat(lispTime(time))), { min: 0, max: 1 });
defsubr("time-add", (a: L, b: L) => timeArith(a, b, false), { min: 2, max: 2 });
defsubr("time-subtract", (a: L, b: L) => timeArith(a, b, true), { min: 2, max: 2 });
defsubr("time-less-p", (a: L, b: L) => bool(timeCompare(a, b) < 0), { min: 2, max: 2 });
defsubr("time-equal-p", (a: L, b: L) => {
  if (a === NIL && b === NIL) return T;
  return bool(timeCompare(a, b) === 0);
}, { min: 2, max: 2 });
defsubr("time-convert", (time: L, form: L) => timeConvert(time, form), { min: 1, max: 2 });
defsubr("seconds-to-time", (time: L) => timeConvert(time, NIL), { min: 1, max: 2 });
defsubr("current-cpu-time", () => {
  const u = process.cpuUsage();
  return new Cons(normInt(BigInt(u.user + u.system)), 1000000);
}, { min: 0, max: 0 });
defsubr("time-since", (time: L) => {
  const t = typeof time === "string" ? dateToTime(time) : time;
  return timeArith(NIL, t, true);
}, { min: 1, max: 1 });
defsubr("days-to-time", (days: L) => {
  const { time } = decodeTime(days);
  return timeArith(new Cons(normInt(time.ticks * 86400n), normInt(time.hz)), 0, false);
}, { min: 1, max: 1 });

/** Seconds field for decode-time: integer, or (TICKS . HZ) with FORM t. */
function secondsField(t: Time, wholeSec: bigint, tm: Tm, form: L): L {
  if (form === T && t.hz !== 1n) {
    const frac = t.ticks - wholeSec * t.hz;
    return new Cons(normInt(BigInt(tm.sec) * t.hz + frac), normInt(t.hz));
  }
  if (form !== NIL && form !== T && form !== intern("integer")) signal("error", list("Invalid time form", form));
  return tm.sec;
}

defsubr("decode-time", (time: L, zone: L, form: L) => {
  const t = lispTime(time);
  const sec = timeSeconds(t);
  const z = lispZone(zone);
  const tm = localtime(Number(sec), z);
  return list(
    secondsField(t, sec, tm, form), tm.min, tm.hour, tm.mday, tm.mon + 1, tm.year, tm.wday,
    z.fixed ? NIL : bool(tm.isdst), tm.gmtoff,
  );
}, { min: 0, max: 3 });

function fieldInt(x: L): number {
  if (typeof x === "number") return x;
  if (typeof x === "bigint") notRepresentable();
  wrongType("fixnump", x);
}

function encodeTime(fields: L[], zone: L, dst: L): L {
  const [sec, min, hour, day, mon, year] = fields;
  // Seconds may be a float or (TICKS . HZ).
  let secTime: Time;
  let secForm: Form = "int";
  if (typeof sec === "number" || typeof sec === "bigint") secTime = { ticks: BigInt(sec), hz: 1n };
  else if (sec instanceof LispFloat) {
    secTime = floatToTime(sec.value);
    secForm = "float";
  } else if (sec instanceof Cons && !(sec.cdr instanceof Cons)) {
    secTime = decodeTime(sec).time;
    secForm = "tickshz";
  } else wrongType("numberp", sec);
  const whole = floorDiv(secTime.ticks, secTime.hz);
  const frac = secTime.ticks - whole * secTime.hz;
  const z = lispZone(zone);
  const dstFlag = dst === T ? true : dst === NIL ? false : null;
  const base = mktime(fieldInt(year), fieldInt(mon), fieldInt(day), fieldInt(hour), fieldInt(min), 0, z,
    z.fixed ? null : dstFlag);
  const total = BigInt(base) + whole;
  if (secTime.hz === 1n) return hiLoList(total);
  void secForm;
  return new Cons(normInt(total * secTime.hz + frac), normInt(secTime.hz));
}

defsubr("encode-time", (args: L[]) => {
  if (args.length === 1) {
    const t = args[0];
    const f: L[] = [];
    let l: L = t;
    for (let k = 0; k < 9; k++) {
      if (!(l instanceof Cons)) wrongType("consp", l);
      f.push(l.car);
      l = l.cdr;
    }
    return encodeTime(f.slice(0, 6), f[8], f[7]);
  }
  if (args.length < 6) signal("wrong-number-of-arguments", list(intern("encode-time"), args.length));
  const zone = args.length > 6 ? args[args.length - 1] : NIL;
  return encodeTime(args.slice(0, 6), zone, -1);
}, { min: 1, max: "many" });

defsubr("format-time-string", (format: L, time: L, zone: L) => {
  if (typeof format !== "string") wrongType("stringp", format);
  const t = lispTime(time);
  const sec = timeSeconds(t);
  const tm = localtime(Number(sec), lispZone(zone));
  const ns = Number(floorDiv((t.ticks - sec * t.hz) * 1000000000n, t.hz));
  return strftime(format, tm, ns, sec);
}, { min: 1, max: 3 });

defsubr("current-time-string", (time: L, zone: L) => {
  const t = lispTime(time);
  const sec = timeSeconds(t);
  const tm = localtime(Number(sec), lispZone(zone));
  if (tm.year < 1000 || tm.year > 9999) {
    // Emacs refuses years it cannot print in asctime's fixed layout only beyond 4 digits.
    if (tm.year > 9999) error("Specified time is not representable");
  }
  return strftime("%a %b %e %H:%M:%S %Y", tm, 0, sec);
}, { min: 0, max: 2 });

defsubr("current-time-zone", (time: L, zone: L) => {
  const t = lispTime(time);
  const tm = localtime(Number(timeSeconds(t)), lispZone(zone));
  return list(tm.gmtoff, tm.zone);
}, { min: 0, max: 2 });

defsubr("set-time-zone-rule", (tz: L) => {
  if (tz === NIL || tz === intern("wall")) delete process.env.TZ;
  else if (tz === T) process.env.TZ = "UTC0";
  else if (typeof tz === "string") process.env.TZ = tz;
  else if (typeof tz === "number") process.env.TZ = `<${offsetAbbr(tz)}>${tz <= 0 ? "+" : "-"}${formatPosixOffset(Math.abs(tz))}`;
  else signal("error", list("Invalid time zone specification", tz));
  // getenv consults process-environment: keep it in step.
  const pe = intern("process-environment");
  const entry = process.env.TZ === undefined ? "TZ" : `TZ=${process.env.TZ}`;
  let found = false;
  for (let e = pe.value as L; e instanceof Cons; e = e.cdr) {
    if (typeof e.car === "string" && (e.car === "TZ" || e.car.startsWith("TZ="))) {
      e.car = entry;
      found = true;
      break;
    }
  }
  if (!found) pe.value = new Cons(entry, pe.value as L);
  return NIL;
}, { min: 1, max: 1 });

function formatPosixOffset(a: number): string {
  const h = Math.floor(a / 3600);
  const m = Math.floor(a / 60) % 60;
  const s = a % 60;
  return String(h) + (m || s ? ":" + String(m).padStart(2, "0") : "") + (s ? ":" + String(s).padStart(2, "0") : "");
}

// ---------------------------------------------------------------------------
// time-date.el helpers

defsubr("date-leap-year-p", (y: L) => bool(isLeap(fieldInt(y))), { min: 1, max: 1 });
defsubr("date-days-in-month", (y: L, m: L) => {
  const mon = fieldInt(m);
  if (mon < 1 || mon > 12) error("Month " + mon + " is invalid");
  return daysInMonth(fieldInt(y), mon);
}, { min: 2, max: 2 });
defsubr("time-to-days", (time: L) => {
  const tm = localtime(Number(timeSeconds(lispTime(time))), localZone());
  return daysFromCivil(tm.year, tm.mon + 1, tm.mday) + 719163;
}, { min: 1, max: 1 });
defsubr("time-to-day-in-year", (time: L) => {
  const tm = localtime(Number(timeSeconds(lispTime(time))), localZone());
  return tm.yday + 1;
}, { min: 1, max: 1 });
defsubr("time-to-number-of-days", (time: L) => makeFloat(timeToFloat(lispTime(time)) / 86400), { min: 1, max: 1 });

// Decoded times: (SEC MIN HOUR DAY MON YEAR DOW DST ZONE) accessors, as simple.el's cl-defstruct.
const DECODED = ["second", "minute", "hour", "day", "month", "year", "weekday", "dst", "zone"];
DECODED.forEach((name, k) => defsubr(`decoded-time-${name}`, listSlot(k), { min: 1, max: 1 }));
defsubr("make-decoded-time", (args: L[]) => {
  const vals: L[] = [NIL, NIL, NIL, NIL, NIL, NIL, NIL, NIL, NIL];
  for (let k = 0; k + 1 < args.length; k += 2) {
    const key = args[k];
    const name = key instanceof Sym ? key.name.slice(1) : "";
    const idx = DECODED.indexOf(name);
    if (idx < 0 || idx === 6) signal("error", list(`Keyword argument ${key instanceof Sym ? key.name : "?"} not one of (:second :minute :hour :day :month :year :dst :zone)`));
    vals[idx] = args[k + 1];
  }
  return list(...vals);
}, { min: 0, max: "many" });
defsubr("decoded-time-set-defaults", (time: L, defaultZone: L) => {
  const cells: Cons[] = [];
  for (let l = time; l instanceof Cons; l = l.cdr) cells.push(l);
  if (cells.length < 9) wrongType("consp", NIL);
  const def = [0, 0, 0, 1, 1, 0];
  for (let k = 0; k < 6; k++) if (cells[k].car === NIL) cells[k].car = def[k];
  if (cells[8].car === NIL) {
    if (defaultZone !== NIL) {
      cells[8].car = defaultZone;
      cells[7].car = NIL;
    } else cells[7].car = -1;
  }
  return time;
}, { min: 1, max: 2 });

// ---------------------------------------------------------------------------
// Parsing dates (parse-time.el, iso8601.el, time-date.el's date-to-time)

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10,
  november: 11, december: 12,
};
const WEEKDAYS: Record<string, number> = {
  sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sunday: 0, monday: 1, tuesday: 2, wednesday: 3,
  thursday: 4, friday: 5, saturday: 6,
};
const ZONES: Record<string, [number, boolean]> = {
  z: [0, false], ut: [0, false], gmt: [0, false], pst: [-8 * 3600, false], pdt: [-7 * 3600, true],
  mst: [-7 * 3600, false], mdt: [-6 * 3600, true], cst: [-6 * 3600, false], cdt: [-5 * 3600, true],
  est: [-5 * 3600, false], edt: [-4 * 3600, true],
};

function tokenize(s: string): (string | number)[] {
  const kind = (c: string): boolean =>
    (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c === "+" || c === "-" || c === ":";
  const out: (string | number)[] = [];
  let i = 0;
  const chars = [...s];
  const n = chars.length;
  while (i < n) {
    while (i < n && !kind(chars[i])) i++;
    if (i >= n) break;
    const start = i;
    let allDigits = chars[i] >= "0" && chars[i] <= "9";
    i++;
    while (i < n && kind(chars[i])) {
      allDigits = allDigits && chars[i] >= "0" && chars[i] <= "9";
      i++;
    }
    const tok = chars.slice(start, i).join("");
    out.push(allDigits ? Number(tok) : tok);
  }
  return out;
}

function parseIntSlice(s: string, a: number, b: number): number {
  const sub = s.slice(a, b);
  if (!/^\s*[+-]?\d+\s*$/.test(sub)) signal("error", list(`Not an integer string: \u2018${sub}\u2019`));
  return Number(sub);
}

/** parse-time-string's fallback: the RFC 822-ish token rules. */
function parseTimeRules(string: string): L[] {
  const time: L[] = [NIL, NIL, NIL, NIL, NIL, NIL, NIL, -1, NIL];
  const set = (k: number) => time[k] === NIL;
  for (const elt of tokenize(string.toLowerCase())) {
    const str = typeof elt === "string" ? elt : null;
    const num = typeof elt === "number" ? elt : null;
    if (set(6) && str !== null && str in WEEKDAYS) {
      time[6] = WEEKDAYS[str];
      continue;
    }
    if (set(3) && num !== null && num >= 1 && num <= 31) {
      time[3] = num;
      continue;
    }
    if (set(4) && str !== null && str in MONTHS) {
      time[4] = MONTHS[str];
      continue;
    }
    if (set(5) && num !== null && num >= 100) {
      time[5] = num;
      continue;
    }
    if (set(2) && str !== null && str.length === 8 && str[2] === ":" && str[5] === ":") {
      time[2] = parseIntSlice(str, 0, 2);
      time[1] = parseIntSlice(str, 3, 5);
      time[0] = parseIntSlice(str, 6, 8);
      continue;
    }
    if (set(8) && str !== null && str in ZONES) {
      time[8] = ZONES[str][0];
      time[7] = bool(ZONES[str][1]);
      continue;
    }
    if (set(8) && str !== null && str.length === 5 && (str[0] === "+" || str[0] === "-")) {
      time[8] = 60 * (parseIntSlice(str, 3, 5) + 60 * parseIntSlice(str, 1, 3)) * (str[0] === "-" ? -1 : 1);
      continue;
    }
    if (set(5) && str !== null && str.length === 10 && str[4] === "-" && str[7] === "-") {
      time[5] = parseIntSlice(str, 0, 4);
      time[4] = parseIntSlice(str, 5, 7);
      time[3] = parseIntSlice(str, 8, 10);
      continue;
    }
    if (set(2) && str !== null && str.length === 5 && str[2] === ":") {
      time[2] = parseIntSlice(str, 0, 2);
      time[1] = parseIntSlice(str, 3, 5);
      time[0] = 0;
      continue;
    }
    if (set(2) && str !== null && str.length === 4 && str[1] === ":") {
      time[2] = parseIntSlice(str, 0, 1);
      time[1] = parseIntSlice(str, 2, 4);
      time[0] = 0;
      continue;
    }
    if (set(2) && str !== null && str.length === 7 && str[1] === ":") {
      time[2] = parseIntSlice(str, 0, 1);
      time[1] = parseIntSlice(str, 2, 4);
      time[0] = parseIntSlice(str, 5, 7);
      continue;
    }
    if (set(5) && num !== null && num >= 50 && num <= 110) {
      time[5] = 1900 + num;
      continue;
    }
    if (set(5) && num !== null && num >= 0 && num <= 49) {
      time[5] = 2000 + num;
      continue;
    }
  }
  return time;
}

/** iso8601-parse for the common shapes; null when STRING is not ISO 8601. */
function iso8601(string: string): L[] | null {
  const dateRe = /^(?:([+-]\d{4,}|\d{4})(?:-(\d\d)(?:-(\d\d))?|(\d\d)(\d\d)|-?W(\d\d)(?:-?(\d))?|-?(\d{3}))?)$/;
  const timeRe = /^(\d\d)(?::?(\d\d)(?::?(\d\d)(?:[.,](\d+))?)?)?(Z|[+-]\d\d(?::?\d\d)?)?$/;
  const zoneRe = /^(?:Z|([+-])(\d\d)(?::?(\d\d))?)$/;
  const out: L[] = [NIL, NIL, NIL, NIL, NIL, NIL, NIL, -1, NIL];
  const t = string.indexOf("T");
  const datePart = t >= 0 ? string.slice(0, t) : string;
  const timePart = t >= 0 ? string.slice(t + 1) : null;
  const setTime = (tp: string): boolean => {
    const m = timeRe.exec(tp);
    if (!m) return false;
    out[2] = Number(m[1]);
    out[1] = m[2] !== undefined ? Number(m[2]) : 0;
    out[0] = m[3] !== undefined ? Number(m[3]) : 0;
    if (m[5] !== undefined) {
      const z = zoneRe.exec(m[5])!;
      out[8] = z[1] === undefined ? 0 : (z[1] === "-" ? -1 : 1) * (Number(z[2]) * 3600 + Number(z[3] ?? 0) * 60);
      out[7] = NIL;
    }
    return true;
  };
  const d = dateRe.exec(datePart);
  if (!d) {
    // A bare time of day, hh:mm[:ss].
    if (timePart === null && /^\d\d:\d\d/.test(datePart) && setTime(datePart)) return out;
    return null;
  }
  const year = Number(d[1]);
  out[5] = year;
  if (d[2] !== undefined) {
    out[4] = Number(d[2]);
    if (d[3] !== undefined) out[3] = Number(d[3]);
  } else if (d[4] !== undefined) {
    out[4] = Number(d[4]);
    out[3] = Number(d[5]);
  } else if (d[6] !== undefined) {
    const week = Number(d[6]);
    const wday = d[7] !== undefined ? Number(d[7]) : 1;
    const jan4 = daysFromCivil(year, 1, 4);
    const jan4wd = ((((jan4 % 7) + 11) % 7) + 6) % 7; // Monday = 0
    const c = civilFromDays(jan4 - jan4wd + (week - 1) * 7 + (wday - 1));
    out[5] = c.year;
    out[4] = c.month;
    out[3] = c.day;
  } else if (d[8] !== undefined) {
    const c = civilFromDays(daysFromCivil(year, 1, 1) + Number(d[8]) - 1);
    out[4] = c.month;
    out[3] = c.day;
  }
  if (timePart !== null && !setTime(timePart)) return null;
  return out;
}

export function parseTimeString(s: string): L[] {
  return iso8601(s) ?? parseTimeRules(s);
}

defsubr("parse-time-string", (s: L) => {
  if (typeof s !== "string") wrongType("stringp", s);
  return list(...parseTimeString(s));
}, { min: 1, max: 1 });

defsubr("iso8601-parse", (s: L, _form: L) => {
  if (typeof s !== "string") wrongType("stringp", s);
  const r = iso8601(s);
  if (!r) signal("wrong-type-argument", s);
  return list(...r);
}, { min: 1, max: 2 });
defsubr("iso8601-valid-p", (s: L) => (typeof s === "string" && iso8601(s) !== null ? 0 : NIL), { min: 1, max: 1 });

function encodeDecoded(p: L[]): L {
  for (let k = 0; k < 6; k++) if (p[k] === NIL) wrongType("fixnump", NIL);
  return encodeTime(p.slice(0, 6), p[8], p[7]);
}

/** RFC 850 dates (06-Nov-94), which parse-time-string leaves to timezone.el in Emacs. */
function rfc850(date: string): L[] | null {
  const m = /(\d{1,2})-([A-Za-z]{3})-(\d{2,4})\s+(\d{1,2}):(\d\d)(?::(\d\d))?\s*([A-Za-z]+|[+-]\d{4})?/.exec(date);
  if (!m) return null;
  const mon = MONTHS[m[2].toLowerCase()];
  if (!mon) return null;
  let year = Number(m[3]);
  if (m[3].length === 2) year += year < 50 ? 2000 : 1900;
  const p: L[] = [Number(m[6] ?? 0), Number(m[5]), Number(m[4]), Number(m[1]), mon, year, NIL, -1, NIL];
  if (m[7]) {
    const z = m[7].toLowerCase();
    if (z in ZONES) {
      p[8] = ZONES[z][0];
      p[7] = NIL;
    } else if (/^[+-]\d{4}$/.test(z)) {
      p[8] = (z[0] === "-" ? -1 : 1) * (Number(z.slice(1, 3)) * 3600 + Number(z.slice(3)) * 60);
      p[7] = NIL;
    }
  }
  return p;
}

export function dateToTime(date: string): L {
  const notRep = (e: unknown) =>
    e instanceof LispSignal && e.data instanceof Cons && e.data.car === "Specified time is not representable";
  try {
    return encodeDecoded(parseTimeString(date));
  } catch (e) {
    if (notRep(e)) throw e;
    const p = rfc850(date);
    if (p) {
      try {
        return encodeDecoded(p);
      } catch (e2) {
        if (notRep(e2)) throw e2;
      }
    }
    error(`Invalid date: ${date}`);
  }
}

defsubr("date-to-time", (date: L) => {
  if (typeof date !== "string") wrongType("stringp", date);
  return dateToTime(date);
}, { min: 1, max: 1 });
defsubr("parse-iso8601-time-string", (date: L) => {
  if (typeof date !== "string") wrongType("stringp", date);
  const p = parseTimeString(date);
  return encodeDecoded(p);
}, { min: 1, max: 1 });
defsubr("safe-date-to-time", (date: L) => {
  if (typeof date !== "string") return list(0, 0);
  try {
    return dateToTime(date);
  } catch {
    return list(0, 0);
  }
}, { min: 1, max: 1 });
function dateToDay(date: L): number {
  const t = typeof date === "string" ? dateToTime(date) : date;
  const tm = localtime(Number(timeSeconds(lispTime(t))), localZone());
  return daysFromCivil(tm.year, tm.mon + 1, tm.mday) + 719163;
}
defsubr("date-to-day", (date: L) => dateToDay(date), { min: 1, max: 1 });
defsubr("days-between", (a: L, b: L) => dateToDay(a) - dateToDay(b), { min: 2, max: 2 });

// format-seconds (time-date.el).
const FS_UNITS: [string, string, number][] = [
  ["y", "year", 365.25 * 24 * 3600], ["d", "day", 86400], ["h", "hour", 3600], ["m", "minute", 60], ["s", "second", 1],
];
defsubr("format-seconds", (string: L, seconds: L) => {
  if (typeof string !== "string") wrongType("stringp", string);
  const specRe = /%\.?[0-9]*(,[0-9])?(.)/g;
  const used = new Set<string>();
  let zeroflag = false;
  let larger = false;
  let prev: number | null = null;
  for (const m of string.matchAll(specRe)) {
    const spec = m[2];
    if (spec === "%") continue;
    const lc = spec.toLowerCase();
    const unit = FS_UNITS.find((u) => u[0] === lc);
    if (!unit && lc !== "z") error(`Bad format specifier: \u2018${spec}\u2019`);
    if (used.has(lc)) error(`Multiple instances of specifier: \u2018${spec}\u2019`);
    used.add(lc);
    if (lc === "z") zeroflag = true;
    else if (!larger) {
      larger = prev !== null && unit![2] > prev;
      prev = unit![2];
    }
  }
  if (zeroflag && larger) error("Units are not in decreasing order of size");
  let secs = typeof seconds === "number" ? seconds : seconds instanceof LispFloat ? seconds.value
    : timeToFloat(lispTime(seconds));
  const fraction = secs - Math.floor(secs);
  const r = Math.round(secs);
  secs = Math.abs(secs - Math.trunc(secs)) === 0.5 ? 2 * Math.round(secs / 2) : r;
  let text = string;
  let zeropos: number | null = null;
  for (const [spec, name, unit] of [...FS_UNITS, ["z", "", 0] as [string, string, number]]) {
    const re = new RegExp(`%(\\.?[0-9]+)?(,[0-9]+)?(${spec})`, "i");
    const m = re.exec(text);
    if (!m) continue;
    if (spec === "z") {
      const from = Math.min(zeropos ?? m.index + m[0].length, m.index);
      text = text.slice(from).replace(/%z/g, "");
      continue;
    }
    const num = Math.floor(secs / unit);
    secs -= num * unit;
    if (zeropos === null && num !== 0) zeropos = m.index;
    const suffix = m[3] === spec ? "" : ` ${name}${num === 1 ? "" : "s"}`;
    let width = m[1] ?? "";
    let rendered: string;
    if (m[2]) {
      const zero = width.startsWith(".");
      if (zero) width = width.slice(1);
      const value = unit === 1 ? num + fraction : num;
      const body = value.toFixed(Number(m[2].slice(1)));
      rendered = width ? body.padStart(Number(width), zero ? "0" : " ") : body;
    } else {
      const zero = width.startsWith(".") || width.startsWith("0");
      const w = Number(width.replace(/^\./, "") || 0);
      rendered = String(num).padStart(w, zero ? "0" : " ");
    }
    text = text.slice(0, m.index) + rendered + suffix + text.slice(m.index + m[0].length);
  }
  return text.replace(/%%/g, "%");
}, { min: 2, max: 2 });

timeConverter.toSeconds = (t: L) => timeToFloat(lispTime(t));

export { stringLength, listToArray, symbolValueCell, UNBOUND };
