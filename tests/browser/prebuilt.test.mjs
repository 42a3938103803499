// The first seed shown from its prebuilt analysis (www/prebuilt/, written by
// scripts/build.sh; see www/prebuilt.js) is the page the worker's own analysis
// gives: the article, its highlights and the panels drawn from it, compared
// node for node with the page loaded with the prebuilt file blocked (the
// worker analyzes the seed). The seed has curly quotes, an em dash and
// accented letters, so UTF-16 offsets that went wrong anywhere show. A file
// that does not match what the page is about to show (the seed's text hash,
// the options, the wasm build) is not used, or is replaced by the worker's
// analysis. The reader's corrections of the seed (IndexedDB, read by start.js)
// are applied to the prebuilt render as to the worker's.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { setup, openPage, ROOT } from "./harness.mjs";
import { textHash } from "../../www/prebuilt.js";

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "seeds/manifest.json"), "utf8"));
const seed = fs.readFileSync(path.join(ROOT, "seeds", manifest[0].file), "utf8");
/** The seed's paragraphs as the page shows them, one blank line apart. */
const paragraphs = seed.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean).join("\n\n");
const FIRST = path.join(ROOT, "www/prebuilt/first.json");
const prebuilt = fs.existsSync(FIRST) ? fs.readFileSync(FIRST, "utf8") : null;

const env = setup();

/** The first article and the panels drawn from its analysis, once both are on the page. */
async function firstView(page) {
  await page.waitForFunction(() => performance.getEntriesByName("lede:first-panels").length > 0, null, { timeout: 60000 });
  return page.evaluate(() => ({
    from: window.lede.first,
    html: ["article", "entities-panel", "quotes-panel", "keyphrases-panel", "summary-panel"].map((id) => document.getElementById(id).outerHTML),
    marks: document.querySelectorAll("#article mark.m").length,
  }));
}

/** How many analyses the worker's engine made for the page (`view`), once it has booted. */
async function workerAnalyses(page) {
  await page.waitForFunction(() => window.lede && window.lede.booted, null, { timeout: 60000 });
  return page.evaluate(() => window.lede.call("counters").then((c) => c.view));
}

/** The page with `first.json` answered by `body` (a string), or 404 when `body` is null. */
async function openWith(body) {
  const { context, page, errors } = await openPage(env.browser, "about:blank");
  await context.route("**/prebuilt/**", (route) =>
    body === null ? route.fulfill({ status: 404, body: "not found" }) : route.fulfill({ status: 200, contentType: "application/json", body }),
  );
  await page.goto(env.server.url);
  return { context, page, errors };
}

test("the seed has the characters this test is about", () => {
  for (const c of ["“", "”", "’", "—", "é"]) assert.ok(seed.includes(c), c);
  assert.ok(prebuilt, "www/prebuilt/first.json is built (bash scripts/build.sh)");
  assert.equal(JSON.parse(prebuilt).id, manifest[0].id);
});

test("the prebuilt first render is the worker's, node for node", async () => {
  const a = await openPage(env.browser, env.server.url);
  const pre = await firstView(a.page);
  assert.equal(pre.from, "prebuilt");
  assert.ok(pre.marks > 10, `${pre.marks} highlights`);
  const text = await a.page.$$eval(".article-body p", (ps) => ps.map((p) => p.textContent).join("\n\n"));
  assert.equal(text, paragraphs);
  // the worker never analyzed it (the boot indexes the seeds; it does not view them)
  assert.equal(await workerAnalyses(a.page), 0);
  assert.equal(await a.page.evaluate(() => window.lede.first), "prebuilt");
  assert.deepEqual(a.errors, []);
  await a.context.close();

  // the same page, the prebuilt file missing: the worker analyzes the seed
  const b = await openWith(null);
  const worker = await firstView(b.page);
  assert.equal(worker.from, "worker");
  assert.ok((await workerAnalyses(b.page)) >= 1);
  assert.deepEqual(b.errors.filter((e) => !/404/.test(e)), []);
  await b.context.close();

  assert.equal(pre.marks, worker.marks);
  for (let i = 0; i < pre.html.length; i++) assert.equal(pre.html[i], worker.html[i]);
});

test("a prebuilt file for another text, other options or another wasm build is not what stays shown", async () => {
  const good = JSON.parse(prebuilt);
  // a file made from an older text of the seed: consistent in itself, not the seed served now
  const older = good.text.replace("Kim Jong Un", "Kim Jong-un");
  assert.notEqual(older, good.text);
  const cases = [
    ["text", { ...good, text: older, hash: textHash(older) }],
    ["hash", { ...good, hash: "0123456789abcdef" }],
    ["options", { ...good, options: { date: "1999-01-01" } }],
    ["format", { ...good, format: good.format + 1 }],
    ["wasm", { ...good, wasm: "0".repeat(64) }],
  ];
  for (const [what, file] of cases) {
    const { context, page, errors } = await openWith(JSON.stringify(file));
    await firstView(page);
    assert.ok((await workerAnalyses(page)) >= 1, what);
    assert.equal(await page.evaluate(() => window.lede.first), "worker", what);
    const text = await page.$$eval(".article-body p", (ps) => ps.map((p) => p.textContent).join("\n\n"));
    assert.equal(text, paragraphs, what);
    assert.deepEqual(errors, [], what);
    await context.close();
  }
});

test("a link to another seed opens it from its own prebuilt file", async () => {
  const other = manifest.find((m) => m.id === "wikinews-afghan");
  const { context, page, errors } = await openPage(env.browser, env.server.url + `#a=${other.id}`);
  const view = await firstView(page);
  assert.equal(view.from, "prebuilt");
  assert.equal(await page.textContent(".article-title"), other.title);
  assert.ok(view.marks > 10, `${view.marks} highlights`);
  assert.equal(await workerAnalyses(page), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the reader's corrections of the seed are in the prebuilt first render", async () => {
  const { context, page, errors } = await openPage(env.browser, env.server.url);
  await workerAnalyses(page);
  const ent = await page.evaluate(() => window.lede.state.current.raw.entities.find((e) => e.label === "PER"));
  const op = { op: "retype", name: ent.name, label: ent.label, to: "ORG", names: [ent.name, ...(ent.aliases || [])] };
  await page.evaluate((ops) => window.lede.call("setCorrections", { docId: window.lede.state.current.doc.id, ops }), [op]);
  await page.reload();
  // read right after the first render; the worker never analyzes the seed (counted after the boot)
  await page.waitForFunction(() => performance.getEntriesByName("lede:first-highlight").length > 0);
  const first = await page.evaluate((name) => {
    const a = window.lede.state.current.analysis;
    const i = a.entities.findIndex((e) => e.name === name);
    return { from: window.lede.first, label: a.entities[i]?.label, marks: [...document.querySelectorAll(`.article-body mark[data-e="${i}"]`)].map((m) => m.className) };
  }, ent.name);
  assert.equal(first.from, "prebuilt");
  assert.equal(first.label, "ORG");
  assert.equal(first.marks.length, ent.mentions.length);
  assert.ok(first.marks.every((c) => c.includes("m-ORG")), first.marks.join());
  assert.equal(await workerAnalyses(page), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
