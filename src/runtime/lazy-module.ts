// Modules loaded on first use. `elnode eval` and a Lisp program that never
// serves HTTP or runs a subprocess should not pay, at every start, for
// loading node:http, node:tls, mime-db and the like (together about as long
// as the rest of start-up).
import { createRequire } from "node:module";

const requireFromHere = createRequire(import.meta.url);

/** A function returning module ID, which it loads the first time it is called. */
export function lazyModule<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireFromHere(id) as T);
}
