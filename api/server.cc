#include "api/server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>
#include <tuple>
#include <vector>

#include "api/console_routes.h"

namespace pramaan::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// Bytes read at a time while waiting for the next request on a kept-alive connection.
constexpr std::size_t kReadChunk = 4096;
// The most a read between requests asks for (the connection's buffer holds as much).
constexpr std::size_t kMaxReadAhead = 64 * 1024;
// After an error response the rest of the request is read and dropped for at most this long
// and this many bytes, so the client sees the response rather than a reset connection.
constexpr std::chrono::milliseconds kDrainTime{1'000};
constexpr std::size_t kDrainBytes = 4 * kMaxBodyBytes;

// When this connection thread's event loop last ran its tick (Impl::Tick); the epoch on every
// other thread, which never answers inline.
thread_local std::chrono::steady_clock::time_point t_last_tick;

// Counts a connection (or a request) for as long as it lives.
class Counted {
 public:
  enum Adopt { kAdopt };
  explicit Counted(std::atomic<int>& counter) : counter_(counter) { ++counter_; }
  // Takes over a count the caller already made.
  Counted(std::atomic<int>& counter, Adopt) : counter_(counter) {}
  ~Counted() { --counter_; }
  Counted(const Counted&) = delete;
  Counted& operator=(const Counted&) = delete;

 private:
  std::atomic<int>& counter_;
};

}  // namespace

class Server::Impl {
 public:
  Impl(const ServerOptions& options, const ApiServices& services)
      : options_(options),
        services_(services),
        work_threads_(ThreadsOrDefault(options.work_threads)),
        acceptor_(ioc_),
        signals_(ioc_, SIGINT, SIGTERM),
        stop_timer_(ioc_),
        work_pool_(work_threads_) {}

  Status Open() {
    boost::system::error_code ec;
    const asio::ip::address address = asio::ip::make_address(options_.bind_address, ec);
    if (ec) return InvalidInput("--bind: \"" + options_.bind_address + "\" is not an IP address");
    const tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Internal("cannot listen on " + options_.bind_address + ":" +
                      std::to_string(options_.port) + ": " + ec.message());
    }
    if (!options_.tls_certificate.empty() || !options_.tls_key.empty()) {
      if (options_.tls_certificate.empty() || options_.tls_key.empty()) {
        return InvalidInput("TLS needs both --tls-cert and --tls-key");
      }
      tls_.emplace(ssl::context::tls_server);
      tls_->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                        ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                        ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
      tls_->use_certificate_chain_file(options_.tls_certificate.string(), ec);
      if (ec) {
        return InvalidInput("--tls-cert: cannot read " + options_.tls_certificate.string() +
                            ": " + ec.message());
      }
      tls_->use_private_key_file(options_.tls_key.string(), ssl::context::pem, ec);
      if (ec) {
        return InvalidInput("--tls-key: cannot read " + options_.tls_key.string() + ": " +
                            ec.message());
      }
    }
    return Status::Ok();
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  bool tls() const { return tls_.has_value(); }

  // The acceptor, signals and shutdown run on this thread's io_context; connections are dealt
  // round-robin to one io_context per worker thread, each run by that thread alone, so a
  // connection's requests never hop between threads.
  void Run() {
    const unsigned threads = ThreadsOrDefault(options_.threads);
    for (unsigned i = 0; i < threads; ++i) {
      workers_.push_back(std::make_unique<asio::io_context>(1));
      work_guards_.emplace_back(workers_.back()->get_executor());
    }
    asio::co_spawn(ioc_, Accept(), asio::detached);
    for (auto& worker : workers_) asio::co_spawn(*worker, Tick(), asio::detached);
    signals_.async_wait([this](boost::system::error_code ec, int) {
      if (!ec) BeginStop();
    });
    std::vector<std::thread> pool;
    for (auto& worker : workers_) pool.emplace_back([&worker] { worker->run(); });
    ioc_.run();
    for (std::thread& thread : pool) thread.join();
    // Work not started is dropped; work in progress finishes before the connections it
    // answers (whose frames it reads) are destroyed with the io_contexts.
    work_pool_.stop();
    work_pool_.join();
  }

  void Stop() {
    asio::post(ioc_, [this] { BeginStop(); });
  }

 private:
  void BeginStop() {
    if (stopping_.exchange(true)) return;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    signals_.cancel(ignored);
    stop_deadline_ = std::chrono::steady_clock::now() + kShutdownGrace;
    WaitForRequests();
  }

  // Polls until no request is in progress (idle keep-alive connections do not count), then
  // stops the io_context, which ends every remaining connection.
  void WaitForRequests() {
    if (active_requests_ == 0 || std::chrono::steady_clock::now() >= stop_deadline_) {
      for (auto& worker : workers_) worker->stop();
      ioc_.stop();
      return;
    }
    stop_timer_.expires_after(std::chrono::milliseconds(20));
    stop_timer_.async_wait([this](boost::system::error_code) { WaitForRequests(); });
  }

  asio::awaitable<void> Accept() {
    for (;;) {
      // While kRefusingAtOnce refusals are being sent, the next connections wait in the
      // listen queue instead of each taking a descriptor.
      while (refusing_ >= kRefusingAtOnce && !stopping_) {
        asio::steady_timer pause(ioc_, std::chrono::milliseconds(5));
        co_await pause.async_wait(kNoThrow);
      }
      asio::io_context& worker = *workers_[next_worker_++ % workers_.size()];
      auto [ec, socket] = co_await acceptor_.async_accept(worker, kNoThrow);
      if (ec) {
        if (stopping_ || ec == asio::error::operation_aborted) co_return;
        // Out of file descriptors (which the fitted limits should prevent: said in the log,
        // at most once a minute) and the like: pause instead of spinning.
        if ((ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space) &&
            std::chrono::steady_clock::now() >= next_descriptor_warning_) {
          std::fprintf(stderr,
                       "pramaan: out of file descriptors accepting a connection (%s); more "
                       "descriptors are open than the server fitted its connections to\n",
                       ec.message().c_str());
          next_descriptor_warning_ = std::chrono::steady_clock::now() + std::chrono::minutes(1);
        }
        asio::steady_timer pause(ioc_, std::chrono::milliseconds(50));
        co_await pause.async_wait(kNoThrow);
        continue;
      }
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      // Counted here, as it is accepted, not when its session starts on its thread: a burst
      // of accepts would otherwise all see the count from before it and overrun the limit
      // (and the descriptors it was fitted to).
      if (connections_ >= options_.limits.max_connections) {
        ++refusing_;
        asio::co_spawn(socket.get_executor(), Refuse(tcp::socket(std::move(socket))),
                       asio::detached);
        continue;
      }
      ++connections_;
      asio::co_spawn(socket.get_executor(), Session(tcp::socket(std::move(socket))),
                     asio::detached);
    }
  }

  // Over the connection limit: a short 503 and close, without reading the request. What the
  // client sent meanwhile is drained for a moment (as after other refusals) so that it reads
  // the 503 rather than a reset; when many are being refused at once, the drain is skipped so
  // that the others in the listen queue get their 503 soon. Counted in refusing_ by Accept.
  asio::awaitable<void> Refuse(tcp::socket socket) {
    Counted refusing(refusing_, Counted::kAdopt);
    beast::tcp_stream stream(std::move(socket));
    HttpResponse response = MakeProblem(503, "", "Service Unavailable",
                                        "too many connections; retry shortly", 11, false);
    response.set(http::field::retry_after, std::to_string(kRetryAfterSeconds));
    stream.expires_after(options_.limits.write_timeout);
    auto [ec, written] = co_await http::async_write(stream, response, kNoThrow);
    if (!ec && refusing_ <= kRefusingAtOnce / 2) co_await Drain(stream);
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  }

  // Serves one accepted connection, counted in connections_ by Accept.
  asio::awaitable<void> Session(tcp::socket socket) {
    Counted connection(connections_, Counted::kAdopt);
    services_.metrics->ConnectionOpened();
    struct Closed {
      Metrics* metrics;
      ~Closed() { metrics->ConnectionClosed(); }
    } closed{services_.metrics};
    boost::system::error_code no_peer;
    const auto peer = socket.remote_endpoint(no_peer);
    const std::string client = no_peer ? "" : peer.address().to_string();
    beast::tcp_stream stream(std::move(socket));
    if (!tls_) {
      const bool clean = co_await Serve(stream, client);
      boost::system::error_code ignored;
      if (clean) stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
      co_return;
    }
    beast::ssl_stream<beast::tcp_stream> secure(std::move(stream), *tls_);
    beast::get_lowest_layer(secure).expires_after(options_.limits.read_timeout);
    auto [ec] = co_await secure.async_handshake(ssl::stream_base::server, kNoThrow);
    if (ec) co_return;
    if (co_await Serve(secure, client)) {
      beast::get_lowest_layer(secure).expires_after(options_.limits.write_timeout);
      co_await secure.async_shutdown(kNoThrow);
    }
  }

  // Answers requests on `stream` (from the address `client`) until the client or a response
  // closes the connection. Returns whether the connection is still usable for a clean close.
  template <class Stream>
  asio::awaitable<bool> Serve(Stream& stream, const std::string& client) {
    beast::flat_buffer buffer;
    buffer.reserve(kReadChunk);  // else the first request is read 512 bytes at a time
    auto& lowest = beast::get_lowest_layer(stream);
    // How much the next read between requests asks for: the size of this client's last
    // request (within kReadChunk and kMaxReadAhead), so that a request like it arrives in one
    // read instead of two.
    std::size_t read_ahead = kReadChunk;
    for (bool first = true;; first = false) {
      if (!first && buffer.size() == 0) {
        // Between requests the idle timeout applies; the read timeout starts with the next
        // request's first byte.
        lowest.expires_after(options_.limits.idle_timeout);
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(read_ahead), kNoThrow);
        if (ec) co_return false;
        buffer.commit(n);
      }
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options_.limits.max_header_bytes));
      // Beast checks a Content-Length against the limit as the header ends: the largest any
      // route takes, until the header says which route this is.
      parser.body_limit(std::max(options_.limits.max_body_bytes, kMaxRecordBatchBytes));
      lowest.expires_after(options_.limits.read_timeout);
      // The header first: it decides how large a body may follow (BodyLimitFor), and a client
      // that asked (Expect: 100-continue) is told to send it.
      auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, kNoThrow);
      std::size_t request_bytes = n;
      std::size_t body_limit = options_.limits.max_body_bytes;
      if (!ec) {
        body_limit = BodyLimitFor(parser.get(), services_, body_limit);
        parser.body_limit(body_limit);
        if (parser.content_length().value_or(0) > body_limit) ec = http::error::body_limit;
        if (body_limit > options_.limits.max_body_bytes) {
          lowest.expires_after(kLargeBodyReadTimeout);
        }
      }
      if (!ec) {
        if (beast::iequals(parser.get()[http::field::expect], "100-continue") &&
            !parser.is_done()) {
          http::response<http::empty_body> go_on(http::status::continue_, 11);
          lowest.expires_after(options_.limits.write_timeout);
          auto [continue_ec, continued] = co_await http::async_write(stream, go_on, kNoThrow);
          if (continue_ec) co_return false;
          lowest.expires_after(body_limit > options_.limits.max_body_bytes
                                   ? kLargeBodyReadTimeout
                                   : options_.limits.read_timeout);
        }
        std::tie(ec, n) = co_await http::async_read(stream, buffer, parser, kNoThrow);
        request_bytes += n;
        read_ahead = std::clamp(request_bytes, kReadChunk, kMaxReadAhead);
      }
      if (ec == http::error::end_of_stream) co_return true;
      if (ec) {
        std::optional<HttpResponse> refusal;
        if (ec == http::error::body_limit) {
          const auto target = parser.get().target();
          refusal = IsConsoleTarget(std::string_view(target.data(), target.size()))
                        ? ConsoleBodyTooLarge(body_limit)
                        : MakeProblem(413, "", "Content Too Large",
                                      "the request body is larger than " +
                                          std::to_string(body_limit) + " bytes",
                                      11, false);
        } else if (ec == http::error::header_limit) {
          refusal = MakeProblem(431, "", "Request Header Fields Too Large",
                                "the request headers are larger than " +
                                    std::to_string(options_.limits.max_header_bytes) + " bytes",
                                11, false);
        } else if (ec.category() == boost::beast::http::make_error_code(http::error::bad_target).category() &&
                   ec != http::error::partial_message) {
          refusal = MakeProblem(400, "", "Bad Request",
                                "the request is not valid HTTP/1.1: " + ec.message(), 11, false);
        }
        if (!refusal) co_return false;  // timeout, reset, or a request cut short: just close
        services_.metrics->RecordRequest("unparsed", refusal->result_int(), 0);
        lowest.expires_after(options_.limits.write_timeout);
        auto [write_ec, written] = co_await http::async_write(stream, *refusal, kNoThrow);
        if (!write_ec) co_await Drain(stream);
        co_return false;
      }

      HandledRequest handled;
      {
        Counted request(active_requests_);
        const auto start = std::chrono::steady_clock::now();
        if (IsCostlyRequest(parser.get()) && !AnswersInline(parser.get())) {
          handled = co_await HandleOnWorkThread(parser.get(), client);
        } else {
          handled = Handle(parser.get(), services_, client);
        }
        if (stopping_) handled.response.keep_alive(false);
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        services_.metrics->RecordRequest(handled.route, handled.response.result_int(),
                                         elapsed.count());
      }
      lowest.expires_after(options_.limits.write_timeout);
      auto [write_ec, written] = co_await http::async_write(stream, handled.response, kNoThrow);
      if (write_ec) co_return false;
      if (!handled.response.keep_alive()) co_return true;
    }
  }

  // Marks, on the connection thread it runs on, that the thread's event loop is keeping up:
  // runs every kInlineLag / 4 until the server stops.
  asio::awaitable<void> Tick() {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (!stopping_) {
      t_last_tick = std::chrono::steady_clock::now();
      timer.expires_after(kInlineLag / 4);
      auto [ec] = co_await timer.async_wait(kNoThrow);
      if (ec) co_return;
    }
  }

  // A small verification is answered on this connection thread when the thread keeps up: the
  // hand-off to the work pool and back would cost more than the work. Large bodies, every
  // costly request while the thread lags (a burst), and every other POST (issuance, status
  // changes, awarding: they write to the registry and may wait on it) go to the pool.
  static bool AnswersInline(const HttpRequest& request) {
    return IsVerificationRequest(request) && request.body().size() <= kInlineBodyBytes &&
           std::chrono::steady_clock::now() - t_last_tick < kInlineLag;
  }

  // Answers a costly request on the work pool while this connection's thread serves others;
  // 503 with Retry-After at once when kMaxQueuedWork requests already wait there.
  asio::awaitable<HandledRequest> HandleOnWorkThread(const HttpRequest& request,
                                                     const std::string& client) {
    const int limit = static_cast<int>(work_threads_) + options_.limits.max_queued_work;
    if (++queued_work_ > limit) {
      --queued_work_;
      HttpResponse busy =
          MakeProblem(503, "server-busy", "Service Unavailable",
                      "the server is working on " + std::to_string(limit) +
                          " costly requests already; retry shortly",
                      request.version(), request.keep_alive());
      busy.set(http::field::retry_after, std::to_string(kRetryAfterSeconds));
      co_return HandledRequest{std::move(busy), "busy"};
    }
    Counted done(queued_work_, Counted::kAdopt);
    co_return co_await asio::co_spawn(
        work_pool_,
        [this, &request, &client]() -> asio::awaitable<HandledRequest> {
          co_return Handle(request, services_, client);
        },
        asio::use_awaitable);
  }

  // Reads and drops what the client is still sending (a refused body) for a short while after
  // half-closing, so its TCP stack delivers our response instead of a reset.
  template <class Stream>
  asio::awaitable<void> Drain(Stream& stream) {
    auto& lowest = beast::get_lowest_layer(stream);
    boost::system::error_code ignored;
    lowest.socket().shutdown(tcp::socket::shutdown_send, ignored);
    lowest.expires_after(kDrainTime);
    std::size_t drained = 0;
    char sink[kReadChunk];
    while (drained < kDrainBytes) {
      auto [ec, n] = co_await lowest.async_read_some(asio::buffer(sink), kNoThrow);
      if (ec) break;
      drained += n;
    }
  }

  const ServerOptions options_;
  const ApiServices services_;
  const unsigned work_threads_;
  std::atomic<int> queued_work_{0};  // costly requests waiting or being worked on
  // The workers are declared before ioc_ so that they are destroyed after it: an accept still
  // pending on ioc_ holds a socket of a worker's io_context, which must outlive it.
  std::vector<std::unique_ptr<asio::io_context>> workers_;  // one per thread: the connections
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work_guards_;
  size_t next_worker_ = 0;
  asio::io_context ioc_;  // acceptor, signals, shutdown
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer stop_timer_;
  std::optional<ssl::context> tls_;
  std::atomic<int> connections_{0};
  std::atomic<int> refusing_{0};  // connections being refused with a 503
  std::chrono::steady_clock::time_point next_descriptor_warning_;  // Accept's, on ioc_
  std::atomic<int> active_requests_{0};
  std::atomic<bool> stopping_{false};
  std::chrono::steady_clock::time_point stop_deadline_;
  // Costly requests run here. Last, so destroyed first: work it never started still holds the
  // coroutines of its connections, whose sockets need the io_contexts above.
  asio::thread_pool work_pool_;
};

unsigned ThreadsOrDefault(unsigned threads) {
  return threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
}

namespace {

// Descriptors this process has open now: the entries of /proc/self/fd (less the one listing
// them), or, without /proc, the lowest free descriptor as a floor.
int CountOpenDescriptors() {
  std::error_code ec;
  int open = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
       it.increment(ec)) {
    ++open;
  }
  if (!ec && open > 0) return open - 1;
  const int probe = ::dup(0);
  if (probe < 0) return 3;
  ::close(probe);
  return probe;
}

}  // namespace

Result<DescriptorFit> FitConnectionsToDescriptors(int requested, unsigned threads) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return Internal("cannot read the open-file limit (RLIMIT_NOFILE)");
  }
  DescriptorFit fit;
  fit.previous_soft_limit = limit.rlim_cur;
  fit.hard_limit = limit.rlim_max;
  // An unlimited hard limit cannot be the soft one: the kernel caps descriptors at nr_open.
  rlim_t wanted = limit.rlim_max;
  if (wanted == RLIM_INFINITY) {
    wanted = 1u << 20;
    std::ifstream nr_open("/proc/sys/fs/nr_open");
    if (unsigned long long kernel = 0; nr_open >> kernel && kernel > 0) wanted = kernel;
  }
  if (wanted > limit.rlim_cur) {
    rlimit raised = limit;
    raised.rlim_cur = wanted;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit.rlim_cur = wanted;
  }
  fit.soft_limit = limit.rlim_cur;
  fit.open = CountOpenDescriptors();
  // The acceptor's own event loop counts as one more thread.
  fit.reserved = fit.open + kDescriptorsPerThread * static_cast<int>(threads + 1) +
                 kSpareDescriptors;
  const uint64_t reserved = static_cast<uint64_t>(fit.reserved);
  const uint64_t room = fit.soft_limit > reserved ? fit.soft_limit - reserved : 0;
  if (room < static_cast<uint64_t>(kMinConnections)) {
    return InvalidInput("the open-file limit (ulimit -n) is " + std::to_string(fit.soft_limit) +
                        ", which leaves fewer than " + std::to_string(kMinConnections) +
                        " connections beside the " + std::to_string(fit.reserved) +
                        " descriptors the server keeps for itself");
  }
  fit.max_connections = requested;
  if (room < static_cast<uint64_t>(requested)) {
    fit.max_connections = static_cast<int>(room);
    fit.lowered = true;
  }
  return fit;
}

Result<std::unique_ptr<Server>> Server::Create(const ServerOptions& options,
                                               const ApiServices& services) {
  if ((services.setup == nullptr && services.verifier == nullptr) || services.registry == nullptr || services.clock == nullptr ||
      services.metrics == nullptr) {
    return Internal("the server needs a verifier or issuer setup, a registry, a clock and metrics");
  }
  auto impl = std::make_unique<Impl>(options, services);
  PRAMAAN_RETURN_IF_ERROR(impl->Open());
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;
uint16_t Server::port() const { return impl_->port(); }
bool Server::tls() const { return impl_->tls(); }
void Server::Run() { impl_->Run(); }
void Server::Stop() { impl_->Stop(); }

}  // namespace pramaan::api
