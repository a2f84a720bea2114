// Status lists of credentials from elsewhere: fetched by URL (HTTPS, or HTTP to the loopback
// for tests and local use), bounded in size and time, verified as credentials of the
// credential's own issuer, and cached.
#ifndef PRAMAAN_API_REMOTE_STATUS_H_
#define PRAMAAN_API_REMOTE_STATUS_H_

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/status/status_list_credential.h"
#include "verifier/credential_verifier.h"
#include "verifier/sources.h"

namespace pramaan::api {

// The largest status list credential fetched: a 131,072-entry list is about 1 KB encoded when
// sparse and 22 KB at worst; a list of kMaxStatusListBits entries is far larger, and would be
// refused here before DecodeStatusList's own bound.
inline constexpr std::size_t kMaxFetchedStatusListBytes = 2 << 20;
// Connecting, sending and reading the whole answer: a slow server cannot hold a verifier up.
inline constexpr std::chrono::seconds kStatusFetchTimeout{5};
// How long a fetched list is used without asking again (shortened by its ttl and validUntil).
inline constexpr std::chrono::minutes kStatusListCacheAge{5};
// Lists kept; the least recently fetched goes first.
inline constexpr std::size_t kMaxCachedStatusLists = 256;

// Where a status list URL points, as FetchUrl connects to it.
struct FetchTarget {
  bool https = false;
  std::string host;         // to resolve and check the certificate against: "::1", "a.example"
  bool host_is_address = false;
  std::string port;         // "443" when the URL names none
  std::string host_header;  // as the Host header carries it: "[::1]:8443"
  std::string target;       // path and query, at least "/"
};

// Reads an absolute http(s) URL (RFC 3986, through Boost.URL). Fails with kUnsupported for
// another scheme or plain http to anywhere but the loopback, kInvalidInput for text that is
// not a URL, has no host or carries user information.
Result<FetchTarget> ParseFetchUrl(const std::string& url);

// Fetches `url` with GET and returns the body of a 200 answer. https:// verifies the server's
// certificate and name against the system's trusted CAs (and `extra_ca_file` when not empty);
// http:// is allowed only to 127.0.0.1 or localhost. Fails with kUnsupported for other URLs,
// kInvalidInput for an answer over `max_bytes` or not 200, kInternal for network errors and
// timeouts.
Result<std::string> FetchUrl(const std::string& url, std::size_t max_bytes,
                             std::chrono::milliseconds timeout,
                             const std::string& extra_ca_file = "");

// Checks credentialStatus entries by fetching their lists. A list is believed only when it
// verifies (proof, issuer's key, validity period against the verifier's clock) and its issuer
// is the credential's. Thread-safe.
class RemoteStatusChecker final : public StatusSource {
 public:
  // `verifier` must outlive the checker.
  explicit RemoteStatusChecker(const CredentialVerifier& verifier, std::string extra_ca_file = "")
      : verifier_(verifier), extra_ca_file_(std::move(extra_ca_file)) {}

  // kRevoked when a revocation bit is set, else kSuspended when a suspension bit is set (a
  // list knows no reason or time). Fails (the credential cannot be checked) when a list cannot
  // be fetched or does not verify.
  Result<StatusFinding> Check(const Json& credential) const override;

  // Fetches so far (for tests: the cache is used).
  std::size_t fetches() const;

 private:
  struct Cached {
    std::shared_ptr<const StatusListView> list;
    std::chrono::steady_clock::time_point fetched;
    std::chrono::steady_clock::time_point fresh_until;
  };
  Result<std::shared_ptr<const StatusListView>> List(const std::string& url,
                                                     const std::string& issuer) const;

  const CredentialVerifier& verifier_;
  const std::string extra_ca_file_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, Cached> cache_;  // by URL
  mutable std::size_t fetches_ = 0;
};

}  // namespace pramaan::api

#endif  // PRAMAAN_API_REMOTE_STATUS_H_
