// syntax.c: word motion, skip-chars-*, skip-syntax-*, char-syntax, over the
// current buffer's syntax table (Emacs's standard table; *scratch* has
// emacs-lisp-mode's, as in `emacs --batch`).
import { L, NIL, T, Cons, CharTable, bool, list, stringChars, makeSymbol } from "../types.js";
import { intern, defvar } from "../symbols.js";
import { error, wrongType } from "../errors.js";
import { defsubr } from "../subr.js";
import { defmacroTS } from "../compile/index.js";
import { Buffer, currentBuffer } from "../buffer.js";
import {
  Syn, SYNTAX_DESIGNATORS, syntaxSpecCode, charsetSet, CLASS_NAMES, rangeHas, RangeSet, SyntaxTable,
  standardSyntaxTable, elispSyntaxTable,
} from "../regexp.js";
import { fixPosition } from "./marker.js";

/** Emacs's scan_words: the position after COUNT words from FROM, or 0 when the buffer ends first. */
export function scanWords(b: Buffer, from: number, count: number): number {
  const syn = b.syntax;
  const isWord = (pos: number) => syn.syntax(b.charAt(pos)) === Syn.Word;
  while (count > 0) {
    for (;;) {
      if (from >= b.zv) return 0;
      const w = isWord(from);
      from++;
      if (w) break;
    }
    while (from < b.zv && isWord(from)) from++;
    count--;
  }
  while (count < 0) {
    for (;;) {
      if (from <= b.begv) return 0;
      const w = isWord(from - 1);
      from--;
      if (w) break;
    }
    while (from > b.begv && isWord(from - 1)) from--;
    count++;
  }
  return from;
}

function forwardWord(arg: L): L {
  const n = arg === NIL ? 1 : typeof arg === "number" ? arg : wrongType("fixnump", arg);
  const b = currentBuffer();
  const orig = scanWords(b, b.pt, n);
  const val = orig === 0 ? (n > 0 ? b.zv : b.begv) : orig;
  b.setPoint(val);
  return bool(val === orig);
}

defsubr("forward-word", forwardWord, { min: 0, max: 1 });
defsubr("backward-word", (arg: L) => forwardWord(arg === NIL ? -1 : typeof arg === "number" ? -arg : wrongType("fixnump", arg)), {
  min: 0, max: 1,
});

/** Parse a skip-chars-forward spec into the set of characters it skips. */
function skipSet(spec: string, b: Buffer): RangeSet {
  const P = stringChars(spec);
  let i = 0;
  let neg = false;
  if (P.length > 0 && P[0] === 94) {
    neg = true;
    i = 1;
  }
  const ranges: number[] = [];
  const classes: string[] = [];
  while (i < P.length) {
    let c = P[i++];
    if (c === 91 && i < P.length && P[i] === 58) {
      let e = i + 1;
      while (e < P.length - 2 && P[e] >= 97 && P[e] <= 122) e++;
      if (e !== i + 1 && P[e] === 58 && P[e + 1] === 93) {
        const name = String.fromCodePoint(...P.slice(i + 1, e));
        if (!CLASS_NAMES.has(name)) error("Invalid ISO C character class");
        classes.push(name);
        i = e + 2;
        continue;
      }
    }
    if (c === 92) {
      if (i === P.length) break;
      c = P[i++];
    }
    if (i + 1 < P.length && P[i] === 45) {
      i++;
      let c2 = P[i++];
      if (c2 === 92 && i < P.length) c2 = P[i++];
      if (c <= c2) ranges.push(c, c2);
    } else ranges.push(c, c);
  }
  return charsetSet({ neg, ranges, classes }, false, b.syntax);
}

function limitArg(b: Buffer, lim: L, forward: boolean): number {
  if (lim === NIL) return forward ? b.zv : b.begv;
  const p = fixPosition(lim);
  return Math.max(b.begv, Math.min(p, b.zv));
}

function skipChars(spec: L, lim: L, forward: boolean): number {
  if (typeof spec !== "string") wrongType("stringp", spec);
  const b = currentBuffer();
  const limit = limitArg(b, lim, forward);
  const set = skipSet(spec, b);
  const start = b.pt;
  let p = start;
  if (forward) while (p < limit && rangeHas(set, b.charAt(p))) p++;
  else while (p > limit && rangeHas(set, b.charAt(p - 1))) p--;
  b.pt = p;
  return p - start;
}

defsubr("skip-chars-forward", (s: L, lim: L) => skipChars(s, lim, true), { min: 1, max: 2 });
defsubr("skip-chars-backward", (s: L, lim: L) => skipChars(s, lim, false), { min: 1, max: 2 });

function skipSyntax(spec: L, lim: L, forward: boolean): number {
  if (typeof spec !== "string") wrongType("stringp", spec);
  const b = currentBuffer();
  const limit = limitArg(b, lim, forward);
  const P = stringChars(spec);
  let neg = false;
  let i = 0;
  if (P[0] === 94) {
    neg = true;
    i = 1;
  }
  const codes = new Set<number>();
  for (; i < P.length; i++) {
    const code = syntaxSpecCode(P[i]);
    if (code < 0) error(`Invalid syntax description letter: ${String.fromCodePoint(P[i])}`);
    codes.add(code);
  }
  const ok = (c: number) => codes.has(b.syntax.syntax(c)) !== neg;
  const start = b.pt;
  let p = start;
  if (forward) while (p < limit && ok(b.charAt(p))) p++;
  else while (p > limit && ok(b.charAt(p - 1))) p--;
  b.pt = p;
  return p - start;
}

defsubr("skip-syntax-forward", (s: L, lim: L) => skipSyntax(s, lim, true), { min: 1, max: 2 });
defsubr("skip-syntax-backward", (s: L, lim: L) => skipSyntax(s, lim, false), { min: 1, max: 2 });

defsubr("char-syntax", (c: L) => {
  if (typeof c !== "number" || c < 0 || c > 0x3fffff) wrongType("characterp", c);
  return SYNTAX_DESIGNATORS.charCodeAt(currentBuffer().syntax.syntax(c));
});
defsubr("syntax-class-to-char", (n: L) => {
  if (typeof n !== "number") wrongType("fixnump", n);
  if (n < 0 || n >= SYNTAX_DESIGNATORS.length) error(`Invalid syntax class ${n}`);
  return SYNTAX_DESIGNATORS.charCodeAt(n);
});

export { T };

// ---------------------------------------------------------------------------
// Syntax tables as Lisp objects (char-tables of subtype syntax-table).

export class LispSyntaxTable extends CharTable {
  constructor(public readonly table: SyntaxTable) {
    super(intern("syntax-table"), NIL);
  }
}

const lispTables = new WeakMap<SyntaxTable, LispSyntaxTable>();
function lispTable(t: SyntaxTable): LispSyntaxTable {
  let o = lispTables.get(t);
  if (!o) {
    o = new LispSyntaxTable(t);
    lispTables.set(t, o);
  }
  return o;
}

function checkTable(x: L): SyntaxTable {
  if (!(x instanceof LispSyntaxTable)) wrongType("syntax-table-p", x);
  return x.table;
}

let tableCounter = 0;
defvar("emacs-lisp-mode-syntax-table", lispTable(new SyntaxTable("emacs-lisp-mode", null, null, elispSyntaxTable())));

defsubr("syntax-table-p", (x: L) => bool(x instanceof LispSyntaxTable));
defsubr("standard-syntax-table", () => lispTable(standardSyntaxTable()), { max: 0 });
defsubr("syntax-table", () => lispTable(currentBuffer().syntax), { max: 0 });
defsubr("set-syntax-table", (table: L) => {
  currentBuffer().syntax = checkTable(table);
  return table;
});
defsubr("make-syntax-table", (oldtable: L) => {
  const parent = oldtable === NIL ? standardSyntaxTable() : checkTable(oldtable);
  return lispTable(new SyntaxTable(`table-${++tableCounter}`, null, null, parent));
}, { min: 0, max: 1 });
defsubr("copy-syntax-table", (table: L) => {
  const t = table === NIL ? standardSyntaxTable() : checkTable(table);
  const copy = t.copy(`table-${++tableCounter}`);
  // A copy of the standard table stands alone; Emacs gives it the standard table as parent.
  if (t === standardSyntaxTable()) copy.parent = standardSyntaxTable();
  return lispTable(copy);
}, { min: 0, max: 1 });

/** Emacs's string-to-syntax: (CODE-WITH-FLAGS . MATCHING-CHAR), or (CODE) without a matching char. */
function parseDescriptor(desc: string): { code: number; match: number | null; flags: number } {
  const P = stringChars(desc);
  const code = P.length ? syntaxSpecCode(P[0]) : -1;
  if (code < 0) error(`Invalid syntax description letter: ${P.length ? String.fromCodePoint(P[0]) : ""}`);
  const match = P.length > 1 && P[1] !== 32 ? P[1] : null;
  let flags = 0;
  for (const c of P.slice(2)) {
    switch (c) {
      case 49: flags |= 1 << 16; break; // 1
      case 50: flags |= 1 << 17; break; // 2
      case 51: flags |= 1 << 18; break; // 3
      case 52: flags |= 1 << 19; break; // 4
      case 112: flags |= 1 << 20; break; // p
      case 98: flags |= 1 << 21; break; // b
      case 110: flags |= 1 << 22; break; // n
      case 99: flags |= 1 << 23; break; // c
    }
  }
  return { code, match, flags };
}

defsubr("string-to-syntax", (desc: L) => {
  if (typeof desc !== "string") wrongType("stringp", desc);
  const d = parseDescriptor(desc);
  if (d.code === Syn.Inherit) return NIL;
  return d.match === null ? list(d.code | d.flags) : new Cons(d.code | d.flags, d.match);
});

defsubr("modify-syntax-entry", (c: L, newentry: L, table: L) => {
  let lo: number, hi: number;
  if (c instanceof Cons) {
    if (typeof c.car !== "number") wrongType("characterp", c.car);
    if (typeof c.cdr !== "number") wrongType("characterp", c.cdr);
    lo = c.car;
    hi = c.cdr;
  } else {
    if (typeof c !== "number" || c < 0 || c > 0x3fffff) wrongType("characterp", c);
    lo = hi = c;
  }
  if (typeof newentry !== "string") wrongType("stringp", newentry);
  const t = table === NIL ? currentBuffer().syntax : checkTable(table);
  const d = parseDescriptor(newentry);
  t.modify(lo, hi, d.code);
  return NIL;
}, { min: 2, max: 3 });

defsubr("syntax-class", (syntax: L) => {
  if (syntax === NIL) return NIL;
  if (!(syntax instanceof Cons) || typeof syntax.car !== "number") wrongType("consp", syntax);
  return syntax.car & 0xffff;
});

defmacroTS("with-syntax-table", (args) => {
  const [table, ...body] = args;
  const oldTable = makeSymbol("table");
  const oldBuffer = makeSymbol("buffer");
  return list(
    intern("let"),
    list(list(oldTable, list(intern("syntax-table"))), list(oldBuffer, list(intern("current-buffer")))),
    list(
      intern("unwind-protect"),
      new Cons(intern("progn"), new Cons(list(intern("set-syntax-table"), table ?? NIL), arrayToListLocal(body))),
      list(intern("save-current-buffer"), list(intern("set-buffer"), oldBuffer), list(intern("set-syntax-table"), oldTable)),
    ),
  );
}, 1);

function arrayToListLocal(xs: L[]): L {
  let r: L = NIL;
  for (let i = xs.length - 1; i >= 0; i--) r = new Cons(xs[i], r);
  return r;
}
