// Minimal command-line parsing: `--name value`, `--name=value`, repeated flags, boolean switches.
//
// Example:
//   Args a;  std::string err;
//   if (!a.Parse(argc, argv, 2, {"strict", "binary"}, &err)) { usage(err); }
//   for (const std::string& f : a.All("orders")) { ... }
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

namespace cartlift::cli {

class Args {
 public:
  // `switches` take no value; every other `--flag` takes exactly one. -o is --output, -k is --k.
  bool Parse(int argc, char** argv, int first, const std::set<std::string>& switches, std::string* error);
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = {}) const;
  std::vector<std::string> All(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }
  // Names given that are not in `known`: the caller reports them as usage errors.
  std::vector<std::string> Unknown(const std::set<std::string>& known) const;

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;
inline constexpr int kExitBadInput = 2;

}  // namespace cartlift::cli
