#include "core/json/json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pramaan {
namespace {

std::string Nested(int depth, const std::string& open, const std::string& close) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += open;
  text += "0";
  for (int i = 0; i < depth; ++i) text += close;
  return text;
}

// Asserts that ParseJson rejects `text` as invalid input with exactly `message`.
void ExpectRejected(const std::string& text, const std::string& message) {
  SCOPED_TRACE(testing::PrintToString(text));
  Result<Json> parsed = ParseJson(text, "input.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(parsed.error().message(), message);
}

// Asserts that ParseJson rejects `text` as invalid input with a message naming the source and
// the byte offset.
void ExpectRejectedAt(const std::string& text, std::size_t offset) {
  SCOPED_TRACE(testing::PrintToString(text));
  Result<Json> parsed = ParseJson(text, "input.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidInput);
  const std::string& message = parsed.error().message();
  EXPECT_TRUE(message.starts_with("input.json: ")) << message;
  EXPECT_TRUE(message.ends_with(" at byte " + std::to_string(offset))) << message;
}

TEST(ParseJson, KeepsMemberInsertionOrder) {
  Result<Json> parsed = ParseJson(R"({"z":1,"a":{"y":2,"b":3},"m":[{"q":1,"c":2}]})");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  std::vector<std::string> names;
  for (const auto& [name, value] : parsed->items()) names.push_back(name);
  EXPECT_EQ(names, (std::vector<std::string>{"z", "a", "m"}));
  EXPECT_EQ(DumpJson(*parsed, false), R"({"z":1,"a":{"y":2,"b":3},"m":[{"q":1,"c":2}]})");
}

TEST(ParseJson, ReadsEveryValueType) {
  Result<Json> parsed =
      ParseJson(R"( {"n":null,"t":true,"f":false,"i":-5,"u":18446744073709551615,)"
                R"("d":1.5e300,"s":"\u00e9\ud83d\ude00","a":[],"o":{}} )");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_TRUE((*parsed)["n"].is_null());
  EXPECT_EQ((*parsed)["t"], true);
  EXPECT_EQ((*parsed)["f"], false);
  EXPECT_EQ((*parsed)["i"].get<int>(), -5);
  EXPECT_EQ((*parsed)["u"].get<std::uint64_t>(), 18446744073709551615u);
  EXPECT_EQ((*parsed)["d"].get<double>(), 1.5e300);
  EXPECT_EQ((*parsed)["s"].get<std::string>(), "\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_TRUE((*parsed)["a"].is_array());
  EXPECT_TRUE((*parsed)["o"].is_object());
}

TEST(ParseJson, AcceptsScalarDocumentsAndSurroundingWhitespace) {
  for (const char* text : {"0", " \"x\" ", "null\n", "\t[1, 2]\r\n", "\xEF\xBB\xBF{}"}) {
    SCOPED_TRACE(text);
    Result<Json> parsed = ParseJson(text);
    EXPECT_TRUE(parsed.ok()) << parsed.error().message();
  }
}

TEST(ParseJson, FailsOnDuplicateMemberName) {
  ExpectRejected(R"({"id":1,"id":2})", "input.json: duplicate member name \"id\" at byte 8");
}

TEST(ParseJson, FailsOnDuplicateMemberNameInNestedObject) {
  ExpectRejected(R"({"a":{"x":1, "x":2}})", "input.json: duplicate member name \"x\" at byte 13");
  ExpectRejected(R"([{"k":1},{"k":1,"k":[]}])",
                 "input.json: duplicate member name \"k\" at byte 16");
}

TEST(ParseJson, FailsOnDuplicateMemberNameSpelledWithEscapes) {
  // Names are compared after decoding, so "\u0061" is "a".
  ExpectRejected(R"({"a":1,"\u0061":2})", "input.json: duplicate member name \"a\" at byte 7");
  ExpectRejected(R"({"q\"":1,"q\"":2})", "input.json: duplicate member name \"q\\\"\" at byte 9");
}

TEST(ParseJson, FailsOnDuplicateMemberNameInLargeObject) {
  std::string text = "{";
  for (int i = 0; i < 1000; ++i) {
    text += "\"m" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  }
  const std::size_t duplicate_at = text.size();
  text += "\"m500\":0}";
  ExpectRejected(
      text, "input.json: duplicate member name \"m500\" at byte " + std::to_string(duplicate_at));
}

TEST(ParseJson, AcceptsSameNameInSiblingObjectsAndLargeObjects) {
  EXPECT_TRUE(ParseJson(R"([{"k":1},{"k":2},{"a":{"k":3},"k":4}])").ok());
  std::string text = "{";
  for (int i = 0; i < 1000; ++i) text += (i ? ",\"m" : "\"m") + std::to_string(i) + "\":0";
  text += "}";
  Result<Json> parsed = ParseJson(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_EQ(parsed->size(), 1000u);
  EXPECT_EQ(parsed->begin().key(), "m0");
}

TEST(ParseJson, FailsOnTrailingContent) {
  ExpectRejectedAt("{} x", 3);
  ExpectRejectedAt("[1] [2]", 4);
  ExpectRejectedAt("1 2", 2);
  ExpectRejectedAt("{}}", 2);
  ExpectRejectedAt(std::string("{}\0", 3), 2);  // nlohmann alone reads NUL as end of input
  ExpectRejectedAt(std::string("[1]\0[2]", 7), 3);
}

TEST(ParseJson, FailsOnInvalidUtf8) {
  ExpectRejectedAt("\"\xC3\x28\"", 2);          // bad continuation byte
  ExpectRejectedAt("\"\xC0\xAF\"", 1);          // overlong '/'
  ExpectRejectedAt("\"\xED\xA0\x80\"", 2);      // UTF-16 surrogate U+D800 encoded in UTF-8
  ExpectRejectedAt("\"\xF4\x90\x80\x80\"", 2);  // above U+10FFFF
  ExpectRejectedAt("{\"\xFF\":1}", 2);          // in a member name
  ExpectRejectedAt("[1,\xFF]", 3);              // outside any string
}

TEST(ParseJson, FailsOnUnpairedSurrogateEscape) {
  ExpectRejectedAt(R"("\ud800")", 7);
  ExpectRejectedAt(R"("\udc00")", 6);
}

TEST(ParseJson, AcceptsNestingOfExactlyMaxDepth) {
  EXPECT_TRUE(ParseJson(Nested(kMaxJsonDepth, "[", "]")).ok());
  EXPECT_TRUE(ParseJson(Nested(kMaxJsonDepth, "{\"a\":", "}")).ok());
}

TEST(ParseJson, FailsOnNestingDeeperThanMaxDepth) {
  ExpectRejected(Nested(kMaxJsonDepth + 1, "[", "]"),
                 "input.json: nesting deeper than 100 levels at byte 100");
  ExpectRejected(Nested(kMaxJsonDepth + 1, "{\"a\":", "}"),
                 "input.json: nesting deeper than 100 levels at byte 500");
  // Far deeper input fails the same way rather than exhausting the stack.
  ExpectRejectedAt(std::string(1000000, '['), 100);
}

TEST(ParseJson, FailsOnSyntaxErrorsNamingSourceAndByte) {
  ExpectRejectedAt("", 0);
  ExpectRejectedAt("[1,]", 3);
  ExpectRejectedAt("{\"a\" 1}", 5);
  ExpectRejectedAt("tru", 3);
  ExpectRejectedAt("[01]", 2);
  ExpectRejectedAt("['a']", 1);
  ExpectRejectedAt("/* c */ 1", 0);
  ExpectRejectedAt("[NaN]", 1);
  ExpectRejectedAt("\"tab\there\"", 4);  // raw control character in a string
  ExpectRejectedAt("[1e400]", 1);        // overflows a double
}

TEST(ParseJson, KeepsErrorMessagesPrintable) {
  Result<Json> parsed = ParseJson("\"" + std::string(500, 'a') + "\xFF\"", "input.json");
  ASSERT_FALSE(parsed.ok());
  const std::string& message = parsed.error().message();
  EXPECT_LT(message.size(), 300u) << message;
  for (char c : message) EXPECT_TRUE(c >= 0x20 && c < 0x7F) << message;
  EXPECT_NE(message.find("\\xFF"), std::string::npos) << message;
}

TEST(DumpJson, PrettyIndentsByTwoSpacesAndEndsWithNewline) {
  Result<Json> parsed = ParseJson(R"({"b":[1,"x"],"a":{}})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(DumpJson(*parsed, true), "{\n  \"b\": [\n    1,\n    \"x\"\n  ],\n  \"a\": {}\n}\n");
}

TEST(DumpJson, CompactHasNoWhitespaceOrTrailingNewline) {
  Result<Json> parsed = ParseJson("{ \"b\" : [ 1 , \"x\" ] }");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(DumpJson(*parsed, false), R"({"b":[1,"x"]})");
}

TEST(DumpJson, WritesNonAsciiAsUtf8) {
  Result<Json> parsed = ParseJson(R"(["\u00e9\u20ac\ud83d\ude00"])");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(DumpJson(*parsed, false), "[\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"]");
}

TEST(DumpJson, ReplacesInvalidUtf8InsteadOfThrowing) {
  const Json value =
      Json::array({"a\xFF"
                   "b"});
  EXPECT_EQ(DumpJson(value, false),
            "[\"a\xEF\xBF\xBD"
            "b\"]");
}

}  // namespace
// FirstRepeatedElement: the first element equal to a later one, as a pairwise walk finds it,
// for short arrays (compared pairwise) and long ones (bucketed by a keyed hash).
TEST(FirstRepeatedElement, FindsTheFirstElementWithALaterEqualOne) {
  for (const std::size_t length : {std::size_t{4}, std::size_t{16}, std::size_t{17},
                                   std::size_t{1000}}) {
    SCOPED_TRACE(length);
    Json values = Json::array();
    for (std::size_t i = 0; i < length; ++i) values.push_back({{"@value", "t" + std::to_string(i)}});
    EXPECT_FALSE(FirstRepeatedElement(values).has_value());
    Json repeated = values;
    repeated.push_back(values[2]);         // equal to position 2
    repeated.push_back(values[length - 1]);  // equal to the last original element
    ASSERT_TRUE(FirstRepeatedElement(repeated).has_value());
    EXPECT_EQ(*FirstRepeatedElement(repeated), 2u);
  }
}

TEST(FirstRepeatedElement, ComparesAsJsonEqualityDoes) {
  for (const std::size_t padding : {std::size_t{0}, std::size_t{100}}) {
    SCOPED_TRACE(padding);
    Json values = Json::array();
    for (std::size_t i = 0; i < padding; ++i) values.push_back("p" + std::to_string(i));
    const std::size_t first = values.size();
    // An integer equals the float of the same value, and -0 equals 0.
    values.push_back({{"@value", 1}});
    values.push_back({{"@value", 0.0}});
    values.push_back({{"@value", 1.0}});
    EXPECT_EQ(FirstRepeatedElement(values), first);
    values.erase(values.begin() + static_cast<std::ptrdiff_t>(first));
    values.push_back({{"@value", -0.0}});
    EXPECT_EQ(FirstRepeatedElement(values), first);
    // Objects with the same members in another order differ (ordered_json), as do "1" and 1.
    Json ordered = Json::array();
    for (std::size_t i = 0; i < padding; ++i) ordered.push_back(static_cast<int>(i) + 1000);
    ordered.push_back(Json::parse(R"({"a":1,"b":2})"));
    ordered.push_back(Json::parse(R"({"b":2,"a":1})"));
    ordered.push_back("1");
    ordered.push_back(1);
    ordered.push_back(Json::array({1, 2}));
    ordered.push_back(Json::array({2, 1}));
    EXPECT_FALSE(FirstRepeatedElement(ordered).has_value());
  }
}

TEST(FirstRepeatedElement, AnswersNothingForShortArraysAndOtherValues) {
  EXPECT_FALSE(FirstRepeatedElement(Json::array()).has_value());
  EXPECT_FALSE(FirstRepeatedElement(Json::array({1})).has_value());
  EXPECT_FALSE(FirstRepeatedElement(Json("text")).has_value());
  EXPECT_FALSE(FirstRepeatedElement(Json::parse(R"({"a":1,"b":1})")).has_value());
}

}  // namespace pramaan
