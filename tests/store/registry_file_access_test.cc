// Who may read a SQLite registry (issue 17, item 3): created 0600 (or 0640 for a configured
// group) with -wal and -shm alike, and refused while every user can read it.
#include "store/registry_file_access.h"

#include <grp.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <utility>

#include "store/awarding_store.h"
#include "store/registry.h"
#include "tests/test_support.h"

namespace pramaan::store {
namespace {

using pramaan::testing::TempDir;

mode_t ModeOf(const std::filesystem::path& path) {
  struct stat info;
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

class RegistryFileAccessTest : public ::testing::Test {
 protected:
  // A permissive umask, as on a careless operator's machine: the mode must not depend on it.
  void SetUp() override { old_umask_ = ::umask(022); }
  void TearDown() override {
    ::umask(old_umask_);
    SetRegistryFileAccess({});
  }
  // Opens, writes (so that SQLite makes -wal and -shm) and keeps the registry open.
  std::unique_ptr<Registry> OpenAndWrite(const std::filesystem::path& path) {
    auto registry = OpenSqliteRegistry(path);
    EXPECT_TRUE(registry.ok()) << registry.error().message();
    if (!registry.ok()) return nullptr;
    return std::move(registry).value();
  }

  TempDir dir_;
  mode_t old_umask_ = 0;
};

TEST_F(RegistryFileAccessTest, ANewRegistryAndItsWalAndShmAreOwnerOnly) {
  const auto path = dir_.path() / "registry.sqlite";
  auto registry = OpenAndWrite(path);
  ASSERT_NE(registry, nullptr);
  EXPECT_EQ(ModeOf(path), 0600u);
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::filesystem::path side = path.string() + suffix;
    if (std::filesystem::exists(side)) {
      EXPECT_EQ(ModeOf(side), 0600u) << side;
    }
  }
}

TEST_F(RegistryFileAccessTest, TheAwardingStoreIsOwnerOnlyToo) {
  const auto path = dir_.path() / "awarding.sqlite";
  auto store = OpenSqliteAwardingStore(path);
  ASSERT_TRUE(store.ok()) << store.error().message();
  EXPECT_EQ(ModeOf(path), 0600u);
}

TEST_F(RegistryFileAccessTest, AWorldReadableRegistryIsRefusedNamingTheFixUnlessAllowed) {
  const auto path = dir_.path() / "registry.sqlite";
  { ASSERT_NE(OpenAndWrite(path), nullptr); }
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  auto refused = OpenSqliteRegistry(path);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kPermission);
  EXPECT_NE(refused.error().message().find(path.string()), std::string::npos);
  EXPECT_NE(refused.error().message().find("0644"), std::string::npos);
  EXPECT_NE(refused.error().message().find("chmod o-rw"), std::string::npos);

  SetRegistryFileAccess({.group = "", .others_may_read = true});
  auto allowed = OpenSqliteRegistry(path);
  EXPECT_TRUE(allowed.ok()) << allowed.error().message();
}

TEST_F(RegistryFileAccessTest, AWorldReadableWalIsRefusedToo) {
  const auto path = dir_.path() / "registry.sqlite";
  { ASSERT_NE(OpenAndWrite(path), nullptr); }
  const std::filesystem::path wal = path.string() + "-wal";
  { std::ofstream(wal).flush(); }
  ASSERT_EQ(::chmod(wal.c_str(), 0644), 0);
  auto refused = OpenSqliteRegistry(path);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("-wal"), std::string::npos);
}

TEST_F(RegistryFileAccessTest, AConfiguredGroupReadsTheRegistry) {
  const group* own = ::getgrgid(::getegid());
  ASSERT_NE(own, nullptr);
  SetRegistryFileAccess({.group = own->gr_name, .others_may_read = false});
  const auto path = dir_.path() / "registry.sqlite";
  auto registry = OpenAndWrite(path);
  ASSERT_NE(registry, nullptr);
  EXPECT_EQ(ModeOf(path), 0640u);
  struct stat info;
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_gid, ::getegid());
}

TEST_F(RegistryFileAccessTest, AnUnknownGroupIsRefusedNamingTheSetting) {
  SetRegistryFileAccess({.group = "no-such-group-pramaan", .others_may_read = false});
  auto refused = OpenSqliteRegistry(dir_.path() / "registry.sqlite");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("registry_group"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "registry.sqlite"));
}

}  // namespace
}  // namespace pramaan::store
