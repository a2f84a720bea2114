// The issuance service (issuer/issuance_service.h): the one path from a record or an unsigned
// credential to a stored, audited credential. The first suite runs one set of behaviours
// through each of its three entry points as their adapters call it: the CLI's batch runner
// (issuer/batch_runner.h), the awarding workflow (awarding::IssueThrough, which the award
// route and `pramaan award` use) and HTTP (api::Handle, POST /credentials/issue).
#include "issuer/issuance_service.h"

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "api/handler.h"
#include "api/metrics.h"
#include "awarding/workflow.h"
#include "core/did/did_key.h"
#include "core/status/status_entry.h"
#include "issuer/batch_runner.h"
#include "issuer/credential_id.h"
#include "keys/ed25519_signer_sodium.h"
#include "keys/secret_bytes.h"
#include "store/awarding_store.h"
#include "store/registry.h"
#include "verifier/credential_verifier.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

namespace fs = std::filesystem;
constexpr char kBaseUrl[] = "https://pramaan.example";
constexpr char kToken[] = "issuance-service-test-token-0123456789";
constexpr char kNqrCode[] = "QG-05-GE-01234-2024-V1.0-NCVET";

Json Example(const std::string& name) {
  return testing::ReadJsonFile(testing::SourcePath("examples/" + name));
}

std::unique_ptr<IssuerSetup> MakeSetup() {
  auto setup = std::make_unique<IssuerSetup>();
  setup->signer = std::make_unique<Ed25519SignerSodium>(Ed25519SignerSodium::Generate());
  setup->config.base_url = kBaseUrl;
  setup->issuer = {DidKeyFor(setup->signer->public_key()), "Test Issuer", ""};
  setup->config.issuer = setup->issuer;
  setup->proof.verification_method = DidKeyVerificationMethodFor(setup->signer->public_key());
  return setup;
}

// A service over a SQLite registry in a temporary directory, with a fixed clock.
class IssuanceServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::OpenSqliteRegistry(dir_.path() / "registry.sqlite");
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    registry_ = std::move(opened).value();
    service_ = std::make_unique<IssuanceService>(*setup_, clock_, *registry_,
                                                 IssuanceServiceOptions{true, nullptr});
  }

  int64_t Count() const {
    auto count = registry_->Count();
    EXPECT_TRUE(count.ok());
    return count.ok() ? *count : -1;
  }

  std::vector<store::IssuanceAction> Actions(const std::string& id) const {
    auto events = registry_->IssuanceEvents(id);
    EXPECT_TRUE(events.ok());
    std::vector<store::IssuanceAction> actions;
    if (events.ok()) {
      for (const store::IssuanceEvent& event : *events) actions.push_back(event.action);
    }
    return actions;
  }

  testing::TempDir dir_{"pramaan-issuance-service"};
  FixedClock clock_{testing::At("2026-11-20T09:00:00Z")};
  std::unique_ptr<IssuerSetup> setup_ = MakeSetup();
  std::unique_ptr<store::Registry> registry_;
  std::unique_ptr<IssuanceService> service_;
};

// ---------------------------------------------------------------------------------------------
// One behavioural suite, three entry points.

struct PathAnswer {
  std::string id;
  Json credential;
};

// An entry point into the service, as its adapter calls it.
class EntryPoint {
 public:
  virtual ~EntryPoint() = default;
  // Issues the entry point's sample input.
  virtual Result<PathAnswer> Issue() = 0;
  // Sends the same input again, as a retry or a run after a crash would.
  virtual Result<PathAnswer> IssueAgain() = 0;
  // The actor the audit log names for this entry point, up to its ':'.
  virtual std::string ActorPrefix() const = 0;
};

Result<PathAnswer> AnswerFor(const store::StoredCredential& stored) {
  PRAMAAN_ASSIGN_OR_RETURN(Json credential, ParseJson(stored.credential_json));
  return PathAnswer{stored.id, std::move(credential)};
}

// `pramaan issue RECORD.json --out DIR`: the batch runner over the service.
class CliEntry final : public EntryPoint {
 public:
  CliEntry(IssuanceService& service, store::Registry& registry, fs::path dir)
      : service_(service), registry_(registry), dir_(std::move(dir)) {
    const Json record = Example("completion.json");
    std::ofstream(dir_ / "record.json") << DumpJson(record, true);
    source_ = record["source_record_id"];
  }
  Result<PathAnswer> Issue() override { return Run(1, 0); }
  Result<PathAnswer> IssueAgain() override { return Run(0, 1); }
  std::string ActorPrefix() const override { return "cli"; }

 private:
  Result<PathAnswer> Run(int64_t issued, int64_t skipped) {
    PRAMAAN_ASSIGN_OR_RETURN(IssueSummary summary,
                             IssueToDirectory(service_, Requester{"cli:tester"},
                                              (dir_ / "record.json").string(), dir_ / "out", {}));
    EXPECT_EQ(summary.issued, issued);
    EXPECT_EQ(summary.skipped, skipped);
    PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::StoredCredential> stored,
                             registry_.GetBySourceRecord(source_));
    if (!stored) return NotFound("nothing stored for " + source_);
    // The file the CLI wrote is exactly what the registry holds.
    EXPECT_EQ(testing::ReadFile(dir_ / "out" / (stored->id + ".json")), stored->credential_json);
    return AnswerFor(*stored);
  }

  IssuanceService& service_;
  store::Registry& registry_;
  fs::path dir_;
  std::string source_;
};

// An award: results submitted, approved by a second person, awarded through IssueThrough.
class AwardingEntry final : public EntryPoint {
 public:
  AwardingEntry(IssuanceService& service, store::Registry& registry, const Clock& clock,
                const fs::path& database)
      : service_(service), registry_(registry) {
    auto opened = store::OpenSqliteAwardingStore(database);
    EXPECT_TRUE(opened.ok());
    if (!opened.ok()) return;
    store_ = std::move(opened).value();
    workflow_ = std::make_unique<awarding::Workflow>(*store_, clock,
                                                     awarding::AwardingBody{"Body", "AB-1"});
    admin_ = Add(nullptr, "admin", awarding::Role::kAdministrator);
    clerk_ = Add(&admin_, "clerk", awarding::Role::kSubmitter);
    checker_ = Add(&admin_, "checker", awarding::Role::kApprover);
    const std::string catalogue = std::string(R"([{"nqr_code": ")") + kNqrCode +
                                  R"(", "title": "Public Service Delivery Associate",
        "title_hi": "लोक सेवा वितरण सहयोगी", "nsqf_level": 5, "notional_hours": 360,
        "sector": "Public Administration", "version": "1.0", "valid_from": "2024-01-01"}])";
    EXPECT_TRUE(workflow_->ImportCatalogue(admin_, catalogue, awarding::InputFormat::kJson, "c").ok());
  }
  Result<PathAnswer> Issue() override {
    const Json results = Json::array(
        {Json{{"candidate_id", "c1"}, {"name", "Asha Verma"}, {"apaar_id", "111122223333"},
              {"nqr_code", kNqrCode}, {"assessment_date", "2026-10-20"}, {"result", "pass"}}});
    PRAMAAN_ASSIGN_OR_RETURN(
        awarding::SubmitReport report,
        workflow_->Submit(clerk_, "",
                          DumpJson(Json{{"agency", "Agency"}, {"results", results}}, false),
                          awarding::InputFormat::kJson, "results.json"));
    batch_ = report.batch_id;
    PRAMAAN_RETURN_IF_ERROR(workflow_->Review(checker_, batch_));
    PRAMAAN_RETURN_IF_ERROR(workflow_->Approve(checker_, batch_, ""));
    // What the award hands to the service, kept to hand it over again.
    awarding::IssueFunction through = awarding::IssueThrough(service_, admin_);
    awarding::IssueFunction recording = [&](const Json& record) {
      record_ = record;
      return through(record);
    };
    PRAMAAN_ASSIGN_OR_RETURN(awarding::AwardReport awarded,
                             workflow_->Award(admin_, batch_, recording));
    if (awarded.issued.size() != 1) return Internal("the award issued nothing");
    return Stored(awarded.issued[0].credential_id);
  }
  // An award interrupted after issuing and before recording the credential hands the same
  // record over again.
  Result<PathAnswer> IssueAgain() override {
    PRAMAAN_ASSIGN_OR_RETURN(std::string id, awarding::IssueThrough(service_, admin_)(record_));
    return Stored(id);
  }
  std::string ActorPrefix() const override { return "awarding"; }

 private:
  awarding::Actor Add(const awarding::Actor* by, const std::string& name, awarding::Role role) {
    // A submitter belongs to the agency its results name (issue 17).
    auto token =
        workflow_->AddUser(by, name, {role}, role == awarding::Role::kSubmitter ? "Agency" : "");
    EXPECT_TRUE(token.ok());
    auto actor = workflow_->Authenticate(token.ok() ? *token : "");
    return actor.ok() ? *actor : awarding::Actor{};
  }
  Result<PathAnswer> Stored(const std::string& id) {
    PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::StoredCredential> stored, registry_.Get(id));
    if (!stored) return NotFound("credential " + id + " is not stored");
    return AnswerFor(*stored);
  }

  IssuanceService& service_;
  store::Registry& registry_;
  std::unique_ptr<store::AwardingStore> store_;
  std::unique_ptr<awarding::Workflow> workflow_;
  awarding::Actor admin_, clerk_, checker_;
  std::string batch_;
  Json record_;
};

api::HttpRequest IssueRequest(const Json& body) {
  api::HttpRequest request(api::http::verb::post, "/credentials/issue", 11);
  request.set(api::http::field::content_type, "application/json");
  request.set(api::http::field::authorization, std::string("Bearer ") + kToken);
  request.body() = DumpJson(body, false);
  request.prepare_payload();
  return request;
}

// POST /credentials/issue through the handler, as the server calls it.
class HttpEntry final : public EntryPoint {
 public:
  HttpEntry(IssuanceService& service, store::Registry& registry, const IssuerSetup& setup,
            const Clock& clock)
      : token_(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(kToken),
                                        sizeof kToken - 1)) {
    services_.setup = &setup;
    services_.issuance = &service;
    services_.registry = &registry;
    services_.clock = &clock;
    services_.metrics = &metrics_;
    services_.api_token = &token_;
    // The caller's unsigned credential: what the record builder makes, with the caller's id.
    const IssuancePipeline pipeline(setup.issuer, kBaseUrl, *setup.signer, setup.proof,
                                    setup.resolver, clock);
    auto prepared = pipeline.Prepare(Example("completion.json"));
    EXPECT_TRUE(prepared.ok());
    if (prepared.ok()) unsigned_ = prepared->document();
  }
  Result<PathAnswer> Issue() override { return Post(201); }
  Result<PathAnswer> IssueAgain() override { return Post(200); }
  std::string ActorPrefix() const override { return "api"; }

 private:
  Result<PathAnswer> Post(unsigned expected_status) {
    api::HandledRequest handled =
        api::Handle(IssueRequest(Json{{"credential", unsigned_}}), services_);
    EXPECT_EQ(handled.response.result_int(), expected_status) << handled.response.body();
    PRAMAAN_ASSIGN_OR_RETURN(Json body, ParseJson(handled.response.body()));
    Json credential = body["verifiableCredential"];
    const std::string id = ShortCredentialIdOf(credential, kBaseUrl);
    if (id.empty()) return Internal("no credential in " + handled.response.body());
    return PathAnswer{id, std::move(credential)};
  }

  api::Metrics metrics_;
  SecretBytes token_;
  api::ApiServices services_;
  Json unsigned_;
};

enum class Path { kCli, kAwarding, kHttp };

class EntryPointTest : public IssuanceServiceTest, public ::testing::WithParamInterface<Path> {
 protected:
  void SetUp() override {
    IssuanceServiceTest::SetUp();
    switch (GetParam()) {
      case Path::kCli:
        entry_ = std::make_unique<CliEntry>(*service_, *registry_, dir_.path());
        break;
      case Path::kAwarding:
        entry_ = std::make_unique<AwardingEntry>(*service_, *registry_, clock_,
                                                 dir_.path() / "registry.sqlite");
        break;
      case Path::kHttp:
        entry_ = std::make_unique<HttpEntry>(*service_, *registry_, *setup_, clock_);
        break;
    }
  }
  std::unique_ptr<EntryPoint> entry_;
};

TEST_P(EntryPointTest, IssuesTheSameShapeWithStatusEntriesTheServiceAllocated) {
  auto issued = entry_->Issue();
  ASSERT_TRUE(issued.ok()) << issued.error().message();
  const Json& credential = issued->credential;
  EXPECT_TRUE(IsCredentialId(issued->id)) << issued->id;
  EXPECT_EQ(credential["id"], std::string(kBaseUrl) + "/credentials/" + issued->id);
  EXPECT_EQ(credential["type"], Json::array({"VerifiableCredential", "OpenBadgeCredential"}));
  EXPECT_EQ(credential["issuer"]["id"], setup_->issuer.id);
  EXPECT_EQ(credential["credentialSubject"]["type"], Json::array({"AchievementSubject"}));
  EXPECT_EQ(credential["proof"]["verificationMethod"], setup_->proof.verification_method);
  EXPECT_EQ(credential["proof"]["created"], "2026-11-20T09:00:00Z");

  // Its status entries are the position the registry holds for it, in both lists.
  auto stored = registry_->Get(issued->id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  ASSERT_TRUE((*stored)->revocation_index.has_value());
  auto entries = ReadCredentialStatus(credential);
  ASSERT_TRUE(entries.ok()) << entries.error().message();
  ASSERT_EQ(entries->entries.size(), 2u);
  std::set<std::string> purposes;
  for (const BitstringStatusListEntry& entry : entries->entries) {
    purposes.insert(entry.status_purpose);
    EXPECT_EQ(entry.status_list_index, static_cast<uint64_t>(*(*stored)->revocation_index));
    EXPECT_TRUE(entry.status_list_credential.starts_with(std::string(kBaseUrl) + "/status/"));
  }
  EXPECT_EQ(purposes, (std::set<std::string>{"revocation", "suspension"}));

  // It verifies as anyone would verify it.
  CredentialVerifier verifier(setup_->contexts, setup_->resolver, clock_);
  auto verified = verifier.Verify(credential);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->report.verified()) << verified->report.ToText();
}

TEST_P(EntryPointTest, WritesAnAuditEventBeforeAndAfterTheSignature) {
  auto issued = entry_->Issue();
  ASSERT_TRUE(issued.ok()) << issued.error().message();
  auto events = registry_->IssuanceEvents(issued->id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].action, store::IssuanceAction::kSign);
  EXPECT_EQ((*events)[1].action, store::IssuanceAction::kIssued);
  EXPECT_LT((*events)[0].seq, (*events)[1].seq);
  for (const store::IssuanceEvent& event : *events) {
    EXPECT_EQ(event.key_id, setup_->proof.verification_method);
    EXPECT_EQ(event.at, "2026-11-20T09:00:00Z");
    EXPECT_TRUE(event.actor.starts_with(entry_->ActorPrefix() + ":")) << event.actor;
    EXPECT_EQ(event.source_record_id, (*events)[0].source_record_id);
  }
}

TEST_P(EntryPointTest, TheSameInputAgainIssuesNothingNew) {
  auto first = entry_->Issue();
  ASSERT_TRUE(first.ok()) << first.error().message();
  auto again = entry_->IssueAgain();
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->credential, first->credential);
  EXPECT_EQ(Count(), 1);
  EXPECT_EQ(Actions(first->id),
            (std::vector<store::IssuanceAction>{store::IssuanceAction::kSign,
                                                store::IssuanceAction::kIssued}))
      << "a repeated request signs nothing";
}

std::string PathName(const ::testing::TestParamInfo<Path>& path) {
  switch (path.param) {
    case Path::kCli:
      return "Cli";
    case Path::kAwarding:
      return "Awarding";
    case Path::kHttp:
      return "Http";
  }
  return "Unknown";
}

INSTANTIATE_TEST_SUITE_P(AllEntryPoints, EntryPointTest,
                         ::testing::Values(Path::kCli, Path::kAwarding, Path::kHttp), PathName);

// A caller's credentialStatus could point at another learner's bit: only the service allocates.
TEST_F(IssuanceServiceTest, HttpRefusesACallersCredentialStatusWith422NamingIt) {
  HttpEntry http(*service_, *registry_, *setup_, clock_);
  const IssuancePipeline pipeline(setup_->issuer, kBaseUrl, *setup_->signer, setup_->proof,
                                  setup_->resolver, clock_);
  auto victim = service_->IssueRecord(Example("completion.json"), Requester{"cli:tester"});
  ASSERT_TRUE(victim.ok()) << victim.error().message();
  auto prepared = pipeline.Prepare(Example("qualification.json"));
  ASSERT_TRUE(prepared.ok());
  Json credential = prepared->document();
  auto stolen = ParseJson(victim->stored.credential_json);
  ASSERT_TRUE(stolen.ok());
  credential["credentialStatus"] = (*stolen)["credentialStatus"];

  api::Metrics metrics;
  const SecretBytes token(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(kToken), sizeof kToken - 1));
  api::ApiServices services;
  services.setup = setup_.get();
  services.issuance = service_.get();
  services.registry = registry_.get();
  services.clock = &clock_;
  services.metrics = &metrics;
  services.api_token = &token;
  api::HandledRequest handled = api::Handle(IssueRequest(Json{{"credential", credential}}), services);
  EXPECT_EQ(handled.response.result_int(), 422u);
  EXPECT_EQ(handled.response[api::http::field::content_type], "application/problem+json");
  auto problem = ParseJson(handled.response.body());
  ASSERT_TRUE(problem.ok());
  EXPECT_NE((*problem)["detail"].get<std::string>().find("credentialStatus"), std::string::npos)
      << handled.response.body();
  EXPECT_EQ(Count(), 1) << "nothing was issued";
}

TEST_F(IssuanceServiceTest, TheCliRefusesARecordThatBringsACredentialStatus) {
  Json record = Example("completion.json");
  record["credentialStatus"] = Json::array({Json{{"type", "BitstringStatusListEntry"}}});
  std::ofstream(dir_.path() / "record.json") << DumpJson(record, true);
  auto summary = IssueToDirectory(*service_, Requester{"cli:tester"},
                                  (dir_.path() / "record.json").string(), dir_.path() / "out", {});
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(summary.error().message().find("credentialStatus"), std::string::npos)
      << summary.error().message();
  EXPECT_EQ(Count(), 0);
}

// ---------------------------------------------------------------------------------------------
// The service itself.

TEST_F(IssuanceServiceTest, ADifferentRecordUnderAnIssuedSourceRecordIdIsAConflict) {
  Json record = Example("completion.json");
  ASSERT_TRUE(service_->IssueRecord(record, Requester{"cli:tester"}).ok());
  record["learner"]["name"] = "Someone Else";
  auto again = service_->IssueRecord(record, Requester{"cli:tester"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
  EXPECT_NE(again.error().message().find("reissue"), std::string::npos);
  EXPECT_EQ(Count(), 1);
}

TEST_F(IssuanceServiceTest, OverHttpADifferentCredentialUnderTheSameIdIsAConflict) {
  const Json credential = {{"@context", Json::array({"https://www.w3.org/ns/credentials/v2"})},
                           {"type", Json::array({"VerifiableCredential"})},
                           {"credentialSubject", Json{{"id", "did:example:learner"}}}};
  auto first = service_->IssueCredential(credential, "platform-42", Requester{"api:t"});
  ASSERT_TRUE(first.ok()) << first.error().message();
  EXPECT_EQ(first->kind, Issuance::Kind::kIssued);
  auto same = service_->IssueCredential(credential, "platform-42", Requester{"api:t"});
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->kind, Issuance::Kind::kAlreadyIssued);
  EXPECT_EQ(same->stored.id, first->stored.id);
  Json other = credential;
  other["credentialSubject"]["id"] = "did:example:someone-else";
  auto different = service_->IssueCredential(other, "platform-42", Requester{"api:t"});
  ASSERT_FALSE(different.ok());
  EXPECT_EQ(different.error().code(), ErrorCode::kConflict);
  // Without an id or options.credentialId there is no key: each is a new credential.
  auto unkeyed = service_->IssueCredential(other, "", Requester{"api:t"});
  ASSERT_TRUE(unkeyed.ok());
  EXPECT_NE(unkeyed->stored.id, first->stored.id);
  EXPECT_EQ(Count(), 2);
}

TEST_F(IssuanceServiceTest, AGroupIssuesItsRecordsAndAnswersEachOnItsOwn) {
  Json good = Example("completion.json");
  Json bad = good;
  bad["source_record_id"] = "bad-1";
  bad["learner"].erase("name");
  Json duplicate = good;  // the same record twice in one group
  auto results = service_->IssueRecords({good, bad, duplicate}, Requester{"cli:tester"});
  ASSERT_TRUE(results.ok()) << results.error().message();
  ASSERT_EQ(results->size(), 3u);
  ASSERT_TRUE((*results)[0].ok());
  EXPECT_EQ((*results)[0]->kind, Issuance::Kind::kIssued);
  ASSERT_FALSE((*results)[1].ok());
  EXPECT_NE((*results)[1].error().message().find("learner.name"), std::string::npos);
  ASSERT_TRUE((*results)[2].ok()) << (*results)[2].error().message();
  EXPECT_EQ((*results)[2]->kind, Issuance::Kind::kAlreadyIssued);
  EXPECT_EQ((*results)[2]->stored.id, (*results)[0]->stored.id);
  EXPECT_EQ(Count(), 1);
}

// A certificate maker that stands for cli/certificates.h: "PDF of {id}".
class NamingCertificates final : public CertificateFactory {
 public:
  Result<std::string> Make(const Json&, const std::string& id) const override {
    return "%PDF- of " + id;
  }
};

// The PDF made at issuance is kept in a served registry (for the public role to hand to the
// learner), alone and in groups; not in a registry no server serves.
TEST_F(IssuanceServiceTest, ACertificateMadeAtIssuanceIsKeptInAServedRegistry) {
  const NamingCertificates certificates;
  IssuanceService served(*setup_, clock_, *registry_, IssuanceServiceOptions{true, &certificates});
  auto one = served.IssueRecord(Example("completion.json"), Requester{"cli:tester"});
  ASSERT_TRUE(one.ok()) << one.error().message();
  Json second = Example("completion.json");
  second["source_record_id"] = "kept-2";
  auto group = served.IssueRecords({second}, Requester{"cli:tester"});
  ASSERT_TRUE(group.ok() && (*group)[0].ok());
  for (const std::string& id : {one->stored.id, (*group)[0]->stored.id}) {
    auto kept = registry_->GetCertificate(id);
    ASSERT_TRUE(kept.ok() && kept->has_value()) << id;
    EXPECT_EQ(**kept, "%PDF- of " + id);
  }
  IssuanceService unserved(*setup_, clock_, *registry_,
                           IssuanceServiceOptions{false, &certificates});
  Json third = Example("completion.json");
  third["source_record_id"] = "not-kept-3";
  auto plain = unserved.IssueRecord(third, Requester{"cli:tester"});
  ASSERT_TRUE(plain.ok()) << plain.error().message();
  EXPECT_EQ(plain->pdf, "%PDF- of " + plain->stored.id);
  auto none = registry_->GetCertificate(plain->stored.id);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_F(IssuanceServiceTest, WithoutStatusAllocationCredentialsHaveNoStatusEntries) {
  IssuanceService plain(*setup_, clock_, *registry_, IssuanceServiceOptions{false, nullptr});
  auto issued = plain.IssueRecord(Example("completion.json"), Requester{"cli:tester"});
  ASSERT_TRUE(issued.ok()) << issued.error().message();
  EXPECT_EQ(issued->stored.credential_json.find("credentialStatus"), std::string::npos);
  EXPECT_FALSE(issued->stored.revocation_index.has_value());
}

TEST_F(IssuanceServiceTest, ValidUntilBecomesTheCredentialsValidUntil) {
  Json record = Example("completion.json");
  record["valid_until"] = "2028-03-31T23:59:59+05:30";
  auto issued = service_->IssueRecord(record, Requester{"cli:tester"});
  ASSERT_TRUE(issued.ok()) << issued.error().message();
  auto credential = ParseJson(issued->stored.credential_json);
  ASSERT_TRUE(credential.ok());
  EXPECT_EQ((*credential)["validUntil"], "2028-03-31T18:29:59Z");
  const FixedClock after(testing::At("2028-04-01T00:00:00Z"));
  CredentialVerifier later(setup_->contexts, setup_->resolver, after);
  auto report = later.Check(*credential);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->verified());
  ASSERT_NE(report->Find("validity"), nullptr);
  EXPECT_FALSE(report->Find("validity")->passed);
}

TEST_F(IssuanceServiceTest, ValidUntilBeforeTheTimeOfIssueIsRefused) {
  Json record = Example("completion.json");
  record["valid_until"] = "2026-11-20T08:59:59Z";
  auto issued = service_->IssueRecord(record, Requester{"cli:tester"});
  ASSERT_FALSE(issued.ok());
  EXPECT_EQ(issued.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(issued.error().message().find("valid_until"), std::string::npos);
  EXPECT_EQ(Count(), 0);
}

TEST_F(IssuanceServiceTest, ReissueSupersedesAndRevokesTheOldCredential) {
  Json record = Example("completion.json");
  auto original = service_->IssueRecord(record, Requester{"cli:tester"});
  ASSERT_TRUE(original.ok());
  record["learner"]["name"] = "Corrected Name";
  auto replacement =
      service_->Reissue(record, original->stored.id, "name corrected", Requester{"cli:tester"});
  ASSERT_TRUE(replacement.ok()) << replacement.error().message();
  EXPECT_EQ(replacement->stored.source_record_id,
            record["source_record_id"].get<std::string>() + ":reissue-2");
  auto superseded = registry_->SupersededBy(original->stored.id);
  ASSERT_TRUE(superseded.ok() && superseded->has_value());
  EXPECT_EQ(**superseded, replacement->stored.id);
  auto events = registry_->StatusEvents(original->stored.id);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].action, store::StatusAction::kRevoke);
  EXPECT_NE((*events)[0].reason.find("name corrected"), std::string::npos);
  EXPECT_EQ((*events)[0].reason_code, "superseded");
  // Once superseded, it cannot be reissued again.
  auto twice = service_->Reissue(record, original->stored.id, "again", Requester{"cli:tester"});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code(), ErrorCode::kConflict);
  // The replacement itself can be corrected in turn: a third credential, not a conflict.
  record["learner"]["name"] = "Corrected Again";
  auto third =
      service_->Reissue(record, replacement->stored.id, "again", Requester{"cli:tester"});
  ASSERT_TRUE(third.ok()) << third.error().message();
  EXPECT_EQ(third->stored.source_record_id,
            record["source_record_id"].get<std::string>() + ":reissue-3");
  auto chained = registry_->SupersededBy(replacement->stored.id);
  ASSERT_TRUE(chained.ok() && chained->has_value());
  EXPECT_EQ(**chained, third->stored.id);
}

// A caller's idempotency key cannot collide with the platform's record ids: the two live in
// separate namespaces.
TEST_F(IssuanceServiceTest, AVcApiKeyEqualToARecordIdDoesNotBlockThatRecord) {
  const Json record = Example("completion.json");
  const std::string source = record["source_record_id"];
  const Json credential = {{"@context", Json::array({"https://www.w3.org/ns/credentials/v2"})},
                           {"type", Json::array({"VerifiableCredential"})},
                           {"credentialSubject", Json{{"id", "did:example:learner"}}}};
  auto by_api = service_->IssueCredential(credential, source, Requester{"api:t"});
  ASSERT_TRUE(by_api.ok()) << by_api.error().message();
  EXPECT_EQ(by_api->stored.source_record_id, "vc-api:" + source);
  auto by_record = service_->IssueRecord(record, Requester{"cli:tester"});
  ASSERT_TRUE(by_record.ok()) << by_record.error().message();
  EXPECT_EQ(by_record->kind, Issuance::Kind::kIssued);
  EXPECT_EQ(Count(), 2);
}

}  // namespace
}  // namespace pramaan
