// The registry on PostgreSQL: one database shared by the Pramaan processes of several machines
// (verification servers in front of one database, issuance workers), on the schema and
// migrations of the SQLite registry.
//
// Connections. A libpq connection must not be used by two threads at once, so the registry
// keeps a pool: a call takes an idle connection (a mutex held for a pointer move, never during
// a query), runs its statements and gives the connection back; when none is idle it opens
// another, up to PostgresRegistryOptions::max_connections, beyond which calls wait for one to
// be given back. PostgreSQL runs the statements of different connections in parallel, writes
// included, and a reader never waits for a writer (MVCC), so unlike the SQLite registry there
// is no separate write connection. Each statement is prepared once per connection and kept;
// every value is a bound parameter.
//
// Lost connections. A connection the server dropped (a restart, a failover, an idle timeout)
// is closed when given back, together with the idle ones opened before it. A read that failed
// on a lost connection is run once more on a new one; a write is not (it may have committed),
// and fails with kInternal: callers retry writes, which Put's refusal of a stored source
// record makes safe to repeat.
//
// Named prepared statements and the session lock taken while migrating need a session of our
// own: connect to PostgreSQL directly or through a pooler in session mode, not in transaction
// mode.
#ifndef PRAMAAN_STORE_POSTGRES_REGISTRY_H_
#define PRAMAAN_STORE_POSTGRES_REGISTRY_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/postgres_connection.h"
#include "store/postgres_migrations.h"
#include "store/registry.h"

namespace pramaan::store {

struct PostgresRegistryOptions {
  // Connections open at once, at most (each is a server process on the database machine):
  // also how many calls run at once; more wait for a connection to be given back.
  size_t max_connections = 16;
  // How long a call waits for a connection when all max_connections are in use, before failing
  // with kInternal.
  std::chrono::milliseconds connection_wait = std::chrono::seconds(30);
  // The migrations to apply (tests pass a prefix to make an older database, or extra ones to
  // test upgrades).
  std::span<const PostgresMigration> migrations = PostgresRegistryMigrations();
};

class PostgresRegistry final : public Registry {
 public:
  // As OpenPostgresRegistry, with options. Fails with kInvalidInput for a URL libpq does not
  // accept or max_connections of 0, and with the errors of PostgresConnection::Open and
  // MigratePostgresRegistry.
  static Result<std::unique_ptr<PostgresRegistry>> Open(std::string_view url);
  static Result<std::unique_ptr<PostgresRegistry>> Open(std::string_view url,
                                                        const PostgresRegistryOptions& options);
  // Closes every connection. No call may be running.
  ~PostgresRegistry() override;
  PostgresRegistry(const PostgresRegistry&) = delete;
  PostgresRegistry& operator=(const PostgresRegistry&) = delete;

  // Registry, with the contract of registry.h. Each is one round trip on a pooled connection
  // (Put: two or three more when refused, to say why; Supersede: a transaction of four). Ids
  // that are not storable text (IsStorableText) are found nowhere, as on SQLite.
  Status Put(const StoredCredential& credential) override;
  Result<std::vector<Status>> PutMany(const std::vector<StoredCredential>& credentials) override;
  Result<std::vector<Status>> PutIssued(const std::vector<StoredCredential>& credentials,
                                        const std::vector<IssuanceEvent>& issued) override;
  Status AppendIssuanceEvents(const std::vector<IssuanceEvent>& events) override;
  Result<std::vector<IssuanceEvent>> IssuanceEvents(std::string_view credential_id) const override;
  Result<std::optional<StoredCredential>> Get(std::string_view id) const override;
  Result<std::optional<std::string>> SupersededBy(std::string_view id) const override;
  Result<int64_t> SupersededCount() const override;
  Result<std::vector<std::pair<std::string, std::string>>> Supersessions(
      int64_t limit) const override;
  Result<std::optional<StoredCredential>> GetBySourceRecord(
      std::string_view source_record_id) const override;
  Status Supersede(std::string_view old_id, std::string_view new_id) override;
  Result<int64_t> Count() const override;
  Result<bool> ChangeStatus(const StatusEvent& event) override;
  Result<std::vector<StatusEvent>> StatusEvents(std::string_view credential_id) const override;
  Result<int64_t> StatusVersion() const override;
  Result<std::vector<int64_t>> SetStatusPositions(StatusPurpose purpose, int64_t begin,
                                                  int64_t end) const override;
  Result<std::vector<int64_t>> UsedStatusPositions(int64_t begin, int64_t end) const override;
  Result<std::optional<int64_t>> MaxStatusPosition() const override;
  Status PutStatusListCredential(const StoredStatusList& list) override;
  Result<std::optional<StoredStatusList>> GetStatusListCredential(
      std::string_view list_id) const override;
  Status PutCertificate(std::string_view credential_id, std::string_view pdf) override;
  Result<std::optional<std::string>> GetCertificate(std::string_view credential_id) const override;
  Result<std::vector<CredentialWithoutCertificate>> CredentialsWithoutCertificate(
      std::string_view issued_since, int64_t limit) const override;

  // The schema version of the database when it was opened (the last migration applied).
  int schema_version() const { return schema_version_; }
  // The database, for messages: the URL without its password.
  const std::string& description() const { return target_.description(); }
  // Connections open now, leased and idle.
  size_t open_connections() const;

 private:
  // PutMany (events null) and PutIssued: one transaction for the group where it can.
  Result<std::vector<Status>> PutGroup(const std::vector<StoredCredential>& credentials,
                                       const std::vector<IssuanceEvent>* events);
  class Lease;

  PostgresRegistry(PostgresTarget target, const PostgresRegistryOptions& options,
                   int schema_version, std::unique_ptr<PostgresConnection> first);

  // An idle connection, or a new one when fewer than max_connections are open, else waits.
  Result<Lease> LeaseConnection() const;
  void ReturnConnection(std::unique_ptr<PostgresConnection> connection) const;
  // Runs `read` on a leased connection, and once more on a new one if the connection turned
  // out to be lost.
  template <typename T>
  Result<T> Read(const std::function<Result<T>(PostgresConnection&)>& read) const;
  // Runs `sql` (one credential row by $1, bound to `key`).
  Result<std::optional<StoredCredential>> GetOne(std::string_view sql, std::string_view key) const;

  const PostgresTarget target_;
  const size_t max_connections_;
  const std::chrono::milliseconds connection_wait_;
  const int schema_version_;

  mutable std::mutex pool_mutex_;
  mutable std::condition_variable connection_returned_;
  mutable std::vector<std::unique_ptr<PostgresConnection>> idle_;  // by pool_mutex_
  mutable size_t open_ = 0;  // leased and idle, by pool_mutex_
};

}  // namespace pramaan::store

#endif  // PRAMAAN_STORE_POSTGRES_REGISTRY_H_
