#include "store/postgres_connection.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace pramaan::store {
namespace {

constexpr std::string_view kSchemes[] = {"postgresql://", "postgres://"};

// `prefix` is in lower case.
bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char lower, char c) {
           return std::tolower(static_cast<unsigned char>(c)) == lower;
         });
}

// libpq recognizes the scheme in lower case only.
std::string WithLowerCaseScheme(std::string_view url) {
  std::string lowered(url);
  size_t end = lowered.find("://");
  std::transform(lowered.begin(), lowered.begin() + static_cast<std::ptrdiff_t>(end),
                 lowered.begin(), [](unsigned char c) { return std::tolower(c); });
  return lowered;
}

std::string TrimEnd(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

}  // namespace

bool IsPostgresUrl(std::string_view location) {
  return std::any_of(std::begin(kSchemes), std::end(kSchemes), [&](std::string_view scheme) {
    return StartsWithIgnoringCase(location, scheme);
  });
}

Result<PostgresTarget> PostgresTarget::Parse(std::string_view url) {
  if (!IsPostgresUrl(url)) {
    return InvalidInput(
        "a PostgreSQL registry is named by a URL starting with postgresql:// or postgres://");
  }
  std::string normalized = WithLowerCaseScheme(url);
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(normalized.c_str(), &parse_error);
  if (options == nullptr) {
    // libpq's message can quote a piece of the URL, and so of a password in it: not repeated.
    PQfreemem(parse_error);
    return InvalidInput(
        "the PostgreSQL registry URL is not valid (expected "
        "postgresql://user:password@host:port/database?parameter=value)");
  }
  std::string user, host, port, database;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    std::string_view keyword = option->keyword;
    if (keyword == "user") user = option->val;
    if (keyword == "host") host = option->val;
    if (keyword == "port") port = option->val;
    if (keyword == "dbname") database = option->val;
  }
  PQconninfoFree(options);
  std::string description = "postgresql://";
  if (!user.empty()) description += user + "@";
  description += host.empty() ? "localhost" : host;
  if (!port.empty()) description += ":" + port;
  description += "/" + database;
  return PostgresTarget(std::move(normalized), std::move(description));
}

PostgresParams& PostgresParams::Text(std::string_view text) {
  values_.emplace_back(std::string(text));
  return *this;
}

PostgresParams& PostgresParams::TextOrNull(std::string_view text) {
  if (text.empty()) {
    values_.emplace_back(std::nullopt);
  } else {
    values_.emplace_back(std::string(text));
  }
  return *this;
}

PostgresParams& PostgresParams::Int64(int64_t value) {
  values_.emplace_back(std::to_string(value));
  return *this;
}

PostgresParams& PostgresParams::OptionalInt64(std::optional<int64_t> value) {
  if (value.has_value()) return Int64(*value);
  values_.emplace_back(std::nullopt);
  return *this;
}

void PostgresResult::Clear::operator()(pg_result* result) const { PQclear(result); }

PostgresResult::~PostgresResult() = default;

int PostgresResult::rows() const { return PQntuples(result_.get()); }

std::string PostgresResult::Text(int row, int column) const {
  if (PQgetisnull(result_.get(), row, column)) return "";
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<size_t>(PQgetlength(result_.get(), row, column)));
}

Result<int64_t> PostgresResult::Int64(int row, int column) const {
  std::string text = Text(row, column);
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Internal("column " + std::string(PQfname(result_.get(), column)) + " holds '" + text +
                    "', not a 64-bit integer");
  }
  return value;
}

Result<std::optional<int64_t>> PostgresResult::OptionalInt64(int row, int column) const {
  if (PQgetisnull(result_.get(), row, column)) return std::optional<int64_t>();
  PRAMAAN_ASSIGN_OR_RETURN(int64_t value, Int64(row, column));
  return std::optional<int64_t>(value);
}

std::string PostgresResult::CommandStatus() const { return PQcmdStatus(result_.get()); }

Result<std::unique_ptr<PostgresConnection>> PostgresConnection::Open(const PostgresTarget& target) {
  // Processed in order, a later keyword overriding an earlier one: the URL (expanded from
  // "dbname") may set the timeout and the application name, but not the encoding.
  const std::string timeout = std::to_string(kDefaultConnectTimeoutSeconds);
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", "client_encoding",
                            nullptr};
  const char* values[] = {timeout.c_str(), "pramaan", target.url().c_str(), "UTF8", nullptr};
  PGconn* connection = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (connection == nullptr) {
    return Internal(target.description() + ": cannot connect: out of memory");
  }
  auto opened =
      std::unique_ptr<PostgresConnection>(new PostgresConnection(connection, target.description()));
  if (PQstatus(connection) != CONNECTION_OK) {
    return Internal(target.description() +
                    ": cannot connect to the registry: " + TrimEnd(PQerrorMessage(connection)));
  }
  return opened;
}

PostgresConnection::~PostgresConnection() {
  // Closing the session frees its prepared statements and releases its session locks.
  PQfinish(connection_);
}

bool PostgresConnection::is_broken() const { return PQstatus(connection_) != CONNECTION_OK; }

bool PostgresConnection::is_idle() const {
  return PQtransactionStatus(connection_) == PQTRANS_IDLE;
}

Error PostgresConnection::ErrorFor(const pg_result* result, std::string_view doing) const {
  std::string what;
  std::string sqlstate;
  if (result != nullptr) {
    const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    what = primary != nullptr ? primary : TrimEnd(PQresultErrorMessage(result));
    if (state != nullptr) sqlstate = state;
  }
  if (what.empty()) what = TrimEnd(PQerrorMessage(connection_));
  if (what.empty()) what = "no answer from the server";
  std::string message = description_ + ": " + std::string(doing) + ": " + what;
  if (!sqlstate.empty()) message += " [SQLSTATE " + sqlstate + "]";
  // Class 23, integrity constraint violation: 23505 unique, 23503 foreign key, 23514 check,
  // 23502 not null. The caller's data collides with what is stored (SQLite's
  // SQLITE_CONSTRAINT, mapped the same way in SqliteConnection::ErrorFor).
  if (sqlstate.starts_with("23")) return InvalidInput(message);
  return Internal(message);
}

Result<PostgresResult> PostgresConnection::Check(pg_result* result, std::string_view doing) const {
  PostgresResult owned(result);  // cleared on every path
  ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return owned;
  return ErrorFor(result, doing);
}

Result<PostgresResult> PostgresConnection::Execute(std::string_view sql,
                                                   const PostgresParams& params) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    std::string name = "pramaan_" + std::to_string(statements_.size() + 1);
    std::string text(sql);
    // Parameter types are left to the server, which infers them from the columns they meet.
    PRAMAAN_RETURN_IF_ERROR(
        Check(PQprepare(connection_, name.c_str(), text.c_str(), 0, nullptr), "preparing " + text));
    found = statements_.emplace(std::move(text), std::move(name)).first;
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    values.push_back(params[i].has_value() ? params[i]->c_str() : nullptr);
  }
  return Check(PQexecPrepared(connection_, found->second.c_str(), static_cast<int>(values.size()),
                              values.data(), /*paramLengths=*/nullptr, /*paramFormats=*/nullptr,
                              /*resultFormat=*/0),
               found->first);
}

Status PostgresConnection::ExecScript(std::string_view sql) {
  std::string script(sql);  // PQexec wants a NUL-terminated string
  PRAMAAN_RETURN_IF_ERROR(Check(PQexec(connection_, script.c_str()), "running a script"));
  return Status::Ok();
}

Result<PostgresTransaction> PostgresTransaction::Begin(PostgresConnection& connection) {
  PRAMAAN_RETURN_IF_ERROR(connection.ExecScript("BEGIN"));
  return PostgresTransaction(&connection);
}

PostgresTransaction::~PostgresTransaction() {
  if (connection_ == nullptr || connection_->is_broken()) return;
  // A failed ROLLBACK leaves the connection in a transaction; the pool then closes it, which
  // ends the transaction on the server.
  (void)connection_->ExecScript("ROLLBACK");
}

Status PostgresTransaction::Commit() {
  PostgresConnection* connection = std::exchange(connection_, nullptr);
  auto committed = connection->Execute("COMMIT");
  if (!committed.ok()) return committed.error();
  // COMMIT of a transaction in which a statement failed succeeds, with the tag ROLLBACK.
  if (committed->CommandStatus() != "COMMIT") {
    return Internal(connection->description() + ": the transaction was rolled back, not committed");
  }
  return Status::Ok();
}

}  // namespace pramaan::store
