// Deferred handlers (long polling): a handler calls (elnode-defer-now FN),
// which signals `elnode-defer' with FN; the request then waits, its
// connection open, and FN is called with it again later.
//
// Waiting costs nothing: the waiting requests are re-tried when something
// may have changed, that is after each handler run for a new request (a
// chat message POSTed, say), and on a timer that runs only while requests
// wait (every `elnode-defer-poll-interval' seconds, 0.25 by default), for
// guards that depend on time, timers or processes. No queue has to be
// started (elnode's `elnode-deferred-queue-start' is accepted and does
// nothing). A client that goes away is dropped from the wait at once, and
// the functions in `elnode-defer-failure-hook' are called with the
// connection and the symbol `closed'.
import { L, NIL, Cons, LispSignal, LispFloat, intern, funcall } from "../index.js";
import type { HttpCon } from "./httpcon.js";
import { runHandler, logLine, describe } from "./server.js";
import { varValue, isFunction } from "./kwargs.js";

const deferSym = intern("elnode-defer");
const closedSym = intern("closed");

/** Is E the elnode-defer signal? */
export function isDeferSignal(e: unknown): e is LispSignal {
  return e instanceof LispSignal && e.symbol === deferSym;
}

const waiting = new Map<HttpCon, L>();
const watched = new WeakSet<HttpCon>();
let immediate: NodeJS.Immediate | null = null;
let timer: NodeJS.Timeout | null = null;
let timerInterval = 0;

/** How many requests wait. */
export function deferredCount(): number {
  return waiting.size;
}

function failureHook(con: HttpCon): void {
  let hooks = varValue("elnode-defer-failure-hook");
  if (hooks === NIL) return;
  if (isFunction(hooks)) hooks = new Cons(hooks, NIL);
  for (let h: L = hooks; h instanceof Cons; h = h.cdr) {
    try {
      funcall(h.car, [con, closedSym]);
    } catch (e) {
      logLine(`elnode: error in elnode-defer-failure-hook for ${describe(con)}: ${e instanceof LispSignal ? e.toString() : String(e)}`);
    }
  }
}

function pollInterval(): number {
  const v = varValue("elnode-defer-poll-interval");
  const n = typeof v === "number" ? v : v instanceof LispFloat ? v.value : 0.25;
  return Number.isFinite(n) && n > 0 ? Math.max(n * 1000, 10) : 250;
}

/** Keep the poll timer running exactly while requests wait. */
function updateTimer(): void {
  if (waiting.size === 0) {
    if (timer) clearInterval(timer);
    timer = null;
    return;
  }
  const ms = pollInterval();
  if (timer && ms === timerInterval) return;
  if (timer) clearInterval(timer);
  timerInterval = ms;
  timer = setInterval(processDeferred, ms);
  timer.unref();
}

/** CON waits; HANDLER is called with it when the waiting requests are next re-tried. */
export function deferRequest(con: HttpCon, handler: L): void {
  if (!con.isLive()) return;
  waiting.set(con, handler);
  if (!watched.has(con)) {
    watched.add(con);
    con.res.once("close", () => {
      if (waiting.delete(con)) {
        failureHook(con);
        updateTimer();
      }
    });
  }
  updateTimer();
}

/** Re-try every waiting request once (each may wait again). */
export function processDeferred(): void {
  if (immediate) {
    clearImmediate(immediate);
    immediate = null;
  }
  if (waiting.size > 0) {
    const batch = [...waiting];
    waiting.clear();
    for (const [con, handler] of batch) {
      if (con.isLive()) runHandler(con, handler);
    }
  }
  updateTimer();
}

/** Called after a handler ran for a new request: re-try the waiting ones soon (once per turn of the loop). */
export function afterHandlerRun(con: HttpCon): void {
  if (waiting.size === 0 || immediate !== null) return;
  // The request that has just deferred changed nothing the others wait for.
  if (waiting.size === 1 && waiting.has(con)) return;
  immediate = setImmediate(processDeferred);
}

/** Drop every waiting request (elnode-deferred-queue with an argument). */
export function clearDeferred(): void {
  waiting.clear();
  updateTimer();
}
