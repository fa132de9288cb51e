// random differential corpus
let seed = +process.argv[2] || 1;
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const pick = (a) => a[Math.floor(rnd() * a.length)];
const atoms = ["[]a]","[^]a]","[a-]","\\{","*","+","?","\\(?2:a\\)","[[:upper:]]","[[:lower:]]","[[:punct:]]","[[:word:]]","\\s.","\\S-","\\sw","é","É","[é-ë]","[^É]","[A-_]","\\=","x\\{0\\}","a","b","c"," ","-","_",".","[ab]","[^a]","[a-c]","[[:alpha:]]","[[:space:]]","\\w","\\W","\\s-","\\s_","\\b","\\B","\\<","\\>","\\_<","\\_>","^","$","\\`","\\'","\\n".replace("\\n","\n"),"A","B"];
function gen(depth, ngroups) {
  let s = "";
  const n = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.15 && depth < 3) { ngroups.n++; s += (rnd() < 0.3 ? "\\(?:" : "\\(") + gen(depth + 1, ngroups) + "\\)"; }
    else if (r < 0.22 && depth < 3) s += gen(depth + 1, ngroups) + "\\|" + gen(depth + 1, ngroups);
    else if (r < 0.26 && ngroups.n > 0) s += "\\" + (1 + Math.floor(rnd() * ngroups.n));
    else s += pick(atoms);
    if (rnd() < 0.3) s += pick(["*","+","?","*?","+?","??","\\{2\\}","\\{1,2\\}","\\{0,1\\}","\\{,2\\}"]);
  }
  return s;
}
const subjects = () => { let s=""; const n=Math.floor(rnd()*8); for (let i=0;i<n;i++) s+=pick(["a","b","c"," ","-","_","\n","A","B","é","É"]); return s; };
const out = [];
const N = +process.argv[3] || 500;
for (let i = 0; i < N; i++) {
  const p = gen(0, {n:0});
  for (let j = 0; j < 3; j++) { const s = subjects(); out.push([p, s, rnd() < 0.5, Math.floor(rnd()*2) ? 0 : Math.min(1, s.length)]); }
}
process.stdout.write(JSON.stringify(out));
