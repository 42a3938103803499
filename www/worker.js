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
import { connection, txDone } from "./store.js";
// Imported here as well as by the engine so that every module of the worker
// is fetched in one wave, right after this file (not a wave per level).
import "./embed/sharded.js";
import * as glue from "./pkg/lede.js";

/**
 * Where the worker's start-up time goes: `[name, epoch ms]` pairs, read with
 * the `timings` request (bench/page prints them on the page's clock).
 */
const marks = [];
const mark = (name) => marks.push([name, performance.timeOrigin + performance.now()]);
mark("worker:start");

/**
 * The compiled wasm build, which the page compiles while this worker loads
 * and posts with the `wasm` request; when it cannot (`module: null`), the
 * build is fetched here.
 */
let gotWasm;
const wasm = new Promise((resolve) => (gotWasm = resolve));
const engine = createEngine({ full: { load: () => glue, wasm } });
// Start the core at once, while the first article is fetched (see `first`).
const ready = engine.fullCore().then((m) => (mark("worker:core"), m));
ready.catch(() => {});
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
/** Resolves once `corpus` answers searches (restored from its bytes, or the boot's own); searches wait for it. */
let indexUp = () => {};
const indexReady = new Promise((r) => (indexUp = r));
/** Seed texts, id -> Promise<text>, fetched once (see `fetchSeed`). */
const seedTexts = new Map();

// ---------------------------------------------------------------- IndexedDB
// The stores are described in store.js.

const store = connection();
const { db } = store;
db().catch(() => {}); // opened at once: the first answers read it
const storeAll = (name) => store.all(name);
const storePut = (name, list) => store.put(name, list);
const storeDelete = (name, ids) => store.delete(name, ids);
const metaGet = (key) => store.get("meta", key);

/** The saved index and list, read as soon as the worker starts (the boot waits for them). */
const savedIndex = metaGet("index").catch(() => null);
const storedListP = metaGet("list").then((l) => (Array.isArray(l) ? l : null), () => null);

// The NER model (compiled into this build) is decoded as soon as the core is
// up, while the page is still fetching the first article: the first
// analysis then starts with it ready. Then a short made-up text is analyzed
// as the first article will be (names only) and its result dropped: the
// browser compiles a wasm function when it is first called, and the
// analysis's code cost ~200 ms to compile, paid here while the article is
// still on its way instead of after it came. On a reload with a saved index
// the index is restored first (search is what makes that page usable), and
// the model is decoded by the first analysis, as before.
const WARM_UP_TEXT =
  "LONDON, March 3 (Agency) - Prime Minister Jane Doe met United Nations officials in Geneva on Monday. " +
  "\u201cWe will act,\u201d she said of the $4.5 million plan for 12,000 people, 30% more than in 2024.";
Promise.all([ready, savedIndex])
  .then(([m, saved]) => {
    if (saved || typeof m.prepareModel !== "function") return;
    m.prepareModel();
    mark("worker:model");
    m.analyze(WARM_UP_TEXT, { quotes: false, keyphrases: 0, summary: 0 });
    mark("worker:warm");
  })
  .catch(() => {});

/**
 * Saves the search index with the hash of every article in it, so a reload
 * restores it, and the list of the user's articles (`meta` of each, in the
 * order added: no text, no names), so a reload shows the list at once.
 */
async function saveIndex() {
  if (!corpus) return;
  const d = await db();
  const tx = d.transaction("meta", "readwrite");
  const s = tx.objectStore("meta");
  s.put({ bytes: corpus.toBytes(), docs: [...docs.values()].map((x) => [x.id, x.hash]) }, "index");
  s.put(userList(), "list");
  await txDone(tx);
}

/** The user's articles as app.js lists them, in the order they were added. */
function userList() {
  return [...docs.values()].filter((d) => d.user).sort((a, b) => (a.added || 0) - (b.added || 0)).map(meta);
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
/** The index restored from its saved bytes (once): resolves to id -> hash of what it holds. */
let restoring = null;
function restoreIndex() {
  restoring ??= (async () => {
    await ready;
    const indexed = new Map();
    try {
      const saved = await savedIndex;
      mark("boot:index-read");
      if (saved && saved.bytes && Array.isArray(saved.docs)) {
        corpus = await engine.restore(saved.bytes);
        for (const [id, h] of saved.docs) indexed.set(id, h);
      }
    } catch {
      corpus = null;
      indexed.clear();
    }
    if (corpus) {
      mark("boot:index-restored");
      indexUp(); // searches answer from here on
    }
    return indexed;
  })();
  return restoring;
}

async function boot(seeds) {
  mark("boot:start");
  const m = await ready;
  coreVersion = m.version();
  // The stored articles (texts and names: the largest read) are read while the index is restored.
  const storedP = Promise.all([storeAll("seeds"), storeAll("articles"), storeAll("corrections")]);
  storedP.catch(() => {});
  const indexed = await restoreIndex(); // id -> hash of what the restored index holds
  corpus ??= await engine.create();
  const fetched = await Promise.all(
    seeds.map(async (s) => docOf({ ...s, text: await fetchSeed(s) })),
  );
  mark("boot:seeds-fetched");
  let storedSeeds = new Map();
  let user = [];
  let storageError = null;
  try {
    const [seedRows, articles, corrections] = await storedP;
    storedSeeds = new Map(seedRows.map((s) => [s.id, s]));
    user = articles;
    fixes = new Map(corrections.filter((r) => r && Array.isArray(r.ops)).map((r) => [r.id, r]));
  } catch (e) {
    storageError = `Your saved articles could not be read (${e.message || e}).`;
  }
  mark("boot:stored-read");
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
  indexUp();
  mark("boot:checked");
  const list = userList();
  const listed = await storedListP;
  const listStale = !listed || listed.length !== list.length || listed.some((x, i) => x.id !== list[i].id || x.title !== list[i].title);
  if (!storageError && (changedSeeds.length || changedUser.length || stale || listStale)) {
    try {
      await storePut("seeds", changedSeeds);
      await storePut("articles", changedUser);
      await saveIndex();
    } catch (e) {
      storageError = `The articles could not be saved in this browser (${e.message || e}).`;
    }
  }
  mark("boot:done");
  return {
    search: typeof m.Corpus === "function",
    user: list,
    stats: stats(),
    storageError,
    version: coreVersion,
  };
}

// ---------------------------------------------------------------- messages

/** A seed's text, fetched once (the page's first article and the others, while the first is analyzed, for the boot). */
function fetchSeed(s) {
  if (!seedTexts.has(s.id)) {
    const p = fetch(`seeds/${encodeURIComponent(s.file)}`).then((res) => {
      if (!res.ok) throw new Error(`could not load “${s.title}” (${res.status})`);
      return res.text();
    });
    seedTexts.set(s.id, p);
    p.catch(() => seedTexts.delete(s.id));
  }
  return seedTexts.get(s.id);
}

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

/**
 * A search. `sort` ("relevance", "newest", "oldest"), `source` (exact) and
 * `month` ("YYYY-MM") narrow and order the results by the articles' own
 * date and source: then the best 1,000 matches are read, filtered and
 * sorted here, and the hits shown that the core left without highlights
 * get them from `highlight` (the core's analyzer).
 */
async function search({ query, filters, limit, sort, source, month, uncertain }) {
  const m = await ready;
  await indexReady; // a search typed before the index is restored waits for it
  if (!corpus) throw new Error("Search is not available yet.");
  const q = searchQuery(query, filters);
  if (!q) return { results: [], facets: { people: [], orgs: [], places: [] }, total: 0 };
  const only = (filters || []).map(({ field, value }) => ({ field, value }));
  const byDate = sort === "newest" || sort === "oldest";
  if (!byDate && !source && !month) {
    const r = corpus.search(q, { limit: limit || 20, prefix: true, fuzzy: true, filters: only });
    return { ...r, facets: sureFacets(r.facets, uncertain) };
  }
  await bootFinished; // the articles' dates and sources
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
}

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
    await bootFinished;
    const lines = [];
    for (const d of docs.values()) {
      if (d.user) lines.push(JSON.stringify(docOf(d)));
    }
    return { jsonl: lines.length ? lines.join("\n") + "\n" : "", count: lines.length };
  },
};

serve(self, handlers);
