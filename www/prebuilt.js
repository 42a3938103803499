// The seeds' prebuilt analyses: what the page shows first without waiting
// for its worker, its wasm or its NER model.
//
// The bundled seed articles (www/seeds/) are the same for every visitor, so
// their analyses are known before the reader arrives. The build
// (scripts/build.sh, right after the page's wasm) runs scripts/prebuild.mjs,
// which loads that very wasm build in Node and writes, for each seed,
// www/prebuilt/<id>.json (and www/prebuilt/first.json, the manifest's first
// seed, which index.html preloads):
//   {format, version, wasm, id, hash, options, text, analysis}
// `analysis` is exactly what the worker's `analyze` answers for `text` (the
// seed's) with `options` (the seed's date): the same core, the same code path.
// The files are generated, never committed (www/prebuilt/ is ignored).
//
// A file holds the seed's text too, so the first render waits for neither
// the worker nor the text's own round trip (which starts only once the list
// is in). The page shows a file only when it is this seed's, for what the
// page would ask (`format`, `id`, `options`, its text's hash), and checks the
// rest as soon as it can, the render already on screen:
//   - `hash`: the hash of the seed's text as fetched now (`textHash`);
//   - `wasm`: the SHA-256 of the wasm build the page loads (start.js digests
//     its bytes beside the compile).
// A file that fails a check (another seed text, another build) is replaced by
// the worker's analysis of the fetched text. Without a file, or with one for
// something else, or without WebCrypto (not a secure context), the worker
// analyzes the article, as before there were prebuilt files.
// This module is plain data and functions: the page (start.js, app.js) and
// the build's Node script both import it.

/** The shape of a prebuilt file this code reads. */
export const FORMAT = 1;

/**
 * A hash of a seed's text: two 32-bit FNV-1a passes (the worker's hash of an
 * article), as 16 hex digits.
 */
export function textHash(s) {
  const fnv = (seed) => {
    let h = seed;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return (h >>> 0).toString(16).padStart(8, "0");
  };
  return fnv(0x811c9dc5) + fnv(0x01000193);
}

/** The options the page's worker analyzes a seed with (app/article.js: `analyze` with the seed's date). */
export function optionsFor(entry) {
  return entry && typeof entry.date === "string" && entry.date ? { date: entry.date } : {};
}

/**
 * Whether `file` is a prebuilt analysis of the seed `entry`, made for what the
 * page asks, with its own text (the checks against the fetched text and the
 * wasm build come after: see above).
 */
export function matches(file, entry) {
  return (
    !!file &&
    typeof file === "object" &&
    file.format === FORMAT &&
    !!entry &&
    file.id === entry.id &&
    JSON.stringify(file.options) === JSON.stringify(optionsFor(entry)) &&
    typeof file.text === "string" &&
    file.hash === textHash(file.text) &&
    typeof file.wasm === "string" &&
    !!file.analysis &&
    typeof file.analysis === "object" &&
    Array.isArray(file.analysis.paragraphs) &&
    Array.isArray(file.analysis.mentions)
  );
}

/** The SHA-256 of `bytes` as lowercase hex, or null where WebCrypto is not available (not a secure context). */
export async function sha256(bytes) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const d = new Uint8Array(await subtle.digest("SHA-256", bytes));
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}
