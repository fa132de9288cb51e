// The tokenizer: a chevrotain lexer over Emacs Lisp's read syntax.
// Whitespace is every character up to SPC plus NO-BREAK SPACE (as in lread.c);
// strings and character literals are scanned by custom matchers that apply
// Emacs's escape rules, because an escape decides where the literal ends
// ("\C-" swallows the quote that follows it).
// chevrotain's package entry loads hundreds of small lodash-es modules, which
// costs more start-up time than everything else together; it also ships the
// same code as one file, lib/chevrotain.mjs, and the bundles (scripts/bundle.mjs) and
// the tests (vitest.config.ts) resolve "chevrotain" to that file.
import { createToken, Lexer } from "chevrotain";
import type { IToken, TokenType, CustomPatternMatcherReturn } from "chevrotain";
import { scanChar, scanString, type ScannedChar, type ScannedString } from "./escapes.js";

/** Token kinds, as small integers for the parser's switch. */
export const enum K {
  LParen = 1,
  RParen,
  LBracket,
  RBracket,
  Quote,
  Backquote,
  Comma,
  CommaAt,
  String,
  Char,
  Atom,
  Dot,
  HashQuote, // #'
  HashParen, // #(  string with text properties
  HashBracket, // #[  byte-code object
  HashS, // #s(
  HashAmp, // #&   bool vector
  HashSkipToEnd, // #@00
  HashDollar, // #$
  HashColon, // #:name  uninterned symbol
  HashUnderscore, // #_name  symbol without shorthand
  HashHash, // ##   the empty-named symbol
  Radix, // #x1F #o17 #b101 #24r1k
  Label, // #1=
  LabelRef, // #1#
  HashCaret, // #^[ #^^[  char tables
  HashBad, // any other #
  Skip, // #@NN ... \037  a skipped dynamic docstring (ignored by the parser)
}

// Symbol constituents: everything but whitespace, NBSP and "';()[]#`, (backslash escapes any character).
const SYM = String.raw`[^\x00-\x20\xa0"';()\[\]#\x60,\\]`;
const ESC = String.raw`\\[\s\S]?`; // a lone backslash can only be at the end of input

/** Every UTF-16 code unit that can begin an atom. */
function atomStartChars(): number[] {
  const excluded = new Set<number>([0xa0]);
  for (let c = 0; c <= 32; c++) excluded.add(c);
  for (const ch of "\"';()[]#`,?") excluded.add(ch.charCodeAt(0));
  const out: number[] = [];
  for (let c = 0; c < 256; c++) if (!excluded.has(c)) out.push(c);
  // Every character from 256 up starts an atom. Chevrotain files those in
  // buckets of a few hundred codes each, so one code per 128 names them all
  // while keeping its start-up work small (listing all 65,280 took 10 ms).
  for (let c = 256; c < 0x10000; c += 128) out.push(c);
  out.push(0xffff);
  return out;
}

function matcher(fn: (text: string, offset: number) => CustomPatternMatcherReturn | null) {
  return { exec: fn };
}

function result(image: string, payload?: unknown): CustomPatternMatcherReturn {
  const r = [image] as CustomPatternMatcherReturn;
  if (payload !== undefined) r.payload = payload;
  return r;
}

// Note on `end`: matchers are also given the text of a substring read
// (read-from-string with END), which chevrotain passes whole.
const matchString = matcher((text, offset) => {
  if (text.charCodeAt(offset) !== 34) return null;
  const s = scanString(text, offset, text.length);
  return result(text.slice(offset, s.end), s);
});

const matchChar = matcher((text, offset) => {
  if (text.charCodeAt(offset) !== 63) return null;
  const c = scanChar(text, offset, text.length);
  return result(text.slice(offset, c.end), c);
});

/** `.` followed by whitespace, end of input or one of "';([#?`, is the dot of dotted pair syntax. */
const matchDot = matcher((text, offset) => {
  if (text.charCodeAt(offset) !== 46) return null;
  if (offset + 1 >= text.length) return result(".");
  const c = text.charCodeAt(offset + 1);
  if (c <= 32) return result(".");
  switch (c) {
    case 34: // "
    case 39: // '
    case 59: // ;
    case 40: // (
    case 91: // [
    case 35: // #
    case 63: // ?
    case 96: // `
    case 44: // ,
      return result(".");
  }
  return null;
});

/** `#@00` skips to the end of the input and reads as nil. */
const matchSkipToEnd = matcher((text, offset) => {
  if (!text.startsWith("#@00", offset)) return null;
  const c = text.charCodeAt(offset + 4);
  if (c >= 48 && c <= 57) return null;
  return result(text.slice(offset));
});

/**
 * `#@NN` skips a dynamic docstring. Reading from anything but a file, Emacs
 * skips up to and including the next \037 (the byte count is for files).
 */
const matchSkip = matcher((text, offset) => {
  if (text.charCodeAt(offset) !== 35 || text.charCodeAt(offset + 1) !== 64 /* @ */) return null;
  let i = offset + 2;
  let n = 0;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) {
    n = n * 10 + text.charCodeAt(i) - 48;
    i++;
  }
  if (n > 0 && i < text.length) i++; // the character after the count belongs to the skipped text
  const us = text.indexOf("\x1f", i);
  return result(text.slice(offset, us < 0 ? text.length : us + 1));
});

const tok = (name: string, pattern: RegExp | string | ReturnType<typeof matcher>, extra: object = {}) =>
  createToken({ name, pattern: pattern as RegExp, ...extra });

const WhiteSpace = tok("WhiteSpace", /[\x00-\x20\xa0]+/, { group: Lexer.SKIPPED, line_breaks: true });
const Comment = tok("Comment", /;[^\n]*/, { group: Lexer.SKIPPED });
const Shebang = tok("Shebang", /#![^\n]*/, { group: Lexer.SKIPPED });

const kinds: [TokenType, K][] = [];
const def = (kind: K, name: string, pattern: RegExp | string | ReturnType<typeof matcher>, extra: object = {}) => {
  const t = tok(name, pattern, extra);
  kinds.push([t, kind]);
  return t;
};

const tokenTypes: TokenType[] = [
  WhiteSpace,
  Comment,
  def(K.LParen, "LParen", "("),
  def(K.RParen, "RParen", ")"),
  def(K.LBracket, "LBracket", "["),
  def(K.RBracket, "RBracket", "]"),
  def(K.Quote, "Quote", "'"),
  def(K.Backquote, "Backquote", "`"),
  def(K.CommaAt, "CommaAt", ",@"),
  def(K.Comma, "Comma", ","),
  def(K.String, "String", matchString, { start_chars_hint: ['"'], line_breaks: true }),
  def(K.Char, "Char", matchChar, { start_chars_hint: ["?"], line_breaks: true }),
  def(K.HashQuote, "HashQuote", "#'"),
  def(K.HashParen, "HashParen", "#("),
  def(K.HashBracket, "HashBracket", "#["),
  def(K.HashS, "HashS", "#s("),
  def(K.HashAmp, "HashAmp", "#&"),
  def(K.HashSkipToEnd, "HashSkipToEnd", matchSkipToEnd, { start_chars_hint: ["#"], line_breaks: true }),
  def(K.Skip, "Skip", matchSkip, { start_chars_hint: ["#"], line_breaks: true }),
  def(K.HashDollar, "HashDollar", "#$"),
  def(K.HashColon, "HashColon", new RegExp(`#:(?:${SYM}|${ESC})*`), { line_breaks: true }),
  def(K.HashUnderscore, "HashUnderscore", new RegExp(`#_(?:${SYM}|${ESC})*`), { line_breaks: true }),
  def(K.HashHash, "HashHash", "##"),
  def(K.Radix, "Radix", /#(?:[xXoObB]|[0-9]+[rR])[+-]?[0-9a-zA-Z]*/),
  def(K.Label, "Label", /#[0-9]+=/),
  def(K.LabelRef, "LabelRef", /#[0-9]+#/),
  Shebang,
  def(K.HashCaret, "HashCaret", /#\^\^?\[/),
  def(K.HashBad, "HashBad", "#"),
  def(K.Dot, "Dot", matchDot, { start_chars_hint: ["."] }),
  // An atom: a symbol or a number. `?` cannot start one (it starts a character).
  def(
    K.Atom,
    "Atom",
    new RegExp(`(?:[^\\x00-\\x20\\xa0"';()\\[\\]#\\x60,?\\\\]|${ESC})${SYM}*(?:(?:${ESC})${SYM}*)*`),
    // chevrotain cannot work out the first characters of a complement set itself.
    { line_breaks: true, start_chars_hint: atomStartChars() },
  ),
];

/** Token kind (K) by chevrotain's tokenTypeIdx. */
export const kindByIdx: number[] = [];
for (const [t, k] of kinds) kindByIdx[t.tokenTypeIdx!] = k;

let lexer: Lexer | null = null;

function getLexer(): Lexer {
  if (!lexer) {
    lexer = new Lexer(tokenTypes, {
      positionTracking: "onlyOffset",
      ensureOptimizations: true,
      // Validation (which also checks that the first-character optimization
      // applies) costs start-up time; run it in the tests.
      skipValidations: process.env.ELNODE_VALIDATE_LEXER !== "1",
    });
  }
  return lexer;
}

export type Token = IToken & { payload?: ScannedString | ScannedChar };

export interface LexResult {
  tokens: Token[];
  /** Offsets where no token matched (cannot happen with this token set, kept for safety). */
  errorOffsets: number[];
}

export function tokenize(text: string): LexResult {
  const r = getLexer().tokenize(text);
  return { tokens: r.tokens as Token[], errorOffsets: r.errors.map((e) => e.offset) };
}
