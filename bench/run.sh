#!/usr/bin/env bash
# Benchmarks of the serving path and the mining, native and wasm-in-Node, in one run so the
# ratios compare like with like. Prints figures; asserts nothing (machines are noisy).
# Usage: bash bench/run.sh          (after scripts/setup.sh; builds what it needs into build/)
#        bash bench/run.sh scaled   scale figures only: `cartlift build` on retail-fimi and on a
#                                   1M-order file, bundle ready time and memory after load for
#                                   ~4k, ~16k and ~100k products, native and wasm-in-Node
#                                   (inputs from bench/make-scaled.mjs into build/bench-data/)
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
OUT=build/bench
mkdir -p "$OUT"

cmake --preset native-bench >/dev/null && cmake --build --preset native-bench >/dev/null
cmake --preset wasm-release >/dev/null && cmake --build --preset wasm-release >/dev/null
npm --prefix js-glue run --silent build:wasm >/dev/null
CLI=build/native-bench/bin/cartlift

if [[ ${1:-} == scaled ]]; then
  cmake --build --preset native-bench --target cartlift_load_bench >/dev/null
  S=build/bench-scaled
  mkdir -p "$S"
  echo "== scaled inputs (bench/make-scaled.mjs: 1M resampled retail-fimi orders, 6 variants per item)"
  node bench/make-scaled.mjs data/retail-fimi/retail.dat.gz build/bench-data
  echo "== cartlift build (single-threaded; wall time and peak RSS as printed by the CLI)"
  for spec in "online-retail-train|data/online-retail/orders-2010-12_2011-05.csv.gz|--catalog data/online-retail/catalog.json" \
              "retail-fimi|data/retail-fimi/retail.dat.gz|--format baskets" \
              "scaled-100k|build/bench-data/retail-fimi-1m.dat|--format baskets --catalog build/bench-data/catalog-100k.json"; do
    IFS='|' read -r name file extra <<<"$spec"
    # shellcheck disable=SC2086
    line=$($CLI build --orders "$file" $extra -o "$S/$name.bundle.json" 2>&1 | grep '^built')
    orders=$(sed -E 's/.*: ([0-9]+) orders.*/\1/' <<<"$line")
    products=$(sed -E 's/.* ([0-9]+) products.*/\1/' <<<"$line")
    secs=$(sed -E 's/.* in ([0-9.e-]+) s.*/\1/' <<<"$line")
    rss=$(sed -E 's/.*peak RSS ([0-9]+) MiB.*/\1/' <<<"$line")
    printf '%-20s %8s orders %7s products %8.2f s %9.0f orders/s  peak RSS %s MiB\n' "$name" "$orders" "$products" "$secs" \
      "$(awk -v o="$orders" -v s="$secs" 'BEGIN{print o/s}')" "$rss"
    $CLI convert --in "$S/$name.bundle.json" --out "$S/$name.bundle.bin" --to binary
  done
  echo "== bundle ready and memory after load, native (bench/load_bench.cpp, one process per bundle)"
  for name in online-retail-train retail-fimi scaled-100k; do
    json_rounds=10; [[ $name == scaled-100k ]] && json_rounds=3
    printf '%-20s binary %s\n' "$name" "$(build/native-bench/bin/cartlift_load_bench "$S/$name.bundle.bin" 20)"
    printf '%-20s json   %s\n' "$name" "$(build/native-bench/bin/cartlift_load_bench "$S/$name.bundle.json" "$json_rounds")"
  done
  echo "== bundle ready and memory after load, wasm in Node $(node --version) (bench/scale-wasm.mjs)"
  for name in online-retail-train retail-fimi scaled-100k; do
    json_rounds=3; [[ $name == scaled-100k ]] && json_rounds=1
    printf '%-20s %s\n' "$name" "$(node bench/scale-wasm.mjs "$S/$name.bundle.bin" "$S/$name.bundle.json" 10 "$json_rounds")"
  done
  exit 0
fi

echo "== cartlift build (single-threaded, wall time and peak RSS as printed by the CLI)"
for spec in "online-retail-train|data/online-retail/orders-2010-12_2011-05.csv.gz|--catalog data/online-retail/catalog.json" \
            "retail-fimi|data/retail-fimi/retail.dat.gz|--format baskets" \
            "groceries|data/groceries/groceries.csv|--format baskets"; do
  IFS='|' read -r name file extra <<<"$spec"
  # shellcheck disable=SC2086
  line=$($CLI build --orders "$file" $extra -o "$OUT/$name.bundle.json" 2>&1 | grep '^built')
  orders=$(sed -E 's/.*: ([0-9]+) orders.*/\1/' <<<"$line")
  secs=$(sed -E 's/.* in ([0-9.e-]+) s.*/\1/' <<<"$line")
  rss=$(sed -E 's/.*peak RSS ([0-9]+) MiB.*/\1/' <<<"$line")
  printf '%-22s %8s orders  %7.3f s  %10.0f orders/s  peak RSS %s MiB\n' "$name" "$orders" "$secs" \
    "$(awk -v o="$orders" -v s="$secs" 'BEGIN{print o/s}')" "$rss"
done

# Mining, best of MINING_RUNS (default 3; node-fpgrowth FPGROWTH_RUNS, default 1: about a minute a
# run on retail-fimi). Times leave out process start-up: cartlift's as it prints them, from reading
# the orders to the bundle written; the two JavaScript programs' from reading the file to the result.
echo "== mining: cartlift build vs a plain JavaScript co-count and npm node-fpgrowth, same files, same run"
[[ -d bench/node_modules/node-fpgrowth ]] || { echo "bench/node_modules missing: run scripts/setup.sh" >&2; exit 1; }
RUNS=${MINING_RUNS:-3}
FP_RUNS=${FPGROWTH_RUNS:-1}
echo "   (best of $RUNS, node-fpgrowth of $FP_RUNS; load average $(cut -d' ' -f1-3 /proc/loadavg); Node $(node --version))"
for spec in "retail-fimi|data/retail-fimi/retail.dat.gz" "groceries|data/groceries/groceries.csv"; do
  IFS='|' read -r name file <<<"$spec"
  runs="$OUT/$name.mining.jsonl"
  : >"$runs"
  for ((r = 0; r < RUNS; ++r)); do
    for out in json bin; do
      flag=; [[ $out == bin ]] && flag=--binary
      # shellcheck disable=SC2086
      line=$($CLI build --orders "$file" --format baskets $flag -o "$OUT/$name.mining.$out" 2>&1 | grep '^built')
      sed -E 's/.*: ([0-9]+) orders.* in ([0-9.e-]+) s, peak RSS ([0-9]+) MiB.*/{"kind":"'$out'","orders":\1,"secs":\2,"peak_rss_mb":\3}/' \
        <<<"$line" >>"$runs"
    done
    node bench/mining-reference.mjs "$file" | sed 's/^{/{"kind":"reference",/' >>"$runs"
  done
  for ((r = 0; r < FP_RUNS; ++r)); do
    node bench/mining-fpgrowth.mjs "$file" | sed 's/^{/{"kind":"fpgrowth",/' >>"$runs"
  done
  node - "$name" "$runs" <<'JS'
const [name, file] = process.argv.slice(2);
const runs = require('node:fs').readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const best = (kind) => runs.filter((r) => r.kind === kind).reduce((a, b) => (b.secs < a.secs ? b : a));
const json = best('json'), bin = best('bin'), ref = best('reference'), fp = best('fpgrowth');
const row = (label, r, extra = '') => console.log(`  ${label.padEnd(47)} ${r.secs.toFixed(3).padStart(8)} s ${Math.round(r.orders / r.secs).toLocaleString('en-US').padStart(10)} orders/s  peak RSS ${String(Math.round(r.peak_rss_mb)).padStart(5)} MiB${extra}`);
const ratio = (r) => `   time / cartlift's: ${(r.secs / bin.secs).toFixed(1)}x --binary, ${(r.secs / json.secs).toFixed(1)}x JSON`;
const floor = (c) => (ref.secs / c.secs >= 10 && fp.secs / c.secs >= 50 ? 'met' : 'not met');
console.log(`${name}: ${ref.orders} baskets; ${ref.frequent_pairs} pairs in >= 2 orders (node-fpgrowth: ${fp.pairs}${fp.pairs === ref.frequent_pairs ? ', the same' : ', DIFFERENT'})`);
row('cartlift build, JSON bundle written', json);
row('cartlift build --binary, binary bundle written', bin);
row('JS reference (Map co-count + top 50)', ref, ratio(ref));
row(`node-fpgrowth ${fp.node_fpgrowth} (itemsets <= ${fp.max_size}, count >= ${fp.min_count})`, fp, ratio(fp));
console.log(`  the issue's floor (>= 10x the JS reference, >= 50x node-fpgrowth): --binary ${floor(bin)}, JSON ${floor(json)}`);
JS
done

node bench/make-carts.mjs data/online-retail/orders-2011-06_2011-08.csv.gz "$OUT/online-retail-train.bundle.json" "$OUT"
B="$OUT/online-retail-train.bundle.json"
$CLI convert --in "$B" --out "$OUT/online-retail-train.bundle.bin" --to binary
$CLI convert --in "$OUT/retail-fimi.bundle.json" --out "$OUT/retail-fimi.bundle.bin" --to binary
echo "== native recommend() (google benchmark)"
build/native-bench/bin/cartlift_bench "$B" "$OUT/carts-1.jsonl" "$OUT/carts-5.jsonl" "$OUT/carts-20.jsonl" \
  "$OUT/online-retail-train.bundle.bin" --benchmark_min_time=0.5 | tee "$OUT/native.txt"
native=$(tail -1 "$OUT/native.txt")
echo "== wasm recommend() in Node $(node --version)"
wasm=$(BINARY_BUNDLE="$OUT/online-retail-train.bundle.bin" node bench/wasm-bench.mjs "$B" "$OUT/carts-1.jsonl" "$OUT/carts-5.jsonl" "$OUT/carts-20.jsonl")
echo "$wasm"
echo "== where the 5-item time goes in Node: the wasm call alone and each step of the glue (bench/wasm-split.mjs)"
node bench/wasm-split.mjs "$B" "$OUT/carts-5.jsonl"

node - "$native" "$wasm" "$B" <<'JS'
const [native, wasm, bundle] = process.argv.slice(2).map((s, i) => (i < 2 ? JSON.parse(s) : s));
const { gzipSync } = require('node:zlib');
const { readFileSync, statSync } = require('node:fs');
const gz = (f) => gzipSync(readFileSync(f), { level: 9 }).length;
console.log('== summary (Online Retail bundle: ' + (statSync(bundle).size / 1024 / 1024).toFixed(1) + ' MiB JSON)');
console.log('cart   native p50/p99 (us)   wasm p50/p99 (us)   wasm/native p50');
for (const k of ['cart1', 'cart5', 'cart20']) {
  const n = native[k], w = wasm[k];
  console.log(`${k.padEnd(6)} ${n.p50_us.toFixed(1).padStart(8)} / ${n.p99_us.toFixed(1).padStart(7)}   ${w.p50_us.toFixed(1).padStart(8)} / ${w.p99_us.toFixed(1).padStart(7)}   ${(w.p50_us / n.p50_us).toFixed(2)}x`);
}
console.log(`bundle load, JSON     native ${native.load_ms.toFixed(1)} ms   wasm ${wasm.load_ms.toFixed(1)} ms`);
console.log(`bundle load, binary   native ${native.binary_load_ms.toFixed(2)} ms   wasm ${wasm.binary_load_ms.toFixed(1)} ms   (${(statSync(bundle.replace(/\.json$/, '.bin')).size / 1048576).toFixed(1)} MiB)`);
console.log(`Node process RSS after loading the bundle in wasm: ${wasm.rss_mb.toFixed(0)} MiB`);
const wasmGz = gz('js-glue/dist/cartlift.wasm'), glueGz = gz('js-glue/dist/cartlift.js') + gz('js-glue/src/core.js') + gz('js-glue/src/unpack.js') + gz('js-glue/src/browser.js') + gz('js-glue/src/errors.js');
console.log(`size gzip: wasm ${(wasmGz / 1024).toFixed(1)} KB + glue ${(glueGz / 1024).toFixed(1)} KB = ${((wasmGz + glueGz) / 1024).toFixed(1)} KB (budget 150 KB)`);
JS
echo "== gzip size per package export, with everything each loads (js-glue/scripts/size.mjs --exports; details without --brief)"
node js-glue/scripts/size.mjs --exports --brief
echo "== wasm code per C ABI export: functions reached by direct calls (bench/wasm-exports.mjs)"
node bench/wasm-exports.mjs
