#!/usr/bin/env bash
# The scale benchmark (issue #11): a 100,000-article archive, indexed sharded by
# the CLI, served over HTTP and searched in Chromium, beside Pagefind.
#
#   bash bench/scale/run.sh            # N=100000
#   N=20000 bash bench/scale/run.sh    # smaller
#
# Steps (everything written under target/scale/, never committed):
#   1. node bench/scale/generate.mjs: the corpus (JSONL) from ../shared/data;
#   2. lede index --jsonl … --out DIR --sharded under /usr/bin/time -v: wall
#      time, docs/s, peak RSS; then the directory's size and file count;
#   3. the same articles as a Pagefind index (npm `pagefind`, installed into
#      target/scale/pagefind-npm; skipped with a message if it cannot install);
#   4. node bench/scale/browser.mjs: bytes and time per query in Chromium.
# Needs the release CLI (cargo build --release --bin lede) and the search-only
# wasm in www/embed/pkg-search (bash scripts/build.sh) with `ShardedIndex`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
N="${N:-100000}"
OUT="$ROOT/target/scale"
LEDE="${LEDE:-${CARGO_TARGET_DIR:-$ROOT/target}/release/lede}"
mkdir -p "$OUT"
CORPUS="$OUT/corpus-$N.jsonl"
IDX="$OUT/idx-$N"
PF="$OUT/pagefind-$N"

echo "== 1. corpus: $N articles"
[ -s "$CORPUS" ] || node bench/scale/generate.mjs --n "$N" --out "$CORPUS"
ls -l "$CORPUS" | awk '{printf "   %s bytes\n", $5}'

echo "== 2. lede index --sharded"
[ -x "$LEDE" ] || { echo "no CLI at $LEDE: cargo build --release --bin lede" >&2; exit 1; }
if [ -f "$IDX/manifest.bin" ] && [ "${REUSE_INDEX:-0}" = 1 ]; then
  echo "reusing $IDX (REUSE_INDEX=1)"
else
rm -rf "$IDX"
/usr/bin/time -v "$LEDE" index --jsonl "$CORPUS" --out "$IDX" --sharded --progress 2>"$OUT/index-$N.log" || {
  tail -20 "$OUT/index-$N.log" >&2
  exit 1
}
WALL=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$OUT/index-$N.log")
RSS=$(awk -F': ' '/Maximum resident set size/{print $2}' "$OUT/index-$N.log")
CPU=$(awk -F': ' '/Percent of CPU/{print $2}' "$OUT/index-$N.log")
SECS=$(echo "$WALL" | awk -F: '{s=0; for(i=1;i<=NF;i++) s=s*60+$i; print s}')
BYTES=$(du -sb "$IDX" | cut -f1)
FILES=$(find "$IDX" -type f | wc -l)
GZ=$(find "$IDX" -type f -exec gzip -9 -c {} \; | wc -c)
{
  echo "index: $N docs in $WALL (${SECS}s, $(awk -v n="$N" -v s="$SECS" 'BEGIN{printf "%.0f", n/s}') docs/s), CPU $CPU, peak RSS $((RSS / 1024)) MiB"
  echo "index dir: $BYTES bytes ($(awk -v b="$BYTES" 'BEGIN{printf "%.1f", b/1048576}') MiB), $FILES files, $(awk -v b="$GZ" 'BEGIN{printf "%.1f", b/1048576}') MiB if each file is gzipped"
  echo "largest files:"
  { find "$IDX" -type f -printf '%s %P\n' | sort -rn | head -5 | awk '{printf "   %8.1f KB  %s\n", $1/1000, $2}'; } || true # head closes the pipe early
} | tee "$OUT/index-$N.txt"
fi

echo "== 3. Pagefind (npm pagefind) over the same articles"
PFMOD="$OUT/pagefind-npm/node_modules/pagefind"
if [ ! -d "$PFMOD" ]; then
  mkdir -p "$OUT/pagefind-npm"
  echo '{"name":"pagefind-bench","private":true}' >"$OUT/pagefind-npm/package.json"
  (cd "$OUT/pagefind-npm" && npm install --prefer-offline --no-audit --no-fund --loglevel=error pagefind@1.6.0 >/dev/null 2>&1) || true
fi
PFARGS=()
if [ -d "$PF/fragment" ] && [ "${REBUILD_PAGEFIND:-0}" != 1 ]; then
  echo "reusing $PF (REBUILD_PAGEFIND=1 to rebuild; 100,000 records take ~30 min here)"
  cat "$OUT/pagefind-$N.txt" 2>/dev/null || true
  PFARGS=(--pagefind "$PF")
elif [ -d "$PFMOD" ]; then
  rm -rf "$PF"
  /usr/bin/time -v node bench/scale/pagefind.mjs --module "$PFMOD" --jsonl "$CORPUS" --out "$PF" 2>"$OUT/pagefind-$N.log" && {
    PW=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$OUT/pagefind-$N.log")
    echo "pagefind: $N records in $PW, $(du -sb "$PF" | cut -f1) bytes, $(find "$PF" -type f | wc -l) files" | tee "$OUT/pagefind-$N.txt"
    PFARGS=(--pagefind "$PF")
  } || { echo "pagefind failed (see $OUT/pagefind-$N.log): measuring Lede alone"; }
else
  echo "pagefind could not be installed from npm: measuring Lede alone"
fi

echo "== 4. Chromium: bytes and time per query"
node bench/scale/browser.mjs --index "$IDX" "${PFARGS[@]}" --json "$OUT/browser-$N.json"
