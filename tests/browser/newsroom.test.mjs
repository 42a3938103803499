// The page for people who work with news (issue 13, findings 1–7): adding an
// article is in reach on a phone, shared links and Back/Forward keep their
// article and query, pasted articles take a date, source and address, search
// shows more than 20 with a visible count, source and date, deleting asks and
// can be undone, duplicates are flagged, long entity lists collapse and filter,
// the side panel never shows the previous article, the map's labels are
// readable and whole, the chart counts articles, the page and the embed share
// type colours, and the page does not shift while it loads.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { setup, openPage, ready, ROOT } from "./harness.mjs";

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "seeds/manifest.json"), "utf8"));
const seedTexts = manifest.map((m) => fs.readFileSync(path.join(ROOT, "seeds", m.file), "utf8"));
const SEED = "000_cbae279371bf3f5a";
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

const env = setup();

const status = (page) => page.textContent("#add-status");
const userCount = (page) => page.$$eval(".articles li.user", (l) => l.length);
const hasSearch = (page) => page.evaluate(() => window.lede.state.search);

async function paste(page, fields) {
  if (!(await page.$eval("#paste", (d) => d.open))) await page.click("#paste summary");
  for (const [k, v] of Object.entries(fields)) await page.fill(`#paste-${k}`, v);
  await page.click('#paste-form button[type="submit"]');
}

async function importJsonl(page, name, docs) {
  const buffer = Buffer.from(docs.map((d) => JSON.stringify(d)).join("\n") + "\n");
  await page.setInputFiles("#files", [{ name, mimeType: "application/x-ndjson", buffer }]);
  await page.waitForFunction(() => /Added \d+ article/.test(document.getElementById("add-status").textContent), null, { timeout: 30000 });
}

/** Whether `sel` is wholly visible: inside the viewport and inside every clipping ancestor. */
function wholeInView(page, sel) {
  return page.$eval(sel, (node) => {
    const r = node.getBoundingClientRect();
    const inside = (b) => r.top >= b.top - 1 && r.bottom <= b.bottom + 1 && r.left >= b.left - 1 && r.right <= b.right + 1;
    if (!inside({ top: 0, left: 0, bottom: innerHeight, right: innerWidth })) return `outside the viewport (${Math.round(r.top)}–${Math.round(r.bottom)} of ${innerHeight})`;
    for (let p = node.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowY;
      if ((o === "auto" || o === "scroll" || o === "hidden") && !inside(p.getBoundingClientRect())) return `clipped by ${p.tagName.toLowerCase()}.${p.className}`;
    }
    return "";
  });
}

// ---------------------------------------------------------------- 1

test("1: on a phone, paste and import sit above the list and the Add button is in reach; the import message is seen", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url, PHONE);
  await ready(page);
  const before = await page.$eval("#paste", (p) => Boolean(p.compareDocumentPosition(document.getElementById("article-list")) & Node.DOCUMENT_POSITION_FOLLOWING));
  assert.ok(before, "the paste form comes before the 25 titles");
  await page.click("#paste summary");
  await page.locator('#paste-form button[type="submit"]').scrollIntoViewIfNeeded();
  assert.equal(await wholeInView(page, "#paste-text"), "", "the textarea is not cut off");
  assert.equal(await wholeInView(page, '#paste-form button[type="submit"]'), "", "the Add button is not cut off");
  // An import's message shows where the import was started.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.setInputFiles("#files", [{ name: "one.txt", mimeType: "text/plain", buffer: Buffer.from("Storm hits Lisbon\n\nA storm hit Lisbon on Tuesday, Portugal's civil protection agency said.") }]);
  await page.waitForFunction(() => /Added 1 article/.test(document.getElementById("add-status").textContent));
  await page.evaluate(() => document.getElementById("files").closest(".drop").scrollIntoView({ block: "start" }));
  assert.equal(await wholeInView(page, "#add-status"), "", "the message is next to the drop zone, not below 25 titles");
  assert.deepEqual(errors, []);
  await context.close();
});

// ---------------------------------------------------------------- 2

test("2: a shared link #a=ID&q=QUERY opens that article with that query and keeps the address", async (t) => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  if (!(await hasSearch(page))) return t.skip("no search engine in this build");
  await paste(page, { title: "Election night in Leeds", text: "Voters in Leeds went to the polls on Thursday in a tight election.\n\nThe Labour candidate said turnout was high." });
  await page.waitForFunction(() => document.querySelector(".article-title")?.textContent === "Election night in Leeds");
  const id = await page.evaluate(() => window.lede.state.current.doc.id);
  // A second tab of the same browser opens the shared link (the article is stored there too).
  const other = await context.newPage();
  const errs = [];
  other.on("pageerror", (e) => errs.push(String(e)));
  // Every title the page shows on the way: the seed must not flash first.
  await other.addInitScript(() => {
    window.__titles = [];
    new MutationObserver(() => {
      const t = document.querySelector(".article-title")?.textContent;
      if (t && window.__titles.at(-1) !== t) window.__titles.push(t);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await other.goto(`${env.server.url}#a=${id}&q=election`);
  await ready(other);
  await other.waitForFunction((t) => document.querySelector(".article-title")?.textContent === t, "Election night in Leeds");
  await other.waitForTimeout(300);
  assert.equal(await other.evaluate(() => location.hash), `#a=${id}&q=election`, "the address is not rewritten");
  assert.equal(await other.inputValue("#q"), "election");
  assert.deepEqual(await other.evaluate(() => window.__titles), ["Election night in Leeds"], "no other article shown first");
  assert.deepEqual(errs, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("2: Back and Forward restore the article and query they had", async (t) => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  if (!(await hasSearch(page))) return t.skip("no search engine in this build");
  const [a, b] = [manifest[3], manifest[7]];
  const title = () => page.textContent(".article-title");
  await page.click(`.article-link[data-id="${a.id}"]`);
  await page.waitForFunction((t) => document.querySelector(".article-title")?.textContent === t, a.title);
  await page.fill("#q", "shoigu");
  await page.waitForSelector('#results[data-query="shoigu"]');
  await page.waitForFunction((id) => location.hash === `#a=${id}&q=shoigu`, a.id);
  await page.click(`.article-link[data-id="${b.id}"]`);
  await page.waitForFunction((t) => document.querySelector(".article-title")?.textContent === t, b.title);
  await page.fill("#q", "korea");
  await page.waitForSelector('#results[data-query="korea"]');
  await page.waitForFunction((id) => location.hash === `#a=${id}&q=korea`, b.id);

  await page.goBack();
  await page.waitForFunction((t) => document.querySelector(".article-title")?.textContent === t, a.title);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => location.hash), `#a=${a.id}&q=shoigu`);
  assert.equal(await page.inputValue("#q"), "shoigu");
  assert.equal(await title(), a.title);

  await page.goForward();
  await page.waitForFunction((t) => document.querySelector(".article-title")?.textContent === t, b.title);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => location.hash), `#a=${b.id}&q=korea`);
  assert.equal(await page.inputValue("#q"), "korea");
  assert.deepEqual(errors, []);
  await context.close();
});

// ---------------------------------------------------------------- 3

test("3: a pasted article takes a real date, a source and an address; its relative dates resolve; an untitled one gets a clean title", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  await page.click("#paste summary");
  assert.equal(await page.getAttribute("#paste-date", "type"), "date", "a real date field, not free text");
  const first = "\u201CWe will not back down on this,\u201D Prime Minister Tony Blair told a crowded hall in Westminster as protests continued outside";
  const text = `${first}. He spoke again on Monday.\n\nLast week the Treasury said talks with the unions had gone well.`;
  await paste(page, { text, date: "2005-03-16", source: "BBC News", url: "https://news.bbc.co.uk/1/hi/uk_politics/4353063.stm" });
  await page.waitForFunction(() => /Added 1 article/.test(document.getElementById("add-status").textContent));
  await page.waitForFunction(() => window.lede.state.current?.doc.source === "BBC News");
  const t = await page.textContent(".article-title");
  assert.doesNotMatch(t, /["“”'‘’]/, `no stray quote marks: ${t}`);
  assert.ok(t.endsWith("…"), t);
  const head = t.slice(0, -1);
  const plain = first.replace(/[“”]/g, "");
  assert.ok(plain.startsWith(head), `${head} | ${plain}`);
  assert.equal(plain[head.length], " ", "cut at a word boundary");
  assert.ok(head.length <= 80);
  const meta = await page.textContent(".article-meta");
  assert.match(meta, /BBC News · 2005-03-16/);
  assert.equal(await page.getAttribute(".article-meta a", "href"), "https://news.bbc.co.uk/1/hi/uk_politics/4353063.stm");
  // "Monday" resolves against the article's date (Wednesday 16 March 2005).
  const monday = await page.evaluate(() => {
    const { analysis, text } = window.lede.state.current;
    const e = analysis.entities.find((x) => x.label === "DATE" && /Monday/.test(x.name));
    return e && JSON.stringify(e.value);
  });
  assert.ok(monday && monday.includes("2005-03-14"), `Monday → ${monday}`);
  // A date that is not a date is refused, not stored as text.
  const bad = await page.evaluate(() => window.lede.call("import", { inputs: [{ kind: "paste", title: "x", text: "Some text here.", date: "last week" }] }));
  assert.match(bad.refused, /not a date/);
  assert.deepEqual(errors, []);
  await context.close();
});

// ---------------------------------------------------------------- 4

test("4: search shows its count, each result's source and date, and more than 20 with “More results”", async (t) => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  if (!(await hasSearch(page))) return t.skip("no search engine in this build");
  // Ten wire stories on top of the seeds, each with its source and date.
  const wire = Array.from({ length: 10 }, (_, i) => ({ id: `wire-${i}`, title: `Council vote ${i + 1}`, text: `The council in Leeds voted ${i + 3} to ${i + 1} on the plan, a spokeswoman said on Tuesday. Item ${i}.`, source: "Wire", date: `2024-05-${String(i + 10)}` }));
  await importJsonl(page, "wire.jsonl", wire);
  const docs = [...manifest, ...wire];
  const all = await page.evaluate(() => window.lede.call("search", { query: "said", limit: 100 }));
  assert.ok(all.total > 20, `"said" is in ${all.total} seeds`);
  await page.fill("#q", "said");
  await page.waitForSelector('#results[data-query="said"] .result');
  assert.equal(await page.$$eval("#results .result", (r) => r.length), 20);
  const count = await page.textContent("#result-count");
  assert.ok(await page.isVisible("#result-count"), "the count is visible, not only for screen readers");
  assert.match(count, new RegExp(`${all.total} results · showing 20`));
  const metas = await page.$$eval("#results .result", (rs) => rs.map((r) => [r.dataset.id, r.querySelector(".r-meta")?.textContent]));
  for (const [id, m] of metas) {
    const d = docs.find((x) => x.id === id);
    assert.equal(m, [d.source, d.date].filter(Boolean).join(" · "), id);
  }
  assert.ok(await page.isVisible("#results-more"));
  await page.click("#results-more");
  await page.waitForFunction((n) => document.querySelectorAll("#results .result").length === n, all.total);
  assert.equal(await page.isVisible("#results-more"), false, "nothing more to show");
  assert.match(await page.textContent("#result-count"), new RegExp(`^${all.total} results$`));
  assert.deepEqual(errors, []);
  await context.close();
});

// ---------------------------------------------------------------- 5

test("5: deleting asks first and can be undone, even after a reload", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  await paste(page, { title: "Budget talks", text: "Chancellor Gordon Brown met Tony Blair in London on Monday.\n\nBrown will speak in Manchester." });
  await page.waitForFunction(() => /Added 1 article/.test(document.getElementById("add-status").textContent));
  await page.click(".articles li.user .delete");
  assert.equal(await userCount(page), 1, "nothing deleted yet");
  assert.ok(await page.isVisible(".articles li.user .confirm-yes"));
  assert.equal(await page.evaluate(() => document.activeElement.className), "confirm-no", "focus on Keep");
  await page.click(".articles li.user .confirm-no");
  assert.equal(await userCount(page), 1);
  await page.click(".articles li.user .delete");
  await page.click(".articles li.user .confirm-yes");
  await page.waitForFunction(() => document.getElementById("list-status").textContent === "25 articles");
  assert.ok(await page.isVisible("#undo-button"));
  assert.equal(await page.evaluate(() => document.activeElement.id), "undo-button");
  await page.click("#undo-button");
  await page.waitForFunction(() => /1 yours/.test(document.getElementById("list-status").textContent));
  assert.match(await status(page), /Brought back 1 article/);
  await page.reload();
  await ready(page);
  assert.equal(await userCount(page), 1, "the undone delete is undone in storage too");
  if (await hasSearch(page)) {
    const r = await page.evaluate(() => window.lede.call("search", { query: "budget talks" }));
    assert.ok(r.results.some((h) => h.title === "Budget talks"), "and in the index");
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test("5: an import with duplicate texts flags them by name and adds each text once", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  const fresh = "Storm Ciara closed roads across Yorkshire on Sunday, the Met Office said.";
  await importJsonl(page, "dups.jsonl", [
    { id: "d1", title: "Storm closes roads", text: fresh },
    { id: "d2", title: "Storm closes roads (again)", text: `  ${fresh.replace(/ /g, "  ")}\n` },
    { id: "d3", title: "A seed, copied", text: seedTexts[0] },
  ]);
  const msg = await status(page);
  assert.match(msg, /Added 1 article\./);
  assert.match(msg, /2 duplicates not added/);
  assert.match(msg, /“Storm closes roads \(again\)” \(same text as “Storm closes roads”\)/);
  assert.match(msg, new RegExp(`“A seed, copied” \\(same text as “${manifest[0].title.replace(/[()]/g, "\\$&")}”\\)`));
  assert.equal(await userCount(page), 1);
  // Importing the same file again adds nothing.
  await importJsonl(page, "dups.jsonl", [{ id: "d1", title: "Storm closes roads", text: fresh }]);
  assert.match(await status(page), /Added 0 articles\. 1 duplicate not added/);
  assert.equal(await userCount(page), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

// ---------------------------------------------------------------- 6

test("6: a long article's names collapse to the top of each type, expand, and filter", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  const long = seedTexts.join("\n\n");
  await paste(page, { title: "Everything at once", text: long });
  await page.waitForFunction(() => document.querySelector(".article-title")?.textContent === "Everything at once", null, { timeout: 60000 });
  const total = await page.evaluate(() => window.lede.state.current.analysis.entities.filter((e) => e.label === "PER").length);
  assert.ok(total > 8, `${total} people`);
  const per = '#entities .egroup[data-label="PER"]';
  assert.equal(await page.$$eval(`${per} .entity`, (e) => e.length), 8, "the top 8 people");
  // The top 8 are the most mentioned.
  const shown = await page.$$eval(`${per} .entity .n`, (n) => n.map((x) => parseInt(x.textContent, 10)));
  const counts = await page.evaluate(() => window.lede.state.current.analysis.entities.filter((e) => e.label === "PER").map((e) => e.mentions.length).sort((a, b) => b - a));
  assert.deepEqual(shown, counts.slice(0, 8));
  assert.equal(await page.textContent(`${per} .show-all`), `Show all (${total})`);
  await page.click(`${per} .show-all`);
  assert.equal(await page.$$eval(`${per} .entity`, (e) => e.length), total);
  assert.equal(await page.getAttribute(`${per} .show-all`, "aria-expanded"), "true");
  // Typing filters every type by name.
  assert.ok(await page.isVisible("#entity-filter"));
  await page.fill("#entity-filter", "shoigu");
  const names = await page.$$eval("#entities .entity .name", (n) => n.map((x) => x.textContent));
  assert.ok(names.length >= 1 && names.every((n) => /shoigu/i.test(n)), names.join());
  await page.fill("#entity-filter", "");
  assert.ok((await page.$$eval("#entities .entity", (e) => e.length)) > 8);
  assert.deepEqual(errors, []);
  await context.close();
});

test("6: while an article is analyzed, the side panel shows none of the previous article's names", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  assert.ok(await page.$$eval("#entities .entity", (e) => e.length) > 0);
  const during = await page.evaluate((id) => {
    document.querySelector(`.article-link[data-id="${id}"]`).click();
    // Synchronously after the click: the new article is being analyzed.
    return {
      analyzing: document.getElementById("article").textContent,
      entities: [...document.querySelectorAll("#entities .entity")].map((e) => e.textContent),
      quotes: document.querySelectorAll("#quotes li").length,
      cooc: document.querySelectorAll("#cooc .node").length,
      busy: document.getElementById("panels").getAttribute("aria-busy"),
    };
  }, manifest[5].id);
  assert.match(during.analyzing, /Analyzing/);
  assert.deepEqual(during.entities, [], "no names of the previous article");
  assert.equal(during.quotes, 0);
  assert.equal(during.cooc, 0);
  assert.equal(during.busy, "true");
  await page.waitForFunction((t) => document.querySelector(".article-title")?.textContent === t, manifest[5].title);
  assert.equal(await page.getAttribute("#panels", "aria-busy"), "false");
  assert.ok(await page.$$eval("#entities .entity", (e) => e.length) > 0);
  assert.deepEqual(errors, []);
  await context.close();
});

// ---------------------------------------------------------------- 7

for (const [name, options] of [
  ["desktop", { viewport: { width: 1400, height: 900 } }],
  ["phone", PHONE],
]) {
  test(`7: the map's labels are at least 12 px and whole (${name})`, async () => {
    const { page, context, errors } = await openPage(env.browser, env.server.url, options);
    await ready(page);
    await page.locator("#cooc svg").scrollIntoViewIfNeeded();
    const labels = await page.$$eval("#cooc svg text", (ts) => {
      const svgEl = ts[0].ownerSVGElement;
      const box = svgEl.getBoundingClientRect();
      const scale = box.width / svgEl.viewBox.baseVal.width;
      return ts.map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale, inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5 && r.right <= innerWidth };
      });
    });
    assert.ok(labels.length >= 2);
    for (const l of labels) {
      assert.ok(l.px >= 12, `${l.text}: ${l.px.toFixed(1)} px`);
      assert.ok(l.inside, `${l.text} is cut`);
    }
    assert.ok(labels.some((l) => l.text === "Kim Jong Un"), labels.map((l) => l.text).join());
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("7: the chart counts articles per name, not mentions, and says so; its names are whole", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  // Two articles that name one woman once each: a name in more articles than one, whatever
  // the seeds' names are typed as.
  for (const [title, text] of [
    ["Harbour plan approved", "Margaret Ellison, the harbour master, said the plan would be approved in Bristol on Monday."],
    ["Ferry fares rise", "Fares on the Bristol ferry rise in May, Margaret Ellison told the council."],
  ]) {
    await paste(page, { title, text });
    await page.waitForFunction((t) => document.querySelector(".article-title")?.textContent === t, title);
  }
  // One article that names one man 30 times.
  const text = Array.from({ length: 30 }, (_, i) => `Harold Pemberton spoke in Bristol for the ${i + 1}th time, Harold Pemberton said.`).join("\n\n");
  await paste(page, { title: "Pemberton, again", text });
  await page.waitForFunction(() => document.querySelector(".article-title")?.textContent === "Pemberton, again");
  const stats = await page.evaluate(() => window.lede.state.stats);
  const hp = stats.top.PER.find((e) => e.name === "Harold Pemberton");
  const bars = await page.$$eval('#chart .bar.m-PER', (bs) => bs.map((b) => ({ name: b.dataset.name, n: Number(b.dataset.articles), text: b.textContent })));
  assert.ok(bars.length >= 2);
  for (let i = 1; i < bars.length; i++) assert.ok(bars[i - 1].n >= bars[i].n, "bars in order of articles");
  assert.notEqual(bars[0].name, "Harold Pemberton", "30 mentions in one article do not top the chart");
  if (hp) assert.equal(hp.articles.length, 1);
  const me = stats.top.PER.find((e) => e.name === "Margaret Ellison");
  assert.ok(me && me.articles.length === 2, "a name in two articles counts two");
  assert.match(bars[0].text, new RegExp(`^${bars[0].name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*${bars[0].n} articles?$`), "the whole name and its article count");
  assert.match(await page.textContent("#chart-panel"), /articles/i);
  assert.match(await page.textContent("#chart-panel .chart-note"), /not how often/);
  assert.deepEqual(errors, []);
  await context.close();
});

/** The embed's type colours, read from embed/embed.js: {PER: [light bg, dark bg], ...}. */
function embedColours() {
  const src = fs.readFileSync(path.join(ROOT, "www/embed/embed.js"), "utf8");
  const out = {};
  for (const l of ["PER", "ORG", "LOC", "MISC"]) {
    const light = src.match(new RegExp(`mark\\[data-lede-label="${l}"\\] \\{ --lede-mark: var\\(--lede-${l.toLowerCase()}, (#[0-9a-f]{6})\\)`));
    const dark = src.match(new RegExp(`\\[data-lede-label="${l}"\\] \\{ --lede-mark: var\\(--lede-${l.toLowerCase()}-dark, (#[0-9a-f]{6})\\)`));
    out[l] = [light?.[1], dark?.[1]];
  }
  return out;
}
const rgb = (hex) => `rgb(${parseInt(hex.slice(1, 3), 16)}, ${parseInt(hex.slice(3, 5), 16)}, ${parseInt(hex.slice(5, 7), 16)})`;

for (const [k, scheme] of [[0, "light"], [1, "dark"]]) {
  test(`7: the page's type colours are the embed's (${scheme})`, async () => {
    const colours = embedColours();
    const { page, context } = await openPage(env.browser, env.server.url, { colorScheme: scheme });
    await ready(page);
    const got = await page.evaluate(() => {
      const out = {};
      for (const l of ["PER", "ORG", "LOC", "MISC"]) {
        const m = document.createElement("mark");
        m.className = `m m-${l}`;
        document.querySelector(".article-body").append(m);
        out[l] = getComputedStyle(m).backgroundColor;
        m.remove();
      }
      return out;
    });
    for (const l of ["PER", "ORG", "LOC", "MISC"]) {
      assert.ok(colours[l][k], `the embed's ${l} colour is found`);
      assert.equal(got[l], rgb(colours[l][k]), l);
    }
    await context.close();
  });
}

for (const [name, options] of [
  ["desktop", { viewport: { width: 1400, height: 900 } }],
  ["phone", PHONE],
]) {
  test(`7: loading the page shifts its layout by less than 0.1 (CLS, ${name})`, async () => {
    const context = await env.browser.newContext(options);
    await context.addInitScript(() => {
      window.__cls = 0;
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (e.hadRecentInput) continue;
          window.__cls += e.value;
          window.__shifts.push({ value: e.value, nodes: (e.sources || []).map((s) => (s.node && (s.node.id || s.node.className || s.node.nodeName)) || "?") });
        }
      }).observe({ type: "layout-shift", buffered: true });
    });
    const page = await context.newPage();
    await page.goto(env.server.url);
    await ready(page);
    await page.waitForTimeout(500);
    const { cls, shifts } = await page.evaluate(() => ({ cls: window.__cls, shifts: window.__shifts }));
    assert.ok(cls < 0.1, `CLS ${cls.toFixed(3)}: ${JSON.stringify(shifts)}`);
    await context.close();
  });
}

// ---------------------------------------------------------------- axe over the new controls

const axeSource = fs.readFileSync(path.join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
async function axe(page) {
  await page.evaluate(axeSource);
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 4).map((n) => n.target.join(" ") + " " + (n.failureSummary || "").replace(/\s+/g, " ")).join("\n  ")}`);
}

for (const [name, options] of [
  ["light", { colorScheme: "light" }],
  ["dark", { colorScheme: "dark" }],
  ["phone, dark", { colorScheme: "dark", ...PHONE }],
]) {
  test(`axe finds no violations in the new controls (${name})`, async () => {
    const { page, context, errors } = await openPage(env.browser, env.server.url, options);
    await ready(page);
    // The paste form with its date, source and address; a long article (filter, show all).
    await paste(page, { title: "Everything at once", text: seedTexts.join("\n\n"), date: "2024-01-02", source: "Desk" });
    await page.waitForFunction(() => document.querySelector(".article-title")?.textContent === "Everything at once", null, { timeout: 60000 });
    await page.click("#paste summary");
    await page.click('#entities .egroup[data-label="PER"] .show-all');
    await page.fill("#entity-filter", "a");
    // A delete waiting for its confirmation.
    await page.click(".articles li.user .delete");
    assert.deepEqual(await axe(page), []);
    // Deleted, with Undo offered; the search popup with its count, sources and "More results".
    await page.click(".articles li.user .confirm-yes");
    await page.waitForSelector("#undo:not([hidden])");
    if (await hasSearch(page)) {
      await page.fill("#q", "said");
      await page.waitForSelector('#results[data-query="said"] .result');
    }
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
