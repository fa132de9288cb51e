// editfns.c (point, insertion, deletion, narrowing, text access), with the
// motion commands of cmds.c (forward-char, forward-line, delete-char...),
// indent.c's current-column, the region case commands of casefiddle.c, and
// the line helpers of simple.el (count-lines, line-number-at-pos).
// `format` and friends live in format.ts.
import { L, NIL, T, Sym, Cons, UNBOUND, bool, list, stringLength, listToArray, arrayToList, makeSymbol } from "../types.js";
import { intern, defvar } from "../symbols.js";
import { defmacroTS } from "../compile/index.js";
import { signal, error, wrongType, argsOutOfRange } from "../errors.js";
import { defsubr } from "../subr.js";
import { funcall, symbolValue } from "../eval.js";
import { Buffer, Marker, currentBuffer, setLocal } from "../buffer.js";
import { fixPosition, decodeBuffer } from "./marker.js";
import { charWidth } from "./character.js";

const cur = currentBuffer;

/** Emacs's validate_region: positions ordered, within the accessible portion. */
export function validateRegion(b: Buffer, start: L, end: L): [number, number] {
  let s = fixPosition(start), e = fixPosition(end);
  if (e < s) [s, e] = [e, s];
  if (!(b.begv <= s && e <= b.zv)) argsOutOfRange(b, start, end);
  return [s, e];
}

function checkFixnum(x: L): number {
  if (typeof x !== "number") wrongType("fixnump", x);
  return x;
}

function optCount(x: L): number {
  return x === NIL ? 1 : checkFixnum(x);
}

// ---------------------------------------------------------------------------
// Point and positions.

defsubr("point", () => cur().pt, { max: 0 });
defsubr("point-min", () => cur().begv, { max: 0 });
defsubr("point-max", () => cur().zv, { max: 0 });
defsubr("gap-position", () => cur().pt, { max: 0 });
defsubr("gap-size", () => 0, { max: 0 });
defsubr("position-bytes", (p: L) => {
  const b = cur();
  const pos = fixPosition(p);
  if (pos < b.begv || pos > b.zv) return NIL;
  const text = b.substring(1, pos);
  return Buffer_byteLength(text) + 1;
});
function Buffer_byteLength(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

defsubr("goto-char", (position: L) => {
  const b = cur();
  if (position instanceof Marker && position.buffer === b) b.setPoint(position.charpos);
  else b.setPoint(fixPosition(position));
  return position;
});

defsubr("char-after", (pos: L) => {
  const b = cur();
  const p = pos === NIL ? b.pt : pos instanceof Marker ? (pos.buffer ? pos.charpos : -1) : fixPosition(pos);
  if (p < b.begv || p >= b.zv) return NIL;
  return b.charAt(p);
}, { min: 0, max: 1 });

defsubr("char-before", (pos: L) => {
  const b = cur();
  const p = pos === NIL ? b.pt : pos instanceof Marker ? (pos.buffer ? pos.charpos : -1) : fixPosition(pos);
  if (p <= b.begv || p > b.zv) return NIL;
  return b.charAt(p - 1);
}, { min: 0, max: 1 });

defsubr("following-char", () => {
  const b = cur();
  return b.pt >= b.zv ? 0 : b.charAt(b.pt);
}, { max: 0 });
defsubr("preceding-char", () => {
  const b = cur();
  return b.pt <= b.begv ? 0 : b.charAt(b.pt - 1);
}, { max: 0 });
defsubr("bobp", () => bool(cur().pt === cur().begv), { max: 0 });
defsubr("eobp", () => bool(cur().pt === cur().zv), { max: 0 });
defsubr("bolp", () => {
  const b = cur();
  return bool(b.pt === b.begv || b.charAt(b.pt - 1) === 10);
}, { max: 0 });
defsubr("eolp", () => {
  const b = cur();
  return bool(b.pt === b.zv || b.charAt(b.pt) === 10);
}, { max: 0 });

// ---------------------------------------------------------------------------
// Text.

defsubr("buffer-string", () => {
  const b = cur();
  return b.substring(b.begv, b.zv);
}, { max: 0 });

function bufferSubstring(start: L, end: L): string {
  const b = cur();
  const [s, e] = validateRegion(b, start, end);
  return b.substring(s, e);
}
defsubr("buffer-substring", bufferSubstring);
defsubr("buffer-substring-no-properties", bufferSubstring);

function insertArgs(args: L[], beforeMarkers: boolean): L {
  const b = cur();
  for (const a of args) {
    let text: string;
    if (typeof a === "string") text = a;
    else if (typeof a === "number" && a >= 0 && a <= 0x3fffff) text = a <= 0x10ffff ? String.fromCodePoint(a) : String.fromCharCode(a - 0x3fff00);
    else wrongType("char-or-string-p", a);
    if (text.length) b.insert(b.pt, text, true, beforeMarkers);
  }
  return NIL;
}
defsubr("insert", (args: L[]) => insertArgs(args, false), { max: "many" });
defsubr("insert-and-inherit", (args: L[]) => insertArgs(args, false), { max: "many" });
defsubr("insert-before-markers", (args: L[]) => insertArgs(args, true), { max: "many" });
defsubr("insert-before-markers-and-inherit", (args: L[]) => insertArgs(args, true), { max: "many" });

defsubr("insert-char", (character: L, count: L, _inherit: L) => {
  if (typeof character !== "number" || character < 0 || character > 0x3fffff) wrongType("characterp", character);
  const n = count === NIL ? 1 : typeof count === "number" ? count : wrongType("fixnump", count);
  if (n <= 0) return NIL;
  const b = cur();
  b.insert(b.pt, String.fromCodePoint(Math.min(character, 0x10ffff)).repeat(n), true);
  return NIL;
}, { min: 1, max: 3 });

defsubr("insert-buffer-substring", (buffer: L, start: L, end: L) => {
  const src = decodeBuffer(buffer);
  if (!src.live) error("Selecting deleted buffer");
  const s = start === NIL ? src.begv : fixPosition(start);
  const e = end === NIL ? src.zv : fixPosition(end);
  const a = Math.min(s, e), z = Math.max(s, e);
  if (a < src.begv || z > src.zv) argsOutOfRange(start, end);
  const text = src.substring(a, z);
  const b = cur();
  b.insert(b.pt, text, true);
  return NIL;
}, { min: 1, max: 3 });
defsubr("insert-buffer-substring-no-properties", (buffer: L, start: L, end: L) =>
  funcall(intern("insert-buffer-substring"), [buffer, start, end]), { min: 1, max: 3 });

defsubr("delete-region", (start: L, end: L) => {
  const b = cur();
  const [s, e] = validateRegion(b, start, end);
  b.delete(s, e);
  return NIL;
});
defsubr("delete-and-extract-region", (start: L, end: L) => {
  const b = cur();
  const [s, e] = validateRegion(b, start, end);
  if (s === e) return "";
  const text = b.substring(s, e);
  b.delete(s, e);
  return text;
});

defsubr("subst-char-in-region", (start: L, end: L, fromchar: L, tochar: L, _noundo: L) => {
  const b = cur();
  const [s, e] = validateRegion(b, start, end);
  if (typeof fromchar !== "number") wrongType("characterp", fromchar);
  if (typeof tochar !== "number") wrongType("characterp", tochar);
  const text = b.substring(s, e);
  const from = String.fromCodePoint(fromchar), to = String.fromCodePoint(tochar);
  if (!text.includes(from)) return NIL;
  const opt = b.pt;
  b.replace(s, e, text.split(from).join(to));
  b.pt = opt;
  return NIL;
}, { min: 4, max: 5 });

defsubr("compare-buffer-substrings", (buffer1: L, start1: L, end1: L, buffer2: L, start2: L, end2: L) => {
  const region = (buf: L, s: L, e: L): string => {
    const b = decodeBuffer(buf);
    const a = s === NIL ? b.begv : fixPosition(s);
    const z = e === NIL ? b.zv : fixPosition(e);
    const lo = Math.min(a, z), hi = Math.max(a, z);
    if (lo < b.begv || hi > b.zv) argsOutOfRange(s, e);
    return b.substring(lo, hi);
  };
  const fold = symbolValue(intern("case-fold-search")) !== NIL;
  const x = [...region(buffer1, start1, end1)], y = [...region(buffer2, start2, end2)];
  for (let i = 0; i < x.length && i < y.length; i++) {
    let c1 = x[i].codePointAt(0)!, c2 = y[i].codePointAt(0)!;
    if (fold) {
      c1 = String.fromCodePoint(c1).toLowerCase().codePointAt(0)!;
      c2 = String.fromCodePoint(c2).toLowerCase().codePointAt(0)!;
    }
    if (c1 !== c2) return c1 < c2 ? -(i + 1) : i + 1;
  }
  if (x.length < y.length) return -(x.length + 1);
  if (x.length > y.length) return y.length + 1;
  return 0;
});

// ---------------------------------------------------------------------------
// Narrowing.

defsubr("narrow-to-region", (start: L, end: L) => {
  const b = cur();
  let s = fixPosition(start), e = fixPosition(end);
  if (e < s) [s, e] = [e, s];
  if (!(1 <= s && s <= e && e <= b.z)) argsOutOfRange(start, end);
  b.begv = s;
  b.zv = e;
  b.setPoint(b.pt);
  return NIL;
});
defsubr("widen", () => {
  const b = cur();
  b.begv = 1;
  b.zv = b.z;
  return NIL;
}, { max: 0 });
defsubr("buffer-narrowed-p", () => bool(cur().narrowed), { max: 0 });

// ---------------------------------------------------------------------------
// Motion (cmds.c).

defsubr("forward-char", (n: L) => {
  const b = cur();
  const np = b.pt + optCount(n);
  if (np < b.begv) {
    b.pt = b.begv;
    signal("beginning-of-buffer", NIL);
  }
  if (np > b.zv) {
    b.pt = b.zv;
    signal("end-of-buffer", NIL);
  }
  b.pt = np;
  return NIL;
}, { min: 0, max: 1 });
defsubr("backward-char", (n: L) => funcall(intern("forward-char"), [-optCount(n)]), { min: 0, max: 1 });

/**
 * Emacs's find_newline from FROM: forward (COUNT > 0) to after the COUNTth
 * newline, or LIMIT; backward (COUNT < 0) to after the -COUNTth newline
 * before FROM, or LIMIT. Returns the position and how many were found.
 */
export function findNewline(b: Buffer, from: number, limit: number, count: number): { pos: number; found: number } {
  let found = 0;
  if (count > 0) {
    const text = b.substring(from, limit);
    let i = 0;
    let u = 0;
    const astral = b.text.astral;
    while (found < count) {
      const k = text.indexOf("\n", u);
      if (k < 0) return { pos: limit, found };
      i = astral ? [...text.slice(0, k)].length : k;
      u = k + 1;
      found++;
    }
    return { pos: from + i + 1, found };
  }
  if (count < 0) {
    const want = -count;
    const text = b.substring(limit, from);
    let u = text.length;
    while (found < want) {
      const k = u > 0 ? text.lastIndexOf("\n", u - 1) : -1;
      if (k < 0) return { pos: limit, found };
      u = k;
      found++;
    }
    const i = b.text.astral ? [...text.slice(0, u)].length : u;
    return { pos: limit + i + 1, found };
  }
  return { pos: from, found: 0 };
}

export function forwardLine(b: Buffer, count: number): number {
  const opoint = b.pt;
  let shortage: number;
  if (count <= 0) {
    const r = findNewline(b, b.pt, b.begv, count - 1);
    b.pt = r.pos;
    shortage = 1 - count - r.found;
  } else {
    const r = findNewline(b, b.pt, b.zv, count);
    b.pt = r.pos;
    shortage = count - r.found;
  }
  if (shortage > 0 && (count <= 0 || (b.zv > b.begv && b.pt !== opoint && b.charAt(b.pt - 1) !== 10))) shortage--;
  return count <= 0 ? -shortage : shortage;
}

defsubr("forward-line", (n: L) => {
  let count: number;
  if (n === NIL) count = 1;
  else if (typeof n === "number") count = n;
  else if (typeof n === "bigint") count = n < 0n ? -Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  else wrongType("integerp", n);
  return forwardLine(cur(), count);
}, { min: 0, max: 1 });

export function lineBeginningPosition(b: Buffer, n: number): number {
  if (n === 1) return findNewline(b, b.pt, b.begv, -1).pos;
  const opt = b.pt;
  forwardLine(b, n - 1);
  const r = b.pt;
  b.pt = opt;
  return r;
}

export function lineEndPosition(b: Buffer, n: number): number {
  const cnt = n - (n <= 0 ? 1 : 0);
  const r = cnt > 0 ? findNewline(b, b.pt, b.zv, cnt) : findNewline(b, b.pt, b.begv, cnt);
  let pos = r.pos;
  if (r.found === Math.abs(cnt)) pos--;
  return pos;
}

const optN = (n: L) => (n === NIL ? 1 : checkFixnum(n));
defsubr("line-beginning-position", (n: L) => lineBeginningPosition(cur(), optN(n)), { min: 0, max: 1 });
defsubr("line-end-position", (n: L) => lineEndPosition(cur(), optN(n)), { min: 0, max: 1 });
defsubr("point-at-bol", (n: L) => lineBeginningPosition(cur(), optN(n)), { min: 0, max: 1 });
defsubr("point-at-eol", (n: L) => lineEndPosition(cur(), optN(n)), { min: 0, max: 1 });
defsubr("beginning-of-line", (n: L) => {
  const b = cur();
  b.setPoint(lineBeginningPosition(b, optN(n)));
  return NIL;
}, { min: 0, max: 1 });
defsubr("end-of-line", (n: L) => {
  const b = cur();
  b.setPoint(lineEndPosition(b, optN(n)));
  return NIL;
}, { min: 0, max: 1 });

defsubr("delete-char", (n: L, _killflag: L) => {
  const count = checkFixnum(n);
  const b = cur();
  const pos = b.pt + count;
  if (count < 0) {
    if (pos < b.begv) signal("beginning-of-buffer", NIL);
    b.delete(pos, b.pt);
  } else {
    if (pos > b.zv) signal("end-of-buffer", NIL);
    b.delete(b.pt, pos);
  }
  return NIL;
}, { min: 1, max: 2 });
defsubr("delete-backward-char", (n: L, killflag: L) => funcall(intern("delete-char"), [-checkFixnum(n), killflag]), { min: 1, max: 2 });

defsubr("newline", (arg: L) => {
  const n = arg === NIL ? 1 : checkFixnum(arg);
  const b = cur();
  if (n > 0) b.insert(b.pt, "\n".repeat(n), true);
  return NIL;
}, { min: 0, max: 2 });

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) n++;
  return n;
}

defsubr("count-lines", (start: L, end: L, _ignoreInvisible: L) => {
  const b = cur();
  let s = fixPosition(start), e = fixPosition(end);
  if (e < s) [s, e] = [e, s];
  if (!(1 <= s && e <= b.z)) argsOutOfRange(start, end);
  const text = b.substring(s, e);
  const n = countNewlines(text);
  return text.length > 0 && !text.endsWith("\n") ? n + 1 : n;
}, { min: 2, max: 3 });

defsubr("line-number-at-pos", (pos: L, absolute: L) => {
  const b = cur();
  const p = pos === NIL ? b.pt : fixPosition(pos);
  if (p < b.begv || p > b.zv) argsOutOfRange(p, b.begv, b.zv);
  const start = absolute !== NIL ? 1 : b.begv;
  return countNewlines(b.substring(start, p)) + 1;
}, { min: 0, max: 2 });

function columnAt(b: Buffer, pos: number): number {
  const bol = findNewline(b, pos, b.begv, -1).pos;
  const text = b.substring(bol, pos);
  const tw = symbolValue(intern("tab-width"));
  const tab = typeof tw === "number" && tw > 0 && tw <= 1000 ? tw : 8;
  let col = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === 9) col = (Math.floor(col / tab) + 1) * tab;
    else if (c < 32 || c === 127) col += 2;
    else col += charWidth(c);
  }
  return col;
}

defsubr("current-column", () => columnAt(cur(), cur().pt), { max: 0 });
defsubr("current-indentation", () => {
  const b = cur();
  const bol = findNewline(b, b.pt, b.begv, -1).pos;
  let p = bol;
  while (p < b.zv && (b.charAt(p) === 32 || b.charAt(p) === 9)) p++;
  return columnAt(b, p);
}, { max: 0 });
defsubr("back-to-indentation", () => {
  const b = cur();
  let p = findNewline(b, b.pt, b.begv, -1).pos;
  const eol = lineEndPosition(b, 1);
  while (p < eol && b.syntax.syntax(b.charAt(p)) === 0) p++;
  b.setPoint(p);
  return NIL;
}, { max: 0 });
defsubr("move-to-column", (column: L, force: L) => {
  const goal = checkFixnum(column);
  const b = cur();
  let p = findNewline(b, b.pt, b.begv, -1).pos;
  while (p < b.zv && b.charAt(p) !== 10 && columnAt(b, p + 1) <= goal) p++;
  b.pt = p;
  let col = columnAt(b, p);
  if (col < goal && force === T) {
    b.insert(p, " ".repeat(goal - col), true);
    col = goal;
  }
  return col;
}, { min: 1, max: 2 });

defsubr("untabify", (start: L, end: L, _arg: L) => {
  const b = cur();
  const [s0, e0] = validateRegion(b, start, end);
  const endM = new Marker();
  endM.set(b, e0);
  try {
    for (let p = s0; p < endM.charpos; p++) {
      if (b.charAt(p) !== 9) continue;
      const col = columnAt(b, p);
      const next = columnAt(b, p + 1);
      const opt = b.pt;
      b.replace(p, p + 1, " ".repeat(next - col));
      b.pt = opt > p ? opt + (next - col - 1) : opt;
      p += next - col - 1;
    }
  } finally {
    endM.detach();
  }
  return NIL;
}, { min: 2, max: 3 });

// ---------------------------------------------------------------------------
// The mark and the region (simple.el). Batch Emacs has transient-mark-mode off,
// so the region is never "active" and the mark is usable even when inactive.

const markActiveSym = intern("mark-active");
const markRingSym = defvar("mark-ring", NIL);
markRingSym.autoLocal = true;
defvar("mark-ring-max", 16);
defvar("transient-mark-mode", NIL);
defvar("mark-even-if-inactive", T);

function markPos(b: Buffer): number | null {
  const m = b.mark;
  return m.buffer === b ? m.charpos : null;
}

function setMark(b: Buffer, pos: L): void {
  if (pos === NIL) {
    b.mark.detach();
    b.locals.set(markActiveSym, NIL);
    return;
  }
  b.mark.set(b, fixPosition(pos));
  b.locals.set(markActiveSym, T);
}

defsubr("mark", (_force: L) => markPos(cur()) ?? NIL, { min: 0, max: 1 });
defsubr("set-mark", (pos: L) => {
  setMark(cur(), pos);
  return pos;
});
defsubr("push-mark", (location: L, _nomsg: L, _activate: L) => {
  const b = cur();
  const old = markPos(b);
  if (old !== null) {
    const m = new Marker();
    m.set(b, old);
    const max = symbolValue(intern("mark-ring-max"));
    const ring = [m, ...listToArray(symbolValue(markRingSym))].slice(0, typeof max === "number" ? max : 16);
    setLocal(b, markRingSym, arrayToList(ring));
  }
  setMark(b, location === NIL ? b.pt : location);
  return NIL;
}, { min: 0, max: 3 });
defsubr("pop-mark", () => {
  const b = cur();
  const ring = listToArray(symbolValue(markRingSym));
  if (ring.length) {
    const m = ring.shift() as Marker;
    if (m.buffer) setMark(b, m.charpos);
    setLocal(b, markRingSym, arrayToList(ring));
  }
  return NIL;
}, { max: 0 });
function region(): [number, number] {
  const b = cur();
  const m = markPos(b);
  if (m === null) error("The mark is not set now, so there is no region");
  return [Math.min(b.pt, m), Math.max(b.pt, m)];
}
defsubr("region-beginning", () => region()[0], { max: 0 });
defsubr("region-end", () => region()[1], { max: 0 });
defsubr("region-active-p", () => bool(symbolValue(intern("transient-mark-mode")) !== NIL && symbolValue(markActiveSym) !== NIL), { max: 0 });
defsubr("use-region-p", () => bool(symbolValue(intern("transient-mark-mode")) !== NIL && symbolValue(markActiveSym) !== NIL && region()[0] < region()[1]), { max: 0 });
defsubr("deactivate-mark", (_force: L) => {
  cur().locals.set(markActiveSym, NIL);
  return NIL;
}, { min: 0, max: 1 });
defsubr("exchange-point-and-mark", (_arg: L) => {
  const b = cur();
  const m = markPos(b);
  if (m === null) error("No mark set in this buffer");
  const p = b.pt;
  b.setPoint(m);
  b.mark.set(b, p);
  return NIL;
}, { min: 0, max: 1 });
defsubr("save-mark-and-excursion--save", () => {
  const b = cur();
  const m = new Marker();
  const pos = markPos(b);
  if (pos !== null) m.set(b, pos);
  return new Cons(m, bufferLocal(b, markActiveSym));
}, { max: 0 });
defsubr("save-mark-and-excursion--restore", (saved: L) => {
  if (!(saved instanceof Cons) || !(saved.car instanceof Marker)) wrongType("consp", saved);
  const m = saved.car;
  const b = m.buffer;
  if (b && b.live) {
    b.mark.set(b, m.charpos);
    b.locals.set(markActiveSym, saved.cdr);
  }
  m.detach();
  return NIL;
});
function bufferLocal(b: Buffer, sym: Sym): L {
  const v = b.locals.get(sym);
  return v === undefined || v === UNBOUND ? NIL : v;
}
defmacroTS("save-mark-and-excursion", (body) => {
  const saved = makeSymbol("saved-marker");
  return list(
    intern("let"),
    list(list(saved, list(intern("save-mark-and-excursion--save")))),
    list(intern("unwind-protect"), new Cons(intern("save-excursion"), arrayToList(body)),
      list(intern("save-mark-and-excursion--restore"), saved)),
  );
});

// ---------------------------------------------------------------------------
// Case changes of regions (casefiddle.c), through the string functions.

function casifyRegion(fn: string, start: L, end: L): L {
  const b = cur();
  const [s, e] = validateRegion(b, start, end);
  const text = b.substring(s, e);
  const out = funcall(intern(fn), [text]) as string;
  if (out !== text) {
    const opt = b.pt;
    b.replace(s, e, out);
    b.setPoint(opt);
  }
  return NIL;
}
defsubr("upcase-region", (s: L, e: L, _nc: L) => casifyRegion("upcase", s, e), { min: 2, max: 3 });
defsubr("downcase-region", (s: L, e: L, _nc: L) => casifyRegion("downcase", s, e), { min: 2, max: 3 });
defsubr("capitalize-region", (s: L, e: L, _nc: L) => casifyRegion("capitalize", s, e), { min: 2, max: 3 });
defsubr("upcase-initials-region", (s: L, e: L, _nc: L) => casifyRegion("upcase-initials", s, e), { min: 2, max: 3 });

function casifyWord(fn: string, arg: L): L {
  const n = checkFixnum(arg);
  const b = cur();
  const from = b.pt;
  funcall(intern("forward-word"), [n]);
  const to = b.pt;
  casifyRegion(fn, Math.min(from, to), Math.max(from, to));
  b.setPoint(to > from ? to : from);
  return NIL;
}
defsubr("upcase-word", (arg: L) => casifyWord("upcase", arg));
defsubr("downcase-word", (arg: L) => casifyWord("downcase", arg));
defsubr("capitalize-word", (arg: L) => casifyWord("capitalize", arg));

export { list, stringLength, T };
