#!/usr/bin/env bash
# Keyphrases beside the first-noun-phrases baseline, in one run: F1@5/@10
# (stemmed exact match) on the hand-annotated BBC dev set (DUC-style, 20
# articles, tests/data/bbc_keyphrases.tsv) and on KPCrowd validation; then
# the 5-fold cross-validation of the scoring weights over the BBC set and
# KPCrowd train (bench/keyphrases/grid.txt).
#
#   bash bench/keyphrases/run.sh            # figures only
#   bash bench/keyphrases/run.sh --cv       # and the cross-validation
#
# Needs ../shared/data (BBC News Summary, KPCrowd); skips with a message
# without it. Builds the release CLI.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=../shared/data
if [ ! -d "$DATA/kpcrowd" ] || [ ! -f "$DATA/bbc/bbc_news_summary.jsonl" ]; then
  echo "SKIP: $DATA not found (BBC News Summary and KPCrowd are needed)"
  exit 0
fi
cargo build --release --bin lede -q
LEDE=target/release/lede
$LEDE eval-keyphrases --bbc "$DATA/bbc/bbc_news_summary.jsonl" --kpcrowd "$DATA/kpcrowd/validation"
if [ "${1:-}" = "--cv" ]; then
  $LEDE eval-keyphrases --cv 5 --grid bench/keyphrases/grid.txt \
    --bbc "$DATA/bbc/bbc_news_summary.jsonl" --train "$DATA/kpcrowd/train"
fi
