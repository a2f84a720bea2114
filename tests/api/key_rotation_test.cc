// End-to-end test of the issuer key lifecycle through the real build/pramaan binary and the
// real server: issue with a did:web file key, `keys rotate` (which moves the configuration to a
// key ring), issue again, `keys compromise` the first key, and check what `pramaan verify` and
// `pramaan serve` (GET /.well-known/did.json, POST /credentials/verify) make of credentials
// signed before and after the compromise.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/json/json.h"
#include "core/time/clock.h"
#include "core/time/rfc3339.h"
#include "tests/api/server_test_support.h"
#include "tests/cli/cli_fixture.h"

namespace pramaan {
namespace {

using testing::Call;
using testing::HttpResult;

constexpr char kDid[] = "did:web:pramaan.example";

class KeyRotationTest : public CliTest {
 protected:
  void TearDown() override {
    if (server_ > 0) testing::StopServer(server_);
  }

  // Starts `pramaan serve --config CONFIG --port 0` and returns its port (0 on failure).
  uint16_t StartServer(const std::string& config) {
    testing::ServeOptions options;
    options.config = config;
    options.extra_args = {"--registry", Path("registry.sqlite")};
    options.stderr_path = Path("server.stderr");
    const testing::ServerProcess server = testing::StartServer(options);
    server_ = server.pid;
    return server.port;
  }

  // Issues examples/completion.json into DIR and returns the credential; with `registry`,
  // stores it in the registry the server of StartServer serves.
  Json Issue(const std::string& config, const std::string& out, const std::string& env = "",
             bool registry = false) {
    const RunResult issued = Run(
        "issue --config " + config + (registry ? " --registry " + Path("registry.sqlite") : "") +
            " " + kSource + "/examples/completion.json --out " + Path(out),
        env);
    EXPECT_EQ(issued.exit_code, 0) << issued.err;
    for (const auto& entry : fs::directory_iterator(dir_ / out)) {
      if (entry.path().extension() == ".json" && entry.path().filename() != "rejected.jsonl") {
        auto parsed = ParseJson(ReadFile(entry.path()));
        EXPECT_TRUE(parsed.ok());
        return parsed.ok() ? *parsed : Json();
      }
    }
    ADD_FAILURE() << "no credential in " << out;
    return Json();
  }

  RunResult Verify(const std::string& config, const Json& credential, const std::string& name) {
    Write(name, DumpJson(credential, true));
    return Run("verify --json --offline --config " + config + " " + Path(name));
  }

  pid_t server_ = 0;
};

// The whole lifecycle in order: each step depends on the one before.
TEST_F(KeyRotationTest, RotatedAndCompromisedKeysVerifyAsTheirHistorySays) {
  ASSERT_EQ(Run("keys generate --out " + Path("issuer.key")).exit_code, 0);
  Write("pramaan.json", R"({"base_url": "https://pramaan.example",
    "issuer": {"name": "Test Issuer", "id": "did:web:pramaan.example"},
    "signing_key": {"file": "issuer.key"}})");
  const std::string config = Path("pramaan.json");
  const std::string key1 = std::string(kDid) + "#key-1";
  const std::string key2 = std::string(kDid) + "#key-2";

  // Credential A, signed with the file key.
  const Json a = Issue(config, "out-a", "", /*registry=*/true);
  ASSERT_EQ(a["proof"]["verificationMethod"], key1);

  // Rotate: the configuration moves to a key ring, and key-2 signs from now on.
  const RunResult rotated = Run("keys rotate --config " + config);
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  auto rotation = ParseJson(rotated.out);
  ASSERT_TRUE(rotation.ok()) << rotated.out;
  EXPECT_EQ((*rotation)["verificationMethod"], key2);
  EXPECT_EQ((*rotation)["didDocument"]["assertionMethod"], Json::array({key1, key2}));
  EXPECT_NE(rotated.err.find("keyring.json"), std::string::npos) << rotated.err;
  EXPECT_NE(rotated.err.find("restart `pramaan serve`"), std::string::npos) << rotated.err;
  const Json rewritten = testing::ReadJsonFile(config);
  EXPECT_EQ(rewritten["signing_key"], Json({{"keyring", "keyring.json"}}));
  EXPECT_EQ(rewritten["issuer"]["id"], kDid);  // everything else is kept
  EXPECT_TRUE(fs::exists(dir_ / "key-2.key"));
  EXPECT_TRUE(fs::exists(dir_ / "issuer.key"));

  // Credential B, signed with the new key; both verify.
  const Json b = Issue(config, "out-b");
  ASSERT_EQ(b["proof"]["verificationMethod"], key2);
  const RunResult a_verified = Verify(config, a, "a.json");
  EXPECT_EQ(a_verified.exit_code, 0) << a_verified.out << a_verified.err;
  const RunResult b_verified = Verify(config, b, "b.json");
  EXPECT_EQ(b_verified.exit_code, 0) << b_verified.out << b_verified.err;

  // Declare key-1 compromised from one second after A was signed (proof times are whole
  // seconds), once that time has passed.
  auto a_created = ParseRfc3339(a["proof"]["created"].get<std::string>());
  ASSERT_TRUE(a_created.ok());
  const Timestamp since = *a_created + std::chrono::seconds(1);
  while (SystemClock().Now() < since) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::string since_text = FormatRfc3339(since);
  const std::string compromise = "keys compromise --config " + config + " --key '#key-1' --since " +
                                 since_text + " --reason 'backup tape lost'";
  const RunResult compromised = Run(compromise);
  ASSERT_EQ(compromised.exit_code, 0) << compromised.err;
  auto compromised_document = ParseJson(compromised.out);
  ASSERT_TRUE(compromised_document.ok()) << compromised.out;
  EXPECT_EQ((*compromised_document)["verificationMethod"][0]["revoked"], since_text);
  // Saying it again is harmless; another date, the active key or an unknown key is refused.
  EXPECT_EQ(Run(compromise).exit_code, 0);
  EXPECT_EQ(Run("keys compromise --config " + config +
                " --key '#key-1' --since "
                "2020-01-01T00:00:00Z --reason 'other'")
                .exit_code,
            2);
  const RunResult active = Run("keys compromise --config " + config + " --key " + key2 +
                               " --since " + since_text + " --reason 'x'");
  EXPECT_EQ(active.exit_code, 2);
  EXPECT_NE(active.err.find("pramaan keys rotate"), std::string::npos) << active.err;
  EXPECT_EQ(Run("keys compromise --config " + config + " --key '#key-7' --since " + since_text +
                " --reason 'x'")
                .exit_code,
            2);

  const RunResult listed = Run("keys list --config " + config);
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find(key1 + "\tissuer.key\tadded "), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("compromised since " + since_text), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("backup tape lost"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find(key2 + "\tkey-2.key\tadded "), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("\tactive"), std::string::npos) << listed.out;

  // A was signed before the compromise: it still verifies.
  const RunResult a_after = Verify(config, a, "a.json");
  EXPECT_EQ(a_after.exit_code, 0) << a_after.out << a_after.err;

  // Whoever has key-1 signs a credential now: it fails, saying why.
  Json unsigned_credential = a;
  unsigned_credential.erase("proof");
  unsigned_credential["credentialSubject"]["name"] = "Mallory";
  Write("forged-unsigned.json", DumpJson(unsigned_credential, true));
  const RunResult forged_run =
      Run("sign --key " + Path("issuer.key") + " --config " + config + " --verification-method '" +
          key1 + "' " + Path("forged-unsigned.json"));
  ASSERT_EQ(forged_run.exit_code, 0) << forged_run.err;
  auto forged = ParseJson(forged_run.out);
  ASSERT_TRUE(forged.ok()) << forged_run.out;
  const RunResult forged_verified = Verify(config, *forged, "forged.json");
  EXPECT_EQ(forged_verified.exit_code, 1) << forged_verified.out << forged_verified.err;
  const std::string reason = "the key " + key1 + " was declared compromised from " + since_text +
                             " and this proof was created at ";
  EXPECT_NE(forged_verified.out.find(reason), std::string::npos) << forged_verified.out;

  // The server publishes the history and refuses the forgery for the same reason.
  const uint16_t port = StartServer(config);
  ASSERT_NE(port, 0);
  const HttpResult did = Call(port, "GET", "/.well-known/did.json");
  ASSERT_EQ(did.status, 200) << did.body;
  const Json document = did.json();
  ASSERT_EQ(document["verificationMethod"].size(), 2u) << did.body;
  EXPECT_EQ(document["verificationMethod"][0]["id"], key1);
  EXPECT_EQ(document["verificationMethod"][0]["revoked"], since_text);
  EXPECT_EQ(document["verificationMethod"][1]["id"], key2);
  EXPECT_FALSE(document["verificationMethod"][1].contains("revoked"));
  EXPECT_EQ(document["assertionMethod"], Json::array({key1, key2}));

  const auto verify_body = [](const Json& credential) {
    return DumpJson(Json{{"verifiableCredential", credential}, {"options", Json::object()}}, false);
  };
  const HttpResult forged_reply = Call(port, "POST", "/credentials/verify", verify_body(*forged));
  EXPECT_EQ(forged_reply.status, 422) << forged_reply.body;
  EXPECT_EQ(forged_reply.json()["verified"], false) << forged_reply.body;
  EXPECT_NE(forged_reply.body.find(reason), std::string::npos) << forged_reply.body;
  for (const Json* credential : {&a, &b}) {
    const HttpResult reply = Call(port, "POST", "/credentials/verify", verify_body(*credential));
    EXPECT_EQ(reply.status, 200) << reply.body;
  }

  // The thief dates the forgery back to when A was signed, before the compromise. A verifier
  // with only the DID document cannot tell (the proof checks out), but the issuer's server
  // trusts a proof by a compromised key only for the credential its registry holds.
  const RunResult backdated_run =
      Run("sign --key " + Path("issuer.key") + " --config " + config + " --verification-method '" +
          key1 + "' --created " + GetString(a["proof"], "created") + " " +
          Path("forged-unsigned.json"));
  ASSERT_EQ(backdated_run.exit_code, 0) << backdated_run.err;
  auto backdated = ParseJson(backdated_run.out);
  ASSERT_TRUE(backdated.ok()) << backdated_run.out;
  EXPECT_EQ(Verify(config, *backdated, "backdated.json").exit_code, 0);
  const HttpResult backdated_reply =
      Call(port, "POST", "/credentials/verify", verify_body(*backdated));
  EXPECT_EQ(backdated_reply.status, 422) << backdated_reply.body;
  EXPECT_EQ(backdated_reply.json()["verified"], false) << backdated_reply.body;
  EXPECT_NE(backdated_reply.body.find("which its issuer declared compromised, and not the "
                                      "credential this registry holds"),
            std::string::npos)
      << backdated_reply.body;
}

TEST_F(KeyRotationTest, RotateRefusesADidKeyIssuerAndChangesNothing) {
  const std::string config = MakeConfig();  // issuer.id unset: the key's did:key
  const std::string before = ReadFile(config);
  const RunResult rotated = Run("keys rotate --config " + config);
  EXPECT_EQ(rotated.exit_code, 2);
  EXPECT_NE(rotated.err.find("did:web"), std::string::npos) << rotated.err;
  EXPECT_EQ(ReadFile(config), before);
  EXPECT_FALSE(fs::exists(dir_ / "keyring.json"));
  EXPECT_FALSE(fs::exists(dir_ / "key-1.key"));
}

TEST_F(KeyRotationTest, AKeyringWithADidKeyIssuerIsRefused) {
  ASSERT_EQ(Run("keys generate --out " + Path("issuer.key")).exit_code, 0);
  Write("pramaan.json", R"({"base_url": "https://pramaan.example",
    "issuer": {"name": "Test Issuer"}, "signing_key": {"keyring": "keyring.json"}})");
  const RunResult listed = Run("keys list --config " + Path("pramaan.json"));
  EXPECT_EQ(listed.exit_code, 2);
  EXPECT_NE(listed.err.find("a \"keyring\" needs a did:web issuer"), std::string::npos)
      << listed.err;
}

TEST_F(KeyRotationTest, RotateSealsTheNewKeyAndKeepsThePassphraseVariable) {
  ASSERT_EQ(Run("keys generate --out " + Path("issuer.key") + " --passphrase-env PHRASE",
                "PHRASE=first-phrase")
                .exit_code,
            0);
  Write("pramaan.json", R"({"base_url": "https://pramaan.example",
    "issuer": {"name": "Test Issuer", "id": "did:web:pramaan.example"},
    "signing_key": {"file": "issuer.key", "passphrase_env": "PHRASE"}})");
  const std::string config = Path("pramaan.json");
  // Without the passphrase nothing happens.
  EXPECT_EQ(Run("keys rotate --config " + config, "env -u PHRASE").exit_code, 2);
  EXPECT_FALSE(fs::exists(dir_ / "keyring.json"));

  const RunResult rotated = Run("keys rotate --config " + config, "PHRASE=first-phrase");
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  EXPECT_EQ(testing::ReadJsonFile(config)["signing_key"],
            Json({{"keyring", "keyring.json"}, {"passphrase_env", "PHRASE"}}));
  EXPECT_NE(ReadFile(Path("key-2.key")).find("argon2id"), std::string::npos);
  // A second rotation appends key-3, sealed too, which issuing opens with the passphrase.
  const RunResult again = Run("keys rotate --config " + config, "PHRASE=first-phrase");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto rotation = ParseJson(again.out);
  ASSERT_TRUE(rotation.ok()) << again.out;
  EXPECT_EQ((*rotation)["verificationMethod"], std::string(kDid) + "#key-3");
  EXPECT_NE(ReadFile(Path("key-3.key")).find("argon2id"), std::string::npos);
  EXPECT_EQ(Run("issue --config " + config + " " + kSource + "/examples/completion.json --out " +
                Path("out-refused"))
                .exit_code,
            2);
  const Json issued = Issue(config, "out", "PHRASE=first-phrase");
  EXPECT_EQ(issued["proof"]["verificationMethod"], std::string(kDid) + "#key-3");
}

}  // namespace
}  // namespace pramaan
