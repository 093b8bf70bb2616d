#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "cartlift/catalog/catalog_json.h"
#include "cartlift/catalog/money.h"
#include "cartlift/orders/csv_tokenizer.h"
#include "cartlift/orders/orders.h"
#include "cartlift/orders/read_util.h"

namespace cartlift {

using orders_internal::CsvRecord;
using orders_internal::CsvTokenizer;
using orders_internal::ProblemLog;
using orders_internal::Trim;

namespace {

constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);

std::size_t FindColumn(const CsvRecord& header, const std::string& name) {
  if (name.empty()) return kAbsent;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (Trim(header.field(i)) == name) return i;
  }
  return kAbsent;
}

// The header may be up to 1 MiB; the message only needs enough to spot a misspelt name.
std::string ListColumns(const CsvRecord& header) {
  constexpr std::size_t kMaxListed = 200;
  std::string out;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (i > 0) out += ", ";
    if (out.size() > kMaxListed) return out + "...";
    out += Trim(header.field(i));
  }
  return out;
}

// Ids keep the spaces a quoted field holds on purpose; unquoted padding is an export artefact.
std::string_view IdCell(const CsvRecord& rec, std::size_t i) {
  return rec.quoted[i] ? rec.field(i) : Trim(rec.field(i));
}

bool ParseQuantity(std::string_view text, std::int64_t* out) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, *out);
  return ec == std::errc() && ptr == end;
}

std::string Quote(std::string_view text) {
  constexpr std::size_t kShown = 40;
  std::string out = "\"";
  out.append(text.substr(0, kShown));
  if (text.size() > kShown) out += "...";
  out += '"';
  return out;
}

}  // namespace

Status ReadOrdersCsv(std::istream& in, const std::string& source_name, const CsvOptions& options,
                     const OrderSink& sink, ReadReport* report) {
  ReadReport local_report;
  ReadReport& rep = report != nullptr ? *report : local_report;
  if (in.fail()) return MakeError(ErrorCode::kIo, source_name + ": cannot read", source_name);

  CsvTokenizer tokenizer(in);
  CsvRecord header;
  bool have_header = false;
  while (tokenizer.Next(&header)) {
    if (!header.blank()) {
      have_header = true;
      break;
    }
  }
  if (tokenizer.io_error()) {
    return MakeError(ErrorCode::kIo, source_name + ": read error", source_name);
  }
  if (!have_header) {
    return MakeError(ErrorCode::kMissingField,
                     source_name + ": empty input, expected a header naming column \"" +
                         options.order_column + "\"",
                     source_name);
  }
  const std::string header_where = source_name + ":" + std::to_string(header.line);
  if (header.problem == CsvRecord::Problem::kTooLong) {
    return MakeError(ErrorCode::kLimitExceeded, header_where + ": header longer than 1 MiB",
                     header_where);
  }
  if (header.problem == CsvRecord::Problem::kUnterminatedQuote) {
    return MakeError(ErrorCode::kMalformedRecord, header_where + ": unterminated quoted field",
                     header_where);
  }

  const std::size_t order_col = FindColumn(header, options.order_column);
  const std::size_t product_col = FindColumn(header, options.product_column);
  auto missing = [&](const std::string& name) -> Status {
    return MakeError(ErrorCode::kMissingField,
                     header_where + ": missing column \"" + name + "\" (header has: " +
                         ListColumns(header) + ")",
                     header_where);
  };
  if (order_col == kAbsent) return missing(options.order_column);
  if (product_col == kAbsent) return missing(options.product_column);
  const std::size_t time_col = FindColumn(header, options.time_column);
  const std::size_t quantity_col = FindColumn(header, options.quantity_column);
  const std::size_t price_col = FindColumn(header, options.price_column);
  const std::size_t title_col = FindColumn(header, options.title_column);
  const std::size_t field_count = header.size();

  ProblemLog problems(source_name, options.strict, &rep);
  std::unordered_set<std::string> finished;
  Order order;
  bool in_order = false;
  std::int64_t order_max_time = -1;
  // Every row of an order usually carries the same timestamp text; parse it once.
  std::string last_time_text;
  std::int64_t last_time = -1;

  auto flush = [&] {
    if (!in_order) return;
    in_order = false;
    finished.insert(order.id);
    if (order.items.empty()) return;
    ++rep.orders;
    rep.rows += order.items.size();
    if (order.timestamp >= 0) {
      if (rep.first_timestamp < 0 || order.timestamp < rep.first_timestamp) {
        rep.first_timestamp = order.timestamp;
      }
      if (order_max_time > rep.last_timestamp) rep.last_timestamp = order_max_time;
    }
    sink(order);
  };

  CsvRecord rec;
  std::string message;
  while (tokenizer.Next(&rec)) {
    ++rep.lines;
    if (rec.blank()) continue;

    ErrorCode code = ErrorCode::kMalformedRecord;
    message.clear();
    std::string_view order_id;
    std::string_view product_id;
    std::int64_t quantity = 1;
    Money price = -1;
    std::int64_t time = -1;

    if (rec.problem == CsvRecord::Problem::kTooLong) {
      code = ErrorCode::kLimitExceeded;
      message = "record longer than 1 MiB";
    } else if (rec.problem == CsvRecord::Problem::kUnterminatedQuote) {
      message = "unterminated quoted field";
    } else if (rec.size() != field_count) {
      message = "expected " + std::to_string(field_count) + " fields, found " +
                std::to_string(rec.size());
    } else {
      order_id = IdCell(rec, order_col);
      product_id = IdCell(rec, product_col);
      if (order_id.empty()) {
        message = "empty " + options.order_column;
      } else if (product_id.empty()) {
        message = "empty " + options.product_column;
      } else if (order_id.size() > Limits::kMaxIdBytes || product_id.size() > Limits::kMaxIdBytes) {
        code = ErrorCode::kLimitExceeded;
        message = "id longer than " + std::to_string(Limits::kMaxIdBytes) + " bytes";
      } else if (HasControlCharacter(product_id)) {  // the bundle readers would refuse it later
        message = options.product_column + " contains a control character";
      }
      if (message.empty() && quantity_col != kAbsent) {
        const std::string_view text = Trim(rec.field(quantity_col));
        if (!text.empty() && !ParseQuantity(text, &quantity)) {
          message = options.quantity_column + " " + Quote(text) + " is not an integer";
        }
      }
      if (message.empty() && price_col != kAbsent) {
        const std::string_view text = Trim(rec.field(price_col));
        if (!text.empty()) {
          Result<Money> parsed = ParseDecimalPrice(text, options.price_exponent);
          if (parsed.ok()) {
            price = parsed.value();
          } else {
            message = options.price_column + " " + Quote(text) + ": " + parsed.error().message;
          }
        }
      }
      if (message.empty() && time_col != kAbsent) {
        const std::string_view text = Trim(rec.field(time_col));
        if (!text.empty()) {
          if (text != last_time_text) {
            last_time_text.assign(text);
            last_time = ParseTimestamp(last_time_text);
          }
          time = last_time;
          if (time < 0) message = options.time_column + " " + Quote(text) + " is not a timestamp";
        }
      }
    }
    if (!message.empty()) {
      Status s = problems.Add(rec.line, code, message);
      if (!s.ok()) return s;
      continue;
    }

    if (!in_order || order.id != order_id) {
      flush();
      order.id.assign(order_id);
      order.items.clear();
      order.timestamp = -1;
      order_max_time = -1;
      in_order = true;
      if (finished.count(order.id) != 0) ++rep.split_orders;
    }
    if (quantity <= 0) {
      ++rep.returns;
      continue;
    }
    OrderItem& item = order.items.emplace_back();
    item.product_id.assign(product_id);
    if (options.keep_product && !options.keep_product(item.product_id)) {
      order.items.pop_back();
      ++rep.filtered;
      continue;
    }
    item.quantity = quantity;
    item.price = price;
    if (title_col != kAbsent) item.title.assign(Trim(rec.field(title_col)));
    if (time >= 0) {
      if (order.timestamp < 0 || time < order.timestamp) order.timestamp = time;
      if (time > order_max_time) order_max_time = time;
    }
  }
  if (tokenizer.io_error()) {
    return MakeError(ErrorCode::kIo, source_name + ": read error", source_name);
  }
  flush();
  return Status::Ok();
}

}  // namespace cartlift
