#include "cartlift/offers/ladder_inference.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

namespace cartlift {
namespace {

struct Word {
  const char* text;
  int rank;
};

// Size words with an agreed order. JUMBO and XXL share a rank: stores use both for "the biggest
// regular size", so neither is sold as an upgrade of the other.
constexpr Word kSizes[] = {{"TINY", 0},   {"MINI", 1},   {"MINIATURE", 1}, {"PETITE", 1}, {"SMALL", 2},
                           {"SML", 2},    {"MEDIUM", 3}, {"MED", 3},       {"MIDI", 3},   {"REGULAR", 3},
                           {"LARGE", 4},  {"LGE", 4},    {"LRG", 4},       {"BIG", 4},    {"XL", 5},
                           {"XXL", 6},    {"JUMBO", 6},  {"GIANT", 7},     {"HUGE", 7}};
// Words that hint at a size only by what they are for; used when no size word is present.
constexpr Word kWeakSizes[] = {{"POCKET", 1}, {"TRAVEL", 1}, {"LUNCH", 2}};
constexpr Word kGrades[] = {{"BASIC", 0},  {"ECONOMY", 0},  {"DELUXE", 2}, {"PREMIUM", 2}, {"LUXURY", 2},
                            {"PRO", 2},    {"PLUS", 2},     {"SUPERIOR", 2}, {"ULTRA", 3}};
// "<container> OF N" and "<container> N" state a pack size.
constexpr const char* kContainers[] = {"SET", "PACK", "BOX", "TUB", "TIN", "CASE", "PK", "PKT", "PACKET",
                                       "BAG", "BUNDLE", "CARTON", "ROLL", "JAR"};
// "N <unit>" states a pack size too.
constexpr const char* kPieceUnits[] = {"PIECE", "PIECES", "PC", "PCS", "PCE", "PACK", "PK", "COUNT", "CT"};
constexpr const char* kStopWords[] = {"OF", "THE", "AND", "A", "AN", "WITH"};

struct Unit {
  const char* text;
  int dim;        // 0 length (mm), 1 volume (ml), 2 weight (g)
  double factor;  // to the base unit
  bool glued_only;  // "2M" is metres, a lone "M" is more often a size letter
};
constexpr Unit kUnits[] = {{"MM", 0, 1, false},    {"CM", 0, 10, false},   {"M", 0, 1000, true},
                           {"INCH", 0, 25.4, false}, {"INCHES", 0, 25.4, false}, {"IN", 0, 25.4, true},
                           {"ML", 1, 1, false},    {"CL", 1, 10, false},   {"L", 1, 1000, false},
                           {"LTR", 1, 1000, false}, {"LITRE", 1, 1000, false}, {"LITER", 1, 1000, false},
                           {"G", 2, 1, false},     {"GR", 2, 1, false},    {"GRAM", 2, 1, false},
                           {"GRAMS", 2, 1, false}, {"KG", 2, 1000, false}};

template <typename T, std::size_t N>
const T* FindWord(const T (&list)[N], const std::string& token) {
  for (const T& w : list)
    if (token == w.text) return &w;
  return nullptr;
}

template <std::size_t N>
bool InList(const char* const (&list)[N], const std::string& token) {
  for (const char* w : list)
    if (token == w) return true;
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A plain integer of at most 6 digits (bigger numbers are model numbers or years, not packs).
bool ParseInt(const std::string& t, std::int64_t* out) {
  if (t.empty() || t.size() > 6 || !std::all_of(t.begin(), t.end(), IsDigit)) return false;
  *out = std::stoll(t);
  return true;
}

// "50CM", "1.5L", "12PCS": a number glued to letters.
bool SplitNumberSuffix(const std::string& t, double* number, std::string* suffix) {
  std::size_t i = 0;
  while (i < t.size() && (IsDigit(t[i]) || (t[i] == '.' && i > 0))) ++i;
  if (i == 0 || i == t.size() || i > 8 || t[i - 1] == '.') return false;
  for (std::size_t j = i; j < t.size(); ++j)
    if (!(t[j] >= 'A' && t[j] <= 'Z')) return false;
  *number = std::stod(t.substr(0, i));
  *suffix = t.substr(i);
  return true;
}

std::string Lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

bool EndsWith(const std::string& s, const char* tail) {
  const std::size_t n = std::strlen(tail);
  return s.size() >= n && s.compare(s.size() - n, n, tail) == 0;
}

// Singular and plural titles name the same thing ("TEA LIGHTS" / "TEA LIGHT").
std::string Singular(std::string t) {
  if (t.size() <= 3 || std::any_of(t.begin(), t.end(), IsDigit)) return t;
  if (t.size() > 4 && EndsWith(t, "IES")) return t.substr(0, t.size() - 3) + "Y";
  if (EndsWith(t, "SSES") || EndsWith(t, "CHES") || EndsWith(t, "SHES") || EndsWith(t, "XES"))
    return t.substr(0, t.size() - 2);
  if (EndsWith(t, "S") && !EndsWith(t, "SS") && !EndsWith(t, "US") && !EndsWith(t, "IS")) return t.substr(0, t.size() - 1);
  return t;
}

// Everything one product contributes to the grouping.
struct Parsed {
  ProductIndex index = kNoProduct;
  TitleParts parts;
  std::string size_next;  // token right after the size word, for "lunch bag" -> "jumbo bag"
  std::string key;        // category + sorted rest
};

// One comparable part of two titles.
struct Step {
  int order = 0;          // -1 down, 0 same, +1 up
  double strength = 1;    // how well known the vocabulary is
  AttrDiff diff;
};

void Fold(const Step& s, int* ups, int* downs, double* vocab, std::vector<AttrDiff>* diff) {
  if (s.order < 0) ++*downs;
  if (s.order > 0) {
    ++*ups;
    *vocab = std::min(*vocab, s.strength);
    diff->push_back(s.diff);
  }
}

int Cmp(double a, double b) { return a < b ? 1 : (a > b ? -1 : 0); }

// Confidence that B is A's upgrade, or a negative number when it is not one at all.
double Judge(const Parsed& a, const Parsed& b, Money pa, Money pb, bool has_category, double max_step,
             std::vector<AttrDiff>* diff) {
  const TitleParts& x = a.parts;
  const TitleParts& y = b.parts;
  diff->clear();
  int ups = 0, downs = 0;
  double vocab = 1;
  // A part stated on one side only is compared with what an unmarked product usually is: a
  // regular size, a single piece, the standard grade.
  constexpr double kImplied = 0.85;
  // A weak hint (LUNCH, a leading "2 ...") says too little to compare with a title that states
  // nothing: "2 DAISIES HAIR COMB" is a comb with two daisies, not two combs.
  if ((x.size < 0 && y.size_weak) || (y.size < 0 && x.size_weak)) return -1;
  if ((x.count < 0 && y.count_weak) || (y.count < 0 && x.count_weak)) return -1;
  if (x.size >= 0 || y.size >= 0) {
    const int sx = x.size >= 0 ? x.size : 3, sy = y.size >= 0 ? y.size : 3;
    Step s{Cmp(sx, sy), (x.size_weak || y.size_weak) ? 0.8 : 1.0, {"size", x.size_text, y.size_text}};
    if (x.size < 0 || y.size < 0) s.strength *= kImplied;
    if ((x.size_weak || y.size_weak) && !a.size_next.empty() && a.size_next == b.size_next) {
      if (!s.diff.from.empty()) s.diff.from += " " + Lower(a.size_next);
      if (!s.diff.to.empty()) s.diff.to += " " + Lower(b.size_next);
    }
    Fold(s, &ups, &downs, &vocab, diff);
  }
  std::int64_t nx = 1, ny = 1;
  if (x.count >= 0 || y.count >= 0) {
    nx = x.count >= 0 ? x.count : 1;
    ny = y.count >= 0 ? y.count : 1;
    Step s{Cmp(static_cast<double>(nx), static_cast<double>(ny)), (x.count_weak || y.count_weak) ? 0.8 : 1.0,
           {"pack", x.count_text.empty() ? "1" : x.count_text, y.count_text.empty() ? "1" : y.count_text}};
    if (x.count < 0 || y.count < 0) s.strength *= kImplied;
    Fold(s, &ups, &downs, &vocab, diff);
  }
  if (x.measure >= 0 || y.measure >= 0) {
    // "50CM" against an unmeasured title, or centimetres against millilitres, says nothing.
    if (x.measure < 0 || y.measure < 0 || x.measure_dim != y.measure_dim) return -1;
    static const char* const kDimNames[] = {"size", "volume", "weight"};
    Fold(Step{Cmp(x.measure, y.measure), 0.95, {kDimNames[x.measure_dim], x.measure_text, y.measure_text}}, &ups,
         &downs, &vocab, diff);
  }
  if (x.grade != y.grade)
    Fold(Step{Cmp(x.grade, y.grade), 0.85,
              {"grade", x.grade_text.empty() ? "standard" : x.grade_text, y.grade_text.empty() ? "standard" : y.grade_text}},
         &ups, &downs, &vocab, diff);
  if (downs > 0 || ups == 0) return -1;

  // Dearer, but by a step a shopper takes; a bigger pack, bottle or bag must not cost more per
  // piece, millilitre or gram (2 % slack: small prices are rounded to whole pence or cents).
  // Lengths are left out: a planter twice as tall rightly costs more than twice as much.
  if (pa <= 0 || pb <= pa) return -1;
  if (static_cast<double>(pb - pa) > max_step * static_cast<double>(pa)) return -1;
  const bool counted = x.count >= 0 || y.count >= 0;
  const bool measured = x.measure_dim > 0;  // volume or weight; both sides then have one (checked above)
  if (counted || measured) {
    const double units_a = static_cast<double>(nx) * (measured ? x.measure : 1);
    const double units_b = static_cast<double>(ny) * (measured ? y.measure : 1);
    if (static_cast<double>(pb) * units_a > 1.02 * static_cast<double>(pa) * units_b) return -1;
  }

  const std::size_t shared = x.rest.size();
  double conf = shared >= 3 ? 1.0 : shared == 2 ? 0.9 : 0.75;
  if (x.rest != y.rest) conf *= 0.95;  // same words, another order
  conf *= vocab;
  if (ups > 1) conf *= 0.9;
  // Barely dearer: more often a relisting of the same item than a bigger one.
  if (static_cast<double>(pb) < 1.05 * static_cast<double>(pa)) conf *= 0.85;
  if (!has_category) conf *= 0.9;
  return std::round(conf * 1e4) / 1e4;
}

}  // namespace

std::vector<std::string> TitleTokens(std::string_view title) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < title.size(); ++i) {
    const char c = title[i];
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || IsDigit(c) || u >= 0x80) {
      cur += c;
    } else if (c >= 'a' && c <= 'z') {
      cur += static_cast<char>(c - 'a' + 'A');
    } else if (c == '\'') {
      // CHILDREN'S and CHILDRENS are one word
    } else if (c == '.' && !cur.empty() && IsDigit(cur.back()) && i + 1 < title.size() && IsDigit(title[i + 1])) {
      cur += c;  // 1.5L
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

namespace {

// ParseTitleParts, plus the token after the size word.
TitleParts Parse(std::string_view title, std::string* size_next) {
  const std::vector<std::string> t = TitleTokens(title);
  TitleParts p;
  std::vector<std::pair<std::size_t, std::string>> rest;  // (position, token)
  std::size_t weak_at = t.size();
  int weak_rank = -1, weak_count = 0;
  std::size_t size_at = t.size();
  const auto set_count = [&](std::int64_t n, bool weak) {
    if (p.count >= 0 && p.count != n) p.ambiguous = true;
    p.count = n;
    p.count_weak = weak;
    p.count_text = std::to_string(n);
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    const std::string& w = t[i];
    const std::string* next = i + 1 < t.size() ? &t[i + 1] : nullptr;
    std::int64_t n = 0;
    double number = 0;
    std::string suffix;
    if (InList(kContainers, w) && next) {
      if (*next == "OF" && i + 2 < t.size() && ParseInt(t[i + 2], &n) && n >= 1) {
        set_count(n, false);
        i += 2;
        continue;
      }
      if (ParseInt(*next, &n) && n >= 1) {
        set_count(n, false);
        ++i;
        continue;
      }
    }
    if (w == "FOR" && next && ParseInt(*next, &n) && n >= 1) {
      set_count(n, false);
      ++i;
      continue;
    }
    if (ParseInt(w, &n) && next) {
      if (InList(kPieceUnits, *next) && n >= 1) {
        set_count(n, false);
        ++i;
        continue;
      }
      if (const Unit* u = FindWord(kUnits, *next); u && !u->glued_only) {
        if (p.measure >= 0) p.ambiguous = true;
        p.measure = static_cast<double>(n) * u->factor;
        p.measure_dim = u->dim;
        p.measure_text = w + Lower(*next);
        ++i;
        continue;
      }
    }
    if (SplitNumberSuffix(w, &number, &suffix)) {
      if (InList(kPieceUnits, suffix) && number >= 1 && number == std::floor(number)) {
        set_count(static_cast<std::int64_t>(number), false);
        continue;
      }
      if (const Unit* u = FindWord(kUnits, suffix)) {
        if (p.measure >= 0) p.ambiguous = true;
        p.measure = number * u->factor;
        p.measure_dim = u->dim;
        p.measure_text = Lower(w);
        continue;
      }
    }
    // A title that starts with a number counts what follows: "12 PENCILS ...", "6 EGG HOUSE".
    if (i == 0 && ParseInt(w, &n) && n >= 2 && next) {
      set_count(n, true);
      continue;
    }
    if (w == "EXTRA" && next && (*next == "LARGE" || *next == "SMALL")) {
      const int rank = *next == "LARGE" ? 5 : 1;
      if (p.size >= 0 && p.size != rank) p.ambiguous = true;
      p.size = rank;
      p.size_text = "extra " + Lower(*next);
      size_at = ++i;
      continue;
    }
    if (const Word* s = FindWord(kSizes, w)) {
      if (p.size >= 0 && p.size != s->rank) p.ambiguous = true;
      p.size = s->rank;
      p.size_text = Lower(w);
      size_at = i;
      continue;
    }
    if (const Word* s = FindWord(kWeakSizes, w)) {
      weak_at = i;
      weak_rank = s->rank;
      ++weak_count;
      rest.emplace_back(i, w);  // taken back out below if it is the title's only size hint
      continue;
    }
    if (const Word* g = FindWord(kGrades, w)) {
      if (!p.grade_text.empty() && p.grade != g->rank) p.ambiguous = true;
      p.grade = g->rank;
      p.grade_text = Lower(w);
      continue;
    }
    if (InList(kStopWords, w)) continue;
    rest.emplace_back(i, Singular(w));
  }
  if (p.size < 0 && weak_count == 1) {
    p.size = weak_rank;
    p.size_weak = true;
    p.size_text = Lower(t[weak_at]);
    size_at = weak_at;
    rest.erase(std::remove_if(rest.begin(), rest.end(), [&](const auto& r) { return r.first == weak_at; }), rest.end());
  }
  if (size_next && size_at + 1 < t.size()) *size_next = t[size_at + 1];
  for (auto& r : rest) p.rest.push_back(std::move(r.second));
  return p;
}

}  // namespace

TitleParts ParseTitleParts(std::string_view title) { return Parse(title, nullptr); }

std::vector<InferredUpgrade> InferUpgrades(const Catalog& catalog, const std::vector<std::uint32_t>& orders,
                                           const LadderInferenceOptions& options) {
  std::vector<InferredUpgrade> out;
  if (!options.enabled) return out;
  const double max_step = options.max_price_step > 0 ? options.max_price_step : kMaxPriceStepWithoutCap;
  std::vector<Parsed> parsed;
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    const Product& p = catalog.products[i];
    if (!p.known || p.details().kind != "product" || p.price <= 0) continue;
    Parsed e;
    e.index = static_cast<ProductIndex>(i);
    e.parts = Parse(p.title, &e.size_next);
    const TitleParts& tp = e.parts;
    // Titles without a size part stay in: "TEA TOWEL" is the regular size of "TEA TOWEL DELUXE".
    if (tp.ambiguous || tp.rest.empty()) continue;
    std::vector<std::string> sorted = tp.rest;
    std::sort(sorted.begin(), sorted.end());
    e.key = p.category.empty() ? std::string() : p.category.back();
    for (const std::string& w : sorted) e.key += '\x1f' + w;
    parsed.push_back(std::move(e));
  }
  std::sort(parsed.begin(), parsed.end(), [](const Parsed& a, const Parsed& b) {
    return a.key != b.key ? a.key < b.key : a.index < b.index;
  });
  const auto orders_of = [&](ProductIndex i) -> std::uint32_t { return i < orders.size() ? orders[i] : 0; };
  std::vector<AttrDiff> diff;
  for (std::size_t lo = 0; lo < parsed.size();) {
    std::size_t hi = lo + 1;
    while (hi < parsed.size() && parsed[hi].key == parsed[lo].key) ++hi;
    const std::size_t n = hi - lo;
    if (n >= 2 && n <= options.max_group) {
      for (std::size_t a = lo; a < hi; ++a) {
        const Product& pa = catalog[parsed[a].index];
        const ProductDetails& da = pa.details();
        if (!da.family.empty() || !da.upgrades_to.empty()) continue;  // the merchant's ladder wins
        InferredUpgrade best;
        for (std::size_t b = lo; b < hi; ++b) {
          if (a == b) continue;
          const Product& pb = catalog[parsed[b].index];
          const double conf = Judge(parsed[a], parsed[b], pa.price, pb.price, !pa.category.empty(), max_step, &diff);
          if (conf < options.min_confidence || conf < 0) continue;
          // The nearest step up is the cheapest one; equal prices go to the better seller, then id.
          if (best.to != kNoProduct) {
            const Product& cur = catalog[best.to];
            if (pb.price != cur.price) {
              if (pb.price > cur.price) continue;
            } else if (orders_of(parsed[b].index) != orders_of(best.to)) {
              if (orders_of(parsed[b].index) < orders_of(best.to)) continue;
            } else if (pb.id > cur.id) {
              continue;
            }
          }
          best.from = parsed[a].index;
          best.to = parsed[b].index;
          best.confidence = conf;
          best.diff = diff;
        }
        if (best.to != kNoProduct) out.push_back(std::move(best));
      }
    }
    lo = hi;
  }
  std::sort(out.begin(), out.end(), [](const InferredUpgrade& x, const InferredUpgrade& y) { return x.from < y.from; });
  return out;
}

const InferredUpgrade* FindInferredUpgrade(const std::vector<InferredUpgrade>& edges, ProductIndex from) {
  auto it = std::lower_bound(edges.begin(), edges.end(), from,
                             [](const InferredUpgrade& e, ProductIndex f) { return e.from < f; });
  return it != edges.end() && it->from == from ? &*it : nullptr;
}

}  // namespace cartlift
