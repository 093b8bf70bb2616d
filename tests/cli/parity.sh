#!/usr/bin/env bash
# Native CLI vs the wasm module (js-glue/bin/cartlift.js, the npm CLI) on the same bundle: 500
# real carts from the Online Retail test period (Jun-Aug 2011, never seen by the build) and a
# set of hostile lines must give identical output, line by line.
# Usage: tests/cli/parity.sh path/to/native/cartlift
# Needs node and a built js-glue/dist (cmake --build --preset wasm-release).
set -euo pipefail

NATIVE=${1:?usage: parity.sh path/to/native/cartlift}
NATIVE=$(cd "$(dirname "$NATIVE")" && pwd)/$(basename "$NATIVE")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
WASM_CLI=(node js-glue/bin/cartlift.js)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; exit 1; }

command -v node >/dev/null || fail "node not found"
[ -f js-glue/dist/cartlift.wasm ] && [ -f js-glue/dist/cartlift.js ] || fail "js-glue/dist is not built"
"${WASM_CLI[@]}" --version >/dev/null || fail "the wasm CLI does not start"

"$NATIVE" build --orders data/online-retail/orders-2010-12_2011-05.csv.gz --catalog data/online-retail/catalog.json \
  -o "$tmp/bundle.json" --quiet || fail "native build"
ok "bundle built from the training period"

# Carts of the first 500 test-period orders with at least two products (returns skipped), with
# the shop's quantities and prices; every 5th asks for explain and every 7th for a smaller limit.
python3 - data/online-retail/orders-2011-06_2011-08.csv.gz "$tmp/real.jsonl" <<'EOF'
import csv, gzip, io, json, sys
src, out = sys.argv[1:]
orders, current, lines = [], None, []
with gzip.open(src, "rt", encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        if row["InvoiceNo"].startswith("C") or int(row["Quantity"]) <= 0:
            continue
        if current is None or current[0] != row["InvoiceNo"]:
            current = (row["InvoiceNo"], {})
            orders.append(current)
        current[1].setdefault(row["StockCode"], (int(row["Quantity"]), round(float(row["UnitPrice"]) * 100)))
        if len(orders) > 2000:
            break
n = 0
for inv, items in orders:
    if len(items) < 2:
        continue
    req = {"cart": [{"id": k, "qty": min(q, 1000000), "price": p} for k, (q, p) in list(items.items())[:-1]]}
    if n % 7 == 3:
        req["limit"] = 3
    if n % 5 == 1:
        req["explain"] = True
    lines.append(json.dumps(req))
    n += 1
    if n == 500:
        break
assert n == 500, n
open(out, "w").write("\n".join(lines) + "\n")
EOF

run_both() {  # run_both NAME FILE: native and wasm batch output into $tmp/NAME.{native,wasm}
  local name=$1 file=$2 rc=0
  "$NATIVE" recommend --bundle "$tmp/bundle.json" --batch "$file" >"$tmp/$name.native" || fail "$name: native exit $?"
  "${WASM_CLI[@]}" recommend --bundle "$tmp/bundle.json" --batch "$file" >"$tmp/$name.wasm" 2>"$tmp/$name.wasm.err" || rc=$?
  # The npm CLI exits 2 when any batch line failed; the native one reports errors in-line only.
  [ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] || { cat "$tmp/$name.wasm.err" >&2; fail "$name: wasm CLI exit $rc"; }
  local a b
  a=$(wc -l <"$tmp/$name.native"); b=$(wc -l <"$tmp/$name.wasm")
  [ "$a" -eq "$b" ] || fail "$name: native wrote $a lines, wasm $b"
  if cmp -s "$tmp/$name.native" "$tmp/$name.wasm"; then
    ok "$name: $a lines byte-identical"
    return
  fi
  # The npm CLI prints JSON.stringify(JSON.parse(response)), so number spelling differs from the
  # native text (24.0 vs 24) although the values are equal. Pass the native lines through the
  # same round trip; anything still different is a real divergence.
  local raw
  raw=$(diff "$tmp/$name.native" "$tmp/$name.wasm" | grep -c '^<' || true)
  node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n");
    lines.pop();
    process.stdout.write(lines.map((l) => JSON.stringify(JSON.parse(l))).join("\n") + "\n");
  ' "$tmp/$name.native" >"$tmp/$name.native.js"
  if ! cmp -s "$tmp/$name.native.js" "$tmp/$name.wasm"; then
    echo "first differences (native vs wasm):" >&2
    diff <(cut -c1-400 "$tmp/$name.native.js") <(cut -c1-400 "$tmp/$name.wasm") | head -20 >&2 || true
    fail "$name: $(diff "$tmp/$name.native.js" "$tmp/$name.wasm" | grep -c '^<' || true) of $a lines differ"
  fi
  ok "$name: $a lines identical as JSON ($raw differ only in number spelling, e.g. 24.0 vs 24)"
}

run_both real "$tmp/real.jsonl"
grep -q '"co_purchase"' "$tmp/real.native" || fail "real: no co-purchase offers at all (empty comparison)"

python3 - "$tmp/hostile.jsonl" <<'EOF'
import json, sys
lines = [
    "", "{", "null", "[]", '{"cart": 5}', '{"cart": [{"id": "85123A", "qty": 0}]}',
    '{"cart": [{"id": "85123A", "qty": 1.5}]}', '{"cart": [{"id": "85123A"}], "limit": 101}',
    '{"cart": [{"id": "' + "x" * 300 + '"}]}', '{"cart": ["85123A"], "x": ' + "[" * 100 + "]" * 100 + "}",
    '{"cart": ["85123A", "no-such-id", "85123A"], "explain": true}', '{"cart": ["caf\\u00e9 \\u2603"]}',
    '{"cart": ["\\u0000\\u001f"]}', '{"cart": [{"id": "85123A", "price": -1}]}', '{"cart": ["85123A"], "page": "x"}',
    '{"cart": ["85123A"]}  ', '{"cart": ["85123A"]} trailing', '{"cart": ' + json.dumps(["22423"] * 1001) + "}",
]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
EOF
run_both hostile "$tmp/hostile.jsonl"
echo "parity: native and wasm agree"
