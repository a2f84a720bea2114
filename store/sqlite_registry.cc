#include "store/sqlite_registry.h"

#include <string>
#include <utility>

#include "store/registry_checks.h"
#include "store/sqlite_connection.h"

namespace pramaan::store {
namespace {

constexpr std::string_view kColumns =
    "id, source_record_id, credential_json, issued_at, superseded_by, revocation_index, "
    "suspension_index, source_digest";

// Statement texts are the keys of each connection's statement cache.
const std::string kSelectById =
    "SELECT " + std::string(kColumns) + " FROM credentials WHERE id = ?1";
const std::string kSelectBySourceRecord =
    "SELECT " + std::string(kColumns) + " FROM credentials WHERE source_record_id = ?1";
const std::string kInsert =
    "INSERT INTO credentials (" + std::string(kColumns) + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

StoredCredential ReadCredential(const SqliteStatement& row) {
  StoredCredential credential;
  credential.id = row.ColumnText(0);
  credential.source_record_id = row.ColumnText(1);
  credential.credential_json = row.ColumnText(2);
  credential.issued_at = row.ColumnText(3);
  credential.superseded_by = row.ColumnText(4);
  credential.revocation_index = row.ColumnOptionalInt64(5);
  credential.suspension_index = row.ColumnOptionalInt64(6);
  credential.source_digest = row.ColumnText(7);
  return credential;
}

// The first text column of the row `sql` selects by ?1 (bound to `key`), or nullopt.
Result<std::optional<std::string>> QueryText(SqliteConnection& connection, std::string_view sql,
                                             std::string_view key) {
  PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement select, connection.Prepare(sql));
  select.BindText(1, key);
  PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
  if (!has_row) return std::optional<std::string>();
  return std::optional<std::string>(select.ColumnText(0));
}

Result<std::optional<std::string>> QueryTextByIndex(SqliteConnection& connection,
                                                    std::string_view sql, int64_t key) {
  PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement select, connection.Prepare(sql));
  select.BindInt64(1, key);
  PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
  if (!has_row) return std::optional<std::string>();
  return std::optional<std::string>(select.ColumnText(0));
}

// After an INSERT failed a constraint: which one, in words (see ExplainPutConflict).
Error ExplainConflict(SqliteConnection& writer, const StoredCredential& credential,
                      const Error& fallback) {
  PutConflictLookups lookups;
  lookups.source_record_of = [&](std::string_view id) {
    return QueryText(writer, "SELECT source_record_id FROM credentials WHERE id = ?1", id);
  };
  lookups.id_for_source_record = [&](std::string_view source_record_id) {
    return QueryText(writer, "SELECT id FROM credentials WHERE source_record_id = ?1",
                     source_record_id);
  };
  lookups.id_with_revocation_index = [&](int64_t index) {
    return QueryTextByIndex(writer, "SELECT id FROM credentials WHERE revocation_index = ?1",
                            index);
  };
  lookups.id_with_suspension_index = [&](int64_t index) {
    return QueryTextByIndex(writer, "SELECT id FROM credentials WHERE suspension_index = ?1",
                            index);
  };
  return ExplainPutConflict(credential, fallback, lookups);
}

}  // namespace

// A read connection taken from the pool, given back when the lease ends. Statements prepared
// on it must be destroyed (reset) before the lease: declare the lease first.
class SqliteRegistry::ReadLease {
 public:
  ReadLease(const SqliteRegistry* registry, std::unique_ptr<SqliteConnection> connection)
      : registry_(registry), connection_(std::move(connection)) {}
  ReadLease(ReadLease&&) noexcept = default;
  ReadLease& operator=(ReadLease&&) = delete;
  ~ReadLease() {
    if (connection_ != nullptr) registry_->ReturnReader(std::move(connection_));
  }

  SqliteConnection& connection() { return *connection_; }

 private:
  const SqliteRegistry* registry_;
  std::unique_ptr<SqliteConnection> connection_;
};

Result<std::unique_ptr<Registry>> OpenSqliteRegistry(const std::filesystem::path& path) {
  PRAMAAN_ASSIGN_OR_RETURN(std::unique_ptr<SqliteRegistry> registry, SqliteRegistry::Open(path));
  return std::unique_ptr<Registry>(std::move(registry));
}

int CurrentRegistrySchemaVersion() { return RegistryMigrations().back().version; }

Result<std::unique_ptr<SqliteRegistry>> SqliteRegistry::Open(
    const std::filesystem::path& path, std::span<const SqliteMigration> migrations) {
  PRAMAAN_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> writer,
                           SqliteConnection::Open(path, SqliteConnection::Mode::kReadWrite));
  // Refuse a file of another application before anything below writes to it (setting the
  // journal mode rewrites the header).
  PRAMAAN_RETURN_IF_ERROR(CheckSqliteRegistryFile(*writer));

  // WAL: readers read a snapshot while the writer appends to the log, so neither waits for the
  // other. The mode is stored in the file, so every later connection (and the sqlite3 shell)
  // uses it too.
  {
    PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement wal, writer->Prepare("PRAGMA journal_mode = WAL"));
    PRAMAAN_ASSIGN_OR_RETURN(bool has_row, wal.Step());
    std::string mode = has_row ? wal.ColumnText(0) : "";
    if (mode != "wal") {
      return Internal(path.string() + ": cannot switch the registry to WAL mode (journal mode " +
                      Quoted(mode) + ")");
    }
  }
  // synchronous=NORMAL: in WAL mode a commit is written to the log without an fsync; the log is
  // synced at each checkpoint. The database is never corrupted and a commit survives the
  // process being killed (SIGKILL, a crash: the batch-issuance guarantee of issue 6); only a
  // power cut or kernel crash can lose the last few commits, which a re-run of the batch issues
  // again, idempotent by source record. FULL would fsync every commit, costing far more per
  // credential than signing it. foreign_keys is off by default in SQLite and per connection.
  // The writer's page cache is 64 MB instead of 2 MB: a batch inserts at random places in
  // the id, source record and status position indexes, which outgrow 2 MB within a few
  // hundred thousand credentials.
  PRAMAAN_RETURN_IF_ERROR(writer->ExecScript(
      "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384;"));

  PRAMAAN_ASSIGN_OR_RETURN(int version, MigrateSqliteRegistry(*writer, migrations));
  auto registry =
      std::unique_ptr<SqliteRegistry>(new SqliteRegistry(path, version, std::move(writer)));
  // Open the first reader now, so a file that cannot be read fails here rather than at the
  // first Get; it goes to the pool.
  PRAMAAN_ASSIGN_OR_RETURN(ReadLease first_reader, registry->LeaseReader());
  return registry;
}

SqliteRegistry::SqliteRegistry(std::filesystem::path path, int schema_version,
                               std::unique_ptr<SqliteConnection> writer)
    : path_(std::move(path)), schema_version_(schema_version), writer_(std::move(writer)) {}

// Readers are closed before the writer (reverse declaration order), so the writer's close is
// the last one and checkpoints the log into the database file.
SqliteRegistry::~SqliteRegistry() = default;

Result<SqliteRegistry::ReadLease> SqliteRegistry::LeaseReader() const {
  {
    std::lock_guard<std::mutex> lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      std::unique_ptr<SqliteConnection> reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return ReadLease(this, std::move(reader));
    }
  }
  // Opened outside the lock: other readers keep taking and returning connections meanwhile.
  PRAMAAN_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> reader,
                           SqliteConnection::Open(path_, SqliteConnection::Mode::kReadOnly));
  return ReadLease(this, std::move(reader));
}

void SqliteRegistry::ReturnReader(std::unique_ptr<SqliteConnection> reader) const {
  std::lock_guard<std::mutex> lock(readers_mutex_);
  if (idle_readers_.size() < kMaxIdleReaders) idle_readers_.push_back(std::move(reader));
  // else `reader` closes here: more threads read at once than are worth keeping connections for
}

Result<std::optional<StoredCredential>> SqliteRegistry::GetOne(std::string_view sql,
                                                               std::string_view key) const {
  PRAMAAN_ASSIGN_OR_RETURN(ReadLease lease, LeaseReader());
  PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement select, lease.connection().Prepare(sql));
  select.BindText(1, key);
  PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
  if (!has_row) return std::optional<StoredCredential>();
  return std::optional<StoredCredential>(ReadCredential(select));
}

Result<std::optional<StoredCredential>> SqliteRegistry::Get(std::string_view id) const {
  return GetOne(kSelectById, id);
}

Result<std::optional<std::string>> SqliteRegistry::SupersededBy(std::string_view id) const {
  PRAMAAN_ASSIGN_OR_RETURN(ReadLease lease, LeaseReader());
  return QueryText(lease.connection(), kSupersededBySql, id);
}

// Both read the partial index of migration 1 on superseded_by (only replaced credentials are
// in it), so they cost what the replacements number, not the registry.
Result<int64_t> SqliteRegistry::SupersededCount() const {
  PRAMAAN_ASSIGN_OR_RETURN(ReadLease lease, LeaseReader());
  PRAMAAN_ASSIGN_OR_RETURN(
      SqliteStatement count,
      lease.connection().Prepare(
          "SELECT count(*) FROM credentials WHERE superseded_by IS NOT NULL"));
  PRAMAAN_ASSIGN_OR_RETURN(bool has_row, count.Step());
  if (!has_row) return Internal(path_.string() + ": count(*) returned no row");
  return count.ColumnInt64(0);
}

Result<std::vector<std::pair<std::string, std::string>>> SqliteRegistry::Supersessions(
    int64_t limit) const {
  PRAMAAN_ASSIGN_OR_RETURN(ReadLease lease, LeaseReader());
  PRAMAAN_ASSIGN_OR_RETURN(
      SqliteStatement select,
      lease.connection().Prepare("SELECT id, superseded_by FROM credentials "
                                 "WHERE superseded_by IS NOT NULL LIMIT ?1"));
  select.BindInt64(1, limit);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (;;) {
    PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) return pairs;
    pairs.emplace_back(select.ColumnText(0), select.ColumnText(1));
  }
}

Result<std::optional<StoredCredential>> SqliteRegistry::GetBySourceRecord(
    std::string_view source_record_id) const {
  return GetOne(kSelectBySourceRecord, source_record_id);
}

Result<int64_t> SqliteRegistry::Count() const {
  PRAMAAN_ASSIGN_OR_RETURN(ReadLease lease, LeaseReader());
  PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement count,
                           lease.connection().Prepare("SELECT count(*) FROM credentials"));
  PRAMAAN_ASSIGN_OR_RETURN(bool has_row, count.Step());
  if (!has_row) return Internal(path_.string() + ": count(*) returned no row");
  return count.ColumnInt64(0);
}

// One INSERT on the writer. A failed constraint undoes only this statement, in a transaction
// or not, so it can be explained (kInvalidInput) while the rest of a transaction stands.
Status SqliteRegistry::Insert(const StoredCredential& credential) {
  Status inserted = [&]() -> Status {
    PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement insert, writer_->Prepare(kInsert));
    insert.BindText(1, credential.id);
    insert.BindText(2, credential.source_record_id);
    insert.BindText(3, credential.credential_json);
    insert.BindText(4, credential.issued_at);
    insert.BindTextOrNull(5, credential.superseded_by);
    insert.BindOptionalInt64(6, credential.revocation_index);
    insert.BindOptionalInt64(7, credential.suspension_index);
    insert.BindTextOrNull(8, credential.source_digest);
    return insert.Run();
  }();
  if (inserted.ok()) return Status::Ok();
  // kInvalidInput from the connection means a constraint failed (see ErrorFor).
  if (inserted.error().code() != ErrorCode::kInvalidInput) return inserted.error();
  return ExplainConflict(*writer_, credential, inserted.error());
}

Status SqliteRegistry::Put(const StoredCredential& credential) {
  PRAMAAN_RETURN_IF_ERROR(ValidateForPut(credential));
  std::lock_guard<std::mutex> lock(write_mutex_);
  // In autocommit mode the statement is its own transaction.
  return Insert(credential);
}

Result<std::vector<Status>> SqliteRegistry::PutMany(
    const std::vector<StoredCredential>& credentials) {
  return PutGroup(credentials, nullptr);
}

Result<std::vector<Status>> SqliteRegistry::PutIssued(
    const std::vector<StoredCredential>& credentials, const std::vector<IssuanceEvent>& issued) {
  if (issued.size() != credentials.size()) {
    return Internal("PutIssued needs one issuance event per credential");
  }
  return PutGroup(credentials, &issued);
}

Result<std::vector<Status>> SqliteRegistry::PutGroup(
    const std::vector<StoredCredential>& credentials, const std::vector<IssuanceEvent>* events) {
  std::vector<Status> outcomes = ValidateGroupForPut(credentials, events);
  std::lock_guard<std::mutex> lock(write_mutex_);
  PRAMAAN_ASSIGN_OR_RETURN(SqliteTransaction transaction,
                           SqliteTransaction::BeginImmediate(*writer_));
  for (size_t i = 0; i < credentials.size(); ++i) {
    if (!outcomes[i].ok()) continue;
    outcomes[i] = Insert(credentials[i]);
    if (outcomes[i].ok()) {
      // A stored credential's event goes in with it; any failure rolls both back.
      if (events != nullptr) PRAMAAN_RETURN_IF_ERROR(InsertIssuanceEvent((*events)[i]));
    } else if (outcomes[i].error().code() != ErrorCode::kInvalidInput) {
      return outcomes[i].error();  // the transaction rolls back
    }
  }
  PRAMAAN_RETURN_IF_ERROR(transaction.Commit());
  return outcomes;
}

Status SqliteRegistry::InsertIssuanceEvent(const IssuanceEvent& event) {
  PRAMAAN_ASSIGN_OR_RETURN(
      SqliteStatement insert,
      writer_->Prepare("INSERT INTO issuance_events (credential_id, source_record_id, action, "
                       "key_id, actor, at, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  insert.BindText(1, event.credential_id);
  insert.BindText(2, event.source_record_id);
  insert.BindText(3, IssuanceActionName(event.action));
  insert.BindText(4, event.key_id);
  insert.BindText(5, event.actor);
  insert.BindText(6, event.at);
  insert.BindText(7, event.detail);
  return insert.Run();
}

Status SqliteRegistry::AppendIssuanceEvents(const std::vector<IssuanceEvent>& events) {
  for (const IssuanceEvent& event : events) PRAMAAN_RETURN_IF_ERROR(ValidateIssuanceEvent(event));
  if (events.empty()) return Status::Ok();
  std::lock_guard<std::mutex> lock(write_mutex_);
  PRAMAAN_ASSIGN_OR_RETURN(SqliteTransaction transaction,
                           SqliteTransaction::BeginImmediate(*writer_));
  for (const IssuanceEvent& event : events) PRAMAAN_RETURN_IF_ERROR(InsertIssuanceEvent(event));
  return transaction.Commit();
}

Result<std::vector<IssuanceEvent>> SqliteRegistry::IssuanceEvents(
    std::string_view credential_id) const {
  PRAMAAN_ASSIGN_OR_RETURN(ReadLease lease, LeaseReader());
  PRAMAAN_ASSIGN_OR_RETURN(
      SqliteStatement select,
      lease.connection().Prepare("SELECT seq, credential_id, source_record_id, action, key_id, "
                                 "actor, at, detail FROM issuance_events "
                                 "WHERE credential_id = ?1 ORDER BY seq"));
  select.BindText(1, credential_id);
  std::vector<IssuanceEvent> events;
  for (;;) {
    PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) return events;
    IssuanceEvent& event = events.emplace_back();
    event.seq = select.ColumnInt64(0);
    event.credential_id = select.ColumnText(1);
    event.source_record_id = select.ColumnText(2);
    event.action = IssuanceActionFromName(select.ColumnText(3)).value_or(IssuanceAction::kSign);
    event.key_id = select.ColumnText(4);
    event.actor = select.ColumnText(5);
    event.at = select.ColumnText(6);
    event.detail = select.ColumnText(7);
  }
}

Status SqliteRegistry::Supersede(std::string_view old_id, std::string_view new_id) {
  std::lock_guard<std::mutex> lock(write_mutex_);
  // One transaction for the checks and the update, so another process cannot change either
  // row between them.
  PRAMAAN_ASSIGN_OR_RETURN(SqliteTransaction transaction,
                           SqliteTransaction::BeginImmediate(*writer_));
  constexpr std::string_view kSelect =
      "SELECT coalesce(superseded_by, '') FROM credentials WHERE id = ?1";
  PRAMAAN_ASSIGN_OR_RETURN(Successor old_successor, QueryText(*writer_, kSelect, old_id));
  PRAMAAN_ASSIGN_OR_RETURN(Successor new_successor, QueryText(*writer_, kSelect, new_id));
  PRAMAAN_ASSIGN_OR_RETURN(bool must_update,
                           CheckSupersede(old_id, new_id, old_successor, new_successor));
  if (!must_update) return Status::Ok();
  {
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement update,
        writer_->Prepare("UPDATE credentials SET superseded_by = ?2 WHERE id = ?1"));
    update.BindText(1, old_id);
    update.BindText(2, new_id);
    PRAMAAN_RETURN_IF_ERROR(update.Run());
  }
  return transaction.Commit();
}

// --- Status ---------------------------------------------------------------------------------

namespace {

constexpr std::string_view kSetRevocationPositions =
    "SELECT revocation_index FROM credentials INDEXED BY credentials_revoked "
    "WHERE revoked = 1 AND revocation_index >= ?1 AND revocation_index < ?2 "
    "ORDER BY revocation_index";
constexpr std::string_view kSetSuspensionPositions =
    "SELECT suspension_index FROM credentials INDEXED BY credentials_suspended "
    "WHERE suspended = 1 AND suspension_index >= ?1 AND suspension_index < ?2 "
    "ORDER BY suspension_index";
constexpr std::string_view kUsedPositions =
    "SELECT revocation_index FROM credentials "
    "WHERE revocation_index >= ?1 AND revocation_index < ?2 ORDER BY revocation_index";

Result<std::vector<int64_t>> QueryPositions(SqliteConnection& connection, std::string_view sql,
                                            int64_t begin, int64_t end) {
  PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement select, connection.Prepare(sql));
  select.BindInt64(1, begin);
  select.BindInt64(2, end);
  std::vector<int64_t> positions;
  for (;;) {
    PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) return positions;
    positions.push_back(select.ColumnInt64(0));
  }
}

}  // namespace

Result<bool> SqliteRegistry::ChangeStatus(const StatusEvent& event) {
  PRAMAAN_RETURN_IF_ERROR(ValidateStatusEvent(event));
  std::lock_guard<std::mutex> lock(write_mutex_);
  PRAMAAN_ASSIGN_OR_RETURN(SqliteTransaction transaction,
                           SqliteTransaction::BeginImmediate(*writer_));
  StatusColumns current;
  {
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement select,
        writer_->Prepare("SELECT revoked, suspended, revocation_index IS NOT NULL, "
                         "suspension_index IS NOT NULL FROM credentials WHERE id = ?1"));
    select.BindText(1, event.credential_id);
    PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) return NotFound("no credential " + Quoted(event.credential_id) + " is stored");
    current = {select.ColumnInt64(0) != 0, select.ColumnInt64(1) != 0,
               select.ColumnInt64(2) != 0, select.ColumnInt64(3) != 0};
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<StatusUpdate> update, PlanStatusChange(event, current));
  if (!update) return false;
  {
    PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement set,
                             writer_->Prepare(update->column == "revoked"
                                                  ? "UPDATE credentials SET revoked = ?2 WHERE id = ?1"
                                                  : "UPDATE credentials SET suspended = ?2 WHERE id = ?1"));
    set.BindText(1, event.credential_id);
    set.BindInt64(2, update->value);
    PRAMAAN_RETURN_IF_ERROR(set.Run());
  }
  {
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement log,
        writer_->Prepare("INSERT INTO status_events "
                         "(credential_id, action, reason, actor, at, reason_code) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, ''))"));
    log.BindText(1, event.credential_id);
    log.BindText(2, StatusActionName(event.action));
    log.BindText(3, event.reason);
    log.BindText(4, event.actor);
    log.BindText(5, event.at);
    log.BindText(6, event.reason_code);
    PRAMAAN_RETURN_IF_ERROR(log.Run());
  }
  PRAMAAN_RETURN_IF_ERROR(transaction.Commit());
  return true;
}

Result<std::vector<StatusEvent>> SqliteRegistry::StatusEvents(
    std::string_view credential_id) const {
  PRAMAAN_ASSIGN_OR_RETURN(ReadLease lease, LeaseReader());
  PRAMAAN_ASSIGN_OR_RETURN(
      SqliteStatement select,
      lease.connection().Prepare("SELECT seq, credential_id, action, reason, actor, at, "
                                 "coalesce(reason_code, '') FROM status_events WHERE credential_id = ?1 ORDER BY seq"));
  select.BindText(1, credential_id);
  std::vector<StatusEvent> events;
  for (;;) {
    PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) return events;
    StatusEvent& event = events.emplace_back();
    event.seq = select.ColumnInt64(0);
    event.credential_id = select.ColumnText(1);
    event.action = StatusActionFromName(select.ColumnText(2)).value_or(StatusAction::kRevoke);
    event.reason = select.ColumnText(3);
    event.actor = select.ColumnText(4);
    event.at = select.ColumnText(5);
    event.reason_code = select.ColumnText(6);
  }
}

Result<int64_t> SqliteRegistry::StatusVersion() const {
  PRAMAAN_ASSIGN_OR_RETURN(ReadLease lease, LeaseReader());
  PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement select, lease.connection().Prepare(
                                                       "SELECT coalesce(max(seq), 0) FROM status_events"));
  PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
  return has_row ? select.ColumnInt64(0) : 0;
}

Result<std::vector<int64_t>> SqliteRegistry::SetStatusPositions(StatusPurpose purpose,
                                                                int64_t begin, int64_t end) const {
  PRAMAAN_ASSIGN_OR_RETURN(ReadLease lease, LeaseReader());
  return QueryPositions(lease.connection(),
                        purpose == StatusPurpose::kRevocation ? kSetRevocationPositions
                                                              : kSetSuspensionPositions,
                        begin, end);
}

Result<std::vector<int64_t>> SqliteRegistry::UsedStatusPositions(int64_t begin,
                                                                 int64_t end) const {
  PRAMAAN_ASSIGN_OR_RETURN(ReadLease lease, LeaseReader());
  return QueryPositions(lease.connection(), kUsedPositions, begin, end);
}

Result<std::optional<int64_t>> SqliteRegistry::MaxStatusPosition() const {
  PRAMAAN_ASSIGN_OR_RETURN(ReadLease lease, LeaseReader());
  PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement select,
                           lease.connection().Prepare("SELECT max(revocation_index) FROM credentials"));
  PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
  if (!has_row) return std::optional<int64_t>();
  return select.ColumnOptionalInt64(0);
}

// --- Signed status lists and certificates (migration 8) --------------------------------------

Status SqliteRegistry::PutStatusListCredential(const StoredStatusList& list) {
  PRAMAAN_RETURN_IF_ERROR(ValidateStatusList(list));
  std::lock_guard<std::mutex> lock(write_mutex_);
  PRAMAAN_ASSIGN_OR_RETURN(
      SqliteStatement upsert,
      writer_->Prepare("INSERT INTO status_list_credentials (list_id, credential_json, etag, "
                       "status_version, signed_at, valid_until) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                       "ON CONFLICT (list_id) DO UPDATE SET credential_json = excluded.credential_json, "
                       "etag = excluded.etag, status_version = excluded.status_version, "
                       "signed_at = excluded.signed_at, valid_until = excluded.valid_until "
                       "WHERE excluded.status_version >= status_list_credentials.status_version"));
  upsert.BindText(1, list.list_id);
  upsert.BindText(2, list.credential_json);
  upsert.BindText(3, list.etag);
  upsert.BindInt64(4, list.status_version);
  upsert.BindText(5, list.signed_at);
  upsert.BindText(6, list.valid_until);
  return upsert.Run();
}

Result<std::optional<StoredStatusList>> SqliteRegistry::GetStatusListCredential(
    std::string_view list_id) const {
  PRAMAAN_ASSIGN_OR_RETURN(ReadLease lease, LeaseReader());
  PRAMAAN_ASSIGN_OR_RETURN(
      SqliteStatement select,
      lease.connection().Prepare("SELECT list_id, credential_json, etag, status_version, "
                                 "signed_at, valid_until FROM status_list_credentials "
                                 "WHERE list_id = ?1"));
  select.BindText(1, list_id);
  PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
  if (!has_row) return std::optional<StoredStatusList>();
  return std::optional<StoredStatusList>(
      StoredStatusList{select.ColumnText(0), select.ColumnText(1), select.ColumnText(2),
                       select.ColumnInt64(3), select.ColumnText(4), select.ColumnText(5)});
}

Status SqliteRegistry::PutCertificate(std::string_view credential_id, std::string_view pdf) {
  if (pdf.empty()) {
    return InvalidInput("the certificate of credential " + Quoted(credential_id) + " is empty");
  }
  std::lock_guard<std::mutex> lock(write_mutex_);
  PRAMAAN_ASSIGN_OR_RETURN(SqliteTransaction transaction,
                           SqliteTransaction::BeginImmediate(*writer_));
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<std::string> stored,
                           QueryText(*writer_, "SELECT id FROM credentials WHERE id = ?1",
                                     credential_id));
  if (!stored) return NotFound("no credential " + Quoted(credential_id) + " is stored");
  {
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement upsert,
        writer_->Prepare("INSERT INTO certificates (credential_id, pdf) VALUES (?1, ?2) "
                         "ON CONFLICT (credential_id) DO UPDATE SET pdf = excluded.pdf"));
    upsert.BindText(1, credential_id);
    upsert.BindBlob(2, pdf);
    PRAMAAN_RETURN_IF_ERROR(upsert.Run());
  }
  return transaction.Commit();
}

Result<std::optional<std::string>> SqliteRegistry::GetCertificate(
    std::string_view credential_id) const {
  PRAMAAN_ASSIGN_OR_RETURN(ReadLease lease, LeaseReader());
  PRAMAAN_ASSIGN_OR_RETURN(
      SqliteStatement select,
      lease.connection().Prepare("SELECT pdf FROM certificates WHERE credential_id = ?1"));
  select.BindText(1, credential_id);
  PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
  if (!has_row) return std::optional<std::string>();
  return std::optional<std::string>(select.ColumnBlob(0));
}

Result<std::vector<CredentialWithoutCertificate>> SqliteRegistry::CredentialsWithoutCertificate(
    std::string_view issued_since, int64_t limit) const {
  PRAMAAN_ASSIGN_OR_RETURN(ReadLease lease, LeaseReader());
  PRAMAAN_ASSIGN_OR_RETURN(
      SqliteStatement select,
      lease.connection().Prepare(
          "SELECT c.id, c.issued_at FROM credentials c INDEXED BY credentials_by_issued_at "
          "WHERE c.issued_at >= ?1 AND NOT EXISTS "
          "(SELECT 1 FROM certificates WHERE credential_id = c.id) "
          "ORDER BY c.issued_at, c.id LIMIT ?2"));
  select.BindText(1, issued_since);
  select.BindInt64(2, limit);
  std::vector<CredentialWithoutCertificate> found;
  for (;;) {
    PRAMAAN_ASSIGN_OR_RETURN(bool has_row, select.Step());
    if (!has_row) break;
    found.push_back({select.ColumnText(0), select.ColumnText(1)});
  }
  return found;
}

}  // namespace pramaan::store
