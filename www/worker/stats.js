// The chart's data and the facets' filter, over every article's names (with
// the reader's corrections): the people, organizations and places named in
// the most articles, counted with and without the uncertain names (those
// the core's calibrated confidence puts below one half), and the facets
// without the names no article is sure of.
import { docs, namesOf } from "./articles.js";

/**
 * Names below this confidence are uncertain (the core's `UNCERTAIN_BELOW`):
 * the chart and the facets leave them out unless the reader asks for them.
 * Names stored before names had a confidence count as sure.
 */
const UNCERTAIN_BELOW = 0.5;
const unsure = (n) => typeof n.confidence === "number" && n.confidence < UNCERTAIN_BELOW;

/** `label \0 name` of the people, organizations and places no loaded article is sure of (the facets leave them out). */
let uncertainOnly = new Set();

/**
 * The chart: the people, organizations and places named in the most articles
 * (an article counts once, however often it names them; mentions break ties).
 * `top` counts only the articles sure of a name; `topAll` counts every one;
 * `uncertain` is how many names only `topAll` has.
 */
export function stats() {
  const sure = new Map();
  const all = new Map();
  const add = (agg, key, name, label, mentions, id) => {
    const cur = agg.get(key) || { name, label, mentions: 0, articles: [] };
    cur.mentions += mentions;
    cur.articles.push(id);
    agg.set(key, cur);
  };
  for (const doc of docs.values()) {
    for (const n of namesOf(doc)) {
      const { name, label, mentions } = n;
      if (label === "MISC") continue;
      const key = label + "\u0000" + name;
      add(all, key, name, label, mentions, doc.id);
      if (!unsure(n)) add(sure, key, name, label, mentions, doc.id);
    }
  }
  uncertainOnly = new Set([...all.keys()].filter((k) => !sure.has(k)));
  const rank = (agg) => {
    const top = {};
    for (const label of ["PER", "ORG", "LOC"]) {
      top[label] = [...agg.values()]
        .filter((e) => e.label === label)
        .sort((a, b) => b.articles.length - a.articles.length || b.mentions - a.mentions || a.name.localeCompare(b.name))
        .slice(0, 8);
    }
    return top;
  };
  // a few of them by name (the most mentioned), so the page can say which
  const some = [...uncertainOnly]
    .map((k) => all.get(k))
    .sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name))
    .slice(0, 20)
    .map(({ name, label }) => ({ name, label }));
  return { articles: docs.size, top: rank(sure), topAll: rank(all), uncertain: uncertainOnly.size, uncertainNames: some };
}

/** The facets without the names no article is sure of (unless `uncertain`). */
export function sureFacets(facets, uncertain) {
  if (uncertain || !facets || !uncertainOnly.size) return facets;
  const out = { ...facets };
  for (const [key, label] of [["people", "PER"], ["orgs", "ORG"], ["places", "LOC"]]) {
    if (Array.isArray(facets[key])) out[key] = facets[key].filter((f) => !uncertainOnly.has(label + "\u0000" + f.value));
  }
  return out;
}
