// Lede embed: one module script that defines <lede-article> and <lede-search>.
//
//   <script type="module" src="/lede/embed.js"></script>
//
// The engine (./engine.js) runs in a module Worker (./worker.js); when a Worker
// cannot be started (embed.js served from another origin), it runs on the
// page's thread instead. Its wasm is found next to this file and loaded when
// first needed: the search-only build (./pkg-search/) for <lede-search> over a
// prebuilt index, the build with the extraction engines (./pkg/) and its NER
// model (./pkg/ner.bin) when an article is analyzed or JSON Lines are indexed
// with their names. `<lede-search src="DIR/">` (or the `sharded` attribute)
// reads a sharded static index: the manifest first, then only the files each
// query needs (./sharded.js).
//
// Security: article text only ever reaches the DOM as text nodes (created
// nodes, textContent, splitText); never as markup. Styles are constructed
// stylesheets (adoptedStyleSheets), which a strict CSP (`style-src 'self'`)
// allows; no <style> element and no style attribute is ever written.

import { connect, local } from "./protocol.js";

const WASM_URL = new URL("./pkg/lede_bg.wasm", import.meta.url).href;
const SEARCH_WASM_URL = new URL("./pkg-search/lede_bg.wasm", import.meta.url).href;
const MODEL_URL = new URL("./pkg/ner.bin", import.meta.url).href;
const WORKER_URL = new URL("./worker.js", import.meta.url);
const WHERE = { wasmUrl: WASM_URL, searchWasmUrl: SEARCH_WASM_URL, model: MODEL_URL };

// ---------------------------------------------------------------------------
// The engine client: one Worker shared by every element on the page, spoken
// to with protocol.js (the page's own worker speaks the same).

let clientPromise = null;

async function inThreadClient() {
  const { createEngine } = await import("./engine.js");
  const c = local(createEngine().ops);
  await c.call("init", WHERE);
  return c;
}

/** The shared engine client (starts the worker on first use; the wasm loads when a request needs it). */
export function engine() {
  if (!clientPromise) {
    clientPromise = (async () => {
      let worker = null;
      try {
        worker = new Worker(WORKER_URL, { type: "module", name: "lede" });
        const c = connect(worker);
        await c.call("init", WHERE);
        return c;
      } catch {
        worker?.terminate();
        return inThreadClient();
      }
    })();
    clientPromise.catch(() => {
      clientPromise = null;
    });
  }
  return clientPromise;
}

// ---------------------------------------------------------------------------
// Shared helpers.

function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : String(v));
    }
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

function sheet(css) {
  const s = new CSSStyleSheet();
  s.replaceSync(css);
  return s;
}

function emit(el, name, detail, cancelable = false) {
  return el.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
}

/** Only http(s) URLs become links. */
function safeUrl(url, base = document.baseURI) {
  if (typeof url !== "string" || !url) return null;
  try {
    const u = new URL(url, base);
    return u.protocol === "https:" || u.protocol === "http:" ? u : null;
  } catch {
    return null;
  }
}

/** Appends `text` to `parent` with the UTF-16 ranges `spans` wrapped in <mark part=hit>. */
function appendHighlighted(parent, text, spans) {
  let at = 0;
  const sorted = [...(spans || [])].sort((a, b) => a.start - b.start);
  for (const { start, end } of sorted) {
    if (start < at || end <= start || end > text.length) continue;
    if (start > at) parent.append(text.slice(at, start));
    parent.append(h("mark", { part: "hit", class: "hit" }, text.slice(start, end)));
    at = end;
  }
  if (at < text.length) parent.append(text.slice(at));
}

function onOff(el, name, dflt = true) {
  const v = el.getAttribute(name);
  if (v == null) return dflt;
  return !/^(off|false|no|0|none)$/i.test(v.trim());
}

/** "light" or "dark" for an element: the theme attribute, or the luminance of its text colour. */
function resolveTheme(attr, sample) {
  if (attr === "light" || attr === "dark") return attr;
  const c = sample ? getComputedStyle(sample).color : "";
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(c);
  if (m) {
    const [r, g, b] = [m[1], m[2], m[3]].map((x) => {
      const v = Number(x) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.5 ? "dark" : "light";
  }
  return matchMedia?.("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** A quote's speaker: the entity's name (speaker is an index), a string, or the speaker span's text. */
function speakerOf(a, q, text) {
  if (typeof q.speaker === "number") return a.entities?.[q.speaker]?.name ?? null;
  if (typeof q.speaker === "string" && q.speaker) return q.speaker;
  const sp = q.speaker_span;
  return sp && sp.end > sp.start ? text.slice(sp.start, sp.end) : null;
}

export const LABEL_NAMES = {
  PER: "Person",
  ORG: "Organization",
  LOC: "Place",
  MISC: "Other name",
  DATE: "Date",
  TIME: "Time",
  MONEY: "Money",
  PERCENT: "Percentage",
  QUANTITY: "Quantity",
  ORDINAL: "Ordinal",
  CARDINAL: "Number",
};

// Styles of what Lede puts in the host's own markup (marks, search hits):
// one constructed stylesheet adopted by the document, attribute-scoped.
const DOC_CSS = `
mark[data-lede-label] {
  background: var(--lede-mark, #e5e7eb);
  color: inherit; font: inherit; letter-spacing: inherit; text-decoration: inherit;
  margin: 0; padding: 0; border: 0; border-radius: 0.15em;
  box-shadow: inset 0 -0.12em 0 var(--lede-mark-line, #9ca3af);
  box-decoration-break: clone; -webkit-box-decoration-break: clone;
  display: inline; cursor: pointer;
}
mark[data-lede-label="PER"] { --lede-mark: var(--lede-per, #fde68a); --lede-mark-line: var(--lede-per-line, #b45309); }
mark[data-lede-label="ORG"] { --lede-mark: var(--lede-org, #bfdbfe); --lede-mark-line: var(--lede-org-line, #1d4ed8); }
mark[data-lede-label="LOC"] { --lede-mark: var(--lede-loc, #bbf7d0); --lede-mark-line: var(--lede-loc-line, #15803d); }
mark[data-lede-label="MISC"] { --lede-mark: var(--lede-misc, #e9d5ff); --lede-mark-line: var(--lede-misc-line, #7e22ce); }
mark[data-lede-theme="dark"] { --lede-mark: var(--lede-value-dark, #374151); --lede-mark-line: #9ca3af; }
mark[data-lede-theme="dark"][data-lede-label="PER"] { --lede-mark: var(--lede-per-dark, #78350f); --lede-mark-line: #fbbf24; }
mark[data-lede-theme="dark"][data-lede-label="ORG"] { --lede-mark: var(--lede-org-dark, #1e3a8a); --lede-mark-line: #93c5fd; }
mark[data-lede-theme="dark"][data-lede-label="LOC"] { --lede-mark: var(--lede-loc-dark, #14532d); --lede-mark-line: #86efac; }
mark[data-lede-theme="dark"][data-lede-label="MISC"] { --lede-mark: var(--lede-misc-dark, #581c87); --lede-mark-line: #d8b4fe; }
mark[data-lede-label][data-lede-active] { outline: 2px solid var(--lede-accent, #b91c1c); outline-offset: 1px; }
mark[data-lede-label][data-lede-flash] { outline: 3px solid var(--lede-accent, #b91c1c); }
::highlight(lede-hit) { background-color: #fb923c; color: #000; }
`;
let docSheet = null;
function adoptDocumentSheet() {
  if (docSheet) return;
  docSheet = sheet(DOC_CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, docSheet];
}

// Shadow-DOM styles shared by both elements. `.root` resets everything the
// host page could make inherit (`* { font-size: 30px }`, `all: unset`, ...).
const BASE_CSS = `
:host { display: block; }
:host([hidden]) { display: none; }
.root {
  all: initial; display: block; box-sizing: border-box;
  font-family: var(--lede-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-size: var(--lede-font-size, 16px); line-height: 1.45;
  color: var(--lede-fg, #111827);
  --_bg: var(--lede-bg, #ffffff); --_muted: var(--lede-muted, #4b5563);
  --_border: var(--lede-border, #d1d5db); --_accent: var(--lede-accent, #b91c1c);
  --_soft: var(--lede-soft, #f3f4f6); --_radius: var(--lede-radius, 8px);
}
.root[data-theme="dark"] {
  color: var(--lede-fg, #f3f4f6);
  --_bg: var(--lede-bg, #111827); --_muted: var(--lede-muted, #d1d5db);
  --_border: var(--lede-border, #4b5563); --_accent: var(--lede-accent, #fca5a5);
  --_soft: var(--lede-soft, #1f2937);
}
.root *, .root *::before, .root *::after { box-sizing: border-box; }
button { font: inherit; color: inherit; background: none; border: 0; margin: 0; padding: 0; cursor: pointer; text-align: inherit; }
button:focus-visible, input:focus-visible, summary:focus-visible, [role="option"][aria-selected="true"] { outline: 2px solid var(--_accent); outline-offset: 2px; }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
mark.hit { background: var(--lede-hit, #fde68a); color: #111827; border-radius: 2px; padding: 0 1px; font-weight: 600; }
`;

// ---------------------------------------------------------------------------
// Reading an article's text from the live DOM.

const SKIP = new Set([
  "script", "style", "noscript", "template", "textarea", "input", "select", "option", "button",
  "svg", "math", "iframe", "object", "embed", "canvas", "video", "audio", "picture", "img",
  "lede-search", "lede-article", "head", "title", "meta", "link",
]);
const BLOCK = new Set([
  "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
  "section", "article", "header", "footer", "aside", "main", "nav", "figure", "figcaption", "table",
  "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "pre", "hr", "address", "details", "summary",
  "form", "fieldset", "legend",
]);

/**
 * The text of `root` as the reader sees it, block elements separated by blank
 * lines, and the map from text offsets to text nodes: `segs[i] = {node, start}`.
 * Whitespace characters in text nodes become spaces one for one, so offsets
 * into a node's data equal offsets into its piece of the text.
 */
export function readText(root) {
  const parts = [];
  const segs = [];
  let len = 0;
  let tail = ""; // last characters emitted, to avoid piling up breaks
  const brk = (s) => {
    if (len === 0 || tail.endsWith("\n\n") || (s === "\n" && tail.endsWith("\n"))) return;
    parts.push(s);
    len += s.length;
    tail = (tail + s).slice(-2);
  };
  const walk = (node) => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) {
        const data = c.data;
        if (!data) continue;
        segs.push({ node: c, start: len });
        const t = data.replace(/[\t\n\r\f\v]/g, " ");
        parts.push(t);
        len += t.length;
        tail = (tail + t).slice(-2);
      } else if (c.nodeType === 1) {
        const name = c.localName;
        if (SKIP.has(name) || c.hidden || c.getAttribute("aria-hidden") === "true" || c.hasAttribute("data-lede-ignore")) continue;
        if (name === "br") {
          brk("\n");
          continue;
        }
        const block = BLOCK.has(name);
        if (block) brk("\n\n");
        walk(c);
        if (block) brk("\n\n");
      }
    }
  };
  walk(root);
  return { text: parts.join(""), segs };
}

/** The text-node pieces covering [start, end) of the text, whitespace at the edges trimmed. */
function piecesOf(segs, start, end) {
  const out = [];
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segs[mid].start <= start) lo = mid;
    else hi = mid - 1;
  }
  for (let i = lo; i < segs.length && segs[i].start < end; i++) {
    const { node, start: s0 } = segs[i];
    let a = Math.max(start, s0) - s0;
    let b = Math.min(end, s0 + node.data.length) - s0;
    while (a < b && /\s/.test(node.data[a])) a++;
    while (b > a && /\s/.test(node.data[b - 1])) b--;
    if (b > a) out.push({ node, a, b });
  }
  return out;
}

function rangeOf(segs, start, end) {
  const p = piecesOf(segs, start, end);
  if (!p.length) return null;
  const r = document.createRange();
  r.setStart(p[0].node, p[0].a);
  r.setEnd(p[p.length - 1].node, p[p.length - 1].b);
  return r;
}

// ---------------------------------------------------------------------------
// <lede-article>

const ARTICLE_CSS = `
.panel { margin: 0 0 1em; border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_bg); }
.panel > summary { padding: 0.5em 0.8em; font-weight: 600; cursor: pointer; list-style-position: inside; }
.panel-body { padding: 0 0.8em 0.8em; }
.panel .group { display: block; font-size: 0.8em; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; color: var(--_muted); margin: 0.7em 0 0.3em; }
.panel ol, .panel ul { margin: 0; padding: 0 0 0 1.2em; }
.panel li { margin: 0.2em 0; }
.entities { display: flex; flex-wrap: wrap; gap: 0.35em; list-style: none; padding: 0 !important; }
.entities li { margin: 0; }
.entity { display: inline-flex; gap: 0.4em; align-items: baseline; padding: 0.15em 0.55em; border-radius: 999px; border: 1px solid var(--_border); background: var(--_soft); }
.entity .n { font-size: 0.8em; color: var(--_muted); }
.entity[data-label="PER"] { border-color: #b45309; } .entity[data-label="ORG"] { border-color: #1d4ed8; }
.entity[data-label="LOC"] { border-color: #15803d; } .entity[data-label="MISC"] { border-color: #7e22ce; }
.quote-speaker { color: var(--_muted); }
.status { font-size: 0.85em; color: var(--_muted); margin: 0.4em 0 0; }
.status:empty { display: none; }
.card { position: fixed; z-index: 2147483000; width: min(22em, calc(100vw - 16px)); padding: 0.8em 0.9em;
  background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius);
  box-shadow: 0 8px 24px rgba(0,0,0,0.18); }
.card[hidden] { display: none; }
.card-head { display: flex; justify-content: space-between; gap: 0.5em; align-items: start; }
.card-name { font-size: 1.1em; font-weight: 700; margin: 0; }
.card-label { font-size: 0.8em; color: var(--_muted); }
.card dl { margin: 0.5em 0 0; display: grid; grid-template-columns: auto 1fr; gap: 0.15em 0.7em; font-size: 0.9em; }
.card dt { color: var(--_muted); } .card dd { margin: 0; }
.card-actions { display: flex; gap: 0.5em; margin-top: 0.6em; }
.card-actions button, .close { border: 1px solid var(--_border); border-radius: 6px; padding: 0.15em 0.6em; background: var(--_soft); }
`;

export class LedeArticle extends HTMLElement {
  static observedAttributes = ["types", "cards", "summary", "theme"];

  #shadow;
  #ui = null;
  #analysis = null;
  #text = "";
  #target = null;
  #marks = []; // created <mark> elements
  #split = new Map(); // original text node → {data, nodes: Set of pieces}
  #connected = false;
  #run = 0;
  #cardFor = null;
  #cardReturn = null;
  #onClick = (e) => this.#clicked(e);
  #onReposition = () => this.#placeCard();
  #onKey = (e) => {
    if (e.key === "Escape" && this.#cardFor) this.closeCard(true);
  };

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: "open" });
    this.#shadow.adoptedStyleSheets = [baseSheet(), articleSheet()];
  }

  /** The last analysis (the `analyze` object), or null. */
  get analysis() {
    return this.#analysis;
  }
  /** The text that was analyzed (read from the DOM). */
  get text() {
    return this.#text;
  }
  /** The element whose text is analyzed. */
  get target() {
    return this.#target;
  }

  connectedCallback() {
    this.#connected = true;
    this.#build();
    if (this.hasAttribute("manual")) return;
    const go = () => this.isConnected && this.analyze().catch(() => {});
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go, { once: true });
    else queueMicrotask(go);
  }

  disconnectedCallback() {
    this.#connected = false;
    this.closeCard();
  }

  attributeChangedCallback(name, old, value) {
    if (!this.#connected || old === value || !this.#analysis) return;
    if (name === "types") this.#redecorate();
    else this.#renderUi();
  }

  #build() {
    if (this.#ui) return;
    const root = h("div", { class: "root", part: "root" });
    const details = h("details", { class: "panel", part: "panel" });
    const sum = h("summary", { part: "panel-title", text: "In this article" });
    const body = h("div", { class: "panel-body", part: "panel-body" });
    const status = h("p", { class: "status", part: "status", role: "status" });
    details.append(sum, body);
    const card = h("div", { class: "card", part: "card", role: "dialog", hidden: true, tabindex: "-1" });
    root.append(details, status, h("slot"), card);
    this.#shadow.append(root);
    this.#ui = { root, details, title: sum, body, status, card };
    card.addEventListener("keydown", this.#onKey);
  }

  #resolveTarget() {
    const sel = this.getAttribute("for");
    if (!sel) return this;
    try {
      return document.querySelector(sel);
    } catch {
      return null;
    }
  }

  #types() {
    const t = (this.getAttribute("types") || "PER ORG LOC MISC").toUpperCase().split(/[\s,]+/).filter(Boolean);
    return new Set(t);
  }

  #date() {
    const d = this.getAttribute("date") || this.#target?.querySelector?.("time[datetime]")?.getAttribute("datetime") || "";
    const m = /^\d{4}-\d{2}-\d{2}/.exec(d.trim());
    return m ? m[0] : undefined;
  }

  /** Reads the article from the DOM, analyzes it (in the worker) and decorates it. Resolves to the analysis. */
  async analyze() {
    const run = ++this.#run;
    this.clear();
    const target = this.#resolveTarget();
    this.#target = target;
    this.#ui.status.textContent = "";
    if (!target) {
      const message = `no element matches for="${this.getAttribute("for")}"`;
      this.#fail(message);
      throw new Error(message);
    }
    const { text } = readText(target);
    if (!text.trim()) {
      this.#fail("the article has no text");
      throw new Error("the article has no text");
    }
    this.#ui.status.textContent = "Analyzing…";
    let analysis;
    try {
      const c = await engine();
      const date = this.#date();
      analysis = await c.call("analyze", { text, options: date ? { date } : {} });
    } catch (e) {
      if (run === this.#run) this.#fail(e.message);
      throw e;
    }
    if (run !== this.#run) return analysis;
    this.#analysis = analysis;
    this.#text = text;
    this.#ui.status.textContent = "";
    this.#decorate();
    this.#renderUi();
    emit(this, "lede:analyzed", { analysis, text, marks: this.#marks.length });
    await this.#highlightQuery(run);
    return analysis;
  }

  #fail(message) {
    this.#ui.status.textContent = `Lede: ${message}`;
    emit(this, "lede:error", { message });
  }

  /** Wraps the mentions of the chosen types in <mark> elements, in place. */
  #decorate() {
    const a = this.#analysis;
    const target = this.#target;
    if (!a || !target) return;
    const { text, segs } = readText(target);
    if (text !== this.#text) return; // the page changed since: analyze() again
    adoptDocumentSheet();
    const types = this.#types();
    const theme = resolveTheme(this.getAttribute("theme"), target);
    const byNode = new Map();
    let last = -1;
    (a.mentions || []).forEach((m, i) => {
      if (!types.has(m.label) || m.start < last) return;
      last = m.end;
      for (const p of piecesOf(segs, m.start, m.end)) {
        if (!byNode.has(p.node)) byNode.set(p.node, []);
        byNode.get(p.node).push({ ...p, m, i });
      }
    });
    for (const [node, pieces] of byNode) {
      pieces.sort((x, y) => y.a - x.a);
      let group = this.#split.get(node);
      if (!group) {
        group = { data: node.data, nodes: new Set() };
        this.#split.set(node, group);
      }
      for (const { a: from, b: to, m, i } of pieces) {
        if (to < node.data.length) group.nodes.add(node.splitText(to));
        const mid = from > 0 ? node.splitText(from) : node;
        if (mid !== node) group.nodes.add(mid);
        const mark = document.createElement("mark");
        mark.setAttribute("part", "mention");
        mark.dataset.ledeLabel = m.label;
        mark.dataset.ledeEntity = String(m.entity);
        mark.dataset.ledeMention = String(i);
        mark.dataset.ledeTheme = theme;
        mid.replaceWith(mark);
        mark.append(mid);
        this.#marks.push(mark);
      }
    }
    target.addEventListener("click", this.#onClick);
  }

  #redecorate() {
    this.closeCard();
    this.#undecorate();
    this.#decorate();
    this.#renderUi();
  }

  #undecorate() {
    for (const mark of this.#marks) {
      if (mark.parentNode) mark.replaceWith(...mark.childNodes);
    }
    for (const [node, { data, nodes }] of this.#split) {
      for (const n of nodes) n.remove();
      node.data = data;
    }
    this.#marks = [];
    this.#split.clear();
    this.#target?.removeEventListener("click", this.#onClick);
  }

  /** Removes every decoration: the host's DOM is restored exactly (same nodes, same text). */
  clear() {
    this.closeCard();
    this.#undecorate();
    if (globalThis.CSS?.highlights && this.#hitRanges) {
      const hl = CSS.highlights.get("lede-hit");
      if (hl) for (const r of this.#hitRanges) hl.delete(r);
      if (hl && hl.size === 0) CSS.highlights.delete("lede-hit");
    }
    this.#hitRanges = null;
    if (this.#analysis) emit(this, "lede:cleared", {});
    this.#analysis = null;
    this.#text = "";
    this.#renderUi();
  }

  /** The <mark> elements of one entity (all pieces of all its mentions), in text order. */
  marksOf(entity) {
    return this.#marks
      .filter((m) => m.dataset.ledeEntity === String(entity))
      .sort((x, y) => (x.compareDocumentPosition(y) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  }

  #hitRanges = null;

  async #highlightQuery(run) {
    let q = null;
    try {
      q = new URL(location.href).searchParams.get("lede-q");
    } catch {
      q = null;
    }
    if (!q || !q.trim() || !globalThis.CSS?.highlights || typeof Highlight !== "function") return;
    const c = await engine();
    const spans = await c.call("highlight", { text: this.#text, query: q }).catch(() => []);
    if (run !== this.#run) return;
    const { segs, text } = readText(this.#target);
    if (text !== this.#text) return;
    const ranges = spans.map((s) => rangeOf(segs, s.start, s.end)).filter(Boolean);
    this.#hitRanges = ranges;
    if (ranges.length) {
      adoptDocumentSheet();
      const hl = CSS.highlights.get("lede-hit") || new Highlight();
      for (const r of ranges) hl.add(r);
      CSS.highlights.set("lede-hit", hl);
      const first = ranges[0].startContainer.parentElement;
      first?.scrollIntoView?.({ block: "center" });
    }
    this.#ui.status.textContent = `${ranges.length} ${ranges.length === 1 ? "match" : "matches"} for “${q}”`;
    emit(this, "lede:hits", { query: q, count: ranges.length, ranges });
  }

  // --- the panel (summary box) ---

  #renderUi() {
    const ui = this.#ui;
    if (!ui) return;
    const theme = resolveTheme(this.getAttribute("theme"), this.#target || this);
    ui.root.dataset.theme = theme;
    for (const m of this.#marks) m.dataset.ledeTheme = theme;
    const a = this.#analysis;
    ui.details.hidden = !onOff(this, "summary") || !a;
    ui.details.open = /^open$/i.test(this.getAttribute("summary") || "") || ui.details.open;
    ui.body.replaceChildren();
    if (!a) return;
    const count = (l) => (a.entities || []).filter((e) => e.label === l && this.#types().has(l)).length;
    const bits = [[count("PER"), "person", "people"], [count("ORG"), "organization", "organizations"], [count("LOC"), "place", "places"]]
      .filter(([n]) => n > 0)
      .map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
    ui.title.textContent = bits.length ? `In this article: ${bits.join(", ")}` : "In this article";
    const text = this.#text;
    if (Array.isArray(a.summary) && a.summary.length) {
      const ol = h("ol", { part: "summary" });
      for (const s of a.summary) ol.append(h("li", null, text.slice(s.start, s.end)));
      ui.body.append(h("p", { class: "group", text: "Summary" }), ol);
    }
    const types = this.#types();
    const groups = [
      ["PER", "People"],
      ["ORG", "Organizations"],
      ["LOC", "Places"],
      ["MISC", "Other names"],
    ];
    for (const [label, title] of groups) {
      if (!types.has(label)) continue;
      const list = (a.entities || []).map((e, i) => [e, i]).filter(([e]) => e.label === label);
      if (!list.length) continue;
      const ul = h("ul", { class: "entities", "aria-label": title });
      for (const [e, i] of list) {
        const b = h(
          "button",
          { type: "button", class: "entity", part: "entity", "data-label": label, "data-entity": String(i), "aria-haspopup": "dialog" },
          h("span", null, e.name),
          h("span", { class: "n", "aria-label": `${e.mentions.length} mentions` }, String(e.mentions.length)),
        );
        b.addEventListener("click", () => this.openCard(i, b));
        ul.append(h("li", null, b));
      }
      ui.body.append(h("p", { class: "group", text: title }), ul);
    }
    if (Array.isArray(a.quotes) && a.quotes.length) {
      const ul = h("ul", { part: "quotes" });
      for (const q of a.quotes) {
        const li = h("li", { part: "quote" }, `“${text.slice(q.start, q.end)}”`);
        const who = speakerOf(a, q, text);
        if (who) li.append(h("span", { class: "quote-speaker", part: "quote-speaker" }, ` — ${who}`));
        ul.append(li);
      }
      ui.body.append(h("p", { class: "group", text: "Quotes" }), ul);
    }
    if (!ui.body.firstChild) ui.body.append(h("p", { text: "No names found." }));
  }

  // --- entity cards ---

  #clicked(e) {
    const mark = e.target instanceof Element ? e.target.closest("mark[data-lede-mention]") : null;
    if (!mark || !this.#marks.includes(mark)) return;
    // Inside the host's link or control the host's behaviour wins: no card.
    if (mark.closest("a[href], button, [role=button], [role=link], label")) return;
    if (!onOff(this, "cards")) {
      emit(this, "lede:select", { entity: this.#analysis.entities[Number(mark.dataset.ledeEntity)], index: Number(mark.dataset.ledeEntity), mention: Number(mark.dataset.ledeMention) });
      return;
    }
    this.openCard(Number(mark.dataset.ledeEntity), mark, Number(mark.dataset.ledeMention));
  }

  /** Opens the card of entity `index`, next to `anchor` (a mark or a panel button). */
  openCard(index, anchor, mention) {
    const a = this.#analysis;
    const e = a?.entities?.[index];
    if (!e) return;
    const detail = { entity: e, index, mention: mention ?? null };
    if (!emit(this, "lede:select", detail, true)) return;
    if (!onOff(this, "cards")) return;
    const card = this.#ui.card;
    const nameId = "lede-card-name";
    card.replaceChildren();
    const close = h("button", { type: "button", class: "close", part: "card-close", "aria-label": "Close" }, "×");
    close.addEventListener("click", () => this.closeCard(true));
    card.append(
      h("div", { class: "card-head" }, h("div", null, h("p", { class: "card-name", id: nameId, part: "card-name" }, e.name), h("span", { class: "card-label" }, LABEL_NAMES[e.label] || e.label)), close),
    );
    card.setAttribute("aria-labelledby", nameId);
    const dl = h("dl");
    const row = (k, v) => v && dl.append(h("dt", null, k), h("dd", null, v));
    row("Role", e.role);
    row("Also", (e.aliases || []).join(", "));
    row("Mentions", String(e.mentions.length));
    if (e.value) row("Value", Object.entries(e.value).map(([k, v]) => `${k}: ${v}`).join(", "));
    if (e.related) row(e.related.relation === "demonym-of" ? "Of" : "Related", e.related.name);
    card.append(dl);
    const marks = this.marksOf(index);
    if (marks.length) {
      const actions = h("div", { class: "card-actions" });
      const first = marks.filter((m, i, all) => i === 0 || all[i - 1].dataset.ledeMention !== m.dataset.ledeMention);
      let at = Math.max(0, first.findIndex((m) => Number(m.dataset.ledeMention) === mention));
      const go = (d) => {
        at = (at + d + first.length) % first.length;
        const m = first[at];
        m.scrollIntoView({ block: "center" });
        m.dataset.ledeFlash = "";
        setTimeout(() => delete m.dataset.ledeFlash, 900);
        this.#cardFor = { index, anchor: m };
        this.#placeCard();
      };
      const prev = h("button", { type: "button", part: "card-button" }, "Previous");
      const next = h("button", { type: "button", part: "card-button" }, "Next");
      prev.addEventListener("click", () => go(-1));
      next.addEventListener("click", () => go(1));
      actions.append(prev, next, h("span", { class: "card-label" }, `${first.length} in the text`));
      card.append(actions);
    }
    for (const m of this.#marks) {
      if (m.dataset.ledeEntity === String(index)) m.dataset.ledeActive = "";
      else delete m.dataset.ledeActive;
    }
    this.#cardFor = { index, anchor };
    this.#cardReturn = anchor instanceof HTMLElement && anchor.localName === "button" ? anchor : null;
    card.hidden = false;
    this.#placeCard();
    addEventListener("scroll", this.#onReposition, { passive: true, capture: true });
    addEventListener("resize", this.#onReposition, { passive: true });
    document.addEventListener("keydown", this.#onKey);
    if (this.#cardReturn) card.focus({ preventScroll: true });
  }

  #placeCard() {
    const f = this.#cardFor;
    const card = this.#ui?.card;
    if (!f || !card || card.hidden) return;
    const r = f.anchor.getBoundingClientRect();
    const w = card.offsetWidth;
    const hgt = card.offsetHeight;
    let left = Math.min(Math.max(8, r.left), innerWidth - w - 8);
    let top = r.bottom + 6;
    if (top + hgt > innerHeight - 8 && r.top - hgt - 6 > 8) top = r.top - hgt - 6;
    card.style.setProperty("left", `${Math.max(8, left)}px`);
    card.style.setProperty("top", `${Math.max(8, top)}px`);
  }

  /** Closes the entity card (`restoreFocus`: back to the panel button that opened it). */
  closeCard(restoreFocus = false) {
    const card = this.#ui?.card;
    if (!card || card.hidden) return;
    card.hidden = true;
    for (const m of this.#marks) delete m.dataset.ledeActive;
    removeEventListener("scroll", this.#onReposition, { capture: true });
    removeEventListener("resize", this.#onReposition);
    document.removeEventListener("keydown", this.#onKey);
    const back = this.#cardReturn;
    this.#cardFor = null;
    this.#cardReturn = null;
    if (restoreFocus && back?.isConnected) back.focus();
  }
}

// ---------------------------------------------------------------------------
// <lede-search>

const SEARCH_CSS = `
.box { position: relative; }
label { display: block; font-weight: 600; margin: 0 0 0.3em; }
input { all: unset; box-sizing: border-box; display: block; width: 100%; padding: 0.55em 0.8em;
  font: inherit; color: inherit; background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); }
input::placeholder { color: var(--_muted); opacity: 1; }
input:focus { border-color: var(--_accent); }
.results { list-style: none; margin: 0.4em 0 0; padding: 0.25em; background: var(--_bg);
  border: 1px solid var(--_border); border-radius: var(--_radius); max-height: var(--lede-results-height, 28em); overflow: auto; }
.results[hidden] { display: none; }
[role="option"] { display: block; padding: 0.5em 0.6em; border-radius: calc(var(--_radius) - 2px); cursor: pointer; }
[role="option"]:hover { background: var(--_soft); }
[role="option"][aria-selected="true"] { background: var(--_soft); outline-offset: -2px; }
.title { display: block; font-weight: 650; color: var(--lede-link, inherit); }
.meta { display: block; font-size: 0.8em; color: var(--_muted); }
.snippet { display: block; font-size: 0.9em; color: var(--_muted); margin-top: 0.15em; }
.empty { padding: 0.5em 0.6em; color: var(--_muted); }
.status { font-size: 0.85em; color: var(--_muted); margin: 0.3em 0 0; }
.status:empty { display: none; }
`;

let searchIds = 0;

export class LedeSearch extends HTMLElement {
  static observedAttributes = ["src", "sharded", "theme", "label", "placeholder"];

  #shadow;
  #ui;
  #results = [];
  #active = -1;
  #query = "";
  #seq = 0;
  #timer = 0;
  #loaded = null;

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: "open", delegatesFocus: true });
    this.#shadow.adoptedStyleSheets = [baseSheet(), searchSheet()];
    const n = ++searchIds;
    const root = h("div", { class: "root", part: "root" });
    const label = h("label", { for: "q", part: "label" });
    const input = h("input", {
      id: "q",
      part: "input",
      type: "search",
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": "results",
      autocomplete: "off",
      spellcheck: "false",
      enterkeyhint: "search",
    });
    const list = h("ul", { id: "results", class: "results", part: "results", role: "listbox", "aria-label": "Search results", hidden: true });
    const status = h("p", { class: "status", part: "status", role: "status", "aria-live": "polite" });
    root.append(label, h("div", { class: "box", part: "box" }, input, list), status);
    this.#shadow.append(root);
    this.#ui = { root, label, input, list, status, n };
    input.addEventListener("input", () => this.#typed());
    input.addEventListener("keydown", (e) => this.#key(e));
    input.addEventListener("focus", () => {
      this.load().catch(() => {});
      if (this.#results.length && input.value.trim()) this.#open(true);
    });
    input.addEventListener("blur", () => setTimeout(() => {
      if (this.#shadow.activeElement !== input) this.#open(false);
    }, 150));
    list.addEventListener("mousedown", (e) => e.preventDefault());
    list.addEventListener("click", (e) => {
      const opt = e.target instanceof Element ? e.target.closest("[role=option]") : null;
      if (opt) this.select(Number(opt.dataset.index));
    });
  }

  connectedCallback() {
    this.#applyText();
    this.#ui.root.dataset.theme = resolveTheme(this.getAttribute("theme"), this);
    if (this.hasAttribute("preload")) this.load().catch(() => {});
  }

  attributeChangedCallback(name) {
    if (name === "src" || name === "sharded") this.#loaded = null;
    if (name === "theme" && this.isConnected) this.#ui.root.dataset.theme = resolveTheme(this.getAttribute("theme"), this);
    this.#applyText();
  }

  #applyText() {
    const { label, input } = this.#ui;
    label.textContent = this.getAttribute("label") || "Search";
    if (this.hasAttribute("label-hidden")) label.className = "sr";
    else label.className = "";
    input.placeholder = this.getAttribute("placeholder") || "Search…";
  }

  #src() {
    const s = this.getAttribute("src");
    return s ? new URL(s, document.baseURI).href : null;
  }

  /** Loads the corpus named by `src` (once). Resolves to {size}. */
  load() {
    if (!this.#loaded) {
      const src = this.#src();
      this.#loaded = (async () => {
        if (!src) throw new Error("<lede-search> needs a src (a JSONL file, a `lede index` file or a sharded index directory ending in /)");
        const c = await engine();
        const info = await c.call("loadCorpus", { src, entities: onOff(this, "entities"), sharded: this.hasAttribute("sharded") });
        emit(this, "lede:ready", { src, size: info.size });
        return info;
      })();
      this.#loaded.catch((e) => {
        this.#ui.status.textContent = `Search is unavailable: ${e.message}`;
        emit(this, "lede:error", { message: e.message });
        this.#loaded = null;
      });
    }
    return this.#loaded;
  }

  /** The current query. */
  get value() {
    return this.#ui.input.value;
  }
  set value(v) {
    this.#ui.input.value = v;
    this.#typed();
  }
  /** The current results (as returned by Corpus.search, each with `url` when known). */
  get results() {
    return this.#results;
  }

  #typed() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.search(this.#ui.input.value), 60);
  }

  /** Runs a search and shows the results. */
  async search(query) {
    const seq = ++this.#seq;
    const q = String(query ?? "").trim();
    if (!q) {
      this.#results = [];
      this.#query = "";
      this.#render();
      this.#open(false);
      this.#ui.status.textContent = "";
      return { results: [], total: 0 };
    }
    let r;
    try {
      await this.load();
      const c = await engine();
      const limit = Math.max(1, Math.min(50, Number(this.getAttribute("limit")) || 8));
      r = await c.call("search", {
        src: this.#src(),
        entities: onOff(this, "entities"),
        sharded: this.hasAttribute("sharded"),
        query: q,
        options: { limit, prefix: onOff(this, "prefix"), fuzzy: onOff(this, "fuzzy") },
      });
    } catch (e) {
      if (seq === this.#seq) this.#ui.status.textContent = `Search failed: ${e.message}`;
      return { results: [], total: 0 };
    }
    if (seq !== this.#seq) return r;
    const template = this.getAttribute("href");
    for (const hit of r.results) {
      if (!hit.url && template) hit.url = safeUrl(template.replaceAll("{id}", encodeURIComponent(hit.id)))?.href ?? null;
    }
    this.#results = r.results;
    this.#query = q;
    this.#active = -1;
    this.#render();
    this.#open(true);
    const n = r.total;
    this.#ui.status.textContent = n === 0 ? `No results for “${q}”` : `${n} ${n === 1 ? "result" : "results"}`;
    emit(this, "lede:results", { query: q, total: r.total, results: r.results });
    return r;
  }

  #render() {
    const { list, input } = this.#ui;
    list.replaceChildren();
    this.#results.forEach((hit, i) => {
      const li = h("li", { role: "option", id: `opt-${i}`, part: "result", "aria-selected": "false", "data-index": String(i) });
      const title = h("span", { class: "title", part: "result-title" });
      appendHighlighted(title, hit.title || hit.id, hit.titleHighlights);
      li.append(title);
      const meta = [hit.source, hit.date].filter(Boolean).join(" · ");
      if (meta) li.append(h("span", { class: "meta", part: "result-meta" }, meta));
      if (hit.snippet?.text) {
        const sn = h("span", { class: "snippet", part: "snippet" });
        if (hit.snippet.start > 0) sn.append("… ");
        appendHighlighted(sn, hit.snippet.text, hit.snippet.highlights);
        if (!/[.!?"”’)]$/.test(hit.snippet.text)) sn.append(" …");
        li.append(sn);
      }
      list.append(li);
    });
    if (!this.#results.length && this.#query) list.append(h("li", { class: "empty", role: "presentation" }, "No results"));
    input.removeAttribute("aria-activedescendant");
  }

  #open(open) {
    const { list, input } = this.#ui;
    const show = open && (this.#results.length > 0 || !!this.#query);
    list.hidden = !show;
    input.setAttribute("aria-expanded", String(show && this.#results.length > 0));
    if (!show) this.#setActive(-1);
  }

  #setActive(i) {
    const { list, input } = this.#ui;
    this.#active = i;
    for (const opt of list.querySelectorAll("[role=option]")) {
      opt.setAttribute("aria-selected", String(Number(opt.dataset.index) === i));
    }
    if (i >= 0) {
      const opt = list.querySelector(`#opt-${i}`);
      input.setAttribute("aria-activedescendant", `opt-${i}`);
      opt?.scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  }

  #key(e) {
    const n = this.#results.length;
    const open = !this.#ui.list.hidden;
    switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        if (!open) {
          this.#open(true);
          if (!e.altKey && n) this.#setActive(0);
        } else if (n) this.#setActive((this.#active + 1) % n);
        break;
      case "ArrowUp":
        e.preventDefault();
        if (!open) this.#open(true);
        if (n) this.#setActive(this.#active <= 0 ? n - 1 : this.#active - 1);
        break;
      case "Enter":
        if (open && this.#active >= 0) {
          e.preventDefault();
          this.select(this.#active);
        } else if (this.#ui.input.value.trim()) {
          e.preventDefault();
          clearTimeout(this.#timer);
          this.search(this.#ui.input.value);
        }
        break;
      case "Escape":
        if (open) {
          e.preventDefault();
          this.#open(false);
        } else if (this.#ui.input.value) {
          e.preventDefault();
          this.#ui.input.value = "";
          this.search("");
        }
        break;
      case "Tab":
        this.#open(false);
        break;
      default:
        break;
    }
  }

  /** Chooses result `i`: dispatches `lede:select` (cancelable), then goes to its url with `?lede-q=`. */
  select(i) {
    const hit = this.#results[i];
    if (!hit) return;
    const url = safeUrl(hit.url);
    const query = this.#ui.input.value.trim() || this.#query;
    if (url) url.searchParams.set("lede-q", query);
    const ok = emit(this, "lede:select", { id: hit.id, title: hit.title, url: url?.href ?? null, query, result: hit }, true);
    this.#open(false);
    if (ok && url) location.assign(url.href);
  }
}

let sheets = null;
function baseSheet() {
  sheets ??= { base: sheet(BASE_CSS), article: sheet(ARTICLE_CSS), search: sheet(SEARCH_CSS) };
  return sheets.base;
}
function articleSheet() {
  baseSheet();
  return sheets.article;
}
function searchSheet() {
  baseSheet();
  return sheets.search;
}

if (!customElements.get("lede-article")) customElements.define("lede-article", LedeArticle);
if (!customElements.get("lede-search")) customElements.define("lede-search", LedeSearch);
