// Lede embed engine: the wasm core behind <lede-article> and <lede-search>.
// Runs inside the module Worker (worker.js) or, when a Worker cannot be
// started (embed.js served from another origin), on the page's own thread.
// Every operation is async and takes/returns plain structured-clone data.
import init, * as lede from "./pkg/lede.js";

let ready = null;
let modelUrl = new URL("./pkg/ner.bin", import.meta.url).href;
let modelReady = null;

/** Loads the wasm once; `wasmUrl` defaults to ./pkg/lede_bg.wasm next to this file. */
export function start(wasmUrl) {
  if (!ready) {
    const url = wasmUrl || new URL("./pkg/lede_bg.wasm", import.meta.url);
    ready = init({ module_or_path: url });
  }
  return ready;
}

/**
 * Makes sure `analyze` has its NER model: the embed's wasm is built without
 * it (so that pages with only <lede-search> never download it) and fetches
 * ./pkg/ner.bin the first time an article is analyzed.
 */
async function ensureModel() {
  await start();
  if (typeof lede.hasModel !== "function" || lede.hasModel()) return;
  if (!modelReady) {
    modelReady = (async () => {
      const res = await fetch(modelUrl);
      if (!res.ok) throw new Error(`could not load the NER model ${modelUrl} (HTTP ${res.status})`);
      lede.loadModel(new Uint8Array(await res.arrayBuffer()));
    })();
    modelReady.catch(() => {
      modelReady = null;
    });
  }
  await modelReady;
}

/** Corpora loaded by <lede-search>, by source URL: { corpus, meta: Map(id → {url,title,date,source}) }. */
const corpora = new Map();

/** Only http(s) URLs are ever handed back as links; relative ones resolve against the source. */
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

async function loadCorpus(src, entities) {
  await start();
  if (typeof lede.Corpus !== "function") {
    throw new Error("this build of Lede has no search engine (Corpus)");
  }
  const res = await fetch(src);
  if (!res.ok) throw new Error(`could not load ${src} (HTTP ${res.status})`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const meta = new Map();
  let corpus;
  if (looksLikeJsonl(bytes)) {
    // Indexing raw articles extracts their names (people, places, ... become
    // search fields and facets): that needs the NER model. A prebuilt index
    // (`lede index`) already has them and never loads the model.
    if (entities) await ensureModel();
    corpus = new lede.Corpus({ entities });
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
      const d = { id: String(doc.id ?? `doc-${i + 1}`), title: String(doc.title ?? ""), text: String(doc.text ?? "") };
      for (const k of ["date", "source", "url"]) if (typeof doc[k] === "string") d[k] = doc[k];
      corpus.add(d);
      meta.set(d.id, { url: safeUrl(d.url, src), title: d.title, date: d.date ?? null, source: d.source ?? null });
      n++;
    }
    if (n === 0) throw new Error(`${src}: no documents`);
  } else {
    corpus = lede.Corpus.fromBytes(bytes);
  }
  return { corpus, meta };
}

/** The operations the elements call (by name). */
export const ops = {
  async init({ wasmUrl, model }) {
    if (model) modelUrl = model;
    await start(wasmUrl);
    return { version: lede.version(), search: typeof lede.Corpus === "function" };
  },

  async analyze({ text, options }) {
    await ensureModel();
    return lede.analyze(text, options || {});
  },

  async loadCorpus({ src, entities = true }) {
    let entry = corpora.get(src);
    if (!entry) {
      entry = loadCorpus(src, entities !== false);
      corpora.set(src, entry);
      entry.catch(() => corpora.delete(src));
    }
    const { corpus } = await entry;
    return { size: corpus.size ?? null };
  },

  async search({ src, query, options, entities }) {
    const { corpus, meta } = await ops.loadCorpus({ src, entities }).then(() => corpora.get(src));
    const r = corpus.search(query, options || {});
    for (const hit of r.results) {
      const m = meta.get(hit.id);
      let url = m?.url ?? null;
      if (!url && typeof corpus.get === "function") {
        const d = corpus.get(hit.id);
        url = safeUrl(d?.url, src);
      }
      hit.url = url;
      if (m?.date) hit.date = m.date;
      if (m?.source) hit.source = m.source;
    }
    return r;
  },

  /** Where `query` matches in `text` (one-document corpus), UTF-16 ranges; null without a search engine. */
  async matches({ text, query }) {
    await start();
    if (typeof lede.Corpus !== "function") return null;
    const c = new lede.Corpus({ entities: false });
    try {
      c.add({ id: "page", title: "", text });
      const r = c.search(query, { limit: 1, prefix: false, fuzzy: true });
      return r.results[0]?.matches ?? [];
    } finally {
      c.free?.();
    }
  },
};

/** Runs one request `{op, args}`; resolves to its result. */
export function run(op, args) {
  const f = Object.hasOwn(ops, op) ? ops[op] : null;
  if (!f) return Promise.reject(new Error(`unknown operation ${op}`));
  return f(args || {});
}
