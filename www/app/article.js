// The article view: an article opened (`openArticle`) and drawn
// (`renderArticle`) with each mention a <mark>; the other marks in its text
// (search hits, quotes, summary sentences: CSS highlights over ranges) and
// the stepper through them; the card of a mention and the marks' mouse and
// keyboard. The sections below, in the order they import each other:
//   marks and the stepper, the card, the article.
import { call } from "../start.js";
import { applyToAnalysis } from "../corrections.js";
import { analysisJson, analysisRows, download, fileName, toCsv } from "../export.js";
import { $, addStatus, afterFrame, button, el, foreignLanguage, isUncertain, LABELS, languageName, ORDER, pct, safeUrl } from "./dom.js";
import { allArticles, state, up, writeHash } from "./state.js";

// ---------------------------------------------------------------- marks and the stepper

// What is marked in the open article's text beyond its mentions, and
// stepping through it. Search hits, quotes and summary sentences are CSS
// Custom Highlights (`setHighlight`: named ranges styled in style.css, no
// nodes added), over DOM Ranges made from text offsets (`rangeFor`, a binary
// search in `state.textNodes`). The stepper steps through one name's
// mentions or through a list of hits (`state.nav`): "Previous", "Next",
// n / p, its count announced. The article has one tab stop among its marks
// (`focusMark`); the arrows move it (the card's section).

/** A DOM Range over text offsets [start, end) of the open article. */
export function rangeFor(start, end) {
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

export function setHighlight(name, ranges) {
  if (!globalThis.CSS?.highlights || typeof Highlight !== "function") return;
  const rs = ranges.map(([s, e]) => rangeFor(s, e)).filter(Boolean);
  if (rs.length) CSS.highlights.set(name, new Highlight(...rs));
  else CSS.highlights.delete(name);
}

export function scrollToRange(r) {
  const node = r.startContainer.nodeType === 3 ? r.startContainer.parentElement : r.startContainer;
  node?.scrollIntoView({ block: "center", behavior: "instant" });
}

function showNav() {
  up.renderTools();
  const nav = $("stepper");
  if (!nav) return;
  const n = state.nav;
  nav.hidden = !n;
  if (!n) return;
  $("stepper-what").textContent = `${n.label}: ${n.i + 1} of ${n.ranges.length}`;
}

export function goTo(i, moveFocus = true) {
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
export function step(d) {
  if (state.nav) goTo(state.nav.i + d, false); // focus stays on the button; the count is announced
}
export function clearNav() {
  state.nav = null;
  state.selected = null;
  state.hits = [];
  setHighlight("hit", []);
  setHighlight("hit-current", []);
  for (const c of document.querySelectorAll(".article-body .sel, .article-body .current")) c.classList.remove("sel", "current");
  for (const b of document.querySelectorAll(".entity[aria-pressed]")) b.setAttribute("aria-pressed", "false");
  showNav();
}

export function selectEntity(idx) {
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
  for (const m of $("article").querySelectorAll('.article-body mark[tabindex="0"]')) m.tabIndex = -1;
  mark.tabIndex = 0;
  mark.focus(options);
}

/** Marks search hits in the open article and steps to the first. */
export function showHits(hits) {
  clearNav();
  state.hits = hits.map((h) => [h.start, h.end]);
  setHighlight("hit", state.hits);
  if (state.hits.length) {
    state.nav = { kind: "hits", ranges: state.hits, i: 0, label: "Search hit" };
    goTo(0, false);
  }
}

// ---------------------------------------------------------------- the card

// The card of a mention: hovering or focusing a <mark> shows its name, type,
// role, aliases, value and count, and why it is uncertain, in #card (a
// tooltip the mark points to with aria-describedby). Also the article's
// listeners for its marks: a click chooses the name (the stepper steps through
// its mentions); the arrows, Home and End move the one tab stop from mark to
// mark; Enter or Space chooses.

export const card = $("card");
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
export function hideCard() {
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

// ---------------------------------------------------------------- the article

// The article view: opens an article (`openArticle`: its text fetched or
// read from the worker, its analysis asked for, the reader's corrections
// applied) and draws it (`renderArticle`): title and source, the language
// note, the export buttons, the counts, the legend's toggles, the stepper,
// and the body, paragraphs of text nodes with each mention a <mark>. The
// marks' offsets are UTF-16, as the core gives them, and so are JS strings,
// so `text.slice` cuts exactly at them. The text only ever becomes text
// nodes (`state.textNodes` keeps where each starts, for `rangeFor`).
// The first article may come whole from its prebuilt file or as names only
// (`pre.partial`): then the rest of its analysis (quotes, key phrases,
// summary) is drawn when it comes (`fillRest`).

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
export async function openArticle(id, { hits = [], push = false, focus = false, write = true, pre = null } = {}) {
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
  const drawn = renderArticle();
  up.renderPanels();
  for (const b of document.querySelectorAll(".article-link")) {
    if (b.dataset.id === id) b.setAttribute("aria-current", "true");
    else b.removeAttribute("aria-current");
  }
  // a long article's hits may lie in slices not drawn yet
  if ((state.nav || focus) && !(await drawn)) return;
  if (seq !== state.openSeq) return;
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
 * it. The text and its highlights stay when the names come in the same
 * order; salience counts each name's quotes, which the first analysis did
 * not look for, so when the order changed the article is drawn again too
 * (its marks point at the names by their place in the list).
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
  const reorder = !sameNames(state.current.raw, full);
  state.current.raw = full;
  state.current.analysis = applyToAnalysis(full, state.ops);
  if (reorder) renderArticle();
  up.renderPanels();
  performance.mark("lede:first-panels");
}

/** Whether two analyses of one text list the same names in the same order, with the same mentions. */
function sameNames(a, b) {
  const x = a?.entities || [];
  const y = b?.entities || [];
  return (
    x.length === y.length &&
    x.every((e, i) => e.name === y[i].name && e.label === y[i].label && String(e.mentions) === String(y[i].mentions))
  );
}

/** Characters of body text drawn with the rest of the article (most articles: all of it). */
const BODY_FIRST = 6000;
/** Characters of body text drawn in each later slice of a long article (a frame's work). */
const BODY_SLICE = 4000;
/** Counts `renderArticle` calls: a slice of an article drawn over stops drawing. */
let renderSeq = 0;

/**
 * Draws the open article (`state.current`): its head, counts, legend and
 * body with every mention marked. Resolves once the whole body is drawn
 * (true), or another drawing replaced it (false); `lede:article` is sent then.
 */
export function renderArticle() {
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
  // A long article is drawn in slices, one per frame, so that no task
  // (building the nodes, then laying them out, which the panels' chart
  // forces at once) holds the main thread: the first slice with the rest of
  // the page, the others after it (`BODY_FIRST`, `BODY_SLICE`).
  const body = el("div", "article-body");
  for (const label of state.hidden) body.classList.add(`hide-${label}`);
  const nodes = [];
  const ms = analysis.mentions;
  let mi = 0;
  let tabStop = true;
  const paragraph = (p) => {
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
        if (state.selected === m.entity) mark.classList.add("sel"); // chosen while the article is drawn
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
    return para;
  };
  const paras = analysis.paragraphs;
  let pi = 0;
  // paragraphs into `parent` until `budget` characters of text are drawn
  const slice = (parent, budget) => {
    let drawn = 0;
    while (pi < paras.length && drawn < budget) {
      const p = paras[pi++];
      parent.append(paragraph(p));
      drawn += p.end - p.start;
    }
  };
  slice(body, BODY_FIRST);
  state.textNodes = nodes;
  frag.append(body);
  if (doc.attribution) frag.append(el("p", "attribution", doc.attribution));
  $("article").replaceChildren(frag);
  const seq = ++renderSeq;
  const finish = () => {
    setHighlight("hit", state.hits);
    setHighlight("hit-current", []);
    setHighlight("quote", []);
    setHighlight("summary", []);
    if (!window.lede.ready) performance.mark("lede:first-highlight");
    window.lede.ready = true;
    document.dispatchEvent(new CustomEvent("lede:article", { detail: { id: doc.id } }));
  };
  if (pi >= paras.length) {
    finish();
    return Promise.resolve(true);
  }
  // the other slices, each after the previous one is laid out (a frame; a
  // timer alone where no frame comes, in a hidden tab); another article
  // drawn meanwhile stops them
  return new Promise((resolve) => {
    const step = () => {
      if (seq !== renderSeq || !body.isConnected) return resolve(false);
      const part = document.createDocumentFragment();
      slice(part, BODY_SLICE);
      body.append(part);
      if (pi < paras.length) return afterFrame(step);
      finish();
      resolve(true);
    };
    afterFrame(step);
  });
}

/** Downloads the open article's analysis (corrections applied) as JSON or CSV. */
function exportAnalysis(kind) {
  const cur = state.current;
  if (!cur) return;
  const input = { doc: cur.doc, text: cur.text, analysis: cur.analysis, corrections: state.ops, version: state.version };
  if (kind === "json") download(fileName(cur.doc, "json"), "application/json", JSON.stringify(analysisJson(input), null, 2) + "\n");
  else download(fileName(cur.doc, "csv"), "text/csv;charset=utf-8", "\uFEFF" + toCsv(analysisRows(input)));
}

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
