// eddsa-jcs-2022 against the W3C vc-di-eddsa vectors, plus proof sets and chains.
#include "core/integrity/eddsa_jcs_2022.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/did/did_key.h"
#include "core/encoding/hex.h"
#include "core/integrity/data_integrity.h"
#include "core/json/jcs.h"
#include "keys/key_file.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

using testing::ReadVector;

Json ReadJsonVector(const std::string& relative) {
  return testing::ReadJsonFile(testing::VectorPath(relative));
}

Ed25519SignerSodium KeyFromVector(const Json& pair) {
  std::string secret = pair["privateKeyMultibase"].get<std::string>();
  auto signer = ImportSecretKeyMultibase(secret);
  EXPECT_TRUE(signer.ok());
  return std::move(signer).value();
}

ProofOptions OptionsFrom(const Json& config) {
  ProofOptions options;
  options.cryptosuite = Cryptosuite::kEddsaJcs2022;
  options.created = config["created"].get<std::string>();
  options.verification_method = config["verificationMethod"].get<std::string>();
  options.proof_purpose = config["proofPurpose"].get<std::string>();
  return options;
}

TEST(EddsaJcs2022, CanonicalFormsAndHashesMatchW3cVector) {
  const Json unsigned_credential = ReadJsonVector("vc-di-eddsa/unsigned.json");
  const Json proof_config = ReadJsonVector("vc-di-eddsa/eddsa-jcs-2022/proofConfigJCS.json");
  EXPECT_EQ(*CanonicalizeJcs(unsigned_credential),
            ReadVector("vc-di-eddsa/eddsa-jcs-2022/canonDocJCS.txt"));
  EXPECT_EQ(*CanonicalizeJcs(proof_config),
            ReadVector("vc-di-eddsa/eddsa-jcs-2022/proofCanonJCS.txt"));
  auto hash_data = EddsaJcs2022HashData(unsigned_credential, proof_config);
  ASSERT_TRUE(hash_data.ok());
  EXPECT_EQ(EncodeHex(*hash_data), ReadVector("vc-di-eddsa/eddsa-jcs-2022/combinedHashJCS.txt"));
}

TEST(EddsaJcs2022, SigningReproducesW3cProofValueByteForByte) {
  const Ed25519SignerSodium key = KeyFromVector(ReadJsonVector("vc-di-eddsa/keyPair.json"));
  const Json proof_config = ReadJsonVector("vc-di-eddsa/eddsa-jcs-2022/proofConfigJCS.json");
  auto signed_credential =
      AddProof(ReadJsonVector("vc-di-eddsa/unsigned.json"), OptionsFrom(proof_config), key);
  ASSERT_TRUE(signed_credential.ok()) << signed_credential.error().message();
  const Json expected = ReadJsonVector("vc-di-eddsa/eddsa-jcs-2022/signedJCS.json");
  EXPECT_EQ((*signed_credential)["proof"]["proofValue"],
            ReadVector("vc-di-eddsa/eddsa-jcs-2022/sigBTC58JCS.txt"));
  // The whole signed document, proof included, is the vector's (member order aside).
  EXPECT_EQ(*CanonicalizeJcs(*signed_credential), *CanonicalizeJcs(expected));
}

TEST(EddsaJcs2022, W3cSignedVectorVerifies) {
  DidResolver resolver;
  auto results = VerifyProofs(ReadJsonVector("vc-di-eddsa/eddsa-jcs-2022/signedJCS.json"), resolver);
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->size(), 1u);
  EXPECT_TRUE((*results)[0].verified) << (*results)[0].detail;
  EXPECT_EQ((*results)[0].controller,
            "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2");
}

TEST(EddsaJcs2022, VerifyFailsWhenSignedVectorSubjectChanged) {
  Json credential = ReadJsonVector("vc-di-eddsa/eddsa-jcs-2022/signedJCS.json");
  credential["credentialSubject"]["alumniOf"] = "The School of Counterfeits";
  DidResolver resolver;
  auto results = VerifyProofs(credential, resolver);
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->size(), 1u);
  EXPECT_FALSE((*results)[0].verified);
}

TEST(EddsaJcs2022, VerifyFailsWhenProofContextDiffersFromDocument) {
  // vc-di-eddsa only asks for a prefix match; we refuse any difference, so appending a context
  // after signing is detected.
  Json credential = ReadJsonVector("vc-di-eddsa/eddsa-jcs-2022/signedJCS.json");
  credential["@context"].push_back("https://w3id.org/security/data-integrity/v2");
  DidResolver resolver;
  auto results = VerifyProofs(credential, resolver);
  ASSERT_TRUE(results.ok());
  EXPECT_FALSE((*results)[0].verified);
  EXPECT_NE((*results)[0].detail.find("@context"), std::string::npos);
}

class ProofSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const Json pairs = ReadJsonVector("vc-di-eddsa/proof-set-chain/multiKeyPairs.json");
    keys_.push_back(KeyFromVector(pairs["keyPair1"]));
    keys_.push_back(KeyFromVector(pairs["keyPair2"]));
    unsigned_ = ReadJsonVector("vc-di-eddsa/proof-set-chain/unsigned.json");
  }
  ProofOptions OptionsFor(const Ed25519SignerSodium& key, std::string id = "",
                          std::string previous = "") {
    ProofOptions options;
    options.cryptosuite = Cryptosuite::kEddsaJcs2022;
    options.created = "2023-02-24T23:36:38Z";
    options.verification_method = DidKeyVerificationMethodFor(key.public_key());
    options.id = std::move(id);
    options.previous_proof = std::move(previous);
    return options;
  }
  std::vector<Ed25519SignerSodium> keys_;
  Json unsigned_;
  DidResolver resolver_;
};

TEST_F(ProofSetTest, TwoIndependentProofsBothVerify) {
  auto first = AddProof(unsigned_, OptionsFor(keys_[0]), keys_[0]);
  ASSERT_TRUE(first.ok());
  auto both = AddProof(*first, OptionsFor(keys_[1]), keys_[1]);
  ASSERT_TRUE(both.ok());
  ASSERT_TRUE((*both)["proof"].is_array());
  ASSERT_EQ((*both)["proof"].size(), 2u);
  auto results = VerifyProofs(*both, resolver_);
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->size(), 2u);
  EXPECT_TRUE((*results)[0].verified) << (*results)[0].detail;
  EXPECT_TRUE((*results)[1].verified) << (*results)[1].detail;
  // Each proof of a set covers the document without any proof, so the order is irrelevant.
  EXPECT_EQ((*both)["proof"][0], (*first)["proof"]);
}

TEST_F(ProofSetTest, VerifyFailsOnlyForTheTamperedProofOfASet) {
  auto both = AddProof(*AddProof(unsigned_, OptionsFor(keys_[0]), keys_[0]),
                       OptionsFor(keys_[1]), keys_[1]);
  ASSERT_TRUE(both.ok());
  (*both)["proof"][1]["created"] = "2023-02-25T00:00:00Z";
  auto results = VerifyProofs(*both, resolver_);
  ASSERT_TRUE(results.ok());
  EXPECT_TRUE((*results)[0].verified);
  EXPECT_FALSE((*results)[1].verified);
}

TEST_F(ProofSetTest, ChainedProofCoversThePreviousProof) {
  auto first = AddProof(unsigned_, OptionsFor(keys_[0], "urn:uuid:first"), keys_[0]);
  ASSERT_TRUE(first.ok());
  auto chained =
      AddProof(*first, OptionsFor(keys_[1], "urn:uuid:second", "urn:uuid:first"), keys_[1]);
  ASSERT_TRUE(chained.ok()) << chained.error().message();
  auto results = VerifyProofs(*chained, resolver_);
  ASSERT_TRUE(results.ok());
  EXPECT_TRUE((*results)[0].verified);
  EXPECT_TRUE((*results)[1].verified) << (*results)[1].detail;

  // Re-signing the first proof (a new created time) breaks the chain link.
  Json altered = *chained;
  Json resigned = *AddProof(unsigned_, [&] {
    ProofOptions o = OptionsFor(keys_[0], "urn:uuid:first");
    o.created = "2024-01-01T00:00:00Z";
    return o;
  }(), keys_[0]);
  altered["proof"][0] = resigned["proof"];
  auto after = VerifyProofs(altered, resolver_);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE((*after)[0].verified);
  EXPECT_FALSE((*after)[1].verified);
}

TEST_F(ProofSetTest, AddProofFailsWhenPreviousProofIsMissing) {
  auto first = AddProof(unsigned_, OptionsFor(keys_[0], "urn:uuid:first"), keys_[0]);
  ASSERT_TRUE(first.ok());
  auto chained = AddProof(*first, OptionsFor(keys_[1], "", "urn:uuid:nope"), keys_[1]);
  ASSERT_FALSE(chained.ok());
  EXPECT_EQ(chained.error().code(), ErrorCode::kInvalidInput);
}

TEST_F(ProofSetTest, VerifyFailsForUnsupportedSuiteTypeOrPurpose) {
  const Json good = *AddProof(unsigned_, OptionsFor(keys_[0]), keys_[0]);
  const std::vector<std::pair<std::string, Json>> cases = {
      {"cryptosuite", "eddsa-2022"},
      {"type", "Ed25519Signature2020"},
      {"proofPurpose", "authentication"},
      {"proofValue", "z1111"},
      {"proofValue", "not multibase"},
      {"verificationMethod", "did:key:z6MkhWqdDBPojHA7cprTGTt5yHv5yUi1B8cnXn8ReLumkw6E#z6MkhWqdDBPojHA7cprTGTt5yHv5yUi1B8cnXn8ReLumkw6E"},
      {"created", "yesterday"},
  };
  for (const auto& [member, value] : cases) {
    Json bad = good;
    bad["proof"][member] = value;
    auto results = VerifyProofs(bad, resolver_);
    ASSERT_TRUE(results.ok());
    EXPECT_FALSE((*results)[0].verified) << member << " = " << value;
  }
}

}  // namespace
}  // namespace pramaan
