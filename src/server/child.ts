// elnode-child-process: run a program (no shell; a bare name is looked up on
// PATH) and stream its standard output to the client as it comes. The
// response starts with the handler's elnode-http-start status and headers,
// or 200, at the first output; it finishes when the output ends. A slow
// client pauses the child (its pipe fills up and it blocks); a client that
// goes away kills it. A program that cannot be started gives a 500.
import type * as ChildProcesses from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { L, ProcessLike, error } from "../index.js";
import type { HttpCon } from "./httpcon.js";
import { logLine, describe } from "./server.js";
import { sendStatusPage } from "./files.js";
import { lazyModule } from "../runtime/lazy-module.js";

const childProcesses = lazyModule<typeof ChildProcesses>("node:child_process");

/** The child as Lisp sees it: a process object (process-live-p, process-get ...). */
export class ElnodeChild extends ProcessLike {
  constructor(readonly child: ChildProcess | null, readonly program: string) {
    super();
  }
  get processName(): string {
    return this.program;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }
  isLive(): boolean {
    const c = this.child;
    return c !== null && c.pid !== undefined && c.exitCode === null && c.signalCode === null;
  }
}

/** Children still running, so that a host shutting down can end them. */
const running = new Set<ChildProcess>();

/** Kill every child process elnode-child-process started that is still running. */
export function killChildren(signal: NodeJS.Signals = "SIGTERM"): void {
  for (const c of running) c.kill(signal);
}

export function childProcess(con: HttpCon, program: string, args: L[]): ElnodeChild {
  const argv = args.map((a) => {
    if (typeof a === "string") return a;
    if (typeof a === "number" || typeof a === "bigint") return String(a);
    return error(`elnode-child-process: argument is not a string: ${String(a)}`);
  });
  if (con.finished || con.res.destroyed) error(`Process ${con.processName} not running`);
  if (con.req.method === "HEAD") {
    // Headers only: nothing to run for.
    con.streamStart();
    con.finish(null);
    return new ElnodeChild(null, program);
  }
  const child = childProcesses().spawn(program, argv, { stdio: ["ignore", "pipe", "inherit"], shell: false });
  const proc = new ElnodeChild(child, program);
  if (child.pid !== undefined) {
    running.add(child);
    child.once("exit", () => running.delete(child));
  }
  let started = false;
  let outputEnded = false;
  const done = () => {
    if (con.finished) return;
    con.streamStart();
    con.finish(null);
  };
  child.once("spawn", () => {
    started = true;
    if (outputEnded) done();
  });
  child.once("error", (e: NodeJS.ErrnoException) => {
    if (!started) {
      logLine(`elnode: cannot run ${program} for ${describe(con)}: ${e.message}`);
      sendStatusPage(con, 500, "Internal Server Error");
    } else {
      logLine(`elnode: child ${program} for ${describe(con)}: ${e.message}`);
    }
  });
  const stdout = child.stdout!;
  // The first output starts the response, so a failed spawn can still answer 500.
  stdout.once("data", () => con.streamStart());
  con.pump(stdout, (err) => {
    if (err) {
      logLine(`elnode: reading ${program} for ${describe(con)}: ${err.message}`);
      con.abort();
      return;
    }
    outputEnded = true;
    if (started) done();
  });
  con.res.once("close", () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  });
  return proc;
}

