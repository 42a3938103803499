// The page's state: one object (`state`) that every view reads and changes,
// the articles it lists (`allArticles`: the built-in seeds, then the
// reader's), and the address: `#a=ID&q=QUERY` names the open article and the
// search, read on load and on Back/Forward (`readHash`, see app.js's
// `applyHash`) and written as the reader moves (`writeHash`). `window.lede`
// exposes the state to the tests and the benchmark.
//
// `up` holds the few calls that go up the module graph (see its comment):
// the page's modules import only modules below them, so the graph has no
// circle, and those calls are looked up when they are made.
import { call } from "../start.js";

export const state = {
  seeds: [],
  user: [],
  texts: new Map(),
  current: null, // {doc, text, analysis}
  openSeq: 0,
  search: false,
  hidden: new Set(),
  selected: null, // entity index
  nav: null, // {kind: "entity"|"hits", ranges: [[s,e]], i, label}
  hits: [],
  textNodes: [],
  filter: null,
  listLimit: 60,
  stats: null,
  expanded: new Set(), // entity types shown in full
  ops: [], // the reader's corrections of the open article (corrections.js), in order
  when: null, // {key: "2023" | "2023-07", label}: the timeline's filter of the list and the search
  view: "article", // "article" | "entity" (the page of one name across articles)
  uncertain: false, // the chart and the facets include uncertain names
  version: "",
};
window.lede = { state, ready: false, call }; // read by tests and the benchmark; `call` speaks to the worker

export function allArticles() {
  return [...state.seeds, ...state.user];
}

/**
 * The calls that go up the module graph. Each module of the page imports only
 * the ones below it (app.js lists them, lowest first), but a few calls go the
 * other way: the stepper redraws the "Selected name" panel, a correction
 * redraws the article's panels, a row of the list asks whether to delete its
 * article. The module that defines each of these sets it here when it loads;
 * app.js loads every module before the page starts (`main`), so each is set
 * before anything can call it.
 */
export const up = {
  /** panels.js: draws the open article's side panels. */
  renderPanels: null,
  /** tools.js: draws the "Selected name" panel. */
  renderTools: null,
  /** library.js: asks, in a list row, whether to delete the reader's article. */
  askDelete: null,
};

export function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  return { a: p.get("a"), q: p.get("q") || "" };
}
export function writeHash({ a, q }, push) {
  const p = new URLSearchParams();
  if (a) p.set("a", a);
  if (q) p.set("q", q);
  const h = "#" + p.toString();
  if (h === location.hash || (h === "#" && !location.hash)) return;
  if (push) history.pushState(null, "", h);
  else history.replaceState(null, "", h);
}
