// The page's IndexedDB store ("lede", version 3), shared by the worker (which
// reads and writes everything) and start.js (which reads the list of the
// reader's articles and the corrections of the first article at once, before
// the worker is up). Stores:
//   "articles"     the user's articles, whole, with their names and hash;
//   "seeds"        {id, hash, entities}: a seed's names, valid while its hash matches;
//   "corrections"  {id, ops, fields}: the reader's corrections of an article;
//   "meta"         "index": the index bytes and the hash of every article in
//                  them; "list": the user's articles as the list shows them
//                  (no text, no names), so a reload lists them first.
// Names stored with an article are always the core's; the corrections are
// applied on top wherever they are read.

const NAME = "lede";
const VERSION = 3;

/** Opens the database (creating its stores when new). */
export function open() {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === "undefined") {
      reject(new Error("IndexedDB is not available"));
      return;
    }
    const req = indexedDB.open(NAME, VERSION);
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

/** Resolves when `tx` commits; rejects when it fails or aborts. */
export function txDone(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("storage transaction aborted"));
  });
}

/** The store's operations over one connection, opened on first use (`db()`). */
export function connection() {
  let dbp = null;
  const db = () => (dbp ??= open());
  /** Applies `op` to `store` for each of `items`, in one read-write transaction. */
  const writeEach = async (store, items, op) => {
    const d = await db();
    const tx = d.transaction(store, "readwrite");
    const s = tx.objectStore(store);
    for (const x of items) op(s, x);
    await txDone(tx);
  };
  return {
    db,
    /** Every record of `store`. */
    async all(store) {
      const d = await db();
      const tx = d.transaction(store, "readonly");
      const req = tx.objectStore(store).getAll();
      await txDone(tx);
      return req.result;
    },
    /** Writes `list` into `store` in one transaction. */
    async put(store, list) {
      if (list.length) await writeEach(store, list, (s, a) => s.put(a));
    },
    /** Deletes `ids` from `store` in one transaction. */
    async delete(store, ids) {
      await writeEach(store, ids, (s, id) => s.delete(id));
    },
    /** One record of `store` by key. */
    async get(store, key) {
      const d = await db();
      const tx = d.transaction(store, "readonly");
      const req = tx.objectStore(store).get(key);
      await txDone(tx);
      return req.result;
    },
  };
}

/**
 * The reader's articles as the list shows them (the "list" record), read on
 * a connection of its own that is closed after; null when none was saved or
 * the store cannot be read.
 */
export async function readList() {
  let d = null;
  try {
    d = await open();
    const tx = d.transaction("meta", "readonly");
    const req = tx.objectStore("meta").get("list");
    await txDone(tx);
    return Array.isArray(req.result) ? req.result : null;
  } catch {
    return null;
  } finally {
    d?.close();
  }
}

/**
 * The reader's corrections of one article (its `ops`, see corrections.js),
 * read on a connection of its own that is closed after: start.js reads those
 * of the first article, shown before the worker is up. `[]` when there are
 * none, null when the store cannot be read.
 */
export async function readCorrections(id) {
  let d = null;
  try {
    d = await open();
    const tx = d.transaction("corrections", "readonly");
    const req = tx.objectStore("corrections").get(String(id));
    await txDone(tx);
    return Array.isArray(req.result?.ops) ? req.result.ops : [];
  } catch {
    return null;
  } finally {
    d?.close();
  }
}
