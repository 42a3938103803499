// The open article's side panels: the busy state while an article is
// analyzed (`setPanelsBusy`, so the panel never shows the last article's
// names), and `renderPanels`, which draws them all: the names (entities.js),
// the "Selected name" tools (tools.js), the quotes (each one's speaker, and
// its correction), the key phrases (a chip steps through its occurrences),
// the summary (its sentences marked in the text while hovered or focused)
// and who appears together (cooc.js). A panel whose engine did not run (no
// list in the analysis) is hidden.
import { $, button, el } from "./dom.js";
import { state, up } from "./state.js";
import { clearNav, goTo, rangeFor, scrollToRange, setHighlight } from "./marks.js";
import { renderCooc } from "./cooc.js";
import { renderEntities } from "./entities.js";
import { editSpeaker, renderTools } from "./tools.js";

up.renderPanels = renderPanels; // a call up the module graph (see state.js)

/**
 * While an article is analyzed the side panel is emptied and marked busy, so
 * it never shows the previous article's names, quotes or summary.
 */
export function setPanelsBusy(busy) {
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
