#include "api/status_lists.h"

#include "core/status/status_entry.h"

namespace pramaan::api {

Result<std::optional<CredentialState>> RegistryStatusChecker::Check(const Json& credential) const {
  PRAMAAN_ASSIGN_OR_RETURN(CredentialStatusEntries status, ReadCredentialStatus(credential));
  const std::string prefix = base_url_ + "/status/";
  bool suspended = false;
  for (const BitstringStatusListEntry& entry : status.entries) {
    if (!entry.status_list_credential.starts_with(prefix)) continue;
    const std::string_view id =
        std::string_view(entry.status_list_credential).substr(prefix.size());
    const std::optional<store::StatusListName> list = store::ParseStatusListId(id);
    if (!list) {
      return InvalidInput("credentialStatus names " + entry.status_list_credential +
                          ", which is not a status list this issuer publishes");
    }
    if (entry.status_purpose != store::StatusPurposeName(list->purpose)) {
      return InvalidInput("credentialStatus: the " + entry.status_purpose + " entry names the " +
                          std::string(store::StatusPurposeName(list->purpose)) + " list " +
                          entry.status_list_credential);
    }
    if (entry.status_list_index >= static_cast<uint64_t>(store::kStatusListSize)) {
      return InvalidInput("credentialStatus: statusListIndex " +
                          std::to_string(entry.status_list_index) + " is beyond the list");
    }
    PRAMAAN_ASSIGN_OR_RETURN(store::StatusBits::Snapshot snapshot, bits_.Get(*list));
    PRAMAAN_ASSIGN_OR_RETURN(bool set, snapshot.bits->Get(entry.status_list_index));
    if (!set) continue;
    if (list->purpose == store::StatusPurpose::kRevocation) return std::optional<CredentialState>(CredentialState::kRevoked);
    suspended = true;
  }
  if (suspended) return std::optional<CredentialState>(CredentialState::kSuspended);
  return std::optional<CredentialState>();
}

}  // namespace pramaan::api
