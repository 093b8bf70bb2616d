#!/usr/bin/env bash
# Runs every cartlift test: C++ (GoogleTest via ctest, release and ASan+UBSan, gcc and clang
# warnings), the wasm module and the npm package in Node, the widget in headless Chromium, the
# edge worker in workerd, and the data checks. Builds are cached in build/.
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
ROOT=$PWD
LOG_DIR=$ROOT/build/test-logs
mkdir -p "$LOG_DIR"

bash scripts/setup.sh || { echo "setup failed"; exit 1; }

passed=0; failed=0; failures=()
count_ctest() {  # "100% tests passed, 0 tests failed out of 57"
  local line; line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$1" | tail -1)
  [ -n "$line" ] || return 0
  local total fail; total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line"); fail=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line")
  passed=$((passed + total - fail)); failed=$((failed + fail))
}
count_node() {  # node --test summary: "# pass 12" / "# fail 0"
  local p f; p=$(grep -E "^# pass [0-9]+" "$1" | tail -1 | awk '{print $3}'); f=$(grep -E "^# fail [0-9]+" "$1" | tail -1 | awk '{print $3}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}
step() {  # step NAME COUNTER command...
  local name=$1 counter=$2; shift 2
  local log="$LOG_DIR/$name.log" start=$SECONDS
  echo "== $name"
  if "$@" >"$log" 2>&1; then rc=0; else rc=$?; fi
  [ "$counter" != none ] && $counter "$log"
  if [ $rc -ne 0 ]; then
    failures+=("$name"); echo "   FAILED (exit $rc) after $((SECONDS - start)) s; last lines of $log:"; tail -40 "$log" | sed 's/^/   | /'
    [ "$counter" = none ] && failed=$((failed + 1))
  else
    echo "   ok ($((SECONDS - start)) s)"; grep -E "^(#|SUMMARY|budget|size)" "$log" | tail -3 | sed 's/^/   | /' || true
    [ "$counter" = none ] && passed=$((passed + 1))
  fi
}

native_release() { cmake --preset native-release >/dev/null && cmake --build --preset native-release && ctest --preset native-release -j2; }
native_asan() { cmake --preset native-asan >/dev/null && cmake --build --preset native-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ctest --preset native-asan -j2; }
native_clang() { cmake --preset native-clang >/dev/null && cmake --build --preset native-clang --target cartlift; }
wasm_build() { npm --prefix js-glue run build:wasm; }
data_check() { python3 scripts/check-data.py; }
cli_smoke() { bash tests/cli/smoke.sh "$ROOT/build/native-release/bin/cartlift"; }
cli_parity() { bash tests/cli/parity.sh "$ROOT/build/native-release/bin/cartlift"; }

step native-release count_ctest native_release
step native-asan count_ctest native_asan
step native-clang-warnings none native_clang
step fuzz-smoke none bash scripts/fuzz.sh 10
step data-check none data_check
step cli-smoke none cli_smoke
step wasm-build none wasm_build
step cli-parity none cli_parity
step js-glue count_node npm --prefix js-glue test
step widget-chromium count_node npm --prefix js-glue run test:browser
step demo-store count_node npm --prefix demo-store test

echo
if [ ${#failures[@]} -gt 0 ]; then echo "failed steps: ${failures[*]}"; fi
echo "total: $passed passed, $failed failed"
[ ${#failures[@]} -eq 0 ] && [ "$failed" -eq 0 ]
