// Builtins are declared with their signature; argument checking and the
// wrong-type-argument signal are one mechanism here, not repeated in each
// builtin (Emacs's DEFUN + CHECK_* macros, as one table).
import {
  L, NIL, Sym, Subr, MANY, UNEVALLED, Cons, LispFloat, isNumber,
} from "./types.js";
import { intern } from "./symbols.js";
import { wrongType } from "./errors.js";

export interface ArgType {
  /** The predicate Emacs names in wrong-type-argument, e.g. "listp". */
  predicate: string;
  test: (x: L) => boolean;
}

/** Named argument types builtins can declare. Extend with `defineArgType`. */
export const argTypes: Record<string, ArgType> = {
  integer: { predicate: "integerp", test: (x) => typeof x === "number" || typeof x === "bigint" },
  fixnum: { predicate: "fixnump", test: (x) => typeof x === "number" },
  natnum: {
    predicate: "wholenump",
    test: (x) => (typeof x === "number" && x >= 0) || (typeof x === "bigint" && x >= 0n),
  },
  number: { predicate: "numberp", test: isNumber },
  float: { predicate: "floatp", test: (x) => x instanceof LispFloat },
  string: { predicate: "stringp", test: (x) => typeof x === "string" },
  symbol: { predicate: "symbolp", test: (x) => x instanceof Sym },
  list: { predicate: "listp", test: (x) => x === NIL || x instanceof Cons },
  cons: { predicate: "consp", test: (x) => x instanceof Cons },
  vector: { predicate: "vectorp", test: (x) => Array.isArray(x) },
  sequence: {
    predicate: "sequencep",
    test: (x) => x === NIL || x instanceof Cons || typeof x === "string" || Array.isArray(x),
  },
  array: { predicate: "arrayp", test: (x) => typeof x === "string" || Array.isArray(x) },
  char: {
    predicate: "characterp",
    test: (x) => typeof x === "number" && x >= 0 && x <= 0x3fffff,
  },
  "string-or-symbol": {
    predicate: "stringp",
    test: (x) => typeof x === "string" || x instanceof Sym,
  },
  any: { predicate: "", test: () => true },
};

export function defineArgType(name: string, predicate: string, test: (x: L) => boolean): void {
  argTypes[name] = { predicate, test };
}

export interface SubrOptions {
  /** Required arguments; defaults to the JS function's declared length (or max). */
  min?: number;
  /** Maximum arguments, or "many" for &rest (fn then receives one array). */
  max?: number | "many";
  /** Declared type of each positional argument (or of every argument when max is "many"). */
  types?: (string | null)[];
  /** With max "many": the type every argument must have. */
  restType?: string;
  doc?: string;
  /** Special form: fn receives the unevaluated argument list. Used by the compiler only. */
  special?: boolean;
}

/** Every builtin registered, in registration order (for completion and the wrong-type fuzz test). */
export const subrRegistry: Subr[] = [];

/** Make a Subr from a JS function and its declared signature, and install it in the symbol's function cell. */
export function defsubr(name: string, fn: (...args: any[]) => L, opts: SubrOptions = {}): Subr {
  const max = opts.special ? UNEVALLED : opts.max === "many" ? MANY : opts.max ?? fn.length;
  const min = opts.min ?? (max === MANY || max === UNEVALLED ? 0 : max);
  let impl = fn;
  if (opts.types && opts.types.some((t) => t)) {
    impl = wrapChecked(fn, opts.types, min, max);
  } else if (opts.restType && max === MANY) {
    const t = argTypes[opts.restType];
    if (!t) throw new Error(`unknown argument type ${opts.restType}`);
    impl = (args: L[]) => {
      for (let i = 0; i < args.length; i++) if (!t.test(args[i])) wrongType(t.predicate, args[i]);
      return fn(args);
    };
  }
  const subr = new Subr(name, min, max, impl, opts.doc ?? "");
  intern(name).fn = subr;
  subrRegistry.push(subr);
  return subr;
}

function wrapChecked(fn: (...args: any[]) => L, typeNames: (string | null)[], min: number, max: number) {
  const many = max === MANY;
  const checks = typeNames.map((n) => {
    if (!n) return null;
    const t = argTypes[n];
    if (!t) throw new Error(`unknown argument type ${n}`);
    return t;
  });
  const check = (args: L[]) => {
    for (let i = 0; i < checks.length && i < args.length; i++) {
      const c = checks[i];
      if (!c) continue;
      const a = args[i];
      // Optional arguments left nil are not checked, as Emacs's builtins do.
      if (i >= min && a === NIL) continue;
      if (!c.test(a)) wrongType(c.predicate, a);
    }
  };
  if (many) {
    return (args: L[]) => {
      check(args);
      return fn(args);
    };
  }
  // The wrapper takes as many positional arguments as the builtin does.
  switch (max) {
    case 1:
      return (a: L) => {
        check([a]);
        return fn(a);
      };
    case 2:
      return (a: L, b: L) => {
        check([a, b]);
        return fn(a, b);
      };
    default:
      return (...args: L[]) => {
        check(args);
        return fn(...args);
      };
  }
}
