// Directories and file attributes (Emacs: dired.c, and the file-attribute-*
// accessors and directory-files-recursively of files.el).
import * as fs from "node:fs";
import { L, NIL, T, Sym, Cons, list, arrayToList, listToArray, normInt, bool } from "../types.js";
import { intern } from "../symbols.js";
import { signal, wrongType, argsOutOfRange } from "../errors.js";
import { defsubr } from "../subr.js";
import { funcall } from "../eval.js";
import {
  expand, expandFileName, reportFileError, directoryFileName, fileNameNondirectory,
} from "./fileio.js";

// ---------------------------------------------------------------------------
// Names of users and groups, for ID-FORMAT `string'.

function idTable(file: string): Map<number, string> {
  const m = new Map<number, string>();
  try {
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      const f = line.split(":");
      if (f.length >= 3 && /^\d+$/.test(f[2])) m.set(Number(f[2]), f[0]);
    }
  } catch {
    /* unreadable: numbers are used */
  }
  return m;
}
let users: Map<number, string> | null = null;
let groups: Map<number, string> | null = null;
const userName = (uid: number) => (users ??= idTable("/etc/passwd")).get(uid) ?? String(uid);
const groupName = (gid: number) => (groups ??= idTable("/etc/group")).get(gid) ?? String(gid);

// ---------------------------------------------------------------------------
// file-attributes

/** A timestamp as Emacs 28 gives it: (HIGH LOW USEC PSEC). */
export function timeListFromNs(ns: bigint): L {
  let sec = ns / 1000000000n;
  let rem = ns % 1000000000n;
  if (rem < 0n) {
    rem += 1000000000n;
    sec -= 1n;
  }
  const high = normInt(sec >> 16n);
  const low = Number(sec & 0xffffn);
  const usec = Number(rem / 1000n);
  const psec = Number(rem % 1000n) * 1000;
  return list(high, low, usec, psec);
}

function modeString(mode: number, st: fs.BigIntStats): string {
  let type = "-";
  if (st.isDirectory()) type = "d";
  else if (st.isSymbolicLink()) type = "l";
  else if (st.isFIFO()) type = "p";
  else if (st.isSocket()) type = "s";
  else if (st.isCharacterDevice()) type = "c";
  else if (st.isBlockDevice()) type = "b";
  const rwx = (bits: number, special: boolean, ch: string) =>
    (bits & 4 ? "r" : "-") + (bits & 2 ? "w" : "-") +
    (special ? (bits & 1 ? ch : ch.toUpperCase()) : bits & 1 ? "x" : "-");
  return type + rwx((mode >> 6) & 7, (mode & 0o4000) !== 0, "s") + rwx((mode >> 3) & 7, (mode & 0o2000) !== 0, "s") +
    rwx(mode & 7, (mode & 0o1000) !== 0, "t");
}

export function fileAttributes(full: string, idFormat: L): L {
  let st: fs.BigIntStats;
  try {
    st = fs.lstatSync(full, { bigint: true });
  } catch {
    return NIL;
  }
  let type: L = NIL;
  if (st.isDirectory()) type = T;
  else if (st.isSymbolicLink()) {
    try {
      type = fs.readlinkSync(full);
    } catch {
      type = T;
    }
  }
  const asString = idFormat === intern("string");
  const uid = Number(st.uid);
  const gid = Number(st.gid);
  return list(
    type,
    normInt(st.nlink),
    asString ? userName(uid) : uid,
    asString ? groupName(gid) : gid,
    timeListFromNs(st.atimeNs),
    timeListFromNs(st.mtimeNs),
    timeListFromNs(st.ctimeNs),
    normInt(st.size),
    modeString(Number(st.mode), st),
    T,
    normInt(st.ino),
    normInt(st.dev),
  );
}

defsubr("file-attributes", (f: L, idFormat: L) => fileAttributes(expand(f), idFormat), { min: 1, max: 2 });

/** The accessor of slot N of a fixed-layout list (file attributes, decoded times): nil past its
 *  end and, as the byte-code `nth' does, wrong-type-argument on the tail that is not a list. */
export function listSlot(n: number): (l: L) => L {
  return (attrs: L): L => {
    let l = attrs;
    for (let i = 0; i < n; i++) {
      if (l instanceof Cons) l = l.cdr;
      else if (l === NIL) return NIL;
      else wrongType("listp", l);
    }
    if (l instanceof Cons) return l.car;
    if (l === NIL) return NIL;
    wrongType("listp", l);
  };
}

// files.el's accessors.
const accessors: [string, number][] = [
  ["file-attribute-type", 0], ["file-attribute-link-number", 1], ["file-attribute-user-id", 2],
  ["file-attribute-group-id", 3], ["file-attribute-access-time", 4], ["file-attribute-modification-time", 5],
  ["file-attribute-status-change-time", 6], ["file-attribute-size", 7], ["file-attribute-modes", 8],
  ["file-attribute-inode-number", 10], ["file-attribute-device-number", 11],
];
for (const [name, n] of accessors) defsubr(name, listSlot(n), { min: 1, max: 1 });
defsubr("file-attribute-file-identifier", (attrs: L) => list(listSlot(10)(attrs), listSlot(11)(attrs)), { min: 1, max: 1 });

// ---------------------------------------------------------------------------
// Listing directories

/** Entries of DIR as readdir gives them, plus "." and "..". */
function readDirectory(full: string): string[] {
  try {
    return [".", "..", ...fs.readdirSync(full)];
  } catch (e) {
    reportFileError("Opening directory", e, full);
  }
}

function matches(regexp: L, name: string): boolean {
  if (regexp === NIL) return true;
  return funcall(intern("string-match-p"), [regexp, name]) !== NIL;
}

function checkCount(count: L): number | null {
  if (count === NIL) return null;
  if (typeof count !== "number" || count < 0) wrongType("natnump", count);
  return count;
}

function listDirectory(directory: L, full: L, match: L, nosort: L, count: L): { names: string[]; dir: string } {
  const dir = expand(directory);
  if (match !== NIL && typeof match !== "string") wrongType("stringp", match);
  const n = checkCount(count);
  let names = readDirectory(directoryFileName(dir) || "/").filter((name) => matches(match, name));
  if (n !== null) names = names.slice(0, n);
  if (nosort === NIL) names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { names, dir };
}

function joinName(dir: string, name: string): string {
  return (dir.endsWith("/") ? dir : dir + "/") + name;
}

defsubr("directory-files", (directory: L, full: L, match: L, nosort: L, count: L) => {
  const { names, dir } = listDirectory(directory, full, match, nosort, count);
  return arrayToList(full !== NIL ? names.map((n) => joinName(dir, n)) : names);
}, { min: 1, max: 5 });

defsubr("directory-files-and-attributes", (directory: L, full: L, match: L, nosort: L, idFormat: L, count: L) => {
  const { names, dir } = listDirectory(directory, full, match, nosort, count);
  return arrayToList(names.map((n) => {
    const path = joinName(dir, n);
    return new Cons(full !== NIL ? path : n, fileAttributes(path, idFormat));
  }));
}, { min: 1, max: 6 });

defsubr("directory-empty-p", (directory: L) => {
  try {
    return bool(fs.readdirSync(expand(directory)).length === 0);
  } catch {
    return NIL;
  }
}, { min: 1, max: 1 });

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function filesRecursively(dir: string, regexp: L, includeDirs: boolean, predicate: L, followSymlinks: boolean): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (e) {
    reportFileError("Opening directory", e, dir);
  }
  entries.sort((a, b) => {
    const x = isDir(dir + "/" + a) ? a + "/" : a;
    const y = isDir(dir + "/" + b) ? b + "/" : b;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const result: string[] = [];
  const files: string[] = [];
  for (const leaf of entries) {
    const full = dir + "/" + leaf;
    if (isDir(full)) {
      const link = isSymlink(full);
      if ((!link || followSymlinks) && (predicate === NIL || predicate === T || funcall(predicate, [full]) !== NIL)) {
        let sub: string[] = [];
        if (predicate === T) {
          try {
            sub = filesRecursively(full, regexp, includeDirs, predicate, followSymlinks);
          } catch (e) {
            if (!(e instanceof Object && "symbol" in e)) throw e;
          }
        } else sub = filesRecursively(full, regexp, includeDirs, predicate, followSymlinks);
        result.push(...sub);
      }
      if (includeDirs && matches(regexp, leaf)) result.push(full);
    } else if (matches(regexp, leaf)) files.push(full);
  }
  return [...result, ...files];
}

defsubr("directory-files-recursively", (dir: L, regexp: L, includeDirs: L, predicate: L, follow: L) => {
  if (typeof regexp !== "string") wrongType("stringp", regexp);
  const d = directoryFileName(expand(dir));
  return arrayToList(filesRecursively(d, regexp, includeDirs !== NIL, predicate, follow !== NIL));
}, { min: 2, max: 5 });

// ---------------------------------------------------------------------------
// Completion of file names

function completions(file: string, directory: L): string[] {
  const dir = expand(directory);
  let names: string[];
  try {
    names = [".", "..", ...fs.readdirSync(dir)];
  } catch {
    return [];
  }
  return names.filter((n) => n.startsWith(file)).map((n) => (isDir(joinName(dir, n)) ? n + "/" : n));
}

defsubr("file-name-all-completions", (file: L, directory: L) => {
  if (typeof file !== "string") wrongType("stringp", file);
  return arrayToList(completions(file, directory));
}, { min: 2, max: 2 });

defsubr("file-name-completion", (file: L, directory: L, _predicate: L) => {
  if (typeof file !== "string") wrongType("stringp", file);
  const all = completions(file, directory).filter((n) => file !== "" || (n !== "./" && n !== "../"));
  if (all.length === 0) return NIL;
  if (all.length === 1 && (all[0] === file)) return T;
  let prefix = all[0];
  for (const n of all) {
    let i = 0;
    while (i < prefix.length && i < n.length && prefix[i] === n[i]) i++;
    prefix = prefix.slice(0, i);
  }
  if (all.includes(file) && prefix === file) return all.length === 1 ? T : file;
  return prefix;
}, { min: 2, max: 3 });

export { expandFileName, fileNameNondirectory, listToArray, signal, argsOutOfRange, Sym };
