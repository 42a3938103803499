// Lede for Node.js: the same wasm core and NER model, loaded synchronously
// from the package folder.
//   import { analyze, Corpus } from "lede";
//   const idx = await Corpus.openSharded("./search/");   // a folder, or an http(s) URL
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { pathToFileURL, fileURLToPath } from "node:url";
import init, * as core from "./pkg/lede.js";
import { openSharded, httpBytes } from "./sharded.js";

core.initSync({ module: readFileSync(new URL("./pkg/lede_bg.wasm", import.meta.url)) });
if (!core.hasModel()) core.loadModel(readFileSync(new URL("./pkg/ner.bin", import.meta.url)));

/** Reads an index file: http(s) with fetch, anything else from the file system. */
async function nodeBytes(url) {
  if (/^https?:/.test(url)) return httpBytes(url);
  try {
    return new Uint8Array(await readFile(fileURLToPath(url)));
  } catch (e) {
    throw new Error(`could not load ${fileURLToPath(url)} (${e.code || e.message})`);
  }
}

/**
 * Opens a sharded static index (`lede index --sharded`): a folder path, a file: URL
 * or an http(s) URL. Each `search` reads only the files its query needs.
 */
core.Corpus.openSharded ??= (url, options = {}) => {
  const href = /^(https?|file):/i.test(String(url)) ? String(url) : pathToFileURL(String(url)).href;
  return openSharded(href, { fetchBytes: nodeBytes, ...options, ShardedIndex: core.ShardedIndex });
};

export * from "./pkg/lede.js";
export { init };
