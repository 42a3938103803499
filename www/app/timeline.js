// The articles over time, as a small SVG bar chart: by month over three years
// or less, else by year, every bucket between the first and the last drawn
// (gaps are part of the story). `timelineSvg` only draws; its caller says
// what choosing a bar does (the newsroom's timeline filters the list; an
// entity page's is not interactive).
import { el, onActivate, svg } from "./dom.js";

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
export function bucketLabel(key) {
  return key.length === 7 ? `${MONTHS[Number(key.slice(5, 7)) - 1]} ${key.slice(0, 4)}` : key;
}

/** A small bar chart of articles over time; `onPick(key)` when a bar is chosen (none: not interactive). */
export function timelineSvg(dates, { label, onPick, current } = {}) {
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
