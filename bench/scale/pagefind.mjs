#!/usr/bin/env node
// Builds a Pagefind index of the same JSONL articles, the peer of a sharded
// Lede index for static sites: one custom record per article (title + text as
// content, `title`, `date`, `source` as metadata, `source` as a filter).
//
//   node bench/scale/pagefind.mjs --module DIR/node_modules/pagefind --jsonl F --out DIR
//
// The `pagefind` npm package ships its binary through an optional dependency
// (@pagefind/linux-x64), so it installs from the npm registry alone; run.sh
// installs it into target/scale/pagefind-npm (nothing is added to the repo).
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { pathToFileURL } from "node:url";

const o = {};
for (let i = 2; i < process.argv.length; i += 2) o[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
if (!o.module || !o.jsonl || !o.out) {
  console.error("usage: node bench/scale/pagefind.mjs --module PATH/pagefind --jsonl FILE --out DIR");
  process.exit(2);
}
const pagefind = await import(pathToFileURL(path.join(path.resolve(o.module), "lib/index.js")).href);
const t0 = performance.now();
const { index, errors } = await pagefind.createIndex({ forceLanguage: "en" });
if (!index) throw new Error(`pagefind: ${errors?.join("; ")}`);
let n = 0;
const lines = readline.createInterface({ input: fs.createReadStream(o.jsonl), crlfDelay: Infinity });
let batch = [];
const flush = async () => {
  const rs = await Promise.all(batch);
  for (const r of rs) if (r.errors?.length) throw new Error(`pagefind: ${r.errors.join("; ")}`);
  batch = [];
};
for await (const line of lines) {
  if (!line.trim()) continue;
  const d = JSON.parse(line);
  batch.push(
    index.addCustomRecord({
      url: d.url || `/${d.id}`,
      content: `${d.title}\n\n${d.text}`,
      language: "en",
      meta: { title: d.title, ...(d.date ? { date: d.date } : {}), ...(d.source ? { source: d.source } : {}) },
      filters: d.source ? { source: [d.source] } : undefined,
    }),
  );
  n++;
  if (batch.length >= 500) await flush();
  if (n % 10000 === 0) console.error(`[pagefind] ${n} records`);
}
await flush();
fs.rmSync(o.out, { recursive: true, force: true });
const w = await index.writeFiles({ outputPath: path.resolve(o.out) });
if (w.errors?.length) throw new Error(`pagefind: ${w.errors.join("; ")}`);
await pagefind.close();
console.error(`[pagefind] ${n} records indexed in ${((performance.now() - t0) / 1000).toFixed(1)} s -> ${o.out}`);
