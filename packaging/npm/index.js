// Lede for browsers and bundlers: the wasm core and its NER model, loaded on
// import (top-level await), from ./pkg/ next to this file.
//   import { analyze, Corpus } from "lede";
import init, { hasModel, loadModel } from "./pkg/lede.js";

await init({ module_or_path: new URL("./pkg/lede_bg.wasm", import.meta.url) });
if (!hasModel()) {
  const res = await fetch(new URL("./pkg/ner.bin", import.meta.url));
  if (!res.ok) throw new Error(`lede: could not load its NER model (HTTP ${res.status})`);
  loadModel(new Uint8Array(await res.arrayBuffer()));
}

export * from "./pkg/lede.js";
export { init };
