// What the worker holds and what the chart reads of it: the articles, the
// index and the corrections, how one article is indexed, then the chart's
// names and the facets' filter of uncertain names. Two sections below.
import { docOf } from "../embed/engine.js";
import { applyToFields, applyToNames } from "../corrections.js";

// ---------------------------------------------------------------- the articles

// What the worker holds: every article (`docs`: the seeds and the reader's,
// each with the names `corpus.add` returned and a hash of what they depend
// on), the search index (`corpus`), the reader's corrections (`fixes`), and
// how an article is indexed (`index`: the core computes its search fields and
// names; the reader's corrections are applied on top, `refix`). `corpus`,
// `fixes` and `coreVersion` are set by the boot (boot.js) through the setters
// below: other modules read them as live bindings (an ES module's `let`
// export is always its current value).

/** id -> {id, title, text, date, source, url, user, added, hash, entities} */
export const docs = new Map();
/** The search index (an engine collection), once booted. */
export let corpus = null;

/**
 * The reader's corrections, id -> {id, ops, fields}: `ops` in order (see
 * corrections.js), `fields` the article's search fields as the core made them,
 * before any correction (the index holds them corrected).
 */
export let fixes = new Map();

/** Sets `corpus` (boot.js: the restored index, or a new one). */
export function setCorpus(c) {
  corpus = c;
}
/** Sets `fixes` (boot.js: the stored corrections). */
export function setFixes(f) {
  fixes = f;
}
/** Sets `coreVersion` (boot.js: the core's version, part of every article's hash). */
export function setCoreVersion(v) {
  coreVersion = v;
}

/** The user's articles as app.js lists them, in the order they were added. */
export function userList() {
  return [...docs.values()].filter((d) => d.user).sort((a, b) => (a.added || 0) - (b.added || 0)).map(meta);
}

/** 32-bit FNV-1a of a string, as 8 hex digits. */
export function hash(s, seed = 0x811c9dc5) {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

export let coreVersion = "";
/** The shape of the stored names: 2 since names carry their `confidence` (older ones are computed again once). */
const NAMES_FORMAT = 2;
/** What an article's index entry and names depend on: the core's version, the names' format and the article's fields. */
export function hashOf(doc) {
  const s = JSON.stringify([coreVersion, NAMES_FORMAT, doc.id, doc.title, doc.text, doc.date || "", doc.source || "", doc.url || ""]);
  return hash(s) + hash(s, 0x01000193);
}

/** Indexes an article (its fields computed by the core) and keeps its names for the chart. */
export function index(doc) {
  doc.hash = hashOf(doc);
  doc.entities = corpus.add(doc).entities;
  refix(doc);
  return doc;
}

/**
 * After the core indexed `doc` afresh: when the reader corrected it, its
 * fields as the core made them are kept and the index gets the corrected ones.
 */
export function refix(doc) {
  const fx = fixes.get(doc.id);
  if (!fx || !fx.ops.length || !corpus) return;
  fx.fields = corpus.corpus.get(doc.id)?.fields || fx.fields;
  corpus.corpus.add(docOf(doc), applyToFields(fx.fields, fx.ops));
}

/** An article's names (`[{name, label, mentions}]`) with the reader's corrections. */
export function namesOf(doc) {
  const fx = fixes.get(doc.id);
  return fx && fx.ops.length ? applyToNames(doc.entities || [], fx.ops) : doc.entities || [];
}

/** An article as app.js lists it: no text, no names. */
export function meta(doc) {
  const { text, entities, hash: _h, ...rest } = doc; // eslint-disable-line no-unused-vars
  return { ...rest, chars: text.length };
}

// ---------------------------------------------------------------- the chart and the facets

// The chart's data and the facets' filter, over every article's names (with
// the reader's corrections): the people, organizations and places named in
// the most articles, counted with and without the uncertain names (those
// the core's calibrated confidence puts below one half), and the facets
// without the names no article is sure of.

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
