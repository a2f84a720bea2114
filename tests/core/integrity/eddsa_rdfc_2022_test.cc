// eddsa-rdfc-2022 against the W3C vc-di-eddsa and the Open Badges 3.0 vectors, proof sets and
// chains from the W3C vectors, and safe mode.
#include "core/integrity/eddsa_rdfc_2022.h"

#include <gtest/gtest.h>

#include <functional>

#include "core/did/did_key.h"
#include "core/encoding/hex.h"
#include "core/encoding/multibase.h"
#include "core/integrity/data_integrity.h"
#include "keys/key_file.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

using testing::ReadVector;

Json ReadJsonVector(const std::string& relative) {
  return testing::ReadJsonFile(testing::VectorPath(relative));
}

Ed25519SignerSodium KeyFrom(std::string secret_multibase) {
  auto signer = ImportSecretKeyMultibase(secret_multibase);
  EXPECT_TRUE(signer.ok());
  return std::move(signer).value();
}

ProofOptions OptionsFrom(const Json& config) {
  ProofOptions options;
  options.cryptosuite = Cryptosuite::kEddsaRdfc2022;
  options.created = config["created"].get<std::string>();
  options.verification_method = config["verificationMethod"].get<std::string>();
  options.proof_purpose = config["proofPurpose"].get<std::string>();
  return options;
}

TEST(EddsaRdfc2022, W3cVectorCanonicalFormsAndHashMatch) {
  const Json unsigned_credential = ReadJsonVector("vc-di-eddsa/unsigned.json");
  const Json proof_config = ReadJsonVector("vc-di-eddsa/eddsa-rdfc-2022/proofConfigDataInt.json");
  auto document = CanonicalizeJsonLdSafe(unsigned_credential, ContextLoader::Bundled());
  ASSERT_TRUE(document.ok()) << document.error().message();
  EXPECT_EQ(*document, ReadVector("vc-di-eddsa/eddsa-rdfc-2022/canonDocDataInt.txt") + "\n");
  auto proof = CanonicalizeJsonLdSafe(proof_config, ContextLoader::Bundled());
  ASSERT_TRUE(proof.ok()) << proof.error().message();
  EXPECT_EQ(*proof, ReadVector("vc-di-eddsa/eddsa-rdfc-2022/proofCanonDataInt.txt") + "\n");
  auto hash_data =
      EddsaRdfc2022HashData(unsigned_credential, proof_config, "", ContextLoader::Bundled());
  ASSERT_TRUE(hash_data.ok());
  EXPECT_EQ(EncodeHex(*hash_data), ReadVector("vc-di-eddsa/eddsa-rdfc-2022/combinedHashDataInt.txt"));
}

TEST(EddsaRdfc2022, W3cVectorProofValueIsReproducedAndTheSignedVectorVerifies) {
  const Ed25519SignerSodium key =
      KeyFrom(ReadJsonVector("vc-di-eddsa/keyPair.json")["privateKeyMultibase"].get<std::string>());
  const Json config = ReadJsonVector("vc-di-eddsa/eddsa-rdfc-2022/proofConfigDataInt.json");
  auto signed_credential = AddProof(ReadJsonVector("vc-di-eddsa/unsigned.json"), OptionsFrom(config), key);
  ASSERT_TRUE(signed_credential.ok()) << signed_credential.error().message();
  EXPECT_EQ((*signed_credential)["proof"]["proofValue"],
            ReadVector("vc-di-eddsa/eddsa-rdfc-2022/sigBTC58DataInt.txt"));
  // The eddsa-rdfc-2022 proof carries no @context.
  EXPECT_FALSE((*signed_credential)["proof"].contains("@context"));

  DidResolver resolver;
  auto results = VerifyProofs(ReadJsonVector("vc-di-eddsa/eddsa-rdfc-2022/signedDataInt.json"), resolver);
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->size(), 1u);
  EXPECT_TRUE((*results)[0].verified) << (*results)[0].detail;
}

TEST(EddsaRdfc2022, OpenBadgesVectorIsReproducedByteForByte) {
  const Json key_pair = ReadJsonVector("ob3-eddsa-rdfc-2022/keyPair.json");
  const Ed25519SignerSodium key = KeyFrom(key_pair["secretKeyMultibase"].get<std::string>());
  const Json unsigned_credential = ReadJsonVector("ob3-eddsa-rdfc-2022/unsigned.json");
  const Json config = ReadJsonVector("ob3-eddsa-rdfc-2022/proofConfig.json");

  auto document = CanonicalizeJsonLdSafe(unsigned_credential, ContextLoader::Bundled());
  ASSERT_TRUE(document.ok()) << document.error().message();
  EXPECT_EQ(*document, ReadVector("ob3-eddsa-rdfc-2022/document-canon.txt") + "\n");
  auto hash_data = EddsaRdfc2022HashData(unsigned_credential, config, "", ContextLoader::Bundled());
  ASSERT_TRUE(hash_data.ok());
  EXPECT_EQ(EncodeHex(*hash_data), ReadVector("ob3-eddsa-rdfc-2022/combinedHash.txt"));

  auto signed_credential = AddProof(unsigned_credential, OptionsFrom(config), key);
  ASSERT_TRUE(signed_credential.ok()) << signed_credential.error().message();
  EXPECT_EQ((*signed_credential)["proof"]["proofValue"], ReadVector("ob3-eddsa-rdfc-2022/proofValue.txt"));

  // The signed vector verifies with the vector's public key (its verification method is an
  // https URL, not a DID, so it is checked here directly rather than through a resolver).
  const Json signed_vector = ReadJsonVector("ob3-eddsa-rdfc-2022/signed.json");
  auto signed_hash =
      EddsaRdfc2022HashData(signed_vector, signed_vector["proof"], "proof", ContextLoader::Bundled());
  ASSERT_TRUE(signed_hash.ok());
  auto signature = DecodeMultibase(signed_vector["proof"]["proofValue"].get<std::string>());
  ASSERT_TRUE(signature.ok());
  EXPECT_TRUE(key.public_key().Verify(*signature, *signed_hash));
  EXPECT_EQ(EncodeHex(*signature), ReadVector("ob3-eddsa-rdfc-2022/sigHex.txt"));
}

TEST(EddsaRdfc2022, W3cProofSetAndChainVectorsVerify) {
  DidResolver resolver;
  for (const char* name : {"signedProofSet2.json", "signedProofChain2.json"}) {
    auto results = VerifyProofs(ReadJsonVector(std::string("vc-di-eddsa/proof-set-chain/") + name), resolver);
    ASSERT_TRUE(results.ok()) << name;
    ASSERT_GE(results->size(), 2u) << name;
    for (const ProofVerification& result : *results) {
      EXPECT_TRUE(result.verified) << name << ": " << result.detail;
    }
  }
}

TEST(EddsaRdfc2022, VectorWithAContextWeDoNotBundleIsRefused) {
  // The W3C "employ" vector uses https://w3id.org/citizenship/v4rc1, which is not bundled.
  DidResolver resolver;
  const Json vector = ReadJsonVector("vc-di-eddsa/eddsa-rdfc-2022/employ/signedDataInt.json");
  auto canonical = CanonicalizeJsonLdSafe(vector, ContextLoader::Bundled(), "proof");
  ASSERT_FALSE(canonical.ok());
  EXPECT_NE(canonical.error().message().find("citizenship"), std::string::npos);
}

TEST(EddsaRdfc2022, SafeModeRefusesToSignATermNoContextDefines) {
  const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
  ProofOptions options;
  options.created = "2026-01-01T00:00:00Z";
  options.verification_method = DidKeyVerificationMethodFor(key.public_key());
  // Under VC 2.0 + Open Badges no context defines it: expansion would drop it.
  Json v2 = ReadJsonVector("ob3-eddsa-rdfc-2022/unsigned.json");
  v2["credentialSubject"]["favouriteColour"] = "blue";
  // The same under VC 1.1.
  Json v1 = {{"@context", Json::array({"https://www.w3.org/2018/credentials/v1",
                                       "https://w3id.org/security/data-integrity/v2"})},
             {"type", Json::array({"VerifiableCredential"})},
             {"issuer", DidKeyFor(key.public_key())},
             {"issuanceDate", "2026-01-01T00:00:00Z"},
             {"credentialSubject", {{"id", "did:example:learner"}, {"favouriteColour", "blue"}}}};
  for (const Json& credential : {v2, v1}) {
    auto signed_credential = AddProof(credential, options, key);
    ASSERT_FALSE(signed_credential.ok()) << credential["@context"];
    EXPECT_EQ(signed_credential.error().code(), ErrorCode::kInvalidInput);
    EXPECT_NE(signed_credential.error().message().find("favouriteColour"), std::string::npos)
        << signed_credential.error().message();
  }
  // Without the undefined term both sign.
  v2["credentialSubject"].erase("favouriteColour");
  v1["credentialSubject"].erase("favouriteColour");
  EXPECT_TRUE(AddProof(v2, options, key).ok());
  EXPECT_TRUE(AddProof(v1, options, key).ok());
  // A VC 1.1 document without the Data Integrity context does not define the proof's terms:
  // AddProof adds that context (Data Integrity 1.0, "Contexts and Vocabularies"); CreateProof,
  // which leaves the document as it is, refuses and says which context to add.
  v1["@context"].erase(1);
  auto refused = CreateProof(v1, options, key);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("data-integrity/v2"), std::string::npos);
  auto added = AddProof(v1, options, key);
  ASSERT_TRUE(added.ok()) << added.error().message();
  EXPECT_EQ((*added)["@context"].back(), "https://w3id.org/security/data-integrity/v2");
}

TEST(EddsaRdfc2022, SafeModeRefusesTermsOnlyTheUndefinedTermsVocabularyCovers) {
  // https://www.w3.org/ns/credentials/undefined-terms/v2 maps every undefined term into the
  // issuer-dependent namespace: such a term has no agreed meaning, so safe mode refuses it.
  const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
  ProofOptions options;
  options.created = "2026-01-01T00:00:00Z";
  options.verification_method = DidKeyVerificationMethodFor(key.public_key());
  Json credential = ReadJsonVector("ob3-eddsa-rdfc-2022/unsigned.json");
  credential["@context"].push_back("https://www.w3.org/ns/credentials/undefined-terms/v2");
  ASSERT_TRUE(AddProof(credential, options, key).ok());
  credential["favouriteColour"] = "blue";
  auto refused = AddProof(credential, options, key);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("favouriteColour"), std::string::npos)
      << refused.error().message();
}

TEST(EddsaRdfc2022, SafeModeRefusesDataTheCanonicalFormWouldLoseOrImplementationsPrintDifferently) {
  const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
  ProofOptions options;
  options.created = "2026-01-01T00:00:00Z";
  options.verification_method = DidKeyVerificationMethodFor(key.public_key());
  const Json base = ReadJsonVector("ob3-eddsa-rdfc-2022/unsigned.json");
  const std::vector<std::pair<std::string, std::function<void(Json&)>>> cases = {
      {"an IRI RDF drops", [](Json& c) { c["credentialSubject"]["id"] = "http://example.com/a##b"; }},
      {"an ill-formed language tag",
       [](Json& c) { c["name"] = {{"@value", "Teamwork"}, {"@language", "not a tag"}}; }},
      {"a 17-digit double",
       [](Json& c) { c["credentialSubject"]["achievement"]["creditsAvailable"] = 0.30000000000000004; }},
      {"a duplicated type",
       [](Json& c) { c["type"].push_back("OpenBadgeCredential"); }},
  };
  ASSERT_TRUE(AddProof(base, options, key).ok());
  for (const auto& [name, mutate] : cases) {
    Json credential = base;
    mutate(credential);
    auto signed_credential = AddProof(credential, options, key);
    ASSERT_FALSE(signed_credential.ok()) << name;
    EXPECT_NE(signed_credential.error().message().find("safe mode"), std::string::npos)
        << name << ": " << signed_credential.error().message();
  }
}

// A value repeated in one array would be shown twice but signed once (RDF keeps one): refused
// in short arrays (compared pairwise) and long ones (bucketed by a keyed hash, issue 17).
TEST(EddsaRdfc2022, SafeModeRefusesAValueRepeatedInAShortOrALongArray) {
  const Json base = ReadJsonVector("ob3-eddsa-rdfc-2022/unsigned.json");
  for (const int length : {3, 16, 17, 5000}) {
    SCOPED_TRACE(length);
    Json credential = base;
    Json tags = Json::array();
    for (int i = 0; i < length; ++i) tags.push_back("t" + std::to_string(i));
    credential["credentialSubject"]["achievement"]["tag"] = tags;
    ASSERT_TRUE(CanonicalizeJsonLdSafe(credential, ContextLoader::Bundled()).ok());
    tags.push_back("t" + std::to_string(length / 2));
    credential["credentialSubject"]["achievement"]["tag"] = tags;
    auto refused = CanonicalizeJsonLdSafe(credential, ContextLoader::Bundled());
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message(), "safe mode: the same value appears twice in one list");
  }
}

// RDF Concepts 1.1 section 3.4: a node object without an id is a fresh blank node each time
// it appears, so `termsOfUse: [{"type": X}, {"type": X}]` is two terms that canonicalization
// keeps (and a copy added after signing would break the signature): safe mode does not refuse
// it, in short or long lists, for termsOfUse and evidence alike. The same object with an id
// is one node, and an @list keeps its repeats in order.
TEST(EddsaRdfc2022, SafeMode_IdenticalObjectsWithoutIdAreDistinctBlankNodes) {
  const Json base = ReadJsonVector("ob3-eddsa-rdfc-2022/unsigned.json");
  const Json object = {{"type", "https://example.com/vocab#Policy"}};
  for (const char* property : {"termsOfUse", "evidence"}) {
    // Copies past the pairwise comparison (16); many more than 1,000 indistinguishable blank
    // nodes meet RDFC-1.0's work bound in safe mode (2,000 Hash N-Degree Quads calls).
    for (const int copies : {2, 17, 1000}) {
      SCOPED_TRACE(std::string(property) + " x" + std::to_string(copies));
      Json credential = base;
      credential[property] = Json::array();
      for (int i = 0; i < copies; ++i) credential[property].push_back(object);
      auto canonical = CanonicalizeJsonLdSafe(credential, ContextLoader::Bundled());
      ASSERT_TRUE(canonical.ok()) << canonical.error().message();
      size_t typed = 0;
      for (size_t at = canonical->find("<https://example.com/vocab#Policy>");
           at != std::string::npos;
           at = canonical->find("<https://example.com/vocab#Policy>", at + 1)) {
        ++typed;
      }
      EXPECT_EQ(typed, static_cast<size_t>(copies));

      Json identified = credential;
      for (Json& item : identified[property]) item["id"] = "https://example.com/policy/1";
      auto refused = CanonicalizeJsonLdSafe(identified, ContextLoader::Bundled());
      ASSERT_FALSE(refused.ok());
      EXPECT_EQ(refused.error().message(), "safe mode: the same value appears twice in one list");
    }
  }
  Json listed = base;
  listed["credentialSubject"]["achievement"]["tag"] = {{"@list", {"a", "b", "a"}}};
  auto canonical = CanonicalizeJsonLdSafe(listed, ContextLoader::Bundled());
  ASSERT_TRUE(canonical.ok()) << canonical.error().message();
}

// Cycles of blank nodes that first-degree hashing cannot tell apart ("poison": RDFC-1.0 is
// exponential on such graphs) stops at the tighter bound safe mode uses, not at RDFC-1.0's
// general default of 4,000 calls and 1,000,000 steps (issue 17).
TEST(EddsaRdfc2022, SafeModeStopsAPoisonGraphAtTheCredentialWorkBound) {
  // Cycles shorter than RDFC-1.0's recursion limit (256 levels), so the calls or steps run out.
  Json graph = Json::array();
  constexpr int kCycles = 15;
  constexpr int kCycleLength = 200;
  for (int c = 0; c < kCycles; ++c) {
    for (int i = 0; i < kCycleLength; ++i) {
      const auto label = [c](int n) { return "_:c" + std::to_string(c) + "n" + std::to_string(n); };
      graph.push_back({{"@id", label(i)},
                       {"https://example.com/next", {{"@id", label((i + 1) % kCycleLength)}}}});
    }
  }
  const Json document = {{"@context", Json::array({"https://www.w3.org/ns/credentials/v2"})},
                         {"@graph", std::move(graph)}};
  auto canonical = CanonicalizeJsonLdSafe(document, ContextLoader::Bundled());
  ASSERT_FALSE(canonical.ok());
  EXPECT_EQ(canonical.error().code(), ErrorCode::kInvalidInput);
  const std::string& message = canonical.error().message();
  EXPECT_NE(message.find("work bound"), std::string::npos) << message;
  EXPECT_TRUE(message.find("more than 2000 calls") != std::string::npos ||
              message.find("more than 100000 steps") != std::string::npos)
      << message;
}

TEST(EddsaRdfc2022, VerifyFailsWhenAnUndefinedTermIsAddedAfterSigning) {
  const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
  ProofOptions options;
  options.created = "2026-01-01T00:00:00Z";
  options.verification_method = DidKeyVerificationMethodFor(key.public_key());
  auto signed_credential = AddProof(ReadJsonVector("ob3-eddsa-rdfc-2022/unsigned.json"), options, key);
  ASSERT_TRUE(signed_credential.ok()) << signed_credential.error().message();
  DidResolver resolver;
  auto before = VerifyProofs(*signed_credential, resolver);
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE((*before)[0].verified) << (*before)[0].detail;

  Json tampered = *signed_credential;
  tampered["credentialSubject"]["undefinedTerm"] = "not covered by the canonical form";
  auto after = VerifyProofs(tampered, resolver);
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE((*after)[0].verified);
  EXPECT_NE((*after)[0].detail.find("safe mode"), std::string::npos) << (*after)[0].detail;
}

}  // namespace
}  // namespace pramaan
