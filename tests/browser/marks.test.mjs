// Issue #13 finding 4: a search for a name of several words marks the name
// where its words stand together, not every lone "North" and "Korea" of the
// article (the core places the marks; this checks what the reader sees).
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

test("searching north korea marks the words where they stand together, never a lone north or korea", async (t) => {
  if (!hasSearch) return t.skip("the search engine (Corpus) is not in this build");
  const { page, context, errors } = await openPage(browser, server.url);
  await ready(page);
  await page.fill("#q", "north korea");
  await page.waitForSelector('#results[data-query="north korea"] .result mark.hl');
  // in every snippet where the two words stand together, each marked word is
  // one of such a pair (an article with no "North Korea" may match on a lone
  // word, and that word is marked: it is why the article matched)
  const bad = await page.$$eval("#results .result", (results) => {
    const out = [];
    let marks = 0;
    let pairs = 0;
    for (const r of results) {
      const ms = [...r.querySelectorAll("mark.hl")];
      marks += ms.length;
      const lone = [];
      ms.forEach((m, i) => {
        const w = m.textContent.toLowerCase();
        const between = (a, b) => {
          if (!a || !b) return null;
          const range = document.createRange();
          range.setStartAfter(a);
          range.setEndBefore(b);
          return range.toString();
        };
        const next = ms[i + 1], prev = ms[i - 1];
        const withNext = next && /^\s+$/.test(between(m, next) ?? "x") && /^korea/.test(next.textContent.toLowerCase());
        const withPrev = prev && /^\s+$/.test(between(prev, m) ?? "x") && prev.textContent.toLowerCase() === "north";
        const together = w.includes(" ") || (w === "north" && withNext) || (w.startsWith("korea") && withPrev);
        if (!together) lone.push(`${r.dataset.id}: "${m.textContent}"`);
        else pairs++;
      });
      if (lone.length < ms.length) out.push(...lone);
    }
    return { out, marks, pairs };
  });
  assert.ok(bad.marks > 0, "no marks at all");
  assert.ok(bad.pairs > 0, "no snippet shows North Korea marked");
  assert.deepEqual(bad.out, [], bad.out.join("; "));
  assert.deepEqual(errors, []);
  await context.close();
});
