// Types of `import { analyze, Corpus, ... } from "lede"`: the wasm core's API
// (already initialised when the import resolves).
export * from "./pkg/lede.js";
export { default as init } from "./pkg/lede.js";
