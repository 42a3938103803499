// The worker's IndexedDB storage (the stores are described in ../store.js):
// the articles, the seeds' names, the reader's corrections, and under `meta`
// the search index's bytes with the hash of every article in it and the list
// of the reader's articles, so that a reload restores the index and shows the
// list without analyzing anything. The saved index and list are read as soon
// as the worker starts.
import { connection, txDone } from "../store.js";
import { corpus, docs, userList } from "./articles.js";

const store = connection();
export const { db } = store;
db().catch(() => {}); // opened at once: the first answers read it
export const storeAll = (name) => store.all(name);
export const storePut = (name, list) => store.put(name, list);
export const storeDelete = (name, ids) => store.delete(name, ids);
const metaGet = (key) => store.get("meta", key);

/** The saved index and list, read as soon as the worker starts (the boot waits for them). */
export const savedIndex = metaGet("index").catch(() => null);
export const storedListP = metaGet("list").then((l) => (Array.isArray(l) ? l : null), () => null);

/**
 * Saves the search index with the hash of every article in it, so a reload
 * restores it, and the list of the user's articles (`meta` of each, in the
 * order added: no text, no names), so a reload shows the list at once.
 */
export async function saveIndex() {
  if (!corpus) return;
  const d = await db();
  const tx = d.transaction("meta", "readwrite");
  const s = tx.objectStore("meta");
  s.put({ bytes: corpus.toBytes(), docs: [...docs.values()].map((x) => [x.id, x.hash]) }, "index");
  s.put(userList(), "list");
  await txDone(tx);
}
