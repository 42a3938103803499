// Lede worker: every analysis, index and search runs here, off the page's main
// thread. Holds the articles (seeds and the user's), the search index when the
// search engine is present (`Corpus`), and the IndexedDB store of the user's
// articles. Talks to app.js by messages: {id, type, ...} in, {id, ok, result |
// error} out, plus {type: "progress"} events during an import.
import init, * as lede from "./pkg/lede.js";

// Start the core at once, while the first article is fetched (see `first`).
const ready = init();
const HAS_CORPUS = typeof lede.Corpus === "function";
const NAME_LABELS = new Set(["PER", "ORG", "LOC", "MISC"]);
const CHUNK_MS = 12; // work between yields during an import, so searches get in

/** id -> {id, title, text, date, source, url, user, summary} */
const docs = new Map();
let corpus = null;
let importJob = null; // {cancelled}

// ---------------------------------------------------------------- IndexedDB

let dbPromise = null;
function db() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open("lede", 1);
      req.onupgradeneeded = () => {
        const d = req.result;
        if (!d.objectStoreNames.contains("articles")) d.createObjectStore("articles", { keyPath: "id" });
        if (!d.objectStoreNames.contains("meta")) d.createObjectStore("meta");
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

async function storeAll() {
  const d = await db();
  const tx = d.transaction("articles", "readonly");
  const req = tx.objectStore("articles").getAll();
  await txDone(tx);
  return req.result;
}

async function storePut(list) {
  const d = await db();
  const tx = d.transaction("articles", "readwrite");
  const s = tx.objectStore("articles");
  for (const a of list) s.put(a);
  await txDone(tx);
}

async function storeDelete(ids) {
  const d = await db();
  const tx = d.transaction("articles", "readwrite");
  const s = tx.objectStore("articles");
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

/** Saves the search index, so a reload does not rebuild it. */
async function saveIndex() {
  if (!corpus) return;
  await metaPut("index", { bytes: corpus.toBytes(), ids: [...docs.keys()] });
}

// ---------------------------------------------------------------- analysis

/** What the chart needs from one article: its names and how often each occurs. */
function summarize(analysis) {
  const out = [];
  for (const e of analysis.entities) {
    if (NAME_LABELS.has(e.label)) out.push([e.name, e.label, e.mentions.length]);
  }
  return out;
}

/** The extracted fields the search index facets and `person:`/`org:`/... match on. */
function fieldsOf(a) {
  const f = { people: [], orgs: [], places: [], speakers: [], keyphrases: [] };
  const key = { PER: "people", ORG: "orgs", LOC: "places" };
  for (const e of a.entities) {
    const k = key[e.label];
    if (k) f[k].push(e.name, ...(e.aliases || []));
  }
  if (Array.isArray(a.quotes)) {
    for (const q of a.quotes) if (typeof q.speaker === "number" && a.entities[q.speaker]) f.speakers.push(a.entities[q.speaker].name);
  }
  if (Array.isArray(a.keyphrases)) f.keyphrases = a.keyphrases.map((k) => k.text);
  return f;
}

/** Analyzes a document for the chart and the index; sets doc.summary and doc.fields. */
function prepare(doc) {
  const a = lede.analyze(doc.text, doc.date ? { date: doc.date } : undefined);
  doc.summary = summarize(a);
  doc.fields = fieldsOf(a);
  return doc;
}

function corpusAdd(doc) {
  if (!corpus) return;
  const d = { id: doc.id, title: doc.title, text: doc.text };
  for (const k of ["date", "source", "url"]) if (doc[k]) d[k] = doc[k];
  corpus.add(d, doc.fields || undefined); // an existing id is replaced
}

function corpusRemove(id) {
  if (!corpus) return;
  try {
    corpus.remove(id);
  } catch {
    /* already gone */
  }
}

function meta(doc) {
  const { text, summary, fields, ...rest } = doc; // eslint-disable-line no-unused-vars
  return { ...rest, chars: text.length };
}

function stats() {
  const agg = new Map();
  for (const doc of docs.values()) {
    for (const [name, label, n] of doc.summary || []) {
      if (label === "MISC") continue;
      const key = label + "\u0000" + name;
      const cur = agg.get(key) || { name, label, mentions: 0, articles: [] };
      cur.mentions += n;
      cur.articles.push(doc.id);
      agg.set(key, cur);
    }
  }
  const top = {};
  for (const label of ["PER", "ORG", "LOC"]) {
    top[label] = [...agg.values()]
      .filter((e) => e.label === label)
      .sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name))
      .slice(0, 8);
  }
  return { articles: docs.size, top };
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

function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
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

/** Reads and checks every input before anything is stored: all or nothing. */
async function parseInputs(inputs) {
  const out = [];
  for (const inp of inputs) {
    if (inp.kind === "paste") {
      const text = String(inp.text || "");
      const title = String(inp.title || "").trim();
      if (!text.trim()) throw new Refused("The article has no text.");
      if (looksBinary(text)) throw new Refused("That text contains binary data.");
      out.push({ id: `paste-${hash(title + "\u0000" + text)}`, title: title || text.trim().split("\n")[0].slice(0, 80), text, source: "Pasted" });
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
    const total = list.length;
    const ready = [];
    const skipped = [];
    post({ type: "progress", done: 0, total });
    let t = performance.now();
    for (let i = 0; i < total; i++) {
      if (job.cancelled) return { cancelled: true, total };
      const doc = list[i];
      try {
        ready.push(prepare({ ...doc, user: true, added: Date.now() }));
      } catch (e) {
        skipped.push(`${doc.title}: ${e.message}`);
      }
      if (performance.now() - t > CHUNK_MS) {
        post({ type: "progress", done: i + 1, total });
        await yieldNow();
        t = performance.now();
      }
    }
    // Index, remembering what each id was before so Cancel can undo it.
    const previous = new Map();
    const undo = () => {
      for (const doc of ready) {
        if (!previous.has(doc.id)) continue;
        corpusRemove(doc.id);
        const old = previous.get(doc.id);
        if (old) {
          docs.set(doc.id, old);
          corpusAdd(old);
        } else docs.delete(doc.id);
      }
    };
    for (let i = 0; i < ready.length; i++) {
      if (job.cancelled) {
        undo();
        return { cancelled: true, total };
      }
      const doc = ready[i];
      if (docs.has(doc.id) && !docs.get(doc.id).user) {
        skipped.push(`${doc.title}: its id “${doc.id}” is a built-in article's`);
        ready.splice(i--, 1);
        continue;
      }
      if (!previous.has(doc.id)) previous.set(doc.id, docs.get(doc.id) || null);
      docs.set(doc.id, doc);
      corpusAdd(doc);
      if (performance.now() - t > CHUNK_MS) {
        post({ type: "progress", done: total, total, indexing: i + 1 });
        await yieldNow();
        t = performance.now();
      }
    }
    if (job.cancelled) {
      undo();
      return { cancelled: true, total };
    }
    try {
      await storePut(ready);
      await saveIndex();
    } catch (e) {
      undo();
      throw new Error(`The articles could not be saved in this browser (${e.message || e}).`);
    }
    post({ type: "progress", done: total, total });
    return { imported: ready.map(meta), skipped, stats: stats() };
  } finally {
    importJob = null;
  }
}

// ---------------------------------------------------------------- boot

async function boot(seeds) {
  await ready;
  let restored = false;
  let indexIds = null;
  if (HAS_CORPUS) {
    try {
      const saved = await metaGet("index");
      if (saved && saved.bytes) {
        corpus = lede.Corpus.fromBytes(saved.bytes);
        indexIds = new Set(saved.ids || []);
        restored = true;
      }
    } catch {
      restored = false;
    }
    if (!restored) corpus = new lede.Corpus();
  }
  const fetched = await Promise.all(
    seeds.map(async (s) => {
      const res = await fetch(`seeds/${encodeURIComponent(s.file)}`);
      if (!res.ok) throw new Error(`could not load “${s.title}” (${res.status})`);
      return { id: s.id, title: s.title, text: await res.text(), date: s.date, source: s.source, url: s.url };
    }),
  );
  for (const d of fetched) {
    prepare(d);
    docs.set(d.id, d);
    if (!restored || !indexIds.has(d.id)) corpusAdd(d);
  }
  let user = [];
  let storageError = null;
  try {
    user = await storeAll();
  } catch (e) {
    storageError = `Your saved articles could not be read (${e.message || e}).`;
  }
  for (const d of user) {
    d.user = true;
    if (!d.summary || !d.fields) {
      try {
        prepare(d);
      } catch {
        d.summary = [];
      }
    }
    docs.set(d.id, d);
    if (!restored || !indexIds.has(d.id)) corpusAdd(d);
  }
  if (restored) for (const id of indexIds) if (!docs.has(id)) corpusRemove(id);
  return {
    search: !!corpus,
    user: user.sort((a, b) => (a.added || 0) - (b.added || 0)).map(meta),
    stats: stats(),
    storageError,
  };
}

// ---------------------------------------------------------------- messages

function searchQuery(query, filters) {
  let q = String(query || "");
  // A filter's name also ranks (its field query), the filter itself is applied in `search`.
  for (const f of filters || []) q += ` ${f.field}:"${String(f.value).replace(/"/g, "")}"`;
  return q.trim();
}

const handlers = {
  async features() {
    await ready;
    return { search: HAS_CORPUS, version: lede.version() };
  },
  async analyze({ text, date }) {
    await ready;
    return lede.analyze(text, date ? { date } : undefined);
  },
  async open({ docId: id }) {
    await ready;
    const d = docs.get(id);
    if (!d) throw new Error("That article is not loaded.");
    return { doc: meta(d), text: d.text, analysis: lede.analyze(d.text, d.date ? { date: d.date } : undefined) };
  },
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
    await ready;
    return { manifest, id: entry.id, text, analysis: lede.analyze(text, entry.date ? { date: entry.date } : undefined) };
  },
  boot: ({ seeds }) => boot(seeds),
  async search({ query, filters, limit }) {
    await ready;
    if (!corpus) throw new Error("Search is not available in this build.");
    limit = limit || 20;
    const q = searchQuery(query, filters);
    if (!q) return { results: [], facets: { people: [], orgs: [], places: [] }, total: 0 };
    if (!filters || !filters.length) return corpus.search(q, { limit, prefix: true, fuzzy: true });
    // Facet chips filter: keep the articles that have every chosen name, and
    // count the facets over what is left.
    const r = corpus.search(q, { limit: 500, prefix: true, fuzzy: true });
    const key = { person: "people", org: "orgs", place: "places" };
    const kept = r.results.filter((hit) => {
      const f = docs.get(hit.id)?.fields;
      return f && filters.every((x) => (f[key[x.field]] || []).includes(x.value));
    });
    const facets = { people: new Map(), orgs: new Map(), places: new Map() };
    for (const hit of kept) {
      const f = docs.get(hit.id).fields;
      for (const k of Object.keys(facets)) for (const v of new Set(f[k])) facets[k].set(v, (facets[k].get(v) || 0) + 1);
    }
    const top = (m) =>
      [...m]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 10)
        .map(([value, count]) => ({ value, count }));
    return { results: kept.slice(0, limit), facets: { people: top(facets.people), orgs: top(facets.orgs), places: top(facets.places) }, total: kept.length };
  },
  import: ({ inputs }, post) => runImport(inputs, post),
  cancel() {
    if (importJob) importJob.cancelled = true;
    return { cancelling: !!importJob };
  },
  async remove({ ids }) {
    await ready;
    const gone = ids.filter((id) => docs.get(id)?.user);
    await storeDelete(gone);
    for (const id of gone) {
      docs.delete(id);
      corpusRemove(id);
    }
    await saveIndex();
    return { removed: gone, stats: stats() };
  },
  async removeAll() {
    const ids = [...docs.values()].filter((d) => d.user).map((d) => d.id);
    return handlers.remove({ ids });
  },
  async exportJsonl() {
    const lines = [];
    for (const d of docs.values()) {
      if (!d.user) continue;
      const o = { id: d.id, title: d.title, text: d.text };
      for (const k of ["date", "source", "url"]) if (d[k]) o[k] = d[k];
      lines.push(JSON.stringify(o));
    }
    return { jsonl: lines.length ? lines.join("\n") + "\n" : "", count: lines.length };
  },
};

self.onmessage = async (ev) => {
  const { id, type, ...args } = ev.data || {};
  const post = (m) => self.postMessage(m);
  const h = handlers[type];
  if (!h) {
    post({ id, ok: false, error: `unknown request ${type}` });
    return;
  }
  try {
    const result = await h(args, post);
    post({ id, ok: true, result });
  } catch (e) {
    post({ id, ok: false, error: e && e.message ? e.message : String(e) });
  }
};
