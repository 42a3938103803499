// Prints what a host page downloads for the embed, raw, gzip (-9) and brotli
// (q 11), as a Markdown table: embed.js, the worker, the wasm-bindgen glue and
// the wasm (what <lede-search> alone costs), then the NER model that
// <lede-article> fetches on top.
// Usage: node scripts/sizes.mjs [DIR]   (DIR defaults to www/embed, with pkg/ inside)
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
const base = ["embed.js", "worker.js", "engine.js", "pkg/lede.js", "pkg/lede_bg.wasm"].map(measure);
const model = measure("pkg/ner.bin");
const sum = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gz: t.gz + r.gz, br: t.br + r.br }), { raw: 0, gz: 0, br: 0 });
const line = (name, r, bold = false) => {
  const b = (s) => (bold ? `**${s}**` : s);
  return `| ${b(name)} | ${b(kb(r.raw))} | ${b(kb(r.gz))} | ${b(kb(r.br))} |`;
};
const out = ["| file | raw | gzip | brotli |", "| --- | ---: | ---: | ---: |"];
for (const r of base) out.push(line(`\`${r.f}\``, r));
out.push(line("search only (`<lede-search>`)", sum(base), true));
out.push(line("`pkg/ner.bin` (NER model, fetched by `<lede-article>`)", model));
out.push(line("with `<lede-article>`", sum([...base, model]), true));
console.log(out.join("\n"));
