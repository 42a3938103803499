// The reader's own articles: import (a pasted article, dropped or chosen
// .txt / .md / .jsonl files; the worker reads, checks and indexes them, all
// or nothing, with progress and Cancel), delete (one, asked in its row, or
// all) with Undo for a while after, and export of them all as JSONL. Each
// change redraws the list, the chart, the timeline and the sources.
import { call, client } from "../start.js";
import { $, addStatus, button, el, fmt, safeUrl } from "./dom.js";
import { state, up } from "./state.js";
import { openArticle } from "./article.js";
import { q, runSearch } from "./search.js";
import { fillSources, renderChart, renderList, renderTimeline } from "./newsroom.js";

up.askDelete = askDelete; // a call up the module graph (see state.js)

let importing = false;
client.listen((m) => {
  if (m.type !== "progress") return;
  const box = $("import");
  box.hidden = false;
  const p = $("import-progress");
  p.max = Math.max(1, m.total);
  p.value = m.indexing != null ? m.indexing : m.done;
  $("import-count").textContent = m.indexing != null ? `Indexing ${fmt.format(m.indexing)} of ${fmt.format(m.total)}` : `${fmt.format(m.done)} of ${fmt.format(m.total)}`;
});

async function importInputs(inputs) {
  if (importing) {
    addStatus("An import is already running; wait for it or cancel it.", true);
    return;
  }
  importing = true;
  $("import").hidden = false;
  $("import-progress").removeAttribute("value");
  $("import-count").textContent = "Reading…";
  $("import-cancel").disabled = false;
  addStatus("Importing…");
  let r;
  try {
    r = await call("import", { inputs });
  } catch (e) {
    addStatus(`The import failed: ${e.message} Nothing was changed.`, true);
    return;
  } finally {
    importing = false;
    $("import").hidden = true;
  }
  if (r.refused) {
    addStatus(r.refused, true);
    return;
  }
  if (r.cancelled) {
    addStatus(`Import cancelled; none of its ${fmt.format(r.total)} articles were kept.`);
    return;
  }
  const ids = new Set(r.imported.map((d) => d.id));
  state.user = state.user.filter((d) => !ids.has(d.id)).concat(r.imported);
  for (const id of ids) state.texts.delete(id);
  state.stats = r.stats;
  renderList();
  renderChart();
  renderTimeline();
  fillSources();
  let msg = `Added ${fmt.format(r.imported.length)} article${r.imported.length === 1 ? "" : "s"}.`;
  const dups = r.duplicates || [];
  if (dups.length) {
    const which = dups.slice(0, 5).map((d) => `“${d.title}” (same text as “${d.of}”)`);
    msg += ` ${fmt.format(dups.length)} duplicate${dups.length === 1 ? "" : "s"} not added: ${which.join("; ")}${dups.length > 5 ? `; and ${fmt.format(dups.length - 5)} more` : ""}.`;
  }
  if (r.skipped.length) msg += ` Skipped ${r.skipped.length}: ${r.skipped.slice(0, 3).join("; ")}${r.skipped.length > 3 ? "…" : ""}`;
  addStatus(msg, false);
  if (r.imported.length === 1) openArticle(r.imported[0].id, { push: true });
  if (state.search && q.value.trim()) runSearch(false);
}

$("paste-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("paste-text").value;
  if (!text.trim()) {
    addStatus("Paste the article's text first.", true);
    $("paste-text").focus();
    return;
  }
  const url = $("paste-url").value.trim();
  if (url && !safeUrl(url)) {
    addStatus("The original address must start with http:// or https://.", true);
    $("paste-url").focus();
    return;
  }
  // A real date (the date input's yyyy-mm-dd): the article's "Monday" and "last week" resolve against it.
  const date = $("paste-date").value;
  const input = { kind: "paste", title: $("paste-title").value, text, date, source: $("paste-source").value.trim(), url };
  importInputs([input]).then(() => {
    if (!$("add-status").classList.contains("error")) {
      for (const id of ["paste-title", "paste-text", "paste-date", "paste-source", "paste-url"]) $(id).value = "";
    }
  });
});
$("files").addEventListener("change", () => {
  const files = [...$("files").files];
  $("files").value = "";
  if (files.length) importInputs(files.map((file) => ({ kind: "file", file })));
});
const drop = $("drop");
for (const t of ["dragenter", "dragover"])
  drop.addEventListener(t, (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
for (const t of ["dragleave", "drop"]) drop.addEventListener(t, () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  const files = [...(e.dataTransfer?.files || [])];
  if (files.length) importInputs(files.map((file) => ({ kind: "file", file })));
});
$("import-cancel").addEventListener("click", () => {
  $("import-cancel").disabled = true;
  $("import-count").textContent = "Cancelling…";
  call("cancel");
});

/** Deleting asks first, in place: the row becomes "Delete “title”? Delete / Keep". */
function askDelete(li, a) {
  const row = [...li.childNodes];
  const box = el("span", "confirm");
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", `Delete “${a.title}”?`);
  const keep = button("confirm-no", "Keep", () => {
    li.classList.remove("confirming");
    li.replaceChildren(...row);
    li.querySelector(".delete")?.focus();
  });
  const yes = button("confirm-yes", "Delete", () => removeArticles([a.id]));
  yes.setAttribute("aria-label", `Delete “${a.title}”`);
  box.append(el("span", null, "Delete this article?"), yes, keep);
  li.classList.add("confirming");
  li.append(box);
  li.querySelector(".delete")?.remove();
  keep.focus();
}

let undoTimer = 0;
const UNDO_MS = 15000; // how long Undo is offered after a delete
function offerUndo(n) {
  clearTimeout(undoTimer);
  const b = $("undo-button");
  b.textContent = `Undo (bring back ${n === 1 ? "the article" : `${fmt.format(n)} articles`})`;
  $("undo").hidden = false;
  undoTimer = setTimeout(() => ($("undo").hidden = true), UNDO_MS);
}
$("undo-button").addEventListener("click", async () => {
  clearTimeout(undoTimer);
  $("undo").hidden = true;
  let r;
  try {
    r = await call("restore");
  } catch (e) {
    addStatus(`Could not bring them back: ${e.message}`, true);
    return;
  }
  const ids = new Set(r.restored.map((d) => d.id));
  state.user = state.user.filter((d) => !ids.has(d.id)).concat(r.restored).sort((x, y) => (x.added || 0) - (y.added || 0));
  state.stats = r.stats;
  renderList();
  renderChart();
  renderTimeline();
  fillSources();
  addStatus(`Brought back ${fmt.format(r.restored.length)} article${r.restored.length === 1 ? "" : "s"}.`);
  if (state.search && q.value.trim()) runSearch(false, { write: false });
});

async function removeArticles(ids) {
  let r;
  try {
    r = await call("remove", { ids });
  } catch (e) {
    addStatus(`Could not delete: ${e.message}`, true);
    return;
  }
  afterRemove(r);
  if (!$("undo").hidden) $("undo-button").focus(); // the row is gone: focus goes to Undo
}
function afterRemove(r) {
  const gone = new Set(r.removed);
  state.user = state.user.filter((d) => !gone.has(d.id));
  state.stats = r.stats;
  renderList();
  renderChart();
  renderTimeline();
  fillSources();
  addStatus(`Deleted ${r.removed.length} article${r.removed.length === 1 ? "" : "s"}.`);
  if (r.removed.length) offerUndo(r.removed.length);
  if (state.current && gone.has(state.current.doc.id) && state.seeds.length) openArticle(state.seeds[0].id, { push: true });
  if (state.search && q.value.trim()) runSearch(false);
}
$("delete-all").addEventListener("click", () => {
  $("delete-confirm").hidden = false;
  $("delete-no").focus();
});
$("delete-no").addEventListener("click", () => {
  $("delete-confirm").hidden = true;
  $("delete-all").focus();
});
$("delete-yes").addEventListener("click", async () => {
  $("delete-confirm").hidden = true;
  try {
    afterRemove(await call("removeAll"));
  } catch (e) {
    addStatus(`Could not delete: ${e.message}`, true);
  }
  if (!$("undo").hidden) $("undo-button").focus(); // "Delete all" is disabled now
  else $("delete-all").focus();
});
$("export").addEventListener("click", async () => {
  const { jsonl, count } = await call("exportJsonl");
  const url = URL.createObjectURL(new Blob([jsonl], { type: "application/x-ndjson" }));
  const a = el("a");
  a.href = url;
  a.download = "lede-articles.jsonl";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  addStatus(`Exported ${count} article${count === 1 ? "" : "s"}.`);
});
