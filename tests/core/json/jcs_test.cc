#include "core/json/jcs.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json/json.h"

namespace pramaan {
namespace {

namespace fs = std::filesystem;

const fs::path kJcsVectorsDir = fs::path(PRAMAAN_VECTORS_DIR) / "jcs-rfc8785";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// outhex/*.txt holds the expected bytes as whitespace-separated hex pairs.
std::string DecodeHexPairs(const std::string& text) {
  std::istringstream in(text);
  std::string bytes;
  std::string pair;
  while (in >> pair) {
    EXPECT_EQ(pair.size(), 2u) << "bad hex pair " << pair;
    bytes.push_back(static_cast<char>(std::stoi(pair, nullptr, 16)));
  }
  return bytes;
}

std::string CanonicalizeText(std::string_view text) {
  Result<Json> parsed = ParseJson(text, "test");
  if (!parsed.ok()) {
    ADD_FAILURE() << parsed.error().message();
    return "";
  }
  Result<std::string> canonical = CanonicalizeJcs(*parsed);
  if (!canonical.ok()) {
    ADD_FAILURE() << canonical.error().message();
    return "";
  }
  return *canonical;
}

double DoubleFromBits(std::uint64_t bits) { return std::bit_cast<double>(bits); }

// JavaScript's BigInt toString(16): lowercase, no leading zeros.
std::string LowerHex(std::uint64_t value) {
  char buffer[16];
  const std::to_chars_result written = std::to_chars(buffer, buffer + sizeof(buffer), value, 16);
  return std::string(buffer, written.ptr);
}

TEST(Jcs, CanonicalizesEveryRfc8785VectorToExpectedBytes) {
  int cases = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(kJcsVectorsDir / "input")) {
    if (entry.path().extension() != ".json") continue;
    const std::string name = entry.path().filename().string();
    SCOPED_TRACE(name);
    const std::string canonical = CanonicalizeText(ReadFile(entry.path()));
    EXPECT_EQ(canonical, ReadFile(kJcsVectorsDir / "output" / name));
    fs::path hex_path = kJcsVectorsDir / "outhex" / entry.path().filename();
    hex_path.replace_extension(".txt");
    EXPECT_EQ(canonical, DecodeHexPairs(ReadFile(hex_path)));
    ++cases;
  }
  EXPECT_GE(cases, 6);
}

TEST(Jcs, CanonicalFormOfCanonicalFormIsUnchanged) {
  int cases = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(kJcsVectorsDir / "output")) {
    SCOPED_TRACE(entry.path().filename().string());
    const std::string expected = ReadFile(entry.path());
    EXPECT_EQ(CanonicalizeText(expected), expected);
    ++cases;
  }
  EXPECT_GE(cases, 6);
}

TEST(Jcs, SortsMembersByUtf16CodeUnits) {
  // UTF-8 byte order would put U+E000 and U+FB33 (lead bytes EE, EF) before U+10000 and
  // U+1F600 (lead byte F0); UTF-16 puts the surrogate pairs (D800..DBFF) first.
  Json object = Json::object();
  object["\xEF\xAC\xB3"] = 1;      // U+FB33
  object["\xEE\x80\x80"] = 2;      // U+E000
  object["\xF0\x9F\x98\x80"] = 3;  // U+1F600
  object["\xF0\x90\x80\x80"] = 4;  // U+10000
  object["\xC3\xB6"] = 5;          // U+00F6
  object["ab"] = 6;
  object["a"] = 7;
  object[""] = 8;
  Result<std::string> canonical = CanonicalizeJcs(object);
  ASSERT_TRUE(canonical.ok()) << canonical.error().message();
  EXPECT_EQ(*canonical,
            "{\"\":8,\"a\":7,\"ab\":6,\"\xC3\xB6\":5,\"\xF0\x90\x80\x80\":4,"
            "\"\xF0\x9F\x98\x80\":3,\"\xEE\x80\x80\":2,\"\xEF\xAC\xB3\":1}");
}

void AppendUtf8(char32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

void AppendUtf16(char32_t code_point, std::u16string* out) {
  if (code_point < 0x10000) {
    out->push_back(static_cast<char16_t>(code_point));
  } else {
    out->push_back(static_cast<char16_t>(0xD800 + ((code_point - 0x10000) >> 10)));
    out->push_back(static_cast<char16_t>(0xDC00 + ((code_point - 0x10000) & 0x3FF)));
  }
}

TEST(Jcs, SortOrderAgreesWithUtf16ForRandomNames) {
  // Code points drawn from the ranges whose relative order differs between UTF-8 and UTF-16,
  // and from both sides of every UTF-8 length boundary.
  const char32_t kPool[] = {0x41,    0x7F,    0x80,    0x7FF,   0x800,   0xD7FF,
                            0xE000,  0xE001,  0xFB33,  0xFFFD,  0xFFFF,  0x10000,
                            0x10001, 0x1F600, 0x1F601, 0xFFFFF, 0x10FFFF};
  std::mt19937 random(20240601);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(kPool) - 1);
  std::uniform_int_distribution<int> length(0, 4);
  for (int round = 0; round < 200; ++round) {
    Json object = Json::object();
    std::vector<std::pair<std::u16string, std::string>> names;
    for (int i = 0; i < 20; ++i) {
      std::string utf8;
      std::u16string utf16;
      for (int n = length(random); n > 0; --n) {
        const char32_t code_point = kPool[pick(random)];
        AppendUtf8(code_point, &utf8);
        AppendUtf16(code_point, &utf16);
      }
      if (object.contains(utf8)) continue;
      object[utf8] = i;
      names.emplace_back(utf16, utf8);
    }
    std::sort(names.begin(), names.end());  // char16_t order: UTF-16 code units
    std::string expected = "{";
    for (const auto& [utf16, utf8] : names) {
      if (expected.size() > 1) expected.push_back(',');
      expected += "\"" + utf8 + "\":" + std::to_string(object[utf8].get<int>());
    }
    expected.push_back('}');
    Result<std::string> canonical = CanonicalizeJcs(object);
    ASSERT_TRUE(canonical.ok()) << canonical.error().message();
    ASSERT_EQ(*canonical, expected) << "round " << round;
  }
}

TEST(Jcs, SortsNestedObjectsAndKeepsArrayOrder) {
  EXPECT_EQ(CanonicalizeText(R"({"b":[3,1,{"z":1,"y":2}],"a":{"d":{},"c":[]}})"),
            R"({"a":{"c":[],"d":{}},"b":[3,1,{"y":2,"z":1}]})");
}

TEST(Jcs, EscapesStringsAsJsonStringify) {
  std::string text;
  for (char c = 0; c < 0x20; ++c) text.push_back(c);
  text.append("\"\\/\x7F\xE2\x80\xA8\xE2\x80\xA9\xC3\xA9");  // ... U+007F U+2028 U+2029 é
  Result<std::string> canonical = CanonicalizeJcs(Json(text));
  ASSERT_TRUE(canonical.ok()) << canonical.error().message();
  // Expected output is what node's JSON.stringify prints for the same string.
  EXPECT_EQ(*canonical,
            "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
            "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018"
            "\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\\\"\\\\/\x7F\xE2\x80\xA8"
            "\xE2\x80\xA9\xC3\xA9\"");
}

TEST(Jcs, EscapesMemberNamesLikeStrings) {
  Json object = Json::object();
  object["a\nb\"c"] = "\t";
  Result<std::string> canonical = CanonicalizeJcs(object);
  ASSERT_TRUE(canonical.ok()) << canonical.error().message();
  EXPECT_EQ(*canonical, R"({"a\nb\"c":"\t"})");
}

TEST(Jcs, PrintsEveryNumberAsIeeeDouble) {
  // Integers beyond 2^53 round to the nearest double, as ECMAScript's JSON.parse reads them.
  EXPECT_EQ(CanonicalizeText("[9007199254740993,-9007199254740993,18446744073709551615,"
                             "-9223372036854775808,9007199254740992,100,-0,0.0,-0.0,1E2,56.0]"),
            "[9007199254740992,-9007199254740992,18446744073709552000,"
            "-9223372036854776000,9007199254740992,100,0,0,0,100,56]");
  Result<std::string> from_integer = CanonicalizeJcs(Json(std::uint64_t{9007199254740993u}));
  ASSERT_TRUE(from_integer.ok());
  EXPECT_EQ(*from_integer, "9007199254740992");
  Result<std::string> from_signed = CanonicalizeJcs(Json(std::int64_t{-9007199254740993}));
  ASSERT_TRUE(from_signed.ok());
  EXPECT_EQ(*from_signed, "-9007199254740992");
}

TEST(Jcs, AppendJcsAppendsAfterExistingContent) {
  std::string out = "prefix:";
  Result<Json> value = ParseJson(R"({"b":1,"a":[true,false,null]})");
  ASSERT_TRUE(value.ok()) << value.error().message();
  Status status = AppendJcs(*value, &out);
  ASSERT_TRUE(status.ok()) << status.error().message();
  EXPECT_EQ(out, R"(prefix:{"a":[true,false,null],"b":1})");
}

TEST(Jcs, FailsOnInvalidUtf8InString) {
  const std::vector<std::string> invalid = {
      "\xC3",              // truncated two-byte sequence
      "\xC3\x28",          // bad continuation byte
      "\xC0\xAF",          // overlong '/'
      "\xE0\x80\xAF",      // overlong three-byte form
      "\xED\xA0\x80",      // UTF-16 surrogate U+D800
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\xF8\x88\x80\x80",  // five-byte lead
      "\x80",              // lone continuation byte
      "ok\xFF",            // invalid byte after valid text
  };
  for (const std::string& text : invalid) {
    SCOPED_TRACE(testing::PrintToString(text));
    Result<std::string> canonical = CanonicalizeJcs(Json(text));
    ASSERT_FALSE(canonical.ok());
    EXPECT_EQ(canonical.error().code(), ErrorCode::kInvalidInput);
  }
}

TEST(Jcs, FailsOnInvalidUtf8InMemberName) {
  Json object = Json::object();
  object["\xED\xBF\xBF"] = 1;  // surrogate U+DFFF
  Result<std::string> canonical = CanonicalizeJcs(object);
  ASSERT_FALSE(canonical.ok());
  EXPECT_EQ(canonical.error().code(), ErrorCode::kInvalidInput);
}

TEST(Jcs, FailsOnNonFiniteNumber) {
  for (double value :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity()}) {
    SCOPED_TRACE(value);
    Result<std::string> canonical = CanonicalizeJcs(Json::array({1, Json(value)}));
    ASSERT_FALSE(canonical.ok());
    EXPECT_EQ(canonical.error().code(), ErrorCode::kInvalidInput);
  }
}

TEST(Jcs, FailsOnBinaryValue) {
  Result<std::string> canonical = CanonicalizeJcs(Json::binary({1, 2, 3}));
  ASSERT_FALSE(canonical.ok());
  EXPECT_EQ(canonical.error().code(), ErrorCode::kInvalidInput);
}

Json NestedArrays(int depth) {
  Json value = 0;
  for (int i = 0; i < depth; ++i) value = Json::array({std::move(value)});
  return value;
}

TEST(Jcs, AcceptsNestingOfExactlyMaxDepth) {
  Result<std::string> canonical = CanonicalizeJcs(NestedArrays(kMaxJsonDepth));
  ASSERT_TRUE(canonical.ok()) << canonical.error().message();
  EXPECT_EQ(*canonical, std::string(kMaxJsonDepth, '[') + "0" + std::string(kMaxJsonDepth, ']'));
}

TEST(Jcs, FailsWhenNestedDeeperThanMaxDepth) {
  Result<std::string> canonical = CanonicalizeJcs(NestedArrays(kMaxJsonDepth + 1));
  ASSERT_FALSE(canonical.ok());
  EXPECT_EQ(canonical.error().code(), ErrorCode::kInvalidInput);
}

// Lines "hex-ieee,expected" quoted in the vectors' README ("Sample lines").
std::vector<std::pair<std::string, std::string>> ReadmeSampleLines() {
  const std::string readme = ReadFile(kJcsVectorsDir / "README.md");
  const std::size_t samples = readme.find("Sample lines:");
  EXPECT_NE(samples, std::string::npos);
  const std::size_t start = readme.find("```code\n", samples) + 8;
  const std::size_t end = readme.find("```", start);
  std::istringstream lines(readme.substr(start, end - start));
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string line;
  while (std::getline(lines, line)) {
    const std::size_t comma = line.find(',');
    if (comma == std::string::npos) continue;
    pairs.emplace_back(line.substr(0, comma), line.substr(comma + 1));
  }
  return pairs;
}

TEST(FormatEcmaScriptNumber, MatchesReadmeSampleLines) {
  const auto samples = ReadmeSampleLines();
  ASSERT_GE(samples.size(), 7u);
  for (const auto& [hex, expected] : samples) {
    SCOPED_TRACE(hex);
    EXPECT_EQ(FormatEcmaScriptNumber(DoubleFromBits(std::stoull(hex, nullptr, 16))), expected);
  }
}

TEST(FormatEcmaScriptNumber, FormatsEdgeCasesAsEcmaScript) {
  // Expected strings are what node prints for String(value).
  const struct {
    double value;
    const char* expected;
  } kCases[] = {
      {0.0, "0"},
      {-0.0, "0"},
      {1e21, "1e+21"},
      {std::nextafter(1e21, 0.0), "999999999999999900000"},  // largest integer form
      {1e20, "100000000000000000000"},
      {123456789012345680000.0, "123456789012345680000"},
      {1e-7, "1e-7"},
      {-1e-7, "-1e-7"},
      {1.5e-7, "1.5e-7"},
      {0.000001, "0.000001"},  // smallest plain fraction form
      {0.0000015, "0.0000015"},
      {5e-324, "5e-324"},
      {2.2250738585072014e-308, "2.2250738585072014e-308"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {9007199254740993.0, "9007199254740992"},
      {0.1, "0.1"},
      {1.0 / 3.0, "0.3333333333333333"},
      {333333333.33333329, "333333333.3333333"},
      {4.35, "4.35"},
      {-1.5, "-1.5"},
      {123e-20, "1.23e-18"},
      {1e30, "1e+30"},
      {std::numeric_limits<double>::quiet_NaN(), "NaN"},
      {std::numeric_limits<double>::infinity(), "Infinity"},
      {-std::numeric_limits<double>::infinity(), "-Infinity"},
  };
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.expected);
    EXPECT_EQ(FormatEcmaScriptNumber(c.value), c.expected);
  }
}

// RAII for an OpenSSL digest context, used to hash the generated ES6 test file.
struct EvpMdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, EvpMdCtxDeleter>;

std::string Sha256Hex(const EVP_MD_CTX* running) {
  EvpMdCtxPtr copy(EVP_MD_CTX_new());
  EXPECT_EQ(EVP_MD_CTX_copy_ex(copy.get(), running), 1);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EXPECT_EQ(EVP_DigestFinal_ex(copy.get(), digest, &size), 1);
  static constexpr char kHexDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex.push_back(kHexDigits[digest[i] >> 4]);
    hex.push_back(kHexDigits[digest[i] & 0xF]);
  }
  return hex;
}

// The README describes (as JavaScript) a deterministic sequence of doubles and tabulates the
// SHA-256 of the "hex-ieee,expected\n" file over its first N lines. Regenerating that file
// with our formatter and matching the published hashes checks every line against the
// reference output without shipping the file.
class Es6NumberSequence {
 public:
  explicit Es6NumberSequence(std::vector<std::uint64_t> statics) : statics_(std::move(statics)) {}

  std::uint64_t Next() {
    const std::size_t index = index_++;
    if (index < statics_.size()) return statics_[index];
    if (index < statics_.size() + kSerialCount) {
      return 0x0010000000000000u + (index - statics_.size());
    }
    double value = 0;
    while (value == 0 || !std::isfinite(value)) {
      if (next_in_block_ == 4) {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int size = 0;
        EXPECT_EQ(EVP_Digest(block_, sizeof(block_), digest, &size, EVP_sha256(), nullptr), 1);
        EXPECT_EQ(size, sizeof(block_));
        std::copy(digest, digest + sizeof(block_), block_);
        next_in_block_ = 0;
      }
      std::uint64_t bits = 0;  // Float64Array over the digest: little-endian doubles
      for (int i = 7; i >= 0; --i) bits = (bits << 8) | block_[8 * next_in_block_ + i];
      ++next_in_block_;
      value = DoubleFromBits(bits);
    }
    return std::bit_cast<std::uint64_t>(value);
  }

 private:
  static constexpr std::size_t kSerialCount = 2000;
  std::vector<std::uint64_t> statics_;
  std::size_t index_ = 0;
  unsigned char block_[32] = {};
  int next_in_block_ = 4;
};

TEST(FormatEcmaScriptNumber, ReproducesPublishedEs6TestFileHashes) {
  const std::string readme = ReadFile(kJcsVectorsDir / "README.md");
  const std::size_t list_start = readme.find("staticU64s = new BigUint64Array([");
  const std::size_t list_end = readme.find("])", list_start);
  ASSERT_NE(list_start, std::string::npos);
  std::vector<std::uint64_t> statics;
  for (std::size_t at = readme.find("0x", list_start); at < list_end;
       at = readme.find("0x", at + 2)) {
    statics.push_back(std::stoull(readme.substr(at + 2, 16), nullptr, 16));
  }
  ASSERT_GT(statics.size(), 100u);

  // Table rows "| <sha256> | <lines> | <bytes> |"; rows up to 100000 lines keep this fast.
  constexpr long kMaxLinesChecked = 100000;
  struct Row {
    std::string sha256;
    long lines;
    long bytes;
  };
  std::vector<Row> rows;
  std::istringstream table(readme);
  std::string line;
  while (std::getline(table, line)) {
    std::istringstream cells(line);
    std::string bar, sha, bar2, bar3;
    long lines = 0, bytes = 0;
    if (cells >> bar >> sha >> bar2 >> lines >> bar3 >> bytes && bar == "|" && sha.size() == 64 &&
        lines <= kMaxLinesChecked) {
      rows.push_back({sha, lines, bytes});
    }
  }
  ASSERT_GE(rows.size(), 3u);
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.lines < b.lines; });

  Es6NumberSequence sequence(statics);
  EvpMdCtxPtr hash(EVP_MD_CTX_new());
  ASSERT_EQ(EVP_DigestInit_ex(hash.get(), EVP_sha256(), nullptr), 1);
  std::string text;
  long bytes = 0;
  std::size_t next_row = 0;
  for (long n = 1; next_row < rows.size(); ++n) {
    const std::uint64_t bits = sequence.Next();
    text = LowerHex(bits);
    text.push_back(',');
    text.append(FormatEcmaScriptNumber(DoubleFromBits(bits)));
    text.push_back('\n');
    bytes += static_cast<long>(text.size());
    ASSERT_EQ(EVP_DigestUpdate(hash.get(), text.data(), text.size()), 1);
    while (next_row < rows.size() && rows[next_row].lines == n) {
      SCOPED_TRACE(n);
      EXPECT_EQ(bytes, rows[next_row].bytes);
      EXPECT_EQ(Sha256Hex(hash.get()), rows[next_row].sha256);
      ++next_row;
    }
  }
}

}  // namespace
}  // namespace pramaan
