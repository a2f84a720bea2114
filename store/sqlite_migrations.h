// The registry's schema as a numbered, append-only list of migrations, and the code that
// brings a SQLite database up to date with them.
#ifndef PRAMAAN_STORE_SQLITE_MIGRATIONS_H_
#define PRAMAAN_STORE_SQLITE_MIGRATIONS_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "core/result.h"
#include "store/sqlite_connection.h"

namespace pramaan::store {

// One step of the schema. Versions are numbered 1, 2, 3, ... in list order. A released
// migration is never edited or removed: a change to the schema is a new migration at the end.
struct SqliteMigration {
  int version;
  std::string_view description;  // one line, for people reading schema_migrations' history
  std::string_view sql;  // any number of statements; runs inside the migration's transaction
};

// Written into the database header (PRAGMA application_id) by migration 1: "PRMN". A SQLite
// file without it, and with any table in it, belongs to another application.
inline constexpr int32_t kRegistryApplicationId = 0x50524D4E;

// The registry's migrations, in order.
std::span<const SqliteMigration> RegistryMigrations();

// Succeeds when the database open on `connection` is a Pramaan registry or an empty database
// (a new file); reads only. Fails with kInvalidInput naming the file when it is not a SQLite
// database or is a SQLite database of another application (tables, but not our application id
// and schema_migrations table); kInternal for I/O errors.
Status CheckSqliteRegistryFile(SqliteConnection& connection);

// Brings the database open on `connection` (read-write, not in a transaction) up to the last
// of `migrations`: each migration not yet recorded in schema_migrations runs in its own
// BEGIN IMMEDIATE transaction together with the row that records it, so a migration is either
// wholly applied and recorded or not at all, and two processes opening one file at once run it
// once. Returns the schema version reached (the last migration's number).
//
// Fails without changing the file with the errors of CheckSqliteRegistryFile, and with
// kInvalidInput naming the file when it records a version newer than the last of `migrations`
// (written by a newer Pramaan). kInternal when `migrations` is not numbered 1, 2, ... or a
// migration fails (that one is rolled back; the ones before it stay applied).
Result<int> MigrateSqliteRegistry(SqliteConnection& connection,
                                  std::span<const SqliteMigration> migrations);

}  // namespace pramaan::store

#endif  // PRAMAAN_STORE_SQLITE_MIGRATIONS_H_
