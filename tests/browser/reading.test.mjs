// Reading view: highlights by type on the seed, the legend, entity stepping,
// mention cards, quotes/keyphrases/summary panels when their engine is present,
// the co-occurrence map and the corpus chart.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, openPage, ready } from "./harness.mjs";

let server, browser, ctx;

before(async () => {
  server = await serve();
  browser = await launch();
  ctx = await openPage(browser, server.url);
  await ready(ctx.page);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const markText = (page, sel) => page.$$eval(sel, (ms) => ms.map((m) => m.textContent));

test("the seed's mentions are highlighted with the right types", async () => {
  const { page } = ctx;
  const per = await markText(page, ".article-body mark.m-PER");
  const org = await markText(page, ".article-body mark.m-ORG");
  const loc = await markText(page, ".article-body mark.m-LOC");
  assert.ok(per.includes("Kim Jong Un"), `people: ${per}`);
  assert.ok(per.includes("Shoigu"));
  assert.ok(org.includes("KCNA") && org.includes("Korean Central News Agency"), `orgs: ${org}`);
  assert.ok(loc.includes("Pyongyang") && loc.includes("Moscow"), `places: ${loc}`);
  assert.ok(!per.includes("Pyongyang"));
  // Every mention in the analysis is one mark; the text is unchanged by marking.
  const n = await page.$$eval(".article-body mark.m", (ms) => ms.length);
  assert.equal(n, await page.evaluate(() => window.lede.state.current.analysis.mentions.length));
  // A second cue besides colour: each type has its own underline style.
  const styles = await page.evaluate(() => {
    const out = {};
    for (const l of ["PER", "ORG", "LOC", "MISC"]) {
      const m = document.querySelector(`.article-body mark.m-${l}`);
      out[l] = getComputedStyle(m).textDecorationStyle;
    }
    return out;
  });
  assert.equal(new Set(Object.values(styles)).size, 4, JSON.stringify(styles));
});

test("the legend counts each type and toggles its highlights", async () => {
  const { page } = ctx;
  const per = await page.$$eval(".article-body mark.m-PER", (ms) => ms.length);
  const label = await page.textContent('.legend .toggle[data-label="PER"]');
  assert.match(label, new RegExp(`Person\\s*${per}`));
  const bg = () => page.$eval(".article-body mark.m-PER", (m) => getComputedStyle(m).backgroundColor);
  const on = await bg();
  await page.click('.legend .toggle[data-label="PER"]');
  assert.equal(await page.getAttribute('.legend .toggle[data-label="PER"]', "aria-pressed"), "false");
  assert.notEqual(await bg(), on);
  await page.click('.legend .toggle[data-label="PER"]');
  assert.equal(await bg(), on);
});

test("choosing Shoigu marks all 7 mentions and steps through them", async () => {
  const { page } = ctx;
  const btn = page.locator(".entity", { hasText: "Sergei Shoigu" });
  assert.match(await btn.textContent(), /7/);
  await btn.click();
  const sel = await markText(page, ".article-body mark.sel");
  assert.equal(sel.length, 7);
  for (const t of sel) assert.match(t, /Shoigu/);
  assert.equal(await page.textContent("#stepper-what"), "Sergei Shoigu: 1 of 7");
  await page.click("#stepper .next");
  assert.equal(await page.textContent("#stepper-what"), "Sergei Shoigu: 2 of 7");
  const cur = await page.$eval(".article-body mark.current", (m) => m.dataset.m);
  const ent = await page.evaluate(() => window.lede.state.current.analysis.entities.find((e) => e.name === "Sergei Shoigu"));
  assert.equal(Number(cur), ent.mentions[1]);
  await page.click("#stepper .prev");
  await page.click("#stepper .prev");
  assert.equal(await page.textContent("#stepper-what"), "Sergei Shoigu: 7 of 7");
  await page.click("#stepper .clear");
  assert.equal(await page.$$eval(".article-body mark.sel", (m) => m.length), 0);
});

test("hovering or focusing a mention shows its card", async () => {
  const { page } = ctx;
  await page.hover('.article-body mark.m-PER:text-is("Shoigu")');
  await page.waitForSelector("#card:not([hidden])");
  const card = await page.textContent("#card");
  assert.match(card, /Sergei Shoigu/);
  assert.match(card, /Person/);
  assert.match(card, /Defense Minister/);
  assert.match(card, /Sergey Shoigu/);
  assert.match(card, /7 times/);
  await page.mouse.move(0, 0);
  await page.focus('.article-body mark.m-ORG:text-is("KCNA")');
  await page.waitForFunction(() => /Korean Central News Agency/.test(document.getElementById("card").textContent));
  assert.equal(await page.$eval(".article-body mark:focus", (m) => m.getAttribute("aria-describedby")), "card");
  await page.keyboard.press("Escape");
  assert.equal(await page.$eval("#card", (c) => c.hidden), true);
});

test("the co-occurrence map links names that share sentences", async () => {
  const { page } = ctx;
  const nodes = await page.$$eval("#cooc svg .node", (g) => g.map((n) => n.textContent));
  assert.ok(nodes.includes("Kim Jong Un") && nodes.includes("Sergei Shoigu"), nodes.join());
  assert.ok((await page.$$("#cooc svg .edge")).length > 0);
  assert.match(await page.getAttribute("#cooc svg", "aria-label"), /Kim Jong Un and Sergei Shoigu share \d+ sentences/);
});

test("the chart shows the most mentioned across all 25 seeds, and a bar acts", async () => {
  const { page } = ctx;
  const label = await page.getAttribute("#chart svg", "aria-label");
  assert.match(label, /25 articles/);
  const bars = await page.$$eval("#chart .bar", (bs) => bs.map((b) => b.dataset.name));
  assert.ok(bars.length >= 10, bars.join());
  const bar = page.locator("#chart .bar").first();
  await bar.focus();
  await page.keyboard.press("Enter");
  if (await page.evaluate(() => window.lede.state.search)) {
    await page.waitForSelector("#results .result");
    assert.match(await page.inputValue("#q"), /person:"/);
  } else {
    await page.waitForSelector("#filter-note:not([hidden])");
    const n = await page.$$eval(".article-link", (l) => l.length);
    assert.ok(n >= 1 && n < 25, `filtered list: ${n}`);
    await page.click("#filter-clear");
    assert.equal(await page.$$eval(".article-link", (l) => l.length), 25);
  }
});

test("quotes, keyphrases and summary panels appear exactly when their engine is there", async () => {
  const { page } = ctx;
  const has = await page.evaluate(() => {
    const a = window.lede.state.current.analysis;
    return { quotes: "quotes" in a, keyphrases: "keyphrases" in a, summary: "summary" in a };
  });
  assert.equal(await page.$eval("#quotes-panel", (p) => p.hidden), !has.quotes);
  assert.equal(await page.$eval("#keyphrases-panel", (p) => p.hidden), !has.keyphrases);
  assert.equal(await page.$eval("#summary-panel", (p) => p.hidden), !has.summary);
  if (has.quotes) {
    const quotes = await page.$$eval("#quotes .quote", (qs) => qs.map((q) => q.textContent));
    const kcna = quotes.filter((q) => /KCNA|Korean Central News Agency/.test(q));
    assert.equal(kcna.length, 3, quotes.join("\n"));
    await page.click("#quotes .quote >> nth=0");
    assert.ok(await page.evaluate(() => CSS.highlights.has("quote")));
  }
  if (has.summary) {
    await page.hover("#summary .sum >> nth=0");
    assert.ok(await page.evaluate(() => CSS.highlights.get("summary-one").size === 1));
  }
});
