#!/usr/bin/env bash
# End-to-end checks of the native CLI on the real data committed in data/ (never ../shared, so a
# bare clone passes). Usage: tests/cli/smoke.sh path/to/cartlift
# Prints one line per check; stops with a non-zero exit at the first failure.
set -euo pipefail

BIN=${1:?usage: smoke.sh path/to/cartlift}
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; exit 1; }
# expect_exit CODE DESCRIPTION command...: runs the command, keeps stderr in $tmp/stderr.
expect_exit() {
  local want=$1 what=$2; shift 2
  local rc=0
  "$@" >"$tmp/stdout" 2>"$tmp/stderr" || rc=$?
  [ "$rc" -eq "$want" ] || { sed 's/^/  stderr: /' "$tmp/stderr" | head -5 >&2; fail "$what: exit $rc, want $want"; }
  ok "$what (exit $rc)"
}

[ -x "$BIN" ] || fail "no executable at $BIN"

# --- groceries: build and a readable recommendation -------------------------------------------
"$BIN" build --orders data/groceries/groceries.csv --format baskets -o "$tmp/g.json" --quiet ||
  fail "build groceries"
ok "build groceries baskets"

"$BIN" recommend --bundle "$tmp/g.json" --cart "whole milk" --limit 5 >"$tmp/milk.txt" || fail "recommend whole milk"
offers=$(grep -cE '^[0-9]+\. \[cross_sell\] ' "$tmp/milk.txt" || true)
whys=$(grep -cE '^   why: .*[^ ]' "$tmp/milk.txt" || true)
[ "$offers" -eq 5 ] || { cat "$tmp/milk.txt" >&2; fail "whole milk: $offers offers, want exactly 5"; }
[ "$whys" -eq 5 ] || { cat "$tmp/milk.txt" >&2; fail "whole milk: $whys explanations, want 5"; }
if grep -E '^[0-9]+\. ' "$tmp/milk.txt" | grep -q '(whole milk,'; then fail "whole milk offered with itself"; fi
ok "recommend whole milk: 5 explained offers, none is whole milk"

# The same through --json, checked structurally: co-purchase reasons quote real counts.
"$BIN" recommend --bundle "$tmp/g.json" --cart "whole milk" --limit 5 --json >"$tmp/milk.json"
python3 - "$tmp/milk.json" "$tmp/g.json" <<'EOF' || fail "whole milk --json"
import json, sys
r = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
offers = r["offers"]
assert len(offers) == 5, len(offers)
orders = {p["id"]: p["orders"] for p in b["products"]}
for o in offers:
    assert o["id"] != "whole milk"
    ev = o["reason"].get("evidence")
    assert o["reason"]["text"], o
    if ev:  # the quoted counts are the bundle's, not invented
        assert ev["with"] == "whole milk" and ev["of_orders"] == orders["whole milk"], ev
        assert f'{ev["co_purchases"]:,} of {ev["of_orders"]:,} orders' in o["reason"]["text"], o["reason"]["text"]
EOF
ok "recommend --json: evidence matches the bundle's counts"

# --- batch: 10,000 lines in, 10,000 lines out, in order ----------------------------------------
python3 - "$tmp/g.json" "$tmp/batch.jsonl" "$tmp/batch.expect" <<'EOF'
import json, random, sys
bundle, out, expect = sys.argv[1:]
ids = [p["id"] for p in json.load(open(bundle))["products"]]
rng = random.Random(20240611)
lines, kinds = [], []
for i in range(10000):
    k = rng.random()
    if i == 4321:
        lines.append('{"cart": [{"id": "' + "x" * (2 << 20) + '"}]}'); kinds.append("error limit_exceeded")
    elif i == 777:
        lines.append('{"cart": ["whole milk"], "context": ' + "[" * 100000 + "]" * 100000 + "}"); kinds.append("error limit_exceeded")
    elif k < 0.60:
        cart = rng.sample(ids, rng.randint(1, 4))
        lines.append(json.dumps({"cart": [{"id": c, "qty": rng.randint(1, 3)} for c in cart], "limit": rng.randint(1, 10)}))
        kinds.append("ok " + json.dumps(cart))
    elif k < 0.70:
        lines.append(json.dumps({"cart": [{"id": "no-such-product-%d" % i}, {"id": rng.choice(ids)}]})); kinds.append("warn")
    elif k < 0.80:
        lines.append(rng.choice(['{"cart": [', '{cart: []}', 'null x', '{"cart": ["a",]}', '\u00e9\u00e9'])); kinds.append("error malformed_json")
    elif k < 0.85:
        lines.append(""); kinds.append("error malformed_json")
    elif k < 0.90:
        lines.append(json.dumps({"cart": [{"id": rng.choice(ids), "qty": 0}]})); kinds.append("error invalid_value /cart/0/qty")
    elif k < 0.95:
        lines.append('{"cart": ["whole milk"], "x": ' + "[" * 80 + "]" * 80 + "}"); kinds.append("error limit_exceeded")
    else:
        lines.append(json.dumps({"cart": [{"id": rng.choice(ids)}], "limit": 0})); kinds.append("error invalid_value /limit")
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
with open(expect, "w") as f:
    f.write("\n".join(kinds) + "\n")
EOF
"$BIN" recommend --bundle "$tmp/g.json" --batch "$tmp/batch.jsonl" >"$tmp/batch.out" || fail "batch run"
n=$(wc -l <"$tmp/batch.out")
[ "$n" -eq 10000 ] || fail "batch: $n output lines for 10000 requests"
python3 - "$tmp/batch.out" "$tmp/batch.expect" <<'EOF' || fail "batch: output line does not match its request line"
import json, sys
out = open(sys.argv[1]).read().split("\n")[:-1]
kinds = open(sys.argv[2]).read().split("\n")[:-1]
assert len(out) == len(kinds) == 10000
for i, (line, kind) in enumerate(zip(out, kinds), 1):
    r = json.loads(line)
    if kind.startswith("error"):
        parts = kind.split()
        assert "error" in r, f"line {i}: want {kind}, got {line[:200]}"
        assert r["error"]["code"] == parts[1], f"line {i}: want {kind}, got {r['error']}"
        if len(parts) > 2:
            assert r["error"]["path"] == parts[2], f"line {i}: want {kind}, got {r['error']}"
    else:
        assert "offers" in r and "error" not in r, f"line {i}: want offers, got {line[:200]}"
        if kind == "warn":
            assert r["warnings"][0]["code"] == "unknown_product" and r["warnings"][0]["path"] == "/cart/0/id", line[:200]
        else:
            cart = set(json.loads(kind[3:]))
            ids = [o["id"] for o in r["offers"]]
            assert not cart & set(ids), f"line {i}: offered a cart item"
            assert len(ids) == len(set(ids)), f"line {i}: duplicate offer"
EOF
ok "batch: 10000 lines in, 10000 lines out, each answering its own line"

# --- exit codes ---------------------------------------------------------------------------------
expect_exit 1 "unknown flag" "$BIN" build --orders data/groceries/groceries.csv --bogus -o "$tmp/x.json"
expect_exit 1 "missing --orders" "$BIN" build -o "$tmp/x.json"
expect_exit 1 "unknown command" "$BIN" frobnicate
expect_exit 1 "recommend without --bundle" "$BIN" recommend --cart "whole milk"
expect_exit 2 "missing orders file" "$BIN" build --orders "$tmp/does-not-exist.csv" -o "$tmp/x.json"
grep -q "does-not-exist.csv" "$tmp/stderr" || fail "missing file is not named on stderr"
expect_exit 2 "missing bundle file" "$BIN" recommend --bundle "$tmp/nope.json" --cart A

cat >"$tmp/bad-catalog.json" <<'EOF'
{"format": "cartlift.catalog/1", "currency": "GBP", "products": [
  {"id": "A", "title": "ok", "price": "1.00"},
  {"id": "B", "title": "bad", "price": "-2.00"}]}
EOF
expect_exit 2 "malformed catalog" "$BIN" build --orders data/groceries/groceries.csv --format baskets \
  --catalog "$tmp/bad-catalog.json" -o "$tmp/x.json"
grep -q "/products/1/price" "$tmp/stderr" || { cat "$tmp/stderr" >&2; fail "catalog error without its JSON path"; }
ok "malformed catalog names /products/1/price"

printf 'order_id,product_id,quantity\no1,A,1\no1,B,1\no2,C,two\no3,D,1\n' >"$tmp/strict.csv"
expect_exit 2 "strict mode, malformed CSV row" "$BIN" build --orders "$tmp/strict.csv" --strict -o "$tmp/x.json"
grep -q "strict.csv:4" "$tmp/stderr" || { cat "$tmp/stderr" >&2; fail "strict error does not name file:line"; }
ok "strict error names strict.csv:4"
expect_exit 0 "same CSV without --strict skips the row" "$BIN" build --orders "$tmp/strict.csv" -o "$tmp/x.json" --quiet
[ ! -e "$tmp/x.json.tmp" ] || fail "temporary file left behind"

# --- Online Retail with its catalog; inspect ---------------------------------------------------
OR_ORDERS=data/online-retail/orders-2010-12_2011-05.csv.gz
"$BIN" build --orders "$OR_ORDERS" --catalog data/online-retail/catalog.json -o "$tmp/or.json" --quiet ||
  fail "build online retail"
ok "build online retail (gzip CSV + catalog)"
"$BIN" inspect --bundle "$tmp/or.json" >"$tmp/inspect.txt" || fail "inspect"
python3 - "$tmp/inspect.txt" "$tmp/or.json" <<'EOF' || { cat "$tmp/inspect.txt" >&2; fail "inspect counts"; }
import json, re, sys
text = open(sys.argv[1]).read(); b = json.load(open(sys.argv[2]))
def num(label):
    m = re.search(r"^\s*" + label + r"\s+([\d,]+)", text, re.M)
    assert m, f"no '{label}' line"
    return int(m.group(1).replace(",", ""))
assert num("products") == len(b["products"]) > 1000
assert num("orders") == b["built_from"]["orders"] > 1000
assert num("pairs kept") == sum(len(a["neighbours"]) for a in b["associations"]) > 0
# Neighbour indices of as few bits as the product count needs, runs of equal (co, score)
# neighbours (a pair index and a length each, as few bits as the most pairs and the longest run
# need), 8 bytes a distinct pair of the bundle, 8 a product for the offsets, 32 of counts and
# widths; each bit stream padded to a word, plus one.
def index_bits(count):
    bits = 1
    while bits < 32 and (1 << bits) < count:
        bits += 1
    return bits
def stream(values, bits):
    return 4 * ((values * bits + 31) // 32 + 1)
runs, pairs = [], set()
for a in b["associations"]:
    prev = None
    for nb in a["neighbours"]:
        pair = (nb["co"], nb["score"])
        pairs.add(pair)
        if pair == prev:
            runs[-1] += 1
        else:
            runs.append(1)
        prev = pair
n, entries = len(b["products"]), num("pairs kept")
id_bits = index_bits(n)
m = re.search(r"bytes of neighbour lists \((\d+)-bit entries in ([\d,]+) runs\), ([\d,]+) distinct", text)
assert m and int(m.group(1)) == id_bits, ("entry bits", m and m.group(1), id_bits)
assert int(m.group(2).replace(",", "")) == len(runs), ("runs", m.group(2), len(runs))
assert int(m.group(3).replace(",", "")) == len(pairs), ("pairs", m.group(3), len(pairs))
expect = (8 * (n + 1) + 8 * len(pairs) + 32 + stream(len(runs), index_bits(len(pairs)))
          + stream(len(runs), index_bits(max(runs))) + stream(entries, id_bits))
assert num("packed") == expect, (num("packed"), expect)
assert "date range   2010-12-01" in text, "date range"
EOF
ok "inspect prints the bundle's counts"
"$BIN" convert --in "$tmp/or.json" --out "$tmp/or.bin" --to binary || fail "convert online retail to binary"
"$BIN" inspect --bundle "$tmp/or.bin" >"$tmp/inspect-bin.txt" || fail "inspect a binary bundle"
# The first line names the file and its size; the rest describes the bundle.
diff <(tail -n +2 "$tmp/inspect.txt") <(tail -n +2 "$tmp/inspect-bin.txt") >&2 || fail "inspect differs between the two forms"
ok "inspect reads the binary form the same"
"$BIN" convert --in "$tmp/or.json" --out "$tmp/or6.bin" --to binary --binary-version 6 || fail "convert to binary version 6"
[ "$(od -An -tu4 -j4 -N4 "$tmp/or6.bin" | tr -d ' ')" = 6 ] || fail "--binary-version 6 labels the file 6"
[ "$(od -An -tu4 -j4 -N4 "$tmp/or.bin" | tr -d ' ')" = 8 ] || fail "the default binary version is 8"
[ "$(stat -c %s "$tmp/or6.bin")" -gt "$(stat -c %s "$tmp/or.bin")" ] || fail "version 6 records hold every field"
"$BIN" convert --in "$tmp/or6.bin" --out "$tmp/or6.json" || fail "convert version 6 back to JSON"
cmp -s "$tmp/or.json" "$tmp/or6.json" || fail "JSON -> binary 6 -> JSON changed the bundle"
"$BIN" convert --in "$tmp/or.json" --out "$tmp/or7.bin" --to binary --binary-version 7 || fail "convert to binary version 7"
[ "$(od -An -tu4 -j4 -N4 "$tmp/or7.bin" | tr -d ' ')" = 7 ] || fail "--binary-version 7 labels the file 7"
[ "$(stat -c %s "$tmp/or7.bin")" -gt "$(stat -c %s "$tmp/or.bin")" ] || fail "version 7 lists hold a palette per list"
"$BIN" convert --in "$tmp/or7.bin" --out "$tmp/or8.bin" --to binary || fail "convert version 7 to 8"
cmp -s "$tmp/or.bin" "$tmp/or8.bin" || fail "binary 7 -> binary 8 differs from JSON -> binary 8"
expect_exit 1 "--binary-version 5" "$BIN" convert --in "$tmp/or.json" --out "$tmp/x.bin" --to binary --binary-version 5
expect_exit 1 "--binary-version with --to json" "$BIN" convert --in "$tmp/or.bin" --out "$tmp/x.json" --to json --binary-version 6
ok "convert writes versions 6 and 7 for engines not upgraded yet, and refuses other versions"

# --- reproducibility and atomic output ---------------------------------------------------------
"$BIN" build --orders "$OR_ORDERS" --catalog data/online-retail/catalog.json -o "$tmp/or2.json" --quiet
cmp -s "$tmp/or.json" "$tmp/or2.json" || fail "two builds of the same input differ"
"$BIN" build --orders data/groceries/groceries.csv --format baskets -o "$tmp/g2.json" --quiet
cmp -s "$tmp/g.json" "$tmp/g2.json" || fail "two groceries builds differ"
ok "same input -> byte-identical bundle (online retail, groceries)"

cp "$tmp/g.json" "$tmp/g.good"
expect_exit 2 "build with a missing catalog onto an existing bundle" "$BIN" build --orders data/groceries/groceries.csv \
  --format baskets --catalog "$tmp/missing-catalog.json" -o "$tmp/g.json"
cmp -s "$tmp/g.json" "$tmp/g.good" || fail "failed build overwrote the good bundle"
expect_exit 2 "strict build failure onto an existing bundle" "$BIN" build --orders "$tmp/strict.csv" --strict -o "$tmp/g.json"
cmp -s "$tmp/g.json" "$tmp/g.good" || fail "failed strict build overwrote the good bundle"
[ ! -e "$tmp/g.json.tmp" ] || fail "temporary file left behind"
ok "a failed build never replaces a good bundle"

# --- Shopify product CSV -> catalog -> bundle -> offers ------------------------------------------
SHOP=tests/fixtures/shopify/home-and-garden.csv
"$BIN" import-shopify --in "$SHOP" --out "$tmp/shop-catalog.json" --currency USD 2>"$tmp/import.txt" ||
  { cat "$tmp/import.txt" >&2; fail "import-shopify $SHOP"; }
grep -q "21 rows, 20 products, 21 variants, 0 image rows, 0 rows skipped" "$tmp/import.txt" ||
  { cat "$tmp/import.txt" >&2; fail "import-shopify summary"; }
python3 - "$tmp/shop-catalog.json" <<'EOF' || fail "imported Shopify catalog content"
import json, sys
c = json.load(open(sys.argv[1]))
assert c["format"] == "cartlift.catalog/1" and c["currency"] == "USD", c["format"]
p = {x["id"]: x for x in c["products"]}
assert len(p) == 21, len(p)
large = p["clay-plant-pot:Large"]
assert large["price"] == "15.99" and large["family"] == "clay-plant-pot", large
assert large["title"] == "Clay Plant Pot \u2013 Large" and large["attributes"]["Size"] == "Large", large
assert p["copper-light"]["attributes"]["compare_at_price"] == "75.00", p["copper-light"]
assert all(x["url"] == "/products/" + x["id"].split(":")[0] for x in p.values())
assert "<p>" not in open(sys.argv[1]).read(), "HTML body copied"
EOF
ok "import-shopify: 21 variants of 20 products, exact prices, compare-at kept"

cat >"$tmp/shop-baskets.txt" <<'EOF'
clay-plant-pot:Regular,yellow-watering-can,gardening-hand-trowel
clay-plant-pot:Regular,yellow-watering-can
clay-plant-pot:Large,yellow-watering-can,biodegradable-cardboard-pots
cream-sofa,brown-throw-pillows,knitted-throw-pillows
cream-sofa,brown-throw-pillows
grey-sofa,knitted-throw-pillows,vanilla-candle
wooden-outdoor-table,wooden-outdoor-slats
EOF
"$BIN" build --orders "$tmp/shop-baskets.txt" --format baskets --separator comma --catalog "$tmp/shop-catalog.json" \
  -o "$tmp/shop.json" --quiet || fail "build --catalog from the imported Shopify catalog"
"$BIN" recommend --bundle "$tmp/shop.json" --cart "clay-plant-pot:Regular" --limit 3 >"$tmp/shop-offers.txt" ||
  fail "recommend on the Shopify bundle"
grep -qE '^1\. \[cross_sell\] Yellow watering can  \(yellow-watering-can, \$40\.99\)' "$tmp/shop-offers.txt" ||
  { cat "$tmp/shop-offers.txt" >&2; fail "Shopify bundle: the watering can is not the first offer for the pot"; }
if grep -q '(clay-plant-pot:Large,' "$tmp/shop-offers.txt"; then fail "a variant of the cart product was cross-sold"; fi
ok "build --catalog from the import, then recommend: the watering can goes with the pot"

cp "$tmp/shop-catalog.json" "$tmp/shop-catalog.good"
{ head -2 "$SHOP"; printf 'bad-price,Bad,,V,T,,true,Title,Default Title,,,,,,0,,1,deny,manual,"12,50",,true,true,,,,,false,,,,,,,,,,,,,,,,,kg,,\n'; } >"$tmp/bad-shop.csv"
expect_exit 2 "import-shopify --strict on a bad price" "$BIN" import-shopify --in "$tmp/bad-shop.csv" \
  --out "$tmp/shop-catalog.json" --strict
grep -q "bad-shop.csv:3: invalid_price: line 3: column Variant Price" "$tmp/stderr" ||
  { cat "$tmp/stderr" >&2; fail "strict import error does not name file:line and column"; }
cmp -s "$tmp/shop-catalog.json" "$tmp/shop-catalog.good" || fail "failed import overwrote the catalog"
expect_exit 0 "the same file without --strict skips the row" "$BIN" import-shopify --in "$tmp/bad-shop.csv" --out "$tmp/one.json"
grep -q "line 3: column Variant Price" "$tmp/stderr" || { cat "$tmp/stderr" >&2; fail "skipped row not listed"; }
printf 'Handle,Title\nx,X\n' >"$tmp/no-price.csv"
expect_exit 2 "import-shopify without a Variant Price column" "$BIN" import-shopify --in "$tmp/no-price.csv" \
  --out "$tmp/shop-catalog.json"
grep -q 'missing column "Variant Price"' "$tmp/stderr" || { cat "$tmp/stderr" >&2; fail "missing column not named"; }
cmp -s "$tmp/shop-catalog.json" "$tmp/shop-catalog.good" || fail "failed import overwrote the catalog"
[ ! -e "$tmp/shop-catalog.json.tmp" ] || fail "temporary file left behind"
ok "a failed import never replaces a good catalog"

echo "smoke: all checks passed"
