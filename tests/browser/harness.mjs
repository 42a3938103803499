// Shared harness for browser tests: a static file server on 127.0.0.1 (a free
// port) serving www/, and Debian's Chromium driven by playwright-core.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const OUT = path.join(ROOT, "test-output", "browser");
fs.mkdirSync(OUT, { recursive: true });

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
  ".jsonl": "application/x-ndjson; charset=utf-8",
  ".png": "image/png",
};

/**
 * Serves `dir` on 127.0.0.1; resolves to { url, close }. `extra` maps paths to
 * [type, body] or [type, body, headers]. Options: `mounts` maps URL prefixes
 * ("/vendor/lede/") to other directories; `headers` are sent with every file.
 */
export function serve(dir = path.join(ROOT, "www"), extra = {}, { mounts = {}, headers = {} } = {}) {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, "http://x");
    let p = decodeURIComponent(u.pathname);
    if (extra[p]) {
      const [type, body, more = {}] = extra[p];
      res.writeHead(200, { "content-type": type, ...headers, ...more });
      res.end(body);
      return;
    }
    if (p.endsWith("/")) p += "index.html";
    let base = dir;
    for (const [prefix, d] of Object.entries(mounts)) {
      if (p.startsWith(prefix)) {
        base = d;
        p = "/" + p.slice(prefix.length);
        break;
      }
    }
    const file = path.join(base, p);
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      res.writeHead(200, { "content-type": MIME[path.extname(file)] || "application/octet-stream", ...headers });
      res.end(data);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** Launches headless Debian Chromium. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * A test file's server and browser: `serve(...serveArgs)` and `launch()`
 * before its tests, both closed after. Read them as `env.server`, `env.browser`.
 */
export function setup(...serveArgs) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await serve(...serveArgs);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/**
 * Opens a page that records console errors, page errors and every request,
 * so tests can assert zero errors and zero requests to other origins.
 */
export async function openPage(browser, url, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(url);
  const origin = new URL(url).origin;
  const foreign = () => requests.filter((r) => !r.startsWith(origin) && !r.startsWith("data:") && !r.startsWith("blob:"));
  return { context, page, errors, requests, foreign };
}

/** Waits until the page has shown an article and the worker has loaded everything. */
export async function ready(page) {
  await page.waitForSelector(".article-body mark.m, .article-body p");
  await page.waitForFunction(() => window.lede && window.lede.booted, null, { timeout: 30000 });
}
