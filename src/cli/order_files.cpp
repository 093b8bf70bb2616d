#include "order_files.h"

#include <algorithm>
#include <cctype>

#include "input.h"

namespace cartlift::cli {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}


// Same rule as `cartlift build`: the flag's name or 1-based number, else the first alias present.
std::string PickColumn(const std::vector<std::string>& header, const std::string& given,
                       const std::vector<std::string>& aliases) {
  if (!given.empty()) {
    if (given.size() < 6 &&
        std::all_of(given.begin(), given.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      const std::size_t n = std::stoul(given);
      if (n >= 1 && n <= header.size()) return header[n - 1];
    }
    return given;
  }
  for (const std::string& a : aliases)
    for (const std::string& h : header)
      if (Lower(h) == Lower(a)) return h;
  return aliases.front();
}

}  // namespace

std::vector<std::string> SplitHeader(std::string line) {
  if (line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) out.push_back(std::move(cur)), cur.clear();
    else cur += c;
  }
  out.push_back(cur);
  for (auto& s : out) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(0, 1);
  }
  return out;
}

std::string GuessOrderFormat(const std::string& path) {
  std::string p = Lower(path);
  if (p.size() > 3 && p.compare(p.size() - 3, 3, ".gz") == 0) p.resize(p.size() - 3);
  return p.size() > 4 && p.compare(p.size() - 4, 4, ".csv") == 0 ? "csv" : "baskets";
}

bool ReadOrderFile(const std::string& path, const Args& args, int price_exponent, const OrderSink& sink,
                   ReadReport* report, std::string* error,
                   const std::function<bool(const std::string&)>& keep_product, std::string* format_out) {
  const std::string format = args.Get("format", GuessOrderFormat(path));
  if (format_out) *format_out = format;
  if (format != "csv" && format != "baskets") {
    *error = "--format must be csv or baskets";
    return false;
  }
  auto in = OpenInput(path, error);
  if (!in) return false;
  Status status;
  if (format == "csv") {
    std::string header_line;
    {
      auto peek = OpenInput(path, error);
      if (peek) std::getline(*peek, header_line);
    }
    const auto header = SplitHeader(header_line);
    CsvOptions csv;
    csv.order_column = PickColumn(header, args.Get("order-column"), {"order_id", "InvoiceNo", "Invoice", "Name", "order"});
    csv.product_column = PickColumn(header, args.Get("product-column"),
                                    {"product_id", "StockCode", "sku", "Lineitem sku", "item_id", "product"});
    csv.time_column = PickColumn(header, args.Get("time-column"),
                                 {"timestamp", "InvoiceDate", "created_at", "Created at", "date", "order_date"});
    csv.quantity_column = PickColumn(header, args.Get("quantity-column"), {"quantity", "Quantity", "Lineitem quantity", "qty"});
    csv.price_column = PickColumn(header, args.Get("price-column"), {"price", "UnitPrice", "Lineitem price", "unit_price"});
    csv.title_column = PickColumn(header, args.Get("title-column"), {"title", "Description", "Lineitem name", "name"});
    csv.price_exponent = price_exponent;
    csv.strict = args.Has("strict");
    csv.keep_product = keep_product;
    status = ReadOrdersCsv(*in, path, csv, sink, report);
  } else {
    BasketOptions bo;
    const std::string sep = args.Get("separator", "auto");
    if (sep == "comma") bo.separator = BasketSeparator::kComma;
    else if (sep == "space") bo.separator = BasketSeparator::kSpace;
    else if (sep == "tab") bo.separator = BasketSeparator::kTab;
    else if (sep != "auto") return *error = "--separator must be comma, space, tab or auto", false;
    bo.strict = args.Has("strict");
    status = ReadBaskets(*in, path, bo, sink, report);
  }
  if (!status.ok()) {
    *error = status.error().path + ": " + status.error().code_name() + ": " + status.error().message;
    return false;
  }
  return true;
}

}  // namespace cartlift::cli
