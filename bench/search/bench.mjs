// Lede's search (wasm, built into ./pkg) vs MiniSearch, FlexSearch and lunr
// on the 2,225 BBC articles, in one Node process. Not a test: a benchmark.
//
//   (cd bench/search && npm ci)
//   wasm-pack build --release --target nodejs --out-dir bench/search/pkg --out-name lede
//   node --expose-gc bench/search/bench.mjs        # prints the table, writes RESULTS.md
//
// The corpus is read from ../shared/data/bbc/bbc_news_summary.jsonl relative to
// the repository root (or $LEDE_BBC). Every engine gets the same documents
// ({id, title, text}) and the same queries; each runs in its natural
// configuration (see ENGINES below and RESULTS.md).

import fs from "node:fs";
import zlib from "node:zlib";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import MiniSearch from "minisearch";
import { Document as FlexDocument } from "flexsearch";
import lunr from "lunr";
import { BBC, loadDocs, makeQueries } from "./queries.mjs";

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const lede = require(path.join(HERE, "pkg/lede.js"));
// LEDE_PKG_OLD=DIR: a second build (e.g. of main) timed in the same run, as "Lede (old)"
const ledeOld = process.env.LEDE_PKG_OLD ? require(path.resolve(process.env.LEDE_PKG_OLD, "lede.js")) : null;

if (!fs.existsSync(BBC)) {
  console.error(`SKIP: ${BBC} not found (../shared is absent)`);
  process.exit(0);
}
const docs = loadDocs();

// ---------------------------------------------------------------- queries
const queries = makeQueries(docs);

if (process.env.LEDE_DUMP_QUERIES) {
  // for tuning outside Node: the exact queries, then stop
  fs.writeFileSync(process.env.LEDE_DUMP_QUERIES, JSON.stringify(queries));
  process.exit(0);
}

// ---------------------------------------------------------------- engines
// Each engine: build(docs), search(kind, query) -> ids (top 10), serialize() -> bytes.
function ledeEngine(name, lib) {
  return {
      name,
      config: "new Corpus({entities: false}) (plain text, like the peers; the entity-enriched build is timed separately below); add({id,title,text}); search(q, {limit: 10, highlight: false}); prefix: {prefix: true}; phrase: quoted; typo tolerance on by default (fuzzy: true)",
      build(docs) {
        const c = new lib.Corpus({ entities: false });
        for (const d of docs) c.add(d);
        this.c = c;
      },
      search(kind, x) {
        const opts = { limit: 10, highlight: false, prefix: kind === "prefix" };
        const q = kind === "phrase" ? `"${x.q}"` : x.q;
        return this.c.search(q, opts).results.map((r) => r.id);
      },
      size() {
        return this.c.toBytes().length;
      },
    };
}

const ENGINES = [
  ledeEngine("Lede", lede),
  ...(ledeOld ? [ledeEngine("Lede (old)", ledeOld)] : []),
  {
    name: "MiniSearch",
    config: "fields [title, text], boost {title: 2}; plain: default (OR); prefix: {prefix: true}; typo: {fuzzy: 0.2}; phrase: combineWith AND (no phrase support); size = JSON.stringify",
    build(docs) {
      const ms = new MiniSearch({ fields: ["title", "text"], searchOptions: { boost: { title: 2 } } });
      ms.addAll(docs);
      this.ms = ms;
    },
    search(kind, x) {
      const o = kind === "prefix" ? { prefix: (t, i, ts) => i === ts.length - 1 } : kind === "typo" ? { fuzzy: 0.2 } : kind === "phrase" ? { combineWith: "AND" } : {};
      return this.ms.search(x.q, o).slice(0, 10).map((r) => r.id);
    },
    size() {
      return Buffer.byteLength(JSON.stringify(this.ms));
    },
  },
  {
    name: "FlexSearch",
    config: "Document {index: [title, text]}, tokenize: forward (prefix search), default encoder; search {limit: 10, merge: true}, plus suggest: true for typo queries (its forgiving mode: partial matches instead of none); no phrase or edit-distance support; size = sum of export() chunks",
    build(docs) {
      const f = new FlexDocument({ document: { id: "id", index: ["title", "text"] }, tokenize: "forward" });
      for (const d of docs) f.add(d);
      this.f = f;
    },
    search(kind, x) {
      const r = this.f.search(x.q, { limit: 10, suggest: kind === "typo", merge: true });
      return r.slice(0, 10).map((e) => e.id);
    },
    size() {
      let n = 0;
      this.f.export((key, data) => {
        n += Buffer.byteLength(String(key)) + (data == null ? 0 : Buffer.byteLength(String(data)));
      });
      return n;
    },
  },
  {
    name: "lunr",
    config: "fields title (boost 2), text; plain: words (OR); prefix: last word + '*'; typo: word~1 for words of 5+ letters; phrase: +a +b (no phrase support); size = JSON.stringify",
    build(docs) {
      this.idx = lunr(function () {
        this.ref("id");
        this.field("title", { boost: 2 });
        this.field("text");
        for (const d of docs) this.add(d);
      });
    },
    search(kind, x) {
      const clean = x.words.map((w) => w.replace(/[:^~*+\-]/g, "")).filter(Boolean);
      let q;
      if (kind === "prefix") q = clean.map((w, i) => (i === clean.length - 1 ? `${w}*` : w)).join(" ");
      else if (kind === "typo") q = clean.map((w) => (w.length >= 5 ? `${w}~1` : w)).join(" ");
      else if (kind === "phrase") q = clean.map((w) => `+${w}`).join(" ");
      else q = clean.join(" ");
      try {
        return this.idx.search(q).slice(0, 10).map((r) => r.ref);
      } catch {
        return [];
      }
    },
    size() {
      return Buffer.byteLength(JSON.stringify(this.idx));
    },
  },
];

// ---------------------------------------------------------------- measure
const gc = globalThis.gc || (() => {});
const mem = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const KINDS = ["plain", "prefix", "typo", "phrase"];
const loadStart = require("node:os").loadavg().map((x) => x.toFixed(1)).join(" ");
const rows = [];
for (const e of ENGINES) {
  const m0 = mem();
  const t0 = process.hrtime.bigint();
  e.build(docs);
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const heap = mem() - m0;
  const size = e.size();
  const row = { name: e.name, buildMs, heap, size, lat: {}, mrr: {}, recall: {} };
  for (const kind of KINDS) {
    const qs = queries[kind];
    for (const x of qs.slice(0, 20)) e.search(kind, x); // warm-up
    const times = [];
    let rr = 0;
    let hits = 0;
    for (const x of qs) {
      const t = process.hrtime.bigint();
      const ids = e.search(kind, x);
      times.push(Number(process.hrtime.bigint() - t) / 1e3);
      const r = ids.indexOf(x.id);
      if (r >= 0) {
        rr += 1 / (r + 1);
        hits += 1;
      }
    }
    row.lat[kind] = { p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99) };
    row.mrr[kind] = rr / qs.length;
    row.recall[kind] = hits / qs.length;
  }
  rows.push(row);
  if (e.name.startsWith("Lede")) {
    // the same queries with highlights, snippets and match ranges computed
    const times = [];
    for (const x of queries.plain) {
      const t = process.hrtime.bigint();
      e.c.search(x.q, { limit: 10 });
      times.push(Number(process.hrtime.bigint() - t) / 1e3);
    }
    row.highlighted = { p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99) };
  }
}

// ---------------------------------------------------------------- report
const f1 = (x) => x.toFixed(1);
const f3 = (x) => x.toFixed(3);
const mb = (x) => (x / 1048576).toFixed(2);
const out = [];
out.push(`# Search benchmark: Lede vs MiniSearch, FlexSearch, lunr`);
out.push("");
out.push(`Corpus: ${docs.length} BBC articles (title + text). Node ${process.version}, one process, ${os_cpus()}; load average ${loadStart} at the start, ${require("node:os").loadavg().map((x) => x.toFixed(1)).join(" ")} at the end.`);
out.push(`Queries: ${KINDS.map((k) => `${queries[k].length} ${k}`).join(", ")} (known-item, seeded; the same for every engine).`);
out.push("Latency in microseconds per query (top 10 ids), p50 / p95 / p99. MRR@10 and recall@10 of the known item.");
out.push("");
out.push("| engine | build ms | memory MB | serialized MB | " + KINDS.map((k) => `${k} p50/p95/p99 µs`).join(" | ") + " | " + KINDS.map((k) => `${k} MRR@10 / R@10`).join(" | ") + " |");
out.push("|" + " --- |".repeat(4 + KINDS.length * 2));
for (const r of rows) {
  out.push(
    `| ${r.name} | ${f1(r.buildMs)} | ${mb(r.heap)} | ${mb(r.size)} | ` +
      KINDS.map((k) => `${f1(r.lat[k].p50)} / ${f1(r.lat[k].p95)} / ${f1(r.lat[k].p99)}`).join(" | ") +
      " | " +
      KINDS.map((k) => `${f3(r.mrr[k])} / ${f3(r.recall[k])}`).join(" | ") +
      " |",
  );
}
const L = rows[0];
out.push("");
for (const r of rows.filter((r) => r.highlighted)) {
  out.push(
    `${r.name} with highlights, snippets and match ranges (plain queries, each run once: most hits are documents not shown before): p50 ${f1(r.highlighted.p50)} µs, p95 ${f1(r.highlighted.p95)} µs, p99 ${f1(r.highlighted.p99)} µs; p50 ${f1(r.highlighted.p50 - r.lat.plain.p50)} µs over ids only.`,
  );
}
out.push("");
{
  // the default Corpus also extracts people, organizations, places, quote
  // speakers and keyphrases of every article (the person:/org:/place: fields, facets)
  const t0 = performance.now();
  const c = new lede.Corpus();
  for (const d of docs) c.add(d);
  const ms = performance.now() - t0;
  const bytes = c.toBytes();
  out.push(`Lede with entity fields (default \`new Corpus()\`: people, organizations, places, speakers, keyphrases extracted from every article): build ${f1(ms)} ms, serialized ${(bytes.length / 1048576).toFixed(2)} MB.`);
  out.push("");
  // the saved file by part: what ranks (a prefix of the file), positions, texts
  const parts = sizesOf(bytes);
  const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;
  const kb = (n) => `${Math.round(n / 1024).toLocaleString("en")} KB`;
  const msJson = Buffer.from(JSON.stringify(byName0("MiniSearch").ms));
  out.push("Saved index with entity fields, by part (raw / gzip -9); a browser needs the rank part before the first query, positions for phrases, proximity and highlights, texts per result:");
  out.push("");
  out.push("| part | raw | gzip |");
  out.push("| --- | --- | --- |");
  for (const [name, b] of [
    ["rank part (header, documents, dictionary, postings)", parts.rank],
    ["positions", parts.positions],
    ["texts", parts.texts],
    ["whole file", bytes],
    ["MiniSearch JSON (no positions, no texts)", msJson],
  ]) {
    out.push(`| ${name} | ${kb(b.length)} | ${kb(gz(b))} |`);
  }
  out.push("");
  for (const [name, lib] of [["Lede", lede], ...(ledeOld ? [["Lede (old)", ledeOld]] : [])]) {
    let own = bytes;
    if (lib !== lede) {
      const o = new lib.Corpus();
      for (const d of docs) o.add(d);
      own = o.toBytes();
    }
    // the load, then the first query on the loaded corpus (a load may leave
    // work for the first query: postings decoded per term, stems grouped),
    // then a second query of another kind
    const times = [];
    const first = [];
    const second = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const c = lib.Corpus.fromBytes(own);
      const t1 = performance.now();
      c.search(queries.typo[i].q, { limit: 10 });
      const t2 = performance.now();
      c.search(queries.plain[i].q, { limit: 10 });
      times.push(t1 - t);
      first.push(t2 - t1);
      second.push(performance.now() - t2);
      c.free();
    }
    out.push(`${name}: Corpus.fromBytes of the entity-field index (${kb(own.length)}) p50 ${f1(pct(times, 50))} ms, best ${f1(Math.min(...times))} ms; then the first query (typo, highlighted) p50 ${f1(pct(first, 50))} ms, a second (plain) ${f1(pct(second, 50))} ms.`);
  }
  out.push("");
}
out.push("Ratios (Lede ÷ peer; below 1 is better for time and size):");
out.push("");
out.push("| peer | build | serialized | " + KINDS.map((k) => `${k} p50`).join(" | ") + " | plain MRR diff | typo MRR diff |");
out.push("|" + " --- |".repeat(3 + KINDS.length + 2));
for (const r of rows.slice(1)) {
  out.push(
    `| ${r.name} | ${f3(L.buildMs / r.buildMs)} | ${f3(L.size / r.size)} | ` +
      KINDS.map((k) => f3(L.lat[k].p50 / r.lat[k].p50)).join(" | ") +
      ` | ${(L.mrr.plain - r.mrr.plain >= 0 ? "+" : "") + f3(L.mrr.plain - r.mrr.plain)} | ${(L.mrr.typo - r.mrr.typo >= 0 ? "+" : "") + f3(L.mrr.typo - r.mrr.typo)} |`,
  );
}
out.push("");
out.push("Configurations:");
out.push("");
for (const e of ENGINES) out.push(`- **${e.name}**: ${e.config}`);
out.push("");
const checks = [];
const peers = rows.filter((r) => !r.name.startsWith("Lede"));
const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
for (const p of ["MiniSearch", "lunr"]) {
  checks.push([`build time <= ${p}`, L.buildMs <= byName[p].buildMs]);
  checks.push([`plain p50 <= ${p}`, L.lat.plain.p50 <= byName[p].lat.plain.p50]);
}
checks.push(["plain MRR@10 above every peer", peers.every((p) => L.mrr.plain > p.mrr.plain)]);
checks.push(["typo MRR@10 above every peer", peers.every((p) => L.mrr.typo > p.mrr.typo)]);
checks.push(["serialized smaller than MiniSearch JSON", L.size < byName.MiniSearch.size]);
// issue 11 item 5
checks.push(["plain p50 <= 1.5 × FlexSearch's", L.lat.plain.p50 <= 1.5 * byName.FlexSearch.lat.plain.p50]);
checks.push(["typo p50 <= 300 µs", L.lat.typo.p50 <= 300]);
checks.push(["highlights + snippets p50 <= 500 µs over ids only", L.highlighted.p50 - L.lat.plain.p50 <= 500]);
out.push("Acceptance checks: " + checks.map(([n, ok]) => `${ok ? "PASS" : "FAIL"} ${n}`).join("; ") + ".");
const text = out.join("\n") + "\n";
console.log(text);
fs.writeFileSync(path.join(HERE, "RESULTS.md"), text);

function byName0(name) {
  return ENGINES.find((e) => e.name === name);
}

/** The sections of a saved index (format 3): the rank part (header,
 * documents, dictionary, postings), the positions and the texts, as bytes. */
function sizesOf(b) {
  let at = 32;
  const varint = () => {
    let v = 0;
    let mul = 1;
    for (;;) {
      const x = b[at++];
      v += (x & 0x7f) * mul;
      if ((x & 0x80) === 0) return v;
      mul *= 128;
    }
  };
  const ends = {};
  while (at < b.length) {
    const tag = b[at];
    at += 2;
    varint();
    const n = varint();
    at += n;
    ends[tag] = at;
  }
  // tags: 1 documents, 2 dictionary, 3 postings, 5 positions, 4 texts
  return { rank: b.subarray(0, ends[3]), positions: b.subarray(ends[3], ends[5]), texts: b.subarray(ends[5], ends[4]) };
}

function os_cpus() {
  const c = require("node:os").cpus();
  return `${c.length} × ${c[0] ? c[0].model.trim() : "cpu"}`;
}
