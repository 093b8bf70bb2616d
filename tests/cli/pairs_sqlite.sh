#!/bin/sh
# The scale-out path gives the same bundle as mining orders on one machine: the SQL of
# docs/scale.md (here in sqlite3 instead of Spark) counts pairs in the Online Retail training
# months, `cartlift build --pairs` turns the counts into a bundle, and it must equal the bundle
# `cartlift build --orders` mines natively, byte for byte except the provenance line (which names
# different inputs).
# usage: tests/cli/pairs_sqlite.sh path/to/cartlift   (run from the repository root)
set -eu
BIN=${1:?usage: pairs_sqlite.sh CARTLIFT_BINARY}
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 not installed"; exit 77; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=$ROOT/data/online-retail
MAX_ORDER_ITEMS=100
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

gzip -dc "$DATA/orders-2010-12_2011-05.csv.gz" > orders.csv
cp "$DATA/catalog.json" catalog.json

sqlite3 counts.db <<SQL
.mode csv
.import orders.csv raw
-- The catalog's products only, as the native build does when given a catalog.
CREATE TABLE catalog AS
  SELECT json_extract(value, '\$.id') AS id FROM json_each(readfile('catalog.json'), '\$.products');
-- Rows the streaming reader rejects as malformed (a price finer than the currency's pence).
CREATE TABLE valid AS
  SELECT rowid AS r, trim(InvoiceNo) AS invoice, trim(StockCode) AS product_id,
         CAST(trim(Quantity) AS INTEGER) AS quantity
  FROM raw
  WHERE NOT (instr(trim(UnitPrice), '.') > 0 AND length(trim(UnitPrice)) - instr(trim(UnitPrice), '.') > 2);
-- An order is a run of adjacent rows with one invoice number, as the reader delivers it (an
-- invoice whose rows come back later is a second order; here 1 of 10,784).
CREATE TABLE runs AS
  SELECT r, product_id, quantity,
         SUM(CASE WHEN invoice IS prev THEN 0 ELSE 1 END) OVER (ORDER BY r) AS order_id
  FROM (SELECT r, invoice, product_id, quantity, LAG(invoice) OVER (ORDER BY r) AS prev FROM valid);
-- Distinct catalog products per order; returns and cancellations (quantity <= 0) do not count.
CREATE TABLE lines AS
  SELECT DISTINCT order_id, product_id FROM runs
  WHERE quantity > 0 AND product_id IN (SELECT id FROM catalog);
-- Wholesale-sized orders are skipped whole, by their number of distinct known products.
CREATE TABLE kept AS
  SELECT l.order_id, l.product_id FROM lines l
  JOIN (SELECT order_id FROM lines GROUP BY order_id HAVING COUNT(*) <= $MAX_ORDER_ITEMS) s
    ON s.order_id = l.order_id;
.headers on
.output item_counts.csv
SELECT product_id, COUNT(*) AS orders FROM kept GROUP BY product_id ORDER BY product_id;
.output pairs.csv
SELECT a.product_id AS product_a, b.product_id AS product_b, COUNT(*) AS co
FROM kept a JOIN kept b ON a.order_id = b.order_id AND a.product_id < b.product_id
GROUP BY a.product_id, b.product_id ORDER BY 1, 2;
.headers off
.output orders_count.txt
SELECT COUNT(DISTINCT order_id) FROM kept;
.output stdout
SQL

"$BIN" build --quiet --orders orders.csv --catalog catalog.json --max-order-items $MAX_ORDER_ITEMS -o native.json
"$BIN" build --quiet --pairs pairs.csv --item-counts item_counts.csv --orders-count "$(cat orders_count.txt)" \
  --catalog catalog.json --max-order-items $MAX_ORDER_ITEMS -o pairs.json

grep -v '^"built_from"' native.json > native.cmp
grep -v '^"built_from"' pairs.json > pairs.cmp
if ! cmp native.cmp pairs.cmp; then
  diff native.cmp pairs.cmp | head -20
  echo "FAIL: bundle from SQL pair counts differs from the natively mined one"
  exit 1
fi
# The order counts must agree too (they feed lift).
n1=$(grep -o '"orders":[0-9]*,"order_items"' native.json | head -1)
n2=$(grep -o '"orders":[0-9]*,"order_items"' pairs.json | head -1)
[ "${n1%%,*}" = "${n2%%,*}" ] || { echo "FAIL: order counts differ: $n1 vs $n2"; exit 1; }
echo "OK: $(wc -l < pairs.csv) pair rows, bundles equal"
