// cartlift assign: experiment arms for visitor ids, exactly as the engine serves them (the npm
// package's assignArm and the wasm engine give the same arms; js-glue/test checks all three).
#include <iostream>
#include <string>

#include "args.h"
#include "cartlift/engine.h"
#include "commands.h"
#include "input.h"

namespace cartlift::cli {
namespace {

constexpr const char* kUsage =
    "usage: cartlift assign --bundle BUNDLE [--experiment ID] [--visitor ID | --visitors FILE|-]\n"
    "Prints VISITOR<TAB>ARM for each visitor id: one --visitor, or one id per line of --visitors\n"
    "(standard input by default; a trailing \\r is dropped). The experiment defaults to the\n"
    "bundle's first; without experiments, or for an empty id, the arm is \"default\". A bad id\n"
    "(over 256 bytes, not UTF-8) is reported on stderr with its line number, left out of the\n"
    "output, and makes the exit code 2.\n";

void Report(const std::string& where, const Error& e) {
  std::cerr << "cartlift assign: " << where << e.code_name() << " at " << e.path << ": " << e.message << "\n";
}

}  // namespace

int RunAssign(int argc, char** argv) {
  Args args;
  std::string err;
  if (!args.Parse(argc, argv, 2, {"help"}, &err)) {
    std::cerr << "cartlift assign: " << err << "\n" << kUsage;
    return kExitUsage;
  }
  if (args.Has("help")) return std::cout << kUsage, kExitOk;
  const auto unknown = args.Unknown({"bundle", "experiment", "visitor", "visitors", "help"});
  if (!unknown.empty() || !args.positional().empty()) {
    std::cerr << "cartlift assign: unknown argument "
              << (unknown.empty() ? args.positional().front() : unknown.front()) << "\n" << kUsage;
    return kExitUsage;
  }
  if (!args.Has("bundle") || (args.Has("visitor") && args.Has("visitors"))) {
    std::cerr << "cartlift assign: --bundle is required, with at most one of --visitor or --visitors\n" << kUsage;
    return kExitUsage;
  }
  std::string text;
  if (!ReadAll(args.Get("bundle"), &text, &err)) return std::cerr << "cartlift assign: " << err << "\n", kExitBadInput;
  auto engine = Engine::Load(text);
  if (!engine.ok()) return Report(args.Get("bundle") + ": ", engine.error()), kExitBadInput;
  const std::string experiment = args.Get("experiment");
  // An unknown experiment is a mistake in the command, not in one line: fail before reading ids.
  if (Result<ArmChoice> probe = engine.value()->AssignArm("", experiment); !probe.ok())
    return Report("", probe.error()), kExitBadInput;

  if (args.Has("visitor")) {
    const std::string visitor = args.Get("visitor");
    Result<ArmChoice> c = engine.value()->AssignArm(visitor, experiment);
    if (!c.ok()) return Report("", c.error()), kExitBadInput;
    std::cout << visitor << '\t' << c.value().name() << '\n';
    return kExitOk;
  }
  auto in = OpenInput(args.Get("visitors", "-"), &err);
  if (!in) return std::cerr << "cartlift assign: " << err << "\n", kExitBadInput;
  std::string line, out;
  std::uint64_t n = 0;
  bool bad = false;
  while (std::getline(*in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    Result<ArmChoice> c = engine.value()->AssignArm(line, experiment);
    if (!c.ok()) {
      Report("line " + std::to_string(n) + ": ", c.error());
      bad = true;
      continue;
    }
    out.append(line).append(1, '\t').append(c.value().name()).append(1, '\n');
    if (out.size() > (1 << 16)) std::cout << out, out.clear();
  }
  std::cout << out;
  std::cout.flush();
  return bad || !std::cout ? kExitBadInput : kExitOk;
}

}  // namespace cartlift::cli
