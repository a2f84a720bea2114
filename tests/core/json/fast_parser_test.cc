// The fast path of ParseJson against the full strict parse: wherever the fast path accepts a
// text, the full parse must accept it too and build the very same value (member order and
// number types included); wherever the full parse refuses, so must the fast path.
#include "core/json/fast_parser.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/json/json.h"

namespace pramaan::json_internal {
namespace {

namespace fs = std::filesystem;

// Same value, same types all the way down (5 as unsigned is not 5 as signed or 5.0).
bool Same(const Json& a, const Json& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Json::value_t::object: {
      if (a.size() != b.size()) return false;
      auto ia = a.items().begin();
      auto ib = b.items().begin();
      for (; ia != a.items().end(); ++ia, ++ib) {
        if (ia.key() != ib.key() || !Same(ia.value(), ib.value())) return false;
      }
      return true;
    }
    case Json::value_t::array:
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!Same(a[i], b[i])) return false;
      }
      return true;
    case Json::value_t::number_float:
      return std::bit_cast<uint64_t>(a.get<double>()) == std::bit_cast<uint64_t>(b.get<double>());
    default:
      return a == b;
  }
}

// Checks the two paths agree on `text`; returns whether the fast path took it.
bool Agree(const std::string& text) {
  Json fast;
  const bool fast_ok = FastParseJson(text, &fast);
  const Result<Json> full = FullParseJson(text, "t");
  if (fast_ok) {
    EXPECT_TRUE(full.ok()) << "the fast path accepts what the full parse refuses: " << text;
    if (full.ok()) {
      EXPECT_TRUE(Same(fast, *full)) << "different values for: " << text;
    }
  }
  // And ParseJson, whichever path it takes, gives the full parse's answer.
  const Result<Json> combined = ParseJson(text, "t");
  EXPECT_EQ(combined.ok(), full.ok()) << text;
  if (combined.ok() && full.ok()) {
    EXPECT_TRUE(Same(*combined, *full)) << text;
  }
  if (!combined.ok() && !full.ok()) {
    EXPECT_EQ(combined.error().message(), full.error().message());
  }
  return fast_ok;
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<fs::path> JsonFiles(const fs::path& root) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".json" || ext == ".jsonld" || ext == ".jsonl")) {
      files.push_back(entry.path());
    }
  }
  return files;
}

TEST(FastJsonParser, AgreesWithTheFullParseOnEveryVectorAndExample) {
  size_t files = 0, fast = 0;
  for (const fs::path& root : {fs::path(PRAMAAN_VECTORS_DIR), fs::path(PRAMAAN_SOURCE_DIR) / "examples",
                               fs::path(PRAMAAN_SOURCE_DIR) / "schemas"}) {
    for (const fs::path& file : JsonFiles(root)) {
      ++files;
      if (Agree(ReadText(file))) ++fast;
    }
  }
  ASSERT_GT(files, 300u);
  // The fast path must actually be the common path, not a fallback that never runs.
  EXPECT_GT(fast * 10, files * 8) << fast << " of " << files;
}

TEST(FastJsonParser, TakesSignedCredentialsItself) {
  for (const fs::path& file : JsonFiles(fs::path(PRAMAAN_SOURCE_DIR) / "examples" / "signed")) {
    Json value;
    EXPECT_TRUE(FastParseJson(ReadText(file), &value)) << file;
  }
}

TEST(FastJsonParser, EdgeCasesAgree) {
  const std::vector<std::string> cases = {
      "0", "-0", "-1", "18446744073709551615", "18446744073709551616", "-9223372036854775808",
      "-9223372036854775809", "999999999999999999", "1000000000000000000", "1.5", "-0.0",
      "1e400", "-1e400", "1e-400", "2.2250738585072011e-308", "0.1e1", "1E+2", "1.", ".5",
      "01", "-", "1e", "+1", "0x10", "\"\\u00e9\"", "\"\\ud83d\\ude00\"", "\"\\ud83d\"",
      "\"\\udc00\"", "\"\\u0000\"", "\"\\uZZZZ\"", "\"\\x\"", "\"a\\/b\"", "\"tab\there\"",
      "\"\x01\"", "\"\xC3\xA9\"", "\"\xC0\x80\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"",
      "\"\xE0\x80\xAF\"", "\"\xF0\x9F\x98\x80\"", "\"\xE0\xA4\x95\"", "\"\xC3\"", "\xEF\xBB\xBF{}",
      "{}", "[]", "{\"a\":1,\"a\":2}", "{\"a\":1,}", "[1,]", "[1 2]", "{\"a\" 1}", "{1:2}",
      "true", "tru", "truex", "null", "nul", " \t\r\n[ true , false , null ] \n", "{} {}",
      "{}\0", "[\"a\"]x", std::string("{\"a\":\"b") + '\0' + "\"}", "\"unterminated", "[[[]]]"};
  for (const std::string& text : cases) Agree(text);
}

// Strings are scanned eight bytes at a time: every kind of byte that ends a plain run, at
// every position of strings a little shorter and longer than one and two words.
TEST(FastJsonParser, StringsAgreeWhereverTheSpecialByteIs) {
  const std::vector<std::string> specials = {
      "\"", "\\\"", "\\n", "\\u00e9", "\\", "\x01", "\x1f", "\x7f",
      "\xC3\xA9", "\xC3", "\xFF", " ", "~"};
  size_t fast = 0;
  for (size_t length = 0; length <= 18; ++length) {
    for (size_t at = 0; at <= length; ++at) {
      for (const std::string& special : specials) {
        std::string body(length, 'a');
        body.insert(at, special);
        if (Agree("[\"" + body + "\"]")) ++fast;
        Agree("\"" + body);  // unterminated
      }
    }
  }
  EXPECT_GT(fast, 0u);
}

TEST(FastJsonParser, DepthLimitIsTheFullParsesLimit) {
  for (const int depth : {kMaxJsonDepth - 1, kMaxJsonDepth, kMaxJsonDepth + 1}) {
    const std::string arrays = std::string(static_cast<size_t>(depth), '[') +
                               std::string(static_cast<size_t>(depth), ']');
    Agree(arrays);
    std::string objects;
    for (int i = 0; i < depth; ++i) objects += "{\"a\":";
    objects += "1" + std::string(static_cast<size_t>(depth), '}');
    Agree(objects);
  }
  Json value;
  EXPECT_TRUE(FastParseJson(std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']'), &value));
  EXPECT_FALSE(ParseJson(std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']')).ok());
}

TEST(FastJsonParser, LargeObjectsAndDuplicatesGoToTheFullParse) {
  std::string many = "{";
  for (size_t i = 0; i <= kFastMaxMembers; ++i) {
    many += (i ? "," : "") + std::string("\"k") + std::to_string(i) + "\":" + std::to_string(i);
  }
  Agree(many + "}");
  Agree(many + ",\"k3\":0}");
  EXPECT_FALSE(ParseJson("{\"a\":1,\"b\":{\"c\":2,\"c\":3}}").ok());
}

// Random damage to real documents: byte flips, inserted structural or multi-byte bytes,
// deletions and truncations. Whatever the fast path accepts must be exactly what the full
// parse builds.
TEST(FastJsonParser, MutatedDocumentsAgree) {
  const std::vector<std::string> seeds = {
      ReadText(fs::path(PRAMAAN_SOURCE_DIR) / "examples/signed/course-completion.credential.json"),
      "{\"n\":[1,-2,3.25,1e5,true,false,null],\"s\":\"a\\u00e9\\n\xE0\xA4\x95\",\"o\":{}}"};
  const std::string inserts[] = {"\"", "\\", ",", ":", "{", "}", "[", "]", "-", "0", "e", ".",
                                 "\xC3", "\xA9", "\xE0", "\xED", "\xF4", "\x01", " ", "u"};
  std::mt19937 random(20261122);
  size_t fast = 0;
  constexpr int kMutations = 20000;
  for (int i = 0; i < kMutations; ++i) {
    std::string text = seeds[static_cast<size_t>(i) % seeds.size()];
    const int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const size_t at = random() % text.size();
      switch (random() % 4) {
        case 0: text[at] = static_cast<char>(random() % 256); break;
        case 1: text.insert(at, inserts[random() % std::size(inserts)]); break;
        case 2: text.erase(at, 1); break;
        default: text.resize(at); break;
      }
    }
    if (Agree(text)) ++fast;
    if (::testing::Test::HasFailure()) break;  // one failing text is enough to read
  }
  EXPECT_GT(fast, 100u);  // some mutations keep the text valid and take the fast path
}

}  // namespace
}  // namespace pramaan::json_internal
