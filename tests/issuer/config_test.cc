// Tests for issuer/config: signing_key.keyring (what LoadIssuerConfig accepts, what
// LoadIssuerSetup signs with and publishes, what ApplyTrust trusts) and moving a configuration
// from a key file to a key ring (ConvertConfigToKeyRing).
#include "issuer/config.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "core/did/did_document.h"
#include "core/did/did_key.h"
#include "core/did/multikey.h"
#include "keys/key_file.h"
#include "keys/keyring.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

namespace fs = std::filesystem;
using testing::At;
using testing::ModeOf;
using testing::ReadFile;
using testing::TempDir;

constexpr char kDid[] = "did:web:pramaan.example";

class ConfigTest : public ::testing::Test {
 protected:
  fs::path Write(const std::string& name, const std::string& text) const {
    return temp_dir_.Write(name, text);
  }

  // A new unsealed key in dir/name.
  Ed25519PublicKey WriteKey(const std::string& name) const {
    const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
    EXPECT_TRUE(WriteKeyFile(dir_ / name, key, nullptr).ok());
    return key.public_key();
  }

  // A did:web configuration whose signing_key is `signing_key` (JSON text); `extra` is added
  // to the top level (JSON members with a leading comma).
  fs::path WriteConfig(const std::string& signing_key, const std::string& extra = "") const {
    return Write("pramaan.json", R"({"base_url": "https://pramaan.example",
      "issuer": {"name": "Test Issuer", "id": "did:web:pramaan.example"},
      "signing_key": )" + signing_key +
                                     extra + "}");
  }

  // Writes dir/name: a ring of the one key `key` (in `key_file`) as `method`, added
  // 2026-01-01T00:00:00Z.
  Status WriteOneKeyRing(const std::string& name, const std::string& method,
                         const std::string& key_file, const Ed25519PublicKey& key) const {
    auto ring = KeyRing::Create({KeyRingEntry{method, key_file, key, At("2026-01-01T00:00:00Z"),
                                              std::nullopt, std::nullopt}});
    if (!ring.ok()) return ring.error();
    return CreateKeyRingFile(dir_ / name, *ring);
  }

  const TempDir temp_dir_{"pramaan-config"};
  const fs::path dir_ = temp_dir_.path();
};

TEST_F(ConfigTest, LoadIssuerConfigReadsAKeyring) {
  auto config = LoadIssuerConfig(WriteConfig(R"({"keyring": "ring.json", "passphrase_env": "P"})"));
  ASSERT_TRUE(config.ok()) << config.error().message();
  EXPECT_EQ(config->keyring, dir_ / "ring.json");
  EXPECT_TRUE(config->signing_key.empty());
  EXPECT_EQ(config->passphrase_env, "P");
}

TEST_F(ConfigTest, TrustedIssuersAreTheOwnIssuerAndTheConfiguredDids) {
  const std::string other = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
  auto config = LoadIssuerConfig(WriteConfig(R"({"file": "issuer.key"})",
                                             R"(, "trusted_issuers": [")" + other + R"("])"));
  ASSERT_TRUE(config.ok()) << config.error().message();
  EXPECT_EQ(config->trusted_issuers, std::vector<std::string>{other});
  auto dids = TrustedIssuerDids(*config);
  ASSERT_TRUE(dids.ok()) << dids.error().message();
  EXPECT_EQ(*dids, (std::vector<std::string>{kDid, other}));

  // Without issuer.id, the own issuer is the signing key's did:key (only its public key is
  // read).
  const Ed25519PublicKey key = WriteKey("issuer.key");
  const fs::path path = Write("pramaan.json", R"({"base_url": "https://pramaan.example",
      "issuer": {"name": "Test Issuer"}, "signing_key": {"file": "issuer.key"}})");
  auto did_key_config = LoadIssuerConfig(path);
  ASSERT_TRUE(did_key_config.ok()) << did_key_config.error().message();
  auto own = TrustedIssuerDids(*did_key_config);
  ASSERT_TRUE(own.ok()) << own.error().message();
  EXPECT_EQ(*own, std::vector<std::string>{DidKeyFor(key)});
}

// Issue 18: a deployment may publish Pramaan's context at another URL, which its credentials
// then name; without the setting they name {base_url}/contexts/pramaan/v1.
TEST_F(ConfigTest, ContextUrlIsWhereTheDeploymentPublishesPramaansContext) {
  auto plain = LoadIssuerConfig(WriteConfig(R"({"file": "issuer.key"})"));
  ASSERT_TRUE(plain.ok()) << plain.error().message();
  EXPECT_EQ(PublishedContextUrl(*plain), "https://pramaan.example/contexts/pramaan/v1");

  const std::string cdn = "https://cdn.example.gov.in/pramaan/context-v1.jsonld";
  auto configured = LoadIssuerConfig(
      WriteConfig(R"({"file": "issuer.key"})", R"(, "context_url": ")" + cdn + R"(")"));
  ASSERT_TRUE(configured.ok()) << configured.error().message();
  EXPECT_EQ(PublishedContextUrl(*configured), cdn);
  // A verifier of this deployment's configuration holds the context under that URL too.
  ContextLoader contexts;
  DidResolver resolver;
  WriteKey("issuer.key");
  ASSERT_TRUE(ApplyTrust(*configured, &contexts, &resolver).ok());
  EXPECT_EQ(contexts.BundledBytes(cdn), ContextLoader::Bundled().BundledBytes(kPramaanContext));

  for (const std::string bad : {R"("ftp://cdn.example/ctx")", "42"}) {
    auto refused =
        LoadIssuerConfig(WriteConfig(R"({"file": "issuer.key"})", R"(, "context_url": )" + bad));
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_NE(refused.error().message().find("context_url"), std::string::npos)
        << refused.error().message();
  }
}

// Issue 19: where the verification page sends an employer with questions.
TEST_F(ConfigTest, IssuerContactIsAMailTelephoneOrWebUrl) {
  const auto with_contact = [&](const std::string& contact) {
    return Write("contact.json", R"({"base_url": "https://pramaan.example",
      "issuer": {"name": "Test Issuer", "contact": )" + contact + R"(},
      "signing_key": {"file": "issuer.key"}})");
  };
  for (const std::string good : {"mailto:certificates@cbc.gov.in", "tel:+911123456789",
                                 "https://cbc.gov.in/contact"}) {
    auto config = LoadIssuerConfig(with_contact("\"" + good + "\""));
    ASSERT_TRUE(config.ok()) << config.error().message();
    EXPECT_EQ(config->issuer_contact, good);
  }
  for (const std::string bad : {"\"certificates@cbc.gov.in\"", "\"javascript:alert(1)\"", "7"}) {
    auto refused = LoadIssuerConfig(with_contact(bad));
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_NE(refused.error().message().find("contact"), std::string::npos)
        << refused.error().message();
  }
}

TEST_F(ConfigTest, LoadIssuerConfigRefusesTrustedIssuersThatAreNotAListOfDids) {
  for (const std::string bad : {R"("did:web:x")", R"(["https://x"])", R"([1])", R"({})"}) {
    auto config =
        LoadIssuerConfig(WriteConfig(R"({"file": "issuer.key"})", R"(, "trusted_issuers": )" + bad));
    ASSERT_FALSE(config.ok()) << "accepted: " << bad;
    EXPECT_EQ(config.error().code(), ErrorCode::kInvalidInput) << bad;
    EXPECT_NE(config.error().message().find("trusted_issuers"), std::string::npos)
        << config.error().message();
  }
}

TEST_F(ConfigTest, LoadIssuerConfigRefusesMalformedKeyringSettings) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"file and keyring", R"({"file": "issuer.key", "keyring": "keyring.json"})"},
      {"neither", R"({"passphrase_env": "P"})"},
      {"verification_method with a keyring",
       R"({"keyring": "keyring.json", "verification_method": "did:web:pramaan.example#key-1"})"},
      {"empty keyring", R"({"keyring": ""})"},
  };
  for (const auto& [name, signing_key] : cases) {
    auto config = LoadIssuerConfig(WriteConfig(signing_key));
    ASSERT_FALSE(config.ok()) << "accepted: " << name;
    EXPECT_EQ(config.error().code(), ErrorCode::kInvalidInput) << name;
  }
  // A did:key issuer (issuer.id unset, or a did:key) cannot have a keyring.
  for (
      const std::string issuer :
      {R"({"name": "Test Issuer"})",
       R"({"name": "Test Issuer", "id": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"})"}) {
    const fs::path path = Write("pramaan.json", R"({"base_url": "https://pramaan.example",
      "issuer": )" + issuer + R"(, "signing_key": {"keyring": "keyring.json"}})");
    auto config = LoadIssuerConfig(path);
    ASSERT_FALSE(config.ok()) << issuer;
    EXPECT_NE(config.error().message().find("did:web"), std::string::npos)
        << config.error().message();
  }
}

TEST_F(ConfigTest, LoadIssuerConfigReadsTheDigiLockerReplayWindow) {
  const auto awarding = [](const std::string& skew) {
    return R"(, "awarding": {"awarding_body": {"name": "Body"}, "digilocker": {"issuer_id": "in.x",
      "doc_type": "NCVQC", "key_env": "K")" + skew + "}}";
  };
  auto absent = LoadIssuerConfig(WriteConfig(R"({"file": "issuer.key"})", awarding("")));
  ASSERT_TRUE(absent.ok()) << absent.error().message();
  EXPECT_EQ(absent->awarding->digilocker_max_skew_s, 300);
  auto given =
      LoadIssuerConfig(WriteConfig(R"({"file": "issuer.key"})", awarding(R"(, "max_skew_s": 90)")));
  ASSERT_TRUE(given.ok()) << given.error().message();
  EXPECT_EQ(given->awarding->digilocker_max_skew_s, 90);
  for (const std::string bad : {"0", "-5", "3601", "1.5", "\"300\""}) {
    auto refused = LoadIssuerConfig(
        WriteConfig(R"({"file": "issuer.key"})", awarding(", \"max_skew_s\": " + bad)));
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_NE(refused.error().message().find("max_skew_s"), std::string::npos)
        << refused.error().message();
  }
}

// Issue 21: console.idle_timeout_s, 30 minutes unless given, from a minute to a day.
TEST_F(ConfigTest, LoadIssuerConfigReadsTheConsoleIdleTimeout) {
  auto absent = LoadIssuerConfig(WriteConfig(R"({"file": "issuer.key"})"));
  ASSERT_TRUE(absent.ok()) << absent.error().message();
  EXPECT_EQ(absent->console_idle_timeout_s, 1800);
  auto given = LoadIssuerConfig(
      WriteConfig(R"({"file": "issuer.key"})", R"(, "console": {"idle_timeout_s": 600})"));
  ASSERT_TRUE(given.ok()) << given.error().message();
  EXPECT_EQ(given->console_idle_timeout_s, 600);
  for (const std::string bad : {R"({"idle_timeout_s": 59})", R"({"idle_timeout_s": 86401})",
                                R"({"idle_timeout_s": "600"})", R"({"idle": 600})", "600"}) {
    auto refused = LoadIssuerConfig(
        WriteConfig(R"({"file": "issuer.key"})", R"(, "console": )" + bad));
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_NE(refused.error().message().find("console"), std::string::npos)
        << refused.error().message();
  }
}

TEST_F(ConfigTest, LoadIssuerSetupSignsWithTheActiveKeyAndPublishesEveryKey) {
  const Ed25519PublicKey first = WriteKey("issuer.key");
  ASSERT_TRUE(
      WriteOneKeyRing("keyring.json", std::string(kDid) + "#key-1", "issuer.key", first).ok());
  ASSERT_TRUE(RotateKeyRingFile(dir_ / "keyring.json", nullptr, At("2026-06-01T00:00:00Z")).ok());
  ASSERT_TRUE(DeclareKeyCompromised(dir_ / "keyring.json", std::string(kDid) + "#key-1",
                                    At("2026-05-01T00:00:00Z"), "lost", At("2026-06-02T00:00:00Z"))
                  .ok());
  auto config = LoadIssuerConfig(WriteConfig(R"({"keyring": "keyring.json"})"));
  ASSERT_TRUE(config.ok()) << config.error().message();
  auto setup = LoadIssuerSetup(*config);
  ASSERT_TRUE(setup.ok()) << setup.error().message();
  auto read = KeyRing::Read(dir_ / "keyring.json");
  ASSERT_TRUE(read.ok());

  EXPECT_EQ((*setup)->issuer.id, kDid);
  EXPECT_EQ((*setup)->proof.verification_method, std::string(kDid) + "#key-2");
  EXPECT_EQ((*setup)->signer->public_key(), read->active().public_key);
  const Json& document = (*setup)->did_document;
  EXPECT_EQ(document, read->ToDidDocument().ToJson());
  ASSERT_EQ(document["verificationMethod"].size(), 2u);
  EXPECT_EQ(document["verificationMethod"][0]["publicKeyMultibase"], EncodeEd25519Multikey(first));
  EXPECT_EQ(document["verificationMethod"][0]["revoked"], "2026-05-01T00:00:00Z");
  // The resolver issuing verifies its own output with knows both keys and the compromise.
  auto retired = (*setup)->resolver.ResolveAssertionMethod(std::string(kDid) + "#key-1");
  ASSERT_TRUE(retired.ok()) << retired.error().message();
  EXPECT_EQ(retired->revoked, At("2026-05-01T00:00:00Z"));
  EXPECT_TRUE((*setup)->resolver.ResolveAssertionMethod(std::string(kDid) + "#key-2").ok());

  // A verifier given only the configuration (no key loaded) resolves the same document.
  ContextLoader contexts;
  DidResolver resolver;
  ASSERT_TRUE(ApplyTrust(*config, &contexts, &resolver).ok());
  auto resolved = resolver.Resolve(kDid);
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->ToJson(), document);
}

TEST_F(ConfigTest, LoadIssuerSetupFailsWhenTheActiveKeyFileHoldsAnotherKey) {
  ASSERT_TRUE(WriteOneKeyRing("keyring.json", std::string(kDid) + "#key-1", "issuer.key",
                              Ed25519SignerSodium::Generate().public_key())
                  .ok());
  WriteKey("issuer.key");
  auto config = LoadIssuerConfig(WriteConfig(R"({"keyring": "keyring.json"})"));
  ASSERT_TRUE(config.ok());
  auto setup = LoadIssuerSetup(*config);
  ASSERT_FALSE(setup.ok());
  EXPECT_NE(setup.error().message().find("different key"), std::string::npos);
}

TEST_F(ConfigTest, ApplyTrustRefusesARingOfAnotherDidOrASecondIssuerDocument) {
  const Ed25519PublicKey key = WriteKey("issuer.key");
  ASSERT_TRUE(WriteOneKeyRing("other.json", "did:web:other.example#key-1", "issuer.key", key).ok());
  auto other = LoadIssuerConfig(WriteConfig(R"({"keyring": "other.json"})"));
  ASSERT_TRUE(other.ok());
  ContextLoader contexts;
  DidResolver resolver;
  Status applied = ApplyTrust(*other, &contexts, &resolver);
  ASSERT_FALSE(applied.ok());
  EXPECT_NE(applied.error().message().find("did:web:other.example"), std::string::npos);

  ASSERT_TRUE(
      WriteOneKeyRing("keyring.json", std::string(kDid) + "#key-1", "issuer.key", key).ok());
  Write("did.json",
        DumpJson(DidDocument::ForMethods(
                     kDid, {VerificationMethod{std::string(kDid) + "#key-1", kDid, key}})
                     .ToJson(),
                 true));
  auto both = LoadIssuerConfig(
      WriteConfig(R"({"keyring": "keyring.json"})", R"(, "did_documents": ["did.json"])"));
  ASSERT_TRUE(both.ok());
  applied = ApplyTrust(*both, &contexts, &resolver);
  ASSERT_FALSE(applied.ok());
  EXPECT_NE(applied.error().message().find("remove it from did_documents"), std::string::npos)
      << applied.error().message();
}

TEST_F(ConfigTest, ConvertConfigToKeyRingKeepsEverySettingAndThePermissions) {
  const Ed25519PublicKey key = WriteKey("issuer.key");
  const fs::path config_path = WriteConfig(
      R"({"file": "issuer.key", "passphrase_env": "P",
          "verification_method": "did:web:pramaan.example#signing"})",
      R"(, "cryptosuite": "eddsa-jcs-2022")");
  ASSERT_EQ(::chmod(config_path.c_str(), 0640), 0);
  auto ring_path = ConvertConfigToKeyRing(config_path, At("2026-03-01T00:00:00Z"));
  ASSERT_TRUE(ring_path.ok()) << ring_path.error().message();
  EXPECT_EQ(*ring_path, dir_ / "keyring.json");

  const Json config = testing::ReadJsonFile(config_path);
  EXPECT_EQ(config["signing_key"], Json({{"keyring", "keyring.json"}, {"passphrase_env", "P"}}));
  EXPECT_EQ(config["cryptosuite"], "eddsa-jcs-2022");
  EXPECT_EQ(config["issuer"]["id"], kDid);
  EXPECT_EQ(ModeOf(config_path), 0640u);

  auto ring = KeyRing::Read(*ring_path);
  ASSERT_TRUE(ring.ok()) << ring.error().message();
  ASSERT_EQ(ring->keys().size(), 1u);
  EXPECT_EQ(ring->active().id, std::string(kDid) + "#signing");  // the configured method
  EXPECT_EQ(ring->active().file, "issuer.key");
  EXPECT_EQ(ring->active().public_key, key);
  EXPECT_EQ(ring->active().added, At("2026-03-01T00:00:00Z"));
  EXPECT_TRUE(LoadIssuerConfig(config_path).ok());

  // Done once; a second run has nothing to convert.
  EXPECT_FALSE(ConvertConfigToKeyRing(config_path, At("2026-03-02T00:00:00Z")).ok());
}

TEST_F(ConfigTest, ConvertConfigToKeyRingDropsTheIssuersOwnSingleKeyDocument) {
  const Ed25519PublicKey key = WriteKey("issuer.key");
  Write("did.json",
        DumpJson(DidDocument::ForMethods(
                     kDid, {VerificationMethod{std::string(kDid) + "#key-1", kDid, key}})
                     .ToJson(),
                 true));
  Write("partner.json",
        DumpJson(DidDocument::ForMethods(
                     "did:web:partner.example",
                     {VerificationMethod{"did:web:partner.example#key-1", "did:web:partner.example",
                                         Ed25519SignerSodium::Generate().public_key()}})
                     .ToJson(),
                 true));
  const fs::path config_path = WriteConfig(R"({"file": "issuer.key"})",
                                           R"(, "did_documents": ["did.json", "partner.json"])");
  ASSERT_TRUE(ConvertConfigToKeyRing(config_path, At("2026-03-01T00:00:00Z")).ok());
  EXPECT_EQ(testing::ReadJsonFile(config_path)["did_documents"], Json::array({"partner.json"}));
  auto config = LoadIssuerConfig(config_path);
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(LoadIssuerSetup(*config).ok());
}

TEST_F(ConfigTest, ConvertConfigToKeyRingRefusesAnIssuerDocumentWithOtherKeys) {
  const Ed25519PublicKey key = WriteKey("issuer.key");
  Write("did.json",
        DumpJson(DidDocument::ForMethods(
                     kDid, {VerificationMethod{std::string(kDid) + "#key-0", kDid,
                                               Ed25519SignerSodium::Generate().public_key()},
                            VerificationMethod{std::string(kDid) + "#key-1", kDid, key}})
                     .ToJson(),
                 true));
  const fs::path config_path =
      WriteConfig(R"({"file": "issuer.key"})", R"(, "did_documents": ["did.json"])");
  const std::string before = ReadFile(config_path);
  auto converted = ConvertConfigToKeyRing(config_path, At("2026-03-01T00:00:00Z"));
  ASSERT_FALSE(converted.ok());
  EXPECT_NE(converted.error().message().find("did.json"), std::string::npos);
  EXPECT_EQ(ReadFile(config_path), before);
  EXPECT_FALSE(fs::exists(dir_ / "keyring.json"));
}

TEST_F(ConfigTest, ConvertConfigToKeyRingReusesItsOwnRingButNeverReplacesAnother) {
  WriteKey("issuer.key");
  const fs::path config_path = WriteConfig(R"({"file": "issuer.key"})");
  // A run that wrote the ring and stopped before rewriting the configuration.
  ASSERT_TRUE(ConvertConfigToKeyRing(config_path, At("2026-03-01T00:00:00Z")).ok());
  const std::string ring_text = ReadFile(dir_ / "keyring.json");
  WriteConfig(R"({"file": "issuer.key"})");
  ASSERT_TRUE(ConvertConfigToKeyRing(config_path, At("2026-03-02T00:00:00Z")).ok());
  EXPECT_EQ(ReadFile(dir_ / "keyring.json"), ring_text);
  EXPECT_EQ(testing::ReadJsonFile(config_path)["signing_key"], Json({{"keyring", "keyring.json"}}));

  // A ring that does not hold the configured key is left alone.
  fs::remove(dir_ / "keyring.json");
  const Ed25519PublicKey stranger = WriteKey("stranger.key");
  ASSERT_TRUE(
      WriteOneKeyRing("keyring.json", std::string(kDid) + "#key-1", "stranger.key", stranger).ok());
  const std::string stranger_ring = ReadFile(dir_ / "keyring.json");
  WriteConfig(R"({"file": "issuer.key"})");
  auto refused = ConvertConfigToKeyRing(config_path, At("2026-03-03T00:00:00Z"));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("never replaced"), std::string::npos);
  EXPECT_EQ(ReadFile(dir_ / "keyring.json"), stranger_ring);
  EXPECT_EQ(testing::ReadJsonFile(config_path)["signing_key"], Json({{"file", "issuer.key"}}));
}

}  // namespace
}  // namespace pramaan

namespace pramaan {
namespace {

// LoadVerifierSetup: the public role's setup, from a configuration that names no key.
class VerifierSetupTest : public ::testing::Test {
 protected:
  const TempDir temp_dir_{"pramaan-verifier-setup"};
  const fs::path dir_ = temp_dir_.path();
};

TEST_F(VerifierSetupTest, LoadsADidWebIssuerFromDidDocumentsWithNoKeyFileAnywhere) {
  const Ed25519PublicKey key = Ed25519SignerSodium::Generate().public_key();
  const DidDocument document = DidDocument::ForMethods(
      kDid, {VerificationMethod{std::string(kDid) + "#key-1", kDid, key}});
  temp_dir_.Write("did.json", document.ToJson().dump());
  const fs::path path = temp_dir_.Write("pramaan.json", R"({"base_url": "https://pramaan.example",
      "issuer": {"name": "Test Issuer", "id": "did:web:pramaan.example"},
      "did_documents": ["did.json"]})");
  auto config = LoadIssuerConfig(path);
  ASSERT_TRUE(config.ok()) << config.error().message();
  auto setup = LoadVerifierSetup(*config);
  ASSERT_TRUE(setup.ok()) << setup.error().message();
  EXPECT_EQ((*setup)->issuer.id, kDid);
  EXPECT_EQ((*setup)->base_url, "https://pramaan.example");
  EXPECT_EQ((*setup)->did_document, document.ToJson());
  auto method = (*setup)->resolver.ResolveAssertionMethod(std::string(kDid) + "#key-1");
  ASSERT_TRUE(method.ok()) << method.error().message();
  EXPECT_TRUE(method->public_key == key);
  // The issuer role cannot start from it: it names no key.
  EXPECT_FALSE(LoadIssuerSetup(*config).ok());
}

TEST_F(VerifierSetupTest, FailsWhenTheIssuerOrItsDocumentIsUnknown) {
  const fs::path no_issuer = temp_dir_.Write("a.json", R"({"base_url": "https://pramaan.example",
      "issuer": {"name": "Test Issuer"}})");
  auto config = LoadIssuerConfig(no_issuer);
  ASSERT_TRUE(config.ok()) << config.error().message();
  auto setup = LoadVerifierSetup(*config);
  ASSERT_FALSE(setup.ok());
  EXPECT_EQ(setup.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(setup.error().message().find("issuer.id"), std::string::npos);

  const fs::path no_document = temp_dir_.Write("b.json", R"({"base_url": "https://pramaan.example",
      "issuer": {"name": "Test Issuer", "id": "did:web:pramaan.example"}})");
  config = LoadIssuerConfig(no_document);
  ASSERT_TRUE(config.ok()) << config.error().message();
  setup = LoadVerifierSetup(*config);
  ASSERT_FALSE(setup.ok());
  EXPECT_NE(setup.error().message().find("did_documents"), std::string::npos);
}

}  // namespace
}  // namespace pramaan
