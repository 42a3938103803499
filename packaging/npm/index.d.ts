// Types of `import { analyze, Corpus, ... } from "lede"`: the wasm core's API
// (already initialised when the import resolves).
import type { SearchOptions, SearchResults } from "./pkg/lede.js";
export * from "./pkg/lede.js";
export { default as init } from "./pkg/lede.js";

/** Options of `Corpus.openSharded`. */
export interface ShardedOptions {
  /** Cap, in bytes, on the index files kept loaded between queries (least recently used dropped); default 32 MiB. */
  maxBytes?: number;
  /** Reads one index file (default: `fetch`; in Node also folders and file: URLs). */
  fetchBytes?: (url: string, options: { reload: boolean }) => Promise<Uint8Array>;
  /** Resolves a relative `url` (default: the page's location). */
  base?: string;
}

/**
 * A sharded static index opened with `Corpus.openSharded`: each `search` fetches
 * only the files its query needs (shared between concurrent queries, cached),
 * then answers as `Corpus.search` would on the same articles.
 */
export interface ShardedCorpus {
  /** Same shape as `Corpus.search`; each hit's `url` resolved against the index directory (http(s) only).
   *  Rejects with a message naming the file when a file the query needs is missing or corrupt. */
  search(query: string, options?: SearchOptions): Promise<SearchResults>;
  /** Loads the files `query` needs without searching (to warm up). */
  prepare(query: string, options?: SearchOptions): Promise<void>;
  /** Documents in the index. */
  readonly length: number;
  readonly size: number;
  /** Bytes of index files loaded now. */
  readonly loadedBytes: number;
  /** Files and bytes this corpus fetched so far. */
  readonly stats: { files: number; bytes: number };
  /** The index directory (ends in `/`). */
  readonly dir: string;
  /** Drops loaded files until at most `maxBytes` stay. */
  trim(maxBytes?: number): void;
  /** Frees the index; later calls throw. */
  close(): void;
}

declare module "./pkg/lede.js" {
  namespace Corpus {
    /** Opens a `lede index --sharded` directory (URL ending in `/`, or its manifest). Rejects on a missing or corrupt manifest. */
    function openSharded(url: string, options?: ShardedOptions): Promise<ShardedCorpus>;
  }
}
