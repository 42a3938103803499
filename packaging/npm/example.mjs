// node example.mjs ARTICLE.txt [FOLDER [QUERY]]
// Analyzes one article, then indexes every .txt file of FOLDER and searches it.
import fs from "node:fs";
import path from "node:path";
import * as lede from "lede";

const [file, folder, query = "minister"] = process.argv.slice(2);
if (!file) {
  console.error("usage: node example.mjs ARTICLE.txt [FOLDER [QUERY]]");
  process.exit(2);
}
const text = fs.readFileSync(file, "utf8");
const a = lede.analyze(text);
console.log(`lede ${lede.version()}: ${a.sentences.length} sentences, ${a.entities.length} entities`);
for (const e of a.entities.slice(0, 10)) console.log(`  ${e.label.padEnd(8)} ${e.name} ×${e.mentions.length}`);

if (folder) {
  if (typeof lede.Corpus !== "function") {
    console.log("search: this build of lede has no Corpus");
  } else {
    const corpus = new lede.Corpus();
    for (const f of fs.readdirSync(folder).filter((f) => f.endsWith(".txt")).sort()) {
      const body = fs.readFileSync(path.join(folder, f), "utf8");
      corpus.add({ id: f, title: body.split("\n")[0].slice(0, 80), text: body });
    }
    const r = corpus.search(query, { limit: 5 });
    console.log(`search “${query}”: ${r.total} of ${corpus.size} articles`);
    for (const hit of r.results) console.log(`  ${hit.id}  ${hit.snippet.text.slice(0, 90)}`);
  }
}
