// store/status_lists: list names and URLs, the credentialStatus entries, the random free
// position allocator, and the bits cached per status version (over a real SQLite registry).
#include "store/status_lists.h"

#include <gtest/gtest.h>

#include <set>

#include "core/status/status_entry.h"
#include "tests/store/registry_test_support.h"

namespace pramaan::store {
namespace {

using testing::SampleCredential;
using testing::TempDir;

TEST(StatusListNameTest, IdsRoundTripAndOddIdsAreRefused) {
  EXPECT_EQ((StatusListName{StatusPurpose::kRevocation, 0}).Id(), "revocation-0");
  EXPECT_EQ((StatusListName{StatusPurpose::kSuspension, 12}).Id(), "suspension-12");
  for (const char* id : {"revocation-0", "suspension-12", "revocation-999999999999"}) {
    auto parsed = ParseStatusListId(id);
    ASSERT_TRUE(parsed.has_value()) << id;
    EXPECT_EQ(parsed->Id(), id);
  }
  for (const char* id : {"", "revocation", "revocation-", "revocation-01", "revocation--1",
                         "revocation-+1", "revocation-1x", "refresh-1", "Revocation-1",
                         "revocation-1000000000000", "revocation-1/../2"}) {
    EXPECT_FALSE(ParseStatusListId(id).has_value()) << id;
  }
  EXPECT_EQ(StatusListName::Holding(StatusPurpose::kSuspension, kStatusListSize + 5).number, 1);
  EXPECT_EQ(StatusListName::Holding(StatusPurpose::kSuspension, kStatusListSize - 1).number, 0);
}

TEST(CredentialStatusForTest, GivesOneParsableEntryPerPurposeAtTheSameIndex) {
  const int64_t position = 2 * kStatusListSize + 94567;
  const Json status = CredentialStatusFor("https://pramaan.example", position);
  Json credential = Json::object();
  credential["credentialStatus"] = status;
  auto read = ReadCredentialStatus(credential);
  ASSERT_TRUE(read.ok()) << read.error().message();
  ASSERT_EQ(read->entries.size(), 2u);
  EXPECT_EQ(read->entries[0].status_purpose, "revocation");
  EXPECT_EQ(read->entries[0].status_list_credential, "https://pramaan.example/status/revocation-2");
  EXPECT_EQ(read->entries[0].status_list_index, 94567u);
  EXPECT_EQ(read->entries[0].id, "https://pramaan.example/status/revocation-2#94567");
  EXPECT_EQ(read->entries[1].status_purpose, "suspension");
  EXPECT_EQ(read->entries[1].status_list_credential, "https://pramaan.example/status/suspension-2");
  EXPECT_EQ(read->entries[1].status_list_index, 94567u);
}

// A deterministic RandomSource: a counter, so tests can see positions are spread.
class CountingRandom final : public RandomSource {
 public:
  void Fill(std::span<uint8_t> out) override {
    for (uint8_t& byte : out) byte = static_cast<uint8_t>((next_ = next_ * 1103515245 + 12345) >> 16);
  }

 private:
  uint32_t next_ = 1;
};

class StatusListsRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqliteRegistry(dir_.path() / "registry.db");
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    registry_ = std::move(opened).value();
  }
  void PutAt(int n, int64_t position) {
    StoredCredential credential = SampleCredential(n);
    credential.revocation_index = position;
    credential.suspension_index = position;
    testing::PutOrFail(*registry_, credential);
  }
  // Revokes SampleCredential(n), which must change its status.
  void Revoke(int n) {
    auto revoked = registry_->ChangeStatus(StatusEvent{0, SampleCredential(n).id,
                                                       StatusAction::kRevoke, "fraud",
                                                       "registrar", "2026-11-21T10:00:00Z",
                                                       "fraudulent"});
    ASSERT_TRUE(revoked.ok() && *revoked);
  }
  TempDir dir_;
  std::unique_ptr<Registry> registry_;
};

TEST_F(StatusListsRegistryTest, TheAllocatorNeverHandsOutAStoredOrRepeatedPosition) {
  for (int n = 0; n < 50; ++n) PutAt(n, n * 7);
  CountingRandom random;
  StatusPositionAllocator allocator(*registry_, random);
  std::set<int64_t> seen;
  int64_t highest = 0;
  for (int i = 0; i < 5000; ++i) {
    auto position = allocator.Next();
    ASSERT_TRUE(position.ok()) << position.error().message();
    EXPECT_TRUE(*position % 7 != 0 || *position >= 50 * 7) << *position << " is stored";
    EXPECT_TRUE(seen.insert(*position).second) << *position << " handed out twice";
    EXPECT_LT(*position, kStatusListSize);
    highest = std::max(highest, *position);
  }
  // Random over the whole list, not sequential from 0.
  EXPECT_GT(highest, kStatusListSize / 2);
}

TEST_F(StatusListsRegistryTest, TheAllocatorMovesToTheNextListWhenOneIsFull) {
  CountingRandom random;
  StatusPositionAllocator allocator(*registry_, random);
  for (int64_t i = 0; i < kStatusListSize; ++i) {
    auto position = allocator.Next();
    ASSERT_TRUE(position.ok());
    ASSERT_LT(*position, kStatusListSize);
  }
  auto next = allocator.Next();
  ASSERT_TRUE(next.ok());
  EXPECT_GE(*next, kStatusListSize);
  EXPECT_LT(*next, 2 * kStatusListSize);
}

TEST_F(StatusListsRegistryTest, BitsFollowTheRegistryAsStatusChanges) {
  PutAt(1, 17);
  PutAt(2, kStatusListSize + 3);
  StatusBits bits(*registry_, std::chrono::milliseconds(0));  // asks the registry every time
  const StatusListName first{StatusPurpose::kRevocation, 0};
  auto before = bits.Get(first);
  ASSERT_TRUE(before.ok()) << before.error().message();
  EXPECT_EQ(before->bits->CountSet(), 0u);

  ASSERT_NO_FATAL_FAILURE(Revoke(1));
  auto after = bits.Get(first);
  ASSERT_TRUE(after.ok());
  EXPECT_GT(after->version, before->version);
  auto bit = after->bits->Get(17);
  EXPECT_TRUE(bit.ok() && *bit);
  EXPECT_EQ(after->bits->CountSet(), 1u);
  // The suspension list and the second revocation list are untouched.
  auto suspension = bits.Get({StatusPurpose::kSuspension, 0});
  ASSERT_TRUE(suspension.ok());
  EXPECT_EQ(suspension->bits->CountSet(), 0u);
  auto second = bits.Get({StatusPurpose::kRevocation, 1});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->bits->CountSet(), 0u);
}

TEST_F(StatusListsRegistryTest, BitsAskTheRegistryAtMostOncePerIntervalUnlessInvalidated) {
  PutAt(1, 17);
  StatusBits bits(*registry_, std::chrono::hours(1));
  const StatusListName list{StatusPurpose::kRevocation, 0};
  ASSERT_TRUE(bits.Get(list).ok());
  ASSERT_NO_FATAL_FAILURE(Revoke(1));
  auto stale = bits.Get(list);
  ASSERT_TRUE(stale.ok());
  EXPECT_EQ(stale->bits->CountSet(), 0u);  // within the interval: not asked again
  bits.Invalidate();
  auto fresh = bits.Get(list);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->bits->CountSet(), 1u);
}

}  // namespace
}  // namespace pramaan::store
