// Prints what a host page downloads for the embed, raw, gzip (-9) and brotli
// (q 11), as a Markdown table: embed.js, the protocol, worker and engine (every
// page), the search-only wasm and its glue (with those, what <lede-search> over
// a prebuilt index costs), then the extraction wasm, its glue and the NER model
// (with the first four, what <lede-article> costs). Then one line
// `search-only wasm: …` with the search-only wasm's own three sizes.
// Usage: node scripts/sizes.mjs [DIR]   (DIR defaults to www/embed, with pkg/ and pkg-search/ inside)
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = path.resolve(process.argv[2] || path.join(ROOT, "www/embed"));
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const measure = (f) => {
  const b = fs.readFileSync(path.join(dir, f));
  return {
    f,
    raw: b.length,
    gz: zlib.gzipSync(b, { level: 9 }).length,
    br: zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
const shared = ["embed.js", "protocol.js", "worker.js", "engine.js"].map(measure);
const search = ["pkg-search/lede.js", "pkg-search/lede_bg.wasm"].map(measure);
const article = ["pkg/lede.js", "pkg/lede_bg.wasm", "pkg/ner.bin"].map(measure);
const sum = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gz: t.gz + r.gz, br: t.br + r.br }), { raw: 0, gz: 0, br: 0 });
const line = (name, r, bold = false) => {
  const b = (s) => (bold ? `**${s}**` : s);
  return `| ${b(name)} | ${b(kb(r.raw))} | ${b(kb(r.gz))} | ${b(kb(r.br))} |`;
};
const out = ["| file | raw | gzip | brotli |", "| --- | ---: | ---: | ---: |"];
for (const r of [...shared, ...search]) out.push(line(`\`${r.f}\``, r));
out.push(line("`<lede-search>` over a prebuilt index", sum([...shared, ...search]), true));
for (const r of article) out.push(line(`\`${r.f}\`${r.f.endsWith("ner.bin") ? " (NER model)" : ""}`, r));
out.push(line("`<lede-article>` (or JSONL indexed with names): the shared four and `pkg/`", sum([...shared, ...article]), true));
const s = search[1];
out.push("", `search-only wasm: ${kb(s.raw)} raw, ${kb(s.gz)} gzip, ${kb(s.br)} brotli (pkg-search/lede_bg.wasm)`);
console.log(out.join("\n"));
