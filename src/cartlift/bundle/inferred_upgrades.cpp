#include "cartlift/bundle/inferred_upgrades.h"

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "cartlift/catalog/catalog_json.h"
#include "cartlift/catalog/json_text.h"
#include "cartlift/json_writer.h"

namespace cartlift {
namespace {

using Json = nlohmann::ordered_json;

std::string Path(ProductIndex p, const std::string& member) {
  return "/products/" + std::to_string(p) + "/inferred_upgrade" + member;
}

Result<std::string> ReadString(const Json& o, const char* key, const std::string& path) {
  auto f = o.find(key);
  if (f == o.end()) return MakeError(ErrorCode::kMissingField, std::string("missing ") + key, path);
  if (!f->is_string()) return MakeError(ErrorCode::kWrongType, "expected a string", path);
  return f->get<std::string>();
}

}  // namespace

std::optional<Error> CheckInferredUpgrade(const InferredUpgrade& e, std::size_t products) {
  if (e.to >= products || e.to == e.from)
    return MakeError(ErrorCode::kInvalidValue, "inferred upgrade must name another product of the bundle",
                     Path(e.from, "/to"));
  if (!(e.confidence >= 0 && e.confidence <= 1))
    return MakeError(ErrorCode::kInvalidValue, "confidence must be a number in 0..1", Path(e.from, "/confidence"));
  if (e.diff.size() > kMaxInferredDiffs)
    return MakeError(ErrorCode::kLimitExceeded, "at most 8 diff entries", Path(e.from, "/diff"));
  for (std::size_t i = 0; i < e.diff.size(); ++i) {
    const AttrDiff& d = e.diff[i];
    for (const std::string* s : {&d.name, &d.from, &d.to})
      if (s->size() > Limits::kMaxStringBytes || !IsValidUtf8(*s))
        return MakeError(ErrorCode::kInvalidValue, "diff strings must be valid UTF-8 of at most 4096 bytes",
                         Path(e.from, "/diff/" + std::to_string(i)));
  }
  return std::nullopt;
}

Status ReadInferredUpgradesJson(const Json& products, Bundle* b) {
  b->inferred_upgrades.clear();
  for (std::size_t i = 0; i < products.size(); ++i) {
    auto m = products[i].find("inferred_upgrade");
    if (m == products[i].end()) continue;
    const auto from = static_cast<ProductIndex>(i);
    if (!m->is_object()) return MakeError(ErrorCode::kWrongType, "expected an object {to, confidence, diff}", Path(from, ""));
    InferredUpgrade e;
    e.from = from;
    Result<std::string> to = ReadString(*m, "to", Path(from, "/to"));
    if (!to.ok()) return to.error();
    e.to = b->catalog.Find(to.value());
    auto c = m->find("confidence");
    if (c == m->end()) return MakeError(ErrorCode::kMissingField, "missing confidence", Path(from, "/confidence"));
    if (!c->is_number()) return MakeError(ErrorCode::kWrongType, "expected a number", Path(from, "/confidence"));
    e.confidence = c->get<double>();
    if (auto d = m->find("diff"); d != m->end()) {
      if (!d->is_array()) return MakeError(ErrorCode::kWrongType, "expected an array", Path(from, "/diff"));
      if (d->size() > kMaxInferredDiffs)
        return MakeError(ErrorCode::kLimitExceeded, "at most 8 diff entries", Path(from, "/diff"));
      for (std::size_t k = 0; k < d->size(); ++k) {
        const std::string p = Path(from, "/diff/" + std::to_string(k));
        const Json& x = (*d)[k];
        if (!x.is_object()) return MakeError(ErrorCode::kWrongType, "expected an object {name, from, to}", p);
        AttrDiff a;
        for (auto [key, out] : {std::pair{"name", &a.name}, std::pair{"from", &a.from}, std::pair{"to", &a.to}}) {
          Result<std::string> s = ReadString(x, key, p + "/" + key);
          if (!s.ok()) return s.error();
          *out = std::move(s).value();
        }
        e.diff.push_back(std::move(a));
      }
    }
    if (auto err = CheckInferredUpgrade(e, b->catalog.size())) return *err;
    b->inferred_upgrades.push_back(std::move(e));
  }
  return Status::Ok();
}

void WriteInferredUpgradeJson(const InferredUpgrade& e, const Catalog& catalog, JsonWriter* out) {
  if (e.to >= catalog.size()) return;  // only a hand-assembled bundle can hold one; never written
  out->Key("inferred_upgrade");
  out->BeginObject();
  out->Key("to");
  out->String(catalog[e.to].id);
  out->Key("confidence");
  WriteJsonDouble(e.confidence, out);
  out->Key("diff");
  out->BeginArray();
  for (const AttrDiff& d : e.diff) {
    out->BeginObject();
    for (auto [key, value] : {std::pair{"name", &d.name}, std::pair{"from", &d.from}, std::pair{"to", &d.to}}) {
      out->Key(key);
      out->String(*value);
    }
    out->EndObject();
  }
  out->EndArray();
  out->EndObject();
}

}  // namespace cartlift
