// Saves screenshots of the page (light, dark, phone, a name's page) to docs/ for the README:
// node scripts/screenshots.mjs   (after bash scripts/build.sh)
import path from "node:path";
import { serve, launch, openPage, ready, ROOT } from "../tests/browser/harness.mjs";

const server = await serve();
const browser = await launch();
try {
  for (const [name, options] of [
    ["light", { colorScheme: "light", viewport: { width: 1400, height: 900 } }],
    ["dark", { colorScheme: "dark", viewport: { width: 1400, height: 900 } }],
    ["phone", { colorScheme: "light", viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
  ]) {
    const { page, context } = await openPage(browser, server.url, options);
    await ready(page);
    await page.click('.entity:has-text("Sergei Shoigu")');
    if (name === "phone") await page.evaluate(() => document.querySelector("main").scrollIntoView());
    else {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.hover('.article-body mark.m-PER:text-is("Shoigu")');
    }
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(ROOT, "docs", `screenshot-${name}.png`) });
    await context.close();
    console.log(`docs/screenshot-${name}.png`);
  }
  // A name's page (the name in the most loaded articles): its articles over time, quotes, companions.
  {
    const { page, context } = await openPage(browser, server.url, { colorScheme: "light", viewport: { width: 1400, height: 900 } });
    await ready(page);
    const top = await page.evaluate(() => {
      const s = window.lede.state.stats.top;
      return ["ORG", "PER", "LOC"].map((l) => s[l][0] && { ...s[l][0], label: l }).filter(Boolean).sort((x, y) => y.articles.length - x.articles.length)[0];
    });
    await page.click(`.article-link[data-id="${top.articles[0]}"]`);
    await page.waitForFunction((id) => window.lede.state.current?.doc.id === id && document.querySelector(".article-body"), top.articles[0]);
    const i = await page.evaluate(([n, l]) => window.lede.state.current.analysis.entities.findIndex((e) => e.name === n && e.label === l), [top.name, top.label]);
    if (!(await page.$(`#entities .entity[data-e="${i}"]`))) await page.click(`#entities .egroup[data-label="${top.label}"] .show-all`);
    await page.click(`#entities .entity[data-e="${i}"]`);
    await page.click("#tools-across .entity-page");
    await page.waitForFunction(() => /Quotes \(\d+\)/.test(document.querySelector("#ev-quotes-part h3")?.textContent || ""), null, { timeout: 60000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(ROOT, "docs", "screenshot-entity.png") });
    await context.close();
    console.log("docs/screenshot-entity.png");
  }
} finally {
  await browser.close();
  await server.close();
}
