#include "store/registry.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "store/postgres_connection.h"

namespace pramaan::store {
namespace {

// "scheme://..." with an RFC 3986 scheme: a URL, not a file path.
bool LooksLikeUrl(std::string_view location) {
  size_t end = location.find("://");
  if (end == std::string_view::npos || end == 0) return false;
  std::string_view scheme = location.substr(0, end);
  return std::isalpha(static_cast<unsigned char>(scheme[0])) &&
         std::all_of(scheme.begin(), scheme.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
         });
}

}  // namespace

Result<std::vector<Status>> Registry::PutMany(const std::vector<StoredCredential>& credentials) {
  std::vector<Status> outcomes;
  outcomes.reserve(credentials.size());
  for (const StoredCredential& credential : credentials) {
    Status stored = Put(credential);
    if (!stored.ok() && stored.error().code() != ErrorCode::kInvalidInput) return stored.error();
    outcomes.push_back(std::move(stored));
  }
  return outcomes;
}

Result<std::vector<Status>> Registry::PutIssued(const std::vector<StoredCredential>& credentials,
                                                const std::vector<IssuanceEvent>& issued) {
  if (issued.size() != credentials.size()) {
    return Internal("PutIssued needs one issuance event per credential");
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::vector<Status> outcomes, PutMany(credentials));
  std::vector<IssuanceEvent> events;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].ok()) events.push_back(issued[i]);
  }
  if (!events.empty()) PRAMAAN_RETURN_IF_ERROR(AppendIssuanceEvents(events));
  return outcomes;
}

std::string_view IssuanceActionName(IssuanceAction action) {
  switch (action) {
    case IssuanceAction::kSign:
      return "sign";
    case IssuanceAction::kIssued:
      return "issued";
    case IssuanceAction::kRefused:
      return "refused";
  }
  return "";
}

std::optional<IssuanceAction> IssuanceActionFromName(std::string_view name) {
  for (IssuanceAction action :
       {IssuanceAction::kSign, IssuanceAction::kIssued, IssuanceAction::kRefused}) {
    if (IssuanceActionName(action) == name) return action;
  }
  return std::nullopt;
}

bool IsStatusReasonCode(std::string_view code) {
  return std::find(std::begin(kStatusReasonCodes), std::end(kStatusReasonCodes), code) !=
         std::end(kStatusReasonCodes);
}

std::string StatusReasonCodeList() {
  std::string list;
  const std::size_t n = std::size(kStatusReasonCodes);
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) list += i + 1 == n ? " or " : ", ";
    list += kStatusReasonCodes[i];
  }
  return list;
}

std::string StatusReasonWords(std::string_view code) {
  std::string words(code);
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

std::string_view StatusActionName(StatusAction action) {
  switch (action) {
    case StatusAction::kRevoke:
      return "revoke";
    case StatusAction::kSuspend:
      return "suspend";
    case StatusAction::kUnsuspend:
      return "unsuspend";
  }
  return "";
}

std::optional<StatusAction> StatusActionFromName(std::string_view name) {
  for (StatusAction action :
       {StatusAction::kRevoke, StatusAction::kSuspend, StatusAction::kUnsuspend}) {
    if (StatusActionName(action) == name) return action;
  }
  return std::nullopt;
}

Result<RegistryKind> KindOfRegistryLocation(std::string_view location) {
  if (location.empty()) {
    return InvalidInput("the registry location is empty: give a file path or a postgresql:// URL");
  }
  if (IsPostgresUrl(location)) return RegistryKind::kPostgres;
  if (LooksLikeUrl(location)) {
    // Not repeated: a URL can carry a password.
    return InvalidInput("the registry location is a URL of a kind Pramaan does not know (" +
                        std::string(location.substr(0, location.find("://"))) +
                        "://): give a file path for SQLite or a postgresql:// URL");
  }
  return RegistryKind::kSqlite;
}

Result<std::unique_ptr<Registry>> OpenRegistry(std::string_view location) {
  PRAMAAN_ASSIGN_OR_RETURN(RegistryKind kind, KindOfRegistryLocation(location));
  if (kind == RegistryKind::kPostgres) return OpenPostgresRegistry(location);
  return OpenSqliteRegistry(std::filesystem::path(std::string(location)));
}

}  // namespace pramaan::store
