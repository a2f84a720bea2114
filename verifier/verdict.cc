#include "verifier/verdict.h"

namespace pramaan {

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

CredentialState StateOf(const VerificationReport& report) {
  return StateOf(report.checks(), {});
}

CredentialState StateOf(std::span<const Check> first, std::span<const Check> second) {
  const Check* status = nullptr;
  bool expired = false;
  bool superseded = false;
  bool any_checked = false;
  bool invalid = false;
  for (const std::span<const Check> part : {first, second}) {
    for (const Check& check : part) {
      if (!check.checked) continue;
      any_checked = true;
      if (check.passed) continue;
      if (check.id == "status") {
        status = &check;
      } else if (check.id == "validity") {
        expired = true;
      } else if (check.id == "supersession") {
        superseded = true;
      } else {
        invalid = true;
      }
    }
  }
  if (invalid || !any_checked) return CredentialState::kInvalid;
  if (superseded) return CredentialState::kSuperseded;
  if (status != nullptr) {
    if (status->finding == finding::kRevoked) return CredentialState::kRevoked;
    if (status->finding == finding::kSuspended) return CredentialState::kSuspended;
    return CredentialState::kInvalid;
  }
  if (expired) return CredentialState::kExpired;
  return CredentialState::kValid;
}

}  // namespace pramaan
