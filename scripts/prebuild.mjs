// Writes the seeds' prebuilt analyses (www/prebuilt/, see www/prebuilt.js):
// loads the page's wasm build (www/pkg, built just before by scripts/build.sh)
// in Node and analyzes each seed of seeds/manifest.json as the page's worker
// does (`analyze(text, {date})`), so a file holds the very answer the worker
// would give. The directory is emptied first: a file is never left over from
// another build or another seed list. Prints each file's size.
// Usage: node scripts/prebuild.mjs   (after the page's wasm build)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FORMAT, textHash, optionsFor, sha256 } from "../www/prebuilt.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PKG = path.join(ROOT, "www/pkg");
const OUT = path.join(ROOT, "www/prebuilt");

const bytes = fs.readFileSync(path.join(PKG, "lede_bg.wasm"));
const lede = await import(path.join(PKG, "lede.js"));
lede.initSync({ module: new WebAssembly.Module(bytes) });
const wasm = await sha256(bytes);
const version = lede.version();
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "seeds/manifest.json"), "utf8"));

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });
let total = 0;
for (const [i, entry] of manifest.entries()) {
  // as the page reads it: fetch's text() decodes UTF-8 and drops a byte-order mark
  const text = new TextDecoder().decode(fs.readFileSync(path.join(ROOT, "seeds", entry.file)));
  const options = optionsFor(entry);
  const analysis = lede.analyze(text, options);
  const body = JSON.stringify({ format: FORMAT, version, wasm, id: entry.id, hash: textHash(text), options, text, analysis });
  // an id that is not a plain file name gets no file (the page then asks the worker)
  if (!/^[\w.-]+$/.test(entry.id) || entry.id === "first") continue;
  const name = `${entry.id}.json`;
  fs.writeFileSync(path.join(OUT, name), body);
  if (i === 0) fs.writeFileSync(path.join(OUT, "first.json"), body);
  total += Buffer.byteLength(body);
  console.error(`[prebuild] www/prebuilt/${name}${i === 0 ? " (and first.json)" : ""}: ${Buffer.byteLength(body)} bytes`);
}
console.error(`[prebuild] ${manifest.length} seeds, ${total} bytes in all (core ${version}, wasm sha-256 ${wasm.slice(0, 12)}…)`);
