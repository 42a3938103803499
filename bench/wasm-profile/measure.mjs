// Size and analyze throughput of one wasm build (used by run.sh).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { performance } from "node:perf_hooks";
const [dir, label] = process.argv.slice(2);
const bytes = fs.readFileSync(path.join(dir, "lede_bg.wasm"));
const lede = await import(path.resolve(dir, "lede.js"));
lede.initSync({ module: bytes });
const bbc = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../../shared/data/bbc/bbc_news_summary.jsonl");
const docs = fs.readFileSync(bbc, "utf8").split("\n").filter(Boolean).slice(0, 400).map((l) => JSON.parse(l).text);
const words = docs.reduce((n, t) => n + t.split(/\s+/).filter(Boolean).length, 0);
lede.analyze(docs[0]);
const times = [];
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  for (const d of docs) lede.analyze(d);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const kb = (n) => (n / 1024).toFixed(1);
const gz = zlib.gzipSync(bytes, { level: 9 }).length;
const br = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
console.log(`${label}: ${kb(bytes.length)} KB raw, ${kb(gz)} KB gzip, ${kb(br)} KB brotli; analyze ${Math.round(words / (times[1] / 1000)).toLocaleString("en")} words/s`);
