// The page's DOM helpers: every node the page makes is made here, with its
// text set through textContent (never parsed as markup), and every link it
// makes goes through `safeUrl`. `$` finds an element of index.html by its
// id; `fmt` writes the counts the page shows ("2,225"); `addStatus` writes
// the status line of the "Add your own" section, where imports, deletes and
// start-up failures are told. Nothing here knows the page's state.

export const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";

/** Creates an element with optional class and text content. */
export function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text != null) node.textContent = text;
  return node;
}
export function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}
export function button(cls, text, onClick) {
  const b = el("button", cls, text);
  b.type = "button";
  if (onClick) b.addEventListener("click", onClick);
  return b;
}

/**
 * Makes `node` (an SVG element with role="button" and a tab stop: a bar of
 * a chart, a node of a map) act as a button does: on a click, Enter or Space.
 */
export function onActivate(node, go) {
  node.addEventListener("click", go);
  node.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      go();
    }
  });
}

/** Only http(s) links are ever put into an href. */
export function safeUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

/** Counts as the page writes them ("2,225"). */
export const fmt = new Intl.NumberFormat("en");

/** The "Add your own" section's status line (an import, a delete, a start-up failure); `error` marks it red. */
export const addStatus = (msg, error = false) => {
  $("add-status").textContent = msg;
  $("add-status").classList.toggle("error", error);
};
