// What only the SQLite registry promises: the file is in WAL mode and marked as a registry,
// readers do not wait for another connection's write, and a missing directory is an error.
// The Registry contract itself is tested against every backend in registry_contract_test.cc.
#include "store/sqlite_registry.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/store/sqlite_test_support.h"

namespace pramaan::store {
namespace {

namespace fs = std::filesystem;
using testing::RawSqlite;
using testing::SampleCredential;
using testing::TempDir;

class SqliteRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    registry_.reset();
    auto opened = OpenSqliteRegistry(path_);
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    registry_ = std::move(opened).value();
  }

  Registry& registry() { return *registry_; }

  void PutOrFail(const StoredCredential& credential) { testing::PutOrFail(registry(), credential); }
  std::optional<StoredCredential> GetOrFail(std::string_view id) {
    return testing::GetOrFail(registry(), id);
  }
  int64_t CountOrFail() { return testing::CountOrFail(registry()); }

  TempDir dir_;
  fs::path path_ = dir_.path() / "registry.db";
  std::unique_ptr<Registry> registry_;
};

// --- The file ------------------------------------------------------------------------------

TEST_F(SqliteRegistryTest, TheFileIsInWalModeAndMarkedAsARegistry) {
  PutOrFail(SampleCredential(1));
  registry_.reset();
  RawSqlite raw(path_);
  EXPECT_EQ(raw.QueryText("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(raw.QueryInt("PRAGMA application_id"), kRegistryApplicationId);
  EXPECT_EQ(raw.QueryInt("SELECT count(*) FROM credentials"), 1);
}

// Verifying a credential asks what superseded it on every request; the answer must come from
// an index, not from a row whose credential spills onto overflow pages.
TEST_F(SqliteRegistryTest, SupersededByReadsOnlyACoveringIndex) {
  registry_.reset();
  RawSqlite raw(path_);
  const std::string plan = raw.QueryPlan(std::string(SqliteRegistry::kSupersededBySql));
  EXPECT_NE(plan.find("COVERING INDEX credentials_supersession"), std::string::npos) << plan;
}

TEST_F(SqliteRegistryTest, TheStatusAuditLogRefusesUpdatesAndDeletes) {
  PutOrFail(SampleCredential(1));
  auto changed = registry().ChangeStatus(StatusEvent{0, SampleCredential(1).id,
                                                     StatusAction::kRevoke, "fraud", "registrar",
                                                     "2026-11-21T10:00:00Z", "fraudulent"});
  ASSERT_TRUE(changed.ok() && *changed);
  registry_.reset();
  RawSqlite raw(path_);
  for (const char* sql : {"UPDATE status_events SET reason = 'typo'", "DELETE FROM status_events"}) {
    char* message = nullptr;
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    EXPECT_NE(sqlite3_exec(db, sql, nullptr, nullptr, &message), SQLITE_OK) << sql;
    EXPECT_NE(std::string(message != nullptr ? message : "").find("append-only"),
              std::string::npos);
    sqlite3_free(message);
    sqlite3_close(db);
  }
  EXPECT_EQ(raw.QueryText("SELECT reason FROM status_events"), "fraud");
}

// The server keeps verifications of stored credentials by id (api/verified_cache.h): the
// database itself refuses to rewrite or delete an issued credential, whoever asks.
TEST_F(SqliteRegistryTest, AnIssuedCredentialIsNeverRewrittenOrDeleted) {
  PutOrFail(SampleCredential(1));
  PutOrFail(SampleCredential(2));
  const std::string id = SampleCredential(1).id;
  registry_.reset();
  for (const std::string& sql : std::vector<std::string>{
           "UPDATE credentials SET credential_json = '{}'", "UPDATE credentials SET id = 'x'",
        "UPDATE credentials SET source_record_id = 'other'",
        "UPDATE credentials SET issued_at = '2020-01-01T00:00:00Z'",
        "DELETE FROM credentials WHERE id = '" + id + "'"}) {
    char* message = nullptr;
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    EXPECT_NE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK) << sql;
    EXPECT_NE(std::string(message != nullptr ? message : "").find("an issued credential is never"),
              std::string::npos)
        << sql;
    sqlite3_free(message);
    sqlite3_close(db);
  }
  RawSqlite raw(path_);
  EXPECT_EQ(raw.QueryText("SELECT credential_json FROM credentials WHERE id = '" + id + "'"),
            SampleCredential(1).credential_json);
  // What may change after issuance still can.
  raw.Exec("UPDATE credentials SET revoked = 1, superseded_by = '" + SampleCredential(2).id +
           "' WHERE id = '" + id + "'");
  EXPECT_EQ(raw.QueryText("SELECT superseded_by FROM credentials WHERE id = '" + id + "'"),
            SampleCredential(2).id);
}

TEST_F(SqliteRegistryTest, TheIssuanceLogIsAppendOnly) {
  IssuanceEvent event{0, "CRED1", "igot-1", IssuanceAction::kSign, "did:web:x#key-1",
                      "cli:tester", "2026-11-20T09:00:00Z", ""};
  ASSERT_TRUE(registry_->AppendIssuanceEvents({event}).ok());
  registry_.reset();
  for (const std::string sql :
       {"UPDATE issuance_events SET actor = 'someone else'", "DELETE FROM issuance_events"}) {
    char* message = nullptr;
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    EXPECT_NE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK) << sql;
    EXPECT_NE(std::string(message != nullptr ? message : "").find("append-only"),
              std::string::npos)
        << sql;
    sqlite3_free(message);
    sqlite3_close(db);
  }
  RawSqlite raw(path_);
  EXPECT_EQ(raw.QueryText("SELECT actor FROM issuance_events"), "cli:tester");
}

TEST_F(SqliteRegistryTest, ReadsDoNotWaitForAnotherConnectionsOpenWrite) {
  PutOrFail(SampleCredential(1));
  RawSqlite other(path_);
  other.Exec("BEGIN IMMEDIATE");
  other.Exec(
      "INSERT INTO credentials (id, source_record_id, credential_json, issued_at) "
      "VALUES ('UNCOMMITTEDUNCOMMITT', 'igot-x', '{}', '2026-11-20T09:00:00Z')");

  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(GetOrFail(SampleCredential(1).id).has_value());
  EXPECT_FALSE(GetOrFail("UNCOMMITTEDUNCOMMITT").has_value());
  EXPECT_EQ(CountOrFail(), 1);
  // A reader that waited would wait the busy timeout (seconds) and then fail.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));

  other.Exec("COMMIT");
  EXPECT_TRUE(GetOrFail("UNCOMMITTEDUNCOMMITT").has_value());
}

TEST_F(SqliteRegistryTest, TwoRegistriesOnOneFileShareIt) {
  auto second = OpenSqliteRegistry(path_);
  ASSERT_TRUE(second.ok()) << second.error().message();
  PutOrFail(SampleCredential(1));
  auto seen = (*second)->Get(SampleCredential(1).id);
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->has_value());
  Status duplicate = (*second)->Put(SampleCredential(1));
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code(), ErrorCode::kInvalidInput);
}

TEST(SqliteRegistryOpenTest, OpenFailsWhenTheDirectoryDoesNotExist) {
  TempDir dir;
  fs::path path = dir.path() / "missing" / "registry.db";
  auto opened = OpenSqliteRegistry(path);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code(), ErrorCode::kInternal);
  EXPECT_NE(opened.error().message().find(path.string()), std::string::npos);
}

}  // namespace
}  // namespace pramaan::store
