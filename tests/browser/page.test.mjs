// The served page in real Chromium: the seed article shows, no console errors,
// no requests to other origins; a screenshot goes to test-output/browser/.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { setup, openPage, ROOT, OUT } from "./harness.mjs";

const seed = fs.readFileSync(path.join(ROOT, "seeds/000_cbae279371bf3f5a.txt"), "utf8");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "seeds/manifest.json"), "utf8"));

const env = setup();

test("the page shows the seed article's title and text", async () => {
  const { page, errors, foreign, context } = await openPage(env.browser, env.server.url);
  await page.waitForSelector(".article-body p");
  const title = await page.textContent(".article-title");
  assert.equal(title, manifest[0].title);
  const paras = await page.$$eval(".article-body p", (ps) => ps.map((p) => p.textContent));
  const expected = seed.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  assert.deepEqual(paras, expected);
  assert.match(await page.textContent(".counts"), /12\s*sentences|sentences\s*12/);
  await page.screenshot({ path: path.join(OUT, "page.png"), fullPage: true });
  assert.deepEqual(errors, [], "console errors");
  assert.deepEqual(foreign(), [], "requests to other origins");
  await context.close();
});

test("every seed article is listed and opens", async () => {
  const { page, errors, context } = await openPage(env.browser, env.server.url);
  await page.waitForSelector(".article-body p");
  const items = await page.$$eval(".article-link .title", (ts) => ts.map((t) => t.textContent));
  assert.equal(items.length, manifest.length);
  assert.equal(items.length, 25);
  const last = manifest[manifest.length - 1];
  await page.click(`.article-link[data-id="${last.id}"]`);
  await page.waitForFunction((t) => document.querySelector(".article-title")?.textContent === t, last.title);
  assert.match(await page.textContent(".attribution"), /CC BY 2\.5/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the page sets a strict Content-Security-Policy", async () => {
  const html = fs.readFileSync(path.join(ROOT, "www/index.html"), "utf8");
  assert.match(html, /default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/);
  assert.doesNotMatch(html, /<script>(?!<)/, "no inline script");
  assert.doesNotMatch(html, /style=/, "no inline style");
  // the page's own modules: www/*.js and the folders of app.js's and worker.js's modules
  const files = ["", "app/", "worker/"].flatMap((dir) =>
    fs.readdirSync(path.join(ROOT, "www", dir)).filter((f) => /\.m?js$/.test(f)).map((f) => dir + f),
  );
  for (const f of ["app.js", "worker.js", "app/article.js", "worker/boot.js"]) assert.ok(files.includes(f), files.join());
  for (const f of files) {
    const js = fs.readFileSync(path.join(ROOT, "www", f), "utf8");
    assert.doesNotMatch(js, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/, f);
    assert.doesNotMatch(js, /setAttribute\(\s*["']style["']/, `${f}: no style attributes`);
  }
  const css = fs.readFileSync(path.join(ROOT, "www/style.css"), "utf8");
  assert.match(css, /prefers-color-scheme: dark/);
});

/**
 * The static imports of the page's module `file` (a path under www/) and of
 * every module they import, as www/ paths: `file -> [imported files]`.
 */
function moduleGraph(file, graph = new Map()) {
  if (graph.has(file)) return graph;
  const src = fs.readFileSync(path.join(ROOT, "www", file), "utf8");
  const deps = [...src.matchAll(/^import\s+(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm)].map(([, spec]) =>
    path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)),
  );
  graph.set(file, deps);
  for (const d of deps) moduleGraph(d, graph);
  return graph;
}

/** The first circle of imports found in `graph`, as a list of files, or null. */
function circle(graph) {
  const state = new Map(); // file -> "open" while its imports are walked, "done" after
  const walk = (f, trail) => {
    if (state.get(f) === "done") return null;
    if (state.get(f) === "open") return [...trail.slice(trail.indexOf(f)), f];
    state.set(f, "open");
    for (const d of graph.get(f) || []) {
      const c = walk(d, [...trail, f]);
      if (c) return c;
    }
    state.set(f, "done");
    return null;
  };
  for (const f of graph.keys()) {
    const c = walk(f, []);
    if (c) return c;
  }
  return null;
}

test("the page's modules import each other without a circle, and arrive in one wave", () => {
  const html = fs.readFileSync(path.join(ROOT, "www/index.html"), "utf8");
  const preloaded = new Set([...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map(([, href]) => href));
  const page = moduleGraph("app.js", moduleGraph("start.js"));
  for (const f of ["app/article.js", "app/library.js", "embed/protocol.js", "export.js"]) assert.ok(page.has(f), [...page.keys()].join());
  assert.equal(circle(page), null, "a circle of imports in the page's modules");
  // every module of the page but start.js (a script of its own) is preloaded with the HTML,
  // so none waits for the module that imports it to arrive first
  const missing = [...page.keys()].filter((f) => f !== "start.js" && !preloaded.has(f));
  assert.deepEqual(missing, [], "modules of the page that index.html does not preload");
  // the worker imports every module of its graph itself, for the same reason
  const worker = moduleGraph("worker.js");
  assert.equal(circle(worker), null, "a circle of imports in the worker's modules");
  const direct = new Set(worker.get("worker.js"));
  const deeper = [...worker.keys()].filter((f) => f !== "worker.js" && !direct.has(f));
  assert.deepEqual(deeper, [], "modules of the worker that worker.js does not import itself");
  for (const f of ["worker/core.js", "worker/boot.js", "worker/import.js", "embed/engine.js", "pkg/lede.js"]) assert.ok(worker.has(f), f);
});
