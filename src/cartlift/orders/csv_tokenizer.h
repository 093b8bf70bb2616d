// Private to orders/: a chunked byte reader and the RFC 4180 record splitter built on it.
// Both keep memory bounded by kMaxRecordBytes however long a hostile line or an unclosed quote
// runs, so a bad upload can never grow a buffer to the size of the file.
#pragma once
#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace cartlift {
namespace orders_internal {

// One CSV record or basket line may hold at most this many raw bytes; longer ones are skipped.
inline constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 20;

// Reads the stream in large blocks; istream::get per byte would dominate the parse time.
// A UTF-8 byte order mark at the very start of the stream is dropped.
class ChunkReader {
 public:
  explicit ChunkReader(std::istream& in);

  // True once the stream failed for a reason other than reaching its end.
  bool io_error() const { return io_error_; }
  // Bytes consumed so far, BOM included; used to measure record lengths.
  std::uint64_t offset() const { return base_ + pos_; }

  // Reads one line without its LF, CRLF or CR terminator into *line, a view valid until the
  // next call. When the line exceeds kMaxRecordBytes, *line holds only a prefix, *too_long is
  // set and the rest of the line is consumed. Returns false at end of input when no byte was read.
  bool ReadLine(std::string_view* line, bool* too_long);

 private:
  friend class CsvTokenizer;
  bool Refill();  // false at end of input or on error
  bool CopyLine(std::string* line, bool* too_long);  // ReadLine for lines that cross a block

  std::string spill_;  // the last line CopyLine read

  std::istream& in_;
  std::vector<char> buf_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::uint64_t base_ = 0;  // stream offset of buf_[0]
  bool io_error_ = false;
};

struct CsvRecord {
  enum class Problem { kNone, kTooLong, kUnterminatedQuote };

  std::uint64_t line = 0;            // physical line (1-based) where the record starts
  Problem problem = Problem::kNone;
  std::string data;                  // every field's bytes, back to back
  std::vector<std::size_t> ends;     // end offset of each field in data
  std::vector<char> quoted;          // 1 when the field was enclosed in quotes

  std::size_t size() const { return ends.size(); }
  std::string_view field(std::size_t i) const {
    std::size_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(data).substr(begin, ends[i] - begin);
  }
  bool blank() const { return ends.size() == 1 && ends[0] == 0 && !quoted[0]; }
};

// Splits RFC 4180 records. Lenient where Python's csv module is: a quote inside an unquoted
// field is literal, and text after a closing quote is appended to the field.
class CsvTokenizer {
 public:
  CsvTokenizer(std::istream& in, char delimiter = ',') : reader_(in), delim_(delimiter) {}

  // Fills *rec with the next record (reusing its buffers). Returns false at end of input.
  bool Next(CsvRecord* rec);
  bool io_error() const { return reader_.io_error(); }

 private:
  ChunkReader reader_;
  char delim_;
  std::uint64_t line_ = 1;  // physical line of the next unread byte
};

}  // namespace orders_internal
}  // namespace cartlift
