// A private PostgreSQL server for tests: its own data directory in a fresh temporary
// directory, its own free port on 127.0.0.1 and its Unix socket in that directory, so test
// programs running at once (build/ and build-asan/ under ctest) never share a server and no
// test touches a PostgreSQL the machine already runs (the system cluster on port 5432 is
// never used).
//
// Start() installs Debian's postgresql package first when no initdb is found (the script
// tests/store/install_postgresql.sh: apt-get under a lock, so two test runs do not install at
// once), runs initdb, then postgres with fsync=off (a test database need not survive a power
// cut). PostgreSQL refuses to run as root: a root test process runs initdb and postgres as the
// `postgres` system user, which owns the temporary directory; a test process of another user
// runs them as itself.
//
// Stopping: the destructor shuts the server down (fast shutdown, then immediate, then
// SIGKILL) and removes the directory. If the test process dies without running destructors
// (a crash, ctest's timeout), the kernel sends the server SIGQUIT (PR_SET_PDEATHSIG: the
// server dies with the thread that started it, so start it from the main thread), and the
// next Start() removes directories left by processes that no longer exist.
#ifndef PRAMAAN_TESTS_STORE_POSTGRES_SERVER_H_
#define PRAMAAN_TESTS_STORE_POSTGRES_SERVER_H_

#include <sys/types.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace pramaan::testing {

class PostgresServer {
 public:
  // Starts a new server; kInternal with the server's log when it cannot.
  static Result<std::unique_ptr<PostgresServer>> Start();
  // The server of this test process: started at the first call (later calls return it, or the
  // same error), stopped when the process exits.
  static Result<PostgresServer*> Shared();

  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // The database Start() creates for this test run.
  static constexpr std::string_view kTestDatabase = "pramaan_test";

  // Creates a new empty schema in kTestDatabase and returns its name. A schema costs well under
  // a millisecond where a database costs a copy of template1 and two checkpoints (a few
  // hundred milliseconds on a busy machine), so each test gets its own schema.
  Result<std::string> CreateSchema();
  // The URL of kTestDatabase with `schema` as the only schema on the search path: what the
  // registry creates and finds goes there.
  std::string SchemaUrl(std::string_view schema) const;
  Status DropSchema(std::string_view schema);

  // Creates a new empty database and returns its name, for a test that needs one of its own.
  Result<std::string> CreateDatabase();
  // Drops database `name`, ending its sessions first.
  Status DropDatabase(std::string_view name);

  // Runs `sql` (no parameters, any number of statements) in `database` as the superuser, for
  // tests that look at or tamper with a database behind the registry's back. Returns the
  // first column of the first row of the last statement, or "" when it returns no row.
  Result<std::string> Query(std::string_view database, std::string_view sql);

  // The URL of `database` over TCP on 127.0.0.1 (postgresql://pramaan@127.0.0.1:port/name).
  std::string Url(std::string_view database) const;
  int port() const { return port_; }
  const std::filesystem::path& directory() const { return directory_; }

 private:
  PostgresServer(std::filesystem::path directory, int port, pid_t pid)
      : directory_(std::move(directory)), port_(port), pid_(pid) {}

  std::filesystem::path directory_;  // the data directory, socket and log live here
  int port_;
  pid_t pid_;  // the postmaster
  std::atomic<int> databases_created_{0};
  std::atomic<int> schemas_created_{0};
};

}  // namespace pramaan::testing

#endif  // PRAMAAN_TESTS_STORE_POSTGRES_SERVER_H_
