// One engine for the page and the embed, in real Chromium:
//  - the index the page builds from the seeds is byte for byte the one
//    `lede index` builds from the same articles (same order, same fields);
//  - a reload with everything stored restores the index and every article's
//    names: the worker calls neither `analyze` nor `corpus.add` (its counters,
//    read with the `counters` request), the list is drawn from the stored
//    metadata before the boot ends, and search still works;
//  - <lede-search> over a prebuilt index loads the search-only wasm: never the
//    extraction wasm nor the NER model, and its results are highlighted.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { setup, openPage, ready, ROOT } from "./harness.mjs";

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "seeds/manifest.json"), "utf8"));
const LEDE = path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, "target"), "release/lede");
const SEED = "000_cbae279371bf3f5a";

const env = setup();

/** Sends one request to the page's worker (the protocol of embed/protocol.js). */
const call = (page, type, args = {}) => page.evaluate(([t, a]) => window.lede.call(t, a), [type, args]);

test("the page's index of the seeds is byte for byte what `lede index` writes", async () => {
  assert.ok(fs.existsSync(LEDE), `${LEDE} is missing: run bash scripts/build.sh`);
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  const bytes = Buffer.from(await page.evaluate(async () => Array.from(await window.lede.call("indexBytes"))));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lede-index-"));
  try {
    const lines = manifest.map((m) => {
      const text = fs.readFileSync(path.join(ROOT, "seeds", m.file), "utf8");
      return JSON.stringify({ id: m.id, title: m.title, text, date: m.date, source: m.source, url: m.url });
    });
    fs.writeFileSync(path.join(dir, "seeds.jsonl"), lines.join("\n") + "\n");
    execFileSync(LEDE, ["index", "--jsonl", path.join(dir, "seeds.jsonl"), "--out", path.join(dir, "seeds.lede")], { stdio: "pipe" });
    const cli = fs.readFileSync(path.join(dir, "seeds.lede"));
    assert.ok(bytes.length > 1000, `${bytes.length} bytes from the page`);
    assert.equal(bytes.length, cli.length, "same length");
    assert.ok(bytes.equals(cli), "same bytes");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("a reload with everything stored recomputes nothing, and search still works", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  let n = await call(page, "counters");
  assert.equal(n.add, manifest.length, "the first boot indexes every seed once");
  assert.equal(n.analyze, 0, "names come from `add`, not from a second analysis");
  // One article of the user's, stored with its names.
  await page.click("#paste summary");
  await page.fill("#paste-title", "Budget talks");
  await page.fill("#paste-text", "Chancellor Gordon Brown met Tony Blair in London on Monday.\n\nBrown will speak in Manchester.");
  await page.click('#paste-form button[type="submit"]');
  await page.waitForFunction(() => /Added 1 article/.test(document.getElementById("add-status").textContent));
  assert.equal((await call(page, "counters")).add, manifest.length + 1);
  const chart = await page.evaluate(() => window.lede.state.stats);

  await page.reload();
  await ready(page);
  // The list came from the stored metadata, before the boot had read the articles.
  const [listed, booted, listedText] = await page.evaluate(() => [
    performance.getEntriesByName("lede:list")[0]?.startTime,
    performance.getEntriesByName("lede:booted")[0]?.startTime,
    document.getElementById("list-status").textContent,
  ]);
  assert.ok(listed < booted, `the stored list is drawn (${listed} ms) before the boot ends (${booted} ms)`);
  assert.match(listedText, /1 yours/);
  n = await call(page, "counters");
  assert.equal(n.add, 0, "no article indexed again");
  assert.equal(n.analyze, 0, "no article analyzed again");
  assert.ok(n.view >= 1, "the article shown was analyzed for its view");
  const again = await page.evaluate(() => window.lede.state.stats);
  assert.equal(again.articles, manifest.length + 1);
  assert.ok(again.top.PER.length > 0, "the chart has its names back");
  assert.deepEqual(again, chart, "the chart is the same from the stored names");

  await page.fill("#q", "shoigu");
  await page.waitForSelector(`#results[data-query="shoigu"] .result[data-id="${SEED}"]`);
  assert.equal(await page.getAttribute("#results .result >> nth=0", "data-id"), SEED);
  const r = await call(page, "search", { query: "blair" });
  assert.ok(r.results.some((h) => h.title === "Budget talks"), r.results.map((h) => h.title).join());
  assert.equal((await call(page, "counters")).add, 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("<lede-search> over a prebuilt index loads the search-only wasm, never the extraction wasm nor the model", async () => {
  const { page, context, errors, requests } = await openPage(env.browser, env.server.url + "examples/blog-index.html");
  await page.waitForFunction(() => customElements.get("lede-search"));
  await page.focus("lede-search");
  await page.keyboard.type("Shoigu");
  await page.waitForFunction(() => document.querySelector("lede-search").shadowRoot.querySelectorAll("[role=option]").length > 0, null, { timeout: 20000 });
  const hits = await page.evaluate(() => [...document.querySelector("lede-search").shadowRoot.querySelectorAll("[role=option] mark")].map((m) => m.textContent.toLowerCase()));
  assert.ok(hits.some((h) => h.startsWith("shoigu")), hits.join());
  assert.ok(requests.some((r) => r.endsWith("/examples/posts.lede")), "the prebuilt index was loaded");
  assert.ok(requests.some((r) => r.endsWith("/embed/pkg-search/lede_bg.wasm")), "the search-only wasm was loaded");
  assert.deepEqual(requests.filter((r) => /\/embed\/pkg\//.test(r)), [], "nothing of the extraction build");
  assert.deepEqual(requests.filter((r) => r.endsWith("ner.bin")), [], "no model");
  assert.deepEqual(errors, []);
  await context.close();
});
