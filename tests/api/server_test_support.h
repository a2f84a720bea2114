// Talking to the real build/pramaan server from end-to-end tests: starting and stopping
// `pramaan serve`, and a plain-socket HTTP/1.1 client for 127.0.0.1. Nothing here throws;
// what cannot be done is a value (a port of 0, a reply with `ok` false) or a non-fatal failure
// of the current test.
#ifndef PRAMAAN_TESTS_API_SERVER_TEST_SUPPORT_H_
#define PRAMAAN_TESTS_API_SERVER_TEST_SUPPORT_H_

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/json/json.h"
#include "tests/test_support.h"

extern char** environ;

namespace pramaan::testing {

// ---------------------------------------------------------------------------------------------
// The client

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  bool ok = false;  // a complete response was read
  // The body as JSON; null when it is not JSON.
  Json json() const {
    auto parsed = ParseJson(body);
    return parsed.ok() ? *parsed : Json();
  }
  // The value of header `name` (lower-case); empty when absent.
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// A socket connected to 127.0.0.1:`port`, owned by the caller; -1 when it cannot connect.
inline int Connect(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Writes all of `data` to `fd`; false when the peer stops taking it.
inline bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Reads one response (Content-Length framed) from `fd`; `pending` keeps bytes read past it.
// A response not complete within `timeout_ms` comes back with `ok` false.
inline HttpResult ReadResponse(int fd, std::string& pending, int timeout_ms = 10000) {
  HttpResult result;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  size_t header_end = std::string::npos;
  size_t needed = std::string::npos;
  for (;;) {
    if (header_end == std::string::npos) {
      header_end = pending.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::string head = pending.substr(0, header_end);
        result.status = std::atoi(head.substr(9, 3).c_str());
        size_t line_start = head.find("\r\n");
        while (line_start != std::string::npos) {
          line_start += 2;
          const size_t line_end = head.find("\r\n", line_start);
          const std::string line = head.substr(line_start, line_end - line_start);
          const size_t colon = line.find(':');
          if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            result.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
          }
          line_start = line_end;
        }
        needed =
            header_end + 4 + std::strtoul(result.header("content-length").c_str(), nullptr, 10);
      }
    }
    if (needed != std::string::npos && pending.size() >= needed) {
      result.body = pending.substr(header_end + 4, needed - header_end - 4);
      pending.erase(0, needed);
      result.ok = true;
      return result;
    }
    const int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          deadline - std::chrono::steady_clock::now())
                                          .count());
    pollfd p{fd, POLLIN, 0};
    if (left <= 0 || ::poll(&p, 1, left) <= 0) return result;
    char buffer[16384];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return result;
    pending.append(buffer, static_cast<size_t>(n));
  }
}

// The text of a request: `headers` are whole lines without CRLF; a body (or a POST) gets its
// Content-Length, and a JSON Content-Type unless `headers` give one; `close` adds
// "Connection: close".
inline std::string RequestText(const std::string& method, const std::string& target,
                               const std::string& body, const std::vector<std::string>& headers,
                               bool close = true) {
  std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  bool typed = false;
  for (const std::string& header : headers) {
    text += header + "\r\n";
    typed = typed || strncasecmp(header.c_str(), "content-type:", 13) == 0;
  }
  if (!body.empty() || method == "POST") {
    if (!typed) text += "Content-Type: application/json\r\n";
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  if (close) text += "Connection: close\r\n";
  return text + "\r\n" + body;
}

// A TCP socket bound to a free port on 127.0.0.1 (written to *port; 0 on failure), owned by the
// caller.
inline int BindLoopback(uint16_t* port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  *port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    *port = ntohs(address.sin_port);
  }
  return fd;
}

// One request on a new connection to 127.0.0.1:`port` ("Connection: close"). A server that
// cannot be reached gives status 0 and `ok` false.
inline HttpResult Call(uint16_t port, const std::string& method, const std::string& target,
                       const std::string& body = "", const std::vector<std::string>& headers = {}) {
  const int fd = Connect(port);
  if (fd < 0) return {};
  SendAll(fd, RequestText(method, target, body, headers));
  std::string pending;
  HttpResult result = ReadResponse(fd, pending);
  ::close(fd);
  return result;
}

// Calls (as Call) until `done` holds for the answer or `timeout` passes; returns the last
// answer. For what the issuer role's workers store a moment after the change that calls for it
// (signed status lists, certificate PDFs).
template <typename Done>
HttpResult CallUntil(Done done, uint16_t port, const std::string& method, const std::string& target,
                     const std::string& body = "", const std::vector<std::string>& headers = {},
                     std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  HttpResult result = Call(port, method, target, body, headers);
  while (!done(result) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    result = Call(port, method, target, body, headers);
  }
  return result;
}

// As CallUntil, until the answer's status is `status`.
inline HttpResult CallUntilStatus(int status, uint16_t port, const std::string& method,
                                  const std::string& target, const std::string& body = "",
                                  const std::vector<std::string>& headers = {}) {
  return CallUntil([status](const HttpResult& result) { return result.status == status; }, port,
                   method, target, body, headers);
}

// ---------------------------------------------------------------------------------------------
// The OpenAPI description

// The operations api/openapi.yaml documents, as (method, path template) pairs in file order.
inline std::vector<std::pair<std::string, std::string>> OpenApiOperations() {
  std::ifstream in(SourcePath("api/openapi.yaml"));
  EXPECT_TRUE(in.good());
  std::string line;
  bool in_paths = false;
  std::string path;
  std::vector<std::pair<std::string, std::string>> operations;
  while (std::getline(in, line)) {
    if (line.starts_with("paths:")) {
      in_paths = true;
      continue;
    }
    if (!in_paths) continue;
    if (!line.empty() && line[0] != ' ' && line[0] != '#') break;
    // "  /path:" opens a path; "    get:" (four spaces) is one of its operations.
    if (line.starts_with("  /") && line.ends_with(":")) {
      path = line.substr(2, line.size() - 3);
    } else if (line.starts_with("    ") && line.size() > 5 && line[4] != ' ' &&
               line.ends_with(":")) {
      const std::string method = line.substr(4, line.size() - 5);
      for (const char* known : {"get", "post", "put", "delete", "patch", "head"}) {
        if (method == known && !path.empty()) operations.emplace_back(method, path);
      }
    }
  }
  return operations;
}

// The routes of the awarding workflow and DigiLocker (issue 7).
inline bool IsAwardingPath(const std::string& path) {
  return path.starts_with("/awarding/") || path.starts_with("/digilocker/") ||
         path == "/console" || path.starts_with("/console/");
}

// ---------------------------------------------------------------------------------------------
// The server process

struct ServeOptions {
  std::string config;                    // --config
  std::vector<std::string> extra_args;   // after --port
  uint16_t listen_port = 0;              // --port; 0 for a free one the server picks
  std::string scheme = "http";           // of the "listening on" line it must print
  std::vector<std::string> environment;  // NAME=value, replacing inherited variables so named
  std::filesystem::path stderr_path;     // its stderr is appended to this file
  // A program (with its arguments) the server runs under, found on PATH: `prlimit
  // --nofile=256:256` for a lower open-file limit. Empty: the binary is started directly.
  std::vector<std::string> wrapper;
};

struct ServerProcess {
  pid_t pid = 0;      // 0 when it was not started
  uint16_t port = 0;  // 0 when it did not say where it listens
};

// Starts `build/pramaan serve --config CONFIG --port LISTEN_PORT EXTRA_ARGS...` and reads the
// port from its first line of output ("listening on SCHEME://127.0.0.1:PORT", within 10 s).
// When it cannot be started, or does not print that line, the current test fails (not
// fatally) and the port is 0; a started process is returned either way, and the caller stops
// it (StopServer, or SIGKILL and waitpid).
inline ServerProcess StartServer(const ServeOptions& options) {
  ServerProcess server;
  int out_pipe[2];
  if (::pipe(out_pipe) != 0) {
    ADD_FAILURE() << "pipe() failed";
    return server;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
  posix_spawn_file_actions_addclose(&actions, out_pipe[1]);
  const std::string stderr_path = options.stderr_path.string();
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0600);
  std::vector<std::string> args = options.wrapper;
  for (const char* arg : {PRAMAAN_BINARY, "serve", "--config"}) args.emplace_back(arg);
  args.push_back(options.config);
  args.emplace_back("--port");
  args.push_back(std::to_string(options.listen_port));
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings = options.environment;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry = *e;
    bool replaced = false;
    for (const std::string& set : options.environment) {
      replaced = replaced || entry.starts_with(set.substr(0, set.find('=') + 1));
    }
    if (!replaced) env_strings.emplace_back(entry);
  }
  std::vector<char*> envp;
  for (std::string& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);
  const int spawned = ::posix_spawnp(&server.pid, argv[0], &actions, nullptr, argv.data(),
                                     envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  if (spawned != 0) {
    ::close(out_pipe[0]);
    server.pid = 0;
    ADD_FAILURE() << "cannot start " << PRAMAAN_BINARY << ": error " << spawned;
    return server;
  }

  // The first line on stdout says where it listens.
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out_pipe[0], POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    char c[256];
    const ssize_t n = ::read(out_pipe[0], c, sizeof c);
    if (n <= 0) break;
    line.append(c, static_cast<size_t>(n));
  }
  ::close(out_pipe[0]);
  // No std::regex here: GCC 12 warns inside <regex> under the sanitizers.
  const std::string prefix = "listening on " + options.scheme + "://127.0.0.1:";
  const bool listening = line.starts_with(prefix) && line.find('\n') != std::string::npos;
  EXPECT_TRUE(listening) << "stdout: " << line << "\nstderr: " << ReadFile(stderr_path);
  if (listening) server.port = static_cast<uint16_t>(std::stoi(line.substr(prefix.size())));
  return server;
}

// Sends SIGTERM to `pid` and returns its exit status; -1 if `pid` is not a process (0 or less,
// or not signalled) or did not stop within 8 s (it is then killed with SIGKILL and reaped).
inline int StopServer(pid_t pid) {
  if (pid <= 0 || ::kill(pid, SIGTERM) != 0) return -1;
  int status = 0;
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(8)) {
    if (::waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -1;
}

}  // namespace pramaan::testing

#endif  // PRAMAAN_TESTS_API_SERVER_TEST_SUPPORT_H_
