// Several `pramaan serve` instances on one PostgreSQL registry (issue 6): what one issues,
// the other serves; a revocation made through one is reported by both. The registry is a
// fresh schema of the test run's private PostgreSQL server (tests/store/postgres_server.h).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/json/json.h"
#include "tests/api/server_test_support.h"
#include "tests/cli/cli_fixture.h"
#include "tests/store/postgres_server.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

using testing::Call;
using testing::HttpResult;

constexpr char kToken[] = "shared-registry-token-0123";
constexpr char kPlatformToken[] = "shared-registry-platform-4567";

class SharedRegistryTest : public CliTest {
 protected:
  void TearDown() override {
    for (pid_t pid : servers_) testing::StopServer(pid);
  }

  // Starts `pramaan serve` on `registry` with the API token; returns its port (0 on failure).
  uint16_t StartServer(const std::string& config, const std::string& registry,
                       const std::string& name) {
    testing::ServeOptions options;
    options.config = config;
    options.extra_args = {"--registry", registry};
    options.environment = {std::string("PRAMAAN_API_TOKEN=") + kToken,
                           std::string("PRAMAAN_PLATFORM_TOKEN=") + kPlatformToken};
    options.stderr_path = Path(name + ".stderr");
    const testing::ServerProcess server = testing::StartServer(options);
    if (server.pid > 0) servers_.push_back(server.pid);
    return server.port;
  }

  // A fresh schema of the shared PostgreSQL server as the registry, the configuration, and two
  // servers on them; fails the test when any cannot be had.
  // With `awarding`, the configuration has an "awarding" section and the registry its first
  // administrator, whose token is then in admin_token_.
  void StartTwoServers(std::string* config, std::string* registry, uint16_t* first,
                       uint16_t* second, bool awarding = false) {
    auto postgres = testing::PostgresServer::Shared();
    ASSERT_TRUE(postgres.ok()) << postgres.error().message();
    auto schema = (*postgres)->CreateSchema();
    ASSERT_TRUE(schema.ok()) << schema.error().message();
    *registry = (*postgres)->SchemaUrl(*schema);
    *config = MakeConfig();
    if (awarding) {
      Write("pramaan.json", R"({"base_url": "https://pramaan.example",
        "issuer": {"name": "Test Issuer"}, "signing_key": {"file": "issuer.key"},
        "awarding": {"awarding_body": {"name": "Example Awarding Body"}}})");
      const RunResult admin = Run("award user add --config " + *config + " --registry " +
                                  *registry + " --name admin --role administrator");
      ASSERT_EQ(admin.exit_code, 0) << admin.err;
      admin_token_ = admin.out.substr(0, admin.out.find('\n'));
    }
    *first = StartServer(*config, *registry, "first");
    *second = StartServer(*config, *registry, "second");
    ASSERT_GT(*first, 0);
    ASSERT_GT(*second, 0);
  }

  // GET /v/{id} as JSON: the verdict's status ("valid", "revoked", ...), or "" on failure.
  static std::string PageStatus(uint16_t port, const std::string& id) {
    const HttpResult page = Call(port, "GET", "/v/" + id, "", {"Accept: application/json"});
    return page.status == 200 ? GetString(page.json(), "status") : "";
  }

  std::vector<pid_t> servers_;
  std::string admin_token_;
};

TEST_F(SharedRegistryTest, TwoServersOnOnePostgresqlRegistryServeAndRevokeAlike) {
  std::string config, registry;
  uint16_t first = 0, second = 0;
  ASSERT_NO_FATAL_FAILURE(StartTwoServers(&config, &registry, &first, &second));
  const std::vector<std::string> auth = {std::string("Authorization: Bearer ") + kToken};

  // Issued through the first server.
  Json unsigned_credential = testing::ReadJsonFile(
      testing::SourcePath("examples/signed/course-completion.credential.json"));
  for (const char* member : {"proof", "id", "issuer", "credentialStatus"}) {
    unsigned_credential.erase(member);
  }
  const HttpResult issued = Call(first, "POST", "/credentials/issue",
                                 DumpJson(Json{{"credential", unsigned_credential}}, false), auth);
  ASSERT_EQ(issued.status, 201) << issued.body;
  const Json credential = issued.json()["verifiableCredential"];
  const std::string full_id = GetString(credential, "id");
  const std::string id = full_id.substr(full_id.rfind('/') + 1);

  // Served by the second: the stored credential, its page, its status list.
  const HttpResult stored = Call(second, "GET", "/credentials/" + id, "", auth);
  ASSERT_EQ(stored.status, 200) << stored.body;
  EXPECT_EQ(stored.json(), credential);
  EXPECT_EQ(PageStatus(second, id), "valid");
  const std::string list_url =
      GetString(credential["credentialStatus"][0], "statusListCredential");
  const std::string list_path = list_url.substr(list_url.find("/status/"));
  // Signed and stored by an issuer role's worker a moment after issuance.
  EXPECT_EQ(testing::CallUntilStatus(200, second, "GET", list_path).status, 200);

  // Revoked through the second server's API; both report it (a server rechecks the shared
  // registry's status at most every 250 ms).
  const HttpResult revoked = Call(
      second, "POST", "/credentials/status",
      DumpJson(Json{{"credentialId", full_id},
                    {"credentialStatus", Json::array({Json{{"type", "BitstringStatusListEntry"},
                                                           {"status", "revoked"}}})},
                    {"reason", "awarded in error"},
                    {"actor", "registrar"}},
               false),
      auth);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  std::string seen_by_first;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < deadline) {
    seen_by_first = PageStatus(first, id);
    if (seen_by_first == "revoked") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(seen_by_first, "revoked");
  EXPECT_EQ(PageStatus(second, id), "revoked");
  const HttpResult verified = Call(first, "POST", "/credentials/verify",
                                   DumpJson(Json{{"verifiableCredential", credential}}, false));
  EXPECT_EQ(verified.status, 422) << verified.body;
  EXPECT_EQ(GetString(verified.json(), "status"), "revoked") << verified.body;
}

// POST /records/batch to the server on `port`, with time for a large batch.
HttpResult PostBatch(uint16_t port, const std::string& body) {
  const int fd = testing::Connect(port);
  if (fd < 0) return {};
  std::string pending;
  const bool sent = testing::SendAll(
      fd, testing::RequestText("POST", "/records/batch", body,
                               {std::string("Authorization: Bearer ") + kPlatformToken,
                                "Content-Type: application/x-ndjson"}));
  HttpResult result = sent ? testing::ReadResponse(fd, pending, 300'000) : HttpResult{};
  ::close(fd);
  return result;
}

// Issue 20: the platform sends the same batch to two servers on one registry at once (a retry
// through another server behind a load balancer): each record is issued exactly once, and
// both answer it with the same certificate.
TEST_F(SharedRegistryTest, TwoServersTakingTheSameBatchIssueEachRecordOnce) {
  std::string config, registry;
  uint16_t first = 0, second = 0;
  ASSERT_NO_FATAL_FAILURE(StartTwoServers(&config, &registry, &first, &second));

  constexpr int kRecords = 2'000;
  Json record = testing::ReadJsonFile(testing::SourcePath("examples/completion.json"));
  std::string body;
  for (int i = 0; i < kRecords; ++i) {
    record["source_record_id"] = "shared-batch-" + std::to_string(i);
    record["learner"]["name"] = "Learner " + std::to_string(i);
    body += DumpJson(record, false) + "\n";
  }
  HttpResult answers[2];
  std::thread other([&] { answers[1] = PostBatch(second, body); });
  answers[0] = PostBatch(first, body);
  other.join();
  std::vector<Json> lines[2];
  for (int s = 0; s < 2; ++s) {
    ASSERT_EQ(answers[s].status, 200) << answers[s].body.substr(0, 300);
    std::istringstream text(answers[s].body);
    for (std::string line; std::getline(text, line);) lines[s].push_back(Json::parse(line));
    ASSERT_EQ(lines[s].size(), size_t{kRecords});
  }
  std::set<std::string> ids;
  int issued = 0;
  for (int i = 0; i < kRecords; ++i) {
    const std::string id = GetString(lines[0][i], "id");
    EXPECT_EQ(GetString(lines[1][i], "id"), id) << "record " << i;
    ids.insert(id);
    const std::set<std::string> outcomes = {GetString(lines[0][i], "outcome"),
                                            GetString(lines[1][i], "outcome")};
    EXPECT_EQ(outcomes, (std::set<std::string>{"existing", "issued"})) << "record " << i;
    for (int s = 0; s < 2; ++s) issued += GetString(lines[s][i], "outcome") == "issued";
  }
  EXPECT_EQ(ids.size(), size_t{kRecords});
  EXPECT_EQ(issued, kRecords) << "each record issued by exactly one server";
  EXPECT_EQ(PageStatus(second, GetString(lines[0].back(), "id")), "valid");
}

// Issue 21: console sessions live in the registry, so that several issuer servers share them:
// signed in through one server, the session works through the other, and signing out through
// either ends it for both.
TEST_F(SharedRegistryTest, AConsoleSessionSignedInThroughOneServerWorksThroughTheOther) {
  std::string config, registry;
  uint16_t first = 0, second = 0;
  ASSERT_NO_FATAL_FAILURE(StartTwoServers(&config, &registry, &first, &second, true));
  const std::vector<std::string> form = {"Content-Type: application/x-www-form-urlencoded"};
  const HttpResult signed_in = Call(first, "POST", "/console/sign-in", "token=" + admin_token_, form);
  ASSERT_EQ(signed_in.status, 303) << signed_in.body;
  const std::string set = signed_in.header("set-cookie");
  const std::string cookie = set.substr(0, set.find(';'));
  const auto home = [&](uint16_t port) {
    return Call(port, "GET", "/console", "", {"Cookie: " + cookie});
  };
  const HttpResult there = home(second);
  ASSERT_EQ(there.status, 200);
  EXPECT_NE(there.body.find("id=\"sign-out\""), std::string::npos) << there.body;
  const std::string marker = "name=\"csrf\" value=\"";
  const size_t at = there.body.find(marker);
  ASSERT_NE(at, std::string::npos);
  const std::string csrf =
      there.body.substr(at + marker.size(), there.body.find('"', at + marker.size()) - at - marker.size());
  std::vector<std::string> with_cookie = form;
  with_cookie.push_back("Cookie: " + cookie);
  EXPECT_EQ(Call(second, "POST", "/console/sign-out", "csrf=" + csrf, with_cookie).status, 303);
  EXPECT_EQ(home(first).body.find("id=\"sign-out\""), std::string::npos) << "ended for both";
  EXPECT_NE(home(first).body.find("name=\"token\""), std::string::npos);
}

}  // namespace
}  // namespace pramaan
