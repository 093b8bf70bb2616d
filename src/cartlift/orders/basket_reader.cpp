#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cartlift/catalog/catalog_json.h"
#include "cartlift/orders/csv_tokenizer.h"
#include "cartlift/orders/orders.h"
#include "cartlift/orders/read_util.h"

namespace cartlift {

using orders_internal::ChunkReader;
using orders_internal::ProblemLog;
using orders_internal::Trim;

namespace {

bool HasContent(std::string_view line) { return !Trim(line).empty(); }

// Splits on every occurrence of sep, or on runs of spaces and tabs when sep is kSpace.
template <typename Fn>
void SplitItems(std::string_view line, BasketSeparator sep, Fn&& fn) {
  if (sep == BasketSeparator::kSpace) {
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && orders_internal::IsBlank(line[i])) ++i;
      std::size_t j = i;
      while (j < line.size() && !orders_internal::IsBlank(line[j])) ++j;
      if (j > i) fn(line.substr(i, j - i));
      i = j;
    }
    return;
  }
  const char c = sep == BasketSeparator::kTab ? '\t' : ',';
  std::size_t i = 0;
  for (;;) {
    const std::size_t j = line.find(c, i);
    const std::string_view item = Trim(line.substr(i, j == std::string_view::npos ? j : j - i));
    if (!item.empty()) fn(item);
    if (j == std::string_view::npos) return;
    i = j + 1;
  }
}

// Sizes *items to n, parking the items a shorter line drops in *spare and taking them back for a
// longer one: their strings keep their capacity, where resize would free and reallocate them.
void ResizeItems(std::vector<OrderItem>* items, std::vector<OrderItem>* spare, std::size_t n) {
  while (items->size() > n) {
    spare->push_back(std::move(items->back()));
    items->pop_back();
  }
  while (items->size() < n) {
    if (spare->empty()) {
      items->emplace_back();
      continue;
    }
    items->push_back(std::move(spare->back()));
    spare->pop_back();
  }
}

}  // namespace

Status ReadBaskets(std::istream& in, const std::string& source_name, const BasketOptions& options,
                   const OrderSink& sink, ReadReport* report) {
  ReadReport local_report;
  ReadReport& rep = report != nullptr ? *report : local_report;
  if (in.fail()) return MakeError(ErrorCode::kIo, source_name + ": cannot read", source_name);

  ChunkReader reader(in);
  ProblemLog problems(source_name, options.strict, &rep);
  BasketSeparator sep = options.separator;
  std::string_view line;
  bool too_long = false;
  std::uint64_t line_no = 0;
  Order order;
  const std::string id_prefix = source_name + ":";
  orders_internal::DistinctItems distinct;
  std::vector<OrderItem> spare_items;

  while (reader.ReadLine(&line, &too_long)) {
    ++line_no;
    ++rep.lines;
    if (too_long) {
      Status s = problems.Add(line_no, ErrorCode::kLimitExceeded, "line longer than 1 MiB");
      if (!s.ok()) return s;
      continue;
    }
    if (sep == BasketSeparator::kAuto) {
      if (!HasContent(line)) continue;
      sep = line.find(',') != std::string::npos ? BasketSeparator::kComma : BasketSeparator::kSpace;
    }

    distinct.Clear();
    bool id_too_long = false;
    bool control_byte = false;
    SplitItems(line, sep, [&](std::string_view item) {
      if (item.size() > Limits::kMaxIdBytes) id_too_long = true;
      if (HasControlCharacter(item)) control_byte = true;
      distinct.Insert(item);
    });
    if (id_too_long) {
      Status s = problems.Add(line_no, ErrorCode::kLimitExceeded,
                              "item longer than " + std::to_string(Limits::kMaxIdBytes) + " bytes");
      if (!s.ok()) return s;
      continue;
    }
    if (control_byte) {
      Status s = problems.Add(line_no, ErrorCode::kMalformedRecord, "item contains a control character");
      if (!s.ok()) return s;
      continue;
    }
    const std::vector<std::string_view>& kept = distinct.items();
    if (kept.empty()) continue;

    order.id.assign(id_prefix);
    order.id += std::to_string(line_no);
    ResizeItems(&order.items, &spare_items, kept.size());
    for (std::size_t i = 0; i < kept.size(); ++i) order.items[i].product_id.assign(kept[i]);
    ++rep.orders;
    rep.rows += kept.size();
    sink(order);
  }
  if (reader.io_error()) {
    return MakeError(ErrorCode::kIo, source_name + ": read error", source_name);
  }
  return Status::Ok();
}

}  // namespace cartlift
