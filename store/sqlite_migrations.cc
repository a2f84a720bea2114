#include "store/sqlite_migrations.h"

#include <string>

namespace pramaan::store {
namespace {

// Migration 1, the schema of the first release.
//
// - STRICT tables: SQLite otherwise stores any type in any column.
// - `id` is NOT NULL explicitly: a TEXT PRIMARY KEY alone admits NULL in SQLite (a legacy bug
//   kept for compatibility).
// - A rowid table, not WITHOUT ROWID: rows hold whole credentials (kilobytes), which SQLite
//   advises against in WITHOUT ROWID tables; `id` and `source_record_id` get their own indexes
//   from PRIMARY KEY and UNIQUE.
// - Status-list positions are unique when present, so no index is ever handed out twice
//   (issue 6 allocates them; the constraint is the last line of defence).
// - superseded_by has a partial index: finding what replaced or what is replaced by a
//   credential, and the foreign-key check, stay index lookups.
constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY,
  applied_at TEXT NOT NULL
) STRICT;

CREATE TABLE credentials (
  id TEXT NOT NULL PRIMARY KEY,
  source_record_id TEXT UNIQUE NOT NULL,
  credential_json TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  superseded_by TEXT NULL REFERENCES credentials(id),
  revocation_index INTEGER NULL CHECK (revocation_index >= 0),
  suspension_index INTEGER NULL CHECK (suspension_index >= 0),
  CHECK (superseded_by <> id)
) STRICT;

CREATE INDEX credentials_by_superseded_by ON credentials(superseded_by)
  WHERE superseded_by IS NOT NULL;
CREATE UNIQUE INDEX credentials_by_revocation_index ON credentials(revocation_index)
  WHERE revocation_index IS NOT NULL;
CREATE UNIQUE INDEX credentials_by_suspension_index ON credentials(suspension_index)
  WHERE suspension_index IS NOT NULL;

PRAGMA application_id = 1347571022;
)sql";

static_assert(kRegistryApplicationId == 1347571022, "kMigration1 writes this number");

// Migration 2: what replaced a credential, answered from an index alone. Verifiers ask on
// every request, and superseded_by sits after the credential in the row, which SQLite would
// otherwise reach through the credential's overflow pages.
constexpr std::string_view kMigration2 = R"sql(
CREATE INDEX credentials_supersession ON credentials(id, superseded_by);
)sql";

// Migration 3: status after issuance (W3C Bitstring Status List).
// - revoked and suspended are the bits of the credential's positions in the revocation and
//   suspension lists; partial indexes make reading the set bits of a list an index range scan.
// - status_events is the append-only audit log of every change: triggers refuse UPDATE and
//   DELETE, so not even a bug in Pramaan can rewrite history through this connection.
constexpr std::string_view kMigration3 = R"sql(
ALTER TABLE credentials ADD COLUMN revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1));
ALTER TABLE credentials ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0
  CHECK (suspended IN (0, 1));
CREATE INDEX credentials_revoked ON credentials(revocation_index) WHERE revoked = 1;
CREATE INDEX credentials_suspended ON credentials(suspension_index) WHERE suspended = 1;

CREATE TABLE status_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  credential_id TEXT NOT NULL REFERENCES credentials(id),
  action TEXT NOT NULL CHECK (action IN ('revoke', 'suspend', 'unsuspend')),
  reason TEXT NOT NULL CHECK (reason <> ''),
  actor TEXT NOT NULL CHECK (actor <> ''),
  at TEXT NOT NULL
) STRICT;
CREATE INDEX status_events_by_credential ON status_events(credential_id, seq);
CREATE TRIGGER status_events_no_update BEFORE UPDATE ON status_events
  BEGIN SELECT RAISE(ABORT, 'status_events is append-only'); END;
CREATE TRIGGER status_events_no_delete BEFORE DELETE ON status_events
  BEGIN SELECT RAISE(ABORT, 'status_events is append-only'); END;
)sql";

// Migration 4: the digest of each credential's source record, so batch issuance can tell a
// record sent again (skipped) from a different record under the same id (refused).
constexpr std::string_view kMigration4 = R"sql(
ALTER TABLE credentials ADD COLUMN source_digest TEXT NULL;
)sql";

// Migration 5: the awarding workflow (store/awarding_store.h): the qualification catalogue,
// the workflow's users (an API token is kept only as its SHA-256), result batches and their
// results, and the awarding audit log, append-only like status_events.
// - results.credential_id references the credential issued for the result, so an award
//   cannot name a credential the registry does not hold.
// - A batch's state is checked against the five the workflow knows.
constexpr std::string_view kMigration5 = R"sql(
CREATE TABLE qualifications (
  nqr_code TEXT NOT NULL PRIMARY KEY CHECK (nqr_code <> ''),
  definition_json TEXT NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE awarding_users (
  name TEXT NOT NULL PRIMARY KEY CHECK (name <> ''),
  roles TEXT NOT NULL,
  token_digest TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE result_batches (
  id TEXT NOT NULL PRIMARY KEY,
  agency TEXT NOT NULL CHECK (agency <> ''),
  state TEXT NOT NULL
    CHECK (state IN ('submitted', 'in_review', 'approved', 'sent_back', 'awarded')),
  submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  reviewed_by TEXT NULL,
  reviewed_at TEXT NULL,
  decided_by TEXT NULL,
  decided_at TEXT NULL,
  decision_reason TEXT NULL,
  awarded_by TEXT NULL,
  awarded_at TEXT NULL,
  refused_json TEXT NOT NULL
) STRICT;

CREATE TABLE results (
  batch_id TEXT NOT NULL REFERENCES result_batches(id),
  position INTEGER NOT NULL CHECK (position > 0),
  candidate_id TEXT NOT NULL,
  apaar_id TEXT NOT NULL,
  nqr_code TEXT NOT NULL REFERENCES qualifications(nqr_code),
  passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
  result_json TEXT NOT NULL,
  credential_id TEXT NULL REFERENCES credentials(id),
  PRIMARY KEY (batch_id, position)
) STRICT;
CREATE INDEX results_by_apaar ON results(apaar_id);

CREATE TABLE awarding_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  subject TEXT NOT NULL CHECK (subject <> ''),
  action TEXT NOT NULL CHECK (action <> ''),
  actor TEXT NOT NULL CHECK (actor <> ''),
  at TEXT NOT NULL,
  reason TEXT NOT NULL,
  detail_json TEXT NOT NULL
) STRICT;
CREATE INDEX awarding_events_by_subject ON awarding_events(subject, seq);
CREATE TRIGGER awarding_events_no_update BEFORE UPDATE ON awarding_events
  BEGIN SELECT RAISE(ABORT, 'awarding_events is append-only'); END;
CREATE TRIGGER awarding_events_no_delete BEFORE DELETE ON awarding_events
  BEGIN SELECT RAISE(ABORT, 'awarding_events is append-only'); END;
)sql";

// Migration 6: an issued credential is never rewritten or removed. Its id, source record and
// signed bytes are fixed once stored (the status bits, superseded_by and the digest stay
// writable), and rows are never deleted. The server keeps verifications of stored credentials
// by id alone (api/verified_cache.h) on this promise, which these triggers make the database
// keep against any client, not only Pramaan.
constexpr std::string_view kMigration6 = R"sql(
CREATE TRIGGER credentials_issued_no_rewrite
  BEFORE UPDATE OF id, source_record_id, credential_json, issued_at ON credentials
  BEGIN SELECT RAISE(ABORT, 'an issued credential is never rewritten'); END;
CREATE TRIGGER credentials_issued_no_delete BEFORE DELETE ON credentials
  BEGIN SELECT RAISE(ABORT, 'an issued credential is never deleted'); END;
)sql";

// Migration 7: the issuance audit log. The issuance service writes an event before every
// signature ("sign": which credential, which key, who asked, when) and one after it, in the
// transaction that stores the credential ("issued"), or "refused" with the reason. No foreign
// key to credentials: a "sign" event precedes the credential it names, and one that was never
// stored (a crash, a refusal) stays in the log. Append-only like status_events.
constexpr std::string_view kMigration7 = R"sql(
CREATE TABLE issuance_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  credential_id TEXT NOT NULL CHECK (credential_id <> ''),
  source_record_id TEXT NOT NULL CHECK (source_record_id <> ''),
  action TEXT NOT NULL CHECK (action IN ('sign', 'issued', 'refused')),
  key_id TEXT NOT NULL CHECK (key_id <> ''),
  actor TEXT NOT NULL CHECK (actor <> ''),
  at TEXT NOT NULL,
  detail TEXT NOT NULL
) STRICT;
CREATE INDEX issuance_events_by_credential ON issuance_events(credential_id, seq);
CREATE TRIGGER issuance_events_no_update BEFORE UPDATE ON issuance_events
  BEGIN SELECT RAISE(ABORT, 'issuance_events is append-only'); END;
CREATE TRIGGER issuance_events_no_delete BEFORE DELETE ON issuance_events
  BEGIN SELECT RAISE(ABORT, 'issuance_events is append-only'); END;
)sql";

// Migration 8: what the issuer role makes for the public role to serve, so that the public
// role holds no key. Signed status lists, one row per list (replaced when re-signed); and
// certificate PDFs, one per credential, as BLOBs (binary). The index on issued_at lets the
// issuer's certificate worker read only credentials issued since its last pass.
constexpr std::string_view kMigration8 = R"sql(
CREATE TABLE status_list_credentials (
  list_id TEXT NOT NULL PRIMARY KEY,
  credential_json TEXT NOT NULL,
  etag TEXT NOT NULL,
  status_version INTEGER NOT NULL CHECK (status_version >= 0),
  signed_at TEXT NOT NULL,
  valid_until TEXT NOT NULL
) STRICT;

CREATE TABLE certificates (
  credential_id TEXT NOT NULL PRIMARY KEY REFERENCES credentials(id),
  pdf BLOB NOT NULL CHECK (length(pdf) > 0)
) STRICT;

CREATE INDEX credentials_by_issued_at ON credentials(issued_at, id);
)sql";

// Migration 9: a submitter belongs to an assessment agency (issue 17) and sees only its
// batches. NULL for users added before (and for approvers and administrators, who see all);
// the index serves the list of an agency's batches.
constexpr std::string_view kMigration9 = R"sql(
ALTER TABLE awarding_users ADD COLUMN agency TEXT NULL CHECK (agency IS NULL OR agency <> '');
CREATE INDEX result_batches_by_agency ON result_batches(agency, submitted_at);
)sql";

// Migration 10: why a status changed, as a code from a fixed list (issue 19; store/registry.h
// kStatusReasonCodes), beside the reason's words. NULL in events recorded before.
constexpr std::string_view kMigration10 = R"sql(
ALTER TABLE status_events ADD COLUMN reason_code TEXT NULL CHECK (reason_code IS NULL OR
  reason_code IN ('issued_in_error', 'fraudulent', 'withdrawn_by_awarding_body', 'superseded',
                  'other'));
)sql";

// Migration 11: awarding users an administrator disabled (issue 21), and when; NULL while
// enabled.
constexpr std::string_view kMigration11 = R"sql(
ALTER TABLE awarding_users ADD COLUMN disabled_at TEXT NULL;
)sql";

// Migration 12: the awarding console's sessions (issue 21), shared by every issuer server on
// the registry: the SHA-256 of the cookie's secret, the user, and when it began, was last
// used and ended.
constexpr std::string_view kMigration12 = R"sql(
CREATE TABLE console_sessions (
  digest TEXT PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES awarding_users(name),
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  ended_at TEXT NULL
);
)sql";

// Append only: never edit a released entry (see sqlite_migrations.h).
constexpr SqliteMigration kRegistryMigrations[] = {
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

struct FileIdentity {
  int64_t application_id = 0;
  bool empty = true;  // no table, index, view or trigger at all
  bool has_migrations_table = false;
};

Result<int64_t> QueryInt64(SqliteConnection& connection, std::string_view sql) {
  PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement statement, connection.Prepare(sql));
  PRAMAAN_ASSIGN_OR_RETURN(bool has_row, statement.Step());
  if (!has_row) return Internal(connection.path().string() + ": no row from " + std::string(sql));
  return statement.ColumnInt64(0);
}

// Reads the header and the catalogue only. The first read of a file that is not a database
// fails here with SQLITE_NOTADB (kInvalidInput).
Result<FileIdentity> Identify(SqliteConnection& connection) {
  FileIdentity identity;
  PRAMAAN_ASSIGN_OR_RETURN(identity.application_id,
                           QueryInt64(connection, "PRAGMA application_id"));
  PRAMAAN_ASSIGN_OR_RETURN(int64_t objects,
                           QueryInt64(connection, "SELECT count(*) FROM sqlite_schema"));
  identity.empty = objects == 0;
  PRAMAAN_ASSIGN_OR_RETURN(int64_t tables,
                           QueryInt64(connection,
                                      "SELECT count(*) FROM sqlite_schema "
                                      "WHERE type = 'table' AND name = 'schema_migrations'"));
  identity.has_migrations_table = tables > 0;
  return identity;
}

Status CheckIdentity(const FileIdentity& identity, const std::filesystem::path& path) {
  if (identity.application_id == 0 && identity.empty) return Status::Ok();  // a new file
  if (identity.application_id == kRegistryApplicationId && identity.has_migrations_table) {
    return Status::Ok();
  }
  if (identity.application_id == kRegistryApplicationId) {
    return InvalidInput(path.string() +
                        " is not a usable Pramaan registry: it carries the "
                        "registry's application id but has no schema_migrations table");
  }
  return InvalidInput(path.string() +
                      " is not a Pramaan registry: it is a SQLite database of "
                      "another application (application id " +
                      std::to_string(identity.application_id) + ")");
}

// The highest migration recorded; 0 for a new file.
Result<int> ReadVersion(SqliteConnection& connection) {
  PRAMAAN_ASSIGN_OR_RETURN(FileIdentity identity, Identify(connection));
  PRAMAAN_RETURN_IF_ERROR(CheckIdentity(identity, connection.path()));
  if (!identity.has_migrations_table) return 0;
  PRAMAAN_ASSIGN_OR_RETURN(
      int64_t version,
      QueryInt64(connection, "SELECT coalesce(max(version), 0) FROM schema_migrations"));
  return static_cast<int>(version);
}

Status CheckNotNewer(int version, int known, const std::filesystem::path& path) {
  if (version <= known) return Status::Ok();
  return InvalidInput(path.string() + " has registry schema version " + std::to_string(version) +
                      ", newer than version " + std::to_string(known) +
                      " that this build of Pramaan knows: it was written by a newer Pramaan; "
                      "run that version, or restore a backup taken before the upgrade");
}

}  // namespace

std::span<const SqliteMigration> RegistryMigrations() { return kRegistryMigrations; }

Status CheckSqliteRegistryFile(SqliteConnection& connection) {
  PRAMAAN_ASSIGN_OR_RETURN(FileIdentity identity, Identify(connection));
  return CheckIdentity(identity, connection.path());
}

Result<int> MigrateSqliteRegistry(SqliteConnection& connection,
                                  std::span<const SqliteMigration> migrations) {
  if (migrations.empty()) return Internal("the registry has no migrations");
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return Internal("registry migration at position " + std::to_string(i + 1) + " is numbered " +
                      std::to_string(migrations[i].version));
    }
  }
  const int last = migrations.back().version;

  PRAMAAN_ASSIGN_OR_RETURN(int version, ReadVersion(connection));
  PRAMAAN_RETURN_IF_ERROR(CheckNotNewer(version, last, connection.path()));

  for (const SqliteMigration& migration : migrations.subspan(static_cast<size_t>(version))) {
    PRAMAAN_ASSIGN_OR_RETURN(SqliteTransaction transaction,
                             SqliteTransaction::BeginImmediate(connection));
    // Read again under the write lock: another process may have migrated meanwhile.
    PRAMAAN_ASSIGN_OR_RETURN(int current, ReadVersion(connection));
    PRAMAAN_RETURN_IF_ERROR(CheckNotNewer(current, last, connection.path()));
    if (current >= migration.version) continue;  // the destructor ends the empty transaction

    std::string context = "registry migration " + std::to_string(migration.version) + " (" +
                          std::string(migration.description) + ")";
    Status applied = connection.ExecScript(migration.sql);
    if (!applied.ok()) return Internal(applied.error().WithContext(context).message());
    // applied_at is bookkeeping for people, not data any decision reads, so SQLite's own clock
    // is used rather than an injected one.
    PRAMAAN_ASSIGN_OR_RETURN(
        SqliteStatement record,
        connection.Prepare("INSERT INTO schema_migrations (version, applied_at) "
                           "VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"));
    record.BindInt64(1, migration.version);
    PRAMAAN_RETURN_IF_ERROR(record.Run());
    PRAMAAN_RETURN_IF_ERROR(transaction.Commit());
  }
  return last;
}

}  // namespace pramaan::store
