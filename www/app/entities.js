// The entity panel ("Who and what"): the open article's names, dates and
// numbers grouped by type, each type's most mentioned first, the first
// `TOP_N` shown and the rest behind "Show all"; uncertain names marked; a
// filter box once an article has `FILTER_FROM` names. Choosing a name selects
// it in the text (marks.js), choosing it again clears that.
import { $, button, el } from "./dom.js";
import { LABELS, ORDER, isUncertain, pct } from "./labels.js";
import { state } from "./state.js";
import { clearNav, selectEntity } from "./marks.js";

const TOP_N = 8; // names shown per type before "show all"
const FILTER_FROM = 30; // a filter box once an article has this many names (the 20,000-word article of issue 13 has 400)

/** The entity panel: each type's most mentioned first, the top few shown, the rest behind "show all"; a filter for long lists. */
export function renderEntities() {
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
