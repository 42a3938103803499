#!/usr/bin/env node
// Builds a synthetic news archive of N articles (default 100,000) as JSON Lines
// from the real news text in ../shared/data, for measuring Lede at scale.
//
//   node bench/scale/generate.mjs [--n 100000] [--seed 11] [--out target/scale/corpus-100000.jsonl]
//
// Method (see bench/scale/README.md):
//   pool     every real article with its source and category: BBC (2,225; 5
//            categories), PolNeAR (~927; by publisher), KPCrowd (500; 10
//            categories), CoNLL-2003 documents (1,162 Reuters stories,
//            detokenized). Each is a title and paragraphs.
//   group    a synthetic article belongs to one (source, category) group,
//            drawn with probability proportional to the group's size;
//   base     inside the group, a base article drawn by a Zipf law (s = 1) over
//            a seeded order of the group: a few stories are reused often, most
//            rarely, as follow-ups and rewrites are in a real archive;
//   text     the base's title and lead paragraph; every later paragraph is the
//            base's own with probability 1/2, else a paragraph of another
//            article of the same group (again Zipf-drawn), so lengths follow
//            the real articles and words keep their topical company;
//   fields   distinct ids (`scale-000001`), dates uniform over 2015-01-01 ..
//            2024-12-31, `source` (the real outlet), `category`, and a `url`
//            built from category, date and title.
// Deterministic: the same --n and --seed give the same bytes. The output is
// research-derived data: write it under target/ or /tmp, never commit it.
// Without ../shared/data (or LEDE_DATA), the 25 seed articles are the pool.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Seeded PRNG (mulberry32): uniform in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Zipf(s = 1) sampler over ranks 0..n-1 (inverse CDF by binary search). */
export function zipf(n) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1);
  return (u) => {
    const x = u * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const paras = (text) =>
  text
    .split(/\n\s*\n|\r?\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p.length > 0);

/** Joins CoNLL tokens into running text. */
export function detokenize(tokens) {
  let out = "";
  let openQuote = false;
  for (const t of tokens) {
    if (t === '"') {
      out += openQuote ? '"' : (out ? " " : "") + '"';
      openQuote = !openQuote;
      continue;
    }
    const glue = /^([.,;:!?%)\]}]|'s|'S|n't|'re|'ve|'ll|'d|'m|')$/.test(t) || out.endsWith("(") || out.endsWith("$") || (openQuote && out.endsWith('"'));
    out += (out && !glue ? " " : "") + t;
  }
  return out;
}

/** Reads every source available under `data`; returns [{source, category, title, paragraphs}]. */
export function readPool(data) {
  const pool = [];
  const push = (source, category, title, body) => {
    const ps = paras(body);
    title = (title || "").replace(/\s+/g, " ").trim();
    if (title && ps.length) pool.push({ source, category, title, paragraphs: ps });
  };
  const bbc = path.join(data, "bbc/bbc_news_summary.jsonl");
  if (fs.existsSync(bbc)) {
    for (const line of fs.readFileSync(bbc, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const d = JSON.parse(line);
      push("BBC News", d.category || "news", d.title, d.text);
    }
  }
  const polnear = path.join(data, "polnear");
  if (fs.existsSync(polnear)) {
    for (const part of ["train", "dev"]) {
      const dir = path.join(polnear, part, "text");
      if (!fs.existsSync(dir)) continue;
      for (const f of fs.readdirSync(dir).sort()) {
        const [first, ...rest] = fs.readFileSync(path.join(dir, f), "utf8").split("\n");
        push(f.split("_")[0], "politics", first, rest.join("\n"));
      }
    }
  }
  const kp = path.join(data, "kpcrowd");
  if (fs.existsSync(kp)) {
    for (const part of ["train", "validation", "test"]) {
      const dir = path.join(kp, part);
      if (!fs.existsSync(dir)) continue;
      for (const f of fs.readdirSync(dir).sort()) {
        if (!f.endsWith(".txt")) continue;
        const [first, ...rest] = fs.readFileSync(path.join(dir, f), "utf8").split("\n");
        push("KPCrowd", f.replace(/-\d+\.txt$/, ""), first, rest.join("\n"));
      }
    }
  }
  for (const f of ["eng.train", "eng.testa"]) {
    const file = path.join(data, "conll2003", f);
    if (!fs.existsSync(file)) continue;
    let sentences = [];
    let cur = [];
    const flush = () => {
      if (sentences.length > 2) {
        const [title, ...rest] = sentences.map(detokenize);
        const body = [];
        for (let i = 0; i < rest.length; i += 2) body.push(rest.slice(i, i + 2).join(" "));
        push("Reuters", "world", title, body.join("\n\n"));
      }
      sentences = [];
    };
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      const tok = line.split(" ")[0];
      if (tok === "-DOCSTART-") {
        if (cur.length) sentences.push(cur);
        cur = [];
        flush();
      } else if (!line.trim()) {
        if (cur.length) sentences.push(cur);
        cur = [];
      } else cur.push(tok);
    }
    if (cur.length) sentences.push(cur);
    flush();
  }
  return pool;
}

/** The 25 seed articles (first line title), when no research data is there. */
export function seedPool() {
  const dir = path.join(ROOT, "seeds");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => {
      const [first, ...rest] = fs.readFileSync(path.join(dir, f), "utf8").split("\n");
      return { source: "Seeds", category: "news", title: first.trim(), paragraphs: paras(rest.join("\n")) };
    })
    .filter((a) => a.title && a.paragraphs.length);
}

const slug = (s) =>
  s
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60) || "story";

/**
 * Yields `n` synthetic articles from `pool`, deterministic for `seed`.
 * Each is `{id, title, text, date, source, category, url}`.
 */
export function* generate(pool, n, seed = 11) {
  const r = rng(seed);
  const groups = new Map();
  for (const a of pool) {
    const k = `${a.source}\u0000${a.category}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(a);
  }
  const list = [...groups.values()];
  for (const g of list) {
    // A seeded order: who is "popular" in the group.
    for (let i = g.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [g[i], g[j]] = [g[j], g[i]];
    }
    g.pick = zipf(g.length);
  }
  const cum = [];
  let total = 0;
  for (const g of list) cum.push((total += g.length));
  const start = Date.UTC(2015, 0, 1);
  const days = 3653; // 2015-01-01 .. 2024-12-31
  const width = Math.max(6, String(n).length);
  for (let i = 1; i <= n; i++) {
    const x = r() * total;
    let gi = 0;
    while (cum[gi] <= x) gi++;
    const g = list[gi];
    const base = g[g.pick(r())];
    const ps = [base.paragraphs[0]];
    for (let k = 1; k < base.paragraphs.length; k++) {
      if (r() < 0.5) ps.push(base.paragraphs[k]);
      else {
        const other = g[g.pick(r())];
        ps.push(other.paragraphs[Math.floor(r() * other.paragraphs.length)]);
      }
    }
    const date = new Date(start + Math.floor(r() * days) * 86400000).toISOString().slice(0, 10);
    const id = `scale-${String(i).padStart(width, "0")}`;
    yield {
      id,
      title: base.title,
      text: ps.join("\n\n"),
      date,
      source: base.source,
      category: base.category,
      url: `https://archive.example/${slug(base.category)}/${date.slice(0, 4)}/${date.slice(5, 7)}/${slug(base.title)}-${i}`,
    };
  }
}

function parseArgs(argv) {
  const o = { n: 100000, seed: 11, out: null, data: process.env.LEDE_DATA || path.join(ROOT, "../shared/data") };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--n") o.n = Number(v());
    else if (a === "--seed") o.seed = Number(v());
    else if (a === "--out") o.out = v();
    else if (a === "--data") o.data = v();
    else if (a === "-h" || a === "--help") {
      console.log("node bench/scale/generate.mjs [--n 100000] [--seed 11] [--out FILE.jsonl] [--data DIR]");
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(o.n) || o.n < 1) throw new Error("--n must be a positive integer");
  o.out ??= path.join(ROOT, "target/scale", `corpus-${o.n}.jsonl`);
  return o;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const o = parseArgs(process.argv.slice(2));
  let pool = fs.existsSync(o.data) ? readPool(o.data) : [];
  if (!pool.length) {
    console.error(`[generate] no research data in ${o.data}: using the seed articles`);
    pool = seedPool();
  }
  const bySource = {};
  for (const a of pool) bySource[a.source] = (bySource[a.source] || 0) + 1;
  console.error(`[generate] pool: ${pool.length} real articles (${Object.entries(bySource).map(([k, v]) => `${k} ${v}`).join(", ")})`);
  fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
  const fd = fs.openSync(o.out, "w");
  let buf = [];
  let bytes = 0;
  let count = 0;
  for (const doc of generate(pool, o.n, o.seed)) {
    buf.push(JSON.stringify(doc));
    count++;
    if (buf.length === 2000) {
      const s = buf.join("\n") + "\n";
      bytes += Buffer.byteLength(s);
      fs.writeSync(fd, s);
      buf = [];
    }
  }
  if (buf.length) {
    const s = buf.join("\n") + "\n";
    bytes += Buffer.byteLength(s);
    fs.writeSync(fd, s);
  }
  fs.closeSync(fd);
  console.error(`[generate] ${count} articles, ${(bytes / 1048576).toFixed(1)} MiB -> ${o.out}`);
}
