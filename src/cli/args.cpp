#include "args.h"

namespace cartlift::cli {

bool Args::Parse(int argc, char** argv, int first, const std::set<std::string>& switches, std::string* error) {
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-o") a = "--output";
    if (a == "-k") a = "--k";
    if (a.rfind("--", 0) != 0 || a.size() == 2) {
      positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    const auto eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (switches.count(name)) {
      value = "true";
    } else {
      if (i + 1 >= argc) {
        *error = "--" + name + " needs a value";
        return false;
      }
      value = argv[++i];
    }
    values_[name].push_back(value);
  }
  return true;
}

std::string Args::Get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second.back();
}

std::vector<std::string> Args::All(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::vector<std::string> Args::Unknown(const std::set<std::string>& known) const {
  std::vector<std::string> out;
  for (const auto& [name, v] : values_)
    if (!known.count(name)) out.push_back("--" + name);
  return out;
}

}  // namespace cartlift::cli
