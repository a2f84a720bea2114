// The issuance pipeline: validate -> build -> sign -> verify own output.
#include "issuer/issuance.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/credential/related_resource.h"
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

// Issue 18: with a configured context URL, credentials name it and pin it by the digest of
// Pramaan's context, and a verifier holding only the bundled contexts (which never fetches)
// verifies them: the pin makes that URL the bundled context for this credential.
TEST_F(IssuanceTest, CredentialsNameAndPinTheConfiguredContextUrl) {
  const std::string cdn = "https://cdn.example.gov.in/pramaan/context-v1.jsonld";
  IssuancePipeline pipeline({DidKeyFor(key_.public_key()), "Test Issuer", ""},
                            "https://pramaan.example", key_, Options(), resolver_, clock_,
                            ContextLoader::Bundled(), cdn);
  auto issued = pipeline.Issue(Example("qualification.json"));
  ASSERT_TRUE(issued.ok()) << issued.error().message();
  const Json& credential = issued->credential;
  EXPECT_EQ(credential["@context"].back(), cdn);
  ASSERT_EQ(credential["relatedResource"].size(), 1u);
  EXPECT_EQ(credential["relatedResource"][0]["id"], cdn);
  EXPECT_EQ(credential["relatedResource"][0]["digestMultibase"],
            DigestMultibaseSha256(*ContextLoader::Bundled().BundledBytes(kPramaanContext)));
  CredentialVerifier verifier(ContextLoader::Bundled(), resolver_, clock_);
  auto outcome = verifier.Verify(credential);
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->report.verified()) << outcome->report.ToText();

  // Unpinned, the same URL is unknown to the verifier, which cannot check the credential and
  // says which context it lacks: the signature alone does not make that URL our context.
  Json unpinned = credential;
  unpinned.erase("relatedResource");
  auto refused = verifier.Verify(unpinned);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find(cdn), std::string::npos) << refused.error().message();
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

// A signer whose signatures are wrong: a faulty HSM, or a key file that does not hold the key
// the DID document lists.
class FlippingSigner : public Signer {
 public:
  explicit FlippingSigner(const Signer& inner) : inner_(inner) {}
  Result<Ed25519Signature> Sign(std::span<const uint8_t> message) const override {
    PRAMAAN_ASSIGN_OR_RETURN(Ed25519Signature signature, inner_.Sign(message));
    signature[7] ^= 0x01;
    return signature;
  }
  const Ed25519PublicKey& public_key() const override { return inner_.public_key(); }

 private:
  const Signer& inner_;
};

// Nothing that would fail a verifier leaves the pipeline: a bad signature, a key the issuer's
// DID document does not give for the method, a key controlled by someone else, and a key
// declared compromised before the signing time all stop issuance with kInternal.
// Issue 17: NUL and other control characters never reach a credential (the page, the PDF, the
// QR); the refusal names the field. Tab and newline are allowed.
TEST_F(IssuanceTest, PrepareRefusesControlCharactersNamingTheField) {
  const struct {
    const char* member;
    const char* field;
  } kCases[] = {{"name", "learner.name"}, {"name_local", "learner.name_local"}};
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.field);
    Json record = Example("completion.json");
    record["learner"][c.member] = std::string("Asha\0Verma", 10);
    auto prepared = pipeline_.Prepare(record);
    ASSERT_FALSE(prepared.ok());
    EXPECT_EQ(prepared.error().code(), ErrorCode::kInvalidInput);
    EXPECT_NE(prepared.error().message().find(c.field), std::string::npos)
        << prepared.error().message();
  }
  Json escape = Example("completion.json");
  escape["course"]["title"] = "Course \x1b[2J";
  EXPECT_FALSE(pipeline_.Prepare(escape).ok());
  Json lines = Example("completion.json");
  lines["course"]["title"] = "Digital\tGovernance";
  auto prepared = pipeline_.Prepare(lines);
  EXPECT_TRUE(prepared.ok()) << prepared.error().message();
}

TEST(CredentialId, ChosenIdsAreLowerCaseBase32Of16To32AndTypedIdsNormalize) {
  EXPECT_TRUE(IsChosenCredentialId("abcdefghijklmnop"));
  EXPECT_TRUE(IsChosenCredentialId(NewCredentialId()));
  EXPECT_TRUE(IsChosenCredentialId(std::string(32, '7')));
  const std::vector<std::string> bad_ids = {
      "",         "abcdefghijklmno",  std::string(33, 'a'), "../../x",
      "ABCDEFGHIJKLMNOP", "abcdefghijklmno1", "abcdefgh-ijklmnop", std::string(5000, 'a')};
  for (const std::string& bad : bad_ids) {
    EXPECT_FALSE(IsChosenCredentialId(bad)) << bad.substr(0, 40);
  }
  EXPECT_EQ(NormalizeTypedCredentialId("ABCD-EFGH ijkl%20MNOP\t2345"), "abcdefghijklmnop2345");
  EXPECT_EQ(NormalizeTypedCredentialId("../x"), "../x");
}

TEST_F(IssuanceTest, TheSelfCheckStopsWhatAVerifierWouldRefuse) {
  const auto expect_refused = [&](const IssuancePipeline& pipeline, const std::string& why) {
    auto issued = pipeline.Issue(Example("completion.json"));
    ASSERT_FALSE(issued.ok()) << why;
    EXPECT_EQ(issued.error().code(), ErrorCode::kInternal) << why;
    EXPECT_NE(issued.error().message().find("self-check failed"), std::string::npos)
        << why << ": " << issued.error().message();
  };
  const IssuerProfile issuer{DidKeyFor(key_.public_key()), "Test Issuer", ""};
  FlippingSigner flipping(key_);
  expect_refused(IssuancePipeline(issuer, "https://pramaan.example", flipping, Options(),
                                  resolver_, clock_),
                 "a faulty signer");

  Ed25519SignerSodium other = Ed25519SignerSodium::Generate();
  ProofOptions other_method;
  other_method.verification_method = DidKeyVerificationMethodFor(other.public_key());
  expect_refused(IssuancePipeline(issuer, "https://pramaan.example", key_, other_method,
                                  resolver_, clock_),
                 "the method names another key");

  // A did:web issuer whose document lists the key under a method it does not control, then
  // under its own method but declared compromised before the clock's time.
  const std::string did = "did:web:issuer.example";
  const IssuerProfile web_issuer{did, "Test Issuer", ""};
  ProofOptions web_method;
  web_method.verification_method = did + "#key-1";
  DidResolver web_resolver;
  DidDocument document = DidDocument::ForMethods(
      did, {VerificationMethod{did + "#key-1", did, key_.public_key(),
                               *ParseRfc3339("2026-11-01T00:00:00Z")}});
  ASSERT_TRUE(web_resolver.AddDocument(document.ToJson()).ok());
  expect_refused(IssuancePipeline(web_issuer, "https://pramaan.example", key_, web_method,
                                  web_resolver, clock_),
                 "the key is declared compromised");
  // The same document without the compromise issues: the checks above failed for their
  // reasons, not for the set-up.
  DidResolver sound_resolver;
  ASSERT_TRUE(sound_resolver
                  .AddDocument(DidDocument::ForMethods(
                                   did, {VerificationMethod{did + "#key-1", did, key_.public_key()}})
                                   .ToJson())
                  .ok());
  IssuancePipeline sound(web_issuer, "https://pramaan.example", key_, web_method, sound_resolver,
                         clock_);
  auto issued = sound.Issue(Example("completion.json"));
  ASSERT_TRUE(issued.ok()) << issued.error().message();
  CredentialVerifier verifier(ContextLoader::Bundled(), sound_resolver, clock_);
  auto outcome = verifier.Verify(issued->credential);
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->report.verified()) << outcome->report.ToText();
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
