// store/supersession_index: replacements answered from memory, read again only when the
// registry's count of them changes (at most once per interval), and from the registry on every
// call past the limit it holds.
#include "store/supersession_index.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "tests/store/registry_test_support.h"

namespace pramaan::store {
namespace {

using testing::SampleCredential;
using testing::TempDir;

class SupersessionIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqliteRegistry(dir_.path() / "registry.db");
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    registry_ = std::move(opened).value();
    for (int n = 1; n <= 6; ++n) testing::PutOrFail(*registry_, SampleCredential(n));
  }
  static std::string Id(int n) { return SampleCredential(n).id; }
  void Supersede(int old_n, int new_n) {
    ASSERT_TRUE(registry_->Supersede(Id(old_n), Id(new_n)).ok());
  }
  static std::string Answer(SupersessionIndex& index, int n) {
    auto answer = index.SupersededBy(Id(n));
    EXPECT_TRUE(answer.ok()) << answer.error().message();
    return answer.ok() ? *answer : "<error>";
  }

  TempDir dir_;
  std::unique_ptr<Registry> registry_;
};

TEST_F(SupersessionIndexTest, AnswersAsTheRegistryOnceItHasLooked) {
  SupersessionIndex index(*registry_, std::chrono::milliseconds(0));
  EXPECT_EQ(Answer(index, 1), "");
  Supersede(1, 2);
  Supersede(3, 4);
  EXPECT_EQ(Answer(index, 1), Id(2));
  EXPECT_EQ(Answer(index, 3), Id(4));
  EXPECT_EQ(Answer(index, 2), "");
  auto unknown = index.SupersededBy("NOTSTOREDNOTSTOREDNO");
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(*unknown, "");
}

TEST_F(SupersessionIndexTest, AsksTheRegistryAtMostOncePerInterval) {
  SupersessionIndex index(*registry_, std::chrono::hours(1));
  EXPECT_EQ(Answer(index, 1), "");
  Supersede(1, 2);
  // Within the interval the answer comes from memory: the change is not seen yet.
  EXPECT_EQ(Answer(index, 1), "");
  SupersessionIndex fresh(*registry_, std::chrono::hours(1));
  EXPECT_EQ(Answer(fresh, 1), Id(2));
}

TEST_F(SupersessionIndexTest, PastItsLimitItAsksTheRegistryEveryTime) {
  SupersessionIndex index(*registry_, std::chrono::milliseconds(0), /*max_entries=*/1);
  Supersede(1, 2);
  EXPECT_EQ(Answer(index, 1), Id(2));
  Supersede(3, 4);
  Supersede(5, 6);
  EXPECT_EQ(Answer(index, 1), Id(2));
  EXPECT_EQ(Answer(index, 3), Id(4));
  EXPECT_EQ(Answer(index, 5), Id(6));
  EXPECT_EQ(Answer(index, 6), "");
}

}  // namespace
}  // namespace pramaan::store
