// The page of one name across the loaded articles (in place of the article):
// its articles over time and as a list, its quotes (the worker analyzes the
// articles that name it), and the names most often in the same articles,
// each a link to its own page.
import { call } from "../start.js";
import { $, button, el, fmt } from "./dom.js";
import { LABELS } from "./labels.js";
import { state, up } from "./state.js";
import { timelineSvg } from "./timeline.js";
import { hideCard } from "./card.js";

/** The page of one name: its articles over time, its quotes, the names it appears with. */
export async function openEntityView(name, label) {
  const root = $("article");
  const seq = ++state.openSeq;
  state.view = "entity";
  hideCard();
  root.replaceChildren(el("p", "status", `Gathering ${name} across the articles…`));
  let r;
  try {
    r = await call("across", { name, label });
  } catch (e) {
    if (seq === state.openSeq) root.replaceChildren(el("p", "status error", `Could not gather ${name}: ${e.message}`));
    return;
  }
  if (seq !== state.openSeq) return;
  const back = state.current?.doc;
  const frag = document.createDocumentFragment();
  const view = el("section", "entity-view");
  view.setAttribute("aria-labelledby", "entity-view-title");
  const h = el("h2", "article-title", name);
  h.id = "entity-view-title";
  view.append(h);
  view.append(el("p", "article-meta", `${LABELS[label]?.[0] || label} · named in ${fmt.format(r.articles.length)} article${r.articles.length === 1 ? "" : "s"}`));
  if (back) view.append(button("linkish back", `← Back to “${back.title}”`, () => up.openArticle(back.id, { focus: true })));

  const t = el("section", "ev-part");
  t.append(el("h3", null, "Over time"));
  t.append(timelineSvg(r.articles.map((a) => a.date).filter(Boolean), { label: `Articles naming ${name} over time` }));
  view.append(t);

  const arts = el("section", "ev-part");
  arts.append(el("h3", null, `Articles (${fmt.format(r.articles.length)})`));
  const ul = el("ul", "ev-articles");
  for (const a of r.articles.slice(0, 200)) {
    const li = el("li");
    const b = button("article-link", null, () => up.openArticle(a.id, { push: true, focus: true }));
    b.append(el("span", "title", a.title), el("span", "meta", [a.source, a.date, `${a.mentions} mention${a.mentions === 1 ? "" : "s"}`].filter(Boolean).join(" · ")));
    li.append(b);
    ul.append(li);
  }
  arts.append(ul);
  view.append(arts);

  const quotes = el("section", "ev-part");
  quotes.id = "ev-quotes-part";
  quotes.append(el("h3", null, "Quotes"));
  const ql = el("ol", "ev-quotes");
  ql.append(el("li", "status", "Reading the articles for quotes…"));
  quotes.append(ql);
  view.append(quotes);

  const withs = el("section", "ev-part");
  withs.append(el("h3", null, "Named with"));
  const wl = el("ul", "chips");
  for (const w of r.mentionedWith) {
    const li = el("li");
    const b = button(`chip m-${w.label}`, `${w.name} ${w.articles}`, () => openEntityView(w.name, w.label));
    b.setAttribute("aria-label", `${w.name} ${w.articles}: in ${w.articles} of these articles. Open its page.`);
    li.append(b);
    wl.append(li);
  }
  if (!r.mentionedWith.length) wl.append(el("li", "status", "No other names in these articles."));
  withs.append(wl);
  view.append(withs);
  frag.append(view);
  root.replaceChildren(frag);
  $("main").focus({ preventScroll: true });
  window.scrollTo({ top: 0 });
  document.dispatchEvent(new CustomEvent("lede:entity-view", { detail: { name, label } }));

  let qs;
  try {
    qs = await call("quotesBy", { name, label });
  } catch (e) {
    ql.replaceChildren(el("li", "status error", `Could not read the quotes: ${e.message}`));
    return;
  }
  if (seq !== state.openSeq) return;
  ql.replaceChildren();
  for (const x of qs.quotes.slice(0, 300)) {
    const li = el("li");
    const b = button("quote", null, () => up.openArticle(x.id, { hits: [{ start: x.start, end: x.end }], push: true, focus: true }));
    b.append(el("span", "said", x.text), el("span", "speaker", [x.title, x.date].filter(Boolean).join(" · ")));
    li.append(b);
    ql.append(li);
  }
  if (!qs.quotes.length) ql.append(el("li", "status", `No direct quotes by ${name} in the loaded articles.`));
  if (qs.articles > qs.read) ql.append(el("li", "status", `Read the ${fmt.format(qs.read)} newest of ${fmt.format(qs.articles)} articles.`));
  quotes.querySelector("h3").textContent = `Quotes (${fmt.format(qs.quotes.length)})`;
  document.dispatchEvent(new CustomEvent("lede:entity-quotes", { detail: { name, count: qs.quotes.length } }));
}
