// Your own articles: paste + reload keeps them, .txt/.md files, a JSONL import
// with progress and Cancel, corrupt and foreign files refused without losing
// anything, delete one / all, export as JSONL. And a hostile article stays text.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { setup, openPage, ready, ROOT } from "./harness.mjs";

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "seeds/manifest.json"), "utf8"));
const seedTexts = manifest.map((m) => fs.readFileSync(path.join(ROOT, "seeds", m.file), "utf8"));

const env = setup();

const status = (page) => page.textContent("#add-status");
const userCount = (page) => page.$$eval(".articles li.user", (l) => l.length);

async function paste(page, title, text) {
  if (!(await page.$eval("#paste", (d) => d.open))) await page.click("#paste summary");
  await page.fill("#paste-title", title);
  await page.fill("#paste-text", text);
  await page.click('#paste-form button[type="submit"]');
}

test("a pasted article is analyzed, opened, and still there after a reload", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  await paste(page, "Budget talks", "Chancellor Gordon Brown met Tony Blair in London on Monday. The Treasury said talks went well.\n\nBrown will speak in Manchester.");
  await page.waitForFunction(() => document.querySelector(".article-title")?.textContent === "Budget talks");
  assert.match(await status(page), /Added 1 article/);
  const per = await page.$$eval(".article-body mark.m-PER", (ms) => ms.map((m) => m.textContent));
  assert.ok(per.includes("Tony Blair"), per.join());
  assert.equal(await userCount(page), 1);
  const id = await page.evaluate(() => window.lede.state.current.doc.id);
  assert.match(page.url(), new RegExp(`a=${id}`));
  await page.reload();
  await ready(page);
  assert.equal(await userCount(page), 1);
  assert.equal(await page.textContent(".article-title"), "Budget talks", "the URL reopens the pasted article");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a long article is drawn whole, in slices: every paragraph, mark and quote", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  // the seed articles one after another until 20,000 words
  const parts = [];
  for (let words = 0, k = 0; words < 20000; k++) {
    const t = seedTexts[k % seedTexts.length].trim();
    parts.push(t);
    words += t.split(/\s+/).length;
  }
  await page.evaluate(() => {
    window.__drawn = 0;
    document.addEventListener("lede:article", () => window.__drawn++);
  });
  await paste(page, "Twenty thousand words", parts.join("\n\n"));
  await page.waitForFunction(() => window.__drawn > 0 && document.querySelector(".article-title")?.textContent === "Twenty thousand words", null, { timeout: 60000 });
  const got = await page.evaluate(() => {
    const { analysis, text } = window.lede.state.current;
    const body = document.querySelector(".article-body");
    const ps = [...body.querySelectorAll(":scope > p")];
    const last = analysis.paragraphs.at(-1);
    return {
      paragraphs: [ps.length, analysis.paragraphs.length],
      marks: [body.querySelectorAll("mark").length, analysis.mentions.length],
      lastText: [ps.at(-1)?.textContent, text.slice(last.start, last.end)],
      quotes: analysis.quotes.length,
    };
  });
  assert.ok(got.paragraphs[1] > 100, `a long article: ${got.paragraphs[1]} paragraphs`);
  assert.equal(got.paragraphs[0], got.paragraphs[1], "every paragraph is drawn");
  assert.ok(got.marks[0] >= got.marks[1] && got.marks[1] > 1000, `every mention is marked: ${got.marks}`);
  assert.equal(got.lastText[0], got.lastText[1], "the last paragraph is the text's");
  // the quotes panel lists every quote once its slices are drawn
  await page.waitForFunction((n) => document.querySelectorAll("#quotes > li").length === n, got.quotes, { timeout: 20000 });
  assert.ok(got.quotes > 20, `more quotes than the first slice: ${got.quotes}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test(".txt and .md files are imported; corrupt and foreign files are refused and nothing is lost", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  await page.setInputFiles("#files", [
    { name: "one.txt", mimeType: "text/plain", buffer: Buffer.from("Storm hits Lisbon\n\nA storm hit Lisbon on Tuesday, Portugal's civil protection agency said.") },
    { name: "two.md", mimeType: "text/markdown", buffer: Buffer.from("# Merkel visits Paris\n\nAngela Merkel met Emmanuel Macron in Paris.") },
  ]);
  await page.waitForFunction(() => /Added 2 articles/.test(document.getElementById("add-status").textContent));
  const titles = await page.$$eval(".articles li.user .title", (t) => t.map((x) => x.textContent));
  assert.deepEqual(titles.sort(), ["Merkel visits Paris", "Storm hits Lisbon"]);
  // A broken JSONL: refused as a whole, with the line named.
  await page.setInputFiles("#files", [{ name: "bad.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from('{"id":"a","title":"A","text":"Fine text."}\n{"id": oops\n') }]);
  await page.waitForFunction(() => /line 2 is not JSON/.test(document.getElementById("add-status").textContent));
  assert.ok(await page.$eval("#add-status", (s) => s.classList.contains("error")));
  // Binary data under a .txt name, and a foreign file type.
  await page.setInputFiles("#files", [{ name: "photo.txt", mimeType: "text/plain", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]) }]);
  await page.waitForFunction(() => /not UTF-8 text|binary/.test(document.getElementById("add-status").textContent));
  await page.setInputFiles("#files", [{ name: "sheet.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from("PK\u0003\u0004") }]);
  await page.waitForFunction(() => /not a \.txt, \.md or \.jsonl file/.test(document.getElementById("add-status").textContent));
  assert.equal(await userCount(page), 2);
  await page.reload();
  await ready(page);
  assert.equal(await userCount(page), 2, "nothing stored was lost");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a large JSONL import shows progress and can be cancelled; a full one persists; export and delete", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  const lines = [];
  for (let r = 0; r < 24; r++)
    // Each text made distinct (a copy of a seed's text is a duplicate, and duplicates are not added).
    seedTexts.forEach((text, i) => lines.push(JSON.stringify({ id: `bulk-${r}-${i}`, title: `${manifest[i].title} (${r})`, text: `${text.trim()}\n\nCopy ${r} of ${i}.`, source: "Bulk" })));
  const big = Buffer.from(lines.join("\n"));
  await page.setInputFiles("#files", [{ name: "big.jsonl", mimeType: "application/x-ndjson", buffer: big }]);
  await page.waitForFunction(() => {
    const p = document.getElementById("import-progress");
    return !document.getElementById("import").hidden && p.value > 0 && p.max === 600;
  });
  assert.match(await page.textContent("#import-count"), /\d+ of 600/);
  // The page stays usable during the import.
  await page.click('.article-link >> nth=1');
  await page.click("#import-cancel");
  await page.waitForFunction(() => /Import cancelled/.test(document.getElementById("add-status").textContent));
  assert.equal(await userCount(page), 0);
  assert.equal(await page.$eval("#import", (d) => d.hidden), true);

  // A smaller import runs to the end and survives a reload.
  const small = Buffer.from(lines.slice(0, 40).join("\n") + "\n");
  await page.setInputFiles("#files", [{ name: "small.jsonl", mimeType: "application/x-ndjson", buffer: small }]);
  await page.waitForFunction(() => /Added 40 articles/.test(document.getElementById("add-status").textContent), null, { timeout: 30000 });
  assert.match(await page.textContent("#list-status"), /65 articles · 40 yours/);
  await page.reload();
  await ready(page);
  assert.match(await page.textContent("#list-status"), /65 articles · 40 yours/);

  // Export: the same 40 articles as JSONL.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
  const exported = fs.readFileSync(await download.path(), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(exported.length, 40);
  assert.deepEqual(exported[0], JSON.parse(lines[0]));

  // Delete one, then all.
  await page.click('.articles li.user .delete >> nth=0');
  await page.click(".articles li.user .confirm-yes"); // deleting asks first
  await page.waitForFunction(() => /39 yours/.test(document.getElementById("list-status").textContent));
  await page.click("#delete-all");
  await page.click("#delete-yes");
  await page.waitForFunction(() => document.getElementById("list-status").textContent === "25 articles");
  await page.reload();
  await ready(page);
  assert.equal(await page.textContent("#list-status"), "25 articles");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a hostile article is shown as text and nothing in it runs", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    d.dismiss();
  });
  await ready(page);
  const payload = [
    'President Obama said <script>window.__pwned = 1; alert(1)</script> in Washington.',
    '<img src=x onerror="window.__pwned = 2; alert(2)"> Angela Merkel replied.',
    '<a href="javascript:window.__pwned=3">click me</a> and <svg onload="window.__pwned=4"></svg>',
    "Bidi: \u202Egnp.exe\u202C and \u2066isolated\u2069 text from Moscow.",
  ].join("\n\n");
  await paste(page, '<b onmouseover="window.__pwned=5">Hostile</b>', payload);
  await page.waitForFunction(() => /Hostile/.test(document.querySelector(".article-title")?.textContent || ""));
  await page.hover(".article-title");
  await page.hover(".article-body p");
  const body = await page.$$eval(".article-body p", (ps) => ps.map((p) => p.textContent));
  assert.equal(body.join("\n\n"), payload);
  assert.equal(await page.textContent(".article-title"), '<b onmouseover="window.__pwned=5">Hostile</b>');
  assert.equal(await page.$$eval("#article script, #article img, #article svg, #article a[href^='javascript']", (x) => x.length), 0);
  assert.equal(await page.$$eval(".articles img, .articles script", (x) => x.length), 0);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(dialogs, 0);
  assert.deepEqual(errors, []);
  await context.close();
});
