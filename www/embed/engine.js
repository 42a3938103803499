// Lede's engine: the one JavaScript layer over the wasm core, used by the
// embed (<lede-article>, <lede-search>, in embed/worker.js or on the page's
// thread) and by the page's worker (www/worker.js, which adds storage and
// import on top). It loads the core, asks it for everything derived from text
// (analyses, search fields, facets, filters, highlights) and hands back plain
// structured-clone data; it never tokenizes, stems or matches text itself.
//
// A core comes in up to two builds, each loaded the first time it is needed:
//   full:   analyze + search (the extraction engines; the NER model is compiled
//           in, or fetched from `model` and given to `loadModel`);
//   search: search only, read-only (`Corpus.fromBytes`, `ShardedIndex`,
//           `highlight`; its `Corpus.add`/`toBytes` throw), for a prebuilt index.
// The embed ships both next to this file (pkg/ with pkg/ner.bin, pkg-search/);
// the page passes its own full build (www/pkg/, model compiled in).
//
// A `src` that names a directory (ends in `/`, or `sharded: true`) is a sharded
// static index (`lede index --sharded`): ./sharded.js fetches its manifest, then
// only the files each query needs (see there), with the search-only build.

import { isShardedSrc, openSharded } from "./sharded.js";

/** The builds the embed ships next to this file. */
export const EMBED_BUILDS = {
  full: {
    load: () => import("./pkg/lede.js"),
    wasm: new URL("./pkg/lede_bg.wasm", import.meta.url).href,
    model: new URL("./pkg/ner.bin", import.meta.url).href,
  },
  search: {
    load: () => import("./pkg-search/lede.js"),
    wasm: new URL("./pkg-search/lede_bg.wasm", import.meta.url).href,
  },
};

/** Only http(s) URLs are ever handed back as links; relative ones resolve against `base`. */
function safeUrl(url, base) {
  if (typeof url !== "string" || !url) return null;
  try {
    const u = new URL(url, base);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

/** True when the bytes look like JSON Lines (first non-blank byte is `{`). */
function looksLikeJsonl(bytes) {
  for (let i = 0; i < bytes.length && i < 64; i++) {
    const b = bytes[i];
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0xef || b === 0xbb || b === 0xbf) continue;
    return b === 0x7b;
  }
  return false;
}

/** The document `Corpus.add` takes: id, title, text and the optional metadata that is set. */
export function docOf(d) {
  const out = { id: d.id, title: d.title, text: d.text };
  for (const k of ["date", "source", "url"]) if (typeof d[k] === "string" && d[k]) out[k] = d[k];
  return out;
}

/** A `lede index` file of saved format 1 or 2 ("LEDESRCH", then the version as a u32 LE), which the search-only build does not read. */
function oldFormat(b) {
  const magic = "LEDESRCH";
  if (b.length < 12 || [...magic].some((c, i) => b[i] !== c.charCodeAt(0))) return false;
  const v = b[8] | (b[9] << 8) | (b[10] << 16) | (b[11] << 24);
  return v === 1 || v === 2;
}

/**
 * Makes an engine over `builds` ({full, search?}: `load()` imports the
 * wasm-bindgen glue; `wasm` and `model` are URLs, optional). Returns the
 * engine's functions and `ops`, its request handlers for `protocol.js`.
 */
export function createEngine(builds = EMBED_BUILDS) {
  const conf = { full: { ...builds.full }, search: builds.search ? { ...builds.search } : null };
  const cores = {}; // kind → Promise<module>
  let modelReady = null;
  /** Calls into the core, by kind: a test reads them (`counters`) to see what a boot recomputed. */
  const counts = { analyze: 0, view: 0, add: 0 };
  /** Corpora loaded by <lede-search>, by source URL → Promise<Collection>. */
  const loaded = new Map();

  function core(kind) {
    if (!cores[kind]) {
      const b = conf[kind];
      cores[kind] = (async () => {
        const m = await b.load();
        await m.default(b.wasm ? { module_or_path: b.wasm } : undefined);
        return m;
      })();
      cores[kind].catch(() => delete cores[kind]);
    }
    return cores[kind];
  }

  /** The core for search alone: the full one when it is already there, else the search-only build. */
  const searchCore = () => (cores.full || !conf.search ? core("full") : core("search"));

  /** The full core with its NER model in place (fetched once when the build has none compiled in). */
  async function fullCore() {
    const m = await core("full");
    if (typeof m.hasModel !== "function" || m.hasModel() || !conf.full.model) return m;
    if (!modelReady) {
      const url = conf.full.model;
      modelReady = (async () => {
        const res = await fetch(url);
        if (!res.ok) throw new Error(`could not load the NER model ${url} (HTTP ${res.status})`);
        m.loadModel(new Uint8Array(await res.arrayBuffer()));
      })();
      modelReady.catch(() => {
        modelReady = null;
      });
    }
    await modelReady;
    return m;
  }

  /** A core `Corpus` with counted adds; `base` resolves the relative `url`s of its documents. */
  class Collection {
    constructor(corpus, base) {
      this.corpus = corpus;
      this.base = base;
    }
    /** Adds (or replaces) a document; the core computes its fields. Resolves to `{entities}` (names for the chart). */
    add(doc) {
      counts.add++;
      return this.corpus.add(docOf(doc)) ?? { entities: [] };
    }
    remove(id) {
      try {
        return this.corpus.remove(id);
      } catch {
        return false;
      }
    }
    get size() {
      return this.corpus.size;
    }
    toBytes() {
      return this.corpus.toBytes();
    }
    /** `Corpus.search`, each hit with the document's `url` (http(s) only), `date` and `source`. */
    search(query, options) {
      const r = this.corpus.search(query, options || {});
      for (const hit of r.results) {
        const d = this.corpus.get(hit.id);
        hit.url = safeUrl(d?.url, this.base);
        if (d?.date) hit.date = d.date;
        if (d?.source) hit.source = d.source;
      }
      return r;
    }
  }

  /** An empty collection whose documents get their names extracted (the full core). */
  async function create() {
    const m = await fullCore();
    return new Collection(new m.Corpus({ entities: true }), undefined);
  }

  /**
   * A collection from `toBytes()` bytes: the search-only core (unless the
   * full one is loaded), which reads the current saved format (3); a file
   * saved in format 1 or 2 opens with the full core, which still reads them.
   */
  async function restore(bytes, base) {
    const m = oldFormat(bytes) ? await core("full") : await searchCore();
    return new Collection(m.Corpus.fromBytes(bytes), base);
  }

  /** Reads `src`: a `lede index` file, or JSON Lines indexed here (names extracted when `entities`). */
  async function load(src, entities) {
    const res = await fetch(src);
    if (!res.ok) throw new Error(`could not load ${src} (HTTP ${res.status})`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (!looksLikeJsonl(bytes)) return restore(bytes, src);
    // Indexing raw articles needs the full core (the search-only build only
    // reads indexes: its `Corpus.add` throws); with their names (people,
    // places, ... become search fields and facets) also its NER model.
    const m = entities ? await fullCore() : await core("full");
    const c = new Collection(new m.Corpus({ entities }), src);
    const lines = new TextDecoder().decode(bytes).split("\n");
    let n = 0;
    for (const [i, line] of lines.entries()) {
      if (!line.trim()) continue;
      let doc;
      try {
        doc = JSON.parse(line);
      } catch (e) {
        throw new Error(`${src}: line ${i + 1} is not JSON (${e.message})`);
      }
      c.add({ ...doc, id: String(doc.id ?? `doc-${i + 1}`), title: String(doc.title ?? ""), text: String(doc.text ?? "") });
      n++;
    }
    if (n === 0) throw new Error(`${src}: no documents`);
    return c;
  }

  /**
   * Opens the sharded index at `url` (a directory ending in `/`, or its
   * manifest) with the search-only core (the full one when it is loaded).
   * Resolves to a `ShardedCorpus` (sharded.js): `search(q, opts)` is async.
   */
  async function sharded(url, options = {}) {
    const m = await searchCore();
    return openSharded(url, { ...options, ShardedIndex: m.ShardedIndex });
  }

  /** The collection for `src`, loaded once (`sharded`: a sharded index even without a trailing `/`). */
  function collection(src, entities = true, isSharded = false) {
    const key = isSharded || isShardedSrc(src) ? `sharded:${src}` : src;
    let c = loaded.get(key);
    if (!c) {
      c = key === src ? load(src, entities !== false) : sharded(src);
      loaded.set(key, c);
      c.catch(() => loaded.delete(key));
    }
    return c;
  }

  /** Analyzes an article (`view`: to show it, which the counters keep apart). */
  async function analyze(text, options, { view = false } = {}) {
    const m = await fullCore();
    counts[view ? "view" : "analyze"]++;
    return m.analyze(text, options || {});
  }

  /** Where `query` matches in `text`, as UTF-16 ranges, by the core's own analyzer. */
  async function highlight(text, query) {
    return (await searchCore()).highlight(text, query);
  }

  /** The request handlers of the embed (and, extended, of the page): see protocol.js. */
  const ops = {
    /** Overrides where the builds are (`wasmUrl`, `searchWasmUrl`, `model`); answers once the worker runs. */
    init({ wasmUrl, searchWasmUrl, model } = {}) {
      if (wasmUrl) conf.full.wasm = wasmUrl;
      if (model) conf.full.model = model;
      if (searchWasmUrl && conf.search) conf.search.wasm = searchWasmUrl;
      return {};
    },
    analyze: ({ text, options }) => analyze(text, options, { view: true }),
    highlight: ({ text, query }) => highlight(text, query),
    async loadCorpus({ src, entities, sharded: isSharded }) {
      const c = await collection(src, entities, isSharded);
      return { size: c.size ?? null, sharded: !(c instanceof Collection) };
    },
    async search({ src, query, options, entities, sharded: isSharded }) {
      return (await collection(src, entities, isSharded)).search(query, options);
    },
    counters: () => ({ ...counts }),
  };

  return { core, fullCore, searchCore, analyze, highlight, create, restore, collection, openSharded: sharded, counters: () => ({ ...counts }), ops };
}
