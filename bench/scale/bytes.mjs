#!/usr/bin/env node
// Bytes per query of a sharded Lede index, without a browser: the quick loop of
// the scale benchmark. Node runs the search-only wasm (www/embed/pkg-search)
// and www/embed/sharded.js over the directory on disk, and counts what each
// query reads, by kind of file, as stored (the files are deflated already, so
// a static host sends about these bytes plus ~300 bytes of headers a file).
//
//   node bench/scale/bytes.mjs --index DIR [--queries FILE] [--json OUT.json]
//
// cold: each query with a fresh reader (the manifest and everything it needs);
// next: the queries one after another in one reader (after a warm-up query),
// what each adds. Kinds: m manifest, r term directory pages, t term shards,
// q positions files (format 3: fetched for phrases), x lexicons, p part
// directory pages and d document parts (formats 1–2; format 3 reads neither
// for a query), f fragments. Prints medians, maxima and files per query;
// browser.mjs gives the figures with HTTP and the code.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { QUERIES } from "./browser.mjs";
import { openSharded } from "../../www/embed/sharded.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function args(argv) {
  const o = { index: null, queries: QUERIES, json: null, pkg: path.join(ROOT, "www/embed/pkg-search") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--index") o.index = argv[++i];
    else if (a === "--json") o.json = argv[++i];
    else if (a === "--pkg") o.pkg = argv[++i];
    else if (a === "--queries") o.queries = fs.readFileSync(argv[++i], "utf8").split("\n").filter((l) => l.trim());
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.index) throw new Error("--index DIR (a sharded Lede index) is required");
  return o;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[(s.length - 1) >> 1] : 0;
};
const kb = (b) => (b / 1000).toFixed(1);

async function main() {
  const o = args(process.argv.slice(2));
  const glue = await import(pathToFileURL(path.join(o.pkg, "lede.js")).href);
  await glue.default({ module_or_path: fs.readFileSync(path.join(o.pkg, "lede_bg.wasm")) });
  const dir = pathToFileURL(path.resolve(o.index) + "/").href;
  let log = [];
  const fetchBytes = async (url) => {
    const b = new Uint8Array(fs.readFileSync(fileURLToPath(url)));
    const name = url.slice(url.lastIndexOf("/") + 1);
    log.push({ kind: name.startsWith("manifest.") ? "m" : name[0], bytes: b.length });
    return b;
  };
  const opts = { limit: 10, prefix: true };
  const tally = (entries, r) => {
    const by = {};
    for (const e of entries) by[e.kind] = (by[e.kind] || 0) + e.bytes;
    return { bytes: entries.reduce((s, e) => s + e.bytes, 0), files: entries.length, by, total: r.total, hits: r.results.length };
  };
  const cold = [];
  for (const q of o.queries) {
    log = [];
    const c = await openSharded(dir, { ShardedIndex: glue.ShardedIndex, fetchBytes });
    const r = await c.search(q, opts);
    cold.push({ q, ...tally(log, r) });
    c.close();
  }
  const next = [];
  log = [];
  const c = await openSharded(dir, { ShardedIndex: glue.ShardedIndex, fetchBytes });
  await c.search("news", opts);
  for (const q of o.queries) {
    log = [];
    const t0 = performance.now();
    const r = await c.search(q, opts);
    next.push({ q, ms: performance.now() - t0, ...tally(log, r) });
  }
  c.close();
  const kinds = ["m", "r", "t", "q", "x", "p", "d", "f"];
  const sum = (rows, k) => rows.map((r) => r.by[k] || 0);
  console.log(`${o.queries.length} queries over ${o.index}, {limit: 10, prefix: true}; KB = 1000 bytes as stored`);
  console.log("| | KB med / max | files med / max | " + kinds.map((k) => `${k} KB med`).join(" | ") + " |");
  console.log("| --- | ---: | ---: | " + kinds.map(() => "---:").join(" | ") + " |");
  for (const [name, rows] of [["cold", cold], ["next", next]]) {
    const b = rows.map((r) => r.bytes);
    const f = rows.map((r) => r.files);
    console.log(`| ${name} | ${kb(median(b))} / ${kb(Math.max(...b))} | ${median(f)} / ${Math.max(...f)} | ${kinds.map((k) => kb(median(sum(rows, k)))).join(" | ")} |`);
  }
  console.log("\nper query: cold KB (files), next KB (files), next ms, total hits; next KB by kind");
  o.queries.forEach((q, i) => {
    const a = cold[i];
    const n = next[i];
    const by = kinds.filter((k) => n.by[k]).map((k) => `${k} ${kb(n.by[k])}`).join(", ");
    console.log(`  ${q.padEnd(26)} ${kb(a.bytes).padStart(7)} (${String(a.files).padStart(2)}) ${kb(n.bytes).padStart(7)} (${String(n.files).padStart(2)}) ${n.ms.toFixed(0).padStart(5)} ${String(n.total).padStart(6)}  ${by}`);
  });
  if (o.json) fs.writeFileSync(o.json, JSON.stringify({ cold, next }, null, 1));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
