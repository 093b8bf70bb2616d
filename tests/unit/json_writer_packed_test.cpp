// JsonWriter's packed form holds the same value as its JSON text: a reader written from the
// layout in json_writer.h (as js-glue/src/unpack.js reads it) must give back exactly what a JSON
// parser makes of the text, for random documents with hostile strings and numbers at the edges
// of the packed encodings.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "cartlift/json_writer.h"
#include "support/packed_reader.h"

namespace cartlift {
namespace {

using Json = nlohmann::ordered_json;
using testing_support::KeyList;
using testing_support::Numbers;
using testing_support::PackedReader;

// Writes the same random document into `w`, twice over from the same seed.
void Document(JsonWriter& w, std::mt19937& rng, int depth) {
  static const std::string alphabet[] = {"a", "Z", " ", "\"", "\\", "\n", std::string(1, '\0'), "\x02",
                                         "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x8E\x81", "\xEF\xBB\xBF",
                                         "\xFF", "\xC3", "\xED\xA0\x80", "\xF4\x90\x80\x80"};
  static const char* const keys[] = {"id", "title", "price", "score", "reason", "evidence", ""};
  const auto str = [&] {
    std::string s;
    for (int k = static_cast<int>(rng() % 24); k > 0; --k) s += alphabet[rng() % std::size(alphabet)];
    return s;
  };
  switch (depth > 2 ? 2 + rng() % 6 : rng() % 8) {
    case 0:
      w.BeginObject();
      for (int k = static_cast<int>(rng() % 5); k > 0; --k) {
        w.Key(keys[rng() % std::size(keys)]);
        Document(w, rng, depth + 1);
      }
      w.EndObject();
      break;
    case 1:
      w.BeginArray();
      for (int k = static_cast<int>(rng() % 5); k > 0; --k) Document(w, rng, depth + 1);
      w.EndArray();
      break;
    case 2: w.String(str()); break;
    case 3: {
      static const std::int64_t edges[] = {0, -1, 1, INT32_MAX, INT32_MIN, std::int64_t{INT32_MAX} + 1,
                                           std::int64_t{INT32_MIN} - 1, std::numeric_limits<std::int64_t>::max(),
                                           std::numeric_limits<std::int64_t>::min()};
      if (rng() % 2) w.Int(edges[rng() % std::size(edges)]);
      else w.Int(static_cast<std::int64_t>(rng()) - (1ll << 31));
      break;
    }
    case 4: {
      static const std::uint64_t edges[] = {0, INT32_MAX, std::uint64_t{INT32_MAX} + 1, UINT32_MAX,
                                            std::numeric_limits<std::uint64_t>::max()};
      w.UInt(edges[rng() % std::size(edges)]);
      break;
    }
    case 5: {
      static const double edges[] = {0.0, -0.0, 0.00004, -0.00004, 0.6643, 111.8078, 214748.3647,
                                     214748.3648, -214748.3648, -214748.3649, 1e14, 8.9e14, 9e14, 1e300,
                                     std::nan(""), std::numeric_limits<double>::infinity()};
      if (rng() % 2) w.Number4(edges[rng() % std::size(edges)]);
      else w.Number4(std::ldexp(static_cast<double>(rng()) - 2147483648.0, -static_cast<int>(rng() % 40)));
      break;
    }
    case 6: w.NumberText(rng() % 2 ? "1e-07" : "-0.042659999999999997"); break;
    default:
      if (rng() % 3 == 0) w.Null();
      else w.Bool(rng() % 2);
  }
}

TEST(JsonWriterPacked, ReadsBackAsTheTextFormOnRandomDocuments) {
  PackedBuffers buffers;
  for (std::uint32_t seed = 1; seed <= 4000; ++seed) {
    std::mt19937 a(seed), b(seed);
    JsonWriter json;
    Document(json, a, 0);
    const Json want = Json::parse(json.Take());
    JsonWriter packed(&buffers);
    Document(packed, b, 0);
    const std::string_view bytes = packed.FinishPacked();
    ASSERT_EQ(reinterpret_cast<std::uintptr_t>(bytes.data()) % 4, 0u);
    const std::vector<std::string> names = KeyList(buffers.keys.Json());
    PackedReader reader(bytes, names);
    const Json got = reader.Value();
    ASSERT_TRUE(reader.Done()) << "seed " << seed;
    // dump() writes doubles in round-trip digits, so -0 and 0 and every bit count.
    ASSERT_EQ(Numbers(got).dump(), Numbers(want).dump()) << "seed " << seed;
  }
}

TEST(JsonWriterPacked, LayoutOfASmallDocument) {
  PackedBuffers buffers;
  JsonWriter w(&buffers);
  w.BeginObject();
  w.Key("id");
  w.String("\xC2\xA3" "1 \xF0\x9F\x8E\x81");  // "£1 " and a gift: 3 + 2 UTF-16 units, 8 bytes
  w.Key("n");
  w.Number4(0.5);
  w.Key("id");
  w.String("A1");
  w.EndObject();
  const std::string_view bytes = w.FinishPacked();
  std::uint32_t u[14];
  ASSERT_EQ(bytes.size(), sizeof u + 2 + 8);
  std::memcpy(u, bytes.data(), sizeof u);
  EXPECT_EQ(u[0], 11u);  // value words
  EXPECT_EQ(u[1], 2u);   // keys so far
  EXPECT_EQ(u[2], 2u);   // bytes of ASCII text
  EXPECT_EQ(u[3], JsonWriter::kPackedObject);
  EXPECT_EQ(u[4], JsonWriter::kPackedKey | 0u << 3);
  EXPECT_EQ(u[5], JsonWriter::kPackedOther | 4u << 3);  // a wide string
  EXPECT_EQ(u[6], 5u);
  EXPECT_EQ(u[7], JsonWriter::kPackedKey | 1u << 3);
  EXPECT_EQ(u[8], JsonWriter::kPackedNumber4);
  EXPECT_EQ(u[9], 5000u);
  EXPECT_EQ(u[10], JsonWriter::kPackedKey | 0u << 3);
  EXPECT_EQ(u[11], JsonWriter::kPackedString);
  EXPECT_EQ(u[12], 2u);
  EXPECT_EQ(u[13], JsonWriter::kPackedEnd);
  EXPECT_EQ(bytes.substr(sizeof u), "A1" "\xC2\xA3" "1 \xF0\x9F\x8E\x81");
  EXPECT_EQ(buffers.keys.Json(), R"(["id","n"])");
}

TEST(JsonWriterPacked, KeysAreFoundByTextWhenTheirAddressesDiffer) {
  PackedKeys keys;
  const std::string a = "offers", b = "offers";
  EXPECT_EQ(keys.Id(a), keys.Id(b));
  EXPECT_EQ(keys.Id("type"), 1u);
  EXPECT_EQ(keys.Id(a), 0u);
  // Many literals at nearby addresses share slots of the address cache: ids stay right.
  std::vector<std::string> names;
  for (int i = 0; i < 2000; ++i) names.push_back("k" + std::to_string(i));
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 2000; ++i) ASSERT_EQ(keys.Id(names[i]), static_cast<std::uint32_t>(i + 2));
  EXPECT_EQ(keys.size(), 2002u);
}

}  // namespace
}  // namespace cartlift
