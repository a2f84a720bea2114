// The registry's schema on PostgreSQL: the same numbered, append-only migrations as on SQLite
// (sqlite_migrations.h: the same versions, descriptions, tables, columns and constraints),
// written in PostgreSQL's dialect, and the code that brings a database up to date with them.
#ifndef PRAMAAN_STORE_POSTGRES_MIGRATIONS_H_
#define PRAMAAN_STORE_POSTGRES_MIGRATIONS_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "core/result.h"
#include "store/postgres_connection.h"

namespace pramaan::store {

// One step of the schema; version N here is version N of RegistryMigrations() in SQL that
// PostgreSQL understands. A released migration is never edited or removed.
struct PostgresMigration {
  int version;
  std::string_view description;  // the same words as the SQLite migration of this version
  std::string_view sql;  // any number of statements; runs inside the migration's transaction
};

// Migration 1 sets this as the comment of the schema_migrations table: PostgreSQL's stand-in
// for SQLite's application id. A schema_migrations table without it belongs to another
// application (many tools keep a table of that name).
inline constexpr std::string_view kPostgresRegistryMarker = "Pramaan registry schema migrations";

// The key of the session advisory lock held while migrating ("PRMN", as the SQLite
// application id). Advisory locks are per database, so registries in other databases of the
// same server do not wait for each other.
inline constexpr int64_t kPostgresMigrationLockKey = 0x50524D4E;
// The transaction-level advisory lock every status change holds from before it writes until
// it commits, so status_events.seq values become visible in the order they were assigned:
// a reader that sees seq N as the highest also sees every change up to N (StatusVersion).
inline constexpr int64_t kPostgresStatusOrderLockKey = 0x50524D53;

// The registry's migrations on PostgreSQL, in order.
std::span<const PostgresMigration> PostgresRegistryMigrations();

// Brings the database open on `connection` (not in a transaction) up to the last of
// `migrations`. Holds the advisory lock kPostgresMigrationLockKey meanwhile, so of several
// processes opening one database at once one migrates and the others wait, then find the
// work done. Each migration not yet recorded in schema_migrations runs in its own
// transaction together with the row that records it: wholly applied and recorded, or not at
// all (PostgreSQL's DDL is transactional). Returns the schema version reached.
//
// Fails, changing nothing, with kInvalidInput naming the database when it is not a Pramaan
// registry (a schema_migrations table without our marker, or a credentials table without a
// schema_migrations table; other tables are fine, a database can be shared) or records a
// version newer than the last of `migrations` (written by a newer Pramaan). kInternal when
// `migrations` is not numbered 1, 2, ..., or a migration fails (that one is rolled back; the
// ones before it stay applied). After a failure the caller closes the connection, which
// releases the lock if releasing it failed.
Result<int> MigratePostgresRegistry(PostgresConnection& connection,
                                    std::span<const PostgresMigration> migrations);

}  // namespace pramaan::store

#endif  // PRAMAAN_STORE_POSTGRES_MIGRATIONS_H_
