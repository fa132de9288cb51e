// lread.c's reading half as builtins: `read` and `read-from-string`.
// (`load`, `require` and friends are in lread.ts.)
import { L, NIL, T, Cons, stringLength } from "../types.js";
import { defvar } from "../symbols.js";
import { argsOutOfRange, wrongType } from "../errors.js";
import { defsubr } from "../subr.js";
import { readFromString, readFromStringRange } from "../reader/index.js";

const Qstandard_input = defvar("standard-input", T);

/**
 * A reader for a kind of stream other than a string (a buffer, a marker, a
 * function, t for the terminal): return the object read, or undefined when
 * STREAM is not of its kind. Installed by the owners of those objects.
 */
export type ReadStreamHandler = (stream: L) => L | undefined;

const streamHandlers: ReadStreamHandler[] = [];

export function addReadStreamHandler(handler: ReadStreamHandler): void {
  streamHandlers.push(handler);
}

/** `(read STREAM)`: strings are read here; other streams go to the installed handlers. */
export function readFromStream(stream: L): L {
  if (stream === NIL) stream = Qstandard_input.value as L;
  if (typeof stream === "string") return readFromString(stream).value;
  for (const h of streamHandlers) {
    const v = h(stream);
    if (v !== undefined) return v;
  }
  // Buffers, markers, functions and the terminal are not readable yet.
  return wrongType("stringp", stream);
}

defsubr("read", (stream: L) => readFromStream(stream), {
  min: 0,
  max: 1,
  doc: `Read one Lisp expression as text from STREAM, return as Lisp object.
If STREAM is nil, use the value of \`standard-input' (which see).
STREAM or the value of \`standard-input' may be:
 a buffer (read from point and advance it)
 a marker (read from where it points and advance it)
 a function (call it with no arguments for each character,
     call it with a char as argument to push a char back)
 a string (takes text from string, starting at the beginning)
 t (read text line using minibuffer and use it, or read from
    standard input in batch mode).`,
});

/** Index argument of read-from-string: a fixnum, counted from the end when negative. */
function index(x: L, size: number): number | null {
  if (x === NIL) return null;
  if (typeof x !== "number") return NaN;
  return x < 0 ? size + x : x;
}

defsubr(
  "read-from-string",
  (string: string, start: L, end: L) => {
    const size = stringLength(string);
    const from = index(start, size) ?? 0;
    const to = index(end, size) ?? size;
    if (!(from >= 0 && from <= to && to <= size)) argsOutOfRange(string, start, end);
    const r = to === size ? readFromString(string, from) : readFromStringRange(string, from, to);
    return new Cons(r.value, r.end);
  },
  {
    min: 1,
    max: 3,
    types: ["string", "integer", "integer"],
    doc: `Read one Lisp expression which is represented as text by STRING.
Returns a cons: (OBJECT-READ . FINAL-STRING-INDEX).
FINAL-STRING-INDEX is an integer giving the position of the next
remaining character in STRING.  START and END optionally delimit
a substring of STRING from which to read;  they default to 0 and
\(length STRING) respectively.  Negative values are counted from
the end of STRING.`,
  },
);
