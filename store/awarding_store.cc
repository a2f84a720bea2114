// The parts of the awarding store that do not depend on the database (awarding_store.h and
// awarding_checks.h), and the choice of backend by location.
#include "store/awarding_store.h"

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "core/time/rfc3339.h"
#include "store/awarding_checks.h"
#include "store/postgres_connection.h"
#include "store/registry_checks.h"

namespace pramaan::store {
namespace {

constexpr std::pair<BatchState, std::string_view> kStateNames[] = {
    {BatchState::kSubmitted, "submitted"}, {BatchState::kInReview, "in_review"},
    {BatchState::kApproved, "approved"},   {BatchState::kSentBack, "sent_back"},
    {BatchState::kAwarded, "awarded"},
};

bool AllStorable(std::initializer_list<std::string_view> texts) {
  for (std::string_view text : texts) {
    if (!IsStorableText(text)) return false;
  }
  return true;
}

}  // namespace

std::string_view BatchStateName(BatchState state) {
  for (const auto& [value, name] : kStateNames) {
    if (value == state) return name;
  }
  return "unknown";
}

std::optional<BatchState> BatchStateFromName(std::string_view name) {
  for (const auto& [value, text] : kStateNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

Status CheckEvent(const AwardingEvent& event) {
  if (event.subject.empty() || event.action.empty() || event.actor.empty()) {
    return InvalidInput("an awarding event needs a subject, an action and an actor");
  }
  if (!event.at.ends_with('Z') || !ParseRfc3339(event.at).ok()) {
    return InvalidInput("an awarding event's time " + Quoted(event.at) + " is not RFC 3339 UTC");
  }
  if (!AllStorable({event.subject, event.action, event.actor, event.reason, event.detail_json})) {
    return InvalidInput("the awarding event holds text that cannot be stored");
  }
  return Status::Ok();
}

Status CheckUser(const AwardingUser& user, std::string_view token_digest) {
  if (!AllStorable({user.name, user.created_at, user.agency, token_digest})) {
    return InvalidInput("the user holds text that cannot be stored");
  }
  for (const std::string& role : user.roles) {
    // Kept joined by commas (JoinRoles): an empty role or one with a comma would not read back.
    if (role.empty() || role.find(',') != std::string::npos || !IsStorableText(role)) {
      return InvalidInput("role " + Quoted(role) + " is not a role name");
    }
  }
  return Status::Ok();
}

Status CheckUserChange(const UserChange& change) {
  if (change.disabled_at.empty() && change.token_digest.empty()) {
    return InvalidInput("the change changes nothing");
  }
  if (!AllStorable({change.disabled_at, change.token_digest})) {
    return InvalidInput("the change holds text that cannot be stored");
  }
  return Status::Ok();
}

Status CheckQualification(const CatalogueRow& row) {
  if (!AllStorable({row.nqr_code, row.definition_json, row.updated_at})) {
    return InvalidInput("the qualification holds text that cannot be stored");
  }
  return Status::Ok();
}

Status CheckNewBatch(const BatchRow& batch) {
  if (!AllStorable(
          {batch.id, batch.agency, batch.submitted_by, batch.submitted_at, batch.refused_json}) ||
      !CheckBatchStep(batch).ok()) {
    return InvalidInput("the batch holds text that cannot be stored");
  }
  for (const ResultRow& result : batch.results) {
    if (!AllStorable({result.candidate_id, result.apaar_id, result.nqr_code, result.result_json,
                      result.credential_id})) {
      return InvalidInput("result " + std::to_string(result.position) +
                          " holds text that cannot be stored");
    }
  }
  return Status::Ok();
}

Status CheckBatchStep(const BatchRow& batch) {
  if (!AllStorable({batch.reviewed_by, batch.reviewed_at, batch.decided_by, batch.decided_at,
                    batch.decision_reason, batch.awarded_by, batch.awarded_at})) {
    return InvalidInput("the batch holds text that cannot be stored");
  }
  return Status::Ok();
}

Status CheckResultCredential(std::string_view batch_id, std::string_view credential_id) {
  if (!AllStorable({batch_id, credential_id})) {
    return InvalidInput("the result's credential holds text that cannot be stored");
  }
  return Status::Ok();
}

Error UserTaken(const AwardingUser& user) {
  return InvalidInput("a user named " + Quoted(user.name) + " already exists");
}

Error NotTheFirstUser() {
  return PermissionDenied("the store already has users: adding one needs an administrator");
}

Error BatchTaken(std::string_view batch_id) {
  return InvalidInput("batch " + Quoted(batch_id) + " already exists");
}

Error NoSuchBatch(std::string_view batch_id) { return NotFound("no batch " + Quoted(batch_id)); }

Status CheckSession(std::string_view digest, const ConsoleSession& session) {
  if (digest.empty() || session.user.empty() || session.created_at.empty() ||
      session.last_seen_at.empty() ||
      !AllStorable({digest, session.user, session.created_at, session.last_seen_at,
                    session.ended_at})) {
    return InvalidInput("the session holds text that cannot be stored");
  }
  return Status::Ok();
}

Error NoSuchSession() { return NotFound("no console session"); }

Error NoSuchUser(std::string_view name) { return NotFound("no user " + Quoted(name)); }

Error BatchMovedOn(std::string_view batch_id, std::string_view current, BatchState from) {
  return Conflict("batch " + std::string(batch_id) + " is " + std::string(current) + ", not " +
                  std::string(BatchStateName(from)));
}

std::string JoinRoles(const std::vector<std::string>& roles) {
  std::string joined;
  for (const std::string& role : roles) {
    if (!joined.empty()) joined += ',';
    joined += role;
  }
  return joined;
}

std::vector<std::string> SplitRoles(std::string_view joined) {
  std::vector<std::string> roles;
  while (!joined.empty()) {
    const size_t comma = joined.find(',');
    roles.emplace_back(joined.substr(0, comma));
    if (comma == std::string_view::npos) break;
    joined.remove_prefix(comma + 1);
  }
  return roles;
}

Result<std::unique_ptr<AwardingStore>> OpenAwardingStore(std::string_view location) {
  PRAMAAN_ASSIGN_OR_RETURN(RegistryKind kind, KindOfRegistryLocation(location));
  if (kind == RegistryKind::kPostgres) return OpenPostgresAwardingStore(location);
  return OpenSqliteAwardingStore(std::filesystem::path(location));
}

}  // namespace pramaan::store
