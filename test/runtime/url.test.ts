// URLs: the url structure through setf, and features for require.
import { describe, it, expect, beforeAll } from "vitest";
import { Lisp, L } from "../../src/index.js";

let lisp: Lisp;
const ev = (src: string): L => lisp.evalString(src, { lexical: true });
const pr = (x: L): string => lisp.print(x);

beforeAll(() => {
  lisp = new Lisp();
  ev("(require 'url-util)");
});

describe("url", () => {
  it("provides url-util and url-parse", () => {
    expect(pr(ev("(list (featurep 'url-util) (featurep 'url-parse))"))).toBe("(t t)");
  });

  it("parses into a record that prints like Emacs's cl-defstruct", () => {
    expect(pr(ev(`(url-generic-parse-url "http://u:p@Example.com:8080/a?b=1#c")`)))
      .toBe(`#s(url "http" "u" "p" "example.com" 8080 "/a?b=1" "c" nil t nil t t)`);
    expect(pr(ev(`(type-of (url-generic-parse-url "http://x"))`))).toBe("url");
  });

  it("changes slots with setf", () => {
    expect(ev(`(let ((u (url-generic-parse-url "http://x/p"))) (setf (url-host u) "y") (setf (url-port u) 81) (url-recreate-url u))`))
      .toBe("http://y:81/p");
  });

  it("round-trips query strings", () => {
    expect(ev(`(url-build-query-string (url-parse-query-string "a=1&b=x%20y"))`)).toBe("b=x%20y&a=1");
    expect(ev(`(url-hexify-string "été & co")`)).toBe("%C3%A9t%C3%A9%20%26%20co");
    expect(ev(`(decode-coding-string (url-unhex-string "%C3%A9t%C3%A9") 'utf-8)`)).toBe("été");
  });
});
