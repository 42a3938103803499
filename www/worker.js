// Lede page worker: the engine of the embed (embed/engine.js) over the page's
// own build (./pkg/, NER model compiled in), with the page's extras on top:
// the articles (seeds and the user's), their IndexedDB store, file import.
// Talks to app.js with the one protocol (embed/protocol.js): {id, type, ...}
// in, {id, ok, result | error} out, plus {type: "progress"} events during an
// import. Everything derived from text comes from the core: `corpus.add`
// computes an article's search fields and returns its names (the chart's
// data), stored with the article; a reload restores them and the index bytes
// and recomputes only what changed.
//
// This module is the protocol: the requests the worker answers (`handlers`),
// each a few lines over the modules of worker/, listed here lowest first
// (each imports only the ones above it):
//   core.js      the engine over the page's wasm build, the start-up marks
//   articles.js  the articles, the index, the corrections; indexing one article;
//                the chart's names and the facets' filter of uncertain names
//   storage.js   IndexedDB: the articles, the corrections, the saved index
//   boot.js      the start: warm-up, the saved index restored, every article loaded
//   import.js    an import: pasted text and files parsed and checked (all or
//                nothing), then indexed with progress, duplicates and Cancel
//   search.js    the page's search (sort, source, month, highlights) and one name
//                across the articles (its articles, its quotes)
// Every module of the worker is imported here, even those only its other
// modules use, so that all are fetched in one wave, right after this file
// (not a wave per level of imports).
import { serve } from "./embed/protocol.js";
import { docOf } from "./embed/engine.js";
import { applyToFields } from "./corrections.js";
import { txDone } from "./store.js";
import "./embed/sharded.js";
import * as glue from "./pkg/lede.js";
// the glue's own JS snippet (search results made into objects: src/wasm/results.rs);
// wasm-bindgen names its folder by the crate's name and version, so a new version
// moves it: tests/browser/page.test.mjs then lists it as a module of a second wave
import "./pkg/snippets/lede-3c68af2b25459f1b/inline0.js";
import { engine, gotWasm, mark, marks, ready } from "./worker/core.js";
import { corpus, docs, fixes, meta, refix, stats } from "./worker/articles.js";
import { db, savedIndex, saveIndex, storeDelete, storePut } from "./worker/storage.js";
import { boot, bootDone, bootFinished, fetchSeed, indexUp, restoreIndex, seedTexts } from "./worker/boot.js";
import { importJob, runImport, yieldNow } from "./worker/import.js";
import { across, quotesBy, search } from "./worker/search.js";

/** The articles of the last delete, id -> article, until Undo or the next delete. */
let trash = new Map();
/** Whether the boot is over (before, the first article's corrections are read from the store). */
let booted = false;

/** Whether a search was asked for yet (the first one's marks, for bench/page). */
let searched = false;

/** The engine's requests, and the page's own on top. */
const handlers = {
  ...engine.ops,
  async open({ docId: id }) {
    await ready;
    if (!docs.has(id)) await bootFinished; // an article listed before the boot has read it
    const d = docs.get(id);
    if (!d) throw new Error("That article is not loaded.");
    return { doc: meta(d), text: d.text, analysis: await engine.analyze(d.text, d.date ? { date: d.date } : undefined, { view: true }) };
  },
  analyze: ({ text, date }) => engine.analyze(text, date ? { date } : undefined, { view: true }),
  /**
   * The page's compiled wasm build (`null` when the page could not compile
   * it: then it is fetched here). Answers at once whether the build searches.
   */
  wasm({ module }) {
    gotWasm(module instanceof WebAssembly.Module ? module : fetch(new URL("./pkg/lede_bg.wasm", import.meta.url)));
    return { search: typeof glue.Corpus === "function" };
  },
  /**
   * The first paint: the article the page opens with (`docId`, one of the
   * seeds of `manifest`, and its `text`, both fetched by the page while the
   * core compiles), with the reader's corrections of it, analyzed for its
   * names only (entities and values: what its highlights need). The page
   * asks for the rest of the analysis (quotes, key phrases, summary) once it
   * shows these. This analysis is also what loads the core's models. The
   * other seeds are fetched meanwhile, for the boot. With `analyze: false`
   * (the page shows the article from its prebuilt analysis) the text is only
   * kept, for the boot.
   */
  async first({ manifest, docId: id, text, analyze = true }) {
    const list = Array.isArray(manifest) ? manifest : [];
    const entry = list.find((m) => m.id === id);
    // the page's text of this one is kept (not fetched again)
    if (entry && typeof text === "string") seedTexts.set(entry.id, Promise.resolve(text));
    for (const s of list) fetchSeed(s).catch(() => {});
    if (!entry || typeof text !== "string") return { manifest: list };
    // The page shows this article from its prebuilt analysis (www/prebuilt.js): only its text is wanted here.
    if (!analyze) return { manifest: list };
    const opsP = handlers.getCorrections({ docId: entry.id });
    mark("first:text");
    // A reload with a saved index: the page lists the articles already, and
    // search is what makes it usable, so the index is restored first.
    if (await savedIndex) {
      await restoreIndex();
      await yieldNow(); // searches typed meanwhile are answered before the analysis
    }
    const options = { quotes: false, keyphrases: 0, summary: 0, ...(entry.date ? { date: entry.date } : {}) };
    // The engines not run leave empty lists: left out, so the page shows no "none found" meanwhile.
    const { quotes: _q, attributions: _a, keyphrases: _k, summary: _s, ...analysis } = await engine.analyze(text, options, { view: true }); // eslint-disable-line no-unused-vars
    mark("first:analysis");
    return { manifest: list, id: entry.id, text, analysis, partial: true, ops: await opsP };
  },
  /** Restores the saved search index (before the boot's other work): searches answer from then on. */
  async restoreIndex() {
    await restoreIndex();
    return { restored: !!corpus };
  },
  boot: ({ seeds }) =>
    boot(seeds).finally(() => {
      indexUp();
      booted = true;
      bootDone();
    }),
  /**
   * A search. `sort` ("relevance", "newest", "oldest"), `source` (exact) and
   * `month` ("YYYY-MM") narrow and order the results by the articles' own
   * date and source: then the best 1,000 matches are read, filtered and
   * sorted here, and the hits shown that the core left without highlights
   * get them from `highlight` (the core's analyzer).
   */
  async search(args) {
    const first = !searched;
    searched = true;
    if (first) mark("search:asked");
    const r = await search(args);
    if (first) mark("search:answered");
    return r;
  },
  /** The search index as bytes (`Corpus.toBytes`): a test compares them with `lede index`'s. */
  async indexBytes() {
    await ready;
    if (!corpus) throw new Error("The index is not built yet.");
    return corpus.toBytes();
  },
  import: ({ inputs }, post) => runImport(inputs, post),
  /** The worker's start-up marks (`[name, epoch ms]`), for bench/page. */
  timings: () => marks,
  cancel() {
    if (importJob) importJob.cancelled = true;
    return { cancelling: !!importJob };
  },
  async remove({ ids }) {
    await bootFinished;
    const gone = ids.filter((id) => docs.get(id)?.user);
    await storeDelete("articles", gone);
    trash = new Map();
    for (const id of gone) {
      trash.set(id, docs.get(id));
      docs.delete(id);
      corpus?.remove(id);
    }
    await saveIndex();
    return { removed: gone, stats: stats() };
  },
  /** Undo of the last delete: its articles come back, indexed and stored again. */
  async restore() {
    await bootFinished;
    const back = [...trash.values()].filter((d) => !docs.has(d.id));
    trash = new Map();
    for (const d of back) {
      docs.set(d.id, d);
      corpus?.add(d);
      refix(d);
    }
    await storePut("articles", back);
    await saveIndex();
    return { restored: back.map(meta), stats: stats() };
  },
  async removeAll() {
    const ids = [...docs.values()].filter((d) => d.user).map((d) => d.id);
    return handlers.remove({ ids });
  },
  /** The reader's corrections of an article (ops in order). */
  async getCorrections({ docId: id }) {
    if (booted) return fixes.get(id)?.ops || [];
    // Before the boot has read them all (the first article): straight from the store.
    try {
      const d = await db();
      const tx = d.transaction("corrections", "readonly");
      const req = tx.objectStore("corrections").get(String(id));
      await txDone(tx);
      return Array.isArray(req.result?.ops) ? req.result.ops : [];
    } catch {
      return [];
    }
  },
  /**
   * Replaces an article's corrections: stored, applied to its search fields
   * (the index) and to the chart's names. Undo sends the list without its last op.
   */
  async setCorrections({ docId: id, ops }) {
    await bootFinished;
    const doc = docs.get(id);
    if (!doc) throw new Error("That article is not loaded.");
    const list = Array.isArray(ops) ? ops.filter((o) => o && typeof o === "object").slice(0, 2000) : [];
    let fx = fixes.get(id);
    if (!fx) fx = { id, ops: [], fields: corpus?.corpus.get(id)?.fields || {} };
    fx.ops = list;
    if (corpus && doc.hash) corpus.corpus.add(docOf(doc), applyToFields(fx.fields, list));
    if (list.length) {
      fixes.set(id, fx);
      await storePut("corrections", [fx]);
    } else {
      fixes.delete(id);
      await storeDelete("corrections", [id]);
    }
    await saveIndex();
    return { ops: list, stats: stats() };
  },
  /** One name across the loaded articles (search.js). */
  across,
  /** Every quote by a name across the loaded articles (search.js). */
  quotesBy,
  async exportJsonl() {
    await bootFinished;
    const lines = [];
    for (const d of docs.values()) {
      if (d.user) lines.push(JSON.stringify(docOf(d)));
    }
    return { jsonl: lines.length ? lines.join("\n") + "\n" : "", count: lines.length };
  },
};

serve(self, handlers);
