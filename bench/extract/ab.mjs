// A/B benchmark of Lede's wasm `analyze`: two or more web builds (wasm-pack
// --target web output directories) loaded in one Node process, run in turn on
// the same BBC articles (../shared/data/bbc, research data read in place),
// in turn every 20 articles, best of 7 rounds each, CPU time. Alternating builds in one process is what
// makes two builds comparable on a machine whose load changes from minute to
// minute. Also prints each build's wasm heap per token: how much
// `memory.buffer` grows while one ~1 MB text is analyzed (a fresh instance
// per build, warmed on one article first).
//
//   node bench/extract/ab.mjs DIR_A DIR_B [...]      # e.g. main's www/pkg and yours
//   ROUNDS=5 ARTICLES=200 node bench/extract/ab.mjs DIR_A DIR_B
//   MEM_MB=4 node bench/extract/ab.mjs DIR_A DIR_B   # the heap on a 4 MB text (finer steps per token)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BBC = path.resolve(HERE, "../../../shared/data/bbc/bbc_news_summary.jsonl");
if (!fs.existsSync(BBC)) {
  console.error(`missing ${BBC}: this benchmark reads ../shared/data (research data, not shipped)`);
  process.exit(2);
}
const dirs = process.argv.slice(2).map((d) => path.resolve(d));
if (dirs.length < 1) {
  console.error("usage: node bench/extract/ab.mjs PKG_DIR [PKG_DIR ...]");
  process.exit(2);
}
const ROUNDS = Number(process.env.ROUNDS || 7);
const all = fs
  .readFileSync(BBC, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l).text);
const docs = all.slice(0, Number(process.env.ARTICLES || 300));
const countWords = (t) => t.split(/\s+/).filter(Boolean).length;
const words = docs.reduce((n, t) => n + countWords(t), 0);
const MODES = {
  everything: undefined,
  "entities + values": { quotes: false, keyphrases: 0, summary: 0 },
};

// one module instance per build (dynamic import with a query: a fresh copy of
// the glue, so two builds never share wasm-bindgen's module state)
async function load(dir, tag) {
  const m = await import(`${pathToFileURL(path.join(dir, "lede.js")).href}?${tag}`);
  const w = m.initSync({ module: fs.readFileSync(path.join(dir, "lede_bg.wasm")) });
  return { m, w };
}

// ---------- speed
const builds = [];
for (const [i, d] of dirs.entries()) builds.push({ dir: d, ...(await load(d, `speed${i}`)) });
// warm-up: every build and mode until V8 has tiered the wasm up (optimized
// code is compiled on background threads, whose CPU time counts)
for (const b of builds)
  for (const opts of Object.values(MODES)) {
    const c0 = process.cpuUsage();
    do for (const t of docs.slice(0, 50)) b.m.analyze(t, opts);
    while ((process.cpuUsage(c0).user + process.cpuUsage(c0).system) / 1e3 < 1500);
  }
// each round: the articles in chunks of 20, every build on each chunk in
// turn (the first build rotating), so that all builds meet the same load;
// a build's time in a round is the sum over chunks; best round kept
const CHUNK = 20;
const best = builds.map(() => ({}));
for (let r = 0; r < ROUNDS; r++)
  for (const [mode, opts] of Object.entries(MODES)) {
    const sum = builds.map(() => 0);
    for (let c = 0; c * CHUNK < docs.length; c++) {
      const chunk = docs.slice(c * CHUNK, (c + 1) * CHUNK);
      for (let k = 0; k < builds.length; k++) {
        const i = (k + c + r) % builds.length;
        const c0 = process.cpuUsage();
        for (const t of chunk) builds[i].m.analyze(t, opts);
        const u = process.cpuUsage(c0);
        sum[i] += (u.user + u.system) / 1e6;
      }
    }
    for (const [i, s] of sum.entries()) best[i][mode] = Math.min(best[i][mode] ?? Infinity, s);
  }

// ---------- memory: heap growth over one ~1 MB text (MEM_MB), per token
const MEM_MB = Number(process.env.MEM_MB || 1);
const big = [];
let bytes = 0;
for (const t of all) {
  if (bytes >= MEM_MB * 2 ** 20) break;
  big.push(t);
  bytes += Buffer.byteLength(t) + 2;
}
const bigText = big.join("\n\n");
const mem = [];
for (const [i, d] of dirs.entries()) {
  const { m, w } = await load(d, `mem${i}`);
  m.analyze(docs[0]);
  const before = w.memory.buffer.byteLength;
  m.analyze(bigText);
  const grown = w.memory.buffer.byteLength - before;
  const tokens = m.analyze(bigText, { tokens: true, quotes: false, keyphrases: 0, summary: 0 }).tokens.length;
  mem.push({ grown, tokens, total: w.memory.buffer.byteLength });
}

console.log(
  `# analyze, ${docs.length} BBC articles (${words.toLocaleString("en")} words), best of ${ROUNDS} rounds, builds alternating every ${CHUNK} articles, CPU time\n`,
);
console.log(`| build | ${Object.keys(MODES).map((k) => `${k}, words/s`).join(" | ")} | heap growth, ${MEM_MB} MB text | bytes / token |`);
console.log(`| --- | ${Object.keys(MODES).map(() => "---:").join(" | ")} | ---: | ---: |`);
for (const [i, d] of dirs.entries()) {
  const rate = Object.keys(MODES).map((k) => {
    const wps = words / best[i][k];
    const base = words / best[0][k];
    return `${Math.round(wps).toLocaleString("en")}${i ? ` (${(wps / base).toFixed(2)}×)` : ""}`;
  });
  const x = mem[i];
  console.log(
    `| ${path.relative(process.cwd(), d) || d} | ${rate.join(" | ")} | ${(x.grown / 2 ** 20).toFixed(1)} MiB | ${Math.round(x.grown / x.tokens)} (${x.tokens.toLocaleString("en")} tokens) |`,
  );
}
console.log(`\n${MEM_MB} MB text: ${(Buffer.byteLength(bigText) / 2 ** 20).toFixed(2)} MiB of BBC articles; the heap grows in steps (an eighth of the memory), so per-token figures are coarse.`);
