// Hash tables, laid out as Emacs 28 lays them out: entries live in numbered
// slots; a new entry takes the slot freed most recently, else the next fresh
// one, so maphash and the printer visit entries in slot order exactly as
// Emacs does (insertion order until a remhash frees a slot).
//
// Finding a key's slot:
// - fixnums (the common big-table key), and keys compared structurally
//   (conses, vectors and records under `equal`, every key of a
//   define-hash-table-test test), through a chained index over typed arrays:
//   heads[hash % heads.length] and next[slot] hold slot + 1, 0 ending a chain.
//   A fixnum hashes to itself (mod a prime), so runs of integers stay in
//   cache order and arithmetic progressions still spread.
// - every other key (strings, symbols, other objects by identity, bignums,
//   floats through a canonical stand-in) through a JS Map from key to slot.
//
// Slots are stored in chunks of CHUNK slots (keys and values interleaved):
// a big table grows by adding chunks, never by copying one huge array.
import { Cons, L, LispFloat, LispObject, LispRecord, NIL, Sym } from "./types.js";
import { equal } from "./equal.js";
import { intern } from "./symbols.js";

/** A user test from define-hash-table-test: equality and hash functions called through `call`. */
export interface CustomTest {
  name: Sym;
  equal: (a: L, b: L) => boolean;
  hash: (a: L) => number;
}

export const Qeq = intern("eq");
export const Qeql = intern("eql");
export const Qequal = intern("equal");

const CHUNK_BITS = 10;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;

/** A free slot's key (never a Lisp object). */
type Cell = L | undefined;

/** The hash of a fixnum, in [0, 2^31): the number itself when it fits. */
function fixnumHash(k: number): number {
  if (k >= 0 && k <= 0x7fffffff) return k;
  return ((k | 0) ^ Math.imul(Math.floor(k / 4294967296) | 0, 0x9e3779b1)) & 0x7fffffff;
}

/** The smallest prime >= n (n small enough for trial division: index sizes). */
function primeAtLeast(n: number): number {
  if (n <= 2) return 2;
  for (let p = n | 1; ; p += 2) {
    let prime = true;
    for (let d = 3; d * d <= p; d += 2) {
      if (p % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) return p;
  }
}

/** Index sizes by capacity (a power of two): a prime just above it. */
const primes = new Map<number, number>();
function indexSize(capacity: number): number {
  let p = primes.get(capacity);
  if (p === undefined) {
    p = primeAtLeast(capacity + 1);
    primes.set(capacity, p);
  }
  return p;
}

export class LispHashTable extends LispObject {
  /** Slot s: key at kv[s >> CHUNK_BITS][2 * (s & CHUNK_MASK)], value just after. A free slot's key is undefined. */
  private kv: Cell[][] = [[]];
  /** Slots ever used since the last clear: fresh slots start here. */
  private top = 0;
  /** Freed slots below top, reused last freed first (Emacs's free list). */
  private free: number[] = [];
  private live = 0;
  /** Slot of each key found by JS identity / SameValueZero (see directKey). */
  private direct: Map<unknown, number> | null = null;
  /** Chained index for fixnum and structurally hashed keys (slot + 1 in both arrays). */
  private heads: Int32Array | null = null;
  private next: Int32Array | null = null;
  /** Hash of each structurally hashed key, by slot (allocated with the first such key). */
  private hashes: Int32Array | null = null;

  constructor(
    public readonly test: Sym = Qeql,
    public readonly custom: CustomTest | null = null,
    public weakness: L = NIL,
    /** The size Emacs would report: the requested size, grown by 1.5 whenever a new entry finds the table full. */
    public sizeHint = 0,
  ) {
    super();
  }
  typeName() {
    return "hash-table";
  }

  get count(): number {
    return this.live;
  }

  // ---- lookup -------------------------------------------------------------

  /** Slot of fixnum K (no custom test), or -1. */
  private fixnumSlot(k: number): number {
    const heads = this.heads;
    if (heads === null) return -1;
    const next = this.next!;
    const kv = this.kv;
    let s = heads[fixnumHash(k) % heads.length] - 1;
    while (s >= 0) {
      if (kv[s >> CHUNK_BITS][(s & CHUNK_MASK) << 1] === k) return s;
      s = next[s] - 1;
    }
    return -1;
  }

  /** Whether K is found through the chained index with a structural (or custom) hash. */
  private hashedKey(k: L): boolean {
    if (this.custom !== null) return true;
    return this.test === Qequal && (k instanceof Cons || Array.isArray(k) || k instanceof LispRecord);
  }

  private hashOf(k: L): number {
    return (this.custom !== null ? this.custom.hash(k) : sxhashEqual(k)) & 0x7fffffff;
  }

  /** Slot of a structurally hashed K with hash H, or -1. */
  private hashedSlot(k: L, h: number): number {
    const heads = this.heads;
    if (heads === null || this.hashes === null) return -1;
    const next = this.next!;
    const hashes = this.hashes;
    const custom = this.custom;
    let s = heads[h % heads.length] - 1;
    while (s >= 0) {
      const key = this.kv[s >> CHUNK_BITS][(s & CHUNK_MASK) << 1] as L;
      // Fixnums share the index under the built-in tests but never equal a structural key.
      if ((custom !== null || typeof key !== "number") && hashes[s] === h) {
        if (custom !== null ? custom.equal(key, k) : equal(key, k)) return s;
      }
      s = next[s] - 1;
    }
    return -1;
  }

  /** Map key for K when it is found through `direct`. */
  private directKey(k: L): unknown {
    if (k instanceof LispFloat && this.test !== Qeq) {
      // eql/equal compare floats by value (0.0 and -0.0 differ, NaNs are equal).
      return "\u0000f" + (Object.is(k.value, -0) ? "-0" : String(k.value));
    }
    return k;
  }

  private slotOf(k: L): number {
    if (typeof k === "number" && this.custom === null) return this.fixnumSlot(k);
    if (this.hashedKey(k)) return this.hashedSlot(k, this.hashOf(k));
    if (this.direct === null) return -1;
    const s = this.direct.get(this.directKey(k));
    return s === undefined ? -1 : s;
  }

  private valueAt(s: number): L {
    return this.kv[s >> CHUNK_BITS][((s & CHUNK_MASK) << 1) + 1] as L;
  }

  get(k: L, dflt: L = NIL): L {
    const s = typeof k === "number" && this.custom === null ? this.fixnumSlot(k) : this.slotOf(k);
    return s < 0 ? dflt : this.valueAt(s);
  }

  has(k: L): boolean {
    return this.slotOf(k) >= 0;
  }

  // ---- insertion ----------------------------------------------------------

  put(k: L, v: L): L {
    if (typeof k === "number" && this.custom === null) {
      const s = this.fixnumSlot(k);
      if (s >= 0) this.kv[s >> CHUNK_BITS][((s & CHUNK_MASK) << 1) + 1] = v;
      else this.link(this.store(k, v), fixnumHash(k));
      return v;
    }
    return this.putOther(k, v);
  }

  private putOther(k: L, v: L): L {
    if (this.hashedKey(k)) {
      const h = this.hashOf(k);
      const s = this.hashedSlot(k, h);
      if (s >= 0) {
        this.kv[s >> CHUNK_BITS][((s & CHUNK_MASK) << 1) + 1] = v;
        return v;
      }
      const ns = this.store(k, v);
      if (this.hashes === null || this.hashes.length <= ns) this.growHashes(ns);
      this.hashes![ns] = h;
      this.link(ns, h);
      return v;
    }
    const dk = this.directKey(k);
    const direct = (this.direct ??= new Map());
    const s = direct.get(dk);
    if (s !== undefined) {
      this.kv[s >> CHUNK_BITS][((s & CHUNK_MASK) << 1) + 1] = v;
      return v;
    }
    direct.set(dk, this.store(k, v));
    return v;
  }

  /** Put a new entry in a free slot (the last freed, else a fresh one) and return the slot. */
  private store(k: L, v: L): number {
    if (this.sizeHint > 0 && this.live >= this.sizeHint) {
      // Emacs grows a full table by its rehash size (1.5).
      this.sizeHint = Math.max(this.sizeHint + 1, Math.floor(this.sizeHint * 1.5));
    }
    this.live++;
    if (this.free.length > 0) {
      const s = this.free.pop()!;
      const chunk = this.kv[s >> CHUNK_BITS];
      const i = (s & CHUNK_MASK) << 1;
      chunk[i] = k;
      chunk[i + 1] = v;
      return s;
    }
    const s = this.top++;
    const c = s >> CHUNK_BITS;
    if (c === 0) {
      // The first chunk grows with the table (most tables are small)...
      this.kv[0].push(k, v);
    } else {
      // ...later ones are made whole, not regrown entry by entry.
      if (c === this.kv.length) this.kv.push(new Array<Cell>(2 << CHUNK_BITS));
      const chunk = this.kv[c];
      const i = (s & CHUNK_MASK) << 1;
      chunk[i] = k;
      chunk[i + 1] = v;
    }
    return s;
  }

  /** Enter slot S, holding a key with hash H, in the chained index. */
  private link(s: number, h: number): void {
    if (this.next === null || s >= this.next.length) this.growIndex(s);
    const heads = this.heads!;
    const b = h % heads.length;
    this.next![s] = heads[b];
    heads[b] = s + 1;
  }

  private capacityFor(s: number): number {
    let cap = this.next === null ? 8 : this.next.length * 2;
    while (cap <= s) cap *= 2;
    return cap;
  }

  private growHashes(s: number): void {
    const cap = this.next !== null && s < this.next.length ? this.next.length : this.capacityFor(s);
    const hashes = new Int32Array(cap);
    if (this.hashes !== null) hashes.set(this.hashes);
    this.hashes = hashes;
  }

  /** Make room in the index for slot S and re-enter every indexed entry (except S, entered by the caller). */
  private growIndex(s: number): void {
    const cap = this.capacityFor(s);
    const heads = new Int32Array(indexSize(cap));
    const next = new Int32Array(cap);
    const n = heads.length;
    if (this.hashes !== null && this.hashes.length < cap) {
      const hashes = new Int32Array(cap);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    const hashes = this.hashes;
    const custom = this.custom !== null;
    const structural = custom || this.test === Qequal;
    if (this.heads !== null) {
      const kv = this.kv;
      for (let i = 0; i < this.top; i++) {
        if (i === s) continue;
        const key = kv[i >> CHUNK_BITS][(i & CHUNK_MASK) << 1];
        if (key === undefined) continue;
        let h: number;
        if (typeof key === "number" && !custom) h = fixnumHash(key);
        else if (structural && hashes !== null && this.hashedKey(key)) h = hashes[i];
        else continue;
        const b = h % n;
        next[i] = heads[b];
        heads[b] = i + 1;
      }
    }
    this.heads = heads;
    this.next = next;
  }

  // ---- removal ------------------------------------------------------------

  remove(k: L): void {
    let s: number;
    if ((typeof k === "number" && this.custom === null) || this.hashedKey(k)) {
      s = typeof k === "number" && this.custom === null ? this.fixnumSlot(k) : this.hashedSlot(k, this.hashOf(k));
      if (s < 0) return;
      this.unlink(s);
    } else {
      if (this.direct === null) return;
      const dk = this.directKey(k);
      const found = this.direct.get(dk);
      if (found === undefined) return;
      this.direct.delete(dk);
      s = found;
    }
    const chunk = this.kv[s >> CHUNK_BITS];
    const i = (s & CHUNK_MASK) << 1;
    chunk[i] = undefined;
    chunk[i + 1] = undefined;
    this.free.push(s);
    this.live--;
  }

  /** Take slot S out of its index chain. */
  private unlink(s: number): void {
    const heads = this.heads!;
    const next = this.next!;
    const key = this.kv[s >> CHUNK_BITS][(s & CHUNK_MASK) << 1] as L;
    const h = typeof key === "number" && this.custom === null ? fixnumHash(key) : this.hashes![s];
    const b = h % heads.length;
    if (heads[b] === s + 1) {
      heads[b] = next[s];
    } else {
      let p = heads[b] - 1;
      while (next[p] !== s + 1) p = next[p] - 1;
      next[p] = next[s];
    }
    next[s] = 0;
  }

  clear(): void {
    this.kv = [[]];
    this.top = 0;
    this.free = [];
    this.live = 0;
    this.direct = null;
    this.heads = null;
    this.next = null;
    this.hashes = null;
  }

  // ---- traversal ----------------------------------------------------------

  /**
   * Call FN on every entry in slot order. Like Emacs's maphash, FN may
   * remhash or puthash: the walk goes on over the slots as they are then
   * (an entry added in a fresh slot is visited, one in a freed slot behind
   * the walk is not).
   */
  forEach(fn: (k: L, v: L) => void): void {
    for (let s = 0; s < this.top; s++) {
      const chunk = this.kv[s >> CHUNK_BITS];
      const i = (s & CHUNK_MASK) << 1;
      const k = chunk[i];
      if (k !== undefined) fn(k, chunk[i + 1] as L);
    }
  }

  /** Entries in slot order, with forEach's tolerance of changes during the walk. */
  *entries(): IterableIterator<[L, L]> {
    for (let s = 0; s < this.top; s++) {
      const chunk = this.kv[s >> CHUNK_BITS];
      const i = (s & CHUNK_MASK) << 1;
      const k = chunk[i];
      if (k !== undefined) yield [k, chunk[i + 1] as L];
    }
  }

  /** A copy with the same slots (free ones included), as Emacs's copy-hash-table. */
  copy(): LispHashTable {
    const h = new LispHashTable(this.test, this.custom, this.weakness, this.sizeHint);
    h.kv = this.kv.map((c) => c.slice());
    h.top = this.top;
    h.free = this.free.slice();
    h.live = this.live;
    h.direct = this.direct === null ? null : new Map(this.direct);
    h.heads = this.heads === null ? null : this.heads.slice();
    h.next = this.next === null ? null : this.next.slice();
    h.hashes = this.hashes === null ? null : this.hashes.slice();
    return h;
  }
}

/** Structural hash agreeing with `equal` (depth- and length-bounded like Emacs's sxhash). */
export function sxhashEqual(x: L, depth = 0): number {
  if (depth > 3) return 0;
  if (typeof x === "number") return x | 0;
  if (typeof x === "string") return stringHash(x);
  if (typeof x === "bigint") return Number(x % 1000000007n) | 0;
  if (x instanceof LispFloat) return stringHash(String(x.value));
  if (x instanceof Sym) return stringHash(x.name);
  if (x instanceof Cons) {
    let h = 17;
    let n = 0;
    for (let p: L = x; n < 7; n++) {
      if (p instanceof Cons) {
        h = (h * 31 + sxhashEqual(p.car, depth + 1)) | 0;
        p = p.cdr;
      } else {
        if (p !== NIL) h = (h * 31 + sxhashEqual(p, depth + 1)) | 0;
        break;
      }
    }
    return h;
  }
  if (Array.isArray(x) || x instanceof LispRecord) {
    const a = Array.isArray(x) ? x : x.slots;
    let h = a.length;
    for (let i = 0; i < Math.min(a.length, 7); i++) h = (h * 31 + sxhashEqual(a[i], depth + 1)) | 0;
    return h;
  }
  return 0;
}

function stringHash(s: string): number {
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = ((h << 5) + h + s.charCodeAt(i)) | 0;
  return h;
}
