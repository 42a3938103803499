// Browser benchmark of the page (playwright-core + Debian Chromium, headless):
//  - time to first highlight: navigation start -> the seed shown with its
//    highlights (performance mark "lede:first-highlight"), median of runs;
//  - BBC import: 2,225 articles from a JSONL file through the import UI
//    (analysis + indexing in the worker) until "Added N articles";
//  - main-thread responsiveness during that import: the longest main-thread
//    task (PerformanceObserver "longtask", >= 50 ms) and the worst timer lag,
//    while typing in the search box (or in the paste box without search).
// node bench/page/bench.mjs [path/to/bbc_news_summary.jsonl]
// The BBC file is read from /work/shared/data (never copied into the repo).
// ONLY=first runs the first-highlight part alone (RUNS=n runs, default 7)
// and prints where its time goes (the page's and the worker's marks).
// COMPARE=DIR also measures the first highlight of the page in DIR (e.g. another
// worktree's www/, built), alternating with this one in the same run, and when
// each has booted (mark "lede:booted": every seed indexed, search ready).
// ONLY=long pastes a 20,000-word article (WORDS=n) built from the BBC file and
// lists the main-thread long tasks while it is analyzed and shown (5 runs at most),
// with the time from the click to its first slice and to its whole body.
// ONLY=reload imports the BBC file once (no typing), then reloads RUNS times.
//  - reload: navigation start -> the list of every stored article shown
//    (mark "lede:list") and a search typed as soon as the box shows answered
//    (its results in the list): "usable"; and -> everything restored
//    ("lede:booted": the chart's names, every article's text).
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import { serve, launch, openPage, ready, ROOT } from "../../tests/browser/harness.mjs";

const BBC = process.argv[2] || "/work/shared/data/bbc/bbc_news_summary.jsonl";
const RUNS = Number(process.env.RUNS || 7);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Reloads `page` and measures, on the page's clock, when the list, a first search and the boot were done. */
async function reloadOnce(page) {
  const t0 = Date.now();
  await page.reload();
  await page.waitForSelector("#q", { state: "visible", timeout: 60000 });
  await page.fill("#q", "blair");
  await page.waitForSelector('#results[data-query="blair"] .result', { timeout: 60000 });
  const search = await page.evaluate(() => performance.now());
  await page.waitForFunction(() => window.lede && window.lede.booted, null, { timeout: 60000 });
  const wall = Date.now() - t0;
  const m = await page.evaluate(async () => {
    const at = (n) => performance.getEntriesByName(n)[0]?.startTime ?? null;
    let worker = [];
    try {
      worker = (await window.lede.call("timings")).map(([n, ms]) => [n, Math.round(ms - performance.timeOrigin)]);
    } catch {
      worker = [];
    }
    return { list: at("lede:list"), highlight: at("lede:first-highlight"), booted: at("lede:booted"), listed: document.getElementById("list-status").textContent, worker };
  });
  const usable = Math.max(m.list ?? Infinity, search);
  return { usableMs: Math.round(usable), listMs: Math.round(m.list ?? -1), searchMs: Math.round(search), highlightMs: Math.round(m.highlight ?? -1), bootedMs: Math.round(m.booted ?? -1), wallMs: wall, listed: m.listed, worker: m.worker };
}

/**
 * Pastes an article of `WORDS` words (default 20,000: BBC articles one after
 * another, their paragraphs kept) and records every main-thread long task
 * (>= 50 ms) from the click on "Analyze" until the article is shown with its
 * highlights and one more second has passed, RUNS times (fresh contexts).
 */
async function longArticle(browser, url) {
  const want = Number(process.env.WORDS || 20000);
  const paras = [];
  let words = 0;
  for (const line of fs.readFileSync(BBC, "utf8").split("\n")) {
    if (!line.trim() || words >= want) continue;
    for (const p of JSON.parse(line).text.split(/\n+/)) {
      if (words >= want) break;
      paras.push(p);
      words += p.split(/\s+/).filter(Boolean).length;
    }
  }
  const text = paras.join("\n\n");
  const runs = [];
  for (let r = 0; r < Math.min(RUNS, 5); r++) {
    const { page, context } = await openPage(browser, url);
    await ready(page);
    if (!(await page.$eval("#paste", (d) => d.open))) await page.click("#paste summary");
    await page.fill("#paste-title", "A long article");
    await page.fill("#paste-text", text);
    await page.evaluate(() => {
      window.__longAt = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__longAt.push([Math.round(e.startTime), Math.round(e.duration)]);
      }).observe({ type: "longtask", buffered: false });
      window.__shown = null;
      window.__first = null;
      document.addEventListener("lede:article", () => (window.__shown = performance.now()));
      // the article's first slice in the DOM (its title and first paragraphs)
      new MutationObserver((_, o) => {
        if (document.querySelector(".article-title")?.textContent === "A long article") {
          window.__first = performance.now();
          o.disconnect();
        }
      }).observe(document.getElementById("article"), { childList: true });
      window.__clicked = performance.now();
    });
    await page.click('#paste-form button[type="submit"]');
    await page.waitForFunction(() => window.__shown !== null && document.querySelector(".article-title")?.textContent === "A long article", null, { timeout: 120000 });
    await page.waitForTimeout(1000);
    const m = await page.evaluate(() => ({ long: window.__longAt, first: window.__first - window.__clicked, shown: window.__shown - window.__clicked, marks: document.querySelectorAll("#article mark").length }));
    runs.push({ firstSliceMs: Math.round(m.first), shownMs: Math.round(m.shown), marks: m.marks, longTasks: m.long.length, longestTaskMs: m.long.length ? Math.max(...m.long.map((x) => x[1])) : 0, tasks: m.long });
    console.log(`long article (${words} words): first slice in ${Math.round(m.first)} ms, whole in ${Math.round(m.shown)} ms, ${m.marks} marks, long tasks ${JSON.stringify(m.long)}`);
    await context.close();
  }
  return { words, runs, medianFirstSliceMs: median(runs.map((r) => r.firstSliceMs)), medianShownMs: median(runs.map((r) => r.shownMs)), medianLongestTaskMs: median(runs.map((r) => r.longestTaskMs)) };
}

const server = await serve();
const browser = await launch();
const out = { chromium: browser.version() };
try {
  if (process.env.ONLY === "reload") {
    const { page, context } = await openPage(browser, server.url);
    await ready(page);
    const t = Date.now();
    await page.setInputFiles("#files", BBC);
    await page.waitForFunction(() => /Added \d/.test(document.getElementById("add-status").textContent), null, { timeout: 600000 });
    console.log(`imported in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await reloadOnce(page);
      runs.push(r);
      console.log(`reload ${i + 1}: usable ${r.usableMs} ms (list ${r.listMs}, search answered ${r.searchMs}), first highlight ${r.highlightMs}, booted ${r.bootedMs}; ${r.listed}`);
      console.log("  worker:", r.worker.map(([n, ms]) => `${n} ${ms}`).join(", "));
    }
    console.log(`median: usable ${median(runs.map((r) => r.usableMs))} ms, booted ${median(runs.map((r) => r.bootedMs))} ms`, `${os.cpus().length} × ${os.cpus()[0].model}, load ${os.loadavg()[0].toFixed(1)}`);
    await context.close();
    await browser.close();
    await server.close();
    process.exit(0);
  }
  // 1. Time to first highlight (fresh context each run: no cache, no storage).
  const firsts = [];
  const steps = new Map(); // mark name -> [ms of each run]
  for (let i = 0; i < RUNS; i++) {
    const { page, context } = await openPage(browser, server.url);
    await page.waitForSelector(".article-body mark.m");
    const t = await page.evaluate(() => performance.getEntriesByName("lede:first-highlight")[0]?.startTime);
    const marks = await page.$$eval(".article-body mark.m", (m) => m.length);
    if (!marks) throw new Error("no highlights");
    firsts.push(t);
    // Where the time went: the page's marks and the worker's (on the page's clock).
    const at = await page.evaluate(async () => {
      const own = performance.getEntriesByType("mark").filter((m) => m.name.startsWith("lede:")).map((m) => [m.name, m.startTime]);
      const res = performance.getEntriesByType("resource").map((r) => [`fetched ${r.name.replace(location.origin + "/", "")}`, r.responseEnd]);
      let worker = [];
      try {
        worker = (await window.lede.call("timings")).map(([n, ms]) => [n, ms - performance.timeOrigin]);
      } catch {
        worker = [];
      }
      return [...own, ...res, ...worker];
    });
    for (const [n, ms] of at) {
      if (!steps.has(n)) steps.set(n, []);
      steps.get(n).push(ms);
    }
    await context.close();
  }
  out.firstHighlight = { medianMs: Math.round(median(firsts)), minMs: Math.round(Math.min(...firsts)), maxMs: Math.round(Math.max(...firsts)), runs: RUNS };
  out.firstHighlightSteps = Object.fromEntries(
    [...steps].map(([n, xs]) => [n, Math.round(median(xs))]).sort((a, b) => a[1] - b[1]),
  );
  console.log("first highlight (ms):", firsts.map(Math.round).join(", "));
  console.log("median time of each step (ms after navigation start):");
  for (const [n, ms] of Object.entries(out.firstHighlightSteps)) console.log(`  ${String(ms).padStart(5)}  ${n}`);
  // COMPARE=DIR: the first highlight of another build of the page (another worktree's www/),
  // served beside this one and measured in the same run, alternating.
  if (process.env.COMPARE) {
    const other = await serve(process.env.COMPARE);
    const theirs = [];
    const ours = [];
    // and when each was booted (everything loaded, search ready): what starting the engine later costs
    const booted = new Map([[theirs, []], [ours, []]]);
    for (let i = 0; i < RUNS; i++) {
      for (const [list, url] of [[theirs, other.url], [ours, server.url]]) {
        const { page, context } = await openPage(browser, url);
        await page.waitForSelector(".article-body mark.m", { timeout: 60000 });
        list.push(await page.evaluate(() => performance.getEntriesByName("lede:first-highlight")[0]?.startTime));
        await page.waitForFunction(() => window.lede && window.lede.booted, null, { timeout: 60000 });
        booted.get(list).push(await page.evaluate(() => performance.getEntriesByName("lede:booted")[0]?.startTime));
        await context.close();
      }
    }
    await other.close();
    const ms = (xs) => `median ${Math.round(median(xs))} ms (${xs.map(Math.round).join(", ")})`;
    out.firstHighlightCompared = {
      dir: process.env.COMPARE,
      theirsMedianMs: Math.round(median(theirs)),
      oursMedianMs: Math.round(median(ours)),
      theirsBootedMs: Math.round(median(booted.get(theirs))),
      oursBootedMs: Math.round(median(booted.get(ours))),
      runs: RUNS,
    };
    console.log(`same run, alternating, first highlight: ${process.env.COMPARE} ${ms(theirs)}, this www/ ${ms(ours)}`);
    console.log(`  booted: ${process.env.COMPARE} ${ms(booted.get(theirs))}, this www/ ${ms(booted.get(ours))}`);
  }
  if (process.env.ONLY === "long") {
    out.longArticle = await longArticle(browser, server.url);
    await browser.close();
    await server.close();
    out.machine = `${os.cpus().length} × ${os.cpus()[0].model}, load ${os.loadavg()[0].toFixed(1)}`;
    console.log(JSON.stringify(out.longArticle), out.machine);
    process.exit(0);
  }
  if (process.env.ONLY === "first") {
    await browser.close();
    await server.close();
    out.machine = `${os.cpus().length} × ${os.cpus()[0].model}, load ${os.loadavg()[0].toFixed(1)}`;
    console.log(JSON.stringify(out.firstHighlight), out.machine);
    process.exit(0);
  }

  // 2. BBC import while typing.
  const buf = fs.readFileSync(BBC);
  const n = buf.toString("utf8").trim().split("\n").length;
  const { page, context, errors } = await openPage(browser, server.url);
  await ready(page);
  const search = await page.evaluate(() => window.lede.state.search);
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__long.push(e.duration);
    }).observe({ type: "longtask", buffered: false });
    window.__longAt = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__longAt.push([Math.round(e.startTime), Math.round(e.duration)]);
    }).observe({ type: "longtask", buffered: false });
    window.__lag = 0;
    let last = performance.now();
    window.__lagTimer = setInterval(() => {
      const now = performance.now();
      window.__lag = Math.max(window.__lag, now - last - 20);
      last = now;
    }, 20);
  });
  const t0 = Date.now();
  // By path: Chromium opens the file itself (a buffer would be decoded on the page's main thread by the test tool).
  await page.setInputFiles("#files", BBC);
  // Type while it imports: search when there is search, else the paste box.
  const box = search ? "#q" : "#paste-text";
  if (!search) await page.click("#paste summary");
  const words = ["blair", "brown", "economy", "chelsea", "oscar", "broadband", "election"];
  const typing = [];
  let k = 0;
  let searchLatencies = [];
  while (!(await page.evaluate(() => /Added \d/.test(document.getElementById("add-status").textContent)))) {
    const w = words[k++ % words.length];
    await page.fill(box, "");
    const ts = Date.now();
    await page.type(box, w, { delay: 30 });
    typing.push(Date.now() - ts - 30 * w.length);
    if (search) {
      const s0 = Date.now();
      await page.waitForFunction((q) => document.getElementById("results").children.length && document.getElementById("q").value === q, w, { timeout: 20000 }).catch(() => {});
      searchLatencies.push(Date.now() - s0);
    }
    if (Date.now() - t0 > 600000) throw new Error("import took more than 10 minutes");
  }
  const importMs = Date.now() - t0;
  const status = await page.textContent("#add-status");
  const m = await page.evaluate(() => ({ long: window.__long, lag: window.__lag, at: window.__longAt }));
  console.log("long tasks [start, duration]:", JSON.stringify(m.at));
  out.bbcImport = {
    articles: n,
    status,
    seconds: +(importMs / 1000).toFixed(1),
    articlesPerSecond: Math.round(n / (importMs / 1000)),
    longTasks: m.long.length,
    longestTaskMs: m.long.length ? Math.round(Math.max(...m.long)) : 0,
    worstTimerLagMs: Math.round(m.lag),
    typedWords: typing.length,
    typingExtraMsMedian: Math.round(median(typing)),
    typingInto: search ? "search box" : "paste box (no search engine in this build)",
    searchLatencyMsMedian: searchLatencies.length ? Math.round(median(searchLatencies)) : null,
  };
  // After the import: reopen (storage + index restore) on reload, a few times.
  const reloads = [];
  for (let i = 0; i < Math.min(RUNS, 5); i++) reloads.push(await reloadOnce(page));
  out.reloadWithBbc = {
    usableMsMedian: median(reloads.map((r) => r.usableMs)),
    listMsMedian: median(reloads.map((r) => r.listMs)),
    searchAnsweredMsMedian: median(reloads.map((r) => r.searchMs)),
    bootedMsMedian: median(reloads.map((r) => r.bootedMs)),
    runs: reloads.map(({ worker, listed, ...r }) => r), // eslint-disable-line no-unused-vars
    worker: reloads[0]?.worker,
  };
  out.reloadListStatus = reloads[0]?.listed;
  out.consoleErrors = errors.length;
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
out.machine = `${os.cpus().length} × ${os.cpus()[0].model}, load ${os.loadavg()[0].toFixed(1)}`;
out.date = new Date().toISOString();
console.log(JSON.stringify(out, null, 2));
fs.writeFileSync(path.join(ROOT, "bench/page/results.json"), JSON.stringify(out, null, 2) + "\n");
