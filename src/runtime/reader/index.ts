// The Lisp reader: Emacs 28's read syntax to Lisp objects.
//
//   readFromString(text, start?)  one object, as `read-from-string` reads it
//   readTopLevel(text, opts)      the forms of a source file, lazily, with positions
//   hasLexicalCookie(text)        the -*- lexical-binding: t -*- test of `load`
//
// Errors are LispSignals with Emacs's error symbol and data (invalid-read-syntax,
// end-of-file, ...) and a `location` property: "FILE:LINE:COL" or "LINE:COL",
// LINE 1-based and COL 1-based as in Emacs 28's byte-compiler messages
// (`foo.el:3:5:`). SourcePos has the same line and a 0-based `col` (Emacs's
// current-column); formatLocation(pos) renders it like the error locations.
import { L } from "../types.js";
import { LineIndex, Reader, formatLocation, setByteCodeReader, type ChunkState, type SourcePos } from "./parser.js";
import { K } from "./lexer.js";

export { hasLexicalCookie } from "./cookie.js";
export { formatLocation, setByteCodeReader, type SourcePos };

export interface TopLevelForm {
  form: L;
  pos: SourcePos;
}

// The chunk of the text last read by readFromString, so that a loop of
// (read-from-string S POS) over a long string tokenizes each part once.
let cache: { text: string; limit: number; chunk: ChunkState; lines: LineIndex } | null = null;

function isBlank(c: number): boolean {
  return c <= 32 || c === 0xa0;
}

/** A reader positioned at startUnit, resuming the cached chunk when startUnit is a token boundary in it. */
function readerAt(
  text: string,
  lines: LineIndex,
  startUnit: number,
  limit: number,
  opts: { file?: string; lineColumnData?: boolean },
): Reader {
  const c = cache;
  if (c && c.lines === lines && c.limit === limit && startUnit >= c.chunk.base && startUnit <= c.chunk.next) {
    const toks = c.chunk.toks;
    const rel = startUnit - c.chunk.base;
    // First token starting at or after rel.
    let lo = 0;
    let hi = toks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (toks[mid].startOffset < rel) lo = mid + 1;
      else hi = mid;
    }
    // Only whitespace may separate rel from the end of the token before it:
    // the lexer is then in the state it would be in starting at rel.
    const prevEnd = lo > 0 ? toks[lo - 1].startOffset + toks[lo - 1].image.length : 0;
    let ok = prevEnd <= rel && c.chunk.lexErrors.length === 0;
    if (ok && !(lo < toks.length && toks[lo].startOffset === rel)) {
      for (let u = prevEnd; u < rel; u++) {
        if (!isBlank(text.charCodeAt(c.chunk.base + u))) {
          ok = false;
          break;
        }
      }
    }
    if (ok) {
      const r = new Reader(text, startUnit, limit, { ...opts }, lines);
      r.resume(c.chunk, lo);
      return r;
    }
  }
  return new Reader(text, startUnit, limit, { ...opts }, lines);
}

/**
 * Read one object from `text` starting at character index `start`, as
 * `read-from-string` does. Returns the object and the character index just
 * after it. Signals end-of-file when there is no object, invalid-read-syntax
 * (and the other errors Emacs gives) on bad input.
 */
export function readFromString(text: string, start = 0, opts: { file?: string } = {}): { value: L; end: number } {
  return readFromStringRange(text, start, undefined, opts);
}

/**
 * readFromString limited to the characters before `end` (read-from-string's
 * END). With lineColumnData, invalid-read-syntax data gets the line and
 * column, as Emacs gives them when reading from a buffer.
 */
export function readFromStringRange(
  text: string,
  start = 0,
  end?: number,
  opts: { file?: string; lineColumnData?: boolean } = {},
): { value: L; end: number } {
  // Same text as last time: keep its line index (and the chunk, see readerAt).
  const lines = cache && cache.text === text ? cache.lines : new LineIndex(text);
  const startUnit = lines.unitIndex(start);
  const limit = end === undefined ? text.length : lines.unitIndex(end);
  const reader = readerAt(text, lines, startUnit, limit, opts);
  try {
    const value = reader.readObject();
    return { value, end: reader.lines.charIndex(reader.lastEnd) };
  } finally {
    cache = { text, limit, chunk: reader.chunkState(), lines: reader.lines };
  }
}

export interface ReadTopLevelOptions {
  /** File name for locations and warnings. */
  file?: string;
  /**
   * Paren recovery (for pasted text and README examples): a `(` at column 0
   * while a form is still open closes the open forms, with a warning
   * "FILE:LINE: warning: N unclosed paren(s) before this top-level form; closed";
   * a stray `)` at top level is skipped ("FILE:LINE: warning: stray ')' skipped");
   * forms still open at the end of input are closed, with a warning.
   * Without recovery, input is read exactly as Emacs reads it.
   */
  recover?: boolean;
  onWarning?: (msg: string) => void;
  /**
   * invalid-read-syntax data gets LINE and COLUMN after the message, as
   * Emacs 28 does when reading from a buffer (which is how it loads source
   * files). Default true.
   */
  lineColumnData?: boolean;
}

/**
 * All top-level forms of a source text, lazily: form N+1 is read (and its
 * part of the text tokenized) only after the consumer has taken form N, so a
 * load can evaluate a form before reading the next, and a read error surfaces
 * when its form is reached. Positions are relative to `text` (after a leading
 * byte order mark, which is skipped).
 */
export function readTopLevel(text: string, opts: ReadTopLevelOptions = {}): Iterable<TopLevelForm> {
  // A byte order mark is not part of the text (Emacs's decoding drops it); positions count from after it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return {
    *[Symbol.iterator]() {
      const reader = new Reader(text, 0, text.length, {
        file: opts.file,
        recover: opts.recover,
        onWarning: opts.onWarning,
        lineColumnData: opts.lineColumnData ?? true,
      });
      for (;;) {
        let k = reader.peek();
        if (opts.recover) {
          while (k === K.RParen || k === K.RBracket) {
            const p = reader.pos(reader.peekOffset());
            opts.onWarning?.(
              `${opts.file ? opts.file + ":" : ""}${p.line}: warning: stray '${k === K.RParen ? ")" : "]"}' skipped`,
            );
            reader.skipToken();
            k = reader.peek();
          }
        }
        if (k === 0) {
          reader.checkLexErrors();
          return;
        }
        const pos = reader.pos(reader.peekOffset());
        reader.resetLabels();
        const form = reader.readObject();
        yield { form, pos };
      }
    },
  };
}

/** For `read` from a buffer (the buffer owner's hook): one object from text[start, end) in characters, with Emacs's buffer error data. */
export function readFromBufferText(text: string, start: number, end: number, file?: string): { value: L; end: number } {
  return readFromStringRange(text, start, end, { file, lineColumnData: true });
}
