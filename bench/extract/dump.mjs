// The output of `analyze` of one web build on every BBC article (the 2,225 of
// ../shared/data/bbc, research data read in place) and on two long texts made
// of them (1 MB and 4 MB: a long text takes paths an article never does, such
// as the keyphrase engine's first counting pass), one JSON text a line, so the
// dumps of two builds can be compared byte for byte:
//
//   node bench/extract/dump.mjs MAIN_PKG > /tmp/a.jsonl
//   node bench/extract/dump.mjs NEW_PKG > /tmp/b.jsonl
//   cmp /tmp/a.jsonl /tmp/b.jsonl && echo identical
//
// Each line is `analyze(text)` with the default options (everything).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BBC = path.resolve(HERE, "../../../shared/data/bbc/bbc_news_summary.jsonl");
if (!fs.existsSync(BBC) || process.argv.length < 3) {
  console.error(`usage: node bench/extract/dump.mjs PKG_DIR (reads ${BBC}, research data not shipped)`);
  process.exit(2);
}
const dir = path.resolve(process.argv[2]);
const m = await import(pathToFileURL(path.join(dir, "lede.js")).href);
m.initSync({ module: fs.readFileSync(path.join(dir, "lede_bg.wasm")) });
const all = fs
  .readFileSync(BBC, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l).text);
const line = (x) => fs.writeSync(1, JSON.stringify(x) + "\n");
for (const t of all) line(m.analyze(t));
for (const mb of [1, 4]) {
  const parts = [];
  let bytes = 0;
  for (const t of all) {
    if (bytes >= mb << 20) break;
    parts.push(t);
    bytes += Buffer.byteLength(t) + 2;
  }
  line(m.analyze(parts.join("\n\n")));
}
