// Where the first highlight waits, for several builds of the page side by side:
// each www/ directory given is served on its own port and loaded in turn (a
// fresh browser context each, alternating, RUNS rounds), and for each the
// medians of: the HTML's arrival, the last script's arrival (the worker's
// included), DOMContentLoaded (app.js and every module it imports loaded and
// run), start.js asking for the first article (`lede:first-asked`), its answer
// (`lede:first-answer`) and the first highlight; then one run's scripts as
// `name start/requestStart/responseEnd` (ms after navigation start: a request
// that waits for one of HTTP/1.1's six connections to the host starts late).
//   RUNS=13 node bench/page/waterfall.mjs www /path/to/other/www [...]
// Each directory must be a built page (bash scripts/build.sh), seeds included.
import path from "node:path";
import os from "node:os";
import { serve, launch, openPage, ROOT } from "../../tests/browser/harness.mjs";

const dirs = process.argv.slice(2).map((d) => path.resolve(ROOT, d));
if (!dirs.length) dirs.push(path.join(ROOT, "www"));
const RUNS = Number(process.env.RUNS || 7);
const servers = await Promise.all(dirs.map((d) => serve(d)));
const browser = await launch();
const rows = dirs.map(() => []);
try {
  for (let i = 0; i < RUNS; i++) {
    for (let k = 0; k < dirs.length; k++) {
      const { page, context } = await openPage(browser, servers[k].url);
      await page.waitForSelector(".article-body mark.m", { timeout: 60000 });
      rows[k].push(
        await page.evaluate(() => {
          const at = (n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN;
          const nav = performance.getEntriesByType("navigation")[0];
          const js = performance
            .getEntriesByType("resource")
            .filter((e) => /\.js$/.test(e.name))
            .map((e) => [e.name.replace(location.origin + "/", ""), Math.round(e.startTime), Math.round(e.requestStart), Math.round(e.responseEnd)]);
          return {
            html: nav.responseEnd,
            lastJs: Math.max(...js.map((x) => x[3])),
            dcl: nav.domContentLoadedEventEnd,
            asked: at("lede:first-asked"),
            answer: at("lede:first-answer"),
            highlight: at("lede:first-highlight"),
            js,
          };
        }),
      );
      await context.close();
    }
  }
} finally {
  await browser.close();
  for (const s of servers) await s.close();
}
const median = (xs) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length ? Math.round(s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
for (let k = 0; k < dirs.length; k++) {
  const R = rows[k];
  const m = (key) => median(R.map((r) => r[key]));
  console.log(`${dirs[k]}: ${R[0].js.length} scripts; medians (ms): html ${m("html")}, last script ${m("lastJs")}, DOMContentLoaded ${m("dcl")}, first asked ${m("asked")}, answered ${m("answer")}, first highlight ${m("highlight")}`);
  console.log(`  first highlight of each run: ${R.map((r) => Math.round(r.highlight)).join(", ")}`);
  console.log(`  one run's scripts: ${R[0].js.map(([n, s, q, e]) => `${n} ${s}/${q}/${e}`).join("; ")}`);
}
console.log(`${RUNS} runs each, alternating; ${os.cpus().length} × ${os.cpus()[0].model}, load ${os.loadavg()[0].toFixed(1)}`);
