// Every result a wasm build gives for the benchmark's queries, as JSON lines,
// so two builds can be compared byte for byte (`cmp a.jsonl b.jsonl`): each
// query kind of queries.mjs (300 each) ids only, highlighted, and with facets
// and explanations at 20 hits, then a few misspelled words at 50 hits. Not a
// test: it writes a file.
//
//   node bench/search/dump.mjs PKG_DIR OUT.jsonl
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { loadDocs, makeQueries } from "./queries.mjs";

const require = createRequire(import.meta.url);
const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  console.error("usage: node bench/search/dump.mjs PKG_DIR OUT.jsonl");
  process.exit(2);
}
const lib = require(path.join(path.resolve(dir), "lede.js"));
const docs = loadDocs();
const qs = makeQueries(docs);
const c = new lib.Corpus({ entities: false });
for (const d of docs) c.add(d);
const lines = [];
for (const kind of Object.keys(qs)) {
  for (const x of qs[kind]) {
    for (const o of [{ limit: 10, highlight: false }, { limit: 10 }, { limit: 20, facets: true, explain: true }]) {
      lines.push(JSON.stringify([kind, x.q, o, c.search(x.q, o)]));
    }
  }
}
// one edit and two (9+ letters), known words' neighbours, two words
const words = ["markt", "goverment", "presidnt", "eleciton", "footbal", "sceptcial", "resclution", "commentig", "teh", "chelsae", "microsft", "aple", "brtain", "blaire", "inflaton rates", "labur party"];
for (const q of words) lines.push(JSON.stringify(["typed", q, c.search(q, { limit: 50, explain: true, facets: true })]));
fs.writeFileSync(out, lines.join("\n"));
console.log(`${lines.length} result sets -> ${out}`);
