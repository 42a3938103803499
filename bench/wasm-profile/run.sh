#!/usr/bin/env bash
# Measures the release wasm for opt-level 3 / "s" / "z" (LTO on, codegen-units 1):
# size raw / gzip / brotli after wasm-bindgen + wasm-opt, and analyze throughput
# in Node on BBC articles. Usage: bash bench/wasm-profile/run.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
OUT="${TMPDIR:-/tmp}/lede-wasm-profile"
mkdir -p "$OUT"
for level in 3 s z; do
  export CARGO_TARGET_DIR="$OUT/target-$level"
  CARGO_PROFILE_RELEASE_OPT_LEVEL="$level" cargo build --quiet --release --lib --target wasm32-unknown-unknown
  rm -rf "$OUT/pkg-$level"
  wasm-bindgen --target web --out-dir "$OUT/pkg-$level" --out-name lede "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/lede.wasm"
  wasm-opt "-O$([ "$level" = 3 ] && echo 3 || echo "$level")" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    "$OUT/pkg-$level/lede_bg.wasm" -o "$OUT/pkg-$level/lede_bg.wasm"
  node "$ROOT/bench/wasm-profile/measure.mjs" "$OUT/pkg-$level" "opt-level=$level"
done
