// "Who appears together": the article's most mentioned names on a circle,
// an edge between two that share a sentence (thicker for more), drawn in SVG
// in CSS pixels at the panel's width (newsroom.js draws it again when that
// changes). A node's shape says its type, so the map reads without colour;
// a label too wide is wrapped or cut (`fitLabel`); a node is a button that
// chooses its name.
import { $, onActivate, svg } from "./dom.js";
import { state } from "./state.js";
import { selectEntity } from "./marks.js";

/** Which names share sentences: a small SVG network of the most mentioned. */
export function renderCooc() {
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
