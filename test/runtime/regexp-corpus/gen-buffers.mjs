// Random buffer-search cases: [pattern, text, point, bound|null, op, fold] where op is
// "fwd" (re-search-forward), "bwd" (re-search-backward) or "at" (looking-at).
//   node gen-buffers.mjs SEED N > buffers.json
let seed = +process.argv[2] || 1;
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const pick = (a) => a[Math.floor(rnd() * a.length)];
const atoms = ["a", "b", " ", "-", "_", ".", "[ab]", "[^a]", "\\w", "\\W", "\\s-", "\\b", "\\B", "\\<", "\\>", "\\_<", "\\_>",
  "^", "$", "\\`", "\\'", "\\=", "\n", "A", "é"];
function gen(depth, ng) {
  let s = "";
  const n = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.15 && depth < 2) { ng.n++; s += "\\(" + gen(depth + 1, ng) + "\\)"; }
    else if (r < 0.22 && depth < 2) s += gen(depth + 1, ng) + "\\|" + gen(depth + 1, ng);
    else if (r < 0.25 && ng.n > 0) s += "\\1";
    else s += pick(atoms);
    if (rnd() < 0.3) s += pick(["*", "+", "?", "*?", "\\{1,2\\}"]);
  }
  return s;
}
const text = () => { let s = ""; const n = 3 + Math.floor(rnd() * 10); for (let i = 0; i < n; i++) s += pick(["a", "b", " ", "-", "_", "\n", "A", "é", "ab"]); return s; };
const out = [];
const N = +process.argv[3] || 300;
for (let i = 0; i < N; i++) {
  const p = gen(0, { n: 0 });
  for (let j = 0; j < 4; j++) {
    const t = text();
    const len = [...t].length;
    const point = 1 + Math.floor(rnd() * (len + 1));
    const op = pick(["fwd", "bwd", "at"]);
    let bound = null;
    if (rnd() < 0.5 && op !== "at") bound = op === "fwd" ? point + Math.floor(rnd() * (len + 2 - point)) : 1 + Math.floor(rnd() * point);
    out.push([p, t, point, bound, op, rnd() < 0.5]);
  }
}
process.stdout.write(JSON.stringify(out));
