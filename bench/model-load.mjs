// How long loading the NER model takes in wasm: `loadModel(bytes)` in the
// embed's extraction build (www/embed/pkg, no compiled-in model), then the
// first `analyze` of a seed article, in a fresh Node process per run (a
// model loads once per instance). Prints one line per run and the medians.
// Usage: node bench/model-load.mjs [MODEL] [RUNS]   (after scripts/build.sh;
//   MODEL defaults to models/ner.bin, RUNS to 5; compare two files by
//   running it on each, back to back)
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [model = path.join(ROOT, "models/ner.bin"), runs = "5", child] = process.argv.slice(2);
if (child === "--child") {
  const pkg = path.join(ROOT, "www/embed/pkg");
  const lede = await import(path.join(pkg, "lede.js"));
  lede.initSync({ module: fs.readFileSync(path.join(pkg, "lede_bg.wasm")) });
  const bytes = fs.readFileSync(model);
  const seeds = path.join(ROOT, "seeds");
  const text = fs.readFileSync(path.join(seeds, fs.readdirSync(seeds).filter((f) => f.endsWith(".txt")).sort()[0]), "utf8");
  const t0 = performance.now();
  lede.loadModel(bytes);
  const t1 = performance.now();
  lede.analyze(text);
  const t2 = performance.now();
  console.log(JSON.stringify({ load: t1 - t0, first: t2 - t1 }));
} else {
  const rows = [];
  for (let i = 0; i < Number(runs); i++) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), model, runs, "--child"], { encoding: "utf8" });
    const r = JSON.parse(out.trim().split("\n").pop());
    rows.push(r);
    console.log(`run ${i + 1}: loadModel ${r.load.toFixed(1)} ms, first analyze ${r.first.toFixed(1)} ms`);
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `${path.basename(model)} (${fs.statSync(model).size} bytes): loadModel median ${median(rows.map((r) => r.load)).toFixed(1)} ms, first analyze median ${median(rows.map((r) => r.first)).toFixed(1)} ms`,
  );
}
