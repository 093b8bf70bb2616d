// libFuzzer entry for ImportShopifyCsv, lenient and strict.
#include <cstdio>
#include <cstdlib>

#include "harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string problem = cartlift::fuzz::ShopifyCsv(data, size);
  if (!problem.empty()) {
    // Aborting makes libFuzzer keep the input as a crash artifact like any sanitizer report.
    std::fprintf(stderr, "contract broken: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
