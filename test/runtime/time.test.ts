// Time: the local zone follows TZ (also when set with setenv), current
// times have Emacs's shapes, and sleep-for blocks as in batch Emacs.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { Lisp, L } from "../../src/index.js";

let lisp: Lisp;
const ev = (src: string): L => lisp.evalString(src, { lexical: true });
const pr = (x: L): string => lisp.print(x);
let savedTz: string | undefined;

beforeAll(() => {
  lisp = new Lisp();
  savedTz = process.env.TZ;
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe("local time", () => {
  it("follows (setenv \"TZ\" ...) for decode-time and format-time-string", () => {
    ev(`(setenv "TZ" "Asia/Tokyo")`);
    expect(pr(ev("(decode-time 0)"))).toBe("(0 0 9 1 1 1970 4 nil 32400)");
    expect(ev(`(format-time-string "%H:%M %Z %z" 0)`)).toBe("09:00 JST +0900");
    ev(`(setenv "TZ" "America/New_York")`);
    expect(pr(ev("(decode-time 1690000000)"))).toBe("(40 26 0 22 7 2023 6 t -14400)");
    expect(pr(ev("(current-time-zone 1700000000)"))).toBe(`(-18000 "EST")`);
    ev(`(setenv "TZ" "UTC0")`);
    expect(ev(`(format-time-string "%F %T" 86400)`)).toBe("1970-01-02 00:00:00");
    expect(pr(ev(`(encode-time '(0 0 0 2 1 1970 nil -1 nil))`))).toBe("(1 20864)");
  });

  it("gives current times in Emacs's shapes", () => {
    expect(pr(ev("(let ((tm (current-time))) (list (length tm) (integerp (car tm))))"))).toBe("(4 t)");
    expect(ev("(floatp (float-time))")).toBe(lisp.intern("t"));
    expect(ev("(time-less-p (time-subtract nil 10) nil)")).toBe(lisp.intern("t"));
  });

  it("blocks in sleep-for", () => {
    const start = process.hrtime.bigint();
    ev("(sleep-for 0.05)");
    expect(Number(process.hrtime.bigint() - start) / 1e6).toBeGreaterThanOrEqual(45);
  });
});
