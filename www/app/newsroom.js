// The views over all the loaded articles: the article list, the timeline
// (drawn by `timelineSvg`, also used by a name's page), the chart of the
// names in the most articles with the uncertain-names choice, the search's
// source filter, and the page of one name across the articles. The sections
// below, in the order they use each other:
//   the list, timeline drawing, the chart, the timeline, the sources, one name across articles.
import { call } from "../start.js";
import { $, button, el, fmt, LABELS, onActivate, svg } from "./dom.js";
import { allArticles, state, up } from "./state.js";
import { hideCard, openArticle } from "./article.js";
// `filters` and `lastResults` are read, never set, here: an imported `let` is always its module's current value
import { filters, lastResults, pop, q, runSearch } from "./search.js";

// ---------------------------------------------------------------- the list

// The article list (the left column): the built-in seeds and the reader's
// articles, narrowed by the chart's "articles mentioning X" filter and the
// timeline's month or year, the first `state.listLimit` shown ("Show more"
// adds 200). A row opens its article; the reader's own rows have a Delete
// button (library.js asks first, through `up.askDelete`).

export function renderList() {
  const list = $("article-list");
  list.replaceChildren();
  let items = allArticles();
  if (state.filter) items = items.filter((a) => state.filter.ids.has(a.id));
  if (state.when) items = items.filter((a) => String(a.date || "").startsWith(state.when.key));
  const shown = items.slice(0, state.listLimit);
  for (const a of shown) {
    const li = el("li");
    const btn = button("article-link", null, () => openArticle(a.id, { push: true }));
    btn.dataset.id = a.id;
    btn.append(el("span", "title", a.title));
    btn.append(el("span", "meta", [a.source, a.date].filter(Boolean).join(" · ") || "Your article"));
    if (state.current?.doc.id === a.id) btn.setAttribute("aria-current", "true");
    li.append(btn);
    if (a.user) {
      li.className = "user";
      const del = button("delete", "Delete", () => up.askDelete(li, a));
      del.setAttribute("aria-label", `Delete “${a.title}”`);
      li.append(del);
    }
    list.append(li);
  }
  $("list-more").hidden = items.length <= shown.length;
  $("list-more").textContent = `Show more (${fmt.format(items.length - shown.length)} more)`;
  const n = allArticles().length;
  const u = state.user.length;
  $("list-status").textContent = `${fmt.format(n)} articles` + (u ? ` · ${fmt.format(u)} yours` : "");
  $("export").disabled = !u;
  $("delete-all").disabled = !u;
  $("filter-note").hidden = !state.filter;
  if (state.filter) $("filter-text").textContent = `Articles mentioning ${state.filter.name} (${state.filter.ids.size})`;
  $("when-note").hidden = !state.when;
  if (state.when) $("when-text").textContent = `Articles from ${state.when.label} (${fmt.format(items.length)})`;
}

$("filter-clear").addEventListener("click", () => {
  state.filter = null;
  renderList();
});
$("list-more").addEventListener("click", () => {
  state.listLimit += 200;
  renderList();
});

// ---------------------------------------------------------------- timeline drawing

// The articles over time, as a small SVG bar chart: by month over three years
// or less, else by year, every bucket between the first and the last drawn
// (gaps are part of the story). `timelineSvg` only draws; its caller says
// what choosing a bar does (the newsroom's timeline filters the list; an
// entity page's is not interactive).

/** Buckets of dated articles: by month over three years or less, else by year. */
function timeBuckets(dates) {
  const ds = dates.filter((d) => /^\d{4}-\d{2}/.test(d || "")).sort();
  if (!ds.length) return { by: "month", buckets: [] };
  const first = ds[0].slice(0, 7);
  const last = ds[ds.length - 1].slice(0, 7);
  const months = (Number(last.slice(0, 4)) - Number(first.slice(0, 4))) * 12 + Number(last.slice(5, 7)) - Number(first.slice(5, 7)) + 1;
  const by = months <= 36 ? "month" : "year";
  const counts = new Map();
  for (const d of ds) {
    const k = by === "month" ? d.slice(0, 7) : d.slice(0, 4);
    counts.set(k, (counts.get(k) || 0) + 1);
  }
  // Every bucket between the first and the last, empty ones too: gaps are part of the story.
  const keys = [];
  if (by === "month") {
    let y = Number(first.slice(0, 4)),
      m = Number(first.slice(5, 7));
    for (let i = 0; i < months; i++) {
      keys.push(`${y}-${String(m).padStart(2, "0")}`);
      if (++m > 12) (m = 1), y++;
    }
  } else for (let y = Number(first.slice(0, 4)); y <= Number(last.slice(0, 4)); y++) keys.push(String(y));
  return { by, buckets: keys.map((k) => ({ key: k, count: counts.get(k) || 0 })) };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function bucketLabel(key) {
  return key.length === 7 ? `${MONTHS[Number(key.slice(5, 7)) - 1]} ${key.slice(0, 4)}` : key;
}

/** A small bar chart of articles over time; `onPick(key)` when a bar is chosen (none: not interactive). */
function timelineSvg(dates, { label, onPick, current } = {}) {
  const { by, buckets } = timeBuckets(dates);
  if (!buckets.length) return el("p", "status", "None of these articles has a date.");
  const W = 300,
    H = 92,
    base = 70;
  const max = Math.max(...buckets.map((b) => b.count));
  const bw = W / buckets.length;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline", role: "group", "aria-label": label || `Articles by ${by}` });
  buckets.forEach((b, i) => {
    const h = b.count ? Math.max(3, ((base - 6) * b.count) / max) : 0;
    const g = svg("g", { class: "tbar" + (current === b.key ? " on" : "") });
    g.dataset.key = b.key;
    g.dataset.count = String(b.count);
    g.append(svg("rect", { x: i * bw + 1, y: base - h, width: Math.max(1, bw - 2), height: h, rx: 1 }));
    // An invisible full-height target so a short bar is easy to hit.
    g.append(svg("rect", { x: i * bw, y: 0, width: bw, height: base, class: "hit" }));
    const said = `${bucketLabel(b.key)} ${b.count} article${b.count === 1 ? "" : "s"}`;
    const title = svg("title");
    title.textContent = said;
    g.append(title);
    if (onPick && b.count) {
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", `${said}: show only these`);
      if (current === b.key) g.setAttribute("aria-pressed", "true");
      onActivate(g, () => onPick(b.key));
    }
    root.append(g);
  });
  // First and last bucket under the axis.
  for (const [k, x, anchor] of [
    [buckets[0].key, 0, "start"],
    [buckets[buckets.length - 1].key, W, "end"],
  ]) {
    const t = svg("text", { x, y: H - 6, "text-anchor": anchor, class: "axis" });
    t.textContent = bucketLabel(k);
    root.append(t);
  }
  return root;
}

// ---------------------------------------------------------------- the chart, the timeline, the sources

// The views over all the loaded articles: the chart of the names in the
// most articles (a bar searches for its name, or filters the list when this
// build has no search), the "Include uncertain names" choice shared with the
// search, the timeline (a bar narrows the list and the search to its month or
// year), and the search's source filter. The chart and the map of panels.js are
// drawn at their box's width, so a resize draws them again.

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

// ---------------------------------------------------------------- one name across articles

// The page of one name across the loaded articles (in place of the article):
// its articles over time and as a list, its quotes (the worker analyzes the
// articles that name it), and the names most often in the same articles,
// each a link to its own page.

/** The page of one name: its articles over time, its quotes, the names it appears with. */
export async function openEntityView(name, label) {
  const root = $("article");
  const seq = ++state.openSeq;
  state.view = "entity";
  hideCard();
  root.replaceChildren(el("p", "status", `Gathering ${name} across the articles…`));
  let r;
  try {
    r = await call("across", { name, label });
  } catch (e) {
    if (seq === state.openSeq) root.replaceChildren(el("p", "status error", `Could not gather ${name}: ${e.message}`));
    return;
  }
  if (seq !== state.openSeq) return;
  const back = state.current?.doc;
  const frag = document.createDocumentFragment();
  const view = el("section", "entity-view");
  view.setAttribute("aria-labelledby", "entity-view-title");
  const h = el("h2", "article-title", name);
  h.id = "entity-view-title";
  view.append(h);
  view.append(el("p", "article-meta", `${LABELS[label]?.[0] || label} · named in ${fmt.format(r.articles.length)} article${r.articles.length === 1 ? "" : "s"}`));
  if (back) view.append(button("linkish back", `← Back to “${back.title}”`, () => openArticle(back.id, { focus: true })));

  const t = el("section", "ev-part");
  t.append(el("h3", null, "Over time"));
  t.append(timelineSvg(r.articles.map((a) => a.date).filter(Boolean), { label: `Articles naming ${name} over time` }));
  view.append(t);

  const arts = el("section", "ev-part");
  arts.append(el("h3", null, `Articles (${fmt.format(r.articles.length)})`));
  const ul = el("ul", "ev-articles");
  for (const a of r.articles.slice(0, 200)) {
    const li = el("li");
    const b = button("article-link", null, () => openArticle(a.id, { push: true, focus: true }));
    b.append(el("span", "title", a.title), el("span", "meta", [a.source, a.date, `${a.mentions} mention${a.mentions === 1 ? "" : "s"}`].filter(Boolean).join(" · ")));
    li.append(b);
    ul.append(li);
  }
  arts.append(ul);
  view.append(arts);

  const quotes = el("section", "ev-part");
  quotes.id = "ev-quotes-part";
  quotes.append(el("h3", null, "Quotes"));
  const ql = el("ol", "ev-quotes");
  ql.append(el("li", "status", "Reading the articles for quotes…"));
  quotes.append(ql);
  view.append(quotes);

  const withs = el("section", "ev-part");
  withs.append(el("h3", null, "Named with"));
  const wl = el("ul", "chips");
  for (const w of r.mentionedWith) {
    const li = el("li");
    const b = button(`chip m-${w.label}`, `${w.name} ${w.articles}`, () => openEntityView(w.name, w.label));
    b.setAttribute("aria-label", `${w.name} ${w.articles}: in ${w.articles} of these articles. Open its page.`);
    li.append(b);
    wl.append(li);
  }
  if (!r.mentionedWith.length) wl.append(el("li", "status", "No other names in these articles."));
  withs.append(wl);
  view.append(withs);
  frag.append(view);
  root.replaceChildren(frag);
  $("main").focus({ preventScroll: true });
  window.scrollTo({ top: 0 });
  document.dispatchEvent(new CustomEvent("lede:entity-view", { detail: { name, label } }));

  let qs;
  try {
    qs = await call("quotesBy", { name, label });
  } catch (e) {
    ql.replaceChildren(el("li", "status error", `Could not read the quotes: ${e.message}`));
    return;
  }
  if (seq !== state.openSeq) return;
  ql.replaceChildren();
  for (const x of qs.quotes.slice(0, 300)) {
    const li = el("li");
    const b = button("quote", null, () => openArticle(x.id, { hits: [{ start: x.start, end: x.end }], push: true, focus: true }));
    b.append(el("span", "said", x.text), el("span", "speaker", [x.title, x.date].filter(Boolean).join(" · ")));
    li.append(b);
    ql.append(li);
  }
  if (!qs.quotes.length) ql.append(el("li", "status", `No direct quotes by ${name} in the loaded articles.`));
  if (qs.articles > qs.read) ql.append(el("li", "status", `Read the ${fmt.format(qs.read)} newest of ${fmt.format(qs.articles)} articles.`));
  quotes.querySelector("h3").textContent = `Quotes (${fmt.format(qs.quotes.length)})`;
  document.dispatchEvent(new CustomEvent("lede:entity-quotes", { detail: { name, count: qs.quotes.length } }));
}
