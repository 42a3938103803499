#!/usr/bin/env node
// The browser half of the scale benchmark: serves a sharded Lede index (and,
// when given, a Pagefind index of the same articles) with a real HTTP server
// (bench/scale/server.mjs: gzip/brotli like a static host, immutable hashed
// files), opens a page in Debian's Chromium (playwright-core) and counts the
// bytes each query transfers: what the server sent, headers and body, per
// response (the browser's own CDP events miss the requests of a worker, which
// Pagefind uses; a response served from the browser's cache costs 0 either
// way). Prints a table and writes JSON.
//
//   node bench/scale/browser.mjs --index DIR [--pagefind DIR] [--json OUT.json]
//
// Per engine and query:
//   cold  the query as the first thing a new visitor does (a fresh browser
//         context, empty cache): every byte from navigation on: the page, the
//         code (JS + wasm), the manifest and the index files, split as
//         "code" and "index"; and the time from navigation to results;
//   next  the same queries one after another in one context, after a warm-up
//         query: the bytes and time each adds.
// Lede answers with `Corpus.openSharded` semantics (www/embed/sharded.js over
// the search-only wasm), 10 results with snippets and highlights, prefix on
// (as <lede-search> asks); Pagefind
// with `pagefind.search(q)` and `data()` of the top 10 (its snippets).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { staticServer } from "./server.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** ~30 realistic queries over the generated archive: words, phrases, typos, prefixes, fields, operators. */
export const QUERIES = [
  "tony blair",
  "chelsea",
  "oil prices",
  "interest rates",
  '"gordon brown" budget',
  '"world cup"',
  "iraq election",
  "google",
  "mobile phone",
  "hillary clinton emails",
  "trump campaign",
  "film awards",
  "champions league",
  "yukos",
  "climate change",
  "stock exchange",
  "music downloads",
  "parliment",
  "electoin",
  "footbal",
  "microsfot",
  "econ",
  "olymp",
  'person:"Tony Blair"',
  "org:microsoft",
  "place:london",
  "title:election",
  "apple OR microsoft",
  "england -football",
  "fashion week",
];

function args(argv) {
  const o = { index: null, pagefind: null, json: null, queries: QUERIES, embed: path.join(ROOT, "www/embed") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--index") o.index = argv[++i];
    else if (a === "--pagefind") o.pagefind = argv[++i];
    else if (a === "--json") o.json = argv[++i];
    else if (a === "--embed") o.embed = argv[++i];
    else if (a === "--queries") o.queries = fs.readFileSync(argv[++i], "utf8").split("\n").filter((l) => l.trim());
    else throw new Error(`unknown argument ${a}`);
  }
  if (!o.index && !o.pagefind) throw new Error("--index DIR (a sharded Lede index) and/or --pagefind DIR is required");
  return o;
}

const LEDE_PAGE = `<!doctype html><meta charset="utf-8"><title>lede sharded</title>
<script type="module">
import init, { ShardedIndex } from "/embed/pkg-search/lede.js";
import { openSharded } from "/embed/sharded.js";
let idx = null;
window.query = async (q) => {
  if (!idx) {
    await init({ module_or_path: "/embed/pkg-search/lede_bg.wasm" });
    idx = await openSharded("/idx/", { ShardedIndex });
  }
  const t0 = performance.now();
  const r = await idx.search(q, { limit: 10, prefix: true }); // as <lede-search> asks (search as you type)
  return { ms: performance.now() - t0, total: r.total, ids: r.results.map((h) => h.id), length: idx.length };
};
window.booted = true;
</script>`;

const PAGEFIND_PAGE = `<!doctype html><meta charset="utf-8"><title>pagefind</title>
<script type="module">
let pf = null;
window.query = async (q) => {
  if (!pf) {
    pf = await import("/pagefind/pagefind.js");
    await pf.init();
  }
  const t0 = performance.now();
  const s = await pf.search(q);
  const top = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
  return { ms: performance.now() - t0, total: s.results.length, ids: top.map((d) => d.url) };
};
window.booted = true;
</script>`;

/**
 * Counts wire bytes per query from the server's own log (headers + body of each
 * response it sent): requests from the page and from any worker alike, and a
 * response the browser took from its cache costs nothing, as on a real network.
 */
function meter(server) {
  return {
    mark: () => server.log.length,
    since: (m, test = () => true) => server.log.slice(m).filter((r) => test(r.path)).reduce((n, r) => n + r.bytes, 0),
    files: (m) => server.log.length - m,
  };
}

/** Index bytes (manifest, shards, fragments; Pagefind's meta, index, fragments), as opposed to code (JS, wasm, the page). */
const isIndex = (p) => {
  if (p.startsWith("/idx/")) return true;
  if (p.startsWith("/pagefind/")) return !/\.js$/.test(p) && !/\/wasm\.[^/]*\.pagefind$/.test(p);
  return false;
};

async function settle(ms = 50) {
  await new Promise((r) => setTimeout(r, ms));
}

async function runEngine(browser, server, pagePath, queries) {
  const base = server.url;
  const cold = [];
  for (const q of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const m = meter(server);
    const m0 = m.mark();
    const t0 = Date.now();
    await page.goto(base + pagePath);
    await page.waitForFunction(() => window.booted);
    const r = await page.evaluate((q) => window.query(q), q);
    const ms = Date.now() - t0;
    await settle();
    cold.push({ query: q, all: m.since(m0), index: m.since(m0, isIndex), code: m.since(m0, (u) => !isIndex(u)), files: m.files(m0), ms, total: r.total, top: r.ids[0] ?? null });
    await context.close();
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  const m = meter(server);
  await page.goto(base + pagePath);
  await page.waitForFunction(() => window.booted);
  await page.evaluate(() => window.query("news"));
  await settle();
  const next = [];
  for (const q of queries) {
    const mk = m.mark();
    const r = await page.evaluate((q) => window.query(q), q);
    await settle();
    next.push({ query: q, bytes: m.since(mk), files: m.files(mk), ms: r.ms, total: r.total });
  }
  await context.close();
  return { cold, next };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const kb = (b) => (b / 1000).toFixed(1);

export async function main(argv = process.argv.slice(2)) {
  const o = args(argv);
  const mounts = { "/embed/": o.embed };
  if (o.index) mounts["/idx/"] = o.index;
  if (o.pagefind) mounts["/pagefind/"] = o.pagefind;
  const server = await staticServer({ mounts, extra: { "/lede.html": ["text/html; charset=utf-8", LEDE_PAGE], "/pagefind.html": ["text/html; charset=utf-8", PAGEFIND_PAGE] }, immutable: ["/idx/", "/pagefind/"] });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"] });
  const out = {};
  try {
    if (o.index) out.lede = await runEngine(browser, server, "lede.html", o.queries);
    if (o.pagefind) out.pagefind = await runEngine(browser, server, "pagefind.html", o.queries);
  } finally {
    await browser.close();
    await server.close();
  }
  const rows = [];
  for (const [name, r] of Object.entries(out)) {
    const ci = r.cold.map((x) => x.index);
    const ca = r.cold.map((x) => x.all);
    const ct = r.cold.map((x) => x.ms);
    const nb = r.next.map((x) => x.bytes);
    const nt = r.next.map((x) => x.ms);
    rows.push({
      engine: name,
      coldIndexMed: median(ci), coldIndexMax: Math.max(...ci),
      coldAllMed: median(ca), coldAllMax: Math.max(...ca), code: median(r.cold.map((x) => x.code)),
      coldMsMed: median(ct), coldMsMax: Math.max(...ct),
      nextMed: median(nb), nextMax: Math.max(...nb), nextMsMed: median(nt), nextMsMax: Math.max(...nt),
      queries: r.cold.length,
    });
  }
  console.log(`\n${o.queries.length} queries; KB = 1000 bytes sent by the server (headers + body), gzip/brotli as the browser negotiates`);
  console.log("| engine | cold: index KB med / max | cold: all KB med / max (code KB) | cold: ms to results med / max | next: KB med / max | next: ms med / max |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    console.log(`| ${r.engine} | ${kb(r.coldIndexMed)} / ${kb(r.coldIndexMax)} | ${kb(r.coldAllMed)} / ${kb(r.coldAllMax)} (${kb(r.code)}) | ${r.coldMsMed.toFixed(0)} / ${r.coldMsMax.toFixed(0)} | ${kb(r.nextMed)} / ${kb(r.nextMax)} | ${r.nextMsMed.toFixed(1)} / ${r.nextMsMax.toFixed(1)} |`);
  }
  const names = Object.keys(out);
  console.log(`\nper query: ${names.map((n) => `${n}: cold index KB, next KB, next ms, hits`).join(" | ")}`);
  o.queries.forEach((q, i) => {
    const cells = names.map((n) => {
      const r = out[n];
      return `${kb(r.cold[i].index).padStart(7)} ${kb(r.next[i].bytes).padStart(7)} ${r.next[i].ms.toFixed(1).padStart(7)} ${String(r.next[i].total).padStart(6)}`;
    });
    console.log(`  ${q.padEnd(26)} ${cells.join(" | ")}`);
  });
  if (o.json) fs.writeFileSync(o.json, JSON.stringify({ rows, ...out }, null, 1));
  return { rows, ...out };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
