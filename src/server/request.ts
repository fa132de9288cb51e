// The request path between node:http and the handler: query and body
// checks, the body read (body.ts), the handler run, then a re-try of the
// deferred requests (defer.ts). Requests without a body call the handler
// synchronously, with no promise in between.
import { L, NIL, Cons, LispSignal, errorMessageString } from "../index.js";
import type { HttpCon } from "./httpcon.js";
import { runHandler, handlerFailed, logLine, describe } from "./server.js";
import { hasBody, readBody, wantsRawBody, maxParams, countParams, reject } from "./body.js";
import { afterHandlerRun } from "./defer.js";

function run(con: HttpCon, handler: L): void {
  runHandler(con, handler);
  afterHandlerRun(con);
}

/** Serve CON with HANDLER: check the query, read the body if there is one, then call the handler. */
export function handleRequest(con: HttpCon, handler: L): void {
  const q = con.query();
  if (q !== null) {
    const limit = maxParams();
    if (q.length > limit && countParams(q, limit) > limit) {
      reject(con, 414, `The query has more than ${limit} parameters.`);
      return;
    }
  }
  if (!hasBody(con)) {
    run(con, handler);
    return;
  }
  let raw: boolean;
  try {
    raw = wantsRawBody(handler);
  } catch (e) {
    handlerFailed(con, e);
    return;
  }
  readBody(con, raw).then(
    (ok) => {
      if (ok) run(con, handler);
    },
    (e) => handlerFailed(con, e),
  );
}

/** Is E the `elnode-bad-request' error (answered 400, not 500)? */
export function isBadRequest(e: unknown): e is LispSignal {
  return e instanceof LispSignal && e.symbol.name === "elnode-bad-request";
}

/** Answer 400 for a bad-request error raised by the handler (an undecodable cookie, say). */
export function answerBadRequest(con: HttpCon, e: LispSignal): void {
  const d = e.data;
  const text = d instanceof Cons && typeof d.car === "string" && d.cdr === NIL ? `Bad request: ${d.car}` : errorMessageString(e.errorObject);
  logLine(`elnode: ${describe(con)} on port ${con.server.port}: ${text}; answered 400`);
  con.pendingHeaders = null;
  if (con.committed) con.abort();
  else reject(con, 400, text);
}
