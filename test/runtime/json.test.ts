// JSON: malformed input signals Emacs's errors with their data; values
// round-trip through both APIs.
import { describe, it, expect, beforeAll } from "vitest";
import { Lisp, L } from "../../src/index.js";
import { signalOf } from "./helpers.js";

let lisp: Lisp;
const ev = (src: string): L => lisp.evalString(src, { lexical: true });
const pr = (x: L): string => lisp.print(x);
const err = (src: string): string => signalOf(() => ev(src));

beforeAll(() => {
  lisp = new Lisp();
  ev("(require 'json)");
});

describe("malformed JSON", () => {
  it("signals Jansson's errors from json-parse-string", () => {
    expect(err(`(json-parse-string "{\\"a\\": }")`)).toBe(`(json-parse-error "unexpected token near '}'" "<string>" 1 7 7)`);
    expect(err(`(json-parse-string "[1, 2")`)).toBe(`(json-end-of-file "']' expected near end of file" "<string>" 1 5 5)`);
    expect(err(`(json-parse-string "[1] [2]")`)).toBe(`(json-trailing-content "end of file expected near '['" "<string>" 1 5 5)`);
    expect(err(`(json-parse-string "\\"\\\\q\\"")`)).toBe(`(json-parse-error "invalid escape near '\\"\\\\q'" "<string>" 1 3 3)`);
  });

  it("signals json.el's errors from json-read-from-string", () => {
    expect(err(`(json-read-from-string "[1 2]")`)).toBe(`(json-array-format "," 50)`);
    expect(err(`(json-read-from-string "{\\"a\\" 1}")`)).toBe(`(json-object-format ":" 49)`);
    expect(err(`(json-read-from-string "nope")`)).toBe(`(json-unknown-keyword "nope")`);
    expect(err(`(json-read-from-string "xyz")`)).toBe("(json-readtable-error 120)");
    expect(err(`(json-read-from-string "")`)).toBe("(json-end-of-file)");
  });

  it("lets handlers catch both APIs' errors as json-error", () => {
    expect(ev(`(condition-case nil (json-parse-string "{") (json-error 'caught))`)).toBe(lisp.intern("caught"));
    expect(ev(`(condition-case nil (json-read-from-string "[") (json-error 'caught))`)).toBe(lisp.intern("caught"));
  });

  it("refuses values JSON cannot represent", () => {
    expect(err(`(json-serialize (list 1 2))`)).toBe("(wrong-type-argument symbolp 1)");
    expect(err(`(json-serialize 'foo)`)).toBe("(wrong-type-argument json-value-p foo)");
    expect(err(`(json-encode (make-marker))`)).toContain("json-error");
  });
});

describe("round trips", () => {
  it("parses what it serialises", () => {
    const src = `{"name":"élan","n":[1,2.5,-3],"ok":true,"no":false,"none":null,"nested":{"k":"v"}}`;
    expect(ev(`(json-serialize (json-parse-string ${JSON.stringify(src)}))`)).toBe(src);
    expect(ev(`(json-encode (json-read-from-string ${JSON.stringify(src)}))`)).toBe(src);
    expect(JSON.parse(ev(`(json-serialize (json-parse-string ${JSON.stringify(src)} :object-type 'plist))`) as string))
      .toEqual(JSON.parse(src));
  });

  it("reads from and writes to buffers", () => {
    expect(pr(ev(`(with-temp-buffer (insert "[1, {\\"a\\": 2}] rest") (goto-char (point-min))
                    (list (json-parse-buffer :object-type 'alist) (point)))`))).toBe("([1 ((a . 2))] 14)");
    expect(ev(`(with-temp-buffer (json-insert '(:a [1 "x"])) (buffer-string))`)).toBe(`{"a":[1,"x"]}`);
  });
});
