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
  const files = fs.readdirSync(path.join(ROOT, "www")).filter((f) => /\.m?js$/.test(f));
  assert.ok(files.includes("app.js") && files.includes("worker.js"), files.join());
  for (const f of files) {
    const js = fs.readFileSync(path.join(ROOT, "www", f), "utf8");
    assert.doesNotMatch(js, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/, f);
    assert.doesNotMatch(js, /setAttribute\(\s*["']style["']/, `${f}: no style attributes`);
  }
  const css = fs.readFileSync(path.join(ROOT, "www/style.css"), "utf8");
  assert.match(css, /prefers-color-scheme: dark/);
});
