// Where a wasm build's query time goes: the inspector's sampling profiler
// (50 µs) over N × one query kind's 300 BBC queries (queries.mjs), then the
// functions' self and inclusive shares of the samples. Not a test: it
// prints figures. The build must keep its function names:
//
//   cargo build --release --target wasm32-unknown-unknown --lib --no-default-features --features write
//   wasm-bindgen --keep-debug --target nodejs --out-dir /tmp/prof --out-name lede \
//       target/wasm32-unknown-unknown/release/lede.wasm
//   node bench/search/profile.mjs /tmp/prof typo        # ids only
//   node bench/search/profile.mjs /tmp/prof plain lit   # with highlights and snippets
//   REP=3 node bench/search/profile.mjs /tmp/prof prefix
//   UNDER=snippet_near,Region::new node bench/search/profile.mjs /tmp/prof plain lit
//
// UNDER (names or parts of names, comma-separated): also print, for each,
// its inclusive share split among its direct callees and its own time.
//
// A document shown again gets its marks (see src/search/index/stored.rs), so
// with REP > 1 the highlighted profile is not one of first showings, as
// ab.mjs's and bench.mjs's are.
import path from "node:path";
import { createRequire } from "node:module";
import { Session } from "node:inspector/promises";
import { loadDocs, makeQueries } from "./queries.mjs";

const require = createRequire(import.meta.url);
const [dir, kind = "typo", what = "ids"] = process.argv.slice(2);
if (!dir) {
  console.error("usage: node bench/search/profile.mjs PKG_DIR [plain|prefix|typo|phrase] [ids|lit]");
  process.exit(2);
}
const lib = require(path.join(path.resolve(dir), "lede.js"));
const qs = makeQueries(loadDocs());
const c = new lib.Corpus({ entities: false });
for (const d of loadDocs()) c.add(d);
const opts = what === "lit" ? { limit: 10 } : { limit: 10, highlight: false };
for (const x of qs[kind].slice(0, 20)) c.search(x.q, { limit: 10, highlight: false });
const s = new Session();
s.connect();
await s.post("Profiler.enable");
await s.post("Profiler.setSamplingInterval", { interval: 50 });
await s.post("Profiler.start");
const REP = Number(process.env.REP || 10);
const t0 = performance.now();
for (let r = 0; r < REP; r++) for (const x of qs[kind]) c.search(x.q, opts);
const t1 = performance.now();
const { profile } = await s.post("Profiler.stop");
console.log(`${kind} ${what}: ${(((t1 - t0) * 1000) / (REP * qs[kind].length)).toFixed(1)} µs a query under the profiler`);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const ch of n.children || []) parent.set(ch, n.id);
const hits = new Map();
for (const id of profile.samples) hits.set(id, (hits.get(id) || 0) + 1);
const self = new Map();
const incl = new Map();
const name = (id) => byId.get(id).callFrame.functionName || "(anonymous)";
let total = 0;
for (const [id, k] of hits) {
  if (["(idle)", "(program)", "(garbage collector)"].includes(name(id))) continue;
  total += k;
  self.set(name(id), (self.get(name(id)) || 0) + k);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    if (!seen.has(name(cur))) {
      seen.add(name(cur));
      incl.set(name(cur), (incl.get(name(cur)) || 0) + k);
    }
  }
}
const top = (m, n) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k.slice(0, 120)}`)
    .join("\n");
console.log(`self\n${top(self, 30)}\ninclusive\n${top(incl, 40)}`);
// UNDER: the inclusive share of each named function split among its callees
if (process.env.UNDER) {
  for (const u of process.env.UNDER.split(",")) {
    const sub = new Map();
    let tot = 0;
    for (const [id, k] of hits) {
      // the nearest frame up the stack matching u, and its callee on the path
      let child = null;
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
        if (name(cur).includes(u)) {
          tot += k;
          const nm = child === null ? "(self)" : name(child);
          sub.set(nm, (sub.get(nm) || 0) + k);
          break;
        }
        child = cur;
      }
    }
    console.log(`under ${u}: ${((100 * tot) / total).toFixed(1)}%`);
    console.log([...sub].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k.slice(0, 110)}`).join("\n"));
  }
}
