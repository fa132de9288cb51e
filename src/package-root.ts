// The directory the package is installed in: the nearest one above this
// module holding package.json. Found by walking up, not by a fixed number of
// "..", because this code runs from src/ (tests), from tsc's dist/ and from
// the one-file bundle in dist/cli/.
import { existsSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
