// marker.c: markers, and the position arguments (integers or markers) that
// buffer primitives take. Markers also count as numbers in arithmetic.
import { L, NIL, T, bool, LispFloat } from "../types.js";
import { signal, error, wrongType, argsOutOfRange } from "../errors.js";
import { defsubr } from "../subr.js";
import { Buffer, Marker, currentBuffer, findBuffer } from "../buffer.js";
import { markerValue } from "./arith.js";

markerValue.of = (x: L): number | null => {
  if (x instanceof Marker) {
    if (!x.buffer) error("Marker does not point anywhere");
    return x.charpos;
  }
  return null;
};

/** An integer-or-marker argument as a position (not yet clipped). */
export function fixPosition(x: L): number {
  if (typeof x === "number") return x;
  if (x instanceof Marker) {
    if (!x.buffer) error("Marker does not point anywhere");
    return x.charpos;
  }
  if (typeof x === "bigint") return x < 0n ? -Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  wrongType("integer-or-marker-p", x);
}

/** A buffer-or-name argument (nil: the current buffer), as a live or dead buffer. */
export function decodeBuffer(x: L): Buffer {
  if (x === NIL) return currentBuffer();
  if (x instanceof Buffer) return x;
  if (typeof x === "string") {
    const b = findBuffer(x);
    if (!b) error(`No buffer named ${x}`);
    return b;
  }
  wrongType("bufferp", x);
}

function checkMarker(x: L): Marker {
  if (!(x instanceof Marker)) wrongType("markerp", x);
  return x;
}

/** Set MARKER to POSITION in BUFFER (nil: current), as set-marker does. */
export function setMarker(m: Marker, position: L, buffer: L): Marker {
  if (position === NIL) {
    m.detach();
    return m;
  }
  let b: Buffer;
  if (buffer === NIL) b = currentBuffer();
  else if (buffer instanceof Buffer) b = buffer;
  else if (typeof buffer === "string") {
    const f = findBuffer(buffer);
    if (!f) error(`No buffer named ${buffer}`);
    b = f;
  } else wrongType("bufferp", buffer);
  if (!b.live) {
    m.detach();
    return m;
  }
  let pos: number;
  if (position instanceof Marker && position.buffer === b) pos = position.charpos;
  else if (position instanceof LispFloat) wrongType("integer-or-marker-p", position);
  else pos = fixPosition(position);
  // Markers are clipped to the whole buffer, not to the accessible portion.
  m.set(b, Math.max(1, Math.min(pos, b.z)));
  return m;
}

export function makeMarkerAt(b: Buffer, pos: number, insertionType = false): Marker {
  const m = new Marker();
  m.insertionType = insertionType;
  m.set(b, pos);
  return m;
}

defsubr("markerp", (x: L) => bool(x instanceof Marker));
defsubr("make-marker", () => new Marker(), { max: 0 });
defsubr("point-marker", () => makeMarkerAt(currentBuffer(), currentBuffer().pt), { max: 0 });
defsubr("point-min-marker", () => makeMarkerAt(currentBuffer(), currentBuffer().begv), { max: 0 });
defsubr("point-max-marker", () => makeMarkerAt(currentBuffer(), currentBuffer().zv), { max: 0 });
defsubr("marker-position", (m: L) => {
  const mk = checkMarker(m);
  return mk.buffer ? mk.charpos : NIL;
});
defsubr("marker-last-position", (m: L) => checkMarker(m).charpos);
defsubr("marker-buffer", (m: L) => {
  const mk = checkMarker(m);
  return mk.buffer && mk.buffer.live ? mk.buffer : NIL;
});
defsubr("marker-insertion-type", (m: L) => bool(checkMarker(m).insertionType));
defsubr("set-marker-insertion-type", (m: L, type: L) => {
  checkMarker(m).insertionType = type !== NIL;
  return type;
});
defsubr("set-marker", (m: L, position: L, buffer: L) => setMarker(checkMarker(m), position, buffer), { min: 2, max: 3 });
defsubr("move-marker", (m: L, position: L, buffer: L) => setMarker(checkMarker(m), position, buffer), { min: 2, max: 3 });
defsubr("copy-marker", (m: L, type: L) => {
  if (m === NIL) {
    const r = new Marker();
    r.insertionType = type !== NIL;
    return r;
  }
  if (!(m instanceof Marker) && typeof m !== "number" && typeof m !== "bigint") wrongType("integer-or-marker-p", m);
  const r = new Marker();
  r.insertionType = type !== NIL;
  if (m instanceof Marker) {
    if (m.buffer) r.set(m.buffer, m.charpos);
  } else setMarker(r, m, NIL);
  return r;
}, { min: 0, max: 2 });
defsubr("buffer-has-markers-at", (position: L) => {
  const b = currentBuffer();
  const p = fixPosition(position);
  for (const ref of b.markers) {
    const m = ref.deref();
    if (m && m.charpos === p) return T;
  }
  return NIL;
});
defsubr("mark-marker", () => currentBuffer().mark, { max: 0 });

export { signal, argsOutOfRange };
