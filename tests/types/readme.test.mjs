// The README's JavaScript, type-checked: every ```js snippet of README.md and
// of the npm package's README is compiled with `tsc --strict` (typescript
// pinned in package.json) against the types the npm package ships, with
// `lib: ["es2022", "dom"]` (no esnext) and `skipLibCheck: false`, so the
// shipped .d.ts files are checked too. A snippet that calls what it does not
// import, or calls the API in a way its types refuse, fails here.
//
// Needs the wasm glue of `bash scripts/build.sh` (www/embed/pkg and
// www/embed/pkg-search); packs with `scripts/package.sh --reuse` (never
// builds) and installs the tarball offline into a scratch folder.
// Run: node --test tests/types/ (tests/browser/types.test.mjs runs it in the browser suite).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync, spawnSync } from "node:child_process";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");
const BUILT = ["www/embed/pkg/lede.d.ts", "www/embed/pkg-search/lede.d.ts"].every((f) => fs.existsSync(path.join(ROOT, f)));
const why = !fs.existsSync(TSC) ? "typescript is not installed (npm ci)" : !BUILT ? "no wasm glue: run bash scripts/build.sh first" : null;
if (why) console.log(`# tests/types skipped: ${why}`);

let scratch, installed;

/** The ```js blocks of a markdown file, with their line numbers. */
export function snippets(markdown) {
  const out = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== "```js") continue;
    const start = i + 1;
    let j = start;
    while (j < lines.length && lines[j].trim() !== "```") j++;
    out.push({ line: start + 1, code: lines.slice(start, j).join("\n") });
    i = j;
  }
  return out;
}

/**
 * A snippet as a checkable module: data the reader brings (`text`, `t2`: an
 * article's text) is declared unless the snippet defines it; functions are
 * never declared, so a call to something not imported fails. The elements'
 * types (`lede/embed`) are in scope as on a page that loads embed.js.
 */
function moduleOf(code) {
  const pre = ['import type {} from "lede/embed";'];
  for (const name of ["text", "t2"]) {
    if (new RegExp(`\\b${name}\\b`).test(code) && !new RegExp(`\\b(const|let|var)\\s+${name}\\b`).test(code)) pre.push(`declare const ${name}: string;`);
  }
  return `${pre.join("\n")}\n${code}\nexport {};\n`;
}

function tsc(dir, files) {
  const config = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: "es2022",
      module: "esnext",
      moduleResolution: "bundler",
      lib: ["es2022", "dom"],
      types: [],
      skipLibCheck: false,
    },
    files,
  };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(config, null, 2));
  const r = spawnSync(process.execPath, [TSC, "-p", dir, "--pretty", "false"], { encoding: "utf8" });
  return { ok: r.status === 0, out: (r.stdout || "") + (r.stderr || "") };
}

before(() => {
  if (why) return;
  const out = execFileSync("bash", [path.join(ROOT, "scripts/package.sh"), "--reuse"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const tgz = out.trim().split("\n").pop();
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lede-types-"));
  fs.writeFileSync(path.join(scratch, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", tgz], { cwd: scratch, stdio: "pipe" });
  installed = path.join(scratch, "node_modules/lede");
  // The repository README imports the page's build as "./pkg/lede.js": the same glue the package ships.
  fs.symlinkSync(path.join(installed, "pkg"), path.join(scratch, "pkg"));
});
after(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

const READMES = [
  ["README.md", path.join(ROOT, "README.md")],
  ["npm README", path.join(ROOT, "packaging/npm/README.md")],
];

for (const [name, file] of READMES) {
  test(`${name}: every JS snippet type-checks with tsc --strict against the shipped types (lib es2022 + dom)`, { skip: why || false }, () => {
    const list = snippets(fs.readFileSync(file, "utf8"));
    assert.ok(list.length >= 3, `${name} has ${list.length} js snippets`);
    const files = list.map((s, i) => {
      const f = `${name.replace(/\W+/g, "-")}-${i}-line${s.line}.ts`;
      fs.writeFileSync(path.join(scratch, f), moduleOf(s.code));
      return f;
    });
    const r = tsc(scratch, files);
    assert.ok(r.ok, `tsc found errors in ${name}'s snippets (file names give the README line):\n${r.out}`);
  });
}

test("the types check what they promise: optional arguments may be left out, wrong ones are refused", { skip: why || false }, () => {
  const code = `import { analyze, summarize, Corpus, type Analysis, type SummarySentence } from "lede";
const a: Analysis = analyze("Kim Jong Un met Sergei Shoigu.");
const s: SummarySentence[] = summarize("One. Two.");
const idx: number = s[0].sentence;
const c = new Corpus();
c.add({ id: "a", title: "t", text: "x" });
c.search("x").results.forEach((r) => r.title.toUpperCase());
c.related("a");
c.free();
// @ts-expect-error a text is a string
analyze(42);
// @ts-expect-error summary sentences are indices, not text
const t: string = a.summary[0].sentence;
// @ts-expect-error options are typed
analyze("x", { summery: 3 });
// @ts-expect-error a document needs an id
c.add({ title: "t", text: "x" });
export { idx, t };
`;
  const dir = fs.mkdtempSync(path.join(scratch, "api-"));
  fs.symlinkSync(path.join(scratch, "node_modules"), path.join(dir, "node_modules"));
  fs.writeFileSync(path.join(dir, "api.ts"), code);
  const r = tsc(dir, ["api.ts"]);
  assert.ok(r.ok, r.out);
});

test("the npm README names only files the package holds", { skip: why || false }, () => {
  const readme = fs.readFileSync(path.join(installed, "README.md"), "utf8");
  const named = new Set();
  for (const m of readme.matchAll(/`([^`\s]+)`/g)) {
    let p = m[1].replace(/^node_modules\/lede\//, "");
    if (p.startsWith("/") || p.includes("://") || !/^(?:[\w.-]+\/)*(?:[\w.-]+\.(?:js|mjs|d\.ts|wasm|bin|md)|pkg(?:-search)?\/|LICENSE)$/.test(p)) continue;
    named.add(p);
  }
  assert.ok(named.size >= 8, [...named].join(", "));
  const missing = [...named].filter((p) => !fs.existsSync(path.join(installed, p)));
  assert.deepEqual(missing, [], `named in the npm README but not in the package: ${missing.join(", ")}`);
  assert.doesNotMatch(readme, /\bwww\/|\bscripts\/|serve\.sh|cargo /, "repository-only paths or commands");
});
