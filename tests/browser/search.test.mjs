// Search over every loaded article, once the search engine (Corpus) is in the
// build: results as you type with highlighted snippets, typo tolerance, facet
// chips, opening a result at its hits, and the URL (shareable, back/forward).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, openPage, ready } from "./harness.mjs";

let server, browser, hasSearch;

before(async () => {
  server = await serve();
  browser = await launch();
  const { page, context } = await openPage(browser, server.url);
  await ready(page);
  hasSearch = await page.evaluate(() => window.lede.state.search);
  await context.close();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const SEED = "000_cbae279371bf3f5a";

test("without the search engine there is no search box (nothing is faked)", async (t) => {
  if (hasSearch) return t.skip("the search engine is present");
  const { page, context } = await openPage(browser, server.url);
  await ready(page);
  assert.equal(await page.$eval("#search", (s) => s.hidden), true);
  assert.equal(await page.evaluate(() => typeof window.lede.state.search), "boolean");
  await context.close();
});

test("typing shoigu finds the seed with a highlighted snippet; a typo still finds it", async (t) => {
  if (!hasSearch) return t.skip("the search engine (Corpus) is not in this build yet");
  const { page, context, errors } = await openPage(browser, server.url);
  await ready(page);
  await page.fill("#q", "shoigu");
  await page.waitForSelector(`#results[data-query="shoigu"] .result[data-id="${SEED}"]`);
  const first = await page.getAttribute("#results .result >> nth=0", "data-id");
  assert.equal(first, SEED);
  const hl = await page.$$eval(`#results .result[data-id="${SEED}"] mark.hl`, (m) => m.map((x) => x.textContent.toLowerCase()));
  assert.ok(hl.some((h) => h.includes("shoigu")), hl.join());
  assert.match(page.url(), /q=shoigu/);
  await page.fill("#q", "shoigo");
  await page.waitForSelector(`#results[data-query="shoigo"] .result[data-id="${SEED}"]`);
  assert.match(page.url(), /q=shoigo/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("facet chips filter; a result opens at its hits; back and forward restore", async (t) => {
  if (!hasSearch) return t.skip("the search engine (Corpus) is not in this build yet");
  const { page, context, errors } = await openPage(browser, server.url);
  await ready(page);
  await page.fill("#q", "korea");
  await page.waitForSelector('#results[data-query="korea"] .result');
  const before = await page.$$eval("#results .result", (r) => r.length);
  const chip = page.locator("#facets .chip").first();
  if ((await page.$$("#facets .chip")).length) {
    const name = (await chip.textContent()).replace(/ \d+$/, "");
    await chip.click();
    await page.waitForSelector("#facets .chip.on");
    await page.waitForFunction((n) => /result/.test(document.getElementById("search-status").textContent) && document.querySelector("#facets .chip.on").textContent.startsWith(n), name);
    const after = await page.$$eval("#results .result", (r) => r.length);
    assert.ok(after >= 1 && after <= before, `${after} of ${before}`);
    // Every result left has the chosen name among its entities.
    const ids = await page.$$eval("#results .result", (r) => r.map((x) => x.dataset.id));
    await page.click("#facets .chip.on");
    await page.waitForFunction(() => !document.querySelector("#facets .chip.on"));
    for (const id of ids) {
      await page.click(`.article-link[data-id="${id}"]`);
      await page.waitForFunction((i) => window.lede.state.current.doc.id === i, id);
      const names = await page.evaluate(() => window.lede.state.current.analysis.entities.flatMap((e) => [e.name, ...e.aliases]));
      assert.ok(names.includes(name), `${id} mentions ${name}`);
    }
  }
  await page.fill("#q", "shoigu");
  await page.waitForSelector(`#results[data-query="shoigu"] .result[data-id="${SEED}"]`);
  await page.click(`#results .result[data-id="${SEED}"]`);
  await page.waitForFunction(() => window.lede.state.nav?.kind === "hits");
  const hits = await page.evaluate(() => window.lede.state.nav.ranges.map(([s, e]) => window.lede.state.current.text.slice(s, e)));
  assert.ok(hits.length >= 7 && hits.every((h) => /shoigu/i.test(h)), hits.join());
  assert.equal(await page.evaluate(() => CSS.highlights.get("hit").size), hits.length);
  await page.click("#stepper .next");
  assert.match(await page.textContent("#stepper-what"), new RegExp(`2 of ${hits.length}`));
  assert.match(page.url(), new RegExp(`a=${SEED}.*q=shoigu|q=shoigu.*a=${SEED}`));
  // Shareable: a fresh page at this URL opens the article with its hits.
  const url = page.url();
  const other = await openPage(browser, url);
  await ready(other.page);
  await other.page.waitForFunction(() => window.lede.state.nav?.kind === "hits");
  assert.equal(await other.page.inputValue("#q"), "shoigu");
  await other.context.close();
  // Back and forward.
  await page.click('.article-link >> nth=3');
  const third = await page.getAttribute(".article-link >> nth=3", "data-id");
  await page.waitForFunction((id) => window.lede.state.current.doc.id === id, third);
  await page.goBack();
  await page.waitForFunction((id) => window.lede.state.current.doc.id === id, SEED);
  await page.goForward();
  await page.waitForFunction((id) => window.lede.state.current.doc.id === id, third);
  assert.deepEqual(errors, []);
  await context.close();
});
