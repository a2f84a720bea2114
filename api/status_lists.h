// The status check of credentials whose entries name our lists, from the registry's bits. The
// signed lists GET /status/{list} serves are made by the issuer role
// (issuer/status_list_publisher.h) and read from the registry.
#ifndef PRAMAAN_API_STATUS_LISTS_H_
#define PRAMAAN_API_STATUS_LISTS_H_

#include <optional>
#include <string>

#include "api/credential_state.h"
#include "store/status_lists.h"

namespace pramaan::api {

// Checks the status entries of credentials issued by this server (their statusListCredential
// is under {base_url}/status/) against the registry's bits. Entries naming other issuers'
// lists are not fetched (yet): they are left unchecked.
class RegistryStatusChecker final : public StatusListChecker {
 public:
  RegistryStatusChecker(store::StatusBits& bits, std::string base_url)
      : bits_(bits), base_url_(std::move(base_url)) {}

  // kRevoked when a revocation bit is set, else kSuspended when a suspension bit is set.
  // Fails with kInvalidInput for an entry that names one of our lists wrongly (a purpose that
  // is not the list's, an index beyond it, a list id we never publish).
  Result<std::optional<CredentialState>> Check(const Json& credential) const override;

 private:
  store::StatusBits& bits_;
  std::string base_url_;
};

}  // namespace pramaan::api

#endif  // PRAMAAN_API_STATUS_LISTS_H_
