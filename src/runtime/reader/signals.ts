// The reader's error objects, with the data Emacs 28 gives (lread.c):
// `end-of-file` carries the file being loaded (the value of `load-file-name`
// when it is a string), `invalid-read-syntax` a short description.
import { L, NIL, list } from "../types.js";
import { intern } from "../symbols.js";
import { LispSignal } from "../errors.js";

export const Qend_of_file = intern("end-of-file");
export const Qinvalid_read_syntax = intern("invalid-read-syntax");
const Qerror = intern("error");
const Qload_file_name = intern("load-file-name");

export function endOfFileSignal(): LispSignal {
  const f = Qload_file_name.value;
  return new LispSignal(Qend_of_file, typeof f === "string" ? list(f) : NIL);
}

export function invalidSyntaxSignal(msg: string): LispSignal {
  return new LispSignal(Qinvalid_read_syntax, list(msg));
}

/** `(error MSG ARGS...)` as Emacs's C `error()` raises it: the formatted message only. */
export function errorSignal(msg: string, ...more: L[]): LispSignal {
  return new LispSignal(Qerror, list(msg, ...more));
}
