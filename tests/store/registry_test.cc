// OpenRegistry picks the backend from the location (a postgresql:// or postgres:// URL, else a
// file path) and refuses other URLs without repeating them; IsStorableText accepts exactly the
// text every backend stores byte for byte.
#include "store/registry.h"

#include <gtest/gtest.h>

#include <vector>

#include "store/postgres_registry.h"
#include "store/registry_checks.h"
#include "store/sqlite_registry.h"
#include "tests/store/postgres_test_support.h"
#include "tests/store/registry_test_support.h"

namespace pramaan::store {
namespace {

using testing::SampleCredential;
using testing::TempDir;

TEST(OpenRegistryTest, OpensSqliteForAFilePath) {
  TempDir dir;
  std::string path = (dir.path() / "registry.db").string();
  auto opened = OpenRegistry(path);
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  EXPECT_NE(dynamic_cast<SqliteRegistry*>(opened->get()), nullptr);
  EXPECT_TRUE(std::filesystem::exists(path));
}

class OpenRegistryPostgresTest : public testing::PostgresDatabaseTest {};

TEST_F(OpenRegistryPostgresTest, OpensPostgresForEitherSchemeInAnyCase) {
  const std::string rest = url().substr(url().find("://"));
  for (const std::string scheme : {"postgresql", "postgres", "PostgreSQL", "POSTGRES"}) {
    SCOPED_TRACE(scheme);
    auto opened = OpenRegistry(scheme + rest);
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    EXPECT_NE(dynamic_cast<PostgresRegistry*>(opened->get()), nullptr);
  }
  auto opened = OpenRegistry(url());
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  ASSERT_TRUE((*opened)->Put(SampleCredential(1)).ok());
  EXPECT_EQ(QueryInt("SELECT count(*) FROM credentials"), 1);
}

TEST(OpenRegistryTest, FailsForAnEmptyLocationOrAnotherKindOfUrl) {
  const std::vector<std::string> locations = {
      "",
      "mysql://issuer:s3cret-pw@db.example/registry",
      "sqlite://registry.db",
      "https://issuer:s3cret-pw@db.example/registry",
  };
  for (const std::string& location : locations) {
    SCOPED_TRACE(location);
    auto opened = OpenRegistry(location);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(opened.error().message().find("s3cret-pw"), std::string::npos)
        << opened.error().message();
  }
}

TEST(IsStorableTextTest, AcceptsValidUtf8WithoutNul) {
  const std::vector<std::string> storable = {
      "",
      "KQ2D7RVN4XWJ5MHT3BCA",
      "प्रिया शर्मा",
      "\xc2\x80",          // U+0080, the first two-byte character
      "\xef\xbf\xbf",      // U+FFFF
      "\xf0\x9f\x8e\x93",  // U+1F393 🎓
      "\xf4\x8f\xbf\xbf",  // U+10FFFF, the last code point
      "\xed\x9f\xbf",      // U+D7FF, just below the surrogates
  };
  for (const std::string& text : storable) EXPECT_TRUE(IsStorableText(text)) << text;
}

TEST(IsStorableTextTest, RefusesNulAndInvalidUtf8) {
  const std::vector<std::string> refused = {
      std::string("a\0b", 3),
      std::string(1, '\0'),
      "\x80",              // a continuation byte alone
      "\xc3",              // truncated
      "\xc3\x28",          // a lead byte without its continuation
      "\xc0\xaf",          // overlong '/'
      "\xe0\x80\xaf",      // overlong '/'
      "\xf0\x80\x80\xaf",  // overlong '/'
      "\xed\xa0\x80",      // U+D800, a surrogate
      "\xf4\x90\x80\x80",  // above U+10FFFF
      "\xf5\x80\x80\x80",  // never a lead byte
      "\xff",
  };
  for (const std::string& text : refused) {
    EXPECT_FALSE(IsStorableText(text)) << ::testing::PrintToString(text);
  }
}

}  // namespace
}  // namespace pramaan::store
