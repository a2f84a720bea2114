#include "store/postgres_registry.h"

#include <utility>

#include "core/encoding/hex.h"
#include "store/registry_checks.h"

namespace pramaan::store {
namespace {

constexpr std::string_view kColumns =
    "id, source_record_id, credential_json, issued_at, superseded_by, revocation_index, "
    "suspension_index, source_digest";

// Statement texts are the keys of each connection's prepared statements.
const std::string kSelectById =
    "SELECT " + std::string(kColumns) + " FROM credentials WHERE id = $1";
const std::string kSelectBySourceRecord =
    "SELECT " + std::string(kColumns) + " FROM credentials WHERE source_record_id = $1";
const std::string kInsert =
    "INSERT INTO credentials (" + std::string(kColumns) + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

// kInsert's parameters for `credential`.
PostgresParams InsertParams(const StoredCredential& credential) {
  return PostgresParams()
      .Text(credential.id)
      .Text(credential.source_record_id)
      .Text(credential.credential_json)
      .Text(credential.issued_at)
      .TextOrNull(credential.superseded_by)
      .OptionalInt64(credential.revocation_index)
      .OptionalInt64(credential.suspension_index)
      .TextOrNull(credential.source_digest);
}

Result<StoredCredential> ReadCredential(const PostgresResult& rows, int row) {
  StoredCredential credential;
  credential.id = rows.Text(row, 0);
  credential.source_record_id = rows.Text(row, 1);
  credential.credential_json = rows.Text(row, 2);
  credential.issued_at = rows.Text(row, 3);
  credential.superseded_by = rows.Text(row, 4);
  PRAMAAN_ASSIGN_OR_RETURN(credential.revocation_index, rows.OptionalInt64(row, 5));
  PRAMAAN_ASSIGN_OR_RETURN(credential.suspension_index, rows.OptionalInt64(row, 6));
  credential.source_digest = rows.Text(row, 7);
  return credential;
}

// The first column of the row `sql` selects by $1, or nullopt.
Result<std::optional<std::string>> QueryText(PostgresConnection& connection, std::string_view sql,
                                             const PostgresParams& params) {
  PRAMAAN_ASSIGN_OR_RETURN(PostgresResult rows, connection.Execute(sql, params));
  if (rows.rows() == 0) return std::optional<std::string>();
  return std::optional<std::string>(rows.Text(0, 0));
}

// After an INSERT failed a constraint: which one, in words (see ExplainPutConflict). The
// failed INSERT ran on its own (autocommit), so the connection is not in a failed transaction.
Error ExplainConflict(PostgresConnection& connection, const StoredCredential& credential,
                      const Error& fallback) {
  PutConflictLookups lookups;
  lookups.source_record_of = [&](std::string_view id) {
    return QueryText(connection, "SELECT source_record_id FROM credentials WHERE id = $1",
                     PostgresParams().Text(id));
  };
  lookups.id_for_source_record = [&](std::string_view source_record_id) {
    return QueryText(connection, "SELECT id FROM credentials WHERE source_record_id = $1",
                     PostgresParams().Text(source_record_id));
  };
  lookups.id_with_revocation_index = [&](int64_t index) {
    return QueryText(connection, "SELECT id FROM credentials WHERE revocation_index = $1",
                     PostgresParams().Int64(index));
  };
  lookups.id_with_suspension_index = [&](int64_t index) {
    return QueryText(connection, "SELECT id FROM credentials WHERE suspension_index = $1",
                     PostgresParams().Int64(index));
  };
  return ExplainPutConflict(credential, fallback, lookups);
}

}  // namespace

// A connection taken from the pool, given back when the lease ends.
class PostgresRegistry::Lease {
 public:
  Lease(const PostgresRegistry* registry, std::unique_ptr<PostgresConnection> connection)
      : registry_(registry), connection_(std::move(connection)) {}
  Lease(Lease&&) noexcept = default;
  Lease& operator=(Lease&&) = delete;
  ~Lease() {
    if (connection_ != nullptr) registry_->ReturnConnection(std::move(connection_));
  }

  PostgresConnection& connection() { return *connection_; }

 private:
  const PostgresRegistry* registry_;
  std::unique_ptr<PostgresConnection> connection_;
};

Result<std::unique_ptr<Registry>> OpenPostgresRegistry(std::string_view url) {
  PRAMAAN_ASSIGN_OR_RETURN(std::unique_ptr<PostgresRegistry> registry, PostgresRegistry::Open(url));
  return std::unique_ptr<Registry>(std::move(registry));
}

Result<std::unique_ptr<PostgresRegistry>> PostgresRegistry::Open(std::string_view url) {
  return Open(url, PostgresRegistryOptions());
}

Result<std::unique_ptr<PostgresRegistry>> PostgresRegistry::Open(
    std::string_view url, const PostgresRegistryOptions& options) {
  PRAMAAN_ASSIGN_OR_RETURN(PostgresTarget target, PostgresTarget::Parse(url));
  if (options.max_connections == 0) {
    return InvalidInput(target.description() + ": max_connections must be at least 1");
  }
  // The first connection migrates (a server that cannot be reached fails here, not at the
  // first Get), then becomes the pool's first idle connection.
  PRAMAAN_ASSIGN_OR_RETURN(std::unique_ptr<PostgresConnection> first,
                           PostgresConnection::Open(target));
  PRAMAAN_ASSIGN_OR_RETURN(int version, MigratePostgresRegistry(*first, options.migrations));
  return std::unique_ptr<PostgresRegistry>(
      new PostgresRegistry(std::move(target), options, version, std::move(first)));
}

PostgresRegistry::PostgresRegistry(PostgresTarget target, const PostgresRegistryOptions& options,
                                   int schema_version, std::unique_ptr<PostgresConnection> first)
    : target_(std::move(target)),
      max_connections_(options.max_connections),
      connection_wait_(options.connection_wait),
      schema_version_(schema_version) {
  idle_.push_back(std::move(first));
  open_ = 1;
}

PostgresRegistry::~PostgresRegistry() = default;

size_t PostgresRegistry::open_connections() const {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  return open_;
}

Result<PostgresRegistry::Lease> PostgresRegistry::LeaseConnection() const {
  {
    std::unique_lock<std::mutex> lock(pool_mutex_);
    bool available = connection_returned_.wait_for(
        lock, connection_wait_, [&] { return !idle_.empty() || open_ < max_connections_; });
    if (!available) {
      return Internal(target_.description() + ": all " + std::to_string(max_connections_) +
                      " connections stayed in use for " + std::to_string(connection_wait_.count()) +
                      " ms");
    }
    if (!idle_.empty()) {
      std::unique_ptr<PostgresConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(connection));
    }
    ++open_;  // the slot is taken now; connecting happens outside the lock
  }
  auto opened = PostgresConnection::Open(target_);
  if (!opened.ok()) {
    {
      std::lock_guard<std::mutex> lock(pool_mutex_);
      --open_;
    }
    connection_returned_.notify_one();
    return opened.error();
  }
  return Lease(this, std::move(opened).value());
}

void PostgresRegistry::ReturnConnection(std::unique_ptr<PostgresConnection> connection) const {
  // Connections to close are closed after the mutex is released (closing talks to the server).
  std::vector<std::unique_ptr<PostgresConnection>> closing;
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (connection->is_broken()) {
      // The server dropped it; if it restarted, the idle connections are lost too, and finding
      // that out one failed call at a time would cost a retry each.
      closing = std::move(idle_);
      idle_.clear();
      closing.push_back(std::move(connection));
    } else if (!connection->is_idle()) {
      // Still in a transaction (a ROLLBACK failed): closing it ends the transaction.
      closing.push_back(std::move(connection));
    } else {
      idle_.push_back(std::move(connection));
    }
    open_ -= closing.size();
  }
  connection_returned_.notify_all();
}

template <typename T>
Result<T> PostgresRegistry::Read(const std::function<Result<T>(PostgresConnection&)>& read) const {
  for (int attempt = 1;; ++attempt) {
    PRAMAAN_ASSIGN_OR_RETURN(Lease lease, LeaseConnection());
    Result<T> result = read(lease.connection());
    if (result.ok() || attempt == 2 || !lease.connection().is_broken()) return result;
    // The lease ends here and closes the lost connection (and the idle ones): the retry
    // connects anew.
  }
}

Result<std::optional<StoredCredential>> PostgresRegistry::GetOne(std::string_view sql,
                                                                 std::string_view key) const {
  using Found = std::optional<StoredCredential>;
  // Put stores only storable text, so other keys match nothing (and could not be sent).
  if (!IsStorableText(key)) return Found();
  return Read<Found>([&](PostgresConnection& connection) -> Result<Found> {
    PRAMAAN_ASSIGN_OR_RETURN(PostgresResult rows,
                             connection.Execute(sql, PostgresParams().Text(key)));
    if (rows.rows() == 0) return Found();
    PRAMAAN_ASSIGN_OR_RETURN(StoredCredential credential, ReadCredential(rows, 0));
    return Found(std::move(credential));
  });
}

Result<std::optional<StoredCredential>> PostgresRegistry::Get(std::string_view id) const {
  return GetOne(kSelectById, id);
}

Result<std::optional<std::string>> PostgresRegistry::SupersededBy(std::string_view id) const {
  using Found = std::optional<std::string>;
  if (!IsStorableText(id)) return Found();
  return Read<Found>([&](PostgresConnection& connection) -> Result<Found> {
    return QueryText(connection, "SELECT superseded_by FROM credentials WHERE id = $1",
                     PostgresParams().Text(id));
  });
}

Result<std::optional<StoredCredential>> PostgresRegistry::GetBySourceRecord(
    std::string_view source_record_id) const {
  return GetOne(kSelectBySourceRecord, source_record_id);
}

Result<int64_t> PostgresRegistry::Count() const {
  return Read<int64_t>([&](PostgresConnection& connection) -> Result<int64_t> {
    PRAMAAN_ASSIGN_OR_RETURN(PostgresResult rows,
                             connection.Execute("SELECT count(*) FROM credentials"));
    if (rows.rows() != 1) return Internal(description() + ": count(*) returned no row");
    return rows.Int64(0, 0);
  });
}

Result<int64_t> PostgresRegistry::SupersededCount() const {
  return Read<int64_t>([&](PostgresConnection& connection) -> Result<int64_t> {
    PRAMAAN_ASSIGN_OR_RETURN(
        PostgresResult rows,
        connection.Execute("SELECT count(*) FROM credentials WHERE superseded_by IS NOT NULL"));
    if (rows.rows() != 1) return Internal(description() + ": count(*) returned no row");
    return rows.Int64(0, 0);
  });
}

Result<std::vector<std::pair<std::string, std::string>>> PostgresRegistry::Supersessions(
    int64_t limit) const {
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  return Read<Pairs>([&](PostgresConnection& connection) -> Result<Pairs> {
    PRAMAAN_ASSIGN_OR_RETURN(
        PostgresResult rows,
        connection.Execute("SELECT id, superseded_by FROM credentials "
                           "WHERE superseded_by IS NOT NULL LIMIT $1",
                           PostgresParams().Int64(limit)));
    Pairs pairs;
    for (int row = 0; row < rows.rows(); ++row) {
      pairs.emplace_back(rows.Text(row, 0), rows.Text(row, 1));
    }
    return pairs;
  });
}

Status PostgresRegistry::Put(const StoredCredential& credential) {
  PRAMAAN_RETURN_IF_ERROR(ValidateForPut(credential));
  PRAMAAN_ASSIGN_OR_RETURN(Lease lease, LeaseConnection());
  PostgresConnection& connection = lease.connection();
  // One statement outside a transaction block: it is its own transaction, so a failed
  // constraint leaves nothing behind.
  auto inserted = connection.Execute(kInsert, InsertParams(credential));
  if (inserted.ok()) return Status::Ok();
  // kInvalidInput from the connection means a constraint failed (SQLSTATE class 23).
  if (inserted.error().code() != ErrorCode::kInvalidInput) return inserted.error();
  return ExplainConflict(connection, credential, inserted.error());
}

namespace {

constexpr std::string_view kInsertIssuanceEvent =
    "INSERT INTO issuance_events (credential_id, source_record_id, action, key_id, actor, at, "
    "detail) VALUES ($1, $2, $3, $4, $5, $6, $7)";

PostgresParams IssuanceEventParams(const IssuanceEvent& event) {
  return PostgresParams()
      .Text(event.credential_id)
      .Text(event.source_record_id)
      .Text(IssuanceActionName(event.action))
      .Text(event.key_id)
      .Text(event.actor)
      .Text(event.at)
      .Text(event.detail);
}

}  // namespace

Result<std::vector<Status>> PostgresRegistry::PutMany(
    const std::vector<StoredCredential>& credentials) {
  return PutGroup(credentials, nullptr);
}

Result<std::vector<Status>> PostgresRegistry::PutIssued(
    const std::vector<StoredCredential>& credentials, const std::vector<IssuanceEvent>& issued) {
  if (issued.size() != credentials.size()) {
    return Internal("PutIssued needs one issuance event per credential");
  }
  return PutGroup(credentials, &issued);
}

Result<std::vector<Status>> PostgresRegistry::PutGroup(
    const std::vector<StoredCredential>& credentials, const std::vector<IssuanceEvent>* events) {
  std::vector<Status> outcomes = ValidateGroupForPut(credentials, events);
  PRAMAAN_ASSIGN_OR_RETURN(Lease lease, LeaseConnection());
  PostgresConnection& connection = lease.connection();
  {
    PRAMAAN_ASSIGN_OR_RETURN(PostgresTransaction transaction,
                             PostgresTransaction::Begin(connection));
    // A taken id, source record or position skips the row ("INSERT 0 0") without aborting the
    // transaction, and only a stored row gets its event; any other refusal aborts it, and the
    // group is then put one credential (with its event) per transaction.
    static const std::string kInsertOrSkip = kInsert + " ON CONFLICT DO NOTHING";
    std::vector<size_t> skipped;
    bool fall_back = false;
    for (size_t i = 0; i < credentials.size() && !fall_back; ++i) {
      if (!outcomes[i].ok()) continue;
      auto inserted = connection.Execute(kInsertOrSkip, InsertParams(credentials[i]));
      if (!inserted.ok()) {
        if (inserted.error().code() != ErrorCode::kInvalidInput) return inserted.error();
        fall_back = true;
      } else if (inserted->CommandStatus() == "INSERT 0 0") {
        skipped.push_back(i);
      } else if (events != nullptr) {
        PRAMAAN_RETURN_IF_ERROR(
            connection.Execute(kInsertIssuanceEvent, IssuanceEventParams((*events)[i])));
      }
    }
    if (!fall_back) {
      for (size_t i : skipped) {
        outcomes[i] = ExplainConflict(connection, credentials[i],
                                      InvalidInput("credential " + credentials[i].id +
                                                   " conflicts with one already stored"));
      }
      PRAMAAN_RETURN_IF_ERROR(transaction.Commit());
      return outcomes;
    }
  }  // the transaction rolls back
  for (size_t i = 0; i < credentials.size(); ++i) {
    if (!outcomes[i].ok()) continue;  // refused before any statement
    Status stored = [&]() -> Status {
      PRAMAAN_ASSIGN_OR_RETURN(PostgresTransaction one, PostgresTransaction::Begin(connection));
      auto inserted = connection.Execute(kInsert, InsertParams(credentials[i]));
      if (!inserted.ok()) return inserted.error();
      if (events != nullptr) {
        PRAMAAN_RETURN_IF_ERROR(
            connection.Execute(kInsertIssuanceEvent, IssuanceEventParams((*events)[i])));
      }
      return one.Commit();
    }();
    if (stored.ok()) continue;
    if (stored.error().code() != ErrorCode::kInvalidInput) return stored.error();
    outcomes[i] = ExplainConflict(connection, credentials[i], stored.error());
  }
  return outcomes;
}

Status PostgresRegistry::AppendIssuanceEvents(const std::vector<IssuanceEvent>& events) {
  for (const IssuanceEvent& event : events) PRAMAAN_RETURN_IF_ERROR(ValidateIssuanceEvent(event));
  if (events.empty()) return Status::Ok();
  PRAMAAN_ASSIGN_OR_RETURN(Lease lease, LeaseConnection());
  PostgresConnection& connection = lease.connection();
  PRAMAAN_ASSIGN_OR_RETURN(PostgresTransaction transaction, PostgresTransaction::Begin(connection));
  for (const IssuanceEvent& event : events) {
    PRAMAAN_RETURN_IF_ERROR(connection.Execute(kInsertIssuanceEvent, IssuanceEventParams(event)));
  }
  return transaction.Commit();
}

Result<std::vector<IssuanceEvent>> PostgresRegistry::IssuanceEvents(
    std::string_view credential_id) const {
  using Events = std::vector<IssuanceEvent>;
  if (!IsStorableText(credential_id)) return Events();
  return Read<Events>([&](PostgresConnection& connection) -> Result<Events> {
    PRAMAAN_ASSIGN_OR_RETURN(
        PostgresResult rows,
        connection.Execute("SELECT seq, credential_id, source_record_id, action, key_id, actor, "
                           "at, detail FROM issuance_events WHERE credential_id = $1 ORDER BY seq",
                           PostgresParams().Text(credential_id)));
    Events events;
    for (int row = 0; row < rows.rows(); ++row) {
      IssuanceEvent& event = events.emplace_back();
      PRAMAAN_ASSIGN_OR_RETURN(event.seq, rows.Int64(row, 0));
      event.credential_id = rows.Text(row, 1);
      event.source_record_id = rows.Text(row, 2);
      event.action = IssuanceActionFromName(rows.Text(row, 3)).value_or(IssuanceAction::kSign);
      event.key_id = rows.Text(row, 4);
      event.actor = rows.Text(row, 5);
      event.at = rows.Text(row, 6);
      event.detail = rows.Text(row, 7);
    }
    return events;
  });
}

Status PostgresRegistry::Supersede(std::string_view old_id, std::string_view new_id) {
  // An id that is not storable text is not stored: looked up as "", which no credential has.
  std::string_view old_key = IsStorableText(old_id) ? old_id : "";
  std::string_view new_key = IsStorableText(new_id) ? new_id : "";
  PRAMAAN_ASSIGN_OR_RETURN(Lease lease, LeaseConnection());
  PostgresConnection& connection = lease.connection();
  PRAMAAN_ASSIGN_OR_RETURN(PostgresTransaction transaction, PostgresTransaction::Begin(connection));
  // Both rows are locked until the commit, so no other Supersede (of this process or another)
  // changes either between the checks and the update. Locking in id order means two calls on
  // the same pair, in either direction, never wait for each other in a cycle.
  PRAMAAN_ASSIGN_OR_RETURN(
      PostgresResult rows,
      connection.Execute("SELECT id, coalesce(superseded_by, '') FROM credentials "
                         "WHERE id IN ($1, $2) ORDER BY id FOR UPDATE",
                         PostgresParams().Text(old_key).Text(new_key)));
  Successor old_successor;
  Successor new_successor;
  for (int row = 0; row < rows.rows(); ++row) {
    std::string id = rows.Text(row, 0);
    if (!old_key.empty() && id == old_key) old_successor = rows.Text(row, 1);
    if (!new_key.empty() && id == new_key) new_successor = rows.Text(row, 1);
  }
  PRAMAAN_ASSIGN_OR_RETURN(bool must_update,
                           CheckSupersede(old_id, new_id, old_successor, new_successor));
  if (!must_update) return Status::Ok();  // the transaction's end releases the locks
  PRAMAAN_RETURN_IF_ERROR(
      connection.Execute("UPDATE credentials SET superseded_by = $2 WHERE id = $1",
                         PostgresParams().Text(old_id).Text(new_id)));
  return transaction.Commit();
}

// --- Status ---------------------------------------------------------------------------------

namespace {

Result<std::vector<int64_t>> QueryPositions(PostgresConnection& connection, std::string_view sql,
                                            int64_t begin, int64_t end) {
  PRAMAAN_ASSIGN_OR_RETURN(PostgresResult rows,
                           connection.Execute(sql, PostgresParams().Int64(begin).Int64(end)));
  std::vector<int64_t> positions;
  positions.reserve(rows.rows());
  for (int row = 0; row < rows.rows(); ++row) {
    PRAMAAN_ASSIGN_OR_RETURN(int64_t position, rows.Int64(row, 0));
    positions.push_back(position);
  }
  return positions;
}

}  // namespace

Result<bool> PostgresRegistry::ChangeStatus(const StatusEvent& event) {
  PRAMAAN_RETURN_IF_ERROR(ValidateStatusEvent(event));
  if (!IsStorableText(event.credential_id)) {
    return NotFound("no credential " + Quoted(event.credential_id) + " is stored");
  }
  PRAMAAN_ASSIGN_OR_RETURN(Lease lease, LeaseConnection());
  PostgresConnection& connection = lease.connection();
  PRAMAAN_ASSIGN_OR_RETURN(PostgresTransaction transaction, PostgresTransaction::Begin(connection));
  // Status changes are serialized until their commit, taken first so every change locks in
  // the same order. Without it a change that drew seq 5 could commit after one that drew 6:
  // a status list signed in between would be stored as reflecting version 6 without change
  // 5, and nothing would sign it again until its re-signing time (a revocation missed).
  PRAMAAN_RETURN_IF_ERROR(connection.Execute("SELECT pg_advisory_xact_lock($1::bigint)",
                                             PostgresParams().Int64(kPostgresStatusOrderLockKey)));
  // The row stays locked until the commit: two changes of one credential are serialized.
  PRAMAAN_ASSIGN_OR_RETURN(
      PostgresResult rows,
      connection.Execute("SELECT revoked, suspended, (revocation_index IS NOT NULL)::int, "
                         "(suspension_index IS NOT NULL)::int FROM credentials "
                         "WHERE id = $1 FOR UPDATE",
                         PostgresParams().Text(event.credential_id)));
  if (rows.rows() == 0) return NotFound("no credential " + Quoted(event.credential_id) + " is stored");
  StatusColumns current;
  for (int column = 0; column < 4; ++column) {
    PRAMAAN_ASSIGN_OR_RETURN(int64_t value, rows.Int64(0, column));
    bool* fields[] = {&current.revoked, &current.suspended, &current.has_revocation_index,
                      &current.has_suspension_index};
    *fields[column] = value != 0;
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<StatusUpdate> update, PlanStatusChange(event, current));
  if (!update) return false;
  PRAMAAN_RETURN_IF_ERROR(connection.Execute(
      update->column == "revoked" ? "UPDATE credentials SET revoked = $2 WHERE id = $1"
                                  : "UPDATE credentials SET suspended = $2 WHERE id = $1",
      PostgresParams().Text(event.credential_id).Int64(update->value)));
  PRAMAAN_RETURN_IF_ERROR(connection.Execute(
      "INSERT INTO status_events (credential_id, action, reason, actor, at, reason_code) "
      "VALUES ($1, $2, $3, $4, $5, nullif($6, ''))",
      PostgresParams()
          .Text(event.credential_id)
          .Text(StatusActionName(event.action))
          .Text(event.reason)
          .Text(event.actor)
          .Text(event.at)
          .Text(event.reason_code)));
  PRAMAAN_RETURN_IF_ERROR(transaction.Commit());
  return true;
}

Result<std::vector<StatusEvent>> PostgresRegistry::StatusEvents(
    std::string_view credential_id) const {
  using Events = std::vector<StatusEvent>;
  if (!IsStorableText(credential_id)) return Events();
  return Read<Events>([&](PostgresConnection& connection) -> Result<Events> {
    PRAMAAN_ASSIGN_OR_RETURN(
        PostgresResult rows,
        connection.Execute("SELECT seq, credential_id, action, reason, actor, at, "
                           "coalesce(reason_code, '') FROM status_events WHERE credential_id = $1 ORDER BY seq",
                           PostgresParams().Text(credential_id)));
    Events events;
    for (int row = 0; row < rows.rows(); ++row) {
      StatusEvent& event = events.emplace_back();
      PRAMAAN_ASSIGN_OR_RETURN(event.seq, rows.Int64(row, 0));
      event.credential_id = rows.Text(row, 1);
      event.action = StatusActionFromName(rows.Text(row, 2)).value_or(StatusAction::kRevoke);
      event.reason = rows.Text(row, 3);
      event.actor = rows.Text(row, 4);
      event.at = rows.Text(row, 5);
      event.reason_code = rows.Text(row, 6);
    }
    return events;
  });
}

Result<int64_t> PostgresRegistry::StatusVersion() const {
  return Read<int64_t>([&](PostgresConnection& connection) -> Result<int64_t> {
    PRAMAAN_ASSIGN_OR_RETURN(PostgresResult rows,
                             connection.Execute("SELECT coalesce(max(seq), 0) FROM status_events"));
    return rows.Int64(0, 0);
  });
}

Result<std::vector<int64_t>> PostgresRegistry::SetStatusPositions(StatusPurpose purpose,
                                                                  int64_t begin,
                                                                  int64_t end) const {
  const std::string_view sql =
      purpose == StatusPurpose::kRevocation
          ? "SELECT revocation_index FROM credentials WHERE revoked = 1 AND "
            "revocation_index >= $1 AND revocation_index < $2 ORDER BY revocation_index"
          : "SELECT suspension_index FROM credentials WHERE suspended = 1 AND "
            "suspension_index >= $1 AND suspension_index < $2 ORDER BY suspension_index";
  return Read<std::vector<int64_t>>([&](PostgresConnection& connection) {
    return QueryPositions(connection, sql, begin, end);
  });
}

Result<std::vector<int64_t>> PostgresRegistry::UsedStatusPositions(int64_t begin,
                                                                   int64_t end) const {
  return Read<std::vector<int64_t>>([&](PostgresConnection& connection) {
    return QueryPositions(connection,
                          "SELECT revocation_index FROM credentials WHERE revocation_index >= $1 "
                          "AND revocation_index < $2 ORDER BY revocation_index",
                          begin, end);
  });
}

Result<std::optional<int64_t>> PostgresRegistry::MaxStatusPosition() const {
  return Read<std::optional<int64_t>>(
      [&](PostgresConnection& connection) -> Result<std::optional<int64_t>> {
        PRAMAAN_ASSIGN_OR_RETURN(
            PostgresResult rows, connection.Execute("SELECT max(revocation_index) FROM credentials"));
        return rows.OptionalInt64(0, 0);
      });
}

// --- Signed status lists and certificates (migration 8) --------------------------------------

Status PostgresRegistry::PutStatusListCredential(const StoredStatusList& list) {
  PRAMAAN_RETURN_IF_ERROR(ValidateStatusList(list));
  PRAMAAN_ASSIGN_OR_RETURN(Lease lease, LeaseConnection());
  // One statement: the row lock of ON CONFLICT orders concurrent signers, and the WHERE keeps
  // the copy of the newest status.
  PRAMAAN_RETURN_IF_ERROR(lease.connection().Execute(
      "INSERT INTO status_list_credentials (list_id, credential_json, etag, status_version, "
      "signed_at, valid_until) VALUES ($1, $2, $3, $4::bigint, $5, $6) "
      "ON CONFLICT (list_id) DO UPDATE SET credential_json = excluded.credential_json, "
      "etag = excluded.etag, status_version = excluded.status_version, "
      "signed_at = excluded.signed_at, valid_until = excluded.valid_until "
      "WHERE excluded.status_version >= status_list_credentials.status_version",
      PostgresParams()
          .Text(list.list_id)
          .Text(list.credential_json)
          .Text(list.etag)
          .Int64(list.status_version)
          .Text(list.signed_at)
          .Text(list.valid_until)));
  return Status::Ok();
}

Result<std::optional<StoredStatusList>> PostgresRegistry::GetStatusListCredential(
    std::string_view list_id) const {
  if (!IsStorableText(list_id)) return std::optional<StoredStatusList>();
  return Read<std::optional<StoredStatusList>>(
      [&](PostgresConnection& connection) -> Result<std::optional<StoredStatusList>> {
        PRAMAAN_ASSIGN_OR_RETURN(
            PostgresResult rows,
            connection.Execute("SELECT list_id, credential_json, etag, status_version, "
                               "signed_at, valid_until FROM status_list_credentials "
                               "WHERE list_id = $1",
                               PostgresParams().Text(list_id)));
        if (rows.rows() == 0) return std::optional<StoredStatusList>();
        PRAMAAN_ASSIGN_OR_RETURN(int64_t version, rows.Int64(0, 3));
        return std::optional<StoredStatusList>(StoredStatusList{
            rows.Text(0, 0), rows.Text(0, 1), rows.Text(0, 2), version, rows.Text(0, 4),
            rows.Text(0, 5)});
      });
}

Status PostgresRegistry::PutCertificate(std::string_view credential_id, std::string_view pdf) {
  if (pdf.empty()) {
    return InvalidInput("the certificate of credential " + Quoted(credential_id) + " is empty");
  }
  if (!IsStorableText(credential_id)) {
    return NotFound("no credential " + Quoted(credential_id) + " is stored");
  }
  PRAMAAN_ASSIGN_OR_RETURN(Lease lease, LeaseConnection());
  PostgresConnection& connection = lease.connection();
  PRAMAAN_ASSIGN_OR_RETURN(PostgresTransaction transaction, PostgresTransaction::Begin(connection));
  PRAMAAN_ASSIGN_OR_RETURN(PostgresResult found,
                           connection.Execute("SELECT 1 FROM credentials WHERE id = $1",
                                              PostgresParams().Text(credential_id)));
  if (found.rows() == 0) return NotFound("no credential " + Quoted(credential_id) + " is stored");
  // Parameters travel as text, so the bytes go as hex and the server decodes them.
  const std::string hex = EncodeHex(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(pdf.data()), pdf.size()));
  PRAMAAN_RETURN_IF_ERROR(connection.Execute(
      "INSERT INTO certificates (credential_id, pdf) VALUES ($1, decode($2, 'hex')) "
      "ON CONFLICT (credential_id) DO UPDATE SET pdf = excluded.pdf",
      PostgresParams().Text(credential_id).Text(hex)));
  return transaction.Commit();
}

Result<std::optional<std::string>> PostgresRegistry::GetCertificate(
    std::string_view credential_id) const {
  if (!IsStorableText(credential_id)) return std::optional<std::string>();
  return Read<std::optional<std::string>>(
      [&](PostgresConnection& connection) -> Result<std::optional<std::string>> {
        PRAMAAN_ASSIGN_OR_RETURN(
            PostgresResult rows,
            connection.Execute("SELECT encode(pdf, 'hex') FROM certificates "
                               "WHERE credential_id = $1",
                               PostgresParams().Text(credential_id)));
        if (rows.rows() == 0) return std::optional<std::string>();
        auto bytes = DecodeHex(rows.Text(0, 0));
        if (!bytes.ok()) return Internal("a stored certificate is not readable hex");
        return std::optional<std::string>(std::string(bytes->begin(), bytes->end()));
      });
}

Result<std::vector<CredentialWithoutCertificate>>
PostgresRegistry::CredentialsWithoutCertificate(std::string_view issued_since,
                                                int64_t limit) const {
  if (!IsStorableText(issued_since)) return InvalidInput("issued_since is not storable text");
  return Read<std::vector<CredentialWithoutCertificate>>(
      [&](PostgresConnection& connection) -> Result<std::vector<CredentialWithoutCertificate>> {
        PRAMAAN_ASSIGN_OR_RETURN(
            PostgresResult rows,
            connection.Execute("SELECT c.id, c.issued_at FROM credentials c "
                               "WHERE c.issued_at >= $1 AND NOT EXISTS "
                               "(SELECT 1 FROM certificates WHERE credential_id = c.id) "
                               "ORDER BY c.issued_at, c.id LIMIT $2::bigint",
                               PostgresParams().Text(issued_since).Int64(limit)));
        std::vector<CredentialWithoutCertificate> found;
        for (int row = 0; row < rows.rows(); ++row) {
          found.push_back({rows.Text(row, 0), rows.Text(row, 1)});
        }
        return found;
      });
}

}  // namespace pramaan::store
