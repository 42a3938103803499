// Lede page: renders what the worker (worker.js) computes. The main thread never
// analyzes or indexes; it fetches, draws and listens. Article text only ever
// reaches the DOM through textContent and created nodes, never as markup.
import { call, client, onFail, firstPaint, storedList, searchable, startEngine, VISITED } from "./start.js";
import { applyToAnalysis, describe, NAME_TYPES } from "./corrections.js";
import { analysisJson, analysisRows, toCsv, fileName, download } from "./export.js";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";

/** Creates an element with optional class and text content. */
function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text != null) node.textContent = text;
  return node;
}
function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}
function button(cls, text, onClick) {
  const b = el("button", cls, text);
  b.type = "button";
  if (onClick) b.addEventListener("click", onClick);
  return b;
}

/** Only http(s) links are ever put into an href. */
function safeUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

const LABELS = {
  PER: ["Person", "People"],
  ORG: ["Organization", "Organizations"],
  LOC: ["Place", "Places"],
  MISC: ["Other name", "Other names"],
  DATE: ["Date", "Dates"],
  TIME: ["Time", "Times"],
  MONEY: ["Money", "Money"],
  PERCENT: ["Percent", "Percentages"],
  QUANTITY: ["Quantity", "Quantities"],
  ORDINAL: ["Ordinal", "Ordinals"],
  CARDINAL: ["Number", "Numbers"],
};
const ORDER = Object.keys(LABELS);
const fmt = new Intl.NumberFormat("en");

/**
 * Names below this confidence are uncertain: the core's calibrated scores say
 * such a span and type are more often wrong than right (the same value as
 * `UNCERTAIN_BELOW` in src/extract/entities/mod.rs). They are marked in the
 * text and the list, and left out of the chart and the facets unless the
 * reader ticks "Include uncertain names". A name the reader corrected is sure.
 */
const UNCERTAIN_BELOW = 0.5;
const isUncertain = (x) => !x?.corrected && typeof x?.confidence === "number" && x.confidence < UNCERTAIN_BELOW;
const pct = (c) => `${Math.round(c * 100)}%`;

/** True when the core says the article is in a language the entity model was not trained on (names by shape only). */
function foreignLanguage(analysis) {
  const l = analysis?.language;
  return !!l && l.code !== "en" && l.code !== "und" && l.confidence >= 0.5;
}
function languageName(code) {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) || code;
  } catch {
    return code;
  }
}

// ---------------------------------------------------------------- worker

// The worker, the wasm compile and the first requests were started by start.js
// (`first`: the first article, fetched while the core compiles; `stored`: the
// list of the reader's articles).
onFail.call = () => {
  $("article-status") && ($("article-status").textContent = "The analyzer could not start in this browser.");
};
if (onFail.message) onFail.call(onFail.message);

// ---------------------------------------------------------------- state

const state = {
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

function allArticles() {
  return [...state.seeds, ...state.user];
}

// ---------------------------------------------------------------- URL

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  return { a: p.get("a"), q: p.get("q") || "" };
}
function writeHash({ a, q }, push) {
  const p = new URLSearchParams();
  if (a) p.set("a", a);
  if (q) p.set("q", q);
  const h = "#" + p.toString();
  if (h === location.hash || (h === "#" && !location.hash)) return;
  if (push) history.pushState(null, "", h);
  else history.replaceState(null, "", h);
}

// ---------------------------------------------------------------- list

function renderList() {
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
      const del = button("delete", "Delete", () => askDelete(li, a));
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

// ---------------------------------------------------------------- article

async function textOf(doc) {
  if (state.texts.has(doc.id)) return state.texts.get(doc.id);
  if (doc.file) {
    const res = await fetch(`seeds/${encodeURIComponent(doc.file)}`);
    if (!res.ok) throw new Error(`could not load “${doc.title}” (${res.status})`);
    const t = await res.text();
    state.texts.set(doc.id, t);
    return t;
  }
  return null;
}

/**
 * Opens an article. `hits`: body ranges to highlight (from a search result),
 * navigated with next/previous; `push`: a new history entry.
 */
async function openArticle(id, { hits = [], push = false, focus = false, write = true, pre = null } = {}) {
  const doc = allArticles().find((a) => a.id === id);
  const root = $("article");
  if (!doc) {
    root.replaceChildren(el("p", "status error", "That article is not here any more. Choose another from the list."));
    return;
  }
  const seq = ++state.openSeq;
  const opsP = pre?.ops ? Promise.resolve(pre.ops) : call("getCorrections", { docId: id }).catch(() => []);
  // A first article analyzed for its names only: the rest (quotes, key
  // phrases, summary) is asked for now, computed while the names are drawn.
  const restP = pre?.partial ? call("analyze", { text: pre.text, date: doc.date }) : null;
  restP?.catch(() => {});
  state.view = "article";
  if (write) writeHash({ a: id, q: $("q").value.trim() }, push);
  if (state.current?.doc.id !== id) {
    root.replaceChildren(el("p", "status", "Analyzing…"));
    setPanelsBusy(true); // the side panel never shows the previous article's names meanwhile
  }
  let text, analysis;
  try {
    if (pre) ({ text, analysis } = pre);
    else if ((text = await textOf(doc)) != null) analysis = await call("analyze", { text, date: doc.date });
    else ({ text, analysis } = await call("open", { docId: id }));
  } catch (e) {
    if (seq === state.openSeq) {
      root.replaceChildren(el("p", "status error", `This article could not be shown: ${e.message}`));
      setPanelsBusy(false);
    }
    return;
  }
  const ops = await opsP;
  if (seq !== state.openSeq) return;
  setPanelsBusy(false);
  if (state.current?.doc.id !== id) {
    state.expanded.clear();
    $("entity-filter").value = "";
  }
  state.ops = Array.isArray(ops) ? ops : [];
  state.current = { doc, text, raw: analysis, analysis: applyToAnalysis(analysis, state.ops) };
  state.selected = null;
  state.hits = hits.map((h) => [h.start, h.end]);
  state.nav = state.hits.length ? { kind: "hits", ranges: state.hits, i: 0, label: "Search hit" } : null;
  renderArticle();
  renderPanels();
  for (const b of document.querySelectorAll(".article-link")) {
    if (b.dataset.id === id) b.setAttribute("aria-current", "true");
    else b.removeAttribute("aria-current");
  }
  if (state.nav) goTo(0, false);
  if (focus) {
    const hit = state.nav && rangeFor(...state.nav.ranges[0]);
    $("main").focus({ preventScroll: !!hit });
  }
  if (restP) await fillRest(seq, restP);
  else if (pre) performance.mark("lede:first-panels"); // a prebuilt analysis is whole: the panels are drawn already
}

/**
 * The whole analysis of the open article, once the worker has it (the first
 * article is shown from its names first): the panels are drawn again from
 * it; the text and its highlights stay (the names are the same).
 */
async function fillRest(seq, restP) {
  let full;
  try {
    full = await restP;
  } catch (e) {
    if (seq === state.openSeq) addStatus(`The quotes, key phrases and summary could not be computed: ${e.message}`, true);
    return;
  }
  if (seq !== state.openSeq || state.view !== "article" || !state.current) return;
  state.current.raw = full;
  state.current.analysis = applyToAnalysis(full, state.ops);
  renderPanels();
  performance.mark("lede:first-panels");
}

function renderArticle() {
  const { doc, text, analysis } = state.current;
  const frag = document.createDocumentFragment();
  frag.append(el("h2", "article-title", doc.title));
  const meta = el("p", "article-meta");
  meta.append([doc.source, doc.date].filter(Boolean).join(" · ") || "Your article");
  const href = doc.url && safeUrl(doc.url);
  if (href) {
    meta.append(" · ");
    const a = el("a", null, "original");
    a.href = href;
    a.rel = "noopener noreferrer";
    meta.append(a);
  }
  if (doc.licence) meta.append(` · ${doc.licence}`);
  frag.append(meta);
  if (foreignLanguage(analysis)) {
    const l = analysis.language;
    const note = el("p", "lang-note");
    note.setAttribute("role", "note");
    note.append(
      el("strong", null, `${languageName(l.code)} text (${pct(l.confidence)} sure).`),
      " The entity model reads English: the names here are found by their shape only (capitalized words), not typed, and all uncertain. Dates and numbers are read in this language where Lede knows it.",
    );
    frag.append(note);
  }

  // Export of this analysis (with the reader's corrections).
  const exp = el("div", "article-actions");
  exp.setAttribute("role", "group");
  exp.setAttribute("aria-label", "Export this analysis");
  exp.append(el("span", "what", "Export analysis:"));
  const jsonB = button("export-json", "JSON", () => exportAnalysis("json"));
  jsonB.setAttribute("aria-label", "Export analysis as JSON");
  const csvB = button("export-csv", "CSV", () => exportAnalysis("csv"));
  csvB.setAttribute("aria-label", "Export analysis as CSV");
  exp.append(jsonB, csvB);
  frag.append(exp);

  const counts = el("dl", "counts");
  for (const [k, v] of [
    ["paragraphs", analysis.paragraphs.length],
    ["sentences", analysis.sentences.length],
    ["names", analysis.entities.filter((e) => ["PER", "ORG", "LOC", "MISC"].includes(e.label)).length],
  ]) {
    const d = el("div");
    d.append(el("dt", null, k), el("dd", null, String(v)));
    counts.append(d);
  }
  frag.append(counts);

  // Legend: a toggle per type present, with its count.
  const byLabel = new Map();
  for (const m of analysis.mentions) byLabel.set(m.label, (byLabel.get(m.label) || 0) + 1);
  const legend = el("div", "legend");
  legend.setAttribute("role", "group");
  legend.setAttribute("aria-label", "Highlight types");
  for (const label of ORDER) {
    if (!byLabel.has(label)) continue;
    const b = button(`toggle m-${label}`, null, () => {
      if (state.hidden.has(label)) state.hidden.delete(label);
      else state.hidden.add(label);
      b.setAttribute("aria-pressed", String(!state.hidden.has(label)));
      $("article").querySelector(".article-body").classList.toggle(`hide-${label}`, state.hidden.has(label));
    });
    b.dataset.label = label;
    b.setAttribute("aria-pressed", String(!state.hidden.has(label)));
    b.append(el("span", `swatch m m-${label}`, LABELS[label][0]), el("span", "n", ` ${byLabel.get(label)}`));
    legend.append(b);
  }
  frag.append(legend);

  const nav = el("div", "stepper");
  nav.id = "stepper";
  nav.hidden = true;
  nav.setAttribute("role", "group");
  nav.setAttribute("aria-label", "Step through marks");
  const what = el("span", "what");
  what.id = "stepper-what";
  what.setAttribute("aria-live", "polite");
  nav.append(
    what,
    button("prev", "◀ Previous", () => step(-1)),
    button("next", "Next ▶", () => step(1)),
    button("clear", "Clear", clearNav),
  );
  nav.querySelector(".prev").setAttribute("aria-label", "Previous");
  nav.querySelector(".next").setAttribute("aria-label", "Next");
  frag.append(nav);

  // Body: paragraphs, mentions as <mark>, text only through text nodes.
  const body = el("div", "article-body");
  for (const label of state.hidden) body.classList.add(`hide-${label}`);
  const nodes = [];
  const ms = analysis.mentions;
  let mi = 0;
  let tabStop = true;
  for (const p of analysis.paragraphs) {
    const para = el("p");
    let pos = p.start;
    while (mi < ms.length && ms[mi].end <= p.start) mi++;
    const addText = (s, e, parent) => {
      if (e <= s) return;
      const t = document.createTextNode(text.slice(s, e));
      nodes.push({ start: s, node: t });
      parent.append(t);
    };
    while (mi < ms.length && ms[mi].start < p.end) {
      const m = ms[mi];
      const s = Math.max(m.start, pos);
      const e = Math.min(m.end, p.end);
      addText(pos, s, para);
      if (e > s) {
        const mark = el("mark", `m m-${m.label}`);
        if (isUncertain(m) && !analysis.entities[m.entity]?.corrected) mark.classList.add("uncertain");
        mark.dataset.m = String(mi);
        mark.dataset.e = String(m.entity);
        mark.tabIndex = tabStop ? 0 : -1; // one tab stop in the text; arrows move between mentions
        tabStop = false;
        addText(s, e, mark);
        para.append(mark);
        pos = e;
      }
      if (m.end > p.end) break;
      mi++;
    }
    addText(pos, p.end, para);
    body.append(para);
  }
  state.textNodes = nodes;
  frag.append(body);
  if (doc.attribution) frag.append(el("p", "attribution", doc.attribution));
  $("article").replaceChildren(frag);
  setHighlight("hit", state.hits);
  setHighlight("hit-current", []);
  setHighlight("quote", []);
  setHighlight("summary", []);
  if (!window.lede.ready) performance.mark("lede:first-highlight");
  window.lede.ready = true;
  document.dispatchEvent(new CustomEvent("lede:article", { detail: { id: doc.id } }));
}

/** A DOM Range over text offsets [start, end) of the open article. */
function rangeFor(start, end) {
  const nodes = state.textNodes;
  if (!nodes.length) return null;
  const find = (off, isEnd) => {
    let lo = 0,
      hi = nodes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (nodes[mid].start < off || (!isEnd && nodes[mid].start === off)) lo = mid;
      else hi = mid - 1;
    }
    const n = nodes[lo];
    return [n.node, Math.max(0, Math.min(off - n.start, n.node.length))];
  };
  const r = document.createRange();
  try {
    r.setStart(...find(start, false));
    r.setEnd(...find(end, true));
  } catch {
    return null;
  }
  return r;
}

function setHighlight(name, ranges) {
  if (!globalThis.CSS?.highlights || typeof Highlight !== "function") return;
  const rs = ranges.map(([s, e]) => rangeFor(s, e)).filter(Boolean);
  if (rs.length) CSS.highlights.set(name, new Highlight(...rs));
  else CSS.highlights.delete(name);
}

function scrollToRange(r) {
  const node = r.startContainer.nodeType === 3 ? r.startContainer.parentElement : r.startContainer;
  node?.scrollIntoView({ block: "center", behavior: "instant" });
}

// ---------------------------------------------------------------- stepping

function showNav() {
  renderTools();
  const nav = $("stepper");
  if (!nav) return;
  const n = state.nav;
  nav.hidden = !n;
  if (!n) return;
  $("stepper-what").textContent = `${n.label}: ${n.i + 1} of ${n.ranges.length}`;
}

function goTo(i, moveFocus = true) {
  const n = state.nav;
  if (!n || !n.ranges.length) return;
  n.i = (i + n.ranges.length) % n.ranges.length;
  const [s, e] = n.ranges[n.i];
  for (const c of document.querySelectorAll(".article-body .current")) c.classList.remove("current");
  if (n.kind === "entity") {
    const mark = document.querySelector(`.article-body mark[data-m="${n.mentions[n.i]}"]`);
    if (mark) {
      mark.classList.add("current");
      mark.scrollIntoView({ block: "center", behavior: "instant" });
      if (moveFocus) focusMark(mark, { preventScroll: true });
    }
  } else {
    setHighlight("hit-current", [[s, e]]);
    const r = rangeFor(s, e);
    if (r) scrollToRange(r);
  }
  showNav();
}
function step(d) {
  if (state.nav) goTo(state.nav.i + d, false); // focus stays on the button; the count is announced
}
function clearNav() {
  state.nav = null;
  state.selected = null;
  state.hits = [];
  setHighlight("hit", []);
  setHighlight("hit-current", []);
  for (const c of document.querySelectorAll(".article-body .sel, .article-body .current")) c.classList.remove("sel", "current");
  for (const b of document.querySelectorAll(".entity[aria-pressed]")) b.setAttribute("aria-pressed", "false");
  showNav();
}

function selectEntity(idx) {
  const a = state.current.analysis;
  const ent = a.entities[idx];
  if (!ent) return;
  clearNav();
  if (state.hidden.has(ent.label)) {
    state.hidden.delete(ent.label);
    document.querySelector(".article-body").classList.remove(`hide-${ent.label}`);
    document.querySelector(`.toggle[data-label="${ent.label}"]`)?.setAttribute("aria-pressed", "true");
  }
  state.selected = idx;
  for (const m of document.querySelectorAll(`.article-body mark[data-e="${idx}"]`)) m.classList.add("sel");
  for (const b of document.querySelectorAll(".entity")) b.setAttribute("aria-pressed", String(b.dataset.e === String(idx)));
  const ranges = ent.mentions.map((mi) => [a.mentions[mi].start, a.mentions[mi].end]);
  state.nav = { kind: "entity", ranges, mentions: ent.mentions, i: 0, label: ent.name };
  goTo(0, false);
}

/** Moves the article's single tab stop to `mark` and focuses it. */
function focusMark(mark, options) {
  if (!mark) return;
  for (const m of article.querySelectorAll('.article-body mark[tabindex="0"]')) m.tabIndex = -1;
  mark.tabIndex = 0;
  mark.focus(options);
}

// ---------------------------------------------------------------- card

const card = $("card");
let cardFor = null;
function showCard(mark) {
  const a = state.current?.analysis;
  if (!a) return;
  const m = a.mentions[Number(mark.dataset.m)];
  const ent = a.entities[m.entity];
  if (!ent) return;
  cardFor = mark;
  const parts = [el("strong", "card-name", ent.name), el("span", `card-type m-${ent.label}`, LABELS[ent.label]?.[0] || ent.label)];
  if (ent.role) parts.push(el("span", "card-row", `Role: ${ent.role}`));
  if (ent.aliases?.length) parts.push(el("span", "card-row", `Also: ${ent.aliases.join(", ")}`));
  if (ent.related?.name) parts.push(el("span", "card-row", `Of: ${ent.related.name}`));
  if (ent.value) {
    const v = ent.value;
    const s = v.date || (v.start && `${v.start} – ${v.end}`) || v.duration || v.time || (v.number != null && `${v.number}${v.currency ? " " + v.currency : ""}${v.unit ? " " + v.unit : ""}`);
    if (s) parts.push(el("span", "card-row", `Value: ${s}`));
  }
  const n = ent.mentions.length;
  parts.push(el("span", "card-row", `Appears ${n === 1 ? "once" : `${n} times`}`));
  if (isUncertain(m) && !ent.corrected) {
    const why = foreignLanguage(a) ? "found by its shape only" : "more often wrong than right at this score";
    parts.push(el("span", "card-row card-uncertain", `Uncertain (confidence ${pct(m.confidence)}): ${why}`));
  }
  card.replaceChildren(...parts);
  card.hidden = false;
  mark.setAttribute("aria-describedby", "card");
  const r = mark.getBoundingClientRect();
  const w = Math.min(card.offsetWidth || 260, window.innerWidth - 16);
  const x = Math.max(8, Math.min(r.left, window.innerWidth - w - 8));
  const below = r.bottom + 8 + card.offsetHeight < window.innerHeight;
  card.style.setProperty("--x", `${Math.round(x + window.scrollX)}px`);
  card.style.setProperty("--y", `${Math.round((below ? r.bottom + 6 : r.top - card.offsetHeight - 6) + window.scrollY)}px`);
}
function hideCard() {
  if (cardFor) cardFor.removeAttribute("aria-describedby");
  cardFor = null;
  card.hidden = true;
}
const article = $("article");
article.addEventListener("mouseover", (e) => {
  const m = e.target.closest?.("mark.m");
  if (m && m !== cardFor) showCard(m);
});
article.addEventListener("mouseout", (e) => {
  const m = e.target.closest?.("mark.m");
  if (m && !m.contains(e.relatedTarget) && document.activeElement !== m) hideCard();
});
article.addEventListener("focusin", (e) => {
  const m = e.target.closest?.("mark.m");
  if (m) showCard(m);
});
article.addEventListener("focusout", (e) => {
  if (e.target.closest?.("mark.m")) hideCard();
});
article.addEventListener("click", (e) => {
  const m = e.target.closest?.("mark.m");
  if (m) selectEntity(Number(m.dataset.e));
});
article.addEventListener("keydown", (e) => {
  const m = e.target.closest?.("mark.m");
  if (m && ["ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp", "Home", "End"].includes(e.key)) {
    e.preventDefault();
    const all = [...article.querySelectorAll(".article-body mark.m")];
    const i = all.indexOf(m);
    const j = e.key === "Home" ? 0 : e.key === "End" ? all.length - 1 : e.key === "ArrowRight" || e.key === "ArrowDown" ? Math.min(all.length - 1, i + 1) : Math.max(0, i - 1);
    focusMark(all[j]);
  } else if (m && (e.key === "Enter" || e.key === " ")) {
    e.preventDefault();
    const idx = Number(m.dataset.e);
    if (state.selected !== idx) selectEntity(idx);
  }
});

// ---------------------------------------------------------------- panels

/**
 * While an article is analyzed the side panel is emptied and marked busy, so
 * it never shows the previous article's names, quotes or summary.
 */
function setPanelsBusy(busy) {
  const panels = $("panels");
  panels.setAttribute("aria-busy", String(busy));
  let note = $("panels-busy");
  if (!note) {
    note = el("p", "status busy", "Analyzing…");
    note.id = "panels-busy";
    panels.prepend(note);
  }
  note.hidden = !busy;
  if (busy) {
    for (const id of ["entities", "quotes", "keyphrases", "summary", "cooc"]) $(id).replaceChildren();
    $("efilter").hidden = true;
  }
}

const TOP_N = 8; // names shown per type before "show all"
const FILTER_FROM = 30; // a filter box once an article has this many names (the 20,000-word article of issue 13 has 400)

/** The entity panel: each type's most mentioned first, the top few shown, the rest behind "show all"; a filter for long lists. */
function renderEntities() {
  const { analysis } = state.current;
  const box = $("entities");
  box.replaceChildren();
  const needle = $("entity-filter").value.trim().toLocaleLowerCase();
  const groups = new Map();
  analysis.entities.forEach((e, i) => {
    if (!groups.has(e.label)) groups.set(e.label, []);
    groups.get(e.label).push(i);
  });
  $("efilter").hidden = analysis.entities.length < FILTER_FROM;
  let shownAny = false;
  for (const label of ORDER) {
    let idxs = groups.get(label);
    if (!idxs) continue;
    const total = idxs.length;
    idxs = idxs.slice().sort((x, y) => analysis.entities[y].mentions.length - analysis.entities[x].mentions.length || x - y);
    if (needle) idxs = idxs.filter((i) => entityMatches(analysis.entities[i], needle));
    if (!idxs.length) continue;
    shownAny = true;
    const open = needle || state.expanded.has(label);
    const g = el("div", "egroup");
    g.dataset.label = label;
    g.append(el("h3", null, needle ? `${LABELS[label][1]} (${idxs.length} of ${total})` : `${LABELS[label][1]} (${total})`));
    const ul = el("ul");
    for (const i of open ? idxs : idxs.slice(0, TOP_N)) {
      const e = analysis.entities[i];
      const li = el("li");
      const b = button(`entity m-${label}`, null, () => (state.selected === i ? clearNav() : selectEntity(i)));
      b.dataset.e = String(i);
      b.setAttribute("aria-pressed", "false");
      const n = el("span", "n", String(e.mentions.length));
      n.append(el("span", "sr-only", ` mention${e.mentions.length === 1 ? "" : "s"}`));
      b.append(el("span", "name", e.name));
      if (isUncertain(e)) {
        b.classList.add("uncertain");
        b.title = `Uncertain (confidence ${pct(e.confidence)})`;
        const u = el("span", "unsure", "?");
        u.setAttribute("aria-hidden", "true");
        b.append(u, el("span", "sr-only", " (uncertain)"));
      }
      b.append(n);
      li.append(b);
      ul.append(li);
    }
    g.append(ul);
    if (!needle && idxs.length > TOP_N) {
      const more = button("show-all linkish", open ? `Show fewer` : `Show all (${idxs.length})`, () => {
        if (state.expanded.has(label)) state.expanded.delete(label);
        else state.expanded.add(label);
        renderEntities();
        box.querySelector(`.egroup[data-label="${label}"] .show-all`)?.focus();
      });
      more.setAttribute("aria-expanded", String(!!open));
      more.setAttribute("aria-label", open ? `Show the top ${TOP_N} ${LABELS[label][1].toLowerCase()}` : `Show all ${idxs.length} ${LABELS[label][1].toLowerCase()}`);
      g.append(more);
    }
    box.append(g);
  }
  if (needle && !shownAny) box.append(el("p", "status", `No name matches “${$("entity-filter").value.trim()}”.`));
  if (state.selected != null) for (const b of box.querySelectorAll(".entity")) b.setAttribute("aria-pressed", String(b.dataset.e === String(state.selected)));
  $("entities-panel").hidden = false;
  if (!analysis.entities.length) box.append(el("p", "status", "No names, dates or numbers were found in this article."));
}

function entityMatches(e, needle) {
  return [e.name, ...(e.aliases || [])].some((n) => String(n).toLocaleLowerCase().includes(needle));
}

$("entity-filter").addEventListener("input", () => state.current && renderEntities());

function renderPanels() {
  const { analysis, text } = state.current;
  renderEntities();
  renderTools();

  // Quotes: only when the quote engine is present.
  const hasQuotes = Array.isArray(analysis.quotes);
  $("quotes-panel").hidden = !hasQuotes;
  if (hasQuotes) {
    const ol = $("quotes");
    ol.replaceChildren();
    for (const q of analysis.quotes) {
      const li = el("li");
      const b = button("quote", null, () => {
        setHighlight("quote", [[q.start, q.end]]);
        const r = rangeFor(q.start, q.end);
        if (r) scrollToRange(r);
      });
      b.append(el("span", "speaker", speakerName(q, analysis, text)), el("span", "said", q.text ?? text.slice(q.start, q.end)));
      li.append(b);
      const qi = ol.childElementCount;
      const ed = button("speaker-edit linkish", q.corrected ? "Speaker (corrected)…" : "Speaker…", () => editSpeaker(li, q, qi));
      ed.setAttribute("aria-label", `Speaker… change or clear who said quote ${qi + 1}`);
      li.append(ed);
      ol.append(li);
    }
    if (!analysis.quotes.length) ol.append(el("li", "status", "No direct quotes in this article."));
  }

  // Key phrases.
  const hasKp = Array.isArray(analysis.keyphrases);
  $("keyphrases-panel").hidden = !hasKp;
  if (hasKp) {
    const ul = $("keyphrases");
    ul.replaceChildren();
    for (const k of analysis.keyphrases) {
      const li = el("li");
      const occ = Array.isArray(k.occurrences) ? k.occurrences : [];
      const b = button("chip keyphrase", k.text, () => {
        if (!occ.length) return;
        clearNav();
        state.hits = occ.map((o) => [o.start, o.end]);
        setHighlight("hit", state.hits);
        state.nav = { kind: "hits", ranges: state.hits, i: 0, label: k.text };
        goTo(0, false);
      });
      b.append(el("span", "n", ` ${occ.length || k.occurrences || ""}`));
      li.append(b);
      ul.append(li);
    }
    if (!analysis.keyphrases.length) ul.append(el("li", "status", "No key phrases found."));
  }

  // Summary: its sentences marked in the text while hovered or focused.
  const hasSum = Array.isArray(analysis.summary);
  $("summary-panel").hidden = !hasSum;
  if (hasSum) {
    const ol = $("summary");
    ol.replaceChildren();
    const all = analysis.summary.map((s) => [s.start, s.end]);
    for (const s of analysis.summary) {
      const li = el("li");
      const b = button("sum", text.slice(s.start, s.end), () => {
        const r = rangeFor(s.start, s.end);
        if (r) scrollToRange(r);
      });
      const on = () => {
        setHighlight("summary", all);
        setHighlight("summary-one", [[s.start, s.end]]);
      };
      const off = () => {
        setHighlight("summary", []);
        setHighlight("summary-one", []);
      };
      b.addEventListener("mouseenter", on);
      b.addEventListener("focus", on);
      b.addEventListener("mouseleave", off);
      b.addEventListener("blur", off);
      li.append(b);
      ol.append(li);
    }
  }
  renderCooc();
}

/** Who said a quote: the resolved entity, else the words naming the speaker. */
function speakerName(q, analysis, text) {
  if (typeof q.speaker === "number" && analysis.entities[q.speaker]) return analysis.entities[q.speaker].name;
  if (typeof q.speaker === "string" && q.speaker) return q.speaker;
  if (q.speaker_span && q.speaker_span.end > q.speaker_span.start) return text.slice(q.speaker_span.start, q.speaker_span.end);
  return "Unattributed";
}

/** Which names share sentences: a small SVG network of the most mentioned. */
function renderCooc() {
  const { analysis } = state.current;
  const names = analysis.entities
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => ["PER", "ORG", "LOC", "MISC"].includes(e.label))
    .slice(0, 8);
  const box = $("cooc");
  box.replaceChildren();
  if (names.length < 2) {
    $("cooc-panel").hidden = true;
    return;
  }
  $("cooc-panel").hidden = false;
  const sentOf = (off) => {
    const ss = analysis.sentences;
    let lo = 0,
      hi = ss.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ss[mid].start <= off) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const sets = names.map(({ e }) => new Set(e.mentions.map((mi) => sentOf(analysis.mentions[mi].start))));
  const edges = [];
  for (let a = 0; a < names.length; a++)
    for (let b = a + 1; b < names.length; b++) {
      let n = 0;
      for (const s of sets[a]) if (sets[b].has(s)) n++;
      if (n) edges.push([a, b, n]);
    }
  // The drawing's units are CSS pixels (its width is the box's), so a 13 px
  // label is 13 px on every screen; labels are fitted inside it below.
  const W = Math.max(240, Math.round(box.clientWidth || $("cooc-panel").clientWidth || 320)),
    H = Math.round(Math.min(300, Math.max(200, W * 0.62))),
    cx = W / 2,
    cy = H / 2,
    R = Math.min(H / 2 - 26, W / 2 - 90);
  const pos = names.map((_, k) => {
    const t = (2 * Math.PI * k) / names.length - Math.PI / 2;
    return [cx + R * Math.cos(t), cy + R * Math.sin(t)];
  });
  const desc = edges
    .slice()
    .sort((x, y) => y[2] - x[2])
    .slice(0, 5)
    .map(([a, b, n]) => `${names[a].e.name} and ${names[b].e.name} share ${n} sentence${n === 1 ? "" : "s"}`)
    .join("; ");
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "cooc", role: "group", "aria-label": `Names that appear in the same sentences. ${desc || "No two share a sentence."}` });
  const max = Math.max(1, ...edges.map((e) => e[2]));
  for (const [a, b, n] of edges) {
    const line = svg("line", { x1: pos[a][0], y1: pos[a][1], x2: pos[b][0], y2: pos[b][1], class: "edge", "stroke-width": 1 + (4 * n) / max });
    line.append(svg("title"));
    line.firstChild.textContent = `${names[a].e.name} – ${names[b].e.name}: ${n}`;
    root.append(line);
  }
  names.forEach(({ e, i }, k) => {
    const [x, y] = pos[k];
    const g = svg("g", { class: `node m-${e.label}`, tabindex: 0, role: "button", "aria-label": `${e.name}: show its mentions` });
    const r = 5 + Math.min(8, e.mentions.length);
    g.append(shape(e.label, x, y, r));
    const left = x < cx - 1;
    const t = svg("text", { x: x + (left ? -r - 4 : r + 4), y: y + 4, "text-anchor": left ? "end" : "start", class: "label" });
    t.textContent = e.name;
    t.dataset.full = e.name;
    g.append(t);
    g.addEventListener("click", () => selectEntity(i));
    g.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        selectEntity(i);
      }
    });
    root.append(g);
  });
  box.append(root);
  for (const t of root.querySelectorAll("text.label")) fitLabel(t, W);
}

/**
 * Keeps a label inside [2, W - 2]: first on two or three lines at spaces,
 * else cut at a word with an ellipsis (then the node's accessible name starts
 * with what is shown, and goes on with the full name).
 */
function fitLabel(t, W) {
  const fits = () => {
    const b = t.getBBox();
    return b.x >= 2 && b.x + b.width <= W - 2;
  };
  if (typeof t.getBBox !== "function" || fits()) return;
  const full = t.dataset.full;
  const x = t.getAttribute("x");
  const y = Number(t.getAttribute("y"));
  const words = full.split(" ");
  const lines = (k) => {
    // k lines of about equal length, at spaces.
    const per = full.length / k;
    const out = [[]];
    let len = 0;
    for (const w of words) {
      if (len > 0 && len + w.length / 2 > per * out.length && out.length < k) out.push([]);
      out[out.length - 1].push(w);
      len += w.length + 1;
    }
    return out.map((l) => l.join(" "));
  };
  for (let k = 2; k <= Math.min(3, words.length); k++) {
    t.textContent = "";
    t.setAttribute("y", String(y - ((k - 1) * 15) / 2));
    lines(k).forEach((line, i, all) => {
      const span = svg("tspan", { x, dy: i ? 15 : 0 });
      span.textContent = line + (i < all.length - 1 ? " " : ""); // textContent still reads as the name
      t.append(span);
    });
    if (fits()) return;
  }
  for (const span of t.children.length ? [...t.children] : [t]) {
    let w = span.textContent.trim().split(" ");
    while (!fits() && w.length > 1) {
      w = w.slice(0, -1);
      span.textContent = w.join(" ") + "… ";
    }
    let c = span.textContent.replace(/… $/, "");
    while (!fits() && c.length > 1) {
      c = c.slice(0, -1);
      span.textContent = c + "… ";
    }
  }
  const g = t.parentNode;
  g?.setAttribute("aria-label", `${t.textContent.trim()} (${full}): show its mentions`);
}

/** A marker whose shape depends on the type, so the map reads without colour. */
function shape(label, x, y, r) {
  if (label === "ORG") return svg("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, class: "mark" });
  if (label === "LOC") return svg("polygon", { points: `${x},${y - r * 1.2} ${x + r * 1.2},${y} ${x},${y + r * 1.2} ${x - r * 1.2},${y}`, class: "mark" });
  if (label === "MISC") return svg("polygon", { points: `${x},${y - r * 1.2} ${x + r * 1.1},${y + r * 0.8} ${x - r * 1.1},${y + r * 0.8}`, class: "mark" });
  return svg("circle", { cx: x, cy: y, r, class: "mark" });
}

/** Most mentioned people, organizations and places across every loaded article. */
function renderChart() {
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
    const go = () => chooseBar(e, label);
    g.addEventListener("click", go);
    g.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        go();
      }
    });
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
$("tools-undo").addEventListener("click", undoCorrection);
for (const id of ["r-sort", "r-source"]) $(id).addEventListener("change", () => runSearch(true, { write: false }));

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
function fillSources() {
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

$("filter-clear").addEventListener("click", () => {
  state.filter = null;
  renderList();
});
$("list-more").addEventListener("click", () => {
  state.listLimit += 200;
  renderList();
});

// ---------------------------------------------------------------- search

const q = $("q");
const pop = $("search-pop");
const results = $("results");
let searchSeq = 0;
let searchTimer = 0;
let lastResults = null;
let filters = [];
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
async function runSearch(show, { write = true, more = false } = {}) {
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

if (true) {
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
}

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

window.addEventListener("popstate", () => applyHash());

async function applyHash() {
  const { a, q: query } = readHash();
  if (state.search && query !== q.value.trim()) {
    q.value = query;
    filters = [];
    await runSearch(false, { write: false });
  }
  let hits = [];
  if (a && state.search && query && lastResults) hits = lastResults.results.find((r) => r.id === a)?.matches || [];
  if (a && a !== state.current?.doc.id) await openArticle(a, { hits, write: false });
  else if (a && state.current) showHits(hits);
}

/** Marks search hits in the open article and steps to the first. */
function showHits(hits) {
  clearNav();
  state.hits = hits.map((h) => [h.start, h.end]);
  setHighlight("hit", state.hits);
  if (state.hits.length) {
    state.nav = { kind: "hits", ranges: state.hits, i: 0, label: "Search hit" };
    goTo(0, false);
  }
}

// ---------------------------------------------------------------- your articles

const addStatus = (msg, error = false) => {
  $("add-status").textContent = msg;
  $("add-status").classList.toggle("error", error);
};

let importing = false;
client.listen((m) => {
  if (m.type !== "progress") return;
  const box = $("import");
  box.hidden = false;
  const p = $("import-progress");
  p.max = Math.max(1, m.total);
  p.value = m.indexing != null ? m.indexing : m.done;
  $("import-count").textContent = m.indexing != null ? `Indexing ${fmt.format(m.indexing)} of ${fmt.format(m.total)}` : `${fmt.format(m.done)} of ${fmt.format(m.total)}`;
});

async function importInputs(inputs) {
  if (importing) {
    addStatus("An import is already running; wait for it or cancel it.", true);
    return;
  }
  importing = true;
  $("import").hidden = false;
  $("import-progress").removeAttribute("value");
  $("import-count").textContent = "Reading…";
  $("import-cancel").disabled = false;
  addStatus("Importing…");
  let r;
  try {
    r = await call("import", { inputs });
  } catch (e) {
    addStatus(`The import failed: ${e.message} Nothing was changed.`, true);
    return;
  } finally {
    importing = false;
    $("import").hidden = true;
  }
  if (r.refused) {
    addStatus(r.refused, true);
    return;
  }
  if (r.cancelled) {
    addStatus(`Import cancelled; none of its ${fmt.format(r.total)} articles were kept.`);
    return;
  }
  const ids = new Set(r.imported.map((d) => d.id));
  state.user = state.user.filter((d) => !ids.has(d.id)).concat(r.imported);
  for (const id of ids) state.texts.delete(id);
  state.stats = r.stats;
  renderList();
  renderChart();
  renderTimeline();
  fillSources();
  let msg = `Added ${fmt.format(r.imported.length)} article${r.imported.length === 1 ? "" : "s"}.`;
  const dups = r.duplicates || [];
  if (dups.length) {
    const which = dups.slice(0, 5).map((d) => `“${d.title}” (same text as “${d.of}”)`);
    msg += ` ${fmt.format(dups.length)} duplicate${dups.length === 1 ? "" : "s"} not added: ${which.join("; ")}${dups.length > 5 ? `; and ${fmt.format(dups.length - 5)} more` : ""}.`;
  }
  if (r.skipped.length) msg += ` Skipped ${r.skipped.length}: ${r.skipped.slice(0, 3).join("; ")}${r.skipped.length > 3 ? "…" : ""}`;
  addStatus(msg, false);
  if (r.imported.length === 1) openArticle(r.imported[0].id, { push: true });
  if (state.search && q.value.trim()) runSearch(false);
}

$("paste-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("paste-text").value;
  if (!text.trim()) {
    addStatus("Paste the article's text first.", true);
    $("paste-text").focus();
    return;
  }
  const url = $("paste-url").value.trim();
  if (url && !safeUrl(url)) {
    addStatus("The original address must start with http:// or https://.", true);
    $("paste-url").focus();
    return;
  }
  // A real date (the date input's yyyy-mm-dd): the article's "Monday" and "last week" resolve against it.
  const date = $("paste-date").value;
  const input = { kind: "paste", title: $("paste-title").value, text, date, source: $("paste-source").value.trim(), url };
  importInputs([input]).then(() => {
    if (!$("add-status").classList.contains("error")) {
      for (const id of ["paste-title", "paste-text", "paste-date", "paste-source", "paste-url"]) $(id).value = "";
    }
  });
});
$("files").addEventListener("change", () => {
  const files = [...$("files").files];
  $("files").value = "";
  if (files.length) importInputs(files.map((file) => ({ kind: "file", file })));
});
const drop = $("drop");
for (const t of ["dragenter", "dragover"])
  drop.addEventListener(t, (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
for (const t of ["dragleave", "drop"]) drop.addEventListener(t, () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  const files = [...(e.dataTransfer?.files || [])];
  if (files.length) importInputs(files.map((file) => ({ kind: "file", file })));
});
$("import-cancel").addEventListener("click", () => {
  $("import-cancel").disabled = true;
  $("import-count").textContent = "Cancelling…";
  call("cancel");
});

/** Deleting asks first, in place: the row becomes "Delete “title”? Delete / Keep". */
function askDelete(li, a) {
  const row = [...li.childNodes];
  const box = el("span", "confirm");
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", `Delete “${a.title}”?`);
  const keep = button("confirm-no", "Keep", () => {
    li.classList.remove("confirming");
    li.replaceChildren(...row);
    li.querySelector(".delete")?.focus();
  });
  const yes = button("confirm-yes", "Delete", () => removeArticles([a.id]));
  yes.setAttribute("aria-label", `Delete “${a.title}”`);
  box.append(el("span", null, "Delete this article?"), yes, keep);
  li.classList.add("confirming");
  li.append(box);
  li.querySelector(".delete")?.remove();
  keep.focus();
}

let undoTimer = 0;
const UNDO_MS = 15000; // how long Undo is offered after a delete
function offerUndo(n) {
  clearTimeout(undoTimer);
  const b = $("undo-button");
  b.textContent = `Undo (bring back ${n === 1 ? "the article" : `${fmt.format(n)} articles`})`;
  $("undo").hidden = false;
  undoTimer = setTimeout(() => ($("undo").hidden = true), UNDO_MS);
}
$("undo-button").addEventListener("click", async () => {
  clearTimeout(undoTimer);
  $("undo").hidden = true;
  let r;
  try {
    r = await call("restore");
  } catch (e) {
    addStatus(`Could not bring them back: ${e.message}`, true);
    return;
  }
  const ids = new Set(r.restored.map((d) => d.id));
  state.user = state.user.filter((d) => !ids.has(d.id)).concat(r.restored).sort((x, y) => (x.added || 0) - (y.added || 0));
  state.stats = r.stats;
  renderList();
  renderChart();
  renderTimeline();
  fillSources();
  addStatus(`Brought back ${fmt.format(r.restored.length)} article${r.restored.length === 1 ? "" : "s"}.`);
  if (state.search && q.value.trim()) runSearch(false, { write: false });
});

async function removeArticles(ids) {
  let r;
  try {
    r = await call("remove", { ids });
  } catch (e) {
    addStatus(`Could not delete: ${e.message}`, true);
    return;
  }
  afterRemove(r);
  if (!$("undo").hidden) $("undo-button").focus(); // the row is gone: focus goes to Undo
}
function afterRemove(r) {
  const gone = new Set(r.removed);
  state.user = state.user.filter((d) => !gone.has(d.id));
  state.stats = r.stats;
  renderList();
  renderChart();
  renderTimeline();
  fillSources();
  addStatus(`Deleted ${r.removed.length} article${r.removed.length === 1 ? "" : "s"}.`);
  if (r.removed.length) offerUndo(r.removed.length);
  if (state.current && gone.has(state.current.doc.id) && state.seeds.length) openArticle(state.seeds[0].id, { push: true });
  if (state.search && q.value.trim()) runSearch(false);
}
$("delete-all").addEventListener("click", () => {
  $("delete-confirm").hidden = false;
  $("delete-no").focus();
});
$("delete-no").addEventListener("click", () => {
  $("delete-confirm").hidden = true;
  $("delete-all").focus();
});
$("delete-yes").addEventListener("click", async () => {
  $("delete-confirm").hidden = true;
  try {
    afterRemove(await call("removeAll"));
  } catch (e) {
    addStatus(`Could not delete: ${e.message}`, true);
  }
  if (!$("undo").hidden) $("undo-button").focus(); // "Delete all" is disabled now
  else $("delete-all").focus();
});
$("export").addEventListener("click", async () => {
  const { jsonl, count } = await call("exportJsonl");
  const url = URL.createObjectURL(new Blob([jsonl], { type: "application/x-ndjson" }));
  const a = el("a");
  a.href = url;
  a.download = "lede-articles.jsonl";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  addStatus(`Exported ${count} article${count === 1 ? "" : "s"}.`);
});


// ---------------------------------------------------------------- export

/** Downloads the open article's analysis (corrections applied) as JSON or CSV. */
function exportAnalysis(kind) {
  const cur = state.current;
  if (!cur) return;
  const input = { doc: cur.doc, text: cur.text, analysis: cur.analysis, corrections: state.ops, version: state.version };
  if (kind === "json") download(fileName(cur.doc, "json"), "application/json", JSON.stringify(analysisJson(input), null, 2) + "\n");
  else download(fileName(cur.doc, "csv"), "text/csv;charset=utf-8", "\uFEFF" + toCsv(analysisRows(input)));
}

// ---------------------------------------------------------------- corrections

const NAME_LABELS = new Set(NAME_TYPES);

/** Saves the open article's corrections (all of them, in order) and redraws what they change. */
async function saveCorrections(ops, said) {
  const cur = state.current;
  if (!cur) return;
  const keep = state.selected != null ? cur.analysis.entities[state.selected] : null;
  state.ops = ops;
  cur.analysis = applyToAnalysis(cur.raw, ops);
  // Keep the chosen name chosen when it still exists (a retype changes its label).
  let sel = null;
  if (keep) {
    sel = cur.analysis.entities.findIndex((e) => e.name === keep.name && (e.label === keep.label || ops.at(-1)?.to === e.label));
    if (sel < 0) sel = null;
  }
  state.selected = null;
  state.nav = null;
  renderArticle();
  renderPanels();
  if (sel != null) selectEntity(sel);
  else renderTools();
  $("tools-status").textContent = said;
  try {
    const r = await call("setCorrections", { docId: cur.doc.id, ops });
    if (state.current === cur) state.ops = r.ops;
    state.stats = r.stats;
    state.saved = r.ops.length; // what the worker holds (tests wait on it)
    renderChart();
    if (state.search && q.value.trim()) runSearch(false, { write: false });
  } catch (e) {
    $("tools-status").textContent = `The correction could not be saved: ${e.message}`;
  }
}

function correct(op, said) {
  saveCorrections([...state.ops, op], said);
}

function undoCorrection() {
  if (!state.ops.length) return;
  const last = state.ops.at(-1);
  saveCorrections(state.ops.slice(0, -1), `Undone: ${describe(last)}.`).then(() => $("tools-undo")?.focus());
}

/** The "Selected name" panel: across articles, retype, merge, split, undo. */
function renderTools() {
  const panel = $("tools-panel");
  if (!panel) return;
  const cur = state.current;
  const box = $("tools");
  const undo = $("tools-undo");
  undo.hidden = !state.ops.length;
  if (state.ops.length) undo.textContent = `Undo: ${describe(state.ops.at(-1))}`;
  $("tools-count").textContent = state.ops.length ? `${state.ops.length} correction${state.ops.length === 1 ? "" : "s"} in this article` : "";
  const ent = cur && state.selected != null ? cur.analysis.entities[state.selected] : null;
  panel.hidden = !ent && !state.ops.length;
  if (!ent) {
    box.dataset.key = "";
    box.replaceChildren(el("p", "hint", "Choose a name to correct it or follow it across articles."));
    return;
  }
  const key = [cur.doc.id, ent.label, ent.name, state.nav?.i ?? "", state.ops.length].join("\u0000");
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  const frag = document.createDocumentFragment();
  const head = el("p", "tools-name");
  head.append(el("strong", null, ent.name), " ", el("span", `card-type m-${ent.label}`, LABELS[ent.label]?.[0] || ent.label));
  frag.append(head);

  if (NAME_LABELS.has(ent.label)) {
    // Across articles.
    const across = el("p", "across");
    across.id = "tools-across";
    across.append(el("span", "status", "Counting other articles…"));
    frag.append(across);
    call("across", { name: ent.name, label: ent.label })
      .then((r) => {
        if (!across.isConnected) return;
        const others = r.articles.filter((a) => a.id !== cur.doc.id).length;
        across.replaceChildren();
        const field = { PER: "person", ORG: "org", LOC: "place" }[ent.label];
        const said = `In ${others === 0 ? "no" : fmt.format(others)} other article${others === 1 ? "" : "s"}`;
        if (others && state.search && field) {
          const b = button("linkish in-others", said, () => {
            q.value = `${field}:"${ent.name}"`;
            q.focus();
            runSearch(true);
          });
          b.setAttribute("aria-label", `${said}: search for them`);
          across.append(b);
        } else across.append(el("span", "in-others", said));
        across.append(" · ");
        across.append(button("linkish entity-page", "Its page", () => openEntityView(ent.name, ent.label)));
      })
      .catch(() => across.replaceChildren());
  }

  // Retype.
  const retype = el("div", "tool");
  const rsel = el("select");
  rsel.id = "tools-type";
  for (const l of NAME_TYPES) {
    const o = el("option", null, LABELS[l][0]);
    o.value = l;
    if (l === ent.label) o.selected = true;
    rsel.append(o);
  }
  const rl = el("label", null, "Type");
  rl.htmlFor = "tools-type";
  retype.append(
    rl,
    rsel,
    button("tools-retype", "Retype", () => {
      const to = rsel.value;
      if (to === ent.label) return;
      correct({ op: "retype", name: ent.name, label: ent.label, to, names: [ent.name, ...(ent.aliases || [])] }, `${ent.name} is now ${LABELS[to][0].toLowerCase()}.`);
    }),
  );
  frag.append(retype);

  // Merge into another name of this article.
  const others = cur.analysis.entities.map((e, i) => ({ e, i })).filter(({ e, i }) => i !== state.selected && NAME_LABELS.has(e.label));
  if (others.length && NAME_LABELS.has(ent.label)) {
    const merge = el("div", "tool");
    const msel = el("select");
    msel.id = "tools-merge";
    for (const { e, i } of others.sort((x, y) => x.e.name.localeCompare(y.e.name))) {
      const o = el("option", null, `${e.name} (${LABELS[e.label][0]})`);
      o.value = String(i);
      msel.append(o);
    }
    const ml = el("label", null, "Same as");
    ml.htmlFor = "tools-merge";
    merge.append(
      ml,
      msel,
      button("tools-merge", "Merge", () => {
        const into = cur.analysis.entities[Number(msel.value)];
        if (!into) return;
        correct({ op: "merge", name: ent.name, label: ent.label, into: { name: into.name, label: into.label }, names: [ent.name, ...(ent.aliases || [])] }, `${ent.name} merged into ${into.name}.`);
      }),
    );
    frag.append(merge);
  }

  // Split the current mention out.
  if (state.nav?.kind === "entity" && ent.mentions.length > 1) {
    const mi = state.nav.mentions[state.nav.i];
    const m = cur.analysis.mentions[mi];
    if (m) {
      const b = button("tools-split", `Split “${m.text}” (${state.nav.i + 1} of ${ent.mentions.length}) out`, () =>
        correct({ op: "split", name: ent.name, label: ent.label, start: m.start, end: m.end, text: m.text }, `“${m.text}” is now a name of its own.`),
      );
      frag.append(el("div", "tool"));
      frag.lastChild.append(b);
    }
  }
  box.replaceChildren(frag);
}

/** A quote's speaker, changed or cleared, as a correction. */
function editSpeaker(li, q, qi) {
  if (li.querySelector(".speaker-form")) return;
  const a = state.current.analysis;
  const form = el("div", "speaker-form");
  const sel = el("select");
  sel.id = `speaker-${qi}`;
  const none = el("option", null, "No speaker (clear)");
  none.value = "";
  sel.append(none);
  a.entities.forEach((e, i) => {
    if (e.label !== "PER" && e.label !== "ORG") return;
    const o = el("option", null, e.name);
    o.value = String(i);
    if (q.speaker === i) o.selected = true;
    sel.append(o);
  });
  const lab = el("label", null, "Speaker");
  lab.htmlFor = sel.id;
  const from = typeof q.speaker === "number" ? a.entities[q.speaker]?.name ?? null : null;
  const save = button("speaker-save", "Save", () => {
    const e = sel.value === "" ? null : a.entities[Number(sel.value)];
    const fromElsewhere = from != null && a.quotes.some((o) => o !== q && typeof o.speaker === "number" && a.entities[o.speaker]?.name === from);
    correct(
      { op: "speaker", start: q.start, end: q.end, to: e ? { name: e.name, label: e.label } : null, from, fromElsewhere },
      e ? `The quote is now ${e.name}'s.` : "The quote has no speaker now.",
    );
  });
  const cancel = button("speaker-cancel", "Cancel", () => {
    form.remove();
    li.querySelector(".speaker-edit")?.focus();
  });
  form.append(lab, sel, save, cancel);
  li.append(form);
  sel.focus();
}

// ---------------------------------------------------------------- timeline

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
      const go = () => onPick(b.key);
      g.addEventListener("click", go);
      g.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") {
          ev.preventDefault();
          go();
        }
      });
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

/** The loaded articles over time; choosing a bar filters the list and the search to it. */
function renderTimeline() {
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

/** The page of one name: its articles over time, its quotes, the names it appears with. */
async function openEntityView(name, label) {
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

// ---------------------------------------------------------------- start

/** Shows the search box (searches sent before the index is restored wait for it in the worker). */
function showSearch(search) {
  if (search && !state.search) performance.mark("lede:search-shown");
  state.search = search;
  $("search").hidden = !search;
  $("tagline").hidden = search;
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
