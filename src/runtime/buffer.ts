// Buffers (Emacs's buffer.c / insdel.c / marker.c data): text with a gap,
// point, narrowing, markers, buffer-local variables, the buffer list and the
// current buffer.
//
// Text is kept as two runs of JS string pieces around a gap at the last
// edit: pieces before the gap in text order (merged geometrically, so there
// are O(log n) of them however many small insertions were made), pieces
// after it in reverse order. Inserting at the gap appends a piece; moving the
// gap moves or splits pieces (V8 slices long strings without copying);
// searching joins the pieces on one side into a single string once, after
// which slices of it are free. Positions are characters (code points); while
// no character outside the BMP has been inserted they equal UTF-16 indexes.
import { L, NIL, T, Sym, LispObject, ValueCell, UNBOUND, list, hasAstral } from "./types.js";
import { intern, defvar } from "./symbols.js";
import { signal, error } from "./errors.js";
import { localHooks } from "./eval.js";
import { SyntaxTable, standardSyntaxTable, elispSyntaxTable } from "./regexp.js";

/** The largest buffer (in UTF-16 units) we hold: below V8's string length limit. */
const MAX_BUFFER_CHARS = 0x1fffffe8 >> 1;

function cpLen(s: string): number {
  if (!hasAstral(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** UTF-16 index of character K in S (S may hold astral characters). */
function cpToUnit(s: string, k: number): number {
  let u = 0;
  for (let c = 0; c < k && u < s.length; c++) {
    const code = s.charCodeAt(u);
    u += code >= 0xd800 && code <= 0xdbff && u + 1 < s.length ? 2 : 1;
  }
  return u;
}

/** Number of characters in the first U units of S. */
export function unitToCp(s: string, u: number): number {
  let c = 0;
  for (let i = 0; i < u; c++) {
    const code = s.charCodeAt(i);
    i += code >= 0xd800 && code <= 0xdbff && i + 1 < s.length ? 2 : 1;
  }
  return c;
}

export class BufferText {
  private pre: string[] = [];
  private preCp: number[] = [];
  /** Characters before the gap. */
  preLen = 0;
  /** Pieces after the gap, last piece first in text. */
  private post: string[] = [];
  private postCp: number[] = [];
  postLen = 0;
  /** Some character outside the BMP may be present. */
  astral = false;

  get length(): number {
    return this.preLen + this.postLen;
  }

  /** Pieces on each side of the gap (for tests of the representation). */
  pieceCount(): { pre: number; post: number } {
    return { pre: this.pre.length, post: this.post.length };
  }

  private cut(s: string, k: number): number {
    return this.astral ? cpToUnit(s, k) : k;
  }

  private pushPre(s: string, n: number): void {
    if (s.length === 0) return;
    const pre = this.pre, cps = this.preCp;
    pre.push(s);
    cps.push(n);
    this.preLen += n;
    // Keep pieces geometrically decreasing: O(log n) pieces, O(n log n) joining.
    while (pre.length >= 2 && pre[pre.length - 2].length < 2 * pre[pre.length - 1].length) {
      const b = pre.pop()!, bn = cps.pop()!;
      pre[pre.length - 1] += b;
      cps[cps.length - 1] += bn;
    }
  }

  private pushPost(s: string, n: number): void {
    if (s.length === 0) return;
    this.post.push(s);
    this.postCp.push(n);
    this.postLen += n;
  }

  /** Move the gap to character position POS. */
  moveGap(pos: number): void {
    if (pos > this.preLen) {
      let k = pos - this.preLen;
      while (k > 0) {
        const s = this.post.pop()!;
        const n = this.postCp.pop()!;
        this.postLen -= n;
        if (n <= k) {
          this.pushPre(s, n);
          k -= n;
        } else {
          const u = this.cut(s, k);
          this.pushPre(s.slice(0, u), k);
          this.pushPost(s.slice(u), n - k);
          k = 0;
        }
      }
    } else if (pos < this.preLen) {
      let k = this.preLen - pos;
      while (k > 0) {
        const s = this.pre.pop()!;
        const n = this.preCp.pop()!;
        this.preLen -= n;
        if (n <= k) {
          this.pushPost(s, n);
          k -= n;
        } else {
          const u = this.cut(s, n - k);
          this.pre.push(s.slice(0, u));
          this.preCp.push(n - k);
          this.preLen += n - k;
          this.pushPost(s.slice(u), k);
          k = 0;
        }
      }
    }
  }

  insert(pos: number, s: string): number {
    const astral = hasAstral(s);
    const n = astral ? cpLen(s) : s.length;
    if (n === 0) return 0;
    // JS strings stop at 2^29 UTF-16 units; refuse to grow a buffer near that.
    if (this.length + s.length > MAX_BUFFER_CHARS) error("Maximum buffer size exceeded");
    if (astral) this.astral = true;
    this.moveGap(pos);
    this.pushPre(s, n);
    return n;
  }

  delete(from: number, to: number): void {
    if (to <= from) return;
    this.moveGap(from);
    let k = to - from;
    while (k > 0) {
      const s = this.post.pop()!;
      const n = this.postCp.pop()!;
      this.postLen -= n;
      if (n <= k) k -= n;
      else {
        this.pushPost(s.slice(this.cut(s, k)), n - k);
        k = 0;
      }
    }
  }

  clear(): void {
    this.pre = [];
    this.preCp = [];
    this.post = [];
    this.postCp = [];
    this.preLen = this.postLen = 0;
    this.astral = false;
  }

  /** Join the pieces after the gap into one string (and return it). */
  private flatPost(): string {
    if (this.post.length > 1) {
      let s = "";
      for (let i = this.post.length - 1; i >= 0; i--) s += this.post[i];
      // Force a flat representation now rather than on every later access.
      void s.charCodeAt(0);
      this.post = [s];
      this.postCp = [this.postLen];
    }
    return this.post.length ? this.post[0] : "";
  }

  private flatPre(): string {
    if (this.pre.length > 1) {
      const s = this.pre.join("");
      this.pre = [s];
      this.preCp = [this.preLen];
    }
    return this.pre.length ? this.pre[0] : "";
  }

  /**
   * The text of [FROM, TO) as one string, cheaply when it lies on one side
   * of the gap (the gap is moved to FROM otherwise).
   */
  region(from: number, to: number): string {
    if (to <= from) return "";
    if (from >= this.preLen) {
      const s = this.flatPost();
      const a = from - this.preLen, b = to - this.preLen;
      if (!this.astral) return s.slice(a, b);
      const ua = cpToUnit(s, a);
      return s.slice(ua, ua + cpToUnit(s.slice(ua), b - a));
    }
    if (to <= this.preLen) {
      // A short stretch just before the gap: take it from the last pieces.
      if (this.preLen - from <= 4096 && this.pre.length > 1) {
        let k = this.preLen - from;
        const pieces: string[] = [];
        for (let i = this.pre.length - 1; k > 0; i--) {
          const s = this.pre[i], n = this.preCp[i];
          if (n <= k) {
            pieces.push(s);
            k -= n;
          } else {
            pieces.push(s.slice(this.cut(s, n - k)));
            k = 0;
          }
        }
        const joined = pieces.reverse().join("");
        const len = to - from;
        return this.astral ? joined.slice(0, cpToUnit(joined, len)) : joined.slice(0, len);
      }
      const s = this.flatPre();
      if (!this.astral) return s.slice(from, to);
      const ua = cpToUnit(s, from);
      return s.slice(ua, ua + cpToUnit(s.slice(ua), to - from));
    }
    this.moveGap(from);
    return this.region(from, to);
  }

  toString(): string {
    return this.region(0, this.length);
  }

  charAt(pos: number): number {
    if (pos < this.preLen) {
      let k = this.preLen - pos; // characters from the gap back to pos, inclusive
      for (let i = this.pre.length - 1; i >= 0; i--) {
        const n = this.preCp[i];
        if (k <= n) {
          const s = this.pre[i];
          const off = n - k;
          return this.astral ? s.codePointAt(cpToUnit(s, off))! : s.charCodeAt(off);
        }
        k -= n;
      }
      return -1;
    }
    let k = pos - this.preLen;
    for (let i = this.post.length - 1; i >= 0; i--) {
      const n = this.postCp[i];
      if (k < n) {
        const s = this.post[i];
        return this.astral ? s.codePointAt(cpToUnit(s, k))! : s.charCodeAt(k);
      }
      k -= n;
    }
    return -1;
  }
}

// ---------------------------------------------------------------------------
// Markers.

export class Marker extends LispObject {
  buffer: Buffer | null = null;
  /** Character position (1-based), meaningful when buffer is set. */
  charpos = 0;
  insertionType = false;
  readonly ref: WeakRef<Marker> = new WeakRef(this);
  typeName() {
    return "marker";
  }
  printRepr(): string {
    const moves = this.insertionType ? "(moves after insertion) " : "";
    if (!this.buffer || this.buffer.name === null) return `#<marker ${moves}in no buffer>`;
    return `#<marker ${moves}at ${this.charpos} in ${this.buffer.name}>`;
  }
  /** Point this marker at POS in BUF (or nowhere, with null). */
  set(buf: Buffer | null, pos: number): void {
    if (this.buffer !== buf) {
      if (this.buffer) this.buffer.markers.delete(this.ref);
      this.buffer = buf;
      if (buf) buf.markers.add(this.ref);
    }
    if (buf) this.charpos = Math.max(1, Math.min(pos, buf.z));
  }
  detach(): void {
    this.set(null, 0);
  }
  /** `equal`: same buffer and position, or both pointing nowhere. */
  lispEqual(other: unknown): boolean {
    if (!(other instanceof Marker)) return false;
    const b1 = this.buffer && this.buffer.live ? this.buffer : null;
    const b2 = other.buffer && other.buffer.live ? other.buffer : null;
    return b1 === b2 && (b1 === null || this.charpos === other.charpos);
  }
}

// ---------------------------------------------------------------------------
// Buffers.

export class Buffer extends LispObject {
  /** nil once killed. */
  name: string | null;
  readonly text = new BufferText();
  pt = 1;
  begv = 1;
  zv = 1;
  readonly markers = new Set<WeakRef<Marker>>();
  readonly locals = new Map<Sym, ValueCell>();
  modified = false;
  modiff = 1;
  charsModiff = 1;
  saveModiff = 1;
  syntax: SyntaxTable;
  /** The buffer's mark (for save-excursion compatibility and `mark-marker`). */
  readonly mark: Marker;
  constructor(name: string, syntax: SyntaxTable = standardSyntaxTable()) {
    super();
    this.name = name;
    this.syntax = syntax;
    this.mark = new Marker();
  }
  typeName() {
    return "buffer";
  }
  printRepr(escape = true): string {
    if (this.name === null) return "#<killed buffer>";
    return escape ? `#<buffer ${this.name}>` : this.name;
  }
  get live(): boolean {
    return this.name !== null;
  }
  /** One past the last character (Emacs's Z). */
  get z(): number {
    return this.text.length + 1;
  }
  get narrowed(): boolean {
    return this.begv !== 1 || this.zv !== this.z;
  }
  charAt(pos: number): number {
    return this.text.charAt(pos - 1);
  }
  substring(from: number, to: number): string {
    return this.text.region(from - 1, to - 1);
  }
  private flat: { modiff: number; text: string } | null = null;
  /** The whole text as one string (cached until the next change). */
  fullText(): string {
    if (this.flat && this.flat.modiff === this.modiff) return this.flat.text;
    const text = this.text.toString();
    this.flat = { modiff: this.modiff, text };
    return text;
  }

  private touch(): void {
    this.modified = true;
    this.modiff++;
    this.charsModiff = this.modiff;
  }

  checkWritable(): void {
    if (this.locals.get(bufferReadOnlySym) !== undefined && this.locals.get(bufferReadOnlySym) !== NIL) {
      const inhibit = inhibitReadOnlySym.value;
      if (inhibit === NIL || inhibit === UNBOUND) signal("buffer-read-only", list(this));
    }
  }

  /**
   * Insert S at POS. Markers at POS advance if their insertion type says so
   * (or all of them, BEFOREMARKERS); point advances when past POS, or at POS
   * with ADVANCEPOINT (insertion at point).
   */
  insert(pos: number, s: string, advancePoint: boolean, beforeMarkers = false): number {
    if (s.length === 0) return 0;
    this.checkWritable();
    const n = this.text.insert(pos - 1, s);
    if (this.pt > pos || (this.pt === pos && (advancePoint || beforeMarkers))) this.pt += n;
    if (this.zv >= pos) this.zv += n;
    if (this.begv > pos) this.begv += n;
    this.eachMarker((m) => {
      if (m.charpos > pos || (m.charpos === pos && (m.insertionType || beforeMarkers))) m.charpos += n;
    });
    this.touch();
    return n;
  }

  /** Call F on each live marker of this buffer, forgetting the collected ones. */
  private eachMarker(f: (m: Marker) => void): void {
    for (const ref of this.markers) {
      const m = ref.deref();
      if (m) f(m);
      else this.markers.delete(ref);
    }
  }

  /** Delete [FROM, TO). */
  delete(from: number, to: number): void {
    if (to <= from) return;
    this.checkWritable();
    const n = to - from;
    this.text.delete(from - 1, to - 1);
    const adj = (p: number) => (p >= to ? p - n : p > from ? from : p);
    this.pt = adj(this.pt);
    this.zv = adj(this.zv);
    this.begv = adj(this.begv);
    this.eachMarker((m) => {
      m.charpos = adj(m.charpos);
    });
    this.touch();
  }

  /** Replace [FROM, TO) by S, adjusting point and markers as replace_range does. */
  replace(from: number, to: number, s: string): void {
    this.checkWritable();
    this.text.delete(from - 1, to - 1);
    const n = this.text.insert(from - 1, s);
    const diff = n - (to - from);
    const adj = (p: number) => (p >= to ? p + diff : p > from ? from : p);
    if (this.pt > from) this.pt = this.pt >= to ? this.pt + diff : from + n;
    this.zv = adj(this.zv);
    this.eachMarker((m) => {
      m.charpos = adj(m.charpos);
    });
    this.touch();
  }

  setPoint(pos: number): void {
    this.pt = Math.max(this.begv, Math.min(pos, this.zv));
  }
}

const bufferReadOnlySym = intern("buffer-read-only");
const inhibitReadOnlySym = defvar("inhibit-read-only", NIL);

// ---------------------------------------------------------------------------
// The buffer list and the current buffer.

export const allBuffers: Buffer[] = [];

/** Variables every buffer has its own value of (Emacs's DEFVAR_PER_BUFFER with permanent slots). */
const PERMANENT_LOCALS: [string, () => L][] = [
  ["buffer-file-name", () => NIL],
  ["buffer-file-truename", () => NIL],
  ["buffer-auto-save-file-name", () => NIL],
  ["major-mode", () => intern("fundamental-mode")],
  ["mode-name", () => "Fundamental"],
  ["buffer-read-only", () => NIL],
  ["buffer-undo-list", () => NIL],
  ["enable-multibyte-characters", () => T],
  ["mark-active", () => NIL],
  ["buffer-saved-size", () => 0],
];
const permanentLocalSyms = new Set<Sym>();
for (const [name, init] of PERMANENT_LOCALS) {
  const s = defvar(name, init());
  permanentLocalSyms.add(s);
  s.hasLocals = true;
}
/** Variables that become buffer-local when set (DEFVAR_PER_BUFFER with default values). */
const AUTO_LOCALS: [string, L][] = [
  ["case-fold-search", T],
  ["fill-column", 70],
  ["left-margin", 0],
  ["tab-width", 8],
  ["truncate-lines", NIL],
  ["word-wrap", NIL],
  ["indent-tabs-mode", T],
  ["buffer-file-coding-system", intern("utf-8-unix")],
  ["cursor-type", T],
  ["line-spacing", NIL],
  ["buffer-display-table", NIL],
  ["local-abbrev-table", NIL],
  ["syntax-ppss-table", NIL],
  ["buffer-invisibility-spec", T],
  ["selective-display", NIL],
  ["ctl-arrow", T],
  ["cache-long-scans", T],
  ["bidi-display-reordering", T],
];
for (const [name, value] of AUTO_LOCALS) {
  const s = defvar(name, value);
  s.autoLocal = true;
}

export function isPermanentLocal(sym: Sym): boolean {
  return permanentLocalSyms.has(sym);
}

function installPermanentLocals(b: Buffer): void {
  for (const [name, init] of PERMANENT_LOCALS) b.locals.set(intern(name), init());
  if (b.name !== null && b.name.startsWith(" ")) b.locals.set(intern("buffer-undo-list"), T);
}

export function makeBuffer(name: string, syntax?: SyntaxTable): Buffer {
  const b = new Buffer(name, syntax);
  installPermanentLocals(b);
  allBuffers.push(b);
  return b;
}

let current: Buffer = makeBuffer("*scratch*", elispSyntaxTable());
makeBuffer("*Messages*");

export function currentBuffer(): Buffer {
  return current;
}

export function setCurrentBuffer(b: Buffer): void {
  if (!b.live) error("Selecting deleted buffer");
  current = b;
}

export function findBuffer(name: string): Buffer | undefined {
  for (const b of allBuffers) if (b.name === name) return b;
  return undefined;
}

/** Remove a killed buffer's state: markers detached, locals dropped. */
export function killBufferState(b: Buffer): void {
  const i = allBuffers.indexOf(b);
  if (i >= 0) allBuffers.splice(i, 1);
  for (const ref of b.markers) {
    const m = ref.deref();
    if (m) m.buffer = null;
  }
  b.markers.clear();
  b.locals.clear();
  b.name = null;
  b.text.clear();
  b.pt = b.begv = b.zv = 1;
  if (current === b) {
    const other = allBuffers.find((x) => x.live && !x.name!.startsWith(" ")) ?? allBuffers[0];
    current = other ?? makeBuffer("*scratch*", elispSyntaxTable());
  }
}

// ---------------------------------------------------------------------------
// Buffer-local variables: the evaluator asks here for symbols with locals.

localHooks.get = (sym: Sym): ValueCell | undefined => current.locals.get(sym);
localHooks.set = (sym: Sym, value: L): boolean => {
  const locals = current.locals;
  if (locals.has(sym)) {
    locals.set(sym, value);
    return true;
  }
  if (sym.autoLocal) {
    locals.set(sym, value);
    sym.hasLocals = true;
    return true;
  }
  return false;
};
localHooks.currentIfLocal = (sym: Sym): unknown => (current.locals.has(sym) ? current : undefined);
localHooks.restore = (sym: Sym, buffer: unknown, value: ValueCell): void => {
  const b = buffer as Buffer;
  if (b.live && b.locals.has(sym)) b.locals.set(sym, value);
};

/** The value of SYM in buffer B (its local value, else the default). */
export function bufferLocalValue(sym: Sym, b: Buffer): ValueCell {
  const v = b.locals.get(sym);
  return v !== undefined ? v : sym.value;
}

/** Set SYM's local value in B (making it local there). */
export function setLocal(b: Buffer, sym: Sym, value: L): void {
  b.locals.set(sym, value);
  sym.hasLocals = true;
}

/** Give SYM a local value in B (its current default value), as make-local-variable does. */
export function makeLocal(sym: Sym, b: Buffer): void {
  if (!b.locals.has(sym)) {
    b.locals.set(sym, sym.value);
    sym.hasLocals = true;
  }
}

/** The syntax table the current buffer's searches use. */
export function currentSyntax(): SyntaxTable {
  return current.syntax;
}
