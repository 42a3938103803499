// Writes www/examples/posts.jsonl, the corpus of the blog example: one JSON
// object per seed article {id, title, text, date, source, url}. The url of
// the AFP seed is the decorated article example (article.html); the others
// open in post.html, which shows a seed by id.
// Usage: node scripts/examples.mjs
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "seeds/manifest.json"), "utf8"));
const lines = manifest.map((m, i) => {
  const text = fs.readFileSync(path.join(ROOT, "seeds", m.file), "utf8");
  const url = i === 0 ? "article.html" : `post.html?id=${encodeURIComponent(m.id)}`;
  return JSON.stringify({ id: m.id, title: m.title, text, date: m.date, source: m.source, url });
});
fs.writeFileSync(path.join(ROOT, "www/examples/posts.jsonl"), lines.join("\n") + "\n");
console.log(`wrote www/examples/posts.jsonl (${lines.length} articles)`);
