// Logs: standard error, or one file per log name under
// `elnode-log-files-directory' when that variable names a directory
// (created when first needed). Files are appended to through one stream
// each, so logging never blocks a request.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { NIL, T, Sym } from "../index.js";
import { varValue } from "./kwargs.js";

const streams = new Map<string, fs.WriteStream>();

function expand(dir: string): string {
  if (dir === "~" || dir.startsWith("~/")) dir = path.join(os.homedir(), dir.slice(1));
  return path.resolve(dir);
}

/** The directory for log files, or null for standard error. */
export function logDirectory(): string | null {
  const d = varValue("elnode-log-files-directory");
  return typeof d === "string" && d !== "" ? expand(d) : null;
}

function stamp(): string {
  const d = new Date();
  const p = (n: number) => (n < 10 ? "0" + n : String(n));
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * Write LINE to the log NAME: the file NAME under elnode-log-files-directory
 * (each line prefixed by the time), or standard error.
 */
export function writeLog(name: string, line: string): void {
  const dir = logDirectory();
  if (dir === null) {
    process.stderr.write(line + "\n");
    return;
  }
  const file = path.join(dir, name.replace(/[/\\\0]/g, "_"));
  let s = streams.get(file);
  if (!s) {
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch {
      // reported by the stream's error below
    }
    s = fs.createWriteStream(file, { flags: "a" });
    s.on("error", (e) => {
      streams.delete(file);
      process.stderr.write(`elnode: cannot write the log ${file}: ${e.message}\n${line}\n`);
    });
    streams.set(file, s);
  }
  s.write(`${stamp()}: ${line}\n`);
}

/** Close the log files (hosts and tests). */
export function closeLogs(): Promise<void> {
  const all = [...streams.values()];
  streams.clear();
  return Promise.all(all.map((s) => new Promise<void>((r) => s.end(r)))).then(() => undefined);
}

/** elnode-msg levels, lowest first. */
export const MSG_LEVELS = [":debug", ":info", ":status", ":warning"];

/** Does a message at LEVEL pass `elnode--do-error-logging' (t: all, nil: none, a level: that and above)? */
export function levelEnabled(level: string): boolean {
  const v = varValue("elnode--do-error-logging");
  if (v === NIL) return false;
  if (v === T || !(v instanceof Sym)) return true;
  const threshold = MSG_LEVELS.indexOf(v.name);
  const at = MSG_LEVELS.indexOf(level);
  return threshold < 0 || at < 0 || at >= threshold;
}
