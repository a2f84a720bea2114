// Several `pramaan serve` instances on one PostgreSQL registry (issue 6): what one issues,
// the other serves; a revocation made through one is reported by both. The registry is a
// fresh schema of the test run's private PostgreSQL server (tests/store/postgres_server.h).
#include <gtest/gtest.h>

#include <chrono>
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
    options.environment = {std::string("PRAMAAN_API_TOKEN=") + kToken};
    options.stderr_path = Path(name + ".stderr");
    const testing::ServerProcess server = testing::StartServer(options);
    if (server.pid > 0) servers_.push_back(server.pid);
    return server.port;
  }

  // GET /v/{id} as JSON: the verdict's status ("valid", "revoked", ...), or "" on failure.
  static std::string PageStatus(uint16_t port, const std::string& id) {
    const HttpResult page = Call(port, "GET", "/v/" + id, "", {"Accept: application/json"});
    return page.status == 200 ? GetString(page.json(), "status") : "";
  }

  std::vector<pid_t> servers_;
};

TEST_F(SharedRegistryTest, TwoServersOnOnePostgresqlRegistryServeAndRevokeAlike) {
  auto postgres = testing::PostgresServer::Shared();
  ASSERT_TRUE(postgres.ok()) << postgres.error().message();
  auto schema = (*postgres)->CreateSchema();
  ASSERT_TRUE(schema.ok()) << schema.error().message();
  const std::string registry = (*postgres)->SchemaUrl(*schema);
  const std::string config = MakeConfig();

  const uint16_t first = StartServer(config, registry, "first");
  const uint16_t second = StartServer(config, registry, "second");
  ASSERT_GT(first, 0);
  ASSERT_GT(second, 0);
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

}  // namespace
}  // namespace pramaan
