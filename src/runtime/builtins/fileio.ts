// File names and file operations (Emacs: fileio.c, parts of files.el), on
// node:fs. Errors are signalled as Emacs signals them: (file-missing
// "Opening input file" "No such file or directory" FILE), file-already-exists,
// permission-denied, file-error.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as Crypto from "node:crypto";
import { lazyModule } from "../lazy-module.js";
import {
  L, NIL, T, Sym, Cons, list, arrayToList, bool, stringLength, isInteger, makeSymbol,
} from "../types.js";
import { intern, defvar, Q } from "../symbols.js";
import { signal, error, wrongType, argsOutOfRange } from "../errors.js";
import { defsubr } from "../subr.js";
import { funcall, symbolValue, symbolValueCell, setSymbolValue, specbind, specpdlDepth, unbindTo } from "../eval.js";
import { UNBOUND } from "../types.js";
import { defmacroTS } from "../compile/index.js";
import { getenv } from "./emacs.js";

const nodeCrypto = lazyModule<typeof Crypto>("node:crypto");

// ---------------------------------------------------------------------------
// Buffers, reached through their Lisp functions so that this module depends
// only on the names Emacs gives them.

const F = (name: string) => intern(name);
const call = (name: string, ...args: L[]): L => funcall(F(name), args);

export const buffers = {
  isBuffer(x: L): boolean {
    const p = F("bufferp");
    return p.fn !== NIL && funcall(p, [x]) !== NIL;
  },
  current(): L {
    return call("current-buffer");
  },
  /** BUFFER-OR-NAME (nil: the current buffer) as a live buffer, or an error as Emacs gives it. */
  resolve(b: L): L {
    if (b === NIL) return this.current();
    if (typeof b === "string") {
      const found = call("get-buffer", b);
      if (found === NIL) error(`No such buffer ${b}`);
      return found;
    }
    if (!this.isBuffer(b)) wrongType("bufferp", b);
    return b;
  },
  /** Run FN with BUFFER current, restoring the previous current buffer. */
  with<R>(buffer: L, fn: () => R): R {
    const old = this.current();
    call("set-buffer", buffer);
    try {
      return fn();
    } finally {
      if (call("buffer-live-p", old) !== NIL) call("set-buffer", old);
    }
  },
  insert(text: string): void {
    if (text.length) call("insert", text);
  },
  point(): number {
    return call("point") as number;
  },
  goto(pos: L): void {
    call("goto-char", pos);
  },
  pointMin(): number {
    return call("point-min") as number;
  },
  pointMax(): number {
    return call("point-max") as number;
  },
  substring(from: L, to: L): string {
    return call("buffer-substring-no-properties", from, to) as string;
  },
  /** The current buffer's text between START and END (nil: the accessible portion), ordered. */
  regionText(start: L, end: L): { text: string; from: number; to: number } {
    const a = start === NIL ? this.pointMin() : start;
    const b = end === NIL ? this.pointMax() : end;
    const from = Math.min(Number(positionOf(a)), Number(positionOf(b)));
    const to = Math.max(Number(positionOf(a)), Number(positionOf(b)));
    return { text: this.substring(from, to), from, to };
  },
  replaceRegion(from: number, to: number, text: string): void {
    const p = this.point();
    call("delete-region", from, to);
    this.goto(from);
    this.insert(text);
    if (p < from) this.goto(p);
  },
  /** The text of BUFFER between START and END (nil: the accessible portion). */
  bufferText(buffer: L, start: L, end: L, _whole = false): string {
    return this.with(buffer, () => {
      const from = start === NIL ? this.pointMin() : start;
      const to = end === NIL ? this.pointMax() : end;
      return this.substring(from, to);
    });
  },
  getCreate(name: L): L {
    return call("get-buffer-create", name);
  },
  live(b: L): boolean {
    return call("buffer-live-p", b) !== NIL;
  },
};

function positionOf(x: L): L {
  if (typeof x === "number") return x;
  const m = F("marker-position");
  if (m.fn !== NIL && F("markerp").fn !== NIL && funcall(F("markerp"), [x]) !== NIL) return funcall(m, [x]);
  if (!isInteger(x)) wrongType("integer-or-marker-p", x);
  return x;
}

// ---------------------------------------------------------------------------
// Errors

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: "No such file or directory",
  EEXIST: "File exists",
  EACCES: "Permission denied",
  EPERM: "Operation not permitted",
  EISDIR: "Is a directory",
  ENOTDIR: "Not a directory",
  ENOTEMPTY: "Directory not empty",
  EROFS: "Read-only file system",
  ELOOP: "Too many levels of symbolic links",
  ENAMETOOLONG: "File name too long",
  EINVAL: "Invalid argument",
  EBUSY: "Device or resource busy",
  EXDEV: "Invalid cross-device link",
  ENOSPC: "No space left on device",
  EMFILE: "Too many open files",
  ENFILE: "Too many open files in system",
  EIO: "Input/output error",
  EBADF: "Bad file descriptor",
  EAGAIN: "Resource temporarily unavailable",
  ETXTBSY: "Text file busy",
  EFBIG: "File too large",
  EPIPE: "Broken pipe",
  ENXIO: "No such device or address",
  ENODEV: "No such device",
  ESPIPE: "Illegal seek",
  EMLINK: "Too many links",
  EDQUOT: "Disk quota exceeded",
  ENOEXEC: "Exec format error",
  ECONNREFUSED: "Connection refused",
};

export function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === "string") {
    const t = ERRNO_TEXT[err.code];
    if (t) return t;
    const m = /^[A-Z0-9]+: ([^,]*)/.exec(err.message ?? "");
    if (m) return m[1].charAt(0).toUpperCase() + m[1].slice(1);
  }
  return err && err.message ? String(err.message) : String(e);
}

export function errnoSymbol(e: unknown): string {
  switch ((e as NodeJS.ErrnoException)?.code) {
    case "ENOENT":
      return "file-missing";
    case "EEXIST":
      return "file-already-exists";
    case "EACCES":
    case "EPERM":
      return "permission-denied";
    default:
      return "file-error";
  }
}

/** Signal the file error for a failed system call, as Emacs's report_file_errno does. */
export function reportFileError(operation: string, e: unknown, ...files: L[]): never {
  if (!(e instanceof Error) || typeof (e as NodeJS.ErrnoException).code !== "string") throw e;
  signal(errnoSymbol(e), list(operation, errnoText(e), ...files));
}

// ---------------------------------------------------------------------------
// File names

const homeDir = (): string => {
  const h = getenv("HOME") ?? os.homedir();
  return h.length > 1 ? h.replace(/\/+$/, "") : h;
};

const passwdHomes = (() => {
  let cache: Map<string, string> | null = null;
  return (): Map<string, string> => {
    if (cache) return cache;
    cache = new Map();
    try {
      for (const line of fs.readFileSync("/etc/passwd", "utf8").split("\n")) {
        const f = line.split(":");
        if (f.length >= 6) cache.set(f[0], f[5]);
      }
    } catch {
      /* no passwd file */
    }
    return cache;
  };
})();

function userHome(user: string): string | null {
  if (user === "") return homeDir();
  return passwdHomes().get(user) ?? null;
}

const VdefaultDirectory = defvar("default-directory", dirAsDirectory(process.cwd()));
defvar("temporary-file-directory", dirAsDirectory(process.env.TMPDIR || os.tmpdir()));
defvar("user-emacs-directory", "~/.emacs.d/");
defvar("file-name-handler-alist", NIL);
defvar("coding-system-for-read", NIL);
defvar("coding-system-for-write", NIL);
defvar("file-precious-flag", NIL);
defvar("directory-abbrev-alist", NIL);
defvar("buffer-file-coding-system", intern("utf-8-unix"));
defvar("directory-files-no-dot-files-regexp", "[^.]\\|\\.\\.\\.");
defvar("create-lockfiles", NIL);
defvar("make-backup-files", NIL);
defvar("file-name-coding-system", NIL);
defvar("default-file-name-coding-system", intern("utf-8-unix"));
defvar("delete-by-moving-to-trash", NIL);
defvar("insert-directory-program", "ls");
defvar("null-device", "/dev/null");
defvar("path-separator", ":");
defvar("exec-path", arrayToList([...(process.env.PATH ?? "").split(":").filter((d) => d), "."]));
defvar("exec-suffixes", list(""));
defvar("exec-directory", path.join(path.dirname(process.execPath), "/"));
defvar("data-directory", "/usr/share/elnode/");

function dirAsDirectory(d: string): string {
  return d.endsWith("/") ? d : d + "/";
}

function checkString(x: L): string {
  if (typeof x !== "string") wrongType("stringp", x);
  return x;
}

/** Emacs's canonicalisation of an absolute name: `//`, `/.`, `/foo/..` removed (fileio.c). */
function canonicalize(target: string): string {
  let o = "";
  let p = 0;
  const n = target.length;
  while (p < n) {
    const c = target[p];
    if (c !== "/") {
      o += c;
      p++;
    } else if (target[p + 1] === "." && (target[p + 2] === "/" || p + 2 >= n)) {
      if (o === "" && p + 2 >= n) o += "/";
      p += 2;
    } else if (target[p + 1] === "." && target[p + 2] === "." && o !== "" && (target[p + 3] === "/" || p + 3 >= n)) {
      let k = o.length;
      while (k > 0 && o[--k] !== "/");
      o = o.slice(0, k);
      if (k === 0 && p + 3 >= n) o = "/";
      p += 3;
    } else if (target[p + 1] === "/" && (p !== 0 || target[p + 2] === "/")) {
      p++;
    } else {
      o += c;
      p++;
    }
  }
  return o === "" ? "/" : o;
}

/** expand-file-name. */
export function expandFileName(name: string, dir?: L): string {
  let nm = name;
  // ~ and ~user
  if (nm.startsWith("~")) {
    const slash = nm.indexOf("/");
    const user = slash < 0 ? nm.slice(1) : nm.slice(1, slash);
    const home = userHome(user);
    if (home !== null) {
      nm = home + (slash < 0 ? "" : nm.slice(slash));
      if (nm === "") nm = "/";
    }
  }
  if (!nm.startsWith("/")) {
    let d: L = dir === undefined || dir === NIL ? symbolValueCellOr(VdefaultDirectory) : dir;
    let base: string;
    if (typeof d !== "string") base = "/";
    else {
      if (d.startsWith("~")) d = expandFileName(d, "/");
      if ((d as string).startsWith("/")) base = d as string;
      else {
        // A relative directory is relative to default-directory (or, failing that, the cwd).
        const dd = symbolValueCellOr(VdefaultDirectory);
        base = dir !== undefined && dir !== NIL && typeof dd === "string" && dd.startsWith("/")
          ? dirAsDirectory(dd) + d : path.resolve(process.cwd(), d as string);
      }
    }
    nm = nm === "" ? base : dirAsDirectory(base) + nm;
  }
  const trailing = nm.length > 1 && nm.endsWith("/");
  let out = canonicalize(nm);
  if (trailing && !out.endsWith("/")) out += "/";
  return out;
}

function symbolValueCellOr(sym: Sym): L {
  const v = symbolValueCell(sym);
  return v === UNBOUND ? NIL : (v as L);
}

export function defaultDirectory(): string {
  const d = symbolValueCellOr(VdefaultDirectory);
  return typeof d === "string" ? expandFileName(d, "/") : dirAsDirectory(process.cwd());
}

/** Expand FILE (a Lisp argument) against default-directory, checking it is a string. */
export function expand(file: L, dir: L = NIL): string {
  return expandFileName(checkString(file), dir);
}

export function fileNameDirectory(f: string): string | null {
  const i = f.lastIndexOf("/");
  return i < 0 ? null : f.slice(0, i + 1);
}

export function fileNameNondirectory(f: string): string {
  return f.slice(f.lastIndexOf("/") + 1);
}

export function directoryFileName(f: string): string {
  if (/^\/+$/.test(f)) return f === "//" ? "//" : "/";
  return f.replace(/\/+$/, "");
}

function fileNameSansVersions(name: string, keepBackup: boolean): string {
  if (keepBackup) return name;
  const m = /\.~[-A-Za-z0-9:#@^._]+(?:~[0-9]+)?~$/.exec(name);
  if (m) return name.slice(0, m.index);
  if (name.endsWith("~")) return name.slice(0, -1);
  return name;
}

function extensionMatch(file: string): number {
  const i = file.lastIndexOf(".");
  return i > 0 ? i : -1;
}

function fileNameExtension(filename: string, period: boolean): string | null {
  const file = fileNameSansVersions(fileNameNondirectory(filename), false);
  const i = extensionMatch(file);
  if (i > 0) return period ? file.slice(i) : file.slice(i + 1);
  return period ? "" : null;
}

function fileNameSansExtension(filename: string): string {
  const file = fileNameSansVersions(fileNameNondirectory(filename), false);
  const i = extensionMatch(file);
  if (i > 0) {
    const dir = fileNameDirectory(filename);
    return (dir ?? "") + file.slice(0, i);
  }
  return filename;
}

function fileNameAbsoluteP(f: string): boolean {
  if (f.startsWith("/")) return true;
  if (!f.startsWith("~")) return false;
  const slash = f.indexOf("/");
  const user = slash < 0 ? f.slice(1) : f.slice(1, slash);
  return user === "" || userHome(user) !== null;
}

function fileRelativeName(filename: string, directory: L): string {
  const dir = directory === NIL ? defaultDirectory() : expand(directory);
  const file = expandFileName(filename);
  const trailing = file.endsWith("/") && file.length > 1;
  const fparts = directoryFileName(file).split("/").filter((s) => s);
  const dparts = directoryFileName(dir).split("/").filter((s) => s);
  let i = 0;
  while (i < fparts.length && i < dparts.length && fparts[i] === dparts[i]) i++;
  const up = dparts.length - i;
  const rest = fparts.slice(i);
  let rel = [...Array(up).fill(".."), ...rest].join("/");
  if (rel === "") return trailing ? "./" : ".";
  if (trailing) rel += "/";
  return rel;
}

export function abbreviateFileName(f: string): string {
  const home = homeDir();
  if (home !== "/" && (f === home || f.startsWith(home + "/"))) return "~" + f.slice(home.length);
  return f;
}

function substituteInFileName(s: string): string {
  // "//" and "/~" start the name afresh, before and after substituting variables.
  const restart = (x: string): string => {
    let start = 0;
    for (let i = 1; i < x.length; i++) {
      if (x[i - 1] === "/" && (x[i] === "/" || x[i] === "~")) start = i;
    }
    return x.slice(start);
  };
  const substituted = restart(s).replace(/\$(?:([A-Za-z0-9_]+)|\{([^}]*)\}|\$)/g, (m, a: string | undefined, b: string | undefined) => {
    if (m === "$$") return "$";
    const v = getenv(a ?? b ?? "");
    return v === null ? m : v;
  });
  return restart(substituted);
}

function fileTruename(f: string): string {
  const trailing = f.length > 1 && f.endsWith("/");
  const full = expandFileName(f);
  let resolved: string;
  try {
    resolved = fs.realpathSync(full);
  } catch {
    // Resolve the longest existing prefix; keep the rest as written.
    const parts = full.split("/");
    let k = parts.length - 1;
    resolved = full;
    for (; k > 0; k--) {
      const prefix = parts.slice(0, k).join("/") || "/";
      try {
        const r = fs.realpathSync(prefix);
        resolved = canonicalize((r === "/" ? "" : r) + "/" + parts.slice(k).join("/"));
        break;
      } catch {
        /* shorter */
      }
    }
  }
  if (trailing && !resolved.endsWith("/")) resolved += "/";
  return resolved;
}

defsubr("expand-file-name", (name: L, dir: L) => expandFileName(checkString(name), dir), { min: 1, max: 2 });
defsubr("file-name-directory", (f: string) => fileNameDirectory(f) ?? NIL, { min: 1, max: 1, types: ["string"] });
defsubr("file-name-nondirectory", (f: string) => fileNameNondirectory(f), { min: 1, max: 1, types: ["string"] });
defsubr("file-name-as-directory", (f: string) => (f === "" ? "./" : dirAsDirectory(f)), {
  min: 1, max: 1, types: ["string"],
});
defsubr("directory-file-name", (f: string) => directoryFileName(f), { min: 1, max: 1, types: ["string"] });
defsubr("directory-name-p", (f: string) => bool(f.endsWith("/")), { min: 1, max: 1, types: ["string"] });
defsubr("file-name-extension", (f: string, period: L) => fileNameExtension(f, period !== NIL) ?? NIL, {
  min: 1, max: 2, types: ["string", null],
});
defsubr("file-name-sans-extension", (f: string) => fileNameSansExtension(f), { min: 1, max: 1, types: ["string"] });
defsubr("file-name-base", (f: L) => {
  const name = f === NIL ? checkString(symbolValueCellOr(intern("buffer-file-name"))) : checkString(f);
  return fileNameSansExtension(fileNameNondirectory(name));
}, { min: 0, max: 1 });
defsubr("file-name-sans-versions", (f: string, keep: L) => fileNameSansVersions(f, keep !== NIL), {
  min: 1, max: 2, types: ["string", null],
});
defsubr("file-name-with-extension", (f: string, ext: string) => {
  const e = ext.startsWith(".") ? ext.slice(1) : ext;
  if (f === "" || e === "") error("Empty filename");
  if (f.endsWith("/")) error(`Filename is a directory: ${f}`);
  return fileNameSansExtension(f) + "." + e;
}, { min: 2, max: 2, types: ["string", "string"] });
defsubr("file-name-concat", (args: L[]) => {
  const parts: string[] = [];
  args.forEach((a, i) => {
    if (a === NIL) return;
    if (typeof a !== "string") wrongType("stringp", a);
    if (a === "") return;
    parts.push(i === args.length - 1 ? a : a);
  });
  let out = "";
  parts.forEach((p, i) => {
    out += p;
    if (i < parts.length - 1 && !p.endsWith("/")) out += "/";
  });
  return out;
}, { min: 1, max: "many" });
defsubr("file-relative-name", (f: string, dir: L) => fileRelativeName(f, dir), {
  min: 1, max: 2, types: ["string", null],
});
defsubr("file-name-absolute-p", (f: string) => bool(fileNameAbsoluteP(f)), { min: 1, max: 1, types: ["string"] });
defsubr("abbreviate-file-name", (f: string) => abbreviateFileName(f), { min: 1, max: 1, types: ["string"] });
defsubr("file-truename", (f: string) => fileTruename(f), { min: 1, max: 3, types: ["string"] });
defsubr("file-chase-links", (f: string) => {
  let cur = f;
  for (let i = 0; i < 100; i++) {
    try {
      const t = fs.readlinkSync(expandFileName(cur));
      cur = t.startsWith("/") ? t : (fileNameDirectory(cur) ?? "") + t;
    } catch {
      return cur;
    }
  }
  return cur;
}, { min: 1, max: 2, types: ["string"] });
defsubr("substitute-in-file-name", (f: string) => substituteInFileName(f), { min: 1, max: 1, types: ["string"] });
defsubr("convert-standard-filename", (f: string) => f, { min: 1, max: 1, types: ["string"] });
defsubr("file-name-quote", (f: string) => (f.startsWith("/:") ? f : "/:" + f), { min: 1, max: 2, types: ["string"] });
defsubr("file-name-unquote", (f: string) => (f.startsWith("/:") ? f.slice(2) || "/" : f), {
  min: 1, max: 2, types: ["string"],
});
defsubr("file-name-quoted-p", (f: string) => bool(f.startsWith("/:")), { min: 1, max: 2, types: ["string"] });
defsubr("file-remote-p", (f: string) => (checkString(f), NIL), { min: 1, max: 3 });
defsubr("file-local-name", (f: string) => f, { min: 1, max: 1, types: ["string"] });
defsubr("file-name-case-insensitive-p", (f: string) => (checkString(f), NIL), { min: 1, max: 1 });
defsubr("find-file-name-handler", () => NIL, { min: 2, max: 2 });
defsubr("locate-user-emacs-file", (newName: string, _old: L) => {
  const dir = symbolValueCellOr(intern("user-emacs-directory"));
  return abbreviateFileName(expandFileName(newName, typeof dir === "string" ? dir : "~/.emacs.d/"));
}, { min: 1, max: 2, types: ["string", null] });

// ---------------------------------------------------------------------------
// Predicates

function stat(f: string): fs.Stats | null {
  try {
    return fs.statSync(f);
  } catch {
    return null;
  }
}
function lstat(f: string): fs.Stats | null {
  try {
    return fs.lstatSync(f);
  } catch {
    return null;
  }
}
function access(f: string, mode: number): boolean {
  try {
    fs.accessSync(f, mode);
    return true;
  } catch {
    return false;
  }
}

/** Expand and check a file-name argument, as the predicates do. */
const ex = (f: L): string => expand(f);

defsubr("file-exists-p", (f: L) => bool(stat(ex(f)) !== null), { min: 1, max: 1 });
defsubr("file-readable-p", (f: L) => bool(access(ex(f), fs.constants.R_OK)), { min: 1, max: 1 });
defsubr("file-executable-p", (f: L) => bool(access(ex(f), fs.constants.X_OK)), { min: 1, max: 1 });
defsubr("file-writable-p", (f: L) => {
  const full = ex(f);
  if (stat(full)) return bool(access(full, fs.constants.W_OK));
  const dir = path.dirname(full.endsWith("/") ? full.slice(0, -1) : full);
  const st = stat(dir);
  return bool(!!st && st.isDirectory() && access(dir, fs.constants.W_OK));
}, { min: 1, max: 1 });
defsubr("file-directory-p", (f: L) => bool(!!stat(ex(f))?.isDirectory()), { min: 1, max: 1 });
defsubr("file-accessible-directory-p", (f: L) => {
  const full = ex(f);
  return bool(!!stat(full)?.isDirectory() && access(full, fs.constants.X_OK));
}, { min: 1, max: 1 });
defsubr("file-regular-p", (f: L) => bool(!!stat(ex(f))?.isFile()), { min: 1, max: 1 });
defsubr("file-symlink-p", (f: L) => {
  try {
    return fs.readlinkSync(ex(f));
  } catch {
    return NIL;
  }
}, { min: 1, max: 1 });
defsubr("file-newer-than-file-p", (a: L, b: L) => {
  const sa = stat(ex(a));
  if (!sa) return NIL;
  const sb = stat(ex(b));
  if (!sb) return T;
  return bool(sa.mtimeMs > sb.mtimeMs);
}, { min: 2, max: 2 });
defsubr("file-modes", (f: L, flag: L) => {
  const full = ex(f);
  const st = flag === intern("nofollow") ? lstat(full) : stat(full);
  return st ? st.mode & 0o7777 : NIL;
}, { min: 1, max: 2 });
defsubr("set-file-modes", (f: L, mode: L, _flag: L) => {
  const full = ex(f);
  if (typeof mode !== "number") wrongType("fixnump", mode);
  try {
    fs.chmodSync(full, mode);
  } catch (e) {
    reportFileError("Doing chmod", e, full);
  }
  return NIL;
}, { min: 2, max: 3 });
defsubr("set-file-times", (f: L, time: L, _flag: L) => {
  const full = ex(f);
  const secs = time === NIL ? Date.now() / 1000 : timeToSeconds(time);
  try {
    fs.utimesSync(full, secs, secs);
    return T;
  } catch {
    return NIL;
  }
}, { min: 1, max: 3 });
defsubr("file-nlinks", (f: L) => {
  const st = lstat(ex(f));
  return st ? st.nlink : NIL;
}, { min: 1, max: 1 });
defsubr("file-equal-p", (a: L, b: L) => {
  const sa = stat(ex(a));
  const sb = stat(ex(b));
  if (!sa || !sb) return NIL;
  return bool(sa.ino === sb.ino && sa.dev === sb.dev);
}, { min: 2, max: 2 });
defsubr("file-in-directory-p", (file: L, dir: L) => {
  const d = stat(ex(dir));
  if (!d) return NIL;
  let cur = fileTruename(ex(file));
  const target = fileTruename(dirAsDirectory(ex(dir)));
  for (;;) {
    if (dirAsDirectory(cur) === target) return T;
    const parent = path.dirname(cur);
    if (parent === cur) return NIL;
    cur = parent;
  }
}, { min: 2, max: 2 });

/** Seconds of a Lisp time value; timefns installs the real converter. */
export const timeConverter = { toSeconds: null as null | ((t: L) => number) };
function timeToSeconds(t: L): number {
  if (timeConverter.toSeconds) return timeConverter.toSeconds(t);
  if (typeof t === "number") return t;
  wrongType("numberp", t);
}

// ---------------------------------------------------------------------------
// Reading and writing files

/** Decode file bytes as Emacs's default (utf-8 with end-of-line detection) would. */
export function decodeText(bytes: Buffer, literally = false): string {
  const coding = symbolValueCellOr(intern("coding-system-for-read"));
  if (literally || (coding instanceof Sym && /^(binary|no-conversion|raw-text)/.test(coding.name))) {
    return bytes.toString("latin1");
  }
  let text: string;
  if (coding instanceof Sym && /^(latin-1|iso-latin-1|iso-8859-1)/.test(coding.name)) text = bytes.toString("latin1");
  else {
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      text = bytes.toString("latin1");
    }
  }
  // undecided-dos: every line ends in CRLF.
  if (text.includes("\r\n") && !/(^|[^\r])\n/.test(text)) text = text.replace(/\r\n/g, "\n");
  return text;
}

/** Encode text for writing: UTF-8, or characters as bytes for binary codings. */
export function encodeText(text: string): Buffer {
  const coding = symbolValueCellOr(intern("coding-system-for-write"));
  if (coding instanceof Sym && /^(binary|no-conversion|raw-text|latin-1|iso-latin-1|iso-8859-1)/.test(coding.name)) {
    return Buffer.from(text, "latin1");
  }
  return Buffer.from(text, "utf8");
}

function byteOffset(x: L, name: string): number | null {
  if (x === NIL) return null;
  if (typeof x !== "number") wrongType("integerp", x);
  if (x < 0) argsOutOfRange(x);
  void name;
  return x;
}

function readFileBytes(full: string, beg: number | null, end: number | null): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(full, "r");
  } catch (e) {
    reportFileError("Opening input file", e, full);
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) signal("file-error", list("Read error", "Is a directory", full));
    if (st.isFile() && st.size > 0) {
      const from = beg ?? 0;
      const to = Math.min(end ?? st.size, st.size);
      if (to <= from) return Buffer.alloc(0);
      const buf = Buffer.alloc(to - from);
      let got = 0;
      while (got < buf.length) {
        const n = fs.readSync(fd, buf, got, buf.length - got, from + got);
        if (n === 0) break;
        got += n;
      }
      return buf.subarray(0, got);
    }
    // Pipes, devices, /proc files: read until EOF.
    const chunks: Buffer[] = [];
    const chunk = Buffer.alloc(65536);
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EISDIR") signal("file-error", list("Read error", "Is a directory", full));
        reportFileError("Read error", e, full);
      }
      if (n === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    const all = Buffer.concat(chunks);
    return all.subarray(beg ?? 0, end ?? all.length);
  } finally {
    fs.closeSync(fd);
  }
}

function insertFileContents(filename: L, visit: L, beg: L, end: L, replace: L, literally: boolean): L {
  const full = expand(filename);
  const b = byteOffset(beg, "beg");
  const e = byteOffset(end, "end");
  let bytes: Buffer;
  try {
    bytes = readFileBytes(full, b, e);
  } catch (err) {
    if (visit !== NIL && err instanceof Object && (err as { symbol?: Sym }).symbol === intern("file-missing")) {
      setVisited(full);
    }
    throw err;
  }
  const text = decodeText(bytes, literally);
  if (replace !== NIL) {
    call("delete-region", buffers.pointMin(), buffers.pointMax());
  }
  const p = buffers.point();
  buffers.insert(text);
  buffers.goto(p);
  if (visit !== NIL) {
    setVisited(full);
    const mod = F("set-buffer-modified-p");
    if (mod.fn !== NIL) funcall(mod, [NIL]);
  }
  return list(full, stringLength(text));
}

function setVisited(full: string): void {
  try {
    setSymbolValue(intern("buffer-file-name"), full);
    setSymbolValue(intern("buffer-file-truename"), abbreviateFileName(fileTruename(full)));
  } catch {
    /* the buffer module may not define these */
  }
}

defsubr("insert-file-contents", (f: L, visit: L, beg: L, end: L, replace: L) =>
  insertFileContents(f, visit, beg, end, replace, false), { min: 1, max: 5 });
defsubr("insert-file-contents-literally", (f: L, visit: L, beg: L, end: L, replace: L) =>
  insertFileContents(f, visit, beg, end, replace, true), { min: 1, max: 5 });

/** The text write-region writes: START a string, nil (the whole buffer) or positions. */
function regionToWrite(start: L, end: L): string {
  if (typeof start === "string") return start;
  if (start === NIL) return wholeBufferText();
  return buffers.regionText(start, end).text;
}

/** `(write-region nil ...)` writes the whole buffer regardless of narrowing. */
function wholeBufferText(): string {
  const ws = F("widen");
  if (ws.fn === NIL) return call("buffer-string") as string;
  // Save and restore narrowing around widen, through the save-restriction form.
  return funcall(F("eval"), [list(intern("save-restriction"), list(intern("widen")), list(intern("buffer-substring-no-properties"), list(intern("point-min")), list(intern("point-max"))))]) as string;
}

function writeRegion(start: L, end: L, filename: L, append: L, visit: L, _lockname: L, mustbenew: L): L {
  const full = expand(filename);
  const text = regionToWrite(start, end);
  const data = encodeText(text);
  if (mustbenew !== NIL && stat(full)) {
    signal("file-already-exists", list("File exists", full));
  }
  let fd: number;
  const flags = append === NIL ? "w" : typeof append === "number" ? (stat(full) ? "r+" : "w") : "a";
  try {
    fd = fs.openSync(full, flags, 0o666);
  } catch (e) {
    reportFileError("Opening output file", e, full);
  }
  try {
    let pos = typeof append === "number" ? append : null;
    let off = 0;
    while (off < data.length) {
      const n = fs.writeSync(fd, data, off, data.length - off, pos);
      off += n;
      if (pos !== null) pos += n;
    }
  } catch (e) {
    reportFileError("Write error", e, full);
  } finally {
    fs.closeSync(fd);
  }
  if (visit === T || typeof visit === "string") {
    setVisited(typeof visit === "string" ? expand(visit) : full);
    const mod = F("set-buffer-modified-p");
    if (mod.fn !== NIL) funcall(mod, [NIL]);
  }
  return NIL;
}
defsubr("write-region", writeRegion, { min: 3, max: 7 });

defsubr("append-to-file", (start: L, end: L, filename: L) => writeRegion(start, end, filename, T, intern("silent"), NIL, NIL), {
  min: 3, max: 3,
});

// ---------------------------------------------------------------------------
// Creating, deleting, renaming, copying

function isDirectoryName(f: string): boolean {
  return f.endsWith("/");
}

defsubr("make-directory-internal", (dir: L) => {
  const full = directoryFileName(expand(dir));
  try {
    fs.mkdirSync(full);
  } catch (e) {
    reportFileError("Creating directory", e, full);
  }
  return NIL;
}, { min: 1, max: 1 });

defsubr("make-directory", (dir: L, parents: L) => {
  const full = directoryFileName(expand(dir));
  if (parents !== NIL) {
    const st = stat(full);
    if (st?.isDirectory()) return NIL;
    try {
      fs.mkdirSync(full, { recursive: true });
    } catch (e) {
      reportFileError("Creating directory", e, full);
    }
    return NIL;
  }
  if (stat(full)) signal("file-already-exists", list("File exists", full));
  try {
    fs.mkdirSync(full);
  } catch (e) {
    reportFileError("Creating directory", e, full);
  }
  return NIL;
}, { min: 1, max: 2 });

defsubr("delete-file", (f: L, _trash: L) => {
  const given = checkString(f);
  const full = expandFileName(given);
  const st = lstat(full);
  if (st?.isDirectory()) signal("file-error", list("Removing old name: is a directory", given));
  try {
    fs.unlinkSync(full);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") reportFileError("Removing old name", e, full);
  }
  return NIL;
}, { min: 1, max: 2 });

defsubr("delete-directory", (dir: L, recursive: L, _trash: L) => {
  const full = directoryFileName(expand(dir));
  if (recursive !== NIL) {
    const st = lstat(full);
    if (st && st.isDirectory()) {
      let entries: string[];
      try {
        entries = fs.readdirSync(full);
      } catch (e) {
        reportFileError("Opening directory", e, full);
      }
      for (const name of entries) {
        const p = full + "/" + name;
        const s = lstat(p);
        try {
          if (s?.isDirectory()) fs.rmSync(p, { recursive: true, force: true });
          else fs.unlinkSync(p);
        } catch (e) {
          reportFileError("Removing old name", e, p);
        }
      }
    } else if (!st) {
      try {
        fs.readdirSync(full);
      } catch (e) {
        reportFileError("Opening directory", e, full);
      }
    }
  }
  try {
    fs.rmdirSync(full);
  } catch (e) {
    reportFileError("Removing directory", e, full);
  }
  return NIL;
}, { min: 1, max: 3 });

/** NEWNAME for rename/copy: a directory name means "inside that directory". */
function targetName(file: string, newname: L): string {
  const given = checkString(newname);
  if (isDirectoryName(given)) return expandFileName(fileNameNondirectory(directoryFileName(file)), given);
  return expandFileName(given);
}

function checkOverwrite(target: string, ok: L, _what: string): void {
  if (ok !== NIL && typeof ok !== "number") return;
  if (lstat(target)) signal("file-already-exists", list("File already exists", target));
}

defsubr("rename-file", (file: L, newname: L, ok: L) => {
  const from = expand(file);
  const to = targetName(from, newname);
  if (!lstat(from)) signal("file-missing", list("Renaming", "No such file or directory", from, to));
  checkOverwrite(to, ok, "rename");
  try {
    fs.renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EXDEV") reportFileError("Renaming", e, from, to);
    try {
      fs.cpSync(from, to, { recursive: true });
      fs.rmSync(from, { recursive: true, force: true });
    } catch (e2) {
      reportFileError("Renaming", e2, from, to);
    }
  }
  return NIL;
}, { min: 2, max: 3 });

defsubr("copy-file", (file: L, newname: L, ok: L, keepTime: L, _uid: L, _perm: L) => {
  const from = expand(file);
  const to = targetName(from, newname);
  const st = stat(from);
  if (!st) {
    try {
      fs.openSync(from, "r");
    } catch (e) {
      reportFileError("Opening input file", e, from);
    }
  } else if (st.isDirectory()) signal("file-error", list("Non-regular file", "Is a directory", from));
  checkOverwrite(to, ok, "copy");
  try {
    fs.copyFileSync(from, to);
    if (keepTime !== NIL && st) fs.utimesSync(to, st.atime, st.mtime);
  } catch (e) {
    reportFileError("Copying file", e, from, to);
  }
  return NIL;
}, { min: 2, max: 6 });

defsubr("make-symbolic-link", (target: L, linkname: L, ok: L) => {
  const t = checkString(target);
  const link = expand(linkname);
  if (lstat(link)) {
    if (ok === NIL || typeof ok === "number") signal("file-already-exists", list("File already exists", link));
    try {
      fs.unlinkSync(link);
    } catch (e) {
      reportFileError("Removing old name", e, link);
    }
  }
  try {
    fs.symlinkSync(t, link);
  } catch (e) {
    reportFileError("Making symbolic link", e, t, link);
  }
  return NIL;
}, { min: 2, max: 3 });

defsubr("add-name-to-file", (file: L, newname: L, ok: L) => {
  const from = expand(file);
  const to = targetName(from, newname);
  if (lstat(to)) {
    if (ok === NIL || typeof ok === "number") signal("file-already-exists", list("File already exists", to));
    try {
      fs.unlinkSync(to);
    } catch (e) {
      reportFileError("Removing old name", e, to);
    }
  }
  try {
    fs.linkSync(from, to);
  } catch (e) {
    reportFileError("Adding new name", e, from, to);
  }
  return NIL;
}, { min: 2, max: 3 });

const TEMP_CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
function randomSuffix(): string {
  let s = "";
  for (let i = 0; i < 6; i++) s += TEMP_CHARS[nodeCrypto().randomInt(TEMP_CHARS.length)];
  return s;
}

defsubr("make-temp-name", (prefix: L) => checkString(prefix) + randomSuffix(), { min: 1, max: 1 });

export function makeTempFile(prefix: string, dirFlag: boolean, suffix: string, text: string | null): string {
  const tmp = symbolValueCellOr(intern("temporary-file-directory"));
  const base = expandFileName(prefix, typeof tmp === "string" ? tmp : os.tmpdir());
  for (let attempt = 0; ; attempt++) {
    const name = base + randomSuffix() + suffix;
    try {
      if (dirFlag) fs.mkdirSync(name, 0o700);
      else {
        const fd = fs.openSync(name, "wx", 0o600);
        try {
          if (text !== null) fs.writeSync(fd, encodeText(text));
        } finally {
          fs.closeSync(fd);
        }
      }
      return name;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST" && attempt < 100) continue;
      reportFileError("Creating file with prefix", e, prefix);
    }
  }
}

defsubr("make-temp-file", (prefix: L, dirFlag: L, suffix: L, text: L) => {
  const p = checkString(prefix);
  if (suffix !== NIL && typeof suffix !== "string") wrongType("stringp", suffix);
  if (text !== NIL && typeof text !== "string") wrongType("stringp", text);
  return makeTempFile(p, dirFlag !== NIL, suffix === NIL ? "" : (suffix as string), text === NIL ? null : (text as string));
}, { min: 1, max: 4 });

defsubr("make-nearby-temp-file", (prefix: L, dirFlag: L, suffix: L) =>
  makeTempFile(checkString(prefix), dirFlag !== NIL, typeof suffix === "string" ? suffix : "", null), { min: 1, max: 3 });

// (with-temp-file FILE BODY...): BODY in a fresh buffer whose text is then written to FILE.
defmacroTS("with-temp-file", (args: L[]) => {
  const file = args[0];
  const body = arrayToList(args.slice(1));
  const tf = makeSymbol("temp-file");
  const tb = makeSymbol("temp-buffer");
  const S = (n: string) => intern(n);
  // (let ((tf FILE) (tb (generate-new-buffer " *temp file*" t)))
  //   (unwind-protect
  //       (prog1 (with-current-buffer tb BODY...)
  //         (with-current-buffer tb (write-region nil nil tf nil 0)))
  //     (and (buffer-name tb) (kill-buffer tb))))
  return list(
    S("let"),
    list(list(tf, file), list(tb, list(S("generate-new-buffer"), " *temp file*", T))),
    list(
      S("unwind-protect"),
      list(
        S("prog1"),
        new Cons(S("with-current-buffer"), new Cons(tb, body)),
        list(S("with-current-buffer"), tb, list(S("write-region"), NIL, NIL, tf, NIL, 0)),
      ),
      list(S("and"), list(S("buffer-name"), tb), list(S("kill-buffer"), tb)),
    ),
  );
}, 1);

export { specbind, specpdlDepth, unbindTo, symbolValue, Q };
