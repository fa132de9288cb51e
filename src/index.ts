// Public embedding API: what any TypeScript program (the elnode server
// included) uses to run Lisp and add its own builtins.
export { Lisp, type LispOptions } from "./runtime/runtime.js";
export * from "./runtime/types.js";
export { intern, defvar } from "./runtime/symbols.js";
export { defsubr, defineArgType, type SubrOptions } from "./runtime/subr.js";
export {
  LispSignal, LispThrow, signal, error, wrongType, argsOutOfRange, errorMessageString,
} from "./runtime/errors.js";
export {
  funcall, apply, symbolValue, setSymbolValue, interrupt, asLispError, specbind, unbindTo, specpdlDepth,
} from "./runtime/eval.js";
export { equal, eql } from "./runtime/equal.js";
export { LispHashTable } from "./runtime/hashtable.js";
export { anchoredLiteralPrefix } from "./runtime/regexp.js";
