// `format`, `format-message`, `message` and the print builtins, called
// through their Subrs. Expected values are GNU Emacs 28.2's.
import { describe, it, expect } from "vitest";
import { L, NIL, T, Cons, Subr, LispFloat, list, makeFloat } from "../../src/runtime/types.js";
import { intern } from "../../src/runtime/symbols.js";
import { LispSignal } from "../../src/runtime/errors.js";
import { prin1ToString } from "../../src/runtime/printer.js";
import { format, formatMessage, message, charWidth, stringWidth } from "../../src/runtime/builtins/format.js";
import "../../src/runtime/builtins/print.js";
import { captureOutput, registerOutputStream, terminal } from "../../src/runtime/output.js";
import { withVars, signalOf as err } from "./helpers.js";

function call(name: string, ...args: L[]): L {
  const subr = intern(name).fn;
  if (!(subr instanceof Subr)) throw new Error(`${name} is not a builtin`);
  if (subr.max < 0) return subr.fn(args);
  const full = args.slice();
  while (full.length < subr.max) full.push(NIL);
  return subr.fn(...full);
}

function fmt(f: string, ...args: L[]): L {
  return call("format", f, ...args);
}

const f = makeFloat;
const big = 2n ** 70n;

/** A Subr that collects the characters a stream function receives. */
function collector(): { fn: Subr; text: () => string; codes: number[] } {
  const codes: number[] = [];
  const fn = new Subr("collect", 1, 1, (c: L) => {
    codes.push(c as number);
    return NIL;
  });
  return { fn, codes, text: () => String.fromCodePoint(...codes) };
}

describe("format: strings and objects", () => {
  it("formats %s and %S", () => {
    expect(fmt("%s", "a\nb")).toBe("a\nb");
    expect(fmt("%S", "a\nb")).toBe('"a\nb"');
    expect(fmt("%s %S", intern("a b"), intern("a b"))).toBe("a b a\\ b");
    expect(fmt("%s", NIL)).toBe("nil");
    expect(fmt("%s", f(1.5))).toBe("1.5");
    expect(fmt("%s", big)).toBe("1180591620717411303424");
    expect(fmt("%s", [1, "a", intern("b")])).toBe("[1 a b]");
    expect(fmt("%s", new Cons(1, "a"))).toBe("(1 . a)");
    expect(fmt("%s", 97)).toBe("97");
    expect(fmt("no directives", 1, 2)).toBe("no directives");
    expect(fmt("%%%s%%", intern("a"))).toBe("%a%");
  });

  it("pads and truncates by display width", () => {
    expect(fmt("%5s|", "ab")).toBe("   ab|");
    expect(fmt("%-5s|", "ab")).toBe("ab   |");
    expect(fmt("%05s|", "ab")).toBe("   ab|");
    expect(fmt("%.1s|", "abc")).toBe("a|");
    expect(fmt("%5.1s|", "abc")).toBe("    a|");
    expect(fmt("%.s|", "abc")).toBe("|");
    expect(fmt("%.3s|", 12345)).toBe("123|");
    expect(fmt("%.3S|", "abcd")).toBe('"ab|');
    expect(fmt("%5s|", "中")).toBe("   中|");
    expect(fmt("%.1s|", "中文")).toBe("|");
    expect(fmt("%.3s|", "中文")).toBe("中|");
    expect(fmt("%5s|", "e\u0301")).toBe("    e\u0301|");
    expect(fmt("%.1s|", "e\u0301x")).toBe("e\u0301|");
    expect(fmt("%5s|", "\0")).toBe("   \0|");
    expect(fmt("%5s|", "\n")).toBe("     \n|");
    expect(fmt("%.3s|", "a\tb")).toBe("a|");
    expect(fmt("%5s|", "😀")).toBe("   😀|");
  });

  it("formats %c", () => {
    expect(fmt("%c", 97)).toBe("a");
    expect(fmt("%c", 233)).toBe("é");
    expect(fmt("%c", 128512)).toBe("😀");
    expect(fmt("%5c|", 97)).toBe("    a|");
    expect(fmt("%-5c|", 97)).toBe("a    |");
    expect(fmt("%05c|", 97)).toBe("    a|");
    expect(fmt("%.0c|", 97)).toBe("|");
    expect(fmt("%5c|", 0x4e2d)).toBe("   中|");
    expect(fmt("%.1c|", 0x4e2d)).toBe("|");
    expect(fmt("%5c|", 9)).toBe("    \t|");
    expect(fmt("%5c|", intern("abc"))).toBe("  abc|");
    expect(err(() => fmt("%c", "a"))).toBe('(error "Format specifier doesn\u2019t match argument type")');
    expect(err(() => fmt("%c", NIL))).toBe('(error "Format specifier doesn\u2019t match argument type")');
    expect(err(() => fmt("%c", f(1.5)))).toBe('(error "Format specifier doesn\u2019t match argument type")');
    expect(err(() => fmt("%c", big))).toBe('(error "Format specifier doesn\u2019t match argument type")');
    expect(err(() => fmt("%c", -1))).toBe("(wrong-type-argument characterp -1)");
  });

  it("takes arguments by field number", () => {
    expect(fmt("%1$s %1$s %2$s", intern("a"), intern("b"))).toBe("a a b");
    expect(fmt("%2$s %s", intern("a"), intern("b"), intern("c"))).toBe("b c");
    expect(fmt("%0$s", intern("a"))).toBe("%0$s");
    expect(fmt("%1$-5d|", 3)).toBe("3    |");
    expect(fmt("%01$s", intern("a"))).toBe("a");
    expect(err(() => fmt("%2$s %1$s", intern("a")))).toBe('(error "Not enough arguments for format string")');
  });
});

describe("format: integers", () => {
  it("formats %d %o %x %X with C's flags", () => {
    const cases: [string, L, string][] = [
      ["%d", 42, "42"], ["%d", -42, "-42"], ["%+d", 5, "+5"], ["% d", 5, " 5"], ["%+ d", 5, "+5"],
      ["%05d", -42, "-0042"], ["%-5d|", 42, "42   |"], ["%-05d|", 42, "42   |"], ["%5.3d|", 7, "  007|"],
      ["%05.3d|", 7, "  007|"], ["%.0d|", 0, "|"], ["%+.0d", 0, "+"], ["% .0d", 0, " "],
      ["%x", 255, "ff"], ["%X", 255, "FF"], ["%x", -255, "-ff"], ["%o", -8, "-10"], ["%#x", 255, "0xff"],
      ["%#X", 255, "0XFF"], ["%#o", 8, "010"], ["%#o", 0, "0"], ["%#x", 0, "0"], ["%#.0o", 0, "0"],
      ["%.0x", 0, ""], ["%#5x|", 255, " 0xff|"], ["%#05x|", 255, "0x0ff|"], ["%#.5x|", 255, "0x000ff|"],
      ["%+x", 5, "+5"], ["% x", 5, " 5"], ["%08x", 255, "000000ff"], ["%-08x|", 255, "ff      |"],
      ["%#x", -255, "-0xff"], ["%i", 5, "5"], ["%#d", 5, "5"], ["%d", 97, "97"],
    ];
    for (const [spec, arg, want] of cases) expect(fmt(spec, arg), spec).toBe(want);
  });

  it("formats bignums", () => {
    expect(fmt("%d", big)).toBe("1180591620717411303424");
    expect(fmt("%d", -big)).toBe("-1180591620717411303424");
    expect(fmt("%x", big)).toBe("400000000000000000");
    expect(fmt("%X", -big)).toBe("-400000000000000000");
    expect(fmt("%o", big)).toBe("200000000000000000000000");
    expect(fmt("%#o", big)).toBe("0200000000000000000000000");
    expect(fmt("%#x", big)).toBe("0x400000000000000000");
    expect(fmt("%030d", big)).toBe("000000001180591620717411303424");
    expect(fmt("%+030d", big)).toBe("+00000001180591620717411303424");
    expect(fmt("%.30d", big)).toBe("000000001180591620717411303424");
    expect(fmt("%#030x", big)).toBe("0x0000000000400000000000000000");
    expect(fmt("%-+30d|", big)).toBe("+1180591620717411303424       |");
  });

  it("truncates floats under integer directives", () => {
    expect(fmt("%d", f(1.9))).toBe("1");
    expect(fmt("%d", f(-1.9))).toBe("-1");
    expect(fmt("%d", f(-0))).toBe("0");
    expect(fmt("%d", f(1e20))).toBe("100000000000000000000");
    expect(fmt("%d", f(1e300)).toString().length).toBe(301);
    expect(fmt("%.0d", f(0))).toBe("0");
    expect(fmt("%+.0d", f(0))).toBe("+0");
    expect(fmt("%.3d", f(5.7))).toBe("005");
    expect(fmt("%05.3d|", f(5.7))).toBe("  005|");
    expect(fmt("%.30d", f(1e25))).toBe("000010000000000000000905969664");
    expect(fmt("%d", f(Infinity))).toBe("inf");
    expect(fmt("%+d", f(Infinity))).toBe("+inf");
    expect(fmt("%05d", f(Infinity))).toBe("  inf");
    expect(fmt("%d", f(NaN))).toBe("nan");
    expect(fmt("%x", f(2.5))).toBe("2");
    expect(fmt("%x", f(1e20))).toBe("56bc75e2d63100000");
    expect(fmt("%.0x", f(0.5))).toBe("");
    expect(err(() => fmt("%x", f(Infinity)))).toBe("(overflow-error)");
    expect(err(() => fmt("%o", f(NaN)))).toBe("(overflow-error)");
  });
});

describe("format: floats", () => {
  it("formats %e %f %g with C's flags and rounding", () => {
    const cases: [string, L, string][] = [
      ["%e", f(1.5), "1.500000e+00"], ["%e", 0, "0.000000e+00"], ["%e", 12345, "1.234500e+04"],
      ["%.2e", f(12345.678), "1.23e+04"], ["%g", f(1.5), "1.5"], ["%g", f(1e10), "1e+10"],
      ["%g", f(1e-5), "1e-05"], ["%g", 100000, "100000"], ["%g", 1000000, "1e+06"], ["%#g", f(1.5), "1.50000"],
      ["%#g", 1, "1.00000"], ["%.3g", f(3.14159), "3.14"], ["%f", f(3.14159), "3.141590"],
      ["%.2f", f(0.125), "0.12"], ["%.2f", f(0.375), "0.38"], ["%.0f", f(0.5), "0"], ["%.0f", f(1.5), "2"],
      ["%.0f", f(2.5), "2"], ["%#.0f", f(2.5), "2."], ["%f", f(Infinity), "inf"], ["%f", f(-Infinity), "-inf"],
      ["%f", f(NaN), "nan"], ["%5f|", f(NaN), "  nan|"], ["%05f|", f(Infinity), "  inf|"], ["% f", f(NaN), " nan"],
      ["%f", f(-0), "-0.000000"], ["%+f", f(1.5), "+1.500000"], ["% f", f(1.5), " 1.500000"],
      ["%-10.2f|", f(3.14159), "3.14      |"], ["%010.2f|", f(-3.14159), "-000003.14|"],
      ["%-6.2f|", f(3.14159), "3.14  |"], ["%f", 5, "5.000000"], ["%f", big, "1180591620717411303424.000000"],
      ["%+5.1f|", f(2.25), " +2.2|"], ["%08.3e|", f(-2.5), "-2.500e+00|"], ["%010g", f(2.5), "00000002.5"],
      ["%.10f", f(0.1), "0.1000000000"], ["%.17g", f(0.1), "0.10000000000000001"], ["%g", 123456789, "1.23457e+08"],
      ["%.0g", 123, "1e+02"], ["%.0e", 15, "2e+01"], ["%#.0e", 15, "2.e+01"], ["%g", f(-0), "-0"],
      ["%#.3g", 1, "1.00"], ["%#g", 100000, "100000."], ["%#g", f(1e6), "1.00000e+06"], ["%#.0g", 1, "1."],
      ["%.0g", f(0.5), "0.5"], ["%g", f(5e-324), "4.94066e-324"], ["%e", 10n ** 400n, "inf"],
      ["%.1f", f(0.45), "0.5"], ["%.1f", f(0.25), "0.2"], ["%.3f", f(1.0005), "1.000"],
    ];
    for (const [spec, arg, want] of cases) expect(fmt(spec, arg), `${spec} ${String(arg)}`).toBe(want);
  });

  it("handles huge precisions", () => {
    expect((fmt("%.400f", f(0.1)) as string).length).toBe(402);
    expect(fmt("%.400g", f(0.1))).toBe("0.1000000000000000055511151231257827021181583404541015625");
    expect((fmt("%.400e", f(0.1)) as string).length).toBe(406);
    expect((fmt("%.2000f", f(1)) as string).length).toBe(2002);
    expect((fmt("%#.2000g", f(1)) as string).length).toBe(2001);
    expect(fmt("%.2000e", f(1)).toString().endsWith("0e+00")).toBe(true);
    expect((fmt("%.1000d", 1) as string).length).toBe(1000);
    expect(err(() => fmt("%999999999999d", 1))).toBe('(error "Maximum string size exceeded")');
  });
});

describe("format: errors", () => {
  it("signals as Emacs does", () => {
    const e = (...args: L[]) => err(() => call("format", ...args));
    expect(e(NIL)).toBe("(wrong-type-argument stringp nil)");
    expect(e(5)).toBe("(wrong-type-argument stringp 5)");
    expect(e("%")).toBe('(error "Format string ends in middle of format specifier")');
    expect(e("%-")).toBe('(error "Format string ends in middle of format specifier")');
    expect(e("%.3")).toBe('(error "Format string ends in middle of format specifier")');
    expect(e("%d")).toBe('(error "Not enough arguments for format string")');
    expect(e("%q")).toBe('(error "Not enough arguments for format string")');
    expect(e("%q", 1)).toBe('(error "Invalid format operation %q")');
    expect(e("%q", "a")).toBe('(error "Invalid format operation %q")');
    expect(e("%u", 5)).toBe('(error "Invalid format operation %u")');
    expect(e("%E", 5)).toBe('(error "Invalid format operation %E")');
    expect(e("%é", 5)).toBe('(error "Invalid format operation %é")');
    expect(e("%1$5$s", 5)).toBe('(error "Invalid format operation %$")');
    expect(e("%d", "a")).toBe('(error "Format specifier doesn\u2019t match argument type")');
    expect(e("%d", intern("a"))).toBe('(error "Format specifier doesn\u2019t match argument type")');
    expect(e("%f", NIL)).toBe('(error "Format specifier doesn\u2019t match argument type")');
  });
});

describe("format-message and message", () => {
  it("curves quotes in the format string only", () => {
    expect(call("format-message", "`foo' %s", "`x'")).toBe("\u2018foo\u2019 `x'");
    expect(call("format-message", "don't")).toBe("don\u2019t");
    expect(call("format-message", "\\`a'")).toBe("\\\u2018a\u2019");
    expect(fmt("`foo'")).toBe("`foo'");
    withVars({ "text-quoting-style": intern("grave") }, () => {
      expect(call("format-message", "`foo'")).toBe("`foo'");
    });
    withVars({ "text-quoting-style": intern("straight") }, () => {
      expect(call("format-message", "\u2018a\u2019 `b'")).toBe("\u2018a\u2019 'b'");
    });
    withVars({ "text-quoting-style": intern("other") }, () => {
      expect(call("format-message", "`b'")).toBe("\u2018b\u2019");
    });
  });

  it("writes messages to standard error with a newline", () => {
    const r = captureOutput(() => call("message", "`a' %s", "`b'"));
    expect(r.value).toBe("\u2018a\u2019 `b'");
    expect(r.stderr).toBe("\u2018a\u2019 `b'\n");
    expect(r.stdout).toBe("");
    const n = captureOutput(() => call("message", NIL));
    expect(n.value).toBe(NIL);
    expect(n.stderr).toBe("\n");
    const empty = captureOutput(() => call("message", ""));
    expect(empty.value).toBe("");
    expect(empty.stderr).toBe("\n");
    const quiet = captureOutput(() => withVars({ "inhibit-message": T }, () => call("message", "x")));
    expect(quiet.value).toBe("x");
    expect(quiet.stderr).toBe("");
  });

  it("starts a message on a new line after output to standard output", () => {
    const r = captureOutput(() => {
      call("princ", "a");
      call("message", "b");
      call("princ", "c\n");
      call("message", "d");
      call("message", "e");
    });
    expect(r.stdout).toBe("ac\n");
    expect(r.stderr).toBe("\nb\n\nd\ne\n");
  });

  it("has TypeScript entry points", () => {
    expect(format("%s=%d", [intern("x"), 3])).toBe("x=3");
    expect(formatMessage("`%s'", ["q"])).toBe("\u2018q\u2019");
    const r = captureOutput(() => message("hi %s", ["there"]));
    expect(r.stderr).toBe("hi there\n");
    expect(charWidth(0x4e2d)).toBe(2);
    expect(charWidth(0x301)).toBe(0);
    expect(charWidth(9)).toBe(8);
    expect(charWidth(0x80)).toBe(4);
    expect(charWidth(0x1f600)).toBe(2);
    expect(stringWidth("a中\u0301").width).toBe(3);
  });
});

describe("print builtins", () => {
  it("sends characters to a function stream", () => {
    const c = collector();
    expect(call("prin1", "a\nb", c.fn)).toBe("a\nb");
    expect(c.text()).toBe('"a\nb"');
    const d = collector();
    call("princ", "a\nb", d.fn);
    call("print", intern("z"), d.fn);
    call("terpri", d.fn);
    expect(call("write-char", 0x1f600, d.fn)).toBe(0x1f600);
    expect(d.text()).toBe("a\nb\nz\n\n😀");
    expect(d.codes.includes(0x1f600)).toBe(true);
  });

  it("prints to standard output for t, and standard-output for nil", () => {
    const r = captureOutput(() => {
      call("prin1", "x");
      call("princ", list(1, "two", f(3)));
      call("print", intern("a b"), T);
      call("terpri");
      call("write-char", 0x41);
    });
    expect(r.stdout).toBe('"x"(1 two 3.0)\na\\ b\n\nA');
    const c = collector();
    withVars({ "standard-output": c.fn }, () => {
      call("princ", "x");
      call("prin1", "y", NIL);
      call("terpri", NIL);
    });
    expect(c.text()).toBe('x"y"\n');
  });

  it("terpri with ENSURE", () => {
    const r = captureOutput(() => {
      call("princ", intern("a"));
      const first = call("terpri", NIL, T);
      const second = call("terpri", NIL, T);
      return [first, second];
    });
    expect(r.value).toEqual([T, NIL]);
    expect(r.stdout).toBe("a\n");
    expect(terminal.lastChar).toBeDefined();
    const c = collector();
    expect(err(() => call("terpri", c.fn, T))).toBe('(error "Unsupported function argument" #<subr collect>)');
  });

  it("inserts into registered stream kinds", () => {
    class Sink {
      text = "";
    }
    const sink = new Sink();
    registerOutputStream(
      (x) => (x as unknown) === sink,
      (_s, text) => {
        sink.text += text;
      },
      () => sink.text.endsWith("\n") || sink.text === "",
    );
    const stream = sink as unknown as L;
    call("prin1", list(1, 2), stream);
    call("print", "s", stream);
    expect(call("terpri", stream, T)).toBe(NIL);
    call("princ", "x", stream);
    expect(call("terpri", stream, T)).toBe(T);
    expect(sink.text).toBe('(1 2)\n"s"\nx\n');
  });

  it("signals for bad streams and arguments", () => {
    expect(err(() => call("prin1", intern("a"), "str"))).toBe('(invalid-function "str")');
    expect(err(() => call("prin1", intern("a"), 5))).toBe("(invalid-function 5)");
    expect(err(() => call("prin1", intern("a"), intern("no-such-stream-fn")))).toBe(
      "(void-function no-such-stream-fn)",
    );
    expect(err(() => call("write-char", "a"))).toBe('(wrong-type-argument fixnump "a")');
    expect(err(() => call("error-message-string", intern("foo")))).toBe("(wrong-type-argument listp foo)");
  });

  it("prin1-to-string, error-message-string, external-debugging-output", () => {
    expect(call("prin1-to-string", "a\nb")).toBe('"a\nb"');
    expect(call("prin1-to-string", "a\nb", T)).toBe("a\nb");
    expect(call("prin1-to-string", list("a", intern("b c")), T)).toBe("(a b c)");
    expect(call("error-message-string", list(intern("error"), "Foo: %s", "bar"))).toBe('Foo: %s: "bar"');
    expect(call("error-message-string", NIL)).toBe("peculiar error");
    const r = captureOutput(() => call("external-debugging-output", 0x61));
    expect(r.value).toBe(0x61);
    expect(r.stderr).toBe("a");
  });
});

void LispFloat;

describe("wrong-type fuzz", () => {
  it("answers every argument combination with a value or a Lisp error", () => {
    const samples: L[] = [
      1, -1, 0, "s", "%s %d", "%c", intern("sym"), NIL, T, makeFloat(1.5), makeFloat(NaN), new Cons(1, 2), [1, 2],
      list(1, 2, 3), 2 ** 62, 2n ** 80n, 0x110000, 0x3fffff,
    ];
    const names = [
      "format", "format-message", "message", "prin1", "princ", "print", "terpri", "write-char",
      "prin1-to-string", "error-message-string", "external-debugging-output",
    ];
    captureOutput(() => {
      for (const name of names) {
        for (const a of samples) {
          for (const b of samples) {
            try {
              call(name, a, b);
            } catch (e) {
              if (!(e instanceof LispSignal)) throw new Error(`${name} ${prin1ToString(a)} ${prin1ToString(b)}: ${e}`);
            }
          }
        }
      }
    });
  });
});
