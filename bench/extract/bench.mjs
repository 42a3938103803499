// Extraction benchmark: Lede's wasm `analyze` vs compromise vs wink-nlp, in one
// Node process, on the 2,225 BBC articles in ../shared/data/bbc (research data,
// read in place, never copied). Prints words/s (median of 3 runs) and ratios,
// Lede's model and wasm sizes and instantiate time, and entity accuracy
// (exact-span F1 for people, places, organizations) on CoNLL-2003 dev text.
//
//   node bench/extract/bench.mjs            # wasm + peers
//   node bench/extract/bench.mjs --native   # also the native build (cargo bench)
//   node bench/extract/bench.mjs --quick    # 300 articles, 1 run
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const SHARED = path.resolve(ROOT, "../shared/data");
const args = new Set(process.argv.slice(2));
const QUICK = args.has("--quick");
const RUNS = QUICK ? 1 : 3;

function need(p) {
  if (!fs.existsSync(p)) {
    console.error(`missing ${p}: this benchmark reads ../shared/data (research data, not shipped)`);
    process.exit(2);
  }
  return p;
}

// ---------- corpus
const bbc = fs
  .readFileSync(need(path.join(SHARED, "bbc/bbc_news_summary.jsonl")), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const docs = (QUICK ? bbc.slice(0, 300) : bbc).map((d) => d.text);
const words = docs.reduce((n, t) => n + t.split(/\s+/).filter(Boolean).length, 0);

// ---------- Lede (wasm, built by scripts/build.sh into www/pkg)
const pkgDir = process.env.LEDE_PKG || path.join(ROOT, "www/pkg"); // LEDE_PKG=DIR: another build
const wasmPath = need(path.join(pkgDir, "lede_bg.wasm"));
const wasmBytes = fs.readFileSync(wasmPath);
const lede = await import(path.join(pkgDir, "lede.js"));
let t0 = performance.now();
const module = await WebAssembly.compile(wasmBytes);
const compileMs = performance.now() - t0;
t0 = performance.now();
lede.initSync({ module });
const instantiateMs = performance.now() - t0;
t0 = performance.now();
lede.analyze("Warm-up: Kim Jong Un met Sergei Shoigu in Pyongyang on Thursday.");
const firstCallMs = performance.now() - t0; // includes the lazy model load

// ---------- peers
const nlp = (await import("compromise")).default;
const datesPlugin = (await import("compromise-dates")).default;
nlp.plugin(datesPlugin);
const winkNLP = (await import("wink-nlp")).default;
const winkModel = (await import("wink-eng-lite-web-model")).default;
const wink = winkNLP(winkModel);

const ENTITIES_ONLY = { quotes: false, keyphrases: 0, summary: 0 };
const engines = {
  "lede (wasm), everything": (t) => {
    const a = lede.analyze(t);
    return a.mentions.length + a.quotes.length;
  },
  "lede (wasm), entities + values only": (t) => {
    const a = lede.analyze(t, ENTITIES_ONLY);
    return a.mentions.length;
  },
  "compromise + dates": (t) => {
    const d = nlp(t);
    return d.people().length + d.places().length + d.organizations().length + d.dates().length;
  },
  "wink-nlp (web model)": (t) => {
    const d = wink.readDoc(t);
    return d.entities().length();
  },
};

const WARM_MS = 2000;
const cpuMs = (u) => (u.user + u.system) / 1000;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const speed = {};
for (const [name, f] of Object.entries(engines)) {
  // warm-up, the same for every engine: the first 30 articles, untimed, over
  // and over until the engine has run for WARM_MS of CPU time (at least
  // once), so that the timed runs measure the engines rather than V8
  // compiling them (JIT for the JS peers; for Lede's wasm, the optimizing
  // tier, compiled on background threads whose CPU time process.cpuUsage()
  // counts: one pass of 30 articles left the first timed run of a wasm
  // engine paying for it, up to 1.6× slower than the next)
  const w0 = process.cpuUsage();
  do for (const t of docs.slice(0, 30)) f(t);
  while (cpuMs(process.cpuUsage(w0)) < WARM_MS);
  const times = [];
  let found = 0;
  for (let r = 0; r < RUNS; r++) {
    // CPU time of this process (user + system): unlike wall time it does not
    // grow when other processes share the cores; Node is single-threaded here
    const c = process.cpuUsage();
    found = 0;
    for (const t of docs) found += f(t);
    const u = process.cpuUsage(c);
    times.push((u.user + u.system) / 1000);
  }
  const ms = median(times);
  speed[name] = { ms, wps: words / (ms / 1000), found };
}

// ---------- native build, for comparison
let native = null;
if (args.has("--native")) {
  const out = execFileSync("cargo", ["bench", "--quiet", "--bench", "extract", "--", QUICK ? "--quick" : ""], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const m = out.match(/words_per_s=(\d+(?:\.\d+)?)/);
  native = m ? Number(m[1]) : null;
}

// ---------- accuracy on CoNLL-2003 dev (eng.testa): exact spans, PER/LOC/ORG
function conllDocs(file) {
  const out = [];
  let doc = null;
  let sent = [];
  const flush = () => {
    if (sent.length && doc) doc.push(sent);
    sent = [];
  };
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (line.startsWith("-DOCSTART-")) {
      flush();
      doc = [];
      out.push(doc);
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    const cols = line.split(" ");
    sent.push([cols[0], cols[cols.length - 1]]);
  }
  flush();
  return out;
}

function goldSpans(doc) {
  // text = tokens joined by spaces, one sentence per paragraph
  let text = "";
  const spans = [];
  for (const sent of doc) {
    if (text) text += "\n\n";
    let cur = null;
    sent.forEach(([tok, tag], i) => {
      if (i) text += " ";
      const start = text.length;
      text += tok;
      const type = tag === "O" ? null : tag.slice(2);
      const begins = tag.startsWith("B-") || !cur || cur.type !== type;
      if (!type) {
        if (cur) spans.push(cur);
        cur = null;
      } else if (begins) {
        if (cur) spans.push(cur);
        cur = { type, start, end: start + tok.length };
      } else {
        cur.end = start + tok.length;
      }
    });
    if (cur) spans.push(cur);
  }
  return { text, spans: spans.filter((s) => s.type !== "MISC") };
}

function score(pred, gold) {
  const key = (s) => `${s.type}:${s.start}:${s.end}`;
  const g = new Set(gold.map(key));
  let tp = 0;
  for (const p of new Set(pred.map(key))) if (g.has(p)) tp++;
  return { tp, np: new Set(pred.map(key)).size, ng: g.size };
}

const acc = {};
const testa = path.join(SHARED, "conll2003/eng.testa");
if (fs.existsSync(testa)) {
  const sums = { lede: { tp: 0, np: 0, ng: 0 }, compromise: { tp: 0, np: 0, ng: 0 } };
  for (const doc of conllDocs(testa)) {
    const { text, spans } = goldSpans(doc);
    if (!text.trim()) continue;
    const a = lede.analyze(text);
    const lp = a.mentions
      .filter((m) => m.label === "PER" || m.label === "LOC" || m.label === "ORG")
      .map((m) => ({ type: m.label, start: m.start, end: m.end }));
    const d = nlp(text);
    const cp = [];
    for (const [type, sel] of [["PER", d.people()], ["LOC", d.places()], ["ORG", d.organizations()]]) {
      for (const j of sel.json({ offset: true })) {
        const o = j.offset;
        // trim trailing punctuation compromise keeps in its match text
        let t = text.slice(o.start, o.start + o.length);
        let end = o.start + t.replace(/[\s.,;:!?'")]+$/u, "").length;
        cp.push({ type, start: o.start, end });
      }
    }
    for (const [k, p] of [["lede", lp], ["compromise", cp]]) {
      const s = score(p, spans);
      sums[k].tp += s.tp;
      sums[k].np += s.np;
      sums[k].ng += s.ng;
    }
  }
  for (const [k, s] of Object.entries(sums)) {
    const p = s.tp / Math.max(1, s.np);
    const r = s.tp / Math.max(1, s.ng);
    acc[k] = { p, r, f1: (2 * p * r) / Math.max(1e-9, p + r) };
  }
}

// ---------- report
const gz = zlib.gzipSync(wasmBytes, { level: 9 }).length;
const br = zlib.brotliCompressSync(wasmBytes, {
  params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
}).length;
const modelPath = path.join(ROOT, "models/ner.bin");
const model = fs.existsSync(modelPath) ? fs.readFileSync(modelPath) : Buffer.alloc(0);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

console.log(`# Extraction benchmark (${docs.length} BBC articles, ${words.toLocaleString("en")} words, median of ${RUNS} run(s) after a warm-up of ${WARM_MS / 1000} s of CPU per engine on 30 articles, CPU time)\n`);
console.log("| engine | time | words/s | items found | Lede is × faster |");
console.log("| --- | ---: | ---: | ---: | ---: |");
const ledeWps = speed["lede (wasm), everything"].wps;
for (const [name, s] of Object.entries(speed)) {
  console.log(
    `| ${name} | ${(s.ms / 1000).toFixed(2)} s | ${Math.round(s.wps).toLocaleString("en")} | ${s.found.toLocaleString("en")} | ${(ledeWps / s.wps).toFixed(1)} |`,
  );
}
if (native) console.log(`| lede (native, cargo bench) | | ${Math.round(native).toLocaleString("en")} | | ${(ledeWps / native).toFixed(2)} |`);
console.log("\n\"everything\" is the full `analyze` pipeline (text layer, entities, values, quotes, keyphrases, summary);");
console.log("\"entities + values only\" passes {quotes: false, keyphrases: 0, summary: 0}. Lede counts mentions (+ quotes);");
console.log("compromise counts people + places + organizations + dates; wink-nlp counts its entities (no people/orgs/places).\n");
if (Object.keys(acc).length) {
  console.log("| entities on CoNLL-2003 dev (PER/LOC/ORG, exact span) | precision | recall | F1 |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const [k, a] of Object.entries(acc))
    console.log(`| ${k} | ${(a.p * 100).toFixed(1)} | ${(a.r * 100).toFixed(1)} | ${(a.f1 * 100).toFixed(1)} |`);
  console.log("(wink-nlp's web model has no person/place/organization entities.)\n");
}
console.log("| Lede size and start-up | |");
console.log("| --- | ---: |");
console.log(`| NER model (models/ner.bin) | ${kb(model.length)} raw, ${kb(zlib.gzipSync(model, { level: 9 }).length)} gzip |`);
console.log(`| wasm | ${kb(wasmBytes.length)} raw, ${kb(gz)} gzip, ${kb(br)} brotli |`);
console.log(`| compile + instantiate | ${compileMs.toFixed(1)} ms + ${instantiateMs.toFixed(1)} ms |`);
console.log(`| first analyze (loads the model) | ${firstCallMs.toFixed(1)} ms |`);
