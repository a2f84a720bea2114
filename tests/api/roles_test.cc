// The split by security context (DESIGN.md, "Security contexts"), end to end with the real
// binary: `pramaan serve --role public` starts in a folder holding no key file, from a
// configuration naming no key, and serves what the issuer side made and stored in the shared
// registry (credentials, signed status lists, certificate PDFs); it answers the issuer's
// routes 404. `--role issuer` signs and makes those, and answers the public routes 404.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/did/did_document.h"
#include "core/json/json.h"
#include "core/status/status_list_credential.h"
#include "keys/key_file.h"
#include "tests/api/server_test_support.h"
#include "tests/cli/cli_fixture.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

using testing::Call;
using testing::CallUntilStatus;
using testing::HttpResult;

constexpr char kToken[] = "roles-test-token-0123";
constexpr char kDid[] = "did:web:pramaan.example";

class RolesTest : public CliTest {
 protected:
  // issuer/: the key, the document-signing certificate and the issuer's configuration.
  // public/: a configuration naming no key and the issuer's DID document, nothing else.
  // One credential issued by `pramaan issue` into the shared SQLite registry.
  void SetUp() override {
    fs::create_directories(dir_ / "issuer");
    fs::create_directories(dir_ / "public");
    ASSERT_EQ(Run("keys generate --out " + Path("issuer/issuer.key")).exit_code, 0);
    ASSERT_EQ(Run("keys certificate --out-cert " + Path("issuer/signer.crt.pem") +
                  " --out-key " + Path("issuer/signer.key.pem") +
                  " --subject \"CN=Pramaan Roles Test Signer,O=Test\"")
                  .exit_code,
              0);
    // The issuer's DID document, as published at /.well-known/did.json: public keys only.
    auto public_key = ReadKeyFilePublicKey(dir_ / "issuer/issuer.key");
    ASSERT_TRUE(public_key.ok()) << public_key.error().message();
    const DidDocument document = DidDocument::ForMethods(
        kDid, {VerificationMethod{std::string(kDid) + "#key-1", kDid, *public_key}});
    Write("issuer/did.json", document.ToJson().dump());
    Write("public/did.json", document.ToJson().dump());
    // Both configurations name the awarding workflow and DigiLocker, so that what decides
    // whether /awarding/ and /digilocker/ are served is the role alone.
    const std::string awarding = R"("awarding": {
        "awarding_body": {"name": "Example Awarding Body", "ncvet_recognition_id": "AB-0001"},
        "digilocker": {"issuer_id": "in.gov.example-ab", "doc_type": "NCVQC",
                       "key_env": "ROLES_TEST_DIGILOCKER_KEY"}})";
    Write("issuer/pramaan.json", R"({"base_url": "https://pramaan.example",
      "issuer": {"name": "Test Issuer", "id": "did:web:pramaan.example"},
      "signing_key": {"file": "issuer.key"}, "did_documents": ["did.json"],
      "certificates": {"signing_certificate": "signer.crt.pem",
                       "signing_key": "signer.key.pem"}, )" + awarding + "}");
    Write("public/pramaan.json", R"({"base_url": "https://pramaan.example",
      "issuer": {"name": "Test Issuer", "id": "did:web:pramaan.example"},
      "did_documents": ["did.json"], )" + awarding + "}");
    registry_ = Path("registry.sqlite");

    const RunResult issued = Run("issue --config " + Path("issuer/pramaan.json") + " --registry " +
                                 registry_ + " " + kSource + "/examples/completion.json --out " +
                                 Path("out"));
    ASSERT_EQ(issued.exit_code, 0) << issued.err;
    id_ = issued.out.substr(0, issued.out.find_first_of("\t \n"));
    ASSERT_FALSE(id_.empty()) << issued.out;
    credential_ = testing::ReadJsonFile(dir_ / "out" / (id_ + ".json"));
    ASSERT_TRUE(credential_.contains("credentialStatus")) << credential_.dump();
    const std::string list_url =
        GetString(credential_["credentialStatus"][0], "statusListCredential");
    list_path_ = list_url.substr(list_url.find("/status/"));
    index_ = std::stoull(GetString(credential_["credentialStatus"][0], "statusListIndex"));
  }

  void TearDown() override {
    for (pid_t pid : servers_) testing::StopServer(pid);
  }

  // Starts `pramaan serve --role ROLE` on the shared registry; returns its process.
  testing::ServerProcess Serve(const std::string& role, const std::string& config) {
    testing::ServeOptions options;
    options.config = config;
    options.extra_args = {"--role", role, "--registry", registry_};
    options.environment = {std::string("PRAMAAN_API_TOKEN=") + kToken,
                           "ROLES_TEST_DIGILOCKER_KEY=roles-test-digilocker-secret"};
    options.stderr_path = Path(role + ".stderr");
    const testing::ServerProcess server = testing::StartServer(options);
    if (server.pid > 0) servers_.push_back(server.pid);
    return server;
  }

  void Stop(const testing::ServerProcess& server) {
    EXPECT_EQ(testing::StopServer(server.pid), 0);
    std::erase(servers_, server.pid);
  }

  // The public role's verdict on the credential: its page's status and the VC API's.
  std::string PageStatus(uint16_t port) const {
    return GetString(Call(port, "GET", "/v/" + id_, "", {"Accept: application/json"}).json(),
                     "status");
  }
  HttpResult VerifyCredential(uint16_t port) const {
    return Call(port, "POST", "/credentials/verify",
                DumpJson(Json{{"verifiableCredential", credential_}}, false));
  }

  // The stored list's bit for the credential, after checking the list is the issuer's
  // (`pramaan verify` with the public configuration: public keys only).
  bool ListBit(const HttpResult& list) {
    EXPECT_EQ(list.status, 200) << list.body;
    EXPECT_EQ(list.header("cache-control"), "public, max-age=300");
    Write("list.json", list.body);
    const RunResult verified =
        Run("verify --config " + Path("public/pramaan.json") + " " + Path("list.json"));
    EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
    auto view = ReadStatusListCredential(list.json());
    EXPECT_TRUE(view.ok()) << list.body;
    if (!view.ok()) return false;
    EXPECT_EQ(view->id, "https://pramaan.example" + list_path_);
    auto bit = view->bits.Get(index_);
    return bit.ok() && *bit;
  }

  std::string registry_;
  std::string id_;
  Json credential_;
  std::string list_path_;
  uint64_t index_ = 0;
  std::vector<pid_t> servers_;
};

TEST_F(RolesTest, PublicRoleStartsWithoutAnyKeyAndServesWhatTheIssuerSideSignedAndStored) {
  // Nothing in the public folder is a key, and its configuration names none.
  for (const auto& entry : fs::directory_iterator(dir_ / "public")) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(name == "pramaan.json" || name == "did.json") << name;
  }
  const std::string public_config = ReadFile(dir_ / "public/pramaan.json");
  EXPECT_EQ(public_config.find("signing_key"), std::string::npos);
  EXPECT_EQ(public_config.find("certificates"), std::string::npos);

  const testing::ServerProcess verifier = Serve("public", Path("public/pramaan.json"));
  ASSERT_GT(verifier.port, 0) << ReadFile(Path("public.stderr"));
  // The page and the VC API verification, from the registry and public keys alone.
  EXPECT_EQ(PageStatus(verifier.port), "valid");
  const HttpResult verified = VerifyCredential(verifier.port);
  EXPECT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(GetString(verified.json(), "status"), "valid");
  const HttpResult did = Call(verifier.port, "GET", "/.well-known/did.json");
  EXPECT_EQ(did.status, 200);
  EXPECT_EQ(GetString(did.json(), "id"), kDid);

  // The issuer role, on the internal network, signs the lists into the shared registry.
  const testing::ServerProcess issuer = Serve("issuer", Path("issuer/pramaan.json"));
  ASSERT_GT(issuer.port, 0) << ReadFile(Path("issuer.stderr"));
  const HttpResult list = CallUntilStatus(200, verifier.port, "GET", list_path_);
  EXPECT_FALSE(ListBit(list));
  const std::string etag = list.header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(Call(verifier.port, "GET", list_path_, "", {"If-None-Match: " + etag}).status, 304);
  Stop(issuer);

  // Revoked afterwards through the CLI with the issuer's configuration: re-signed and stored
  // at once (no issuer server is running now), and the public role reports it.
  const RunResult revoked = Run("status revoke " + id_ + " --registry " + registry_ +
                                " --config " + Path("issuer/pramaan.json") +
                                " --reason 'awarded in error' --actor registrar");
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_NE(revoked.out.find("re-signed 1 status list"), std::string::npos) << revoked.out;
  const HttpResult resigned =
      Call(verifier.port, "GET", list_path_, "", {"If-None-Match: " + etag});
  EXPECT_TRUE(ListBit(resigned));
  EXPECT_NE(resigned.header("etag"), etag);
  std::string page;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while ((page = PageStatus(verifier.port)) != "revoked" &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(page, "revoked");
  const HttpResult refused = VerifyCredential(verifier.port);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(GetString(refused.json(), "status"), "revoked") << refused.body;

  // The issuer's routes are not there, whatever the token.
  const std::vector<std::string> auth = {std::string("Authorization: Bearer ") + kToken};
  for (const char* path : {"/credentials/issue", "/credentials/status", "/awarding/results",
                           "/digilocker/pull-uri"}) {
    const HttpResult answer = Call(verifier.port, "POST", path, "{}", auth);
    EXPECT_EQ(answer.status, 404) << path << ": " << answer.body;
    EXPECT_EQ(answer.header("content-type"), "application/problem+json") << path;
  }
}

TEST_F(RolesTest, IssuerRoleServesNoPublicPageAndItsWorkerStoresThePdfThePublicRoleServes) {
  const testing::ServerProcess issuer = Serve("issuer", Path("issuer/pramaan.json"));
  ASSERT_GT(issuer.port, 0) << ReadFile(Path("issuer.stderr"));
  const std::vector<std::string> auth = {std::string("Authorization: Bearer ") + kToken};
  for (const std::string& path :
       {"/v/" + id_, "/credentials/" + id_, "/credentials/" + id_ + ".pdf", list_path_,
        std::string("/.well-known/did.json")}) {
    const HttpResult answer = Call(issuer.port, "GET", path, "", auth);
    EXPECT_EQ(answer.status, 404) << path << ": " << answer.body;
    EXPECT_EQ(answer.header("content-type"), "application/problem+json") << path;
  }
  EXPECT_EQ(Call(issuer.port, "GET", "/healthz").status, 200);
  // The same awarding configuration the public role has: here its routes are served (the
  // API token is no awarding user's, so they refuse it), which is what makes the public
  // role's 404 for them a test of the role.
  for (const char* path : {"/awarding/results", "/digilocker/pull-uri"}) {
    const HttpResult answer = Call(issuer.port, "POST", path, "{}", auth);
    EXPECT_NE(answer.status, 404) << path << ": " << answer.body;
  }

  // The public role serves the PDF the issuer role's worker made and stored; it renders none.
  const testing::ServerProcess verifier = Serve("public", Path("public/pramaan.json"));
  ASSERT_GT(verifier.port, 0) << ReadFile(Path("public.stderr"));
  EXPECT_EQ(Call(verifier.port, "GET", "/credentials/" + id_ + ".pdf").status, 401);
  // The printed credential URL, anonymously: the page, not the full credential (issue 19).
  const HttpResult printed = Call(verifier.port, "GET", "/credentials/" + id_);
  EXPECT_EQ(printed.status, 303) << printed.body;
  EXPECT_EQ(printed.header("location"), "/v/" + id_);
  const HttpResult pdf =
      CallUntilStatus(200, verifier.port, "GET", "/credentials/" + id_ + ".pdf", "", auth);
  ASSERT_EQ(pdf.status, 200) << pdf.body << ReadFile(Path("issuer.stderr"));
  EXPECT_EQ(pdf.header("content-type"), "application/pdf");
  EXPECT_TRUE(pdf.body.starts_with("%PDF-"));
  // It is the issuer's signed certificate of this credential.
  Write("served.pdf", pdf.body);
  const RunResult checked = Run("verify --config " + Path("issuer/pramaan.json") + " --registry " +
                                registry_ + " " + Path("served.pdf"));
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  EXPECT_NE(pdf.body.find(id_ + ".credential.json"), std::string::npos)
      << "the PDF embeds this credential";
}

TEST_F(RolesTest, ServeRefusesAnUnknownRoleAndAPublicRoleWithoutARegistry) {
  const RunResult unknown =
      Run("serve --role verifier --config " + Path("public/pramaan.json") + " --port 0");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--role must be public, issuer or all"), std::string::npos)
      << unknown.err;
  const RunResult no_registry =
      Run("serve --role public --config " + Path("public/pramaan.json") + " --port 0");
  EXPECT_EQ(no_registry.exit_code, 2);
  EXPECT_NE(no_registry.err.find("--registry"), std::string::npos) << no_registry.err;
  // The issuer role cannot start from the public configuration: it names no key.
  const RunResult keyless_issuer = Run("serve --role issuer --config " +
                                       Path("public/pramaan.json") + " --registry " + registry_ +
                                       " --port 0");
  EXPECT_NE(keyless_issuer.exit_code, 0);
  EXPECT_NE(keyless_issuer.err.find("signing_key"), std::string::npos) << keyless_issuer.err;
}

}  // namespace
}  // namespace pramaan
