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

/** What `peek` answers when there is no database yet (a first visit). */
const FRESH = Symbol("no database yet");

/**
 * One read on a connection of its own that is closed after, without ever
 * creating or upgrading the database: on a first visit (no database yet)
 * this answers FRESH at once instead of creating the stores on the first
 * render's path (the worker creates them); with an older database, or when
 * the store cannot be read, null. `read(tx)` makes the request to wait for.
 */
async function peek(store, read) {
  let d = null;
  try {
    d = await new Promise((resolve, reject) => {
      if (typeof indexedDB === "undefined") return reject(new Error("IndexedDB is not available"));
      const req = indexedDB.open(NAME, VERSION);
      let fresh = false;
      req.onupgradeneeded = (e) => {
        fresh = e.oldVersion === 0;
        req.transaction.abort(); // a new database is not created; an old one is left as it is
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = (e) => {
        e.preventDefault?.();
        fresh ? resolve(FRESH) : reject(req.error || new Error("IndexedDB is not available"));
      };
    });
    if (d === FRESH) {
      d = null;
      return FRESH;
    }
    const tx = d.transaction(store, "readonly");
    const req = read(tx.objectStore(store));
    await txDone(tx);
    return req.result;
  } catch {
    return null;
  } finally {
    d?.close();
  }
}

/**
 * The reader's articles as the list shows them (the "list" record), null
 * when none was saved or the store cannot be read.
 */
export async function readList() {
  const r = await peek("meta", (s) => s.get("list"));
  return Array.isArray(r) ? r : null;
}

/**
 * The reader's corrections of one article (its `ops`, see corrections.js):
 * start.js reads those of the first article, shown before the worker is up.
 * `[]` when there are none, null when the store cannot be read.
 */
export async function readCorrections(id) {
  const r = await peek("corrections", (s) => s.get(String(id)));
  if (r === FRESH) return [];
  if (r === null) return null;
  return Array.isArray(r?.ops) ? r.ops : [];
}
