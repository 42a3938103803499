// The npm package: `scripts/package.sh --reuse` packs the wasm built by
// scripts/build.sh with the embed components; the tarball is installed into a
// scratch folder (a local file, no registry) and used from Node (the example
// program, `import { analyze } from "lede"`) and from the browser (index.js
// and embed.js out of node_modules).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { serve, launch, openPage, ROOT } from "./harness.mjs";

const VERSION = /^version = "([^"]+)"/m.exec(fs.readFileSync(path.join(ROOT, "Cargo.toml"), "utf8"))[1];
const HAS_CORPUS = /js_name = Corpus/.test(fs.readFileSync(path.join(ROOT, "src/wasm/corpus.rs"), "utf8"));
let scratch, tgz, installed;

before(() => {
  const out = execFileSync("bash", [path.join(ROOT, "scripts/package.sh"), "--reuse"], { encoding: "utf8" });
  tgz = out.trim().split("\n").pop();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lede-pkg-"));
  fs.writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", tgz], { cwd: scratch, stdio: "pipe" });
  installed = path.join(scratch, "node_modules/lede");
});
after(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

test("npm pack: the tarball has the wasm, the components, types, a version, a licence and a README", () => {
  assert.equal(path.basename(tgz), `lede-${VERSION}.tgz`);
  const pkg = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
  assert.equal(pkg.name, "lede");
  assert.equal(pkg.version, VERSION);
  assert.equal(pkg.license, "MIT OR Apache-2.0");
  assert.deepEqual(Object.keys(pkg.exports["."]), ["types", "node", "browser", "import", "default"]);
  for (const f of ["pkg/lede.js", "pkg/lede_bg.wasm", "pkg/ner.bin", "pkg/lede.d.ts", "index.js", "index.d.ts", "node.js", "embed.js", "embed.d.ts", "engine.js", "protocol.js", "worker.js", "pkg-search/lede.js", "pkg-search/lede_bg.wasm", "README.md", "LICENSE", "example.mjs"]) {
    assert.ok(fs.existsSync(path.join(installed, f)), f);
  }
  const readme = fs.readFileSync(path.join(installed, "README.md"), "utf8");
  assert.match(readme, /## Embedding/);
  assert.doesNotMatch(readme, /www\/|scripts\/|serve\.sh/, "the npm README names only what the package holds");
  assert.match(readme, /<lede-article/);
  assert.match(readme, /import \{ analyze/);
  const dts = fs.readFileSync(path.join(installed, "pkg/lede.d.ts"), "utf8");
  assert.match(dts, /export function analyze\(text: string, options\?: AnalyzeOptions\): Analysis/);
  assert.doesNotMatch(dts, /Symbol\.dispose/, "the shipped types need no lib esnext");
  assert.match(dts, /export interface Entity/);
  if (HAS_CORPUS) assert.match(dts, /export class Corpus/);
  assert.match(fs.readFileSync(path.join(installed, "embed.d.ts"), "utf8"), /"lede-article": LedeArticle/);
});

test("Node: `node example.mjs` analyzes a file (and searches a folder when the build has Corpus)", () => {
  fs.copyFileSync(path.join(installed, "example.mjs"), path.join(scratch, "example.mjs"));
  const out = execFileSync("node", ["example.mjs", path.join(ROOT, "seeds/000_cbae279371bf3f5a.txt"), path.join(ROOT, "seeds"), "Shoigu"], {
    cwd: scratch,
    encoding: "utf8",
  });
  assert.match(out, new RegExp(`^lede ${VERSION.replace(/\./g, "\\.")}: 12 sentences, \\d+ entities`));
  assert.match(out, /PER\s+Kim Jong Un ×7/);
  assert.match(out, /LOC\s+Pyongyang ×6/);
  if (HAS_CORPUS) assert.match(out, /search “Shoigu”: [1-9]\d* of 25 articles\n\s+000_cbae279371bf3f5a\.txt/);
  else assert.match(out, /search: this build of lede has no Corpus/);
});

test("Node: named imports from \"lede\" resolve to the node entry", () => {
  const prog = `import { analyze, version, init } from "lede";
const a = analyze("Russian Defense Minister Sergei Shoigu met Kim Jong Un in Pyongyang.");
console.log(JSON.stringify({ v: version(), init: typeof init, names: a.entities.map((e) => e.name) }));`;
  fs.writeFileSync(path.join(scratch, "named.mjs"), prog);
  const r = JSON.parse(execFileSync("node", ["named.mjs"], { cwd: scratch, encoding: "utf8" }));
  assert.equal(r.v, VERSION);
  assert.equal(r.init, "function");
  assert.ok(r.names.includes("Sergei Shoigu") && r.names.includes("Kim Jong Un") && r.names.includes("Pyongyang"), r.names.join(","));
});

test("browser: index.js (top-level await init) and embed.js work straight out of node_modules", async () => {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>pkg</title><link rel="icon" href="data:,">
<script type="module" src="/node_modules/lede/embed.js"></script>
<script type="module" src="/app.js"></script></head>
<body><main><lede-article><p>Sergei Shoigu visited Pyongyang.</p></lede-article></main></body></html>`;
  const app = `import { analyze } from "/node_modules/lede/index.js";
window.__names = analyze("Kim Jong Un met Sergei Shoigu.").entities.map((e) => e.name);`;
  const server = await serve(scratch, { "/index.html": ["text/html; charset=utf-8", page], "/app.js": ["text/javascript", app] });
  const browser = await launch();
  try {
    const { page: p, errors, context } = await openPage(browser, server.url + "index.html");
    await p.waitForFunction(() => window.__names && document.querySelectorAll("mark[data-lede-label]").length >= 2, null, { timeout: 30000 });
    assert.deepEqual(await p.evaluate(() => window.__names), ["Kim Jong Un", "Sergei Shoigu"]);
    assert.deepEqual(await p.$$eval("mark[data-lede-label]", (ms) => ms.map((m) => m.textContent)), ["Sergei Shoigu", "Pyongyang"]);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
});
