// The page's DOM helpers and its names for things: how nodes are made (the
// only place the page makes them), and what each type of name and value is
// called, with how the page tells an uncertain name. Nothing here knows the
// page's state.

// ---------------------------------------------------------------- nodes

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
/** Runs `f` after the next frame is drawn (at once in a hidden tab, where no frame comes): a long drawing's next slice. */
export function afterFrame(f) {
  if (document.hidden) setTimeout(f, 0);
  else requestAnimationFrame(() => setTimeout(f, 0));
}

export const fmt = new Intl.NumberFormat("en");

/** The "Add your own" section's status line (an import, a delete, a start-up failure); `error` marks it red. */
export const addStatus = (msg, error = false) => {
  $("add-status").textContent = msg;
  $("add-status").classList.toggle("error", error);
};

// ---------------------------------------------------------------- labels

// What the page calls each type of name and value (the core's labels:
// PER, ORG, LOC, ...), in the order the page lists them, and how it tells an
// uncertain name (the core's calibrated confidence below one half) and an
// article in a language the entity model was not trained on. Plain data and
// functions: the article view, the panels, the card, the chart and the
// search all read them.

export const LABELS = {
  PER: ["Person", "People"],
  ORG: ["Organization", "Organizations"],
  LOC: ["Place", "Places"],
  MISC: ["Other name", "Other names"],
  DATE: ["Date", "Dates"],
  TIME: ["Time", "Times"],
  MONEY: ["Money", "Money"],
  PERCENT: ["Percent", "Percentages"],
  QUANTITY: ["Quantity", "Quantities"],
  ORDINAL: ["Ordinal", "Ordinals"],
  CARDINAL: ["Number", "Numbers"],
};
export const ORDER = Object.keys(LABELS);

/**
 * Names below this confidence are uncertain: the core's calibrated scores say
 * such a span and type are more often wrong than right (the same value as
 * `UNCERTAIN_BELOW` in src/extract/entities/mod.rs). They are marked in the
 * text and the list, and left out of the chart and the facets unless the
 * reader ticks "Include uncertain names". A name the reader corrected is sure.
 */
const UNCERTAIN_BELOW = 0.5;
export const isUncertain = (x) => !x?.corrected && typeof x?.confidence === "number" && x.confidence < UNCERTAIN_BELOW;
export const pct = (c) => `${Math.round(c * 100)}%`;

/** True when the core says the article is in a language the entity model was not trained on (names by shape only). */
export function foreignLanguage(analysis) {
  const l = analysis?.language;
  return !!l && l.code !== "en" && l.code !== "und" && l.confidence >= 0.5;
}
export function languageName(code) {
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(code) || code;
  } catch {
    return code;
  }
}
