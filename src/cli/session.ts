// One Lisp session as the `elnode` command sets it up: the runtime with the
// server installed, paren recovery on, -L directories on load-path, and
// --port-override applied to elnode-start.
import * as fs from "node:fs";
import { Lisp } from "../index.js";
import { L, NIL, Sym, Subr } from "../runtime/types.js";
import { intern } from "../runtime/symbols.js";
import { defsubr } from "../runtime/subr.js";
import { funcall, asLispError } from "../runtime/eval.js";
import { LispSignal, errorMessageString } from "../runtime/errors.js";
import { loadOptions, setLoadWarningSink } from "../runtime/builtins/lread.js";
import { installElnode, stopAll, servedPorts, nodeServer } from "../server/index.js";

export interface SessionOptions {
  loadPath?: string[];
  portOverride?: number;
}

export interface Session {
  lisp: Lisp;
}

/** Files named on the command line: absolute path → the name the user gave, for messages. */
export const displayNames = new Map<string, string>();

/** TEXT with a leading absolute file name replaced by the name the user gave. */
export function displayName(text: string): string {
  for (const [abs, given] of displayNames) {
    if (text.startsWith(abs + ":")) return given + text.slice(abs.length);
  }
  return text;
}

export function openSession(opts: SessionOptions = {}): Session {
  loadOptions.recover = true;
  setLoadWarningSink((msg) => void process.stderr.write(displayName(msg) + "\n"));
  const lisp = new Lisp({ loadPath: opts.loadPath });
  installElnode(lisp);
  if (opts.portOverride !== undefined) overridePort(opts.portOverride);
  return { lisp };
}

/**
 * --port-override: wrap elnode-start so that whatever port it is given (a
 * positional PORT or :port), it listens on PORT instead; elnode-stop of any
 * port stops PORT.
 */
function overridePort(port: number): void {
  const sym = intern("elnode-start");
  const original = sym.fn;
  if (!(original instanceof Subr)) return;
  defsubr(
    "elnode-start",
    (args: L[]) => {
      const out = args.slice();
      const k = out.findIndex((a, i) => i > 0 && a instanceof Sym && a.name === ":port");
      if (k > 0) out[k + 1] = port;
      else if (out.length > 1 && out[1] instanceof Sym && (out[1] as Sym).name.startsWith(":") && out[1] !== NIL) {
        out.push(intern(":port"), port);
      } else if (out.length >= 2) out[1] = port;
      else out.push(port);
      return funcall(original, out);
    },
    { min: 1, max: "many", doc: original.doc },
  );
  // (elnode-stop 8000) stops the server that (elnode-start h 8000) started.
  const stopSym = intern("elnode-stop");
  const stop = stopSym.fn;
  if (stop instanceof Subr) {
    defsubr("elnode-stop", (_port: L) => funcall(stop, [port]), { min: 1, max: 1, doc: stop.doc });
  }
}

/** The text of an uncaught error as Emacs batch prints it: `FILE:LINE:COL: message` when the place is known. */
export function errorText(raw: unknown): string {
  const e = asLispError(raw);
  if (e instanceof LispSignal) {
    const where = e.location ? `${displayName(e.location)}: ` : "";
    return where + errorMessageString(e.errorObject);
  }
  if (e && typeof e === "object" && "tag" in e && "value" in e) {
    // An uncaught throw reaching top level.
    return `No catch for tag: ${String((e as { tag: unknown }).tag)}`;
  }
  return `internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
}

// ---------------------------------------------------------------------------
// Shutting down: what Ctrl-C, SIGTERM and the end of a REPL session do.

/** Child processes of this process (Linux /proc), as a last resort for killing them. */
function childPids(): number[] {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces and parens, so split after the last ')'.
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(rest[1]) === process.pid) out.push(Number(e));
    } catch {
      /* gone already */
    }
  }
  return out;
}

/** Kill the processes Lisp started (delete-process on process-list, then any child left). */
export function killChildren(): void {
  const pl = intern("process-list");
  const del = intern("delete-process");
  if (pl.fn !== NIL && del.fn !== NIL) {
    try {
      let p = funcall(pl, []);
      while (p !== NIL && typeof p === "object" && "car" in (p as object)) {
        const c = p as unknown as { car: L; cdr: L };
        try {
          funcall(del, [c.car]);
        } catch {
          /* already dead */
        }
        p = c.cdr;
      }
    } catch {
      /* no process support */
    }
  }
  for (const pid of childPids()) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      /* gone */
    }
  }
}

/**
 * Stop accepting connections on every server, let the responses in flight
 * finish (at most GRACE ms; then the connections are closed), kill child
 * processes. Resolves when done.
 */
export function shutdownServers(graceMs = 5000): Promise<void> {
  const servers = servedPorts()
    .map((p) => nodeServer(p))
    .filter((s): s is NonNullable<typeof s> => s !== undefined);
  const closed = servers.map((s) => new Promise<void>((resolve) => s.once("close", () => resolve())));
  stopAll();
  return new Promise<void>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearInterval(idle);
      clearTimeout(hard);
      killChildren();
      resolve();
    };
    // Keep-alive connections that become idle after their response are closed as soon as they do.
    const idle = setInterval(() => {
      for (const s of servers) s.closeIdleConnections();
    }, 50);
    const hard = setTimeout(() => {
      for (const s of servers) s.closeAllConnections();
      setTimeout(finish, 100);
    }, graceMs);
    Promise.all(closed).then(finish);
  });
}

/** Close everything at once (a second Ctrl-C, or an exit with servers still up). */
export function shutdownNow(): void {
  const servers = servedPorts()
    .map((p) => nodeServer(p))
    .filter((s): s is NonNullable<typeof s> => s !== undefined);
  stopAll();
  for (const s of servers) s.closeAllConnections();
  killChildren();
}
