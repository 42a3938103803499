// Lede page: loads the wasm core, the seed manifest and articles, and shows
// the selected article with its analysis. Article text only ever reaches the
// DOM through textContent and created nodes, never as markup.
import init, { analyze } from "./pkg/lede.js";

const $ = (id) => document.getElementById(id);

/** Creates an element with optional class and text content. */
function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text != null) node.textContent = text;
  return node;
}

/** Only http(s) links are ever put into an href. */
function safeUrl(url) {
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

const state = { articles: [], current: null };

async function loadManifest() {
  const res = await fetch("seeds/manifest.json");
  if (!res.ok) throw new Error(`could not load the article list (${res.status})`);
  return res.json();
}

async function loadText(entry) {
  if (entry.text != null) return entry.text;
  const res = await fetch(`seeds/${encodeURIComponent(entry.file)}`);
  if (!res.ok) throw new Error(`could not load “${entry.title}” (${res.status})`);
  entry.text = await res.text();
  return entry.text;
}

function renderList() {
  const list = $("article-list");
  list.replaceChildren();
  for (const a of state.articles) {
    const li = el("li");
    const btn = el("button", "article-link");
    btn.type = "button";
    btn.dataset.id = a.id;
    btn.append(el("span", "title", a.title));
    const meta = [a.source, a.date].filter(Boolean).join(" · ");
    btn.append(el("span", "meta", meta));
    if (state.current === a.id) btn.setAttribute("aria-current", "true");
    btn.addEventListener("click", () => openArticle(a.id));
    li.append(btn);
    list.append(li);
  }
  $("list-status").textContent = `${state.articles.length} articles`;
}

async function openArticle(id) {
  const entry = state.articles.find((a) => a.id === id);
  if (!entry) return;
  state.current = id;
  renderList();
  const root = $("article");
  root.replaceChildren(el("p", "status", "Analyzing…"));
  let text;
  try {
    text = await loadText(entry);
  } catch (e) {
    root.replaceChildren(el("p", "status error", e.message));
    return;
  }
  let analysis;
  try {
    analysis = analyze(text, entry.date ? { date: entry.date } : undefined);
  } catch (e) {
    root.replaceChildren(el("p", "status error", `This article could not be analyzed: ${e.message}`));
    return;
  }
  const frag = document.createDocumentFragment();
  frag.append(el("h2", "article-title", entry.title));
  const meta = el("p", "article-meta");
  meta.append([entry.source, entry.date].filter(Boolean).join(" · "));
  const href = entry.url && safeUrl(entry.url);
  if (href) {
    meta.append(" · ");
    const a = el("a", null, "original");
    a.href = href;
    a.rel = "noopener noreferrer";
    meta.append(a);
  }
  if (entry.licence) meta.append(` · ${entry.licence}`);
  frag.append(meta);
  const counts = el("dl", "counts");
  for (const [k, v] of [
    ["paragraphs", analysis.paragraphs.length],
    ["sentences", analysis.sentences.length],
    ["tokens", analysis.tokens.length],
  ]) {
    const d = el("div");
    d.append(el("dt", null, k), el("dd", null, String(v)));
    counts.append(d);
  }
  frag.append(counts);
  const body = el("div", "article-body");
  for (const p of analysis.paragraphs) body.append(el("p", null, text.slice(p.start, p.end)));
  frag.append(body);
  if (entry.attribution) frag.append(el("p", "attribution", entry.attribution));
  root.replaceChildren(frag);
}

async function main() {
  try {
    await init();
  } catch (e) {
    $("article-status").textContent = `The analyzer could not start: ${e.message}`;
    return;
  }
  try {
    state.articles = await loadManifest();
  } catch (e) {
    $("list-status").textContent = e.message;
    return;
  }
  renderList();
  if (state.articles.length) await openArticle(state.articles[0].id);
}

main();
