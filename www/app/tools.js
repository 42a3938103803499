// The reader's corrections of the open article, and the "Selected name"
// panel that makes them: retype a name, merge it into another, split one
// mention out, change or clear a quote's speaker (`editSpeaker`), undo the
// last. Corrections are ordered ops (www/corrections.js): applied to the
// article's analysis here and saved by the worker, which applies them to the
// index and the chart too. The panel also says in how many other articles
// the name is, and opens its page (newsroom.js).
import { call } from "../start.js";
import { applyToAnalysis, describe, NAME_TYPES } from "../corrections.js";
import { $, button, el, fmt, LABELS } from "./dom.js";
import { state, up } from "./state.js";
import { renderArticle, selectEntity } from "./article.js";
import { q, runSearch } from "./search.js";
import { openEntityView, renderChart } from "./newsroom.js";

up.renderTools = renderTools; // a call up the module graph (see state.js)

$("tools-undo").addEventListener("click", undoCorrection);

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
  const drawn = renderArticle();
  up.renderPanels();
  if (sel != null && (await drawn) && state.current === cur) selectEntity(sel);
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
export function renderTools() {
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
export function editSpeaker(li, q, qi) {
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
