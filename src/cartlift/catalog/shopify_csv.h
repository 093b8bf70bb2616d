// Shopify's product CSV (Products → Export in the Shopify admin) to a cartlift Catalog, so a
// Shopify merchant can start from the export they already have.
//
// Example:
//   ShopifyImportOptions options;  options.currency = "USD";
//   ShopifyImportReport report;
//   Result<Catalog> r = ImportShopifyCsv(csv_text, options, &report);
//   if (!r.ok()) std::cerr << r.error().path << ": " << r.error().message;   // "products.csv:14"
//   for (const std::string& s : report.skipped) std::cerr << s << "\n";      // "line 9: ..."
//   std::string json = DumpCatalogJson(r.value());                          // cartlift.catalog/1
//
// The file: one row per variant, rows sharing a Handle are one Shopify product; the first row of
// a handle carries the product columns (Title, Vendor, Type, Tags, Published, Status, Product
// Category), later rows only variant columns (Option values, Variant SKU, Variant Price, ...) or
// only an extra Image Src. Columns are found by name (case-insensitive); Handle, Title and
// Variant Price are required, every other column is optional, unknown ones are ignored.
//
// The mapping (docs/formats.md, "Shopify import", has the full table):
//   - one catalog product per variant; id = Variant SKU, or the handle when the SKU is empty and
//     the product has no options ("Default Title"), else "handle:Value1/Value2";
//   - title = Title, plus " – Value1 / Value2" for products with options;
//   - price, Variant Compare At Price, Cost per item: exact decimals in the currency's minor
//     unit, never rounded (more decimals than the currency has makes the row bad); a compare-at
//     price above the price is kept as attribute "compare_at_price" (the catalog has no field);
//   - attributes: option name → value, then "vendor" and (when Product Category gives the
//     category) "type"; tags from Tags; category from Product Category ("A > B > C") or Type;
//   - variants of a handle with more than one variant share family = handle, tier left unset:
//     a CSV says nothing about which variant is an upgrade (a Large shirt is a fit, not a
//     better shirt), so upsell ladders stay the merchant's call;
//   - inventory: only when Shopify enforces it (a Variant Inventory Tracker and policy "deny");
//     a blank tracker or policy "continue" means the variant can always be sold;
//   - image: Variant Image, else the product's first Image Src (http/https only);
//     url = base_url + handle. Body (HTML) is never read into the catalog.
// Draft, archived or unlisted products (Status) and Published=false are skipped and counted.
//
// Errors are values; nothing throws. In lenient mode (the default) a bad row is skipped and
// described in report.skipped as "line N: column X: why"; with `strict` the first bad row is the
// returned error (kInvalidPrice, kInvalidValue, kLimitExceeded, kDuplicateId or
// kMalformedRecord), its path "source:line" and its message naming the column. A missing
// required column is kMissingField naming it; input over max_bytes or with more than max_rows
// records is kLimitExceeded; an unknown currency is kUnknownCurrency.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cartlift/catalog/catalog.h"
#include "cartlift/status.h"
#include "cartlift/types.h"

namespace cartlift {

struct ShopifyImportOptions {
  std::string currency = "GBP";          // ISO 4217; Shopify's CSV does not say
  std::string base_url = "/products/";   // a '/' is added when it does not end with one
  std::string source_name = "products.csv";  // used in error paths
  bool strict = false;
  // A store with 100,000 products of 10 variants and long descriptions exports well under this.
  std::size_t max_bytes = std::size_t{256} << 20;
  std::size_t max_rows = Limits::kMaxProducts;
};

struct ShopifyImportReport {
  std::uint64_t rows = 0;              // records after the header, blank lines not counted
  std::uint64_t products = 0;          // handles with at least one variant in the catalog
  std::uint64_t variants = 0;          // catalog products written (one per variant)
  std::uint64_t image_rows = 0;        // rows that only add an image to their product
  std::uint64_t skipped_rows = 0;      // rows not imported, whatever the reason
  std::uint64_t unpublished_rows = 0;  // of which: draft, archived, unlisted or unpublished
  std::vector<std::string> skipped;    // first 100 "line N: why"
  std::vector<std::string> warnings;   // first 100 things imported differently than written
};

// Reads a whole Shopify product CSV (UTF-8, optional BOM, LF or CRLF, quoted fields may hold
// commas and line breaks). `report` may be null.
Result<Catalog> ImportShopifyCsv(std::string_view text, const ShopifyImportOptions& options,
                                 ShopifyImportReport* report);

}  // namespace cartlift
