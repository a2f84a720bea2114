// End-to-end tests of the NCVET awarding workflow (issue 7) through the real build/pramaan
// binary and server: the first administrator made with `pramaan award user add`, then users,
// the catalogue, results, review, approval, award and DigiLocker over HTTP, with each role's
// own token. What must hold: a second person approves; a role does only its own step; a batch
// sent back issues nothing; bad results are refused one by one and nothing is issued for them;
// every step is in the audit log; the credential verifies and names the qualification.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstdio>
#include <set>
#include <thread>
#include <string>
#include <vector>

#include "core/encoding/base64.h"
#include "core/json/json.h"
#include "core/time/rfc3339.h"
#include "store/registry.h"
#include "tests/api/server_test_support.h"
#include "tests/cli/cli_fixture.h"

namespace pramaan {
namespace {

using testing::Call;
using testing::HttpResult;

constexpr char kApiToken[] = "awarding-test-api-token-0123456789";
constexpr char kDigiLockerKey[] = "digilocker-shared-secret-for-tests";
constexpr char kIssuerId[] = "in.gov.example-ab";  // a '-' inside, as real issuer ids may have
constexpr char kDocType[] = "NCVQC";
constexpr char kAgency[] = "Example Assessment Agency";
constexpr char kActive[] = "QG-05-GE-01234-2024-V1.0-NCVET";
constexpr char kRetired[] = "QG-04-GE-04321-2023-V2-NCVET";
constexpr char kLevel6[] = "QG-06-AI-00077-2025-V1.0-NCVET";

// The catalogue as an awarding body would upload it: CSV, one entry invalid (NSQF level 9).
constexpr char kCatalogueCsv[] =
    "nqr_code,title,title_hi,nsqf_level,notional_hours,sector,version,valid_from\n"
    "QG-05-GE-01234-2024-V1.0-NCVET,Public Service Delivery Associate,"
    "लोक सेवा वितरण सहयोगी,5,360,Public Administration,1.0,2024-01-01\n"
    "QG-04-GE-04321-2023-V2-NCVET,Office Records Assistant,कार्यालय अभिलेख सहायक,4,240,"
    "Public Administration,2,2023-01-01\n"
    "QG-06-AI-00077-2025-V1.0-NCVET,AI-led Digital Transformation Associate,"
    "एआई-आधारित डिजिटल परिवर्तन सहयोगी,6,450,Digital Governance,1.0,2025-01-01\n"
    "QG-09-GE-00001-2024-V1-NCVET,Impossible Level,असंभव स्तर,9,300,Public Administration,1,"
    "2024-01-01\n";

Json Result(std::string candidate, std::string apaar, std::string nqr, std::string outcome = "pass",
            std::string name = "") {
  Json result = {{"candidate_id", candidate},
                 {"name", name.empty() ? "Candidate " + candidate : name},
                 {"apaar_id", apaar},
                 {"nqr_code", nqr},
                 {"assessment_date", "2026-10-20"},
                 {"result", outcome},
                 {"grade", "A"},
                 {"marks", 78},
                 {"max_marks", 100}};
  return result;
}

// base64(HMAC-SHA256(key, body)), computed here with OpenSSL as DigiLocker would, not with
// Pramaan's own function.
std::string DigiLockerHmac(const std::string& body, const std::string& key) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &length);
  return EncodeBase64(std::span<const uint8_t>(mac, length));
}

// Now, as DigiLocker stamps a request's ts (the server checks it is within 5 minutes).
std::string NowTs() {
  return FormatRfc3339(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

// The text between <tag> and </tag> (or <tag attr...> and </tag>), "" when absent.
std::string Element(const std::string& xml, const std::string& tag) {
  size_t start = xml.find("<" + tag + ">");
  if (start == std::string::npos) {
    start = xml.find("<" + tag + " ");
    if (start == std::string::npos) return "";
  }
  start = xml.find('>', start) + 1;
  const size_t end = xml.find("</" + tag + ">", start);
  return end == std::string::npos ? "" : xml.substr(start, end - start);
}

class AwardingServerTest : public CliTest {
 protected:
  void SetUp() override {
    ASSERT_EQ(Run("keys generate --out " + Path("issuer.key")).exit_code, 0);
    ASSERT_EQ(Run("keys certificate --out-cert " + Path("signer.crt.pem") + " --out-key " +
                  Path("signer.key.pem"))
                  .exit_code,
              0);
    Write("pramaan.json", R"({"base_url": "https://pramaan.example",
      "issuer": {"name": "Test Awarding Issuer"}, "signing_key": {"file": "issuer.key"},
      "certificates": {"signing_certificate": "signer.crt.pem", "signing_key": "signer.key.pem"},
      "awarding": {
        "awarding_body": {"name": "Example Awarding Body", "ncvet_recognition_id": "AB-0001"},
        "digilocker": {"issuer_id": "in.gov.example-ab", "doc_type": "NCVQC",
                       "key_env": "TEST_DIGILOCKER_KEY"}}})");
    config_ = Path("pramaan.json");
    registry_ = Path("registry.sqlite");
    // The first administrator, from the command line (no token exists yet).
    const RunResult admin = Run("award user add --config " + config_ + " --registry " +
                                registry_ + " --name root-admin --role administrator");
    ASSERT_EQ(admin.exit_code, 0) << admin.err;
    admin_ = admin.out.substr(0, admin.out.find('\n'));
    ASSERT_TRUE(admin_.starts_with("pramaan_award_")) << admin_;

    testing::ServeOptions options;
    options.config = config_;
    options.extra_args = {"--registry", registry_};
    options.environment = {std::string("TEST_DIGILOCKER_KEY=") + kDigiLockerKey,
                           std::string("PRAMAAN_API_TOKEN=") + kApiToken};
    options.stderr_path = Path("server.stderr");
    const testing::ServerProcess server = testing::StartServer(options);
    server_ = server.pid;
    port_ = server.port;
    ASSERT_NE(port_, 0);

    submitter_ = AddUser("agency-clerk", {"submitter"}, kAgency);
    approver_ = AddUser("checker-1", {"approver"});
    both_ = AddUser("small-office", {"submitter", "approver"}, kAgency);
    const HttpResult imported = Post("/awarding/qualifications", admin_, kCatalogueCsv, "text/csv");
    ASSERT_EQ(imported.status, 200) << imported.body;
    ASSERT_EQ(imported.json()["imported"], 3);
    // The entry with NSQF level 9 is refused alone, by its line.
    const Json catalogue_report = imported.json();
    ASSERT_EQ(catalogue_report["refused"].size(), 1u) << imported.body;
    EXPECT_EQ(catalogue_report["refused"][0]["position"], 4);
    EXPECT_NE(catalogue_report["refused"][0]["error"].get<std::string>().find("nsqf_level 9"),
              std::string::npos)
        << imported.body;
    EXPECT_EQ(Get("/awarding/qualifications/QG-09-GE-00001-2024-V1-NCVET", admin_).status, 404);
    const HttpResult retired = Post("/awarding/qualifications/" + std::string(kRetired) + "/retire",
                                    admin_, R"({"reason": "superseded by version 3"})");
    ASSERT_EQ(retired.status, 200) << retired.body;
  }

  void TearDown() override {
    if (server_ > 0) testing::StopServer(server_);
  }

  HttpResult Post(const std::string& path, const std::string& token, const std::string& body,
                  const std::string& content_type = "application/json") {
    std::vector<std::string> headers;
    if (!token.empty()) headers.push_back("Authorization: Bearer " + token);
    std::string text = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const std::string& header : headers) text += header + "\r\n";
    text += "Content-Type: " + content_type + "\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\n\r\n" + body;
    return Raw(text);
  }

  HttpResult Get(const std::string& path, const std::string& token) {
    std::vector<std::string> headers;
    if (!token.empty()) headers.push_back("Authorization: Bearer " + token);
    return Call(port_, "GET", path, "", headers);
  }

  HttpResult Raw(const std::string& text) {
    const int fd = testing::Connect(port_);
    if (fd < 0) return {};
    testing::SendAll(fd, text);
    std::string pending;
    HttpResult result = testing::ReadResponse(fd, pending, 60000);
    ::close(fd);
    return result;
  }

  std::string AddUser(const std::string& name, const std::vector<std::string>& roles,
                      const std::string& agency = "") {
    Json body = {{"name", name}, {"roles", roles}};
    if (!agency.empty()) body["agency"] = agency;
    const HttpResult added = Post("/awarding/users", admin_, DumpJson(body, false));
    EXPECT_EQ(added.status, 201) << added.body;
    return added.json()["token"].is_string() ? added.json()["token"].get<std::string>() : "";
  }

  // Submits results as `token`'s user; returns the response.
  HttpResult Submit(const std::string& token, const Json& results) {
    return Post("/awarding/batches", token,
                DumpJson(Json{{"agency", kAgency}, {"results", results}}, false));
  }

  // The console (issue 21), as a browser without scripts uses it. `cookie` is "name=value".
  HttpResult ConsoleForm(const std::string& path, const std::string& body,
                         const std::string& cookie = "") {
    std::string text = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                       "Content-Type: application/x-www-form-urlencoded\r\n";
    if (!cookie.empty()) text += "Cookie: " + cookie + "\r\n";
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return Raw(text);
  }
  // A file sent as a form does: multipart/form-data with the CSRF token and the file `content`
  // in field `field`, named `filename` (and the batch it corrects, `resubmits`, when given).
  HttpResult ConsoleUpload(const std::string& path, const std::string& cookie,
                           const std::string& csrf, const std::string& field,
                           const std::string& filename, const std::string& content,
                           const std::string& resubmits = "") {
    const std::string boundary = "----ConsoleTestBoundary7MA4YWxkTrZu0gW";
    const std::string body = "--" + boundary +
                             (resubmits.empty() ? std::string()
                                                : "\r\nContent-Disposition: form-data; "
                                                  "name=\"resubmits\"\r\n\r\n" + resubmits +
                                                      "\r\n--" + boundary) +
                             "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf +
                             "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"" +
                             field + "\"; filename=\"" + filename +
                             "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" +
                             boundary + "--\r\n";
    return Raw("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
               "Cookie: " + cookie + "\r\nContent-Type: multipart/form-data; boundary=" +
               boundary + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
               body);
  }
  HttpResult ConsoleGet(const std::string& path, const std::string& cookie) {
    return Call(port_, "GET", path, "", {"Cookie: " + cookie, "Accept: text/html"});
  }
  // Signs in with `token`: the session cookie ("name=value"), or "" when refused.
  std::string ConsoleSignIn(const std::string& token, HttpResult* answer = nullptr) {
    HttpResult result = ConsoleForm("/console/sign-in", "token=" + token);
    if (answer != nullptr) *answer = result;
    const std::string set = result.header("set-cookie");
    return result.status == 303 ? set.substr(0, set.find(';')) : std::string();
  }
  // The CSRF token in a console page's forms, or "".
  static std::string CsrfIn(const std::string& html) {
    const std::string marker = "name=\"csrf\" value=\"";
    const size_t at = html.find(marker);
    if (at == std::string::npos) return "";
    const size_t start = at + marker.size();
    return html.substr(start, html.find('"', start) - start);
  }

  // The credentials in the registry the server writes (read beside it: SQLite in WAL mode).
  int64_t CredentialCount() {
    auto registry = store::OpenSqliteRegistry(registry_);
    if (!registry.ok()) return -1;
    auto count = (*registry)->Count();
    return count.ok() ? *count : -1;
  }

  HttpResult DigiLocker(const std::string& path, const std::string& body, const std::string& hmac) {
    std::string text = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                       "Content-Type: application/xml\r\n";
    if (!hmac.empty()) text += "x-digilocker-hmac: " + hmac + "\r\n";
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return Raw(text);
  }

  std::string config_, registry_, admin_, submitter_, approver_, both_;
  pid_t server_ = 0;
  uint16_t port_ = 0;
};

TEST_F(AwardingServerTest, SubmittedApprovedByASecondUserAwardedAndVerified) {
  // Results with one of each kind of bad input among good ones.
  const Json results = Json::array({
      Result("cand-001", "111122223333", kActive, "pass", "Asha Rao"),
      Result("cand-002", "222233334444", kLevel6),
      Result("cand-003", "333344445555", kActive, "fail"),
      Result("cand-004", "12345678901", kActive),          // APAAR id of 11 digits
      Result("cand-005", "444455556666", "QG-05-GE-99999-2024-V1-NCVET"),  // not in the catalogue
      Result("cand-006", "555566667777", kRetired),        // retired qualification
      Result("cand-001", "666677778888", kActive),         // the same candidate again
      Result("cand-007", "111122223333", kActive),         // the same APAAR id, same qualification
  });
  const HttpResult submitted = Submit(submitter_, results);
  ASSERT_EQ(submitted.status, 201) << submitted.body;
  const std::string batch = submitted.json()["batch_id"].get<std::string>();
  EXPECT_EQ(submitted.json()["accepted"], 3);
  const Json report = submitted.json();
  std::map<int, std::string> refused;
  for (const Json& entry : report["refused"]) {
    refused[entry["position"].get<int>()] = entry["error"].get<std::string>();
  }
  ASSERT_EQ(refused.size(), 5u) << submitted.body;
  EXPECT_NE(refused[4].find("apaar_id"), std::string::npos) << refused[4];
  EXPECT_NE(refused[5].find("not in the catalogue"), std::string::npos) << refused[5];
  EXPECT_NE(refused[6].find("retired"), std::string::npos) << refused[6];
  EXPECT_NE(refused[7].find("twice"), std::string::npos) << refused[7];
  EXPECT_NE(refused[8].find("APAAR"), std::string::npos) << refused[8];

  // A role does only its own step.
  const std::string base = "/awarding/batches/" + batch;
  EXPECT_EQ(Post(base + "/review", submitter_, "").status, 403);
  EXPECT_EQ(Post(base + "/approve", submitter_, "").status, 403);
  EXPECT_EQ(Submit(approver_, results).status, 403);
  EXPECT_EQ(Post(base + "/award", approver_, "").status, 403);
  EXPECT_EQ(Post(base + "/approve", "", "").status, 401);
  EXPECT_EQ(Post(base + "/approve", "pramaan_award_not-a-token", "").status, 401);
  // Not before review, and not awarded before approval.
  EXPECT_EQ(Post(base + "/approve", approver_, "").status, 409);
  EXPECT_EQ(Post(base + "/award", admin_, "").status, 409);
  EXPECT_EQ(CredentialCount(), 0);

  ASSERT_EQ(Post(base + "/review", approver_, "").status, 200);
  const HttpResult approved = Post(base + "/approve", approver_, R"({"reason": "marks checked"})");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json()["state"], "approved");
  EXPECT_EQ(Post(base + "/send-back", approver_, R"({"reason": "too late"})").status, 409);

  const HttpResult awarded = Post(base + "/award", admin_, "");
  ASSERT_EQ(awarded.status, 200) << awarded.body;
  ASSERT_EQ(awarded.json()["issued"].size(), 2u) << awarded.body;  // the failed one is not
  ASSERT_EQ(awarded.json()["not_issued"].size(), 1u);
  EXPECT_EQ(awarded.json()["not_issued"][0]["position"], 3);
  EXPECT_EQ(CredentialCount(), 2);
  EXPECT_EQ(Post(base + "/award", admin_, "").status, 409);  // once only

  // The credential: stored, verifying, naming the qualification, level, NQR code and credits,
  // with the approvals in it.
  const std::string id = awarded.json()["issued"][0]["credential_id"].get<std::string>();
  const HttpResult fetched = Get("/credentials/" + id, kApiToken);
  ASSERT_EQ(fetched.status, 200);
  const Json credential = fetched.json();
  const Json& achievement = credential["credentialSubject"]["achievement"];
  EXPECT_EQ(achievement["name"], "Public Service Delivery Associate");
  EXPECT_EQ(achievement["achievementType"], "Certification");
  std::set<std::string> codes;
  for (const Json& alignment : achievement["alignment"]) {
    codes.insert(alignment["targetCode"].get<std::string>());
  }
  EXPECT_TRUE(codes.count(kActive)) << achievement.dump();
  EXPECT_TRUE(codes.count("5")) << achievement.dump();  // the NSQF level
  EXPECT_EQ(achievement["creditsAvailable"], 12);       // 360 hours / 30
  EXPECT_EQ(credential["credentialSubject"]["creditsEarned"], 12);
  const std::string text = credential.dump();
  EXPECT_NE(text.find("agency-clerk"), std::string::npos);  // submitted by
  EXPECT_NE(text.find("checker-1"), std::string::npos);     // approved by
  EXPECT_EQ(text.find("111122223333"), std::string::npos);  // the APAAR id only hashed
  const HttpResult verified =
      Post("/credentials/verify", "", DumpJson(Json{{"verifiableCredential", credential}}, false));
  EXPECT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(verified.json()["verified"], true) << verified.body;

  // The audit log: every step with its actor, in order.
  const HttpResult log = Get(base + "/events", approver_);
  ASSERT_EQ(log.status, 200);
  const Json events = log.json()["events"];
  std::vector<std::pair<std::string, std::string>> steps;
  for (const Json& event : events) {
    steps.emplace_back(event["action"].get<std::string>(), event["actor"].get<std::string>());
    EXPECT_FALSE(event["at"].get<std::string>().empty());
  }
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"submit", "agency-clerk"},
      {"review", "checker-1"},
      {"read_batch", "checker-1"},  // a step answers with the batch: a read (issue 17)
      {"approve", "checker-1"},
      {"read_batch", "checker-1"},
      {"award", "root-admin"},
      {"read_log", "checker-1"}};  // this very read
  EXPECT_EQ(steps, expected);
  EXPECT_EQ(events[3]["reason"], "marks checked");
}

TEST_F(AwardingServerTest, NobodyApprovesTheirOwnSubmission) {
  const HttpResult submitted = Submit(both_, Json::array({Result("cand-101", "101010101010", kActive)}));
  ASSERT_EQ(submitted.status, 201) << submitted.body;
  const std::string base = "/awarding/batches/" + submitted.json()["batch_id"].get<std::string>();
  const HttpResult own_review = Post(base + "/review", both_, "");
  EXPECT_EQ(own_review.status, 403);
  EXPECT_NE(own_review.json()["detail"].get<std::string>().find("maker-checker"),
            std::string::npos)
      << own_review.body;
  ASSERT_EQ(Post(base + "/review", approver_, "").status, 200);
  EXPECT_EQ(Post(base + "/approve", both_, "").status, 403);
  EXPECT_EQ(Post(base + "/approve", approver_, "").status, 200);
}

TEST_F(AwardingServerTest, ABatchSentBackIssuesNothing) {
  const Json results = Json::array({Result("cand-201", "202020202020", kActive),
                                    Result("cand-202", "212121212121", kLevel6)});
  const HttpResult submitted = Submit(submitter_, results);
  ASSERT_EQ(submitted.status, 201) << submitted.body;
  const std::string base = "/awarding/batches/" + submitted.json()["batch_id"].get<std::string>();
  EXPECT_EQ(Post(base + "/send-back", approver_, "").status, 422);  // a reason is required
  ASSERT_EQ(Post(base + "/send-back", approver_, R"({"reason": "marks do not add up"})").status,
            200);
  EXPECT_EQ(Post(base + "/approve", approver_, "").status, 409);
  EXPECT_EQ(Post(base + "/award", admin_, "").status, 409);
  EXPECT_EQ(CredentialCount(), 0);
  const HttpResult batch = Get(base, submitter_);
  EXPECT_EQ(batch.json()["state"], "sent_back");
  EXPECT_EQ(batch.json()["decision_reason"], "marks do not add up");
  // The corrected results can be submitted again: a batch sent back holds no candidate.
  EXPECT_EQ(Submit(submitter_, results).status, 201);
}

TEST_F(AwardingServerTest, ASubmissionWithNoValidResultIsRefusedWhole) {
  const HttpResult refused = Submit(submitter_, Json::array({Result("cand-301", "abc", kActive)}));
  EXPECT_EQ(refused.status, 422) << refused.body;
  ASSERT_EQ(refused.json()["refused"].size(), 1u) << refused.body;
  EXPECT_EQ(refused.json()["refused"][0]["position"], 1);
}

TEST_F(AwardingServerTest, DigiLockerPullsTheCertificateWithTheRightHmacOnly) {
  const HttpResult submitted =
      Submit(submitter_, Json::array({Result("cand-401", "404040404040", kActive, "pass",
                                             "Meera Iyer")}));
  ASSERT_EQ(submitted.status, 201);
  const std::string base = "/awarding/batches/" + submitted.json()["batch_id"].get<std::string>();
  ASSERT_EQ(Post(base + "/review", approver_, "").status, 200);
  ASSERT_EQ(Post(base + "/approve", approver_, "").status, 200);
  const HttpResult awarded = Post(base + "/award", admin_, "");
  ASSERT_EQ(awarded.status, 200) << awarded.body;
  const std::string id = awarded.json()["issued"][0]["credential_id"].get<std::string>();

  // A Pull URI request as the DigiLocker Issuer API specification lays it out: the search
  // parameters in DocDetails, the APAAR id in UDF1 (as configured on the partner portal).
  const std::string pull_uri =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<PullURIRequest xmlns:ns2="http://tempuri.org/" ver="1.0" ts=")" + NowTs() + R"(" )"
      R"(txn="txn-0001" orgId="in.gov.example-ab" format="both">)"
      "<DocDetails><DocType>NCVQC</DocType><DigiLockerId>dl-1234-abcd</DigiLockerId>"
      "<UID></UID><FullName>MEERA  IYER</FullName><DOB>01-01-1990</DOB>"
      "<UDF1>404040404040</UDF1></DocDetails></PullURIRequest>";
  EXPECT_EQ(DigiLocker("/digilocker/pull-uri", pull_uri, "").status, 401);
  EXPECT_EQ(DigiLocker("/digilocker/pull-uri", pull_uri, DigiLockerHmac(pull_uri, "wrong-key"))
                .status,
            401);
  // A right HMAC over another body does not authorise this one.
  EXPECT_EQ(DigiLocker("/digilocker/pull-uri", pull_uri,
                       DigiLockerHmac(pull_uri + " ", kDigiLockerKey))
                .status,
            401);
  const HttpResult found =
      DigiLocker("/digilocker/pull-uri", pull_uri, DigiLockerHmac(pull_uri, kDigiLockerKey));
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_NE(found.body.find("Status=\"1\""), std::string::npos) << found.body.substr(0, 600);
  EXPECT_NE(found.body.find("txn=\"txn-0001\""), std::string::npos);
  // The same request again (issue 17): its HMAC is good, its txn is not new.
  EXPECT_EQ(
      DigiLocker("/digilocker/pull-uri", pull_uri, DigiLockerHmac(pull_uri, kDigiLockerKey)).status,
      401);
  // One dated 2020, with a good HMAC: refused.
  std::string old = pull_uri;
  old.replace(old.find("txn-0001"), 8, "txn-0009");
  old.replace(old.find(NowTs().substr(0, 4)), 4, "2020");
  EXPECT_EQ(DigiLocker("/digilocker/pull-uri", old, DigiLockerHmac(old, kDigiLockerKey)).status,
            401);
  // A good and a bad header: refused whole, before either is checked.
  std::string twice = pull_uri;
  twice.replace(twice.find("txn-0001"), 8, "txn-0008");
  const HttpResult two_headers =
      Raw("POST /digilocker/pull-uri HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
          "Content-Type: application/xml\r\nx-digilocker-hmac: " +
          DigiLockerHmac(twice, kDigiLockerKey) + "\r\nx-digilocker-hmac: " +
          DigiLockerHmac(twice, "wrong-key") + "\r\nContent-Length: " +
          std::to_string(twice.size()) + "\r\n\r\n" + twice);
  EXPECT_EQ(two_headers.status, 400) << two_headers.body;
  const std::string uri = Element(found.body, "URI");
  EXPECT_EQ(uri, std::string(kIssuerId) + "-" + kDocType + "-" + id);

  // The PDF it returns is the certificate, and it verifies.
  auto pdf = DecodeBase64(Element(found.body, "DocContent"));
  ASSERT_TRUE(pdf.ok());
  Write("pulled.pdf", std::string(pdf->begin(), pdf->end()));
  const RunResult checked =
      Run("verify --config " + config_ + " --registry " + registry_ + " " + Path("pulled.pdf"));
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  auto data = DecodeBase64(Element(found.body, "DataContent"));
  ASSERT_TRUE(data.ok());
  const std::string data_xml(data->begin(), data->end());
  EXPECT_NE(data_xml.find(kActive), std::string::npos) << data_xml;

  // Another name with the same APAAR id finds nothing.
  std::string other = pull_uri;
  other.replace(other.find("MEERA  IYER"), 11, "Somebody Else");
  other.replace(other.find("txn-0001"), 8, "txn-0003");
  const HttpResult not_found =
      DigiLocker("/digilocker/pull-uri", other, DigiLockerHmac(other, kDigiLockerKey));
  EXPECT_EQ(not_found.status, 200);
  EXPECT_NE(not_found.body.find("Status=\"0\""), std::string::npos) << not_found.body;
  EXPECT_EQ(Element(not_found.body, "DocContent"), "");

  // Pull Doc for the URI: the same certificate.
  const std::string pull_doc =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      R"(<PullDocRequest xmlns:ns2="http://tempuri.org/" ver="1.0" ts=")" + NowTs() + R"(" )"
      R"(txn="txn-0002" orgId="in.gov.example-ab" format="pdf">)"
      "<DocDetails><URI>" + uri + "</URI><DigiLockerId>dl-1234-abcd</DigiLockerId></DocDetails>"
      "</PullDocRequest>";
  EXPECT_EQ(DigiLocker("/digilocker/pull-doc", pull_doc, DigiLockerHmac(pull_doc, "nope")).status,
            401);
  const HttpResult doc =
      DigiLocker("/digilocker/pull-doc", pull_doc, DigiLockerHmac(pull_doc, kDigiLockerKey));
  ASSERT_EQ(doc.status, 200) << doc.body;
  EXPECT_NE(doc.body.find("Status=\"1\""), std::string::npos);
  auto doc_pdf = DecodeBase64(Element(doc.body, "DocContent"));
  ASSERT_TRUE(doc_pdf.ok());
  Write("pulled-doc.pdf", std::string(doc_pdf->begin(), doc_pdf->end()));
  const RunResult doc_checked =
      Run("verify --config " + config_ + " --registry " + registry_ + " " + Path("pulled-doc.pdf"));
  EXPECT_EQ(doc_checked.exit_code, 0) << doc_checked.out << doc_checked.err;

  // A course completion of the same registry is not a document of this DocType.
  const RunResult course = Run("issue --config " + config_ + " --registry " + registry_ + " " +
                               kSource + "/examples/completion.json --out " + Path("course"));
  ASSERT_EQ(course.exit_code, 0) << course.err;
  const std::string course_id = course.out.substr(0, 20);
  std::string course_doc = pull_doc;
  course_doc.replace(course_doc.find(uri), uri.size(),
                     std::string(kIssuerId) + "-" + kDocType + "-" + course_id);
  course_doc.replace(course_doc.find("txn-0002"), 8, "txn-0004");
  const HttpResult not_ours =
      DigiLocker("/digilocker/pull-doc", course_doc, DigiLockerHmac(course_doc, kDigiLockerKey));
  EXPECT_EQ(not_ours.status, 200);
  EXPECT_NE(not_ours.body.find("Status=\"0\""), std::string::npos) << not_ours.body.substr(0, 400);

  // Once revoked, the certificate is no longer handed out.
  const RunResult revoked = Run("status revoke " + id + " --reason 'awarded in error' --registry " +
                                registry_);
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  std::string later_doc = pull_doc;  // a new transaction: the first is not accepted twice
  later_doc.replace(later_doc.find("txn-0002"), 8, "txn-0005");
  const HttpResult gone =
      DigiLocker("/digilocker/pull-doc", later_doc, DigiLockerHmac(later_doc, kDigiLockerKey));
  EXPECT_EQ(gone.status, 200);
  EXPECT_NE(gone.body.find("Status=\"0\""), std::string::npos) << gone.body.substr(0, 400);
  EXPECT_EQ(Element(gone.body, "DocContent"), "");
}

TEST_F(AwardingServerTest, EveryAwardingPathInTheOpenApiDescriptionAnswers) {
  const HttpResult submitted =
      Submit(submitter_, Json::array({Result("cand-601", "606060606060", kActive)}));
  ASSERT_EQ(submitted.status, 201);
  const std::string batch = submitted.json()["batch_id"].get<std::string>();
  int checked = 0;
  for (auto [method, target] : testing::OpenApiOperations()) {
    if (!testing::IsAwardingPath(target)) continue;
    if (const size_t at = target.find("{batch}"); at != std::string::npos) {
      target.replace(at, 7, batch);
    }
    if (const size_t at = target.find("{nqr}"); at != std::string::npos) {
      target.replace(at, 5, kLevel6);
    }
    const HttpResult result =
        method == "get" ? Get(target, admin_) : Post(target, admin_, "{}");
    EXPECT_TRUE(result.ok) << method << " " << target;
    EXPECT_NE(result.status, 404) << method << " " << target << ": " << result.body;
    EXPECT_NE(result.status, 405) << method << " " << target << ": " << result.body;
    ++checked;
  }
  EXPECT_GE(checked, 13);
}

// The same workflow from the command line, with each user's token in PRAMAAN_AWARD_TOKEN.
TEST_F(AwardingServerTest, TheCommandLineFollowsTheSameRules) {
  const std::string common = " --config " + config_ + " --registry " + registry_ + " ";
  Write("results.csv",
        "candidate_id,name,apaar_id,nqr_code,assessment_date,result,grade,marks,max_marks\n"
        "cand-501,Asha Rao,505050505050," + std::string(kActive) + ",2026-10-20,pass,A,78,100\n"
        "cand-502,Ravi Kumar,5050," + std::string(kActive) + ",2026-10-20,pass,A,78,100\n");
  // A submitter submits for their own agency only (issue 17): naming another is a usage error.
  const RunResult other_agency = Run("award submit" + common + "--agency 'Agency X' " +
                                         Path("results.csv"),
                                     "PRAMAAN_AWARD_TOKEN=" + submitter_);
  EXPECT_EQ(other_agency.exit_code, 2);
  EXPECT_NE(other_agency.err.find("--agency \"Agency X\" is not your agency"), std::string::npos)
      << other_agency.err;
  const RunResult submitted = Run("award submit" + common + Path("results.csv"),
                                  "PRAMAAN_AWARD_TOKEN=" + submitter_);
  // One row refused (the short APAAR id), the other submitted: exit 1 (issue 21).
  ASSERT_EQ(submitted.exit_code, 1) << submitted.err;
  auto report = ParseJson(submitted.out);
  ASSERT_TRUE(report.ok()) << submitted.out;
  EXPECT_EQ((*report)["accepted"], 1);
  EXPECT_EQ((*report)["refused"][0]["where"], Path("results.csv") + ":3");
  const std::string batch = (*report)["batch_id"].get<std::string>();
  const RunResult self = Run("award review" + common + batch, "PRAMAAN_AWARD_TOKEN=" + submitter_);
  EXPECT_EQ(self.exit_code, 2);
  EXPECT_NE(self.err.find("approver role"), std::string::npos) << self.err;
  EXPECT_EQ(Run("award review" + common + batch, "PRAMAAN_AWARD_TOKEN=" + approver_).exit_code, 0);
  EXPECT_EQ(Run("award approve" + common + batch, "PRAMAAN_AWARD_TOKEN=" + approver_).exit_code, 0);
  EXPECT_EQ(Run("award award" + common + batch, "PRAMAAN_AWARD_TOKEN=" + approver_).exit_code, 2);
  const RunResult awarded = Run("award award" + common + batch + " --out " + Path("out"),
                                "PRAMAAN_AWARD_TOKEN=" + admin_);
  ASSERT_EQ(awarded.exit_code, 0) << awarded.err;
  EXPECT_EQ(FilesIn("out"), 2u);  // {id}.json and {id}.pdf
  for (const auto& entry : fs::directory_iterator(dir_ / "out")) {
    const RunResult verified =
        Run("verify --config " + config_ + " --registry " + registry_ + " " + entry.path().string());
    EXPECT_EQ(verified.exit_code, 0) << entry.path() << verified.out << verified.err;
  }
  // show and list: the batch is the submitter's agency's.
  const RunResult shown = Run("award show" + common + batch, "PRAMAAN_AWARD_TOKEN=" + submitter_);
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ((*ParseJson(shown.out))["agency"], kAgency);
  const RunResult listed = Run("award list" + common, "PRAMAAN_AWARD_TOKEN=" + submitter_);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find(batch), std::string::npos) << listed.out;
  // --state picks the batches in one state (issue 21).
  const RunResult awarded_only =
      Run("award list" + common + "--state awarded", "PRAMAAN_AWARD_TOKEN=" + approver_);
  ASSERT_EQ(awarded_only.exit_code, 0) << awarded_only.err;
  EXPECT_NE(awarded_only.out.find(batch), std::string::npos) << awarded_only.out;
  const RunResult submitted_only =
      Run("award list" + common + "--state submitted", "PRAMAAN_AWARD_TOKEN=" + approver_);
  ASSERT_EQ(submitted_only.exit_code, 0) << submitted_only.err;
  EXPECT_EQ(submitted_only.out.find(batch), std::string::npos) << submitted_only.out;
  const RunResult bad_state =
      Run("award list" + common + "--state done", "PRAMAAN_AWARD_TOKEN=" + approver_);
  EXPECT_EQ(bad_state.exit_code, 2);
  EXPECT_NE(bad_state.err.find("--state must be one of"), std::string::npos) << bad_state.err;

  // No token, no step; and no second first administrator.
  EXPECT_EQ(Run("award review" + common + batch).exit_code, 2);
  EXPECT_EQ(Run("award user add" + common + "--name intruder --role administrator").exit_code, 2);
}

// Issue 21: the console's sign-in gives a session cookie scripts cannot read, sent to this
// site alone; its forms need the session's CSRF token; sign-out ends the session; a submitter
// sees their agency's batches alone; sign-in attempts are limited per address.
TEST_F(AwardingServerTest, TheConsoleSignsInWithACookieAndChecksCsrf) {
  const auto form = [&](const std::string& path, const std::string& body,
                        const std::string& cookie = "") { return ConsoleForm(path, body, cookie); };
  const auto page = [&](const std::string& cookie) { return ConsoleGet("/console", cookie); };
  const auto sign_in = [&](const std::string& token, HttpResult* answer = nullptr) {
    return ConsoleSignIn(token, answer);
  };
  // A batch of another agency's, which the submitter must not see.
  const std::string other = AddUser("other-clerk", {"submitter"}, "Other Agency");
  const HttpResult others = Post(
      "/awarding/batches", other,
      DumpJson(Json{{"results", Json::array({Result("cand-901", "909090909090", kActive)})}},
               false));
  ASSERT_EQ(others.status, 201) << others.body;
  const std::string other_batch = GetString(others.json(), "batch_id");
  const HttpResult mine = Submit(submitter_, Json::array({Result("cand-902", "919191919191", kActive)}));
  ASSERT_EQ(mine.status, 201) << mine.body;
  const std::string my_batch = GetString(mine.json(), "batch_id");

  const HttpResult anonymous = Call(port_, "GET", "/console", "", {"Accept: text/html"});
  ASSERT_EQ(anonymous.status, 200);
  EXPECT_NE(anonymous.body.find("name=\"token\""), std::string::npos);
  EXPECT_EQ(anonymous.header("cache-control"), "no-store");

  HttpResult wrong;
  EXPECT_EQ(sign_in("pramaan_award_not-a-token", &wrong), "");  // attempt 1
  EXPECT_EQ(wrong.status, 401);
  HttpResult good;
  const std::string cookie = sign_in(submitter_, &good);  // attempt 2
  ASSERT_FALSE(cookie.empty()) << good.status << good.body;
  const std::string set = good.header("set-cookie");
  EXPECT_NE(set.find("; HttpOnly"), std::string::npos) << set;
  EXPECT_NE(set.find("; SameSite=Strict"), std::string::npos) << set;
  EXPECT_NE(set.find("; Path=/console"), std::string::npos) << set;
  EXPECT_EQ(set.find("Secure"), std::string::npos) << "not over plain HTTP: " << set;
  EXPECT_EQ(cookie.find(submitter_), std::string::npos) << "the cookie is not the token";

  const HttpResult home = page(cookie);
  ASSERT_EQ(home.status, 200);
  EXPECT_NE(home.body.find("<span id=\"user\">agency-clerk (submitter, " + std::string(kAgency)),
            std::string::npos)
      << home.body;
  EXPECT_NE(home.body.find(my_batch), std::string::npos);
  EXPECT_EQ(home.body.find(other_batch), std::string::npos) << "another agency's batch";
  // Nor can the clerk open it by its id.
  const HttpResult not_theirs = Call(port_, "GET", "/console/batches/" + other_batch, "",
                                     {"Cookie: " + cookie, "Accept: text/html"});
  EXPECT_EQ(not_theirs.status, 404);
  EXPECT_EQ(not_theirs.body.find("cand-901"), std::string::npos);
  const std::string csrf = CsrfIn(home.body);
  ASSERT_FALSE(csrf.empty());

  // Sign-out without the CSRF token, or with another session's, does nothing.
  EXPECT_EQ(form("/console/sign-out", "", cookie).status, 403);
  const std::string approver_cookie = sign_in(approver_);  // attempt 3
  ASSERT_FALSE(approver_cookie.empty());
  const HttpResult approver_home = page(approver_cookie);
  EXPECT_NE(approver_home.body.find(other_batch), std::string::npos) << "approvers see all";
  const std::string other_csrf = CsrfIn(approver_home.body);
  ASSERT_NE(other_csrf, csrf);
  EXPECT_EQ(form("/console/sign-out", "csrf=" + other_csrf, cookie).status, 403);
  EXPECT_NE(page(cookie).body.find("id=\"sign-out\""), std::string::npos) << "still signed in";
  const HttpResult out = form("/console/sign-out", "csrf=" + csrf, cookie);
  EXPECT_EQ(out.status, 303);
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  const HttpResult after = page(cookie);
  EXPECT_EQ(after.body.find("id=\"sign-out\""), std::string::npos) << "the session ended";
  EXPECT_NE(after.body.find("name=\"token\""), std::string::npos);

  // The approver reviews the clerk's batch in a table (the APAAR id's last digits only) and
  // sends it back with a reason; the form needs the session's CSRF token.
  const std::string batch_path = "/console/batches/" + my_batch;
  const HttpResult review =
      Call(port_, "GET", batch_path, "", {"Cookie: " + approver_cookie, "Accept: text/html"});
  ASSERT_EQ(review.status, 200) << review.body;
  EXPECT_NE(review.body.find("cand-902"), std::string::npos);
  EXPECT_NE(review.body.find("9191"), std::string::npos);
  EXPECT_EQ(review.body.find("919191919191"), std::string::npos) << "the APAAR id in full";
  EXPECT_NE(review.body.find("id=\"send-back\""), std::string::npos);
  EXPECT_EQ(form(batch_path + "/send-back", "reason=marks+missing", approver_cookie).status, 403);
  const HttpResult sent_back = form(batch_path + "/send-back",
                                    "csrf=" + other_csrf + "&reason=marks+missing",
                                    approver_cookie);
  EXPECT_EQ(sent_back.status, 303) << sent_back.body;
  const HttpResult decided =
      Call(port_, "GET", batch_path, "", {"Cookie: " + approver_cookie, "Accept: text/html"});
  EXPECT_NE(decided.body.find("<dd id=\"state\" data-state=\"sent_back\">"), std::string::npos)
      << decided.body;
  EXPECT_NE(decided.body.find("marks missing"), std::string::npos);
  EXPECT_EQ(decided.body.find("id=\"approve\""), std::string::npos) << "decided: no form";
  // Two more attempts use up the address's five a minute; the sixth waits.
  EXPECT_EQ(sign_in("pramaan_award_wrong-4"), "");
  EXPECT_EQ(sign_in("pramaan_award_wrong-5"), "");
  HttpResult limited;
  EXPECT_EQ(sign_in(submitter_, &limited), "");
  EXPECT_EQ(limited.status, 429);
  EXPECT_GE(std::atoi(limited.header("retry-after").c_str()), 1);
}

// Issue 21: the console carries a batch from upload to award without a script: users added
// (their token shown once), a malformed row refused alone, a send-back seen by the clerk with
// its reason, a corrected file submitted again, the approval, the award with its progress in
// the registry, the certificates, the audit log, the catalogue and a disabled user's session.
TEST_F(AwardingServerTest, TheConsoleCarriesABatchFromUploadToAward) {
  const std::string admin = ConsoleSignIn(admin_);
  ASSERT_FALSE(admin.empty());
  const std::string admin_csrf = CsrfIn(ConsoleGet("/console", admin).body);
  // Users: added with the token shown once; a submitter without an agency is refused.
  const HttpResult no_agency = ConsoleForm(
      "/console/users", "csrf=" + admin_csrf + "&name=clerk-2&role_submitter=1", admin);
  EXPECT_EQ(no_agency.status, 422) << no_agency.body;
  EXPECT_NE(no_agency.body.find("id=\"problem\""), std::string::npos);
  const HttpResult added = ConsoleForm(
      "/console/users",
      "csrf=" + admin_csrf + "&name=clerk-2&role_submitter=1&agency=Example+Assessment+Agency",
      admin);
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string marker = "id=\"token-value\">";
  const size_t at = added.body.find(marker);
  ASSERT_NE(at, std::string::npos) << added.body;
  const std::string clerk_token =
      added.body.substr(at + marker.size(), added.body.find('<', at) - at - marker.size());
  ASSERT_TRUE(clerk_token.starts_with("pramaan_award_")) << clerk_token;
  EXPECT_EQ(ConsoleGet("/console/users", admin).body.find(clerk_token), std::string::npos)
      << "a token is shown once";
  EXPECT_NE(ConsoleGet("/console/users", admin).body.find("data-user=\"clerk-2\""),
            std::string::npos);

  // The clerk uploads a CSV whose second row has a cell too few: it alone is refused.
  const std::string clerk = ConsoleSignIn(clerk_token);
  ASSERT_FALSE(clerk.empty());
  const HttpResult clerk_home = ConsoleGet("/console", clerk);
  EXPECT_NE(clerk_home.body.find("id=\"upload\""), std::string::npos);
  EXPECT_EQ(ConsoleGet("/console/users", clerk).status, 403) << "administrators only";
  const std::string clerk_csrf = CsrfIn(clerk_home.body);
  const std::string header =
      "candidate_id,name,apaar_id,nqr_code,assessment_date,result,grade,marks,max_marks\n";
  const std::string good = "cand-701,Asha Rao,707070707070," + std::string(kActive) +
                           ",2026-10-20,pass,A,78,100\n";
  const std::string short_row = "cand-702,Ravi Kumar,717171717171," + std::string(kActive) +
                                ",2026-10-20,pass,A,78\n";
  const std::string fixed_row = "cand-702,Ravi Kumar,717171717171," + std::string(kActive) +
                                ",2026-10-20,pass,A,78,100\n";
  EXPECT_EQ(ConsoleUpload("/console/submit", clerk, "forged", "results", "r.csv",
                          header + good).status,
            403);
  // A multipart body cut short is said to be unreadable, not forged, and changes nothing.
  const HttpResult cut = Raw("POST /console/submit HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Connection: close\r\nCookie: " + clerk +
                             "\r\nContent-Type: multipart/form-data; boundary=xyz\r\n"
                             "Content-Length: 9\r\n\r\n--xyz\r\nab");
  EXPECT_EQ(cut.status, 400) << cut.body;
  EXPECT_NE(cut.body.find("The form could not be read"), std::string::npos) << cut.body;
  const HttpResult uploaded = ConsoleUpload("/console/submit", clerk, clerk_csrf, "results",
                                            "results.csv", header + good + short_row);
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  EXPECT_NE(uploaded.body.find("<strong>results.csv:3</strong>"), std::string::npos)
      << uploaded.body;
  // The id of the batch a submission's answer names, or "".
  const auto new_batch = [](const HttpResult& answer) {
    const std::string start = "id=\"new-batch\">";
    const size_t found = answer.body.find(start);
    if (found == std::string::npos) return std::string();
    return answer.body.substr(found + start.size(),
                              answer.body.find('<', found) - found - start.size());
  };
  const std::string first = new_batch(uploaded);
  ASSERT_FALSE(first.empty()) << uploaded.body;
  const HttpResult nothing = ConsoleUpload("/console/submit", clerk, clerk_csrf, "results",
                                           "bad.csv", header + short_row);
  EXPECT_EQ(nothing.status, 422) << nothing.body;
  // JSON as well, by the file's name.
  const HttpResult as_json = ConsoleUpload(
      "/console/submit", clerk, clerk_csrf, "results", "results.json",
      DumpJson(Json{{"results", Json::array({Result("cand-704", "747474747474", kActive)})}},
               false));
  EXPECT_EQ(as_json.status, 201) << as_json.body;
  EXPECT_NE(as_json.body.find("with 1 result."), std::string::npos) << as_json.body;

  // The checker sends it back; the clerk sees why, first on their home, and submits again.
  const std::string checker = ConsoleSignIn(approver_);
  ASSERT_FALSE(checker.empty());
  const HttpResult queue = ConsoleGet("/console", checker);
  EXPECT_NE(queue.body.find("<table id=\"queue\">"), std::string::npos) << queue.body;
  const std::string checker_csrf = CsrfIn(queue.body);
  const HttpResult review = ConsoleGet("/console/batches/" + first, checker);
  EXPECT_NE(review.body.find("results.csv:3"), std::string::npos) << "refused rows shown";
  EXPECT_NE(review.body.find("<td>5</td>"), std::string::npos) << "the NSQF level";
  EXPECT_EQ(ConsoleForm("/console/batches/" + first + "/send-back",
                        "csrf=" + checker_csrf + "&reason=", checker).status,
            422)
      << "a send-back needs a reason";
  EXPECT_EQ(ConsoleForm("/console/batches/" + first + "/send-back",
                        "csrf=" + checker_csrf + "&reason=Ravi+Kumar+is+missing", checker)
                .status,
            303);
  const HttpResult sent_back = ConsoleGet("/console", clerk);
  EXPECT_NE(sent_back.body.find("<table id=\"sent-back\">"), std::string::npos) << sent_back.body;
  EXPECT_NE(sent_back.body.find("Ravi Kumar is missing"), std::string::npos);
  const HttpResult to_fix = ConsoleGet("/console/batches/" + first, clerk);
  EXPECT_NE(to_fix.body.find("name=\"resubmits\" value=\"" + first + "\""), std::string::npos);
  const HttpResult again = ConsoleUpload("/console/submit", clerk, clerk_csrf, "results",
                                         "results-corrected.csv", header + good + fixed_row, first);
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.body.find("id=\"problem\""), std::string::npos) << again.body;
  const std::string second = new_batch(again);
  ASSERT_FALSE(second.empty());
  ASSERT_NE(second, first);
  // The corrected batch no longer waits for the clerk, and leads to its correction.
  EXPECT_EQ(ConsoleGet("/console", clerk).body.find("<table id=\"sent-back\">"), std::string::npos);
  EXPECT_NE(ConsoleGet("/console/batches/" + first, clerk).body.find("id=\"corrected-by\""),
            std::string::npos);
  const HttpResult twice = ConsoleUpload("/console/submit", clerk, clerk_csrf, "results",
                                         "again.csv",
                                         header + "cand-703,Meera Iyer,727272727272," +
                                             std::string(kActive) + ",2026-10-20,pass,B,66,100\n",
                                         first);
  EXPECT_NE(twice.body.find("was corrected already"), std::string::npos) << twice.body;
  EXPECT_EQ(ConsoleForm("/console/batches/" + second + "/approve", "csrf=" + checker_csrf, clerk)
                .status,
            403)
      << "the clerk's CSRF is theirs, and a submitter does not approve";
  EXPECT_EQ(ConsoleForm("/console/batches/" + second + "/approve",
                        "csrf=" + checker_csrf + "&reason=marks+checked", checker)
                .status,
            303);

  // The administrator awards it; the page shows the progress until the batch is awarded.
  const HttpResult ready = ConsoleGet("/console", admin);
  EXPECT_NE(ready.body.find("<table id=\"to-award\">"), std::string::npos) << ready.body;
  EXPECT_EQ(ConsoleForm("/console/batches/" + second + "/award", "csrf=" + checker_csrf, admin)
                .status,
            403);
  const HttpResult started =
      ConsoleForm("/console/batches/" + second + "/award", "csrf=" + admin_csrf, admin);
  ASSERT_EQ(started.status, 303) << started.body;
  HttpResult done;
  for (int i = 0; i < 300; ++i) {
    done = ConsoleGet("/console/batches/" + second, admin);
    if (done.body.find("data-state=\"awarded\"") != std::string::npos) break;
    EXPECT_NE(done.header("refresh"), "") << "the progress page comes back by itself";
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_NE(done.body.find("data-state=\"awarded\""), std::string::npos) << done.body;
  EXPECT_EQ(done.header("refresh"), "");
  size_t certificates = 0;
  for (size_t from = 0; (from = done.body.find("class=\"certificate\"", from)) != std::string::npos;
       ++from) {
    ++certificates;
  }
  EXPECT_EQ(certificates, 2u) << done.body;
  EXPECT_NE(done.body.find("https://pramaan.example/v/"), std::string::npos);
  const HttpResult log = ConsoleGet("/console/batches/" + second + "/log", admin);
  for (const char* action : {"submit", "review", "approve", "award"}) {
    EXPECT_NE(log.body.find("data-action=\"" + std::string(action) + "\""), std::string::npos)
        << action << log.body;
  }

  // The catalogue: imported from a file, retired with a reason only.
  const HttpResult imported = ConsoleUpload(
      "/console/catalogue/import", admin, admin_csrf, "catalogue", "more.csv",
      "nqr_code,title,title_hi,nsqf_level,notional_hours,sector,version,valid_from\n"
      "QG-03-GE-00003-2024-V1-NCVET,Front Desk Assistant,अग्रिम डेस्क सहायक,3,120,"
      "Public Administration,1,2024-01-01\n"
      "QG-03-GE-00004-2024-V1-NCVET,Broken,टूटा,4,120,Public Administration,1,2024-01-01\n");
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_NE(imported.body.find("1 entry imported; 1 refused"), std::string::npos)
      << imported.body;
  EXPECT_EQ(ConsoleForm("/console/catalogue/QG-03-GE-00003-2024-V1-NCVET/retire",
                        "csrf=" + admin_csrf + "&reason=", admin).status,
            422);
  EXPECT_EQ(ConsoleForm("/console/catalogue/QG-03-GE-00003-2024-V1-NCVET/retire",
                        "csrf=" + admin_csrf + "&reason=no+longer+offered", admin).status,
            303);
  const HttpResult catalogue = ConsoleGet("/console/catalogue", clerk);
  EXPECT_NE(catalogue.body.find("data-nqr=\"QG-03-GE-00003-2024-V1-NCVET\""), std::string::npos);
  EXPECT_EQ(catalogue.body.find("id=\"import\""), std::string::npos) << "administrators only";

  // A new token is shown once; a disabled user's session ends at once.
  const HttpResult renewed =
      ConsoleForm("/console/users/clerk-2/token", "csrf=" + admin_csrf, admin);
  EXPECT_EQ(renewed.status, 200);
  EXPECT_NE(renewed.body.find("id=\"token-value\">pramaan_award_"), std::string::npos);
  EXPECT_EQ(ConsoleForm("/console/users/clerk-2/disable", "csrf=" + admin_csrf, admin).status, 303);
  EXPECT_EQ(ConsoleGet("/console/batches/" + second, clerk).status, 303);
  EXPECT_NE(ConsoleGet("/console", clerk).body.find("name=\"token\""), std::string::npos);
}

// Issue 21: a signed-in clerk's upload may be larger than the server's body limit (up to
// kMaxConsoleUploadBytes); without a session it may not, and the refusal is a page.
TEST_F(AwardingServerTest, TheConsoleTakesLargeUploadsFromSignedInUsersOnly) {
  const std::string clerk = ConsoleSignIn(submitter_);
  ASSERT_FALSE(clerk.empty());
  const std::string csrf = CsrfIn(ConsoleGet("/console", clerk).body);
  std::string csv =
      "candidate_id,name,apaar_id,nqr_code,assessment_date,result,grade,marks,max_marks\n";
  for (int i = 0; csv.size() <= 300 * 1024; ++i) {
    char apaar[13];
    std::snprintf(apaar, sizeof apaar, "%012d", 100000000 + i);
    csv += "large-" + std::to_string(i) + ",Candidate Number " + std::to_string(i) + "," +
           apaar + "," + std::string(kActive) + ",2026-10-20,pass,A,78,100\n";
  }
  const HttpResult anonymous =
      ConsoleUpload("/console/submit", "pramaan_console=not-a-session", csrf, "results",
                    "large.csv", csv);
  EXPECT_EQ(anonymous.status, 413);
  EXPECT_NE(anonymous.header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(anonymous.body.find("The file is larger than 256 KiB"), std::string::npos)
      << anonymous.body;
  const HttpResult signed_in =
      ConsoleUpload("/console/submit", clerk, csrf, "results", "large.csv", csv);
  EXPECT_EQ(signed_in.status, 201) << signed_in.body.substr(0, 2000);
  EXPECT_EQ(signed_in.body.find("id=\"refused\""), std::string::npos);
}

// Issue 21: an administrator lists users, gives one a new token and disables another from the
// command line; the old and the disabled tokens then sign nothing in, over HTTP either.
TEST_F(AwardingServerTest, AnAdministratorListsDisablesAndRenewsUsers) {
  const std::string common = " --config " + config_ + " --registry " + registry_ + " ";
  const std::string as_admin = "PRAMAAN_AWARD_TOKEN=" + admin_;
  const RunResult listed = Run("award user list" + common, as_admin);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("agency-clerk\tsubmitter\t" + std::string(kAgency) + "\tenabled\n"),
            std::string::npos)
      << listed.out;
  EXPECT_EQ(Run("award user list" + common, "PRAMAAN_AWARD_TOKEN=" + submitter_).exit_code, 2);

  const RunResult renewed = Run("award user token" + common + "agency-clerk", as_admin);
  ASSERT_EQ(renewed.exit_code, 0) << renewed.err;
  const std::string token = renewed.out.substr(0, renewed.out.find('\n'));
  ASSERT_TRUE(token.starts_with("pramaan_award_")) << renewed.out;
  EXPECT_EQ(Get("/awarding/batches", submitter_).status, 401);
  EXPECT_EQ(Get("/awarding/batches", token).status, 200);

  const RunResult disabled = Run("award user disable" + common + "agency-clerk", as_admin);
  ASSERT_EQ(disabled.exit_code, 0) << disabled.err;
  EXPECT_EQ(Get("/awarding/batches", token).status, 401);
  const RunResult refused = Run("award list" + common, "PRAMAAN_AWARD_TOKEN=" + token);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("disabled"), std::string::npos) << refused.err;
  const RunResult after = Run("award user list" + common, as_admin);
  EXPECT_NE(after.out.find("agency-clerk\tsubmitter\t" + std::string(kAgency) + "\tdisabled 20"),
            std::string::npos)
      << after.out;
  EXPECT_EQ(Run("award user disable" + common + "nobody", as_admin).exit_code, 2);
  EXPECT_EQ(Run("award user token" + common, as_admin).exit_code, 2);
}

// Issue 17: a submitter belongs to an assessment agency and sees only its batches.
TEST_F(AwardingServerTest, ASubmitterSeesOnlyTheirAgencysBatches) {
  const std::string rival = AddUser("rival-clerk", {"submitter"}, "Rival Assessment Agency");
  ASSERT_FALSE(rival.empty());
  const HttpResult ours = Submit(submitter_, Json::array({Result("cand-701", "707070707070", kActive)}));
  ASSERT_EQ(ours.status, 201) << ours.body;
  const std::string our_batch = ours.json()["batch_id"].get<std::string>();
  // The rival's own submission: the agency comes from the user (none named in the body).
  const HttpResult theirs = Post(
      "/awarding/batches", rival,
      DumpJson(Json{{"results", Json::array({Result("cand-702", "717171717171", kActive)})}},
               false));
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  const std::string their_batch = theirs.json()["batch_id"].get<std::string>();

  // Another agency's batch and its log are not found, exactly like an unknown batch.
  const HttpResult hidden = Get("/awarding/batches/" + their_batch, submitter_);
  EXPECT_EQ(hidden.status, 404) << hidden.body;
  EXPECT_EQ(hidden.body.find("717171717171"), std::string::npos);
  EXPECT_EQ(Get("/awarding/batches/" + their_batch + "/events", submitter_).status, 404);
  EXPECT_EQ(Get("/awarding/batches/" + our_batch, submitter_).status, 200);
  const HttpResult read_by_rival = Get("/awarding/batches/" + their_batch, rival);
  ASSERT_EQ(read_by_rival.status, 200);
  EXPECT_EQ(read_by_rival.json()["agency"], "Rival Assessment Agency");

  // The list: a submitter's agency's batches; an approver's and an administrator's, all.
  const auto listed = [&](const std::string& token) {
    std::set<std::string> ids;
    const HttpResult list = Get("/awarding/batches", token);
    EXPECT_EQ(list.status, 200) << list.body;
    const Json batches = list.json()["batches"];  // a copy: json() is a temporary
    for (const Json& batch : batches) ids.insert(batch["id"].get<std::string>());
    return ids;
  };
  EXPECT_EQ(listed(submitter_), std::set<std::string>{our_batch});
  EXPECT_EQ(listed(rival), std::set<std::string>{their_batch});
  EXPECT_EQ(listed(approver_), (std::set<std::string>{our_batch, their_batch}));
  EXPECT_EQ(listed(admin_), (std::set<std::string>{our_batch, their_batch}));
  EXPECT_EQ(Get("/awarding/batches/" + their_batch, approver_).status, 200);

  // Submitting for another agency is refused.
  const HttpResult for_other = Post(
      "/awarding/batches?agency=Rival+Assessment+Agency", submitter_,
      DumpJson(Json{{"results", Json::array({Result("cand-703", "727272727272", kActive)})}},
               false));
  EXPECT_EQ(for_other.status, 403) << for_other.body;
  // A submitter needs an agency; an approver has none.
  EXPECT_EQ(Post("/awarding/users", admin_, R"({"name": "no-agency", "roles": ["submitter"]})")
                .status,
            422);
  EXPECT_EQ(Post("/awarding/users", admin_,
                 R"({"name": "approver-2", "roles": ["approver"], "agency": "X"})")
                .status,
            422);

  // The reads of personal data are in the batch's audit log, with who read.
  const HttpResult log = Get("/awarding/batches/" + their_batch + "/events", admin_);
  ASSERT_EQ(log.status, 200);
  std::vector<std::pair<std::string, std::string>> reads;
  const Json events = log.json()["events"];
  for (const Json& event : events) {
    if (event["action"].get<std::string>().starts_with("read_")) {
      reads.emplace_back(event["action"].get<std::string>(), event["actor"].get<std::string>());
    }
  }
  EXPECT_EQ(reads, (std::vector<std::pair<std::string, std::string>>{
                       {"read_batch", "rival-clerk"},
                       {"read_batch", "checker-1"},
                       {"read_log", "root-admin"}}));
}

// Issue 17: `award user add` takes several --role, and a submitter needs --agency.
TEST_F(AwardingServerTest, UserAddTakesRepeatedRolesAndASubmittersAgency) {
  const std::string common = " --config " + config_ + " --registry " + registry_ + " ";
  const std::string as_admin = "PRAMAAN_AWARD_TOKEN=" + admin_;
  const RunResult no_agency =
      Run("award user add" + common + "--name clerk-2 --role submitter", as_admin);
  EXPECT_EQ(no_agency.exit_code, 2);
  EXPECT_NE(no_agency.err.find("--agency"), std::string::npos) << no_agency.err;
  const RunResult approver_agency =
      Run("award user add" + common + "--name checker-2 --role approver --agency X", as_admin);
  EXPECT_EQ(approver_agency.exit_code, 2);
  EXPECT_NE(approver_agency.err.find("--agency"), std::string::npos) << approver_agency.err;
  const RunResult twice = Run("award user add" + common +
                                  "--name clerk-3 --role submitter --agency A --agency B",
                              as_admin);
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("--agency is given more than once"), std::string::npos) << twice.err;
  EXPECT_EQ(Run("award user add" + common + "--name clerk-4 --role submitter --role nobody "
                    "--agency A",
                as_admin)
                .exit_code,
            2);

  // Both roles are kept, not the last one: the user can submit and review (others' batches).
  const RunResult added = Run("award user add" + common +
                                  "--name office-2 --role submitter --role approver --agency '" +
                                  kAgency + "'",
                              as_admin);
  ASSERT_EQ(added.exit_code, 0) << added.err;
  const std::string token = added.out.substr(0, added.out.find('\n'));
  EXPECT_EQ(Submit(token, Json::array({Result("cand-801", "808080808080", kActive)})).status, 201);
  const HttpResult others = Submit(submitter_, Json::array({Result("cand-802", "818181818181", kActive)}));
  ASSERT_EQ(others.status, 201);
  EXPECT_EQ(Post("/awarding/batches/" + others.json()["batch_id"].get<std::string>() + "/review",
                 token, "")
                .status,
            200);
}

}  // namespace
}  // namespace pramaan
