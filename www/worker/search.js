// The page's search: the core's ranked search over the index (`corpus`),
// with the facet filters as field queries; sorted by date or narrowed to a
// source or a month here, from the articles' own fields, over the best 1,000
// matches; hits past the core's first 100 get their highlights and snippet
// from the core's `highlight`.
import { ready } from "./core.js";
import { corpus, docs } from "./articles.js";
import { sureFacets } from "./stats.js";
import { bootFinished, indexReady } from "./boot.js";

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
