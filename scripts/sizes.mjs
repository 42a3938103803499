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
//
// What each crate weighs (bench/size/README.md says how to build the inputs):
//   node scripts/sizes.mjs --crates FILE.wasm [--map FILE.map] [--top N]
// FILE.wasm is a build that kept its name section (cargo's own output, before
// wasm-bindgen and wasm-opt strip it): its code is summed by crate (the first
// path segment of each function's demangled name; `core::slice::sort` apart,
// since the standard library's sorts are monomorphized per call site) and the
// N largest functions are listed. FILE.map is the linker's map of the same
// build (`-C link-arg=--Map=FILE.map`): its data section summed by crate.
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
const crates = opt("--crates");
const linkMap = opt("--map");
const top = Number(opt("--top") || 25);
const positional = argv.filter((a) => !a.startsWith("--"));
const dir = path.resolve(positional[0] || path.join(ROOT, "www/embed"));
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sizes = (b) => ({
  raw: b.length,
  gz: zlib.gzipSync(b, { level: 9 }).length,
  br: zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const measure = (f, base = dir) => ({ f, ...sizes(fs.readFileSync(path.join(base, f))) });
if (crates) {
  crateBreakdown(crates, linkMap, top);
  process.exit(0);
}
const shared = ["embed.js", "protocol.js", "worker.js", "engine.js"].map((f) => measure(f));
// the glue's JS snippets (src/wasm/results.rs), which lede.js imports
const snippets = (d) => {
  const s = path.join(dir, d, "snippets");
  if (!fs.existsSync(s)) return [];
  return fs.readdirSync(s, { recursive: true }).filter((f) => f.endsWith(".js")).sort().map((f) => `${d}/snippets/${f}`);
};
const search = ["pkg-search/lede.js", "pkg-search/lede_bg.wasm", ...snippets("pkg-search")].map((f) => measure(f));
const article = ["pkg/lede.js", "pkg/lede_bg.wasm", "pkg/ner.bin", ...snippets("pkg")].map((f) => measure(f));
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

// An unsigned LEB128 number of `b` at `at`: [value, the offset after it].
function readLeb(b, at) {
  let v = 0, shift = 0, c;
  do {
    c = b[at++];
    v += (c & 0x7f) * 2 ** shift;
    shift += 7;
  } while (c & 0x80);
  return [v, at];
}

// The sections of a wasm module: id, name, payload.
function wasmSections(b) {
  const leb = (at) => readLeb(b, at);
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
// `tag: u8, length: varint, payload` (src/extract/ner/format/mod.rs).
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

// A Rust symbol, demangled enough to read and to group by crate: legacy
// (`_ZN4lede6search...17h<hash>E`) and v0 (`_RNv...Cs<hash>_4core...`).
function demangle(m) {
  if (m.startsWith("_ZN")) {
    const parts = [];
    let i = 3;
    while (i < m.length && m[i] !== "E") {
      let j = i;
      while (j < m.length && m[j] >= "0" && m[j] <= "9") j++;
      const len = Number(m.slice(i, j));
      if (!(len > 0)) break;
      parts.push(m.slice(j, j + len));
      i = j + len;
    }
    if (parts.length && /^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) parts.pop();
    const esc = { LT: "<", GT: ">", RF: "&", C: ",", BP: "*", u20: " ", u7b: "{", u7d: "}", u27: "'", u5b: "[", u5d: "]", u3b: ";" };
    return parts
      .join("::")
      .replace(/^_\$/, "$")
      .replace(/\$([A-Za-z0-9]+)\$/g, (x, k) => esc[k] ?? x)
      .replace(/\.\./g, "::");
  }
  if (m.startsWith("_R")) {
    // crate roots `Cs<hash>_<len><name>`; then each `<len><ident>` in order
    const ids = [];
    const re = /(?:Cs[0-9A-Za-z]*_)?(\d+)([A-Za-z_])/g;
    let x;
    while ((x = re.exec(m))) {
      const id = m.substr(x.index + x[0].length - 1, Number(x[1]));
      ids.push(id);
      re.lastIndex = x.index + x[0].length - 1 + id.length;
    }
    return ids.join("::");
  }
  return m;
}

// The group a function is counted in: its crate (`lede::search`, `core::fmt`
// for the crate itself and the standard library: two segments).
function crateOf(name) {
  const s = demangle(name).replace(/^<+/, "").replace(/^(impl |dyn |&mut |&)+/, "");
  const m = s.match(/^([A-Za-z_][A-Za-z0-9_]*)(::([A-Za-z_][A-Za-z0-9_]*))?/);
  if (!m) return "(unnamed)";
  if (["core", "alloc", "std", "lede"].includes(m[1])) {
    if (m[1] === "core" && m[3] === "slice" && /::sort::/.test(s)) return "core::slice::sort";
    return `${m[1]}::${m[3] || ""}`;
  }
  return m[1];
}

// Code by crate from the name section, data by crate from the link map.
function crateBreakdown(file, mapFile, n) {
  const b = fs.readFileSync(file);
  let at = 8;
  const leb = () => {
    const [v, next] = readLeb(b, at);
    at = next;
    return v;
  };
  let imported = 0;
  const bodies = [];
  const names = new Map();
  while (at < b.length) {
    const id = b[at++];
    const len = leb();
    const end = at + len;
    if (id === 2) {
      for (let i = 0, count = leb(); i < count; i++) {
        for (let k = 0; k < 2; k++) {
          const l = leb(); // module, then field name
          at += l;
        }
        const kind = b[at++];
        if (kind === 0) {
          leb();
          imported++;
        } else if (kind === 1) {
          at++;
          if (b[at++] & 1) leb(), leb();
          else leb();
        } else if (kind === 2) {
          if (b[at++] & 1) leb(), leb();
          else leb();
        } else at += 2;
      }
    } else if (id === 10) {
      for (let i = 0, count = leb(); i < count; i++) {
        const size = leb();
        bodies.push(size);
        at += size;
      }
    } else if (id === 0) {
      const l = leb();
      const name = b.subarray(at, at + l).toString();
      at += l;
      while (name === "name" && at < end) {
        const sub = b[at++];
        const sl = leb();
        const subEnd = at + sl;
        if (sub === 1) {
          for (let i = 0, count = leb(); i < count; i++) {
            const idx = leb();
            const l2 = leb();
            names.set(idx, b.subarray(at, at + l2).toString());
            at += l2;
          }
        }
        at = subEnd;
      }
    }
    at = end;
  }
  if (!names.size) {
    console.log(`${file}: no name section (build it as bench/size/README.md says)`);
    return;
  }
  const fns = bodies.map((size, i) => ({ size, name: names.get(i + imported) || `function ${i + imported}` }));
  const total = fns.reduce((t, f) => t + f.size, 0);
  const groups = (rows) => {
    const by = new Map();
    for (const [k, v] of rows) by.set(k, (by.get(k) || 0) + v);
    return [...by].sort((a, c) => c[1] - a[1]);
  };
  const pct = (v, t) => `${((100 * v) / t).toFixed(1)} %`;
  console.log(`\n${path.relative(ROOT, path.resolve(file))}: code ${kb(total)} in ${fns.length} functions (before wasm-opt)\n`);
  console.log("| crate (code) | bytes | share |\n| --- | ---: | ---: |");
  for (const [k, v] of groups(fns.map((f) => [crateOf(f.name), f.size])).slice(0, n)) console.log(`| \`${k}\` | ${kb(v)} | ${pct(v, total)} |`);
  console.log(`\n| largest functions | bytes |\n| --- | ---: |`);
  for (const f of [...fns].sort((a, c) => c.size - a.size).slice(0, n)) console.log(`| \`${demangle(f.name).slice(0, 110).replace(/\|/g, "\\|")}\` | ${f.size} |`);
  if (!mapFile) return;
  // wasm-ld map lines: `addr offset size  input` after the DATA header; an
  // input section line names its object file (an .rlib member or the crate's own)
  const rows = [];
  let inData = false;
  for (const line of fs.readFileSync(mapFile, "utf8").split("\n")) {
    const p = line.trim().split(/\s+/);
    if (p.length === 4 && p[3] === "DATA") inData = true;
    else if (p.length === 4 && /^[A-Z]+$/.test(p[3]) || p[3]?.startsWith("CUSTOM")) inData = false;
    if (!inData || p.length < 4 || !(p[3].startsWith("/") || p[3].startsWith("<"))) continue;
    const m = p[3].match(/lib([a-z0-9_]+?)-[0-9a-f]+\.rlib/) || p[3].match(/deps\/([a-z0-9_]+)\.[a-z0-9_]+\.[0-9a-f]+-cgu/);
    rows.push([m ? m[1] : "(linker)", parseInt(p[2], 16)]);
  }
  const dataTotal = rows.reduce((t, r) => t + r[1], 0);
  console.log(`\n| crate (data) | bytes | share |\n| --- | ---: | ---: |`);
  for (const [k, v] of groups(rows).slice(0, n)) console.log(`| \`${k}\` | ${kb(v)} | ${pct(v, dataTotal)} |`);
}
