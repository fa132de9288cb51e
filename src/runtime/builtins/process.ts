// Asynchronous subprocesses (Emacs: process.c), on node:child_process.
//
// Output reaches Lisp from the event loop: each chunk is decoded (UTF-8 by
// default) and handed to the process filter, or inserted into the process
// buffer at its mark by the default filter; the sentinel is called with
// Emacs's status strings ("finished\n", "exited abnormally with code 1\n",
// "killed\n" ...). Errors in filters and sentinels are reported on standard
// error and never escape: the process goes on.
//
// Waiting. Lisp code cannot return to the event loop in the middle of a
// computation, so `accept-process-output', `sleep-for' and `sit-for' wait
// synchronously: they read the children's pipes themselves (non-blocking
// reads on the pipe's descriptor), feed filters, notice exited children
// (zombies, through /proc) to run their sentinels, and run due timers, much
// as Emacs's wait_reading_process_output does. Loops such as
//   (while (process-live-p p) (accept-process-output p 0.1))
// therefore terminate as they do in Emacs. Where the descriptors or /proc are
// not available, waiting still sleeps and runs timers, and output arrives
// when control returns to the event loop.
import type * as ChildProcesses from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { lazyModule } from "../lazy-module.js";
import { StringDecoder } from "node:string_decoder";
import * as fs from "node:fs";
import * as os from "node:os";
import type { Readable, Writable } from "node:stream";
import { L, NIL, T, Sym, Cons, LispFloat, ProcessLike, list, listToArray, arrayToList, bool } from "../types.js";

const childProcesses = lazyModule<typeof ChildProcesses>("node:child_process");
import { intern, defvar } from "../symbols.js";
import { LispSignal, LispThrow, signal, error, wrongType, errorMessageString } from "../errors.js";
import { defsubr } from "../subr.js";
import { funcall, symbolValueCell, interrupt } from "../eval.js";
import { UNBOUND } from "../types.js";
import { processStatus } from "./process-core.js";
import { buffers, reportFileError, errnoText, defaultDirectory, expandFileName } from "./fileio.js";
import { childEnvironment, reportError } from "./emacs.js";
import { messageToStderr } from "../output.js";
import { runDueTimers, nextTimerDue } from "./timer.js";

const Q = {
  run: intern("run"),
  stop: intern("stop"),
  exit: intern("exit"),
  signal: intern("signal"),
  open: intern("open"),
  closed: intern("closed"),
  failed: intern("failed"),
  real: intern("real"),
  pipe: intern("pipe"),
  network: intern("network"),
  defaultFilter: intern("internal-default-process-filter"),
  defaultSentinel: intern("internal-default-process-sentinel"),
};

defvar("delete-exited-processes", T);
defvar("process-connection-type", T);
defvar("process-adaptive-read-buffering", T);
defvar("read-process-output-max", 4096);
defvar("process-error-pause-time", 1);
const VshellFileName = defvar("shell-file-name", process.env.SHELL || "/bin/sh");
defvar("shell-command-switch", "-c");
defvar("default-process-coding-system", new Cons(intern("utf-8-unix"), intern("utf-8-unix")));

// ---------------------------------------------------------------------------
// Attributes every process-like object has (buffer, filter, sentinel ...).
// Child processes keep them as fields; other process-like objects (the
// server's connections) in a side table.

export interface ProcessAttrs {
  buffer: L;
  filter: L;
  sentinel: L;
  queryOnExit: boolean;
  mark: L;
}

const sideAttrs = new WeakMap<ProcessLike, ProcessAttrs>();

export function processAttrs(p: ProcessLike): ProcessAttrs {
  if (p instanceof LispProcess) return p;
  let a = sideAttrs.get(p);
  if (!a) {
    a = { buffer: NIL, filter: Q.defaultFilter, sentinel: Q.defaultSentinel, queryOnExit: true, mark: NIL };
    sideAttrs.set(p, a);
  }
  return a;
}

// ---------------------------------------------------------------------------
// Signals and status messages

const SIGNAL_TEXT: Record<number, string> = {
  1: "Hangup", 2: "Interrupt", 3: "Quit", 4: "Illegal instruction", 5: "Trace/breakpoint trap", 6: "Aborted",
  7: "Bus error", 8: "Floating point exception", 9: "Killed", 10: "User defined signal 1", 11: "Segmentation fault",
  12: "User defined signal 2", 13: "Broken pipe", 14: "Alarm clock", 15: "Terminated", 16: "Stack fault",
  17: "Child exited", 18: "Continued", 19: "Stopped (signal)", 20: "Stopped", 21: "Stopped (tty input)",
  22: "Stopped (tty output)", 23: "Urgent I/O condition", 24: "CPU time limit exceeded",
  25: "File size limit exceeded", 26: "Virtual timer expired", 27: "Profiling timer expired", 28: "Window changed",
  29: "I/O possible", 30: "Power failure", 31: "Bad system call",
};

/** strsignal(3) for signal number N. */
export function signalDescription(n: number): string {
  return SIGNAL_TEXT[n] ?? `Unknown signal ${n}`;
}

export function signalNumber(name: string): number | null {
  const sigs = os.constants.signals as Record<string, number>;
  const up = name.toUpperCase();
  return sigs[up] ?? sigs["SIG" + up] ?? null;
}

function statusMessage(status: Sym, code: number, core: boolean): string {
  const tail = core ? " (core dumped)\n" : "\n";
  if (status === Q.exit) return code === 0 ? "finished\n" : `exited abnormally with code ${code}${tail}`;
  if (status === Q.signal) {
    const s = signalDescription(code);
    return (s[0] >= "A" && s[0] <= "Z" ? s[0].toLowerCase() + s.slice(1) : s) + tail;
  }
  if (status === Q.failed) return `failed with code ${code}\n`;
  if (status === Q.stop) return "stopped\n";
  if (status === Q.run) return "run\n";
  return status.name + "\n";
}

// ---------------------------------------------------------------------------
// The process object

type Coding = "utf8" | "latin1";

function codingOf(x: L): Coding {
  if (x instanceof Sym && /^(binary|no-conversion|raw-text|latin-1|iso-latin-1|iso-8859-1)/.test(x.name)) return "latin1";
  return "utf8";
}

export class LispProcess extends ProcessLike implements ProcessAttrs {
  status: Sym = Q.run;
  code = 0;
  core = false;
  buffer: L = NIL;
  filter: L = Q.defaultFilter;
  sentinel: L = Q.defaultSentinel;
  queryOnExit = true;
  mark: L = NIL;
  child: ChildProcess | null = null;
  /** The sentinel has been told about the end. */
  notified = false;
  deleted = false;
  /** Output streams still open. */
  openStreams = 0;
  decoding: Coding = "utf8";
  encoding: Coding = "utf8";
  decoders = new Map<Readable, StringDecoder>();
  stderrTarget: L = NIL;
  pid: number | null = null;
  exitTimer: NodeJS.Timeout | null = null;
  /** Output received since a waiter last looked (accept-process-output's answer). */
  gotOutput = false;
  readonly streams: Readable[] = [];

  constructor(public name: string, public command: L, public type: Sym = Q.real) {
    super();
  }
  get processName(): string {
    return this.name;
  }
  isLive(): boolean {
    return this.status === Q.run || this.status === Q.stop;
  }
  lispStatus(): Sym {
    return this.status;
  }
}

const processes: LispProcess[] = [];

export function liveProcesses(): readonly LispProcess[] {
  return processes;
}

function uniqueName(name: string): string {
  if (!processes.some((p) => p.name === name)) return name;
  for (let i = 1; ; i++) {
    const n = `${name}<${i}>`;
    if (!processes.some((p) => p.name === n)) return n;
  }
}

function removeProcess(p: LispProcess): void {
  const i = processes.indexOf(p);
  if (i >= 0) processes.splice(i, 1);
}

// ---------------------------------------------------------------------------
// Running Lisp from the event loop

const call = (name: string, ...args: L[]): L => funcall(intern(name), args);
const fbound = (name: string) => intern(name).fn !== NIL;

/** Run FN as Emacs runs filters and sentinels: match data and current buffer kept, errors reported. */
function runHandler(kind: "filter" | "sentinel", fn: () => void): void {
  let savedMatch: L = NIL;
  let oldBuffer: L = NIL;
  try {
    if (fbound("match-data")) savedMatch = call("match-data");
  } catch {
    savedMatch = NIL;
  }
  try {
    if (fbound("current-buffer")) oldBuffer = buffers.current();
  } catch {
    oldBuffer = NIL;
  }
  try {
    fn();
  } catch (e) {
    if (e instanceof LispSignal) {
      let text: string;
      try {
        text = errorMessageString(new Cons(e.symbol, e.data));
      } catch {
        text = String(e);
      }
      try {
        messageToStderr(`error in process ${kind}: ${text}`);
      } catch {
        process.stderr.write(`error in process ${kind}: ${text}\n`);
      }
    } else if (e instanceof LispThrow) {
      reportError(`error in process ${kind}: `, e);
    } else {
      reportError(`error in process ${kind}: `, e);
    }
  } finally {
    try {
      if (oldBuffer !== NIL && buffers.live(oldBuffer)) call("set-buffer", oldBuffer);
      if (savedMatch !== NIL && fbound("set-match-data")) call("set-match-data", savedMatch);
    } catch {
      /* nothing more to restore */
    }
  }
}

/** Insert TEXT into P's buffer at its mark, as Emacs's default filter does. */
export function insertAtMark(p: ProcessAttrs, text: string): void {
  const buffer = p.buffer;
  if (buffer === NIL || !buffers.live(buffer)) return;
  buffers.with(buffer, () => {
    const opoint = buffers.point();
    let before: number;
    const mark = p.mark;
    const markPos = mark !== NIL && fbound("marker-position") ? call("marker-position", mark) : NIL;
    const markBuffer = mark !== NIL && fbound("marker-buffer") ? call("marker-buffer", mark) : NIL;
    before = typeof markPos === "number" && markBuffer === buffer ? markPos : buffers.pointMax();
    buffers.goto(before);
    if (fbound("insert-before-markers")) call("insert-before-markers", text);
    else buffers.insert(text);
    const after = buffers.point();
    if (mark !== NIL && fbound("set-marker")) call("set-marker", mark, after, buffer);
    buffers.goto(opoint >= before ? opoint + (after - before) : opoint);
  });
}

function deliver(p: LispProcess, text: string): void {
  if (text.length === 0 || p.deleted) return;
  p.gotOutput = true;
  const filter = p.filter;
  runHandler("filter", () => {
    if (filter === Q.defaultFilter || filter === NIL) insertAtMark(p, text);
    else funcall(filter, [p, text]);
  });
}

function notifySentinel(p: ProcessLike, message: string): void {
  const a = processAttrs(p);
  const sentinel = a.sentinel;
  runHandler("sentinel", () => {
    if (sentinel === Q.defaultSentinel || sentinel === NIL) defaultSentinel(p, message);
    else funcall(sentinel, [p, message]);
  });
}

function defaultSentinel(p: ProcessLike, message: string): void {
  const a = processAttrs(p);
  if (a.buffer === NIL || !buffers.live(a.buffer)) return;
  insertAtMark(a, `\nProcess ${p.processName} ${message}`);
}

/** Exported for the server: run P's sentinel with MESSAGE (e.g. "deleted\n") from the event loop. */
export function runSentinel(p: ProcessLike, message: string): void {
  notifySentinel(p, message);
}

/** Finish P: its status is final; tell the sentinel once. */
function finish(p: LispProcess): void {
  if (p.notified) return;
  p.notified = true;
  if (p.exitTimer) {
    clearTimeout(p.exitTimer);
    p.exitTimer = null;
  }
  // Flush what the decoders still hold.
  for (const [, d] of p.decoders) {
    const rest = d.end();
    if (rest) deliver(p, rest);
  }
  const message = statusMessage(p.status, p.code, p.core);
  notifySentinel(p, message);
  // Emacs reads a separate standard error through a pipe process, "NAME stderr",
  // whose default sentinel reports in its buffer.
  const errTarget = p.stderrTarget;
  if (errTarget !== NIL && !(errTarget instanceof ProcessLike) && buffers.live(errTarget)) {
    runHandler("sentinel", () => buffers.with(errTarget, () => {
      buffers.goto(buffers.pointMax());
      buffers.insert(`\nProcess ${p.name} stderr finished\n`);
    }));
  }
  const del = symbolValueCell(intern("delete-exited-processes"));
  if (del !== NIL && del !== UNBOUND) removeProcess(p);
}

// ---------------------------------------------------------------------------
// Starting processes

/** Find PROGRAM on exec-path (or as given when it has a slash), as Emacs's openp does. */
export function findExecutable(program: string): string | null {
  if (program.includes("/")) {
    const full = expandFileName(program);
    try {
      const st = fs.statSync(full);
      if (st.isFile()) {
        fs.accessSync(full, fs.constants.X_OK);
        return full;
      }
    } catch {
      return null;
    }
    return null;
  }
  const ep = symbolValueCell(intern("exec-path"));
  const dirs = ep === UNBOUND ? [] : listToArray(ep as L);
  for (const d of dirs) {
    const dir = typeof d === "string" ? expandFileName(d) : defaultDirectory();
    const full = dir.endsWith("/") ? dir + program : dir + "/" + program;
    try {
      const st = fs.statSync(full);
      if (!st.isFile()) continue;
      fs.accessSync(full, fs.constants.X_OK);
      return full;
    } catch {
      /* next directory */
    }
  }
  return null;
}

/** The program to run, or the error Emacs signals when it cannot be run. */
export function resolveProgram(program: string): string {
  const found = findExecutable(program);
  if (found) return found;
  if (program.includes("/")) {
    const full = expandFileName(program);
    let st: fs.Stats | null = null;
    try {
      st = fs.statSync(full);
    } catch {
      st = null;
    }
    if (st?.isDirectory()) signal("file-error", list("Searching for program", "Is a directory", program));
    if (st) signal("file-error", list("Searching for program", "Permission denied", program));
  }
  signal("file-missing", list("Searching for program", "No such file or directory", program));
}

/** The working directory for children: default-directory, which must exist. */
export function childCwd(): string {
  const dir = defaultDirectory();
  try {
    if (fs.statSync(dir).isDirectory()) return dir;
  } catch (e) {
    reportFileError("Setting current directory", e, dir);
  }
  signal("file-error", list("Setting current directory", "Not a directory", dir));
}

function stringArgs(args: L[]): string[] {
  return args.map((a) => {
    if (typeof a !== "string") wrongType("stringp", a);
    return a;
  });
}

interface StartOptions {
  name: string;
  buffer: L;
  command: string[];
  filter?: L;
  sentinel?: L;
  stderr?: L;
  noquery?: boolean;
  coding?: L;
  stop?: boolean;
}

function fdOf(stream: Readable | Writable | null | undefined): number {
  const fd = (stream as unknown as { _handle?: { fd?: number } } | null)?._handle?.fd;
  return typeof fd === "number" && fd >= 0 ? fd : -1;
}

function readerFor(p: LispProcess, stream: Readable, toStderr: boolean): (chunk: Buffer) => void {
  return (chunk: Buffer) => {
    const d = p.decoders.get(stream)!;
    const text = d.write(chunk);
    if (toStderr) deliverStderr(p, text);
    else deliver(p, text);
  };
}

function deliverStderr(p: LispProcess, text: string): void {
  if (!text) return;
  const target = p.stderrTarget;
  if (target instanceof LispProcess) {
    deliver(target, text);
    return;
  }
  if (target !== NIL && buffers.live(target)) {
    runHandler("filter", () => buffers.with(target, () => {
      buffers.goto(buffers.pointMax());
      buffers.insert(text);
    }));
  }
}

function startProcess(opts: StartOptions): LispProcess {
  if (opts.command.length === 0) error("Missing program name");
  const program = opts.command[0];
  const path = resolveProgram(program);
  const cwd = childCwd();
  const p = new LispProcess(uniqueName(opts.name), arrayToList(opts.command));
  let buffer = opts.buffer;
  if (typeof buffer === "string") buffer = buffers.getCreate(buffer);
  else if (buffer !== NIL && !buffers.isBuffer(buffer)) wrongType("bufferp", buffer);
  p.buffer = buffer;
  if (fbound("make-marker")) {
    p.mark = call("make-marker");
    if (buffer !== NIL) {
      const end = buffers.with(buffer, () => buffers.pointMax());
      call("set-marker", p.mark, end, buffer);
    }
  }
  if (opts.filter !== undefined && opts.filter !== NIL) p.filter = opts.filter;
  if (opts.sentinel !== undefined && opts.sentinel !== NIL) p.sentinel = opts.sentinel;
  if (opts.noquery) p.queryOnExit = false;
  if (opts.coding !== undefined && opts.coding !== NIL) {
    if (opts.coding instanceof Cons) {
      p.decoding = codingOf(opts.coding.car);
      p.encoding = codingOf(opts.coding.cdr);
    } else {
      p.decoding = p.encoding = codingOf(opts.coding);
    }
  }
  const separateStderr = opts.stderr !== undefined && opts.stderr !== NIL;
  if (separateStderr) {
    let target = opts.stderr!;
    if (typeof target === "string") target = buffers.getCreate(target);
    p.stderrTarget = target;
  }
  let child: ChildProcess;
  try {
    child = childProcesses().spawn(path, opts.command.slice(1), {
      argv0: program,
      cwd,
      env: childEnvironment(),
      stdio: ["pipe", "pipe", "pipe"],
    });
  } catch (e) {
    signal("file-error", list("Doing vfork", errnoText(e)));
  }
  p.child = child;
  p.pid = child.pid ?? null;
  processes.push(p);
  const wire = (stream: Readable | null, toStderr: boolean) => {
    if (!stream) return;
    p.streams.push(stream);
    p.decoders.set(stream, new StringDecoder(p.decoding));
    p.openStreams++;
    stream.on("data", readerFor(p, stream, toStderr));
    stream.on("error", () => {});
    stream.once("close", () => {
      p.openStreams--;
      if (p.openStreams === 0 && !p.isLive()) finish(p);
    });
  };
  wire(child.stdout, false);
  wire(child.stderr, separateStderr);
  child.stdin?.on("error", () => {});
  child.on("error", (e: NodeJS.ErrnoException) => {
    if (p.notified) return;
    p.status = Q.failed;
    p.code = typeof e.errno === "number" ? Math.abs(e.errno) : 1;
    finish(p);
  });
  child.on("exit", (code, sig) => recordExit(p, code, sig));
  if (opts.stop) stopProcess(p);
  return p;
}

function recordExit(p: LispProcess, code: number | null, sig: NodeJS.Signals | null): void {
  if (p.notified || p.deleted) return;
  if (p.status === Q.run || p.status === Q.stop) {
    if (sig) {
      p.status = Q.signal;
      p.code = signalNumber(sig) ?? 0;
    } else {
      p.status = Q.exit;
      p.code = code ?? 0;
    }
  }
  if (p.openStreams === 0) finish(p);
  else if (!p.exitTimer) {
    // A grandchild may keep the pipe open: report the exit anyway, soon.
    p.exitTimer = setTimeout(() => finish(p), 200);
  }
}

function stopProcess(p: LispProcess): void {
  if (p.child && p.isLive()) {
    try {
      p.child.kill("SIGSTOP");
      p.status = Q.stop;
    } catch {
      /* already gone */
    }
  }
}

// ---------------------------------------------------------------------------
// Designating processes

function getProcessByName(name: string): LispProcess | undefined {
  return processes.find((p) => p.name === name);
}

function bufferProcess(buffer: L): LispProcess | undefined {
  return processes.find((p) => p.buffer === buffer && !p.deleted);
}

/** Emacs's get_process: a process, a name, a buffer, or nil for the current buffer's process. */
function designated(x: L): ProcessLike {
  if (x instanceof ProcessLike) return x;
  if (typeof x === "string") {
    const p = getProcessByName(x);
    if (p) return p;
    const b = fbound("get-buffer") ? call("get-buffer", x) : NIL;
    if (b !== NIL) {
      const bp = bufferProcess(b);
      if (bp) return bp;
      error(`Buffer ${x} has no process`);
    }
    error(`Process ${x} does not exist`);
  }
  if (x === NIL) {
    const b = buffers.current();
    const bp = bufferProcess(b);
    if (bp) return bp;
    error("Current buffer has no process");
  }
  if (buffers.isBuffer(x)) {
    const bp = bufferProcess(x);
    if (bp) return bp;
    error(`Buffer ${String(call("buffer-name", x))} has no process`);
  }
  wrongType("processp", x);
}

function checkProcess(x: L): ProcessLike {
  if (!(x instanceof ProcessLike)) wrongType("processp", x);
  return x;
}

function checkChild(x: L): LispProcess | null {
  const p = designated(x);
  return p instanceof LispProcess ? p : null;
}

// ---------------------------------------------------------------------------
// Lisp: creating

defsubr("start-process", (args: L[]) => {
  const [name, buffer, program, ...rest] = args;
  if (typeof name !== "string") wrongType("stringp", name);
  if (typeof program !== "string") wrongType("stringp", program);
  return startProcess({ name, buffer, command: [program, ...stringArgs(rest)] });
}, { min: 3, max: "many" });

defsubr("start-file-process", (args: L[]) => funcall(intern("start-process"), args), { min: 3, max: "many" });

defsubr("start-process-shell-command", (name: L, buffer: L, command: L) => {
  if (typeof command !== "string") wrongType("stringp", command);
  return funcall(intern("start-process"), [name, buffer, shellFileName(), shellSwitch(), command]);
}, { min: 3, max: 3 });
defsubr("start-file-process-shell-command", (name: L, buffer: L, command: L) =>
  funcall(intern("start-process-shell-command"), [name, buffer, command]), { min: 3, max: 3 });

export function shellFileName(): string {
  const v = symbolValueCell(VshellFileName);
  return typeof v === "string" ? v : "/bin/sh";
}
export function shellSwitch(): string {
  const v = symbolValueCell(intern("shell-command-switch"));
  return typeof v === "string" ? v : "-c";
}

const KEYWORDS = [":name", ":buffer", ":command", ":coding", ":noquery", ":stop", ":connection-type", ":filter",
  ":sentinel", ":stderr", ":file-handler"];

defsubr("make-process", (args: L[]) => {
  const kw = new Map<string, L>();
  for (let i = 0; i + 1 < args.length; i += 2) {
    const k = args[i];
    if (k instanceof Sym && KEYWORDS.includes(k.name) && !kw.has(k.name)) kw.set(k.name, args[i + 1]);
  }
  const name = kw.get(":name") ?? NIL;
  if (typeof name !== "string") wrongType("stringp", name);
  const command = kw.get(":command") ?? NIL;
  if (command !== NIL && !(command instanceof Cons)) wrongType("listp", command);
  const cmd = stringArgs(listToArray(command));
  if (cmd.length === 0) error(":command value not a non-empty list");
  return startProcess({
    name,
    buffer: kw.get(":buffer") ?? NIL,
    command: cmd,
    filter: kw.get(":filter"),
    sentinel: kw.get(":sentinel"),
    stderr: kw.get(":stderr"),
    noquery: (kw.get(":noquery") ?? NIL) !== NIL,
    coding: kw.get(":coding"),
    stop: (kw.get(":stop") ?? NIL) !== NIL,
  });
}, { min: 0, max: "many" });

// ---------------------------------------------------------------------------
// Lisp: talking to processes

function writeInput(p: LispProcess, data: string): void {
  const stdin = p.child?.stdin;
  if (!p.isLive() || !stdin || stdin.destroyed || stdin.writableEnded) {
    error(`Process ${p.name} not running`);
  }
  let bytes = Buffer.from(data, p.encoding === "latin1" ? "latin1" : "utf8");
  // Write at once what the pipe takes, so that a synchronous wait sees the
  // child's answer; the rest goes through the stream.
  const fd = fdOf(stdin);
  if (fd >= 0 && stdin.writableLength === 0) {
    try {
      while (bytes.length > 0) {
        const n = fs.writeSync(fd, bytes);
        bytes = bytes.subarray(n);
      }
    } catch {
      /* EAGAIN: the rest is queued below */
    }
  }
  if (bytes.length > 0) stdin.write(Buffer.from(bytes));
}

defsubr("process-send-string", (process: L, string: L) => {
  if (typeof string !== "string") wrongType("stringp", string);
  const p = designated(process);
  if (p instanceof LispProcess) writeInput(p, string);
  else {
    const send = (p as { sendString?: (s: string) => void }).sendString;
    if (typeof send === "function") send.call(p, string);
    else error(`Process ${p.processName} not running`);
  }
  return NIL;
}, { min: 2, max: 2 });

defsubr("process-send-region", (process: L, start: L, end: L) => {
  const text = buffers.regionText(start, end).text;
  return funcall(intern("process-send-string"), [process, text]);
}, { min: 3, max: 3 });

defsubr("process-send-eof", (process: L) => {
  const p = designated(process);
  if (p instanceof LispProcess) {
    const stdin = p.child?.stdin;
    if (!p.isLive() || !stdin) error(`Process ${p.name} not running`);
    if (!stdin.destroyed && !stdin.writableEnded) {
      // Close our end at once when nothing is queued: the child sees EOF now.
      if (stdin.writableLength === 0) stdin.destroy();
      else stdin.end();
    }
  }
  return p;
}, { min: 0, max: 1 });

function sendSignal(p: LispProcess, sig: NodeJS.Signals | number): void {
  if (!p.child || !p.isLive()) error(`Process ${p.name} is not active`);
  try {
    p.child.kill(sig);
  } catch {
    /* already gone */
  }
}

function processSignalCommand(name: string, sig: NodeJS.Signals, newStatus?: Sym) {
  defsubr(name, (process: L, _group: L) => {
    const p = checkChild(process);
    if (p) {
      sendSignal(p, sig);
      if (newStatus) p.status = newStatus;
    }
    return process instanceof ProcessLike ? process : p ?? NIL;
  }, { min: 0, max: 2 });
}
processSignalCommand("kill-process", "SIGKILL");
processSignalCommand("interrupt-process", "SIGINT");
processSignalCommand("quit-process", "SIGQUIT");
processSignalCommand("stop-process", "SIGSTOP", Q.stop);
processSignalCommand("continue-process", "SIGCONT", Q.run);

defsubr("signal-process", (process: L, sigcode: L, _remote: L) => {
  let n: number;
  if (typeof sigcode === "number") n = sigcode;
  else if (sigcode instanceof Sym) {
    const s = signalNumber(sigcode.name);
    if (s === null) error(`Undefined signal name ${sigcode.name}`);
    n = s;
  } else wrongType("fixnump", sigcode);
  let pid: number | null = null;
  if (typeof process === "number") pid = process;
  else if (typeof process === "string" && /^\d+$/.test(process)) pid = Number(process);
  else {
    const p = designated(process);
    pid = p instanceof LispProcess ? p.pid : null;
    if (pid === null) return -1;
  }
  try {
    process_kill(pid, n);
    return 0;
  } catch {
    return -1;
  }
}, { min: 2, max: 3 });

function process_kill(pid: number, n: number): void {
  process.kill(pid, n);
}

export function deleteProcess(p: LispProcess): void {
  if (p.deleted) return;
  if (p.isLive()) {
    try {
      p.child?.kill("SIGKILL");
    } catch {
      /* gone */
    }
    p.status = Q.signal;
    p.code = 9;
  }
  // No more output after deletion.
  for (const s of p.streams) {
    s.removeAllListeners("data");
    s.destroy();
  }
  try {
    p.child?.stdin?.destroy();
  } catch {
    /* closed */
  }
  if (!p.notified) {
    p.notified = true;
    if (p.exitTimer) clearTimeout(p.exitTimer);
    notifySentinel(p, statusMessage(p.status, p.code, p.core));
  }
  p.deleted = true;
  removeProcess(p);
}

defsubr("delete-process", (process: L) => {
  const p = designated(process);
  if (p instanceof LispProcess) deleteProcess(p);
  else {
    const del = (p as { deleteProcess?: () => void }).deleteProcess;
    if (typeof del === "function") del.call(p);
  }
  return NIL;
}, { min: 0, max: 1 });

// ---------------------------------------------------------------------------
// Lisp: inspecting

defsubr("process-status", (process: L) => {
  let p: ProcessLike | undefined;
  if (typeof process === "string") {
    p = getProcessByName(process);
    if (!p) return NIL;
  } else if (process instanceof ProcessLike) p = process;
  else if (process === NIL || buffers.isBuffer(process)) p = designated(process);
  else wrongType("processp", process);
  return processStatus(p);
}, { min: 1, max: 1 });

defsubr("process-exit-status", (process: L) => {
  const p = checkProcess(process);
  if (p instanceof LispProcess) return p.status === Q.run || p.status === Q.stop ? 0 : p.code;
  return 0;
}, { min: 1, max: 1 });

defsubr("process-id", (process: L) => {
  const p = checkProcess(process);
  return p instanceof LispProcess && p.pid !== null ? p.pid : NIL;
}, { min: 1, max: 1 });

defsubr("process-command", (process: L) => {
  const p = checkProcess(process);
  return p instanceof LispProcess ? p.command : NIL;
}, { min: 1, max: 1 });

defsubr("process-type", (process: L) => {
  const p = designated(process);
  return p instanceof LispProcess ? p.type : Q.network;
}, { min: 1, max: 1 });

defsubr("process-buffer", (process: L) => processAttrs(checkProcess(process)).buffer, { min: 1, max: 1 });
defsubr("set-process-buffer", (process: L, buffer: L) => {
  const p = checkProcess(process);
  if (buffer !== NIL && !buffers.isBuffer(buffer)) wrongType("bufferp", buffer);
  const a = processAttrs(p);
  a.buffer = buffer;
  if (buffer !== NIL && a.mark !== NIL && fbound("set-marker")) {
    const mb = call("marker-buffer", a.mark);
    if (mb !== buffer) call("set-marker", a.mark, buffers.with(buffer, () => buffers.pointMax()), buffer);
  }
  return buffer;
}, { min: 2, max: 2 });
defsubr("process-mark", (process: L) => {
  const a = processAttrs(checkProcess(process));
  if (a.mark === NIL && fbound("make-marker")) a.mark = call("make-marker");
  return a.mark;
}, { min: 1, max: 1 });

defsubr("process-filter", (process: L) => processAttrs(checkProcess(process)).filter, { min: 1, max: 1 });
defsubr("set-process-filter", (process: L, filter: L) => {
  const p = checkProcess(process);
  const a = processAttrs(p);
  a.filter = filter === NIL ? Q.defaultFilter : filter;
  if (p instanceof LispProcess) {
    // A filter of t stops reading output.
    for (const s of p.streams) {
      if (filter === T) s.pause();
      else if (s.isPaused()) s.resume();
    }
  }
  return filter;
}, { min: 2, max: 2 });
defsubr("process-sentinel", (process: L) => processAttrs(checkProcess(process)).sentinel, { min: 1, max: 1 });
defsubr("set-process-sentinel", (process: L, sentinel: L) => {
  processAttrs(checkProcess(process)).sentinel = sentinel === NIL ? Q.defaultSentinel : sentinel;
  return sentinel;
}, { min: 2, max: 2 });
defsubr("process-query-on-exit-flag", (process: L) => bool(processAttrs(checkProcess(process)).queryOnExit), {
  min: 1, max: 1,
});
defsubr("set-process-query-on-exit-flag", (process: L, flag: L) => {
  processAttrs(checkProcess(process)).queryOnExit = flag !== NIL;
  return flag;
}, { min: 2, max: 2 });
defsubr("process-coding-system", (process: L) => {
  const p = designated(process);
  const sym = (c: Coding) => intern(c === "latin1" ? "binary" : "utf-8-unix");
  return p instanceof LispProcess ? new Cons(sym(p.decoding), sym(p.encoding)) : new Cons(intern("utf-8-unix"), intern("utf-8-unix"));
}, { min: 1, max: 1 });
defsubr("set-process-coding-system", (process: L, decoding: L, encoding: L) => {
  const p = designated(process);
  if (p instanceof LispProcess) {
    p.decoding = codingOf(decoding);
    p.encoding = codingOf(encoding);
    for (const s of p.streams) p.decoders.set(s, new StringDecoder(p.decoding));
  }
  return NIL;
}, { min: 1, max: 3 });
defsubr("process-tty-name", () => NIL, { min: 1, max: 2 });
defsubr("process-running-child-p", (process: L) => {
  const p = designated(process);
  return bool(p.isLive());
}, { min: 0, max: 1 });
defsubr("process-contact", (process: L, key: L) => {
  const p = checkProcess(process);
  if (p instanceof LispProcess) return key === NIL || key === T ? T : NIL;
  return NIL;
}, { min: 1, max: 3 });
defsubr("process-thread", () => NIL, { min: 1, max: 1 });
defsubr("process-inherit-coding-system-flag", () => NIL, { min: 1, max: 1 });

defsubr("process-list", () => arrayToList(processes), { min: 0, max: 0 });
defsubr("get-process", (name: L) => {
  if (name instanceof ProcessLike) return name;
  if (typeof name !== "string") wrongType("stringp", name);
  return getProcessByName(name) ?? NIL;
}, { min: 1, max: 1 });
defsubr("get-buffer-process", (buffer: L) => {
  if (buffer === NIL) return NIL;
  let b = buffer;
  if (typeof buffer === "string") {
    b = fbound("get-buffer") ? call("get-buffer", buffer) : NIL;
    if (b === NIL) return NIL;
  } else if (!buffers.isBuffer(buffer)) wrongType("stringp", buffer);
  return bufferProcess(b) ?? NIL;
}, { min: 1, max: 1 });

defsubr("internal-default-process-filter", (process: L, text: L) => {
  const p = checkProcess(process);
  if (typeof text !== "string") wrongType("stringp", text);
  insertAtMark(processAttrs(p), text);
  return NIL;
}, { min: 2, max: 2 });
defsubr("internal-default-process-sentinel", (process: L, message: L) => {
  const p = checkProcess(process);
  if (typeof message !== "string") wrongType("stringp", message);
  defaultSentinel(p, message);
  return NIL;
}, { min: 2, max: 2 });

// ---------------------------------------------------------------------------
// Waiting synchronously (accept-process-output, sleep-for, sit-for)

// Made on first use: a start-up snapshot cannot hold a SharedArrayBuffer.
let sleepCell: Int32Array | undefined;

/** Block the thread for MS milliseconds. */
export function blockFor(ms: number): void {
  if (ms > 0) Atomics.wait((sleepCell ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, ms);
}

const readBuf = Buffer.alloc(65536);

/** Read what P's pipes hold now, without blocking; returns true when output was delivered. */
function drain(p: LispProcess): boolean {
  let got = false;
  for (const stream of p.streams) {
    if (stream.destroyed || stream.readableEnded || stream.isPaused()) continue;
    const fd = fdOf(stream);
    if (fd < 0) continue;
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, readBuf, 0, readBuf.length, null);
      } catch {
        break; // EAGAIN: nothing more now
      }
      if (n <= 0) break; // EOF: the stream will end from the event loop
      const toStderr = stream === p.child?.stderr && p.stderrTarget !== NIL;
      readerFor(p, stream, toStderr)(Buffer.from(readBuf.subarray(0, n)));
      got = true;
    }
  }
  return got;
}

/** Has P's child exited (a zombie not yet reaped by the event loop)? Then record its status. */
function reapIfExited(p: LispProcess): boolean {
  if (!p.isLive() || p.pid === null || process.platform !== "linux") return false;
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${p.pid}/stat`, "latin1");
  } catch {
    return false;
  }
  const close = stat.lastIndexOf(")");
  const fields = stat.slice(close + 2).split(" ");
  if (fields[0] !== "Z") return false;
  // Field 52 of stat(5): the exit status as waitpid reports it.
  const status = Number(fields[49]);
  if (!Number.isFinite(status)) return false;
  drain(p);
  if ((status & 0x7f) === 0) {
    p.status = Q.exit;
    p.code = (status >> 8) & 0xff;
  } else {
    p.status = Q.signal;
    p.code = status & 0x7f;
    p.core = (status & 0x80) !== 0;
  }
  finish(p);
  return true;
}

/**
 * Wait up to MS milliseconds (Infinity: until output or exit) for output
 * from TARGET (or any process when null), delivering output, running
 * sentinels and due timers meanwhile. Returns true if TARGET (or any
 * process) produced output.
 */
export function waitForOutput(ms: number, target: LispProcess | null, untilOutput = true): boolean {
  const deadline = Date.now() + ms;
  let got = false;
  for (const p of processes) p.gotOutput = false;
  if (target) target.gotOutput = false;
  for (;;) {
    for (const p of [...processes]) {
      if (drain(p) && (!target || p === target)) got = true;
      reapIfExited(p);
    }
    if (target?.gotOutput) got = true;
    if (!target && processes.some((p) => p.gotOutput)) got = true;
    runDueTimers();
    if (interrupt.check) interrupt.check();
    if (got && untilOutput) return true;
    if (target && !target.isLive() && untilOutput) return got;
    if (!target && untilOutput && ms === Infinity && processes.length === 0) return got;
    const now = Date.now();
    if (now >= deadline) return got;
    const nextTimer = nextTimerDue();
    let step = Math.min(deadline - now, processes.length > 0 ? 5 : 50);
    if (nextTimer !== null) step = Math.min(step, Math.max(0, nextTimer - now));
    blockFor(Math.max(1, step));
  }
}

function secondsArg(seconds: L, millisec: L): number | null {
  let ms: number | null = null;
  if (seconds !== NIL) {
    if (typeof seconds === "number") ms = seconds * 1000;
    else if (seconds instanceof LispFloat) ms = seconds.value * 1000;
    else if (typeof seconds === "bigint") ms = Number(seconds) * 1000;
    else wrongType("numberp", seconds);
  }
  if (millisec !== NIL) {
    if (typeof millisec !== "number") wrongType("fixnump", millisec);
    ms = (ms ?? 0) + millisec;
  }
  return ms;
}

defsubr("accept-process-output", (process: L, seconds: L, millisec: L, _justThisOne: L) => {
  let target: LispProcess | null = null;
  if (process !== NIL) {
    const p = checkProcess(process);
    if (!(p instanceof LispProcess)) {
      const ms = secondsArg(seconds, millisec);
      waitForOutput(Math.max(0, ms ?? 0), null, false);
      return NIL;
    }
    target = p;
    if (!p.isLive() && p.notified) return NIL;
  }
  let ms = secondsArg(seconds, millisec);
  if (ms !== null && ms < 0) ms = 0;
  if (ms === null) ms = target || processes.length > 0 ? Infinity : 0;
  return bool(waitForOutput(ms, target));
}, { min: 0, max: 4 });

defsubr("sleep-for", (seconds: L, millisec: L) => {
  const ms = secondsArg(seconds, millisec) ?? 0;
  if (ms > 0) waitForOutput(ms, null, false);
  return NIL;
}, { min: 1, max: 2 });

defsubr("sit-for", (seconds: L, _nodisp: L) => {
  const ms = secondsArg(seconds, NIL) ?? 0;
  if (ms > 0) waitForOutput(ms, null, false);
  return T;
}, { min: 1, max: 2 });

defsubr("waiting-for-user-input-p", () => NIL, { min: 0, max: 0 });

// Children do not outlive us (Emacs kills its subprocesses when it exits).
process.on("exit", () => {
  for (const p of processes) {
    if (p.isLive()) {
      try {
        p.child?.kill("SIGKILL");
      } catch {
        /* gone */
      }
    }
  }
});

export { Q as processSymbols, statusMessage };
