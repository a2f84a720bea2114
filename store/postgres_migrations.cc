#include "store/postgres_migrations.h"

#include <string>

namespace pramaan::store {
namespace {

// Migration 1, the schema of the first release: SQLite's migration 1 (see
// sqlite_migrations.cc for the reasons behind each choice) in PostgreSQL's types.
//
// - INTEGER in SQLite is 64 bits: bigint here.
// - Ids, source record ids and times compare byte for byte (COLLATE "C"), as in SQLite,
//   whatever the database's default collation: their indexes stay cheap and issued_at sorts
//   as time.
// - The comment on schema_migrations marks the database as a registry (SQLite's
//   application_id); it is set in the same transaction as the tables.
constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE schema_migrations (
  version integer PRIMARY KEY,
  applied_at text NOT NULL
);
COMMENT ON TABLE schema_migrations IS 'Pramaan registry schema migrations';

CREATE TABLE credentials (
  id text COLLATE "C" NOT NULL PRIMARY KEY,
  source_record_id text COLLATE "C" UNIQUE NOT NULL,
  credential_json text NOT NULL,
  issued_at text COLLATE "C" NOT NULL,
  superseded_by text COLLATE "C" NULL REFERENCES credentials(id),
  revocation_index bigint NULL CHECK (revocation_index >= 0),
  suspension_index bigint NULL CHECK (suspension_index >= 0),
  CHECK (superseded_by <> id)
);

CREATE INDEX credentials_by_superseded_by ON credentials(superseded_by)
  WHERE superseded_by IS NOT NULL;
CREATE UNIQUE INDEX credentials_by_revocation_index ON credentials(revocation_index)
  WHERE revocation_index IS NOT NULL;
CREATE UNIQUE INDEX credentials_by_suspension_index ON credentials(suspension_index)
  WHERE suspension_index IS NOT NULL;
)sql";

static_assert(kMigration1.find("'Pramaan registry schema migrations'") != std::string_view::npos,
              "kMigration1 writes kPostgresRegistryMarker");
static_assert(kPostgresRegistryMarker == "Pramaan registry schema migrations");

// Migration 2, as in SQLite: supersession lookups answered from the index.
constexpr std::string_view kMigration2 = R"sql(
CREATE INDEX credentials_supersession ON credentials(id) INCLUDE (superseded_by);
)sql";

// Migration 3, as in SQLite: status bits, and the append-only audit log (a trigger refuses
// UPDATE, DELETE and TRUNCATE).
constexpr std::string_view kMigration3 = R"sql(
ALTER TABLE credentials ADD COLUMN revoked smallint NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1));
ALTER TABLE credentials ADD COLUMN suspended smallint NOT NULL DEFAULT 0
  CHECK (suspended IN (0, 1));
CREATE INDEX credentials_revoked ON credentials(revocation_index) WHERE revoked = 1;
CREATE INDEX credentials_suspended ON credentials(suspension_index) WHERE suspended = 1;

CREATE TABLE status_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  credential_id text NOT NULL REFERENCES credentials(id),
  action text NOT NULL CHECK (action IN ('revoke', 'suspend', 'unsuspend')),
  reason text NOT NULL CHECK (reason <> ''),
  actor text NOT NULL CHECK (actor <> ''),
  at text NOT NULL
);
CREATE INDEX status_events_by_credential ON status_events(credential_id, seq);
CREATE FUNCTION status_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'status_events is append-only';
END;
$$;
CREATE TRIGGER status_events_no_change BEFORE UPDATE OR DELETE ON status_events
  FOR EACH ROW EXECUTE FUNCTION status_events_append_only();
CREATE TRIGGER status_events_no_truncate BEFORE TRUNCATE ON status_events
  FOR EACH STATEMENT EXECUTE FUNCTION status_events_append_only();
)sql";

// Migration 4, as in SQLite: source record digests.
constexpr std::string_view kMigration4 = R"sql(
ALTER TABLE credentials ADD COLUMN source_digest text NULL;
)sql";

// Migration 5, as in SQLite: the awarding workflow's tables (store/awarding_store.h).
constexpr std::string_view kMigration5 = R"sql(
CREATE TABLE qualifications (
  nqr_code text COLLATE "C" NOT NULL PRIMARY KEY CHECK (nqr_code <> ''),
  definition_json text NOT NULL,
  active smallint NOT NULL CHECK (active IN (0, 1)),
  updated_at text COLLATE "C" NOT NULL
);

CREATE TABLE awarding_users (
  name text COLLATE "C" NOT NULL PRIMARY KEY CHECK (name <> ''),
  roles text NOT NULL,
  token_digest text COLLATE "C" NOT NULL UNIQUE,
  created_at text COLLATE "C" NOT NULL
);

CREATE TABLE result_batches (
  id text COLLATE "C" NOT NULL PRIMARY KEY,
  agency text NOT NULL CHECK (agency <> ''),
  state text NOT NULL
    CHECK (state IN ('submitted', 'in_review', 'approved', 'sent_back', 'awarded')),
  submitted_by text NOT NULL,
  submitted_at text COLLATE "C" NOT NULL,
  reviewed_by text NULL,
  reviewed_at text COLLATE "C" NULL,
  decided_by text NULL,
  decided_at text COLLATE "C" NULL,
  decision_reason text NULL,
  awarded_by text NULL,
  awarded_at text COLLATE "C" NULL,
  refused_json text NOT NULL
);

CREATE TABLE results (
  batch_id text COLLATE "C" NOT NULL REFERENCES result_batches(id),
  position bigint NOT NULL CHECK (position > 0),
  candidate_id text NOT NULL,
  apaar_id text COLLATE "C" NOT NULL,
  nqr_code text COLLATE "C" NOT NULL REFERENCES qualifications(nqr_code),
  passed smallint NOT NULL CHECK (passed IN (0, 1)),
  result_json text NOT NULL,
  credential_id text COLLATE "C" NULL REFERENCES credentials(id),
  PRIMARY KEY (batch_id, position)
);
CREATE INDEX results_by_apaar ON results(apaar_id);

CREATE TABLE awarding_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject text COLLATE "C" NOT NULL CHECK (subject <> ''),
  action text NOT NULL CHECK (action <> ''),
  actor text NOT NULL CHECK (actor <> ''),
  at text COLLATE "C" NOT NULL,
  reason text NOT NULL,
  detail_json text NOT NULL
);
CREATE INDEX awarding_events_by_subject ON awarding_events(subject, seq);
CREATE FUNCTION awarding_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'awarding_events is append-only';
END;
$$;
CREATE TRIGGER awarding_events_no_change BEFORE UPDATE OR DELETE ON awarding_events
  FOR EACH ROW EXECUTE FUNCTION awarding_events_append_only();
CREATE TRIGGER awarding_events_no_truncate BEFORE TRUNCATE ON awarding_events
  FOR EACH STATEMENT EXECUTE FUNCTION awarding_events_append_only();
)sql";

// Migration 6, as in SQLite: an issued credential is never rewritten or removed (TRUNCATE
// included).
constexpr std::string_view kMigration6 = R"sql(
CREATE FUNCTION credentials_issued_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'an issued credential is never rewritten or deleted';
END;
$$;
CREATE TRIGGER credentials_issued_no_rewrite
  BEFORE UPDATE OF id, source_record_id, credential_json, issued_at ON credentials
  FOR EACH ROW EXECUTE FUNCTION credentials_issued_fixed();
CREATE TRIGGER credentials_issued_no_delete BEFORE DELETE ON credentials
  FOR EACH ROW EXECUTE FUNCTION credentials_issued_fixed();
CREATE TRIGGER credentials_issued_no_truncate BEFORE TRUNCATE ON credentials
  FOR EACH STATEMENT EXECUTE FUNCTION credentials_issued_fixed();
)sql";

// Migration 7: the issuance audit log (see sqlite_migrations.cc), append-only.
constexpr std::string_view kMigration7 = R"sql(
CREATE TABLE issuance_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  credential_id text NOT NULL CHECK (credential_id <> ''),
  source_record_id text NOT NULL CHECK (source_record_id <> ''),
  action text NOT NULL CHECK (action IN ('sign', 'issued', 'refused')),
  key_id text NOT NULL CHECK (key_id <> ''),
  actor text NOT NULL CHECK (actor <> ''),
  at text NOT NULL,
  detail text NOT NULL
);
CREATE INDEX issuance_events_by_credential ON issuance_events(credential_id, seq);
CREATE FUNCTION issuance_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'issuance_events is append-only';
END;
$$;
CREATE TRIGGER issuance_events_no_change BEFORE UPDATE OR DELETE ON issuance_events
  FOR EACH ROW EXECUTE FUNCTION issuance_events_append_only();
CREATE TRIGGER issuance_events_no_truncate BEFORE TRUNCATE ON issuance_events
  FOR EACH STATEMENT EXECUTE FUNCTION issuance_events_append_only();
)sql";

// Migration 8 (as in sqlite_migrations.cc): signed status lists and certificate PDFs (bytea).
constexpr std::string_view kMigration8 = R"sql(
CREATE TABLE status_list_credentials (
  list_id text NOT NULL PRIMARY KEY,
  credential_json text NOT NULL,
  etag text NOT NULL,
  status_version bigint NOT NULL CHECK (status_version >= 0),
  signed_at text NOT NULL,
  valid_until text NOT NULL
);

CREATE TABLE certificates (
  credential_id text NOT NULL PRIMARY KEY REFERENCES credentials(id),
  pdf bytea NOT NULL CHECK (length(pdf) > 0)
);

CREATE INDEX credentials_by_issued_at ON credentials(issued_at, id);
)sql";

// Migration 9: the assessment agency of awarding users (see sqlite_migrations.cc).
constexpr std::string_view kMigration9 = R"sql(
ALTER TABLE awarding_users ADD COLUMN agency text NULL CHECK (agency IS NULL OR agency <> '');
CREATE INDEX result_batches_by_agency ON result_batches(agency, submitted_at);
)sql";

// Migration 10: status reason codes (see sqlite_migrations.cc).
constexpr std::string_view kMigration10 = R"sql(
ALTER TABLE status_events ADD COLUMN reason_code text NULL CHECK (reason_code IS NULL OR
  reason_code IN ('issued_in_error', 'fraudulent', 'withdrawn_by_awarding_body', 'superseded',
                  'other'));
)sql";

// Migration 11: disabled awarding users (see sqlite_migrations.cc).
constexpr std::string_view kMigration11 = R"sql(
ALTER TABLE awarding_users ADD COLUMN disabled_at text NULL;
)sql";

// Migration 12: the awarding console's sessions (see sqlite_migrations.cc).
constexpr std::string_view kMigration12 = R"sql(
CREATE TABLE console_sessions (
  digest text PRIMARY KEY,
  user_name text NOT NULL REFERENCES awarding_users(name),
  created_at text NOT NULL,
  last_seen_at text NOT NULL,
  ended_at text NULL
);
)sql";

// Append only, in step with kRegistryMigrations in sqlite_migrations.cc.
constexpr PostgresMigration kPostgresRegistryMigrations[] = {
    {1, "credentials and schema_migrations", kMigration1},
    {2, "covering index for supersession lookups", kMigration2},
    {3, "status bits and the status audit log", kMigration3},
    {4, "source record digests", kMigration4},
    {5, "the awarding workflow", kMigration5},
    {6, "issued credentials are never rewritten", kMigration6},
    {7, "the issuance audit log", kMigration7},
    {8, "signed status lists and certificate PDFs", kMigration8},
    {9, "the assessment agency of awarding users", kMigration9},
    {10, "status reason codes", kMigration10},
    {11, "disabled awarding users", kMigration11},
    {12, "awarding console sessions", kMigration12},
};

struct DatabaseIdentity {
  bool has_migrations_table = false;
  std::string migrations_table_comment;
  bool has_credentials_table = false;
};

// to_regclass looks the names up along the search_path, where CREATE TABLE puts them.
Result<DatabaseIdentity> Identify(PostgresConnection& connection) {
  PRAMAAN_ASSIGN_OR_RETURN(
      PostgresResult row,
      connection.Execute("SELECT to_regclass('schema_migrations') IS NOT NULL, "
                         "coalesce(obj_description(to_regclass('schema_migrations'), "
                         "'pg_class'), ''), "
                         "to_regclass('credentials') IS NOT NULL"));
  if (row.rows() != 1) return Internal(connection.description() + ": no row identifying it");
  DatabaseIdentity identity;
  identity.has_migrations_table = row.Text(0, 0) == "t";
  identity.migrations_table_comment = row.Text(0, 1);
  identity.has_credentials_table = row.Text(0, 2) == "t";
  return identity;
}

Status CheckIdentity(const DatabaseIdentity& identity, const std::string& description) {
  if (identity.has_migrations_table &&
      identity.migrations_table_comment != kPostgresRegistryMarker) {
    return InvalidInput(description +
                        " is not a Pramaan registry: its schema_migrations table belongs to "
                        "another application (it lacks the registry's comment); give Pramaan "
                        "a database or schema of its own");
  }
  if (!identity.has_migrations_table && identity.has_credentials_table) {
    return InvalidInput(description +
                        " is not a Pramaan registry: it has a credentials table of another "
                        "application (no schema_migrations table); give Pramaan a database or "
                        "schema of its own");
  }
  return Status::Ok();
}

// The highest migration recorded; 0 for a database without the registry's tables.
Result<int> ReadVersion(PostgresConnection& connection) {
  PRAMAAN_ASSIGN_OR_RETURN(DatabaseIdentity identity, Identify(connection));
  PRAMAAN_RETURN_IF_ERROR(CheckIdentity(identity, connection.description()));
  if (!identity.has_migrations_table) return 0;
  PRAMAAN_ASSIGN_OR_RETURN(
      PostgresResult row,
      connection.Execute("SELECT coalesce(max(version), 0) FROM schema_migrations"));
  if (row.rows() != 1) return Internal(connection.description() + ": no row from max(version)");
  PRAMAAN_ASSIGN_OR_RETURN(int64_t version, row.Int64(0, 0));
  return static_cast<int>(version);
}

Status CheckNotNewer(int version, int known, const std::string& description) {
  if (version <= known) return Status::Ok();
  return InvalidInput(description + " has registry schema version " + std::to_string(version) +
                      ", newer than version " + std::to_string(known) +
                      " that this build of Pramaan knows: it was written by a newer Pramaan; "
                      "run that version, or restore a backup taken before the upgrade");
}

// The migration lock, held by this session until Release() or, on an error path, until the
// destructor releases it (or the caller closes the connection, which releases it too).
class MigrationLock {
 public:
  static Result<MigrationLock> Acquire(PostgresConnection& connection) {
    PRAMAAN_RETURN_IF_ERROR(connection.Execute("SELECT pg_advisory_lock($1::bigint)",
                                               PostgresParams().Int64(kPostgresMigrationLockKey)));
    return MigrationLock(&connection);
  }
  MigrationLock(MigrationLock&& other) noexcept
      : connection_(std::exchange(other.connection_, nullptr)) {}
  MigrationLock& operator=(MigrationLock&&) = delete;
  ~MigrationLock() {
    if (connection_ != nullptr && !connection_->is_broken()) (void)Release();
  }

  Status Release() {
    PostgresConnection* connection = std::exchange(connection_, nullptr);
    PRAMAAN_ASSIGN_OR_RETURN(
        PostgresResult released,
        connection->Execute("SELECT pg_advisory_unlock($1::bigint)",
                            PostgresParams().Int64(kPostgresMigrationLockKey)));
    if (released.rows() != 1 || released.Text(0, 0) != "t") {
      return Internal(connection->description() + ": the migration lock was not held");
    }
    return Status::Ok();
  }

 private:
  explicit MigrationLock(PostgresConnection* connection) : connection_(connection) {}

  PostgresConnection* connection_;
};

}  // namespace

std::span<const PostgresMigration> PostgresRegistryMigrations() {
  return kPostgresRegistryMigrations;
}

Result<int> MigratePostgresRegistry(PostgresConnection& connection,
                                    std::span<const PostgresMigration> migrations) {
  if (migrations.empty()) return Internal("the registry has no migrations");
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return Internal("registry migration at position " + std::to_string(i + 1) + " is numbered " +
                      std::to_string(migrations[i].version));
    }
  }
  const int last = migrations.back().version;

  // Everything below, reading the version included, happens under the lock: another process
  // may be half-way through migration 1 (tables created, nothing committed yet).
  PRAMAAN_ASSIGN_OR_RETURN(MigrationLock lock, MigrationLock::Acquire(connection));
  PRAMAAN_ASSIGN_OR_RETURN(int version, ReadVersion(connection));
  PRAMAAN_RETURN_IF_ERROR(CheckNotNewer(version, last, connection.description()));

  for (const PostgresMigration& migration : migrations.subspan(static_cast<size_t>(version))) {
    std::string context = "registry migration " + std::to_string(migration.version) + " (" +
                          std::string(migration.description) + ")";
    PRAMAAN_ASSIGN_OR_RETURN(PostgresTransaction transaction,
                             PostgresTransaction::Begin(connection));
    Status applied = connection.ExecScript(migration.sql);
    if (!applied.ok()) return Internal(applied.error().WithContext(context).message());
    // applied_at is bookkeeping for people, not data any decision reads, so the server's
    // clock is used rather than an injected one.
    PRAMAAN_RETURN_IF_ERROR(connection.Execute(
        "INSERT INTO schema_migrations (version, applied_at) VALUES ($1::integer, "
        "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))",
        PostgresParams().Int64(migration.version)));
    PRAMAAN_RETURN_IF_ERROR(transaction.Commit());
  }
  PRAMAAN_RETURN_IF_ERROR(lock.Release());
  return last;
}

}  // namespace pramaan::store
