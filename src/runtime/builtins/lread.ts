// lread.c's loading half: load, require, provide, features, load-path.
import { readFileSync, existsSync, statSync } from "node:fs";
import * as path from "node:path";
import { L, NIL, T, Sym, Cons, list, listToArray, arrayToList, bool } from "../types.js";
import { intern, defvar, Q } from "../symbols.js";
import { LispSignal, signal, error, wrongType } from "../errors.js";
import { defsubr } from "../subr.js";
import { packageRoot } from "../../package-root.js";
import { specbind, specpdlDepth, unbindTo, autoloader, symbolValue, funcall } from "../eval.js";
import { topLevelScope, evalInScope } from "../compile/index.js";
import { readTopLevel, hasLexicalCookie, formatLocation } from "../reader/index.js";
import { defmacroTS } from "../compile/index.js";


export { packageRoot };

// stdlib/ and lisp/ of the package come first on load-path.
const loadPathSym = defvar("load-path", list(path.join(packageRoot, "stdlib"), path.join(packageRoot, "lisp")));
const featuresSym = defvar("features", NIL);
const loadFileNameSym = defvar("load-file-name", NIL);
const loadTrueFileNameSym = defvar("load-true-file-name", NIL);
const loadInProgressSym = defvar("load-in-progress", NIL);
const lexicalBindingSym = intern("lexical-binding");
defvar("load-history", NIL);
defvar("load-suffixes", list(".el"));
defvar("after-load-alist", NIL);
defvar("current-load-list", NIL);
defvar("byte-compile-current-file", NIL);
const warningSink: { write: (msg: string) => void } = { write: (msg) => void process.stderr.write(msg + "\n") };
export function setLoadWarningSink(write: (msg: string) => void): void {
  warningSink.write = write;
}

/** Options for loading source text (the CLI enables paren recovery). */
export const loadOptions = { recover: false };

/** Find FILE on load-path (or as given, when absolute or relative with a directory). */
export function locateFile(file: string, nosuffix = false): string | null {
  const suffixes = nosuffix ? [""] : [".el", ""];
  const candidates = (dir: string) => suffixes.map((s) => path.resolve(dir, file + s));
  const dirs: string[] = [];
  if (path.isAbsolute(file) || file.startsWith("./") || file.startsWith("../") || file.startsWith("~")) {
    const expanded = file.startsWith("~") ? path.join(process.env.HOME ?? "/", file.slice(1)) : file;
    for (const c of suffixes.map((s) => path.resolve(expanded + s))) if (isFile(c)) return c;
    return null;
  }
  for (const d of listToArray(loadPathSym.value as L)) {
    if (typeof d === "string") dirs.push(d);
    else if (d === NIL) dirs.push(process.cwd());
  }
  for (const d of dirs) for (const c of candidates(d)) if (isFile(c)) return c;
  return null;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Evaluate every top-level form of TEXT, as `load` does. */
export function loadText(text: string, file: string | undefined, opts: { lexical?: boolean } = {}): void {
  const lexical = opts.lexical ?? hasLexicalCookie(text);
  const scope = topLevelScope(lexical);
  const depth = specpdlDepth();
  try {
    specbind(lexicalBindingSym, bool(lexical));
    for (const { form, pos } of readTopLevel(text, {
      file,
      recover: loadOptions.recover,
      onWarning: (m: string) => warningSink.write(m),
    })) {
      try {
        evalInScope(form, scope);
      } catch (e) {
        if (e instanceof LispSignal && !e.location) {
          e.location = formatLocation({ ...pos, file: file ?? "<string>" });
        }
        throw e;
      }
    }
  } finally {
    unbindTo(depth);
  }
}

export function loadFile(file: string, noerror = false): boolean {
  const found = locateFile(file);
  if (!found) {
    if (noerror) return false;
    signal("file-missing", list("Cannot open load file", "No such file or directory", file));
  }
  const text = readFileSync(found, "utf8");
  const depth = specpdlDepth();
  try {
    specbind(loadFileNameSym, found);
    specbind(loadTrueFileNameSym, found);
    specbind(loadInProgressSym, T);
    loadText(text, found);
  } finally {
    unbindTo(depth);
  }
  return true;
}

defsubr("load", (file: string, noerror: L) => bool(loadFile(file, noerror !== NIL)), {
  min: 1,
  max: 5,
  types: ["string"],
});
defsubr("load-file", (file: string) => bool(loadFile(path.resolve(file))), { types: ["string"] });
defsubr("locate-library", (file: string) => locateFile(file) ?? NIL, { min: 1, max: 4, types: ["string"] });
defsubr("locate-file", (file: string, pathList: L) => {
  for (const d of listToArray(pathList)) {
    if (typeof d !== "string") continue;
    const c = path.resolve(d, file);
    if (existsSync(c)) return c;
  }
  return NIL;
}, { min: 2, max: 4, types: ["string", null] });

function featurep(feature: Sym): boolean {
  for (let f = featuresSym.value as L; f instanceof Cons; f = f.cdr) if (f.car === feature) return true;
  return false;
}

defsubr("featurep", (feature: Sym) => bool(featurep(feature)), { min: 1, max: 2, types: ["symbol"] });
const afterLoadAlistSym = intern("after-load-alist");
defsubr("provide", (feature: Sym) => {
  if (!featurep(feature)) featuresSym.value = new Cons(feature, featuresSym.value as L);
  // As Emacs's Fprovide: run the functions `eval-after-load' queued for FEATURE.
  for (let a = afterLoadAlistSym.value as L; a instanceof Cons; a = a.cdr) {
    const entry = a.car;
    if (entry instanceof Cons && entry.car === feature) {
      for (const fn of listToArray(entry.cdr)) funcall(fn, []);
      break;
    }
  }
  return feature;
}, { min: 1, max: 2, types: ["symbol"] });

const requireInProgress: Sym[] = [];
defsubr("require", (feature: Sym, filename: L, noerror: L) => {
  if (featurep(feature)) return feature;
  if (requireInProgress.includes(feature)) return feature; // recursive require: Emacs errors only on deep cycles
  const file = typeof filename === "string" ? filename : feature.name;
  requireInProgress.push(feature);
  try {
    if (!loadFile(file, noerror !== NIL)) return NIL;
  } finally {
    requireInProgress.pop();
  }
  if (!featurep(feature)) {
    if (noerror !== NIL) return NIL;
    error(`Loading file ${locateFile(file) ?? file} failed to provide feature \u2018${feature.name}\u2019`);
  }
  return feature;
}, { min: 1, max: 3, types: ["symbol"] });

autoloader.load = (sym: Sym, form: Cons) => {
  const file = listToArray(form)[1];
  if (typeof file !== "string") wrongType("stringp", file);
  loadFile(file);
};

// Byte-compiler forms that interpreted code simply evaluates.
const progn = intern("progn");
defmacroTS("eval-when-compile", (args) => new Cons(progn, arrayToList(args)));
defmacroTS("eval-and-compile", (args) => new Cons(progn, arrayToList(args)));
defmacroTS("with-no-warnings", (args) => new Cons(progn, arrayToList(args)));
defmacroTS("with-suppressed-warnings", (args) => new Cons(progn, arrayToList(args.slice(1))));
defmacroTS("declare-function", () => NIL);
defmacroTS("declare", () => NIL);

export { symbolValue, Q };
