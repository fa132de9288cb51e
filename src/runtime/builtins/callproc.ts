// Synchronous subprocesses (Emacs: callproc.c, and process-lines,
// shell-command-to-string and friends of simple.el / subr.el), on
// child_process.spawnSync. Programs run without a shell, except for the
// shell-command functions, which run `shell-file-name' with
// `shell-command-switch'. Output that Emacs merges (standard output and
// error into one buffer) goes through one temporary file, so its order is
// the order the child wrote it in.
import type * as ChildProcesses from "node:child_process";
import { lazyModule } from "../lazy-module.js";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { L, NIL, T, Sym, Cons, list, listToArray, arrayToList } from "../types.js";

const childProcesses = lazyModule<typeof ChildProcesses>("node:child_process");
import { intern } from "../symbols.js";
import { signal, error, wrongType } from "../errors.js";
import { defsubr } from "../subr.js";
import { funcall } from "../eval.js";
import { buffers, expandFileName, reportFileError, decodeText, encodeText } from "./fileio.js";
import { childEnvironment } from "./emacs.js";
import { resolveProgram, childCwd, findExecutable, shellFileName, shellSwitch, signalDescription, signalNumber } from "./process.js";
import { messageToStderr } from "../output.js";

const call = (name: string, ...args: L[]): L => funcall(intern(name), args);

function stringArgs(args: L[]): string[] {
  return args.map((a) => {
    if (typeof a !== "string") wrongType("stringp", a);
    return a;
  });
}

let tmpCounter = 0;
function tempPath(tag: string): string {
  return path.join(os.tmpdir(), `elnode-${tag}-${process.pid}-${Date.now()}-${tmpCounter++}`);
}

interface Destination {
  /** Where standard output goes: a buffer, a file name, or nowhere. */
  out: { kind: "buffer"; buffer: L } | { kind: "file"; file: string } | { kind: "discard" };
  /** Standard error: with standard output, to a file, or discarded. */
  err: { kind: "same" } | { kind: "file"; file: string } | { kind: "discard" };
  noWait: boolean;
}

function parseDestination(dest: L): Destination {
  // An integer: discard the output and do not wait.
  if (typeof dest === "number") return { out: { kind: "discard" }, err: { kind: "discard" }, noWait: true };
  let real: L = dest;
  let err: Destination["err"] = { kind: "same" };
  if (dest instanceof Cons) {
    if (dest.car === intern(":file")) {
      const f = dest.cdr instanceof Cons ? dest.cdr.car : NIL;
      if (typeof f !== "string") wrongType("stringp", f);
      return { out: { kind: "file", file: expandFileName(f) }, err: { kind: "same" }, noWait: false };
    }
    real = dest.car;
    const e = dest.cdr instanceof Cons ? dest.cdr.car : NIL;
    if (e === NIL) err = { kind: "discard" };
    else if (e === T) err = { kind: "same" };
    else if (typeof e === "string") err = { kind: "file", file: expandFileName(e) };
    else wrongType("stringp", e);
  }
  let out: Destination["out"];
  if (real === NIL) out = { kind: "discard" };
  else if (real === T) out = { kind: "buffer", buffer: buffers.current() };
  else if (typeof real === "number") return { out: { kind: "discard" }, err: { kind: "discard" }, noWait: true };
  else if (typeof real === "string") out = { kind: "buffer", buffer: buffers.getCreate(real) };
  else if (buffers.isBuffer(real)) out = { kind: "buffer", buffer: real };
  else wrongType("bufferp", real);
  return { out, err, noWait: false };
}

export interface RunResult {
  status: L;
  output: string;
}

/**
 * Run PROGRAM with ARGS synchronously, standard input from INFILE (a file
 * name or null for /dev/null), output as DEST says; returns Emacs's value
 * (the exit status, or a signal description) and the decoded output that
 * was meant for a buffer.
 */
export function runSync(program: string, args: string[], infile: string | null, dest: Destination): RunResult {
  const file = resolveProgram(program);
  const cwd = childCwd();
  let inFd: number | "ignore" = "ignore";
  if (infile !== null) {
    try {
      inFd = fs.openSync(infile, "r");
    } catch (e) {
      reportFileError("Opening process input file", e, infile);
    }
  }
  const opened: number[] = typeof inFd === "number" ? [inFd] : [];
  let outPath: string | null = null;
  try {
    if (dest.noWait) {
      const child = childProcesses().spawn(file, args, { argv0: program, cwd, env: childEnvironment(), stdio: [inFd, "ignore", "ignore"], detached: true });
      child.on("error", () => {});
      child.unref();
      return { status: NIL, output: "" };
    }
    let outFd: number | "ignore" = "ignore";
    if (dest.out.kind === "file") {
      try {
        outFd = fs.openSync(dest.out.file, "w");
      } catch (e) {
        reportFileError("Opening output file", e, dest.out.file);
      }
      opened.push(outFd);
    } else if (dest.out.kind === "buffer") {
      outPath = tempPath("out");
      try {
        outFd = fs.openSync(outPath, "w+", 0o600);
      } catch (e) {
        reportFileError("Creating temporary file", e, outPath);
      }
      opened.push(outFd);
    }
    let errFd: number | "ignore" = "ignore";
    if (dest.err.kind === "same") errFd = outFd;
    else if (dest.err.kind === "file") {
      try {
        errFd = fs.openSync(dest.err.file, "w");
      } catch (e) {
        reportFileError("Opening error output file", e, dest.err.file);
      }
      opened.push(errFd);
    }
    const r = childProcesses().spawnSync(file, args, { argv0: program, cwd, env: childEnvironment(), stdio: [inFd, outFd, errFd] });
    if (r.error && (r.error as NodeJS.ErrnoException).code !== undefined && r.status === null && r.signal === null) {
      reportFileError("Searching for program", r.error, program);
    }
    let output = "";
    if (outPath !== null) output = decodeText(fs.readFileSync(outPath));
    let status: L;
    if (r.signal) status = signalDescription(signalNumber(r.signal) ?? 0);
    else status = r.status ?? 0;
    return { status, output };
  } finally {
    for (const fd of opened) {
      try {
        fs.closeSync(fd);
      } catch {
        /* closed */
      }
    }
    if (outPath !== null) fs.rmSync(outPath, { force: true });
  }
}

/** Insert TEXT into BUFFER at its point, leaving point after it (as call-process does). */
function insertOutput(buffer: L, text: string): void {
  if (!text) return;
  buffers.with(buffer, () => buffers.insert(text));
}

function callProcess(program: L, infile: L, destination: L, args: L[]): L {
  if (typeof program !== "string") wrongType("stringp", program);
  const argv = stringArgs(args);
  let inPath: string | null = null;
  if (infile !== NIL) {
    if (typeof infile !== "string") wrongType("stringp", infile);
    inPath = expandFileName(infile);
  }
  const dest = parseDestination(destination);
  const r = runSync(program, argv, inPath, dest);
  if (dest.out.kind === "buffer") insertOutput(dest.out.buffer, r.output);
  return r.status;
}

defsubr("call-process", (args: L[]) => callProcess(args[0], args[1] ?? NIL, args[2] ?? NIL, args.slice(4)), {
  min: 1, max: "many",
});
defsubr("process-file", (args: L[]) => callProcess(args[0], args[1] ?? NIL, args[2] ?? NIL, args.slice(4)), {
  min: 1, max: "many",
});

defsubr("call-process-region", (args: L[]) => {
  const [start, end, program, del, destination] = [args[0], args[1], args[2], args[3] ?? NIL, args[4] ?? NIL];
  let input: string;
  let region: { from: number; to: number } | null = null;
  if (typeof start === "string") input = start;
  else if (start === NIL) {
    input = buffers.substring(buffers.pointMin(), buffers.pointMax());
    region = { from: buffers.pointMin(), to: buffers.pointMax() };
  } else {
    const r = buffers.regionText(start, end);
    input = r.text;
    region = { from: r.from, to: r.to };
  }
  const inPath = tempPath("in");
  try {
    fs.writeFileSync(inPath, encodeText(input), { mode: 0o600 });
  } catch (e) {
    reportFileError("Creating temporary file", e, inPath);
  }
  try {
    if (del !== NIL && region) {
      call("delete-region", region.from, region.to);
      buffers.goto(region.from);
    }
    if (typeof program !== "string") wrongType("stringp", program);
    const dest = parseDestination(destination);
    const r = runSync(program, stringArgs(args.slice(6)), inPath, dest);
    if (dest.out.kind === "buffer") insertOutput(dest.out.buffer, r.output);
    return r.status;
  } finally {
    fs.rmSync(inPath, { force: true });
  }
}, { min: 3, max: "many" });

function shellCommandLine(command: L, args: L[]): string {
  if (typeof command !== "string") wrongType("stringp", command);
  return [command, ...stringArgs(args)].join(" ");
}

defsubr("call-process-shell-command", (args: L[]) => {
  const line = shellCommandLine(args[0], args.slice(4));
  return callProcess(shellFileName(), args[1] ?? NIL, args[2] ?? NIL, [shellSwitch(), line]);
}, { min: 1, max: "many" });
defsubr("process-file-shell-command", (args: L[]) => {
  const line = shellCommandLine(args[0], args.slice(4));
  return callProcess(shellFileName(), args[1] ?? NIL, args[2] ?? NIL, [shellSwitch(), line]);
}, { min: 1, max: "many" });

defsubr("shell-command-to-string", (command: L) => {
  if (typeof command !== "string") wrongType("stringp", command);
  const r = runSync(shellFileName(), [shellSwitch(), command], null, {
    out: { kind: "buffer", buffer: NIL }, err: { kind: "same" }, noWait: false,
  });
  return r.output;
}, { min: 1, max: 1 });

function lines(text: string): string[] {
  if (text === "") return [];
  const out = text.split("\n");
  if (out[out.length - 1] === "") out.pop();
  return out;
}

function processLines(program: L, args: L[], checkStatus: boolean): L {
  if (typeof program !== "string") wrongType("stringp", program);
  const r = runSync(program, stringArgs(args), null, { out: { kind: "buffer", buffer: NIL }, err: { kind: "same" }, noWait: false });
  if (checkStatus && r.status !== 0) {
    error(`${program} exited with status ${typeof r.status === "string" ? r.status : String(r.status)}`);
  }
  return arrayToList(lines(r.output));
}

defsubr("process-lines", (args: L[]) => processLines(args[0], args.slice(1), true), { min: 1, max: "many" });
defsubr("process-lines-ignore-status", (args: L[]) => processLines(args[0], args.slice(1), false), {
  min: 1, max: "many",
});

defsubr("executable-find", (command: L, _remote: L) => {
  if (typeof command !== "string") wrongType("stringp", command);
  return findExecutable(command) ?? NIL;
}, { min: 1, max: 2 });

defsubr("shell-quote-argument", (arg: L, _posix: L) => {
  if (typeof arg !== "string") wrongType("stringp", arg);
  if (arg === "") return "''";
  // Backslash before every character that is not safe, newlines quoted.
  return arg.replace(/[^-0-9a-zA-Z_./\n\u0080-\uffff]/g, "\\$&").replace(/\n/g, "'\n'");
}, { min: 1, max: 2 });

// shell-command: output into OUTPUT-BUFFER (t: the current buffer at point),
// or into "*Shell Command Output*", shown with `message' as Emacs does in batch.
defsubr("shell-command", (command: L, outputBuffer: L, errorBuffer: L) => {
  if (typeof command !== "string") wrongType("stringp", command);
  if (/&\s*$/.test(command)) {
    const buf = outputBuffer !== NIL && outputBuffer !== T ? outputBuffer : "*Async Shell Command*";
    funcall(intern("start-process-shell-command"), ["Shell", buf, command.replace(/&\s*$/, "")]);
    return NIL;
  }
  const sepErr = errorBuffer !== NIL;
  const r = runSync(shellFileName(), [shellSwitch(), command], null, {
    out: { kind: "buffer", buffer: NIL }, err: sepErr ? { kind: "discard" } : { kind: "same" }, noWait: false,
  });
  if (outputBuffer !== NIL) {
    const b = outputBuffer === T ? buffers.current() : typeof outputBuffer === "string" ? buffers.getCreate(outputBuffer) : outputBuffer;
    buffers.with(b, () => {
      const p = buffers.point();
      buffers.insert(r.output);
      if (outputBuffer === T) buffers.goto(p);
    });
  } else {
    const b = buffers.getCreate("*Shell Command Output*");
    buffers.with(b, () => {
      call("erase-buffer");
      buffers.insert(r.output);
    });
    const shown = r.output.endsWith("\n") ? r.output.slice(0, -1) : r.output;
    if (shown.length > 0) messageToStderr(shown);
    else if (typeof r.status === "number" && r.status !== 0) messageToStderr(`(Shell command failed with code ${r.status} and no output)`);
    else messageToStderr("(Shell command succeeded with no output)");
  }
  return r.status;
}, { min: 1, max: 3 });

export { Sym, list, listToArray, signal };
