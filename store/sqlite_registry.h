// The registry on SQLite: one file in WAL mode, shared by every thread of the process (and by
// other processes on the same machine).
//
// Connections. SQLite connections are not safe to share between threads without a lock, so
// the registry keeps:
//  - one write connection behind a mutex (SQLite admits one writer at a time anyway; the mutex
//    only stops two of our threads interleaving statements on the one connection), and
//  - a pool of read-only connections. A reader takes an idle connection from the pool (a
//    mutex held for a pointer move, never during a query), runs its query and gives the
//    connection back; when none is idle it opens another. So the pool grows to the number of
//    threads that read at once (a thread per core for the server) and reads run in parallel.
//    In WAL mode readers never wait for the writer nor the writer for readers; each read is
//    one statement and so sees one committed snapshot.
//  A pool was chosen over thread_local connections because a registry owns and closes all of
//  its connections when it is destroyed, whatever threads used it, and no connection outlives
//  the registry or leaks into a later registry at a reused address.
// Each connection keeps its prepared statements for its lifetime.
#ifndef PRAMAAN_STORE_SQLITE_REGISTRY_H_
#define PRAMAAN_STORE_SQLITE_REGISTRY_H_

#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <vector>

#include "store/registry.h"
#include "store/sqlite_migrations.h"

namespace pramaan::store {

class SqliteConnection;

class SqliteRegistry final : public Registry {
 public:
  // Idle read connections kept for reuse; more are closed when given back.
  static constexpr size_t kMaxIdleReaders = 64;
  // SupersededBy's query. It names the covering index of migration 2: the planner would
  // otherwise take the primary key's index and read the row.
  static constexpr std::string_view kSupersededBySql =
      "SELECT superseded_by FROM credentials INDEXED BY credentials_supersession WHERE id = ?1";

  // As OpenSqliteRegistry, with the list of migrations to apply (tests pass a prefix of
  // RegistryMigrations() to make an older database, or extra ones to test upgrades).
  static Result<std::unique_ptr<SqliteRegistry>> Open(
      const std::filesystem::path& path,
      std::span<const SqliteMigration> migrations = RegistryMigrations());
  ~SqliteRegistry() override;
  SqliteRegistry(const SqliteRegistry&) = delete;
  SqliteRegistry& operator=(const SqliteRegistry&) = delete;

  // Registry, with the contract of registry.h. Count is a scan of the smallest index (tens of
  // milliseconds per million credentials); the others are one index lookup each.
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

  // The schema version of the open database (the last migration applied).
  int schema_version() const { return schema_version_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  class ReadLease;

  SqliteRegistry(std::filesystem::path path, int schema_version,
                 std::unique_ptr<SqliteConnection> writer);

  // One INSERT on the writer, a refusal explained; the caller holds write_mutex_.
  Status Insert(const StoredCredential& credential);
  // PutMany (events null) and PutIssued: one transaction for the group.
  Result<std::vector<Status>> PutGroup(const std::vector<StoredCredential>& credentials,
                                       const std::vector<IssuanceEvent>* events);
  // One INSERT into issuance_events on the writer; the caller holds write_mutex_.
  Status InsertIssuanceEvent(const IssuanceEvent& event);
  // An idle read connection, or a new one.
  Result<ReadLease> LeaseReader() const;
  void ReturnReader(std::unique_ptr<SqliteConnection> reader) const;
  // Runs `sql` (one credential row by ?1) on a read connection.
  Result<std::optional<StoredCredential>> GetOne(std::string_view sql, std::string_view key) const;

  const std::filesystem::path path_;
  const int schema_version_;

  std::mutex write_mutex_;
  std::unique_ptr<SqliteConnection> writer_;  // guarded by write_mutex_

  mutable std::mutex readers_mutex_;
  mutable std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;  // by readers_mutex_
};

}  // namespace pramaan::store

#endif  // PRAMAAN_STORE_SQLITE_REGISTRY_H_
