// Accessibility: axe-core finds no violations in the light and dark themes and
// at phone width; every feature works from the keyboard alone.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { setup, openPage, ready, ROOT } from "./harness.mjs";

const axeSource = fs.readFileSync(path.join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

const env = setup();

/** Runs axe in the page (injected by evaluation: the page's CSP forbids inline script). */
async function axe(page) {
  await page.evaluate(axeSource);
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 4).map((n) => n.target.join(" ") + " " + (n.failureSummary || "").replace(/\s+/g, " ")).join("\n  ")}`);
}

for (const [name, options] of [
  ["light", { colorScheme: "light" }],
  ["dark", { colorScheme: "dark" }],
  ["phone, dark", { colorScheme: "dark", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }],
]) {
  test(`axe finds no violations (${name})`, async () => {
    const { page, context, errors } = await openPage(env.browser, env.server.url, options);
    await ready(page);
    const dark = await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches);
    assert.equal(dark, options.colorScheme === "dark");
    assert.deepEqual(await axe(page), []);
    // With an entity chosen, a card open and the paste form open.
    await page.click('.entity >> nth=1');
    await page.focus(".article-body mark.m >> nth=0");
    await page.click("#paste summary");
    assert.deepEqual(await axe(page), []);
    if (!options.isMobile) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scroll (${overflow}px)`);
    } else {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `fits the phone's width (${overflow}px too wide)`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

/** Presses Tab until `pred(activeElement)` holds; returns how many presses. */
async function tabTo(page, pred, max = 200) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(pred)) return i;
  }
  throw new Error("never reached by Tab");
}

test("keyboard only: from an entity to stepping through its mentions, and Escape", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  // The first Tab reaches the skip link, which jumps to the article.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, "none", "visible focus");
  await tabTo(page, () => document.activeElement.classList.contains("entity") && /Shoigu/.test(document.activeElement.textContent));
  await page.keyboard.press("Enter");
  assert.equal(await page.textContent("#stepper-what"), "Sergei Shoigu: 1 of 7");
  await page.keyboard.press("Enter");
  assert.equal(await page.$$eval(".article-body mark.sel", (m) => m.length), 0, "Enter again unselects");
  await page.keyboard.press("Enter");
  // Tab into the article: the mentions are focusable and show their card.
  await page.focus("#stepper .next");
  await page.keyboard.press("Enter");
  assert.equal(await page.textContent("#stepper-what"), "Sergei Shoigu: 2 of 7");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");
  assert.equal(await page.textContent("#stepper-what"), "Sergei Shoigu: 1 of 7");
  await tabTo(page, () => document.activeElement.matches(".article-body mark.m"));
  assert.equal(await page.$eval("#card", (c) => c.hidden), false);
  // One tab stop in the text; the arrow keys move from mention to mention.
  const before = await page.evaluate(() => document.activeElement.dataset.m);
  await page.keyboard.press("ArrowRight");
  const after = await page.evaluate(() => document.activeElement.dataset.m);
  assert.equal(Number(after), Number(before) + 1);
  assert.equal(await page.$$eval('.article-body mark[tabindex="0"]', (m) => m.length), 1);
  assert.match(await page.textContent("#card"), /Appears/);
  await page.keyboard.press("Escape");
  assert.equal(await page.$eval("#card", (c) => c.hidden), true);
  assert.equal(await page.$eval("#stepper", (s) => s.hidden), true, "Escape in the article clears the stepping");
  // A map node and a chart bar answer Enter.
  await page.focus("#cooc .node >> nth=1");
  await page.keyboard.press("Enter");
  assert.match(await page.textContent("#stepper-what"), /1 of \d+/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("keyboard only: / focuses search, arrows choose a result, Enter opens it at the hit", async (t) => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  if (!(await page.evaluate(() => window.lede.state.search))) {
    assert.equal(await page.$eval("#search", (s) => s.hidden), true, "no search box without the search engine");
    t.skip("the search engine (Corpus) is not in this build yet");
    await context.close();
    return;
  }
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "q");
  await page.keyboard.type("shoigu");
  await page.waitForSelector("#results .result");
  assert.equal(await page.getAttribute("#q", "aria-expanded"), "true");
  assert.match(await page.textContent("#search-status"), /\d+ results?/);
  await page.keyboard.press("ArrowDown");
  const activeId = await page.getAttribute("#q", "aria-activedescendant");
  assert.equal(await page.getAttribute(`#${activeId}`, "aria-selected"), "true");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.lede.state.nav?.kind === "hits");
  assert.ok(await page.evaluate(() => CSS.highlights.get("hit").size >= 1));
  assert.match(await page.textContent("#stepper-what"), /1 of \d+/);
  await page.keyboard.press("/");
  await page.keyboard.press("Escape");
  assert.equal(await page.getAttribute("#q", "aria-expanded"), "false");
  assert.deepEqual(errors, []);
  await context.close();
});
