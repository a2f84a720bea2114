// The issuance pipeline: validate -> build -> sign -> verify own output.
#include "issuer/issuance.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/did/did_key.h"
#include "issuer/credential_id.h"
#include "keys/ed25519_signer_sodium.h"
#include "verifier/credential_verifier.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

Json Example(const std::string& name) {
  return testing::ReadJsonFile(testing::SourcePath("examples/" + name));
}

class IssuanceTest : public ::testing::Test {
 protected:
  IssuanceTest()
      : key_(Ed25519SignerSodium::Generate()),
        clock_(*ParseRfc3339("2026-11-20T09:00:00Z")),
        pipeline_({DidKeyFor(key_.public_key()), "Test Issuer", ""}, "https://pramaan.example",
                  key_, Options(), resolver_, clock_) {}
  ProofOptions Options() const {
    ProofOptions options;
    options.verification_method = DidKeyVerificationMethodFor(key_.public_key());
    return options;
  }
  Ed25519SignerSodium key_;
  DidResolver resolver_;
  FixedClock clock_;
  IssuancePipeline pipeline_;
};

TEST_F(IssuanceTest, IssuedCredentialCarriesItsIdAndAProofTimedByTheClock) {
  auto issued = pipeline_.Issue(Example("completion.json"));
  ASSERT_TRUE(issued.ok()) << issued.error().message();
  EXPECT_TRUE(IsCredentialId(issued->credential_id)) << issued->credential_id;
  EXPECT_EQ(issued->source_record_id, "igot-cc-2026-000001");
  EXPECT_EQ(issued->credential["id"], "https://pramaan.example/credentials/" + issued->credential_id);
  EXPECT_EQ(issued->credential["validFrom"], "2026-11-20T09:00:00Z");
  EXPECT_EQ(issued->credential["proof"]["created"], "2026-11-20T09:00:00Z");
  EXPECT_EQ(issued->credential["proof"]["cryptosuite"], "eddsa-rdfc-2022");  // the default

  CredentialVerifier verifier(ContextLoader::Bundled(), resolver_, clock_);
  auto outcome = verifier.Verify(issued->credential);
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->report.verified()) << outcome->report.ToText();
}

TEST_F(IssuanceTest, EachIssueGetsAFreshIdAndFreshSalts) {
  auto first = pipeline_.Issue(Example("completion.json"));
  auto second = pipeline_.Issue(Example("completion.json"));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->credential_id, second->credential_id);
  // Fresh salts: the same email hashes differently, so two credentials cannot be linked.
  EXPECT_NE(first->credential["credentialSubject"]["identifier"][1]["identityHash"],
            second->credential["credentialSubject"]["identifier"][1]["identityHash"]);
}

TEST_F(IssuanceTest, PrepareRefusesAnInvalidRecordWithoutSigning) {
  Json record = Example("completion.json");
  record["learner"].erase("name");
  auto prepared = pipeline_.Prepare(record);
  ASSERT_FALSE(prepared.ok());
  EXPECT_EQ(prepared.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(prepared.error().message().find("learner.name"), std::string::npos);
}

TEST(CredentialId, IsTwentyBase32CharactersAndRandom) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewCredentialId();
    ASSERT_TRUE(IsCredentialId(id)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_FALSE(IsCredentialId("ABCDEFGHIJKLMNOPQRST"));
  EXPECT_FALSE(IsCredentialId("abc"));
}

}  // namespace
}  // namespace pramaan
