#!/usr/bin/env bash
# Builds the libFuzzer targets (preset native-fuzz) and runs each for SECONDS, JOBS at a time.
#   scripts/fuzz.sh [SECONDS] [TARGET...]      e.g. scripts/fuzz.sh 180 request c_api
# Targets run on a copy of fuzz/corpus/<target> in build/fuzz-corpus/, because libFuzzer adds
# every new input to its corpus directory and the repository's seeds must stay small and
# reviewed. Crashes land in build/fuzz-artifacts/<target>/; logs in build/fuzz-logs/.
# Exits 1 when any target crashed, leaked, timed out or broke a contract (fuzz/harness.h).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_EACH=${1:-20}
shift $(( $# > 0 ? 1 : 0 ))
JOBS=${FUZZ_JOBS:-2}
ALL=(catalog_json bundle_json orders_csv baskets request c_api shopify_csv)
[ -f src/cartlift/bundle/bundle_binary.h ] && [ -f fuzz/bundle_binary_fuzz.cpp ] && ALL+=(bundle_binary)
TARGETS=("$@"); [ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL[@]}")

cmake --preset native-fuzz >/dev/null || { echo "configure failed"; exit 2; }
cmake --build --preset native-fuzz || { echo "build failed"; exit 2; }

BIN=$ROOT/build/native-fuzz/bin
LOGS=$ROOT/build/fuzz-logs
mkdir -p "$LOGS"

dict_for() { case $1 in orders_csv|baskets|shopify_csv) echo "$ROOT/fuzz/csv.dict" ;; bundle_binary) echo "$ROOT/fuzz/bundle_binary.dict" ;; *) echo "$ROOT/fuzz/json.dict" ;; esac; }

run_one() {
  local t=$1 corpus=$ROOT/build/fuzz-corpus/$1 art=$ROOT/build/fuzz-artifacts/$1/ dict
  mkdir -p "$corpus" "$art"
  [ -d "$ROOT/fuzz/corpus/$t" ] && cp -rn "$ROOT/fuzz/corpus/$t/." "$corpus/"
  dict=$(dict_for "$t")
  # -timeout: a single input slower than 5 s is a hang worth a report; -rss_limit_mb keeps a
  # runaway allocation from taking the machine down with it.
  "$BIN/${t}_fuzz" "$corpus" ${dict:+-dict="$dict"} -max_total_time="$SECONDS_EACH" \
    -rss_limit_mb=2048 -timeout=5 -print_final_stats=1 -artifact_prefix="$art" \
    >"$LOGS/$t.log" 2>&1
  echo $? >"$LOGS/$t.rc"
}

start=$SECONDS
running=0
for t in "${TARGETS[@]}"; do
  [ -x "$BIN/${t}_fuzz" ] || { echo "unknown target: $t"; exit 2; }
  run_one "$t" &
  running=$((running + 1))
  if [ $running -ge "$JOBS" ]; then wait -n; running=$((running - 1)); fi
done
wait

status=0
printf '%-14s %12s %10s %8s %s\n' target executions exec/s corpus result
for t in "${TARGETS[@]}"; do
  log=$LOGS/$t.log rc=$(cat "$LOGS/$t.rc" 2>/dev/null || echo 99)
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -1)
  rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$log" | tail -1)
  units=$(grep -Eo 'corp: [0-9]+/' "$log" | tail -1 | grep -Eo '[0-9]+')
  if [ "$rc" = 0 ]; then result=ok; else
    result="CRASH (exit $rc)"; status=1
  fi
  printf '%-14s %12s %10s %8s %s\n' "$t" "${runs:-?}" "${rate:-?}" "${units:-?}" "$result"
  if [ "$rc" != 0 ]; then
    grep -E "ERROR: |SUMMARY: |contract broken|runtime error|Test unit written" "$log" | head -8 | sed 's/^/    /'
  fi
done
echo "fuzzed ${#TARGETS[@]} target(s), ${SECONDS_EACH} s each, $JOBS at a time, in $((SECONDS - start)) s"
exit $status
