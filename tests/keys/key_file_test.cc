// Tests for keys/: SecretBytes, Ed25519SignerSodium and key files (plain and sealed).
#include "keys/key_file.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/did/multikey.h"
#include "core/encoding/hex.h"
#include "core/encoding/multibase.h"
#include "core/json/json.h"
#include "core/result.h"
#include "keys/ed25519_signer_sodium.h"
#include "keys/secret_bytes.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

using testing::ModeOf;
using testing::ReadFile;
using testing::TempDir;

// ---------------------------------------------------------------------------------------------
// Helpers


// Reads a published vector; a trailing newline is not part of the value.
std::string ReadVector(const std::string& relative_path) {
  std::string text = ReadFile(std::string(PRAMAAN_VECTORS_DIR) + "/" + relative_path);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

Json ReadVectorJson(const std::string& relative_path) {
  Result<Json> parsed = ParseJson(ReadVector(relative_path), relative_path);
  EXPECT_TRUE(parsed.ok()) << relative_path;
  return parsed.ok() ? std::move(parsed).value() : Json();
}

std::vector<uint8_t> FromHex(std::string_view hex) {
  Result<std::vector<uint8_t>> bytes = DecodeHex(hex);
  EXPECT_TRUE(bytes.ok()) << hex;
  return bytes.ok() ? bytes.value() : std::vector<uint8_t>{};
}

std::vector<uint8_t> Bytes(std::string_view text) { return {text.begin(), text.end()}; }

SecretBytes Secret(std::string_view text) {
  return SecretBytes(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

std::vector<uint8_t> SignOrDie(const Signer& signer, std::span<const uint8_t> message) {
  Result<Ed25519Signature> signature = signer.Sign(message);
  EXPECT_TRUE(signature.ok());
  return signature.ok() ? std::vector<uint8_t>(signature->begin(), signature->end())
                        : std::vector<uint8_t>{};
}

// The secretKeyMultibase of `signer`'s seed (ed25519-priv prefix, 32-byte seed).
std::string SeedMultibase(const Ed25519SignerSodium& signer) {
  const SecretBytes seed = signer.ExportSeed();
  std::vector<uint8_t> prefixed = {kEd25519PrivateMulticodec[0], kEd25519PrivateMulticodec[1]};
  const auto bytes = seed.Reveal(SecretAccess::Grant());
  prefixed.insert(prefixed.end(), bytes.begin(), bytes.end());
  return EncodeMultibaseBase58Btc(prefixed);
}

// Writes `text` to dir/name with `mode` (key files are refused when others may read them) and
// returns its path.
std::filesystem::path WriteWithMode(const TempDir& dir, const std::string& name,
                                    const std::string& text, unsigned mode = 0600) {
  const std::filesystem::path file = dir.Write(name, text);
  EXPECT_EQ(::chmod(file.c_str(), mode), 0);
  return file;
}

// Writes a fresh unsealed key to dir/name; returns the key.
Ed25519SignerSodium WritePlainKey(const TempDir& dir, const std::string& name) {
  Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
  Status written = WriteKeyFile(dir.path() / name, key, nullptr);
  EXPECT_TRUE(written.ok()) << written.error().message();
  return key;
}

const std::vector<uint8_t>& Message() {
  static const std::vector<uint8_t> message = Bytes("Pramaan course completion 2026");
  return message;
}

// ---------------------------------------------------------------------------------------------
// SecretBytes and Ed25519SignerSodium

TEST(SecretBytes, CopiesBytesAndMovesOwnership) {
  const std::vector<uint8_t> source = {1, 2, 3, 4};
  SecretBytes secret(source);
  ASSERT_EQ(secret.size(), 4u);
  const auto revealed = secret.Reveal(SecretAccess::Grant());
  EXPECT_TRUE(std::equal(revealed.begin(), revealed.end(), source.begin(), source.end()));

  SecretBytes moved(std::move(secret));
  EXPECT_EQ(moved.size(), 4u);
  EXPECT_EQ(secret.size(), 0u);  // NOLINT(bugprone-use-after-move): the moved-from state
  SecretBytes assigned(1);
  assigned = std::move(moved);
  EXPECT_EQ(assigned.size(), 4u);
  EXPECT_EQ(assigned.Reveal(SecretAccess::Grant())[3], 4);

  const SecretBytes zeros(8);
  for (uint8_t b : zeros.Reveal(SecretAccess::Grant())) EXPECT_EQ(b, 0);
}

TEST(SecretBytes, WipeStringEmptiesTheString) {
  std::string text = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";
  WipeString(text);
  EXPECT_TRUE(text.empty());
}

TEST(Ed25519SignerSodium, Rfc8032TestVector1) {
  const SecretBytes seed(
      FromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  Result<Ed25519SignerSodium> signer = Ed25519SignerSodium::FromSeed(seed);
  ASSERT_TRUE(signer.ok()) << signer.error().message();
  EXPECT_EQ(EncodeHex(signer->public_key().bytes()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  EXPECT_EQ(EncodeHex(SignOrDie(*signer, {})),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
            "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  const SecretBytes exported = signer->ExportSeed();
  EXPECT_EQ(EncodeHex(exported.Reveal(SecretAccess::Grant())),
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
}

TEST(Ed25519SignerSodium, FromSeedFailsForWrongSize) {
  for (std::size_t size : {0u, 31u, 33u, 64u}) {
    Result<Ed25519SignerSodium> signer = Ed25519SignerSodium::FromSeed(SecretBytes(size));
    ASSERT_FALSE(signer.ok()) << size;
    EXPECT_EQ(signer.error().code(), ErrorCode::kInvalidInput) << size;
  }
}

TEST(Ed25519SignerSodium, GeneratedKeysDifferAndVerify) {
  const Ed25519SignerSodium a = Ed25519SignerSodium::Generate();
  const Ed25519SignerSodium b = Ed25519SignerSodium::Generate();
  EXPECT_FALSE(a.public_key() == b.public_key());
  const std::vector<uint8_t> signature = SignOrDie(a, Message());
  EXPECT_TRUE(a.public_key().Verify(signature, Message()));
  EXPECT_FALSE(b.public_key().Verify(signature, Message()));
}

// ---------------------------------------------------------------------------------------------
// Plain key files

TEST(KeyFile, WriteThenLoadSignsIdentically) {
  const TempDir dir;
  const std::filesystem::path path = dir.path() / "issuer.key";
  const Ed25519SignerSodium key = WritePlainKey(dir, "issuer.key");

  Result<Ed25519SignerSodium> loaded = LoadKeyFile(path, nullptr);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded->public_key(), key.public_key());
  EXPECT_EQ(SignOrDie(*loaded, Message()), SignOrDie(key, Message()));

  Result<Ed25519PublicKey> public_key = ReadKeyFilePublicKey(path);
  ASSERT_TRUE(public_key.ok()) << public_key.error().message();
  EXPECT_EQ(*public_key, key.public_key());

  // The documented format.
  Result<Json> doc = ParseJson(ReadFile(path));
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ((*doc)["type"], "PramaanEd25519Key");
  EXPECT_EQ((*doc)["version"], 1);
  EXPECT_EQ((*doc)["publicKeyMultibase"], EncodeEd25519Multikey(key.public_key()));
  EXPECT_EQ((*doc)["secret"]["protection"], "none");
  EXPECT_EQ((*doc)["secret"]["secretKeyMultibase"], SeedMultibase(key));
}

TEST(KeyFile, WrittenWithMode0600) {
  const TempDir dir;
  WritePlainKey(dir, "issuer.key");
  EXPECT_EQ(ModeOf(dir.path() / "issuer.key"), 0600u);
}

TEST(KeyFile, WriteLeavesNoTemporaryFile) {
  const TempDir dir;
  WritePlainKey(dir, "issuer.key");
  EXPECT_EQ(dir.Entries(), std::vector<std::string>{"issuer.key"});
}

TEST(KeyFile, WriteNeverOverwritesAnExistingFile) {
  const TempDir dir;
  const std::filesystem::path path = dir.path() / "issuer.key";
  const Ed25519SignerSodium original = WritePlainKey(dir, "issuer.key");
  const std::string before = ReadFile(path);

  const Ed25519SignerSodium other = Ed25519SignerSodium::Generate();
  Status written = WriteKeyFile(path, other, nullptr);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ReadFile(path), before);
  EXPECT_EQ(dir.Entries(), std::vector<std::string>{"issuer.key"});  // no temp file left
  Result<Ed25519SignerSodium> loaded = LoadKeyFile(path, nullptr);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->public_key(), original.public_key());
}

TEST(KeyFile, WriteNeverOverwritesAnExistingNonKeyFile) {
  const TempDir dir;
  const std::filesystem::path path = WriteWithMode(dir, "issuer.key", "precious data\n", 0644);
  Status written = WriteKeyFile(path, Ed25519SignerSodium::Generate(), nullptr);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ReadFile(path), "precious data\n");
  EXPECT_EQ(ModeOf(path), 0644u);
  EXPECT_EQ(dir.Entries(), std::vector<std::string>{"issuer.key"});
}

TEST(KeyFile, WriteFailsWithNotFoundForMissingDirectory) {
  const TempDir dir;
  Status written =
      WriteKeyFile(dir.path() / "absent" / "issuer.key", Ed25519SignerSodium::Generate(), nullptr);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(dir.Entries().empty());
}

// ---------------------------------------------------------------------------------------------
// Permissions

TEST(KeyFilePermissions, LoadFailsWhenGroupOrOthersHaveAccess) {
  const TempDir dir;
  const std::filesystem::path path = dir.path() / "issuer.key";
  WritePlainKey(dir, "issuer.key");
  for (unsigned mode : {0644u, 0640u, 0604u, 0660u, 0606u, 0602u, 0620u, 0601u, 0610u, 0707u}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    Result<Ed25519SignerSodium> loaded = LoadKeyFile(path, nullptr);
    ASSERT_FALSE(loaded.ok()) << std::oct << mode;
    EXPECT_EQ(loaded.error().code(), ErrorCode::kPermission) << std::oct << mode;
    EXPECT_NE(loaded.error().message().find("chmod 600"), std::string::npos)
        << loaded.error().message();
  }
}

TEST(KeyFilePermissions, LoadSucceedsForOwnerOnlyModes) {
  const TempDir dir;
  const std::filesystem::path path = dir.path() / "issuer.key";
  const Ed25519SignerSodium key = WritePlainKey(dir, "issuer.key");
  for (unsigned mode : {0400u, 0600u}) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    Result<Ed25519SignerSodium> loaded = LoadKeyFile(path, nullptr);
    ASSERT_TRUE(loaded.ok()) << std::oct << mode << ": " << loaded.error().message();
    EXPECT_EQ(loaded->public_key(), key.public_key());
  }
}

TEST(KeyFilePermissions, ReadPublicKeyIgnoresPermissions) {
  const TempDir dir;
  const std::filesystem::path path = dir.path() / "issuer.key";
  const Ed25519SignerSodium key = WritePlainKey(dir, "issuer.key");
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  Result<Ed25519PublicKey> public_key = ReadKeyFilePublicKey(path);
  ASSERT_TRUE(public_key.ok()) << public_key.error().message();
  EXPECT_EQ(*public_key, key.public_key());
}

// ---------------------------------------------------------------------------------------------
// Sealed key files. The suite's file is sealed with libsodium's INTERACTIVE limits, the ones
// every file written before issue 17 carries (~0.1-0.5 s a derivation; the MODERATE limits
// new files get cost ~0.7 s), so it is also the "old file" that must keep opening. One sealed
// file is written for the suite and each test copies its text.

// The limits of files written before issue 17.
constexpr SealingLimits kOldLimits = {crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                      crypto_pwhash_MEMLIMIT_INTERACTIVE};

class SealedKeyFile : public ::testing::Test {
 protected:
  static constexpr std::string_view kPassphrase = "correct horse battery staple";

  static void SetUpTestSuite() {
    key_ = new Ed25519SignerSodium(Ed25519SignerSodium::Generate());
    const TempDir dir;
    const SecretBytes passphrase = Secret(kPassphrase);
    const std::filesystem::path path = dir.path() / "sealed.key";
    Status written = WriteKeyFileWithLimits(path, *key_, &passphrase, kOldLimits);
    ASSERT_TRUE(written.ok()) << written.error().message();
    EXPECT_EQ(ModeOf(path), 0600u);
    EXPECT_EQ(dir.Entries(), std::vector<std::string>{"sealed.key"});
    text_ = new std::string(ReadFile(path));
  }
  static void TearDownTestSuite() {
    delete key_;
    delete text_;
    key_ = nullptr;
    text_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(text_, nullptr) << "the sealed file was not written"; }

  std::filesystem::path WriteSealed(const std::string& text) const {
    return WriteWithMode(dir_, "sealed.key", text);
  }

  static Ed25519SignerSodium* key_;
  static std::string* text_;
  TempDir dir_;
};

Ed25519SignerSodium* SealedKeyFile::key_ = nullptr;
std::string* SealedKeyFile::text_ = nullptr;

TEST_F(SealedKeyFile, DoesNotContainTheSecretAndLoadsWithThePassphrase) {
  EXPECT_EQ(text_->find(SeedMultibase(*key_)), std::string::npos);
  EXPECT_EQ(text_->find("secretKeyMultibase"), std::string::npos);
  Result<Json> doc = ParseJson(*text_);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ((*doc)["secret"]["protection"], "argon2id-xchacha20poly1305");

  const std::filesystem::path path = WriteSealed(*text_);
  Result<Ed25519PublicKey> public_key = ReadKeyFilePublicKey(path);  // needs no passphrase
  ASSERT_TRUE(public_key.ok()) << public_key.error().message();
  EXPECT_EQ(*public_key, key_->public_key());

  const SecretBytes passphrase = Secret(kPassphrase);
  Result<Ed25519SignerSodium> loaded = LoadKeyFile(path, &passphrase);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded->public_key(), key_->public_key());
  EXPECT_EQ(SignOrDie(*loaded, Message()), SignOrDie(*key_, Message()));
}

TEST_F(SealedKeyFile, LoadFailsWithPermissionForWrongPassphrase) {
  const std::filesystem::path path = WriteSealed(*text_);
  const SecretBytes wrong = Secret("correct horse battery stapler");
  Result<Ed25519SignerSodium> loaded = LoadKeyFile(path, &wrong);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code(), ErrorCode::kPermission);
  EXPECT_NE(loaded.error().message().find("wrong passphrase"), std::string::npos)
      << loaded.error().message();
}

TEST_F(SealedKeyFile, LoadFailsWithPermissionWithoutPassphrase) {
  const std::filesystem::path path = WriteSealed(*text_);
  Result<Ed25519SignerSodium> loaded = LoadKeyFile(path, nullptr);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code(), ErrorCode::kPermission);
}

TEST_F(SealedKeyFile, LoadFailsWhenPublicKeyWasSwapped) {
  Result<Json> doc = ParseJson(*text_);
  ASSERT_TRUE(doc.ok());
  const Ed25519SignerSodium attacker = Ed25519SignerSodium::Generate();
  (*doc)["publicKeyMultibase"] = EncodeEd25519Multikey(attacker.public_key());
  const std::filesystem::path path = WriteSealed(DumpJson(*doc, /*pretty=*/true));

  const SecretBytes passphrase = Secret(kPassphrase);
  Result<Ed25519SignerSodium> loaded = LoadKeyFile(path, &passphrase);
  ASSERT_FALSE(loaded.ok()) << "opened a sealed file whose public key was swapped";
  EXPECT_EQ(loaded.error().code(), ErrorCode::kPermission) << loaded.error().message();
}

TEST_F(SealedKeyFile, AFileWithTheOldLimitsStillOpens) {
  Result<Json> doc = ParseJson(*text_);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ((*doc)["secret"]["opslimit"], crypto_pwhash_OPSLIMIT_INTERACTIVE);
  EXPECT_EQ((*doc)["secret"]["memlimit"], crypto_pwhash_MEMLIMIT_INTERACTIVE);
  const SecretBytes passphrase = Secret(kPassphrase);
  Result<Ed25519SignerSodium> loaded = LoadKeyFile(WriteSealed(*text_), &passphrase);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded->public_key(), key_->public_key());
}

TEST(SealedKeyFileWrite, NewFilesRecordAndOpenWithTheModerateLimits) {
  // The one test that pays for MODERATE (~0.7 s to write, ~0.7 s to open).
  const TempDir dir;
  const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
  const SecretBytes passphrase = Secret("correct horse battery staple");
  const std::filesystem::path path = dir.path() / "sealed.key";
  Status written = WriteKeyFile(path, key, &passphrase);
  ASSERT_TRUE(written.ok()) << written.error().message();
  Result<Json> doc = ParseJson(ReadFile(path));
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ((*doc)["secret"]["opslimit"], crypto_pwhash_OPSLIMIT_MODERATE);
  EXPECT_EQ((*doc)["secret"]["memlimit"], crypto_pwhash_MEMLIMIT_MODERATE);
  EXPECT_EQ(DefaultSealingLimits().opslimit, crypto_pwhash_OPSLIMIT_MODERATE);
  Result<Ed25519SignerSodium> loaded = LoadKeyFile(path, &passphrase);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded->public_key(), key.public_key());
}

TEST(SealedKeyFileWrite, FailsForAPassphraseShorterThanTwelveCharacters) {
  const TempDir dir;
  const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
  // 11 Devanagari letters are 33 bytes but 11 characters: characters are what count.
  for (std::string_view phrase : {"a", "abcdefghijk", "\u0915\u0916\u0917\u0918\u0919\u091A\u091B\u091C\u091D\u091E\u091F"}) {
    const SecretBytes passphrase = Secret(phrase);
    Status written = WriteKeyFileWithLimits(dir.path() / "short.key", key, &passphrase,
                                            kOldLimits);
    ASSERT_FALSE(written.ok()) << phrase;
    EXPECT_EQ(written.error().code(), ErrorCode::kInvalidInput);
    EXPECT_NE(written.error().message().find("passphrase"), std::string::npos)
        << written.error().message();
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "short.key")) << phrase;
  }
  // Twelve characters are enough.
  const SecretBytes twelve = Secret("abcdefghijkl");
  EXPECT_TRUE(WriteKeyFileWithLimits(dir.path() / "twelve.key", key, &twelve,
                                     kOldLimits)
                  .ok());
}

TEST(SealedKeyFileWrite, FailsForLimitsLoadKeyFileWouldRefuse) {
  const TempDir dir;
  const SecretBytes passphrase = Secret("correct horse battery staple");
  Status written = WriteKeyFileWithLimits(dir.path() / "weak.key", Ed25519SignerSodium::Generate(),
                                          &passphrase, SealingLimits{0, 0});
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code(), ErrorCode::kInvalidInput);
}

// ---------------------------------------------------------------------------------------------
// ImportSecretKeyMultibase

TEST(ImportSecretKeyMultibase, W3cVectorSeedFormYieldsItsPublicKey) {
  const Json pair = ReadVectorJson("vc-di-eddsa/keyPair.json");
  std::string secret = pair["privateKeyMultibase"].get<std::string>();
  Result<Ed25519SignerSodium> signer = ImportSecretKeyMultibase(secret);
  EXPECT_TRUE(secret.empty()) << "the input was not wiped";
  ASSERT_TRUE(signer.ok()) << signer.error().message();
  EXPECT_EQ(EncodeEd25519Multikey(signer->public_key()), pair["publicKeyMultibase"]);

  // And it reproduces the published eddsa-rdfc-2022 signature (Ed25519 is deterministic).
  const std::vector<uint8_t> data =
      FromHex(ReadVector("vc-di-eddsa/eddsa-rdfc-2022/combinedHashDataInt.txt"));
  ASSERT_EQ(data.size(), 64u);
  EXPECT_EQ(EncodeHex(SignOrDie(*signer, data)),
            ReadVector("vc-di-eddsa/eddsa-rdfc-2022/sigHexDataInt.txt"));
}

TEST(ImportSecretKeyMultibase, Ob3VectorSeedAndPublicFormYieldsItsPublicKey) {
  const Json pair = ReadVectorJson("ob3-eddsa-rdfc-2022/keyPair.json");
  std::string secret = pair["secretKeyMultibase"].get<std::string>();
  // This vector wraps the 64-byte seed || public key form.
  Result<std::vector<uint8_t>> decoded = DecodeMultibase(secret);
  ASSERT_TRUE(decoded.ok());
  ASSERT_EQ(decoded->size(), 2u + 64u);

  Result<Ed25519SignerSodium> signer = ImportSecretKeyMultibase(secret);
  EXPECT_TRUE(secret.empty()) << "the input was not wiped";
  ASSERT_TRUE(signer.ok()) << signer.error().message();
  EXPECT_EQ(EncodeEd25519Multikey(signer->public_key()), pair["publicKeyMultibase"]);
  EXPECT_EQ(EncodeHex(signer->public_key().bytes()), pair["publicKeyHex"]);

  const std::vector<uint8_t> data = FromHex(ReadVector("ob3-eddsa-rdfc-2022/combinedHash.txt"));
  EXPECT_EQ(EncodeHex(SignOrDie(*signer, data)), ReadVector("ob3-eddsa-rdfc-2022/sigHex.txt"));
}

TEST(ImportSecretKeyMultibase, KeyFileOfImportedVectorKeyRoundTrips) {
  const Json pair = ReadVectorJson("vc-di-eddsa/keyPair.json");
  std::string secret = pair["privateKeyMultibase"].get<std::string>();
  Result<Ed25519SignerSodium> signer = ImportSecretKeyMultibase(secret);
  ASSERT_TRUE(signer.ok());
  const TempDir dir;
  ASSERT_TRUE(WriteKeyFile(dir.path() / "k", *signer, nullptr).ok());
  Result<Json> doc = ParseJson(ReadFile(dir.path() / "k"));
  ASSERT_TRUE(doc.ok());
  // The file holds the vector's own seed-form encoding.
  EXPECT_EQ((*doc)["secret"]["secretKeyMultibase"], pair["privateKeyMultibase"]);
  EXPECT_EQ((*doc)["publicKeyMultibase"], pair["publicKeyMultibase"]);
}

// Each case is a secretKeyMultibase that must be refused with kInvalidInput and wiped.
TEST(ImportSecretKeyMultibase, RefusesMalformedKeysAndWipesTheInput) {
  const Json ob3 = ReadVectorJson("ob3-eddsa-rdfc-2022/keyPair.json");
  Result<std::vector<uint8_t>> decoded =
      DecodeMultibase(ob3["secretKeyMultibase"].get<std::string>());
  ASSERT_TRUE(decoded.ok());
  ASSERT_EQ(decoded->size(), 66u);  // prefix, seed, public key
  const std::vector<uint8_t> full = *decoded;
  std::vector<uint8_t> altered_public = full;
  altered_public.at(65) ^= 0x01;
  std::vector<uint8_t> other_public = full;  // the public half of a different key
  const Ed25519SignerSodium other = Ed25519SignerSodium::Generate();
  std::copy(other.public_key().bytes().begin(), other.public_key().bytes().end(),
            other_public.begin() + 34);
  std::vector<uint8_t> public_prefix = full;  // ed25519-pub prefix on a private key
  public_prefix[0] = kEd25519PublicMulticodec[0];
  public_prefix[1] = kEd25519PublicMulticodec[1];
  const std::vector<uint8_t> no_prefix(full.begin() + 2, full.begin() + 34);
  std::vector<uint8_t> seed_31(full.begin(), full.begin() + 33);
  std::vector<uint8_t> seed_48(full.begin(), full.begin() + 50);
  std::vector<uint8_t> x25519_prefix = seed_31;
  x25519_prefix.push_back(0);
  x25519_prefix[0] = 0x82;  // x25519-priv 0x1302
  x25519_prefix[1] = 0x26;

  const std::vector<std::pair<std::string, std::string>> cases = {
      {"64-byte form with altered public half", EncodeMultibaseBase58Btc(altered_public)},
      {"64-byte form with another key's public half", EncodeMultibaseBase58Btc(other_public)},
      {"ed25519-pub prefix", EncodeMultibaseBase58Btc(public_prefix)},
      {"x25519-priv prefix", EncodeMultibaseBase58Btc(x25519_prefix)},
      {"no prefix", EncodeMultibaseBase58Btc(no_prefix)},
      {"31-byte seed", EncodeMultibaseBase58Btc(seed_31)},
      {"48-byte key", EncodeMultibaseBase58Btc(seed_48)},
      {"prefix only", EncodeMultibaseBase58Btc(std::vector<uint8_t>{0x80, 0x26})},
      {"not multibase", "3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"},
      {"invalid base58", "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjx0"},
      {"empty", ""},
  };
  for (const auto& [name, text] : cases) {
    std::string input = text;
    Result<Ed25519SignerSodium> signer = ImportSecretKeyMultibase(input);
    EXPECT_TRUE(input.empty()) << name << ": the input was not wiped";
    ASSERT_FALSE(signer.ok()) << "accepted: " << name;
    EXPECT_EQ(signer.error().code(), ErrorCode::kInvalidInput) << name;
  }
}

// ---------------------------------------------------------------------------------------------
// PassphraseFromEnv

constexpr char kPassphraseVariable[] = "PRAMAAN_KEY_FILE_TEST_PASSPHRASE";

TEST(PassphraseFromEnv, FailsWhenUnset) {
  ASSERT_EQ(::unsetenv(kPassphraseVariable), 0);
  Result<SecretBytes> passphrase = PassphraseFromEnv(kPassphraseVariable);
  ASSERT_FALSE(passphrase.ok());
  EXPECT_EQ(passphrase.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(passphrase.error().message().find(kPassphraseVariable), std::string::npos);
}

TEST(PassphraseFromEnv, FailsWhenEmpty) {
  ASSERT_EQ(::setenv(kPassphraseVariable, "", 1), 0);
  Result<SecretBytes> passphrase = PassphraseFromEnv(kPassphraseVariable);
  ::unsetenv(kPassphraseVariable);
  ASSERT_FALSE(passphrase.ok());
  EXPECT_EQ(passphrase.error().code(), ErrorCode::kInvalidInput);
}

TEST(PassphraseFromEnv, ReturnsTheValue) {
  ASSERT_EQ(::setenv(kPassphraseVariable, "pass phrase ✓", 1), 0);
  Result<SecretBytes> passphrase = PassphraseFromEnv(kPassphraseVariable);
  ::unsetenv(kPassphraseVariable);
  ASSERT_TRUE(passphrase.ok()) << passphrase.error().message();
  const auto bytes = passphrase->Reveal(SecretAccess::Grant());
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()), "pass phrase ✓");
}

// ---------------------------------------------------------------------------------------------
// Malformed and missing key files

// A valid unsealed key file's JSON, for mutation.
Json ValidKeyFileJson(const Ed25519SignerSodium& key) {
  return Json{{"type", "PramaanEd25519Key"},
              {"version", 1},
              {"publicKeyMultibase", EncodeEd25519Multikey(key.public_key())},
              {"secret", {{"protection", "none"}, {"secretKeyMultibase", SeedMultibase(key)}}}};
}

TEST(KeyFileMalformed, ValidBaselineLoads) {
  const TempDir dir;
  const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
  const std::filesystem::path path =
      WriteWithMode(dir, "k", DumpJson(ValidKeyFileJson(key), /*pretty=*/false));
  Result<Ed25519SignerSodium> loaded = LoadKeyFile(path, nullptr);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded->public_key(), key.public_key());
}

TEST(KeyFileMalformed, LoadFailsWithInvalidInput) {
  const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
  const Ed25519SignerSodium other = Ed25519SignerSodium::Generate();
  const auto mutated = [&](auto mutate) {
    Json doc = ValidKeyFileJson(key);
    mutate(doc);
    return DumpJson(doc, /*pretty=*/true);
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not JSON", "this is not a key file\n"},
      {"empty file", ""},
      {"JSON array", "[1, 2, 3]"},
      {"wrong type", mutated([](Json& d) { d["type"] = "OtherKey"; })},
      {"missing type", mutated([](Json& d) { d.erase("type"); })},
      {"wrong version", mutated([](Json& d) { d["version"] = 2; })},
      {"missing secret", mutated([](Json& d) { d.erase("secret"); })},
      {"secret not an object", mutated([](Json& d) { d["secret"] = "z3u2"; })},
      {"no secretKeyMultibase", mutated([](Json& d) { d["secret"].erase("secretKeyMultibase"); })},
      {"unknown protection", mutated([](Json& d) { d["secret"]["protection"] = "rot13"; })},
      {"missing publicKeyMultibase", mutated([](Json& d) { d.erase("publicKeyMultibase"); })},
      {"malformed publicKeyMultibase",
       mutated([](Json& d) { d["publicKeyMultibase"] = "z6Mkbad"; })},
      {"public key of another key",
       mutated([&](Json& d) { d["publicKeyMultibase"] = EncodeEd25519Multikey(other.public_key()); })},
      {"bad secretKeyMultibase",
       mutated([](Json& d) { d["secret"]["secretKeyMultibase"] = "znot-base58"; })},
  };
  for (const auto& [name, text] : cases) {
    const TempDir dir;
    const std::filesystem::path path = WriteWithMode(dir, "issuer.key", text);
    Result<Ed25519SignerSodium> loaded = LoadKeyFile(path, nullptr);
    ASSERT_FALSE(loaded.ok()) << "loaded: " << name;
    EXPECT_EQ(loaded.error().code(), ErrorCode::kInvalidInput)
        << name << ": " << loaded.error().message();
  }
}

// Regression: members of the wrong JSON type once made Json::value throw out of LoadKeyFile.
TEST(KeyFileMalformed, LoadFailsWithInvalidInputForWrongJsonTypesWithoutThrowing) {
  const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
  const auto mutated = [&](auto mutate) {
    Json doc = ValidKeyFileJson(key);
    mutate(doc);
    return DumpJson(doc, /*pretty=*/true);
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"type is a number", mutated([](Json& d) { d["type"] = 5; })},
      {"version is a string", mutated([](Json& d) { d["version"] = "1"; })},
      {"protection is a number", mutated([](Json& d) { d["secret"]["protection"] = 0; })},
  };
  for (const auto& [name, text] : cases) {
    const TempDir dir;
    const std::filesystem::path path = WriteWithMode(dir, "issuer.key", text);
    std::optional<Result<Ed25519SignerSodium>> loaded;
    EXPECT_NO_THROW(loaded.emplace(LoadKeyFile(path, nullptr))) << name;
    if (!loaded.has_value()) continue;
    ASSERT_FALSE(loaded->ok()) << "loaded: " << name;
    EXPECT_EQ(loaded->error().code(), ErrorCode::kInvalidInput) << name;
  }
}

TEST(KeyFileMalformed, ReadPublicKeyFailsWithInvalidInput) {
  const TempDir dir;
  const std::filesystem::path path = WriteWithMode(dir, "issuer.key", "{\"type\": \"OtherKey\"}");
  Result<Ed25519PublicKey> public_key = ReadKeyFilePublicKey(path);
  ASSERT_FALSE(public_key.ok());
  EXPECT_EQ(public_key.error().code(), ErrorCode::kInvalidInput);
}

TEST(KeyFileMalformed, LoadFailsWithNotFoundForMissingFile) {
  const TempDir dir;
  Result<Ed25519SignerSodium> loaded = LoadKeyFile(dir.path() / "absent.key", nullptr);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code(), ErrorCode::kNotFound);
  Result<Ed25519PublicKey> public_key = ReadKeyFilePublicKey(dir.path() / "absent.key");
  ASSERT_FALSE(public_key.ok());
  EXPECT_EQ(public_key.error().code(), ErrorCode::kNotFound);
}

TEST(KeyFileMalformed, LoadFailsForADirectory) {
  const TempDir dir;
  std::filesystem::create_directory(dir.path() / "issuer.key");
  ASSERT_EQ(::chmod((dir.path() / "issuer.key").c_str(), 0700), 0);
  Result<Ed25519SignerSodium> loaded = LoadKeyFile(dir.path() / "issuer.key", nullptr);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code(), ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace pramaan
