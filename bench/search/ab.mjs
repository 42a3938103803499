// A/B of two or more builds of Lede's search (wasm-pack --target nodejs
// directories) in one Node process, alternating, on the 2,225 BBC articles
// and the queries of queries.mjs. The machine is shared and its load moves
// from minute to minute: builds measured in turn, query by query, are
// comparable where separate runs are not. Not a test: it prints figures.
//
//   node --expose-gc bench/search/ab.mjs DIR_A DIR_B [...]    # e.g. main's pkg and yours
//   ROUNDS=5 node bench/search/ab.mjs DIR_A DIR_B
//   FLEX=1 node --expose-gc bench/search/ab.mjs DIR_A    # FlexSearch in the turns too
//
// With FLEX=1, FlexSearch (configured as in bench.mjs) takes its turn with
// the builds on the same chunks (plain and typo, ids only): its ratio to
// Lede is then measured under the same load, which bench.mjs (one engine
// after the other) cannot promise on a shared machine.
//
// Each round builds a fresh corpus per build (entities off, as bench.mjs),
// so every round's highlighted queries meet documents not shown before, as
// bench.mjs's do; then every build in turn (the order
// alternating between rounds) answers them ids only (plain, typo) and with
// highlights, snippets and match ranges (plain), in chunks of 20 queries
// (each kind's chunk run once per build). Prints per build the p50
// of each, the highlighted p50 over ids only, and the load average.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { BBC, loadDocs, makeQueries } from "./queries.mjs";

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
if (!fs.existsSync(BBC)) {
  console.error(`SKIP: ${BBC} not found (../shared is absent)`);
  process.exit(0);
}
const dirs = process.argv.slice(2).map((d) => path.resolve(d));
if (dirs.length < 1) {
  console.error("usage: node bench/search/ab.mjs PKG_DIR [PKG_DIR ...]");
  process.exit(2);
}
const ROUNDS = Number(process.env.ROUNDS || 3);
// queries per turn: each build answers a chunk of queries, then the next build
const CHUNK = Number(process.env.CHUNK || 20);
const docs = loadDocs();
const queries = makeQueries(docs);
let flexEngine = null;
const flexT = { plain: [], typo: [] };
const builds = dirs.map((d) => ({ dir: d, lib: require(path.join(d, "lede.js")), t: { plain: [], typo: [], lit: [] } }));
// FlexSearch as bench.mjs runs it (Document over title and text, forward
// tokenizer; suggest for typo queries)
const flex = process.env.FLEX ? (await import("flexsearch")).Document : null;
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(" ");
const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f) => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e3;
};
console.log(`${docs.length} articles, ${queries.plain.length} plain and ${queries.typo.length} typo queries, ${ROUNDS} rounds; load ${load()}`);
for (let round = 0; round < ROUNDS; round++) {
  for (const b of builds) {
    if (b.c) b.c.free();
    b.c = new b.lib.Corpus({ entities: false });
    for (const d of docs) b.c.add(d);
    for (const x of queries.plain.slice(0, 20)) b.c.search(x.q, { limit: 10, highlight: false });
  }
  if (flex && !flexEngine) {
    flexEngine = new flex({ document: { id: "id", index: ["title", "text"] }, tokenize: "forward" });
    for (const d of docs) flexEngine.add(d);
    for (const x of queries.plain.slice(0, 20)) flexEngine.search(x.q, { limit: 10, merge: true });
  }
  const order = round % 2 ? [...builds].reverse() : builds;
  const n = Math.min(queries.plain.length, queries.typo.length);
  const ids = { limit: 10, highlight: false };
  for (let from = 0; from < n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK);
    for (const b of order) {
      for (let i = from; i < to; i++) b.t.plain.push(time(() => b.c.search(queries.plain[i].q, ids)));
      for (let i = from; i < to; i++) b.t.typo.push(time(() => b.c.search(queries.typo[i].q, ids)));
      for (let i = from; i < to; i++) b.t.lit.push(time(() => b.c.search(queries.plain[i].q, { limit: 10 })));
    }
    if (flexEngine) {
      for (let i = from; i < to; i++) flexT.plain.push(time(() => flexEngine.search(queries.plain[i].q, { limit: 10, merge: true })));
      for (let i = from; i < to; i++) flexT.typo.push(time(() => flexEngine.search(queries.typo[i].q, { limit: 10, suggest: true, merge: true })));
    }
  }
  console.log(`round ${round + 1} done; load ${load()}`);
}
console.log("\n| build | plain ids p50 µs | typo ids p50 µs | highlighted p50 µs | highlighted over ids p50 µs |\n| --- | --- | --- | --- | --- |");
for (const b of builds) {
  const [pl, ty, li] = [p50(b.t.plain), p50(b.t.typo), p50(b.t.lit)];
  console.log(`| ${b.dir} | ${pl.toFixed(1)} | ${ty.toFixed(1)} | ${li.toFixed(1)} | ${(li - pl).toFixed(1)} |`);
}
if (flexEngine) {
  const [fp, ft] = [p50(flexT.plain), p50(flexT.typo)];
  console.log(`| FlexSearch | ${fp.toFixed(1)} | ${ft.toFixed(1)} | | |`);
  console.log("\nLede ÷ FlexSearch p50 (plain, typo):");
  for (const b of builds) console.log(`  ${b.dir}: ${(p50(b.t.plain) / fp).toFixed(2)}, ${(p50(b.t.typo) / ft).toFixed(2)}`);
}
console.log(`\nload at the end: ${load()}`);
