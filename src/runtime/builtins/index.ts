// Every builtin module, imported for its registrations (as Emacs's syms_of_* calls).
import "./eval.js";
import "./arith.js";
import "./data.js";
import "./lread.js";
import "./process-core.js";
