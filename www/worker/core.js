// The page worker's engine: the embed's engine (embed/engine.js) over the
// page's own wasm build (../pkg/, NER model compiled in). The page compiles
// that build while this worker loads and posts it (the `wasm` request,
// `gotWasm`); the core starts at once (`ready`). `mark` records where the
// worker's start-up time goes, read with the `timings` request.
import { createEngine } from "../embed/engine.js";
import * as glue from "../pkg/lede.js";

/**
 * Where the worker's start-up time goes: `[name, epoch ms]` pairs, read with
 * the `timings` request (bench/page prints them on the page's clock).
 */
export const marks = [];
export const mark = (name) => marks.push([name, performance.timeOrigin + performance.now()]);
mark("worker:start");

/**
 * The compiled wasm build, which the page compiles while this worker loads
 * and posts with the `wasm` request; when it cannot (`module: null`), the
 * build is fetched here.
 */
export let gotWasm;
const wasm = new Promise((resolve) => (gotWasm = resolve));
export const engine = createEngine({ full: { load: () => glue, wasm } });
// Start the core at once, while the first article is fetched (see `first`).
export const ready = engine.fullCore().then((m) => (mark("worker:core"), m));
ready.catch(() => {});
