// A sharded static index (`lede index --jsonl FILE --out DIR --sharded`) read
// over HTTP: only the files a query needs are fetched.
//
// The directory holds a small manifest and immutable, content-hashed files
// (term-range shards of dictionary + postings, per-document fragments, facet
// tables). The core's `ShardedIndex` knows which files a query needs; this
// module only moves bytes:
//
//   open:   fetch the manifest, `new ShardedIndex(manifest)`;
//   search: while (idx.missing(q, o) is not empty) fetch those files in
//           parallel and `idx.load(path, bytes)` each; then `idx.search(q, o)`.
//
// What it adds around that loop:
//   - one fetch per file however many queries want it at once (concurrent
//     queries share the in-flight request);
//   - the HTTP cache does the rest: files are content-hashed, so a host can
//     serve them `Cache-Control: immutable` and a reload costs nothing;
//   - a byte cap on what stays loaded in the core (`maxBytes`, default
//     32 MiB): after a query, when no other query is running, `idx.trim`
//     drops the least recently used files (a later query fetches them again,
//     usually from the HTTP cache);
//   - errors by file: a missing (HTTP 404) or corrupt file (the core checks its
//     content hash) fails the query that needed it with a message naming the
//     file; nothing is kept of it, so other queries work, and the same query
//     is tried afresh next time. A file that fails its hash is fetched once
//     more bypassing the HTTP cache (`cache: "reload"`) before the query
//     fails, so a damaged copy cached as immutable does not stick;
//   - bounded work: a query that keeps asking for files (a broken index) stops
//     after `MAX_ROUNDS` rounds with an error instead of looping.
//
// Plain ES module, no DOM: it runs in the embed's worker, on the page's thread
// and in Node (`fetchBytes` can read files instead of URLs).

/** The manifest's file name inside a sharded index directory (binary, formats 4 and 5). */
export const MANIFEST = "manifest.bin";

/**
 * The manifest of formats 1–3 (JSON). An index that has only this one is
 * opened so that the core can say which version it is and how to upgrade it
 * (`lede merge DIR --out NEW`).
 */
export const LEGACY_MANIFEST = "manifest.json";

const MANIFESTS = [MANIFEST, LEGACY_MANIFEST];

/** At most this many rounds of "missing → load" for one query. */
export const MAX_ROUNDS = 16;

/** Default cap (bytes) on the files kept loaded between queries. */
export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/** True when `src` names a sharded index: a directory URL (ending in `/`) or its manifest. */
export function isShardedSrc(src) {
  if (typeof src !== "string") return false;
  const path = src.replace(/[?#].*$/, "");
  return path.endsWith("/") || MANIFESTS.some((m) => path.endsWith("/" + m) || path === m);
}

/** `{dir, manifest}`: the directory (ending in `/`) and the manifest's URL for `url`. */
export function locate(url, base) {
  const u = new URL(url, base);
  u.hash = "";
  u.search = "";
  const named = MANIFESTS.find((m) => u.pathname.endsWith("/" + m));
  if (named) {
    const manifest = u.href;
    u.pathname = u.pathname.slice(0, -named.length);
    return { dir: u.href, manifest };
  }
  if (!u.pathname.endsWith("/")) u.pathname += "/";
  return { dir: u.href, manifest: new URL(MANIFEST, u).href };
}

/**
 * Fetches `url` as bytes; a clear error names the file and the HTTP status.
 * `reload`: bypass the HTTP cache (a copy cached as immutable turned out corrupt).
 */
export async function httpBytes(url, { reload = false } = {}) {
  let res;
  try {
    res = await fetch(url, reload ? { cache: "reload" } : undefined);
  } catch (e) {
    throw new Error(`could not fetch ${url}: ${e && e.message ? e.message : e}`);
  }
  if (!res.ok) throw new Error(`could not load ${url} (HTTP ${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Only http(s) URLs are handed back as links; relative ones resolve against `base`. */
function safeUrl(url, base) {
  if (typeof url !== "string" || !url) return null;
  try {
    const u = new URL(url, base);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

const message = (e) => (e && e.message ? e.message : String(e));

/**
 * A sharded index opened over HTTP: `search` fetches what a query needs.
 * Made by `openSharded`; every method but `close` may be called concurrently.
 */
export class ShardedCorpus {
  #idx;
  #dir;
  #fetchBytes;
  #maxBytes;
  #inflight = new Map(); // path → Promise<void> (fetch + load)
  #active = 0;
  #closed = false;
  /** What this corpus fetched: files and bytes (decoded sizes). */
  stats = { files: 0, bytes: 0 };

  constructor(idx, dir, { fetchBytes = httpBytes, maxBytes = DEFAULT_MAX_BYTES } = {}) {
    this.#idx = idx;
    this.#dir = dir;
    this.#fetchBytes = fetchBytes;
    this.#maxBytes = Number.isFinite(maxBytes) && maxBytes >= 0 ? maxBytes : DEFAULT_MAX_BYTES;
  }

  /** The directory this index is read from (ends in `/`). */
  get dir() {
    return this.#dir;
  }
  /** Number of documents in the index (from the manifest). */
  get length() {
    this.#open();
    return this.#idx.length;
  }
  /** Same as `length` (what `Corpus.size` is for an in-memory corpus). */
  get size() {
    return this.length;
  }
  /** Bytes of index files loaded in the core right now. */
  get loadedBytes() {
    this.#open();
    return this.#idx.loadedBytes;
  }

  #open() {
    if (this.#closed) throw new Error("this sharded index is closed");
  }

  /** The URL of an index file, refused if the path leaves the directory. */
  #url(path) {
    if (typeof path !== "string" || !path || path.includes("..") || path.startsWith("/") || path.includes("\\")) {
      throw new Error(`the index asked for a file outside its directory: ${JSON.stringify(String(path).slice(0, 80))}`);
    }
    const u = new URL(path, this.#dir).href;
    if (!u.startsWith(this.#dir)) throw new Error(`the index asked for a file outside its directory: ${path}`);
    return u;
  }

  /** Fetches and loads `path` once, whoever asks; a failure is forgotten so a later query retries. */
  #fetchLoad(path) {
    let p = this.#inflight.get(path);
    if (!p) {
      p = (async () => {
        const url = this.#url(path);
        const fetchOnce = async (reload) => {
          const bytes = await this.#fetchBytes(url, { reload });
          this.stats.files++;
          this.stats.bytes += bytes.length;
          return bytes;
        };
        const load = (bytes) => {
          try {
            this.#idx.load(path, bytes);
          } catch (e) {
            const m = message(e);
            throw new Error(m.includes(path) ? m : `${path}: ${m}`);
          }
        };
        const bytes = await fetchOnce(false);
        if (this.#closed) return;
        try {
          load(bytes);
        } catch {
          // The bytes failed their content hash: maybe a damaged copy kept by
          // the HTTP cache (the files are served immutable), so ask the
          // server once more, bypassing the cache; its answer is final.
          const again = await fetchOnce(true);
          if (!this.#closed) load(again);
        }
      })();
      this.#inflight.set(path, p);
      p.then(
        () => this.#inflight.delete(path),
        () => this.#inflight.delete(path),
      );
    }
    return p;
  }

  /** Loads every file `query` needs (the core says which), round after round. */
  async prepare(query, options = {}) {
    this.#open();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const missing = this.#idx.missing(query, options);
      if (!missing || missing.length === 0) return;
      const results = await Promise.allSettled(missing.map((p) => this.#fetchLoad(p)));
      this.#open();
      const failed = results.find((r) => r.status === "rejected");
      if (failed) throw failed.reason instanceof Error ? failed.reason : new Error(message(failed.reason));
    }
    throw new Error(`the sharded index still needs files after ${MAX_ROUNDS} rounds of loading (a broken index?)`);
  }

  /**
   * Searches: the same results as `Corpus.search` on the same articles, each hit
   * with its document's `url` (resolved against the index directory, http(s)
   * only, else null), `date` and `source`, as the embed's engine gives them for
   * an in-memory corpus. Rejects with a
   * message naming the file when a file it needs is missing or corrupt.
   */
  async search(query, options = {}) {
    this.#open();
    this.#active++;
    try {
      await this.prepare(query, options);
      const r = this.#idx.search(query, options);
      // Each hit's metadata from its fragment (loaded for this page), as the
      // in-memory engine adds it from `Corpus.get`.
      for (const hit of r.results || []) {
        const d = typeof this.#idx.get === "function" ? this.#idx.get(hit.id) : hit;
        hit.url = safeUrl(d?.url, this.#dir);
        if (d?.date) hit.date = d.date;
        if (d?.source) hit.source = d.source;
      }
      return r;
    } finally {
      this.#active--;
      // Trim only when no query is between its loads and its search, so one
      // query never evicts what another has just fetched.
      if (this.#active === 0 && !this.#closed && this.#idx.loadedBytes > this.#maxBytes) this.#idx.trim(this.#maxBytes);
    }
  }

  /** Drops loaded files until at most `maxBytes` stay (least recently used first). */
  trim(maxBytes = this.#maxBytes) {
    this.#open();
    this.#idx.trim(maxBytes);
  }

  /** Frees the core's memory; later calls throw. */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#idx.free?.();
  }
}

/**
 * Opens the sharded index at `url` (its directory, ending in `/`, or its
 * manifest). `ShardedIndex` is the core's class (from a loaded wasm build).
 * Options: `fetchBytes(url) → Promise<Uint8Array>` (default: `fetch`),
 * `maxBytes` (the cap on what stays loaded), `base` (resolves a relative `url`).
 */
export async function openSharded(url, { ShardedIndex, fetchBytes = httpBytes, maxBytes, base } = {}) {
  if (typeof ShardedIndex !== "function") {
    throw new Error("this Lede build cannot read a sharded index (no ShardedIndex in its wasm)");
  }
  let { dir, manifest } = locate(url, base ?? globalThis.location?.href);
  let bytes;
  try {
    bytes = await fetchBytes(manifest);
  } catch (e) {
    // an index of an older format has only its JSON manifest: open it, so
    // that the core says which version it is and how to upgrade it
    if (!manifest.endsWith("/" + MANIFEST)) throw e;
    const legacy = manifest.slice(0, -MANIFEST.length) + LEGACY_MANIFEST;
    try {
      bytes = await fetchBytes(legacy);
    } catch {
      throw e;
    }
    manifest = legacy;
  }
  let idx;
  try {
    idx = new ShardedIndex(bytes);
  } catch (e) {
    throw new Error(`${manifest}: ${message(e)}`);
  }
  return new ShardedCorpus(idx, dir, { fetchBytes, maxBytes });
}
