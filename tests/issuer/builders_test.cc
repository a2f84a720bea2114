// The credential builders against hand-checked expected credentials.
#include "issuer/credential_builder.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "issuer/identity_hash.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

Json ReadJsonFile(const std::string& relative) {
  return testing::ReadJsonFile(testing::SourcePath(relative));
}

// A deterministic context: fixed id, time and salts ("salt-1", "salt-2", ...).
BuildContext FixedContext() {
  auto counter = std::make_shared<int>(0);
  return BuildContext{
      {"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
       "Capacity Building Commission, Government of India", "https://pramaan.example"},
      "https://pramaan.example",
      "abcdefghijklmnopqrst",
      *ParseRfc3339("2026-11-20T09:00:00Z"),
      [counter] { return "salt-" + std::to_string(++*counter); },
      ""};
}

Result<Json> Build(Json record) {
  PRAMAAN_ASSIGN_OR_RETURN(ValidatedRecord validated, ValidatedRecord::Create(std::move(record)));
  PRAMAAN_ASSIGN_OR_RETURN(UnsignedCredential credential, BuildCredential(validated, FixedContext()));
  return credential.document();
}

TEST(CredentialBuilder, CourseCompletionMatchesHandCheckedCredential) {
  auto built = Build(ReadJsonFile("examples/completion.json"));
  ASSERT_TRUE(built.ok()) << built.error().message();
  const Json expected = ReadJsonFile("tests/issuer/expected/course-completion.credential.json");
  EXPECT_EQ(*built, expected) << DumpJson(*built, true);
}

TEST(CredentialBuilder, NcvetQualificationMatchesHandCheckedCredential) {
  auto built = Build(ReadJsonFile("examples/qualification.json"));
  ASSERT_TRUE(built.ok()) << built.error().message();
  const Json expected = ReadJsonFile("tests/issuer/expected/ncvet-qualification.credential.json");
  EXPECT_EQ(*built, expected) << DumpJson(*built, true);
}

TEST(CredentialBuilder, EmailAndApaarIdAppearOnlyAsSaltedHashes) {
  for (const char* example : {"examples/completion.json", "examples/qualification.json"}) {
    const Json record = ReadJsonFile(example);
    auto built = Build(record);
    ASSERT_TRUE(built.ok());
    const std::string text = DumpJson(*built, false);
    for (const char* field : {"email", "apaar_id", "id"}) {
      if (!record["learner"].contains(field)) continue;
      const std::string value = record["learner"][field].get<std::string>();
      EXPECT_EQ(text.find(value), std::string::npos) << example << " leaks learner." << field;
    }
  }
}

TEST(IdentityHash, IsSha256OfValueFollowedBySalt) {
  // sha256("asha@example.gov.in" + "salt") computed independently with sha256sum.
  const Json identity = HashedIdentity("emailAddress", "asha@example.gov.in", "salt");
  EXPECT_EQ(identity["identityHash"],
            "sha256$2657aece08af148847bd7e245ef06a4ad3d620093b483e67e9f1abf434b3be2d");
}

TEST(CredentialBuilder, RefusesApprovalBySubmitter) {
  Json record = ReadJsonFile("examples/qualification.json");
  record["approvals"]["approved_by"] = record["approvals"]["submitted_by"];
  auto built = Build(record);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(built.error().message().find("maker-checker"), std::string::npos);
}

TEST(CredentialBuilder, RefusesRuleViolationsASchemaCannotExpress) {
  const std::vector<std::pair<std::string, std::function<void(Json&)>>> cases = {
      {"approval before submission",
       [](Json& r) { r["approvals"]["approved_at"] = "2026-11-01T00:00:00Z"; }},
      {"award before assessment", [](Json& r) { r["award_date"] = "2026-10-01"; }},
      {"hours not credits x 30", [](Json& r) { r["qualification"]["notional_hours"] = 361; }},
      {"marks above max_marks", [](Json& r) { r["assessment"]["marks"] = 101; }},
  };
  for (const auto& [name, mutate] : cases) {
    Json record = ReadJsonFile("examples/qualification.json");
    mutate(record);
    auto built = Build(record);
    EXPECT_FALSE(built.ok()) << name;
  }
}

TEST(CredentialBuilder, RefusesARecordThatFailsItsSchema) {
  Json record = ReadJsonFile("examples/qualification.json");
  record["qualification"]["nsqf_level"] = 9;
  auto validated = ValidatedRecord::Create(record);
  ASSERT_FALSE(validated.ok());
  EXPECT_NE(validated.error().message().find("qualification.nsqf_level"), std::string::npos);
}

}  // namespace
}  // namespace pramaan
