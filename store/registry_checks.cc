#include "store/registry_checks.h"

#include "core/encoding/utf8.h"
#include "core/time/rfc3339.h"

namespace pramaan::store {
namespace {

Status CheckStorable(std::string_view text, const std::string& subject, std::string_view field) {
  if (IsStorableText(text)) return Status::Ok();
  return InvalidInput(subject + ": " + std::string(field) +
                      " is not valid UTF-8 text without NUL characters");
}

}  // namespace

std::string Quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

bool IsStorableText(std::string_view text) {
  return text.find('\0') == std::string_view::npos && IsValidUtf8(text);
}

std::vector<Status> ValidateGroupForPut(const std::vector<StoredCredential>& credentials,
                                        const std::vector<IssuanceEvent>* events) {
  std::vector<Status> outcomes;
  outcomes.reserve(credentials.size());
  for (size_t i = 0; i < credentials.size(); ++i) {
    Status valid = ValidateForPut(credentials[i]);
    if (valid.ok() && events != nullptr) valid = ValidateIssuanceEvent((*events)[i]);
    outcomes.push_back(std::move(valid));
  }
  return outcomes;
}

Status ValidateIssuanceEvent(const IssuanceEvent& event) {
  const std::string subject = "issuance event of credential " + Quoted(event.credential_id);
  const std::pair<std::string_view, const std::string*> required[] = {
      {"credential_id", &event.credential_id},
      {"source_record_id", &event.source_record_id},
      {"key_id", &event.key_id},
      {"actor", &event.actor}};
  for (const auto& [name, value] : required) {
    if (value->empty()) return InvalidInput(subject + ": " + std::string(name) + " is required");
    PRAMAAN_RETURN_IF_ERROR(CheckStorable(*value, subject, name));
  }
  PRAMAAN_RETURN_IF_ERROR(CheckStorable(event.detail, subject, "detail"));
  if (!ParseRfc3339(event.at).ok() || !event.at.ends_with('Z')) {
    return InvalidInput(subject + ": time " + Quoted(event.at) + " is not RFC 3339 in UTC");
  }
  return Status::Ok();
}

Status ValidateStatusEvent(const StatusEvent& event) {
  const std::string subject = "status change of credential " + Quoted(event.credential_id);
  if (event.reason.empty()) return InvalidInput(subject + ": a reason is required");
  PRAMAAN_RETURN_IF_ERROR(CheckStorable(event.reason, subject, "reason"));
  if (event.actor.empty()) return InvalidInput(subject + ": an actor is required");
  PRAMAAN_RETURN_IF_ERROR(CheckStorable(event.actor, subject, "actor"));
  if (!ParseRfc3339(event.at).ok() || !event.at.ends_with('Z')) {
    return InvalidInput(subject + ": time " + Quoted(event.at) + " is not RFC 3339 in UTC");
  }
  if (event.reason_code.empty() && event.action != StatusAction::kUnsuspend) {
    return InvalidInput(subject + ": a reason code is required (" + StatusReasonCodeList() + ")");
  }
  if (!event.reason_code.empty() && !IsStatusReasonCode(event.reason_code)) {
    return InvalidInput(subject + ": reason code " + Quoted(event.reason_code) +
                        " is not one of " + StatusReasonCodeList());
  }
  return Status::Ok();
}

Status ValidateStatusList(const StoredStatusList& list) {
  const std::string subject = "status list " + Quoted(list.list_id);
  if (list.list_id.empty()) return InvalidInput("a status list needs its list id");
  PRAMAAN_RETURN_IF_ERROR(CheckStorable(list.list_id, subject, "list id"));
  if (list.credential_json.empty()) return InvalidInput(subject + ": the credential is empty");
  PRAMAAN_RETURN_IF_ERROR(CheckStorable(list.credential_json, subject, "credential"));
  if (list.etag.empty()) return InvalidInput(subject + ": the ETag is empty");
  PRAMAAN_RETURN_IF_ERROR(CheckStorable(list.etag, subject, "ETag"));
  if (list.status_version < 0) return InvalidInput(subject + ": negative status version");
  for (const std::string* time : {&list.signed_at, &list.valid_until}) {
    if (!ParseRfc3339(*time).ok() || !time->ends_with('Z')) {
      return InvalidInput(subject + ": time " + Quoted(*time) + " is not RFC 3339 in UTC");
    }
  }
  return Status::Ok();
}

Result<std::optional<StatusUpdate>> PlanStatusChange(const StatusEvent& event,
                                                     const StatusColumns& current) {
  const bool revocation = event.action == StatusAction::kRevoke;
  if (revocation ? !current.has_revocation_index : !current.has_suspension_index) {
    return InvalidInput("credential " + Quoted(event.credential_id) + " has no " +
                        (revocation ? "revocation" : "suspension") +
                        " status entry (it was issued before status lists)");
  }
  switch (event.action) {
    case StatusAction::kRevoke:
      if (current.revoked) return std::optional<StatusUpdate>();
      return std::optional<StatusUpdate>(StatusUpdate{"revoked", 1});
    case StatusAction::kSuspend:
      if (current.suspended) return std::optional<StatusUpdate>();
      return std::optional<StatusUpdate>(StatusUpdate{"suspended", 1});
    case StatusAction::kUnsuspend:
      if (!current.suspended) return std::optional<StatusUpdate>();
      return std::optional<StatusUpdate>(StatusUpdate{"suspended", 0});
  }
  return Internal("unknown status action");
}

Status ValidateForPut(const StoredCredential& credential) {
  if (credential.id.empty()) return InvalidInput("credential id is empty");
  if (!IsStorableText(credential.id)) {
    return InvalidInput("credential id is not valid UTF-8 text without NUL characters");
  }
  const std::string subject = "credential " + Quoted(credential.id);
  if (credential.source_record_id.empty()) {
    return InvalidInput(subject + ": source_record_id is empty");
  }
  PRAMAAN_RETURN_IF_ERROR(CheckStorable(credential.source_record_id, subject, "source_record_id"));
  if (credential.credential_json.empty()) {
    return InvalidInput(subject + ": credential_json is empty");
  }
  PRAMAAN_RETURN_IF_ERROR(CheckStorable(credential.credential_json, subject, "credential_json"));
  // UTC only, so that issued_at sorts and compares as text.
  if (!ParseRfc3339(credential.issued_at).ok() || !credential.issued_at.ends_with('Z')) {
    return InvalidInput(subject + ": issued_at " + Quoted(credential.issued_at) +
                        " is not an RFC 3339 time in UTC (YYYY-MM-DDThh:mm:ssZ)");
  }
  PRAMAAN_RETURN_IF_ERROR(CheckStorable(credential.superseded_by, subject, "superseded_by"));
  PRAMAAN_RETURN_IF_ERROR(CheckStorable(credential.source_digest, subject, "source_digest"));
  if (credential.superseded_by == credential.id) {
    return InvalidInput(subject + " cannot be superseded by itself");
  }
  if (credential.revocation_index.value_or(0) < 0) {
    return InvalidInput(subject + ": revocation_index is negative");
  }
  if (credential.suspension_index.value_or(0) < 0) {
    return InvalidInput(subject + ": suspension_index is negative");
  }
  return Status::Ok();
}

Error ExplainPutConflict(const StoredCredential& credential, const Error& constraint_error,
                         const PutConflictLookups& lookups) {
  const std::string subject = "credential " + Quoted(credential.id);
  auto same_id = lookups.source_record_of(credential.id);
  if (same_id.ok() && same_id->has_value()) {
    return InvalidInput(subject + " is already stored (for source record " + Quoted(**same_id) +
                        ")");
  }
  auto same_source = lookups.id_for_source_record(credential.source_record_id);
  if (same_source.ok() && same_source->has_value()) {
    return InvalidInput(subject + ": source record " + Quoted(credential.source_record_id) +
                        " already has credential " + Quoted(**same_source));
  }
  if (credential.revocation_index.has_value()) {
    auto holder = lookups.id_with_revocation_index(*credential.revocation_index);
    if (holder.ok() && holder->has_value()) {
      return InvalidInput(subject + ": revocation index " +
                          std::to_string(*credential.revocation_index) +
                          " is already used by credential " + Quoted(**holder));
    }
  }
  if (credential.suspension_index.has_value()) {
    auto holder = lookups.id_with_suspension_index(*credential.suspension_index);
    if (holder.ok() && holder->has_value()) {
      return InvalidInput(subject + ": suspension index " +
                          std::to_string(*credential.suspension_index) +
                          " is already used by credential " + Quoted(**holder));
    }
  }
  if (!credential.superseded_by.empty()) {
    auto replacement = lookups.source_record_of(credential.superseded_by);
    if (replacement.ok() && !replacement->has_value()) {
      return InvalidInput(subject + ": superseded_by " + Quoted(credential.superseded_by) +
                          " is not a stored credential");
    }
  }
  return constraint_error;
}

Result<bool> CheckSupersede(std::string_view old_id, std::string_view new_id,
                            const Successor& old_successor, const Successor& new_successor) {
  if (old_id == new_id) {
    return InvalidInput("credential " + Quoted(old_id) + " cannot supersede itself");
  }
  if (!old_successor.has_value()) {
    return NotFound("credential " + Quoted(old_id) + " (to be superseded) is not stored");
  }
  if (!new_successor.has_value()) {
    return NotFound("credential " + Quoted(new_id) + " (the replacement) is not stored");
  }
  if (*old_successor == new_id) return false;  // already recorded: a retry
  if (!old_successor->empty()) {
    return InvalidInput("credential " + Quoted(old_id) + " is already superseded by " +
                        Quoted(*old_successor) + "; supersede " + Quoted(*old_successor) +
                        " instead");
  }
  if (!new_successor->empty()) {
    return InvalidInput("credential " + Quoted(new_id) + " is itself superseded by " +
                        Quoted(*new_successor) + "; only a current credential can replace " +
                        Quoted(old_id));
  }
  return true;
}

}  // namespace pramaan::store
