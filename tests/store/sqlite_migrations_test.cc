// Schema migrations and the files the registry refuses: each migration runs once, in its own
// transaction, and is recorded; an older registry is upgraded; a newer one, a file that is not
// SQLite and a SQLite database of another application are refused and left untouched.
#include "store/sqlite_migrations.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/time/rfc3339.h"
#include "store/sqlite_registry.h"
#include "tests/store/sqlite_test_support.h"

namespace pramaan::store {
namespace {

namespace fs = std::filesystem;
using testing::RawSqlite;
using testing::ReadBytes;
using testing::SampleCredential;
using testing::TempDir;
using testing::WriteBytes;

constexpr SqliteMigration kAddMarkerTable = {0, "test: a marker table",
                                             "CREATE TABLE upgrade_marker (value INTEGER) STRICT; "
                                             "INSERT INTO upgrade_marker VALUES (42);"};
constexpr SqliteMigration kFailingMigration = {
    0, "test: fails half-way",
    "CREATE TABLE half_done (value INTEGER); INSERT INTO no_such_table VALUES (1);"};

// Every real migration, then `next` as the one after them (the code reading and writing a
// registry always expects the current schema, so "older" means one migration short).
std::vector<SqliteMigration> CurrentMigrationsAnd(SqliteMigration next) {
  std::vector<SqliteMigration> migrations(RegistryMigrations().begin(), RegistryMigrations().end());
  next.version = static_cast<int>(migrations.size()) + 1;
  migrations.push_back(next);
  return migrations;
}
const int kCurrent = static_cast<int>(RegistryMigrations().size());

bool TableExists(RawSqlite& raw, const std::string& name) {
  return raw.QueryInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '" +
                      name + "'") == 1;
}

void ExpectRefusedAsInvalidInput(const fs::path& path, const std::string& expected_in_message) {
  auto opened = OpenSqliteRegistry(path);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kInvalidInput) << opened.error().message();
  EXPECT_NE(opened.error().message().find(path.string()), std::string::npos)
      << opened.error().message();
  EXPECT_NE(opened.error().message().find(expected_in_message), std::string::npos)
      << opened.error().message();
}

TEST(RegistryMigrations, AreNumberedFromOneInOrder) {
  std::span<const SqliteMigration> migrations = RegistryMigrations();
  ASSERT_FALSE(migrations.empty());
  for (size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1);
    EXPECT_FALSE(migrations[i].description.empty());
  }
  EXPECT_EQ(CurrentRegistrySchemaVersion(), static_cast<int>(migrations.size()));
}

TEST(SqliteMigrationsTest, ANewRegistryRecordsEveryMigrationOnce) {
  TempDir dir;
  fs::path path = dir.path() / "registry.db";
  {
    auto opened = SqliteRegistry::Open(path);
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    EXPECT_EQ((*opened)->schema_version(), CurrentRegistrySchemaVersion());
  }
  RawSqlite raw(path);
  EXPECT_EQ(raw.QueryInt("SELECT count(*) FROM schema_migrations"), CurrentRegistrySchemaVersion());
  EXPECT_EQ(raw.QueryInt("SELECT max(version) FROM schema_migrations"),
            CurrentRegistrySchemaVersion());
  std::string applied_at = raw.QueryText("SELECT applied_at FROM schema_migrations");
  EXPECT_TRUE(ParseRfc3339(applied_at).ok()) << applied_at;
}

TEST(SqliteMigrationsTest, ReopeningRunsNoMigrationAgain) {
  TempDir dir;
  fs::path path = dir.path() / "registry.db";
  ASSERT_TRUE(OpenSqliteRegistry(path).ok());
  {
    RawSqlite raw(path);
    raw.Exec("UPDATE schema_migrations SET applied_at = '2000-01-01T00:00:00Z'");
  }
  auto reopened = OpenSqliteRegistry(path);
  ASSERT_TRUE(reopened.ok()) << reopened.error().message();
  reopened = Error(ErrorCode::kInternal, "closed");  // close before looking at the file
  RawSqlite raw(path);
  EXPECT_EQ(raw.QueryInt("SELECT count(*) FROM schema_migrations"), CurrentRegistrySchemaVersion());
  EXPECT_EQ(raw.QueryInt("SELECT count(*) FROM schema_migrations "
                         "WHERE applied_at <> '2000-01-01T00:00:00Z'"),
            0);
}

TEST(SqliteMigrationsTest, AnOlderRegistryIsUpgradedAndKeepsItsData) {
  TempDir dir;
  fs::path path = dir.path() / "registry.db";
  std::vector<SqliteMigration> migrations = CurrentMigrationsAnd(kAddMarkerTable);
  {
    auto old = SqliteRegistry::Open(path, std::span(migrations).first(kCurrent));
    ASSERT_TRUE(old.ok()) << old.error().message();
    EXPECT_EQ((*old)->schema_version(), kCurrent);
    ASSERT_TRUE((*old)->Put(SampleCredential(1)).ok());
  }
  {
    auto upgraded = SqliteRegistry::Open(path, migrations);
    ASSERT_TRUE(upgraded.ok()) << upgraded.error().message();
    EXPECT_EQ((*upgraded)->schema_version(), kCurrent + 1);
    auto kept = (*upgraded)->Get(SampleCredential(1).id);
    ASSERT_TRUE(kept.ok());
    EXPECT_TRUE(kept->has_value());
  }
  RawSqlite raw(path);
  EXPECT_EQ(raw.QueryInt("SELECT value FROM upgrade_marker"), 42);
  EXPECT_EQ(raw.QueryInt("SELECT count(*) FROM schema_migrations"), kCurrent + 1);
}

TEST(SqliteMigrationsTest, AFailedMigrationIsRolledBackAndLeavesTheVersion) {
  TempDir dir;
  fs::path path = dir.path() / "registry.db";
  std::vector<SqliteMigration> migrations = CurrentMigrationsAnd(kFailingMigration);
  {
    auto old = SqliteRegistry::Open(path, std::span(migrations).first(kCurrent));
    ASSERT_TRUE(old.ok()) << old.error().message();
    ASSERT_TRUE((*old)->Put(SampleCredential(1)).ok());
  }
  auto failed = SqliteRegistry::Open(path, migrations);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code(), ErrorCode::kInternal);
  EXPECT_NE(failed.error().message().find("migration " + std::to_string(kCurrent + 1)),
            std::string::npos)
      << failed.error().message();
  {
    RawSqlite raw(path);
    EXPECT_EQ(raw.QueryInt("SELECT max(version) FROM schema_migrations"), kCurrent);
    EXPECT_FALSE(TableExists(raw, "half_done"));
  }
  auto reopened = SqliteRegistry::Open(path, std::span(migrations).first(kCurrent));
  ASSERT_TRUE(reopened.ok()) << reopened.error().message();
  auto count = (*reopened)->Count();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
}

TEST(SqliteMigrationsTest, AFailedFirstMigrationLeavesTheFileUnmarked) {
  TempDir dir;
  fs::path path = dir.path() / "registry.db";
  const std::vector<SqliteMigration> migrations = {
      {1, "test: marks the file, then fails",
       "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT); "
       "PRAGMA application_id = 1347571022; INSERT INTO no_such_table VALUES (1);"}};
  auto failed = SqliteRegistry::Open(path, migrations);
  ASSERT_FALSE(failed.ok());
  RawSqlite raw(path);
  EXPECT_EQ(raw.QueryInt("PRAGMA application_id"), 0);
  EXPECT_FALSE(TableExists(raw, "schema_migrations"));
}

TEST(SqliteMigrationsTest, AMigrationListNotNumberedFromOneIsABug) {
  TempDir dir;
  const std::vector<SqliteMigration> migrations = {kAddMarkerTable};  // version 2 first
  auto opened = SqliteRegistry::Open(dir.path() / "registry.db", migrations);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kInternal);
}

// --- Files the registry refuses ------------------------------------------------------------

TEST(SqliteRegistryRefusesTest, OpenFailsForARegistryFromANewerVersion) {
  TempDir dir;
  fs::path path = dir.path() / "registry.db";
  ASSERT_TRUE(OpenSqliteRegistry(path).ok());
  {
    RawSqlite raw(path);
    raw.Exec("INSERT INTO schema_migrations VALUES (" +
             std::to_string(CurrentRegistrySchemaVersion() + 1) + ", '2030-01-01T00:00:00Z')");
  }
  std::string before = ReadBytes(path);
  ExpectRefusedAsInvalidInput(path, "newer");
  EXPECT_EQ(ReadBytes(path), before);
}

TEST(SqliteRegistryRefusesTest, OpenFailsForAFileThatIsNotSqlite) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"text", std::string(2000, 'x') + "\nnot a database\n"},
      {"short text", "hello\n"},
      {"json", R"({"id": "urn:uuid:1", "type": ["VerifiableCredential"]})"},
      {"pdf header", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + std::string(600, '\0')},
  };
  for (const auto& [name, bytes] : files) {
    SCOPED_TRACE(name);
    TempDir dir;
    fs::path path = dir.path() / "registry.db";
    WriteBytes(path, bytes);
    ExpectRefusedAsInvalidInput(path, "not a SQLite database");
    EXPECT_EQ(ReadBytes(path), bytes);
    EXPECT_FALSE(fs::exists(dir.path() / "registry.db-wal"));
  }
}

TEST(SqliteRegistryRefusesTest, OpenFailsForASqliteDatabaseOfAnotherApplication) {
  const std::vector<std::pair<std::string, std::string>> setups = {
      {"tables",
       "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); "
       "INSERT INTO users VALUES (1, 'a');"},
      {"another application id", "PRAGMA application_id = 1234;"},
      {"a credentials table but no marker",
       "CREATE TABLE credentials (id TEXT PRIMARY KEY, source_record_id TEXT);"},
  };
  for (const auto& [name, sql] : setups) {
    SCOPED_TRACE(name);
    TempDir dir;
    fs::path path = dir.path() / "other.db";
    { RawSqlite(path).Exec(sql); }
    std::string before = ReadBytes(path);
    ExpectRefusedAsInvalidInput(path, "another application");
    EXPECT_EQ(ReadBytes(path), before);
    RawSqlite raw(path);
    EXPECT_EQ(raw.QueryText("PRAGMA journal_mode"), "delete");
  }
}

TEST(SqliteRegistryRefusesTest, AnEmptyFileBecomesARegistry) {
  TempDir dir;
  fs::path path = dir.path() / "registry.db";
  WriteBytes(path, "");
  auto opened = OpenSqliteRegistry(path);
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  EXPECT_TRUE((*opened)->Put(SampleCredential(1)).ok());
}

}  // namespace
}  // namespace pramaan::store
