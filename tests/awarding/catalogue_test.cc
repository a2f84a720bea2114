// The qualification catalogue: the rules of an entry, JSON in and out, CSV and JSON import,
// and APAAR ids.
#include "awarding/catalogue.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace pramaan::awarding {
namespace {

Qualification Valid() {
  Qualification q;
  q.nqr_code = "QG-05-GE-01234-2024-V1.0-NCVET";
  q.title = "Assistant Administrator";
  q.title_hi = "सहायक प्रशासक";
  q.nsqf_level = 5;
  q.notional_hours = 360;
  q.credits = 12;
  q.sector = "Public Administration";
  q.version = "1.0";
  q.valid_from = "2024-04-01";
  q.valid_until = "2029-03-31";
  q.active = true;
  return q;
}

std::string MessageOf(const Status& status) {
  return status.ok() ? "(ok)" : status.error().message();
}
template <typename T>
std::string MessageOf(const Result<T>& result) {
  return result.ok() ? "(ok)" : result.error().message();
}

std::string Repeat(std::string_view unit, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) out += unit;
  return out;
}

// ---------------------------------------------------------------------------------------------
// ValidateQualification: one case per rule, each a change to a valid entry.

struct RuleCase {
  const char* name;
  std::function<void(Qualification&)> change;
  std::string message;  // the whole expected message
};

TEST(ValidateQualification, AcceptsAValidEntry) {
  EXPECT_TRUE(ValidateQualification(Valid()).ok()) << MessageOf(ValidateQualification(Valid()));
  Qualification open = Valid();
  open.valid_until = "";
  EXPECT_TRUE(ValidateQualification(open).ok());
  Qualification one_day = Valid();
  one_day.valid_until = one_day.valid_from;
  EXPECT_TRUE(ValidateQualification(one_day).ok());
  Qualification retired = Valid();
  retired.active = false;
  EXPECT_TRUE(ValidateQualification(retired).ok());
}

TEST(ValidateQualification, FailsWhenARuleIsBroken) {
  const std::string example = "(QG-05-GE-01234-2024-V1.0-NCVET)";
  const std::vector<RuleCase> cases = {
      {"empty code", [](Qualification& q) { q.nqr_code = ""; }, "nqr_code is empty"},
      {"one-digit level", [](Qualification& q) { q.nqr_code = "QG-5-GE-01234-2024-V1.0"; },
       "nqr_code \"QG-5-GE-01234-2024-V1.0\" is not an NQR code " + example},
      {"lower-case sector", [](Qualification& q) { q.nqr_code = "QG-05-ge-01234-2024-V1.0"; },
       "nqr_code \"QG-05-ge-01234-2024-V1.0\" is not an NQR code " + example},
      {"four-digit serial", [](Qualification& q) { q.nqr_code = "QG-05-GE-0123-2024-V1.0"; },
       "nqr_code \"QG-05-GE-0123-2024-V1.0\" is not an NQR code " + example},
      {"no version", [](Qualification& q) { q.nqr_code = "QG-05-GE-01234-2024"; },
       "nqr_code \"QG-05-GE-01234-2024\" is not an NQR code " + example},
      {"V without digits", [](Qualification& q) { q.nqr_code = "QG-05-GE-01234-2024-V"; },
       "nqr_code \"QG-05-GE-01234-2024-V\" is not an NQR code " + example},
      {"dot without digits", [](Qualification& q) { q.nqr_code = "QG-05-GE-01234-2024-V1."; },
       "nqr_code \"QG-05-GE-01234-2024-V1.\" is not an NQR code " + example},
      {"two dots", [](Qualification& q) { q.nqr_code = "QG-05-GE-01234-2024-V1.0.1"; },
       "nqr_code \"QG-05-GE-01234-2024-V1.0.1\" is not an NQR code " + example},
      {"lower-case suffix", [](Qualification& q) { q.nqr_code = "QG-05-GE-01234-2024-V1-ncvet"; },
       "nqr_code \"QG-05-GE-01234-2024-V1-ncvet\" is not an NQR code " + example},
      {"empty suffix", [](Qualification& q) { q.nqr_code = "QG-05-GE-01234-2024-V1-"; },
       "nqr_code \"QG-05-GE-01234-2024-V1-\" is not an NQR code " + example},
      {"prefix", [](Qualification& q) { q.nqr_code = "XQG-05-GE-01234-2024-V1"; },
       "nqr_code \"XQG-05-GE-01234-2024-V1\" is not an NQR code " + example},
      {"trailing space", [](Qualification& q) { q.nqr_code = "QG-05-GE-01234-2024-V1 "; },
       "nqr_code \"QG-05-GE-01234-2024-V1 \" is not an NQR code " + example},
      {"65 characters",
       [](Qualification& q) { q.nqr_code = "QG-05-GE-01234-2024-V1.0" + Repeat("-A", 20) + "B"; },
       "nqr_code \"QG-05-GE-01234-2024-V1.0-A-A-A-A-A-A-A-A...\" (65 bytes) is longer than 64 "
       "characters"},
      {"level 0",
       [](Qualification& q) {
         q.nqr_code = "QG-00-GE-01234-2024-V1";
         q.nsqf_level = 0;
       },
       "nsqf_level 0 is outside 1-8"},
      {"level 9",
       [](Qualification& q) {
         q.nqr_code = "QG-09-GE-01234-2024-V1";
         q.nsqf_level = 9;
       },
       "nsqf_level 9 is outside 1-8"},
      {"level differs from code", [](Qualification& q) { q.nsqf_level = 4; },
       "nsqf_level 4 differs from the level 05 in the NQR code"},
      {"empty title", [](Qualification& q) { q.title = ""; }, "title is empty"},
      {"long title", [](Qualification& q) { q.title = Repeat("a", 301); },
       "title is longer than 300 characters"},
      {"title not UTF-8", [](Qualification& q) { q.title = "Caf\xE9"; },
       "title is not valid UTF-8 text without NUL characters"},
      {"title with NUL", [](Qualification& q) { q.title = std::string("a\0b", 3); },
       "title is not valid UTF-8 text without NUL characters"},
      {"empty title_hi", [](Qualification& q) { q.title_hi = ""; }, "title_hi is empty"},
      {"long title_hi", [](Qualification& q) { q.title_hi = Repeat("क", 301); },
       "title_hi is longer than 300 characters"},
      {"title_hi not UTF-8", [](Qualification& q) { q.title_hi = "\xE0\xA4"; },
       "title_hi is not valid UTF-8 text without NUL characters"},
      {"English title_hi", [](Qualification& q) { q.title_hi = q.title; },
       "title_hi has no Devanagari letter (U+0900-U+097F)"},
      {"Bengali title_hi", [](Qualification& q) { q.title_hi = "সহকারী প্রশাসক"; },
       "title_hi has no Devanagari letter (U+0900-U+097F)"},
      {"empty sector", [](Qualification& q) { q.sector = ""; }, "sector is empty"},
      {"long sector", [](Qualification& q) { q.sector = Repeat("s", 201); },
       "sector is longer than 200 characters"},
      {"empty version", [](Qualification& q) { q.version = ""; },
       "version \"\" is not digits and dots (like 1.0)"},
      {"version with v", [](Qualification& q) { q.version = "v1.0"; },
       "version \"v1.0\" is not digits and dots (like 1.0)"},
      {"version ends with a dot", [](Qualification& q) { q.version = "1."; },
       "version \"1.\" is not digits and dots (like 1.0)"},
      {"version starts with a dot", [](Qualification& q) { q.version = ".1"; },
       "version \".1\" is not digits and dots (like 1.0)"},
      {"version with two dots", [](Qualification& q) { q.version = "1..0"; },
       "version \"1..0\" is not digits and dots (like 1.0)"},
      {"long version", [](Qualification& q) { q.version = "1" + Repeat(".0", 16); },
       "version is longer than 32 characters"},
      {"zero hours",
       [](Qualification& q) {
         q.notional_hours = 0;
         q.credits = 0;
       },
       "notional_hours 0 is not positive"},
      {"negative hours",
       [](Qualification& q) {
         q.notional_hours = -30;
         q.credits = -1;
       },
       "notional_hours -30 is not positive"},
      {"too many hours",
       [](Qualification& q) {
         q.notional_hours = 7230;
         q.credits = 241;
       },
       "notional_hours 7230 is more than 7200 (240 credits)"},
      {"credits not hours / 30", [](Qualification& q) { q.credits = 12.5; },
       "credits 12.5 is not notional_hours / 30 (12)"},
      {"credits nearly hours / 30", [](Qualification& q) { q.credits = 12.000001; },
       "credits 12.000001 is not notional_hours / 30 (12)"},
      {"no valid_from", [](Qualification& q) { q.valid_from = ""; }, "valid_from is empty"},
      {"30 February", [](Qualification& q) { q.valid_from = "2024-02-30"; },
       "valid_from \"2024-02-30\" is not a calendar date of the form YYYY-MM-DD"},
      {"slashes", [](Qualification& q) { q.valid_from = "2024/04/01"; },
       "valid_from \"2024/04/01\" is not a calendar date of the form YYYY-MM-DD"},
      {"one-digit month", [](Qualification& q) { q.valid_from = "2024-4-01"; },
       "valid_from \"2024-4-01\" is not a calendar date of the form YYYY-MM-DD"},
      {"a time", [](Qualification& q) { q.valid_from = "2024-04-01T00:00:00Z"; },
       "valid_from \"2024-04-01T00:00:00Z\" is not a calendar date of the form YYYY-MM-DD"},
      {"29 February of 2023", [](Qualification& q) { q.valid_until = "2023-02-29"; },
       "valid_until \"2023-02-29\" is not a calendar date of the form YYYY-MM-DD"},
      {"until before from", [](Qualification& q) { q.valid_until = "2024-03-31"; },
       "valid_until 2024-03-31 is before valid_from 2024-04-01"},
  };
  for (const RuleCase& c : cases) {
    Qualification q = Valid();
    c.change(q);
    const Status status = ValidateQualification(q);
    ASSERT_FALSE(status.ok()) << c.name;
    EXPECT_EQ(status.error().code(), ErrorCode::kInvalidInput) << c.name;
    EXPECT_EQ(status.error().message(), c.message) << c.name;
  }
}

TEST(ValidateQualification, AcceptsEveryShapeOfTheNqrPattern) {
  for (const auto& [code, level] : std::vector<std::pair<std::string, int>>{
           {"QG-01-AB-00000-2020-V1", 1},
           {"QG-08-ZZ-99999-2030-V12", 8},
           {"QG-05-GE-01234-2024-V1.0", 5},
           {"QG-05-GE-01234-2024-V2.15-NCVET", 5},
           {"QG-03-IT-00042-2023-V1.0-NCVET-2024-X9", 3},
           {"QG-05-GE-01234-2024-V1.0" + Repeat("-A", 19) + "BC", 5}}) {  // 64 characters
    Qualification q = Valid();
    q.nqr_code = code;
    q.nsqf_level = level;
    EXPECT_TRUE(ValidateQualification(q).ok())
        << code << ": " << MessageOf(ValidateQualification(q));
  }
}

TEST(ValidateQualification, CountsCharactersNotBytes) {
  Qualification q = Valid();
  q.title_hi = Repeat("क", 300);  // 900 bytes
  q.title = Repeat("é", 300);
  q.sector = Repeat("क", 200);
  EXPECT_TRUE(ValidateQualification(q).ok()) << MessageOf(ValidateQualification(q));
}

TEST(ValidateQualification, AcceptsVersionsOfDigitsAndDots) {
  for (const char* version : {"1", "1.0", "10.2.3", "0"}) {
    Qualification q = Valid();
    q.version = version;
    EXPECT_TRUE(ValidateQualification(q).ok()) << version;
  }
}

TEST(ValidateQualification, AcceptsFractionalCreditsFromHours) {
  Qualification q = Valid();
  q.notional_hours = 15;
  q.credits = CreditsForHours(15);
  EXPECT_TRUE(ValidateQualification(q).ok());
  q.notional_hours = 7200;
  q.credits = CreditsForHours(7200);
  EXPECT_TRUE(ValidateQualification(q).ok());
}

TEST(ValidateQualification, KeepsHugeValuesOutOfTheMessage) {
  Qualification q = Valid();
  q.valid_from = std::string(1 << 20, '9');
  const Status status = ValidateQualification(q);
  ASSERT_FALSE(status.ok());
  EXPECT_LT(status.error().message().size(), 200u) << status.error().message();
  EXPECT_NE(status.error().message().find("1048576 bytes"), std::string::npos);
}

TEST(CreditsForHours, IsHoursOverThirty) {
  EXPECT_EQ(CreditsForHours(360), 12.0);
  EXPECT_EQ(CreditsForHours(15), 0.5);
  EXPECT_EQ(CreditsForHours(7200), 240.0);
  EXPECT_EQ(CreditsForHours(1), 1.0 / 30.0);
}

// ---------------------------------------------------------------------------------------------
// IsAwardable.

TEST(IsAwardable, AllowsEveryDayOfTheValidityIncludingBothEnds) {
  std::string why = "stale";
  EXPECT_TRUE(IsAwardable(Valid(), "2024-04-01", &why));
  EXPECT_EQ(why, "");
  EXPECT_TRUE(IsAwardable(Valid(), "2026-11-20"));
  EXPECT_TRUE(IsAwardable(Valid(), "2029-03-31"));
}

TEST(IsAwardable, AllowsAnyDayAfterTheStartWhenOpen) {
  Qualification q = Valid();
  q.valid_until = "";
  EXPECT_TRUE(IsAwardable(q, "2099-12-31"));
}

TEST(IsAwardable, RefusesBeforeTheStart) {
  std::string why;
  EXPECT_FALSE(IsAwardable(Valid(), "2024-03-31", &why));
  EXPECT_EQ(why, "the qualification \"QG-05-GE-01234-2024-V1.0-NCVET\" is valid from 2024-04-01");
}

TEST(IsAwardable, RefusesAfterTheEnd) {
  std::string why;
  EXPECT_FALSE(IsAwardable(Valid(), "2029-04-01", &why));
  EXPECT_EQ(why, "the qualification \"QG-05-GE-01234-2024-V1.0-NCVET\" expired on 2029-03-31");
}

TEST(IsAwardable, RefusesARetiredQualification) {
  Qualification q = Valid();
  q.active = false;
  std::string why;
  EXPECT_FALSE(IsAwardable(q, "2026-01-01", &why));
  EXPECT_EQ(why, "the qualification \"QG-05-GE-01234-2024-V1.0-NCVET\" was retired");
  EXPECT_FALSE(IsAwardable(q, "2026-01-01"));  // without a why
}

TEST(IsAwardable, RefusesADateThatIsNotADate) {
  std::string why;
  EXPECT_FALSE(IsAwardable(Valid(), "2026-02-30", &why));
  EXPECT_NE(why.find("not a calendar date"), std::string::npos) << why;
  EXPECT_FALSE(IsAwardable(Valid(), "2026-11-20T00:00:00Z", &why));
}

TEST(IsAwardable, RefusesAnInvalidEntry) {
  Qualification q = Valid();
  q.valid_from = "";
  std::string why;
  EXPECT_FALSE(IsAwardable(q, "2026-01-01", &why));
  EXPECT_NE(why.find("valid_from is empty"), std::string::npos) << why;
}

// ---------------------------------------------------------------------------------------------
// QualificationToJson / QualificationFromJson.

Json ValidJson() { return QualificationToJson(Valid()); }

TEST(QualificationJson, WritesEveryMemberInOrder) {
  EXPECT_EQ(DumpJson(ValidJson(), false),
            "{\"nqr_code\":\"QG-05-GE-01234-2024-V1.0-NCVET\",\"title\":\"Assistant "
            "Administrator\",\"title_hi\":\"सहायक प्रशासक\",\"nsqf_level\":5,"
            "\"notional_hours\":360,\"credits\":12,\"sector\":\"Public Administration\","
            "\"version\":\"1.0\",\"valid_from\":\"2024-04-01\",\"valid_until\":\"2029-03-31\","
            "\"active\":true}");
}

TEST(QualificationJson, LeavesOutAnOpenEnd) {
  Qualification q = Valid();
  q.valid_until = "";
  EXPECT_FALSE(QualificationToJson(q).contains("valid_until"));
}

TEST(QualificationJson, RoundTrips) {
  std::vector<Qualification> entries = {Valid()};
  Qualification open = Valid();
  open.valid_until = "";
  open.active = false;
  entries.push_back(open);
  Qualification fractional = Valid();
  fractional.notional_hours = 15;
  fractional.credits = CreditsForHours(15);
  entries.push_back(fractional);
  Qualification thirds = Valid();
  thirds.notional_hours = 100;
  thirds.credits = CreditsForHours(100);
  entries.push_back(thirds);
  for (const Qualification& q : entries) {
    // Through the text, as a stored catalogue is read back.
    auto json = ParseJson(DumpJson(QualificationToJson(q), false));
    ASSERT_TRUE(json.ok());
    auto back = QualificationFromJson(*json);
    ASSERT_TRUE(back.ok()) << MessageOf(back);
    EXPECT_EQ(*back, q) << DumpJson(*json, false);
  }
}

TEST(QualificationJson, ComputesCreditsWhenAbsent) {
  Json json = ValidJson();
  json.erase("credits");
  auto q = QualificationFromJson(json);
  ASSERT_TRUE(q.ok()) << MessageOf(q);
  EXPECT_EQ(q->credits, 12.0);
}

TEST(QualificationJson, ComputesHoursFromCreditsAlone) {
  Json json = ValidJson();
  json.erase("notional_hours");
  json["credits"] = 0.5;
  auto q = QualificationFromJson(json);
  ASSERT_TRUE(q.ok()) << MessageOf(q);
  EXPECT_EQ(q->notional_hours, 15);
  EXPECT_EQ(q->credits, 0.5);
  // Decimal credits that are not exact in binary still give whole hours.
  json["credits"] = 0.1;
  q = QualificationFromJson(json);
  ASSERT_TRUE(q.ok()) << MessageOf(q);
  EXPECT_EQ(q->notional_hours, 3);
  json["credits"] = 0.7;
  q = QualificationFromJson(json);
  ASSERT_TRUE(q.ok()) << MessageOf(q);
  EXPECT_EQ(q->notional_hours, 21);
  json["credits"] = 4.1;  // 4.1 * 30 is 122.99999999999999 in doubles
  q = QualificationFromJson(json);
  ASSERT_TRUE(q.ok()) << MessageOf(q);
  EXPECT_EQ(q->notional_hours, 123);
  EXPECT_EQ(q->credits, CreditsForHours(123));
}

TEST(QualificationJson, AcceptsCreditsWithinToleranceAndStoresTheExactValue) {
  Json json = ValidJson();
  json["notional_hours"] = 100;
  json["credits"] = 3.3333333333;  // 100 / 30 to 10 decimals
  auto q = QualificationFromJson(json);
  ASSERT_TRUE(q.ok()) << MessageOf(q);
  EXPECT_EQ(q->credits, CreditsForHours(100));
}

TEST(QualificationJson, AcceptsWholeNumbersWrittenWithAFraction) {
  Json json = ValidJson();
  json["nsqf_level"] = 5.0;
  json["notional_hours"] = 360.0;
  auto q = QualificationFromJson(json);
  ASSERT_TRUE(q.ok()) << MessageOf(q);
  EXPECT_EQ(q->nsqf_level, 5);
}

TEST(QualificationJson, DefaultsActiveToTrue) {
  Json json = ValidJson();
  json.erase("active");
  auto q = QualificationFromJson(json);
  ASSERT_TRUE(q.ok()) << MessageOf(q);
  EXPECT_TRUE(q->active);
}

TEST(QualificationJson, ReadsANullOrEmptyEndAsOpen) {
  for (const Json& until : {Json(nullptr), Json("")}) {
    Json json = ValidJson();
    json["valid_until"] = until;
    auto q = QualificationFromJson(json);
    ASSERT_TRUE(q.ok()) << MessageOf(q);
    EXPECT_EQ(q->valid_until, "");
  }
}

TEST(QualificationJson, FailsOnBadMembers) {
  struct Case {
    const char* name;
    std::function<void(Json&)> change;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"unknown member", [](Json& j) { j["titel"] = "x"; },
       "unknown member \"titel\" (the members are nqr_code, title, title_hi, nsqf_level, "
       "notional_hours, credits, sector, version, valid_from, valid_until, active)"},
      {"missing code", [](Json& j) { j.erase("nqr_code"); }, "nqr_code is missing"},
      {"missing title_hi", [](Json& j) { j.erase("title_hi"); }, "title_hi is missing"},
      {"missing level", [](Json& j) { j.erase("nsqf_level"); }, "nsqf_level is missing"},
      {"missing sector", [](Json& j) { j.erase("sector"); }, "sector is missing"},
      {"missing version", [](Json& j) { j.erase("version"); }, "version is missing"},
      {"missing valid_from", [](Json& j) { j.erase("valid_from"); }, "valid_from is missing"},
      {"neither hours nor credits",
       [](Json& j) {
         j.erase("notional_hours");
         j.erase("credits");
       },
       "notional_hours is missing (give notional_hours or credits)"},
      {"code a number", [](Json& j) { j["nqr_code"] = 5; },
       "nqr_code must be a string, not a number"},
      {"level a string", [](Json& j) { j["nsqf_level"] = "5"; },
       "nsqf_level must be a whole number, not a string"},
      {"level a fraction", [](Json& j) { j["nsqf_level"] = 5.5; },
       "nsqf_level 5.5 is not a whole number"},
      {"level huge", [](Json& j) { j["nsqf_level"] = 1e20; }, "nsqf_level 1e+20 is out of range"},
      {"hours huge", [](Json& j) { j["notional_hours"] = 18446744073709551615u; },
       "notional_hours 18446744073709551615 is out of range"},
      {"level out of range", [](Json& j) { j["nsqf_level"] = 9; }, "nsqf_level 9 is outside 1-8"},
      {"credits a string", [](Json& j) { j["credits"] = "12"; },
       "credits must be a number, not a string"},
      {"credits differ from hours", [](Json& j) { j["credits"] = 13; },
       "credits 13 is not notional_hours / 30 (12)"},
      {"credits just outside tolerance", [](Json& j) { j["credits"] = 12.00000001; },
       "credits 12.00000001 is not notional_hours / 30 (12)"},
      {"credits alone not whole hours",
       [](Json& j) {
         j.erase("notional_hours");
         j["credits"] = 0.55;
       },
       "credits 0.55 is not a whole number of notional hours (16.5)"},
      {"credits alone zero",
       [](Json& j) {
         j.erase("notional_hours");
         j["credits"] = 0;
       },
       "credits 0 is not positive"},
      {"credits alone too many",
       [](Json& j) {
         j.erase("notional_hours");
         j["credits"] = 1e300;
       },
       "credits 1e+300 is more than 240"},
      {"active a string", [](Json& j) { j["active"] = "yes"; },
       "active must be true or false, not a string"},
      {"valid_until not a date", [](Json& j) { j["valid_until"] = "never"; },
       "valid_until \"never\" is not a calendar date of the form YYYY-MM-DD"},
      {"valid_until an array", [](Json& j) { j["valid_until"] = Json::array(); },
       "valid_until must be a string, not an array"},
      {"English title_hi", [](Json& j) { j["title_hi"] = "Assistant Administrator"; },
       "title_hi has no Devanagari letter (U+0900-U+097F)"},
  };
  for (const Case& c : cases) {
    Json json = ValidJson();
    c.change(json);
    auto q = QualificationFromJson(json);
    ASSERT_FALSE(q.ok()) << c.name;
    EXPECT_EQ(q.error().code(), ErrorCode::kInvalidInput) << c.name;
    EXPECT_EQ(q.error().message(), c.message) << c.name;
  }
}

TEST(QualificationJson, FailsOnANonObject) {
  EXPECT_EQ(MessageOf(QualificationFromJson(Json::array())),
            "a catalogue entry must be a JSON object, not an array");
  EXPECT_EQ(MessageOf(QualificationFromJson(Json())),
            "a catalogue entry must be a JSON object, not null");
}

// ---------------------------------------------------------------------------------------------
// ParseCatalogue: JSON.

std::string Codes(const std::vector<CatalogueEntry>& entries) {
  std::string out;
  for (const CatalogueEntry& entry : entries) {
    out += (out.empty() ? "" : " ") + entry.where + "=" +
           (entry.qualification.ok() ? entry.qualification->nqr_code : "error");
  }
  return out;
}

// An entry as a person sees it: "catalogue.csv:4: nsqf_level 9 is outside 1-8".
std::string Report(const CatalogueEntry& entry) {
  return entry.where + ": " + MessageOf(entry.qualification);
}

std::string JsonCatalogue(const std::vector<Json>& entries, bool wrapped) {
  Json list = Json::array();
  for (const Json& entry : entries) list.push_back(entry);
  return DumpJson(wrapped ? Json{{"qualifications", list}} : list, true);
}

Json Entry(std::string code, int level) {
  Json json = ValidJson();
  json["nqr_code"] = std::move(code);
  json["nsqf_level"] = level;
  return json;
}

TEST(ParseCatalogueJson, ReadsAnArrayOrAWrappedArray) {
  const std::vector<Json> list = {Entry("QG-05-GE-01234-2024-V1.0", 5),
                                  Entry("QG-04-GE-00001-2023-V2", 4)};
  for (bool wrapped : {false, true}) {
    auto entries =
        ParseCatalogue(JsonCatalogue(list, wrapped), CatalogueFormat::kJson, "catalogue.json");
    ASSERT_TRUE(entries.ok()) << MessageOf(entries);
    EXPECT_EQ(Codes(*entries),
              "catalogue.json entry 1=QG-05-GE-01234-2024-V1.0 "
              "catalogue.json entry 2=QG-04-GE-00001-2023-V2");
    EXPECT_EQ(entries->at(1).qualification->nsqf_level, 4);
  }
}

TEST(ParseCatalogueJson, ReportsBadEntriesAndKeepsTheGoodOnes) {
  Json bad_level = Entry("QG-06-GE-00002-2024-V1", 6);
  bad_level["nsqf_level"] = 9;
  const std::string text = JsonCatalogue({Entry("QG-05-GE-01234-2024-V1.0", 5), bad_level,
                                          Json("not an entry"), Entry("QG-04-GE-00001-2023-V2", 4)},
                                         false);
  auto entries = ParseCatalogue(text, CatalogueFormat::kJson, "catalogue.json");
  ASSERT_TRUE(entries.ok()) << MessageOf(entries);
  ASSERT_EQ(entries->size(), 4u);
  EXPECT_TRUE((*entries)[0].qualification.ok());
  EXPECT_EQ(Report((*entries)[1]), "catalogue.json entry 2: nsqf_level 9 is outside 1-8");
  // The message names the field; the place is in `where`, not repeated in the message.
  EXPECT_EQ(MessageOf((*entries)[1].qualification), "nsqf_level 9 is outside 1-8");
  EXPECT_EQ(Report((*entries)[2]),
            "catalogue.json entry 3: a catalogue entry must be a JSON object, not a string");
  EXPECT_TRUE((*entries)[3].qualification.ok());
}

TEST(ParseCatalogueJson, NamesEntriesWithoutAName) {
  auto entries = ParseCatalogue(JsonCatalogue({Entry("QG-05-GE-01234-2024-V1.0", 5)}, false),
                                CatalogueFormat::kJson, "");
  ASSERT_TRUE(entries.ok()) << MessageOf(entries);
  EXPECT_EQ((*entries)[0].where, "entry 1");
}

TEST(ParseCatalogueJson, FailsOnADuplicateCodeNamingBothEntries) {
  const std::string text =
      JsonCatalogue({Entry("QG-05-GE-01234-2024-V1.0", 5), Entry("QG-04-GE-00001-2023-V2", 4),
                     Entry("QG-05-GE-01234-2024-V1.0", 5)},
                    true);
  auto entries = ParseCatalogue(text, CatalogueFormat::kJson, "catalogue.json");
  ASSERT_FALSE(entries.ok());
  EXPECT_EQ(entries.error().message(),
            "catalogue.json entry 3: nqr_code \"QG-05-GE-01234-2024-V1.0\" is listed again "
            "(first at catalogue.json entry 1)");
}

TEST(ParseCatalogueJson, FailsOnADuplicateCodeEvenInABadEntry) {
  Json bad = Entry("QG-05-GE-01234-2024-V1.0", 5);
  bad["title"] = "";
  auto entries = ParseCatalogue(JsonCatalogue({Entry("QG-05-GE-01234-2024-V1.0", 5), bad}, false),
                                CatalogueFormat::kJson, "c.json");
  EXPECT_FALSE(entries.ok());
}

TEST(ParseCatalogueJson, FailsAsAWholeOnTheWrongShape) {
  for (const char* text : {"{\"qualifications\": [], \"extra\": 1}", "{\"entries\": []}",
                           "{\"qualifications\": {}}", "\"text\"", "42", "[", "", "[1] [2]"}) {
    auto entries = ParseCatalogue(text, CatalogueFormat::kJson, "catalogue.json");
    ASSERT_FALSE(entries.ok()) << text;
    EXPECT_EQ(entries.error().code(), ErrorCode::kInvalidInput) << text;
    EXPECT_TRUE(entries.error().message().starts_with("catalogue.json"))
        << entries.error().message();
  }
}

TEST(ParseCatalogueJson, ReadsAnEmptyCatalogue) {
  auto entries = ParseCatalogue("[]", CatalogueFormat::kJson, "c.json");
  ASSERT_TRUE(entries.ok());
  EXPECT_TRUE(entries->empty());
}

// ---------------------------------------------------------------------------------------------
// ParseCatalogue: CSV.

constexpr std::string_view kCsvHeader =
    "nqr_code,title,title_hi,nsqf_level,notional_hours,credits,sector,version,valid_from,"
    "valid_until,active\n";

Result<std::vector<CatalogueEntry>> ParseCsvCatalogue(std::string_view text) {
  return ParseCatalogue(text, CatalogueFormat::kCsv, "catalogue.csv");
}

TEST(ParseCatalogueCsv, ReadsRowsLikeTheirJson) {
  const std::string text = std::string(kCsvHeader) +
                           "QG-05-GE-01234-2024-V1.0-NCVET,Assistant Administrator,सहायक प्रशासक,"
                           "5,360,12,Public Administration,1.0,2024-04-01,2029-03-31,true\n";
  auto entries = ParseCsvCatalogue(text);
  ASSERT_TRUE(entries.ok()) << MessageOf(entries);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].where, "catalogue.csv:2");
  ASSERT_TRUE((*entries)[0].qualification.ok()) << MessageOf((*entries)[0].qualification);
  EXPECT_EQ(*(*entries)[0].qualification, Valid());
}

TEST(ParseCatalogueCsv, TakesColumnsInAnyOrderAndOptionalOnesLeftOut) {
  // CRLF, a BOM, quotes around a comma, a blank line, no credits/valid_until/active columns.
  const std::string text =
      "\xEF\xBB\xBF"
      "valid_from,version,sector,notional_hours,nsqf_level,title_hi,title,nqr_code\r\n"
      "\r\n"
      "2024-04-01,1.0,\"Administration, Public\",15,3,प्रशासन,\"Clerk, \"\"junior\"\"\","
      "QG-03-PA-00001-2024-V1\r\n";
  auto entries = ParseCsvCatalogue(text);
  ASSERT_TRUE(entries.ok()) << MessageOf(entries);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].where, "catalogue.csv:3");
  const auto& q = (*entries)[0].qualification;
  ASSERT_TRUE(q.ok()) << MessageOf(q);
  EXPECT_EQ(q->title, "Clerk, \"junior\"");
  EXPECT_EQ(q->sector, "Administration, Public");
  EXPECT_EQ(q->credits, 0.5);
  EXPECT_EQ(q->valid_until, "");
  EXPECT_TRUE(q->active);
}

TEST(ParseCatalogueCsv, ComputesHoursFromACreditsColumn) {
  const std::string text =
      "nqr_code,title,title_hi,nsqf_level,credits,sector,version,valid_from\n"
      "QG-05-GE-01234-2024-V1,A,अ,5,12,S,1,2024-01-01\n";
  auto entries = ParseCsvCatalogue(text);
  ASSERT_TRUE(entries.ok()) << MessageOf(entries);
  ASSERT_TRUE((*entries)[0].qualification.ok()) << MessageOf((*entries)[0].qualification);
  EXPECT_EQ((*entries)[0].qualification->notional_hours, 360);
}

TEST(ParseCatalogueCsv, ReadsActiveInEveryAcceptedSpelling) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"true", true},   {"TRUE", true},   {"Yes", true}, {"1", true}, {"", true},
      {"false", false}, {"False", false}, {"NO", false}, {"0", false}};
  for (const auto& [cell, active] : cases) {
    const std::string text = std::string(kCsvHeader) +
                             "QG-05-GE-01234-2024-V1,A,अ,5,360,,S,1,2024-01-01,," + cell + "\n";
    auto entries = ParseCsvCatalogue(text);
    ASSERT_TRUE(entries.ok()) << MessageOf(entries);
    ASSERT_TRUE((*entries)[0].qualification.ok())
        << cell << ": " << MessageOf((*entries)[0].qualification);
    EXPECT_EQ((*entries)[0].qualification->active, active) << cell;
  }
}

TEST(ParseCatalogueCsv, ReportsBadRowsByLineAndKeepsTheGoodOnes) {
  const std::string good = "QG-05-GE-01234-2024-V1,A,अ,5,360,,S,1,2024-01-01,,\n";
  const std::string text =
      std::string(kCsvHeader) + good +                                       // line 2
      "QG-09-GE-00002-2024-V1,B,ब,9,360,,S,1,2024-01-01,,\n" +               // line 3
      "QG-05-GE-00003-2024-V1,\"two\nlines\",स,5,36O,,S,1,2024-01-01,,\n" +  // lines 4-5
      "QG-05-GE-00004-2024-V1,C,क,5 ,360,,S,1,2024-01-01,,\n" +              // line 6
      "QG-05-GE-00005-2024-V1,D,ड,5,360,12x,S,1,2024-01-01,,\n" +            // line 7
      "QG-05-GE-00006-2024-V1,E,ए,5,360,,S,1,2024-01-01,,maybe\n" +          // line 8
      "QG-05-GE-00007-2024-V1,F,फ,5,360,,S,1,2024-01-01,,\n" +               // line 9
      "QG-05-GE-00008-2024-V1,G,ग,,360,,S,1,2024-01-01,,\n" +                // line 10
      "QG-05-GE-00009-2024-V1,H,ह,5,360,inf,S,1,2024-01-01,,\n" +            // line 11
      "QG-05-GE-00010-2024-V1,I,इ,+5,360,,S,1,2024-01-01,,\n";               // line 12
  auto entries = ParseCsvCatalogue(text);
  ASSERT_TRUE(entries.ok()) << MessageOf(entries);
  ASSERT_EQ(entries->size(), 10u);
  std::vector<std::string> messages;
  for (const CatalogueEntry& entry : *entries) messages.push_back(Report(entry));
  EXPECT_EQ(messages, (std::vector<std::string>{
                          "catalogue.csv:2: (ok)",
                          "catalogue.csv:3: nsqf_level 9 is outside 1-8",
                          "catalogue.csv:4: notional_hours \"36O\" is not a whole number",
                          "catalogue.csv:6: nsqf_level \"5 \" is not a whole number",
                          "catalogue.csv:7: credits \"12x\" is not a number",
                          "catalogue.csv:8: active \"maybe\" is not true/false, yes/no or 1/0",
                          "catalogue.csv:9: (ok)",
                          "catalogue.csv:10: nsqf_level is missing",
                          "catalogue.csv:11: credits \"inf\" is not a number",
                          "catalogue.csv:12: nsqf_level \"+5\" is not a whole number",
                      }));
  EXPECT_EQ((*entries)[6].where, "catalogue.csv:9");
}

TEST(ParseCatalogueCsv, ReportsAnEmptyRequiredCell) {
  const std::string text =
      std::string(kCsvHeader) + "QG-05-GE-01234-2024-V1,,अ,5,360,,S,1,2024-01-01,,\n";
  auto entries = ParseCsvCatalogue(text);
  ASSERT_TRUE(entries.ok()) << MessageOf(entries);
  EXPECT_EQ(Report((*entries)[0]), "catalogue.csv:2: title is empty");
}

TEST(ParseCatalogueCsv, FailsOnAnUnknownColumn) {
  const std::string text =
      "nqr_code,titel,title_hi,nsqf_level,notional_hours,sector,version,valid_from\n"
      "QG-05-GE-01234-2024-V1,A,अ,5,360,S,1,2024-01-01\n";
  auto entries = ParseCsvCatalogue(text);
  ASSERT_FALSE(entries.ok());
  EXPECT_EQ(entries.error().code(), ErrorCode::kInvalidInput);
  EXPECT_TRUE(entries.error().message().starts_with(
      "catalogue.csv: the header names an unknown column \"titel\""))
      << entries.error().message();
}

TEST(ParseCatalogueCsv, FailsOnAMissingRequiredColumn) {
  const std::string text =
      "nqr_code,title,nsqf_level,notional_hours,sector,version,valid_from\n"
      "QG-05-GE-01234-2024-V1,A,5,360,S,1,2024-01-01\n";
  auto entries = ParseCsvCatalogue(text);
  ASSERT_FALSE(entries.ok());
  EXPECT_EQ(entries.error().message(), "catalogue.csv: the header has no column \"title_hi\"");
}

TEST(ParseCatalogueCsv, FailsWithNeitherHoursNorCredits) {
  const std::string text = "nqr_code,title,title_hi,nsqf_level,sector,version,valid_from\n";
  auto entries = ParseCsvCatalogue(text);
  ASSERT_FALSE(entries.ok());
  EXPECT_EQ(entries.error().message(),
            "catalogue.csv: the header has neither a notional_hours nor a credits column");
}

TEST(ParseCatalogueCsv, FailsOnADuplicateCodeNamingBothLines) {
  const std::string text = std::string(kCsvHeader) +
                           "QG-05-GE-01234-2024-V1,A,अ,5,360,,S,1,2024-01-01,,\n"
                           "QG-05-GE-01235-2024-V1,B,ब,5,360,,S,1,2024-01-01,,\n"
                           "\n"
                           "QG-05-GE-01234-2024-V1,C,क,5,360,,S,1,2024-01-01,,\n";
  auto entries = ParseCsvCatalogue(text);
  ASSERT_FALSE(entries.ok());
  EXPECT_EQ(entries.error().message(),
            "catalogue.csv:5: nqr_code \"QG-05-GE-01234-2024-V1\" is listed again (first at "
            "catalogue.csv:2)");
}

// The one CSV reader (issue 17) refuses a broken row alone, as it refuses a row with a bad
// value; the header alone can fail the file.
TEST(ParseCatalogueCsv, RefusesABrokenRowAloneAndABrokenHeaderAsAWhole) {
  auto entries = ParseCsvCatalogue(std::string(kCsvHeader) +
                                   "QG-05-GE-01234-2024-V1,A,अ,5,360,,S,1,2024-01-01,,\n"
                                   "QG-05,x\"y\n"
                                   "QG-05,\"open\n");
  ASSERT_TRUE(entries.ok()) << entries.error().message();
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_TRUE((*entries)[0].qualification.ok());
  ASSERT_FALSE((*entries)[1].qualification.ok());
  EXPECT_EQ((*entries)[1].where, "catalogue.csv:3");
  EXPECT_EQ((*entries)[1].qualification.error().message(),
            "a quote appears inside an unquoted cell (quote the whole cell)");
  ASSERT_FALSE((*entries)[2].qualification.ok());
  EXPECT_EQ((*entries)[2].qualification.error().message(),
            "a quoted cell is not closed before the end of the file");
  EXPECT_FALSE(ParseCsvCatalogue("").ok());
  EXPECT_FALSE(ParseCsvCatalogue("nqr_code\n\xFF\n").ok());
  auto header = ParseCsvCatalogue("nqr_code,\"title\n");
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.error().message(),
            "catalogue.csv: line 1: a quoted cell is not closed before the end of the file");
}

// ---------------------------------------------------------------------------------------------
// ValidateApaarId.

TEST(ValidateApaarId, AcceptsTwelveDigits) {
  EXPECT_TRUE(ValidateApaarId("123456789012").ok());
  EXPECT_TRUE(ValidateApaarId("000000000000").ok());
}

TEST(ValidateApaarId, FailsOnAnythingElse) {
  for (const char* id : {"", "12345678901", "1234567890123", "12345678901a", " 23456789012",
                         "1234-5678-90", "१२३४५६७८९०१२"}) {  // Devanagari digits are not ASCII
    const Status status = ValidateApaarId(id);
    ASSERT_FALSE(status.ok()) << id;
    EXPECT_EQ(status.error().code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(status.error().message(), "apaar_id \"" + std::string(id) + "\" is not 12 digits");
  }
}

TEST(ValidateApaarId, KeepsALongValueOutOfTheMessage) {
  const Status status = ValidateApaarId(std::string(1 << 20, '7'));
  ASSERT_FALSE(status.ok());
  EXPECT_LT(status.error().message().size(), 120u) << status.error().message();
  EXPECT_EQ(status.error().message(),
            "apaar_id \"" + std::string(40, '7') + "...\" (1048576 bytes) is not 12 digits");
}

TEST(ValidateApaarId, KeepsUnprintableBytesOutOfTheMessage) {
  const Status status = ValidateApaarId("12345\n78\x01\xFF");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(), "apaar_id (10 bytes, not printable text) is not 12 digits");
}

}  // namespace
}  // namespace pramaan::awarding
