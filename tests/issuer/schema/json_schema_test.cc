#include "issuer/schema/json_schema.h"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace pramaan {
namespace {

// Test literals are parsed with nlohmann directly: ParseJson is tested on its own.
Json J(std::string_view text) {
  try {
    return Json::parse(text);
  } catch (const Json::exception& e) {
    ADD_FAILURE() << "test JSON does not parse: " << text << ": " << e.what();
    return Json();
  }
}

std::string Describe(const std::vector<SchemaViolation>& violations) {
  std::string out;
  for (const SchemaViolation& v : violations) out += "\n  [" + v.path + "] " + v.message;
  return out.empty() ? " (none)" : out;
}

// ---------------------------------------------------------------------------------------------
// Validation: each case names the path and message of the first violation, or none (valid).

struct ValidationCase {
  const char* name;
  const char* schema;
  const char* instance;
  const char* path;     // nullptr: the instance must be valid
  const char* message;  // the first violation's exact message
};

std::ostream& operator<<(std::ostream& out, const ValidationCase& c) { return out << c.name; }

constexpr const char* kValid = nullptr;

const ValidationCase kValidationCases[] = {
    // type
    {"TypeStringAcceptsString", R"({"type": "string"})", R"("x")", kValid, nullptr},
    {"TypeStringRefusesNumber", R"({"type": "string"})", "5", "", "must be a string"},
    {"TypeListAcceptsNull", R"({"type": ["string", "null"]})", "null", kValid, nullptr},
    {"TypeListRefusesNumber", R"({"type": ["string", "null"]})", "5", "",
     "must be a string or null"},
    {"TypeIntegerAcceptsThreePointZero", R"({"type": "integer"})", "3.0", kValid, nullptr},
    {"TypeIntegerRefusesFraction", R"({"type": "integer"})", "3.5", "", "must be an integer"},
    {"TypeNumberAcceptsInteger", R"({"type": "number"})", "3", kValid, nullptr},
    {"TypeNumberRefusesNumericString", R"({"type": "number"})", R"("3")", "", "must be a number"},
    {"TypeBooleanRefusesString", R"({"type": "boolean"})", R"("true")", "", "must be a boolean"},
    {"TypeObjectRefusesArray", R"({"type": "object"})", "[]", "", "must be an object"},
    {"TypeArrayRefusesObject", R"({"type": "array"})", "{}", "", "must be an array"},
    {"TypeNullRefusesFalse", R"({"type": "null"})", "false", "", "must be null"},

    // enum and const
    {"EnumAcceptsListedValue", R"({"enum": ["pass"]})", R"("pass")", kValid, nullptr},
    {"EnumRefusesOtherValue", R"({"enum": ["pass"]})", R"("fail")", "", "must be one of: pass"},
    {"EnumListsEveryValue", R"({"enum": ["hi", "ta", null, 2]})", R"("xx")", "",
     "must be one of: hi, ta, null, 2"},
    {"EnumComparesNumbersByValue", R"({"enum": [1]})", "1.0", kValid, nullptr},
    {"EnumComparesObjectsIgnoringMemberOrder", R"({"enum": [{"a": 1, "b": 2}]})",
     R"({"b": 2, "a": 1})", kValid, nullptr},
    {"EnumRefusesStringOfListedNumber", R"({"enum": [1]})", R"("1")", "", "must be one of: 1"},
    {"ConstAcceptsEqualValue", R"({"const": "course_completion"})", R"("course_completion")",
     kValid, nullptr},
    {"ConstRefusesOtherValue", R"({"const": "course_completion"})", R"("ncvet")", "",
     "must be course_completion"},

    // properties, required, additionalProperties
    {"PropertiesValidateTheirMember", R"({"properties": {"a": {"type": "string"}}})", R"({"a": 1})",
     "a", "must be a string"},
    {"PropertiesAllowAbsentMember", R"({"properties": {"a": {"type": "string"}}})", "{}", kValid,
     nullptr},
    {"PropertiesIgnoreNonObjects", R"({"properties": {"a": {"type": "string"}}})", "[1]", kValid,
     nullptr},
    {"RequiredAcceptsPresentMember", R"({"required": ["name"]})", R"({"name": null})", kValid,
     nullptr},
    {"RequiredNamesMissingMember", R"({"required": ["name"]})", "{}", "name", "is required"},
    {"RequiredNamesNestedMissingMember", R"({"properties": {"learner": {"required": ["name"]}}})",
     R"({"learner": {}})", "learner.name", "is required"},
    {"AdditionalPropertiesFalseAcceptsKnownMember",
     R"({"properties": {"a": true}, "additionalProperties": false})", R"({"a": 1})", kValid,
     nullptr},
    {"AdditionalPropertiesFalseRefusesUnknownMember",
     R"({"properties": {"a": true}, "additionalProperties": false})", R"({"a": 1, "b": 2})", "b",
     "is not allowed (unknown field)"},
    {"AdditionalPropertiesSchemaValidatesOtherMembers",
     R"({"properties": {"a": true}, "additionalProperties": {"type": "integer"}})",
     R"({"a": "s", "x": "s"})", "x", "must be an integer"},
    {"UnusualMemberNameIsBracketedInPath", R"({"additionalProperties": false})",
     R"({"first name": 1})", R"(["first name"])", "is not allowed (unknown field)"},

    // items, minItems, maxItems, uniqueItems
    {"ItemsValidateEachItemWithItsIndex", R"({"items": {"type": "string"}})", R"(["a", 2])", "[1]",
     "must be a string"},
    {"ItemsPathNestsUnderMembers",
     R"({"properties": {"course": {"properties": {"competencies": {"items": {"minLength": 1}}}}}})",
     R"({"course": {"competencies": ["a", ""]}})", "course.competencies[1]", "must not be empty"},
    {"MinItemsRefusesShortArray", R"({"minItems": 2})", "[1]", "", "must have at least 2 items"},
    {"MinItemsOneRefusesEmptyArray", R"({"minItems": 1})", "[]", "", "must not be empty"},
    {"MaxItemsRefusesLongArray", R"({"maxItems": 1})", "[1, 2]", "", "must have at most 1 item"},
    {"MinAndMaxItemsReadAsRange", R"({"minItems": 1, "maxItems": 3})", "[]", "",
     "must have 1 to 3 items"},
    {"MaxItemsAcceptsArrayAtLimit", R"({"maxItems": 2})", "[1, 2]", kValid, nullptr},
    {"UniqueItemsAcceptsDistinctItems", R"({"uniqueItems": true})", R"(["a", "b"])", kValid,
     nullptr},
    {"UniqueItemsRefusesRepeatedItem", R"({"uniqueItems": true})", R"(["a", "b", "a"])", "",
     "must not contain duplicates (items [0] and [2] are equal)"},
    {"UniqueItemsComparesNumbersByValue", R"({"uniqueItems": true})", "[1, 1.0]", "",
     "must not contain duplicates (items [0] and [1] are equal)"},
    {"UniqueItemsComparesObjectsIgnoringMemberOrder", R"({"uniqueItems": true})",
     R"([{"a": 1, "b": 2}, {"b": 2, "a": 1}])", "",
     "must not contain duplicates (items [0] and [1] are equal)"},
    {"UniqueItemsFalseAllowsRepeats", R"({"uniqueItems": false})", R"(["a", "a"])", kValid,
     nullptr},

    // minLength, maxLength: code points, not bytes ("आशा" is 3 code points, 9 bytes)
    {"MaxLengthCountsDevanagariCodePoints", R"({"maxLength": 3})", R"("आशा")", kValid, nullptr},
    {"MaxLengthRefusesLongerDevanagari", R"({"maxLength": 2})", R"("आशा")", "",
     "must be at most 2 characters long"},
    {"MinLengthCountsDevanagariCodePoints", R"({"minLength": 4})", R"("आशा")", "",
     "must be at least 4 characters long"},
    {"MaxLengthCountsSupplementaryCharacterOnce", R"({"maxLength": 1})", R"("𝔸")", kValid, nullptr},
    {"MinAndMaxLengthReadAsRange", R"({"minLength": 1, "maxLength": 200})", R"("")", "",
     "must be 1 to 200 characters long"},
    {"MinLengthOneRefusesEmptyString", R"({"minLength": 1})", R"("")", "", "must not be empty"},
    {"LengthIgnoresNonStrings", R"({"minLength": 5})", "3", kValid, nullptr},

    // pattern
    {"PatternAcceptsMatch", R"({"pattern": "^[0-9]{12}$"})", R"("123456789012")", kValid, nullptr},
    {"PatternRefusesMismatch", R"({"pattern": "^[0-9]{12}$"})", R"("12345")", "",
     "must match the pattern ^[0-9]{12}$"},
    {"PatternIsSearchedAnywhere", R"({"pattern": "[0-9]"})", R"("abc1def")", kValid, nullptr},
    {"UnanchoredPatternRefusesStringWithoutMatch", R"({"pattern": "[0-9]"})", R"("abcdef")", "",
     "must match the pattern [0-9]"},
    {"PatternIgnoresNonStrings", R"({"pattern": "^a$"})", "5", kValid, nullptr},

    // minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf
    {"MinimumAcceptsBound", R"({"minimum": 0})", "0", kValid, nullptr},
    {"MinimumRefusesBelow", R"({"minimum": 0})", "-1", "", "must be a number of at least 0"},
    {"MaximumRefusesAbove", R"({"maximum": 100})", "100.5", "", "must be a number at most 100"},
    {"IntegerRangeAcceptsLowerBound", R"({"type": "integer", "minimum": 1, "maximum": 8})", "1",
     kValid, nullptr},
    {"IntegerRangeAcceptsUpperBound", R"({"type": "integer", "minimum": 1, "maximum": 8})", "8",
     kValid, nullptr},
    {"IntegerRangeRefusesAbove", R"({"type": "integer", "minimum": 1, "maximum": 8})", "9", "",
     "must be an integer from 1 to 8"},
    {"IntegerRangeRefusesBelow", R"({"type": "integer", "minimum": 1, "maximum": 8})", "0", "",
     "must be an integer from 1 to 8"},
    {"IntegerRangeStatedForWrongType", R"({"type": "integer", "minimum": 1, "maximum": 8})",
     R"("5")", "", "must be an integer from 1 to 8"},
    {"ExclusiveMinimumRefusesBound", R"({"type": "number", "exclusiveMinimum": 0, "maximum": 10})",
     "0", "", "must be a number greater than 0 and at most 10"},
    {"ExclusiveMinimumAcceptsAbove", R"({"exclusiveMinimum": 0})", "0.001", kValid, nullptr},
    {"ExclusiveMaximumRefusesBound", R"({"exclusiveMaximum": 5})", "5", "",
     "must be a number less than 5"},
    {"StricterOfMinimumAndExclusiveMinimumApplies", R"({"minimum": 1, "exclusiveMinimum": 2})", "2",
     "", "must be a number greater than 2"},
    {"MultipleOfAcceptsMultiple", R"({"multipleOf": 0.5})", "1.5", kValid, nullptr},
    {"MultipleOfRefusesNonMultiple", R"({"multipleOf": 0.5})", "1.2", "",
     "must be a multiple of 0.5"},
    {"MultipleOfToleratesDecimalRounding", R"({"multipleOf": 0.01})", "19.99", kValid, nullptr},
    {"NumericKeywordsIgnoreNonNumbers", R"({"minimum": 5})", R"("a")", kValid, nullptr},

    // format: date
    {"DateAcceptsLeapDay", R"({"format": "date"})", R"("2024-02-29")", kValid, nullptr},
    {"DateRefusesLeapDayOfCommonYear", R"({"format": "date"})", R"("2023-02-29")", "",
     "must be a date written YYYY-MM-DD"},
    {"DateAcceptsLeapDayOfFourthCentury", R"({"format": "date"})", R"("2000-02-29")", kValid,
     nullptr},
    {"DateRefusesLeapDayOfOtherCentury", R"({"format": "date"})", R"("1900-02-29")", "",
     "must be a date written YYYY-MM-DD"},
    {"DateRefusesThirtyFirstOfApril", R"({"format": "date"})", R"("2026-04-31")", "",
     "must be a date written YYYY-MM-DD"},
    {"DateRefusesMonthThirteen", R"({"format": "date"})", R"("2026-13-01")", "",
     "must be a date written YYYY-MM-DD"},
    {"DateRefusesDayZero", R"({"format": "date"})", R"("2026-11-00")", "",
     "must be a date written YYYY-MM-DD"},
    {"DateRefusesSingleDigitMonth", R"({"format": "date"})", R"("2026-1-01")", "",
     "must be a date written YYYY-MM-DD"},
    {"DateRefusesDateTime", R"({"format": "date"})", R"("2026-11-01T00:00:00Z")", "",
     "must be a date written YYYY-MM-DD"},

    // format: date-time
    {"DateTimeAcceptsUtc", R"({"format": "date-time"})", R"("2026-11-04T16:40:12Z")", kValid,
     nullptr},
    {"DateTimeAcceptsOffset", R"({"format": "date-time"})", R"("2026-11-03T10:15:00+05:30")",
     kValid, nullptr},
    {"DateTimeAcceptsFraction", R"({"format": "date-time"})", R"("2026-11-03T10:15:00.125Z")",
     kValid, nullptr},
    {"DateTimeAcceptsLeapDay", R"({"format": "date-time"})", R"("2024-02-29T00:00:00-01:00")",
     kValid, nullptr},
    {"DateTimeRefusesMissingSeconds", R"({"format": "date-time"})", R"("2026-11-03T10:15Z")", "",
     "must be a date and time written YYYY-MM-DDThh:mm:ss with Z or an offset"},
    {"DateTimeRefusesMissingZone", R"({"format": "date-time"})", R"("2026-11-03T10:15:00")", "",
     "must be a date and time written YYYY-MM-DDThh:mm:ss with Z or an offset"},
    {"DateTimeRefusesSpaceForT", R"({"format": "date-time"})", R"("2026-11-03 10:15:00Z")", "",
     "must be a date and time written YYYY-MM-DDThh:mm:ss with Z or an offset"},
    {"DateTimeRefusesImpossibleDate", R"({"format": "date-time"})", R"("2023-02-29T10:15:00Z")", "",
     "must be a date and time written YYYY-MM-DDThh:mm:ss with Z or an offset"},
    {"DateTimeRefusesHour24", R"({"format": "date-time"})", R"("2026-11-03T24:00:00Z")", "",
     "must be a date and time written YYYY-MM-DDThh:mm:ss with Z or an offset"},
    {"DateTimeRefusesEmptyFraction", R"({"format": "date-time"})", R"("2026-11-03T10:15:00.Z")", "",
     "must be a date and time written YYYY-MM-DDThh:mm:ss with Z or an offset"},
    {"DateTimeRefusesOffsetWithoutColon", R"({"format": "date-time"})",
     R"("2026-11-03T10:15:00+0530")", "",
     "must be a date and time written YYYY-MM-DDThh:mm:ss with Z or an offset"},
    {"DateTimeRefusesLeapSecond", R"({"format": "date-time"})", R"("2016-12-31T23:59:60Z")", "",
     "must be a date and time written YYYY-MM-DDThh:mm:ss with Z or an offset"},
    {"DateTimeRefusesTrailingText", R"({"format": "date-time"})", R"("2026-11-03T10:15:00Zx")", "",
     "must be a date and time written YYYY-MM-DDThh:mm:ss with Z or an offset"},

    // format: email
    {"EmailAcceptsGovernmentAddress", R"({"format": "email"})", R"("asha@example.gov.in")", kValid,
     nullptr},
    {"EmailAcceptsDotsAndPlus", R"({"format": "email"})", R"("first.last+tag@example.org")", kValid,
     nullptr},
    {"EmailRefusesMissingAt", R"({"format": "email"})", R"("asha.example.org")", "",
     "must be an email address"},
    {"EmailRefusesEmptyLocalPart", R"({"format": "email"})", R"("@example.org")", "",
     "must be an email address"},
    {"EmailRefusesSingleLabelDomain", R"({"format": "email"})", R"("asha@localhost")", "",
     "must be an email address"},
    {"EmailRefusesDoubleDot", R"({"format": "email"})", R"("a..b@example.org")", "",
     "must be an email address"},
    {"EmailRefusesSpace", R"({"format": "email"})", R"("a b@example.org")", "",
     "must be an email address"},
    {"EmailRefusesSecondAt", R"({"format": "email"})", R"("a@b@example.org")", "",
     "must be an email address"},
    {"EmailRefusesHyphenEdgedLabel", R"({"format": "email"})", R"("a@-example.org")", "",
     "must be an email address"},
    {"EmailRefusesNumericTopLevelLabel", R"({"format": "email"})", R"("a@10.0.0.1")", "",
     "must be an email address"},
    {"FormatIgnoresNonStrings", R"({"format": "date"})", "5", kValid, nullptr},

    // $ref, allOf, anyOf, oneOf, not, if/then/else, boolean schemas, annotations
    {"RefToDefsApplies", R"({"$defs": {"id": {"type": "string"}},
                            "properties": {"a": {"$ref": "#/$defs/id"}}})",
     R"({"a": 1})", "a", "must be a string"},
    {"RefAppliesAlongsideSiblings", R"({"$defs": {"s": {"type": "string"}},
                                       "$ref": "#/$defs/s", "maxLength": 2})",
     R"("abc")", "", "must be at most 2 characters long"},
    {"RefMayRecurseThroughProperty",
     R"({"$defs": {"node": {"type": "object", "properties": {"child": {"$ref": "#/$defs/node"}},
                             "additionalProperties": false}},
         "$ref": "#/$defs/node"})",
     R"({"child": {"child": {"x": 1}}})", "child.child.x", "is not allowed (unknown field)"},
    {"RefNameIsPointerUnescaped", R"({"$defs": {"a/b": {"type": "null"}}, "$ref": "#/$defs/a~1b"})",
     "1", "", "must be null"},
    {"AllOfAppliesEverySchema", R"({"allOf": [{"type": "string"}, {"maxLength": 2}]})", R"("abc")",
     "", "must be at most 2 characters long"},
    {"AnyOfAcceptsOneMatch", R"({"anyOf": [{"type": "string"}, {"type": "integer"}]})", "7", kValid,
     nullptr},
    {"AnyOfRefusesNoMatch", R"({"anyOf": [{"type": "string"}, {"type": "integer"}]})", "1.5", "",
     "must match at least one of the schemas in anyOf"},
    {"OneOfAcceptsExactlyOneMatch", R"({"oneOf": [{"type": "integer"}, {"minimum": 0}]})", "-1",
     kValid, nullptr},
    {"OneOfRefusesTwoMatches", R"({"oneOf": [{"type": "integer"}, {"minimum": 0}]})", "5", "",
     "must match exactly one of the schemas in oneOf (matches 2)"},
    {"OneOfRefusesNoMatch", R"({"oneOf": [{"type": "integer"}, {"minimum": 0}]})", "-1.5", "",
     "must match exactly one of the schemas in oneOf (matches 0)"},
    {"NotAcceptsNonMatch", R"({"not": {"type": "null"}})", "1", kValid, nullptr},
    {"NotRefusesMatch", R"({"not": {"type": "null"}})", "null", "",
     "must not match the schema in not"},
    {"IfThenAppliesThenWhenIfMatches",
     R"({"if": {"properties": {"kind": {"const": "ncvet"}}, "required": ["kind"]},
         "then": {"required": ["apaar_id"]}, "else": {"required": ["email"]}})",
     R"({"kind": "ncvet"})", "apaar_id", "is required"},
    {"IfElseAppliesElseWhenIfFails",
     R"({"if": {"properties": {"kind": {"const": "ncvet"}}, "required": ["kind"]},
         "then": {"required": ["apaar_id"]}, "else": {"required": ["email"]}})",
     R"({"kind": "course"})", "email", "is required"},
    {"IfThenAcceptsSatisfiedBranch",
     R"({"if": {"properties": {"kind": {"const": "ncvet"}}, "required": ["kind"]},
         "then": {"required": ["apaar_id"]}})",
     R"({"kind": "ncvet", "apaar_id": "1"})", kValid, nullptr},
    {"FalseSchemaRefusesEverything", "false", "1", "", "is not allowed"},
    {"TrueSchemaAcceptsEverything", "true", R"({"a": [1]})", kValid, nullptr},
    {"AnnotationsDoNotConstrain",
     R"({"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:example:s",
         "$comment": "c", "title": "t", "description": "d", "default": 1, "examples": [1]})",
     R"({"anything": true})", kValid, nullptr},
};

class JsonSchemaValidationTest : public testing::TestWithParam<ValidationCase> {};

TEST_P(JsonSchemaValidationTest, FirstViolationHasExpectedPathAndMessage) {
  const ValidationCase& c = GetParam();
  const Result<JsonSchema> schema = JsonSchema::Create(J(c.schema));
  ASSERT_TRUE(schema.ok()) << schema.error().message();
  const std::vector<SchemaViolation> violations = schema->Validate(J(c.instance));
  if (c.path == kValid) {
    EXPECT_TRUE(violations.empty()) << "expected valid, got:" << Describe(violations);
    EXPECT_TRUE(schema->Check(J(c.instance)).ok());
    return;
  }
  ASSERT_FALSE(violations.empty()) << "expected a violation at [" << c.path << "]";
  EXPECT_EQ(violations.front().path, c.path) << Describe(violations);
  EXPECT_EQ(violations.front().message, c.message) << Describe(violations);
  const Status status = schema->Check(J(c.instance));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kInvalidInput);
}

std::string ValidationCaseName(const testing::TestParamInfo<ValidationCase>& case_info) {
  return case_info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Keywords, JsonSchemaValidationTest, testing::ValuesIn(kValidationCases),
                         ValidationCaseName);

// ---------------------------------------------------------------------------------------------
// Create refuses schemas it cannot enforce exactly, naming where in the schema.

struct RefusedSchemaCase {
  const char* name;
  const char* schema;
  const char* error;  // the exact error message
};

std::ostream& operator<<(std::ostream& out, const RefusedSchemaCase& c) { return out << c.name; }

const RefusedSchemaCase kRefusedSchemaCases[] = {
    {"UnknownKeywordAtRoot", R"({"maxProperties": 1})",
     R"(schema #: unsupported keyword "maxProperties")"},
    {"UnknownKeywordInProperty", R"({"properties": {"a": {"type": "string", "minimumLength": 1}}})",
     R"(schema #/properties/a: unsupported keyword "minimumLength")"},
    {"UnknownKeywordInDefs", R"({"$defs": {"x": {"patternProperties": {}}}})",
     R"(schema #/$defs/x: unsupported keyword "patternProperties")"},
    {"UnknownKeywordInAllOf", R"({"allOf": [true, {"contains": {}}]})",
     R"(schema #/allOf/1: unsupported keyword "contains")"},
    {"UnknownKeywordInItems", R"({"items": {"prefixItems": []}})",
     R"(schema #/items: unsupported keyword "prefixItems")"},
    {"UnknownKeywordUnderEscapedName", R"({"properties": {"a/b~c": {"foo": 1}}})",
     R"(schema #/properties/a~1b~0c: unsupported keyword "foo")"},
    {"InvalidPattern", R"({"properties": {"a": {"pattern": "(["}}})",
     "schema #/properties/a/pattern: invalid pattern (["},
    {"UnknownRef", R"({"properties": {"a": {"$ref": "#/$defs/missing"}}})",
     "schema #/properties/a/$ref: cannot resolve $ref #/$defs/missing (only #/$defs/NAME naming "
     "a definition at the root is supported)"},
    {"RefToNonDefsPointer", R"({"properties": {"a": true}, "$ref": "#/properties/a"})",
     "schema #/$ref: cannot resolve $ref #/properties/a"},
    {"RemoteRef", R"({"$ref": "https://example.org/other.schema.json"})",
     "schema #/$ref: cannot resolve $ref https://example.org/other.schema.json"},
    {"RefToRoot", R"({"$ref": "#"})", "schema #/$ref: cannot resolve $ref #"},
    {"RefIntoNestedDefs", R"({"properties": {"a": {"$defs": {"x": true}, "$ref": "#/$defs/x"}}})",
     "schema #/properties/a/$ref: cannot resolve $ref #/$defs/x"},
    {"RefCycleThroughAllOf",
     R"({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}},
         "$ref": "#/$defs/a"})",
     "schema #/$defs/a: $ref cycle that never descends into a property or an item"},
    {"RefToItself", R"({"$defs": {"a": {"$ref": "#/$defs/a"}}})",
     "schema #/$defs/a: $ref cycle that never descends into a property or an item"},
    {"UnknownTypeName", R"({"type": "str"})", "schema #/type: unknown type str"},
    {"RepeatedTypeName", R"({"type": ["string", "string"]})", "schema #/type: repeats a type"},
    {"UnsupportedFormat", R"({"format": "uri"})",
     "schema #/format: unsupported format uri (supported: date, date-time, email)"},
    {"NegativeMinLength", R"({"minLength": -1})",
     "schema #/minLength: must be a non-negative integer"},
    {"FractionalMaxItems", R"({"maxItems": 1.5})",
     "schema #/maxItems: must be a non-negative integer"},
    {"ZeroMultipleOf", R"({"multipleOf": 0})", "schema #/multipleOf: must be greater than 0"},
    {"StringMinimum", R"({"minimum": "1"})", "schema #/minimum: must be a number"},
    {"RequiredNotAnArray", R"({"required": "a"})",
     "schema #/required: must be an array of member names"},
    {"RequiredRepeatsName", R"({"required": ["a", "a"]})", "schema #/required: repeats a"},
    {"ItemsArrayForm", R"({"items": [{}]})",
     "schema #/items: must be a schema (the array form is prefixItems in draft 2020-12, which is "
     "not supported)"},
    {"EmptyEnum", R"({"enum": []})", "schema #/enum: must be a non-empty array"},
    {"EmptyAnyOf", R"({"anyOf": []})", "schema #/anyOf: must be a non-empty array of schemas"},
    {"PropertiesNotAnObject", R"({"properties": []})",
     "schema #/properties: must be an object of schemas"},
    {"UniqueItemsNotBoolean", R"({"uniqueItems": 1})", "schema #/uniqueItems: must be a boolean"},
    {"OtherDraft", R"({"$schema": "http://json-schema.org/draft-07/schema#"})",
     R"(schema #/$schema: must be "https://json-schema.org/draft/2020-12/schema")"},
    {"NestedId", R"({"properties": {"a": {"$id": "urn:x"}}})",
     "schema #/properties/a/$id: $id is only supported at the root"},
    {"SchemaIsNumber", "5", "schema #: must be an object or a boolean"},
    {"SubschemaIsString", R"({"not": "string"})", "schema #/not: must be an object or a boolean"},
};

class JsonSchemaCreateTest : public testing::TestWithParam<RefusedSchemaCase> {};

TEST_P(JsonSchemaCreateTest, RefusesSchemaNamingLocation) {
  const RefusedSchemaCase& c = GetParam();
  const Result<JsonSchema> schema = JsonSchema::Create(J(c.schema));
  ASSERT_FALSE(schema.ok());
  EXPECT_EQ(schema.error().code(), ErrorCode::kInvalidInput);
  // Messages that end in a library's explanation (std::regex) are compared by their prefix.
  EXPECT_EQ(schema.error().message().substr(0, std::string_view(c.error).size()), c.error)
      << schema.error().message();
}

std::string RefusedSchemaCaseName(const testing::TestParamInfo<RefusedSchemaCase>& case_info) {
  return case_info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Refusals, JsonSchemaCreateTest, testing::ValuesIn(kRefusedSchemaCases),
                         RefusedSchemaCaseName);

// ---------------------------------------------------------------------------------------------

TEST(JsonSchema, CreateAcceptsDraft202012SchemaWithRecursiveDefs) {
  const Result<JsonSchema> schema = JsonSchema::Create(J(R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {"tree": {"type": "object", "properties": {"kids": {"items": {"$ref": "#/$defs/tree"}}}}},
    "$ref": "#/$defs/tree"})"));
  ASSERT_TRUE(schema.ok()) << schema.error().message();
  EXPECT_TRUE(schema->Validate(J(R"({"kids": [{"kids": []}, {}]})")).empty());
  const std::vector<SchemaViolation> violations = schema->Validate(J(R"({"kids": [{}, 3]})"));
  ASSERT_EQ(violations.size(), 1u) << Describe(violations);
  EXPECT_EQ(violations[0].path, "kids[1]");
  EXPECT_EQ(violations[0].message, "must be an object");
}

TEST(JsonSchema, ValidateReturnsEveryViolationInDocumentOrder) {
  // Violations found by different keywords (properties, allOf) are merged in instance order;
  // a missing member is reported at its object, before the object's members.
  const Result<JsonSchema> schema = JsonSchema::Create(J(R"({
    "properties": {"a": {"type": "string"}, "b": {"type": "string"}, "c": {"type": "integer"}},
    "required": ["z"],
    "allOf": [{"properties": {"a": {"minLength": 5}}}]})"));
  ASSERT_TRUE(schema.ok()) << schema.error().message();
  const std::vector<SchemaViolation> violations =
      schema->Validate(J(R"({"b": 1, "a": "x", "c": 1.5})"));
  ASSERT_EQ(violations.size(), 4u) << Describe(violations);
  EXPECT_EQ(violations[0].path, "z");
  EXPECT_EQ(violations[0].message, "is required");
  EXPECT_EQ(violations[1].path, "b");
  EXPECT_EQ(violations[1].message, "must be a string");
  EXPECT_EQ(violations[2].path, "a");
  EXPECT_EQ(violations[2].message, "must be at least 5 characters long");
  EXPECT_EQ(violations[3].path, "c");
  EXPECT_EQ(violations[3].message, "must be an integer");
}

TEST(JsonSchema, CheckIsOneSentenceNamingPathOfFirstViolation) {
  const Result<JsonSchema> schema = JsonSchema::Create(J(R"({
    "properties": {"qualification": {"properties": {
      "nsqf_level": {"type": "integer", "minimum": 1, "maximum": 8}}}}})"));
  ASSERT_TRUE(schema.ok()) << schema.error().message();
  const Status status = schema->Check(J(R"({"qualification": {"nsqf_level": 9}})"));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(status.error().message(), "qualification.nsqf_level must be an integer from 1 to 8");
}

TEST(JsonSchema, CheckCallsTheRootRecord) {
  const Result<JsonSchema> schema = JsonSchema::Create(J(R"({"type": "object"})"));
  ASSERT_TRUE(schema.ok()) << schema.error().message();
  const Status status = schema->Check(J("[]"));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(), "record must be an object");
}

TEST(JsonSchema, CheckSucceedsForValidInstance) {
  const Result<JsonSchema> schema = JsonSchema::Create(J(R"({"type": "object"})"));
  ASSERT_TRUE(schema.ok()) << schema.error().message();
  EXPECT_TRUE(schema->Check(J("{}")).ok());
}

TEST(JsonSchema, PatternFailsForStringTooLongToSearch) {
  // std::regex recurses per character; strings beyond the search limit fail rather than
  // risk the stack. Strings within it are searched as usual.
  const Result<JsonSchema> schema = JsonSchema::Create(J(R"({"pattern": "^a*$"})"));
  ASSERT_TRUE(schema.ok()) << schema.error().message();
  EXPECT_TRUE(schema->Validate(Json(std::string(1000, 'a'))).empty());
  const std::vector<SchemaViolation> violations = schema->Validate(Json(std::string(100000, 'a')));
  ASSERT_EQ(violations.size(), 1u) << Describe(violations);
  EXPECT_EQ(violations[0].message, "must match the pattern ^a*$");
}

TEST(JsonSchema, PatternIsNotSearchedInStringOverMaxLength) {
  const Result<JsonSchema> schema =
      JsonSchema::Create(J(R"({"maxLength": 128, "pattern": "^[a-z]*$"})"));
  ASSERT_TRUE(schema.ok()) << schema.error().message();
  const std::vector<SchemaViolation> violations = schema->Validate(Json(std::string(100000, 'a')));
  ASSERT_EQ(violations.size(), 1u) << Describe(violations);
  EXPECT_EQ(violations[0].message, "must be at most 128 characters long");
}

TEST(JsonSchema, CopyValidatesAfterOriginalIsGone) {
  std::optional<JsonSchema> copy;
  {
    const Result<JsonSchema> schema = JsonSchema::Create(
        J(R"({"$defs": {"s": {"type": "string"}}, "items": {"$ref": "#/$defs/s"}})"));
    ASSERT_TRUE(schema.ok()) << schema.error().message();
    copy = *schema;
  }
  const std::vector<SchemaViolation> violations = copy->Validate(J(R"(["a", 1])"));
  ASSERT_EQ(violations.size(), 1u) << Describe(violations);
  EXPECT_EQ(violations[0].path, "[1]");
}

}  // namespace
}  // namespace pramaan
