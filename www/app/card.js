// The card of a mention: hovering or focusing a <mark> shows its name, type,
// role, aliases, value and count, and why it is uncertain, in #card (a
// tooltip the mark points to with aria-describedby). Also the article's
// listeners for its marks: a click chooses the name (marks.js steps through
// its mentions); the arrows, Home and End move the one tab stop from mark to
// mark; Enter or Space chooses.
import { $, el } from "./dom.js";
import { LABELS, foreignLanguage, isUncertain, pct } from "./labels.js";
import { state } from "./state.js";
import { focusMark, selectEntity } from "./marks.js";

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
