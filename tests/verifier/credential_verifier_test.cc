// The verifier against real issued credentials: every field is covered by the signature, keys
// must belong to the issuer, validity is checked against an injected clock.
#include "verifier/credential_verifier.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "core/did/did_key.h"
#include "core/integrity/data_integrity.h"
#include "issuer/issuance.h"
#include "keys/ed25519_signer_sodium.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

using testing::ReadJsonFile;


const Timestamp kIssuedAt = *ParseRfc3339("2026-11-20T09:00:00Z");

class CredentialVerifierTest : public ::testing::Test {
 protected:
  CredentialVerifierTest()
      : key_(Ed25519SignerSodium::Generate()),
        issuing_clock_(kIssuedAt),
        verifying_clock_(kIssuedAt + std::chrono::hours(24)),
        verifier_(contexts_, resolver_, verifying_clock_) {}

  // A credential issued by the real pipeline from an examples/ record.
  Json Issue(const std::string& example, const Signer& signer, const std::string& issuer_did,
             const std::string& method) const {
    ProofOptions proof;
    proof.verification_method = method;
    IssuancePipeline pipeline({issuer_did, "Test Issuer", ""}, "https://pramaan.example", signer,
                              proof, resolver_, issuing_clock_);
    auto issued = pipeline.Issue(ReadJsonFile(std::string(PRAMAAN_SOURCE_DIR) + "/examples/" + example));
    EXPECT_TRUE(issued.ok()) << (issued.ok() ? "" : issued.error().message());
    return issued.ok() ? issued->credential : Json();
  }
  Json IssueWithDidKey(const std::string& example) {
    return Issue(example, key_, DidKeyFor(key_.public_key()),
                 DidKeyVerificationMethodFor(key_.public_key()));
  }

  // True when the verifier accepts `credential` as valid.
  bool Accepts(const Json& credential) const {
    auto report = verifier_.Check(credential);
    return report.ok() && report->verified();
  }

  Ed25519SignerSodium key_;
  ContextLoader contexts_;
  DidResolver resolver_;
  FixedClock issuing_clock_;
  FixedClock verifying_clock_;
  CredentialVerifier verifier_;
};

TEST_F(CredentialVerifierTest, IssuedCourseCompletionVerifiesWithEveryCheckPassing) {
  const Json credential = IssueWithDidKey("completion.json");
  auto outcome = verifier_.Verify(credential);
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->report.verified()) << outcome->report.ToText();
  for (const char* id : {"schema", "proof", "issuer", "validity"}) {
    const Check* check = outcome->report.Find(id);
    ASSERT_NE(check, nullptr) << id;
    EXPECT_TRUE(check->passed) << id << ": " << check->detail;
  }
  ASSERT_TRUE(outcome->credential.has_value());
  EXPECT_EQ(outcome->credential->header().issuer_id, DidKeyFor(key_.public_key()));
}

// Walks every value of `node` and calls `mutate` with a copy of the root in which one thing
// was changed: each member removed, each leaf changed, a member added to each object, each
// array element removed and an element appended to each array.
void ForEachMutation(const Json& root, const std::function<void(const Json&, const std::string&)>& mutate) {
  std::function<void(const Json::json_pointer&)> walk = [&](const Json::json_pointer& at) {
    const Json& node = root.at(at);
    if (node.is_object()) {
      Json added = root;
      added.at(at)["injectedMember"] = "x";
      mutate(added, at.to_string() + " +member");
      for (const auto& [key, value] : node.items()) {
        Json removed = root;
        removed.at(at).erase(key);
        mutate(removed, (at / key).to_string() + " removed");
        walk(at / key);
      }
    } else if (node.is_array()) {
      Json appended = root;
      appended.at(at).push_back(node.empty() ? Json("x") : node.back());
      mutate(appended, at.to_string() + " +element");
      for (size_t i = 0; i < node.size(); ++i) {
        Json removed = root;
        removed.at(at).erase(i);
        mutate(removed, (at / i).to_string() + " removed");
        walk(at / i);
      }
    } else {
      Json changed = root;
      Json& leaf = changed.at(at);
      if (leaf.is_string()) {
        leaf = leaf.get<std::string>() + "x";
      } else if (leaf.is_boolean()) {
        leaf = !leaf.get<bool>();
      } else if (leaf.is_number()) {
        leaf = leaf.get<double>() + 1;
      } else {
        leaf = "x";
      }
      mutate(changed, at.to_string() + " changed");
    }
  };
  walk(Json::json_pointer(""));
}

TEST_F(CredentialVerifierTest, VerifyFailsWhenAnyValueOfAnIssuedCredentialIsChanged) {
  for (const char* example : {"completion.json", "qualification.json"}) {
    const Json credential = IssueWithDidKey(example);
    ASSERT_TRUE(Accepts(credential));
    int mutations = 0;
    ForEachMutation(credential, [&](const Json& mutated, const std::string& what) {
      ++mutations;
      EXPECT_FALSE(Accepts(mutated)) << example << ": still valid after " << what;
    });
    // The walk reached the whole document, proof included.
    EXPECT_GT(mutations, 150) << example;
  }
}

TEST_F(CredentialVerifierTest, VerifyFailsWhenProofRemoved) {
  Json credential = IssueWithDidKey("completion.json");
  credential.erase("proof");
  auto outcome = verifier_.Verify(credential);
  ASSERT_TRUE(outcome.ok());
  EXPECT_FALSE(outcome->report.verified());
  EXPECT_FALSE(outcome->report.Find("proof")->passed);
  EXPECT_FALSE(outcome->credential.has_value());
}

TEST_F(CredentialVerifierTest, VerifyFailsWhenSignedByAKeyTheIssuerDoesNotControl) {
  // A valid signature by someone else's did:key, on a credential naming our issuer.
  const Ed25519SignerSodium other = Ed25519SignerSodium::Generate();
  ProofOptions proof;
  proof.verification_method = DidKeyVerificationMethodFor(other.public_key());
  IssuancePipeline pipeline({DidKeyFor(key_.public_key()), "Test Issuer", ""},
                            "https://pramaan.example", other, proof, resolver_, issuing_clock_);
  // The pipeline's self-check refuses to issue it...
  auto issued = pipeline.Issue(
      ReadJsonFile(std::string(PRAMAAN_SOURCE_DIR) + "/examples/completion.json"));
  ASSERT_FALSE(issued.ok());
  EXPECT_EQ(issued.error().code(), ErrorCode::kInternal);
  // ...and a credential forged the same way by hand fails the issuer check.
  Json forged = IssueWithDidKey("completion.json");
  forged.erase("proof");
  ProofOptions options;
  options.created = "2026-11-20T09:00:00Z";
  options.verification_method = DidKeyVerificationMethodFor(other.public_key());
  forged = *AddProof(forged, options, other);
  auto outcome = verifier_.Verify(forged);
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->report.Find("proof")->passed);
  EXPECT_FALSE(outcome->report.Find("issuer")->passed);
  EXPECT_FALSE(outcome->report.verified());
}

TEST_F(CredentialVerifierTest, DidWebIssuerVerifiesOnlyWithItsConfiguredDocument) {
  const std::string did = "did:web:pramaan.example";
  const std::string method = did + "#key-1";
  DidResolver issuer_resolver;
  const Json document =
      DidDocument::ForMethods(did, {VerificationMethod{method, did, key_.public_key()}}).ToJson();
  ASSERT_TRUE(issuer_resolver.AddDocument(document).ok());
  ProofOptions proof;
  proof.verification_method = method;
  IssuancePipeline pipeline({did, "Test Issuer", ""}, "https://pramaan.example", key_, proof,
                            issuer_resolver, issuing_clock_);
  auto issued = pipeline.Issue(ReadJsonFile(std::string(PRAMAAN_SOURCE_DIR) + "/examples/completion.json"));
  ASSERT_TRUE(issued.ok()) << issued.error().message();

  // Without the DID document the key cannot be resolved: never fetched from the network.
  EXPECT_FALSE(Accepts(issued->credential));
  ASSERT_TRUE(resolver_.AddDocument(document).ok());
  EXPECT_TRUE(Accepts(issued->credential));

  // A document that lists the key but not under assertionMethod does not authorize it.
  Json unauthorized = document;
  unauthorized["assertionMethod"] = Json::array();
  ASSERT_TRUE(resolver_.AddDocument(unauthorized).ok());
  EXPECT_FALSE(Accepts(issued->credential));
}

TEST_F(CredentialVerifierTest, ValidityFollowsTheInjectedClock) {
  Json credential = IssueWithDidKey("completion.json");
  credential.erase("proof");
  credential["validUntil"] = "2026-12-31T23:59:59Z";
  ProofOptions options;
  options.created = "2026-11-20T09:00:00Z";
  options.verification_method = DidKeyVerificationMethodFor(key_.public_key());
  const Json signed_credential = *AddProof(credential, options, key_);

  const auto verify_at = [&](const char* when) {
    FixedClock clock(*ParseRfc3339(when));
    CredentialVerifier verifier(contexts_, resolver_, clock);
    auto outcome = verifier.Verify(signed_credential);
    EXPECT_TRUE(outcome.ok());
    return outcome->report.Find("validity")->passed;
  };
  EXPECT_FALSE(verify_at("2026-11-20T08:59:59Z"));  // before validFrom
  EXPECT_TRUE(verify_at("2026-11-20T09:00:00Z"));
  EXPECT_TRUE(verify_at("2026-12-31T23:59:58Z"));
  EXPECT_FALSE(verify_at("2026-12-31T23:59:59Z"));  // expired
}

TEST_F(CredentialVerifierTest, VerifyCannotRunOnUnknownContextOrNonObject) {
  Json credential = IssueWithDidKey("completion.json");
  credential["@context"].push_back("https://attacker.example/context.jsonld");
  auto outcome = verifier_.Verify(credential);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(outcome.error().message().find("https://attacker.example/context.jsonld"),
            std::string::npos);
  EXPECT_FALSE(verifier_.Verify(Json::array()).ok());
}

TEST_F(CredentialVerifierTest, W3cJcsVectorHasAValidProofButAnIssuerThatIsNotItsKey) {
  // The vector's issuer is https://vc.example/issuers/5678 while its key is a did:key: the
  // signature verifies, but nothing ties the key to the issuer, so the credential is not valid.
  const Json vector =
      ReadJsonFile(std::string(PRAMAAN_VECTORS_DIR) + "/vc-di-eddsa/eddsa-jcs-2022/signedJCS.json");
  auto outcome = verifier_.Verify(vector);
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->report.Find("proof")->passed) << outcome->report.ToText();
  EXPECT_FALSE(outcome->report.Find("issuer")->passed);
  EXPECT_FALSE(outcome->report.verified());
}

TEST_F(CredentialVerifierTest, Vc11CredentialWithIssuanceDateVerifies) {
  Json credential = {
      {"@context", Json::array({"https://www.w3.org/2018/credentials/v1",
                                "https://w3id.org/security/data-integrity/v2"})},
      {"id", "urn:uuid:1b0c8a2e-0d3f-4c61-9d0c-8f2c3a1e6b10"},
      {"type", Json::array({"VerifiableCredential"})},
      {"issuer", DidKeyFor(key_.public_key())},
      {"issuanceDate", "2026-01-01T00:00:00Z"},
      {"credentialSubject", {{"id", "did:example:learner"}}}};
  ProofOptions options;
  options.created = "2026-01-01T00:00:00Z";
  options.verification_method = DidKeyVerificationMethodFor(key_.public_key());
  EXPECT_TRUE(Accepts(*AddProof(credential, options, key_)));
  credential.erase("issuanceDate");
  auto outcome = verifier_.Verify(*AddProof(credential, options, key_));
  ASSERT_TRUE(outcome.ok());
  EXPECT_FALSE(outcome->report.Find("schema")->passed);
}

}  // namespace
}  // namespace pramaan
