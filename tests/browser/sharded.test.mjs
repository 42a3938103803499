// The sharded static index in the browser.
//
// 1. The loader (www/embed/sharded.js) against a small fake of the core's
//    `ShardedIndex` contract, in Node: what it fetches, sharing of in-flight
//    fetches, the byte cap, errors by file, bounded rounds.
// 2. Chromium over a real HTTP server: `lede index --sharded` builds a small
//    index (the BBC articles when ../shared is there, else the seeds); the
//    results of `<lede-search src="DIR/">` and `Corpus.openSharded` equal the
//    in-memory `Corpus` on the same articles; the bytes a cold and a next
//    query transfer (counted by the browser, never timed) are a small part of
//    the directory; a corrupt and a missing file fail their query with a clear
//    message and the next query still works. Part 2 skips with a message when
//    the build has no sharded index (no `ShardedIndex` in the search-only wasm,
//    or a CLI without `--sharded`).
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { serve, launch, openPage, ROOT } from "./harness.mjs";
import { openSharded, isShardedSrc, locate, MANIFEST, LEGACY_MANIFEST, MAX_ROUNDS } from "../../www/embed/sharded.js";

// ---------------------------------------------------------------------------
// Part 1: the loader against a fake core.

/**
 * A fake `ShardedIndex`: documents are split into term files by the first
 * letter of each word (`t-<letter>`) and one fragment per document (`d-<id>`);
 * a query needs the term files of its words, then the fragments of its hits
 * (a second round, as the real one does for snippets). `load` checks the
 * bytes equal the file's "content" (`ok:<path>`) and throws naming the file.
 */
function fakeIndexClass(docs) {
  const words = (s) => s.toLowerCase().match(/[a-z]+/g) || [];
  return class FakeShardedIndex {
    #loaded = new Map(); // path → size, in load order (LRU on use)
    constructor(manifest) {
      const m = JSON.parse(new TextDecoder().decode(manifest));
      if (m.format !== "fake-shards") throw new Error("not a sharded index manifest");
      this.length = m.docs;
    }
    get loadedBytes() {
      let n = 0;
      for (const v of this.#loaded.values()) n += v;
      return n;
    }
    #touch(p) {
      const v = this.#loaded.get(p);
      this.#loaded.delete(p);
      this.#loaded.set(p, v);
    }
    #hits(q) {
      const ws = words(q);
      return docs.filter((d) => ws.length && ws.every((w) => words(d.title + " " + d.text).includes(w)));
    }
    missing(q) {
      const need = [...new Set(words(q).map((w) => `t-${w[0]}`))].filter((p) => !this.#loaded.has(p));
      if (need.length) return need;
      return this.#hits(q).map((d) => `d-${d.id}`).filter((p) => !this.#loaded.has(p));
    }
    load(path, bytes) {
      if (new TextDecoder().decode(bytes) !== `ok:${path}`) throw new Error(`${path}: content hash mismatch (a corrupt file)`);
      this.#loaded.set(path, bytes.length);
    }
    search(q) {
      if (this.missing(q).length) throw new Error("search before its files were loaded");
      for (const w of words(q)) this.#touch(`t-${w[0]}`);
      const hits = this.#hits(q);
      return { total: hits.length, results: hits.map((d) => ({ id: d.id, title: d.title })), facets: {} };
    }
    get(id) {
      const d = docs.find((x) => x.id === id);
      return d && this.#loaded.has(`d-${id}`) ? { id, title: d.title, url: d.url } : undefined;
    }
    trim(max) {
      for (const p of [...this.#loaded.keys()]) {
        if (this.loadedBytes <= max) break;
        this.#loaded.delete(p);
      }
    }
  };
}

const DOCS = [
  { id: "a", title: "Budget day", text: "The chancellor sets out the budget", url: "/news/a.html" },
  { id: "b", title: "Election", text: "Blair wins the election", url: "javascript:alert(1)" },
  { id: "c", title: "Budget deficit", text: "The deficit grows", url: "https://example.org/c" },
];

/** A fake server: files by URL, every fetch counted, some files broken on purpose. */
function fakeServer(dir, { corrupt = new Set(), gone = new Set(), delay = 5 } = {}) {
  const counts = new Map();
  const fetchBytes = async (url) => {
    counts.set(url, (counts.get(url) || 0) + 1);
    await new Promise((r) => setTimeout(r, delay));
    const name = url.slice(dir.length);
    if (url === dir + MANIFEST) return new TextEncoder().encode(JSON.stringify({ format: "fake-shards", docs: DOCS.length }));
    if (gone.has(name)) throw new Error(`could not load ${url} (HTTP 404)`);
    return new TextEncoder().encode(corrupt.has(name) ? `bad:${name}` : `ok:${name}`);
  };
  return { fetchBytes, counts, corrupt, gone };
}

const DIR = "https://host.example/idx/";

describe("sharded.js against a fake ShardedIndex", () => {
  test("names: a directory or its manifest is sharded; anything else is not", () => {
    assert.equal(isShardedSrc("https://x/idx/"), true);
    assert.equal(isShardedSrc(`https://x/idx/${MANIFEST}?v=2`), true);
    assert.equal(isShardedSrc("https://x/posts.lede"), false);
    assert.equal(isShardedSrc("https://x/posts.jsonl"), false);
    assert.deepEqual(locate("idx", "https://x/a/page.html"), { dir: "https://x/a/idx/", manifest: `https://x/a/idx/${MANIFEST}` });
    assert.deepEqual(locate(`/idx/${MANIFEST}`, "https://x/a/"), { dir: "https://x/idx/", manifest: `https://x/idx/${MANIFEST}` });
    // the JSON manifest of an older format names the directory too (the core then says how to upgrade it)
    assert.equal(MANIFEST, "manifest.bin");
    assert.equal(isShardedSrc(`https://x/idx/${LEGACY_MANIFEST}`), true);
    assert.deepEqual(locate(`/idx/${LEGACY_MANIFEST}`, "https://x/a/"), { dir: "https://x/idx/", manifest: `https://x/idx/${LEGACY_MANIFEST}` });
  });

  test("a directory with only the JSON manifest of an older format: the core's version error, not a 404", async () => {
    const fetchBytes = async (url) => {
      if (url.endsWith(`/${LEGACY_MANIFEST}`)) return new TextEncoder().encode(JSON.stringify({ format: "lede-sharded", version: 3 }));
      throw new Error(`could not load ${url} (HTTP 404)`);
    };
    class Refuses {
      constructor(bytes) {
        const m = JSON.parse(new TextDecoder().decode(bytes));
        throw new Error(`unsupported sharded index version ${m.version} (\`lede merge DIR --out NEW\` rewrites it)`);
      }
    }
    await assert.rejects(openSharded(DIR, { ShardedIndex: Refuses, fetchBytes }), new RegExp(`${LEGACY_MANIFEST}: unsupported sharded index version 3 .*lede merge DIR --out NEW`));
    // no manifest at all: the error names the current manifest
    const none = async (url) => {
      throw new Error(`could not load ${url} (HTTP 404)`);
    };
    await assert.rejects(openSharded(DIR, { ShardedIndex: Refuses, fetchBytes: none }), new RegExp(`${MANIFEST} \\(HTTP 404\\)`));
  });

  test("a query fetches only its files, in rounds; a next query fetches only what is new", async () => {
    const s = fakeServer(DIR);
    const c = await openSharded(DIR, { ShardedIndex: fakeIndexClass(DOCS), fetchBytes: s.fetchBytes });
    assert.equal(c.length, 3);
    const r = await c.search("budget");
    assert.deepEqual(r.results.map((h) => h.id), ["a", "c"]);
    assert.deepEqual([...s.counts.keys()].map((u) => u.slice(DIR.length)).sort(), [MANIFEST, "d-a", "d-c", "t-b"].sort());
    // Links: relative ones resolve against the directory; only http(s) survive.
    assert.equal(r.results[0].url, "https://host.example/news/a.html");
    assert.equal(r.results[1].url, "https://example.org/c");
    const before = s.counts.size;
    const r2 = await c.search("blair");
    assert.deepEqual(r2.results.map((h) => h.id), ["b"]);
    assert.equal(r2.results[0].url, null, "a javascript: url is never handed back");
    assert.equal(s.counts.size, before + 1, "t-b is loaded already: only d-b is new");
    assert.ok([...s.counts.values()].every((n) => n === 1), "no file is fetched twice");
    assert.equal(c.stats.files, 4);
  });

  test("concurrent queries share in-flight fetches", async () => {
    const s = fakeServer(DIR, { delay: 30 });
    const c = await openSharded(DIR, { ShardedIndex: fakeIndexClass(DOCS), fetchBytes: s.fetchBytes });
    const rs = await Promise.all([c.search("budget"), c.search("budget day"), c.search("deficit budget")]);
    assert.deepEqual(rs.map((r) => r.results.map((h) => h.id)), [["a", "c"], ["a"], ["c"]]);
    assert.ok([...s.counts.values()].every((n) => n === 1), JSON.stringify([...s.counts]));
  });

  test("a corrupt file fails its query naming the file; other queries work; a repaired file loads next time", async () => {
    const s = fakeServer(DIR, { corrupt: new Set(["t-d"]) });
    const c = await openSharded(DIR, { ShardedIndex: fakeIndexClass(DOCS), fetchBytes: s.fetchBytes });
    await assert.rejects(c.search("deficit"), /t-d: content hash mismatch/);
    assert.deepEqual((await c.search("blair")).results.map((h) => h.id), ["b"]);
    s.corrupt.clear();
    assert.deepEqual((await c.search("deficit")).results.map((h) => h.id), ["c"], "the failed file is fetched afresh");
  });

  test("a damaged copy in the HTTP cache is fetched again, bypassing the cache, before the query fails", async () => {
    const s = fakeServer(DIR);
    const reloads = [];
    const cachedBad = async (url, opts = {}) => {
      if (opts.reload) reloads.push(url.slice(DIR.length));
      const b = await s.fetchBytes(url);
      return url.endsWith("/t-d") && !opts.reload ? new TextEncoder().encode("damaged") : b;
    };
    const c = await openSharded(DIR, { ShardedIndex: fakeIndexClass(DOCS), fetchBytes: cachedBad });
    assert.deepEqual((await c.search("deficit")).results.map((h) => h.id), ["c"]);
    assert.deepEqual(reloads, ["t-d"], "only the damaged file is fetched again");
  });

  test("a missing file fails its query with the HTTP status; the next query works", async () => {
    const s = fakeServer(DIR, { gone: new Set(["d-b"]) });
    const c = await openSharded(DIR, { ShardedIndex: fakeIndexClass(DOCS), fetchBytes: s.fetchBytes });
    await assert.rejects(c.search("election"), /idx\/d-b \(HTTP 404\)/);
    assert.deepEqual((await c.search("budget")).results.map((h) => h.id), ["a", "c"]);
  });

  test("the byte cap: after a query the least recently used files are dropped, and fetched again when needed", async () => {
    const s = fakeServer(DIR);
    const c = await openSharded(DIR, { ShardedIndex: fakeIndexClass(DOCS), fetchBytes: s.fetchBytes, maxBytes: 12 });
    await c.search("budget");
    assert.ok(c.loadedBytes <= 12, String(c.loadedBytes));
    await c.search("budget");
    assert.ok([...s.counts.values()].some((n) => n > 1), "a trimmed file is fetched again");
  });

  test("a corrupt manifest, a file outside the directory, a query that never settles: clear errors", async () => {
    const bad = async () => new TextEncoder().encode("{}");
    await assert.rejects(openSharded(DIR, { ShardedIndex: fakeIndexClass(DOCS), fetchBytes: bad }), new RegExp(`${MANIFEST}: not a sharded index manifest`));
    await assert.rejects(openSharded(DIR, { fetchBytes: bad }), /cannot read a sharded index/);
    const s = fakeServer(DIR);
    const Escaping = class extends fakeIndexClass(DOCS) {
      missing() {
        return ["../secret"];
      }
    };
    await assert.rejects((await openSharded(DIR, { ShardedIndex: Escaping, fetchBytes: s.fetchBytes })).search("x"), /outside its directory/);
    const Forgetful = class extends fakeIndexClass(DOCS) {
      load() {}
      missing() {
        return ["t-x"];
      }
    };
    await assert.rejects((await openSharded(DIR, { ShardedIndex: Forgetful, fetchBytes: s.fetchBytes })).search("x"), new RegExp(`after ${MAX_ROUNDS} rounds`));
    const c = await openSharded(DIR, { ShardedIndex: fakeIndexClass(DOCS), fetchBytes: s.fetchBytes });
    c.close();
    assert.throws(() => c.length, /closed/);
  });
});

// ---------------------------------------------------------------------------
// Part 2: a real sharded index in Chromium.

const LEDE = path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, "target"), "release/lede");
const SEARCH_GLUE = path.join(ROOT, "www/embed/pkg-search/lede.js");
const BBC = path.join(ROOT, "../shared/data/bbc/bbc_news_summary.jsonl");

/** Why part 2 cannot run here, or null. */
function cannotRun() {
  if (!fs.existsSync(LEDE)) return `no release CLI at ${LEDE} (cargo build --release --bin lede)`;
  if (!fs.existsSync(SEARCH_GLUE)) return "no search-only wasm in www/embed/pkg-search (bash scripts/build.sh)";
  if (!/ShardedIndex/.test(fs.readFileSync(SEARCH_GLUE, "utf8"))) return "the search-only wasm has no ShardedIndex (rebuild with bash scripts/build.sh)";
  const help = spawnSync(LEDE, ["index", "--help"], { encoding: "utf8" });
  if (!/--sharded/.test(`${help.stdout}${help.stderr}`)) return "this lede CLI has no `index --sharded`";
  return null;
}
const SKIP = cannotRun();
if (SKIP) console.log(`# sharded browser tests skipped: ${SKIP}`);

/**
 * The test corpus: the first 400 BBC articles (every category) when
 * ../shared is there, else the seed articles; JSONL with ids, titles, dates, urls.
 */
function corpusLines() {
  if (fs.existsSync(BBC)) {
    const all = fs.readFileSync(BBC, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
    const picked = all.filter((_, i) => i % 5 === 0).slice(0, 400);
    return picked.map((d, i) => JSON.stringify({ id: d.id, title: d.title, text: d.text, date: `2005-0${1 + (i % 9)}-1${i % 10}`, source: "BBC News", url: `/news/${d.id}.html` }));
  }
  const dir = path.join(ROOT, "seeds");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => {
      const [title, ...rest] = fs.readFileSync(path.join(dir, f), "utf8").split("\n");
      return JSON.stringify({ id: f.replace(/\.txt$/, ""), title: title.trim(), text: rest.join("\n").trim(), url: `/news/${f}.html` });
    });
}

/** Queries of every kind over either corpus: words, phrases, typos, prefixes, fields, operators. */
const QUERIES = [
  "election",
  "prime minister",
  '"general election"',
  "economy growth",
  "governmnet",
  "electon",
  "footbal",
  "champ",
  "mini",
  'person:"Tony Blair"',
  "place:london",
  "org:microsoft",
  "title:film",
  "music OR film",
  "england -football",
  "korea weapons",
  "shoigu",
  "minister said",
];

describe("a sharded index in Chromium (lede index --sharded)", { skip: SKIP || false }, () => {
  let tmp, idx, server, browser, dirBytes;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lede-sharded-"));
    const jsonl = path.join(tmp, "corpus.jsonl");
    fs.writeFileSync(jsonl, corpusLines().join("\n") + "\n");
    idx = path.join(tmp, "idx");
    execFileSync(LEDE, ["index", "--jsonl", jsonl, "--out", idx, "--sharded"], { stdio: "pipe" });
    execFileSync(LEDE, ["index", "--jsonl", jsonl, "--out", path.join(tmp, "ref.lede")], { stdio: "pipe" });
    dirBytes = 0;
    for (const f of fs.readdirSync(idx, { recursive: true })) {
      const st = fs.statSync(path.join(idx, f));
      if (st.isFile()) dirBytes += st.size;
    }
    const { staticServer } = await import("../../bench/scale/server.mjs");
    server = await staticServer({
      mounts: { "/embed/": path.join(ROOT, "www/embed"), "/idx/": idx, "/ref/": tmp },
      immutable: ["/idx/"],
      extra: {
        "/api.html": [
          "text/html; charset=utf-8",
          `<!doctype html><meta charset="utf-8"><title>api</title><script type="module">
import init, { Corpus, ShardedIndex } from "/embed/pkg-search/lede.js";
import { openSharded } from "/embed/sharded.js";
await init({ module_or_path: "/embed/pkg-search/lede_bg.wasm" });
window.openIdx = () => openSharded("/idx/", { ShardedIndex });
window.ref = async () => Corpus.fromBytes(new Uint8Array(await (await fetch("/ref/ref.lede")).arrayBuffer()));
window.booted = true;
</script>`,
        ],
        "/box.html": [
          "text/html; charset=utf-8",
          `<!doctype html><html lang="en"><meta charset="utf-8"><title>box</title><script type="module" src="/embed/embed.js"></script>
<main><lede-search src="/idx/" label="Search the archive" limit="10"></lede-search></main>`,
        ],
      },
    });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** A fresh visitor (empty cache) on `page`. */
  async function visit(pagePath) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(server.url + pagePath);
    return { context, page, errors };
  }

  /** The index files (not the manifest) each query fetches when it is the first, by query. */
  async function filesByQuery(queries) {
    const out = new Map();
    for (const q of queries) {
      const { context, page } = await visit("api.html");
      await page.waitForFunction(() => window.booted);
      const m = server.log.length;
      await page.evaluate(async (q) => (await window.openIdx()).search(q, { limit: 10 }), q);
      out.set(q, new Set(server.log.slice(m).map((r) => r.path).filter((p) => p.startsWith("/idx/") && !p.endsWith(`/${MANIFEST}`))));
      await context.close();
    }
    return out;
  }

  test("Corpus.openSharded gives the in-memory Corpus's results; a cold and a next query fetch a small part of the directory", async () => {
    const { context, page, errors } = await visit("api.html");
    await page.waitForFunction(() => window.booted);
    const m0 = server.log.length;
    const r = await page.evaluate(async (queries) => {
      const ref = await window.ref();
      const idx = await window.openIdx();
      const out = { length: idx.length, size: ref.size, rows: [] };
      for (const q of queries) {
        for (const opts of [{ limit: 10 }, { limit: 10, prefix: true }]) {
          const a = ref.search(q, opts);
          const b = await idx.search(q, opts);
          out.rows.push({ q, opts, ref: a.results.map((h) => h.id), got: b.results.map((h) => h.id), refTotal: a.total, total: b.total, snippet: b.results[0]?.snippet?.text ?? null, refSnippet: a.results[0]?.snippet?.text ?? null });
        }
      }
      return out;
    }, QUERIES);
    assert.equal(r.length, r.size, "the manifest's count of documents");
    // Typo and prefix expansion only see the fetched dictionary shards (by
    // design, src/search/shard/): the issue asks the same top 10 on >= 95%.
    const differ = r.rows.filter((x) => JSON.stringify(x.ref) !== JSON.stringify(x.got));
    const same = r.rows.filter((x) => !differ.includes(x));
    const snippets = same.filter((x) => x.snippet !== x.refSnippet);
    assert.ok(r.rows.filter((x) => x.ref.length > 0).length >= r.rows.length * 0.8, "the queries find something");
    const show = (xs) => JSON.stringify(xs.map(({ q, opts, ref, got }) => ({ q, opts, ref, got })));
    assert.ok(differ.length <= r.rows.length * 0.05, `top-10 ids differ from the in-memory corpus's for ${differ.length} of ${r.rows.length}: ${show(differ)}`);
    assert.ok(snippets.length <= same.length * 0.05, `the first snippet differs for ${snippets.length} of ${same.length}: ${show(snippets)}`);
    if (differ.length || snippets.length) {
      console.log(`# top 10 differs for: ${differ.map((x) => `${x.q} ${JSON.stringify(x.opts)}`).join("; ") || "none"}; first snippet differs for: ${snippets.map((x) => `${x.q} ${JSON.stringify(x.opts)}`).join("; ") || "none"}`);
    }
    const fetched = server.sent(m0, "/idx/");
    assert.ok(fetched < dirBytes, `all ${QUERIES.length * 2} queries fetched ${fetched} of the directory's ${dirBytes} bytes`);
    assert.deepEqual(errors, []);
    await context.close();

    // Bytes, counted by the server: a cold query (manifest + its files) and a next query.
    const b = await visit("api.html");
    await b.page.waitForFunction(() => window.booted);
    const c0 = server.log.length;
    await b.page.evaluate(async () => {
      window.idx = await window.openIdx();
      await window.idx.search("election", { limit: 10 });
    });
    const cold = server.sent(c0, "/idx/");
    const n0 = server.log.length;
    await b.page.evaluate(() => window.idx.search("prime minister", { limit: 10 }));
    const next = server.sent(n0, "/idx/");
    console.log(`# directory ${dirBytes} bytes in ${fs.readdirSync(idx, { recursive: true }).length} entries; cold query ${cold} bytes sent, next query ${next}`);
    assert.ok(cold > 0 && cold < dirBytes / 3, `cold query: ${cold} of ${dirBytes} bytes`);
    assert.ok(next < dirBytes / 5, `next query: ${next} of ${dirBytes} bytes`);
    const again = server.log.length;
    await b.page.evaluate(() => window.idx.search("election", { limit: 10 }));
    assert.equal(server.sent(again, "/idx/"), 0, "a repeated query fetches nothing");
    await b.context.close();
  });

  test("<lede-search src=DIR/>: the in-memory results in the box; a corrupt and a missing file fail their query with a clear message; the next query works", async () => {
    const queries = ["election", "footbal", "prime minister", "economy growth"];
    const files = await filesByQuery(queries);
    // A file the first query needs and a second query that does not need it.
    let pair = null;
    for (const [q, fs1] of files) {
      for (const f of fs1) {
        const other = queries.find((o) => o !== q && !files.get(o).has(f) && files.get(o).size > 0);
        if (other) {
          pair = { q, f, other };
          break;
        }
      }
      if (pair) break;
    }
    assert.ok(pair, `no query needs a file another does not: ${JSON.stringify([...files].map(([q, s]) => [q, [...s]]))}`);

    const { context, page, errors } = await visit("box.html");
    await page.waitForFunction(() => customElements.get("lede-search"));
    const ask = (q) =>
      page.evaluate(async (q) => {
        const el = document.querySelector("lede-search");
        const r = await el.search(q);
        const s = el.shadowRoot;
        return { ids: r.results.map((h) => h.id), urls: r.results.map((h) => h.url), sources: r.results.map((h) => h.source), status: s.querySelector("[role=status]").textContent, titles: [...s.querySelectorAll("[part=result-title]")].map((t) => t.textContent) };
      }, q);
    const ok = await ask(pair.other);
    const ref = await (async () => {
      const v = await visit("api.html");
      await v.page.waitForFunction(() => window.booted);
      const ids = await v.page.evaluate(async (q) => (await window.ref()).search(q, { limit: 10, prefix: true, fuzzy: true }).results.map((h) => h.id), pair.other);
      await v.context.close();
      return ids;
    })();
    assert.deepEqual(ok.ids, ref, "the box shows the in-memory corpus's results");
    // Each hit links to its article (the document's url, resolved against the index directory).
    const urls = JSON.parse("[" + corpusLines().join(",") + "]").reduce((m, d) => m.set(d.id, new URL(d.url, server.url + "idx/").href), new Map());
    assert.deepEqual(ok.urls, ok.ids.map((id) => urls.get(id)));
    assert.match(ok.status, /^\d+ results?$/);

    for (const fault of ["corrupt", "missing"]) {
      server.faults.set(pair.f, fault);
      const bad = await ask(pair.q);
      const name = pair.f.split("/").pop();
      assert.deepEqual(bad.ids, []);
      assert.ok(bad.status.startsWith("Search failed: ") && bad.status.includes(name), `${fault}: ${bad.status}`);
      if (fault === "missing") assert.match(bad.status, /HTTP 404/);
      const after = await ask(pair.other);
      assert.deepEqual(after.ids, ref, `after a ${fault} file, another query still works`);
      server.faults.delete(pair.f);
    }
    const healed = await ask(pair.q);
    assert.ok(healed.ids.length > 0, "once the file is served right, its query works");
    assert.deepEqual(errors, []);
    await context.close();
  });
});
