// Tests for core/integrity/data_integrity: what VerifyProofs makes of a key its DID document
// declares compromised ("revoked"), for both cryptosuites.
#include "core/integrity/data_integrity.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "core/did/did_document.h"
#include "core/did/did_resolver.h"
#include "core/encoding/multibase.h"
#include "core/integrity/eddsa_jcs_2022.h"
#include "core/time/rfc3339.h"
#include "keys/ed25519_signer_sodium.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

using testing::At;

constexpr char kDid[] = "did:web:issuer.example";
constexpr char kMethod[] = "did:web:issuer.example#key-1";
constexpr char kSignedAt[] = "2026-11-05T10:00:00Z";

class CompromisedKeyTest : public ::testing::TestWithParam<Cryptosuite> {
 protected:
  // The W3C unsigned credential signed by kMethod at `created`.
  Json Signed(const std::string& created = kSignedAt) const {
    ProofOptions options;
    options.cryptosuite = GetParam();
    options.verification_method = kMethod;
    options.created = created;
    auto signed_credential = AddProof(
        testing::ReadJsonFile(testing::VectorPath("vc-di-eddsa/unsigned.json")), options, key_);
    EXPECT_TRUE(signed_credential.ok()) << signed_credential.error().message();
    return signed_credential.ok() ? *signed_credential : Json();
  }

  // Verifies `credential` against the issuer's DID document (as JSON, the way a configured or
  // served document arrives) with key-1 revoked from `revoked` (none when empty).
  ProofVerification Verify(const Json& credential, const std::string& revoked) const {
    std::optional<Timestamp> since;
    if (!revoked.empty()) since = At(revoked);
    const Json document =
        DidDocument::ForMethods(kDid, {VerificationMethod{kMethod, kDid, key_.public_key(), since}})
            .ToJson();
    DidResolver resolver;
    EXPECT_TRUE(resolver.AddDocument(document).ok());
    auto results = VerifyProofs(credential, resolver);
    EXPECT_TRUE(results.ok());
    EXPECT_EQ(results.ok() ? results->size() : 0u, 1u);
    return results.ok() && results->size() == 1 ? (*results)[0] : ProofVerification{};
  }

  const Ed25519SignerSodium key_ = Ed25519SignerSodium::Generate();
};

TEST_P(CompromisedKeyTest, ProofCreatedBeforeTheCompromiseVerifies) {
  const Json credential = Signed();
  const ProofVerification never = Verify(credential, "");
  EXPECT_TRUE(never.verified) << never.detail;
  const ProofVerification later = Verify(credential, "2026-11-05T10:00:01Z");
  EXPECT_TRUE(later.verified) << later.detail;
  EXPECT_EQ(later.detail, "");
}

TEST_P(CompromisedKeyTest, ProofCreatedAfterTheCompromiseFailsWithTheReason) {
  const Json credential = Signed();
  const ProofVerification result = Verify(credential, "2026-11-05T09:59:59Z");
  EXPECT_FALSE(result.verified);
  EXPECT_EQ(result.detail,
            "the key did:web:issuer.example#key-1 was declared compromised from "
            "2026-11-05T09:59:59Z and this proof was created at 2026-11-05T10:00:00Z: it cannot "
            "be trusted");
  EXPECT_EQ(result.created, kSignedAt);
}

TEST_P(CompromisedKeyTest, ProofCreatedAtTheMomentOfTheCompromiseFails) {
  const ProofVerification result = Verify(Signed(), kSignedAt);
  EXPECT_FALSE(result.verified);
  EXPECT_NE(result.detail.find("declared compromised"), std::string::npos) << result.detail;
}

// Times are compared in whole seconds, rounded toward the past: never in the signer's favour.
TEST_P(CompromisedKeyTest, FractionsOfASecondNeverLetALaterProofThrough) {
  const Json credential = Signed("2026-11-05T10:00:00.500Z");
  EXPECT_FALSE(Verify(credential, "2026-11-05T10:00:00Z").verified);
  EXPECT_TRUE(Verify(credential, "2026-11-05T10:00:01Z").verified);
}

TEST_P(CompromisedKeyTest, TamperedCredentialReportsTheSignatureFirst) {
  Json credential = Signed();
  credential["credentialSubject"]["alumniOf"] = "Another University";
  const ProofVerification result = Verify(credential, "2026-11-05T09:00:00Z");
  EXPECT_FALSE(result.verified);
  EXPECT_NE(result.detail.find("signature does not match"), std::string::npos) << result.detail;
}

std::string SuiteTestName(const ::testing::TestParamInfo<Cryptosuite>& suite) {
  return suite.param == Cryptosuite::kEddsaJcs2022 ? "Jcs" : "Rdfc";
}

INSTANTIATE_TEST_SUITE_P(BothSuites, CompromisedKeyTest,
                         ::testing::Values(Cryptosuite::kEddsaRdfc2022, Cryptosuite::kEddsaJcs2022),
                         SuiteTestName);

// AddProof always writes created, so a proof without one is made by hand (eddsa-jcs-2022).
TEST(DataIntegrity, ProofWithoutCreatedFailsOnlyWhenItsKeyIsCompromised) {
  const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
  Json credential = testing::ReadJsonFile(testing::VectorPath("vc-di-eddsa/unsigned.json"));
  Json proof = {{"type", "DataIntegrityProof"},
                {"cryptosuite", "eddsa-jcs-2022"},
                {"verificationMethod", kMethod},
                {"proofPurpose", "assertionMethod"},
                {"@context", credential["@context"]}};
  auto hash = EddsaJcs2022HashData(credential, proof);
  ASSERT_TRUE(hash.ok());
  auto signature = key.Sign(*hash);
  ASSERT_TRUE(signature.ok());
  proof["proofValue"] = EncodeMultibaseBase58Btc(*signature);
  credential["proof"] = proof;

  for (const bool compromised : {false, true}) {
    std::optional<Timestamp> since;
    if (compromised) since = At("2030-01-01T00:00:00Z");
    DidResolver resolver;
    ASSERT_TRUE(
        resolver
            .AddDocument(DidDocument::ForMethods(
                             kDid, {VerificationMethod{kMethod, kDid, key.public_key(), since}})
                             .ToJson())
            .ok());
    auto results = VerifyProofs(credential, resolver);
    ASSERT_TRUE(results.ok());
    ASSERT_EQ(results->size(), 1u);
    const ProofVerification& result = (*results)[0];
    if (!compromised) {
      EXPECT_TRUE(result.verified) << result.detail;
    } else {
      EXPECT_FALSE(result.verified);
      EXPECT_EQ(result.detail,
                "the key did:web:issuer.example#key-1 was declared compromised from "
                "2030-01-01T00:00:00Z and this proof does not say when it was created: it cannot "
                "be trusted");
    }
  }
}

TEST(DataIntegrity, CheckKeyNotCompromisedComparesStrictly) {
  const auto method = [](std::optional<Timestamp> revoked) {
    auto key = Ed25519SignerSodium::Generate();
    return VerificationMethod{kMethod, kDid, key.public_key(), revoked};
  };
  EXPECT_TRUE(CheckKeyNotCompromised(method(std::nullopt), "").ok());
  EXPECT_TRUE(CheckKeyNotCompromised(method(std::nullopt), kSignedAt).ok());
  const VerificationMethod revoked = method(At(kSignedAt));
  EXPECT_TRUE(CheckKeyNotCompromised(revoked, "2026-11-05T09:59:59Z").ok());
  EXPECT_TRUE(CheckKeyNotCompromised(revoked, "2026-11-05T15:29:59+05:30").ok());
  for (const char* created : {"2026-11-05T10:00:00Z", "2026-11-05T15:30:00+05:30",
                              "2027-01-01T00:00:00Z", "", "not a time"}) {
    Status checked = CheckKeyNotCompromised(revoked, created);
    ASSERT_FALSE(checked.ok()) << created;
    EXPECT_EQ(checked.error().code(), ErrorCode::kInvalidInput) << created;
  }
}

}  // namespace
}  // namespace pramaan
