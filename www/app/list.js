// The article list (the left column): the built-in seeds and the reader's
// articles, narrowed by the chart's "articles mentioning X" filter and the
// timeline's month or year, the first `state.listLimit` shown ("Show more"
// adds 200). A row opens its article; the reader's own rows have a Delete
// button (library.js asks first).
import { $, button, el, fmt } from "./dom.js";
import { allArticles, state, up } from "./state.js";

export function renderList() {
  const list = $("article-list");
  list.replaceChildren();
  let items = allArticles();
  if (state.filter) items = items.filter((a) => state.filter.ids.has(a.id));
  if (state.when) items = items.filter((a) => String(a.date || "").startsWith(state.when.key));
  const shown = items.slice(0, state.listLimit);
  for (const a of shown) {
    const li = el("li");
    const btn = button("article-link", null, () => up.openArticle(a.id, { push: true }));
    btn.dataset.id = a.id;
    btn.append(el("span", "title", a.title));
    btn.append(el("span", "meta", [a.source, a.date].filter(Boolean).join(" · ") || "Your article"));
    if (state.current?.doc.id === a.id) btn.setAttribute("aria-current", "true");
    li.append(btn);
    if (a.user) {
      li.className = "user";
      const del = button("delete", "Delete", () => up.askDelete(li, a));
      del.setAttribute("aria-label", `Delete “${a.title}”`);
      li.append(del);
    }
    list.append(li);
  }
  $("list-more").hidden = items.length <= shown.length;
  $("list-more").textContent = `Show more (${fmt.format(items.length - shown.length)} more)`;
  const n = allArticles().length;
  const u = state.user.length;
  $("list-status").textContent = `${fmt.format(n)} articles` + (u ? ` · ${fmt.format(u)} yours` : "");
  $("export").disabled = !u;
  $("delete-all").disabled = !u;
  $("filter-note").hidden = !state.filter;
  if (state.filter) $("filter-text").textContent = `Articles mentioning ${state.filter.name} (${state.filter.ids.size})`;
  $("when-note").hidden = !state.when;
  if (state.when) $("when-text").textContent = `Articles from ${state.when.label} (${fmt.format(items.length)})`;
}

$("filter-clear").addEventListener("click", () => {
  state.filter = null;
  renderList();
});
$("list-more").addEventListener("click", () => {
  state.listLimit += 200;
  renderList();
});
