// One PostgreSQL connection (libpq) with its prepared statements, and the scoped helpers that
// use it: a statement's parameters, a query's result and a transaction. Internal to store/; a
// libpq connection is used by one thread at a time (the registry's pool hands connections
// out; see postgres_registry.h).
#ifndef PRAMAAN_STORE_POSTGRES_CONNECTION_H_
#define PRAMAAN_STORE_POSTGRES_CONNECTION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.h"

struct pg_conn;
struct pg_result;

namespace pramaan::store {

// True for a URL libpq reads as a PostgreSQL connection URL: "postgresql://..." or
// "postgres://..." (the scheme in any case).
bool IsPostgresUrl(std::string_view location);

// Where a registry lives on PostgreSQL: the URL to connect with (which may carry a password)
// and a description of it for messages and logs, without the password.
class PostgresTarget {
 public:
  // Checks `url` with libpq's own parser. Fails with kInvalidInput when it is not a
  // postgresql:// or postgres:// URL libpq accepts; the message never repeats the URL, which
  // may hold a password.
  static Result<PostgresTarget> Parse(std::string_view url);

  const std::string& url() const { return url_; }
  // "postgresql://user@host:port/database": no password, no other parameters.
  const std::string& description() const { return description_; }

 private:
  PostgresTarget(std::string url, std::string description)
      : url_(std::move(url)), description_(std::move(description)) {}

  std::string url_;
  std::string description_;
};

// The parameters of one statement ($1, $2, ... in order), in PostgreSQL's text format. Values
// are copied: libpq reads text parameters as NUL-terminated strings, so each needs its own
// terminated copy. Text must be storable (IsStorableText in registry_checks.h): a NUL would end
// it early.
class PostgresParams {
 public:
  PostgresParams& Text(std::string_view text);
  // NULL when `text` is empty.
  PostgresParams& TextOrNull(std::string_view text);
  PostgresParams& Int64(int64_t value);
  // NULL when absent.
  PostgresParams& OptionalInt64(std::optional<int64_t> value);

  size_t size() const { return values_.size(); }
  const std::optional<std::string>& operator[](size_t i) const { return values_[i]; }

 private:
  std::vector<std::optional<std::string>> values_;
};

// A successful query's rows (text format). Owns the libpq result.
class PostgresResult {
 public:
  PostgresResult(PostgresResult&&) noexcept = default;
  PostgresResult& operator=(PostgresResult&&) noexcept = default;
  ~PostgresResult();

  int rows() const;
  // Columns of row `row`, numbered from 0. NULL reads as "" / nullopt. Fails with kInternal
  // when a column read as a number is not one (a schema this build does not know).
  std::string Text(int row, int column) const;
  Result<int64_t> Int64(int row, int column) const;
  Result<std::optional<int64_t>> OptionalInt64(int row, int column) const;
  // The command tag, as "INSERT 0 1" or "COMMIT".
  std::string CommandStatus() const;

 private:
  friend class PostgresConnection;
  struct Clear {
    void operator()(pg_result* result) const;
  };
  explicit PostgresResult(pg_result* result) : result_(result) {}

  std::unique_ptr<pg_result, Clear> result_;
};

class PostgresConnection {
 public:
  // How long connecting waits for the server when the URL does not say (connect_timeout).
  static constexpr int kDefaultConnectTimeoutSeconds = 10;

  // Connects to `target` with client_encoding UTF8 (forced: text is stored byte for byte) and
  // application_name "pramaan" (the URL may name another). Fails with kInternal naming the
  // target (without its password) when the server cannot be reached or refuses the login.
  static Result<std::unique_ptr<PostgresConnection>> Open(const PostgresTarget& target);
  ~PostgresConnection();
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  // Runs `sql` (one statement, parameters as $1, $2, ...) as a prepared statement: prepared on
  // this connection at first use and kept for its life, so each later run sends only the
  // parameters. Fails with the errors of ErrorFor.
  Result<PostgresResult> Execute(std::string_view sql, const PostgresParams& params = {});
  // Runs `sql` (any number of statements, no parameters) without preparing it: migrations,
  // BEGIN and the like.
  Status ExecScript(std::string_view sql);

  // False once the connection is lost (the server closed it, restarted or went away); a lost
  // connection is not used again.
  bool is_broken() const;
  // False while a transaction is open or failed: such a connection must not go back to a pool.
  bool is_idle() const;

  const std::string& description() const { return description_; }

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };

  PostgresConnection(pg_conn* connection, std::string description)
      : connection_(connection), description_(std::move(description)) {}

  // The error for a failed command: "target: doing: what PostgreSQL said [SQLSTATE]".
  // kInvalidInput for integrity-constraint violations (SQLSTATE class 23: unique, foreign key,
  // check, not null), as SQLite's constraint failures; kInternal for everything else.
  Error ErrorFor(const pg_result* result, std::string_view doing) const;
  // The result of a command that ran, or its error.
  Result<PostgresResult> Check(pg_result* result, std::string_view doing) const;

  pg_conn* connection_;
  std::string description_;
  // SQL text -> the name it was prepared under on this connection.
  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> statements_;
};

// A transaction (BEGIN ... COMMIT), rolled back by the destructor unless committed.
class PostgresTransaction {
 public:
  static Result<PostgresTransaction> Begin(PostgresConnection& connection);
  PostgresTransaction(PostgresTransaction&& other) noexcept
      : connection_(std::exchange(other.connection_, nullptr)) {}
  PostgresTransaction& operator=(PostgresTransaction&&) = delete;
  PostgresTransaction(const PostgresTransaction&) = delete;
  PostgresTransaction& operator=(const PostgresTransaction&) = delete;
  ~PostgresTransaction();

  // Fails with kInternal when the server rolled the transaction back instead (a statement in
  // it failed) or the connection was lost before the commit was confirmed.
  Status Commit();

 private:
  explicit PostgresTransaction(PostgresConnection* connection) : connection_(connection) {}

  PostgresConnection* connection_;  // null once committed, rolled back or moved from
};

}  // namespace pramaan::store

#endif  // PRAMAAN_STORE_POSTGRES_CONNECTION_H_
