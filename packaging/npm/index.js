// Lede for browsers and bundlers: the wasm core and its NER model, loaded on
// import (top-level await), from ./pkg/ next to this file.
//   import { analyze, Corpus } from "lede";
//   const idx = await Corpus.openSharded("/search/");   // a `lede index --sharded` directory
import init, * as core from "./pkg/lede.js";
import { openSharded } from "./sharded.js";

await init({ module_or_path: new URL("./pkg/lede_bg.wasm", import.meta.url) });
if (!core.hasModel()) {
  const res = await fetch(new URL("./pkg/ner.bin", import.meta.url));
  if (!res.ok) throw new Error(`lede: could not load its NER model (HTTP ${res.status})`);
  core.loadModel(new Uint8Array(await res.arrayBuffer()));
}

/**
 * Opens a sharded static index (`lede index --jsonl F --out DIR --sharded`) at `url`
 * (the directory, ending in `/`, or its manifest): fetches the manifest, then on
 * each `search` only the files that query needs. Options: `maxBytes` (cap on what
 * stays loaded), `fetchBytes(url)` (to read files another way).
 */
core.Corpus.openSharded ??= (url, options = {}) => openSharded(url, { ...options, ShardedIndex: core.ShardedIndex });

export * from "./pkg/lede.js";
export { init };
