// Lede page worker: the engine of the embed (embed/engine.js) over the page's
// own build (./pkg/, NER model compiled in), with the page's extras on top:
// the articles (seeds and the user's), their IndexedDB store, file import.
// Talks to app.js with the one protocol (embed/protocol.js): {id, type, ...}
// in, {id, ok, result | error} out, plus {type: "progress"} events during an
// import. Everything derived from text comes from the core: `corpus.add`
// computes an article's search fields and returns its names (the chart's
// data), stored with the article; a reload restores them and the index bytes
// and recomputes only what changed.
import { serve } from "./embed/protocol.js";
import { createEngine, docOf } from "./embed/engine.js";
import { applyToAnalysis, applyToFields, applyToNames } from "./corrections.js";

const engine = createEngine({ full: { load: () => import("./pkg/lede.js") } });
// Start the core at once, while the first article is fetched (see `first`).
const ready = engine.fullCore();
const CHUNK_MS = 12; // work between yields during an import, so searches get in
const QUOTE_ARTICLES = 40; // articles analyzed at most to list one speaker's quotes

/** id -> {id, title, text, date, source, url, user, added, hash, entities} */
const docs = new Map();
/** The search index (an engine collection), once booted. */
let corpus = null;
let importJob = null; // {cancelled}
/** The articles of the last delete, id -> article, until Undo or the next delete. */
let trash = new Map();
/**
 * The reader's corrections, id -> {id, ops, fields}: `ops` in order (see
 * corrections.js), `fields` the article's search fields as the core made them,
 * before any correction (the index holds them corrected).
 */
let fixes = new Map();
let booted = false;
let bootDone = () => {};
const bootFinished = new Promise((r) => (bootDone = r));

// ---------------------------------------------------------------- IndexedDB
// Stores: "articles" (the user's, whole, with their names and hash), "seeds"
// ({id, hash, entities}: a seed's names, valid while its hash matches),
// "corrections" ({id, ops, fields}: the reader's corrections of an article,
// seed or not) and "meta" ("index": the index bytes and the hash of every
// article in them). Names stored with an article are always the core's; the
// corrections are applied on top wherever they are read.

let dbPromise = null;
function db() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open("lede", 3);
      req.onupgradeneeded = () => {
        const d = req.result;
        if (!d.objectStoreNames.contains("articles")) d.createObjectStore("articles", { keyPath: "id" });
        if (!d.objectStoreNames.contains("seeds")) d.createObjectStore("seeds", { keyPath: "id" });
        if (!d.objectStoreNames.contains("meta")) d.createObjectStore("meta");
        if (!d.objectStoreNames.contains("corrections")) d.createObjectStore("corrections", { keyPath: "id" });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error || new Error("IndexedDB is not available"));
    });
  }
  return dbPromise;
}

function txDone(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("storage transaction aborted"));
  });
}

async function storeAll(store) {
  const d = await db();
  const tx = d.transaction(store, "readonly");
  const req = tx.objectStore(store).getAll();
  await txDone(tx);
  return req.result;
}

async function storePut(store, list) {
  if (!list.length) return;
  const d = await db();
  const tx = d.transaction(store, "readwrite");
  const s = tx.objectStore(store);
  for (const a of list) s.put(a);
  await txDone(tx);
}

async function storeDelete(store, ids) {
  const d = await db();
  const tx = d.transaction(store, "readwrite");
  const s = tx.objectStore(store);
  for (const id of ids) s.delete(id);
  await txDone(tx);
}

async function metaGet(key) {
  const d = await db();
  const tx = d.transaction("meta", "readonly");
  const req = tx.objectStore("meta").get(key);
  await txDone(tx);
  return req.result;
}

async function metaPut(key, value) {
  const d = await db();
  const tx = d.transaction("meta", "readwrite");
  tx.objectStore("meta").put(value, key);
  await txDone(tx);
}

/** Saves the search index with the hash of every article in it, so a reload restores it. */
async function saveIndex() {
  if (!corpus) return;
  await metaPut("index", { bytes: corpus.toBytes(), docs: [...docs.values()].map((d) => [d.id, d.hash]) });
}

// ---------------------------------------------------------------- articles

/** 32-bit FNV-1a of a string, as 8 hex digits. */
function hash(s, seed = 0x811c9dc5) {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

let coreVersion = "";
/** The shape of the stored names: 2 since names carry their `confidence` (older ones are computed again once). */
const NAMES_FORMAT = 2;
/** What an article's index entry and names depend on: the core's version, the names' format and the article's fields. */
function hashOf(doc) {
  const s = JSON.stringify([coreVersion, NAMES_FORMAT, doc.id, doc.title, doc.text, doc.date || "", doc.source || "", doc.url || ""]);
  return hash(s) + hash(s, 0x01000193);
}

/** Indexes an article (its fields computed by the core) and keeps its names for the chart. */
function index(doc) {
  doc.hash = hashOf(doc);
  doc.entities = corpus.add(doc).entities;
  refix(doc);
  return doc;
}

/**
 * After the core indexed `doc` afresh: when the reader corrected it, its
 * fields as the core made them are kept and the index gets the corrected ones.
 */
function refix(doc) {
  const fx = fixes.get(doc.id);
  if (!fx || !fx.ops.length || !corpus) return;
  fx.fields = corpus.corpus.get(doc.id)?.fields || fx.fields;
  corpus.corpus.add(docOf(doc), applyToFields(fx.fields, fx.ops));
}

/** An article's names (`[{name, label, mentions}]`) with the reader's corrections. */
function namesOf(doc) {
  const fx = fixes.get(doc.id);
  return fx && fx.ops.length ? applyToNames(doc.entities || [], fx.ops) : doc.entities || [];
}

/** An article as app.js lists it: no text, no names. */
function meta(doc) {
  const { text, entities, hash: _h, ...rest } = doc; // eslint-disable-line no-unused-vars
  return { ...rest, chars: text.length };
}

/**
 * Names below this confidence are uncertain (the core's `UNCERTAIN_BELOW`):
 * the chart and the facets leave them out unless the reader asks for them.
 * Names stored before names had a confidence count as sure.
 */
const UNCERTAIN_BELOW = 0.5;
const unsure = (n) => typeof n.confidence === "number" && n.confidence < UNCERTAIN_BELOW;

/** `label \0 name` of the people, organizations and places no loaded article is sure of (the facets leave them out). */
let uncertainOnly = new Set();

/**
 * The chart: the people, organizations and places named in the most articles
 * (an article counts once, however often it names them; mentions break ties).
 * `top` counts only the articles sure of a name; `topAll` counts every one;
 * `uncertain` is how many names only `topAll` has.
 */
function stats() {
  const sure = new Map();
  const all = new Map();
  const add = (agg, key, name, label, mentions, id) => {
    const cur = agg.get(key) || { name, label, mentions: 0, articles: [] };
    cur.mentions += mentions;
    cur.articles.push(id);
    agg.set(key, cur);
  };
  for (const doc of docs.values()) {
    for (const n of namesOf(doc)) {
      const { name, label, mentions } = n;
      if (label === "MISC") continue;
      const key = label + "\u0000" + name;
      add(all, key, name, label, mentions, doc.id);
      if (!unsure(n)) add(sure, key, name, label, mentions, doc.id);
    }
  }
  uncertainOnly = new Set([...all.keys()].filter((k) => !sure.has(k)));
  const rank = (agg) => {
    const top = {};
    for (const label of ["PER", "ORG", "LOC"]) {
      top[label] = [...agg.values()]
        .filter((e) => e.label === label)
        .sort((a, b) => b.articles.length - a.articles.length || b.mentions - a.mentions || a.name.localeCompare(b.name))
        .slice(0, 8);
    }
    return top;
  };
  // a few of them by name (the most mentioned), so the page can say which
  const some = [...uncertainOnly]
    .map((k) => all.get(k))
    .sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name))
    .slice(0, 20)
    .map(({ name, label }) => ({ name, label }));
  return { articles: docs.size, top: rank(sure), topAll: rank(all), uncertain: uncertainOnly.size, uncertainNames: some };
}

/** The facets without the names no article is sure of (unless `uncertain`). */
function sureFacets(facets, uncertain) {
  if (uncertain || !facets || !uncertainOnly.size) return facets;
  const out = { ...facets };
  for (const [key, label] of [["people", "PER"], ["orgs", "ORG"], ["places", "LOC"]]) {
    if (Array.isArray(facets[key])) out[key] = facets[key].filter((f) => !uncertainOnly.has(label + "\u0000" + f.value));
  }
  return out;
}

// ---------------------------------------------------------------- import

const enc = new TextDecoder("utf-8", { fatal: true });

function looksBinary(s) {
  // NUL or many C0 controls other than tab/newline: not text.
  let bad = 0;
  const n = Math.min(s.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) bad++;
  }
  return bad > n / 100 + 2;
}

class Refused extends Error {}

async function readText(file) {
  const buf = await file.arrayBuffer();
  let s;
  try {
    s = enc.decode(buf);
  } catch {
    throw new Refused(`“${file.name}” is not UTF-8 text, so it was not imported.`);
  }
  if (looksBinary(s)) throw new Refused(`“${file.name}” looks like a binary file, not text, so it was not imported.`);
  return s.replace(/^\uFEFF/, "");
}

function checkDoc(o, where) {
  if (o === null || typeof o !== "object" || Array.isArray(o)) throw new Refused(`${where} is not an article object.`);
  for (const k of ["id", "title", "text"]) {
    if (typeof o[k] !== "string" || !o[k].trim()) throw new Refused(`${where} has no “${k}” text.`);
  }
  for (const k of ["date", "source", "url"]) {
    if (o[k] != null && typeof o[k] !== "string") throw new Refused(`${where}: “${k}” must be text.`);
  }
  const doc = { id: o.id.trim(), title: o.title.trim(), text: o.text };
  if (o.date) doc.date = o.date;
  if (o.source) doc.source = o.source;
  if (o.url) doc.url = o.url;
  return doc;
}

function parseJsonl(name, s) {
  const out = [];
  const lines = s.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let o;
    try {
      o = JSON.parse(line);
    } catch {
      throw new Refused(`“${name}” is not a Lede corpus: line ${i + 1} is not JSON. Nothing was imported.`);
    }
    out.push(checkDoc(o, `“${name}” line ${i + 1}`));
  }
  if (!out.length) throw new Refused(`“${name}” has no articles in it.`);
  return out;
}

function parsePlain(name, s) {
  const lines = s.split(/\r?\n/);
  let i = 0;
  while (i < lines.length && !lines[i].trim()) i++;
  if (i >= lines.length) throw new Refused(`“${name}” is empty.`);
  let title = lines[i].trim().replace(/^#+\s*/, "");
  let body = lines.slice(i + 1).join("\n").trim();
  if (!body) {
    body = title;
    title = name.replace(/\.(txt|md|markdown)$/i, "");
  }
  return [{ id: `file-${hash(name + "\u0000" + s)}`, title, text: body, source: name }];
}

const QUOTES = /^[\s"'“”‘’«»„‚‹›`]+|[\s"'“”‘’«»„‚‹›`]+$/gu;
const TITLE_MAX = 80;

/**
 * A title for a pasted article that has none: its first sentence, without
 * surrounding quote marks, cut at a word boundary with an ellipsis when long.
 */
function titleFrom(text) {
  const first = text.trim().split(/\n/)[0].trim();
  // The first sentence end that is not an abbreviation's full stop ("Mr.", "U.S.", "J.").
  let end = first.length;
  for (const m of first.matchAll(/[.!?](?=["'”’»]?(\s|$))/gu)) {
    const word = first.slice(0, m.index).split(/\s/).pop();
    if (m[0] === "." && /^(Mr|Mrs|Ms|Dr|St|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Jr|Sr|No|Mt|[A-Z]|([A-Z]\.)+[A-Z])$/.test(word)) continue;
    end = m.index + 1;
    break;
  }
  let t = first.slice(0, end).replace(/[.]$/, "").replace(QUOTES, "");
  // An opening quote with no closing one (or the reverse) is stray: drop unpaired marks.
  for (const [open, close] of [["“", "”"], ["‘", "’"], ["«", "»"]]) {
    const o = t.split(open).length - 1;
    const c = t.split(close).length - 1;
    if (o !== c) t = t.split(open).join("").split(close).join("");
  }
  if ((t.split('"').length - 1) % 2) t = t.split('"').join("");
  t = t.replace(/\s+/g, " ").trim();
  if (t.length <= TITLE_MAX) return t || "Untitled";
  const cut = t.slice(0, TITLE_MAX + 1);
  const space = cut.lastIndexOf(" ");
  const head = (space > 20 ? cut.slice(0, space) : t.slice(0, TITLE_MAX)).replace(/[\s,;:–—-]+$/u, "").replace(QUOTES, "");
  return head + "…";
}

/** Reads and checks every input before anything is stored: all or nothing. */
async function parseInputs(inputs) {
  const out = [];
  for (const inp of inputs) {
    if (inp.kind === "paste") {
      const text = String(inp.text || "");
      const title = String(inp.title || "").trim();
      if (!text.trim()) throw new Refused("The article has no text.");
      if (looksBinary(text)) throw new Refused("That text contains binary data.");
      const doc = { id: `paste-${hash(title + "\u0000" + text)}`, title: title || titleFrom(text), text, source: String(inp.source || "").trim() || "Pasted" };
      const date = String(inp.date || "").trim();
      if (date) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new Refused(`“${date}” is not a date (use the date field: year, month, day).`);
        doc.date = date;
      }
      const url = String(inp.url || "").trim();
      if (url) {
        let ok = false;
        try {
          ok = ["http:", "https:"].includes(new URL(url).protocol);
        } catch {
          ok = false;
        }
        if (!ok) throw new Refused(`“${url}” is not a web address (http:// or https://).`);
        doc.url = url;
      }
      out.push(doc);
      continue;
    }
    const file = inp.file;
    const name = file.name || "file";
    const ext = (name.match(/\.([a-z0-9]+)$/i) || [, ""])[1].toLowerCase();
    if (!["txt", "md", "markdown", "jsonl", "ndjson"].includes(ext)) {
      throw new Refused(`“${name}” is not a .txt, .md or .jsonl file, so nothing was imported.`);
    }
    const s = await readText(file);
    if (ext === "jsonl" || ext === "ndjson") out.push(...parseJsonl(name, s));
    else out.push(...parsePlain(name, s));
  }
  return out;
}

/** What makes two articles' texts the same: their words, whatever the spacing. */
function textKey(text) {
  return String(text).replace(/\s+/g, " ").trim();
}

const yieldNow = () => new Promise((r) => setTimeout(r, 0));

async function runImport(inputs, post) {
  if (importJob) throw new Error("An import is already running.");
  const job = { cancelled: false };
  importJob = job;
  try {
    let list;
    try {
      list = await parseInputs(inputs);
    } catch (e) {
      if (e instanceof Refused) return { refused: e.message };
      throw e;
    }
    await bootFinished;
    const total = list.length;
    const added = [];
    const skipped = [];
    // Same text (ignoring spacing) as an article already here or earlier in this import: not added twice.
    const duplicates = [];
    const byText = new Map();
    for (const d of docs.values()) byText.set(textKey(d.text), d);
    // What each id was before, so Cancel (or a failed save) can undo the import.
    const previous = new Map();
    const undo = () => {
      for (const [id, old] of previous) {
        if (old) {
          docs.set(id, old);
          corpus.add(old);
        } else {
          docs.delete(id);
          corpus.remove(id);
        }
      }
    };
    post({ type: "progress", done: 0, total });
    let t = performance.now();
    for (let i = 0; i < total; i++) {
      if (job.cancelled) {
        undo();
        return { cancelled: true, total };
      }
      const doc = { ...list[i], user: true, added: Date.now() };
      const old = docs.get(doc.id);
      if (old && !old.user) {
        skipped.push(`${doc.title}: its id “${doc.id}” is a built-in article's`);
        continue;
      }
      const key = textKey(doc.text);
      const same = byText.get(key);
      if (same) {
        duplicates.push({ title: doc.title, id: doc.id, of: same.title, ofId: same.id });
        continue;
      }
      byText.set(key, doc);
      if (!previous.has(doc.id)) previous.set(doc.id, old || null);
      try {
        index(doc);
      } catch (e) {
        skipped.push(`${doc.title}: ${e.message}`);
        continue;
      }
      docs.set(doc.id, doc);
      added.push(doc);
      if (performance.now() - t > CHUNK_MS) {
        post({ type: "progress", done: i + 1, total });
        await yieldNow();
        t = performance.now();
      }
    }
    if (job.cancelled) {
      undo();
      return { cancelled: true, total };
    }
    try {
      await storePut("articles", added);
      await saveIndex();
    } catch (e) {
      undo();
      throw new Error(`The articles could not be saved in this browser (${e.message || e}).`);
    }
    post({ type: "progress", done: total, total });
    return { imported: added.map(meta), skipped, duplicates, stats: stats() };
  } finally {
    importJob = null;
  }
}

// ---------------------------------------------------------------- boot

/**
 * Loads every article: the seeds (fetched) and the user's (stored). The index
 * is restored from its saved bytes and the names from the store; only an
 * article that is new or changed (by its hash) goes through `corpus.add`.
 */
async function boot(seeds) {
  const m = await ready;
  coreVersion = m.version();
  const indexed = new Map(); // id -> hash of what the restored index holds
  try {
    const saved = await metaGet("index");
    if (saved && saved.bytes && Array.isArray(saved.docs)) {
      corpus = await engine.restore(saved.bytes);
      for (const [id, h] of saved.docs) indexed.set(id, h);
    }
  } catch {
    corpus = null;
    indexed.clear();
  }
  corpus ??= await engine.create();
  const fetched = await Promise.all(
    seeds.map(async (s) => {
      const res = await fetch(`seeds/${encodeURIComponent(s.file)}`);
      if (!res.ok) throw new Error(`could not load “${s.title}” (${res.status})`);
      return docOf({ ...s, text: await res.text() });
    }),
  );
  let storedSeeds = new Map();
  let user = [];
  let storageError = null;
  try {
    storedSeeds = new Map((await storeAll("seeds")).map((s) => [s.id, s]));
    user = await storeAll("articles");
    fixes = new Map((await storeAll("corrections")).filter((r) => r && Array.isArray(r.ops)).map((r) => [r.id, r]));
  } catch (e) {
    storageError = `Your saved articles could not be read (${e.message || e}).`;
  }
  /** Takes the stored names when both they and the index entry are current, else indexes again. */
  const load = (doc, entities) => {
    const h = hashOf(doc);
    if (indexed.get(doc.id) === h && Array.isArray(entities)) {
      doc.hash = h;
      doc.entities = entities;
      return false;
    }
    try {
      index(doc);
    } catch {
      doc.hash = ""; // not indexed: tried again on the next boot
      doc.entities = [];
    }
    return true;
  };
  const changedSeeds = [];
  for (const d of fetched) {
    const st = storedSeeds.get(d.id);
    if (load(d, st && st.hash === hashOf(d) ? st.entities : null)) changedSeeds.push({ id: d.id, hash: d.hash, entities: d.entities });
    docs.set(d.id, d);
  }
  const changedUser = [];
  for (const d of user) {
    d.user = true;
    delete d.summary; // an article stored by an older page: analyzed again once
    delete d.fields;
    if (docs.has(d.id) && !docs.get(d.id).user) continue;
    if (load(d, d.hash === hashOf(d) ? d.entities : null)) changedUser.push(d);
    docs.set(d.id, d);
  }
  let stale = false;
  for (const id of indexed.keys()) {
    if (!docs.has(id)) {
      corpus.remove(id);
      stale = true;
    }
  }
  if (!storageError && (changedSeeds.length || changedUser.length || stale)) {
    try {
      await storePut("seeds", changedSeeds);
      await storePut("articles", changedUser);
      await saveIndex();
    } catch (e) {
      storageError = `The articles could not be saved in this browser (${e.message || e}).`;
    }
  }
  return {
    search: typeof m.Corpus === "function",
    user: user.filter((d) => docs.get(d.id) === d).sort((a, b) => (a.added || 0) - (b.added || 0)).map(meta),
    stats: stats(),
    storageError,
    version: coreVersion,
  };
}

// ---------------------------------------------------------------- messages

function searchQuery(query, filters) {
  let q = String(query || "");
  // A filter's name also ranks (its field query); the core applies the filter itself.
  for (const f of filters || []) q += ` ${f.field}:"${String(f.value).replace(/"/g, "")}"`;
  return q.trim();
}

/** Gives a hit the core left without highlights (past its first 100) its matches and a snippet. */
function fillHighlights(m, h, query) {
  const d = docs.get(h.id);
  if (!d || typeof m.highlight !== "function" || !String(query || "").trim()) return;
  let ranges = [];
  try {
    ranges = m.highlight(d.text, String(query)).slice(0, 200);
  } catch {
    return;
  }
  h.matches = ranges;
  const first = ranges[0];
  const from = first ? Math.max(0, d.text.lastIndexOf(" ", Math.max(0, first.start - 60)) + 1) : 0;
  let to = Math.min(d.text.length, from + 200);
  const sp = d.text.indexOf(" ", to);
  if (sp > 0 && sp - to < 30) to = sp;
  h.snippet = {
    text: d.text.slice(from, to),
    start: from,
    end: to,
    highlights: ranges.filter((r) => r.start >= from && r.end <= to).map((r) => ({ start: r.start - from, end: r.end - from })),
  };
}

/** The engine's requests, and the page's own on top. */
const handlers = {
  ...engine.ops,
  async open({ docId: id }) {
    await ready;
    const d = docs.get(id);
    if (!d) throw new Error("That article is not loaded.");
    return { doc: meta(d), text: d.text, analysis: await engine.analyze(d.text, d.date ? { date: d.date } : undefined, { view: true }) };
  },
  analyze: ({ text, date }) => engine.analyze(text, date ? { date } : undefined, { view: true }),
  /**
   * The first paint: the article list and the article the page opens with
   * (`want`, else the first), fetched here while the core compiles, then
   * analyzed. Its analysis is also what loads the core's models.
   */
  async first({ want }) {
    const res = await fetch("seeds/manifest.json");
    if (!res.ok) throw new Error(`could not load the article list (${res.status})`);
    const manifest = await res.json();
    const entry = manifest.find((m) => m.id === want) || manifest[0];
    if (!entry) return { manifest };
    const t = await fetch(`seeds/${encodeURIComponent(entry.file)}`);
    if (!t.ok) return { manifest };
    const text = await t.text();
    return { manifest, id: entry.id, text, analysis: await engine.analyze(text, entry.date ? { date: entry.date } : undefined, { view: true }) };
  },
  boot: ({ seeds }) =>
    boot(seeds).finally(() => {
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
  async search({ query, filters, limit, sort, source, month, uncertain }) {
    const m = await ready;
    if (!corpus) throw new Error("Search is not available yet.");
    const q = searchQuery(query, filters);
    if (!q) return { results: [], facets: { people: [], orgs: [], places: [] }, total: 0 };
    const only = (filters || []).map(({ field, value }) => ({ field, value }));
    const byDate = sort === "newest" || sort === "oldest";
    if (!byDate && !source && !month) {
      const r = corpus.search(q, { limit: limit || 20, prefix: true, fuzzy: true, filters: only });
      return { ...r, facets: sureFacets(r.facets, uncertain) };
    }
    const r = corpus.search(q, { limit: 1000, prefix: true, fuzzy: true, filters: only });
    let hits = r.results.filter((h) => {
      const d = docs.get(h.id);
      return (!source || (d?.source || "") === source) && (!month || String(d?.date || "").startsWith(month));
    });
    if (byDate) {
      const dir = sort === "newest" ? -1 : 1;
      const key = (h) => String(docs.get(h.id)?.date || "");
      hits = hits.map((h, i) => [h, i]).sort(([a, i], [b, j]) => {
        const x = key(a), y = key(b);
        if (!x !== !y) return x ? -1 : 1; // undated last
        return x === y ? i - j : x < y ? -dir : dir;
      }).map(([h]) => h);
    }
    const total = hits.length;
    hits = hits.slice(0, limit || 20);
    for (const h of hits) if (!h.matches?.length) fillHighlights(m, h, query);
    return { results: hits, facets: sureFacets(r.facets, uncertain), total, capped: r.total > r.results.length };
  },
  /** The search index as bytes (`Corpus.toBytes`): a test compares them with `lede index`'s. */
  async indexBytes() {
    await ready;
    if (!corpus) throw new Error("The index is not built yet.");
    return corpus.toBytes();
  },
  import: ({ inputs }, post) => runImport(inputs, post),
  cancel() {
    if (importJob) importJob.cancelled = true;
    return { cancelling: !!importJob };
  },
  async remove({ ids }) {
    await ready;
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
    await ready;
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
  /**
   * One name across the loaded articles: the articles naming it (newest
   * first, with their dates for a timeline) and the names most often in the
   * same articles.
   */
  async across({ name, label }) {
    await bootFinished;
    const articles = [];
    const with_ = new Map();
    for (const d of docs.values()) {
      const names = namesOf(d);
      const me = names.find((n) => n.name === name && n.label === label);
      if (!me) continue;
      articles.push({ id: d.id, title: d.title, date: d.date || null, source: d.source || null, mentions: me.mentions });
      for (const n of names) {
        if (n === me || n.label === "MISC") continue;
        const k = n.label + "\u0000" + n.name;
        const cur = with_.get(k) || { name: n.name, label: n.label, articles: 0 };
        cur.articles++;
        with_.set(k, cur);
      }
    }
    articles.sort((a, b) => String(b.date || "").localeCompare(String(a.date || "")) || a.title.localeCompare(b.title));
    const mentionedWith = [...with_.values()].sort((a, b) => b.articles - a.articles || a.name.localeCompare(b.name)).slice(0, 12);
    return { name, label, articles, mentionedWith };
  },
  /**
   * Every quote by `name` across the loaded articles: the articles whose
   * speakers include them are analyzed (at most `QUOTE_ARTICLES`, newest
   * first), with each article's corrections applied.
   */
  async quotesBy({ name, label }) {
    await bootFinished;
    const picked = [];
    for (const d of docs.values()) {
      const f = corpus?.corpus.get(d.id)?.fields;
      if (f?.speakers?.includes(name) || namesOf(d).some((n) => n.name === name && n.label === label)) picked.push(d);
    }
    picked.sort((a, b) => String(b.date || "").localeCompare(String(a.date || "")));
    const quotes = [];
    for (const d of picked.slice(0, QUOTE_ARTICLES)) {
      let a;
      try {
        a = await engine.analyze(d.text, d.date ? { date: d.date } : undefined, { view: true });
      } catch {
        continue;
      }
      const fx = fixes.get(d.id);
      if (fx?.ops.length) a = applyToAnalysis(a, fx.ops);
      for (const q of a.quotes || []) {
        const who = typeof q.speaker === "number" ? a.entities[q.speaker] : null;
        if (who && who.name === name && who.label === label) quotes.push({ id: d.id, title: d.title, date: d.date || null, text: q.text ?? d.text.slice(q.start, q.end), start: q.start, end: q.end });
      }
    }
    return { name, quotes, articles: picked.length, read: Math.min(picked.length, QUOTE_ARTICLES) };
  },
  async exportJsonl() {
    const lines = [];
    for (const d of docs.values()) {
      if (d.user) lines.push(JSON.stringify(docOf(d)));
    }
    return { jsonl: lines.length ? lines.join("\n") + "\n" : "", count: lines.length };
  },
};

serve(self, handlers);
