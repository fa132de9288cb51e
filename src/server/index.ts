// The elnode HTTP server as an add-on to the Lisp runtime: installElnode(lisp)
// registers the elnode-* builtins and loads lisp/elnode.el (which provides
// `elnode`, so a later `(require 'elnode)` is a no-op).
import * as path from "node:path";
import { packageRoot } from "../package-root.js";
import { Lisp, intern } from "../index.js";
import { registerBuiltins } from "./builtins.js";

export { HttpCon } from "./httpcon.js";
export { ElnodeChild, killChildren } from "./child.js";
export { startServer, stopServer, stopAll, servedPorts, nodeServer } from "./server.js";

/** elnode's own Lisp layer. */
export const elnodeLispFile = path.join(packageRoot, "lisp", "elnode.el");

let installed = false;

/** Make the elnode-* builtins and the elnode feature available. Safe to call more than once. */
export function installElnode(lisp: Lisp): void {
  if (!installed) {
    registerBuiltins(lisp);
    installed = true;
  }
  lisp.funcall("require", intern("elnode"), elnodeLispFile);
}
