#include "cartlift/catalog/shopify_csv.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "cartlift/catalog/catalog_json.h"
#include "cartlift/engine.h"
#include "test_support.h"

#ifndef CARTLIFT_SOURCE_DIR
#define CARTLIFT_SOURCE_DIR "."
#endif

namespace cartlift {
namespace {

// A subset of Shopify's 46 columns, in Shopify's order; the importer finds columns by name.
const std::vector<std::string> kColumns = {
    "Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
    "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Variant SKU",
    "Variant Inventory Tracker", "Variant Inventory Qty", "Variant Inventory Policy",
    "Variant Price", "Variant Compare At Price", "Image Src", "Variant Image", "Cost per item",
    "Status"};

using Cells = std::map<std::string, std::string>;

std::string Field(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Line(const Cells& cells, const std::string& eol = "\n") {
  for (const auto& kv : cells) {
    bool known = false;
    for (const std::string& c : kColumns) known = known || c == kv.first;
    if (!known) ADD_FAILURE() << "test fixture names unknown column " << kv.first;
  }
  std::string out;
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    if (i > 0) out += ',';
    auto it = cells.find(kColumns[i]);
    if (it != cells.end()) out += Field(it->second);
  }
  return out + eol;
}

std::string Csv(const std::vector<Cells>& rows, const std::string& eol = "\n") {
  std::string out;
  for (std::size_t i = 0; i < kColumns.size(); ++i) out += (i ? "," : "") + kColumns[i];
  out += eol;
  for (const Cells& r : rows) out += Line(r, eol);
  return out;
}

// First row of a product with one variant and no options.
Cells Simple(const std::string& handle, const std::string& title, const std::string& price) {
  return {{"Handle", handle}, {"Title", title}, {"Vendor", "Acme"}, {"Type", "Mugs"},
          {"Tags", "kitchen, gift"}, {"Published", "true"}, {"Option1 Name", "Title"},
          {"Option1 Value", "Default Title"}, {"Variant Price", price}, {"Status", "active"}};
}

struct Imported {
  Result<Catalog> catalog;
  ShopifyImportReport report;
};

Imported Import(const std::string& text, ShopifyImportOptions options = ShopifyImportOptions()) {
  ShopifyImportReport report;
  Result<Catalog> c = ImportShopifyCsv(text, options, &report);
  return Imported{std::move(c), std::move(report)};
}

Imported ImportStrict(const std::string& text) {
  ShopifyImportOptions o;
  o.strict = true;
  return Import(text, o);
}

std::string Attr(const Product& p, const std::string& name) {
  for (const auto& [k, v] : p.details().attributes)
    if (k == name) return std::string(v);
  return "<absent>";
}

const Product& Get(const Catalog& c, const std::string& id) {
  const ProductIndex i = c.Find(id);
  EXPECT_NE(i, kNoProduct) << "no product " << id;
  static const Product kNone;
  return i == kNoProduct ? kNone : c[i];
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += s + "\n";
  return out;
}

TEST(ShopifyCsv, MultiVariantHandleBecomesOneProductPerVariant) {
  Cells first = Simple("tee", "Cotton Tee", "20.00");
  first["Option1 Name"] = "Size";
  first["Option1 Value"] = "Small";
  first["Option2 Name"] = "Colour";
  first["Option2 Value"] = "Red";
  first["Variant SKU"] = "TEE-S-R";
  first["Image Src"] = "https://cdn.example/tee.jpg";
  first["Cost per item"] = "7.5";
  Imported r = Import(Csv({first,
                        {{"Handle", "tee"}, {"Option1 Value", "Large"}, {"Option2 Value", "Red"},
                         {"Variant SKU", "TEE-L-R"}, {"Variant Price", "22.50"}},
                        {{"Handle", "tee"}, {"Image Src", "https://cdn.example/tee-back.jpg"}}}));
  ASSERT_TRUE(r.catalog.ok()) << testing::Describe(r.catalog.error());
  const Catalog& c = r.catalog.value();
  ASSERT_EQ(c.size(), 2u);
  const Product& small = Get(c, "TEE-S-R");
  const Product& large = Get(c, "TEE-L-R");
  EXPECT_EQ(small.title, "Cotton Tee \xE2\x80\x93 Small / Red");
  EXPECT_EQ(large.title, "Cotton Tee \xE2\x80\x93 Large / Red");
  EXPECT_EQ(small.price, 2000);
  EXPECT_EQ(large.price, 2250);
  EXPECT_EQ(small.details().cost, 750);
  EXPECT_EQ(large.details().cost, -1);
  EXPECT_EQ(Attr(large, "Size"), "Large");
  EXPECT_EQ(Attr(large, "Colour"), "Red");
  EXPECT_EQ(Attr(large, "vendor"), "Acme");
  EXPECT_EQ(large.details().family, "tee");
  EXPECT_EQ(small.details().family, "tee");
  EXPECT_EQ(large.details().tier, 0) << "no tier is invented from sizes";
  EXPECT_EQ(large.details().tags, (std::vector<std::string_view>{"kitchen", "gift"}));
  EXPECT_EQ(large.category, (std::vector<std::string_view>{"Mugs"}));
  EXPECT_EQ(large.url, "/products/tee");
  EXPECT_EQ(large.image, "https://cdn.example/tee.jpg");
  EXPECT_EQ(r.report.rows, 3u);
  EXPECT_EQ(r.report.products, 1u);
  EXPECT_EQ(r.report.variants, 2u);
  EXPECT_EQ(r.report.image_rows, 1u);
  EXPECT_EQ(r.report.skipped_rows, 0u);
}

TEST(ShopifyCsv, DefaultTitleKeepsTheTitleAndTheHandleIsTheId) {
  Imported r = Import(Csv({Simple("mug", "Enamel Mug", "9.99")}));
  ASSERT_TRUE(r.catalog.ok()) << testing::Describe(r.catalog.error());
  const Product& p = Get(r.catalog.value(), "mug");
  EXPECT_EQ(p.title, "Enamel Mug");
  EXPECT_EQ(Attr(p, "Title"), "<absent>") << "Default Title is not an option";
  EXPECT_EQ(p.details().family, "") << "a single variant has no family";
  EXPECT_EQ(p.in_stock, true);
  EXPECT_EQ(p.inventory, -1);
}

TEST(ShopifyCsv, EmptySkuWithOptionsUsesHandleAndOptionValues) {
  Cells first = Simple("pot", "Clay Pot", "9.99");
  first["Option1 Name"] = "Size";
  first["Option1 Value"] = "Regular";
  Imported r = Import(Csv({first, {{"Handle", "pot"}, {"Option1 Value", "Large"}, {"Variant Price", "15.99"}}}));
  ASSERT_TRUE(r.catalog.ok()) << testing::Describe(r.catalog.error());
  EXPECT_EQ(Get(r.catalog.value(), "pot:Regular").price, 999);
  EXPECT_EQ(Get(r.catalog.value(), "pot:Large").price, 1599);
  EXPECT_EQ(Get(r.catalog.value(), "pot:Large").title, "Clay Pot \xE2\x80\x93 Large");
}

TEST(ShopifyCsv, DuplicateSkuIsSkippedLenientlyAndTypedStrictly) {
  Cells a = Simple("a", "A", "1.00");
  a["Variant SKU"] = "SAME";
  Cells b = Simple("b", "B", "2.00");
  b["Variant SKU"] = "SAME";
  const std::string text = Csv({a, b});
  Imported r = Import(text);
  ASSERT_TRUE(r.catalog.ok());
  ASSERT_EQ(r.catalog.value().size(), 1u);
  EXPECT_EQ(r.catalog.value()[0].title, "A") << "the first row keeps the id";
  EXPECT_EQ(r.report.skipped_rows, 1u);
  ASSERT_EQ(r.report.skipped.size(), 1u);
  EXPECT_EQ(r.report.skipped[0],
            "line 3: column Variant SKU: id \"SAME\" is already used by line 2");
  EXPECT_EQ(r.report.products, 1u);

  Imported s = ImportStrict(text);
  ASSERT_FALSE(s.catalog.ok());
  EXPECT_EQ(s.catalog.error().code, ErrorCode::kDuplicateId);
  EXPECT_EQ(s.catalog.error().path, "products.csv:3");
}

TEST(ShopifyCsv, CompareAtPriceIsKeptOnlyWhenAboveThePrice) {
  Cells sale = Simple("lamp", "Lamp", "59.99");
  sale["Variant Compare At Price"] = "75";
  Cells same = Simple("sofa", "Sofa", "500");
  same["Variant Compare At Price"] = "500.00";
  Imported r = Import(Csv({sale, same}));
  ASSERT_TRUE(r.catalog.ok());
  EXPECT_EQ(Attr(Get(r.catalog.value(), "lamp"), "compare_at_price"), "75.00");
  EXPECT_EQ(Attr(Get(r.catalog.value(), "sofa"), "compare_at_price"), "<absent>");
  EXPECT_NE(Joined(r.report.warnings).find("1 variant(s) have a Variant Compare At Price not above"),
            std::string::npos)
      << Joined(r.report.warnings);
}

TEST(ShopifyCsv, DraftArchivedAndUnpublishedProductsAreSkippedAndCounted) {
  Cells draft = Simple("draft", "Draft thing", "1.00");
  draft["Status"] = "draft";
  draft["Option1 Name"] = "Size";
  draft["Option1 Value"] = "S";
  Cells archived = Simple("old", "Old thing", "1.00");
  archived["Status"] = "Archived";
  Cells hidden = Simple("hidden", "Hidden thing", "1.00");
  hidden["Published"] = "FALSE";
  const std::string text = Csv({draft, {{"Handle", "draft"}, {"Option1 Value", "M"}, {"Variant Price", "1.00"}},
                                archived, hidden, Simple("live", "Live", "3.00")});
  for (bool strict : {false, true}) {
    Imported r = strict ? ImportStrict(text) : Import(text);
    ASSERT_TRUE(r.catalog.ok()) << "skipping a draft is not an error, even strictly";
    ASSERT_EQ(r.catalog.value().size(), 1u);
    EXPECT_EQ(r.catalog.value()[0].id, "live");
    EXPECT_EQ(r.report.unpublished_rows, 4u);
    EXPECT_EQ(r.report.skipped_rows, 4u);
    ASSERT_EQ(r.report.skipped.size(), 4u);
    EXPECT_EQ(r.report.skipped[0], "line 2: product \"draft\" has Status draft, not for sale");
    EXPECT_EQ(r.report.skipped[1], "line 3: product \"draft\" has Status draft, not for sale");
    EXPECT_EQ(r.report.skipped[3], "line 5: product \"hidden\" is not published (Published=false)");
  }
}

TEST(ShopifyCsv, QuotedMultiLineBodyIsReadAndLineNumbersStayPhysical) {
  Cells a = Simple("a", "A", "1.00");
  a["Body (HTML)"] = "<p>One, two</p>\n<p>\"Three\"</p>\n\n<ul><li>x</li></ul>";
  Cells bad = Simple("b", "B", "12,50");
  Imported r = Import(Csv({a, bad}));
  ASSERT_TRUE(r.catalog.ok());
  ASSERT_EQ(r.catalog.value().size(), 1u);
  const std::string json = DumpCatalogJson(r.catalog.value());
  EXPECT_EQ(json.find("<p>"), std::string::npos) << "the HTML body is not copied";
  ASSERT_EQ(r.report.skipped.size(), 1u);
  // The header is line 1, product a spans lines 2-5, so b starts on line 6.
  EXPECT_EQ(r.report.skipped[0].rfind("line 6: column Variant Price: \"12,50\"", 0), 0u)
      << r.report.skipped[0];
}

TEST(ShopifyCsv, ByteOrderMarkAndCrlfReadTheSameAsPlainLf) {
  Cells first = Simple("tee", "Tee", "20");
  first["Option1 Name"] = "Size";
  first["Option1 Value"] = "S";
  first["Body (HTML)"] = "line one\r\nline two";
  const std::vector<Cells> rows = {first, {{"Handle", "tee"}, {"Option1 Value", "M"}, {"Variant Price", "21"}}};
  Imported lf = Import(Csv(rows));
  Imported crlf = Import("\xEF\xBB\xBF" + Csv(rows, "\r\n"));
  ASSERT_TRUE(lf.catalog.ok());
  ASSERT_TRUE(crlf.catalog.ok()) << testing::Describe(crlf.catalog.error());
  EXPECT_EQ(lf.catalog.value().size(), 2u);
  EXPECT_EQ(DumpCatalogJson(crlf.catalog.value()), DumpCatalogJson(lf.catalog.value()));
  EXPECT_EQ(crlf.report.skipped_rows, 0u);
}

struct BadPrice {
  const char* text;
  const char* why;
};

// Readable test names in ctest: the price text rather than the struct's bytes.
void PrintTo(const BadPrice& p, std::ostream* os) { *os << '"' << p.text << '"'; }

class ShopifyBadPrice : public ::testing::TestWithParam<BadPrice> {};

TEST_P(ShopifyBadPrice, RowIsSkippedLenientlyAndInvalidPriceStrictly) {
  const std::string text = Csv({Simple("ok", "Ok", "1.00"), Simple("bad", "Bad", GetParam().text)});
  Imported r = Import(text);
  ASSERT_TRUE(r.catalog.ok());
  EXPECT_EQ(r.catalog.value().size(), 1u);
  ASSERT_EQ(r.report.skipped.size(), 1u);
  EXPECT_NE(r.report.skipped[0].find(std::string("line 3: column Variant Price: ")), std::string::npos)
      << r.report.skipped[0];
  EXPECT_NE(r.report.skipped[0].find(GetParam().why), std::string::npos) << r.report.skipped[0];

  Imported s = ImportStrict(text);
  ASSERT_FALSE(s.catalog.ok());
  EXPECT_EQ(s.catalog.error().code, ErrorCode::kInvalidPrice);
  EXPECT_EQ(s.catalog.error().path, "products.csv:3");
  EXPECT_NE(s.catalog.error().message.find("column Variant Price"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Prices, ShopifyBadPrice,
    ::testing::Values(BadPrice{"12,50", "not a decimal number"}, BadPrice{"-1", "negative"},
                      BadPrice{"NaN", "must start with a digit"},
                      BadPrice{"1.999", "more decimals than the currency allows"},
                      BadPrice{"1e3", "not a decimal number"}, BadPrice{"", "empty"},
                      BadPrice{"99999999999", "too large"}));

TEST(ShopifyCsv, MissingRequiredColumnIsATypedErrorNamingIt) {
  for (const char* column : {"Handle", "Title", "Variant Price"}) {
    std::string header;
    for (const std::string& c : kColumns)
      if (c != column) header += (header.empty() ? "" : ",") + c;
    Imported r = Import(header + "\n");
    ASSERT_FALSE(r.catalog.ok()) << column;
    EXPECT_EQ(r.catalog.error().code, ErrorCode::kMissingField);
    EXPECT_NE(r.catalog.error().message.find(std::string("\"") + column + "\""), std::string::npos)
        << r.catalog.error().message;
    EXPECT_EQ(r.catalog.error().path, "products.csv:1");
  }
  Imported empty = Import("");
  ASSERT_FALSE(empty.catalog.ok());
  EXPECT_EQ(empty.catalog.error().code, ErrorCode::kMissingField);
}

TEST(ShopifyCsv, InvalidUtf8SkipsTheProductAndNamesLineAndColumn) {
  Cells bad = Simple("bad", "Caf\xC3\x28", "1.00");
  bad["Option1 Name"] = "Size";
  bad["Option1 Value"] = "S";
  const std::string text =
      Csv({bad, {{"Handle", "bad"}, {"Option1 Value", "M"}, {"Variant Price", "1.00"}}, Simple("ok", "Ok", "1")});
  Imported r = Import(text);
  ASSERT_TRUE(r.catalog.ok());
  ASSERT_EQ(r.catalog.value().size(), 1u);
  ASSERT_EQ(r.report.skipped.size(), 2u);
  EXPECT_EQ(r.report.skipped[0], "line 2: column Title: not valid UTF-8");
  EXPECT_EQ(r.report.skipped[1], "line 3: product \"bad\" was not imported (line 2)");
  EXPECT_EQ(r.report.unpublished_rows, 0u);

  Imported s = ImportStrict(text);
  ASSERT_FALSE(s.catalog.ok());
  EXPECT_EQ(s.catalog.error().code, ErrorCode::kInvalidValue);
  EXPECT_EQ(s.catalog.error().path, "products.csv:2");
  EXPECT_EQ(s.catalog.error().message, "line 2: column Title: not valid UTF-8");

  Cells bad_option = Simple("o", "O", "1");
  bad_option["Option1 Name"] = "Size";
  bad_option["Option1 Value"] = "\xFF";
  Imported o = Import(Csv({bad_option}));
  ASSERT_TRUE(o.catalog.ok());
  ASSERT_EQ(o.report.skipped.size(), 1u);
  EXPECT_EQ(o.report.skipped[0], "line 2: column Option1 Value: not valid UTF-8");
}

TEST(ShopifyCsv, InventoryCountsOnlyWhereShopifyEnforcesIt) {
  auto row = [](const char* handle, const char* tracker, const char* qty, const char* policy) {
    Cells c = Simple(handle, handle, "5");
    c["Variant Inventory Tracker"] = tracker;
    c["Variant Inventory Qty"] = qty;
    c["Variant Inventory Policy"] = policy;
    return c;
  };
  Imported r = Import(Csv({row("none-left", "shopify", "0", "deny"), row("five", "shopify", "5", "deny"),
                        row("oversold", "shopify", "-3", "deny"), row("backorder", "shopify", "0", "continue"),
                        row("untracked", "", "0", "deny"), row("no-qty", "shopify", "", "deny")}));
  ASSERT_TRUE(r.catalog.ok());
  const Catalog& c = r.catalog.value();
  EXPECT_FALSE(Get(c, "none-left").Available());
  EXPECT_EQ(Get(c, "none-left").inventory, 0);
  EXPECT_EQ(Get(c, "five").inventory, 5);
  EXPECT_TRUE(Get(c, "five").Available());
  EXPECT_EQ(Get(c, "oversold").inventory, 0);
  EXPECT_FALSE(Get(c, "oversold").in_stock);
  EXPECT_TRUE(Get(c, "backorder").Available()) << "policy continue sells past zero";
  EXPECT_EQ(Get(c, "backorder").inventory, -1);
  EXPECT_TRUE(Get(c, "untracked").Available()) << "a blank tracker means Shopify does not count";
  EXPECT_TRUE(Get(c, "no-qty").Available());
  EXPECT_NE(Joined(r.report.warnings).find("1 variant(s) list a Variant Inventory Qty without"), std::string::npos);

  // Without a tracker column at all (a hand-made file), the quantity is all there is.
  Imported bare = Import("Handle,Title,Variant Price,Variant Inventory Qty\nx,X,1,0\ny,Y,1,abc\n");
  ASSERT_TRUE(bare.catalog.ok());
  EXPECT_FALSE(Get(bare.catalog.value(), "x").Available());
  ASSERT_EQ(bare.report.skipped.size(), 1u);
  EXPECT_EQ(bare.report.skipped[0], "line 3: column Variant Inventory Qty: \"abc\" is not an integer");

  Imported policy = Import(Csv({row("p", "shopify", "1", "sometimes")}));
  ASSERT_TRUE(policy.catalog.ok());
  ASSERT_EQ(policy.report.skipped.size(), 1u);
  EXPECT_NE(policy.report.skipped[0].find("column Variant Inventory Policy"), std::string::npos);
}

TEST(ShopifyCsv, ImagesAreHttpOnlyAndVariantImageWins) {
  Cells first = Simple("ring", "Ring", "10");
  first["Option1 Name"] = "Metal";
  first["Option1 Value"] = "Gold";
  first["Image Src"] = "javascript:alert(1)";
  first["Variant Image"] = "HTTPS://cdn.example/gold.jpg";
  Imported r = Import(Csv({first,
                        {{"Handle", "ring"}, {"Option1 Value", "Silver"}, {"Variant Price", "8"},
                         {"Variant Image", "/relative.png"}},
                        {{"Handle", "ring"}, {"Image Src", "https://cdn.example/ring.jpg"}}}));
  ASSERT_TRUE(r.catalog.ok());
  EXPECT_EQ(Get(r.catalog.value(), "ring:Gold").image, "HTTPS://cdn.example/gold.jpg");
  EXPECT_EQ(Get(r.catalog.value(), "ring:Silver").image, "https://cdn.example/ring.jpg")
      << "a later image row gives the product image";
  EXPECT_EQ(r.report.image_rows, 1u);
  const std::string w = Joined(r.report.warnings);
  EXPECT_NE(w.find("line 2: column Image Src: \"javascript:alert(1)\" is not an http(s) URL"), std::string::npos) << w;
  EXPECT_NE(w.find("line 3: column Variant Image"), std::string::npos) << w;
}

TEST(ShopifyCsv, ProductCategoryPathWinsOverTypeAndBaseUrlIsConfigurable) {
  Cells p = Simple("lamp light", "Lamp", "10");
  p["Product Category"] = "Home & Garden > Lighting > Lamps";
  p["Type"] = "Indoor";
  ShopifyImportOptions o;
  o.base_url = "https://shop.example/products";
  Imported r = Import(Csv({p}), o);
  ASSERT_TRUE(r.catalog.ok());
  const Product& lamp = Get(r.catalog.value(), "lamp light");
  EXPECT_EQ(lamp.category, (std::vector<std::string_view>{"Home & Garden", "Lighting", "Lamps"}));
  EXPECT_EQ(Attr(lamp, "type"), "Indoor");
  EXPECT_EQ(lamp.url, "https://shop.example/products/lamp%20light");
}

TEST(ShopifyCsv, MoneyIsExactInTheCurrencysMinorUnit) {
  ShopifyImportOptions yen;
  yen.currency = "JPY";
  Imported r = Import(Csv({Simple("a", "A", "300"), Simple("b", "B", "300.00"), Simple("c", "C", "300.50")}), yen);
  ASSERT_TRUE(r.catalog.ok());
  EXPECT_EQ(r.catalog.value().currency, "JPY");
  EXPECT_EQ(Get(r.catalog.value(), "a").price, 300);
  EXPECT_EQ(Get(r.catalog.value(), "b").price, 300);
  EXPECT_EQ(r.catalog.value().Find("c"), kNoProduct) << "300.50 yen would need rounding";

  ShopifyImportOptions dinar;
  dinar.currency = "KWD";
  Imported k = Import(Csv({Simple("a", "A", "1.005")}), dinar);
  ASSERT_TRUE(k.catalog.ok());
  EXPECT_EQ(Get(k.catalog.value(), "a").price, 1005);

  ShopifyImportOptions bogus;
  bogus.currency = "XYZ";
  Imported u = Import(Csv({Simple("a", "A", "1")}), bogus);
  ASSERT_FALSE(u.catalog.ok());
  EXPECT_EQ(u.catalog.error().code, ErrorCode::kUnknownCurrency);
}

TEST(ShopifyCsv, LimitsAreEnforced) {
  const std::string text = Csv({Simple("a", "A", "1"), Simple("b", "B", "1"), Simple("c", "C", "1")});
  ShopifyImportOptions small;
  small.max_bytes = text.size() - 1;
  Imported bytes = Import(text, small);
  ASSERT_FALSE(bytes.catalog.ok());
  EXPECT_EQ(bytes.catalog.error().code, ErrorCode::kLimitExceeded);

  ShopifyImportOptions few;
  few.max_rows = 2;
  Imported rows = Import(text, few);
  ASSERT_FALSE(rows.catalog.ok());
  EXPECT_EQ(rows.catalog.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(rows.catalog.error().path, "products.csv:4");

  Cells long_sku = Simple("l", "L", "1");
  long_sku["Variant SKU"] = std::string(Limits::kMaxIdBytes + 1, 'x');
  Imported s = ImportStrict(Csv({long_sku}));
  ASSERT_FALSE(s.catalog.ok());
  EXPECT_EQ(s.catalog.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(s.catalog.error().message.find("column Variant SKU"), std::string::npos);

  Imported t = ImportStrict(Csv({Simple("t", std::string(Limits::kMaxStringBytes + 1, 'T'), "1")}));
  ASSERT_FALSE(t.catalog.ok());
  EXPECT_EQ(t.catalog.error().code, ErrorCode::kLimitExceeded);
  EXPECT_NE(t.catalog.error().message.find("column Title"), std::string::npos);
}

TEST(ShopifyCsv, RaggedRowsAndStrayContinuationRowsAreReported) {
  std::string text = Csv({Simple("a", "A", "1")});
  text += "short,row\n";
  text += Line({{"Handle", "orphan"}, {"Option1 Value", "M"}, {"Variant Price", "1"}});
  text += "\"unterminated,";
  Imported r = Import(text);
  ASSERT_TRUE(r.catalog.ok());
  EXPECT_EQ(r.catalog.value().size(), 1u);
  ASSERT_EQ(r.report.skipped.size(), 3u) << Joined(r.report.skipped);
  EXPECT_EQ(r.report.skipped[0], "line 3: expected 22 fields, found 2");
  EXPECT_EQ(r.report.skipped[1], "line 4: column Title: empty on the first row of product \"orphan\"");
  EXPECT_EQ(r.report.skipped[2], "line 5: unterminated quoted field");
}

TEST(ShopifyCsv, OutputIsACatalogThatReadsBackByteForByte) {
  Cells first = Simple("tee", "T\xC3\xA9\"e", "20");
  first["Option1 Name"] = "Size";
  first["Option1 Value"] = "S";
  first["Variant Compare At Price"] = "25";
  // An option named like a column-made attribute: one JSON member each, the option first.
  first["Option2 Name"] = "vendor";
  first["Option2 Value"] = "Own brand";
  Imported r = Import(Csv({first, {{"Handle", "tee"}, {"Option1 Value", "M"}, {"Variant Price", "21"}}}));
  ASSERT_TRUE(r.catalog.ok());
  const Product& s = Get(r.catalog.value(), "tee:S/Own brand");
  EXPECT_EQ(Attr(s, "vendor"), "Own brand");
  EXPECT_EQ(Attr(s, "compare_at_price"), "25.00");
  const std::string json = DumpCatalogJson(r.catalog.value());
  Result<Catalog> back = LoadCatalogJson(json);
  ASSERT_TRUE(back.ok()) << testing::Describe(back.error());
  EXPECT_EQ(DumpCatalogJson(back.value()), json);
  EXPECT_EQ(back.value()[0].details().attributes, s.details().attributes) << "nothing lost on the way through JSON";
}

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(CARTLIFT_SOURCE_DIR) + "/tests/fixtures/shopify/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(ShopifyCsvSample, RealExportsImportCompletely) {
  struct Expect {
    const char* file;
    std::uint64_t rows, products, variants, image_rows;
  };
  for (const Expect& e : {Expect{"apparel.csv", 22, 20, 22, 0}, Expect{"home-and-garden.csv", 21, 20, 21, 0},
                          Expect{"jewelery.csv", 41, 20, 23, 18}}) {
    ShopifyImportOptions o;
    o.strict = true;  // the sample has no bad row, so strict must accept it all
    o.currency = "USD";
    Imported r = Import(ReadFixture(e.file), o);
    ASSERT_TRUE(r.catalog.ok()) << e.file << ": " << testing::Describe(r.catalog.error());
    EXPECT_EQ(r.report.rows, e.rows) << e.file;
    EXPECT_EQ(r.report.products, e.products) << e.file;
    EXPECT_EQ(r.report.variants, e.variants) << e.file;
    EXPECT_EQ(r.report.image_rows, e.image_rows) << e.file;
    EXPECT_EQ(r.report.skipped_rows, 0u) << e.file << Joined(r.report.skipped);
    for (const Product& p : r.catalog.value().products) {
      EXPECT_GT(p.price, 0) << p.id;
      EXPECT_EQ(p.image.rfind("https://burst.shopifycdn.com/", 0), 0u) << p.id;
    }
    Result<Catalog> back = LoadCatalogJson(DumpCatalogJson(r.catalog.value()));
    EXPECT_TRUE(back.ok()) << e.file;
  }
}

TEST(ShopifyCsvSample, KnownProductsCarryTheirExportedValues) {
  Imported home = Import(ReadFixture("home-and-garden.csv"));
  ASSERT_TRUE(home.catalog.ok());
  const Catalog& h = home.catalog.value();
  const Product& large = Get(h, "clay-plant-pot:Large");
  EXPECT_EQ(large.title, "Clay Plant Pot \xE2\x80\x93 Large");
  EXPECT_EQ(large.price, 1599);
  EXPECT_EQ(large.details().family, "clay-plant-pot");
  EXPECT_EQ(Attr(large, "Size"), "Large");
  EXPECT_EQ(Attr(large, "vendor"), "Company 123");
  EXPECT_EQ(large.category, (std::vector<std::string_view>{"Outdoor"}));
  EXPECT_EQ(large.details().tags, (std::vector<std::string_view>{"Pot", "Plants"}));
  EXPECT_EQ(Attr(Get(h, "copper-light"), "compare_at_price"), "75.00");
  EXPECT_EQ(Get(h, "copper-light").price, 5999);
  // The only row with a Variant Inventory Tracker.
  EXPECT_EQ(Get(h, "biodegradable-cardboard-pots").inventory, 8);

  Imported jewels = Import(ReadFixture("jewelery.csv"));
  ASSERT_TRUE(jewels.catalog.ok());
  const Product& black = Get(jewels.catalog.value(), "chain-bracelet:Black");
  EXPECT_EQ(black.title, "7 Shakra Bracelet \xE2\x80\x93 Black");
  EXPECT_EQ(black.image, "https://burst.shopifycdn.com/photos/7-chakra-bracelet_925x.jpg");
  EXPECT_EQ(Get(jewels.catalog.value(), "dreamcatcher-pendant-necklace").details().tags,
            (std::vector<std::string_view>{"Dreamcatcher", "Pendant", "Silver", "Turquoise"}));
}

TEST(ShopifyCsvSample, ImportedCatalogServesOffers) {
  Imported home = Import(ReadFixture("home-and-garden.csv"));
  ASSERT_TRUE(home.catalog.ok());
  std::vector<Order> orders;
  for (int i = 0; i < 6; ++i) {
    orders.push_back(testing::MakeOrder("o" + std::to_string(i), {"clay-plant-pot:Regular", "yellow-watering-can"}));
    orders.push_back(testing::MakeOrder("p" + std::to_string(i), {"cream-sofa", "brown-throw-pillows"}));
  }
  Bundle bundle = testing::Build(orders, &home.catalog.value());
  Result<std::unique_ptr<Engine>> engine = Engine::Load(WriteBundleJson(bundle));
  ASSERT_TRUE(engine.ok()) << testing::Describe(engine.error());
  Result<std::string> out = engine.value()->RecommendJson(R"({"cart": [{"id": "clay-plant-pot:Regular"}]})");
  ASSERT_TRUE(out.ok()) << testing::Describe(out.error());
  EXPECT_NE(out.value().find("\"yellow-watering-can\""), std::string::npos) << out.value();
  EXPECT_EQ(out.value().find("\"clay-plant-pot:Large\",\"title\""), std::string::npos)
      << "a variant of a cart product is never a cross-sell";
}

}  // namespace
}  // namespace cartlift
