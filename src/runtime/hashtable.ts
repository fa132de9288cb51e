// Hash tables: insertion-ordered, over JS Maps. eq/eql keys map directly
// (floats through a canonical box); equal keys that are not primitives go to
// buckets by structural hash (Emacs's sxhash-equal).
import { Cons, L, LispFloat, LispObject, LispRecord, NIL, Sym } from "./types.js";
import { equal } from "./equal.js";
import { intern } from "./symbols.js";

class Entry {
  constructor(public key: L, public value: L) {}
}

/** A user test from define-hash-table-test: equality and hash functions called through `call`. */
export interface CustomTest {
  name: Sym;
  equal: (a: L, b: L) => boolean;
  hash: (a: L) => number;
}

export const Qeq = intern("eq");
export const Qeql = intern("eql");
export const Qequal = intern("equal");

export class LispHashTable extends LispObject {
  /**
   * Every entry, in insertion order. A key that can be a JS Map key (or has a
   * canonical stand-in, for floats) maps straight to its value: no per-entry
   * object, which keeps a table of a million fixnums cheap. Other keys (conses,
   * vectors under `equal`, custom tests) are filed as Entry -> Entry, and in
   * `buckets` under their structural hash for lookup.
   */
  private map = new Map<unknown, L | Entry>();
  private buckets = new Map<number, Entry[]>();
  /** The float key behind each canonical stand-in, for iteration. */
  private floatKeys: Map<string, LispFloat> | null = null;
  constructor(
    public readonly test: Sym = Qeql,
    public readonly custom: CustomTest | null = null,
    public weakness: L = NIL,
    public sizeHint = 0,
  ) {
    super();
  }
  typeName() {
    return "hash-table";
  }

  get count(): number {
    return this.map.size;
  }

  /** Key for the direct map, or undefined when the key needs structural hashing. */
  private directKey(k: L): unknown {
    if (typeof k === "number") return k;
    if (this.custom) return undefined;
    if (k instanceof LispFloat) {
      if (this.test === Qeq) return k;
      return "\u0000f" + (Object.is(k.value, -0) ? "-0" : String(k.value));
    }
    if (this.test !== Qequal) return k;
    if (k instanceof Cons || Array.isArray(k) || k instanceof LispRecord) return undefined;
    return k;
  }

  private findEntry(k: L): Entry | undefined {
    const bucket = this.buckets.get(this.hashOf(k));
    if (!bucket) return undefined;
    const same = this.custom ? this.custom.equal : equal;
    for (const e of bucket) if (same(e.key, k)) return e;
    return undefined;
  }

  private hashOf(k: L): number {
    return this.custom ? this.custom.hash(k) : sxhashEqual(k);
  }

  get(k: L, dflt: L = NIL): L {
    const dk = this.directKey(k);
    if (dk !== undefined) {
      const v = this.map.get(dk);
      return v === undefined ? dflt : (v as L);
    }
    const e = this.findEntry(k);
    return e ? e.value : dflt;
  }

  has(k: L): boolean {
    const dk = this.directKey(k);
    if (dk !== undefined) return this.map.has(dk);
    return this.findEntry(k) !== undefined;
  }

  put(k: L, v: L): L {
    const dk = this.directKey(k);
    if (dk !== undefined) {
      this.map.set(dk, v);
      if (typeof dk === "string" && k instanceof LispFloat && dk.charCodeAt(0) === 0) {
        (this.floatKeys ??= new Map()).set(dk, k);
      }
      return v;
    }
    const e = this.findEntry(k);
    if (e) {
      e.value = v;
      return v;
    }
    const ne = new Entry(k, v);
    const h = this.hashOf(k);
    const b = this.buckets.get(h);
    if (b) b.push(ne);
    else this.buckets.set(h, [ne]);
    this.map.set(ne, ne);
    return v;
  }

  remove(k: L): void {
    const dk = this.directKey(k);
    if (dk !== undefined) {
      this.map.delete(dk);
      return;
    }
    const e = this.findEntry(k);
    if (!e) return;
    const h = this.hashOf(k);
    const b = this.buckets.get(h)!;
    b.splice(b.indexOf(e), 1);
    if (b.length === 0) this.buckets.delete(h);
    this.map.delete(e);
  }

  clear(): void {
    this.map.clear();
    this.buckets.clear();
    this.floatKeys = null;
  }

  /** Entries in insertion order. Safe against removal of entries during iteration (maphash may remhash). */
  *entries(): IterableIterator<[L, L]> {
    for (const [k, v] of [...this.map]) {
      if (!this.map.has(k)) continue;
      if (v instanceof Entry && k === v) yield [v.key, v.value];
      else if (typeof k === "string" && this.floatKeys?.has(k)) yield [this.floatKeys.get(k)!, this.map.get(k) as L];
      else yield [k as L, this.map.get(k) as L];
    }
  }

  copy(): LispHashTable {
    const h = new LispHashTable(this.test, this.custom, this.weakness, this.sizeHint);
    for (const [k, v] of this.entries()) h.put(k, v);
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


