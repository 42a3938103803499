// The benchmark's known-item queries, generated deterministically from the
// BBC articles: used by bench.mjs and, dumped to JSON, by the native bench.
//
//   node bench/search/queries.mjs /tmp/q.json     # writes the queries
//
// The corpus is read from ../shared/data/bbc/bbc_news_summary.jsonl relative
// to the repository root (or $LEDE_BBC).

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
export const BBC = process.env.LEDE_BBC || path.resolve(ROOT, "../shared/data/bbc/bbc_news_summary.jsonl");

export function loadDocs() {
  return fs
    .readFileSync(BBC, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l))
    .map((d) => ({ id: d.id, title: d.title, text: d.text }));
}

export function makeQueries(docs) {
  // Deterministic known-item queries: a seeded PRNG picks articles, a body
  // sentence, and words; the article the words came from is the known item.
  function mulberry32(a) {
    return function () {
      a |= 0;
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const rand = mulberry32(20240527);
  const pick = (n) => Math.floor(rand() * n);
  const STOP = new Set(
    "a an and are as at be been but by for from had has have he her his in into is it its of on or that the their they this to was were which who will with would said says also there than then when what".split(
      " ",
    ),
  );
  const wordsOf = (s) =>
    s
      .split(/\s+/)
      .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
      .filter((w) => /^[\p{L}\p{N}]+$/u.test(w));

  function typo(w) {
    // one random edit (substitute, delete, insert, transpose) anywhere in the word
    const letters = "abcdefghijklmnopqrstuvwxyz";
    const i = pick(w.length);
    switch (pick(4)) {
      case 0: {
        let c = letters[pick(26)];
        if (c === w[i].toLowerCase()) c = c === "z" ? "a" : String.fromCharCode(c.charCodeAt(0) + 1);
        return w.slice(0, i) + c + w.slice(i + 1);
      }
      case 1:
        return w.slice(0, i) + w.slice(i + 1);
      case 2:
        return w.slice(0, i) + letters[pick(26)] + w.slice(i);
      default: {
        const j = Math.min(i + 1, w.length - 1);
        if (j === i || w[i] === w[j]) return w.slice(0, i) + w.slice(i + 1);
        return w.slice(0, i) + w[j] + w[i] + w.slice(j + 1);
      }
    }
  }

  const N_QUERIES = 300;
  const queries = { plain: [], typo: [], prefix: [], phrase: [] };
  for (let k = 0; k < N_QUERIES; k++) {
    const d = docs[pick(docs.length)];
    const sentences = d.text.split(/(?<=[.!?])\s+/).filter((s) => wordsOf(s).length >= 8);
    if (!sentences.length) continue;
    const s = sentences[pick(sentences.length)];
    const content = wordsOf(s).filter((w) => w.length >= 3 && !STOP.has(w.toLowerCase()));
    if (content.length < 4) continue;
    const at = pick(content.length - 3);
    const ws = content.slice(at, at + 4);
    queries.plain.push({ q: ws.join(" "), id: d.id, words: ws });
    const long = ws.map((w, i) => [w, i]).filter(([w]) => w.length >= 5);
    const t = [...ws];
    if (long.length) {
      const [w, i] = long[pick(long.length)];
      t[i] = typo(w);
    }
    queries.typo.push({ q: t.join(" "), id: d.id, words: t });
    const p = [...ws];
    const last = p[3];
    p[3] = last.slice(0, Math.max(3, Math.ceil(last.length / 2)));
    queries.prefix.push({ q: p.join(" "), id: d.id, words: p });
    // two consecutive words of the sentence (not both stop words)
    const all = wordsOf(s);
    const pairs = [];
    for (let i = 0; i + 1 < all.length; i++) {
      if (!STOP.has(all[i].toLowerCase()) && !STOP.has(all[i + 1].toLowerCase())) pairs.push([all[i], all[i + 1]]);
    }
    if (pairs.length) {
      const [a, b] = pairs[pick(pairs.length)];
      queries.phrase.push({ q: `${a} ${b}`, id: d.id, words: [a, b] });
    }
  }


  return queries;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!fs.existsSync(BBC)) {
    console.error(`SKIP: ${BBC} not found (../shared is absent)`);
    process.exit(0);
  }
  const qs = makeQueries(loadDocs());
  if (out) fs.writeFileSync(out, JSON.stringify(qs));
  else console.log(JSON.stringify(qs));
}
