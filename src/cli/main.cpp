// cartlift: mine orders into a store bundle, and answer offers from it.
#include <cstring>
#include <exception>
#include <iostream>

#include "args.h"
#include "commands.h"

namespace {

constexpr const char* kUsage =
    "cartlift " CARTLIFT_VERSION " - cross-sell and upsell offers from your own order history\n"
    "usage: cartlift <command> [options]\n"
    "  build      mine orders (+ catalog) into a store bundle\n"
    "  recommend  offers for a cart, or a batch of JSON requests\n"
    "  inspect    summary of a bundle\n"
    "  eval       offline quality against standard recommenders on a train/test split\n"
    "  convert    a bundle between its JSON and binary forms\n"
    "  assign     experiment arms for visitor ids\n"
    "  import-shopify  a Shopify product CSV export into a catalog\n"
    "Run 'cartlift <command> --help' for the options of a command.\n"
    "Exit codes: 0 ok, 1 usage, 2 bad input.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace cartlift::cli;
  if (argc < 2) return std::cerr << kUsage, kExitUsage;
  const std::string cmd = argv[1];
  try {
    if (cmd == "build") return RunBuild(argc, argv);
    if (cmd == "recommend") return RunRecommend(argc, argv);
    if (cmd == "inspect") return RunInspect(argc, argv);
    if (cmd == "eval") return RunEval(argc, argv);
    if (cmd == "convert") return RunConvert(argc, argv);
    if (cmd == "assign") return RunAssign(argc, argv);
    if (cmd == "import-shopify") return RunImportShopify(argc, argv);
    if (cmd == "--help" || cmd == "help" || cmd == "-h") return std::cout << kUsage, kExitOk;
    if (cmd == "--version") return std::cout << CARTLIFT_VERSION << "\n", kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "cartlift " << cmd << ": " << e.what() << "\n";
    return kExitBadInput;
  }
  std::cerr << "cartlift: unknown command '" << cmd << "'\n" << kUsage;
  return kExitUsage;
}
