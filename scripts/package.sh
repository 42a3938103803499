#!/usr/bin/env bash
# Builds the npm package `lede` and packs it: target/npm/lede-X.Y.Z.tgz.
#   bash scripts/package.sh            # release wasm build (wasm-pack --target web), then pack
#   bash scripts/package.sh --reuse    # reuse www/embed/pkg{,-search} from scripts/build.sh, never builds (quick; used by the tests)
# The package: pkg/ (the extraction wasm without the NER model + glue + types,
# and ner.bin, the model: index.js and node.js load it on import, embed.js when
# an article is analyzed), pkg-search/ (the search-only wasm, what <lede-search>
# over a prebuilt index loads), index.js (browsers, bundlers), node.js (Node),
# embed.js + engine.js + protocol.js + worker.js (the custom elements), their
# types, README.md (packaging/npm/README.md), LICENSE.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REUSE=0
[ "${1:-}" = "--reuse" ] && REUSE=1
OUT="$ROOT/target/npm"
STAGE="$OUT/lede"
VERSION="$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)"
rm -rf "$STAGE"
mkdir -p "$STAGE/pkg" "$STAGE/pkg-search"
GLUE=(lede.js lede.d.ts lede_bg.wasm lede_bg.wasm.d.ts)
if [ $REUSE -eq 1 ]; then
  # --reuse never builds: without scripts/build.sh's output it stops and says so.
  for d in www/embed/pkg www/embed/pkg-search; do
    if [ ! -f "$d/lede_bg.wasm" ] || [ ! -f "$d/lede.d.ts" ]; then
      echo "[package] --reuse: $d/lede_bg.wasm is missing; run 'bash scripts/build.sh' first (or package.sh without --reuse to build)" >&2
      exit 1
    fi
  done
  echo "[package] reusing www/embed/pkg and www/embed/pkg-search" >&2
  for f in "${GLUE[@]}"; do
    cp "www/embed/pkg/$f" "$STAGE/pkg/"
    cp "www/embed/pkg-search/$f" "$STAGE/pkg-search/"
  done
  # the glue's JS snippets (src/wasm/results.rs: the search results' builder)
  for d in pkg pkg-search; do
    if [ -d "www/embed/$d/snippets" ]; then cp -r "www/embed/$d/snippets" "$STAGE/$d/"; fi
  done
else
  source "$ROOT/scripts/setup.sh"
  echo "[package] wasm (wasm-pack, release, --target web): extraction (NER model loaded at run time), search only" >&2
  wasm-pack --quiet build --release --target web --no-pack --out-dir "$STAGE/pkg" --out-name lede -- --no-default-features --features extract >&2
  wasm-pack --quiet build --release --target web --no-pack --out-dir "$STAGE/pkg-search" --out-name lede -- --no-default-features >&2
  rm -f "$STAGE/pkg/.gitignore" "$STAGE/pkg-search/.gitignore"
fi
cp models/ner.bin "$STAGE/pkg/ner.bin"
# The generated classes declare `[Symbol.dispose](): void`, which type-checks only
# with `lib: esnext` (esnext.disposable). The method stays at run time (wherever
# the JS engine has Symbol.dispose); the shipped types leave it out, so they
# check under any `lib` (tests/types/ checks them with lib es2022 + dom).
for d in pkg pkg-search; do
  sed -i '/\[Symbol\.dispose\]()/d' "$STAGE/$d/lede.d.ts"
done
cp www/embed/embed.js www/embed/engine.js www/embed/protocol.js www/embed/sharded.js www/embed/worker.js "$STAGE/"
cp packaging/npm/index.js packaging/npm/node.js packaging/npm/index.d.ts packaging/npm/embed.d.ts packaging/npm/example.mjs "$STAGE/"
cp packaging/npm/LICENSE "$STAGE/LICENSE"
# The npm README is its own file: it names only what the package holds
# (tests/types/ checks every path it mentions and type-checks its snippets).
cp packaging/npm/README.md "$STAGE/README.md"
node - "$STAGE/package.json" "$VERSION" <<'JS'
const fs = require("node:fs");
const [file, version] = process.argv.slice(2);
const pkg = {
  name: "lede",
  version,
  description: "News-article analyzer in WebAssembly: people, places, organizations, quotes and search, in the browser and in Node; <lede-article> and <lede-search> elements for any site",
  license: "MIT OR Apache-2.0",
  type: "module",
  main: "./node.js",
  module: "./index.js",
  browser: "./index.js",
  types: "./index.d.ts",
  exports: {
    ".": {
      types: "./index.d.ts",
      node: "./node.js",
      browser: "./index.js",
      import: "./index.js",
      default: "./index.js",
    },
    "./embed": { types: "./embed.d.ts", default: "./embed.js" },
    "./embed.js": { types: "./embed.d.ts", default: "./embed.js" },
    "./pkg/*": "./pkg/*",
    "./pkg-search/*": "./pkg-search/*",
    "./package.json": "./package.json",
  },
  files: ["pkg/", "pkg-search/", "index.js", "index.d.ts", "node.js", "embed.js", "embed.d.ts", "engine.js", "protocol.js", "sharded.js", "worker.js", "example.mjs", "README.md", "LICENSE"],
  sideEffects: ["./index.js", "./node.js", "./embed.js", "./pkg/lede.js", "./pkg-search/lede.js"],
  keywords: ["news", "nlp", "ner", "entities", "search", "webassembly", "wasm", "web-components"],
  engines: { node: ">=18" },
};
fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
JS
(cd "$STAGE" && npm pack --silent --pack-destination "$OUT" >/dev/null)
echo "$OUT/lede-$VERSION.tgz"
