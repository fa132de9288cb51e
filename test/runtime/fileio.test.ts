// Files: Emacs's error signals for bad input, and operations on real
// temporary directories.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Lisp, LispSignal, L, errorMessageString } from "../../src/index.js";
import { errnoSymbol, errnoText, expandFileName } from "../../src/runtime/builtins/fileio.js";

let lisp: Lisp;
let dir = "";
const ev = (src: string): L => lisp.evalString(src, { lexical: true });
const pr = (x: L): string => lisp.print(x);

function caught(src: string): LispSignal {
  try {
    ev(src);
  } catch (e) {
    if (e instanceof LispSignal) return e;
    throw e;
  }
  throw new Error("no error signalled");
}

beforeAll(() => {
  lisp = new Lisp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "elnode-fileio-"));
  ev(`(setq default-directory ${JSON.stringify(dir + "/")})`);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("file errors", () => {
  it("signals file-missing with Emacs's data for a missing file", () => {
    const e = caught(`(with-temp-buffer (insert-file-contents "missing.txt"))`);
    expect(pr(e.errorObject)).toBe(`(file-missing "Opening input file" "No such file or directory" "${dir}/missing.txt")`);
    expect(errorMessageString(e.errorObject)).toBe(`Opening input file: No such file or directory, ${dir}/missing.txt`);
    expect(pr(ev(`(condition-case err (insert-file-contents "missing.txt") (file-error (car err)))`))).toBe("file-missing");
  });

  it("signals file-error for a file that cannot be read as text (a directory)", () => {
    fs.mkdirSync(path.join(dir, "sub"));
    const e = caught(`(with-temp-buffer (insert-file-contents "sub"))`);
    expect(pr(e.errorObject)).toBe(`(file-error "Read error" "Is a directory" "${dir}/sub")`);
  });

  it("signals permission-denied for an unreadable file", () => {
    const f = path.join(dir, "secret");
    fs.writeFileSync(f, "x");
    fs.chmodSync(f, 0);
    let readable = true;
    try {
      fs.readFileSync(f);
    } catch {
      readable = false;
    }
    if (readable) {
      // Running as root: every file is readable; check the mapping itself.
      const err = Object.assign(new Error("EACCES: permission denied, open 'x'"), { code: "EACCES" });
      expect(errnoSymbol(err)).toBe("permission-denied");
      expect(errnoText(err)).toBe("Permission denied");
    } else {
      const e = caught(`(with-temp-buffer (insert-file-contents "secret"))`);
      expect(pr(e.errorObject)).toBe(`(permission-denied "Opening input file" "Permission denied" "${f}")`);
      expect(pr(ev(`(file-readable-p "secret")`))).toBe("nil");
    }
  });

  it("signals file-already-exists and file-error as Emacs does", () => {
    ev(`(write-region "a" nil "one")`);
    ev(`(write-region "b" nil "two")`);
    expect(pr(caught(`(rename-file "one" "two")`).errorObject)).toBe(`(file-already-exists "File already exists" "${dir}/two")`);
    expect(pr(caught(`(copy-file "one" "two")`).errorObject)).toBe(`(file-already-exists "File already exists" "${dir}/two")`);
    expect(pr(caught(`(make-directory "sub")`).errorObject)).toBe(`(file-already-exists "File exists" "${dir}/sub")`);
    expect(pr(caught(`(delete-file "sub")`).errorObject)).toBe(`(file-error "Removing old name: is a directory" "sub")`);
    expect(errnoSymbol(Object.assign(new Error("x"), { code: "ENOTEMPTY" }))).toBe("file-error");
  });

  it("checks argument types", () => {
    expect(pr(caught(`(file-exists-p 1)`).errorObject)).toBe("(wrong-type-argument stringp 1)");
    expect(pr(caught(`(expand-file-name nil)`).errorObject)).toBe("(wrong-type-argument stringp nil)");
    expect(pr(caught(`(directory-files "." nil 1)`).errorObject)).toBe("(wrong-type-argument stringp 1)");
  });
});

describe("reading and writing", () => {
  it("round-trips text through write-region and insert-file-contents", () => {
    ev(`(write-region "héllo\\nwörld\\n" nil "text")`);
    expect(fs.readFileSync(path.join(dir, "text"), "utf8")).toBe("héllo\nwörld\n");
    expect(ev(`(with-temp-buffer (insert-file-contents "text") (buffer-string))`)).toBe("héllo\nwörld\n");
    ev(`(write-region "more\\n" nil "text" t)`);
    expect(fs.readFileSync(path.join(dir, "text"), "utf8")).toBe("héllo\nwörld\nmore\n");
  });

  it("decodes CRLF files as Emacs's undecided-dos does", () => {
    fs.writeFileSync(path.join(dir, "dos"), "a\r\nb\r\n");
    expect(ev(`(with-temp-buffer (insert-file-contents "dos") (buffer-string))`)).toBe("a\nb\n");
    expect(ev(`(with-temp-buffer (insert-file-contents-literally "dos") (buffer-string))`)).toBe("a\r\nb\r\n");
  });

  it("writes the whole buffer for write-region nil, even when narrowed, and with-temp-file", () => {
    ev(`(with-temp-buffer (insert "0123456789") (narrow-to-region 3 5) (write-region nil nil "whole"))`);
    expect(fs.readFileSync(path.join(dir, "whole"), "utf8")).toBe("0123456789");
    ev(`(with-temp-file "wtf" (insert "from with-temp-file"))`);
    expect(fs.readFileSync(path.join(dir, "wtf"), "utf8")).toBe("from with-temp-file");
  });

  it("expands ~ and relative names against default-directory", () => {
    expect(expandFileName("a/../b", "/x/")).toBe("/x/b");
    expect(ev(`(expand-file-name "f")`)).toBe(`${dir}/f`);
    expect(ev(`(expand-file-name "~")`)).toBe(expandFileName("~"));
  });
});
