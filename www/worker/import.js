// An import: its inputs parsed and checked (all or nothing), then indexed
// with progress, duplicates and Cancel. Two sections below.
import { corpus, docs, hash, index, meta, stats } from "./articles.js";
import { saveIndex, storePut } from "./storage.js";
import { bootFinished } from "./boot.js";

// ---------------------------------------------------------------- parsing

// Import parsing: a pasted article, or .txt / .md / .jsonl files, read as
// UTF-8 text (binary and other encodings refused), checked and turned into
// articles `{id, title, text, date?, source?, url?}`, every input before
// anything is stored (all or nothing: a bad line refuses the whole import,
// with a reason the page shows). A pasted article with no title gets its
// first sentence (`titleFrom`). Nothing here touches the engine or storage.

const enc = new TextDecoder("utf-8", { fatal: true });

function looksBinary(s) {
  // NUL or many C0 controls other than tab/newline: not text.
  let bad = 0;
  const n = Math.min(s.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) bad++;
  }
  return bad > n / 100 + 2;
}

class Refused extends Error {}

async function readText(file) {
  const buf = await file.arrayBuffer();
  let s;
  try {
    s = enc.decode(buf);
  } catch {
    throw new Refused(`“${file.name}” is not UTF-8 text, so it was not imported.`);
  }
  if (looksBinary(s)) throw new Refused(`“${file.name}” looks like a binary file, not text, so it was not imported.`);
  return s.replace(/^\uFEFF/, "");
}

function checkDoc(o, where) {
  if (o === null || typeof o !== "object" || Array.isArray(o)) throw new Refused(`${where} is not an article object.`);
  for (const k of ["id", "title", "text"]) {
    if (typeof o[k] !== "string" || !o[k].trim()) throw new Refused(`${where} has no “${k}” text.`);
  }
  for (const k of ["date", "source", "url"]) {
    if (o[k] != null && typeof o[k] !== "string") throw new Refused(`${where}: “${k}” must be text.`);
  }
  const doc = { id: o.id.trim(), title: o.title.trim(), text: o.text };
  if (o.date) doc.date = o.date;
  if (o.source) doc.source = o.source;
  if (o.url) doc.url = o.url;
  return doc;
}

function parseJsonl(name, s) {
  const out = [];
  const lines = s.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let o;
    try {
      o = JSON.parse(line);
    } catch {
      throw new Refused(`“${name}” is not a Lede corpus: line ${i + 1} is not JSON. Nothing was imported.`);
    }
    out.push(checkDoc(o, `“${name}” line ${i + 1}`));
  }
  if (!out.length) throw new Refused(`“${name}” has no articles in it.`);
  return out;
}

function parsePlain(name, s) {
  const lines = s.split(/\r?\n/);
  let i = 0;
  while (i < lines.length && !lines[i].trim()) i++;
  if (i >= lines.length) throw new Refused(`“${name}” is empty.`);
  let title = lines[i].trim().replace(/^#+\s*/, "");
  let body = lines.slice(i + 1).join("\n").trim();
  if (!body) {
    body = title;
    title = name.replace(/\.(txt|md|markdown)$/i, "");
  }
  return [{ id: `file-${hash(name + "\u0000" + s)}`, title, text: body, source: name }];
}

const QUOTES = /^[\s"'“”‘’«»„‚‹›`]+|[\s"'“”‘’«»„‚‹›`]+$/gu;
const TITLE_MAX = 80;

/**
 * A title for a pasted article that has none: its first sentence, without
 * surrounding quote marks, cut at a word boundary with an ellipsis when long.
 */
function titleFrom(text) {
  const first = text.trim().split(/\n/)[0].trim();
  // The first sentence end that is not an abbreviation's full stop ("Mr.", "U.S.", "J.").
  let end = first.length;
  for (const m of first.matchAll(/[.!?](?=["'”’»]?(\s|$))/gu)) {
    const word = first.slice(0, m.index).split(/\s/).pop();
    if (m[0] === "." && /^(Mr|Mrs|Ms|Dr|St|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Jr|Sr|No|Mt|[A-Z]|([A-Z]\.)+[A-Z])$/.test(word)) continue;
    end = m.index + 1;
    break;
  }
  let t = first.slice(0, end).replace(/[.]$/, "").replace(QUOTES, "");
  // An opening quote with no closing one (or the reverse) is stray: drop unpaired marks.
  for (const [open, close] of [["“", "”"], ["‘", "’"], ["«", "»"]]) {
    const o = t.split(open).length - 1;
    const c = t.split(close).length - 1;
    if (o !== c) t = t.split(open).join("").split(close).join("");
  }
  if ((t.split('"').length - 1) % 2) t = t.split('"').join("");
  t = t.replace(/\s+/g, " ").trim();
  if (t.length <= TITLE_MAX) return t || "Untitled";
  const cut = t.slice(0, TITLE_MAX + 1);
  const space = cut.lastIndexOf(" ");
  const head = (space > 20 ? cut.slice(0, space) : t.slice(0, TITLE_MAX)).replace(/[\s,;:–—-]+$/u, "").replace(QUOTES, "");
  return head + "…";
}

/** Reads and checks every input before anything is stored: all or nothing. */
async function parseInputs(inputs) {
  const out = [];
  for (const inp of inputs) {
    if (inp.kind === "paste") {
      const text = String(inp.text || "");
      const title = String(inp.title || "").trim();
      if (!text.trim()) throw new Refused("The article has no text.");
      if (looksBinary(text)) throw new Refused("That text contains binary data.");
      const doc = { id: `paste-${hash(title + "\u0000" + text)}`, title: title || titleFrom(text), text, source: String(inp.source || "").trim() || "Pasted" };
      const date = String(inp.date || "").trim();
      if (date) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new Refused(`“${date}” is not a date (use the date field: year, month, day).`);
        doc.date = date;
      }
      const url = String(inp.url || "").trim();
      if (url) {
        let ok = false;
        try {
          ok = ["http:", "https:"].includes(new URL(url).protocol);
        } catch {
          ok = false;
        }
        if (!ok) throw new Refused(`“${url}” is not a web address (http:// or https://).`);
        doc.url = url;
      }
      out.push(doc);
      continue;
    }
    const file = inp.file;
    const name = file.name || "file";
    const ext = (name.match(/\.([a-z0-9]+)$/i) || [, ""])[1].toLowerCase();
    if (!["txt", "md", "markdown", "jsonl", "ndjson"].includes(ext)) {
      throw new Refused(`“${name}” is not a .txt, .md or .jsonl file, so nothing was imported.`);
    }
    const s = await readText(file);
    if (ext === "jsonl" || ext === "ndjson") out.push(...parseJsonl(name, s));
    else out.push(...parsePlain(name, s));
  }
  return out;
}

/** What makes two articles' texts the same: their words, whatever the spacing. */
function textKey(text) {
  return String(text).replace(/\s+/g, " ").trim();
}

// ---------------------------------------------------------------- the import

// The import itself: the parsed articles (above) indexed one by one,
// yielding every `CHUNK_MS` so that searches get in and the page sees
// progress; an article with the text of one already here is a duplicate, not
// added twice; Cancel, or a failed save, puts every article back as it was.
// One import at a time (`importJob`).

const CHUNK_MS = 12; // work between yields during an import, so searches get in

export let importJob = null; // {cancelled}

export const yieldNow = () => new Promise((r) => setTimeout(r, 0));

export async function runImport(inputs, post) {
  if (importJob) throw new Error("An import is already running.");
  const job = { cancelled: false };
  importJob = job;
  try {
    let list;
    try {
      list = await parseInputs(inputs);
    } catch (e) {
      if (e instanceof Refused) return { refused: e.message };
      throw e;
    }
    await bootFinished;
    const total = list.length;
    const added = [];
    const skipped = [];
    // Same text (ignoring spacing) as an article already here or earlier in this import: not added twice.
    const duplicates = [];
    const byText = new Map();
    for (const d of docs.values()) byText.set(textKey(d.text), d);
    // What each id was before, so Cancel (or a failed save) can undo the import.
    const previous = new Map();
    const undo = () => {
      for (const [id, old] of previous) {
        if (old) {
          docs.set(id, old);
          corpus.add(old);
        } else {
          docs.delete(id);
          corpus.remove(id);
        }
      }
    };
    post({ type: "progress", done: 0, total });
    let t = performance.now();
    for (let i = 0; i < total; i++) {
      if (job.cancelled) {
        undo();
        return { cancelled: true, total };
      }
      const doc = { ...list[i], user: true, added: Date.now() };
      const old = docs.get(doc.id);
      if (old && !old.user) {
        skipped.push(`${doc.title}: its id “${doc.id}” is a built-in article's`);
        continue;
      }
      const key = textKey(doc.text);
      const same = byText.get(key);
      if (same) {
        duplicates.push({ title: doc.title, id: doc.id, of: same.title, ofId: same.id });
        continue;
      }
      byText.set(key, doc);
      if (!previous.has(doc.id)) previous.set(doc.id, old || null);
      try {
        index(doc);
      } catch (e) {
        skipped.push(`${doc.title}: ${e.message}`);
        continue;
      }
      docs.set(doc.id, doc);
      added.push(doc);
      if (performance.now() - t > CHUNK_MS) {
        post({ type: "progress", done: i + 1, total });
        await yieldNow();
        t = performance.now();
      }
    }
    if (job.cancelled) {
      undo();
      return { cancelled: true, total };
    }
    try {
      await storePut("articles", added);
      await saveIndex();
    } catch (e) {
      undo();
      throw new Error(`The articles could not be saved in this browser (${e.message || e}).`);
    }
    post({ type: "progress", done: total, total });
    return { imported: added.map(meta), skipped, duplicates, stats: stats() };
  } finally {
    importJob = null;
  }
}
