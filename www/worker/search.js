// The worker's queries over the loaded articles: the page's search, and one
// name across the articles. Two sections below.
import { applyToAnalysis } from "../corrections.js";
import { engine, ready } from "./core.js";
import { corpus, docs, fixes, namesOf, sureFacets } from "./articles.js";
import { bootFinished, indexReady } from "./boot.js";

// ---------------------------------------------------------------- search

// The page's search: the core's ranked search over the index (`corpus`),
// with the facet filters as field queries; sorted by date or narrowed to a
// source or a month here, from the articles' own fields, over the best 1,000
// matches; hits past the core's first 100 get their highlights and snippet
// from the core's `highlight`.

function searchQuery(query, filters) {
  let q = String(query || "");
  // A filter's name also ranks (its field query); the core applies the filter itself.
  for (const f of filters || []) q += ` ${f.field}:"${String(f.value).replace(/"/g, "")}"`;
  return q.trim();
}

/** Gives a hit the core left without highlights (past its first 100) its matches and a snippet. */
function fillHighlights(m, h, query) {
  const d = docs.get(h.id);
  if (!d || typeof m.highlight !== "function" || !String(query || "").trim()) return;
  let ranges = [];
  try {
    ranges = m.highlight(d.text, String(query)).slice(0, 200);
  } catch {
    return;
  }
  h.matches = ranges;
  const first = ranges[0];
  const from = first ? Math.max(0, d.text.lastIndexOf(" ", Math.max(0, first.start - 60)) + 1) : 0;
  let to = Math.min(d.text.length, from + 200);
  const sp = d.text.indexOf(" ", to);
  if (sp > 0 && sp - to < 30) to = sp;
  h.snippet = {
    text: d.text.slice(from, to),
    start: from,
    end: to,
    highlights: ranges.filter((r) => r.start >= from && r.end <= to).map((r) => ({ start: r.start - from, end: r.end - from })),
  };
}

/**
 * A search. `sort` ("relevance", "newest", "oldest"), `source` (exact) and
 * `month` ("YYYY-MM") narrow and order the results by the articles' own
 * date and source: then the best 1,000 matches are read, filtered and
 * sorted here, and the hits shown that the core left without highlights
 * get them from `highlight` (the core's analyzer).
 */
export async function search({ query, filters, limit, sort, source, month, uncertain }) {
  const m = await ready;
  await indexReady; // a search typed before the index is restored waits for it
  if (!corpus) throw new Error("Search is not available yet.");
  const q = searchQuery(query, filters);
  if (!q) return { results: [], facets: { people: [], orgs: [], places: [] }, total: 0 };
  const only = (filters || []).map(({ field, value }) => ({ field, value }));
  const byDate = sort === "newest" || sort === "oldest";
  if (!byDate && !source && !month) {
    const r = corpus.search(q, { limit: limit || 20, prefix: true, fuzzy: true, filters: only });
    return { ...r, facets: sureFacets(r.facets, uncertain) };
  }
  await bootFinished; // the articles' dates and sources
  const r = corpus.search(q, { limit: 1000, prefix: true, fuzzy: true, filters: only });
  let hits = r.results.filter((h) => {
    const d = docs.get(h.id);
    return (!source || (d?.source || "") === source) && (!month || String(d?.date || "").startsWith(month));
  });
  if (byDate) {
    const dir = sort === "newest" ? -1 : 1;
    const key = (h) => String(docs.get(h.id)?.date || "");
    hits = hits.map((h, i) => [h, i]).sort(([a, i], [b, j]) => {
      const x = key(a), y = key(b);
      if (!x !== !y) return x ? -1 : 1; // undated last
      return x === y ? i - j : x < y ? -dir : dir;
    }).map(([h]) => h);
  }
  const total = hits.length;
  hits = hits.slice(0, limit || 20);
  for (const h of hits) if (!h.matches?.length) fillHighlights(m, h, query);
  return { results: hits, facets: sureFacets(r.facets, uncertain), total, capped: r.total > r.results.length };
}

// ---------------------------------------------------------------- one name across the articles

// One name across the loaded articles: the articles that name it and the
// names most often beside it (`across`), and its quotes (`quotesBy`: the
// articles it speaks in analyzed again, with the reader's corrections).

const QUOTE_ARTICLES = 40; // articles analyzed at most to list one speaker's quotes

/**
 * One name across the loaded articles: the articles naming it (newest
 * first, with their dates for a timeline) and the names most often in the
 * same articles.
 */
export async function across({ name, label }) {
  await bootFinished;
  const articles = [];
  const with_ = new Map();
  for (const d of docs.values()) {
    const names = namesOf(d);
    const me = names.find((n) => n.name === name && n.label === label);
    if (!me) continue;
    articles.push({ id: d.id, title: d.title, date: d.date || null, source: d.source || null, mentions: me.mentions });
    for (const n of names) {
      if (n === me || n.label === "MISC") continue;
      const k = n.label + "\u0000" + n.name;
      const cur = with_.get(k) || { name: n.name, label: n.label, articles: 0 };
      cur.articles++;
      with_.set(k, cur);
    }
  }
  articles.sort((a, b) => String(b.date || "").localeCompare(String(a.date || "")) || a.title.localeCompare(b.title));
  const mentionedWith = [...with_.values()].sort((a, b) => b.articles - a.articles || a.name.localeCompare(b.name)).slice(0, 12);
  return { name, label, articles, mentionedWith };
}

/**
 * Every quote by `name` across the loaded articles: the articles whose
 * speakers include them are analyzed (at most `QUOTE_ARTICLES`, newest
 * first), with each article's corrections applied.
 */
export async function quotesBy({ name, label }) {
  await bootFinished;
  const picked = [];
  for (const d of docs.values()) {
    const f = corpus?.corpus.get(d.id)?.fields;
    if (f?.speakers?.includes(name) || namesOf(d).some((n) => n.name === name && n.label === label)) picked.push(d);
  }
  picked.sort((a, b) => String(b.date || "").localeCompare(String(a.date || "")));
  const quotes = [];
  for (const d of picked.slice(0, QUOTE_ARTICLES)) {
    let a;
    try {
      a = await engine.analyze(d.text, d.date ? { date: d.date } : undefined, { view: true });
    } catch {
      continue;
    }
    const fx = fixes.get(d.id);
    if (fx?.ops.length) a = applyToAnalysis(a, fx.ops);
    for (const q of a.quotes || []) {
      const who = typeof q.speaker === "number" ? a.entities[q.speaker] : null;
      if (who && who.name === name && who.label === label) quotes.push({ id: d.id, title: d.title, date: d.date || null, text: q.text ?? d.text.slice(q.start, q.end), start: q.start, end: q.end });
    }
  }
  return { name, quotes, articles: picked.length, read: Math.min(picked.length, QUOTE_ARTICLES) };
}
