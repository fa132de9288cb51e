// Inlined primitives, each with code of its own.
//
// V8 keeps type feedback per function literal (per closure-creation site):
// every closure made by one literal shares it. Had `+`, `<`, `car` and
// `memq` nodes all come from one generic literal, the call to the primitive
// inside it would see a dozen targets, go megamorphic and never be inlined,
// and a loop that ran fast once would slow down fourfold as soon as other code
// ran. So each primitive gets its own copy of the node code, made once with
// `new Function`, and each operand shape its own copy too: a lexical variable
// of the current frame is read as `f[i]`, a constant as a value, and only
// other operands cost a call to their node. Every generated source names what
// it is for in a comment: V8's eval cache hands back the same function for
// the same source text, feedback and all, so no two copies may read alike.
import { L, Sym, Subr, NIL, T } from "../types.js";
import { enterCall, exitCall, specbind, specpdlDepth, unbindTo } from "../eval.js";
import type { Node } from "./compiler.js";

/** How an operand is reached at run time. */
export type Operand = { kind: "slot"; index: number } | { kind: "const"; value: L } | { kind: "node"; node: Node };

/** The fast path of a primitive, as JS statements over its operands (named by OPERAND_NAMES); falls through when it does not apply. */
export interface FastPath {
  /** Unique per primitive: the cache key of its generated code. */
  name: string;
  /** Statements that `return` the result, or fall through to the slow path. */
  body: string;
  /** Values the body refers to by name (a helper, a class for instanceof). */
  env?: Record<string, unknown>;
}

/** False once the host has refused to make code from strings. */
let codeGeneration = true;

/**
 * new Function, or null where the host forbids making code from strings
 * (node --disallow-code-generation-from-strings, some embedders). Everything
 * in this file is an optimisation: without it the shared code runs.
 */
function generate(params: string[], source: string): Function | null {
  if (!codeGeneration) return null;
  try {
    return new Function(...params, source);
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    codeGeneration = false;
    return null;
  }
}

type Slow = (sym: Sym, args: L[]) => L;
type Maker = (ops: unknown[], sym: Sym, original: Subr, slow: Slow, env: unknown[], nil: L, t: L) => Node;
const makers = new Map<string, Maker>();

function operandCode(op: Operand, i: number): string {
  switch (op.kind) {
    case "slot":
      return `f[o${i}]`;
    case "const":
      return `o${i}`;
    case "node":
      return `o${i}(f)`;
  }
}

function operandValue(op: Operand): unknown {
  return op.kind === "slot" ? op.index : op.kind === "const" ? op.value : op.node;
}

/** The names generated code gives its operands (a FastPath body refers to them), at most four. */
export const OPERAND_NAMES = ["a", "b", "c", "d"];

/**
 * A node computing the primitive SYM (still bound to ORIGINAL) on OPERANDS:
 * FAST's body first, then, when it falls through or SYM was redefined,
 * SLOW with the evaluated arguments.
 */
export function specializedNode(
  fast: FastPath,
  operands: Operand[],
  sym: Sym,
  original: Subr,
  slow: Slow,
): Node | null {
  const envNames = Object.keys(fast.env ?? {});
  const key = `${fast.name}/${operands.map((o) => o.kind).join(",")}`;
  let maker = makers.get(key);
  if (maker === undefined) {
    const args = operands.map((_, i) => OPERAND_NAMES[i]);
    const source = [
      `const [${operands.map((_, i) => `o${i}`).join(", ")}] = ops;`,
      `const [${envNames.join(", ")}] = env;`,
      `return (f) => {`,
      ...operands.map((op, i) => `  const ${args[i]} = ${operandCode(op, i)};`),
      `  if (sym.fn === original) {`,
      `    ${fast.body}`,
      `  }`,
      `  return slow(sym, [${args.join(", ")}]);`,
      `}; // ${key}`,
    ].join("\n");
    const made = generate(["ops", "sym", "original", "slow", "env", "NIL", "T"], source);
    if (made === null) return null;
    maker = made as Maker;
    makers.set(key, maker);
  }
  return maker(operands.map(operandValue), sym, original, slow, envNames.map((n) => fast.env![n]), NIL, T);
}

// ---------------------------------------------------------------------------
// Hot loops. A `while` node's code is shared by every loop of the program, so
// V8 sees its test and body calls go to many targets. A loop that turns out
// to be hot gets a copy of the loop code of its own: a function literal that
// makes one closure, which V8 compiles with the test and body as known
// constants and inlines them. (The counter in the source makes each copy's
// text unique, see above.)

let copies = 0;

/** Iterations, over all its runs, after which a loop gets code of its own. */
export const HOT_LOOP_ITERATIONS = 2000;

export function ownLoop(test: Node, body: Node, poll: () => void): Node | null {
  const source = `return (f) => { while (test(f) !== NIL) { body(f); poll(); } return NIL; }; // loop ${++copies}`;
  return generate(["test", "body", "poll", "NIL"], source)?.(test, body, poll, NIL) ?? null;
}

// Hot functions, likewise: once a lambda expression's closures have been
// called often, its direct entries get code of their own. The copy is made
// per lambda expression, not per closure, so that a lambda made afresh for
// each request or each call of mapcar costs one copy, not one each.

/** Calls of one lambda expression's closures after which they get an entry of their own. */
export const HOT_CALLS = 2000;

/**
 * For a lambda of one to three required parameters PARAMS (each bound in the
 * frame where LEXICAL says so, else by specbind): a maker of direct entries,
 * one per captured frame.
 */
export function ownEntryMaker(body: Node, params: Sym[], lexical: boolean[]): ((captured: unknown) => (...args: L[]) => L) | null {
  const names = OPERAND_NAMES.slice(0, params.length);
  const frame = ["captured", ...names.filter((_, i) => lexical[i])].join(", ");
  const binds = names.map((n, i) => (lexical[i] ? "" : `specbind(s${i}, ${n}); `)).join("");
  const source = binds
    ? `return (captured) => (${names.join(", ")}) => { const depth = specpdlDepth(); enterCall(); try { ${binds}return body([${frame}]); } finally { exitCall(); unbindTo(depth); } }; // entry ${++copies}`
    : `return (captured) => (${names.join(", ")}) => { enterCall(); try { return body([${frame}]); } finally { exitCall(); } }; // entry ${++copies}`;
  const made = generate(["body", "enterCall", "exitCall", "specbind", "specpdlDepth", "unbindTo", "s0", "s1", "s2"], source);
  return made?.(body, enterCall, exitCall, specbind, specpdlDepth, unbindTo, params[0], params[1], params[2]) ?? null;
}
