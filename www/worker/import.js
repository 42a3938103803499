// The import itself: the parsed articles (parse.js) indexed one by one,
// yielding every `CHUNK_MS` so that searches get in and the page sees
// progress; an article with the text of one already here is a duplicate, not
// added twice; Cancel, or a failed save, puts every article back as it was.
// One import at a time (`importJob`).
import { corpus, docs, index, meta } from "./articles.js";
import { stats } from "./stats.js";
import { saveIndex, storePut } from "./storage.js";
import { parseInputs, Refused, textKey } from "./parse.js";
import { bootFinished } from "./boot.js";

const CHUNK_MS = 12; // work between yields during an import, so searches get in

export let importJob = null; // {cancelled}

export const yieldNow = () => new Promise((r) => setTimeout(r, 0));

export async function runImport(inputs, post) {
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
