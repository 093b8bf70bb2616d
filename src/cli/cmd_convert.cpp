// cartlift convert: a store bundle between its JSON and binary forms, losslessly both ways
// (a JSON bundle converted to binary and back gives the same bytes).
#include <cstdint>
#include <iostream>

#include "args.h"
#include "cartlift/bundle/bundle_binary.h"
#include "cartlift/bundle/bundle_json.h"
#include "commands.h"
#include "input.h"

namespace cartlift::cli {
namespace {

constexpr const char* kUsage =
    "usage: cartlift convert --in BUNDLE --out BUNDLE [--to json|binary] [--binary-version 6|7|8]\n"
    "Reads either form (detected by content). Without --to, the output is the other form.\n"
    "--binary-version 6 or 7 writes the layout engines before version 7 or 8 read (default 8), for\n"
    "a store whose deployed engine is not upgraded yet.\n";

}  // namespace

int RunConvert(int argc, char** argv) {
  Args args;
  std::string err;
  if (!args.Parse(argc, argv, 2, {"help"}, &err)) return std::cerr << "cartlift convert: " << err << "\n" << kUsage, kExitUsage;
  if (args.Has("help")) return std::cout << kUsage, kExitOk;
  const auto unknown = args.Unknown({"in", "out", "output", "to", "binary-version", "help"});
  if (!unknown.empty() || !args.positional().empty()) {
    std::cerr << "cartlift convert: unknown argument "
              << (unknown.empty() ? args.positional().front() : unknown.front()) << "\n" << kUsage;
    return kExitUsage;
  }
  // -o is accepted too, as in `cartlift build`.
  const std::string out_path = args.Has("out") ? args.Get("out") : args.Get("output");
  if (!args.Has("in") || out_path.empty()) return std::cerr << "cartlift convert: --in and --out are required\n" << kUsage, kExitUsage;

  std::string bytes;
  if (!ReadAll(args.Get("in"), &bytes, &err)) return std::cerr << "cartlift convert: " << err << "\n", kExitBadInput;
  const bool from_binary = IsBundleBinary(bytes);
  const std::string to = args.Get("to", from_binary ? "json" : "binary");
  if (to != "json" && to != "binary")
    return std::cerr << "cartlift convert: --to must be json or binary\n" << kUsage, kExitUsage;

  const std::string version = args.Get("binary-version", std::to_string(kBundleBinaryVersion));
  if (version != "6" && version != "7" && version != "8")
    return std::cerr << "cartlift convert: --binary-version must be 6, 7 or 8\n" << kUsage, kExitUsage;
  if (args.Has("binary-version") && to != "binary")
    return std::cerr << "cartlift convert: --binary-version needs --to binary\n" << kUsage, kExitUsage;

  Result<Bundle> b = ReadBundle(bytes);
  if (!b.ok()) {
    std::cerr << "cartlift convert: " << b.error().code_name() << " at "
              << (b.error().path.empty() ? "/" : b.error().path) << ": " << b.error().message << "\n";
    return kExitBadInput;
  }
  const std::string out = to == "binary" ? WriteBundleBinary(b.value(), static_cast<std::uint32_t>(version[0] - '0')) : WriteBundleJson(b.value());
  if (!WriteAtomically(out_path, out, &err)) return std::cerr << "cartlift convert: " << err << "\n", kExitBadInput;
  return kExitOk;
}

}  // namespace cartlift::cli
