// The search box: a combobox over the worker's search (the core's index),
// its results in a listbox under it with their highlighted titles and
// snippets, the facets (people, organizations, places) as filter chips, sort
// and source, "More results". Typing searches after a short pause and records
// the query in the address; the arrows move through the results, Enter opens
// one (with its hits marked in the text), Escape closes the list, then clears
// the box. Answers that come back after a newer query are dropped.
import { call } from "../start.js";
import { $, button, el, fmt, LABELS } from "./dom.js";
import { allArticles, state, writeHash } from "./state.js";
import { openArticle } from "./article.js";

export const q = $("q");
export const pop = $("search-pop");
const results = $("results");
let searchSeq = 0;
let searchTimer = 0;
export let lastResults = null;
export let filters = [];
let active = -1;
const PAGE = 20; // results asked for at a time
let resultLimit = PAGE;

function openPop(open) {
  pop.hidden = !open;
  q.setAttribute("aria-expanded", String(open));
  if (!open) {
    active = -1;
    q.removeAttribute("aria-activedescendant");
  }
}

/** Text with highlighted ranges, as nodes. */
function marked(text, hl, cls = "hl") {
  const frag = document.createDocumentFragment();
  let pos = 0;
  for (const h of [...(hl || [])].sort((a, b) => a.start - b.start)) {
    if (h.start < pos) continue;
    frag.append(text.slice(pos, h.start));
    frag.append(el("mark", cls, text.slice(h.start, h.end)));
    pos = h.end;
  }
  frag.append(text.slice(pos));
  return frag;
}

/**
 * Runs the query in the box. `write`: record it in the address (typing does;
 * restoring an address, on load or Back/Forward, must not rewrite it).
 * `more`: keep the current limit (the "More results" button raises it).
 */
export async function runSearch(show, { write = true, more = false } = {}) {
  if (!state.search) return;
  const query = q.value.trim();
  const seq = ++searchSeq;
  if (!more) resultLimit = PAGE;
  if (write) writeHash({ a: state.current?.doc.id, q: query }, false);
  if (!query && !filters.length) {
    lastResults = null;
    $("r-tools").hidden = true;
    results.replaceChildren();
    $("facets").replaceChildren();
    $("search-status").textContent = "";
    openPop(false);
    return;
  }
  let r;
  try {
    r = await call("search", { query, filters, limit: resultLimit, sort: $("r-sort").value, source: $("r-source").value || null, month: state.when?.key || null, uncertain: state.uncertain });
  } catch (e) {
    if (seq !== searchSeq) return;
    results.replaceChildren(el("li", "status error", `Search failed: ${e.message}`));
    openPop(true);
    return;
  }
  if (seq !== searchSeq) return;
  lastResults = r;
  r.query = query;
  r.filterKey = JSON.stringify(filters);
  $("r-tools").hidden = false;
  results.dataset.query = query;
  renderResults(r);
  if (show) openPop(true);
}

function renderResults(r) {
  results.replaceChildren();
  active = -1;
  q.removeAttribute("aria-activedescendant");
  r.results.forEach((hit, i) => {
    const li = el("li", "result");
    li.id = `result-${i}`;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.dataset.id = hit.id;
    li.append(el("span", "r-title"));
    li.firstChild.append(marked(hit.title, hit.titleHighlights));
    const doc = allArticles().find((d) => d.id === hit.id);
    const meta = [hit.source || doc?.source, hit.date || doc?.date].filter(Boolean).join(" · ");
    if (meta) li.append(el("span", "r-meta", meta));
    if (hit.snippet?.text) {
      const sn = el("span", "r-snippet");
      sn.append(marked(hit.snippet.text, hit.snippet.highlights));
      li.append(sn);
    }
    li.addEventListener("mousedown", (e) => e.preventDefault());
    li.addEventListener("click", () => chooseResult(i));
    results.append(li);
  });
  if (!r.results.length) {
    const li = el("li", "empty", "No article matches. Try fewer or other words.");
    li.setAttribute("aria-disabled", "true");
    results.append(li);
  }
  const n = r.total ?? r.results.length;
  const said = n === 0 ? "No results" : `${fmt.format(n)} result${n === 1 ? "" : "s"}`;
  $("search-status").textContent = said;
  $("result-count").textContent = n > r.results.length ? `${said} · showing ${fmt.format(r.results.length)}` : said;
  const rest = n - r.results.length;
  $("results-more").hidden = rest <= 0;
  $("results-more").textContent = `More results (${fmt.format(Math.min(PAGE, rest))} of ${fmt.format(rest)} more)`;
  renderFacets(r.facets);
}

function renderFacets(f) {
  const box = $("facets");
  box.replaceChildren();
  const kinds = [
    ["people", "person", "PER"],
    ["orgs", "org", "ORG"],
    ["places", "place", "LOC"],
  ];
  for (const fl of filters) {
    const b = button(`chip on m-${fl.label}`, `${fl.value} ×`, () => {
      filters = filters.filter((x) => x !== fl);
      runSearch(true);
      q.focus();
    });
    b.setAttribute("aria-pressed", "true");
    b.setAttribute("aria-label", `Remove filter ${fl.value}`);
    box.append(b);
  }
  for (const [key, field, label] of kinds) {
    for (const { value, count } of (f?.[key] || []).slice(0, 4)) {
      if (filters.some((x) => x.field === field && x.value === value)) continue;
      const b = button(`chip m-${label}`, `${value} ${count}`, () => {
        filters.push({ field, value, label });
        runSearch(true);
        q.focus();
      });
      b.setAttribute("aria-pressed", "false");
      // The accessible name starts with the visible "Name 2".
      b.setAttribute("aria-label", `${value} ${count}: only articles with this ${LABELS[label][0].toLowerCase()}`);
      box.append(b);
    }
  }
}

function setActive(i) {
  const opts = [...results.querySelectorAll('[role="option"]')];
  if (!opts.length) return;
  active = (i + opts.length) % opts.length;
  opts.forEach((o, k) => o.setAttribute("aria-selected", String(k === active)));
  q.setAttribute("aria-activedescendant", opts[active].id);
  opts[active].scrollIntoView({ block: "nearest" });
}

function chooseResult(i) {
  const hit = lastResults?.results[i];
  if (!hit) return;
  openPop(false);
  openArticle(hit.id, { hits: hit.matches || [], push: true, focus: true });
}

$("results-more").addEventListener("mousedown", (e) => e.preventDefault());
$("results-more").addEventListener("click", async () => {
  const from = lastResults?.results.length || 0;
  resultLimit += PAGE;
  await runSearch(true, { write: false, more: true });
  // Keyboard users continue at the first new result.
  if (lastResults?.results.length > from) setActive(from);
  q.focus();
});

for (const id of ["r-sort", "r-source"]) $(id).addEventListener("change", () => runSearch(true, { write: false }));

// Typing searches after a pause; the arrows, Enter and Escape (see the header).
q.addEventListener("input", () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => runSearch(true), 120);
});
q.addEventListener("keydown", (e) => {
  if (e.key === "ArrowDown") {
    e.preventDefault();
    if (pop.hidden && lastResults) openPop(true);
    setActive(active + 1);
  } else if (e.key === "ArrowUp") {
    e.preventDefault();
    if (pop.hidden && lastResults) openPop(true);
    setActive(active - 1);
  } else if (e.key === "Enter") {
    e.preventDefault();
    clearTimeout(searchTimer);
    const fresh = lastResults && lastResults.query === q.value.trim() && lastResults.filterKey === JSON.stringify(filters);
    if (!fresh) runSearch(true).then(() => lastResults?.results.length && chooseResult(0));
    else if (active >= 0) chooseResult(active);
    else if (lastResults.results.length) chooseResult(0);
  } else if (e.key === "Escape") {
    if (!pop.hidden) openPop(false);
    else {
      q.value = "";
      filters = [];
      runSearch(false);
    }
  }
});
q.addEventListener("focus", () => {
  if (lastResults && q.value.trim()) openPop(true);
});
$("search").addEventListener("focusout", (e) => {
  if (!$("search").contains(e.relatedTarget)) openPop(false);
});

/** Shows the search box (searches sent before the index is restored wait for it in the worker). */
export function showSearch(search) {
  if (search && !state.search) performance.mark("lede:search-shown");
  state.search = search;
  $("search").hidden = !search;
  $("tagline").hidden = search;
}

/**
 * Puts `query` in the box, drops the filters and runs it, without writing the
 * address: app.js restoring an address (on load, or Back/Forward).
 */
export async function restoreQuery(query) {
  q.value = query;
  filters = [];
  await runSearch(false, { write: false });
}
