#!/usr/bin/env bash
# Builds the three wasm builds and the native CLI:
#   www/pkg/                the page's: everything, NER model compiled in (default features);
#   www/embed/pkg/          the embed's extraction build (feature `extract`, no compiled-in
#                           model) plus ner.bin, which it fetches at run time;
#   www/embed/pkg-search/   search only (no extraction engines, no model), what
#                           <lede-search> over a prebuilt index loads;
#   www/prebuilt/           each seed's analysis by the page's build (scripts/prebuild.mjs, in
#                           Node), which the page shows first without waiting for its worker;
# then target/release/lede and the example index www/examples/posts.lede.
#   bash scripts/build.sh          # all of it
#   bash scripts/build.sh search   # only www/embed/pkg-search (to measure a size cut)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
wasm() { # OUT_DIR [cargo args...]
  local out="$1"
  shift
  wasm-pack --quiet build --release --target web --no-pack --out-dir "$out" --out-name lede "$@" >&2
  rm -f "$out/.gitignore"
}
ONLY="${1:-all}"
if [ "$ONLY" != search ]; then
  echo "[build] wasm (wasm-pack, release) -> www/pkg" >&2
  wasm www/pkg
  echo "[build] the seeds' analyses, prebuilt by that build -> www/prebuilt (see www/prebuilt.js)" >&2
  node --no-warnings scripts/prebuild.mjs
  echo "[build] embed wasm (extraction, model loaded at run time) -> www/embed/pkg" >&2
  wasm www/embed/pkg -- --no-default-features --features extract
  cp models/ner.bin www/embed/pkg/ner.bin
fi
echo "[build] search-only wasm (opt-level z, wasm-opt -Oz: the download every host page pays) -> www/embed/pkg-search" >&2
CARGO_PROFILE_RELEASE_OPT_LEVEL=z wasm www/embed/pkg-search --no-opt -- --no-default-features
# wasm-pack's wasm-opt flags (Cargo.toml) are -O3 for the two extraction builds;
# this one is optimized for size, names and producers stripped
wasm-opt -Oz --strip-debug --strip-producers --enable-simd --enable-bulk-memory \
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  www/embed/pkg-search/lede_bg.wasm -o www/embed/pkg-search/lede_bg.wasm
if [ "$ONLY" = search ]; then exit 0; fi
echo "[build] native CLI -> target/release/lede" >&2
cargo build --quiet --release --bin lede >&2
echo "[build] example search index -> www/examples/posts.lede" >&2
"${CARGO_TARGET_DIR:-target}/release/lede" index --jsonl www/examples/posts.jsonl --out www/examples/posts.lede >&2
