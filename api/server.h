// The listener and the connections: HTTP/1.1 with keep-alive over TCP or TLS (Boost.Beast
// 1.81, C++20 coroutines on one io_context run by a thread per core). Sessions only move
// bytes; api/handler.h decides every answer.
#ifndef PRAMAAN_API_SERVER_H_
#define PRAMAAN_API_SERVER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "api/handler.h"
#include "core/result.h"

namespace pramaan::api {

// A credential is about 4 KiB and a presentation holds a few: 256 KiB is far above any real
// request and small enough that a thousand of them cannot exhaust memory.
inline constexpr std::size_t kMaxBodyBytes = 256 * 1024;
// Browsers send under 2 KiB of headers; 16 KiB leaves room for long cookies and proxies.
inline constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
// From a connection's first byte to the end of its request: a client that trickles a request
// (slowloris) is cut off here, however steadily it sends.
inline constexpr std::chrono::milliseconds kReadTimeout{10'000};
// From the end of its header to the end of its body, for a request whose body may be larger
// than kMaxBodyBytes (POST /records/batch, up to 16 MiB): about 1.4 Mbit/s at the most.
inline constexpr std::chrono::milliseconds kLargeBodyReadTimeout{100'000};
// How long an idle keep-alive connection may wait for its next request.
inline constexpr std::chrono::milliseconds kIdleTimeout{30'000};
// How long a client may take to read a response (or finish a TLS handshake).
inline constexpr std::chrono::milliseconds kWriteTimeout{10'000};
// Open connections at once: about 64 KiB of buffers each, so bounded at ~650 MiB; more are
// refused with 503 rather than letting them starve the rest. `pramaan serve` lowers it to fit
// the open-file limit (FitConnectionsToDescriptors).
inline constexpr int kMaxConnections = 10'000;
// Costly requests (IsCostlyRequest: verification, issuance, uploads) waiting for a work thread
// beyond those being worked on: each holds at most one body (kMaxBodyBytes), so at most
// 32 MiB; past it the request is answered 503 with Retry-After at once, instead of queueing
// work the server cannot finish before clients give up.
inline constexpr int kMaxQueuedWork = 128;
// A verification (POST /credentials/verify or /presentations/verify: CPU only, no registry
// writes) with a body up to this size (a credential is a few KiB and takes a fraction of a
// millisecond to verify) is answered on its connection's thread, without the hand-off to the
// work pool, while that thread keeps up: see kInlineLag.
inline constexpr std::size_t kInlineBodyBytes = 16 * 1024;
// A connection thread keeps up when its event loop has run its tick (every kInlineLag / 4)
// within the last kInlineLag; a thread that has not (a burst of requests waiting on it) sends
// its costly requests to the work pool until it does, so that /healthz and the pages never
// wait behind more than this much inline work.
inline constexpr std::chrono::milliseconds kInlineLag{20};
// What a 503 for a full work queue or too many connections asks clients to wait, in seconds.
inline constexpr int kRetryAfterSeconds = 1;
// Connections refused with a 503 at one time. Accept takes no more until one of them is
// closed: the rest wait in the kernel's listen queue, holding no descriptor of ours, so the
// refusals themselves cannot use up the descriptors.
inline constexpr int kRefusingAtOnce = 16;
// Descriptors a connection thread or work thread may hold besides its connections: an event
// loop (epoll, eventfd, timerfd) and a registry connection (SQLite database and -wal, or a
// PostgreSQL socket).
inline constexpr int kDescriptorsPerThread = 6;
// Kept back beyond those and the descriptors already open when the server is fitted (fonts,
// the registry, logs): the connections being refused, and files read while answering
// (templates, keys, certificates).
inline constexpr int kSpareDescriptors = 16 + kRefusingAtOnce;
// Fewest connections worth serving: an open-file limit that leaves fewer is refused at start.
inline constexpr int kMinConnections = 16;
// After SIGINT/SIGTERM: how long requests in progress may take to finish.
inline constexpr std::chrono::milliseconds kShutdownGrace{5'000};

struct ServerLimits {
  std::size_t max_body_bytes = kMaxBodyBytes;
  std::size_t max_header_bytes = kMaxHeaderBytes;
  std::chrono::milliseconds read_timeout = kReadTimeout;
  std::chrono::milliseconds idle_timeout = kIdleTimeout;
  std::chrono::milliseconds write_timeout = kWriteTimeout;
  int max_connections = kMaxConnections;
  int max_queued_work = kMaxQueuedWork;
};

// What FitConnectionsToDescriptors did, for the log.
struct DescriptorFit {
  uint64_t previous_soft_limit = 0;  // RLIMIT_NOFILE soft limit found at start
  uint64_t soft_limit = 0;           // after raising it towards the hard limit
  uint64_t hard_limit = 0;
  int open = 0;                      // descriptors open when fitted
  int reserved = 0;                  // kept back from connections, `open` included
  int max_connections = 0;           // the fitted limit
  bool lowered = false;              // max_connections is below what was asked for
};

// Raises this process's RLIMIT_NOFILE soft limit to its hard limit (capped at what the kernel
// allows, /proc/sys/fs/nr_open) and returns `requested` lowered, if need be, so that
// connections fit under it beside what the server keeps for itself: the descriptors open now,
// kDescriptorsPerThread for each of `threads` (connection and work threads), and
// kSpareDescriptors. Past the fitted limit connections get a 503 while descriptors remain to
// send it, instead of accept() failing with EMFILE and clients timing out. Call it once the
// registry, keys and fonts are open. Fails with kInvalidInput when the limit leaves fewer
// than kMinConnections.
Result<DescriptorFit> FitConnectionsToDescriptors(int requested, unsigned threads);

// The threads a ServerOptions::threads or ::work_threads of 0 stands for: one per core.
unsigned ThreadsOrDefault(unsigned threads);

struct ServerOptions {
  std::string bind_address = "127.0.0.1";
  uint16_t port = 8080;  // 0: an ephemeral port (see Server::port)
  unsigned threads = 0;  // 0: one per hardware thread; these read, route and write
  // Threads for costly requests (IsCostlyRequest), apart from the connection threads so that
  // /healthz and the pages answer while they work. 0: one per hardware thread.
  unsigned work_threads = 0;
  // TLS when both are set: PEM certificate chain and private key.
  std::filesystem::path tls_certificate;
  std::filesystem::path tls_key;
  ServerLimits limits;
};

class Server {
 public:
  // Binds and listens (so port() is known before Run). Fails with kInvalidInput for a bad
  // address or unreadable TLS files, kInternal when the port cannot be bound. `services`
  // must outlive the server.
  static Result<std::unique_ptr<Server>> Create(const ServerOptions& options,
                                                const ApiServices& services);
  ~Server();

  // The port listened on (the chosen one when options.port was 0).
  uint16_t port() const;
  bool tls() const;

  // Serves until Stop() or SIGINT/SIGTERM: connections on options.threads worker threads
  // (each connection stays on one), costly requests on options.work_threads threads of their
  // own behind a queue of options.limits.max_queued_work, accepting and signals on this
  // thread. Then it stops accepting, lets requests in progress finish (up to kShutdownGrace)
  // and returns.
  void Run();
  // Starts the graceful stop. Thread-safe; Run returns once it completes.
  void Stop();

 private:
  class Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pramaan::api

#endif  // PRAMAAN_API_SERVER_H_
