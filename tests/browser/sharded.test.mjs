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
import { openSharded, isShardedSrc, locate, MANIFEST, MAX_ROUNDS } from "../../www/embed/sharded.js";

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
      return { total: hits.length, results: hits.map((d) => ({ id: d.id, title: d.title, url: d.url })), facets: {} };
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
