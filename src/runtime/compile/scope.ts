// Compile-time view of lexical environments. Each Scope corresponds to one
// run-time Frame: an array whose slot 0 is the parent frame and whose slots
// 1..n hold the scope's variables.
import { Sym } from "../types.js";

export type Frame = any[];

export class Scope {
  /** Variables declared special only here ((defvar x) inside a body, or earlier in the file). */
  localSpecials: Sym[] | null = null;
  constructor(
    public readonly parent: Scope | null,
    public readonly vars: Sym[],
    /** lexical-binding mode of the code compiled in this scope. */
    public readonly lexical: boolean,
  ) {}

  /** Frames up and slot index of a lexical variable, or null when SYM is dynamic/global here. */
  resolve(sym: Sym): { depth: number; index: number } | null {
    let depth = 0;
    for (let s: Scope | null = this; s; s = s.parent) {
      const i = s.vars.lastIndexOf(sym);
      if (i >= 0) return { depth, index: i + 1 };
      if (s.localSpecials && s.localSpecials.includes(sym)) return null;
      depth++;
    }
    return null;
  }

  /** Should a new binding of SYM here be lexical? */
  bindsLexically(sym: Sym): boolean {
    if (!this.lexical || sym.special) return false;
    for (let s: Scope | null = this; s; s = s.parent) {
      if (s.localSpecials && s.localSpecials.includes(sym)) return false;
    }
    return true;
  }

  declareSpecial(sym: Sym): void {
    (this.localSpecials ??= []).push(sym);
  }
}
