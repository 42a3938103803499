// The embed components in real Chromium: <lede-article> on the example news
// page (same entities as `analyze`, exact clear(), cards, keyboard, ?lede-q=
// hits), on a hostile host page (strict CSP, aggressive global CSS, a name
// split across <a> and <em>, host click handlers, script-like text), from a
// sub-folder and from another origin; axe-core on the examples.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { serve, launch, openPage, ROOT, OUT } from "./harness.mjs";

const WWW = path.join(ROOT, "www");
const seed = fs.readFileSync(path.join(ROOT, "seeds/000_cbae279371bf3f5a.txt"), "utf8");
const axeSource = fs.readFileSync(path.join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
const NAMES = new Set(["PER", "ORG", "LOC", "MISC"]);

let server, browser;
before(async () => {
  server = await serve(WWW, {}, {
    mounts: {
      "/vendor/lede/v1/": path.join(WWW, "embed"),
      "/hostile/": path.join(ROOT, "tests/browser/hostile"),
    },
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const decorated = (page) =>
  page.waitForFunction(() => document.querySelectorAll("mark[data-lede-label]").length > 0, null, { timeout: 30000 });

/** Runs axe-core (injected as a string: the page's CSP blocks inline script tags). */
async function axe(page) {
  await page.evaluate(axeSource);
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("the example article is decorated with the same entities `analyze` finds in the seed", async () => {
  const { page, errors, foreign, context } = await openPage(browser, server.url + "examples/article.html");
  await decorated(page);
  const got = await page.evaluate(async (text) => {
    const el = document.querySelector("lede-article");
    const lede = await import(new URL("/pkg/lede.js", location.href).href);
    await lede.default();
    const direct = lede.analyze(text, { date: "2023-07-27" });
    const marks = [...document.querySelectorAll("mark[data-lede-label]")];
    const byMention = new Map();
    for (const m of marks) {
      const k = Number(m.dataset.ledeMention);
      byMention.set(k, (byMention.get(k) || "") + m.textContent);
    }
    const panel = [...el.shadowRoot.querySelectorAll("button.entity")].map((b) => b.firstChild.textContent);
    const summary = [...el.shadowRoot.querySelectorAll("[part=summary] li")].map((li) => li.textContent);
    const quotes = [...el.shadowRoot.querySelectorAll("[part=quote]")].map((li) => li.textContent);
    return {
      page: el.analysis.mentions.map((m, i) => [m.text, m.label, byMention.get(i) ?? null]),
      direct: direct.mentions.map((m) => [m.text, m.label]),
      pageEntities: el.analysis.entities.map((e) => [e.name, e.label, e.mentions.length]),
      directEntities: direct.entities.map((e) => [e.name, e.label, e.mentions.length]),
      panel,
      summary,
      quotes,
      directSummary: (direct.summary || []).map((x) => text.slice(x.start, x.end)),
      directQuotes: (direct.quotes || []).map((q) => [q.text, typeof q.speaker === "number" ? direct.entities[q.speaker].name : q.speaker]),
      kimPieces: marks.filter((m) => m.closest("em")).map((m) => [m.textContent, m.dataset.ledeMention]),
      linkPieces: marks.filter((m) => m.closest("a")).map((m) => m.textContent),
      marks: marks.length,
    };
  }, seed);
  // The text read from the live DOM gives the very same mentions and entities.
  assert.deepEqual(got.page.map(([t, l]) => [t, l]), got.direct);
  assert.deepEqual(got.pageEntities, got.directEntities);
  assert.ok(got.direct.filter(([, l]) => NAMES.has(l)).length >= 40, "the seed has its names");
  // Every name mention is marked; the pieces of each spell the mention (whitespace aside).
  for (const [text, label, marked] of got.page) {
    if (!NAMES.has(label)) assert.equal(marked, null, `${text} (${label}) is not a default type`);
    else assert.equal(marked?.replace(/\s+/g, ""), text.replace(/\s+/g, ""), `mention ${text}`);
  }
  // The panel lists the names, by salience, as analyze returned them.
  const names = got.directEntities.filter(([, l]) => NAMES.has(l));
  assert.deepEqual(new Set(got.panel), new Set(names.map(([n]) => n)));
  assert.ok(got.panel.includes("Kim Jong Un") && got.panel.includes("Korean Central News Agency"));
  // Summary and quotes (when the build has them) are the seed's, speakers by name.
  assert.deepEqual(got.summary, got.directSummary);
  assert.deepEqual(got.quotes, got.directQuotes.map(([t, who]) => (who ? `“${t}” — ${who}` : `“${t}”`)));
  if (got.directQuotes.length) assert.ok(got.quotes.every((q) => !/— \d+$/.test(q)), got.quotes.join("\n"));
  // "Kim Jong" is inside the host's <em>, "Un" after it: two pieces of one mention.
  assert.deepEqual(got.kimPieces.map(([t]) => t), ["Kim Jong"]);
  const kim = await page.$$eval(`mark[data-lede-mention="${got.kimPieces[0][1]}"]`, (ms) => ms.map((m) => m.textContent));
  assert.deepEqual(kim, ["Kim Jong", "Un"]);
  assert.deepEqual(got.linkPieces, ["Sergey Shoigu"]);
  assert.equal(await page.getAttribute("a[href*=Sergei_Shoigu]", "href"), "https://en.wikipedia.org/wiki/Sergei_Shoigu");
  await page.screenshot({ path: path.join(OUT, "embed-article.png"), fullPage: true });
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign(), []);
  await context.close();
});

test("clear() restores the exact original DOM (same nodes, same text), and analyze() decorates again", async () => {
  const { page, errors, context } = await openPage(browser, server.url + "examples/article.html");
  await decorated(page);
  const r = await page.evaluate(async () => {
    const el = document.querySelector("lede-article");
    const story = el.querySelector(".story");
    const shape = (n) =>
      n.nodeType === 3
        ? `#${n.data}`
        : `<${n.localName}${[...n.attributes].map((a) => ` ${a.name}=${a.value}`).join("")}>${[...n.childNodes].map(shape).join("")}</${n.localName}>`;
    el.clear();
    const before = shape(story);
    const walker = document.createTreeWalker(story, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    const wait = new Promise((res) => el.addEventListener("lede:analyzed", (e) => res(e.detail.marks), { once: true }));
    el.analyze();
    const marks = await wait;
    const decoratedShape = shape(story);
    el.clear();
    const after = shape(story);
    const walker2 = document.createTreeWalker(story, NodeFilter.SHOW_TEXT);
    const nodes2 = [];
    while (walker2.nextNode()) nodes2.push(walker2.currentNode);
    return {
      same: before === after,
      changed: decoratedShape !== before,
      sameNodes: nodes.length === nodes2.length && nodes.every((n, i) => n === nodes2[i]),
      marks,
      left: story.querySelectorAll("mark").length,
      panelHidden: el.shadowRoot.querySelector(".panel").hidden,
    };
  });
  assert.ok(r.marks > 40, `${r.marks} marks`);
  assert.ok(r.changed, "decoration changed the DOM");
  assert.ok(r.same, "clear() gives back the same markup");
  assert.ok(r.sameNodes, "clear() gives back the same text nodes");
  assert.equal(r.left, 0);
  assert.equal(r.panelHidden, true);
  assert.deepEqual(errors, []);
  await context.close();
});

test("cards: a click on a name opens its card; the panel works by keyboard; Escape closes and returns focus", async () => {
  const { page, errors, context } = await openPage(browser, server.url + "examples/article.html");
  await decorated(page);
  const events = await page.evaluateHandle(() => {
    const list = [];
    document.addEventListener("lede:select", (e) => list.push(e.detail.entity.name));
    return list;
  });
  // A mark outside any link: "Pyongyang" in the first paragraph.
  await page.locator(".story p:first-child mark[data-lede-label=LOC]", { hasText: "Pyongyang" }).click();
  const card = page.locator("lede-article >> .card");
  await card.waitFor({ state: "visible" });
  assert.equal(await card.locator(".card-name").textContent(), "Pyongyang");
  assert.match(await card.textContent(), /Place/);
  assert.match(await card.textContent(), /Mentions\s*6/);
  await page.keyboard.press("Escape");
  await card.waitFor({ state: "hidden" });
  // Keyboard only: open the panel, reach "Sergei Shoigu", open its card.
  await page.focus("lede-article >> summary");
  await page.keyboard.press("Enter");
  const shoigu = page.locator("lede-article >> button.entity", { hasText: "Sergei Shoigu" });
  await shoigu.focus();
  await page.keyboard.press("Enter");
  await card.waitFor({ state: "visible" });
  assert.equal(await card.locator(".card-name").textContent(), "Sergei Shoigu");
  assert.match(await card.textContent(), /Sergey Shoigu|Shoigu/);
  assert.equal(await page.evaluate(() => document.querySelector("lede-article").shadowRoot.activeElement?.className), "card");
  const active = await page.$$eval("mark[data-lede-active]", (ms) => new Set(ms.map((m) => m.dataset.ledeEntity)).size);
  assert.equal(active, 1, "the entity's marks are outlined");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Escape");
  await card.waitFor({ state: "hidden" });
  assert.equal(await page.evaluate(() => document.querySelector("lede-article").shadowRoot.activeElement?.textContent), await shoigu.textContent());
  assert.deepEqual(await events.jsonValue(), ["Pyongyang", "Sergei Shoigu"]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("arriving with ?lede-q= highlights the query's hits in the article", async () => {
  const { page, errors, context } = await openPage(browser, server.url + "examples/article.html?lede-q=Shoigu");
  await decorated(page);
  await page.waitForFunction(() => CSS.highlights.get("lede-hit")?.size > 0, null, { timeout: 20000 });
  const hits = await page.evaluate(() => [...CSS.highlights.get("lede-hit")].map((r) => r.toString()));
  assert.ok(hits.length >= 6, `${hits.length} hits`);
  for (const h of hits) assert.match(h, /shoigu/i);
  assert.match(await page.locator("lede-article >> .status").textContent(), /matches? for “Shoigu”/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a hostile host: strict CSP, global CSS, split names, host handlers, script-like text", async () => {
  const { page, errors, foreign, context } = await openPage(browser, server.url + "hostile/index.html");
  await page.waitForFunction(() => customElements.get("lede-article"));
  const layout = () => page.$$eval("#story p", (ps) => ps.map((p) => { const r = p.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }));
  const before = await layout();
  const detail = await page.evaluate(async () => {
    const el = document.getElementById("lede");
    const a = await el.analyze();
    return { mentions: a.mentions.map((m) => [m.text, m.label]) };
  });
  assert.deepEqual(await layout(), before, "decoration does not move the host's layout");
  // Only the types asked for.
  const labels = await page.$$eval("mark[data-lede-label]", (ms) => [...new Set(ms.map((m) => m.dataset.ledeLabel))].sort());
  assert.deepEqual(labels, ["LOC", "PER"]);
  assert.ok(detail.mentions.some(([t, l]) => t === "Kim Jong Un" && l === "PER"), JSON.stringify(detail.mentions));
  // "Kim Jong" in <a>, "Un" in <em>: one piece in each, the same mention.
  const split = await page.evaluate(() => {
    const a = document.querySelector("#kim-link > mark");
    const em = document.querySelector("#kim-em > mark");
    return { a: a?.textContent, em: em?.textContent, same: a?.dataset.ledeMention === em?.dataset.ledeMention, href: document.getElementById("kim-link").getAttribute("href") };
  });
  assert.deepEqual(split, { a: "Kim Jong", em: "Un", same: true, href: "/people/kim" });
  // The host's handlers still fire; a click on a name inside the host's link opens no card.
  await page.click("#kim-link > mark");
  assert.deepEqual(await page.evaluate(() => window.__hostClicks), ["link", "p1"]);
  assert.equal(await page.locator("#lede >> .card").isVisible(), false);
  await page.locator("#p3 mark[data-lede-label=LOC]", { hasText: "Pyongyang" }).click();
  await page.locator("#lede >> .card").waitFor({ state: "visible" });
  assert.equal(await page.locator("#lede >> .card-name").textContent(), "Pyongyang");
  // Script-like article text stays text.
  const p2 = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    imgs: document.querySelectorAll("#story img, #story script").length,
    text: document.getElementById("p2").textContent,
  }));
  assert.equal(p2.pwned, null);
  assert.equal(p2.imgs, 0);
  assert.match(p2.text, /^<script>window\.__pwned = 1<\/script> and <img src=x onerror="window\.__pwned = 2">/);
  // The marks are styled by the adopted constructed stylesheet despite the CSP and `mark { … }` reset.
  const mark = await page.$eval("#p3 mark[data-lede-label=PER]", (m) => {
    const s = getComputedStyle(m);
    return { bg: s.backgroundColor, display: s.display, size: s.fontSize };
  });
  assert.deepEqual(mark, { bg: "rgb(253, 230, 138)", display: "inline", size: "30px" });
  // The widgets stay usable under `* { font-size: 30px }`, `div { all: unset }`, `input { display: none }`.
  const ui = await page.evaluate(() => {
    const s = document.getElementById("search").shadowRoot;
    const input = s.querySelector("input");
    const r = input.getBoundingClientRect();
    const card = document.getElementById("lede").shadowRoot.querySelector(".card-name");
    return { w: r.width, h: r.height, inputSize: getComputedStyle(input).fontSize, inputColor: getComputedStyle(input).color, card: getComputedStyle(card).fontSize };
  });
  assert.ok(ui.w > 150 && ui.h > 20 && ui.h < 60, JSON.stringify(ui));
  assert.equal(ui.inputSize, "16px");
  assert.notEqual(ui.inputColor, "rgb(255, 0, 255)");
  assert.equal(ui.card, "17.6px");
  assert.deepEqual(await page.evaluate(() => window.__violations), [], "no CSP violation");
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign(), []);
  await page.screenshot({ path: path.join(OUT, "embed-hostile.png"), fullPage: true });
  // Control: this page's CSP really does block inline <style> (what Lede must not rely on).
  const inlineApplied = await page.evaluate(async () => {
    const s = document.createElement("style");
    s.textContent = "#p1 { outline-color: rgb(1, 2, 3) !important; outline-style: solid !important; }";
    document.head.append(s);
    await new Promise((r) => setTimeout(r, 50));
    return getComputedStyle(document.getElementById("p1")).outlineColor === "rgb(1, 2, 3)";
  });
  assert.equal(inlineApplied, false, "the CSP blocks inline styles");
  assert.ok((await page.evaluate(() => window.__violations)).some((v) => v.startsWith("style-src")));
  await context.close();
});

test("embed.js from another origin: no worker possible, the engine runs on the page's thread", async () => {
  const cdn = await serve(path.join(WWW, "embed"), {}, { headers: { "access-control-allow-origin": "*" } });
  try {
    const host = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title><link rel="icon" href="data:,">
<script type="module" src="${cdn.url}embed.js"></script></head><body><main><lede-article>
<p>Russian Defense Minister Sergei Shoigu met Kim Jong Un in Pyongyang.</p></lede-article></main></body></html>`;
    const site = await serve(path.join(WWW, "examples"), { "/host.html": ["text/html; charset=utf-8", host] });
    try {
      const { page, errors, requests, context } = await openPage(browser, site.url + "host.html");
      await decorated(page);
      const names = await page.$$eval("mark[data-lede-label]", (ms) => ms.map((m) => m.textContent));
      assert.ok(names.includes("Sergei Shoigu") && names.includes("Pyongyang"), names.join(","));
      assert.ok(requests.some((r) => r === `${cdn.url}pkg/lede_bg.wasm`), "the wasm came from next to embed.js");
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await site.close();
    }
  } finally {
    await cdn.close();
  }
});

test("the NER model is fetched only by <lede-article>: a search-only page never downloads it", async () => {
  const { page, requests, errors, context } = await openPage(browser, server.url + "examples/blog-index.html");
  await page.waitForFunction(() => customElements.get("lede-search"));
  await page.focus("lede-search");
  await page.keyboard.type("Shoigu");
  await page.waitForFunction(() => document.querySelector("lede-search").shadowRoot.querySelectorAll("[role=option]").length > 0, null, { timeout: 20000 });
  assert.ok(requests.some((r) => r.endsWith("/examples/posts.lede")), "the prebuilt index was loaded");
  assert.ok(requests.some((r) => r.endsWith("/embed/pkg-search/lede_bg.wasm")), "the (search-only) wasm was loaded");
  assert.deepEqual(requests.filter((r) => r.endsWith("ner.bin")), [], "no model download");
  await context.close();
  const article = await openPage(browser, server.url + "examples/article.html");
  await decorated(article.page);
  assert.equal(article.requests.filter((r) => r.endsWith("/embed/pkg/ner.bin")).length, 1, "the article page fetched the model once");
  assert.deepEqual(article.errors, []);
  await article.context.close();
  assert.deepEqual(errors, []);
});

test("axe-core: the decorated example article, its panel and a card have no violations", async () => {
  const { page, context } = await openPage(browser, server.url + "examples/article.html");
  await decorated(page);
  await page.click("lede-article >> summary");
  await page.click("lede-article >> button.entity >> nth=0");
  await page.locator("lede-article >> .card").waitFor({ state: "visible" });
  assert.deepEqual(await axe(page), []);
  await context.close();
});

test("the embed sources never write markup and never inline styles", () => {
  for (const f of ["embed.js", "engine.js", "protocol.js", "worker.js"]) {
    const js = fs.readFileSync(path.join(WWW, "embed", f), "utf8");
    assert.doesNotMatch(js, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/, f);
    assert.doesNotMatch(js, /createElement\(["']style|setAttribute\(["']style/, f);
  }
  for (const f of ["article.html", "blog.html", "blog-index.html", "post.html"]) {
    const html = fs.readFileSync(path.join(WWW, "examples", f), "utf8");
    assert.match(html, /default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/, f);
    assert.doesNotMatch(html, /<script>(?!<)|style=|<style/, f);
  }
});
