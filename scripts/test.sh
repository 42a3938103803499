#!/usr/bin/env bash
# Runs every test of Lede: lints, native cargo tests, wasm-bindgen tests in
# headless Chromium, and browser tests of the served page (playwright-core).
# Installs what is missing first. Ends with one line "N passed, M failed";
# exits non-zero if any suite failed or ran no tests.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source "$ROOT/scripts/setup.sh" || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
set +e
LOGS="$ROOT/test-output/logs"
mkdir -p "$LOGS"
TOTAL_PASS=0
TOTAL_FAIL=0
BAD=0
SUMMARY=()

# run_suite NAME PARSER CMD... ; PARSER is "cargo", "node" or "check"
run_suite() {
  local name="$1" parser="$2"
  shift 2
  local log="$LOGS/$name.log" t0 t1 rc pass fail
  echo "=== $name: $*"
  t0=$(date +%s.%N)
  "$@" >"$log" 2>&1
  rc=$?
  t1=$(date +%s.%N)
  case "$parser" in
    cargo)
      pass=$(grep -E '^test result:' "$log" | sed -E 's/.* ([0-9]+) passed.*/\1/' | awk '{s+=$1} END {print s+0}')
      fail=$(grep -E '^test result:' "$log" | sed -E 's/.* ([0-9]+) failed.*/\1/' | awk '{s+=$1} END {print s+0}')
      ;;
    node)
      pass=$(grep -E '^# pass ' "$log" | awk '{s+=$3} END {print s+0}')
      fail=$(grep -E '^# fail ' "$log" | awk '{s+=$3} END {print s+0}')
      ;;
    check)
      if [ $rc -eq 0 ]; then pass=1; fail=0; else pass=0; fail=1; fi
      ;;
  esac
  if [ $rc -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
  local secs
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b-a}')
  if [ $rc -ne 0 ] || [ "$fail" -ne 0 ] || [ "$pass" -eq 0 ]; then
    BAD=1
    echo "--- $name FAILED (exit $rc, $pass passed, $fail failed); last lines of $log:"
    tail -n 60 "$log"
  fi
  echo "--- $name: $pass passed, $fail failed, ${secs}s"
  SUMMARY+=("$name: $pass passed, $fail failed (${secs}s)")
  TOTAL_PASS=$((TOTAL_PASS + pass))
  TOTAL_FAIL=$((TOTAL_FAIL + fail))
}

run_suite fmt check cargo fmt --all -- --check
run_suite layers check python3 scripts/imports.py --check
run_suite clippy check cargo clippy --all-targets --all-features -- -D warnings
run_suite clippy-wasm check cargo clippy --target wasm32-unknown-unknown --lib --tests -- -D warnings
run_suite native cargo cargo test --release --all-features
# the fuzz targets' executions and slowest inputs (tests/fuzz.rs writes them)
FUZZ_REPORT="${CARGO_TARGET_DIR:-target}/fuzz-report.txt"
if [ -f "$FUZZ_REPORT" ]; then cat "$FUZZ_REPORT"; fi
run_suite wasm cargo wasm-pack test --headless --chrome
run_suite build check bash scripts/build.sh
run_suite browser node node --test --test-concurrency=1 tests/browser/

echo
echo "=== summary"
for s in "${SUMMARY[@]}"; do echo "  $s"; done
echo "$TOTAL_PASS passed, $TOTAL_FAIL failed"
if [ $BAD -ne 0 ] || [ $TOTAL_FAIL -ne 0 ]; then exit 1; fi
exit 0
