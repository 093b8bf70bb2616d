#!/usr/bin/env bash
# Builds what the demo store needs and starts it on http://127.0.0.1:${PORT:-8080}.
# With --edge (or CARTLIFT_EDGE=1) it also starts the edge worker (workerd) in front of the store on
# http://127.0.0.1:${EDGE_PORT:-8787}: the same store with the offers rendered into the cart page.
# Safe to run again: every step is skipped or is a no-op when its output is newer than its inputs.
# Ctrl-C stops the store and anything this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${PORT:-8080}
EDGE=${CARTLIFT_EDGE:-0}
for arg in "$@"; do
  case "$arg" in
    --edge) EDGE=1 ;;
    -h|--help) echo "usage: bash scripts/demo.sh [--edge]   (env: PORT, EDGE_PORT, CARTLIFT_EDGE=1, CARTLIFT_SKIP_SETUP=1)"; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 1 ;;
  esac
done
EDGE_PORT=${EDGE_PORT:-8787}
OUT="$ROOT/demo-store/build"
CLI="$ROOT/build/native-release/bin/cartlift"
TRAIN="$ROOT/data/online-retail/orders-2010-12_2011-05.csv.gz"
TEST="$ROOT/data/online-retail/orders-2011-06_2011-08.csv.gz"
CATALOG="$ROOT/data/online-retail/catalog.json"
# The store's merchant rules: set bundles, mined bundles, volume tiers, the next-order reward
# (demo-store/README.md says why these products and numbers).
RULES="$ROOT/demo-store/rules.json"
export NODE_PATH=/usr/share/nodejs # emcc's JS optimiser needs Debian's node modules

step() { printf '\n== %s\n' "$*"; }

children=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${children[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

step "dependencies (apt + npm)"
if [ "${CARTLIFT_SKIP_SETUP:-0}" = 1 ]; then echo "skipped (CARTLIFT_SKIP_SETUP=1)"; else bash scripts/setup.sh; fi

step "native CLI"
[ -f build/native-release/build.ninja ] || cmake --preset native-release >/dev/null
cmake --build --preset native-release | tail -n 1

step "WebAssembly module for the npm package"
wasm_ok=1
{ [ -f build/wasm-release/build.ninja ] || cmake --preset wasm-release >/dev/null; } &&
  cmake --build --preset wasm-release >build/wasm-release.log 2>&1 || wasm_ok=0
if [ "$wasm_ok" = 0 ]; then
  grep -E 'error|FAILED' build/wasm-release.log | head -n 5 >&2 || true
  if [ -f js-glue/dist/cartlift.wasm ]; then
    # A half-edited core must not take the whole demo down; the store says if the engine fails.
    echo "WARNING: the wasm build failed (build/wasm-release.log); using the existing js-glue/dist module" >&2
  else
    echo "the wasm build failed and js-glue/dist has no module: see build/wasm-release.log" >&2
    exit 1
  fi
elif [ ! -f js-glue/dist/cartlift.wasm ] || ! cmp -s build/wasm-release/bin/cartlift.wasm js-glue/dist/cartlift.wasm \
   || ! cmp -s build/wasm-release/bin/cartlift.js js-glue/dist/cartlift.js; then
  npm --prefix js-glue run --silent build:wasm -- --from build/wasm-release
fi

mkdir -p "$OUT"
newer() { # newer OUT IN... : true when OUT is missing or older than any IN
  local out=$1; shift
  [ -f "$out" ] || return 0
  for f in "$@"; do [ "$f" -nt "$out" ] && return 0; done
  return 1
}

step "store bundle from the training orders (Dec 2010 – May 2011)"
if newer "$OUT/bundle.json" "$CLI" "$TRAIN" "$CATALOG" "$RULES"; then
  "$CLI" build --orders "$TRAIN" --catalog "$CATALOG" --rules "$RULES" -o "$OUT/bundle.json.tmp"
  mv "$OUT/bundle.json.tmp" "$OUT/bundle.json"
else
  echo "up to date: $OUT/bundle.json"
fi
if newer "$OUT/bundle.bin" "$OUT/bundle.json"; then
  # The same bundle in the compact binary form the store, the widget and the edge worker load.
  "$CLI" convert --in "$OUT/bundle.json" --out "$OUT/bundle.bin" --to binary
fi

step "offline evaluation on the held-out orders (Jun – Aug 2011)"
if "$CLI" eval --help >/dev/null 2>&1; then
  if newer "$OUT/eval.json" "$CLI" "$TRAIN" "$TEST" "$CATALOG"; then
    args=(eval --train "$TRAIN" --test "$TEST" --json "$OUT/eval.json.tmp")
    "$CLI" eval --help 2>&1 | grep -q -- '--catalog' && args+=(--catalog "$CATALOG")
    "$CLI" "${args[@]}"
    mv "$OUT/eval.json.tmp" "$OUT/eval.json"
  else
    echo "up to date: $OUT/eval.json"
  fi
else
  echo "cartlift eval is not available yet: the dashboard says so instead of showing numbers"
fi

step "demo store"
# EDGE_URL: where the store's "try the edge" link points.
PORT="$PORT" EDGE_URL="http://127.0.0.1:$EDGE_PORT" node demo-store/server/main.js &
children+=($!)
echo "starting on http://127.0.0.1:$PORT (Ctrl-C to stop)"
if [ "$EDGE" = 1 ]; then
  step "edge worker (workerd) in front of the store"
  # The JSON bundle: the engine reads it whatever the binary format version of the CLI.
  EDGE_PORT="$EDGE_PORT" PORT="$PORT" node demo-store/edge/run.mjs --bundle "$OUT/bundle.json" &
  children+=($!)
  echo "edge: http://127.0.0.1:$EDGE_PORT -> store http://127.0.0.1:$PORT (Ctrl-C stops both)"
fi
# Whichever stops first (or Ctrl-C) ends the demo; the trap stops the other.
wait -n "${children[@]}"
