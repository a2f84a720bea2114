// The status lists in the server: the signed BitstringStatusListCredential of each list for
// GET /status/{list}, and the status check of credentials whose entries name our lists.
#ifndef PRAMAAN_API_STATUS_LISTS_H_
#define PRAMAAN_API_STATUS_LISTS_H_

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/time/clock.h"
#include "core/time/rfc3339.h"
#include "issuer/config.h"
#include "store/registry.h"
#include "store/status_lists.h"
#include "verifier/sources.h"

namespace pramaan::api {

// How long a signed list stays valid (its validUntil): a verifier holding a copy older than
// this must fetch a new one, so a revocation reaches offline verifiers within a day.
inline constexpr std::chrono::seconds kStatusListValidity = std::chrono::hours(24);
// A list is signed again, even unchanged, once this much of its validity has passed.
inline constexpr std::chrono::seconds kStatusListResignAfter = std::chrono::hours(1);
// How long caches may keep a list (Cache-Control max-age, and the list's ttl).
inline constexpr std::chrono::seconds kStatusListMaxAge = std::chrono::minutes(5);

// Signs each list on first request and again when its bits change or it has aged
// kStatusListResignAfter. Thread-safe.
class StatusListPublisher {
 public:
  // All references must outlive the publisher.
  StatusListPublisher(store::StatusBits& bits, const IssuerSetup& setup, const Clock& clock)
      : bits_(bits), setup_(setup), clock_(clock) {}

  struct Published {
    std::string body;  // the signed list credential, JSON
    std::string etag;  // a quoted strong ETag: the body's SHA-256, base64url
    int64_t version = 0;
    Timestamp signed_at;
  };
  Result<std::shared_ptr<const Published>> Get(const store::StatusListName& list);

 private:
  Result<std::shared_ptr<const Published>> Sign(const store::StatusListName& list,
                                                const store::StatusBits::Snapshot& snapshot);

  store::StatusBits& bits_;
  const IssuerSetup& setup_;
  const Clock& clock_;
  std::mutex mutex_;
  std::map<store::StatusListName, std::shared_ptr<const Published>> published_;
};

// Checks the status entries of credentials issued by this server (their statusListCredential
// is under {base_url}/status/) against the registry's bits (in memory: no registry read for a
// credential whose bits are clear). When a bit is set and `registry` is not null, the reason,
// time and actor of the latest matching change come from its audit log
// (Registry::StatusEvents of the credential's short id, {base_url}/credentials/{short}).
class RegistryStatusChecker final : public StatusSource {
 public:
  // `bits` and `registry` (may be null) must outlive the checker.
  RegistryStatusChecker(store::StatusBits& bits, std::string base_url,
                        const store::Registry* registry = nullptr)
      : bits_(bits), base_url_(std::move(base_url)), registry_(registry) {}

  // kRevoked when a revocation bit is set, else kSuspended when a suspension bit is set.
  // Fails with kInvalidInput when no entry names this registry's lists ({base_url}/status/),
  // or for an entry that names one of our lists wrongly (a purpose that is not the list's, an
  // index beyond it, a list id we never publish); as the registry fails.
  Result<StatusFinding> Check(const Json& credential) const override;

 private:
  store::StatusBits& bits_;
  std::string base_url_;
  const store::Registry* registry_;
};

}  // namespace pramaan::api

#endif  // PRAMAAN_API_STATUS_LISTS_H_
