// Tests for keys/keyring: the ring's JSON form and its checks, rotation and compromise, the
// DID document it yields, and ring files changed by several rotations at once.
#include "keys/keyring.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/did/multikey.h"
#include "core/json/json.h"
#include "core/result.h"
#include "keys/key_file.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

using testing::At;
using testing::ModeOf;
using testing::ReadFile;
using testing::TempDir;

constexpr char kDid[] = "did:web:pramaan.example";

KeyRingEntry Entry(const std::string& fragment, const std::string& file,
                   const Ed25519PublicKey& key, const std::string& added) {
  return KeyRingEntry{
      std::string(kDid) + "#" + fragment, file, key, At(added), std::nullopt, std::nullopt};
}

// A two-key ring: key-1 retired and compromised, key-2 active.
KeyRing TwoKeyRing() {
  KeyRingEntry first = Entry("key-1", "issuer.key", Ed25519SignerSodium::Generate().public_key(),
                             "2026-01-05T09:00:00Z");
  first.retired = At("2026-07-01T09:00:00Z");
  first.compromised =
      KeyCompromise{At("2026-06-20T00:00:00Z"), At("2026-07-02T11:00:00Z"), "laptop stolen"};
  auto ring = KeyRing::Create(
      {first, Entry("key-2", "key-2.key", Ed25519SignerSodium::Generate().public_key(),
                    "2026-07-01T09:00:00Z")});
  EXPECT_TRUE(ring.ok()) << ring.error().message();
  return std::move(ring).value();
}

// Writes a new unsealed key to `path` and a one-key ring for it at dir/keyring.json.
std::filesystem::path MakeRingWithOneKey(const TempDir& dir) {
  const Ed25519SignerSodium key = Ed25519SignerSodium::Generate();
  EXPECT_TRUE(WriteKeyFile(dir / "issuer.key", key, nullptr).ok());
  auto ring =
      KeyRing::Create({Entry("key-1", "issuer.key", key.public_key(), "2026-01-05T09:00:00Z")});
  EXPECT_TRUE(ring.ok());
  const std::filesystem::path ring_path = dir / "keyring.json";
  EXPECT_TRUE(CreateKeyRingFile(ring_path, *ring).ok());
  return ring_path;
}

// ---------------------------------------------------------------------------------------------
// The JSON form

TEST(KeyRing, WrittenFileReadsBackUnchangedWithMode0644) {
  const TempDir dir;
  const KeyRing ring = TwoKeyRing();
  const std::filesystem::path path = dir / "keyring.json";
  ASSERT_TRUE(CreateKeyRingFile(path, ring).ok());
  EXPECT_EQ(ModeOf(path), 0644u);

  auto read = KeyRing::Read(path);
  ASSERT_TRUE(read.ok()) << read.error().message();
  EXPECT_EQ(read->ToJson(), ring.ToJson());
  EXPECT_EQ(read->did(), kDid);
  EXPECT_EQ(read->active().id, std::string(kDid) + "#key-2");
  ASSERT_EQ(read->keys().size(), 2u);
  const KeyRingEntry& first = read->keys()[0];
  EXPECT_EQ(first.file, "issuer.key");
  ASSERT_TRUE(first.compromised.has_value());
  EXPECT_EQ(first.compromised->since, At("2026-06-20T00:00:00Z"));
  EXPECT_EQ(first.compromised->reason, "laptop stolen");

  // The documented shape, member for member.
  const Json json = testing::ReadJsonFile(path);
  EXPECT_EQ(json["type"], "PramaanKeyRing");
  EXPECT_EQ(json["version"], 1);
  EXPECT_EQ(json["keys"][0]["retired"], "2026-07-01T09:00:00Z");
  EXPECT_EQ(json["keys"][0]["compromised"]["declared"], "2026-07-02T11:00:00Z");
  EXPECT_EQ(json["keys"][1]["publicKeyMultibase"],
            EncodeEd25519Multikey(ring.keys()[1].public_key));
  EXPECT_FALSE(json["keys"][1].contains("retired"));
  EXPECT_FALSE(json["keys"][1].contains("compromised"));
}

TEST(KeyRing, CreateKeyRingFileNeverReplacesAnExistingFile) {
  const TempDir dir;
  const std::filesystem::path path = dir / "keyring.json";
  ASSERT_TRUE(CreateKeyRingFile(path, TwoKeyRing()).ok());
  const std::string before = ReadFile(path);
  Status again = CreateKeyRingFile(path, TwoKeyRing());
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message().find("already exists"), std::string::npos);
  EXPECT_EQ(ReadFile(path), before);
}

TEST(KeyRing, ReadFailsWithNotFoundForAMissingFile) {
  const TempDir dir;
  auto ring = KeyRing::Read(dir / "absent.json");
  ASSERT_FALSE(ring.ok());
  EXPECT_EQ(ring.error().code(), ErrorCode::kNotFound);
}

TEST(KeyRing, FromJsonFailsForMalformedOrInconsistentRings) {
  const Json valid = TwoKeyRing().ToJson();
  const auto with = [&](auto change) {
    Json json = valid;
    change(json);
    return json;
  };
  const std::vector<std::pair<std::string, Json>> cases = {
      {"not an object", Json::array()},
      {"wrong type", with([](Json& j) { j["type"] = "PramaanEd25519Key"; })},
      {"version 2", with([](Json& j) { j["version"] = 2; })},
      {"no keys", with([](Json& j) { j.erase("keys"); })},
      {"keys not an array", with([](Json& j) { j["keys"] = Json::object(); })},
      {"empty keys", with([](Json& j) { j["keys"] = Json::array(); })},
      {"unknown top-level member", with([](Json& j) { j["comment"] = "x"; })},
      {"unknown key member",
       with([](Json& j) { j["keys"][1]["revoked"] = "2026-01-01T00:00:00Z"; })},
      {"unknown compromise member",
       with([](Json& j) { j["keys"][0]["compromised"]["by"] = "someone"; })},
      {"key not an object", with([](Json& j) { j["keys"][1] = "key-2"; })},
      {"id missing", with([](Json& j) { j["keys"][1].erase("id"); })},
      {"file missing", with([](Json& j) { j["keys"][1].erase("file"); })},
      {"file empty", with([](Json& j) { j["keys"][1]["file"] = ""; })},
      {"publicKeyMultibase malformed",
       with([](Json& j) { j["keys"][1]["publicKeyMultibase"] = "z6MkNotAKey"; })},
      {"added missing", with([](Json& j) { j["keys"][1].erase("added"); })},
      {"added not RFC 3339", with([](Json& j) { j["keys"][1]["added"] = "2026-07-01"; })},
      {"retired not RFC 3339", with([](Json& j) { j["keys"][0]["retired"] = "yesterday"; })},
      {"compromise since not RFC 3339",
       with([](Json& j) { j["keys"][0]["compromised"]["since"] = "2026-06-20 00:00"; })},
      {"compromise without reason",
       with([](Json& j) { j["keys"][0]["compromised"].erase("reason"); })},
      {"compromise not an object", with([](Json& j) { j["keys"][0]["compromised"] = true; })},
      {"id without a fragment", with([](Json& j) { j["keys"][0]["id"] = kDid; })},
      {"id not a DID", with([](Json& j) { j["keys"][0]["id"] = "https://x.example#key-1"; })},
      {"ids of two DIDs",
       with([](Json& j) { j["keys"][1]["id"] = "did:web:other.example#key-2"; })},
      {"the same id twice", with([](Json& j) { j["keys"][1]["id"] = j["keys"][0]["id"]; })},
      {"the same file twice", with([](Json& j) { j["keys"][1]["file"] = "./issuer.key"; })},
      {"the same public key twice", with([](Json& j) {
         j["keys"][1]["publicKeyMultibase"] = j["keys"][0]["publicKeyMultibase"];
       })},
      {"two active keys", with([](Json& j) {
         j["keys"][0].erase("retired");
         j["keys"][0].erase("compromised");
       })},
      {"no active key", with([](Json& j) { j["keys"][1]["retired"] = "2026-08-01T00:00:00Z"; })},
      {"the active key compromised",
       with([](Json& j) { j["keys"][1]["compromised"] = j["keys"][0]["compromised"]; })},
      {"retired before added",
       with([](Json& j) { j["keys"][0]["retired"] = "2025-12-31T00:00:00Z"; })},
      {"a third key with a public key seen before, under another DID URL", with([&](Json& j) {
         Json third = j["keys"][1];
         third["id"] = std::string(kDid) + "#key-3";
         third["file"] = "key-3.key";
         j["keys"][1]["retired"] = "2026-08-01T00:00:00Z";
         j["keys"].push_back(third);
       })},
  };
  ASSERT_TRUE(KeyRing::FromJson(valid).ok());
  for (const auto& [name, json] : cases) {
    auto ring = KeyRing::FromJson(json, "ring.json");
    ASSERT_FALSE(ring.ok()) << "accepted: " << name;
    EXPECT_EQ(ring.error().code(), ErrorCode::kInvalidInput) << name;
    EXPECT_EQ(ring.error().message().rfind("ring.json", 0), 0u)
        << name << ": " << ring.error().message();
  }
}

TEST(KeyRing, ToDidDocumentListsEveryKeyInOrderAndMarksTheCompromisedOne) {
  const KeyRing ring = TwoKeyRing();
  const Json document = ring.ToDidDocument().ToJson();
  EXPECT_EQ(document["id"], kDid);
  const std::string key1 = std::string(kDid) + "#key-1";
  const std::string key2 = std::string(kDid) + "#key-2";
  ASSERT_EQ(document["verificationMethod"].size(), 2u);
  EXPECT_EQ(document["verificationMethod"][0]["id"], key1);
  EXPECT_EQ(document["verificationMethod"][0]["revoked"], "2026-06-20T00:00:00Z");
  EXPECT_EQ(document["verificationMethod"][1]["id"], key2);
  EXPECT_FALSE(document["verificationMethod"][1].contains("revoked"));
  // A retired key still verifies what it signed: it stays authorized.
  EXPECT_EQ(document["assertionMethod"], Json::array({key1, key2}));
  EXPECT_EQ(document["authentication"], Json::array({key1, key2}));
}

// ---------------------------------------------------------------------------------------------
// Rotation and compromise, in memory

TEST(KeyRing, RotatedRetiresTheActiveKeyAndAppendsTheNextNumber) {
  const KeyRing ring = TwoKeyRing();
  EXPECT_EQ(ring.NextKeyNumber(), 3);
  const Ed25519PublicKey key = Ed25519SignerSodium::Generate().public_key();
  const Timestamp now = At("2027-01-01T00:00:00Z");
  auto rotated = ring.Rotated(ring.NextKeyNumber(), "key-3.key", key, now);
  ASSERT_TRUE(rotated.ok()) << rotated.error().message();
  ASSERT_EQ(rotated->keys().size(), 3u);
  EXPECT_EQ(rotated->active().id, std::string(kDid) + "#key-3");
  EXPECT_EQ(rotated->active().added, now);
  EXPECT_EQ(rotated->keys()[1].retired, now);
  EXPECT_EQ(rotated->keys()[0].retired, ring.keys()[0].retired);  // history is kept
  EXPECT_EQ(rotated->NextKeyNumber(), 4);
  // The same key again is refused: it would be two methods for one key.
  EXPECT_FALSE(rotated->Rotated(4, "key-4.key", key, now).ok());
}

TEST(KeyRing, NextKeyNumberIgnoresFragmentsThatAreNotKeyN) {
  auto ring =
      KeyRing::Create({Entry("signing", "issuer.key", Ed25519SignerSodium::Generate().public_key(),
                             "2026-01-05T09:00:00Z")});
  ASSERT_TRUE(ring.ok());
  EXPECT_EQ(ring->NextKeyNumber(), 1);
}

TEST(KeyRing, WithCompromiseRecordsItAndRefusesTheActiveUnknownOrConflictingOnes) {
  const KeyRing ring = TwoKeyRing();
  const std::string key1 = std::string(kDid) + "#key-1";
  const std::string key2 = std::string(kDid) + "#key-2";
  const Timestamp now = At("2026-08-01T00:00:00Z");

  auto active = ring.WithCompromise(key2, {At("2026-07-15T00:00:00Z"), now, "leaked"});
  ASSERT_FALSE(active.ok());
  EXPECT_EQ(active.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(active.error().message().find("pramaan keys rotate"), std::string::npos);

  auto unknown = ring.WithCompromise(std::string(kDid) + "#key-9", {now, now, "leaked"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);

  // key-1 is already compromised from 2026-06-20: the same time is accepted unchanged...
  auto same = ring.WithCompromise(key1, {At("2026-06-20T00:00:00Z"), now, "other words"});
  ASSERT_TRUE(same.ok()) << same.error().message();
  EXPECT_EQ(same->ToJson(), ring.ToJson());
  // ...another time is refused.
  auto moved = ring.WithCompromise(key1, {At("2026-06-01T00:00:00Z"), now, "earlier"});
  ASSERT_FALSE(moved.ok());
  EXPECT_NE(moved.error().message().find("2026-06-20T00:00:00Z"), std::string::npos);

  // A retired key not yet compromised.
  auto rotated = ring.Rotated(3, "key-3.key", Ed25519SignerSodium::Generate().public_key(),
                              At("2026-07-20T00:00:00Z"));
  ASSERT_TRUE(rotated.ok());
  auto recorded = rotated->WithCompromise(key2, {At("2026-07-10T12:00:00Z"), now, "leaked"});
  ASSERT_TRUE(recorded.ok()) << recorded.error().message();
  const KeyRingEntry* entry = recorded->Find(key2);
  ASSERT_NE(entry, nullptr);
  ASSERT_TRUE(entry->compromised.has_value());
  EXPECT_EQ(entry->compromised->since, At("2026-07-10T12:00:00Z"));
  EXPECT_EQ(entry->compromised->declared, now);
  EXPECT_EQ(entry->compromised->reason, "leaked");

  // A compromise cannot start in the future, nor go without a reason.
  EXPECT_FALSE(rotated->WithCompromise(key2, {At("2026-09-01T00:00:00Z"), now, "soon"}).ok());
  EXPECT_FALSE(rotated->WithCompromise(key2, {At("2026-07-10T12:00:00Z"), now, ""}).ok());
}

// ---------------------------------------------------------------------------------------------
// Ring files

TEST(KeyRingFile, RotateWritesANewKeyFileAndTheActiveKeyLoads) {
  const TempDir dir;
  const std::filesystem::path ring_path = MakeRingWithOneKey(dir);
  const Timestamp now = At("2026-07-01T09:00:00Z");
  auto rotation = RotateKeyRingFile(ring_path, nullptr, now);
  ASSERT_TRUE(rotation.ok()) << rotation.error().message();
  EXPECT_EQ(rotation->new_key_file, dir / "key-2.key");
  EXPECT_EQ(ModeOf(dir / "key-2.key"), 0600u);
  EXPECT_EQ(ModeOf(ring_path), 0644u);

  auto ring = KeyRing::Read(ring_path);
  ASSERT_TRUE(ring.ok()) << ring.error().message();
  EXPECT_EQ(ring->ToJson(), rotation->ring.ToJson());
  ASSERT_EQ(ring->keys().size(), 2u);
  EXPECT_EQ(ring->keys()[0].retired, now);
  EXPECT_EQ(ring->active().id, std::string(kDid) + "#key-2");
  EXPECT_EQ(ring->active().file, "key-2.key");
  auto signer = LoadActiveKey(ring_path, *ring, nullptr);
  ASSERT_TRUE(signer.ok()) << signer.error().message();
  EXPECT_EQ(signer->public_key(), ring->active().public_key);
  // No temporary files are left behind.
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_FALSE(entry.path().filename().string().starts_with(".")) << entry.path();
  }
}

TEST(KeyRingFile, RotateSealsTheNewKeyWithThePassphrase) {
  const TempDir dir;
  const std::filesystem::path ring_path = MakeRingWithOneKey(dir);
  const std::string phrase = "correct horse battery staple";
  const SecretBytes passphrase(
      std::span(reinterpret_cast<const uint8_t*>(phrase.data()), phrase.size()));
  auto rotation = RotateKeyRingFile(ring_path, &passphrase, At("2026-07-01T09:00:00Z"));
  ASSERT_TRUE(rotation.ok()) << rotation.error().message();
  auto without = LoadActiveKey(ring_path, rotation->ring, nullptr);
  ASSERT_FALSE(without.ok());
  EXPECT_EQ(without.error().code(), ErrorCode::kPermission);
  EXPECT_TRUE(LoadActiveKey(ring_path, rotation->ring, &passphrase).ok());
}

TEST(KeyRingFile, RotateNeverOverwritesAKeyFileThatIsAlreadyThere) {
  const TempDir dir;
  const std::filesystem::path ring_path = MakeRingWithOneKey(dir);
  const Ed25519SignerSodium stray = Ed25519SignerSodium::Generate();
  ASSERT_TRUE(WriteKeyFile(dir / "key-2.key", stray, nullptr).ok());
  const std::string before = ReadFile(dir / "key-2.key");
  auto rotation = RotateKeyRingFile(ring_path, nullptr, At("2026-07-01T09:00:00Z"));
  ASSERT_TRUE(rotation.ok()) << rotation.error().message();
  EXPECT_EQ(ReadFile(dir / "key-2.key"), before);
  EXPECT_EQ(rotation->ring.active().file, "key-3.key");
  EXPECT_EQ(rotation->ring.active().id, std::string(kDid) + "#key-3");
}

TEST(KeyRingFile, LoadActiveKeyFailsWhenTheFileHoldsAnotherKey) {
  const TempDir dir;
  const std::filesystem::path ring_path = MakeRingWithOneKey(dir);
  std::filesystem::remove(dir / "issuer.key");
  ASSERT_TRUE(WriteKeyFile(dir / "issuer.key", Ed25519SignerSodium::Generate(), nullptr).ok());
  auto ring = KeyRing::Read(ring_path);
  ASSERT_TRUE(ring.ok());
  auto signer = LoadActiveKey(ring_path, *ring, nullptr);
  ASSERT_FALSE(signer.ok());
  EXPECT_EQ(signer.error().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(signer.error().message().find("different key"), std::string::npos);
}

TEST(KeyRingFile, DeclareKeyCompromisedIsIdempotentForTheSameTime) {
  const TempDir dir;
  const std::filesystem::path ring_path = MakeRingWithOneKey(dir);
  ASSERT_TRUE(RotateKeyRingFile(ring_path, nullptr, At("2026-07-01T09:00:00Z")).ok());
  const std::string key1 = std::string(kDid) + "#key-1";
  const Timestamp since = At("2026-06-20T00:00:00Z");

  auto active = DeclareKeyCompromised(ring_path, std::string(kDid) + "#key-2", since, "x",
                                      At("2026-07-02T00:00:00Z"));
  ASSERT_FALSE(active.ok());

  auto first =
      DeclareKeyCompromised(ring_path, key1, since, "laptop stolen", At("2026-07-02T00:00:00Z"));
  ASSERT_TRUE(first.ok()) << first.error().message();
  EXPECT_EQ(*first, CompromiseOutcome::kRecorded);
  const std::string recorded = ReadFile(ring_path);
  auto again =
      DeclareKeyCompromised(ring_path, key1, since, "laptop stolen", At("2026-07-03T00:00:00Z"));
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(*again, CompromiseOutcome::kAlreadyRecorded);
  EXPECT_EQ(ReadFile(ring_path), recorded);  // the first declaration's date is kept
  auto other = DeclareKeyCompromised(ring_path, key1, At("2026-06-01T00:00:00Z"), "earlier",
                                     At("2026-07-03T00:00:00Z"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(ReadFile(ring_path), recorded);
}

// Every rotation must land: under the ring's lock each one reads the ring the previous one
// wrote. Without the lock (or with a lock on a replaced file) keys go missing.
void ExpectRotationsAllLanded(const std::filesystem::path& ring_path, size_t rotations) {
  auto ring = KeyRing::Read(ring_path);
  ASSERT_TRUE(ring.ok()) << ring.error().message();
  ASSERT_EQ(ring->keys().size(), rotations + 1);
  std::set<std::string> files;
  size_t active = 0;
  for (const KeyRingEntry& key : ring->keys()) {
    files.insert(key.file.string());
    EXPECT_TRUE(std::filesystem::exists(KeyFilePath(ring_path, key))) << key.file;
    active += key.active() ? 1 : 0;
  }
  EXPECT_EQ(files.size(), rotations + 1);
  EXPECT_EQ(active, 1u);
  EXPECT_TRUE(LoadActiveKey(ring_path, *ring, nullptr).ok());
}

TEST(KeyRingFile, ConcurrentRotationsFromThreadsAllLand) {
  const TempDir dir;
  const std::filesystem::path ring_path = MakeRingWithOneKey(dir);
  constexpr size_t kThreads = 8;
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (size_t i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      failures[i] = RotateKeyRingFile(ring_path, nullptr, At("2026-07-01T09:00:00Z")).ok() ? 0 : 1;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(std::count(failures.begin(), failures.end(), 1), 0);
  ExpectRotationsAllLanded(ring_path, kThreads);
}

TEST(KeyRingFile, ConcurrentRotationsFromProcessesAllLand) {
  const TempDir dir;
  const std::filesystem::path ring_path = MakeRingWithOneKey(dir);
  constexpr int kProcesses = 6;
  std::vector<pid_t> children;
  for (int i = 0; i < kProcesses; ++i) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      const bool ok = RotateKeyRingFile(ring_path, nullptr, At("2026-07-01T09:00:00Z")).ok();
      ::_exit(ok ? 0 : 1);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  ExpectRotationsAllLanded(ring_path, kProcesses);
}

}  // namespace
}  // namespace pramaan
