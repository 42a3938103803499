// Saves screenshots of the page (light, dark, phone) to docs/ for the README:
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
} finally {
  await browser.close();
  await server.close();
}
