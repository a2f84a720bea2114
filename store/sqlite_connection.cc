#include "store/sqlite_connection.h"

#include <sqlite3.h>

#include <utility>

#include "store/registry_file_access.h"

namespace pramaan::store {

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)),
      connection_(other.connection_),
      bind_error_(other.bind_error_) {}

SqliteStatement::~SqliteStatement() {
  if (statement_ == nullptr) return;
  // reset() repeats the last step's error code; it was reported by Step() already.
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

void SqliteStatement::BindText(int index, std::string_view text) {
  // SQLITE_STATIC: the caller's bytes are read in place by Step(), saving a copy of each
  // credential on the way in.
  int rc =
      sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
}

void SqliteStatement::BindInt64(int index, int64_t value) {
  int rc = sqlite3_bind_int64(statement_, index, value);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
}

void SqliteStatement::BindOptionalInt64(int index, std::optional<int64_t> value) {
  if (value.has_value()) {
    BindInt64(index, *value);
    return;
  }
  int rc = sqlite3_bind_null(statement_, index);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
}

void SqliteStatement::BindTextOrNull(int index, std::string_view text) {
  if (!text.empty()) {
    BindText(index, text);
    return;
  }
  int rc = sqlite3_bind_null(statement_, index);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
}

void SqliteStatement::BindBlob(int index, std::string_view bytes) {
  int rc = sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_STATIC);
  if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
}

Result<bool> SqliteStatement::Step() {
  if (bind_error_ != 0) return connection_->ErrorFor(bind_error_, "binding a parameter");
  int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return connection_->ErrorFor(rc, sqlite3_sql(statement_));
}

Status SqliteStatement::Run() {
  while (true) {
    PRAMAAN_ASSIGN_OR_RETURN(bool has_row, Step());
    if (!has_row) return Status::Ok();
  }
}

std::string SqliteStatement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return "";
  // column_bytes after column_text: the length of the UTF-8 text just produced.
  int size = sqlite3_column_bytes(statement_, column);
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

std::string SqliteStatement::ColumnBlob(int column) const {
  const void* bytes = sqlite3_column_blob(statement_, column);
  if (bytes == nullptr) return "";
  const int size = sqlite3_column_bytes(statement_, column);
  return std::string(static_cast<const char*>(bytes), static_cast<size_t>(size));
}

int64_t SqliteStatement::ColumnInt64(int column) const {
  return sqlite3_column_int64(statement_, column);
}

std::optional<int64_t> SqliteStatement::ColumnOptionalInt64(int column) const {
  if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(statement_, column);
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::filesystem::path& path,
                                                                 Mode mode) {
  // SQLITE_OPEN_NOMUTEX needs a library built thread-safe (Debian's is); without it
  // connections on different threads would corrupt shared state.
  if (sqlite3_threadsafe() == 0) {
    return Internal("the SQLite library was built without thread support (SQLITE_THREADSAFE=0)");
  }
  // Personal data: created owner-only, and refused while every user can read it.
  PRAMAAN_RETURN_IF_ERROR(PrepareRegistryFile(path, mode == Mode::kReadWrite));
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE;
  flags |= mode == Mode::kReadWrite ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
                                    : SQLITE_OPEN_READONLY;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);  // a handle is returned even on failure (or null: a no-op)
    return Internal(path.string() + ": cannot open the registry: " + message);
  }
  auto connection = std::unique_ptr<SqliteConnection>(new SqliteConnection(db, path));
  sqlite3_extended_result_codes(db, 1);
  rc = sqlite3_busy_timeout(db, kBusyTimeoutMs);
  if (rc != SQLITE_OK) return connection->ErrorFor(rc, "setting the busy timeout");
  return connection;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
  // Every statement is finalized, so close cannot be deferred; v2 only for safety.
  sqlite3_close_v2(db_);
}

Result<SqliteStatement> SqliteConnection::Prepare(std::string_view sql) {
  if (auto found = statements_.find(sql); found != statements_.end()) {
    return SqliteStatement(found->second, this);
  }
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
  if (rc != SQLITE_OK) return ErrorFor(rc, std::string("preparing ") + std::string(sql));
  statements_.emplace(std::string(sql), statement);
  return SqliteStatement(statement, this);
}

Status SqliteConnection::ExecScript(std::string_view sql) {
  std::string script(sql);  // sqlite3_exec wants a NUL-terminated string
  int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) return Status::Ok();
  return ErrorFor(rc, "running a script");
}

Error SqliteConnection::ErrorFor(int rc, std::string_view doing) const {
  std::string what = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  std::string message = path_.string() + ": " + std::string(doing) + ": " + what;
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
      return InvalidInput(path_.string() +
                          " is not a Pramaan registry: it is not a SQLite "
                          "database (" +
                          what + ")");
    case SQLITE_CONSTRAINT:
      return InvalidInput(message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Internal(message + " (another connection held the lock for more than " +
                      std::to_string(kBusyTimeoutMs) + " ms)");
    default:
      return Internal(message);
  }
}

Result<SqliteTransaction> SqliteTransaction::BeginImmediate(SqliteConnection& connection) {
  PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement begin, connection.Prepare("BEGIN IMMEDIATE"));
  PRAMAAN_RETURN_IF_ERROR(begin.Run());
  return SqliteTransaction(&connection);
}

SqliteTransaction::~SqliteTransaction() {
  if (connection_ == nullptr) return;
  // Nothing useful can be done if rollback fails: SQLite rolls back on close anyway.
  auto rollback = connection_->Prepare("ROLLBACK");
  if (rollback.ok()) (void)rollback->Run();
}

Status SqliteTransaction::Commit() {
  PRAMAAN_ASSIGN_OR_RETURN(SqliteStatement commit, connection_->Prepare("COMMIT"));
  PRAMAAN_RETURN_IF_ERROR(commit.Run());
  connection_ = nullptr;
  return Status::Ok();
}

}  // namespace pramaan::store
