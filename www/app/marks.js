// What is marked in the open article's text beyond its mentions, and
// stepping through it. Search hits, quotes and summary sentences are CSS
// Custom Highlights (`setHighlight`: named ranges styled in style.css, no
// nodes added), over DOM Ranges made from text offsets (`rangeFor`, a binary
// search in `state.textNodes`). The stepper steps through one name's
// mentions or through a list of hits (`state.nav`): "Previous", "Next",
// n / p, its count announced. The article has one tab stop among its marks
// (`focusMark`); the arrows move it (card.js).
import { $ } from "./dom.js";
import { state, up } from "./state.js";

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
export function focusMark(mark, options) {
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
