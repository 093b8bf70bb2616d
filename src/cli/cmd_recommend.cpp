// cartlift recommend: answer one cart, or a batch of JSON requests, from a bundle.
#include <iostream>

#include <nlohmann/json.hpp>

#include "args.h"
#include "cartlift/engine.h"
#include "cartlift/catalog/money.h"
#include "commands.h"
#include "input.h"

namespace cartlift::cli {
namespace {

constexpr const char* kUsage =
    "usage: cartlift recommend --bundle BUNDLE (--cart ID[,ID...] | --batch FILE|-) [--limit K]\n"
    "         [--types cross_sell,upsell,...] [--json] [--explain]\n"
    "--cart prints readable offers (--json: the response JSON). --batch reads one JSON request per\n"
    "line and writes exactly one JSON line per request line, in order; a bad line gets\n"
    "{\"error\": {...}} and the others go on.\n";

std::string ErrorLine(const Error& e) {
  return nlohmann::json{{"error", {{"code", e.code_name()}, {"message", e.message}, {"path", e.path}}}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ',') out.push_back(cur), cur.clear();
    else cur += c;
  }
  out.push_back(cur);
  return out;
}

void PrintReadable(const Response& r, const Bundle& b) {
  for (const Warning& w : r.warnings) std::cout << "warning: " << w.message << " (" << w.path << ")\n";
  if (r.offers.empty()) std::cout << "no offers\n";
  int i = 0;
  for (const Offer& o : r.offers) {
    const Product& p = b.catalog[o.product];
    std::cout << ++i << ". [" << OfferTypeName(o.type) << "] " << p.title << "  (" << p.id << ", "
              << FormatMoney(p.price, b.catalog.currency) << ")  score " << o.score << "\n   why: " << o.reason.text;
    const Evidence& e = o.reason.evidence;
    if (e.with != kNoProduct)
      std::cout << "  [confidence " << static_cast<int>(e.confidence * 1000 + 0.5) / 10.0 << " %, lift "
                << static_cast<int>(e.lift * 10 + 0.5) / 10.0 << "]";
    std::cout << "\n";
  }
  for (const Dropped& d : r.dropped)
    std::cout << "   dropped " << b.catalog[d.product].id << " (" << d.why << ")\n";
}

}  // namespace

int RunRecommend(int argc, char** argv) {
  Args args;
  std::string err;
  if (!args.Parse(argc, argv, 2, {"json", "explain", "help"}, &err)) {
    std::cerr << "cartlift recommend: " << err << "\n" << kUsage;
    return kExitUsage;
  }
  if (args.Has("help")) return std::cout << kUsage, kExitOk;
  const auto unknown = args.Unknown({"bundle", "cart", "batch", "limit", "types", "json", "explain", "help"});
  if (!unknown.empty() || !args.positional().empty()) {
    std::cerr << "cartlift recommend: unknown argument "
              << (unknown.empty() ? args.positional().front() : unknown.front()) << "\n" << kUsage;
    return kExitUsage;
  }
  if (!args.Has("bundle") || args.Has("cart") == args.Has("batch")) {
    std::cerr << "cartlift recommend: --bundle and exactly one of --cart or --batch are required\n" << kUsage;
    return kExitUsage;
  }
  std::string text;
  if (!ReadAll(args.Get("bundle"), &text, &err)) return std::cerr << "cartlift recommend: " << err << "\n", kExitBadInput;
  auto engine = Engine::Load(text);
  text.clear();
  text.shrink_to_fit();
  if (!engine.ok()) {
    std::cerr << "cartlift recommend: " << args.Get("bundle") << ": " << engine.error().code_name() << " at "
              << (engine.error().path.empty() ? "/" : engine.error().path) << ": " << engine.error().message << "\n";
    return kExitBadInput;
  }
  Engine& e = *engine.value();

  if (args.Has("batch")) {
    auto in = OpenInput(args.Get("batch"), &err);
    if (!in) return std::cerr << "cartlift recommend: " << err << "\n", kExitBadInput;
    std::string line, out;
    std::ios::sync_with_stdio(false);
    while (std::getline(*in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      Result<std::string> r = e.RecommendJson(line);
      out = r.ok() ? r.value() : ErrorLine(r.error());
      out += '\n';
      std::cout.write(out.data(), static_cast<std::streamsize>(out.size()));
    }
    std::cout.flush();
    return kExitOk;
  }

  nlohmann::json req;
  req["cart"] = nlohmann::json::array();
  for (const std::string& id : SplitComma(args.Get("cart"))) req["cart"].push_back({{"id", id}, {"qty", 1}});
  try {
    if (args.Has("limit")) req["limit"] = std::stoll(args.Get("limit"));
  } catch (...) {
    return std::cerr << "cartlift recommend: --limit must be a number\n", kExitUsage;
  }
  if (args.Has("types")) req["types"] = SplitComma(args.Get("types"));
  if (args.Has("explain")) req["explain"] = true;
  const std::string request = req.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (args.Has("json")) {
    Result<std::string> r = e.RecommendJson(request);
    if (!r.ok()) return std::cerr << "cartlift recommend: " << ErrorLine(r.error()) << "\n", kExitBadInput;
    std::cout << r.value() << "\n";
    return kExitOk;
  }
  Result<Request> parsed = ParseRequestJson(request);
  if (!parsed.ok()) return std::cerr << "cartlift recommend: " << ErrorLine(parsed.error()) << "\n", kExitBadInput;
  Result<Response> r = e.Recommend(std::move(parsed).value());
  if (!r.ok()) return std::cerr << "cartlift recommend: " << ErrorLine(r.error()) << "\n", kExitBadInput;
  PrintReadable(r.value(), e.bundle());
  return kExitOk;
}

}  // namespace cartlift::cli
