// Native serving benchmark: bundle load time and recommend() latency on real carts.
// Usage: cartlift_bench BUNDLE CARTS_1.jsonl CARTS_5.jsonl CARTS_20.jsonl [BINARY_BUNDLE]
//        [google-benchmark flags]
// Prints google-benchmark's table, then one JSON line with p50/p99 per cart size, which
// bench/run.sh sets against the wasm figures measured in the same run.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cartlift/engine.h"

namespace {

std::string g_bundle;
std::vector<std::vector<std::string>> g_requests;  // per cart size
std::unique_ptr<cartlift::Engine> g_engine;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

void BM_LoadBundle(benchmark::State& state) {
  for (auto _ : state) {
    auto e = cartlift::Engine::Load(g_bundle);
    benchmark::DoNotOptimize(e);
  }
}

void BM_Recommend(benchmark::State& state) {
  const auto& reqs = g_requests[static_cast<std::size_t>(state.range(0))];
  std::size_t i = 0;
  for (auto _ : state) {
    // cartlift_recommend_view's work: request in, ASCII response in the engine's buffer.
    auto r = g_engine->RecommendJsonView(reqs[i++ % reqs.size()], true);
    benchmark::DoNotOptimize(r.value().data());
  }
}

double Percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: cartlift_bench BUNDLE CARTS_1 CARTS_5 CARTS_20 [benchmark flags]\n";
    return 1;
  }
  g_bundle = Slurp(argv[1]);
  for (int i = 2; i <= 4; ++i) g_requests.push_back(Lines(argv[i]));
  auto engine = cartlift::Engine::Load(g_bundle);
  if (!engine.ok()) {
    std::cerr << "bundle: " << engine.error().message << "\n";
    return 2;
  }
  g_engine = std::move(engine).value();

  benchmark::RegisterBenchmark("load_bundle_json", BM_LoadBundle)->Unit(benchmark::kMillisecond);
  const char* names[] = {"recommend/cart1", "recommend/cart5", "recommend/cart20"};
  for (int i = 0; i < 3; ++i) benchmark::RegisterBenchmark(names[i], BM_Recommend)->Arg(i)->Unit(benchmark::kMicrosecond);
  std::string binary;
  int first_flag = 5;
  if (argc > 5 && std::string(argv[5]).rfind("--", 0) != 0) binary = Slurp(argv[first_flag++]);
  std::vector<char*> bargv{argv[0]};
  for (int i = first_flag; i < argc; ++i) bargv.push_back(argv[i]);
  int bargc = static_cast<int>(bargv.size());
  benchmark::Initialize(&bargc, bargv.data());
  benchmark::RunSpecifiedBenchmarks();

  // Per-call latencies for percentiles (google benchmark reports means only).
  std::cout << "{\"runtime\":\"native\"";
  const int sizes[] = {1, 5, 20};
  for (int i = 0; i < 3; ++i) {
    const auto& reqs = g_requests[static_cast<std::size_t>(i)];
    std::vector<double> us;
    for (int round = 0; round < 20000; ++round) {
      const auto t0 = std::chrono::steady_clock::now();
      auto r = g_engine->RecommendJsonView(reqs[static_cast<std::size_t>(round) % reqs.size()], true);
      const auto t1 = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(r.value().data());
      us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    std::cout << ",\"cart" << sizes[i] << "\":{\"p50_us\":" << Percentile(us, 0.5) << ",\"p99_us\":" << Percentile(us, 0.99)
              << "}";
  }
  std::vector<double> ms;
  for (int i = 0; i < 10; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    auto e = cartlift::Engine::Load(g_bundle);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::cout << ",\"load_ms\":" << Percentile(ms, 0.5);
  if (!binary.empty()) {
    std::vector<double> bin_ms;
    for (int i = 0; i < 20; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      auto e = cartlift::Engine::Load(binary);
      bin_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (!e.ok()) return 2;
    }
    std::cout << ",\"binary_load_ms\":" << Percentile(bin_ms, 0.5);
  }
  std::cout << "}\n";
  return 0;
}
