#include "cartlift/orders/csv_tokenizer.h"

#include "cartlift/byte_scan.h"

namespace cartlift {
namespace orders_internal {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 18;
static_assert(kChunkBytes <= kMaxRecordBytes, "ReadLine hands out lines within a block unchecked");

}  // namespace

ChunkReader::ChunkReader(std::istream& in) : in_(in), buf_(kChunkBytes) {}

bool ChunkReader::Refill() {
  if (io_error_) return false;
  const bool first = base_ == 0 && end_ == 0;
  base_ += end_;
  pos_ = 0;
  end_ = 0;
  if (!in_.good()) {
    if (in_.bad()) io_error_ = true;
    return false;
  }
  in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  const std::streamsize n = in_.gcount();
  if (in_.bad()) {
    io_error_ = true;
    return false;
  }
  if (n <= 0) return false;
  end_ = static_cast<std::size_t>(n);
  if (first && end_ >= 3 && static_cast<unsigned char>(buf_[0]) == 0xEF &&
      static_cast<unsigned char>(buf_[1]) == 0xBB && static_cast<unsigned char>(buf_[2]) == 0xBF) {
    pos_ = 3;
    if (pos_ == end_) return Refill();
  }
  return true;
}

bool ChunkReader::ReadLine(std::string_view* line, bool* too_long) {
  // Most lines lie inside the block and are handed out in place instead of copied. A CR ending
  // the block is copied too: telling CR from CRLF needs the next block, which overwrites this one.
  const char* b = buf_.data() + pos_;
  const char* e = buf_.data() + end_;
  const char* p = byte_scan::FindFirstOf2(b, e, '\n', '\r');
  if (p != e && (*p == '\n' || p + 1 != e)) {
    *line = std::string_view(b, static_cast<std::size_t>(p - b));
    *too_long = false;  // a block is never longer than a record may be
    pos_ = static_cast<std::size_t>(p + 1 - buf_.data());
    if (*p == '\r' && buf_[pos_] == '\n') ++pos_;
    return true;
  }
  if (!CopyLine(&spill_, too_long)) return false;
  *line = spill_;
  return true;
}

bool ChunkReader::CopyLine(std::string* line, bool* too_long) {
  line->clear();
  *too_long = false;
  bool any = false;
  for (;;) {
    if (pos_ == end_ && !Refill()) return any;
    any = true;
    const char* b = buf_.data() + pos_;
    const char* e = buf_.data() + end_;
    const char* p = byte_scan::FindFirstOf2(b, e, '\n', '\r');
    const std::size_t n = static_cast<std::size_t>(p - b);
    if (!*too_long) {
      if (line->size() + n > kMaxRecordBytes) {
        *too_long = true;
        line->append(b, kMaxRecordBytes - line->size());
      } else {
        line->append(b, n);
      }
    }
    pos_ += n;
    if (p == e) continue;
    ++pos_;
    if (*p == '\r') {
      if (pos_ == end_) Refill();
      if (pos_ < end_ && buf_[pos_] == '\n') ++pos_;
    }
    return true;
  }
}

bool CsvTokenizer::Next(CsvRecord* rec) {
  rec->data.clear();
  rec->ends.clear();
  rec->quoted.clear();
  rec->problem = CsvRecord::Problem::kNone;
  rec->line = line_;

  ChunkReader& r = reader_;
  if (r.pos_ == r.end_ && !r.Refill()) return false;
  const std::uint64_t start = r.offset();
  bool too_long = false;
  bool field_quoted = false;

  // Once the record is over the limit nothing more is stored, but parsing continues so the
  // next record starts at the right byte.
  auto append = [&](const char* p, std::size_t n) {
    if (too_long) return;
    if (r.offset() + n - start > kMaxRecordBytes) {
      too_long = true;
      return;
    }
    rec->data.append(p, n);
  };
  auto end_field = [&] {
    if (!too_long && r.offset() - start > kMaxRecordBytes) too_long = true;
    if (!too_long) {
      rec->ends.push_back(rec->data.size());
      rec->quoted.push_back(field_quoted ? 1 : 0);
    }
    field_quoted = false;
  };

  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };
  State state = State::kFieldStart;
  for (;;) {
    if (r.pos_ == r.end_ && !r.Refill()) {
      if (state == State::kQuoted) rec->problem = CsvRecord::Problem::kUnterminatedQuote;
      end_field();
      break;
    }
    const char* buf = r.buf_.data();
    if (state == State::kFieldStart) {
      if (buf[r.pos_] == '"') {
        ++r.pos_;
        field_quoted = true;
        state = State::kQuoted;
      } else {
        state = State::kUnquoted;
      }
      continue;
    }
    if (state == State::kQuoteInQuoted) {
      if (buf[r.pos_] == '"') {
        append("\"", 1);
        ++r.pos_;
        state = State::kQuoted;
      } else {
        state = State::kUnquoted;
      }
      continue;
    }
    if (state == State::kQuoted) {
      std::size_t p = r.pos_;
      while (p < r.end_ && buf[p] != '"' && buf[p] != '\n') ++p;
      append(buf + r.pos_, p - r.pos_);
      r.pos_ = p;
      if (p == r.end_) continue;
      if (buf[p] == '\n') {
        append("\n", 1);
        ++line_;
      } else {
        state = State::kQuoteInQuoted;
      }
      ++r.pos_;
      continue;
    }
    // kUnquoted
    std::size_t p = r.pos_;
    while (p < r.end_ && buf[p] != delim_ && buf[p] != '\n' && buf[p] != '\r') ++p;
    append(buf + r.pos_, p - r.pos_);
    r.pos_ = p;
    if (p == r.end_) continue;
    const char c = buf[p];
    ++r.pos_;
    if (c == delim_) {
      end_field();
      state = State::kFieldStart;
      continue;
    }
    end_field();
    if (c == '\r') {
      if (r.pos_ == r.end_) r.Refill();
      if (r.pos_ < r.end_ && r.buf_[r.pos_] == '\n') ++r.pos_;
    }
    ++line_;
    break;
  }
  if (too_long && rec->problem == CsvRecord::Problem::kNone) {
    rec->problem = CsvRecord::Problem::kTooLong;
  }
  return true;
}

}  // namespace orders_internal
}  // namespace cartlift
