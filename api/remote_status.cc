#include "api/remote_status.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <optional>

#include "core/status/status_entry.h"

namespace pramaan::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using asio::ip::tcp;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// Response headers a status list server may send (cookies and all): more is an attack.
constexpr std::uint32_t kMaxResponseHeaderBytes = 16 * 1024;

}  // namespace

Result<FetchTarget> ParseFetchUrl(const std::string& text) {
  // Boost.URL reads RFC 3986 exactly: IPv6 literals ("https://[::1]:8443/"), empty ports,
  // percent-encoded names and user information all come out right.
  const auto parsed = boost::urls::parse_uri(text);
  if (!parsed) {
    return InvalidInput("status list URL " + text + " is not a URL (" + parsed.error().message() +
                        ")");
  }
  const boost::urls::url_view& url = *parsed;
  FetchTarget target;
  if (url.scheme_id() == boost::urls::scheme::https) {
    target.https = true;
  } else if (url.scheme_id() != boost::urls::scheme::http) {
    return Unsupported("status list " + text + " is not an http(s) URL");
  }
  if (url.has_userinfo()) return InvalidInput("status list URL " + text + " carries credentials");
  target.host = url.host_address();  // an IPv6 literal without its brackets, names decoded
  if (target.host.empty()) return InvalidInput("status list URL " + text + " has no host");
  target.host_is_address = url.host_type() == boost::urls::host_type::ipv4 ||
                           url.host_type() == boost::urls::host_type::ipv6;
  if (url.host_type() == boost::urls::host_type::ipvfuture) {
    return Unsupported("status list URL " + text + " has an IPvFuture host");
  }
  target.port = url.has_port() && !url.port().empty() ? std::string(url.port())
                                                      : (target.https ? "443" : "80");
  target.host_header = url.encoded_host_and_port();
  target.target = url.encoded_target();  // path and query; the fragment is the client's
  if (target.target.empty() || target.target[0] != '/') target.target.insert(0, "/");
  const bool loopback = target.host == "127.0.0.1" || target.host == "localhost" ||
                        target.host == "::1";
  if (!target.https && !loopback) {
    return Unsupported("status list " + text + " is plain http: only https is fetched");
  }
  return target;
}

namespace {

// Sends GET and reads the answer on a connected stream (plain or TLS).
template <typename Stream>
asio::awaitable<Result<std::string>> Exchange(Stream& stream, const FetchTarget& url,
                                              std::size_t max_bytes) {
  http::request<http::empty_body> request{http::verb::get, url.target, 11};
  request.set(http::field::host, url.host_header);
  request.set(http::field::user_agent, "pramaan");
  request.set(http::field::accept, "application/vc+ld+json, application/vc, application/json");
  auto [write_error, written] = co_await http::async_write(stream, request, kNoThrow);
  if (write_error) co_return Internal("sending the request: " + write_error.message());
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_bytes);
  parser.header_limit(kMaxResponseHeaderBytes);
  auto [read_error, read] = co_await http::async_read(stream, buffer, parser, kNoThrow);
  if (read_error == http::error::body_limit) {
    co_return InvalidInput("the answer is larger than " + std::to_string(max_bytes) + " bytes");
  }
  if (read_error) co_return Internal("reading the answer: " + read_error.message());
  if (parser.get().result() != http::status::ok) {
    co_return InvalidInput("the server answered " + std::to_string(parser.get().result_int()));
  }
  co_return std::move(parser.get().body());
}

asio::awaitable<Result<std::string>> Fetch(FetchTarget url, std::size_t max_bytes,
                                           ssl::context* tls) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto [resolve_error, endpoints] = co_await resolver.async_resolve(url.host, url.port, kNoThrow);
  if (resolve_error) co_return Internal("resolving " + url.host + ": " + resolve_error.message());
  beast::tcp_stream stream(executor);
  auto [connect_error, endpoint] = co_await stream.async_connect(endpoints, kNoThrow);
  if (connect_error) co_return Internal("connecting: " + connect_error.message());
  if (tls == nullptr) co_return co_await Exchange(stream, url, max_bytes);
  beast::ssl_stream<beast::tcp_stream> secure(std::move(stream), *tls);
  // Server Name Indication carries names only, never an IP address (RFC 6066).
  if (!url.host_is_address && !SSL_set_tlsext_host_name(secure.native_handle(), url.host.c_str())) {
    co_return Internal("cannot set the TLS server name");
  }
  secure.set_verify_callback(ssl::host_name_verification(url.host));
  auto [handshake_error] = co_await secure.async_handshake(ssl::stream_base::client, kNoThrow);
  if (handshake_error) co_return Internal("TLS handshake: " + handshake_error.message());
  co_return co_await Exchange(secure, url, max_bytes);
}

std::string IssuerId(const Json& credential) {
  const auto issuer = credential.find("issuer");
  if (issuer == credential.end()) return "";
  if (issuer->is_string()) return issuer->get<std::string>();
  return issuer->is_object() ? GetString(*issuer, "id") : "";
}

}  // namespace

Result<std::string> FetchUrl(const std::string& text, std::size_t max_bytes,
                             std::chrono::milliseconds timeout, const std::string& extra_ca_file) {
  PRAMAAN_ASSIGN_OR_RETURN(FetchTarget url, ParseFetchUrl(text));
  std::optional<ssl::context> tls;
  if (url.https) {
    tls.emplace(ssl::context::tls_client);
    boost::system::error_code ec;
    tls->set_default_verify_paths(ec);
    if (!extra_ca_file.empty()) tls->load_verify_file(extra_ca_file, ec);
    if (ec) return Internal("loading trusted certificates: " + ec.message());
    tls->set_verify_mode(ssl::verify_peer);
  }
  asio::io_context context;
  std::optional<Result<std::string>> result;
  asio::co_spawn(
      context,
      [&]() -> asio::awaitable<void> {
        result.emplace(co_await Fetch(url, max_bytes, tls ? &*tls : nullptr));
      },
      asio::detached);
  context.run_for(timeout);
  if (!result) return Internal("fetching " + text + " took longer than the time allowed");
  if (!result->ok()) return result->error().WithContext("fetching " + text);
  return std::move(*result);
}

// A fetched list knows only the bit: no reason, time or actor.
constexpr const char* kFetchedHow = "status lists fetched and verified";

Result<StatusFinding> RemoteStatusChecker::Check(const Json& credential) const {
  PRAMAAN_ASSIGN_OR_RETURN(CredentialStatusEntries status, ReadCredentialStatus(credential));
  const std::string issuer = IssuerId(credential);
  StatusFinding finding;
  finding.how = kFetchedHow;
  bool suspended = false;
  for (const BitstringStatusListEntry& entry : status.entries) {
    const bool validity = entry.status_purpose == kStatusPurposeRevocation ||
                          entry.status_purpose == kStatusPurposeSuspension;
    // Refresh and message lists say nothing about validity; a message entry is read for the
    // person when it says what its statuses mean.
    if (!validity && entry.status_messages.empty()) continue;
    PRAMAAN_ASSIGN_OR_RETURN(std::shared_ptr<const StatusListView> list,
                             List(entry.status_list_credential, issuer));
    PRAMAAN_ASSIGN_OR_RETURN(uint64_t value, LookUpEntryValue(*list, entry));
    const std::string message = entry.MessageFor(value);
    if (!validity) {
      finding.notes.push_back(entry.status_purpose + " status " + FormatHexStatus(value) +
                              (message.empty() ? "" : ": " + message));
      continue;
    }
    if (value == 0) continue;
    if (entry.status_purpose == kStatusPurposeRevocation) {
      finding.kind = StatusFinding::Kind::kRevoked;
      finding.reason = message;
      return finding;
    }
    suspended = true;
    if (finding.reason.empty()) finding.reason = message;
  }
  finding.kind = suspended ? StatusFinding::Kind::kSuspended : StatusFinding::Kind::kClear;
  return finding;
}

std::size_t RemoteStatusChecker::fetches() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return fetches_;
}

Result<std::shared_ptr<const StatusListView>> RemoteStatusChecker::List(
    const std::string& url, const std::string& issuer) const {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (const auto found = cache_.find(url); found != cache_.end() && now < found->second.fresh_until) {
      return found->second.list;
    }
    ++fetches_;
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::string body,
                           FetchUrl(url, kMaxFetchedStatusListBytes, kStatusFetchTimeout,
                                    extra_ca_file_));
  PRAMAAN_ASSIGN_OR_RETURN(Json list_credential, ParseJson(body, url));
  PRAMAAN_ASSIGN_OR_RETURN(VerificationReport report, verifier_.Check(list_credential));
  if (!report.verified()) {
    for (const pramaan::Check& check : report.checks()) {
      if (!check.passed) {
        return InvalidInput("the status list " + url + " does not verify: " + check.detail);
      }
    }
  }
  PRAMAAN_ASSIGN_OR_RETURN(StatusListView view, ReadStatusListCredential(list_credential));
  if (view.issuer_id != issuer) {
    return InvalidInput("the status list " + url + " is issued by " + view.issuer_id +
                        ", not by the credential's issuer " + issuer);
  }
  if (!view.id.empty() && view.id != url) {
    return InvalidInput("the status list fetched from " + url + " says it is " + view.id);
  }
  auto fresh_for = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::minutes(kStatusListCacheAge));
  if (view.ttl_ms) {
    fresh_for = std::min(fresh_for, std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                        std::chrono::milliseconds(*view.ttl_ms)));
  }
  auto shared = std::make_shared<const StatusListView>(std::move(view));
  std::lock_guard<std::mutex> lock(mutex_);
  if (cache_.size() >= kMaxCachedStatusLists && cache_.count(url) == 0) {
    auto oldest = cache_.begin();
    for (auto it = cache_.begin(); it != cache_.end(); ++it) {
      if (it->second.fetched < oldest->second.fetched) oldest = it;
    }
    cache_.erase(oldest);
  }
  cache_[url] = Cached{shared, now, now + fresh_for};
  return shared;
}

}  // namespace pramaan::api
