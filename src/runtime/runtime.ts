// The Lisp runtime and its embedding API. One Lisp world per process, as in
// one Emacs: a Lisp instance is the door to it.
import { existsSync } from "node:fs";
import * as path from "node:path";
import { L, NIL, T, Sym, listToArray, arrayToList } from "./types.js";
import { intern, defvar as defineVariable } from "./symbols.js";
import { defsubr, SubrOptions } from "./subr.js";
import { funcall, symbolValue, asLispError } from "./eval.js";
import { evalForm, topLevelScope, evalInScope } from "./compile/index.js";
import { readFromString, readTopLevel } from "./reader/index.js";
import { loadFile, loadText, packageRoot } from "./builtins/lread.js";
import { prin1ToString, princToString } from "./printer.js";
import "./builtins/index.js";

/** Run FN; a JS stack overflow or impossible allocation inside comes out as the Lisp error Emacs would signal. */
function lispErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw asLispError(e);
  }
}

let preloaded = false;
/** Lisp libraries loaded into every runtime at start-up (kept small: the rest autoloads). */
function preload(): void {
  if (preloaded) return;
  preloaded = true;
  const subr = path.join(packageRoot, "stdlib", "subr.el");
  if (existsSync(subr)) loadFile(subr);
}

export interface LispOptions {
  /** Directories added to the front of `load-path`. */
  loadPath?: string[];
}

export class Lisp {
  constructor(opts: LispOptions = {}) {
    preload();
    if (opts.loadPath?.length) {
      const lp = intern("load-path");
      const current = listToArray(lp.value as L);
      const extra = opts.loadPath.map((p) => path.resolve(p)).filter((p) => !current.includes(p));
      lp.value = arrayToList([...extra, ...current]);
    }
  }

  /** Define a builtin implemented in TypeScript (see SubrOptions for arity and argument types). */
  defun(name: string, fn: (...args: any[]) => L, opts: SubrOptions = {}): Sym {
    defsubr(name, fn, opts);
    return intern(name);
  }

  /** Define a special (dynamically scoped) variable, keeping its value if already bound. */
  defvar(name: string, value: L): Sym {
    return defineVariable(name, value);
  }

  intern(name: string): Sym {
    return intern(name);
  }

  /** The value of a Lisp variable. */
  value(name: string): L {
    return symbolValue(intern(name));
  }

  /** Read one Lisp object from text. */
  read(text: string): L {
    return readFromString(text).value;
  }

  /** Evaluate every form in TEXT; returns the last value. Dynamic binding unless `lexical`. */
  evalString(text: string, opts: { lexical?: boolean; file?: string } = {}): L {
    return lispErrors(() => {
      const scope = topLevelScope(opts.lexical ?? false);
      let last: L = NIL;
      for (const { form } of readTopLevel(text, { file: opts.file })) last = evalInScope(form, scope);
      return last;
    });
  }

  /** Evaluate one form (LEXICAL as `eval`'s second argument). */
  eval(form: L, lexical: L | boolean = false): L {
    return lispErrors(() => evalForm(form, lexical === true ? T : lexical === false ? NIL : lexical));
  }

  /** Call a Lisp function by name or value. */
  funcall(fn: string | L, ...args: L[]): L {
    return lispErrors(() => funcall(typeof fn === "string" ? intern(fn) : fn, args));
  }

  /** Load a file (searched on load-path unless absolute), as `load` does. */
  load(file: string): void {
    loadFile(path.isAbsolute(file) || file.startsWith(".") ? path.resolve(file) : file);
  }

  /** Load source text as a file would be loaded (cookie decides lexical binding). */
  loadText(text: string, file?: string): void {
    loadText(text, file);
  }

  /** prin1 representation. */
  print(x: L): string {
    return prin1ToString(x);
  }

  /** princ representation. */
  princ(x: L): string {
    return princToString(x);
  }
}
