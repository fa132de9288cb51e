// The evaluating half of the REPL: takes input text line by line, reads the
// complete forms (with paren recovery, as for a pasted block), evaluates each
// one, and reports values and errors the way ielm does. It keeps the text of
// a form that is still open until more input arrives.
import type { Lisp } from "../index.js";
import { L, NIL, T } from "../runtime/types.js";
import { intern, defvar } from "../runtime/symbols.js";
import { LispSignal, errorMessageString } from "../runtime/errors.js";
import { asLispError, specpdlDepth, unbindTo, resetEvalDepth, catchTags } from "../runtime/eval.js";
import { readTopLevel } from "../runtime/reader/index.js";

export interface ReplSink {
  /** The printed value of a form. */
  value(text: string): void;
  /** An error, already formatted: `*** Eval error ***  message`. */
  error(text: string): void;
  /** A reader warning (paren recovery). */
  warning(text: string): void;
  /** The evaluation was interrupted (Ctrl-C). */
  quit(): void;
}

const Qquit = intern("quit");
const Qend_of_file = intern("end-of-file");
const lexicalBindingSym = intern("lexical-binding");
const star1 = defvar("*", NIL);
const star2 = defvar("**", NIL);
const star3 = defvar("***", NIL);

interface Item {
  form: L;
  /** Character offset of the form in the text read. */
  offset: number;
  line: number;
  warnings: string[];
}

/** UTF-16 index of character index CI in TEXT. */
function unitIndex(text: string, ci: number): number {
  if (!/[\uD800-\uDFFF]/.test(text)) return ci;
  let u = 0;
  for (let c = 0; c < ci && u < text.length; c++) {
    const code = text.charCodeAt(u);
    u += code >= 0xd800 && code <= 0xdbff && u + 1 < text.length ? 2 : 1;
  }
  return u;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** `*** Eval error ***  MESSAGE` for an error caught at the prompt. */
export function evalErrorText(raw: unknown): string {
  const e = asLispError(raw);
  let msg: string;
  if (e instanceof LispSignal) msg = errorMessageString(e.errorObject);
  else if (e instanceof Error) msg = `internal error: ${e.message}`;
  else msg = String(e);
  return `*** Eval error ***  ${msg}`;
}

export class ReplEngine {
  /** Input not evaluated yet: the beginning of a form still open. */
  pending = "";
  /** Line number (in the whole session's input) of the first line of `pending`. */
  private pendingLine = 1;
  private nextLine = 1;
  constructor(
    private readonly lisp: Lisp,
    private readonly sink: ReplSink,
    private readonly label = "<input>",
  ) {}

  /** Forget input not evaluated yet (Ctrl-C at the prompt). */
  cancel(): void {
    this.pending = "";
  }

  /** Whether a form is still open. */
  get continuing(): boolean {
    return this.pending.trim() !== "";
  }

  /**
   * Take TEXT (whole lines) and evaluate every form completed by it. With
   * FINAL (end of input), forms still open are closed, with a warning.
   * Returns true when a form is still open, waiting for more lines.
   */
  feed(text: string, final = false): boolean {
    if (this.pending === "") this.pendingLine = this.nextLine;
    this.pending += text;
    this.nextLine += countLines(text);
    for (;;) {
      const src = this.pending;
      if (src.trim() === "") {
        this.pending = "";
        return false;
      }
      const items: Item[] = [];
      let warnings: string[] = [];
      let readError: unknown = null;
      try {
        const opts = { recover: true, lineColumnData: false, onWarning: (w: string) => warnings.push(w) };
        for (const f of readTopLevel(src, opts)) {
          items.push({ form: f.form, offset: f.pos.offset, line: f.pos.line, warnings });
          warnings = [];
        }
      } catch (e) {
        readError = e;
      }
      const trailing = warnings;
      const last = items[items.length - 1];
      const lastOpen = last !== undefined && last.warnings.some((w) => /at end of input/.test(w));

      if (readError === null) {
        if (lastOpen && !final) {
          // The last form is still open: evaluate the ones before it, keep its text.
          items.pop();
          this.evaluate(items);
          // Stray parens skipped before it are behind us: report them now.
          for (const w of last.warnings) if (/stray/.test(w)) this.warn(w);
          this.pending = src.slice(unitIndex(src, last.offset));
          this.pendingLine += last.line - 1;
          return true;
        }
        this.evaluate(items);
        for (const w of trailing) this.warn(w);
        return this.dropAll();
      }

      const sig = asLispError(readError);
      if (sig instanceof LispSignal && sig.symbol === Qend_of_file && !final) {
        // An open string or the like: wait for more (and evaluate nothing yet, so nothing runs twice).
        return true;
      }
      // A syntax error: evaluate what came before it, report it, and go on after it.
      this.evaluate(items);
      for (const w of trailing) this.warn(w);
      const where = sig instanceof LispSignal && sig.location ? this.relocate(sig.location) + ": " : "";
      this.sink.error(`*** Read error ***  ${where}${evalErrorText(readError).replace(/^\*\*\* Eval error \*\*\*  /, "")}`);
      const rest = this.skipPast(src, sig instanceof LispSignal ? sig.location : undefined);
      if (rest === null) return this.dropAll();
      this.pendingLine += rest.skippedLines;
      this.pending = rest.text;
    }
  }

  private dropAll(): boolean {
    this.pending = "";
    return false;
  }

  /** The text after the line where a read error was found, from the next line that starts with `(`. */
  private skipPast(src: string, location: string | undefined): { text: string; skippedLines: number } | null {
    const m = location ? /(\d+):\d+$/.exec(location) : null;
    if (!m) return null;
    const lines = src.split("\n");
    for (let i = Number(m[1]); i < lines.length; i++) {
      if (lines[i].startsWith("(")) return { text: lines.slice(i).join("\n"), skippedLines: i };
    }
    return null;
  }

  /** "LINE:COL" or "LINE" relative to the text read → the same in the session's input. */
  private relocate(location: string): string {
    const m = /(?:^|:)(\d+):(\d+)$/.exec(location) ?? /(?:^|:)(\d+)()$/.exec(location);
    if (!m) return location;
    return `${this.label}:${this.pendingLine + Number(m[1]) - 1}${m[2] ? ":" + m[2] : ""}`;
  }

  private warn(w: string): void {
    const m = /^(\d+): (.*)$/s.exec(w);
    this.sink.warning(m ? `${this.label}:${this.pendingLine + Number(m[1]) - 1}: ${m[2]}` : w);
  }

  private evaluate(items: Item[]): void {
    // Like an error, an interrupt (quit) ends only the form it stopped: the forms after it still run.
    for (const item of items) {
      for (const w of item.warnings) this.warn(w);
      this.evalOne(item.form);
    }
  }

  /** Evaluate FORM at top level, as ielm does: value printed, `*` `**` `***` shifted, errors reported. */
  evalOne(form: L): void {
    const depth = specpdlDepth();
    const tags = catchTags.length;
    let value: L;
    try {
      value = this.lisp.eval(form, lexicalBindingSym.value === NIL ? NIL : T);
    } catch (e) {
      unbindTo(depth);
      resetEvalDepth(0);
      catchTags.length = tags;
      const sig = asLispError(e);
      if (sig instanceof LispSignal && sig.symbol === Qquit) {
        this.sink.quit();
      } else {
        this.sink.error(evalErrorText(e));
      }
      return;
    }
    star3.value = star2.value;
    star2.value = star1.value;
    star1.value = value;
    let printed: string;
    try {
      printed = this.lisp.print(value);
    } catch (e) {
      this.sink.error(evalErrorText(e));
      return;
    }
    this.sink.value(printed);
  }
}
