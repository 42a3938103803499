// Lede page: renders what the worker (worker.js) computes. The main thread never
// analyzes or indexes; it fetches, draws and listens. Article text only ever
// reaches the DOM through textContent and created nodes, never as markup.
//
// This module starts the page (`main`: the first article, then the boot),
// follows the address (`applyHash`, on load and on Back/Forward) and holds
// the page's keyboard shortcuts; the rest is in app/, one module a part of
// the page, each importing only the ones listed above it here (the few calls
// that go up this list go through state.js's `up`):
//   dom.js       making nodes (text only through textContent), `$`, counts, the
//                status line; what each type is called, uncertain names, foreign text
//   state.js     the page's state, its address (`#a=…&q=…`), `up`
//   article.js   opening and drawing an article; marks, highlights and the stepper
//                in its text; a mention's card
//   search.js    the search box, its results and facets
//   newsroom.js  the views over all the articles: the list, the chart, the timeline,
//                the sources, the page of one name across the articles
//   tools.js     the reader's corrections and the "Selected name" panel
//   panels.js    the open article's side panels: names, who appears together,
//                quotes, key phrases, summary
//   library.js   the reader's articles: import, delete, undo, export
// index.html preloads every one of them, so that they arrive at once rather
// than a level of imports at a time; all are imported here, so that each
// one's listeners are set before `main` runs. The page is split in a few
// modules, not many: each module costs the first render some time (bench/page).
import { call, firstPaint, onFail, searchable, startEngine, storedList, VISITED } from "./start.js";
import { $, addStatus } from "./app/dom.js";
import { readHash, state, writeHash } from "./app/state.js";
import { card, clearNav, hideCard, openArticle, showHits, step } from "./app/article.js";
import { lastResults, q, restoreQuery, showSearch } from "./app/search.js"; // `lastResults`: always its current value
import { fillSources, renderChart, renderList, renderTimeline } from "./app/newsroom.js";
import "./app/tools.js";
import "./app/panels.js";
import "./app/library.js";

// The worker, the wasm compile and the first requests were started by start.js
// (`first`: the first article, fetched while the core compiles; `stored`: the
// list of the reader's articles).
onFail.call = () => {
  $("article-status") && ($("article-status").textContent = "The analyzer could not start in this browser.");
};
if (onFail.message) onFail.call(onFail.message);

// ---------------------------------------------------------------- keys

// The page's keyboard shortcuts outside the search box and the marks: "/"
// goes to the search box, Escape closes the card and clears the stepper,
// n and p step to the next and previous mark in the article.
document.addEventListener("keydown", (e) => {
  const t = e.target;
  const typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t.isContentEditable;
  if (e.key === "/" && !typing && state.search && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault();
    q.focus();
    q.select();
  } else if (e.key === "Escape") {
    if (!card.hidden) hideCard();
    if (t !== q && state.nav && t.closest?.("#article")) clearNav();
  } else if (!typing && t.closest?.("#article") && state.nav && (e.key === "n" || e.key === "p")) {
    step(e.key === "n" ? 1 : -1);
  }
});

// ---------------------------------------------------------------- the address

window.addEventListener("popstate", () => applyHash());

/** Opens what the address names (the article, the search and its hits in the text). */
async function applyHash() {
  const { a, q: query } = readHash();
  if (state.search && query !== q.value.trim()) await restoreQuery(query);
  let hits = [];
  if (a && state.search && query && lastResults) hits = lastResults.results.find((r) => r.id === a)?.matches || [];
  if (a && a !== state.current?.doc.id) await openArticle(a, { hits, write: false });
  else if (a && state.current) showHits(hits);
}

/**
 * The list from the stored metadata, drawn before the first article is
 * analyzed (and the search box, once the worker says the build searches:
 * searches sent before the index is restored wait for it in the worker).
 */
async function earlyList() {
  let r;
  try {
    r = await storedList;
  } catch {
    return;
  }
  if (window.lede.booted || state.seeds.length) return;
  state.seeds = r.manifest;
  if (r.user) state.user = r.user;
  renderList();
  performance.mark("lede:list");
  // With a saved list there is a saved index: search may be typed into now.
  if (!r.user) return;
  const search = await searchable.catch(() => false);
  if (!window.lede.booted && search) showSearch(true);
}

/**
 * The page's start: the first article (from its prebuilt file, or analyzed
 * by the worker), then the boot (every seed and the reader's articles loaded,
 * the search index restored), then the list, the chart and the timeline, and
 * whatever the address names.
 */
async function main() {
  const listed = earlyList();
  let manifest, pre;
  try {
    pre = await firstPaint;
    performance.mark("lede:first-answer");
    manifest = pre.manifest;
  } catch (e) {
    $("list-status").textContent = e.message;
    $("article-status").textContent = "No articles could be loaded.";
    return;
  }
  if (!state.seeds.length) {
    state.seeds = manifest;
    renderList();
  }
  // The saved search index first (queued searches wait for it), then the rest of the first article's analysis.
  call("restoreIndex").catch(() => {});
  const asked = readHash();
  // A link to one of the user's articles waits for the boot (which loads them) rather than flash a seed first.
  const first = manifest.find((m) => m.id === asked.a) ? asked.a : asked.a ? null : manifest[0]?.id;
  if (!first && asked.a) $("article-status").textContent = "Opening the linked article…";
  if (pre.id) state.texts.set(pre.id, pre.text);
  // The URL is left as it is until the worker knows the user's articles too.
  const usePre = pre.id === first && pre.analysis ? pre : null;
  window.lede.first = usePre?.prebuilt ? "prebuilt" : "worker";
  let shown = first ? openArticle(first, { write: false, pre: usePre }) : Promise.resolve();
  shown.then(startEngine, startEngine); // the worker and the wasm, when they waited for this render (start.js)
  // A prebuilt file found stale once the seed's text and the wasm's bytes are
  // in (another text, another build; see prebuilt.js): the worker's analysis
  // replaces it, unless the reader has opened something else meanwhile.
  if (usePre?.prebuilt)
    shown = shown
      .then(() => usePre.check)
      .then((ok) => {
        if (ok) return;
        window.lede.first = "worker";
        state.texts.delete(first); // the file's text: the seed's is fetched again (from the cache)
        if (state.view === "article" && state.current?.doc.id === first) return openArticle(first, { write: false });
      });
  // Everything else (all seeds analyzed, search index, saved articles) after.
  let boot;
  try {
    boot = await call("boot", { seeds: manifest });
  } catch (e) {
    addStatus(`The analyzer could not load everything: ${e.message}`, true);
    return;
  }
  await shown;
  await listed;
  state.user = boot.user;
  state.stats = boot.stats;
  showSearch(boot.search);
  state.version = boot.version || "";
  if (boot.storageError) addStatus(boot.storageError, true);
  renderList();
  renderChart();
  renderTimeline();
  fillSources();
  const h = readHash();
  if ((h.a && h.a !== state.current?.doc.id) || (h.q && boot.search)) await applyHash();
  else if (state.current) writeHash({ a: state.current.doc.id, q: "" }, false);
  window.lede.booted = true;
  try {
    localStorage.setItem(VISITED, "1"); // the next visit starts the engine at once (start.js)
  } catch {
    // storage denied: the next visit waits for its saved list instead
  }
  performance.mark("lede:booted");
  document.dispatchEvent(new CustomEvent("lede:booted"));
}

main();
