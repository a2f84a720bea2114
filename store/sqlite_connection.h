// One SQLite connection with its cache of prepared statements, and the scoped helpers that
// use it: a statement in use and a write transaction. Internal to store/; a connection is used
// by one thread at a time (the registry hands connections out; see sqlite_registry.h).
#ifndef PRAMAAN_STORE_SQLITE_CONNECTION_H_
#define PRAMAAN_STORE_SQLITE_CONNECTION_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace pramaan::store {

class SqliteConnection;

// A cached prepared statement in use: bind, step, read columns. The destructor resets the
// statement and clears its bindings, so the next user of the cache starts clean. Text is bound
// without copying: the bound bytes must outlive the last Step(). A failed Bind is reported by
// the next Step().
class SqliteStatement {
 public:
  SqliteStatement(sqlite3_stmt* statement, SqliteConnection* connection)
      : statement_(statement), connection_(connection) {}
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) = delete;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Parameters are numbered from 1, as in "?1".
  void BindText(int index, std::string_view text);
  void BindInt64(int index, int64_t value);
  void BindOptionalInt64(int index, std::optional<int64_t> value);
  // Binds NULL when `text` is empty.
  void BindTextOrNull(int index, std::string_view text);
  // Binds `bytes` as a BLOB (no text encoding), read in place as BindText.
  void BindBlob(int index, std::string_view bytes);

  // Runs the statement one step: true when a row is ready to read, false when it has finished.
  // Fails with the connection's error (see SqliteConnection::ErrorFor).
  Result<bool> Step();
  // Steps until the statement finishes, ignoring rows.
  Status Run();

  // Columns of the current row, numbered from 0. NULL reads as "" / 0 / nullopt.
  std::string ColumnText(int column) const;
  std::string ColumnBlob(int column) const;
  int64_t ColumnInt64(int column) const;
  std::optional<int64_t> ColumnOptionalInt64(int column) const;

 private:
  sqlite3_stmt* statement_;
  SqliteConnection* connection_;
  int bind_error_ = 0;  // the first failed bind's result code, or 0
};

class SqliteConnection {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // How long a statement waits for another connection's write lock before failing busy.
  static constexpr int kBusyTimeoutMs = 5000;

  // Opens `path` (kReadWrite creates it if missing) in multi-thread mode (no per-connection
  // mutex: the caller guarantees one thread at a time), with extended result codes and the
  // busy timeout set. Opening is lazy in SQLite: a file that is not a database fails at the
  // first statement, not here. Fails with kInternal when the file cannot be opened.
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::filesystem::path& path,
                                                        Mode mode);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // The prepared statement for `sql` (one statement, parameters as ?1, ?2, ...), prepared on
  // first use and kept for the life of the connection. Fails with kInternal when `sql` does
  // not compile against this database.
  Result<SqliteStatement> Prepare(std::string_view sql);
  // Runs `sql` (any number of statements, no parameters) without caching it: for migrations.
  Status ExecScript(std::string_view sql);

  // The error for result code `rc` of the last call on this connection, as "path: doing: what
  // SQLite said". kInvalidInput for a file that is not a database (SQLITE_NOTADB) and for
  // constraint failures; kInternal for everything else (I/O, corruption, busy, full disk).
  Error ErrorFor(int rc, std::string_view doing) const;

  const std::filesystem::path& path() const { return path_; }
  sqlite3* handle() const { return db_; }

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };

  SqliteConnection(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::filesystem::path path_;
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> statements_;
};

// A write transaction started with BEGIN IMMEDIATE (the write lock is taken at once, so the
// transaction never fails half-way for a lock another connection holds). Rolled back by the
// destructor unless committed.
class SqliteTransaction {
 public:
  static Result<SqliteTransaction> BeginImmediate(SqliteConnection& connection);
  SqliteTransaction(SqliteTransaction&& other) noexcept
      : connection_(std::exchange(other.connection_, nullptr)) {}
  SqliteTransaction& operator=(SqliteTransaction&&) = delete;
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  ~SqliteTransaction();

  Status Commit();

 private:
  explicit SqliteTransaction(SqliteConnection* connection) : connection_(connection) {}

  SqliteConnection* connection_;  // null once committed, rolled back or moved from
};

}  // namespace pramaan::store

#endif  // PRAMAAN_STORE_SQLITE_CONNECTION_H_
