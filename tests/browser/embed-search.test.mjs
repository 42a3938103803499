// <lede-search> in real Chromium, by keyboard alone: the WAI-ARIA combobox
// (aria-expanded, aria-activedescendant, aria-selected), highlighted snippets,
// Enter going to the article with ?lede-q= and the hits highlighted there;
// a prebuilt `lede index` file with an href template; axe-core.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { setup, openPage, ROOT, OUT } from "./harness.mjs";

const WWW = path.join(ROOT, "www");
const axeSource = fs.readFileSync(path.join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
const env = setup(WWW);

/** The combobox's state, read from its shadow root. */
const state = (page) =>
  page.evaluate(() => {
    const s = document.querySelector("lede-search").shadowRoot;
    const input = s.querySelector("input");
    const opts = [...s.querySelectorAll("[role=option]")];
    return {
      focused: s.activeElement === input && document.activeElement === document.querySelector("lede-search"),
      value: input.value,
      expanded: input.getAttribute("aria-expanded"),
      active: input.getAttribute("aria-activedescendant"),
      selected: opts.filter((o) => o.getAttribute("aria-selected") === "true").map((o) => o.id),
      listHidden: s.querySelector("[role=listbox]").hidden,
      titles: opts.map((o) => o.querySelector("[part=result-title]").textContent),
      hits: opts.map((o) => [...o.querySelectorAll("mark")].map((m) => m.textContent)),
      status: s.querySelector("[role=status]").textContent,
    };
  });

const results = (page) =>
  page.waitForFunction(() => document.querySelector("lede-search").shadowRoot.querySelectorAll("[role=option]").length > 0, null, { timeout: 20000 });

test("keyboard alone: Tab in, type, arrows, Escape, Enter opens the article with its hits highlighted", async () => {
  const { page, errors, foreign, context } = await openPage(env.browser, env.server.url + "examples/blog.html");
  await page.waitForFunction(() => customElements.get("lede-search"));
  // Tab from the top of the page: the logo link, then the search box.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert.equal((await state(page)).focused, true, "Tab reaches the search box");
  await page.keyboard.type("Shoigu");
  await results(page);
  let s = await state(page);
  assert.equal(s.expanded, "true");
  assert.equal(s.active, null);
  assert.equal(s.titles[0], "Kim Jong Un shows Russia’s defence minister Shoigu North Korea’s newest weapons");
  assert.ok(s.hits[0].some((h) => /^shoigu/i.test(h)), JSON.stringify(s.hits[0]));
  assert.match(s.status, /^\d+ results?$/);
  const n = s.titles.length;
  await page.keyboard.press("ArrowDown");
  s = await state(page);
  assert.equal(s.active, "opt-0");
  assert.deepEqual(s.selected, ["opt-0"]);
  await page.keyboard.press("ArrowUp");
  s = await state(page);
  assert.equal(s.active, `opt-${n - 1}`, "ArrowUp from the first wraps to the last");
  await page.keyboard.press("ArrowDown");
  assert.equal((await state(page)).active, "opt-0");
  await page.keyboard.press("Escape");
  s = await state(page);
  assert.equal(s.expanded, "false");
  assert.equal(s.listHidden, true);
  assert.equal(s.active, null);
  assert.equal(s.value, "Shoigu");
  await page.keyboard.press("Escape");
  s = await state(page);
  assert.equal(s.value, "", "a second Escape clears the box");
  // Search again and open the first result with Enter.
  const full = page.evaluate(() => new Promise((resolve) => {
    const el = document.querySelector("lede-search");
    const on = (e) => {
      if (e.detail.query === "Shoigu weapons") {
        el.removeEventListener("lede:results", on);
        resolve(e.detail.total);
      }
    };
    el.addEventListener("lede:results", on);
  }));
  await page.keyboard.type("Shoigu weapons");
  assert.ok((await full) > 0, "results for the whole query");
  await page.keyboard.press("ArrowDown");
  await Promise.all([page.waitForURL(/\/examples\/article\.html\?lede-q=Shoigu\+weapons$/), page.keyboard.press("Enter")]);
  await page.waitForFunction(() => CSS.highlights.get("lede-hit")?.size > 0, null, { timeout: 20000 });
  const hits = await page.evaluate(() => [...CSS.highlights.get("lede-hit")].map((r) => r.toString().toLowerCase()));
  assert.ok(hits.some((h) => h.startsWith("shoigu")) && hits.some((h) => h.startsWith("weapon")), hits.join(","));
  await page.screenshot({ path: path.join(OUT, "embed-search-arrival.png") });
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign(), []);
  await context.close();
});

test("a prebuilt `lede index` file: results link through the href template; lede:select is cancelable", async () => {
  const { page, errors, context, requests } = await openPage(env.browser, env.server.url + "examples/blog-index.html");
  await page.waitForFunction(() => customElements.get("lede-search"));
  await page.focus("lede-search");
  await page.keyboard.type("robotics");
  await results(page);
  const s = await state(page);
  assert.match(s.titles[0], /Afghan team/);
  const chosen = await page.evaluate(() => new Promise((resolve) => {
    const el = document.querySelector("lede-search");
    el.addEventListener("lede:select", (e) => {
      e.preventDefault();
      resolve({ id: e.detail.id, url: e.detail.url, query: e.detail.query });
    }, { once: true });
    el.shadowRoot.querySelector("input").dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
    el.shadowRoot.querySelector("input").dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  }));
  assert.deepEqual(chosen, { id: "wikinews-afghan", url: `${env.server.url}examples/post.html?id=wikinews-afghan&lede-q=robotics`, query: "robotics" });
  assert.equal(new URL(page.url()).pathname, "/examples/blog-index.html", "a canceled select does not navigate");
  assert.deepEqual(requests.filter((r) => r.endsWith("ner.bin")), []);
  // The article page reached from it decorates the post and highlights the query.
  await page.goto(chosen.url);
  await page.waitForFunction(() => document.querySelectorAll("mark[data-lede-label]").length > 0 && CSS.highlights.get("lede-hit")?.size > 0, null, { timeout: 20000 });
  const hits = await page.evaluate(() => [...CSS.highlights.get("lede-hit")].map((r) => r.toString().toLowerCase()));
  assert.ok(hits.every((h) => h.startsWith("robot")), hits.join(","));
  assert.deepEqual(errors, []);
  await context.close();
});

test("axe-core: the blog search with its results open has no violations", async () => {
  const { page, context } = await openPage(env.browser, env.server.url + "examples/blog.html");
  await page.waitForFunction(() => customElements.get("lede-search"));
  await page.focus("lede-search");
  await page.keyboard.type("Korea");
  await results(page);
  await page.keyboard.press("ArrowDown");
  await page.evaluate(axeSource);
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  assert.deepEqual(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), []);
  await page.screenshot({ path: path.join(OUT, "embed-search.png") });
  await context.close();
});
