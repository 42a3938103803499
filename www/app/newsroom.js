// The views over all the loaded articles: the chart of the names in the
// most articles (a bar searches for its name, or filters the list when this
// build has no search), the "Include uncertain names" choice shared with the
// search, the timeline (a bar narrows the list and the search to its month or
// year), and the search's source filter. The chart and the map of cooc.js are
// drawn at their box's width, so a resize draws them again.
import { $, el, fmt, onActivate, svg } from "./dom.js";
import { LABELS } from "./labels.js";
import { allArticles, state } from "./state.js";
import { bucketLabel, timelineSvg } from "./timeline.js";
import { renderCooc } from "./cooc.js";
// `filters` and `lastResults` are read, never set, here: an imported `let` is always its module's current value
import { filters, lastResults, pop, q, runSearch } from "./search.js";
import { renderList } from "./list.js";

/** Most mentioned people, organizations and places across every loaded article. */
export function renderChart() {
  const s = state.stats;
  const box = $("chart");
  box.replaceChildren();
  if (!s) return;
  const top = (state.uncertain && s.topAll) || s.top;
  const rows = [];
  for (const label of ["PER", "ORG", "LOC"]) {
    if (!top[label]?.length) continue;
    rows.push({ head: LABELS[label][1], label });
    for (const e of top[label]) rows.push({ e, label });
  }
  // The toggle is offered when it changes something (some names are uncertain) or is on.
  const left = s.uncertain || 0;
  $("chart-uncertain-box").hidden = !left && !state.uncertain;
  $("chart-uncertain-n").textContent = left ? ` (${fmt.format(left)})` : "";
  $("chart-panel").hidden = !rows.length && $("chart-uncertain-box").hidden;
  if (!rows.length) return;
  // Units are CSS pixels (the drawing is as wide as its box); each name on its
  // own line above its bar, so names are not cut; bars count articles.
  const W = Math.max(240, Math.round(box.clientWidth || $("chart-panel").clientWidth || 320));
  const HEAD = 22,
    RH = 34;
  let H = 4;
  for (const r of rows) H += r.head ? HEAD : RH;
  const max = Math.max(...rows.filter((r) => r.e).map((r) => r.e.articles.length));
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "group", "aria-label": `Names in the most articles, of ${s.articles} articles` });
  let y = 2;
  rows.forEach((row) => {
    if (row.head) {
      const t = svg("text", { x: 0, y: y + 16, class: "head" });
      t.textContent = row.head;
      root.append(t);
      y += HEAD;
      return;
    }
    const { e, label } = row;
    const n = e.articles.length;
    const g = svg("g", { class: `bar m-${label}`, tabindex: 0, role: "button" });
    g.dataset.name = e.name;
    g.dataset.articles = String(n);
    const w = Math.max(2, ((W - 60) * n) / max);
    const rect = svg("rect", { x: 0, y: y + 18, width: w, height: 11, rx: 2 });
    const txt = svg("text", { x: 0, y: y + 13, class: "name" });
    txt.textContent = e.name;
    const count = svg("text", { x: w + 4, y: y + 28, class: "n" });
    count.textContent = ` ${n} article${n === 1 ? "" : "s"}`; // the space keeps "Name 3 articles" one phrase
    // The accessible name starts with the visible text ("Name 3 articles").
    g.setAttribute("aria-label", `${e.name} ${n} article${n === 1 ? "" : "s"} (${e.mentions} mention${e.mentions === 1 ? "" : "s"}). Search for it.`);
    g.append(rect, txt, count);
    y += RH;
    onActivate(g, () => chooseBar(e, label));
    root.append(g);
  });
  box.append(root);
  // A name wider than the box (rare: the box is the panel's width) ends at a word, with an ellipsis.
  for (const t of root.querySelectorAll(".bar text.name")) {
    if (typeof t.getBBox !== "function") break;
    let words = t.textContent.split(" ");
    while (t.getBBox().width > W - 2 && words.length > 1) {
      words = words.slice(0, -1);
      t.textContent = words.join(" ") + "…";
    }
  }
}

// The map and the chart are drawn in CSS pixels at their box's width: drawn again when it changes.
let drawnWidth = 0;
let resizeTimer = 0;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    const w = $("chart").clientWidth || $("cooc").clientWidth;
    if (!w || w === drawnWidth) return;
    drawnWidth = w;
    if (state.current && $("panels").getAttribute("aria-busy") !== "true") renderCooc();
    renderChart();
  }, 150);
});

function chooseBar(e, label) {
  if (state.search) {
    const field = { PER: "person", ORG: "org", LOC: "place" }[label];
    $("q").value = `${field}:"${e.name}"`;
    $("q").focus();
    runSearch(true);
  } else {
    state.filter = { name: e.name, ids: new Set(e.articles) };
    state.listLimit = 60;
    renderList();
    document.querySelector(".article-link")?.focus();
  }
}

$("when-clear").addEventListener("click", () => setWhen(null));

/** One choice, two boxes: the chart's and the search's "Include uncertain names". */
function setUncertain(on) {
  state.uncertain = on;
  $("chart-uncertain").checked = on;
  $("r-uncertain").checked = on;
  renderChart();
  if (lastResults || q.value.trim() || filters.length) runSearch(false, { write: false, more: true });
}
$("chart-uncertain").addEventListener("change", (e) => setUncertain(e.target.checked));
$("r-uncertain").addEventListener("change", (e) => setUncertain(e.target.checked));

/** The search's source filter lists every source of the loaded articles. */
export function fillSources() {
  const sel = $("r-source");
  const was = sel.value;
  const counts = new Map();
  for (const a of allArticles()) if (a.source) counts.set(a.source, (counts.get(a.source) || 0) + 1);
  const all = el("option", null, "All sources");
  all.value = "";
  const opts = [all];
  for (const [src, n] of [...counts].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).slice(0, 200)) {
    const o = el("option", null, `${src} (${fmt.format(n)})`);
    o.value = src;
    opts.push(o);
  }
  sel.replaceChildren(...opts);
  sel.value = counts.has(was) ? was : "";
}

/** The loaded articles over time; choosing a bar filters the list and the search to it. */
export function renderTimeline() {
  const box = $("timeline");
  if (!box) return;
  const all = allArticles();
  const dates = all.map((a) => a.date).filter(Boolean);
  $("timeline-panel").hidden = !dates.length;
  if (!dates.length) return;
  box.replaceChildren(
    timelineSvg(dates, {
      label: `The ${fmt.format(all.length)} articles over time`,
      current: state.when?.key,
      onPick: (key) => setWhen(state.when?.key === key ? null : key),
    }),
  );
  $("timeline-note").textContent = `${fmt.format(dates.length)} of ${fmt.format(all.length)} articles have a date.`;
}

/** Filters the list and the search to one month or year (null: all). */
function setWhen(key) {
  state.when = key ? { key, label: bucketLabel(key) } : null;
  state.listLimit = 60;
  renderList();
  renderTimeline();
  if (state.search && (q.value.trim() || filters.length)) runSearch(!pop.hidden, { write: false });
  const bar = key && document.querySelector(`#timeline .tbar[data-key="${key}"]`);
  (bar || $("when-clear"))?.focus?.();
}
