// `elnode test FILE... [--selector REGEX]`: load ERT test files and run the
// tests as `emacs --batch -l ert -l FILE -f ert-run-tests-batch-and-exit`.
import * as path from "node:path";
import type { Options } from "./args.js";
import { openSession, errorText, shutdownNow, killChildren, displayNames } from "./session.js";
import { emacsExit } from "../runtime/builtins/emacs.js";
import { intern } from "../runtime/symbols.js";
import { T } from "../runtime/types.js";

function fail(text: string): never {
  process.stderr.write(text + "\n");
  shutdownNow();
  process.exit(255);
}

export function testCommand(opts: Options): void {
  const { lisp } = openSession(opts);
  emacsExit.exit = (code: number): never => {
    shutdownNow();
    killChildren();
    process.exit(code);
  };
  try {
    lisp.funcall("require", intern("ert"));
  } catch (e) {
    fail(errorText(e));
  }
  for (const a of opts.actions) {
    try {
      if (a.kind === "file") {
        const abs = path.resolve(a.value);
        displayNames.set(abs, a.value);
        lisp.load(abs);
      }
      else lisp.evalString(a.value, { lexical: true });
    } catch (e) {
      fail(errorText(e));
    }
  }
  try {
    // Exits through kill-emacs with 0 when every result was expected, 1 otherwise.
    lisp.funcall("ert-run-tests-batch-and-exit", opts.selector !== undefined ? opts.selector : T);
  } catch (e) {
    fail(errorText(e));
  }
  shutdownNow();
  process.exit(0);
}
