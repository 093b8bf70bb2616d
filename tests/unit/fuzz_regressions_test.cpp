// Replays every input kept under tests/fixtures/fuzz-regressions/<target>/ through the same
// harness the libFuzzer target runs (fuzz/harness.h), so a bug the fuzzer found once stays
// fixed in the ordinary gcc and ASan test builds. To keep a new finding: minimise it
// (`build/native-fuzz/bin/<target>_fuzz -minimize_crash=1 -runs=10000 crash-file`) and copy the
// result into that target's folder; no code change is needed here.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

// The binary bundle reader is replayed too wherever it is part of the core.
#if __has_include("cartlift/bundle/bundle_binary.h")
#define CARTLIFT_FUZZ_BUNDLE_BINARY 1
#endif
#include "../../fuzz/harness.h"

namespace {

namespace fs = std::filesystem;
using Harness = std::string (*)(const std::uint8_t*, std::size_t);

struct Target {
  const char* name;
  Harness run;
};

const Target kTargets[] = {
    {"catalog_json", cartlift::fuzz::CatalogJson}, {"bundle_json", cartlift::fuzz::BundleJson},
    {"orders_csv", cartlift::fuzz::OrdersCsv},     {"baskets", cartlift::fuzz::Baskets},
    {"request", cartlift::fuzz::RecommendRequest}, {"c_api", cartlift::fuzz::CApi},
    {"shopify_csv", cartlift::fuzz::ShopifyCsv},
#ifdef CARTLIFT_FUZZ_BUNDLE_BINARY
    {"bundle_binary", cartlift::fuzz::BundleBinary},
#endif
};

std::vector<fs::path> Cases(const std::string& target) {
  std::vector<fs::path> out;
  fs::path dir = fs::path(CARTLIFT_SOURCE_DIR) / "tests/fixtures/fuzz-regressions" / target;
  if (!fs::is_directory(dir)) return out;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().filename().string().rfind('.', 0) != 0) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class FuzzRegression : public ::testing::TestWithParam<Target> {};

TEST_P(FuzzRegression, KeptInputsStayHandled) {
  const Target& t = GetParam();
  std::vector<fs::path> cases = Cases(t.name);
  for (const fs::path& path : cases) {
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << path;
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(t.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), "")
        << path.filename();
  }
  RecordProperty("cases", static_cast<int>(cases.size()));
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzRegression, ::testing::ValuesIn(kTargets),
                         [](const ::testing::TestParamInfo<Target>& p) { return std::string(p.param.name); });

}  // namespace
