// cartlift import-shopify: a Shopify product CSV export -> a cartlift.catalog/1 document that
// `cartlift build --catalog` reads.
#include <iostream>

#include "args.h"
#include "cartlift/catalog/catalog_json.h"
#include "cartlift/catalog/money.h"
#include "cartlift/catalog/shopify_csv.h"
#include "commands.h"
#include "input.h"

namespace cartlift::cli {
namespace {

constexpr const char* kUsage =
    "usage: cartlift import-shopify --in products_export.csv --out catalog.json\n"
    "         [--currency CODE] [--strict] [--base-url /products/] [--quiet]\n"
    "Reads Shopify's product CSV (Products > Export; .gz is fine) into a catalog, one product per\n"
    "variant (docs/formats.md, \"Shopify import\"). Bad rows are skipped and listed with their\n"
    "line; --strict makes the first one fatal. Draft, archived and unpublished products are\n"
    "skipped. Prices are read exactly in --currency (default GBP). Nothing is written on failure.\n";

constexpr std::size_t kShown = 10;

void PrintList(const char* label, const std::vector<std::string>& items, std::uint64_t total) {
  for (std::size_t i = 0; i < items.size() && i < kShown; ++i)
    std::cerr << "  " << label << ": " << items[i] << "\n";
  if (total > kShown) std::cerr << "  ... and " << total - kShown << " more\n";
}

}  // namespace

int RunImportShopify(int argc, char** argv) {
  Args args;
  std::string err;
  if (!args.Parse(argc, argv, 2, {"strict", "quiet", "help"}, &err))
    return std::cerr << "cartlift import-shopify: " << err << "\n" << kUsage, kExitUsage;
  if (args.Has("help")) return std::cout << kUsage, kExitOk;
  const auto unknown = args.Unknown({"in", "out", "output", "currency", "strict", "base-url", "quiet", "help"});
  if (!unknown.empty() || !args.positional().empty()) {
    std::cerr << "cartlift import-shopify: unknown argument "
              << (unknown.empty() ? args.positional().front() : unknown.front()) << "\n" << kUsage;
    return kExitUsage;
  }
  // -o is accepted too, as in `cartlift build`.
  const std::string out_path = args.Has("out") ? args.Get("out") : args.Get("output");
  if (!args.Has("in") || out_path.empty())
    return std::cerr << "cartlift import-shopify: --in and --out are required\n" << kUsage, kExitUsage;

  ShopifyImportOptions options;
  options.currency = args.Get("currency", "GBP");
  if (CurrencyExponent(options.currency) < 0)
    return std::cerr << "cartlift import-shopify: unknown currency " << options.currency << "\n", kExitUsage;
  options.base_url = args.Get("base-url", options.base_url);
  options.strict = args.Has("strict");
  const std::string in_path = args.Get("in");
  options.source_name = in_path;

  std::string text;
  if (!ReadAll(in_path, &text, &err)) return std::cerr << "cartlift import-shopify: " << err << "\n", kExitBadInput;
  ShopifyImportReport report;
  Result<Catalog> catalog = ImportShopifyCsv(text, options, &report);
  if (!catalog.ok()) {
    const Error& e = catalog.error();
    std::cerr << "cartlift import-shopify: " << (e.path.empty() ? in_path : e.path) << ": " << e.code_name()
              << ": " << e.message << "\n";
    return kExitBadInput;
  }
  const bool quiet = args.Has("quiet");
  if (!quiet || catalog.value().size() == 0) {
    std::cerr << "read " << in_path << ": " << report.rows << " rows, " << report.products << " products, "
              << report.variants << " variants, " << report.image_rows << " image rows, " << report.skipped_rows
              << " rows skipped (" << report.unpublished_rows << " unpublished)\n";
    PrintList("skipped", report.skipped, report.skipped_rows);
    PrintList("warning", report.warnings, report.warnings.size());
  }
  // An export that yields nothing is almost always the wrong file; keep any earlier catalog.
  if (catalog.value().size() == 0)
    return std::cerr << "cartlift import-shopify: no product imported; " << out_path << " left as it was\n",
           kExitBadInput;
  if (!WriteAtomically(out_path, DumpCatalogJson(catalog.value()) + "\n", &err))
    return std::cerr << "cartlift import-shopify: " << err << "\n", kExitBadInput;
  if (!quiet) std::cerr << "wrote " << out_path << ": " << catalog.value().size() << " products\n";
  return kExitOk;
}

}  // namespace cartlift::cli
