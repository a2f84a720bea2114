#include "tests/store/postgres_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

extern char** environ;

namespace pramaan::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kSuperuser = "pramaan";
constexpr std::string_view kDirectoryPrefix = "pramaan-pg-";
// How many free ports to try when another process takes ours between choosing and binding.
constexpr int kStartAttempts = 5;
constexpr auto kStartTimeout = std::chrono::seconds(60);
constexpr auto kFastShutdownTimeout = std::chrono::seconds(10);
constexpr auto kImmediateShutdownTimeout = std::chrono::seconds(5);

struct RunAs {
  uid_t uid;
  gid_t gid;
};

// The end of the log from byte `from` on.
std::string ReadTail(const fs::path& path, size_t from = 0, size_t max_bytes = 4000) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(from));
  std::stringstream contents;
  contents << in.rdbuf();
  std::string text = contents.str();
  if (text.size() > max_bytes) text = "..." + text.substr(text.size() - max_bytes);
  return text;
}

// Major version from ".../postgresql/15/bin/initdb".
int MajorVersion(const fs::path& initdb) {
  std::string version = initdb.parent_path().parent_path().filename().string();
  return std::atoi(version.c_str());
}

// The bin directory of the newest PostgreSQL Debian installs side by side, or nullopt.
std::optional<fs::path> FindBinDirectory() {
  std::optional<fs::path> best;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    fs::path initdb = entry.path() / "bin" / "initdb";
    if (!fs::exists(initdb, ec) || !fs::exists(entry.path() / "bin" / "postgres", ec)) continue;
    if (!best.has_value() || MajorVersion(initdb) > MajorVersion(*best / "initdb")) {
      best = initdb.parent_path();
    }
  }
  return best;
}

Result<fs::path> FindOrInstallBinDirectory() {
  if (auto found = FindBinDirectory()) return *found;
  fs::path script = fs::path(PRAMAAN_SOURCE_DIR) / "tests" / "store" / "install_postgresql.sh";
  std::string command = "bash '" + script.string() + "'";
  int status = std::system(command.c_str());
  if (auto found = FindBinDirectory()) return *found;
  return Internal("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin, and " +
                  script.string() + " could not install Debian's postgresql package (status " +
                  std::to_string(status) + "); install it: apt-get install postgresql");
}

// PostgreSQL refuses to run as root: as root, run it as the postgres user the Debian package
// creates.
Result<std::optional<RunAs>> ServerUser() {
  if (::geteuid() != 0) return std::optional<RunAs>();
  struct passwd* user = ::getpwnam("postgres");
  if (user == nullptr) {
    return Internal(
        "running as root, and there is no 'postgres' user to run the PostgreSQL server as "
        "(Debian's postgresql package creates it)");
  }
  return std::optional<RunAs>(RunAs{user->pw_uid, user->pw_gid});
}

bool ProcessExists(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

// Removes directories "pramaan-pg-<pid>-XXXXXX" of test processes that are gone (they died
// before their destructors ran). Directories of other users may not be removable: skipped.
void RemoveStaleDirectories(const fs::path& parent) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    std::string name = entry.path().filename().string();
    if (!name.starts_with(kDirectoryPrefix)) continue;
    pid_t pid = static_cast<pid_t>(std::atol(name.c_str() + kDirectoryPrefix.size()));
    if (pid <= 0 || ProcessExists(pid)) continue;
    std::error_code ignored;
    fs::remove_all(entry.path(), ignored);
  }
}

// The parent of the private directory: the temporary directory, unless its path is too long
// for a Unix socket path ("<dir>/pramaan-pg-N-XXXXXX/.s.PGSQL.NNNNN" within 107 bytes).
fs::path TemporaryParent() {
  std::error_code ec;
  fs::path parent = fs::temp_directory_path(ec);
  if (ec || parent.string().size() > 60) parent = "/tmp";
  return parent;
}

Result<fs::path> MakePrivateDirectory(const std::optional<RunAs>& run_as) {
  fs::path parent = TemporaryParent();
  RemoveStaleDirectories(parent);
  std::string pattern =
      (parent / (std::string(kDirectoryPrefix) + std::to_string(::getpid()) + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return Internal("cannot create a directory like " + pattern + ": " + std::strerror(errno));
  }
  fs::path directory = pattern;
  if (run_as.has_value() && ::chown(directory.c_str(), run_as->uid, run_as->gid) != 0) {
    std::string error = std::strerror(errno);
    std::error_code ignored;
    fs::remove_all(directory, ignored);
    return Internal("cannot give " + directory.string() + " to the postgres user: " + error);
  }
  return directory;
}

// The environment for the server: ours without PG* variables (they would point initdb and
// postgres elsewhere) and with the C locale.
std::vector<std::string> ServerEnvironment() {
  std::vector<std::string> environment;
  for (char** variable = environ; *variable != nullptr; ++variable) {
    std::string_view entry = *variable;
    if (entry.starts_with("PG") || entry.starts_with("LC_") || entry.starts_with("LANG")) continue;
    environment.emplace_back(entry);
  }
  environment.emplace_back("LC_ALL=C");
  return environment;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Starts `argv` (argv[0] an absolute path) with stdout and stderr appended to `log`, in
// `directory`, as `run_as` when given. The kernel sends it `parent_death_signal` when the
// calling thread ends, so it does not outlive a test process that crashed or was killed. Only
// async-signal-safe calls run between fork and exec: everything is prepared before.
Result<pid_t> Spawn(std::vector<std::string> argv, const fs::path& log, const fs::path& directory,
                    const std::optional<RunAs>& run_as, int parent_death_signal) {
  std::vector<std::string> environment = ServerEnvironment();
  std::vector<char*> argv_pointers = Pointers(argv);
  std::vector<char*> environment_pointers = Pointers(environment);
  const std::string log_path = log.string();
  const std::string directory_path = directory.string();
  const pid_t parent = ::getpid();

  pid_t pid = ::fork();
  if (pid < 0) return Internal(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (log_fd < 0 || null_fd < 0) ::_exit(126);
    if (::dup2(null_fd, 0) < 0 || ::dup2(log_fd, 1) < 0 || ::dup2(log_fd, 2) < 0) ::_exit(126);
    ::close_range(3, ~0U, 0);  // nothing of the test process (sockets, files) leaks in
    if (::chdir(directory_path.c_str()) != 0) ::_exit(126);
    if (run_as.has_value()) {
      if (::setgroups(0, nullptr) != 0 || ::setgid(run_as->gid) != 0 ||
          ::setuid(run_as->uid) != 0) {
        ::_exit(126);
      }
    }
    // After setuid, which clears the parent-death signal.
    if (::prctl(PR_SET_PDEATHSIG, parent_death_signal) != 0) ::_exit(126);
    if (::getppid() != parent) ::_exit(126);  // the parent is already gone
    ::execve(argv_pointers[0], argv_pointers.data(), environment_pointers.data());
    ::_exit(127);
  }
  return pid;
}

// Waits for `pid` to exit, at most `timeout`; its wait status, or nullopt if it still runs.
std::optional<int> WaitFor(pid_t pid, Clock::duration timeout) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    int status = 0;
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno == ECHILD)) return status;
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

Status RunToCompletion(std::vector<std::string> argv, const fs::path& log,
                       const fs::path& directory, const std::optional<RunAs>& run_as) {
  std::string program = argv[0];
  // SIGTERM: initdb removes what it made and exits.
  PRAMAAN_ASSIGN_OR_RETURN(pid_t pid, Spawn(std::move(argv), log, directory, run_as, SIGTERM));
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Status::Ok();
  return Internal(program + " failed (wait status " + std::to_string(status) + "):\n" +
                  ReadTail(log));
}

// A port no one listens on now. Another process may take it before the server binds it: the
// caller tries again with another.
Result<int> FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Internal(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::string error = std::strerror(errno);
    ::close(fd);
    return Internal("cannot find a free port: " + error);
  }
  ::close(fd);
  return static_cast<int>(ntohs(address.sin_port));
}

// A superuser session in `database` over the server's Unix socket.
struct ConnectionCloser {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
using AdminConnection = std::unique_ptr<PGconn, ConnectionCloser>;

AdminConnection ConnectAdmin(const fs::path& directory, int port, std::string_view database) {
  const std::string host = directory.string();
  const std::string port_text = std::to_string(port);
  const std::string database_name(database);
  const std::string user(kSuperuser);
  const char* keywords[] = {"host", "port", "dbname", "user", "connect_timeout", nullptr};
  const char* values[] = {
      host.c_str(), port_text.c_str(), database_name.c_str(), user.c_str(), "10", nullptr};
  return AdminConnection(PQconnectdbParams(keywords, values, 0));
}

bool IsBindFailure(const std::string& log) {
  return log.find("could not bind") != std::string::npos ||
         log.find("could not create any TCP/IP sockets") != std::string::npos ||
         log.find("Address already in use") != std::string::npos;
}

void StopServer(pid_t pid) {
  ::kill(pid, SIGINT);  // fast shutdown: ends sessions, checkpoints, exits
  if (WaitFor(pid, kFastShutdownTimeout).has_value()) return;
  ::kill(pid, SIGQUIT);  // immediate shutdown
  if (WaitFor(pid, kImmediateShutdownTimeout).has_value()) return;
  ::kill(pid, SIGKILL);
  WaitFor(pid, std::chrono::seconds(5));
}

}  // namespace

Result<std::unique_ptr<PostgresServer>> PostgresServer::Start() {
  PRAMAAN_ASSIGN_OR_RETURN(fs::path bin, FindOrInstallBinDirectory());
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<RunAs> run_as, ServerUser());
  PRAMAAN_ASSIGN_OR_RETURN(fs::path directory, MakePrivateDirectory(run_as));
  auto remove_directory = [&] {
    std::error_code ignored;
    fs::remove_all(directory, ignored);
  };
  const fs::path data = directory / "data";
  const fs::path log = directory / "postgres.log";

  Status initialized =
      RunToCompletion({(bin / "initdb").string(), "--pgdata=" + data.string(),
                       "--username=" + std::string(kSuperuser), "--auth=trust", "--encoding=UTF8",
                       "--locale=C", "--no-sync", "--no-instructions"},
                      log, directory, run_as);
  if (!initialized.ok()) {
    remove_directory();
    return initialized.error();
  }

  std::string last_log;
  for (int attempt = 1; attempt <= kStartAttempts; ++attempt) {
    PRAMAAN_ASSIGN_OR_RETURN(int port, FreePort());
    std::error_code ec;
    const size_t log_start = static_cast<size_t>(fs::file_size(log, ec));
    // Speed over durability: this data is thrown away. Logs only warnings and worse. The Unix
    // socket goes in the private directory.
    std::vector<std::string> postgres = {(bin / "postgres").string(),
                                         "-D",
                                         data.string(),
                                         "--port=" + std::to_string(port),
                                         "--unix_socket_directories=" + directory.string(),
                                         "--listen_addresses=127.0.0.1",
                                         "--fsync=off",
                                         "--synchronous_commit=off",
                                         "--full_page_writes=off",
                                         "--max_connections=200",
                                         "--log_min_messages=warning"};
    // SIGQUIT if the test process dies: PostgreSQL's immediate shutdown.
    auto started = Spawn(std::move(postgres), log, directory, run_as, SIGQUIT);
    if (!started.ok()) {
      remove_directory();
      return started.error();
    }
    const pid_t pid = *started;
    // Ready when it answers on its own socket (a server on the same port elsewhere cannot
    // answer there; and a server that failed to bind its port exits).
    const std::string ping = "host=" + directory.string() + " port=" + std::to_string(port) +
                             " dbname=postgres user=" + std::string(kSuperuser) +
                             " connect_timeout=2";
    auto deadline = Clock::now() + kStartTimeout;
    bool ready = false;
    std::optional<int> exited;
    while (Clock::now() < deadline) {
      if (PQping(ping.c_str()) == PQPING_OK) {
        ready = true;
        break;
      }
      exited = WaitFor(pid, std::chrono::milliseconds(0));
      if (exited.has_value()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (ready) {
      auto server = std::unique_ptr<PostgresServer>(new PostgresServer(directory, port, pid));
      PRAMAAN_RETURN_IF_ERROR(server->Query(
          "postgres", "CREATE DATABASE " + std::string(kTestDatabase) + " STRATEGY FILE_COPY"));
      return server;
    }
    if (!exited.has_value()) StopServer(pid);
    last_log = ReadTail(log, ec ? 0 : log_start);
    if (exited.has_value() && IsBindFailure(last_log)) continue;  // the port was taken
    remove_directory();
    return Internal("the test PostgreSQL server did not start:\n" + last_log);
  }
  remove_directory();
  return Internal("the test PostgreSQL server found no free port in " +
                  std::to_string(kStartAttempts) + " attempts:\n" + last_log);
}

Result<PostgresServer*> PostgresServer::Shared() {
  struct Holder {
    Holder() {
      auto started = Start();
      if (started.ok()) {
        server = std::move(started).value();
      } else {
        error = started.error();
      }
    }
    std::unique_ptr<PostgresServer> server;
    std::optional<Error> error;
  };
  static Holder holder;  // destroyed, stopping the server, when the process exits
  if (holder.error.has_value()) return *holder.error;
  return holder.server.get();
}

PostgresServer::~PostgresServer() {
  StopServer(pid_);
  std::error_code ignored;
  fs::remove_all(directory_, ignored);
}

std::string PostgresServer::Url(std::string_view database) const {
  return "postgresql://" + std::string(kSuperuser) + "@127.0.0.1:" + std::to_string(port_) + "/" +
         std::string(database);
}

Result<std::string> PostgresServer::Query(std::string_view database, std::string_view sql) {
  AdminConnection connection = ConnectAdmin(directory_, port_, database);
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    return Internal("cannot connect to the test server: " +
                    std::string(PQerrorMessage(connection.get())));
  }
  std::string text(sql);
  PGresult* result = PQexec(connection.get(), text.c_str());
  ExecStatusType status = PQresultStatus(result);
  std::string value;
  std::string error = PQresultErrorMessage(result);
  if (status == PGRES_TUPLES_OK && PQntuples(result) > 0 && !PQgetisnull(result, 0, 0)) {
    value = PQgetvalue(result, 0, 0);
  }
  PQclear(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    return Internal(text + ": " + error);
  }
  return value;
}

namespace {

// Names the tests make: lower-case letters, digits and underscores, nothing to quote.
Status CheckPlainName(std::string_view name) {
  bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  if (plain) return Status::Ok();
  return InvalidInput("not a plain lower-case name: " + std::string(name));
}

}  // namespace

Result<std::string> PostgresServer::CreateSchema() {
  std::string name = "registry_" + std::to_string(++schemas_created_);
  PRAMAAN_RETURN_IF_ERROR(Query(kTestDatabase, "CREATE SCHEMA " + name));
  return name;
}

std::string PostgresServer::SchemaUrl(std::string_view schema) const {
  // options=-c search_path=<schema>, percent-encoded as a URL parameter.
  return Url(kTestDatabase) + "?options=-csearch_path%3D" + std::string(schema);
}

Status PostgresServer::DropSchema(std::string_view schema) {
  PRAMAAN_RETURN_IF_ERROR(CheckPlainName(schema));
  PRAMAAN_RETURN_IF_ERROR(
      Query(kTestDatabase, "DROP SCHEMA IF EXISTS " + std::string(schema) + " CASCADE"));
  return Status::Ok();
}

Result<std::string> PostgresServer::CreateDatabase() {
  std::string name = "pramaan_test_" + std::to_string(++databases_created_);
  // FILE_COPY: with fsync off, copying template1's files is faster than PostgreSQL 15's
  // default of writing them through the log.
  PRAMAAN_RETURN_IF_ERROR(Query("postgres", "CREATE DATABASE " + name + " STRATEGY FILE_COPY"));
  return name;
}

Status PostgresServer::DropDatabase(std::string_view name) {
  PRAMAAN_RETURN_IF_ERROR(CheckPlainName(name));
  PRAMAAN_RETURN_IF_ERROR(
      Query("postgres", "DROP DATABASE IF EXISTS " + std::string(name) + " WITH (FORCE)"));
  return Status::Ok();
}

}  // namespace pramaan::testing
