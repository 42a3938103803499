// Lede for Node.js: the same wasm core and NER model, loaded synchronously
// from the package folder.
//   import { analyze, Corpus } from "lede";
import { readFileSync } from "node:fs";
import init, { initSync, hasModel, loadModel } from "./pkg/lede.js";

initSync({ module: readFileSync(new URL("./pkg/lede_bg.wasm", import.meta.url)) });
if (!hasModel()) loadModel(readFileSync(new URL("./pkg/ner.bin", import.meta.url)));

export * from "./pkg/lede.js";
export { init };
