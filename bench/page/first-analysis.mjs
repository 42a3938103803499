// What the page's worker pays for the first article in Node's wasm (the same
// V8 as Chromium): the page's build (www/pkg, model compiled in),
// `prepareModel()` (decoding the model), then the first `analyze` of the
// first seed for its names (entities and values, as the page's `first`
// request asks) and a second one of the same text, in a fresh process per run
// (a model decodes once per instance, code compiles once per module).
// Each run is made twice over, alternating: as V8 runs it by default (wasm
// functions compiled lazily, on their first call) and with
// `--no-wasm-lazy-compilation` (every function compiled with the module), to
// show how much of the first analysis is compiling its code.
// (The compile is the page's, off the worker's thread: start.js compiles the
// module while the worker loads and posts it to the worker.)
// Usage: node bench/page/first-analysis.mjs [RUNS]   (after scripts/build.sh; RUNS defaults to 5)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const [runs = "5", child] = process.argv.slice(2);
if (child === "--child") {
  const pkg = path.join(ROOT, "www/pkg");
  const lede = await import(path.join(pkg, "lede.js"));
  const bytes = fs.readFileSync(path.join(pkg, "lede_bg.wasm"));
  const c0 = performance.now();
  const module = new WebAssembly.Module(bytes);
  const compile = performance.now() - c0;
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "seeds/manifest.json"), "utf8"));
  const text = fs.readFileSync(path.join(ROOT, "seeds", manifest[0].file), "utf8");
  const options = { quotes: false, keyphrases: 0, summary: 0 };
  const t0 = performance.now();
  lede.initSync({ module });
  const t1 = performance.now();
  lede.prepareModel();
  const t2 = performance.now();
  const a = lede.analyze(text, options);
  const t3 = performance.now();
  const b = lede.analyze(text, options);
  const t4 = performance.now();
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error("two analyses of one text differ");
  console.log(JSON.stringify({ compile, init: t1 - t0, model: t2 - t1, first: t3 - t2, second: t4 - t3 }));
} else {
  const modes = [
    ["lazy (V8's default)", []],
    ["eager (--no-wasm-lazy-compilation)", ["--no-wasm-lazy-compilation"]],
  ];
  const rows = new Map(modes.map(([name]) => [name, []]));
  for (let i = 0; i < Number(runs); i++) {
    for (const [name, flags] of modes) {
      const out = execFileSync(process.execPath, ["--no-warnings", ...flags, fileURLToPath(import.meta.url), runs, "--child"], { encoding: "utf8" });
      rows.get(name).push(JSON.parse(out.trim().split("\n").pop()));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [name, rs] of rows) {
    const m = (k) => median(rs.map((r) => r[k])).toFixed(0);
    console.log(`${name}: compile ${m("compile")} ms, instantiate ${m("init")} ms, prepareModel ${m("model")} ms, first analyze ${m("first")} ms, second ${m("second")} ms (medians of ${rs.length})`);
  }
  console.log(`${os.cpus().length} × ${os.cpus()[0].model}, load ${os.loadavg()[0].toFixed(1)}, node ${process.version}`);
}
