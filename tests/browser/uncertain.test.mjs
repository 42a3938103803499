// Uncertain names (issue 15): low-confidence mentions are marked as uncertain
// in the text and the list (not by colour alone: a "?" read as "uncertain", a
// line in the card, words in the list), the chart and the search facets leave
// names no article is sure of out until the reader ticks "Include uncertain
// names", and a non-English article says its names are found by shape only.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { setup, openPage, ready, ROOT } from "./harness.mjs";

const axeSource = fs.readFileSync(path.join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
const env = setup();

async function axe(page) {
  await page.evaluate(axeSource);
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join("\n  ")}`);
}

async function paste(page, title, text) {
  if (!(await page.$eval("#paste", (d) => d.open))) await page.click("#paste summary");
  await page.fill("#paste-title", title);
  await page.fill("#paste-text", text);
  await page.click('#paste-form button[type="submit"]');
  await page.waitForFunction((t) => document.querySelector(".article-title")?.textContent === t, title);
}

// Written for this test (news register, French).
const FRENCH = [
  "Le président Emmanuel Macron a reçu jeudi à l'Élysée le chancelier Olaf Scholz pour parler de l'aide à l'Ukraine.",
  "Selon la présidence, les deux dirigeants ont aussi évoqué le budget de la Commission européenne avec Ursula von der Leyen.",
  "Le Premier ministre Gabriel Attal doit présenter le 14 mars 2024 un plan de trois milliards d'euros. Emmanuel Macron a salué un accord « utile ».",
].join("\n\n");

test("a French article: names by shape only, all marked uncertain, said in words and to screen readers", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  await paste(page, "Macron reçoit Scholz", FRENCH);
  const note = await page.textContent(".lang-note");
  assert.match(note, /French/);
  assert.match(note, /shape only/);
  const marks = await page.$$eval(".article-body mark.m", (ms) =>
    ms.map((m) => ({ text: m.textContent, cls: m.className, after: getComputedStyle(m, "::after").content })),
  );
  const names = marks.filter((m) => /m-(PER|ORG|LOC|MISC)\b/.test(m.cls));
  assert.ok(names.some((m) => m.text === "Emmanuel Macron"), JSON.stringify(marks));
  assert.ok(!names.some((m) => /m-(PER|ORG|LOC)\b/.test(m.cls)), "no English-model types");
  for (const m of names) {
    assert.match(m.cls, /\buncertain\b/, m.text);
    assert.match(m.after, /\?/, `${m.text}: a visible "?" (not colour alone)`);
    assert.match(m.after, /uncertain/, `${m.text}: alt text for screen readers`);
  }
  // dates are found by patterns: sure, not marked
  const dates = marks.filter((m) => /m-DATE/.test(m.cls));
  assert.ok(dates.length > 0 && dates.every((m) => !/uncertain/.test(m.cls)), JSON.stringify(dates));
  // the accessible text of the mark says it
  const snap = await page.locator(".article-body mark.uncertain").first().ariaSnapshot();
  assert.match(snap, /uncertain/, snap);
  // the card says why, in words; the list says it too
  await page.focus(".article-body mark.uncertain >> nth=0");
  assert.match(await page.textContent("#card"), /Uncertain \(confidence \d+%\): found by its shape only/);
  const list = await page.$$eval(".entity.uncertain", (bs) => bs.map((b) => b.textContent));
  assert.ok(list.some((t) => /Emmanuel Macron\?? ?\(uncertain\)/.test(t)), list.join(" | "));
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the chart and the facets leave uncertain names out until asked", async () => {
  const { page, context, errors } = await openPage(env.browser, env.server.url);
  await ready(page);
  const stats = await page.evaluate(() => window.lede.state.stats);
  assert.ok(stats.uncertain > 0 && stats.uncertainNames.length > 0, "the seeds have names no article is sure of");
  const bars = () => page.$$eval("#chart .bar", (gs) => gs.map((g) => g.dataset.name));
  const names = (top) => ["PER", "ORG", "LOC"].flatMap((l) => top[l].map((e) => e.name));
  const unsure = new Set(stats.uncertainNames.map((n) => n.name));
  // by default: the sure names only, and the box to include the others
  assert.deepEqual(await bars(), names(stats.top));
  assert.ok(!(await bars()).some((n) => unsure.has(n)));
  assert.equal(await page.isVisible("#chart-uncertain"), true);
  assert.equal(await page.isChecked("#chart-uncertain"), false);
  // the facets of a search for an uncertain name leave it out
  const pick = stats.uncertainNames.find((n) => n.label !== "MISC");
  assert.ok(pick, JSON.stringify(stats.uncertainNames));
  await page.fill("#q", `"${pick.name}"`);
  await page.waitForFunction(() => document.querySelector("#results .result"), null, { timeout: 15000 });
  const chips = () => page.$$eval("#facets .chip", (cs) => cs.map((c) => c.textContent));
  await page.waitForTimeout(200);
  assert.ok(!(await chips()).some((c) => c.startsWith(`${pick.name} `)), `${pick.name} left out: ${(await chips()).join(" | ")}`);
  // ticking the search's box brings it back, and ticks the chart's too
  await page.check("#r-uncertain");
  await page.waitForFunction((n) => [...document.querySelectorAll("#facets .chip")].some((c) => c.textContent.startsWith(`${n} `)), pick.name, { timeout: 15000 });
  assert.equal(await page.isChecked("#chart-uncertain"), true);
  assert.deepEqual(await bars(), names(stats.topAll));
  // and unticking the chart's box leaves it out again
  await page.uncheck("#chart-uncertain");
  assert.deepEqual(await bars(), names(stats.top));
  assert.equal(await page.isChecked("#r-uncertain"), false);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});
