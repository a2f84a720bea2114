#include "api/credential_state.h"

namespace pramaan::api {

std::string_view StateName(CredentialState state) {
  switch (state) {
    case CredentialState::kValid:
      return "valid";
    case CredentialState::kRevoked:
      return "revoked";
    case CredentialState::kSuspended:
      return "suspended";
    case CredentialState::kExpired:
      return "expired";
    case CredentialState::kSuperseded:
      return "superseded";
    case CredentialState::kInvalid:
      return "invalid";
  }
  return "invalid";
}

Result<CredentialState> DetermineState(const VerificationReport& report, const Json& credential,
                                       std::string_view superseded_by,
                                       const StatusListChecker* status_lists) {
  bool validity_failed = false;
  for (const Check& check : report.checks()) {
    if (check.passed) continue;
    if (check.id != "validity") return CredentialState::kInvalid;
    validity_failed = true;
  }
  if (report.checks().empty()) return CredentialState::kInvalid;
  // Revocation outranks expiry for a person reading the page: a revoked certificate must
  // never look merely old.
  if (status_lists != nullptr) {
    PRAMAAN_ASSIGN_OR_RETURN(std::optional<CredentialState> listed, status_lists->Check(credential));
    if (listed) return *listed;
  }
  if (validity_failed) return CredentialState::kExpired;
  if (!superseded_by.empty()) return CredentialState::kSuperseded;
  return CredentialState::kValid;
}

}  // namespace pramaan::api
