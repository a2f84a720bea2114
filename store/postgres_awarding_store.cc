// The awarding store on PostgreSQL (store/awarding_store.h): one connection to the registry's
// database behind a mutex. Awarding is people acting, a few calls a minute, so a pool like the
// registry's would buy nothing; the connection is replaced when the server drops it, as the
// registry's pool replaces its own (see postgres_registry.h).
//
// The SQL is the SQLite store's in PostgreSQL's dialect ($1 for ?1), and every refusal that
// does not come from the database is the shared one of awarding_checks.h. A statement that
// fails inside a transaction aborts it; the error is returned at once and the transaction's
// destructor rolls it back, so what is refused changes nothing.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/awarding_checks.h"
#include "store/awarding_store.h"
#include "store/postgres_connection.h"
#include "store/postgres_migrations.h"
#include "store/registry_checks.h"

namespace pramaan::store {
namespace {

// Statement texts are the keys of the connection's prepared statements.
const std::string kSelectBatch =
    "SELECT " + std::string(kBatchColumns) + " FROM result_batches WHERE id = $1";
const std::string kSelectResults =
    "SELECT " + std::string(kResultColumns) + " FROM results WHERE batch_id = $1 ORDER BY position";
const std::string kInsertBatch =
    "INSERT INTO result_batches (" + std::string(kBatchColumns) +
    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
const std::string kInsertResult = "INSERT INTO results (batch_id, " + std::string(kResultColumns) +
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

AwardingUser ReadUser(const PostgresResult& rows, int row) {
  return AwardingUser{rows.Text(row, 0), SplitRoles(rows.Text(row, 1)), rows.Text(row, 2),
                      rows.Text(row, 3), rows.Text(row, 4)};
}

Result<CatalogueRow> ReadCatalogueRow(const PostgresResult& rows, int row) {
  PRAMAAN_ASSIGN_OR_RETURN(int64_t active, rows.Int64(row, 2));
  return CatalogueRow{rows.Text(row, 0), rows.Text(row, 1), active != 0, rows.Text(row, 3)};
}

Result<BatchRow> ReadBatch(const PostgresResult& rows, int row) {
  BatchRow batch;
  batch.id = rows.Text(row, 0);
  batch.agency = rows.Text(row, 1);
  const std::string state = rows.Text(row, 2);
  std::optional<BatchState> parsed = BatchStateFromName(state);
  if (!parsed) return Internal("batch " + batch.id + " has an unknown state " + Quoted(state));
  batch.state = *parsed;
  batch.submitted_by = rows.Text(row, 3);
  batch.submitted_at = rows.Text(row, 4);
  batch.reviewed_by = rows.Text(row, 5);
  batch.reviewed_at = rows.Text(row, 6);
  batch.decided_by = rows.Text(row, 7);
  batch.decided_at = rows.Text(row, 8);
  batch.decision_reason = rows.Text(row, 9);
  batch.awarded_by = rows.Text(row, 10);
  batch.awarded_at = rows.Text(row, 11);
  batch.refused_json = rows.Text(row, 12);
  return batch;
}

Result<ResultRow> ReadResult(const PostgresResult& rows, int row, int first) {
  ResultRow result;
  PRAMAAN_ASSIGN_OR_RETURN(result.position, rows.Int64(row, first));
  result.candidate_id = rows.Text(row, first + 1);
  result.apaar_id = rows.Text(row, first + 2);
  result.nqr_code = rows.Text(row, first + 3);
  PRAMAAN_ASSIGN_OR_RETURN(int64_t passed, rows.Int64(row, first + 4));
  result.passed = passed != 0;
  result.result_json = rows.Text(row, first + 5);
  result.credential_id = rows.Text(row, first + 6);
  return result;
}

// A result after its batch id (ResultsForApaar).
Result<std::pair<std::string, ResultRow>> ReadBatchIdAndResult(const PostgresResult& rows,
                                                               int row) {
  PRAMAAN_ASSIGN_OR_RETURN(ResultRow result, ReadResult(rows, row, 1));
  return std::make_pair(rows.Text(row, 0), std::move(result));
}

Result<AwardingEvent> ReadEvent(const PostgresResult& rows, int row) {
  AwardingEvent event;
  PRAMAAN_ASSIGN_OR_RETURN(event.seq, rows.Int64(row, 0));
  event.subject = rows.Text(row, 1);
  event.action = rows.Text(row, 2);
  event.actor = rows.Text(row, 3);
  event.at = rows.Text(row, 4);
  event.reason = rows.Text(row, 5);
  event.detail_json = rows.Text(row, 6);
  return event;
}

// Every row of `rows`, each read by `read` (which returns a T or a Result<T>).
template <typename T, typename Read>
Result<std::vector<T>> ReadRows(const PostgresResult& rows, Read read) {
  std::vector<T> read_rows;
  read_rows.reserve(static_cast<size_t>(rows.rows()));
  for (int row = 0; row < rows.rows(); ++row) {
    Result<T> one = read(rows, row);
    if (!one.ok()) return one.error();
    read_rows.push_back(std::move(one).value());
  }
  return read_rows;
}

// Inside the caller's transaction.
Status InsertEvent(PostgresConnection& connection, const AwardingEvent& event) {
  PRAMAAN_RETURN_IF_ERROR(connection.Execute(
      "INSERT INTO awarding_events (subject, action, actor, at, reason, detail_json) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      PostgresParams()
          .Text(event.subject)
          .Text(event.action)
          .Text(event.actor)
          .Text(event.at)
          .Text(event.reason)
          .Text(event.detail_json)));
  return Status::Ok();
}

class PostgresAwardingStore final : public AwardingStore {
 public:
  PostgresAwardingStore(PostgresTarget target, std::unique_ptr<PostgresConnection> connection)
      : target_(std::move(target)), connection_(std::move(connection)) {}

  Status InsertUser(const AwardingUser& user, std::string_view token_digest,
                    const AwardingEvent& event, bool first) override {
    PRAMAAN_RETURN_IF_ERROR(CheckEvent(event));
    PRAMAAN_RETURN_IF_ERROR(CheckUser(user, token_digest));
    return Write(event, [&](PostgresConnection& connection) -> Status {
      if (first) {
        // The table lock makes concurrent first users (other servers) wait for this one, and
        // then see it; it conflicts with itself, not with readers.
        auto locked = connection.Execute("LOCK TABLE awarding_users IN SHARE ROW EXCLUSIVE MODE");
        if (!locked.ok()) return locked.error();
        PRAMAAN_ASSIGN_OR_RETURN(PostgresResult count,
                                 connection.Execute("SELECT count(*) FROM awarding_users"));
        if (count.Text(0, 0) != "0") return NotTheFirstUser();
      }
      auto inserted = connection.Execute(
          "INSERT INTO awarding_users (name, roles, token_digest, created_at, agency) "
          "VALUES ($1, $2, $3, $4, $5)",
          PostgresParams()
              .Text(user.name)
              .Text(JoinRoles(user.roles))
              .Text(token_digest)
              .Text(user.created_at)
              .TextOrNull(user.agency));
      if (inserted.ok()) return Status::Ok();
      // kInvalidInput from the connection means a constraint failed (SQLSTATE class 23).
      if (inserted.error().code() == ErrorCode::kInvalidInput) return UserTaken(user);
      return inserted.error();
    });
  }

  Result<std::optional<AwardingUser>> UserByTokenDigest(
      std::string_view token_digest) const override {
    using Found = std::optional<AwardingUser>;
    // Only storable text is stored, so other keys match nothing (and could not be sent).
    if (!IsStorableText(token_digest)) return Found();
    return Read<Found>([&](PostgresConnection& connection) -> Result<Found> {
      PRAMAAN_ASSIGN_OR_RETURN(
          PostgresResult rows,
          connection.Execute(
              "SELECT name, roles, created_at, coalesce(agency, ''), coalesce(disabled_at, '') "
              "FROM awarding_users "
              "WHERE token_digest = $1",
              PostgresParams().Text(token_digest)));
      if (rows.rows() == 0) return Found();
      return Found(ReadUser(rows, 0));
    });
  }

  Result<std::vector<AwardingUser>> Users() const override {
    using Rows = std::vector<AwardingUser>;
    return Read<Rows>([&](PostgresConnection& connection) -> Result<Rows> {
      PRAMAAN_ASSIGN_OR_RETURN(
          PostgresResult rows,
          connection.Execute("SELECT name, roles, created_at, coalesce(agency, ''), "
                             "coalesce(disabled_at, '') FROM awarding_users ORDER BY name"));
      return ReadRows<AwardingUser>(rows, ReadUser);
    });
  }

  Status CreateSession(std::string_view digest, const ConsoleSession& session) override {
    PRAMAAN_RETURN_IF_ERROR(CheckSession(digest, session));
    std::lock_guard<std::mutex> lock(mutex_);
    PRAMAAN_ASSIGN_OR_RETURN(PostgresConnection * connection, Connection());
    auto inserted = connection->Execute(
        "INSERT INTO console_sessions (digest, user_name, created_at, last_seen_at, ended_at) "
        "VALUES ($1, $2, $3, $4, $5)",
        PostgresParams()
            .Text(digest)
            .Text(session.user)
            .Text(session.created_at)
            .Text(session.last_seen_at)
            .TextOrNull(session.ended_at));
    if (!inserted.ok()) return inserted.error();
    return Status::Ok();
  }

  Result<std::optional<ConsoleSession>> Session(std::string_view digest) const override {
    using Found = std::optional<ConsoleSession>;
    if (!IsStorableText(digest)) return Found();
    return Read<Found>([&](PostgresConnection& connection) -> Result<Found> {
      PRAMAAN_ASSIGN_OR_RETURN(
          PostgresResult rows,
          connection.Execute("SELECT user_name, created_at, last_seen_at, "
                             "coalesce(ended_at, '') FROM console_sessions WHERE digest = $1",
                             PostgresParams().Text(digest)));
      if (rows.rows() == 0) return Found();
      return Found(ConsoleSession{rows.Text(0, 0), rows.Text(0, 1), rows.Text(0, 2),
                                  rows.Text(0, 3)});
    });
  }

  Status TouchSession(std::string_view digest, std::string_view at) override {
    return UpdateSession("UPDATE console_sessions SET last_seen_at = $2 WHERE digest = $1 "
                         "RETURNING digest",
                         digest, at);
  }

  Status EndSession(std::string_view digest, std::string_view at) override {
    return UpdateSession("UPDATE console_sessions SET ended_at = coalesce(ended_at, $2) "
                         "WHERE digest = $1 RETURNING digest",
                         digest, at);
  }

  Status UpdateUser(std::string_view name, const UserChange& change,
                    const AwardingEvent& event) override {
    PRAMAAN_RETURN_IF_ERROR(CheckEvent(event));
    PRAMAAN_RETURN_IF_ERROR(CheckUserChange(change));
    if (!IsStorableText(name)) return NoSuchUser(name);
    return Write(event, [&](PostgresConnection& connection) -> Status {
      PRAMAAN_ASSIGN_OR_RETURN(
          PostgresResult rows,
          connection.Execute("UPDATE awarding_users SET disabled_at = coalesce($2, disabled_at), "
                             "token_digest = coalesce($3, token_digest) WHERE name = $1 "
                             "RETURNING name",
                             PostgresParams()
                                 .Text(name)
                                 .TextOrNull(change.disabled_at)
                                 .TextOrNull(change.token_digest)));
      if (rows.rows() == 0) return NoSuchUser(name);
      PRAMAAN_RETURN_IF_ERROR(connection.Execute(
          "UPDATE console_sessions SET ended_at = $2 WHERE user_name = $1 AND ended_at IS NULL",
          PostgresParams().Text(name).Text(event.at)));
      return Status::Ok();
    });
  }

  Status PutQualification(const CatalogueRow& row, const AwardingEvent& event) override {
    PRAMAAN_RETURN_IF_ERROR(CheckEvent(event));
    PRAMAAN_RETURN_IF_ERROR(CheckQualification(row));
    return Write(event, [&](PostgresConnection& connection) -> Status {
      PRAMAAN_RETURN_IF_ERROR(connection.Execute(
          "INSERT INTO qualifications (nqr_code, definition_json, active, updated_at) "
          "VALUES ($1, $2, $3, $4) ON CONFLICT (nqr_code) DO UPDATE SET "
          "definition_json = excluded.definition_json, active = excluded.active, "
          "updated_at = excluded.updated_at",
          PostgresParams()
              .Text(row.nqr_code)
              .Text(row.definition_json)
              .Int64(row.active ? 1 : 0)
              .Text(row.updated_at)));
      return Status::Ok();
    });
  }

  Result<std::optional<CatalogueRow>> Qualification(std::string_view nqr_code) const override {
    using Found = std::optional<CatalogueRow>;
    if (!IsStorableText(nqr_code)) return Found();
    return Read<Found>([&](PostgresConnection& connection) -> Result<Found> {
      PRAMAAN_ASSIGN_OR_RETURN(
          PostgresResult rows,
          connection.Execute("SELECT nqr_code, definition_json, active, updated_at "
                             "FROM qualifications WHERE nqr_code = $1",
                             PostgresParams().Text(nqr_code)));
      if (rows.rows() == 0) return Found();
      PRAMAAN_ASSIGN_OR_RETURN(CatalogueRow row, ReadCatalogueRow(rows, 0));
      return Found(std::move(row));
    });
  }

  Result<std::vector<CatalogueRow>> Qualifications() const override {
    using Rows = std::vector<CatalogueRow>;
    return Read<Rows>([&](PostgresConnection& connection) -> Result<Rows> {
      PRAMAAN_ASSIGN_OR_RETURN(
          PostgresResult rows,
          connection.Execute("SELECT nqr_code, definition_json, active, updated_at "
                             "FROM qualifications ORDER BY nqr_code"));
      return ReadRows<CatalogueRow>(rows, ReadCatalogueRow);
    });
  }

  Status CreateBatch(const BatchRow& batch, const AwardingEvent& event) override {
    PRAMAAN_RETURN_IF_ERROR(CheckEvent(event));
    PRAMAAN_RETURN_IF_ERROR(CheckNewBatch(batch));
    return Write(event, [&](PostgresConnection& connection) -> Status {
      auto inserted = connection.Execute(kInsertBatch, BatchParams(batch));
      if (!inserted.ok()) {
        if (inserted.error().code() == ErrorCode::kInvalidInput) return BatchTaken(batch.id);
        return inserted.error();
      }
      for (const ResultRow& result : batch.results) {
        auto stored = connection.Execute(kInsertResult, PostgresParams()
                                                            .Text(batch.id)
                                                            .Int64(result.position)
                                                            .Text(result.candidate_id)
                                                            .Text(result.apaar_id)
                                                            .Text(result.nqr_code)
                                                            .Int64(result.passed ? 1 : 0)
                                                            .Text(result.result_json)
                                                            .TextOrNull(result.credential_id));
        if (!stored.ok()) {
          return stored.error().WithContext("result " + std::to_string(result.position));
        }
      }
      return Status::Ok();
    });
  }

  Result<std::optional<BatchRow>> Batch(std::string_view id) const override {
    using Found = std::optional<BatchRow>;
    if (!IsStorableText(id)) return Found();
    return Read<Found>([&](PostgresConnection& connection) -> Result<Found> {
      PRAMAAN_ASSIGN_OR_RETURN(PostgresResult rows,
                               connection.Execute(kSelectBatch, PostgresParams().Text(id)));
      if (rows.rows() == 0) return Found();
      PRAMAAN_ASSIGN_OR_RETURN(BatchRow batch, ReadBatch(rows, 0));
      PRAMAAN_ASSIGN_OR_RETURN(PostgresResult results,
                               connection.Execute(kSelectResults, PostgresParams().Text(id)));
      PRAMAAN_ASSIGN_OR_RETURN(batch.results,
                               ReadRows<ResultRow>(results, [](const PostgresResult& r, int row) {
                                 return ReadResult(r, row, 0);
                               }));
      return Found(std::move(batch));
    });
  }

  Status UpdateBatch(const BatchRow& batch, BatchState from, const AwardingEvent& event) override {
    PRAMAAN_RETURN_IF_ERROR(CheckEvent(event));
    PRAMAAN_RETURN_IF_ERROR(CheckBatchStep(batch));
    if (!IsStorableText(batch.id)) return NoSuchBatch(batch.id);
    return Write(event, [&](PostgresConnection& connection) -> Status {
      // The row stays locked until the commit: a step taken at the same time by another
      // process waits here, then reads the state this one wrote.
      PRAMAAN_ASSIGN_OR_RETURN(
          PostgresResult rows,
          connection.Execute("SELECT state FROM result_batches WHERE id = $1 FOR UPDATE",
                             PostgresParams().Text(batch.id)));
      if (rows.rows() == 0) return NoSuchBatch(batch.id);
      const std::string current = rows.Text(0, 0);
      if (current != BatchStateName(from)) return BatchMovedOn(batch.id, current, from);
      PRAMAAN_RETURN_IF_ERROR(connection.Execute(
          "UPDATE result_batches SET state = $2, reviewed_by = $3, reviewed_at = $4, "
          "decided_by = $5, decided_at = $6, decision_reason = $7, awarded_by = $8, "
          "awarded_at = $9 WHERE id = $1",
          PostgresParams()
              .Text(batch.id)
              .Text(BatchStateName(batch.state))
              .TextOrNull(batch.reviewed_by)
              .TextOrNull(batch.reviewed_at)
              .TextOrNull(batch.decided_by)
              .TextOrNull(batch.decided_at)
              .TextOrNull(batch.decision_reason)
              .TextOrNull(batch.awarded_by)
              .TextOrNull(batch.awarded_at)));
      return Status::Ok();
    });
  }

  Status SetResultCredential(std::string_view batch_id, int64_t position,
                             std::string_view credential_id) override {
    PRAMAAN_RETURN_IF_ERROR(CheckResultCredential(batch_id, credential_id));
    std::lock_guard<std::mutex> lock(mutex_);
    PRAMAAN_ASSIGN_OR_RETURN(PostgresConnection * connection, Connection());
    PRAMAAN_RETURN_IF_ERROR(connection->Execute(
        "UPDATE results SET credential_id = $3 WHERE batch_id = $1 AND position = $2",
        PostgresParams().Text(batch_id).Int64(position).Text(credential_id)));
    return Status::Ok();
  }

  Result<std::vector<std::pair<std::string, ResultRow>>> ResultsForApaar(
      std::string_view apaar_id) const override {
    using Found = std::vector<std::pair<std::string, ResultRow>>;
    if (!IsStorableText(apaar_id)) return Found();
    return Read<Found>([&](PostgresConnection& connection) -> Result<Found> {
      PRAMAAN_ASSIGN_OR_RETURN(
          PostgresResult rows,
          connection.Execute(
              "SELECT r.batch_id, r.position, r.candidate_id, r.apaar_id, r.nqr_code, r.passed, "
              "r.result_json, r.credential_id FROM results r "
              "JOIN result_batches b ON b.id = r.batch_id "
              "WHERE r.apaar_id = $1 AND b.state <> 'sent_back' "
              "ORDER BY b.submitted_at, r.batch_id, r.position",
              PostgresParams().Text(apaar_id)));
      return ReadRows<std::pair<std::string, ResultRow>>(rows, ReadBatchIdAndResult);
    });
  }

  Result<std::vector<BatchRow>> Batches(std::string_view agency) const override {
    using Rows = std::vector<BatchRow>;
    if (!IsStorableText(agency)) return Rows();
    return Read<Rows>([&](PostgresConnection& connection) -> Result<Rows> {
      PRAMAAN_ASSIGN_OR_RETURN(
          PostgresResult rows,
          connection.Execute("SELECT " + std::string(kBatchColumns) +
                                 " FROM result_batches WHERE $1::text = '' OR agency = $1::text "
                                 "ORDER BY submitted_at DESC, id DESC",
                             PostgresParams().Text(agency)));
      return ReadRows<BatchRow>(rows, ReadBatch);
    });
  }

  Status AppendEvent(const AwardingEvent& event) override {
    PRAMAAN_RETURN_IF_ERROR(CheckEvent(event));
    return Write(event, [](PostgresConnection&) { return Status::Ok(); });
  }

  Result<std::vector<AwardingEvent>> Events(std::string_view subject) const override {
    using Log = std::vector<AwardingEvent>;
    if (!IsStorableText(subject)) return Log();
    return Read<Log>([&](PostgresConnection& connection) -> Result<Log> {
      // $1 is typed: compared only with a literal, the server could not infer its type.
      PRAMAAN_ASSIGN_OR_RETURN(
          PostgresResult rows,
          connection.Execute("SELECT seq, subject, action, actor, at, reason, detail_json "
                             "FROM awarding_events WHERE $1::text = '' OR subject = $1::text "
                             "ORDER BY seq",
                             PostgresParams().Text(subject)));
      return ReadRows<AwardingEvent>(rows, ReadEvent);
    });
  }

 private:
  static PostgresParams BatchParams(const BatchRow& batch) {
    return PostgresParams()
        .Text(batch.id)
        .Text(batch.agency)
        .Text(BatchStateName(batch.state))
        .Text(batch.submitted_by)
        .Text(batch.submitted_at)
        .TextOrNull(batch.reviewed_by)
        .TextOrNull(batch.reviewed_at)
        .TextOrNull(batch.decided_by)
        .TextOrNull(batch.decided_at)
        .TextOrNull(batch.decision_reason)
        .TextOrNull(batch.awarded_by)
        .TextOrNull(batch.awarded_at)
        .Text(batch.refused_json);
  }

  // The connection, opened anew when the last one was lost (the server restarted or dropped
  // it) or was left in a transaction (a ROLLBACK failed): closing such a one ends the
  // transaction on the server. Under mutex_.
  Result<PostgresConnection*> Connection() const {
    if (connection_ != nullptr && !connection_->is_broken() && connection_->is_idle()) {
      return connection_.get();
    }
    connection_.reset();
    PRAMAAN_ASSIGN_OR_RETURN(connection_, PostgresConnection::Open(target_));
    return connection_.get();
  }

  // Runs `read` under mutex_, and once more on a new connection if the connection turned out
  // to be lost: a read changes nothing, so running it again is safe.
  template <typename T>
  Result<T> Read(const std::function<Result<T>(PostgresConnection&)>& read) const {
    std::lock_guard<std::mutex> lock(mutex_);
    for (int attempt = 1;; ++attempt) {
      PRAMAAN_ASSIGN_OR_RETURN(PostgresConnection * connection, Connection());
      Result<T> result = read(*connection);
      if (result.ok() || attempt == 2 || !connection->is_broken()) return result;
    }
  }

  // Runs `write` and appends `event` in one transaction under mutex_. Not retried: a write on a
  // lost connection may have committed, so it fails with kInternal and the caller decides.
  // Runs `sql` ($1 the digest, $2 the time, RETURNING a row) on one session; kNotFound when
  // there is none.
  Status UpdateSession(const char* sql, std::string_view digest, std::string_view at) {
    if (!IsStorableText(at)) return InvalidInput("the session holds text that cannot be stored");
    if (!IsStorableText(digest)) return NoSuchSession();
    std::lock_guard<std::mutex> lock(mutex_);
    PRAMAAN_ASSIGN_OR_RETURN(PostgresConnection * connection, Connection());
    PRAMAAN_ASSIGN_OR_RETURN(PostgresResult rows,
                             connection->Execute(sql, PostgresParams().Text(digest).Text(at)));
    if (rows.rows() == 0) return NoSuchSession();
    return Status::Ok();
  }

  Status Write(const AwardingEvent& event,
               const std::function<Status(PostgresConnection&)>& write) {
    std::lock_guard<std::mutex> lock(mutex_);
    PRAMAAN_ASSIGN_OR_RETURN(PostgresConnection * connection, Connection());
    PRAMAAN_ASSIGN_OR_RETURN(PostgresTransaction transaction,
                             PostgresTransaction::Begin(*connection));
    PRAMAAN_RETURN_IF_ERROR(write(*connection));
    PRAMAAN_RETURN_IF_ERROR(InsertEvent(*connection, event));
    return transaction.Commit();
  }

  const PostgresTarget target_;
  mutable std::mutex mutex_;
  mutable std::unique_ptr<PostgresConnection> connection_;  // by mutex_; null after a failed reopen
};

}  // namespace

Result<std::unique_ptr<AwardingStore>> OpenPostgresAwardingStore(std::string_view url) {
  // As PostgresRegistry::Open: the first connection migrates (a server that cannot be reached
  // fails here, not at the first call), then serves the store.
  PRAMAAN_ASSIGN_OR_RETURN(PostgresTarget target, PostgresTarget::Parse(url));
  PRAMAAN_ASSIGN_OR_RETURN(std::unique_ptr<PostgresConnection> connection,
                           PostgresConnection::Open(target));
  Result<int> migrated = MigratePostgresRegistry(*connection, PostgresRegistryMigrations());
  if (!migrated.ok()) return migrated.error();
  return std::unique_ptr<AwardingStore>(
      new PostgresAwardingStore(std::move(target), std::move(connection)));
}

}  // namespace pramaan::store
