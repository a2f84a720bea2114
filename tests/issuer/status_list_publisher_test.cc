// Tests for issuer/status_list_publisher: PublishStatusLists signs, into the registry, exactly
// the lists that need it (missing, changed, aged), and what it stores is a list signed by the
// issuer holding the registry's bits.
#include "issuer/status_list_publisher.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/integrity/data_integrity.h"
#include "core/status/status_list_credential.h"
#include "keys/key_file.h"
#include "store/registry.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

using testing::At;
using testing::TempDir;

class PublishStatusListsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(WriteKeyFile(dir_.path() / "issuer.key", Ed25519SignerSodium::Generate(), nullptr)
                    .ok());
    const std::filesystem::path config_path = dir_.Write(
        "pramaan.json", R"({"base_url": "https://pramaan.example",
          "issuer": {"name": "Test Issuer"}, "signing_key": {"file": "issuer.key"}})");
    auto config = LoadIssuerConfig(config_path);
    ASSERT_TRUE(config.ok()) << config.error().message();
    auto setup = LoadIssuerSetup(*config);
    ASSERT_TRUE(setup.ok()) << setup.error().message();
    setup_ = std::move(setup).value();
    auto registry = store::OpenSqliteRegistry(dir_.path() / "registry.sqlite");
    ASSERT_TRUE(registry.ok()) << registry.error().message();
    registry_ = std::move(registry).value();
  }

  void PutCredential(const std::string& id, int64_t position) {
    store::StoredCredential credential;
    credential.id = id;
    credential.source_record_id = "record-" + id;
    credential.credential_json = "{}";
    credential.issued_at = "2026-12-01T00:00:00Z";
    credential.revocation_index = position;
    credential.suspension_index = position;
    ASSERT_TRUE(registry_->Put(credential).ok());
  }

  int Publish(const Clock& clock) {
    auto published = PublishStatusLists(*setup_, *registry_, clock);
    EXPECT_TRUE(published.ok()) << published.error().message();
    return published.ok() ? *published : -1;
  }

  // The stored list `id`, checked: signed by the issuer, and its bit `index`.
  bool StoredBit(const std::string& id, uint64_t index) {
    auto stored = registry_->GetStatusListCredential(id);
    EXPECT_TRUE(stored.ok() && stored->has_value()) << id;
    if (!stored.ok() || !stored->has_value()) return false;
    auto json = ParseJson((*stored)->credential_json);
    EXPECT_TRUE(json.ok());
    auto proofs = VerifyProofs(*json, setup_->resolver, setup_->contexts);
    EXPECT_TRUE(proofs.ok() && proofs->size() == 1 && (*proofs)[0].verified &&
                (*proofs)[0].controller == setup_->issuer.id)
        << (*stored)->credential_json;
    auto view = ReadStatusListCredential(*json);
    EXPECT_TRUE(view.ok());
    EXPECT_EQ(view->id, "https://pramaan.example/status/" + id);
    auto bit = view->bits.Get(index);
    return bit.ok() && *bit;
  }

  TempDir dir_{"pramaan-publish"};
  std::unique_ptr<IssuerSetup> setup_;
  std::unique_ptr<store::Registry> registry_;
  const FixedClock now_{At("2026-12-01T00:00:00Z")};
};

TEST_F(PublishStatusListsTest, SignsNothingWhenNoPositionIsUsed) {
  EXPECT_EQ(Publish(now_), 0);
  EXPECT_FALSE(registry_->GetStatusListCredential("revocation-0")->has_value());
}

TEST_F(PublishStatusListsTest, SignsEachListInUseOnceThenOnlyTheListWhoseBitsChanged) {
  PutCredential("a", 7);
  PutCredential("b", 2 * store::kStatusListSize + 3);  // list 2; list 1 holds nothing
  EXPECT_EQ(Publish(now_), 4);  // revocation and suspension of lists 0 and 2
  EXPECT_FALSE(registry_->GetStatusListCredential("revocation-1")->has_value());
  EXPECT_FALSE(StoredBit("revocation-0", 7));
  const std::string etag = (*registry_->GetStatusListCredential("revocation-0"))->etag;
  EXPECT_EQ(Publish(now_), 0);  // nothing changed

  ASSERT_TRUE(registry_->ChangeStatus({0, "a", store::StatusAction::kRevoke, "fraud", "tester",
                                       "2026-12-01T00:00:01Z", "fraudulent"})
                  .ok());
  EXPECT_EQ(Publish(now_), 1);  // only revocation-0: the other lists' bits did not change
  EXPECT_TRUE(StoredBit("revocation-0", 7));
  EXPECT_NE((*registry_->GetStatusListCredential("revocation-0"))->etag, etag);
  EXPECT_FALSE(StoredBit("suspension-0", 7));
  EXPECT_EQ((*registry_->GetStatusListCredential("suspension-0"))->status_version, 1);
  EXPECT_EQ(Publish(now_), 0);
}

TEST_F(PublishStatusListsTest, ResignsAnUnchangedListOnceItHasAgedPastTheThreshold) {
  PutCredential("a", 1);
  EXPECT_EQ(Publish(now_), 2);
  const FixedClock almost{now_.Now() + kStatusListResignAfter - std::chrono::seconds(1)};
  EXPECT_EQ(Publish(almost), 0);
  const FixedClock aged{now_.Now() + kStatusListResignAfter};
  EXPECT_EQ(Publish(aged), 2);
  auto stored = registry_->GetStatusListCredential("revocation-0");
  EXPECT_EQ((*stored)->signed_at, FormatRfc3339(aged.Now()));
  EXPECT_EQ((*stored)->valid_until, FormatRfc3339(aged.Now() + kStatusListValidity));
  EXPECT_LT(kStatusListResignAfter * 4, kStatusListValidity);  // well before validUntil
}

}  // namespace
}  // namespace pramaan
