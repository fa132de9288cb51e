// buffer.c: creating, naming, selecting and killing buffers, buffer-local
// variables; the state-saving special forms (save-excursion,
// save-current-buffer, save-restriction); and the buffer macros of subr.el
// (with-current-buffer, with-temp-buffer, with-output-to-string, setq-local,
// defvar-local). Buffers also serve as streams for `print` and `read`.
import { L, NIL, T, Sym, Cons, UNBOUND, list, arrayToList, listToArray, bool, makeSymbol } from "../types.js";
import { intern, Q } from "../symbols.js";
import { signal, error, wrongType, voidVariable, settingConstant } from "../errors.js";
import { defsubr } from "../subr.js";
import { funcall, symbolValue } from "../eval.js";
import { bufferForms, defmacroTS } from "../compile/index.js";
import {
  Buffer, Marker, allBuffers, currentBuffer, setCurrentBuffer, findBuffer, makeBuffer, killBufferState,
  bufferLocalValue, makeLocal, isPermanentLocal,
} from "../buffer.js";
import { registerOutputStream } from "../output.js";
import { addReadStreamHandler } from "./lread-read.js";
import { readFromBufferText } from "../reader/index.js";
import { decodeBuffer } from "./marker.js";

function checkBuffer(x: L): Buffer {
  if (!(x instanceof Buffer)) wrongType("bufferp", x);
  return x;
}

function checkSymbol(x: L): Sym {
  if (!(x instanceof Sym)) wrongType("symbolp", x);
  return x;
}

/** BUFFER-OR-NAME as an existing buffer (Emacs's get-buffer); undefined when there is none by that name. */
export function getBuffer(x: L): Buffer | undefined {
  if (x instanceof Buffer) return x;
  if (typeof x !== "string") wrongType("stringp", x);
  return findBuffer(x);
}

export function getBufferCreate(x: L): Buffer {
  const b = getBuffer(x);
  if (b) return b;
  const name = x as string;
  if (name.length === 0) error("Empty string for buffer name is not allowed");
  return makeBuffer(name);
}

let spaceCounter = 0;
export function generateNewBufferName(name: string, ignore: L = NIL): string {
  if (!findBuffer(name) || (typeof ignore === "string" && ignore === name)) return name;
  if (name.startsWith(" ")) {
    for (;;) {
      const candidate = `${name}-${++spaceCounter}`;
      if (!findBuffer(candidate)) return candidate;
    }
  }
  for (let n = 2; ; n++) {
    const candidate = `${name}<${n}>`;
    if ((typeof ignore === "string" && ignore === candidate) || !findBuffer(candidate)) return candidate;
  }
}

/** The buffer a set-buffer argument names (error when there is no such live buffer). */
function bufferForSet(x: L): Buffer {
  const b = x instanceof Buffer ? x : getBuffer(x);
  if (!b) error(`No buffer named ${x as string}`);
  if (!b.live) error("Selecting deleted buffer");
  return b;
}

defsubr("bufferp", (x: L) => bool(x instanceof Buffer));
defsubr("buffer-live-p", (x: L) => bool(x instanceof Buffer && x.live));
defsubr("current-buffer", () => currentBuffer(), { max: 0 });
defsubr("set-buffer", (x: L) => {
  const b = bufferForSet(x);
  setCurrentBuffer(b);
  return b;
});
defsubr("get-buffer", (x: L) => getBuffer(x) ?? NIL);
defsubr("get-buffer-create", (x: L, _inhibit: L) => getBufferCreate(x), { min: 1, max: 2 });
defsubr("generate-new-buffer-name", (name: string, ignore: L) => generateNewBufferName(name, ignore), {
  min: 1, max: 2, types: ["string", null],
});
defsubr("generate-new-buffer", (name: string, _inhibit: L) => getBufferCreate(generateNewBufferName(name)), {
  min: 1, max: 2, types: ["string", null],
});
defsubr("buffer-name", (b: L) => {
  const buf = b === NIL ? currentBuffer() : checkBuffer(b);
  return buf.name ?? NIL;
}, { min: 0, max: 1 });
defsubr("buffer-list", (_frame: L) => arrayToList(allBuffers.filter((b) => b.live)), { min: 0, max: 1 });
defsubr("buffer-base-buffer", (_b: L) => NIL, { min: 0, max: 1 });
defsubr("get-file-buffer", (filename: L) => {
  if (typeof filename !== "string") wrongType("stringp", filename);
  const sym = intern("buffer-file-name");
  for (const b of allBuffers) if (b.live && bufferLocalValue(sym, b) === filename) return b;
  return NIL;
});
defsubr("rename-buffer", (newname: L, unique: L) => {
  if (typeof newname !== "string") wrongType("stringp", newname);
  if (newname.length === 0) error("Empty string is invalid as a buffer name");
  const b = currentBuffer();
  let name = newname;
  const other = findBuffer(name);
  if (other && other !== b) {
    if (unique === NIL) error(`Buffer name \u2018${name}\u2019 is in use`);
    name = generateNewBufferName(name);
  }
  b.name = name;
  return name;
}, { min: 1, max: 2 });
defsubr("other-buffer", (buffer: L) => {
  for (const b of allBuffers) if (b.live && b !== buffer && !b.name!.startsWith(" ")) return b;
  return getBufferCreate("*scratch*");
}, { min: 0, max: 3 });
defsubr("bury-buffer", (buffer: L) => {
  const b = buffer === NIL ? currentBuffer() : decodeBuffer(buffer);
  const i = allBuffers.indexOf(b);
  if (i >= 0) {
    allBuffers.splice(i, 1);
    allBuffers.push(b);
  }
  return NIL;
}, { min: 0, max: 1 });

function runHookWith(b: Buffer, hook: string, untilFailure: boolean): boolean {
  const sym = intern(hook);
  const v = bufferLocalValue(sym, b);
  if (v === UNBOUND || v === NIL) return true;
  const fns = v instanceof Cons && v.car !== Q.lambda ? listToArray(v) : [v];
  const old = currentBuffer();
  setCurrentBuffer(b);
  try {
    for (const f of fns) {
      if (f === T) {
        const g = sym.value;
        if (g !== UNBOUND && g !== NIL) for (const gf of g instanceof Cons ? listToArray(g) : [g]) {
          const r = funcall(gf, []);
          if (untilFailure && r === NIL) return false;
        }
        continue;
      }
      const r = funcall(f, []);
      if (untilFailure && r === NIL) return false;
    }
  } finally {
    if (old.live) setCurrentBuffer(old);
  }
  return true;
}

export function killBuffer(x: L): L {
  let b: Buffer | undefined;
  if (x === NIL) b = currentBuffer();
  else if (x instanceof Buffer) b = x;
  else {
    b = getBuffer(x);
    if (!b) error(`No buffer named ${x as string}`);
  }
  if (!b.live) return NIL;
  if (!runHookWith(b, "kill-buffer-query-functions", true)) return NIL;
  runHookWith(b, "kill-buffer-hook", false);
  if (!b.live) return NIL;
  killBufferState(b);
  return T;
}
defsubr("kill-buffer", killBuffer, { min: 0, max: 1 });

defsubr("buffer-modified-p", (b: L) => bool((b === NIL ? currentBuffer() : checkBuffer(b)).modified), { min: 0, max: 1 });
defsubr("set-buffer-modified-p", (flag: L) => {
  currentBuffer().modified = flag !== NIL;
  return flag;
});
defsubr("restore-buffer-modified-p", (flag: L) => {
  currentBuffer().modified = flag !== NIL;
  return flag;
});
defsubr("buffer-modified-tick", (b: L) => (b === NIL ? currentBuffer() : checkBuffer(b)).modiff, { min: 0, max: 1 });
defsubr("buffer-chars-modified-tick", (b: L) => (b === NIL ? currentBuffer() : checkBuffer(b)).charsModiff, { min: 0, max: 1 });
defsubr("buffer-size", (b: L) => (b === NIL ? currentBuffer() : checkBuffer(b)).z - 1, { min: 0, max: 1 });
defsubr("erase-buffer", () => {
  const b = currentBuffer();
  b.begv = 1;
  b.zv = b.z;
  b.delete(1, b.z);
  return NIL;
}, { max: 0 });
defsubr("buffer-enable-undo", (b: L) => {
  const buf = b === NIL ? currentBuffer() : decodeBuffer(b);
  if (buf.locals.get(intern("buffer-undo-list")) === T) buf.locals.set(intern("buffer-undo-list"), NIL);
  return NIL;
}, { min: 0, max: 1 });
defsubr("buffer-disable-undo", (b: L) => {
  const buf = b === NIL ? currentBuffer() : decodeBuffer(b);
  buf.locals.set(intern("buffer-undo-list"), T);
  return NIL;
}, { min: 0, max: 1 });
defsubr("barf-if-buffer-read-only", (_pos: L) => {
  currentBuffer().checkWritable();
  return NIL;
}, { min: 0, max: 1 });
defsubr("set-buffer-multibyte", (flag: L) => flag);
defsubr("buffer-file-name", (b: L) => bufferLocalValue(intern("buffer-file-name"), b === NIL ? currentBuffer() : checkBuffer(b)) as L, {
  min: 0, max: 1,
});

// ---------------------------------------------------------------------------
// Buffer-local variables.

defsubr("make-local-variable", (v: L) => {
  const sym = checkSymbol(v);
  if (sym.constant) settingConstant(sym);
  makeLocal(sym, currentBuffer());
  return sym;
});
defsubr("make-variable-buffer-local", (v: L) => {
  const sym = checkSymbol(v);
  if (sym.constant) settingConstant(sym);
  if (sym.value === UNBOUND) sym.value = NIL;
  sym.autoLocal = true;
  return sym;
});
defsubr("buffer-local-value", (v: L, b: L) => {
  const sym = checkSymbol(v);
  const buf = checkBuffer(b);
  const val = bufferLocalValue(sym, buf);
  if (val === UNBOUND) voidVariable(sym);
  return val;
});
defsubr("local-variable-p", (v: L, b: L) => {
  const sym = checkSymbol(v);
  const buf = b === NIL ? currentBuffer() : checkBuffer(b);
  return bool(buf.locals.has(sym));
}, { min: 1, max: 2 });
defsubr("local-variable-if-set-p", (v: L, b: L) => {
  const sym = checkSymbol(v);
  const buf = b === NIL ? currentBuffer() : checkBuffer(b);
  return bool(sym.autoLocal || buf.locals.has(sym));
}, { min: 1, max: 2 });
defsubr("kill-local-variable", (v: L) => {
  const sym = checkSymbol(v);
  const b = currentBuffer();
  if (isPermanentLocal(sym)) b.locals.set(sym, NIL);
  else b.locals.delete(sym);
  return sym;
});
defsubr("kill-all-local-variables", (_killPermanent: L) => {
  const b = currentBuffer();
  runHookWith(b, "change-major-mode-hook", false);
  const permanent = intern("permanent-local");
  for (const sym of [...b.locals.keys()]) {
    if (isPermanentLocal(sym)) continue;
    if (funcall(intern("get"), [sym, permanent]) !== NIL) continue;
    b.locals.delete(sym);
  }
  b.locals.set(intern("major-mode"), intern("fundamental-mode"));
  b.locals.set(intern("mode-name"), "Fundamental");
  return NIL;
}, { min: 0, max: 1 });
defsubr("buffer-local-variables", (b: L) => {
  const buf = b === NIL ? currentBuffer() : checkBuffer(b);
  const out: L[] = [];
  for (const [sym, val] of buf.locals) out.push(val === UNBOUND ? sym : new Cons(sym, val));
  return arrayToList(out);
}, { min: 0, max: 1 });
defsubr("buffer-local-boundp", (v: L, b: L) => {
  const sym = checkSymbol(v);
  return bool(bufferLocalValue(sym, checkBuffer(b)) !== UNBOUND);
});

// ---------------------------------------------------------------------------
// save-excursion, save-current-buffer, save-restriction.

bufferForms.saveExcursion = (body: () => L): L => {
  const b = currentBuffer();
  const m = new Marker();
  m.set(b, b.pt);
  try {
    return body();
  } finally {
    if (b.live) {
      setCurrentBuffer(b);
      b.setPoint(m.charpos);
    }
    m.detach();
  }
};

bufferForms.saveCurrentBuffer = (body: () => L): L => {
  const b = currentBuffer();
  try {
    return body();
  } finally {
    if (b.live) setCurrentBuffer(b);
  }
};

bufferForms.saveRestriction = (body: () => L): L => {
  const b = currentBuffer();
  let beg: Marker | null = null;
  let end: Marker | null = null;
  if (b.narrowed) {
    beg = new Marker();
    beg.set(b, b.begv);
    end = new Marker();
    end.insertionType = true;
    end.set(b, b.zv);
  }
  try {
    return body();
  } finally {
    if (b.live) {
      if (beg && end) {
        const s = beg.charpos, e = Math.max(beg.charpos, end.charpos);
        b.begv = s;
        b.zv = e;
      } else {
        b.begv = 1;
        b.zv = b.z;
      }
      if (b.pt < b.begv) b.pt = b.begv;
      if (b.pt > b.zv) b.pt = b.zv;
    }
    beg?.detach();
    end?.detach();
  }
};

// ---------------------------------------------------------------------------
// Macros (subr.el).

const S = {
  let: intern("let"),
  progn: intern("progn"),
  set: intern("set"),
  setBuffer: intern("set-buffer"),
  saveCurrentBuffer: intern("save-current-buffer"),
  withCurrentBuffer: intern("with-current-buffer"),
  unwindProtect: intern("unwind-protect"),
  and: intern("and"),
  bufferName: intern("buffer-name"),
  killBuffer: intern("kill-buffer"),
  generateNewBuffer: intern("generate-new-buffer"),
  makeLocalVariable: intern("make-local-variable"),
  makeVariableBufferLocal: intern("make-variable-buffer-local"),
  defvar: intern("defvar"),
  standardOutput: intern("standard-output"),
  bufferString: intern("buffer-string"),
};

defmacroTS("with-current-buffer", (args) => {
  if (args.length < 1) signal("wrong-number-of-arguments", list(S.withCurrentBuffer, args.length));
  return new Cons(S.saveCurrentBuffer, new Cons(list(S.setBuffer, args[0]), arrayToList(args.slice(1))));
}, 1);

defmacroTS("with-temp-buffer", (body) => {
  const tb = makeSymbol("temp-buffer");
  return list(
    S.let,
    list(list(tb, list(S.generateNewBuffer, " *temp*", T))),
    list(
      S.withCurrentBuffer,
      tb,
      list(
        S.unwindProtect,
        new Cons(S.progn, arrayToList(body)),
        list(S.and, list(S.bufferName, tb), list(S.killBuffer, tb)),
      ),
    ),
  );
});

defmacroTS("with-output-to-string", (body) =>
  list(
    S.let,
    list(list(S.standardOutput, list(S.generateNewBuffer, " *string-output*", T))),
    list(
      S.unwindProtect,
      list(
        S.progn,
        new Cons(S.let, new Cons(list(list(S.standardOutput, S.standardOutput)), arrayToList(body))),
        list(S.withCurrentBuffer, S.standardOutput, list(S.bufferString)),
      ),
      list(S.killBuffer, S.standardOutput),
    ),
  ),
);

defmacroTS("setq-local", (pairs) => {
  const forms: L[] = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const sym = pairs[i];
    if (!(sym instanceof Sym)) error(`Attempting to set a non-symbol: ${String((sym as Sym).name ?? sym)}`);
    forms.push(list(S.set, list(S.makeLocalVariable, list(Q.quote, sym)), i + 1 < pairs.length ? pairs[i + 1] : NIL));
  }
  if (forms.length === 1) return forms[0];
  return new Cons(S.progn, arrayToList(forms));
});

defmacroTS("defvar-local", (args) => {
  if (args.length < 2 || args.length > 3) signal("wrong-number-of-arguments", list(intern("defvar-local"), args.length));
  const [v, val, doc] = args;
  return list(S.progn, list(S.defvar, v, val, doc ?? NIL), list(S.makeVariableBufferLocal, list(Q.quote, v)));
}, 2);

// ---------------------------------------------------------------------------
// Buffers and markers as print and read streams.

function insertIntoStream(stream: L, text: string): void {
  if (stream instanceof Buffer) {
    if (!stream.live) error("Selecting deleted buffer");
    stream.insert(stream.pt, text, true);
    return;
  }
  const m = stream as Marker;
  if (!m.buffer || !m.buffer.live) error("Marker does not point anywhere");
  const b = m.buffer;
  const pos = m.charpos;
  const n = b.insert(pos, text, false);
  m.charpos = pos + n;
}

registerOutputStream(
  (x) => x instanceof Buffer || x instanceof Marker,
  insertIntoStream,
  (x) => {
    if (x instanceof Buffer) return x.pt === x.begv || x.charAt(x.pt - 1) === 10;
    const m = x as Marker;
    if (!m.buffer) return true;
    return m.charpos === 1 || m.buffer.charAt(m.charpos - 1) === 10;
  },
);

/** Read one object from B starting at POS; returns the object and the position after it. */
function readFromBuffer(b: Buffer, pos: number): { value: L; end: number } {
  if (!b.live) error("Reading from killed buffer");
  const text = b.fullText();
  try {
    const r = readFromBufferText(text, pos - 1, b.zv - 1);
    return { value: r.value, end: r.end + 1 };
  } catch (e) {
    // Emacs leaves point at the end of what it consumed: the end of the text.
    if (e && typeof e === "object") (e as { bufferEnd?: number }).bufferEnd = b.zv;
    throw e;
  }
}

addReadStreamHandler((stream: L): L | undefined => {
  if (stream instanceof Buffer) {
    try {
      const r = readFromBuffer(stream, stream.pt);
      stream.setPoint(r.end);
      return r.value;
    } catch (e) {
      const end = (e as { bufferEnd?: number }).bufferEnd;
      if (end !== undefined) stream.setPoint(end);
      throw e;
    }
  }
  if (stream instanceof Marker) {
    const b = stream.buffer;
    if (!b) error("Marker does not point anywhere");
    try {
      const r = readFromBuffer(b, stream.charpos);
      stream.charpos = r.end;
      return r.value;
    } catch (e) {
      const end = (e as { bufferEnd?: number }).bufferEnd;
      if (end !== undefined) stream.charpos = end;
      throw e;
    }
  }
  return undefined;
});

export { symbolValue, settingConstant };
