// Bundle ready time and memory after load, native, one bundle per process so the RSS delta is
// that bundle's alone. Reads the file, measures VmRSS, keeps one Engine::Load result alive,
// measures VmRSS again, then times ROUNDS further loads (each engine destroyed at once).
// Usage: cartlift_load_bench BUNDLE [ROUNDS=20]   (JSON or binary, detected by content)
// Prints one JSON line: bytes, ready_ms p50/min, rss_before_mb, rss_after_mb, rss_delta_mb.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cartlift/engine.h"

namespace {
double RssMb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return -1;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: cartlift_load_bench BUNDLE [ROUNDS]\n";
    return 1;
  }
  const int rounds = argc > 2 ? std::stoi(argv[2]) : 20;
  std::string bytes;
  {
    std::ifstream in(argv[1], std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  const double before = RssMb();
  const auto t0 = std::chrono::steady_clock::now();
  auto kept = cartlift::Engine::Load(bytes);
  const double first_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!kept.ok()) {
    std::cerr << "bundle: " << kept.error().message << "\n";
    return 2;
  }
  const double after = RssMb();
  std::vector<double> ms;
  for (int i = 0; i < rounds; ++i) {
    const auto t1 = std::chrono::steady_clock::now();
    auto e = cartlift::Engine::Load(bytes);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count());
    if (!e.ok()) return 2;
  }
  std::sort(ms.begin(), ms.end());
  std::cout << "{\"bytes\":" << bytes.size() << ",\"first_ms\":" << first_ms << ",\"ready_ms_p50\":" << ms[ms.size() / 2]
            << ",\"ready_ms_min\":" << ms.front() << ",\"rss_before_mb\":" << before << ",\"rss_after_mb\":" << after
            << ",\"rss_delta_mb\":" << after - before << "}\n";
  return 0;
}
