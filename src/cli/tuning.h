// The scoring and serving flags shared by `cartlift build` and `cartlift eval`, so a setting
// measured with eval is built with exactly the same meaning.
//
// Example:
//   BuildOptions o;  std::string err;
//   if (!ApplyTuningFlags(args, &o, &err)) { std::cerr << err; }   // --scorer, --merge, ...
#pragma once
#include <set>
#include <string>

#include "args.h"
#include "cartlift/builder.h"

namespace cartlift::cli {

// Flag names (without "--") ApplyTuningFlags understands.
const std::set<std::string>& TuningFlags();
extern const char* const kTuningUsage;
bool ApplyTuningFlags(const Args& args, BuildOptions* options, std::string* error);

}  // namespace cartlift::cli
