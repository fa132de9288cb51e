// The `lexical-binding` file-local cookie, found as Emacs 28 finds it
// (lread.c lisp_file_lexically_bound_p): the first line must be a comment
// (after an optional `#!` line) holding -*- ... -*- with `lexical-binding: VAL`;
// any VAL but `nil` turns lexical binding on.

export function hasLexicalCookie(text: string): boolean {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte order mark
  const n = text.length;
  if (text.charCodeAt(i) === 35 /* # */) {
    if (text.charCodeAt(i + 1) !== 33 /* ! */) return false;
    const nl = text.indexOf("\n", i);
    if (nl < 0) return false;
    i = nl + 1;
  }
  if (text.charCodeAt(i) !== 59 /* ; */) return false;
  i++;
  let lineEnd = text.indexOf("\n", i);
  if (lineEnd < 0) lineEnd = n;

  // Find the opening -*-.
  let state = 0; // 0 nominal, 1 after "-", 2 after "-*"
  let inVars = false;
  const step = (c: number) => {
    if (state === 0) state = c === 45 ? 1 : 0;
    else if (state === 1) state = c === 42 ? 2 : 0;
    else {
      if (c === 45) inVars = !inVars;
      state = 0;
    }
  };
  while (!inVars && i < lineEnd) step(text.charCodeAt(i++));

  while (inVars) {
    // Variable name, up to a colon.
    while (i < lineEnd && (text[i] === " " || text[i] === "\t")) i++;
    let name = "";
    state = 0;
    while (i < lineEnd && text[i] !== ":" && inVars) {
      name += text[i];
      step(text.charCodeAt(i++));
    }
    if (!inVars || i >= lineEnd) break;
    name = name.replace(/[ \t]+$/, "");
    i++; // the colon
    while (i < lineEnd && (text[i] === " " || text[i] === "\t")) i++;
    let value = "";
    state = 0;
    while (i < lineEnd && text[i] !== ";" && inVars) {
      value += text[i];
      step(text.charCodeAt(i++));
    }
    if (!inVars) value = value.slice(0, -3); // the value ran into the closing -*-
    else if (i < lineEnd) i++; // the semicolon
    value = value.replace(/[ \t]+$/, "");
    if (name === "lexical-binding") return value !== "nil";
  }
  return false;
}
