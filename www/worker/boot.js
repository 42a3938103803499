// The worker's start: the NER model decoded and warmed up while the first
// article is on its way, the saved search index restored (`restoreIndex`:
// searches answer from then on), and every article loaded (`boot`: the
// seeds fetched, the reader's read from storage; only an article that is new
// or changed, by its hash, goes through `corpus.add`). `bootFinished` and
// `indexReady` are what the other requests wait for.
import { docOf } from "../embed/engine.js";
import { engine, mark, ready } from "./core.js";
import { coreVersion, corpus, docs, hashOf, index, setCoreVersion, setCorpus, setFixes, stats, userList } from "./articles.js";
import { savedIndex, saveIndex, storeAll, storedListP, storePut } from "./storage.js";

/** Resolves once the boot is over, whether it worked or not (`bootDone`, called by worker.js's `boot` request); most requests wait for it. */
export let bootDone = () => {};
export const bootFinished = new Promise((r) => (bootDone = r));
/** Resolves once `corpus` answers searches (restored from its bytes, or the boot's own); searches wait for it. */
export let indexUp = () => {};
export const indexReady = new Promise((r) => (indexUp = r));
/** Seed texts, id -> Promise<text>, fetched once (see `fetchSeed`). */
export const seedTexts = new Map();

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

/** The index restored from its saved bytes (once): resolves to id -> hash of what it holds. */
let restoring = null;
export function restoreIndex() {
  restoring ??= (async () => {
    await ready;
    const indexed = new Map();
    try {
      const saved = await savedIndex;
      mark("boot:index-read");
      if (saved && saved.bytes && Array.isArray(saved.docs)) {
        setCorpus(await engine.restore(saved.bytes));
        for (const [id, h] of saved.docs) indexed.set(id, h);
      }
    } catch {
      setCorpus(null);
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

/**
 * Loads every article: the seeds (fetched) and the user's (stored). The index
 * is restored from its saved bytes and the names from the store; only an
 * article that is new or changed (by its hash) goes through `corpus.add`.
 */
export async function boot(seeds) {
  mark("boot:start");
  const m = await ready;
  setCoreVersion(m.version());
  // The stored articles (texts and names: the largest read) are read while the index is restored.
  const storedP = Promise.all([storeAll("seeds"), storeAll("articles"), storeAll("corrections")]);
  storedP.catch(() => {});
  const indexed = await restoreIndex(); // id -> hash of what the restored index holds
  if (corpus == null) setCorpus(await engine.create());
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
    setFixes(new Map(corrections.filter((r) => r && Array.isArray(r.ops)).map((r) => [r.id, r])));
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

/** A seed's text, fetched once (the page's first article and the others, while the first is analyzed, for the boot). */
export function fetchSeed(s) {
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
