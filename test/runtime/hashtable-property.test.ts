// Property: a LispHashTable behaves like a plain model of Emacs 28's tables
// (numbered slots, a freed slot reused last freed first, maphash in slot
// order over the slots as they are while it walks) under random sequences of
// puthash, remhash, gethash, maphash (with remhash inside), clrhash and
// copy-hash-table, for eq, eql, equal and a custom test.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { L, LispFloat, NIL, arrayToList } from "../../src/runtime/types.js";
import { intern } from "../../src/runtime/symbols.js";
import { eql, equal } from "../../src/runtime/equal.js";
import { CustomTest, LispHashTable, Qeq, Qeql, Qequal } from "../../src/runtime/hashtable.js";

/** The model: a list of slots, searched linearly with the test's equality. */
class Model {
  slots: ({ k: L; v: L } | null)[] = [];
  free: number[] = [];
  constructor(readonly same: (a: L, b: L) => boolean) {}
  find(k: L): number {
    return this.slots.findIndex((e) => e !== null && this.same(e.k, k));
  }
  get(k: L): L | undefined {
    const i = this.find(k);
    return i < 0 ? undefined : this.slots[i]!.v;
  }
  put(k: L, v: L): void {
    const i = this.find(k);
    if (i >= 0) this.slots[i]!.v = v;
    else if (this.free.length > 0) this.slots[this.free.pop()!] = { k, v };
    else this.slots.push({ k, v });
  }
  remove(k: L): void {
    const i = this.find(k);
    if (i < 0) return;
    this.slots[i] = null;
    this.free.push(i);
  }
  clear(): void {
    this.slots = [];
    this.free = [];
  }
  count(): number {
    return this.slots.filter((e) => e !== null).length;
  }
  entries(): [L, L][] {
    return this.slots.filter((e) => e !== null).map((e) => [e!.k, e!.v]);
  }
  copy(): Model {
    const m = new Model(this.same);
    m.slots = this.slots.map((e) => (e === null ? null : { ...e }));
    m.free = this.free.slice();
    return m;
  }
}

// Key specs build a fresh key per use, so structural keys are equal but not eq.
type KeySpec =
  | { t: "int"; n: number }
  | { t: "float"; n: number }
  | { t: "big"; n: bigint }
  | { t: "str"; s: string }
  | { t: "sym"; s: string }
  | { t: "list"; items: number[] }
  | { t: "vec"; items: number[] };

function makeKey(spec: KeySpec): L {
  switch (spec.t) {
    case "int":
      return spec.n;
    case "float":
      return new LispFloat(spec.n);
    case "big":
      return spec.n;
    case "str":
      return spec.s;
    case "sym":
      return intern(spec.s);
    case "list":
      return arrayToList(spec.items);
    case "vec":
      return spec.items.slice();
  }
}

const smallInt = fc.integer({ min: -20, max: 60 });
const keySpec: fc.Arbitrary<KeySpec> = fc.oneof(
  { weight: 6, arbitrary: smallInt.map((n) => ({ t: "int" as const, n })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.integer({ min: 2 ** 31 - 3, max: 2 ** 31 + 3 }), fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.constantFrom(2 ** 40, -(2 ** 40), 2 ** 32, -(2 ** 31)))
      .map((n) => ({ t: "int" as const, n })),
  },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1.5, NaN, 2, Infinity).map((n) => ({ t: "float" as const, n })) },
  { weight: 1, arbitrary: fc.constantFrom(2n ** 70n, -(2n ** 64n)).map((n) => ({ t: "big" as const, n })) },
  { weight: 1, arbitrary: fc.constantFrom("a", "b", "", "ab", "é").map((s) => ({ t: "str" as const, s })) },
  { weight: 1, arbitrary: fc.constantFrom("x", "y", "nil-ish").map((s) => ({ t: "sym" as const, s })) },
  { weight: 2, arbitrary: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }).map((items) => ({ t: "list" as const, items })) },
  { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }).map((items) => ({ t: "vec" as const, items })) },
);

type Op =
  | { op: "put"; k: KeySpec; v: number }
  | { op: "get"; k: KeySpec }
  | { op: "rem"; k: KeySpec }
  | { op: "bulk"; base: number; n: number; step: number }
  | { op: "walkRemove"; mod: number }
  | { op: "walkAdd"; limit: number }
  | { op: "clear" }
  | { op: "copy" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant("put" as const), k: keySpec, v: fc.integer({ min: 0, max: 999 }) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant("get" as const), k: keySpec }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("rem" as const), k: keySpec }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("bulk" as const),
      base: fc.integer({ min: -50, max: 50 }),
      n: fc.integer({ min: 1, max: 150 }),
      step: fc.constantFrom(1, 2, 7, 1024, 2 ** 21),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("walkRemove" as const), mod: fc.integer({ min: 2, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("walkAdd" as const), limit: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: "clear" as const }) },
  { weight: 1, arbitrary: fc.constant({ op: "copy" as const }) },
);

/** Which keys a walk removes: fixnums divisible by MOD, and every other kind of key when MOD is 2. */
function walkPicks(k: L, mod: number): boolean {
  return typeof k === "number" ? k % mod === 0 : mod === 2;
}

interface Flavour {
  name: string;
  make: () => LispHashTable;
  same: (a: L, b: L) => boolean;
}

// A custom test comparing fixnums modulo 7 and everything else with equal.
const mod7: CustomTest = {
  name: intern("prop-mod7"),
  equal: (a, b) => (typeof a === "number" && typeof b === "number" ? (((a % 7) + 7) % 7) === (((b % 7) + 7) % 7) : equal(a, b)),
  hash: (k) => (typeof k === "number" ? ((k % 7) + 7) % 7 : 99),
};

const flavours: Flavour[] = [
  { name: "eq", make: () => new LispHashTable(Qeq), same: (a, b) => a === b },
  { name: "eql", make: () => new LispHashTable(Qeql), same: eql },
  { name: "equal", make: () => new LispHashTable(Qequal), same: (a, b) => equal(a, b) },
  { name: "custom", make: () => new LispHashTable(mod7.name, mod7), same: mod7.equal },
];

function run(fl: Flavour, ops: Op[]): void {
  let h = fl.make();
  let m = new Model(fl.same);
  const check = () => {
    expect(h.count).toBe(m.count());
    expect([...h.entries()]).toEqual(m.entries());
  };
  for (const o of ops) {
    switch (o.op) {
      case "put": {
        const k = makeKey(o.k);
        h.put(k, o.v);
        m.put(k, o.v);
        break;
      }
      case "get": {
        const k = makeKey(o.k);
        const want = m.get(k);
        expect(h.get(k, intern("absent"))).toBe(want === undefined ? intern("absent") : want);
        expect(h.has(k)).toBe(want !== undefined);
        break;
      }
      case "rem": {
        const k = makeKey(o.k);
        h.remove(k);
        m.remove(k);
        break;
      }
      case "bulk":
        for (let i = 0; i < o.n; i++) {
          const k = o.base + i * o.step;
          h.put(k, i);
          m.put(k, i);
        }
        break;
      case "walkRemove": {
        // remhash inside maphash, in the table and in the model alike.
        h.forEach((k) => {
          if (walkPicks(k, o.mod)) h.remove(k);
        });
        for (let i = 0; i < m.slots.length; i++) {
          const e = m.slots[i];
          if (e !== null && walkPicks(e.k, o.mod)) m.remove(e.k);
        }
        break;
      }
      case "walkAdd": {
        // puthash of new keys inside maphash: fresh slots are visited too.
        let added = 0;
        const seen: L[] = [];
        h.forEach((k) => {
          seen.push(k);
          if (added < o.limit) h.put(1000 + added++, NIL);
        });
        const want: L[] = [];
        let madd = 0;
        for (let i = 0; i < m.slots.length; i++) {
          const e = m.slots[i];
          if (e === null) continue;
          want.push(e.k);
          if (madd < o.limit) m.put(1000 + madd++, NIL);
        }
        expect(seen).toEqual(want);
        break;
      }
      case "clear":
        h.clear();
        m.clear();
        break;
      case "copy": {
        // Carry on with the copy; the original must not change with it.
        const before = [...h.entries()];
        const c = h.copy();
        c.put(intern("only-in-copy"), 1);
        expect([...h.entries()]).toEqual(before);
        c.remove(intern("only-in-copy"));
        h = c;
        m = m.copy();
        m.put(intern("only-in-copy"), 1);
        m.remove(intern("only-in-copy"));
        break;
      }
    }
    check();
  }
}

describe("hash tables against a model of Emacs's slots", () => {
  for (const fl of flavours) {
    it(`${fl.name}: random puthash/remhash/gethash/maphash/clrhash/copy sequences`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => run(fl, ops)),
        { numRuns: 300 },
      );
    });
  }

  it("a large fixnum table keeps slot order through removals and growth", () => {
    const h = new LispHashTable(Qeql);
    const m = new Model(eql);
    for (let i = 0; i < 4000; i++) {
      h.put(i * 3, i);
      m.put(i * 3, i);
    }
    for (let i = 0; i < 4000; i += 7) {
      h.remove(i * 3);
      m.remove(i * 3);
    }
    for (let i = 0; i < 1500; i++) {
      h.put(-i - 1, i);
      m.put(-i - 1, i);
    }
    expect(h.count).toBe(m.count());
    expect([...h.entries()]).toEqual(m.entries());
    for (let i = -2000; i < 12500; i += 13) expect(h.get(i, NIL)).toBe(m.get(i) ?? NIL);
  });
});
