// Timers (Emacs: timer.el, and the part of keyboard.c's timer_check that
// runs them), on Node's setTimeout.
//
// A timer is what Emacs makes it, a 10-slot vector
//   [TRIGGERED HIGH LOW USECS REPEAT-DELAY FUNCTION ARGS IDLE-DELAY PSECS INTEGRAL-MULTIPLE]
// kept in `timer-list' (or `timer-idle-list') while active. Each active timer
// has one Node timeout armed for its time; cancelling clears it, so pending
// timers, and only they, keep the event loop (and `elnode run') alive.
// Timers also run during synchronous waits (sleep-for, sit-for,
// accept-process-output), as in Emacs. "Idle" is the event loop's idleness:
// an idle timer runs SECS seconds after it is armed, once the current Lisp
// work has returned to the event loop (not during synchronous waits, as in
// batch Emacs); a repeating idle timer runs again SECS seconds later, at
// least one second, since the event loop has no input idleness to wait for.
// Errors in timer functions are reported, never propagated.
import { L, NIL, T, Sym, Cons, LispFloat, list, listToArray, arrayToList, bool, makeFloat, makeSymbol } from "../types.js";
import { intern, defvar } from "../symbols.js";
import { LispSignal, LispThrow, error, wrongType, signal } from "../errors.js";
import { defsubr } from "../subr.js";
import { funcall, symbolValueCell } from "../eval.js";
import { UNBOUND } from "../types.js";
import { defmacroTS } from "../compile/index.js";
import { prin1ToString } from "../printer.js";
import { messageToStderr } from "../output.js";
import { buffers } from "./fileio.js";
import { provideFeature } from "./emacs.js";
import {
  lispTime, timeList4, timeToFloat, nowNs, decodeTime, localtime, lispZone, mktime, timeSeconds, Time,
} from "./timefns.js";

const VtimerList = defvar("timer-list", NIL);
const VtimerIdleList = defvar("timer-idle-list", NIL);
const VmaxRepeats = defvar("timer-max-repeats", 10);
defvar("timer-event-last", NIL);
defvar("timer-event-last-1", NIL);
defvar("timer-event-last-2", NIL);
defvar("with-timeout-timers", NIL);
defvar("timer-duration-words", arrayToList([
  ["microsec", 1e-6], ["microsecond", 1e-6], ["millisec", 0.001], ["millisecond", 0.001], ["sec", 1],
  ["second", 1], ["min", 60], ["minute", 60], ["hour", 3600], ["day", 86400], ["week", 604800],
  ["fortnight", 1209600], ["month", 2592000], ["year", 31557600],
].map(([w, n]) => new Cons(w as string, Number.isInteger(n) ? (n as number) : makeFloat(n as number)))));

// Slots.
const TRIGGERED = 0;
const HIGH = 1;
const LOW = 2;
const USECS = 3;
const REPEAT = 4;
const FUNCTION = 5;
const ARGS = 6;
const IDLE = 7;
const PSECS = 8;
const INTEGRAL = 9;

type Timer = L[];

export function isTimer(x: L): x is Timer {
  return Array.isArray(x) && x.length >= 9 && x.length <= 10;
}

function check(x: L): Timer {
  if (!isTimer(x)) signal("wrong-type-argument", list(intern("timerp"), x));
  return x;
}

function makeTimer(): Timer {
  return [T, NIL, NIL, NIL, NIL, NIL, NIL, NIL, NIL, NIL];
}

const listValue = (s: Sym): L => {
  const v = symbolValueCell(s);
  return v === UNBOUND ? NIL : (v as L);
};

function memq(x: L, l: L): Cons | null {
  for (; l instanceof Cons; l = l.cdr) if (l.car === x) return l;
  return null;
}

function delq(x: L, l: L): L {
  const items = listToArray(l).filter((e) => e !== x);
  return arrayToList(items);
}

// ---------------------------------------------------------------------------
// Time slots

function setTime(t: Timer, time: L): void {
  const l = listToArray(timeList4(lispTime(time)));
  t[HIGH] = l[0];
  t[LOW] = l[1];
  t[USECS] = l[2];
  t[PSECS] = l[3];
}

function timerTime(t: Timer): L {
  return list(t[HIGH], t[LOW], t[USECS], t[PSECS]);
}

/** The timer's time in epoch milliseconds (absolute timers) or its delay (idle timers). */
function timerMs(t: Timer): number {
  try {
    return timeToFloat(lispTime(timerTime(t))) * 1000;
  } catch {
    return 0;
  }
}

function nowMs(): number {
  return Number(nowNs() / 1000n) / 1000;
}

// ---------------------------------------------------------------------------
// Arming: one Node timeout per active timer

const handles = new WeakMap<Timer, NodeJS.Timeout>();
const armed = new Set<Timer>();
const MAX_DELAY = 2147483647;

function disarm(t: Timer): void {
  const h = handles.get(t);
  if (h) clearTimeout(h);
  handles.delete(t);
  armed.delete(t);
}

function arm(t: Timer, minDelay = 0): void {
  disarm(t);
  if (t[TRIGGERED] !== NIL) return;
  const idle = memq(t, listValue(VtimerIdleList)) !== null;
  if (!idle && memq(t, listValue(VtimerList)) === null) return;
  const delay = Math.max(minDelay, idle ? timerMs(t) : timerMs(t) - nowMs());
  const wait = Math.max(0, Math.min(MAX_DELAY, Math.ceil(delay)));
  const h = setTimeout(() => {
    handles.delete(t);
    armed.delete(t);
    if (!idle && timerMs(t) - nowMs() > 1) {
      // A long delay is reached in steps.
      arm(t);
      return;
    }
    try {
      fire(t);
    } catch (e) {
      // Nothing may escape into the event loop.
      if (e instanceof LispSignal) reportTimerError(t, e);
      else reportTimerError(t, new LispSignal(intern("error"), list(String(e instanceof LispThrow ? "no-catch" : e))));
    }
  }, wait);
  handles.set(t, h);
  armed.add(t);
}

function fire(t: Timer): void {
  const inList = memq(t, listValue(VtimerList)) !== null || memq(t, listValue(VtimerIdleList)) !== null;
  if (!inList || t[TRIGGERED] !== NIL) return;
  timerEventHandler(t);
}

/** Run every active (non-idle) timer whose time has come; used while waiting synchronously. */
export function runDueTimers(): boolean {
  let ran = false;
  const now = nowMs();
  for (const t of listToArray(listValue(VtimerList))) {
    if (!isTimer(t) || t[TRIGGERED] !== NIL) continue;
    if (timerMs(t) <= now) {
      disarm(t);
      timerEventHandler(t);
      ran = true;
    }
  }
  return ran;
}

/** Epoch milliseconds of the next active timer, or null. */
export function nextTimerDue(): number | null {
  let best: number | null = null;
  for (const t of listToArray(listValue(VtimerList))) {
    if (!isTimer(t) || t[TRIGGERED] !== NIL) continue;
    const ms = timerMs(t);
    if (best === null || ms < best) best = ms;
  }
  return best;
}

// ---------------------------------------------------------------------------
// Activation, cancellation, running

function timeLess(a: Timer, b: Timer): boolean {
  return timerMs(a) < timerMs(b);
}

function activate(t: Timer, triggered: L, reuseCell: L, idle: boolean, minDelay = 0): L {
  const ints = [t[HIGH], t[LOW], t[USECS], t[PSECS]].every((x) => typeof x === "number" || typeof x === "bigint");
  if (!isTimer(t) || !ints || t[FUNCTION] === NIL) error("Invalid or uninitialized timer");
  const sym = idle ? VtimerIdleList : VtimerList;
  const items = listToArray(listValue(sym)).filter((x) => x !== t);
  let k = 0;
  while (k < items.length && isTimer(items[k]) && timeLess(items[k] as Timer, t)) k++;
  items.splice(k, 0, t);
  sym.value = arrayToList(items);
  void reuseCell;
  t[TRIGGERED] = triggered;
  t[IDLE] = idle ? intern("idle") : NIL;
  if (triggered === NIL) arm(t, minDelay);
  return NIL;
}

function cancel(t: Timer): void {
  VtimerList.value = delq(t, listValue(VtimerList));
  VtimerIdleList.value = delq(t, listValue(VtimerIdleList));
  disarm(t);
}

function reportTimerError(t: Timer, e: LispSignal): void {
  const fn = t[FUNCTION];
  const name = fn instanceof Sym ? ` \u2018${fn.name}\u2019` : "";
  let text: string;
  try {
    text = prin1ToString(new Cons(e.symbol, e.data));
  } catch {
    text = String(e);
  }
  try {
    messageToStderr(`Error running timer${name}: ${text}`);
  } catch {
    process.stderr.write(`Error running timer${name}: ${text}\n`);
  }
}

function timerEventHandler(t: Timer): void {
  intern("timer-event-last-2").value = listValue(intern("timer-event-last-1"));
  intern("timer-event-last-1").value = listValue(intern("timer-event-last"));
  intern("timer-event-last").value = t;
  const wasActive = memq(t, listValue(VtimerList)) !== null || memq(t, listValue(VtimerIdleList)) !== null;
  cancel(t);
  if (!wasActive) return;
  let retrigger = false;
  const repeat = t[REPEAT];
  if (repeat !== NIL) {
    if (t[IDLE] !== NIL) {
      // The next idle period: SECS more seconds, and at least one, so that a
      // repeating idle timer never spins the event loop.
      activate(t, NIL, NIL, true, 1000);
    } else {
      const delta = typeof repeat === "number" ? repeat : repeat instanceof LispFloat ? repeat.value : 0;
      let next = timerMs(t) + delta * 1000;
      const max = listValue(VmaxRepeats);
      const now = nowMs();
      if (typeof max === "number" && next < now && delta > 0) {
        const repeats = (now - next) / 1000 / delta;
        if (repeats > max) next += delta * 1000 * repeats;
      }
      if (t.length > 9 && t[INTEGRAL] !== NIL && delta > 0) {
        next = Math.floor(now / 1000 / delta + 1) * delta * 1000;
      }
      setTime(t, makeFloat(next / 1000));
      activate(t, T, NIL, false);
      retrigger = true;
    }
  }
  const old = safeCurrentBuffer();
  try {
    funcall(intern("apply"), [t[FUNCTION], t[ARGS]]);
  } catch (e) {
    if (e instanceof LispSignal) reportTimerError(t, e);
    else if (e instanceof LispThrow) throw e;
    else reportTimerError(t, new LispSignal(intern("error"), list(String(e))));
  } finally {
    restoreBuffer(old);
  }
  if (retrigger && memq(t, listValue(VtimerList)) !== null) {
    t[TRIGGERED] = NIL;
    arm(t);
  }
}

function safeCurrentBuffer(): L {
  try {
    return intern("current-buffer").fn !== NIL ? buffers.current() : NIL;
  } catch {
    return NIL;
  }
}
function restoreBuffer(b: L): void {
  try {
    if (b !== NIL && buffers.live(b)) funcall(intern("set-buffer"), [b]);
  } catch {
    /* gone */
  }
}

// ---------------------------------------------------------------------------
// Parsing TIME arguments of run-at-time

/** timer-duration: "90", "2 hours 35 minutes" ... in seconds, or null. */
export function timerDuration(s: string): number | null {
  const words = listToArray(listValue(intern("timer-duration-words")));
  const lookup = (w: string): number | null => {
    for (const e of words) {
      if (e instanceof Cons && e.car === w) {
        const v = e.cdr;
        return typeof v === "number" ? v : v instanceof LispFloat ? v.value : null;
      }
    }
    return null;
  };
  let secs: number | null = 0;
  let start = 0;
  const re = /[ \t]*([0-9.]+)?[ \t]*([a-z]+[a-rt-z])s?[ \t]*/g;
  for (;;) {
    re.lastIndex = start;
    const m = re.exec(s);
    if (!m) break;
    const count = m[1] !== undefined ? Number.parseFloat(m[1]) || 0 : 1;
    const size = lookup(m[2]);
    if (size !== null) {
      start = m.index + m[0].length;
      secs = (secs ?? 0) + count * size;
      if (m[0].length === 0) break;
    } else {
      secs = null;
      start = s.length;
    }
  }
  if (start === s.length) return secs;
  if (/^[0-9.]+$/.test(s)) return Number.parseFloat(s) || 0;
  return null;
}

/** diary-entry-time: "11:23pm", "1423", "9am" ... as HHMM, or -9999. */
export function diaryEntryTime(s: string): number {
  let m = /^[ \t]*([0-9]?[0-9])[:.]?([0-9][0-9])(?![0-9a-zA-Z])/.exec(s);
  if (m && !/^[ \t]*[0-9]?[0-9][:.]?[0-9][0-9][ \t]*[apAP][mM]\b/.test(s)) return Number(m[1]) * 100 + Number(m[2]);
  m = /^[ \t]*([0-9]?[0-9])[:.]([0-9][0-9])([apAP])[mM]\b/.exec(s);
  if (m) return (Number(m[1]) % 12) * 100 + Number(m[2]) + (/[pP]/.test(m[3]) ? 1200 : 0);
  m = /^[ \t]*([0-9]?[0-9])([apAP])[mM]\b/.exec(s);
  if (m) return (Number(m[1]) % 12) * 100 + (/[pP]/.test(m[2]) ? 1200 : 0);
  return -9999;
}

function relative(secs: number): L {
  return makeFloat(nowMs() / 1000 + secs);
}

function numberValue(x: L): number | null {
  if (typeof x === "number") return x;
  if (typeof x === "bigint") return Number(x);
  if (x instanceof LispFloat) return x.value;
  return null;
}

export function runAtTime(time: L, repeat: L, fn: L, args: L[]): Timer {
  const rep = numberValue(repeat);
  if (repeat !== NIL && rep !== null && rep < 0) error("Invalid repetition interval");
  const t = makeTimer();
  if (time === NIL) time = timeList4({ ticks: nowNs(), hz: 1000000000n });
  if (time === T && repeat !== NIL) {
    const r = rep ?? 0;
    const now = nowMs() / 1000;
    time = timeList4(lispTime(makeFloat(r > 0 ? Math.floor(now / r + 1) * r : now)));
    t[INTEGRAL] = T;
  }
  const n = numberValue(time);
  if (n !== null) time = relative(n);
  if (typeof time === "string") {
    const secs = timerDuration(time);
    if (secs !== null) time = relative(secs);
  }
  if (typeof time === "string") {
    const hhmm = diaryEntryTime(time);
    if (hhmm >= 0) {
      const zone = lispZone(NIL);
      const now = localtime(Number(timeSeconds(lispTime(NIL))), zone);
      time = mktime(now.year, now.mon + 1, now.mday, Math.floor(hhmm / 100), hhmm % 100, 0, zone, null);
    }
  }
  setTime(t, time);
  t[REPEAT] = rep !== null && rep > 0 ? repeat : NIL;
  t[FUNCTION] = fn;
  t[ARGS] = arrayToList(args);
  activate(t, NIL, NIL, false);
  return t;
}

// ---------------------------------------------------------------------------
// Lisp

defsubr("timerp", (x: L) => bool(isTimer(x)), { min: 1, max: 1 });
defsubr("timer-create", () => makeTimer(), { min: 0, max: 0 });
defsubr("timer--create", () => makeTimer(), { min: 0, max: 0 });

const SLOT_NAMES = ["triggered", "high-seconds", "low-seconds", "usecs", "repeat-delay", "function", "args",
  "idle-delay", "psecs", "integral-multiple"];
SLOT_NAMES.forEach((name, k) => {
  defsubr(`timer--${name}`, (t: L) => {
    const timer = check(t);
    return k < timer.length ? timer[k] : NIL;
  }, { min: 1, max: 1 });
  defsubr(`(setf timer--${name})`, (v: L, t: L) => (check(t)[k] = v), { min: 2, max: 2 });
});

defsubr("timer--time", (t: L) => timerTime(check(t)), { min: 1, max: 1 });
defsubr("timer--time-setter", (t: L, time: L) => {
  setTime(check(t), time);
  return time;
}, { min: 2, max: 2 });
defsubr("(setf timer--time)", (time: L, t: L) => {
  setTime(check(t), time);
  return time;
}, { min: 2, max: 2 });
defsubr("timer-set-time", (t: L, time: L, delta: L) => {
  const timer = check(t);
  setTime(timer, time);
  const d = numberValue(delta);
  timer[REPEAT] = d !== null && d > 0 ? delta : NIL;
  return timer;
}, { min: 2, max: 3 });
defsubr("timer-set-idle-time", (t: L, secs: L, repeat: L) => {
  const timer = check(t);
  setTime(timer, secs);
  timer[REPEAT] = repeat;
  return timer;
}, { min: 2, max: 3 });
defsubr("timer-set-function", (t: L, fn: L, args: L) => {
  const timer = check(t);
  timer[FUNCTION] = fn;
  timer[ARGS] = args;
  return timer;
}, { min: 2, max: 3 });
defsubr("timer-relative-time", (time: L, secs: L, usecs: L, psecs: L) => {
  let delta: L = secs;
  if (usecs !== NIL || psecs !== NIL) {
    delta = funcall(intern("time-add"), [delta, list(0, 0, usecs === NIL ? 0 : usecs, psecs === NIL ? 0 : psecs)]);
  }
  return funcall(intern("time-add"), [time, delta]);
}, { min: 2, max: 4 });
defsubr("timer-inc-time", (t: L, secs: L, usecs: L, psecs: L) => {
  const timer = check(t);
  const next = funcall(intern("timer-relative-time"), [timerTime(timer), secs, usecs, psecs]);
  setTime(timer, next);
  return next;
}, { min: 2, max: 4 });
defsubr("timer-until", (t: L, time: L) => {
  const a = lispTime(time);
  const b = lispTime(timerTime(check(t)));
  const diff: Time = { ticks: a.ticks * b.hz - b.ticks * a.hz, hz: a.hz * b.hz };
  return makeFloat(timeToFloat(diff));
}, { min: 2, max: 2 });
defsubr("timer-next-integral-multiple-of-time", (time: L, secs: L) => {
  const s = numberValue(secs);
  if (s === null || s <= 0) wrongType("numberp", secs);
  const now = timeToFloat(decodeTime(time).time);
  return timeList4(lispTime(makeFloat(Math.floor(now / s + 1) * s)));
}, { min: 2, max: 2 });
defsubr("timer-activate", (t: L, triggered: L, reuseCell: L) => activate(check(t), triggered, reuseCell, false), {
  min: 1, max: 3,
});
defsubr("timer-activate-when-idle", (t: L, _dontWait: L, reuseCell: L) => activate(check(t), NIL, reuseCell, true), {
  min: 1, max: 3,
});
defsubr("cancel-timer", (t: L) => {
  cancel(check(t));
  return NIL;
}, { min: 1, max: 1 });
defsubr("cancel-timer-internal", (t: L) => {
  const timer = check(t);
  const cell = memq(timer, listValue(VtimerList)) ?? memq(timer, listValue(VtimerIdleList));
  cancel(timer);
  return cell ?? NIL;
}, { min: 1, max: 1 });
defsubr("cancel-function-timers", (fn: L) => {
  for (const sym of [VtimerList, VtimerIdleList]) {
    for (const t of listToArray(listValue(sym))) if (isTimer(t) && t[FUNCTION] === fn) cancel(t);
  }
  return NIL;
}, { min: 1, max: 1 });
defsubr("timer-event-handler", (t: L) => {
  timerEventHandler(check(t));
  return NIL;
}, { min: 1, max: 1 });
defsubr("timer-duration", (s: L) => {
  if (typeof s !== "string") wrongType("stringp", s);
  const d = timerDuration(s);
  if (d === null) return NIL;
  return Number.isInteger(d) ? d : makeFloat(d);
}, { min: 1, max: 1 });

defsubr("run-at-time", (args: L[]) => runAtTime(args[0], args[1], args[2], args.slice(3)), { min: 3, max: "many" });
defsubr("run-with-timer", (args: L[]) => runAtTime(args[0], args[1], args[2], args.slice(3)), { min: 3, max: "many" });
defsubr("add-timeout", (secs: L, fn: L, object: L, repeat: L) => runAtTime(secs, repeat, fn, [object]), {
  min: 3, max: 4,
});
defsubr("run-with-idle-timer", (args: L[]) => {
  const [secs, repeat, fn] = args;
  const t = makeTimer();
  t[FUNCTION] = fn;
  t[ARGS] = arrayToList(args.slice(3));
  setTime(t, secs);
  t[REPEAT] = repeat;
  activate(t, NIL, NIL, true);
  return t;
}, { min: 3, max: "many" });
defsubr("current-idle-time", () => NIL, { min: 0, max: 0 });

// (with-timeout (SECONDS TIMEOUT-FORMS...) BODY...), as timer.el expands it.
defmacroTS("with-timeout", (args: L[]) => {
  const spec = args[0];
  if (!(spec instanceof Cons)) wrongType("consp", spec);
  const seconds = spec.car;
  const timeoutForms = spec.cdr;
  const body = arrayToList(args.slice(1));
  const S = (n: string) => intern(n);
  const tag = makeSymbol("timeout");
  const q = (x: L) => list(S("quote"), x);
  const value = S("-with-timeout-value-");
  const timer = S("-with-timeout-timer-");
  return list(
    S("let"),
    list(list(value, list(
      S("catch"), q(tag),
      list(
        S("let*"),
        list(
          list(timer, list(S("run-with-timer"), seconds, NIL, list(S("lambda"), NIL, list(S("throw"), q(tag), q(tag))))),
          list(S("with-timeout-timers"), list(S("cons"), timer, S("with-timeout-timers"))),
        ),
        list(S("unwind-protect"), new Cons(S("progn"), body), list(S("cancel-timer"), timer)),
      ),
    ))),
    list(S("if"), list(S("eq"), value, q(tag)), new Cons(S("progn"), timeoutForms), value),
  );
}, 1);

export { timerEventHandler };

// timer.el is preloaded in Emacs.
provideFeature("timer");
