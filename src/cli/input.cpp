#include "input.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <streambuf>

namespace cartlift::cli {
namespace {

class GzBuf : public std::streambuf {
 public:
  explicit GzBuf(gzFile f) : f_(f) { gzbuffer(f_, 1 << 16); }
  ~GzBuf() override { gzclose(f_); }
  GzBuf(const GzBuf&) = delete;
  GzBuf& operator=(const GzBuf&) = delete;
  bool failed() const { return failed_; }

 protected:
  int_type underflow() override {
    const int n = gzread(f_, buf_, sizeof buf_);
    if (n <= 0) {
      if (n < 0) failed_ = true;
      return traits_type::eof();
    }
    setg(buf_, buf_, buf_ + n);
    return traits_type::to_int_type(buf_[0]);
  }

 private:
  gzFile f_;
  char buf_[1 << 16];
  bool failed_ = false;
};

class GzStream : public std::istream {
 public:
  explicit GzStream(gzFile f) : std::istream(nullptr), buf_(f) { rdbuf(&buf_); }

 private:
  GzBuf buf_;
};

// Owns nothing: standard input stays open.
class StdinStream : public std::istream {
 public:
  StdinStream() : std::istream(std::cin.rdbuf()) {}
};

}  // namespace

std::unique_ptr<std::istream> OpenInput(const std::string& path, std::string* error) {
  if (path == "-") return std::make_unique<StdinStream>();
  std::ifstream probe(path, std::ios::binary);
  if (!probe) {
    *error = path + ": " + std::strerror(errno);
    return nullptr;
  }
  unsigned char magic[2] = {0, 0};
  probe.read(reinterpret_cast<char*>(magic), 2);
  probe.close();
  if (magic[0] == 0x1f && magic[1] == 0x8b) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) {
      *error = path + ": cannot open gzip stream";
      return nullptr;
    }
    return std::make_unique<GzStream>(f);
  }
  auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*in) {
    *error = path + ": " + std::strerror(errno);
    return nullptr;
  }
  return in;
}

bool ReadAll(const std::string& path, std::string* out, std::string* error) {
  auto in = OpenInput(path, error);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(*in), std::istreambuf_iterator<char>());
  if (in->bad()) {
    *error = path + ": read error";
    return false;
  }
  return true;
}

bool WriteAtomically(const std::string& path, const std::string& data, std::string* error) {
  if (path == "-") {
    std::cout << data;
    std::cout.flush();
    return static_cast<bool>(std::cout);
  }
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.flush();
    if (!out) {
      *error = tmp + ": " + std::strerror(errno);
      std::remove(tmp.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    *error = path + ": " + std::strerror(errno);
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace cartlift::cli
