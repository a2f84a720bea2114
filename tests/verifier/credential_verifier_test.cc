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
#include "verifier/verdict.h"

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
  for (const char* id : {"schema", "proof", "issuer", "validity", "status"}) {
    const Check* check = outcome->report.Find(id);
    ASSERT_NE(check, nullptr) << id;
    EXPECT_TRUE(check->passed) << id << ": " << check->detail;
  }
  // Without a trust list or a registry, those two are reported as not made.
  for (const char* id : {"trust", "supersession"}) {
    const Check* check = outcome->report.Find(id);
    ASSERT_NE(check, nullptr) << id;
    EXPECT_FALSE(check->checked) << id;
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


// --- The verdict: trust, status, supersession and the state derived from the report. ---

// A status source that always finds the same (or fails).
class FixedStatusSource final : public StatusSource {
 public:
  explicit FixedStatusSource(Result<StatusFinding> finding) : finding_(std::move(finding)) {}
  Result<StatusFinding> Check(const Json&) const override { return finding_; }

 private:
  Result<StatusFinding> finding_;
};

class FixedSupersessionSource final : public SupersessionSource {
 public:
  explicit FixedSupersessionSource(std::optional<Successor> successor)
      : successor_(std::move(successor)) {}
  Result<std::optional<Successor>> ReplacedBy(const Json&) const override { return successor_; }

 private:
  std::optional<Successor> successor_;
};

std::vector<std::string> CheckIds(const VerificationReport& report) {
  std::vector<std::string> ids;
  for (const Check& check : report.checks()) ids.push_back(check.id);
  return ids;
}

TEST_F(CredentialVerifierTest, ReportHasTheSevenChecksInTheirOrder) {
  auto report = verifier_.Check(IssueWithDidKey("completion.json"));
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(CheckIds(*report),
            (std::vector<std::string>{"schema", "proof", "issuer", "trust", "validity", "status",
                                      "supersession"}));
}

TEST_F(CredentialVerifierTest, TrustFailsWhenSignedByAnotherDidKeyWithTheIssuersName) {
  const std::string issuer_did = DidKeyFor(key_.public_key());
  const TrustedIssuers trusted({issuer_did});
  const CredentialVerifier verifier(contexts_, resolver_, verifying_clock_, {&trusted});
  // The genuine credential is trusted.
  auto genuine = verifier.Check(IssueWithDidKey("completion.json"));
  ASSERT_TRUE(genuine.ok());
  EXPECT_TRUE(genuine->Find("trust")->checked);
  EXPECT_TRUE(genuine->Find("trust")->passed) << genuine->ToText();
  EXPECT_TRUE(genuine->verified()) << genuine->ToText();

  // Someone with their own did:key copies the issuer's name and profile and signs: proof and
  // issuer pass (the key is the named issuer's), trust does not.
  const Ed25519SignerSodium other = Ed25519SignerSodium::Generate();
  Json forged = IssueWithDidKey("completion.json");
  forged.erase("proof");
  forged["issuer"]["id"] = DidKeyFor(other.public_key());
  ASSERT_EQ(forged["issuer"]["name"], "Test Issuer");
  ProofOptions options;
  options.created = "2026-11-20T09:00:00Z";
  options.verification_method = DidKeyVerificationMethodFor(other.public_key());
  forged = *AddProof(forged, options, other);
  auto report = verifier.Check(forged);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->Find("proof")->passed) << report->ToText();
  EXPECT_TRUE(report->Find("issuer")->passed) << report->ToText();
  const Check* trust = report->Find("trust");
  ASSERT_NE(trust, nullptr);
  EXPECT_TRUE(trust->checked);
  EXPECT_FALSE(trust->passed);
  EXPECT_NE(trust->detail.find(DidKeyFor(other.public_key())), std::string::npos) << trust->detail;
  EXPECT_NE(trust->detail.find("not one this verifier trusts"), std::string::npos) << trust->detail;
  EXPECT_FALSE(report->verified());
  EXPECT_EQ(StateOf(*report), CredentialState::kInvalid);
  EXPECT_EQ(report->ToJson()["verified"], false);
}

TEST_F(CredentialVerifierTest, TrustIsNotCheckedWithoutATrustListAndVerifiedFollowsTheOtherChecks) {
  const Ed25519SignerSodium other = Ed25519SignerSodium::Generate();
  Json credential = IssueWithDidKey("completion.json");
  credential.erase("proof");
  credential["issuer"]["id"] = DidKeyFor(other.public_key());
  ProofOptions options;
  options.created = "2026-11-20T09:00:00Z";
  options.verification_method = DidKeyVerificationMethodFor(other.public_key());
  credential = *AddProof(credential, options, other);
  const TrustedIssuers empty;
  for (const TrustedIssuers* trusted : {static_cast<const TrustedIssuers*>(nullptr), &empty}) {
    const CredentialVerifier verifier(contexts_, resolver_, verifying_clock_, {trusted});
    auto report = verifier.Check(credential);
    ASSERT_TRUE(report.ok());
    const Check* trust = report->Find("trust");
    ASSERT_NE(trust, nullptr);
    EXPECT_FALSE(trust->checked);
    EXPECT_NE(trust->detail.find(DidKeyFor(other.public_key())), std::string::npos);
    EXPECT_NE(trust->detail.find("not checked against a list of trusted issuers"),
              std::string::npos)
        << trust->detail;
    EXPECT_TRUE(report->verified()) << report->ToText();
    EXPECT_EQ(report->ToJson()["checks"][3]["checked"], false);
    EXPECT_NE(report->ToText().find("  --    trust: "), std::string::npos) << report->ToText();
  }
  // The same credential with a failed check is still not verified.
  Json tampered = credential;
  tampered["credentialSubject"]["name"] = "Mallory";
  auto report = verifier_.Check(tampered);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->verified());
}

// The credential issued with a (made-up) status entry, signed by the issuer.
Json WithStatusEntry(Json credential, const Signer& signer, const std::string& method) {
  credential.erase("proof");
  credential["credentialStatus"] = {
      {"id", "https://pramaan.example/status/revocation-00#5"},
      {"type", "BitstringStatusListEntry"},
      {"statusPurpose", "revocation"},
      {"statusListIndex", "5"},
      {"statusListCredential", "https://pramaan.example/status/revocation-00"}};
  ProofOptions options;
  options.created = "2026-11-20T09:00:00Z";
  options.verification_method = method;
  return *AddProof(credential, options, signer);
}

// The status lists a credential names are the signer's: an unsigned or tampered credential's
// lists are not fetched or believed.
TEST_F(CredentialVerifierTest, StatusIsNotCheckedWhenNoVerifiedProofBindsTheCredential) {
  Json credential = WithStatusEntry(IssueWithDidKey("completion.json"), key_,
                                    DidKeyVerificationMethodFor(key_.public_key()));
  credential["credentialSubject"]["name"] = "Someone Else";  // the proof no longer verifies
  StatusFinding revoked;
  revoked.kind = StatusFinding::Kind::kRevoked;
  const FixedStatusSource source(revoked);
  const CredentialVerifier verifier(contexts_, resolver_, verifying_clock_, {nullptr, &source});
  auto report = verifier.Check(credential);
  ASSERT_TRUE(report.ok());
  const Check* status = report->Find("status");
  ASSERT_NE(status, nullptr);
  EXPECT_FALSE(status->checked) << status->detail;
  EXPECT_NE(status->detail.find("no verified proof"), std::string::npos) << status->detail;
  EXPECT_FALSE(report->verified());
  EXPECT_EQ(StateOf(*report), CredentialState::kInvalid);
}

TEST_F(CredentialVerifierTest, StatusFailsWithTheReasonWhenRevokedOrSuspended) {
  const Json credential = WithStatusEntry(IssueWithDidKey("completion.json"), key_,
                                          DidKeyVerificationMethodFor(key_.public_key()));
  StatusFinding revoked;
  revoked.kind = StatusFinding::Kind::kRevoked;
  revoked.reason = "fraudulent award";
  revoked.at = "2026-11-21T10:00:00Z";
  revoked.actor = "registrar";
  StatusFinding suspended;
  suspended.kind = StatusFinding::Kind::kSuspended;
  suspended.reason = "under investigation";
  // Bitstring Status List 1.0: what a message entry's status means (statusMessage) is shown
  // and does not decide validity.
  StatusFinding with_message;
  with_message.notes = {"message status 0x1: accepted"};
  struct Case {
    Result<StatusFinding> finding;
    bool verified;
    CredentialState state;
    std::vector<std::string> detail_has;
  } cases[] = {
      {StatusFinding{}, true, CredentialState::kValid, {"neither revoked nor suspended"}},
      {with_message, true, CredentialState::kValid,
       {"neither revoked nor suspended; message status 0x1: accepted"}},
      {revoked, false, CredentialState::kRevoked,
       {"revoked", "fraudulent award", "2026-11-21T10:00:00Z", "registrar"}},
      {suspended, false, CredentialState::kSuspended, {"suspended", "under investigation"}},
      {Internal("the list could not be fetched"), false, CredentialState::kInvalid,
       {"cannot be checked: ", "could not be fetched"}},
  };
  for (const Case& c : cases) {
    const FixedStatusSource source(c.finding);
    const CredentialVerifier verifier(contexts_, resolver_, verifying_clock_,
                                      {nullptr, &source});
    auto report = verifier.Check(credential);
    ASSERT_TRUE(report.ok());
    const Check* status = report->Find("status");
    ASSERT_NE(status, nullptr);
    EXPECT_TRUE(status->checked);
    EXPECT_EQ(status->passed, c.verified) << status->detail;
    for (const std::string& part : c.detail_has) {
      EXPECT_NE(status->detail.find(part), std::string::npos) << status->detail;
    }
    EXPECT_EQ(report->verified(), c.verified) << report->ToText();
    EXPECT_EQ(StateOf(*report), c.state) << report->ToText();
  }
}

TEST_F(CredentialVerifierTest, StatusIsNotCheckedOfflineAndPassesWithoutStatusEntries) {
  const Json with_status = WithStatusEntry(IssueWithDidKey("completion.json"), key_,
                                           DidKeyVerificationMethodFor(key_.public_key()));
  auto offline = verifier_.Check(with_status);
  ASSERT_TRUE(offline.ok());
  EXPECT_FALSE(offline->Find("status")->checked);
  EXPECT_NE(offline->Find("status")->detail.find("not checked"), std::string::npos);
  EXPECT_TRUE(offline->verified()) << offline->ToText();

  const FixedStatusSource failing(Internal("never asked"));
  const CredentialVerifier verifier(contexts_, resolver_, verifying_clock_, {nullptr, &failing});
  auto without = verifier.Check(IssueWithDidKey("completion.json"));
  ASSERT_TRUE(without.ok());
  EXPECT_TRUE(without->Find("status")->passed);
  EXPECT_EQ(without->Find("status")->detail, "the credential has no status entries");
}

TEST_F(CredentialVerifierTest, SupersessionFailsNamingTheReplacement) {
  const Json credential = IssueWithDidKey("completion.json");
  const FixedSupersessionSource replaced(
      Successor{"newid", "https://pramaan.example/credentials/newid"});
  const CredentialVerifier verifier(contexts_, resolver_, verifying_clock_,
                                    {nullptr, nullptr, &replaced});
  auto report = verifier.Check(credential);
  ASSERT_TRUE(report.ok());
  const Check* supersession = report->Find("supersession");
  ASSERT_NE(supersession, nullptr);
  EXPECT_TRUE(supersession->checked);
  EXPECT_FALSE(supersession->passed);
  EXPECT_EQ(supersession->detail, "replaced by https://pramaan.example/credentials/newid");
  EXPECT_FALSE(report->verified());
  EXPECT_EQ(StateOf(*report), CredentialState::kSuperseded);

  const FixedSupersessionSource current(std::nullopt);
  const CredentialVerifier current_verifier(contexts_, resolver_, verifying_clock_,
                                            {nullptr, nullptr, &current});
  auto fine = current_verifier.Check(credential);
  ASSERT_TRUE(fine.ok());
  EXPECT_TRUE(fine->Find("supersession")->passed);
  EXPECT_TRUE(fine->verified());
}

TEST(VerificationReport, VerifiedIgnoresChecksNotMadeButNeedsOneMade) {
  VerificationReport report;
  report.AddNotChecked("trust", "no list");
  EXPECT_FALSE(report.verified());
  report.Add("proof", true, "");
  EXPECT_TRUE(report.verified());
  report.Add("validity", false, "expired");
  EXPECT_FALSE(report.verified());
  EXPECT_FALSE(report.ToJson()["checks"][1].contains("checked"));
  EXPECT_EQ(report.ToJson()["checks"][0]["checked"], false);
}

TEST(VerificationReport, AppendCheckJsonWritesWhatDumpJsonWrites) {
  const Check checks[] = {
      Check("status", false, "revoked at 2026-11-21T10:00:00Z by a: \"quoted\" \\ back\tslash\n\x01"),
      Check("trust", false, "signed by did:key:z6Mk; not checked", false),
      Check("schema", true, "नाम with UTF-8"),
      Check("validity", true, ""),
  };
  for (const Check& check : checks) {
    std::string appended;
    VerificationReport::AppendCheckJson(check, &appended);
    EXPECT_EQ(appended, DumpJson(VerificationReport::CheckToJson(check), false));
  }
}

// The state from the report: invalid, then superseded (a reissue, which also revokes, reads
// as replaced: issue 19), then revoked/suspended, then expired.
TEST(CredentialState, StateFollowsTheOrderChecksThenSupersessionThenStatusThenExpiry) {
  struct Case {
    bool proof, validity;
    std::string_view status;  // "" passed, else the failed status's finding
    bool superseded;
    CredentialState expected;
  } cases[] = {
      {true, true, "", false, CredentialState::kValid},
      {false, true, "", false, CredentialState::kInvalid},
      {false, false, finding::kRevoked, true, CredentialState::kInvalid},
      {true, false, "", false, CredentialState::kExpired},
      {true, false, finding::kRevoked, false, CredentialState::kRevoked},
      {true, true, finding::kSuspended, false, CredentialState::kSuspended},
      {true, true, "", true, CredentialState::kSuperseded},
      {true, false, "", true, CredentialState::kSuperseded},
      {true, true, finding::kRevoked, true, CredentialState::kSuperseded},
      {true, false, finding::kRevoked, false, CredentialState::kRevoked},
      {true, true, finding::kUnavailable, false, CredentialState::kInvalid},
  };
  for (const Case& c : cases) {
    VerificationReport report;
    report.Add("schema", true, "");
    report.Add("proof", c.proof, "");
    report.Add("issuer", c.proof, "");
    report.AddNotChecked("trust", "");
    report.Add("validity", c.validity, "");
    report.Add(Check("status", c.status.empty(), "", true, c.status));
    report.Add("supersession", !c.superseded, "");
    EXPECT_EQ(StateOf(report), c.expected) << StateName(c.expected) << "\n" << report.ToText();
  }
  EXPECT_EQ(StateOf(VerificationReport()), CredentialState::kInvalid);
}

}  // namespace
}  // namespace pramaan
