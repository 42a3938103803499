// One name across the loaded articles: the articles that name it and the
// names most often beside it (`across`), and its quotes (`quotesBy`: the
// articles it speaks in analyzed again, with the reader's corrections).
import { applyToAnalysis } from "../corrections.js";
import { engine } from "./core.js";
import { corpus, docs, fixes, namesOf } from "./articles.js";
import { bootFinished } from "./boot.js";

const QUOTE_ARTICLES = 40; // articles analyzed at most to list one speaker's quotes

/**
 * One name across the loaded articles: the articles naming it (newest
 * first, with their dates for a timeline) and the names most often in the
 * same articles.
 */
export async function across({ name, label }) {
  await bootFinished;
  const articles = [];
  const with_ = new Map();
  for (const d of docs.values()) {
    const names = namesOf(d);
    const me = names.find((n) => n.name === name && n.label === label);
    if (!me) continue;
    articles.push({ id: d.id, title: d.title, date: d.date || null, source: d.source || null, mentions: me.mentions });
    for (const n of names) {
      if (n === me || n.label === "MISC") continue;
      const k = n.label + "\u0000" + n.name;
      const cur = with_.get(k) || { name: n.name, label: n.label, articles: 0 };
      cur.articles++;
      with_.set(k, cur);
    }
  }
  articles.sort((a, b) => String(b.date || "").localeCompare(String(a.date || "")) || a.title.localeCompare(b.title));
  const mentionedWith = [...with_.values()].sort((a, b) => b.articles - a.articles || a.name.localeCompare(b.name)).slice(0, 12);
  return { name, label, articles, mentionedWith };
}

/**
 * Every quote by `name` across the loaded articles: the articles whose
 * speakers include them are analyzed (at most `QUOTE_ARTICLES`, newest
 * first), with each article's corrections applied.
 */
export async function quotesBy({ name, label }) {
  await bootFinished;
  const picked = [];
  for (const d of docs.values()) {
    const f = corpus?.corpus.get(d.id)?.fields;
    if (f?.speakers?.includes(name) || namesOf(d).some((n) => n.name === name && n.label === label)) picked.push(d);
  }
  picked.sort((a, b) => String(b.date || "").localeCompare(String(a.date || "")));
  const quotes = [];
  for (const d of picked.slice(0, QUOTE_ARTICLES)) {
    let a;
    try {
      a = await engine.analyze(d.text, d.date ? { date: d.date } : undefined, { view: true });
    } catch {
      continue;
    }
    const fx = fixes.get(d.id);
    if (fx?.ops.length) a = applyToAnalysis(a, fx.ops);
    for (const q of a.quotes || []) {
      const who = typeof q.speaker === "number" ? a.entities[q.speaker] : null;
      if (who && who.name === name && who.label === label) quotes.push({ id: d.id, title: d.title, date: d.date || null, text: q.text ?? d.text.slice(q.start, q.end), start: q.start, end: q.end });
    }
  }
  return { name, quotes, articles: picked.length, read: Math.min(picked.length, QUOTE_ARTICLES) };
}
