#include "api/status_lists.h"

#include "core/status/status_entry.h"

namespace pramaan::api {

Result<StatusFinding> RegistryStatusChecker::Check(const Json& credential) const {
  PRAMAAN_ASSIGN_OR_RETURN(CredentialStatusEntries status, ReadCredentialStatus(credential));
  const std::string prefix = base_url_ + "/status/";
  bool ours = false;
  bool revoked = false;
  bool suspended = false;
  for (const BitstringStatusListEntry& entry : status.entries) {
    if (!entry.status_list_credential.starts_with(prefix)) continue;
    ours = true;
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
    (list->purpose == store::StatusPurpose::kRevocation ? revoked : suspended) = true;
  }
  if (!ours && !status.entries.empty()) {
    return InvalidInput("credentialStatus: its status lists are not this registry's (" + prefix +
                        "...)");
  }
  StatusFinding finding;
  if (!revoked && !suspended) return finding;
  finding.kind = revoked ? StatusFinding::Kind::kRevoked : StatusFinding::Kind::kSuspended;
  // The why: rare (only a revoked or suspended credential gets here), so one registry read.
  const std::string id = GetString(credential, "id");
  const std::string credentials_prefix = base_url_ + "/credentials/";
  if (registry_ != nullptr && id.starts_with(credentials_prefix)) {
    auto events = registry_->StatusEvents(std::string_view(id).substr(credentials_prefix.size()));
    if (events.ok()) {
      const store::StatusAction wanted =
          revoked ? store::StatusAction::kRevoke : store::StatusAction::kSuspend;
      for (auto it = events->rbegin(); it != events->rend(); ++it) {
        if (it->action != wanted) continue;
        finding.reason = it->reason;
        finding.reason_code = it->reason_code;
        finding.at = it->at;
        finding.actor = it->actor;
        break;
      }
    }
  }
  return finding;
}

}  // namespace pramaan::api
