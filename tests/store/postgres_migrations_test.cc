// Schema migrations on PostgreSQL and the databases the registry refuses: the migrations are
// SQLite's (same versions and descriptions), each runs once in its own transaction and is
// recorded; processes opening a new database at once migrate it once (the advisory lock); an
// older registry is upgraded; a newer one and another application's tables are refused and
// left untouched.
#include "store/postgres_migrations.h"

#include <gtest/gtest.h>

#include <barrier>
#include <thread>
#include <vector>

#include "core/time/rfc3339.h"
#include "store/postgres_registry.h"
#include "store/sqlite_migrations.h"
#include "tests/store/postgres_test_support.h"
#include "tests/store/registry_test_support.h"

namespace pramaan::store {
namespace {

using testing::SampleCredential;

constexpr PostgresMigration kAddMarkerTable = {
    0, "test: a marker table",
    "CREATE TABLE upgrade_marker (value integer); INSERT INTO upgrade_marker VALUES (42);"};
constexpr PostgresMigration kFailingMigration = {
    0, "test: fails half-way",
    "CREATE TABLE half_done (value integer); INSERT INTO no_such_table VALUES (1);"};

// Every real migration, then `next` as the one after them (the code reading and writing a
// registry always expects the current schema, so "older" means one migration short).
std::vector<PostgresMigration> CurrentMigrationsAnd(PostgresMigration next) {
  std::vector<PostgresMigration> migrations(PostgresRegistryMigrations().begin(),
                                            PostgresRegistryMigrations().end());
  next.version = static_cast<int>(migrations.size()) + 1;
  migrations.push_back(next);
  return migrations;
}
const int kCurrent = static_cast<int>(PostgresRegistryMigrations().size());

PostgresRegistryOptions WithMigrations(std::span<const PostgresMigration> migrations) {
  PostgresRegistryOptions options;
  options.migrations = migrations;
  return options;
}

class PostgresMigrationsTest : public testing::PostgresDatabaseTest {
 protected:
  bool TableExists(const std::string& name) {
    return Query("SELECT to_regclass('" + name + "') IS NOT NULL") == "t";
  }

  void ExpectRefusedAsInvalidInput(const std::string& expected_in_message) {
    auto opened = PostgresRegistry::Open(url());
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code(), ErrorCode::kInvalidInput) << opened.error().message();
    EXPECT_NE(opened.error().message().find(database()), std::string::npos)
        << opened.error().message();
    EXPECT_NE(opened.error().message().find(expected_in_message), std::string::npos)
        << opened.error().message();
  }

  // The tables and columns of the database, as text, to compare before and after.
  std::string Snapshot() {
    return Query(
        "SELECT coalesce(string_agg(t, ' | ' ORDER BY t), '') FROM ("
        "  SELECT table_name || ':' || column_name AS t FROM information_schema.columns"
        "  WHERE table_schema = current_schema()) AS columns");
  }
};

TEST(PostgresRegistryMigrations, AreSqlitesMigrationsVersionForVersion) {
  std::span<const PostgresMigration> postgres = PostgresRegistryMigrations();
  std::span<const SqliteMigration> sqlite = RegistryMigrations();
  ASSERT_EQ(postgres.size(), sqlite.size());
  for (size_t i = 0; i < postgres.size(); ++i) {
    EXPECT_EQ(postgres[i].version, sqlite[i].version);
    EXPECT_EQ(postgres[i].description, sqlite[i].description);
    EXPECT_FALSE(postgres[i].sql.empty());
  }
  EXPECT_EQ(postgres.back().version, CurrentRegistrySchemaVersion());
}

TEST_F(PostgresMigrationsTest, ANewRegistryHasSqlitesTablesAndRecordsEveryMigrationOnce) {
  {
    auto opened = PostgresRegistry::Open(url());
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    EXPECT_EQ((*opened)->schema_version(), CurrentRegistrySchemaVersion());
  }
  EXPECT_EQ(QueryInt("SELECT count(*) FROM schema_migrations"), CurrentRegistrySchemaVersion());
  EXPECT_EQ(QueryInt("SELECT max(version) FROM schema_migrations"), CurrentRegistrySchemaVersion());
  std::string applied_at = Query("SELECT applied_at FROM schema_migrations");
  EXPECT_TRUE(ParseRfc3339(applied_at).ok() && applied_at.ends_with('Z')) << applied_at;
  EXPECT_EQ(Query("SELECT obj_description('schema_migrations'::regclass, 'pg_class')"),
            kPostgresRegistryMarker);
  EXPECT_EQ(Query("SELECT string_agg(column_name || ' ' || data_type || ' ' || is_nullable, ', ' "
                  "ORDER BY ordinal_position) FROM information_schema.columns "
                  "WHERE table_schema = current_schema() AND table_name = 'credentials'"),
            "id text NO, source_record_id text NO, credential_json text NO, issued_at text NO, "
            "superseded_by text YES, revocation_index bigint YES, suspension_index bigint YES, "
            "revoked smallint NO, suspended smallint NO, source_digest text YES");
  EXPECT_EQ(Query("SELECT string_agg(indexname, ', ' ORDER BY indexname) FROM pg_indexes "
                  "WHERE schemaname = current_schema() AND tablename = 'credentials'"),
            "credentials_by_issued_at, credentials_by_revocation_index, "
            "credentials_by_superseded_by, credentials_by_suspension_index, credentials_pkey, "
            "credentials_revoked, credentials_source_record_id_key, credentials_supersession, "
            "credentials_suspended");
  // Migration 8: what the issuer role stores for the public role.
  EXPECT_EQ(Query("SELECT string_agg(table_name, ', ' ORDER BY table_name) FROM "
                  "information_schema.tables WHERE table_schema = current_schema() AND "
                  "table_name IN ('status_list_credentials', 'certificates')"),
            "certificates, status_list_credentials");
}

// The other tests run each in a schema of its own (the URL sets the search_path); a
// deployment more often gives the registry a whole database and its default schema.
TEST_F(PostgresMigrationsTest, ARegistryInADatabaseOfItsOwnUsesTheDefaultSchema) {
  auto database = server().CreateDatabase();
  ASSERT_TRUE(database.ok()) << database.error().message();
  {
    auto opened = PostgresRegistry::Open(server().Url(*database));
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    ASSERT_TRUE((*opened)->Put(SampleCredential(1)).ok());
  }
  auto in_public = server().Query(*database, "SELECT count(*) FROM public.credentials");
  ASSERT_TRUE(in_public.ok()) << in_public.error().message();
  EXPECT_EQ(*in_public, "1");
  Status dropped = server().DropDatabase(*database);
  EXPECT_TRUE(dropped.ok()) << dropped.error().message();
}

TEST_F(PostgresMigrationsTest, ReopeningRunsNoMigrationAgain) {
  ASSERT_TRUE(PostgresRegistry::Open(url()).ok());
  Query("UPDATE schema_migrations SET applied_at = '2000-01-01T00:00:00Z'");
  auto reopened = PostgresRegistry::Open(url());
  ASSERT_TRUE(reopened.ok()) << reopened.error().message();
  EXPECT_EQ(QueryInt("SELECT count(*) FROM schema_migrations"), CurrentRegistrySchemaVersion());
  EXPECT_EQ(QueryInt("SELECT count(*) FROM schema_migrations "
                     "WHERE applied_at <> '2000-01-01T00:00:00Z'"),
            0);
}

TEST_F(PostgresMigrationsTest, TheMigrationLockIsReleasedAfterOpening) {
  auto opened = PostgresRegistry::Open(url());
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  EXPECT_EQ(QueryInt("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), 0);
}

// Eight processes start against one new database at once. Without the lock, two would both
// find no schema_migrations table and one CREATE TABLE would fail.
TEST_F(PostgresMigrationsTest, RegistriesOpeningANewDatabaseAtOnceMigrateItOnce) {
  constexpr int kOpeners = 8;
  std::barrier start(kOpeners);
  std::vector<std::string> errors(kOpeners);
  std::vector<std::thread> threads;
  for (int i = 0; i < kOpeners; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      auto opened = PostgresRegistry::Open(url());
      if (!opened.ok()) {
        errors[i] = opened.error().message();
      } else if ((*opened)->schema_version() != CurrentRegistrySchemaVersion()) {
        errors[i] = "schema version " + std::to_string((*opened)->schema_version());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int i = 0; i < kOpeners; ++i) EXPECT_EQ(errors[i], "") << "opener " << i;
  EXPECT_EQ(QueryInt("SELECT count(*) FROM schema_migrations"), CurrentRegistrySchemaVersion());
}

TEST_F(PostgresMigrationsTest, AnOlderRegistryIsUpgradedAndKeepsItsData) {
  const std::vector<PostgresMigration> migrations = CurrentMigrationsAnd(kAddMarkerTable);
  {
    auto old = PostgresRegistry::Open(url(), WithMigrations(std::span(migrations).first(kCurrent)));
    ASSERT_TRUE(old.ok()) << old.error().message();
    EXPECT_EQ((*old)->schema_version(), kCurrent);
    ASSERT_TRUE((*old)->Put(SampleCredential(1)).ok());
  }
  {
    auto upgraded = PostgresRegistry::Open(url(), WithMigrations(migrations));
    ASSERT_TRUE(upgraded.ok()) << upgraded.error().message();
    EXPECT_EQ((*upgraded)->schema_version(), kCurrent + 1);
    auto kept = (*upgraded)->Get(SampleCredential(1).id);
    ASSERT_TRUE(kept.ok());
    EXPECT_TRUE(kept->has_value());
  }
  EXPECT_EQ(QueryInt("SELECT value FROM upgrade_marker"), 42);
  EXPECT_EQ(QueryInt("SELECT count(*) FROM schema_migrations"), kCurrent + 1);
}

TEST_F(PostgresMigrationsTest, AFailedMigrationIsRolledBackAndLeavesTheVersion) {
  const std::vector<PostgresMigration> migrations = CurrentMigrationsAnd(kFailingMigration);
  {
    auto old = PostgresRegistry::Open(url(), WithMigrations(std::span(migrations).first(kCurrent)));
    ASSERT_TRUE(old.ok()) << old.error().message();
    ASSERT_TRUE((*old)->Put(SampleCredential(1)).ok());
  }
  auto failed = PostgresRegistry::Open(url(), WithMigrations(migrations));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code(), ErrorCode::kInternal);
  EXPECT_NE(failed.error().message().find("migration " + std::to_string(kCurrent + 1)),
            std::string::npos)
      << failed.error().message();
  EXPECT_EQ(QueryInt("SELECT max(version) FROM schema_migrations"), kCurrent);
  EXPECT_FALSE(TableExists("half_done"));
  // The failed opener released the lock (closing its connection), so a later one is not stuck.
  EXPECT_EQ(QueryInt("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), 0);

  auto reopened = PostgresRegistry::Open(url(), WithMigrations(std::span(migrations).first(kCurrent)));
  ASSERT_TRUE(reopened.ok()) << reopened.error().message();
  auto count = (*reopened)->Count();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
}

TEST_F(PostgresMigrationsTest, AFailedFirstMigrationLeavesTheDatabaseEmpty) {
  const std::vector<PostgresMigration> migrations = {
      {1, "test: creates the tables, then fails",
       "CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at text); "
       "COMMENT ON TABLE schema_migrations IS 'Pramaan registry schema migrations'; "
       "INSERT INTO no_such_table VALUES (1);"}};
  auto failed = PostgresRegistry::Open(url(), WithMigrations(migrations));
  ASSERT_FALSE(failed.ok());
  EXPECT_FALSE(TableExists("schema_migrations"));
}

TEST_F(PostgresMigrationsTest, AMigrationListNotNumberedFromOneIsABug) {
  const std::vector<PostgresMigration> migrations = {kAddMarkerTable};  // version 2 first
  auto opened = PostgresRegistry::Open(url(), WithMigrations(migrations));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kInternal);
  EXPECT_FALSE(TableExists("schema_migrations"));
}

// --- Databases the registry refuses --------------------------------------------------------

TEST_F(PostgresMigrationsTest, OpenFailsForARegistryFromANewerVersion) {
  ASSERT_TRUE(PostgresRegistry::Open(url()).ok());
  Query("INSERT INTO schema_migrations VALUES (" +
        std::to_string(CurrentRegistrySchemaVersion() + 1) + ", '2030-01-01T00:00:00Z')");
  std::string before = Snapshot();
  ExpectRefusedAsInvalidInput("newer");
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(QueryInt("SELECT count(*) FROM schema_migrations"), CurrentRegistrySchemaVersion() + 1);
}

TEST_F(PostgresMigrationsTest, OpenFailsForTheTablesOfAnotherApplication) {
  const std::vector<std::pair<std::string, std::string>> setups = {
      {"another tool's schema_migrations",
       "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL); "
       "INSERT INTO schema_migrations VALUES (20240101, false);"},
      {"a credentials table but no schema_migrations",
       "CREATE TABLE credentials (id text PRIMARY KEY, source_record_id text);"},
  };
  for (const auto& [name, sql] : setups) {
    SCOPED_TRACE(name);
    Query("DROP TABLE IF EXISTS schema_migrations; DROP TABLE IF EXISTS credentials;");
    Query(sql);
    std::string before = Snapshot();
    ExpectRefusedAsInvalidInput("another application");
    EXPECT_EQ(Snapshot(), before);
  }
}

TEST_F(PostgresMigrationsTest, ADatabaseWithUnrelatedTablesBecomesARegistry) {
  Query(
      "CREATE TABLE learners (id integer PRIMARY KEY, name text); "
      "INSERT INTO learners VALUES (1, 'Priya');");
  auto opened = PostgresRegistry::Open(url());
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  EXPECT_TRUE((*opened)->Put(SampleCredential(1)).ok());
  EXPECT_EQ(Query("SELECT name FROM learners"), "Priya");
}

}  // namespace
}  // namespace pramaan::store
