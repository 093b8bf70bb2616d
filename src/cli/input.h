// Opening inputs for the CLI: plain files, gzip-compressed files (by magic bytes), or "-" for
// standard input.
//
// Example:
//   std::string err;
//   auto in = OpenInput("orders.csv.gz", &err);   // nullptr on failure, err says why
//   std::string text;  ReadAll("bundle.json", &text, &err);
#pragma once
#include <istream>
#include <memory>
#include <string>

namespace cartlift::cli {

std::unique_ptr<std::istream> OpenInput(const std::string& path, std::string* error);
bool ReadAll(const std::string& path, std::string* out, std::string* error);
// Writes to `path` through a temporary file and a rename, so a failed write never leaves a
// half-written bundle in place of a good one.
bool WriteAtomically(const std::string& path, const std::string& data, std::string* error);

}  // namespace cartlift::cli
