// The status check of credentials whose entries name our lists, from the registry's bits. The
// signed lists GET /status/{list} serves are made by the issuer role
// (issuer/status_list_publisher.h) and read from the registry.
#ifndef PRAMAAN_API_STATUS_LISTS_H_
#define PRAMAAN_API_STATUS_LISTS_H_

#include <optional>
#include <string>

#include "store/registry.h"
#include "store/status_lists.h"
#include "verifier/sources.h"

namespace pramaan::api {

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
