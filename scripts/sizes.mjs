// Prints what a host page downloads for the embed, raw, gzip (-9) and brotli
// (q 11), as a Markdown table: embed.js, the protocol, worker and engine (every
// page), the search-only wasm and its glue (with those, what <lede-search> over
// a prebuilt index costs), then the extraction wasm, its glue and the NER model
// (with the first four, what <lede-article> costs). Then one line
// `search-only wasm: …` with the search-only wasm's own three sizes, and one
// line `page wasm: …` for the page's build (www/pkg, the model compiled in).
//
// Then where the bytes go (what to cut), unless --no-breakdown:
// - each wasm by section: code, data (string tables, word lists, the
//   compiled-in model), the rest;
// - the NER model by section of its file (format v4: words, classes,
//   gazetteer, keys, rows of each stage, transitions, calibration).
// Usage: node scripts/sizes.mjs [DIR] [--model FILE] [--no-breakdown]
//   DIR defaults to www/embed (with pkg/ and pkg-search/ inside); the page's
//   wasm is read from www/pkg; --model defaults to models/ner.bin.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv.splice(i, 2)[1] : undefined;
};
const modelPath = path.resolve(opt("--model") || path.join(ROOT, "models/ner.bin"));
const breakdown = !argv.includes("--no-breakdown");
const positional = argv.filter((a) => !a.startsWith("--"));
const dir = path.resolve(positional[0] || path.join(ROOT, "www/embed"));
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sizes = (b) => ({
  raw: b.length,
  gz: zlib.gzipSync(b, { level: 9 }).length,
  br: zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const measure = (f, base = dir) => ({ f, ...sizes(fs.readFileSync(path.join(base, f))) });
const shared = ["embed.js", "protocol.js", "worker.js", "engine.js"].map((f) => measure(f));
const search = ["pkg-search/lede.js", "pkg-search/lede_bg.wasm"].map((f) => measure(f));
const article = ["pkg/lede.js", "pkg/lede_bg.wasm", "pkg/ner.bin"].map((f) => measure(f));
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
const pageDir = path.join(ROOT, "www/pkg");
const pageWasm = path.join(pageDir, "lede_bg.wasm");
const havePage = fs.existsSync(pageWasm);
if (havePage) {
  const p = measure("lede_bg.wasm", pageDir);
  const glue = measure("lede.js", pageDir);
  const both = sum([p, glue]);
  out.push(
    `page wasm: ${kb(p.raw)} raw, ${kb(p.gz)} gzip, ${kb(p.br)} brotli (www/pkg/lede_bg.wasm, model compiled in); with its glue ${kb(both.gz)} gzip = ${(both.gz / 1000).toFixed(1)} kB`,
  );
}
console.log(out.join("\n"));
if (!breakdown) process.exit(0);

// The sections of a wasm module: id, name, payload.
function wasmSections(b) {
  const leb = (at) => {
    let v = 0, shift = 0, c;
    do {
      c = b[at++];
      v += (c & 0x7f) * 2 ** shift;
      shift += 7;
    } while (c & 0x80);
    return [v, at];
  };
  const names = { 1: "types", 2: "imports", 3: "functions", 7: "exports", 10: "code", 11: "data" };
  const rows = [];
  let at = 8;
  while (at < b.length) {
    const id = b[at++];
    const [n, start] = leb(at);
    let name = names[id] || `other (${id})`;
    if (id === 0) {
      const [l, s0] = leb(start);
      name = `custom: ${b.subarray(s0, s0 + l).toString()}`;
    }
    rows.push({ name, bytes: b.subarray(start, start + n) });
    at = start + n;
  }
  return rows;
}

const table = (title, rows) => {
  const t = sum(rows);
  console.log(`\n${title}\n\n| part | raw | gzip | brotli |\n| --- | ---: | ---: | ---: |`);
  for (const r of rows) console.log(line(r.f, r));
  console.log(line("total (parts compressed apart)", t, true));
};
const wasmRows = (file) => {
  const rest = { f: "the rest", raw: 0, gz: 0, br: 0 };
  const rows = [];
  for (const sct of wasmSections(fs.readFileSync(file))) {
    if (sct.name === "code" || sct.name === "data") rows.push({ f: sct.name, ...sizes(sct.bytes) });
    else {
      const z = sizes(sct.bytes);
      rest.raw += z.raw;
      rest.gz += z.gz;
      rest.br += z.br;
    }
  }
  return [...rows, rest];
};
if (havePage) table("page wasm (www/pkg/lede_bg.wasm) by section; its data holds the model", wasmRows(pageWasm));
table("extraction wasm (pkg/lede_bg.wasm) by section", wasmRows(path.join(dir, "pkg/lede_bg.wasm")));
table("search-only wasm (pkg-search/lede_bg.wasm) by section", wasmRows(path.join(dir, "pkg-search/lede_bg.wasm")));

// The model file: magic, label count, switches, then (v4) sections
// `tag: u8, length: varint, payload` (src/extract/ner/format.rs).
const model = fs.readFileSync(modelPath);
const magic = model.subarray(0, 8).toString("latin1");
if (magic !== "LEDENER\x04") {
  console.log(`\n${path.relative(ROOT, modelPath)}: ${kb(model.length)}, format ${magic.charCodeAt(7)} (no sections before v4)`);
} else {
  const names = ["words", "classes", "gazetteer", "keys", "rows 1", "rows 2", "trans", "calib"];
  const rows = [{ f: "header", ...sizes(model.subarray(0, 16)) }];
  let at = 16;
  while (at < model.length) {
    const tag = model[at];
    let n = 0, shift = 0, p = at + 1, c;
    do {
      c = model[p++];
      n += (c & 0x7f) * 2 ** shift;
      shift += 7;
    } while (c & 0x80);
    rows.push({ f: names[tag - 1] || `section ${tag}`, ...sizes(model.subarray(at, p + n)) });
    at = p + n;
  }
  table(`${path.relative(ROOT, modelPath)} by section (whole file: ${kb(model.length)} raw, ${kb(sizes(model).gz)} gzip)`, rows);
}
