// The environment Lisp sees (Emacs: emacs.c, editfns.c's user functions,
// callproc.c's getenv-internal, env.el's setenv): process-environment,
// getenv/setenv, who and where we are, kill-emacs.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { L, NIL, T, Sym, Cons, Closure, Subr, list, listToArray, arrayToList } from "../types.js";
import { intern, defvar, Q } from "../symbols.js";
import { LispSignal, LispThrow, error, wrongType } from "../errors.js";
import { defsubr } from "../subr.js";
import { funcall, symbolValue, symbolValueCell } from "../eval.js";
import { UNBOUND } from "../types.js";
import { messageToStderr, writeStdout } from "../output.js";
import { prin1ToString } from "../printer.js";

// ---------------------------------------------------------------------------
// Reporting errors from code run outside any Lisp caller (timers, filters,
// sentinels, hooks at exit): Emacs prints them and carries on.

/** Print a Lisp error caught at top level as Emacs does, `PREFIX(error-object)`, never throwing. */
export function reportError(prefix: string, e: unknown): void {
  let text: string;
  try {
    if (e instanceof LispSignal) text = prefix + prin1ToString(new Cons(e.symbol, e.data));
    else if (e instanceof LispThrow) text = prefix + prin1ToString(list(intern("no-catch"), e.tag, e.value));
    else text = prefix + String(e instanceof Error ? e.stack ?? e.message : e);
  } catch {
    text = prefix + String(e);
  }
  try {
    messageToStderr(text);
  } catch {
    try {
      process.stderr.write(text + "\n");
    } catch {
      /* nowhere left to report */
    }
  }
}

/** A single function as a hook value (as opposed to a list of functions). */
function isFunctionValue(x: L): boolean {
  if (x instanceof Closure || x instanceof Subr) return true;
  if (x instanceof Cons) return x.car === Q.lambda || x.car === Q.closure;
  return x instanceof Sym && x !== NIL && x !== T;
}

/** The functions a hook variable holds (a function, or a list of them; `t` stands for the global value). */
export function hookFunctions(hook: Sym): L[] {
  const v = symbolValueCell(hook);
  if (v === UNBOUND || v === NIL) return [];
  const value = v as L;
  if (isFunctionValue(value)) return [value];
  const out: L[] = [];
  for (const f of listToArray(value)) {
    if (f === T) {
      const g = hook.value;
      if (g !== UNBOUND) for (const gf of listToArray(g as L)) if (gf !== T) out.push(gf);
    } else out.push(f);
  }
  return out;
}

/** Run each function of HOOK; an error is reported and the next function still runs (safe_run_hooks). */
export function runHookSafely(hook: Sym, args: L[] = []): void {
  for (const f of hookFunctions(hook)) {
    try {
      funcall(f, args);
    } catch (e) {
      if (e instanceof LispSignal || e instanceof LispThrow) {
        let fn: string;
        try {
          fn = prin1ToString(f);
        } catch {
          fn = "?";
        }
        reportError(`Error in ${hook.name} (${fn}): `, e);
      } else throw e;
    }
  }
}

/**
 * Add FEATURE to `features' at load time, whatever order the modules load
 * in (lread.ts's defvar keeps a value set before it).
 */
export function provideFeature(name: string): void {
  const f = intern("features");
  f.special = true;
  const cur = f.value === UNBOUND ? NIL : (f.value as L);
  for (let l = cur; l instanceof Cons; l = l.cdr) if (l.car === intern(name)) return;
  f.value = new Cons(intern(name), cur);
}

// ---------------------------------------------------------------------------
// Environment variables. getenv consults process-environment, as in Emacs;
// child processes get it too (see callproc.ts's childEnvironment).

const initialEnv = Object.entries(process.env)
  .filter(([, v]) => v !== undefined)
  .map(([k, v]) => `${k}=${v}`);
const VprocessEnvironment = defvar("process-environment", arrayToList(initialEnv));
defvar("initial-environment", arrayToList(initialEnv));

/** Look NAME up in ENV (a process-environment list): the value, null when absent or unset. */
export function envLookup(name: string, env: L): string | null {
  for (let e = env; e instanceof Cons; e = e.cdr) {
    const s = e.car;
    if (typeof s !== "string") continue;
    if (s.startsWith(name)) {
      if (s.length === name.length) return null; // "VAR" alone: unset
      if (s.charCodeAt(name.length) === 61) return s.slice(name.length + 1);
    }
  }
  return null;
}

export function getenv(name: string): string | null {
  return envLookup(name, symbolValue(VprocessEnvironment));
}

/** The environment for a child process, from process-environment (first entry of a name wins). */
export function childEnvironment(): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const s of listToArray(symbolValue(VprocessEnvironment))) {
    if (typeof s !== "string") continue;
    const eq = s.indexOf("=");
    const name = eq < 0 ? s : s.slice(0, eq);
    if (seen.has(name)) continue;
    seen.add(name);
    if (eq >= 0) out[name] = s.slice(eq + 1);
  }
  return out;
}

defsubr("getenv-internal", (variable: string, env: L) => {
  const e = env === NIL ? symbolValue(VprocessEnvironment) : env;
  if (env !== NIL && !(env instanceof Cons)) wrongType("listp", env);
  return envLookup(variable, e) ?? NIL;
}, { min: 1, max: 2, types: ["string", null] });

defsubr("getenv", (variable: L) => {
  if (typeof variable !== "string") wrongType("stringp", variable);
  return getenv(variable) ?? NIL;
}, { min: 1, max: 2 });

/** substitute-env-vars: $NAME, ${NAME} and $$. With ONLY-DEFINED, undefined references stay as written. */
export function substituteEnvVars(s: string, onlyDefined: boolean): string {
  return s.replace(/\$(?:([A-Za-z0-9_]+)|\{([^}]*)\}|\$)/g, (m, a: string | undefined, b: string | undefined) => {
    if (m === "$$") return "$";
    const name = a ?? b ?? "";
    const v = getenv(name);
    if (v === null) return onlyDefined ? m : "";
    return v;
  });
}

defsubr("substitute-env-vars", (s: string, only: L) => substituteEnvVars(s, only !== NIL), {
  min: 1, max: 2, types: ["string", null],
});

const setTimeZoneRuleHook = { fn: null as null | ((tz: L) => void) };
/** timefns.ts installs set-time-zone-rule here so that (setenv "TZ" ...) takes effect. */
export function onTimeZoneChange(fn: (tz: L) => void): void {
  setTimeZoneRuleHook.fn = fn;
}

defsubr("setenv", (variable: L, value: L, substitute: L) => {
  if (typeof variable !== "string") wrongType("stringp", variable);
  if (variable.includes("=")) error(`Environment variable name \u2018${variable}\u2019 contains \u2018=\u2019`);
  if (value !== NIL && typeof value !== "string") wrongType("sequencep", value);
  let v: string | null = value === NIL ? null : (value as string);
  if (v !== null && substitute !== NIL) v = substituteEnvVars(v, false);
  const entry = v === null ? variable : `${variable}=${v}`;
  // Replace the first entry for VARIABLE in place, else push a new one.
  let replaced = false;
  for (let e = symbolValue(VprocessEnvironment); e instanceof Cons; e = e.cdr) {
    const s = e.car;
    if (typeof s === "string" && s.startsWith(variable) && (s.length === variable.length || s[variable.length] === "=")) {
      e.car = entry;
      replaced = true;
      break;
    }
  }
  if (!replaced) VprocessEnvironment.value = new Cons(entry, symbolValue(VprocessEnvironment));
  if (variable.length > 0) {
    if (v === null) delete process.env[variable];
    else process.env[variable] = v;
  }
  if (variable === "TZ" && setTimeZoneRuleHook.fn) setTimeZoneRuleHook.fn(v === null ? NIL : v);
  return v === null ? NIL : v;
}, { min: 1, max: 3 });

// ---------------------------------------------------------------------------
// Who and where.

const userInfo = (() => {
  try {
    return os.userInfo();
  } catch {
    return { username: process.env.USER ?? process.env.LOGNAME ?? "unknown", uid: -1, gid: -1, homedir: os.homedir() };
  }
})();

function loginName(): string {
  return process.env.LOGNAME ?? process.env.USER ?? userInfo.username;
}

function checkUid(uid: L): void {
  if (uid === NIL || typeof uid === "number" || typeof uid === "bigint") return;
  if (uid instanceof Cons && typeof uid.car === "number") return;
  error("Not an in-range integer, integral float, or cons of integers");
}

defsubr("user-login-name", (uid: L) => {
  checkUid(uid);
  if (uid === NIL || uid === userInfo.uid) return loginName();
  return NIL;
}, { min: 0, max: 1 });
defsubr("user-real-login-name", () => userInfo.username, { min: 0, max: 0 });
defsubr("user-full-name", (uid: L) => {
  if (typeof uid === "string") return uid === loginName() || uid === userInfo.username ? fullName() : NIL;
  checkUid(uid);
  if (uid === NIL || uid === userInfo.uid) return fullName();
  return NIL;
}, { min: 0, max: 1 });
defsubr("user-uid", () => userInfo.uid, { min: 0, max: 0 });
defsubr("user-real-uid", () => userInfo.uid, { min: 0, max: 0 });
defsubr("group-gid", () => userInfo.gid, { min: 0, max: 0 });
defsubr("group-real-gid", () => userInfo.gid, { min: 0, max: 0 });
defsubr("system-name", () => os.hostname(), { min: 0, max: 0 });
defsubr("emacs-pid", () => process.pid, { min: 0, max: 0 });

function fullName(): string {
  const n = process.env.NAME;
  if (n) return n;
  // The GECOS field of the password entry, when we can read it.
  try {
    const passwd = fs.readFileSync("/etc/passwd", "utf8");
    for (const line of passwd.split("\n")) {
      const f = line.split(":");
      if (f[0] === userInfo.username && f.length > 4) return f[4].split(",")[0] || "unknown";
    }
  } catch {
    /* fall through */
  }
  return "unknown";
}

defvar("user-login-name", loginName());
defvar("user-real-login-name", userInfo.username);
defvar("user-full-name", fullName());
defvar("noninteractive", T);

// ---------------------------------------------------------------------------
// Which Emacs we are.

export const EMACS_VERSION = "28.2";
defvar("emacs-version", EMACS_VERSION);
defvar("emacs-major-version", 28);
defvar("emacs-minor-version", 2);
defvar("emacs-build-number", 1);
const systemType = process.platform === "darwin" ? "darwin" : process.platform === "win32" ? "windows-nt"
  : process.platform === "linux" ? "gnu/linux" : process.platform === "freebsd" ? "berkeley-unix" : "gnu/linux";
defvar("system-type", intern(systemType));
const arch = process.arch === "x64" ? "x86_64" : process.arch === "arm64" ? "aarch64" : process.arch;
const configuration = process.platform === "darwin" ? `${arch}-apple-darwin` : `${arch}-pc-linux-gnu`;
defvar("system-configuration", configuration);
defvar("system-configuration-options", "");
defvar("system-configuration-features", "");

defsubr("emacs-version", (here: L) => {
  const s = `GNU Emacs ${EMACS_VERSION} (build 1, ${configuration}) of elnode on Node ${process.versions.node}`;
  if (here !== NIL) {
    funcall(intern("insert"), [s]);
    return NIL;
  }
  return s;
}, { min: 0, max: 1 });

// Command line: the CLI sets these from its own arguments.
const argv = process.argv.slice(2);
defvar("command-line-args", arrayToList(["elnode", ...argv]));
defvar("command-line-args-left", NIL);
defvar("command-line-functions", NIL);
defvar("command-line-processed", T);
defvar("invocation-name", "elnode");
defvar("invocation-directory", path.dirname(process.argv[1] ?? process.execPath) + "/");
defvar("installation-directory", NIL);

// ---------------------------------------------------------------------------
// kill-emacs

const VkillEmacsHook = defvar("kill-emacs-hook", NIL);

/** How the process ends; an embedder (the CLI's REPL, tests) may replace it. */
export const emacsExit = {
  exit: (code: number): never => {
    process.exit(code);
  },
};

defsubr("kill-emacs", (arg: L, _restart: L) => {
  runHookSafely(VkillEmacsHook);
  let code = 0;
  if (typeof arg === "number") code = ((arg % 256) + 256) % 256;
  else if (typeof arg === "bigint") code = Number(((arg % 256n) + 256n) % 256n);
  // A string ARG is "stuffed as keyboard input" in Emacs: in batch mode it goes nowhere.
  writeStdout("", false);
  return emacsExit.exit(code);
}, { min: 0, max: 2 });

export { VprocessEnvironment };

// env.el (getenv, setenv, substitute-env-vars) is preloaded in Emacs.
provideFeature("env");
