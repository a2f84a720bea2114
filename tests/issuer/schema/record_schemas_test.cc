#include "issuer/schema/record_schemas.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace pramaan {
namespace {

const std::string kSourceDir = PRAMAAN_SOURCE_DIR;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Files are parsed with nlohmann directly: ParseJson is tested on its own.
Json Parse(std::string_view text, const std::string& source) {
  try {
    return Json::parse(text);
  } catch (const Json::exception& e) {
    ADD_FAILURE() << source << " does not parse: " << e.what();
    return Json();
  }
}

Json LoadExample(const std::string& name) {
  const std::string path = kSourceDir + "/examples/" + name;
  return Parse(ReadFile(path), path);
}

std::vector<Json> LoadBatch() {
  const std::string path = kSourceDir + "/examples/batch.jsonl";
  std::istringstream lines(ReadFile(path));
  std::vector<Json> records;
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty())
      records.push_back(Parse(line, path + " line " + std::to_string(records.size() + 1)));
  }
  return records;
}

std::string Dotted(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& name : path) out += (out.empty() ? "" : ".") + name;
  return out;
}

// Replaces (or, with no value, removes) the member at `path`.
Json With(Json record, const std::vector<std::string>& path, const std::optional<Json>& value) {
  Json* parent = &record;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) parent = &(*parent)[path[i]];
  if (value) {
    (*parent)[path.back()] = *value;
  } else {
    parent->erase(path.back());
  }
  return record;
}

// The first code point of a UTF-8 string (enough to tell scripts apart).
char32_t FirstCodePoint(const std::string& s) {
  if (s.empty()) return 0;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  if (byte(0) < 0x80) return byte(0);
  if (byte(0) < 0xE0 && s.size() >= 2) return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
  if (byte(0) < 0xF0 && s.size() >= 3) {
    return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
  }
  return 0xFFFD;
}

// ---------------------------------------------------------------------------------------------
// The examples shipped in examples/ are valid.

TEST(RecordSchemas, CompletionExampleIsValidCourseCompletion) {
  const Result<RecordKind> kind = ValidateRecord(LoadExample("completion.json"));
  ASSERT_TRUE(kind.ok()) << kind.error().message();
  EXPECT_EQ(*kind, RecordKind::kCourseCompletion);
}

TEST(RecordSchemas, QualificationExampleIsValidNcvetQualification) {
  const Result<RecordKind> kind = ValidateRecord(LoadExample("qualification.json"));
  ASSERT_TRUE(kind.ok()) << kind.error().message();
  EXPECT_EQ(*kind, RecordKind::kNcvetQualification);
}

TEST(RecordSchemas, EveryBatchExampleIsValidAndBatchCoversBothKindsAndThreeScripts) {
  const std::vector<Json> records = LoadBatch();
  ASSERT_GE(records.size(), 4u);
  int completions = 0;
  int qualifications = 0;
  bool devanagari = false;
  bool tamil = false;
  bool bengali = false;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Result<RecordKind> kind = ValidateRecord(records[i]);
    ASSERT_TRUE(kind.ok()) << "line " << i + 1 << ": " << kind.error().message();
    (*kind == RecordKind::kCourseCompletion ? completions : qualifications)++;
    const char32_t c = FirstCodePoint(records[i]["learner"].value("name_local", ""));
    devanagari |= c >= 0x0900 && c <= 0x097F;
    bengali |= c >= 0x0980 && c <= 0x09FF;
    tamil |= c >= 0x0B80 && c <= 0x0BFF;
  }
  EXPECT_GT(completions, 0);
  EXPECT_GT(qualifications, 0);
  EXPECT_TRUE(devanagari) << "no learner with a Hindi (Devanagari) local name";
  EXPECT_TRUE(tamil) << "no learner with a Tamil local name";
  EXPECT_TRUE(bengali) << "no learner with a Bengali local name";
}

// ---------------------------------------------------------------------------------------------
// Removing any required member is refused, naming that member. The required members are
// found by walking the schema file (following $ref into $defs) alongside the example, and are
// also compared with the list the record formats document.

void CollectRequired(const Json& root, const Json& schema, const Json& instance,
                     const std::vector<std::string>& path,
                     std::vector<std::vector<std::string>>& out) {
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"].get<std::string>();
    const std::string prefix = "#/$defs/";
    ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
    CollectRequired(root, root["$defs"][ref.substr(prefix.size())], instance, path, out);
  }
  const Json required = schema.value("required", Json::array());
  for (const Json& name_json : required) {
    const std::string name = name_json.get<std::string>();
    ASSERT_TRUE(instance.contains(name)) << "example lacks " << Dotted(path) << " " << name;
    std::vector<std::string> member = path;
    member.push_back(name);
    out.push_back(member);
  }
  const Json properties = schema.value("properties", Json::object());
  for (const auto& [name, member_schema] : properties.items()) {
    if (instance.contains(name) && instance[name].is_object()) {
      std::vector<std::string> member = path;
      member.push_back(name);
      CollectRequired(root, member_schema, instance[name], member, out);
    }
  }
}

void ExpectEachRequiredMemberIsRefusedWhenRemoved(const std::string& example,
                                                  const std::string& schema_file,
                                                  std::vector<std::string> documented) {
  const Json record = LoadExample(example);
  const std::string schema_path = kSourceDir + "/schemas/" + schema_file;
  const Json schema = Parse(ReadFile(schema_path), schema_path);
  std::vector<std::vector<std::string>> required;
  CollectRequired(schema, schema, record, {}, required);

  std::vector<std::string> found;
  for (const auto& path : required) found.push_back(Dotted(path));
  std::sort(found.begin(), found.end());
  std::sort(documented.begin(), documented.end());
  EXPECT_EQ(found, documented);

  for (const auto& path : required) {
    const Result<RecordKind> kind = ValidateRecord(With(record, path, std::nullopt));
    ASSERT_FALSE(kind.ok()) << "accepted without " << Dotted(path);
    EXPECT_EQ(kind.error().code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(kind.error().message(), Dotted(path) + " is required");
  }
}

TEST(RecordSchemas, CourseCompletionRefusesEachRequiredMemberRemoved) {
  ExpectEachRequiredMemberIsRefusedWhenRemoved(
      "completion.json", "course-completion.schema.json",
      {"record_type", "source_record_id", "learner", "learner.id", "learner.name", "course",
       "course.id", "course.title", "course.provider", "course.hours", "completion_date"});
}

TEST(RecordSchemas, NcvetQualificationRefusesEachRequiredMemberRemoved) {
  ExpectEachRequiredMemberIsRefusedWhenRemoved("qualification.json",
                                               "ncvet-qualification.schema.json",
                                               {"record_type",
                                                "source_record_id",
                                                "learner",
                                                "learner.id",
                                                "learner.name",
                                                "learner.apaar_id",
                                                "qualification",
                                                "qualification.title",
                                                "qualification.nqr_code",
                                                "qualification.nsqf_level",
                                                "qualification.credits",
                                                "qualification.sector",
                                                "qualification.version",
                                                "assessment",
                                                "assessment.agency",
                                                "assessment.date",
                                                "assessment.result",
                                                "awarding_body",
                                                "awarding_body.name",
                                                "approvals",
                                                "approvals.submitted_by",
                                                "approvals.submitted_at",
                                                "approvals.approved_by",
                                                "approvals.approved_at",
                                                "award_date"});
}

// ---------------------------------------------------------------------------------------------
// One change to an example, and the exact error (or none).

struct RecordCase {
  std::string name;
  std::string example;          // a file in examples/
  std::vector<std::string> at;  // the member changed
  std::optional<Json> value;    // its new value; nullopt removes it
  std::string error;            // "" when the changed record must still be valid
};

std::ostream& operator<<(std::ostream& out, const RecordCase& c) { return out << c.name; }

constexpr const char* kCompletion = "completion.json";
constexpr const char* kQualification = "qualification.json";

std::string Repeat(std::string_view unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += unit;
  return out;
}

std::vector<RecordCase> RefusedRecordCases() {
  const std::string kLanguages =
      "hi, bn, ta, te, kn, ml, gu, pa, or, ur, mr, as, ks, sd, sa, kok, ne, mai, doi, mni, brx, "
      "sat";
  const std::string kDateTimeMessage =
      "must be a date and time written YYYY-MM-DDThh:mm:ss with Z or an offset";
  return {
      {"NsqfLevelNine",
       kQualification,
       {"qualification", "nsqf_level"},
       Json(9),
       "qualification.nsqf_level must be an integer from 1 to 8"},
      {"NsqfLevelZero",
       kQualification,
       {"qualification", "nsqf_level"},
       Json(0),
       "qualification.nsqf_level must be an integer from 1 to 8"},
      {"NsqfLevelFraction",
       kQualification,
       {"qualification", "nsqf_level"},
       Json(5.5),
       "qualification.nsqf_level must be an integer from 1 to 8"},
      {"NsqfLevelAsString",
       kQualification,
       {"qualification", "nsqf_level"},
       Json("5"),
       "qualification.nsqf_level must be an integer from 1 to 8"},
      {"ApaarIdTooShortInCompletion",
       kCompletion,
       {"learner", "apaar_id"},
       Json("12345"),
       "learner.apaar_id must match the pattern ^[0-9]{12}$"},
      {"ApaarIdTooShortInQualification",
       kQualification,
       {"learner", "apaar_id"},
       Json("12345"),
       "learner.apaar_id must match the pattern ^[0-9]{12}$"},
      {"ApaarIdWithLetter",
       kQualification,
       {"learner", "apaar_id"},
       Json("12345678901A"),
       "learner.apaar_id must match the pattern ^[0-9]{12}$"},
      {"ApaarIdAsNumber",
       kQualification,
       {"learner", "apaar_id"},
       Json(987654321098),
       "learner.apaar_id must be a string"},
      {"UnknownTopLevelField",
       kCompletion,
       {"grade"},
       Json("A"),
       "grade is not allowed (unknown field)"},
      {"MisspeltLearnerField",
       kCompletion,
       {"learner", "name_locale"},
       Json("आशा"),
       "learner.name_locale is not allowed (unknown field)"},
      {"UnknownApprovalsField",
       kQualification,
       {"approvals", "rejected_by"},
       Json("x"),
       "approvals.rejected_by is not allowed (unknown field)"},
      {"LearnerAsString",
       kCompletion,
       {"learner"},
       Json("Asha Verma"),
       "learner must be an object"},
      {"HoursAsString",
       kCompletion,
       {"course", "hours"},
       Json("12.5"),
       "course.hours must be a number greater than 0 and at most 10000"},
      {"HoursZero",
       kCompletion,
       {"course", "hours"},
       Json(0),
       "course.hours must be a number greater than 0 and at most 10000"},
      {"ScoreOverHundred",
       kCompletion,
       {"score"},
       Json(100.5),
       "score must be a number from 0 to 100"},
      {"CompetenciesRepeated",
       kCompletion,
       {"course", "competencies"},
       Json::array({"Data protection", "Data protection"}),
       "course.competencies must not contain duplicates (items [0] and [1] are equal)"},
      {"CompetencyEmpty",
       kCompletion,
       {"course", "competencies"},
       Json::array({"Ethics", ""}),
       "course.competencies[1] must be 1 to 200 characters long"},
      {"CompetenciesAsString",
       kCompletion,
       {"course", "competencies"},
       Json("Ethics"),
       "course.competencies must be an array"},
      {"CourseTitleEmpty",
       kCompletion,
       {"course", "title"},
       Json(""),
       "course.title must be 1 to 300 characters long"},
      {"LocalNameOf201DevanagariCharacters",
       kCompletion,
       {"learner", "name_local"},
       Json(Repeat("आ", 201)),
       "learner.name_local must be 1 to 200 characters long"},
      {"CompletionDateThatDoesNotExist",
       kCompletion,
       {"completion_date"},
       Json("2026-02-30"),
       "completion_date must be a date written YYYY-MM-DD"},
      {"CompletionDateInOtherFormat",
       kCompletion,
       {"completion_date"},
       Json("01/11/2026"),
       "completion_date must be a date written YYYY-MM-DD"},
      {"EmailWithoutAt",
       kCompletion,
       {"learner", "email"},
       Json("asha.example.gov.in"),
       "learner.email must be an email address"},
      {"LanguageNotIndian",
       kCompletion,
       {"language"},
       Json("en"),
       "language must be one of: " + kLanguages},
      {"TemplateWithCapitals",
       kCompletion,
       {"template"},
       Json("Course-Completion"),
       "template must match the pattern ^[a-z0-9-]{1,64}$"},
      {"SourceRecordIdStartingWithHyphen",
       kCompletion,
       {"source_record_id"},
       Json("-cc-1"),
       "source_record_id must match the pattern ^[A-Za-z0-9][A-Za-z0-9._:-]*$"},
      {"SourceRecordIdOf129Characters",
       kCompletion,
       {"source_record_id"},
       Json(std::string(129, 'a')),
       "source_record_id must be 1 to 128 characters long"},
      {"LearnerIdWithSpace",
       kQualification,
       {"learner", "id"},
       Json("sid learner"),
       "learner.id must match the pattern ^[A-Za-z0-9][A-Za-z0-9._:-]*$"},
      {"AssessmentFailed",
       kQualification,
       {"assessment", "result"},
       Json("fail"),
       "assessment.result must be one of: pass"},
      {"NegativeMarks",
       kQualification,
       {"assessment", "marks"},
       Json(-1),
       "assessment.marks must be a number of at least 0"},
      {"ZeroMaxMarks",
       kQualification,
       {"assessment", "max_marks"},
       Json(0),
       "assessment.max_marks must be a number greater than 0"},
      {"GradeTooLong",
       kQualification,
       {"assessment", "grade"},
       Json(std::string(17, 'A')),
       "assessment.grade must be 1 to 16 characters long"},
      {"NqrCodeWithOneDigitLevel",
       kQualification,
       {"qualification", "nqr_code"},
       Json("QG-5-GE-01234-2024-V1.0-NCVET"),
       "qualification.nqr_code must match the pattern "
       "^QG-[0-9]{2}-[A-Z]{2}-[0-9]{5}-[0-9]{4}-V[0-9]+(\\.[0-9]+)?(-[A-Z0-9]+)*$"},
      {"NqrCodeInLowerCase",
       kQualification,
       {"qualification", "nqr_code"},
       Json("qg-05-ge-01234-2024-v1.0-ncvet"),
       "qualification.nqr_code must match the pattern "
       "^QG-[0-9]{2}-[A-Z]{2}-[0-9]{5}-[0-9]{4}-V[0-9]+(\\.[0-9]+)?(-[A-Z0-9]+)*$"},
      {"CreditsZero",
       kQualification,
       {"qualification", "credits"},
       Json(0),
       "qualification.credits must be a number greater than 0 and at most 240"},
      {"CreditsOver240",
       kQualification,
       {"qualification", "credits"},
       Json(241),
       "qualification.credits must be a number greater than 0 and at most 240"},
      {"NotionalHoursZero",
       kQualification,
       {"qualification", "notional_hours"},
       Json(0),
       "qualification.notional_hours must be a number greater than 0"},
      {"VersionWithLetter",
       kQualification,
       {"qualification", "version"},
       Json("v1"),
       "qualification.version must match the pattern ^[0-9]+(\\.[0-9]+)*$"},
      {"ApprovedAtWithoutZone",
       kQualification,
       {"approvals", "approved_at"},
       Json("2026-11-04T16:40:12"),
       "approvals.approved_at " + kDateTimeMessage},
      {"SubmittedAtAsDate",
       kQualification,
       {"approvals", "submitted_at"},
       Json("2026-11-03"),
       "approvals.submitted_at " + kDateTimeMessage},
      {"AwardDateNotALeapYear",
       kQualification,
       {"award_date"},
       Json("2027-02-29"),
       "award_date must be a date written YYYY-MM-DD"},
      {"AwardingBodyNameNull",
       kQualification,
       {"awarding_body", "name"},
       Json(nullptr),
       "awarding_body.name must be a string"},
      {"UnknownRecordType",
       kCompletion,
       {"record_type"},
       Json("course_completed"),
       "record_type must be one of: course_completion, ncvet_qualification"},
      {"RecordTypeAsNumber", kCompletion, {"record_type"}, Json(1), "record_type must be a string"},
      {"CompletionLabelledAsQualification",
       kCompletion,
       {"record_type"},
       Json("ncvet_qualification"),
       "qualification is required"},
  };
}

std::vector<RecordCase> AcceptedRecordCases() {
  return {
      {"NsqfLevelOne", kQualification, {"qualification", "nsqf_level"}, Json(1), ""},
      {"NsqfLevelEight", kQualification, {"qualification", "nsqf_level"}, Json(8), ""},
      {"NsqfLevelWrittenFivePointZero",
       kQualification,
       {"qualification", "nsqf_level"},
       Json(5.0),
       ""},
      {"HalfACredit", kQualification, {"qualification", "credits"}, Json(0.5), ""},
      {"CompletionWithoutApaarId", kCompletion, {"learner", "apaar_id"}, std::nullopt, ""},
      {"CompletionWithoutOptionalScore", kCompletion, {"score"}, std::nullopt, ""},
      {"CompletionWithoutLanguage", kCompletion, {"language"}, std::nullopt, ""},
      {"ScoreZero", kCompletion, {"score"}, Json(0), ""},
      {"ScoreHundred", kCompletion, {"score"}, Json(100), ""},
      {"SantaliLanguage", kCompletion, {"language"}, Json("sat"), ""},
      {"LocalNameOf200DevanagariCharacters",
       kCompletion,
       {"learner", "name_local"},
       Json(Repeat("आ", 200)),
       ""},
      {"QualificationWithoutOptionalGrade",
       kQualification,
       {"assessment", "grade"},
       std::nullopt,
       ""},
      {"NqrCodeWithoutSuffix",
       kQualification,
       {"qualification", "nqr_code"},
       Json("QG-05-GE-01234-2024-V1"),
       ""},
      {"AwardDateOnLeapDay", kQualification, {"award_date"}, Json("2028-02-29"), ""},
  };
}

class RecordSchemasTest : public testing::TestWithParam<RecordCase> {};

TEST_P(RecordSchemasTest, ChangedExampleGetsExpectedVerdict) {
  const RecordCase& c = GetParam();
  const Result<RecordKind> kind = ValidateRecord(With(LoadExample(c.example), c.at, c.value));
  if (c.error.empty()) {
    EXPECT_TRUE(kind.ok()) << kind.error().message();
    return;
  }
  ASSERT_FALSE(kind.ok()) << "accepted with " << Dotted(c.at) << " changed";
  EXPECT_EQ(kind.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(kind.error().message(), c.error);
}

std::string CaseName(const testing::TestParamInfo<RecordCase>& case_info) {
  return case_info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Refused, RecordSchemasTest, testing::ValuesIn(RefusedRecordCases()),
                         CaseName);
INSTANTIATE_TEST_SUITE_P(Accepted, RecordSchemasTest, testing::ValuesIn(AcceptedRecordCases()),
                         CaseName);

// ---------------------------------------------------------------------------------------------

TEST(RecordKindOf, NamesKindOfEachRecordType) {
  const Result<RecordKind> completion = RecordKindOf(Json{{"record_type", "course_completion"}});
  ASSERT_TRUE(completion.ok()) << completion.error().message();
  EXPECT_EQ(*completion, RecordKind::kCourseCompletion);
  const Result<RecordKind> qualification =
      RecordKindOf(Json{{"record_type", "ncvet_qualification"}});
  ASSERT_TRUE(qualification.ok()) << qualification.error().message();
  EXPECT_EQ(*qualification, RecordKind::kNcvetQualification);
}

TEST(RecordKindOf, FailsForNonObject) {
  const Result<RecordKind> kind = RecordKindOf(Json::array({1}));
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(kind.error().message(), "record must be an object");
}

TEST(RecordKindOf, FailsWithoutRecordType) {
  const Result<RecordKind> kind = RecordKindOf(Json::object());
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(kind.error().message(), "record_type is required");
}

TEST(RecordKindOf, FailsForUnknownRecordType) {
  const Result<RecordKind> kind = RecordKindOf(Json{{"record_type", "degree"}});
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(kind.error().message(),
            "record_type must be one of: course_completion, ncvet_qualification");
}

TEST(ValidateRecord, FailsForNonObject) {
  const Result<RecordKind> kind = ValidateRecord(Json("a record"));
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(kind.error().message(), "record must be an object");
}

}  // namespace
}  // namespace pramaan
