// The awarding store on SQLite (store/awarding_store.h): one read-write connection to the
// registry file behind a mutex. The checks and sentences every backend shares are in
// awarding_checks.h.
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "store/awarding_checks.h"
#include "store/awarding_store.h"
#include "store/registry_checks.h"
#include "store/sqlite_connection.h"
#include "store/sqlite_migrations.h"

namespace pramaan::store {
namespace {

AwardingUser ReadUser(const SqliteStatement& row) {
  return AwardingUser{row.ColumnText(0), SplitRoles(row.ColumnText(1)), row.ColumnText(2),
                      row.ColumnText(3), row.ColumnText(4)};
}

CatalogueRow ReadCatalogueRow(const SqliteStatement& row) {
  return CatalogueRow{row.ColumnText(0), row.ColumnText(1), row.ColumnInt64(2) != 0,
                      row.ColumnText(3)};
}

Result<BatchRow> ReadBatch(const SqliteStatement& row) {
  BatchRow batch;
  batch.id = row.ColumnText(0);
  batch.agency = row.ColumnText(1);
  const std::string state = row.ColumnText(2);
  std::optional<BatchState> parsed = BatchStateFromName(state);
  if (!parsed) return Internal("batch " + batch.id + " has an unknown state " + Quoted(state));
  batch.state = *parsed;
  batch.submitted_by = row.ColumnText(3);
  batch.submitted_at = row.ColumnText(4);
  batch.reviewed_by = row.ColumnText(5);
  batch.reviewed_at = row.ColumnText(6);
  batch.decided_by = row.ColumnText(7);
  batch.decided_at = row.ColumnText(8);
  batch.decision_reason = row.ColumnText(9);
  batch.awarded_by = row.ColumnText(10);
  batch.awarded_at = row.ColumnText(11);
  batch.refused_json = row.ColumnText(12);
  return batch;
}

ResultRow ReadResult(const SqliteStatement& row, int first) {
  ResultRow result;
  result.position = row.ColumnInt64(first);
  result.candidate_id = row.ColumnText(first + 1);
  result.apaar_id = row.ColumnText(first + 2);
  result.nqr_code = row.ColumnText(first + 3);
  result.passed = row.ColumnInt64(first + 4) != 0;
  result.result_json = row.ColumnText(first + 5);
  result.credential_id = row.ColumnText(first + 6);
  return result;
}

// Every row `select` gives, each read by `read`.
template <typename Read>
auto ReadRows(SqliteStatement& select, Read read)
    -> Result<std::vector<std::decay_t<decltype(read(select))>>> {
  std::vector<std::decay_t<decltype(read(select))>> rows;
  for (;;) {
    PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) return rows;
    rows.push_back(read(select));
  }
}

class SqliteAwardingStore final : public AwardingStore {
 public:
  explicit SqliteAwardingStore(std::unique_ptr<SqliteConnection> connection)
      : connection_(std::move(connection)) {}

  Status InsertUser(const AwardingUser& user, std::string_view token_digest,
                    const AwardingEvent& event, bool first) override {
    PRAMAAN_RETURN_IF_ERROR(CheckEvent(event));
    PRAMAAN_RETURN_IF_ERROR(CheckUser(user, token_digest));
    std::lock_guard<std::mutex> lock(mutex_);
    SqliteConnection& db = *connection_;
    // BEGIN IMMEDIATE takes the write lock: no other writer can add a user meanwhile.
    PRAMAAN_ASSIGN_OR_RETURN(SqliteTransaction transaction, SqliteTransaction::BeginImmediate(db));
    if (first) {
      PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement count,
                               db.Prepare("SELECT count(*) FROM awarding_users"));
      PRAMAAN_ASSIGN_OR_RETURN(bool has_row, count.Step());
      if (has_row && count.ColumnInt64(0) > 0) return NotTheFirstUser();
    }
    {
      PRAMAAN_ASSIGN_OR_RETURN(
          SqliteStatement insert,
          db.Prepare("INSERT INTO awarding_users (name, roles, token_digest, created_at, agency) "
                     "VALUES (?1, ?2, ?3, ?4, ?5)"));
      const std::string roles = JoinRoles(user.roles);
      insert.BindText(1, user.name);
      insert.BindText(2, roles);
      insert.BindText(3, token_digest);
      insert.BindText(4, user.created_at);
      insert.BindTextOrNull(5, user.agency);
      Status inserted = insert.Run();
      if (!inserted.ok()) {
        if (inserted.error().code() == ErrorCode::kInvalidInput) return UserTaken(user);
        return inserted;
      }
    }
    PRAMAAN_RETURN_IF_ERROR(InsertEvent(event));
    return transaction.Commit();
  }

  Result<std::optional<AwardingUser>> UserByTokenDigest(
      std::string_view token_digest) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement select,
        connection_->Prepare(
            "SELECT name, roles, created_at, agency, disabled_at FROM awarding_users "
            "WHERE token_digest = ?1"));
    select.BindText(1, token_digest);
    PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) return std::optional<AwardingUser>();
    return std::optional<AwardingUser>(ReadUser(select));
  }

  Result<std::vector<AwardingUser>> Users() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement select,
        connection_->Prepare(
            "SELECT name, roles, created_at, agency, disabled_at FROM awarding_users ORDER BY name"));
    return ReadRows(select, ReadUser);
  }

  Status CreateSession(std::string_view digest, const ConsoleSession& session) override {
    PRAMAAN_RETURN_IF_ERROR(CheckSession(digest, session));
    std::lock_guard<std::mutex> lock(mutex_);
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement insert,
        connection_->Prepare("INSERT INTO console_sessions (digest, user_name, created_at, "
                             "last_seen_at, ended_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
    insert.BindText(1, digest);
    insert.BindText(2, session.user);
    insert.BindText(3, session.created_at);
    insert.BindText(4, session.last_seen_at);
    insert.BindTextOrNull(5, session.ended_at);
    return insert.Run();
  }

  Result<std::optional<ConsoleSession>> Session(std::string_view digest) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement select,
        connection_->Prepare("SELECT user_name, created_at, last_seen_at, ended_at "
                             "FROM console_sessions WHERE digest = ?1"));
    select.BindText(1, digest);
    PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) return std::optional<ConsoleSession>();
    return std::optional<ConsoleSession>(ConsoleSession{
        select.ColumnText(0), select.ColumnText(1), select.ColumnText(2), select.ColumnText(3)});
  }

  Status TouchSession(std::string_view digest, std::string_view at) override {
    return UpdateSession("UPDATE console_sessions SET last_seen_at = ?2 WHERE digest = ?1",
                         digest, at);
  }

  Status EndSession(std::string_view digest, std::string_view at) override {
    return UpdateSession(
        "UPDATE console_sessions SET ended_at = coalesce(ended_at, ?2) WHERE digest = ?1",
        digest, at);
  }

  Status UpdateUser(std::string_view name, const UserChange& change,
                    const AwardingEvent& event) override {
    PRAMAAN_RETURN_IF_ERROR(CheckEvent(event));
    PRAMAAN_RETURN_IF_ERROR(CheckUserChange(change));
    std::lock_guard<std::mutex> lock(mutex_);
    SqliteConnection& db = *connection_;
    PRAMAAN_ASSIGN_OR_RETURN(SqliteTransaction transaction, SqliteTransaction::BeginImmediate(db));
    {
      PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement select,
                               db.Prepare("SELECT 1 FROM awarding_users WHERE name = ?1"));
      select.BindText(1, name);
      PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
      if (!has_row) return NoSuchUser(name);
    }
    {
      PRAMAAN_ASSIGN_OR_RETURN(
          SqliteStatement update,
          db.Prepare("UPDATE awarding_users SET disabled_at = coalesce(?2, disabled_at), "
                     "token_digest = coalesce(?3, token_digest) WHERE name = ?1"));
      update.BindText(1, name);
      update.BindTextOrNull(2, change.disabled_at);
      update.BindTextOrNull(3, change.token_digest);
      PRAMAAN_RETURN_IF_ERROR(update.Run());
    }
    {
      PRAMAAN_ASSIGN_OR_RETURN(
          SqliteStatement end,
          db.Prepare("UPDATE console_sessions SET ended_at = ?2 "
                     "WHERE user_name = ?1 AND ended_at IS NULL"));
      end.BindText(1, name);
      end.BindText(2, event.at);
      PRAMAAN_RETURN_IF_ERROR(end.Run());
    }
    PRAMAAN_RETURN_IF_ERROR(InsertEvent(event));
    return transaction.Commit();
  }

  Status PutQualification(const CatalogueRow& row, const AwardingEvent& event) override {
    PRAMAAN_RETURN_IF_ERROR(CheckEvent(event));
    PRAMAAN_RETURN_IF_ERROR(CheckQualification(row));
    std::lock_guard<std::mutex> lock(mutex_);
    SqliteConnection& db = *connection_;
    PRAMAAN_ASSIGN_OR_RETURN(SqliteTransaction transaction, SqliteTransaction::BeginImmediate(db));
    {
      PRAMAAN_ASSIGN_OR_RETURN(
          SqliteStatement upsert,
          db.Prepare("INSERT INTO qualifications (nqr_code, definition_json, active, updated_at) "
                     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (nqr_code) DO UPDATE SET "
                     "definition_json = excluded.definition_json, active = excluded.active, "
                     "updated_at = excluded.updated_at"));
      upsert.BindText(1, row.nqr_code);
      upsert.BindText(2, row.definition_json);
      upsert.BindInt64(3, row.active ? 1 : 0);
      upsert.BindText(4, row.updated_at);
      PRAMAAN_RETURN_IF_ERROR(upsert.Run());
    }
    PRAMAAN_RETURN_IF_ERROR(InsertEvent(event));
    return transaction.Commit();
  }

  Result<std::optional<CatalogueRow>> Qualification(std::string_view nqr_code) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement select,
        connection_->Prepare("SELECT nqr_code, definition_json, active, updated_at "
                             "FROM qualifications WHERE nqr_code = ?1"));
    select.BindText(1, nqr_code);
    PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) return std::optional<CatalogueRow>();
    return std::optional<CatalogueRow>(ReadCatalogueRow(select));
  }

  Result<std::vector<CatalogueRow>> Qualifications() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement select,
        connection_->Prepare("SELECT nqr_code, definition_json, active, updated_at "
                             "FROM qualifications ORDER BY nqr_code"));
    return ReadRows(select, ReadCatalogueRow);
  }

  Status CreateBatch(const BatchRow& batch, const AwardingEvent& event) override {
    PRAMAAN_RETURN_IF_ERROR(CheckEvent(event));
    PRAMAAN_RETURN_IF_ERROR(CheckNewBatch(batch));
    std::lock_guard<std::mutex> lock(mutex_);
    SqliteConnection& db = *connection_;
    PRAMAAN_ASSIGN_OR_RETURN(SqliteTransaction transaction, SqliteTransaction::BeginImmediate(db));
    {
      PRAMAAN_ASSIGN_OR_RETURN(
          SqliteStatement insert,
          db.Prepare("INSERT INTO result_batches (" + std::string(kBatchColumns) +
                     ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"));
      BindBatch(insert, batch);
      Status inserted = insert.Run();
      if (!inserted.ok()) {
        if (inserted.error().code() == ErrorCode::kInvalidInput) return BatchTaken(batch.id);
        return inserted;
      }
    }
    for (const ResultRow& result : batch.results) {
      PRAMAAN_ASSIGN_OR_RETURN(
          SqliteStatement insert,
          db.Prepare("INSERT INTO results (batch_id, " + std::string(kResultColumns) +
                     ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
      insert.BindText(1, batch.id);
      insert.BindInt64(2, result.position);
      insert.BindText(3, result.candidate_id);
      insert.BindText(4, result.apaar_id);
      insert.BindText(5, result.nqr_code);
      insert.BindInt64(6, result.passed ? 1 : 0);
      insert.BindText(7, result.result_json);
      insert.BindTextOrNull(8, result.credential_id);
      Status inserted = insert.Run();
      if (!inserted.ok()) {
        return inserted.error().WithContext("result " + std::to_string(result.position));
      }
    }
    PRAMAAN_RETURN_IF_ERROR(InsertEvent(event));
    return transaction.Commit();
  }

  Result<std::optional<BatchRow>> Batch(std::string_view id) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement select,
        connection_->Prepare("SELECT " + std::string(kBatchColumns) +
                             " FROM result_batches WHERE id = ?1"));
    select.BindText(1, id);
    PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) return std::optional<BatchRow>();
    PRAMAAN_ASSIGN_OR_RETURN(BatchRow batch, ReadBatch(select));
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement results,
        connection_->Prepare("SELECT " + std::string(kResultColumns) +
                             " FROM results WHERE batch_id = ?1 ORDER BY position"));
    results.BindText(1, id);
    PRAMAAN_ASSIGN_OR_RETURN(batch.results, ReadRows(results, [](const SqliteStatement& row) {
                               return ReadResult(row, 0);
                             }));
    return std::optional<BatchRow>(std::move(batch));
  }

  Status UpdateBatch(const BatchRow& batch, BatchState from,
                     const AwardingEvent& event) override {
    PRAMAAN_RETURN_IF_ERROR(CheckEvent(event));
    PRAMAAN_RETURN_IF_ERROR(CheckBatchStep(batch));
    std::lock_guard<std::mutex> lock(mutex_);
    SqliteConnection& db = *connection_;
    PRAMAAN_ASSIGN_OR_RETURN(SqliteTransaction transaction, SqliteTransaction::BeginImmediate(db));
    {
      PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement select,
                               db.Prepare("SELECT state FROM result_batches WHERE id = ?1"));
      select.BindText(1, batch.id);
      PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
      if (!has_row) return NoSuchBatch(batch.id);
      const std::string current = select.ColumnText(0);
      if (current != BatchStateName(from)) return BatchMovedOn(batch.id, current, from);
    }
    {
      PRAMAAN_ASSIGN_OR_RETURN(
          SqliteStatement update,
          db.Prepare("UPDATE result_batches SET state = ?2, reviewed_by = ?3, reviewed_at = ?4, "
                     "decided_by = ?5, decided_at = ?6, decision_reason = ?7, awarded_by = ?8, "
                     "awarded_at = ?9 WHERE id = ?1"));
      const std::string_view state = BatchStateName(batch.state);
      update.BindText(1, batch.id);
      update.BindText(2, state);
      update.BindTextOrNull(3, batch.reviewed_by);
      update.BindTextOrNull(4, batch.reviewed_at);
      update.BindTextOrNull(5, batch.decided_by);
      update.BindTextOrNull(6, batch.decided_at);
      update.BindTextOrNull(7, batch.decision_reason);
      update.BindTextOrNull(8, batch.awarded_by);
      update.BindTextOrNull(9, batch.awarded_at);
      PRAMAAN_RETURN_IF_ERROR(update.Run());
    }
    PRAMAAN_RETURN_IF_ERROR(InsertEvent(event));
    return transaction.Commit();
  }

  Status SetResultCredential(std::string_view batch_id, int64_t position,
                             std::string_view credential_id) override {
    PRAMAAN_RETURN_IF_ERROR(CheckResultCredential(batch_id, credential_id));
    std::lock_guard<std::mutex> lock(mutex_);
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement update,
        connection_->Prepare("UPDATE results SET credential_id = ?3 "
                             "WHERE batch_id = ?1 AND position = ?2"));
    update.BindText(1, batch_id);
    update.BindInt64(2, position);
    update.BindText(3, credential_id);
    return update.Run();
  }

  Result<std::vector<std::pair<std::string, ResultRow>>> ResultsForApaar(
      std::string_view apaar_id) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement select,
        connection_->Prepare(
            "SELECT r.batch_id, r.position, r.candidate_id, r.apaar_id, r.nqr_code, r.passed, "
            "r.result_json, r.credential_id FROM results r "
            "JOIN result_batches b ON b.id = r.batch_id "
            "WHERE r.apaar_id = ?1 AND b.state <> 'sent_back' "
            "ORDER BY b.submitted_at, r.batch_id, r.position"));
    select.BindText(1, apaar_id);
    return ReadRows(select, [](const SqliteStatement& row) {
      return std::make_pair(row.ColumnText(0), ReadResult(row, 1));
    });
  }

  Result<std::vector<AwardingEvent>> Events(std::string_view subject) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement select,
        connection_->Prepare("SELECT seq, subject, action, actor, at, reason, detail_json "
                             "FROM awarding_events WHERE ?1 = '' OR subject = ?1 ORDER BY seq"));
    select.BindText(1, subject);
    return ReadRows(select, [](const SqliteStatement& row) {
      return AwardingEvent{row.ColumnInt64(0), row.ColumnText(1), row.ColumnText(2),
                           row.ColumnText(3),  row.ColumnText(4), row.ColumnText(5),
                           row.ColumnText(6)};
    });
  }

 private:
  // Runs `sql` (?1 the digest, ?2 the time) on one session; kNotFound when there is none.
  Status UpdateSession(std::string_view sql, std::string_view digest, std::string_view at) {
    if (!IsStorableText(at)) return InvalidInput("the session holds text that cannot be stored");
    std::lock_guard<std::mutex> lock(mutex_);
    SqliteConnection& db = *connection_;
    PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement update, db.Prepare(sql));
    update.BindText(1, digest);
    update.BindText(2, at);
    PRAMAAN_RETURN_IF_ERROR(update.Run());
    PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement changes, db.Prepare("SELECT changes()"));
    PRAMAAN_ASSIGN_OR_RETURN(bool has_row, changes.Step());
    if (!has_row || changes.ColumnInt64(0) == 0) return NoSuchSession();
    return Status::Ok();
  }

  static void BindBatch(SqliteStatement& insert, const BatchRow& batch) {
    insert.BindText(1, batch.id);
    insert.BindText(2, batch.agency);
    insert.BindText(3, BatchStateName(batch.state));
    insert.BindText(4, batch.submitted_by);
    insert.BindText(5, batch.submitted_at);
    insert.BindTextOrNull(6, batch.reviewed_by);
    insert.BindTextOrNull(7, batch.reviewed_at);
    insert.BindTextOrNull(8, batch.decided_by);
    insert.BindTextOrNull(9, batch.decided_at);
    insert.BindTextOrNull(10, batch.decision_reason);
    insert.BindTextOrNull(11, batch.awarded_by);
    insert.BindTextOrNull(12, batch.awarded_at);
    insert.BindText(13, batch.refused_json);
  }

  Result<std::vector<BatchRow>> Batches(std::string_view agency) const override {
    if (!IsStorableText(agency)) return std::vector<BatchRow>();
    std::lock_guard<std::mutex> lock(mutex_);
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement select,
        connection_->Prepare("SELECT " + std::string(kBatchColumns) +
                             " FROM result_batches WHERE ?1 = '' OR agency = ?1 "
                             "ORDER BY submitted_at DESC, id DESC"));
    select.BindText(1, agency);
    std::vector<BatchRow> batches;
    for (;;) {
      PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
      if (!has_row) return batches;
      PRAMAAN_ASSIGN_OR_RETURN(BatchRow batch, ReadBatch(select));
      batches.push_back(std::move(batch));
    }
  }

  Status AppendEvent(const AwardingEvent& event) override {
    PRAMAAN_RETURN_IF_ERROR(CheckEvent(event));
    std::lock_guard<std::mutex> lock(mutex_);
    return InsertEvent(event);
  }

  // Inside the caller's transaction, under mutex_.
  Status InsertEvent(const AwardingEvent& event) {
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement insert,
        connection_->Prepare("INSERT INTO awarding_events "
                             "(subject, action, actor, at, reason, detail_json) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    insert.BindText(1, event.subject);
    insert.BindText(2, event.action);
    insert.BindText(3, event.actor);
    insert.BindText(4, event.at);
    insert.BindText(5, event.reason);
    insert.BindText(6, event.detail_json);
    return insert.Run();
  }

  mutable std::mutex mutex_;
  std::unique_ptr<SqliteConnection> connection_;
};

}  // namespace

Result<std::unique_ptr<AwardingStore>> OpenSqliteAwardingStore(const std::filesystem::path& path) {
  PRAMAAN_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> connection,
                           SqliteConnection::Open(path, SqliteConnection::Mode::kReadWrite));
  PRAMAAN_RETURN_IF_ERROR(CheckSqliteRegistryFile(*connection));
  // The same settings as the registry's writer (sqlite_registry.cc): WAL is stored in the file
  // by whichever connection migrates first.
  PRAMAAN_RETURN_IF_ERROR(connection->ExecScript(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"));
  Result<int> migrated = MigrateSqliteRegistry(*connection, RegistryMigrations());
  if (!migrated.ok()) return migrated.error();
  return std::unique_ptr<AwardingStore>(new SqliteAwardingStore(std::move(connection)));
}

}  // namespace pramaan::store
