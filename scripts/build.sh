#!/usr/bin/env bash
# Builds the wasm module into www/pkg (for the page), the embed's wasm without the
# compiled-in NER model into www/embed/pkg (plus ner.bin, fetched at run time),
# and the native CLI.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
echo "[build] wasm (wasm-pack, release) -> www/pkg" >&2
wasm-pack --quiet build --release --target web --no-pack --out-dir www/pkg --out-name lede >&2
rm -f www/pkg/.gitignore
echo "[build] embed wasm (model loaded at run time) -> www/embed/pkg" >&2
wasm-pack --quiet build --release --target web --no-pack --out-dir www/embed/pkg --out-name lede -- --no-default-features >&2
rm -f www/embed/pkg/.gitignore
cp models/ner.bin www/embed/pkg/ner.bin
echo "[build] native CLI -> target/release/lede" >&2
cargo build --quiet --release --bin lede >&2
echo "[build] example search index -> www/examples/posts.lede" >&2
"${CARGO_TARGET_DIR:-target}/release/lede" index --jsonl www/examples/posts.jsonl --out www/examples/posts.lede >&2
