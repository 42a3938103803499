// Hostile-input and scale figures in WebAssembly (issue 14, item 5): the
// page's wasm (www/pkg, built by wasm-pack) in Node, the same inputs as the
// native `cargo bench --bench hostile` (bench/hostile/main.rs): 10k, 100k
// and 1M words of real news (BBC articles from ../shared/data/bbc joined by
// blank lines) and 1 MB of each hostile input.
//
//   node bench/hostile/wasm.mjs            every case, one line each
//   node bench/hostile/wasm.mjs CASE SIZE  one case (news: words; else bytes)
//
// Each case runs in a fresh Node process with a fresh wasm instance (an
// abort in one case cannot affect the next; memory starts from zero), and
// reports the CPU time of `analyze` (process user + system time: it does not
// grow when other processes share the cores, unlike wall time, also shown),
// the best of 3 runs for inputs under 1 MB, one run above. The issue's
// acceptance: each hostile 1 MB text under 2 s, and 1M words at most 15× the
// 100k-word time. The load average is printed so shared-machine noise shows.
//
// Memory: the wasm memory after the case (a wasm memory never shrinks, so it
// is the peak) less the memory after a one-sentence warm-up analysis (the
// loaded NER model), per token: issues 12 and 14 ask for at most 100 bytes.
// Tokens are counted as `pipeline::errors::estimate_tokens` counts them
// (runs of letters, runs of digits, each other non-space character: a close
// upper bound of the tokenizer's count).
//
// Warm and cold: V8 compiles wasm in tiers (a baseline compiler first, then
// the hot functions again, optimized, on background threads, whose CPU time
// process.cpuUsage() counts). Each case runs twice, each time in a fresh
// process: warmed up (analyze of a 64 KB text of the same kind first, then a
// wait until the background compile is done, so the timed run measures
// analyze itself: the first figure, the one the acceptance reads) and cold
// (only the one-sentence warm-up: what a page's first large analysis pays,
// compiler included).
//
// LEDE_PKG=DIR runs another build of the page's wasm (to compare two builds).

import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import os from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const pkg = process.env.LEDE_PKG || join(root, "www", "pkg");
const bbc = join(root, "..", "shared", "data", "bbc", "bbc_news_summary.jsonl");

// The hostile inputs of bench/hostile/main.rs (one unit each, repeated to the size).
const HOSTILE = {
  quotes: "“ word ‘ said ",
  names: "Blair Brown London the of said BBC Labour ",
  acronyms: "(KCNA) Korean Central News Agency ",
  according: "according to Reuters, ",
  commas: ",",
};

const MB = 1024 * 1024;

/** `unit` repeated until the text has at least `bytes` UTF-8 bytes. */
function repeatTo(unit, bytes) {
  const n = Math.ceil(bytes / Buffer.byteLength(unit, "utf8"));
  return unit.repeat(n);
}

/** BBC articles joined by blank lines until the text has `words` words. */
function news(words) {
  const docs = readFileSync(bbc, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l).text)
    .filter((t) => typeof t === "string");
  const parts = [];
  let n = 0;
  while (n < words && docs.length) {
    for (const d of docs) {
      if (n >= words) break;
      parts.push(d);
      n += d.split(/\s+/).filter(Boolean).length;
    }
  }
  return parts.join("\n\n");
}

/** Tokens as `estimate_tokens` (src/pipeline/errors.rs) counts them. */
function estimateTokens(text) {
  let n = 0;
  for (const m of text.matchAll(/\p{L}+|\p{N}+|[^\s\p{L}\p{N}]/gu)) n += m ? 1 : 0;
  return n;
}

/**
 * Waits until V8's background threads are idle: after the warm-up, the
 * optimizing tier keeps compiling the hot functions for a second or more
 * (about 1 s of CPU for this 2.3 MB module), and process.cpuUsage() would
 * count that compile in the timed run. Polls the process's CPU time until a
 * 250 ms interval adds less than 10 ms of it (at most 15 s).
 */
async function settle() {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e3; };
  const t0 = performance.now();
  let last = cpu();
  while (performance.now() - t0 < 15_000) {
    await sleep(250);
    const now = cpu();
    if (now - last < 10) return;
    last = now;
  }
}

/** One case in this process: prints a JSON line. */
async function child(kind, size, warm) {
  const lede = await import(join(pkg, "lede.js"));
  const wasm = lede.initSync({ module: readFileSync(join(pkg, "lede_bg.wasm")) });
  const text = kind === "news" ? news(size) : repeatTo(HOSTILE[kind], size);
  const bytes = Buffer.byteLength(text, "utf8");
  const words = text.split(/\s+/).filter(Boolean).length;
  const tokens = estimateTokens(text);
  lede.analyze("Warm-up: Kim Jong Un met Sergei Shoigu in Pyongyang on Thursday.");
  const mem0 = wasm.memory?.buffer?.byteLength;
  if (warm) {
    // V8 compiles wasm in tiers: a fast baseline first, then the hot
    // functions again, optimized, on background threads. Their CPU time
    // counts in process.cpuUsage(): a 64 KB text of the same kind first, so
    // that the timed run measures analyze, not the compiler.
    lede.analyze(kind === "news" ? news(10_000) : repeatTo(HOSTILE[kind], 64 * 1024));
    await settle();
  }
  const runs = bytes < MB && warm ? 3 : 1;
  let best = Infinity, wall = Infinity, error = null, counts = null;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    try {
      const a = lede.analyze(text);
      counts = { sentences: a.sentences.length, entities: a.entities.length, quotes: a.quotes.length };
    } catch (e) {
      error = String(e && e.message ? e.message : e).slice(0, 160);
    }
    const c = process.cpuUsage(c0), t = performance.now() - t0;
    best = Math.min(best, (c.user + c.system) / 1e6);
    wall = Math.min(wall, t / 1e3);
    if (error) break;
  }
  const mem = wasm.memory?.buffer?.byteLength;
  console.log(JSON.stringify({ kind, size, bytes, words, tokens, cpu: best, wall, error, counts, mem, mem0 }));
}

/** One case in a fresh process: warmed up (`cold` false) or not. */
function runOne(kind, size, cold) {
  try {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), kind, String(size)], {
      env: { ...process.env, LEDE_BENCH_COLD: cold ? "1" : "0" },
      encoding: "utf8",
      maxBuffer: 1 << 20,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return JSON.parse(out.trim().split("\n").pop());
  } catch (e) {
    const msg = String(e.stderr || e.message).split("\n").find((l) => /Error/.test(l)) || "crashed";
    return { kind, size, error: `process failed: ${msg.slice(0, 160)}` };
  }
}

/** One case, warmed up, with the CPU time (and the heap) of a cold run beside it. */
function runCase(kind, size) {
  const r = runOne(kind, size, false);
  const c = runOne(kind, size, true);
  if (c.cpu !== undefined) r.cold = c.cpu;
  // the heap of the cold run: the warm-up's allocations would move the peak
  if (c.mem) [r.mem, r.mem0] = [c.mem, c.mem0];
  return r;
}

function line(name, r) {
  if (r.cpu === undefined) return `${name.padEnd(22)} ${r.error}`;
  const kb = (r.bytes / 1024).toFixed(1);
  const wps = Math.round(r.words / Math.max(r.cpu, 1e-9));
  return (
    `${name.padEnd(22)} ${kb.padStart(9)} KB ${String(r.words).padStart(8)} words  ` +
    `analyze ${r.cpu.toFixed(3).padStart(7)} s cpu (${r.wall.toFixed(3)} s wall) ${String(wps).padStart(7)} words/s` +
    (r.mem ? `  heap ${(r.mem / 1048576).toFixed(0).padStart(4)} MB, ${((r.mem - r.mem0) / Math.max(r.tokens, 1)).toFixed(0).padStart(4)} B/token` : "") +
    (r.cold !== undefined ? `  cold ${r.cold.toFixed(3)} s cpu` : "") +
    (r.error ? `  ERROR: ${r.error}` : "")
  );
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length === 2) return child(args[0], Number(args[1]), process.env.LEDE_BENCH_COLD !== "1");
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");
  console.log(`lede wasm (${pkg}), node ${process.version}, ${os.cpus().length} cpus, load average ${load()}`);
  const res = {};
  let hasNews = true;
  try {
    readFileSync(bbc);
  } catch {
    hasNews = false;
    console.log(`missing ${bbc}: the news figures need ../shared/data (research data, not shipped)`);
  }
  if (hasNews) {
    for (const n of [10_000, 100_000, 1_000_000]) {
      const r = runCase("news", n);
      res[n] = r;
      console.log(line(`news ${n} words`, r));
    }
  }
  const worst = [];
  for (const kind of Object.keys(HOSTILE)) {
    const r = runCase(kind, MB);
    worst.push([kind, r]);
    console.log(line(`${kind} 1024 KB`, r));
  }
  console.log(`load average after: ${load()}`);
  if (res[100_000]?.cpu && res[1_000_000]?.cpu) {
    const ratio = res[1_000_000].cpu / res[100_000].cpu;
    console.log(`1M words / 100k words: ${ratio.toFixed(2)}× (acceptance: ≤ 15×) ${ratio <= 15 ? "OK" : "FAIL"}`);
    if (res[1_000_000].cold && res[100_000].cold) {
      console.log(`cold: ${(res[1_000_000].cold / res[100_000].cold).toFixed(2)}×`);
    }
  }
  const bad = worst.filter(([, r]) => !(r.cpu < 2) || r.error);
  const top = worst.filter(([, r]) => r.cpu !== undefined).sort((a, b) => b[1].cpu - a[1].cpu)[0];
  if (top) console.log(`worst hostile 1 MB: ${top[0]} ${top[1].cpu.toFixed(3)} s (acceptance: < 2 s each)`);
  console.log(bad.length ? `hostile over 2 s or failing: ${bad.map(([k]) => k).join(", ")}` : "hostile 1 MB: all under 2 s");
}

main();
