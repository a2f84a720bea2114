// Unit tests of the server's pure parts: the verdict, the public page, signed links, problem
// responses, metrics and the in-memory registry.
#include <gtest/gtest.h>

#include "api/handler.h"
#include "api/learner_page.h"
#include "api/memory_registry.h"
#include "api/metrics.h"
#include "api/signed_link.h"
#include "api/verification_page.h"
#include "api/presentation_verifier.h"
#include "api/vc_api_result.h"
#include "api/verified_cache.h"
#include "core/did/multikey.h"
#include "core/encoding/multibase.h"
#include "core/integrity/eddsa_jcs_2022.h"
#include "keys/ed25519_signer_sodium.h"
#include "core/time/rfc3339.h"
#include "issuer/config.h"
#include "issuer/issuance.h"
#include "store/status_lists.h"
#include "api/bulk_entries.h"
#include "core/did/did_key.h"
#include "tests/test_support.h"

namespace pramaan::api {
namespace {

TEST(VerificationPage, ShowsPublicFieldsEscapedAndNeverTheScoreOrIdentifiers) {
  Json credential = testing::ReadJsonFile(
      testing::SourcePath("examples/signed/course-completion.credential.json"));
  credential["credentialSubject"]["name"] = "Asha <b>Verma</b>";
  const PublicFields fields = ReadPublicFields(credential);
  EXPECT_EQ(fields.achievement, "Digital Governance Foundations");
  EXPECT_EQ(fields.date.size(), 10u);
  const std::string page =
      RenderVerificationPage("abc", CredentialState::kSuperseded, fields, "https://x/v/newer");
  EXPECT_NE(page.find("Asha &lt;b&gt;Verma&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(page.find("<b>Verma"), std::string::npos);
  EXPECT_NE(page.find("href=\"https://x/v/newer\""), std::string::npos);
  EXPECT_NE(page.find("data-status=\"superseded\""), std::string::npos);
  EXPECT_EQ(page.find("87.5"), std::string::npos);
  EXPECT_EQ(page.find("identityHash"), std::string::npos);
  EXPECT_EQ(page.find("sha256$"), std::string::npos);
  const std::string text = PublicReportText("abc", CredentialState::kSuperseded,
                                            PublicFieldsJson(fields), "[]", "https://x/v/\"newer");
  auto json = ParseJson(text, "report");
  ASSERT_TRUE(json.ok()) << text;
  EXPECT_EQ((*json)["status"], "superseded");
  EXPECT_EQ((*json)["verified"], false);
  EXPECT_EQ((*json)["supersededBy"], "https://x/v/\"newer");
  EXPECT_EQ((*json)["credential"]["name"], "Asha <b>Verma</b>");
  EXPECT_EQ((*json)["credential"]["nameHi"], fields.name_local);
  EXPECT_EQ((*json)["credential"]["nameLocal"], fields.name_local);
  EXPECT_EQ((*json)["credential"]["language"], "hi");
  EXPECT_EQ((*json)["credential"]["kind"], "course");
  EXPECT_EQ((*json)["credential"]["provider"],
            "Lal Bahadur Shastri National Academy of Administration");
  EXPECT_EQ(text.find("87.5"), std::string::npos);
}

// Issue 19: why a certificate was revoked, from the fixed list of codes, in English and Hindi;
// the issuer's words only when they add to the code; the issuer's contact without its scheme.
TEST(VerificationPage, SaysTheReasonCodeInBothLanguagesAndLinksTheContact) {
  const PublicFields fields = ReadPublicFields(testing::ReadJsonFile(
      testing::SourcePath("examples/signed/course-completion.credential.json")));
  const StatusNote withdrawn{"withdrawn by awarding body", "withdrawn_by_awarding_body",
                             "2026-12-01T09:30:00Z"};
  const std::string page = RenderVerificationPage("abc", CredentialState::kRevoked, fields, "",
                                                  withdrawn, "tel:+911123456789");
  EXPECT_NE(page.find("data-code=\"withdrawn_by_awarding_body\">Reason <span lang=\"hi\">/ "
                      "कारण</span>: Withdrawn by the awarding body <span lang=\"hi\">/ प्रदान करने "
                      "वाली संस्था द्वारा वापस लिया गया</span></p>"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("Revoked on 1 December 2026"), std::string::npos) << page;
  const StatusNote suspended{"<b>pending</b> audit", "other", "2026-12-01T09:30:00Z"};
  const std::string held = RenderVerificationPage("abc", CredentialState::kSuspended, fields, "",
                                                  suspended, "tel:+911123456789");
  EXPECT_NE(held.find(": &lt;b&gt;pending&lt;/b&gt; audit</p>"), std::string::npos) << held;
  EXPECT_NE(held.find("<a id=\"contact\" href=\"tel:+911123456789\">+911123456789</a>"),
            std::string::npos)
      << held;
  auto json = ParseJson(PublicReportText("abc", CredentialState::kRevoked, PublicFieldsJson(fields),
                                         "[]", "", withdrawn),
                        "report");
  ASSERT_TRUE(json.ok());
  EXPECT_EQ((*json)["statusReason"],
            (Json{{"code", "withdrawn_by_awarding_body"},
                  {"reason", "withdrawn by awarding body"},
                  {"since", "2026-12-01T09:30:00Z"}}));
}

// Issue 17: a credential issued elsewhere (or before issuance refused them) may carry NUL and
// other control characters in its names; the page drops them (tab and newline read as a space).
TEST(VerificationPage, DropsNulAndOtherControlCharactersFromNames) {
  Json credential = testing::ReadJsonFile(
      testing::SourcePath("examples/signed/course-completion.credential.json"));
  credential["credentialSubject"]["name"] = std::string("Asha\0\x01\x1b[31mVerma\x7f\tK", 19);
  const PublicFields fields = ReadPublicFields(credential);
  const std::string page =
      RenderVerificationPage(std::string_view("ab\0c", 4), CredentialState::kValid, fields, "");
  EXPECT_EQ(page.find('\0'), std::string::npos);
  for (const char c : page) {
    const auto byte = static_cast<unsigned char>(c);
    EXPECT_TRUE(byte >= 0x20 || c == '\n') << "control character " << static_cast<int>(byte);
    EXPECT_NE(byte, 0x7f);
  }
  EXPECT_NE(page.find("Asha[31mVerma K"), std::string::npos);
}

// Issue 19: an employer's list, in each form it may come in.
// Issue 19: POST /v/bulk's per-client budget, a token bucket.
TEST(RateLimiter, SpendsABudgetPerClientThatRefillsOverItsPeriod) {
  RateLimiter limiter(1000, std::chrono::seconds(60), 2);
  const auto t0 = RateLimiter::Clock::time_point() + std::chrono::hours(1);
  EXPECT_EQ(limiter.Spend("10.0.0.1", 600, t0), 0);
  EXPECT_EQ(limiter.Spend("10.0.0.1", 600, t0), 12);  // 200 short at 1000 a minute
  EXPECT_EQ(limiter.Spend("10.0.0.2", 1000, t0), 0);  // another client, its own budget
  EXPECT_EQ(limiter.Spend("10.0.0.1", 600, t0 + std::chrono::seconds(12)), 0);
  // Capped at the capacity: 1000, of which 16.7 came back in the last second.
  EXPECT_EQ(limiter.Spend("10.0.0.1", 5000, t0 + std::chrono::seconds(13)), 59);
  EXPECT_EQ(limiter.Spend("", 1e9, t0), 0);  // an unknown address is not limited
  // A third client when two are remembered: budgets that are whole again are forgotten first
  // (10.0.0.2's, a minute later), then the newcomer gets its own.
  EXPECT_EQ(limiter.Spend("10.0.0.3", 1000, t0 + std::chrono::seconds(61)), 0);
  EXPECT_GT(limiter.Spend("10.0.0.1", 1000, t0 + std::chrono::seconds(61)), 0);
  // When none is whole, all are forgotten: memory stays bounded.
  EXPECT_EQ(limiter.Spend("10.0.0.4", 1000, t0 + std::chrono::seconds(62)), 0);
  EXPECT_EQ(limiter.Spend("10.0.0.1", 1000, t0 + std::chrono::seconds(62)), 0);
}

TEST(BulkEntries, ReadsJsonCsvLinesAndTheForm) {
  using V = std::vector<std::string>;
  auto json = ReadBulkEntries(R"([" abcd ", "", "https://x/v/efgh"])", "application/json");
  ASSERT_TRUE(json.ok()) << json.error().message();
  EXPECT_EQ(*json, (V{"abcd", "https://x/v/efgh"}));
  auto csv = ReadBulkEntries("name,certificate\r\nA,abcd\r\n\"B, C\",efgh\r\n", "text/csv");
  ASSERT_TRUE(csv.ok()) << csv.error().message();
  EXPECT_EQ(*csv, (V{"abcd", "efgh"}));
  // A list without a header: the first line is a certificate too.
  auto bare = ReadBulkEntries("abcdefghijklmnopqrst\nhttps://x/v/bcdefghijklmnopqrstu\n",
                              "text/csv");
  ASSERT_TRUE(bare.ok()) << bare.error().message();
  EXPECT_EQ(bare->size(), 2u);
  auto lines = ReadBulkEntries("abcd\r\n\n  efgh  \n", "text/plain");
  ASSERT_TRUE(lines.ok());
  EXPECT_EQ(*lines, (V{"abcd", "efgh"}));
  auto form = ReadBulkEntries("x=1&entries=ABCD-EFGH%0D%0Ahttps%3A%2F%2Fx%2Fv%2Fijkl+", 
                              "application/x-www-form-urlencoded");
  ASSERT_TRUE(form.ok()) << form.error().message();
  EXPECT_EQ(*form, (V{"ABCD-EFGH", "https://x/v/ijkl"}));

  for (const auto& [body, type, named] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"[1]", "application/json", "array of strings"},
           {"{}", "application/json", "array of strings"},
           {"a", "application/pdf", "application/json"},
           {"entries=", "application/x-www-form-urlencoded", "no certificate"},
           {"x=1", "application/x-www-form-urlencoded", "entries"},
           {"id\n\"open", "text/csv", "line 2"}}) {
    auto refused = ReadBulkEntries(body, type);
    ASSERT_FALSE(refused.ok()) << body;
    EXPECT_NE(refused.error().message().find(named), std::string::npos)
        << refused.error().message();
  }
  std::string many;
  for (std::size_t i = 0; i <= kMaxBulkEntries; ++i) many += "abcd\n";
  auto too_many = ReadBulkEntries(many, "text/plain");
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().code(), ErrorCode::kTooLarge);
}

TEST(BulkEntries, AnEntryIsANumberAsPrintedOrAVerificationUrl) {
  EXPECT_EQ(BulkEntryId("ABCD-EFGH ijkl"), "abcdefghijkl");
  EXPECT_EQ(BulkEntryId("https://pramaan.example/v/ABCDefgh?x=1#y"), "abcdefgh");
  EXPECT_EQ(BulkEntryId("https://pramaan.example/credentials/abcdefgh.pdf"), "abcdefgh");
  EXPECT_EQ(BulkEntryId("https://pramaan.example/credentials/abcd/../x"), "abcd");
}

TEST(SignedLink, AcceptsOnlyTheSignedIdAndExpiryBeforeExpiry) {
  const std::string key_text = "k";
  const SecretBytes key(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(key_text.data()), key_text.size()));
  const std::string sig = SignCertificateLink(key, "id1", 1000);
  EXPECT_TRUE(CheckCertificateLink(key, "id1", "1000", sig, 999));
  EXPECT_FALSE(CheckCertificateLink(key, "id1", "1000", sig, 1000));
  EXPECT_FALSE(CheckCertificateLink(key, "id2", "1000", sig, 999));
  EXPECT_FALSE(CheckCertificateLink(key, "id1", "1001", sig, 999));
  EXPECT_FALSE(CheckCertificateLink(key, "id1", "1000x", sig, 999));
  EXPECT_FALSE(CheckCertificateLink(key, "id1", "", sig, 999));
  EXPECT_FALSE(CheckCertificateLink(SecretBytes(0), "id1", "1000", sig, 999));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST(SignedLink, ALearnersLinkIsNeverAPdfLinksSignature) {
  const std::string key_text = "k";
  const SecretBytes key(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(key_text.data()), key_text.size()));
  const std::string sig = SignLearnerLink(key, "id1", 1000);
  EXPECT_TRUE(CheckLearnerLink(key, "id1", "1000", sig, 999));
  EXPECT_FALSE(CheckLearnerLink(key, "id1", "1000", sig, 1000));
  EXPECT_FALSE(CheckLearnerLink(key, "id2", "1000", sig, 999));
  EXPECT_NE(sig, SignCertificateLink(key, "id1", 1000));
  EXPECT_FALSE(CheckLearnerLink(key, "id1", "1000", SignCertificateLink(key, "id1", 1000), 999));
  EXPECT_FALSE(CheckCertificateLink(key, "id1", "1000", sig, 999));
  EXPECT_EQ(LearnerLink("https://x.example", key, "id1", 1000),
            "https://x.example/c/id1?expires=1000&sig=" + sig);
}

// The learner's page: LinkedIn's link is prefilled and encoded; DigiLocker only where it is
// configured; a revoked certificate offers nothing; names are escaped.
TEST(LearnerPage, OffersWhatTheStateAllowsAndEscapesEverything) {
  PublicFields fields;
  fields.kind = AchievementKind::kQualification;
  fields.name = "Asha <Verma>";
  fields.achievement = "Records & Archives";
  fields.awarding_body = "Board of \"Skills\"";
  fields.issuer = "Pramaan";
  fields.date = "2026-03-09";
  EXPECT_EQ(LinkedInAddUrl(fields, "https://x.example/v/abc", "abc"),
            "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Records%20%26"
            "%20Archives&organizationName=Board%20of%20%22Skills%22&issueYear=2026&issueMonth=3"
            "&certUrl=https%3A%2F%2Fx.example%2Fv%2Fabc&certId=abc");
  for (const char* date : {"", "2026", "2026-x1-01", "20x6-01-01"}) {
    fields.date = date;
    EXPECT_EQ(LinkedInAddUrl(fields, "u", "i").find("issueYear"), std::string::npos) << date;
  }

  LearnerPage page;
  page.id = "abc";
  page.fields = fields;
  page.verification = "https://x.example/v/abc";
  page.pdf = "/c/abc/certificate.pdf?expires=1&sig=s";
  page.credential = "/c/abc/credential.json?expires=1&sig=s";
  page.pdf_state = LearnerPdf::kReady;
  page.digilocker = true;
  std::string html = RenderLearnerPage(page);
  EXPECT_NE(html.find("Asha &lt;Verma&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<Verma>"), std::string::npos);
  EXPECT_NE(html.find("id=\"download-pdf\" href=\"/c/abc/certificate.pdf?expires=1&amp;sig=s\""),
            std::string::npos);
  EXPECT_NE(html.find("id=\"digilocker\""), std::string::npos);
  page.digilocker = false;
  page.pdf_state = LearnerPdf::kBeingMade;
  html = RenderLearnerPage(page);
  EXPECT_EQ(html.find("id=\"digilocker\""), std::string::npos);
  EXPECT_EQ(html.find("id=\"download-pdf\""), std::string::npos);
  EXPECT_NE(html.find("id=\"pdf-pending\""), std::string::npos);
  page.state = CredentialState::kRevoked;
  html = RenderLearnerPage(page);
  for (const char* offered : {"download-pdf", "download-credential", "linkedin", "share-link"}) {
    EXPECT_EQ(html.find(std::string("id=\"") + offered + "\""), std::string::npos) << offered;
  }
  EXPECT_NE(html.find("id=\"withheld\""), std::string::npos);
  // Said to the learner, not as to an employer.
  EXPECT_NE(html.find("Your certificate was withdrawn"), std::string::npos);
  EXPECT_EQ(html.find("Do not accept"), std::string::npos);
  page.state = CredentialState::kSuspended;
  html = RenderLearnerPage(page);
  EXPECT_NE(html.find("Your certificate is on hold"), std::string::npos);
  EXPECT_EQ(html.find("before accepting it"), std::string::npos);
  EXPECT_TRUE(LearnerMayDownload(CredentialState::kExpired));
  EXPECT_FALSE(LearnerMayDownload(CredentialState::kSuspended));
  EXPECT_FALSE(LearnerMayDownload(CredentialState::kSuperseded));
}

TEST(Routing, OnlyVerificationsCountAsCostlyRequestsThatWriteNothing) {
  const auto request = [](http::verb method, const char* target) {
    return HttpRequest(method, target, 11);
  };
  for (const char* target : {"/credentials/verify", "/presentations/verify"}) {
    EXPECT_TRUE(IsCostlyRequest(request(http::verb::post, target))) << target;
    EXPECT_TRUE(IsVerificationRequest(request(http::verb::post, target))) << target;
    EXPECT_FALSE(IsVerificationRequest(request(http::verb::get, target))) << target;
  }
  for (const char* target : {"/credentials/issue", "/credentials/status", "/awarding/batches",
                             "/credentials/verify?x=1"}) {
    EXPECT_TRUE(IsCostlyRequest(request(http::verb::post, target))) << target;
    EXPECT_FALSE(IsVerificationRequest(request(http::verb::post, target))) << target;
  }
  EXPECT_FALSE(IsCostlyRequest(request(http::verb::get, "/healthz")));
}

TEST(Problem, IsRfc9457Json) {
  const HttpResponse response = MakeProblem(413, "", "Content Too Large", "too big", 11, false);
  EXPECT_EQ(response.result_int(), 413u);
  EXPECT_EQ(response[http::field::content_type], "application/problem+json");
  auto body = ParseJson(response.body());
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)["type"], "about:blank");
  EXPECT_EQ((*body)["status"], 413);
  EXPECT_EQ((*body)["detail"], "too big");
}

TEST(Metrics, RendersCountersAndCumulativeHistogram) {
  Metrics metrics;
  metrics.RecordRequest("/v/{id}", 200, 0.002);
  metrics.RecordRequest("/v/{id}", 200, 3.0);
  metrics.RecordVerification("valid");
  metrics.RecordIssuance();
  const std::string text = metrics.Render();
  EXPECT_NE(text.find("pramaan_http_requests_total{route=\"/v/{id}\",status=\"200\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("pramaan_http_request_duration_seconds_bucket{le=\"0.0025\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("pramaan_http_request_duration_seconds_bucket{le=\"+Inf\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("pramaan_verifications_total{outcome=\"valid\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("pramaan_credentials_issued_total 1\n"), std::string::npos);
}

TEST(MemoryRegistry, RefusesDuplicatesAndRecordsSupersession) {
  MemoryRegistry registry;
  ASSERT_TRUE(registry.Put({"a", "src-a", "{}", "2026-01-01T00:00:00Z", "", "", {}, {}}).ok());
  EXPECT_FALSE(registry.Put({"a", "src-b", "{}", "", "", "", {}, {}}).ok());
  EXPECT_FALSE(registry.Put({"b", "src-a", "{}", "", "", "", {}, {}}).ok());
  ASSERT_TRUE(registry.Put({"b", "src-b", "{}", "", "", "", {}, {}}).ok());
  EXPECT_FALSE(registry.Supersede("a", "zzz").ok());
  ASSERT_TRUE(registry.Supersede("a", "b").ok());
  EXPECT_EQ((*registry.Get("a"))->superseded_by, "b");
  EXPECT_EQ((*registry.GetBySourceRecord("src-b"))->id, "b");
  EXPECT_FALSE(registry.Get("c")->has_value());
  EXPECT_EQ(*registry.Count(), 2);
}

}  // namespace
}  // namespace pramaan::api

namespace pramaan::api {
namespace {

// GET /v/{id} with a VerifiedCache: the cache saves the signature check, never the verdict.
class PageCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Verify-only: bundled contexts, and the example's did:key issuer resolves by itself.
    setup_ = std::make_unique<VerifierSetup>();
    setup_->base_url = "https://verify.example";
    credential_json_ = testing::ReadFile(
        testing::SourcePath("examples/signed/course-completion.credential.json"));
  }

  std::string Page(store::Registry& registry, const Clock& clock, unsigned* status = nullptr,
                   VerifiedCache* cache = nullptr) {
    ApiServices services;
    services.verifier = setup_.get();
    services.registry = &registry;
    services.clock = &clock;
    services.metrics = &metrics_;
    services.verified_cache = cache != nullptr ? cache : &cache_;
    HttpRequest request(http::verb::get, "/v/abc", 11);
    request.set(http::field::accept, "application/json");
    HandledRequest handled = Handle(request, services);
    if (status != nullptr) *status = handled.response.result_int();
    auto json = ParseJson(handled.response.body(), "page");
    if (!json.ok()) return "unparsable";
    return (*json)["status"].is_string() ? (*json)["status"].get<std::string>() : "a problem";
  }

  static store::StoredCredential Stored(std::string credential_json) {
    store::StoredCredential stored;
    stored.id = "abc";
    stored.source_record_id = "record-1";
    stored.credential_json = std::move(credential_json);
    stored.issued_at = "2026-11-22T13:33:35Z";
    return stored;
  }

  std::unique_ptr<VerifierSetup> setup_;
  std::string credential_json_;
  Metrics metrics_;
  VerifiedCache cache_{16};
  const FixedClock now_{*ParseRfc3339("2026-12-01T00:00:00Z")};
};

// A status source that cannot answer, with the error it was given.
class FailingStatusSource final : public StatusSource {
 public:
  explicit FailingStatusSource(Error error) : error_(std::move(error)) {}
  Result<StatusFinding> Check(const Json&) const override { return error_; }

 private:
  Error error_;
};

// "Could not check" is not "checked and invalid": when the status source itself fails (the
// registry is down) POST /credentials/verify answers 503, as the page does; a status entry
// that is the credential's own fault is a failed check (422).
TEST_F(PageCacheTest, VerifyAnswers503WhenTheStatusSourceFailsAnd422ForABadEntry) {
  const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
  ProofOptions proof;
  proof.verification_method = DidKeyVerificationMethodFor(key.public_key());
  DidResolver resolver;
  const IssuancePipeline pipeline({DidKeyFor(key.public_key()), "Test Issuer", ""},
                                  setup_->base_url, key, proof, resolver, now_);
  auto prepared = pipeline.Prepare(
      testing::ReadJsonFile(testing::SourcePath("examples/completion.json")));
  ASSERT_TRUE(prepared.ok()) << prepared.error().message();
  prepared->SetCredentialStatus(store::CredentialStatusFor(setup_->base_url, 5));
  auto issued = pipeline.Sign(*prepared);
  ASSERT_TRUE(issued.ok()) << issued.error().message();
  MemoryRegistry registry;
  ApiServices services;
  services.verifier = setup_.get();
  services.registry = &registry;
  services.clock = &now_;
  services.metrics = &metrics_;
  HttpRequest request(http::verb::post, "/credentials/verify", 11);
  request.body() = DumpJson(Json{{"verifiableCredential", issued->credential}}, false);
  request.prepare_payload();

  const FailingStatusSource down(Internal("the registry could not be read"));
  services.status_lists = &down;
  HandledRequest unavailable = Handle(request, services);
  EXPECT_EQ(unavailable.response.result_int(), 503u) << unavailable.response.body();
  EXPECT_NE(unavailable.response.body().find("status-unavailable"), std::string::npos);

  const FailingStatusSource wrong(InvalidInput("credentialStatus names a list never published"));
  services.status_lists = &wrong;
  HandledRequest refused = Handle(request, services);
  EXPECT_EQ(refused.response.result_int(), 422u) << refused.response.body();
  auto result = ParseJson(refused.response.body());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ((*result)["verified"], false);
  EXPECT_NE(DumpJson((*result)["errors"], false).find("status: cannot be checked"),
            std::string::npos)
      << refused.response.body();
}

TEST_F(PageCacheTest, KeepsTheSignatureCheckAndRecomputesTheVerdict) {
  MemoryRegistry registry;
  ASSERT_TRUE(registry.Put(Stored(credential_json_)).ok());
  unsigned status = 0;
  EXPECT_EQ(Page(registry, now_, &status), "valid");
  EXPECT_EQ(status, 200u);
  EXPECT_EQ(cache_.size(), 1u);
  EXPECT_EQ(Page(registry, now_), "valid");  // from the cache

  // The time still counts: before validFrom the same cached entry gives another verdict.
  const FixedClock before{*ParseRfc3339("2026-01-01T00:00:00Z")};
  EXPECT_EQ(Page(registry, before), "expired");
  // And so does the registry's record.
  store::StoredCredential newer = Stored(credential_json_);
  newer.id = "def";
  newer.source_record_id = "record-2";
  ASSERT_TRUE(registry.Put(newer).ok());
  ASSERT_TRUE(registry.Supersede("abc", "def").ok());
  EXPECT_EQ(Page(registry, now_), "superseded");
}

TEST_F(PageCacheTest, JsonReportHasTheSevenChecksAndASupersededCredentialIsNotVerified) {
  MemoryRegistry registry;
  ASSERT_TRUE(registry.Put(Stored(credential_json_)).ok());
  const TrustedIssuers trusted({GetString((*ParseJson(credential_json_))["issuer"], "id")});
  ApiServices services;
  services.verifier = setup_.get();
  services.registry = &registry;
  services.clock = &now_;
  services.metrics = &metrics_;
  services.verified_cache = &cache_;
  services.trusted_issuers = &trusted;
  HttpRequest request(http::verb::get, "/v/abc", 11);
  request.set(http::field::accept, "application/json");
  const auto page = [&] {
    auto json = ParseJson(Handle(request, services).response.body(), "page");
    EXPECT_TRUE(json.ok());
    return json.ok() ? *json : Json();
  };
  for (int round = 0; round < 2; ++round) {  // computed, then from the cache
    const Json report = page();
    std::vector<std::string> ids;
    for (const Json& check : report["checks"]) ids.push_back(check["id"]);
    EXPECT_EQ(ids, (std::vector<std::string>{"schema", "proof", "issuer", "trust", "validity",
                                             "status", "supersession"}))
        << report.dump();
    EXPECT_EQ(report["verified"], true) << report.dump();
    EXPECT_EQ(report["checks"][3]["passed"], true) << report.dump();
  }
  store::StoredCredential newer = Stored(credential_json_);
  newer.id = "def";
  newer.source_record_id = "record-2";
  ASSERT_TRUE(registry.Put(newer).ok());
  ASSERT_TRUE(registry.Supersede("abc", "def").ok());
  const Json superseded = page();
  EXPECT_EQ(superseded["status"], "superseded");
  EXPECT_EQ(superseded["verified"], false);
  EXPECT_EQ(superseded["checks"][6]["detail"], "replaced by https://verify.example/credentials/def");
  EXPECT_EQ(superseded["supersededBy"], "https://verify.example/v/def");
}

TEST_F(PageCacheTest, VerifiesTheRegistrysBytesOnceAndThenAsksOnlyForSupersession) {
  // Tampered bytes under the id are verified (and refused) like any other.
  std::string tampered = credential_json_;
  const size_t name = tampered.find("Asha Verma");
  ASSERT_NE(name, std::string::npos);
  tampered.replace(name, 4, "Usha");
  MemoryRegistry rewritten;
  ASSERT_TRUE(rewritten.Put(Stored(tampered)).ok());
  EXPECT_EQ(Page(rewritten, now_), "invalid");

  // Once verified, a credential's page needs no read of the credential: its bytes never
  // change (migration 6). The registry below has lost the credential; the page still answers,
  // and what replaced it is still asked for on every request.
  VerifiedCache fresh(16);
  MemoryRegistry genuine;
  ASSERT_TRUE(genuine.Put(Stored(credential_json_)).ok());
  EXPECT_EQ(Page(genuine, now_, nullptr, &fresh), "valid");
  MemoryRegistry lost;
  store::StoredCredential newer = Stored(credential_json_);
  newer.id = "def";
  newer.source_record_id = "record-2";
  EXPECT_EQ(Page(lost, now_, nullptr, &fresh), "valid");
  ASSERT_TRUE(lost.Put(newer).ok());
  EXPECT_EQ(Page(lost, now_, nullptr, &fresh), "valid");
  // A registry that holds only the replacement under another id says so.
  store::StoredCredential original = Stored(credential_json_);
  original.source_record_id = "record-1";
  ASSERT_TRUE(lost.Put(original).ok());
  ASSERT_TRUE(lost.Supersede("abc", "def").ok());
  EXPECT_EQ(Page(lost, now_, nullptr, &fresh), "superseded");
  // Without that entry, an unknown id is a 404.
  VerifiedCache empty(16);
  MemoryRegistry none;
  unsigned status = 0;
  EXPECT_EQ(Page(none, now_, &status, &empty), "a problem");
  EXPECT_EQ(status, 404u);
}

TEST(VerifiedCache, DropsTheLeastRecentlyUsedEntry) {
  VerifiedCache cache(8);  // 8 shards: one entry each
  auto entry = std::make_shared<VerifiedCache::Entry>();
  for (int i = 0; i < 100; ++i) cache.Insert("id" + std::to_string(i), entry);
  EXPECT_LE(cache.size(), 8u);
  cache.Insert("kept", entry);
  EXPECT_EQ(cache.Find("kept"), entry);
  EXPECT_EQ(cache.Find("never"), nullptr);
  EXPECT_EQ(cache.Find("id0"), nullptr);  // dropped long ago
}

}  // namespace
}  // namespace pramaan::api

namespace pramaan::api {
namespace {

constexpr char kHolder[] = "did:web:holder.example";
constexpr char kHolderKey[] = "did:web:holder.example#key-1";

// An empty presentation by kHolder (naming no holder when `name_holder` is false), proved
// (eddsa-jcs-2022, for authentication, created 2026-01-01T00:00:00Z) with `key` as
// kHolderKey; the proof carries `challenge` when given.
Json HolderPresentation(const Ed25519SignerSodium& key, const std::optional<std::string>& challenge,
                        bool name_holder = true) {
  Json presentation = {{"@context", {"https://www.w3.org/ns/credentials/v2"}},
                       {"type", {"VerifiablePresentation"}}};
  if (name_holder) presentation["holder"] = kHolder;
  Json proof = {{"type", "DataIntegrityProof"},
                {"cryptosuite", "eddsa-jcs-2022"},
                {"created", "2026-01-01T00:00:00Z"},
                {"verificationMethod", kHolderKey},
                {"proofPurpose", "authentication"}};
  if (challenge) proof["challenge"] = *challenge;
  auto hash = EddsaJcs2022HashData(presentation, proof, "");
  EXPECT_TRUE(hash.ok()) << hash.error().message();
  if (!hash.ok()) return presentation;
  auto signature = key.Sign(*hash);
  EXPECT_TRUE(signature.ok());
  if (!signature.ok()) return presentation;
  proof["proofValue"] = EncodeMultibaseBase58Btc(*signature);
  presentation["proof"] = proof;
  return presentation;
}

// kHolder's DID document: `key` as kHolderKey (with the members of `key_extra`, such as
// "revoked"), listed under `relationship` only.
Json HolderDocument(const Ed25519PublicKey& key, const std::string& relationship,
                    const Json& key_extra = Json::object()) {
  Json method = {{"id", kHolderKey},
                 {"type", "Multikey"},
                 {"controller", kHolder},
                 {"publicKeyMultibase", EncodeEd25519Multikey(key)}};
  method.update(key_extra);
  return {{"@context", {"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"}},
          {"id", kHolder},
          {"verificationMethod", Json::array({method})},
          {relationship, {kHolderKey}}};
}

// VerifyPresentation's report at 2026-12-01T00:00:00Z with `document` the only DID document
// known; nullopt (and the test failed) when the verification could not run.
std::optional<VerificationReport> VerifyWithDocument(const Json& presentation, const Json& document,
                                                     const PresentationOptions& options) {
  DidResolver resolver;
  const Status added = resolver.AddDocument(document);
  EXPECT_TRUE(added.ok()) << added.error().message();
  if (!added.ok()) return std::nullopt;
  const FixedClock clock(*ParseRfc3339("2026-12-01T00:00:00Z"));
  const CredentialVerifier credentials(ContextLoader::Bundled(), resolver, clock);
  auto verified =
      VerifyPresentation(presentation, options, credentials, resolver, ContextLoader::Bundled());
  EXPECT_TRUE(verified.ok()) << verified.error().message();
  if (!verified.ok()) return std::nullopt;
  return verified->report;
}

// The holder's DID document lists its key under `relationship` only.
TEST(PresentationVerifier, OnlyAnAuthenticationKeyOfTheHolderMayProveThePresentation) {
  const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
  const Json presentation = HolderPresentation(key, "c-1");
  for (const char* relationship : {"authentication", "assertionMethod"}) {
    const std::optional<VerificationReport> report =
        VerifyWithDocument(presentation, HolderDocument(key.public_key(), relationship),
                           {.challenge = "c-1", .domain = {}});
    ASSERT_TRUE(report.has_value()) << relationship;
    const bool authentication = std::string(relationship) == "authentication";
    EXPECT_EQ(report->verified(), authentication) << report->ToText();
    if (!authentication) {
      EXPECT_NE(report->ToText().find("does not authorize " + std::string(kHolderKey) +
                                      " for authentication"),
                std::string::npos)
          << report->ToText();
    }
  }
}

// VC Data Model 2.0 section 4.13: "holder" is optional. A presentation without one verifies
// on its proof, challenge and domain; the holder check is reported as not made.
TEST(PresentationVerifier, VcDataModel20_HolderIsOptional) {
  const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
  const Json presentation = HolderPresentation(key, "c-1", /*name_holder=*/false);
  ASSERT_FALSE(presentation.contains("holder"));
  const Json document = HolderDocument(key.public_key(), "authentication");
  const std::optional<VerificationReport> report =
      VerifyWithDocument(presentation, document, {.challenge = "c-1", .domain = {}});
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->verified()) << report->ToText();
  const Check* holder = report->Find("holder");
  ASSERT_NE(holder, nullptr);
  EXPECT_FALSE(holder->checked);
  EXPECT_EQ(holder->detail, "the presentation names no holder");
  // Without a holder the proof, challenge and domain still decide.
  const std::optional<VerificationReport> wrong_challenge =
      VerifyWithDocument(presentation, document, {.challenge = "c-2", .domain = {}});
  ASSERT_TRUE(wrong_challenge.has_value());
  EXPECT_FALSE(wrong_challenge->verified()) << wrong_challenge->ToText();
  Json tampered = presentation;
  tampered["type"].push_back("Tampered");
  const std::optional<VerificationReport> tampered_report =
      VerifyWithDocument(tampered, document, {.challenge = "c-1", .domain = {}});
  ASSERT_TRUE(tampered_report.has_value());
  EXPECT_FALSE(tampered_report->verified()) << tampered_report->ToText();
}

// The same presentation, its key declared compromised ("revoked") before or after the proof.
TEST(PresentationVerifier, AHolderKeyDeclaredCompromisedBeforeTheProofProvesNothing) {
  const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
  const Json presentation = HolderPresentation(key, std::nullopt);
  for (const char* revoked : {"2026-01-01T00:00:01Z", "2025-12-31T23:59:59Z"}) {
    const std::optional<VerificationReport> report = VerifyWithDocument(
        presentation, HolderDocument(key.public_key(), "authentication", {{"revoked", revoked}}),
        {});
    ASSERT_TRUE(report.has_value()) << revoked;
    const bool before = std::string(revoked) > "2026-01-01T00:00:00Z";
    EXPECT_EQ(report->verified(), before) << revoked << "\n" << report->ToText();
    if (!before) {
      EXPECT_NE(report->ToText().find("was declared compromised from " + std::string(revoked)),
                std::string::npos)
          << report->ToText();
    }
  }
}

}  // namespace
}  // namespace pramaan::api

namespace pramaan::api {
namespace {

// The split by security context (DESIGN.md): a server has the public role, the issuer role or
// both, and answers the other role's routes 404.
class RolesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    verifier_.base_url = "https://verify.example";
    issuer_.config.base_url = "https://verify.example";
    store::StoredCredential stored;
    stored.id = "abc";
    stored.source_record_id = "record-1";
    stored.credential_json = testing::ReadFile(
        testing::SourcePath("examples/signed/course-completion.credential.json"));
    stored.issued_at = "2026-11-22T13:33:35Z";
    ASSERT_TRUE(registry_.Put(stored).ok());
  }

  HttpResponse Send(const ApiServices& services, http::verb verb, std::string target,
                    std::vector<std::pair<http::field, std::string>> headers = {}) {
    HttpRequest request(verb, target, 11);
    for (const auto& [field, value] : headers) request.set(field, value);
    if (verb == http::verb::post) request.body() = "{}";
    request.prepare_payload();
    return Handle(request, services).response;
  }

  ApiServices Services(bool with_public, bool with_issuer) {
    ApiServices services;
    services.verifier = with_public ? &verifier_ : nullptr;
    services.setup = with_issuer ? &issuer_ : nullptr;
    services.registry = &registry_;
    services.clock = &clock_;
    services.metrics = &metrics_;
    services.api_token = &token_;
    return services;
  }

  VerifierSetup verifier_;
  IssuerSetup issuer_;  // no key: none of these requests reaches one
  MemoryRegistry registry_;
  Metrics metrics_;
  SecretBytes token_{std::span<const uint8_t>(reinterpret_cast<const uint8_t*>("t0ken"), 5)};
  const FixedClock clock_{*ParseRfc3339("2026-12-01T00:00:00Z")};
};

TEST_F(RolesTest, PublicRoleAnswersTheIssuerRoutes404) {
  const ApiServices services = Services(true, false);
  for (const char* path : {"/credentials/issue", "/credentials/status", "/awarding/results",
                           "/digilocker/pull-uri", "/digilocker/pull-doc"}) {
    SCOPED_TRACE(path);
    const HttpResponse response = Send(services, http::verb::post, path);
    EXPECT_EQ(response.result_int(), 404u);
    EXPECT_EQ(response[http::field::content_type], "application/problem+json");
  }
  EXPECT_EQ(Send(services, http::verb::get, "/v/abc", {{http::field::accept, "application/json"}})
                .result_int(),
            200u);
  EXPECT_EQ(Send(services, http::verb::get, "/healthz").result_int(), 200u);
}

TEST_F(RolesTest, IssuerRoleAnswersThePublicRoutes404) {
  const ApiServices services = Services(false, true);
  for (const char* path : {"/v/abc", "/credentials/abc", "/credentials/abc.pdf",
                           "/status/revocation-0", "/.well-known/did.json"}) {
    SCOPED_TRACE(path);
    const HttpResponse response = Send(services, http::verb::get, path);
    EXPECT_EQ(response.result_int(), 404u);
    EXPECT_EQ(response[http::field::content_type], "application/problem+json");
  }
  EXPECT_EQ(Send(services, http::verb::post, "/credentials/verify").result_int(), 404u);
  EXPECT_EQ(Send(services, http::verb::get, "/metrics").result_int(), 200u);
  // Its own routes are there: POST /credentials/issue asks for the token.
  EXPECT_EQ(Send(services, http::verb::post, "/credentials/issue").result_int(), 401u);
}

TEST_F(RolesTest, StatusListIsTheStoredBytesWithItsEtagAnd404WhenNoneIsStored) {
  const ApiServices services = Services(true, false);
  EXPECT_EQ(Send(services, http::verb::get, "/status/revocation-0").result_int(), 404u);
  store::StoredStatusList list{"revocation-0", R"({"signed":"list"})", "\"etag-1\"", 0,
                               "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"};
  ASSERT_TRUE(registry_.PutStatusListCredential(list).ok());
  const HttpResponse served = Send(services, http::verb::get, "/status/revocation-0");
  EXPECT_EQ(served.result_int(), 200u);
  EXPECT_EQ(served.body(), list.credential_json);
  EXPECT_EQ(served[http::field::etag], "\"etag-1\"");
  EXPECT_EQ(served[http::field::cache_control], "public, max-age=300");
  const HttpResponse cached = Send(services, http::verb::get, "/status/revocation-0",
                                   {{http::field::if_none_match, "\"etag-1\""}});
  EXPECT_EQ(cached.result_int(), 304u);
  EXPECT_EQ(Send(services, http::verb::get, "/status/suspension-0").result_int(), 404u);
}

TEST_F(RolesTest, CertificatePdfIsTheStoredBytesAnd404UntilOneIsStored) {
  const ApiServices services = Services(true, false);
  const std::pair<http::field, std::string> auth{http::field::authorization, "Bearer t0ken"};
  EXPECT_EQ(Send(services, http::verb::get, "/credentials/abc.pdf").result_int(), 401u);
  EXPECT_EQ(Send(services, http::verb::get, "/credentials/abc.pdf", {auth}).result_int(), 404u);
  ASSERT_TRUE(registry_.PutCertificate("abc", "%PDF-1.7 stored").ok());
  const HttpResponse pdf = Send(services, http::verb::get, "/credentials/abc.pdf", {auth});
  EXPECT_EQ(pdf.result_int(), 200u);
  EXPECT_EQ(pdf.body(), "%PDF-1.7 stored");
  EXPECT_EQ(pdf[http::field::content_type], "application/pdf");
}

// POST /credentials/verify writes its result as text directly; it must be the same bytes the
// Json result (still used by /presentations/verify) prints, whatever the report holds.
TEST(VcApiResultTest, TextIsTheJsonResultPrinted) {
  VerificationReport all_passed;
  all_passed.Add("schema", true, "a VC Data Model 2.0 credential");
  all_passed.Add("proof", true, "signature by did:key:z6Mk#z6Mk verifies");

  VerificationReport failed_and_not_made;
  failed_and_not_made.Add("proof", false, "the signature \"does not\" verify\n\ttab\\");
  failed_and_not_made.AddNotChecked("status", "no status source \x01 here");
  failed_and_not_made.Add("issuer", true, "\xE0\xA4\xAA\xE0\xA5\x8D\xE0\xA4\xB0 (Hindi)");
  failed_and_not_made.Add("validity", false, "bad UTF-8 \xC3( in a detail");

  VerificationReport empty;

  const std::pair<const VerificationReport*, CredentialState> cases[] = {
      {&all_passed, CredentialState::kValid},
      {&failed_and_not_made, CredentialState::kInvalid},
      {&failed_and_not_made, CredentialState::kRevoked},
      {&empty, CredentialState::kInvalid},
  };
  for (const auto& [report, state] : cases) {
    const std::string text = VcApiResultText(*report, state);
    EXPECT_EQ(text, DumpJson(VcApiResult(*report, state, {}), false));
    EXPECT_TRUE(ParseJson(text).ok()) << text;
  }
}

}  // namespace
}  // namespace pramaan::api
