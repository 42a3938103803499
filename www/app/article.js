// The article view: opens an article (`openArticle`: its text fetched or
// read from the worker, its analysis asked for, the reader's corrections
// applied) and draws it (`renderArticle`): title and source, the language
// note, the export buttons, the counts, the legend's toggles, the stepper,
// and the body, paragraphs of text nodes with each mention a <mark>. The
// marks' offsets are UTF-16, as the core gives them, and so are JS strings,
// so `text.slice` cuts exactly at them. The text only ever becomes text
// nodes (`state.textNodes` keeps where each starts, for marks.js's ranges).
// The first article may come whole from its prebuilt file or as names only
// (`pre.partial`): then the rest of its analysis (quotes, key phrases,
// summary) is drawn when it comes (`fillRest`).
import { call } from "../start.js";
import { applyToAnalysis } from "../corrections.js";
import { analysisJson, analysisRows, download, fileName, toCsv } from "../export.js";
import { $, addStatus, button, el, safeUrl } from "./dom.js";
import { LABELS, ORDER, foreignLanguage, isUncertain, languageName, pct } from "./labels.js";
import { allArticles, state, up, writeHash } from "./state.js";
import { clearNav, goTo, rangeFor, setHighlight, step } from "./marks.js";
import { renderPanels, setPanelsBusy } from "./panels.js";

up.openArticle = openArticle; // the calls up the module graph (see state.js)
up.renderArticle = renderArticle;

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

/** Downloads the open article's analysis (corrections applied) as JSON or CSV. */
function exportAnalysis(kind) {
  const cur = state.current;
  if (!cur) return;
  const input = { doc: cur.doc, text: cur.text, analysis: cur.analysis, corrections: state.ops, version: state.version };
  if (kind === "json") download(fileName(cur.doc, "json"), "application/json", JSON.stringify(analysisJson(input), null, 2) + "\n");
  else download(fileName(cur.doc, "csv"), "text/csv;charset=utf-8", "\uFEFF" + toCsv(analysisRows(input)));
}
