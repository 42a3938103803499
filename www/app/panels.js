// The open article's side panels: the entity panel ("Who and what"), who
// appears together (a map of the article's names), and `renderPanels`, which
// draws those, the "Selected name" tools (tools.js), the quotes, the key
// phrases and the summary. The sections below:
//   the entity panel, who appears together, the panels.
import { $, afterFrame, button, el, isUncertain, LABELS, onActivate, ORDER, pct, svg } from "./dom.js";
import { state, up } from "./state.js";
import { clearNav, goTo, rangeFor, scrollToRange, selectEntity, setHighlight } from "./article.js";
import { renderChart } from "./newsroom.js";
import { editSpeaker, renderTools } from "./tools.js";

up.renderPanels = renderPanels; // a call up the module graph (see state.js)

// ---------------------------------------------------------------- the entity panel

// The entity panel ("Who and what"): the open article's names, dates and
// numbers grouped by type, each type's most mentioned first, the first
// `TOP_N` shown and the rest behind "Show all"; uncertain names marked; a
// filter box once an article has `FILTER_FROM` names. Choosing a name selects
// it in the text (article.js), choosing it again clears that.

const TOP_N = 8; // names shown per type before "show all"
const QUOTES_FIRST = 20; // quotes listed with the panels; a long article's others follow, a slice a frame
const QUOTES_SLICE = 40;
let quotesSeq = 0; // counts the quote lists drawn: a list drawn over stops its slices
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

// ---------------------------------------------------------------- who appears together

// "Who appears together": the article's most mentioned names on a circle,
// an edge between two that share a sentence (thicker for more), drawn in SVG
// in CSS pixels at the panel's width (drawn again, with the chart, when that
// changes). A node's shape says its type, so the map reads without colour;
// a label too wide is wrapped or cut (`fitLabel`); a node is a button that
// chooses its name.

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
    onActivate(g, () => selectEntity(i));
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

// ---------------------------------------------------------------- the panels

// The open article's side panels (emptied and marked busy while an article
// is analyzed: article.js's `setPanelsBusy`), and `renderPanels`, which draws
// them all: the names (above),
// the "Selected name" tools (tools.js), the quotes (each one's speaker, and
// its correction), the key phrases (a chip steps through its occurrences),
// the summary (its sentences marked in the text while hovered or focused)
// and who appears together (above). A panel whose engine did not run (no
// list in the analysis) is hidden.

export function renderPanels() {
  const { analysis, text } = state.current;
  renderEntities();
  renderTools();

  // Quotes: only when the quote engine is present.
  const hasQuotes = Array.isArray(analysis.quotes);
  $("quotes-panel").hidden = !hasQuotes;
  if (hasQuotes) {
    const ol = $("quotes");
    ol.replaceChildren();
    const quote = (q) => {
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
    };
    // A long article's many quotes: the first ones now, the others a slice
    // a frame (their text is laid out with the page's first frame otherwise).
    const seq = ++quotesSeq;
    let next = 0;
    const quotes = (n) => {
      if (seq !== quotesSeq) return; // the panels were drawn again meanwhile
      for (const end = Math.min(analysis.quotes.length, next + n); next < end; next++) quote(analysis.quotes[next]);
      if (next < analysis.quotes.length) afterFrame(() => quotes(QUOTES_SLICE));
    };
    quotes(QUOTES_FIRST);
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
  // The map measures its labels, which lays the page out: after the next
  // frame (which lays it out anyway), not inside this task, as a long
  // article's first slice and these lists would make it a long one.
  const shown = state.current;
  $("cooc").replaceChildren(); // not the previous article's names meanwhile
  afterFrame(() => state.current === shown && renderCooc());
}

/** Who said a quote: the resolved entity, else the words naming the speaker. */
function speakerName(q, analysis, text) {
  if (typeof q.speaker === "number" && analysis.entities[q.speaker]) return analysis.entities[q.speaker].name;
  if (typeof q.speaker === "string" && q.speaker) return q.speaker;
  if (q.speaker_span && q.speaker_span.end > q.speaker_span.start) return text.slice(q.speaker_span.start, q.speaker_span.end);
  return "Unattributed";
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
