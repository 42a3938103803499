// The page's first moves, made before the rest of the page's code has loaded
// (index.html runs this module `async`, and app.js imports the same instance):
//  - the worker starts (worker.js: the engine, the store, the import);
//  - the page's wasm build is fetched and compiled here, streaming, as the
//    bytes arrive (compilation runs off the main thread), and the compiled
//    module is handed to the worker, which would otherwise only begin the
//    download once its own modules had loaded;
//  - the list of seeds and the first article's text are fetched, and the
//    worker asked for its analysis (`first`: its names);
//  - the list of the reader's stored articles (their titles, no text) is
//    read from IndexedDB, so the page lists them before the worker is up.
// Everything here only starts requests; app.js renders their answers.
import { connect } from "./embed/protocol.js";
import { readList } from "./store.js";

/** Where the page's wasm build is (the glue, pkg/lede.js, is the worker's). */
const WASM = new URL("./pkg/lede_bg.wasm", import.meta.url);

export const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });

/** When the worker cannot start: `message` says why, `call` (set by app.js) is told. */
export const onFail = { call: null, message: null };
export const client = connect(worker, (message) => {
  onFail.message = message;
  onFail.call?.(message);
});
export const call = client.call;

/**
 * The compiled wasm module, or null when this page cannot compile it (then
 * the worker fetches and compiles the build itself).
 */
const compiled = (async () => {
  try {
    const res = fetch(WASM);
    if (typeof WebAssembly.compileStreaming === "function") {
      try {
        return await WebAssembly.compileStreaming(res);
      } catch {
        // e.g. served without the `application/wasm` type: compile the bytes
      }
    }
    const r = await fetch(WASM);
    if (!r.ok) return null;
    return await WebAssembly.compile(await r.arrayBuffer());
  } catch {
    return null;
  }
})();
/**
 * Whether the build searches (`true`/`false`), once the worker has the
 * compiled module. A module that cannot be posted (a browser without that)
 * leaves the worker to its own download.
 */
export const searchable = compiled
  .then((module) => (performance.mark("lede:wasm-compiled"), module))
  .then((module) => call("wasm", { module }).catch(() => call("wasm", { module: null })))
  .then((r) => !!r.search);
searchable.catch(() => {});

/** The hash's `a=` (an article asked for by its link), read once at start. */
const want = new URLSearchParams(location.hash.slice(1)).get("a");

/** The list of built-in articles (the seeds), fetched here at once. */
const manifest = fetch(new URL("./seeds/manifest.json", import.meta.url)).then((res) => {
  if (!res.ok) throw new Error(`could not load the article list (${res.status})`);
  return res.json();
});
manifest.catch(() => {});

/**
 * The first article: `{manifest, id, text, analysis, partial, ops}`. Its text
 * is fetched here too (the worker would only start the two fetches once its
 * own modules had loaded), then the worker analyzes it for its names
 * (`partial`: entities and values only; the page asks for the rest after).
 */
export const firstPaint = manifest.then(async (list) => {
  // a link to an article that is not a seed (the reader's own) opens after the boot
  const entry = want ? list.find((m) => m.id === want) : list[0];
  let text = null;
  if (entry) {
    try {
      const res = await fetch(new URL(`./seeds/${encodeURIComponent(entry.file)}`, import.meta.url));
      if (res.ok) text = await res.text();
    } catch {
      text = null;
    }
  }
  performance.mark("lede:first-asked");
  return call("first", { manifest: list, docId: entry?.id ?? null, text });
});

/**
 * The article list before the core is up: `{manifest, user}` (`user`: the
 * reader's stored articles as the list shows them, no text, read from
 * IndexedDB here, or null when no list was saved).
 */
export const storedList = Promise.all([manifest, readList()]).then(([list, user]) => ({ manifest: list, user }));
