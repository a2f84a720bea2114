// The state of a credential, for the public page and the VC API: derived from the report alone
// (which check failed), so every renderer says the same.
#ifndef PRAMAAN_VERIFIER_VERDICT_H_
#define PRAMAAN_VERIFIER_VERDICT_H_

#include <span>
#include <string_view>

#include "verifier/report.h"

namespace pramaan {

enum class CredentialState {
  kValid,
  kRevoked,
  kSuspended,
  kExpired,
  kSuperseded,  // a newer certificate replaces this one
  kInvalid,     // any other check failed (tampered, wrong key, untrusted, bad shape, status
                // that cannot be checked), or no check was made
};

// "valid", "revoked", "suspended", "expired", "superseded", "invalid": stable, in the JSON.
std::string_view StateName(CredentialState state);

// The state `report` shows, first match wins: no check made, or a failed check other than
// "validity", "status" and "supersession" is kInvalid; a failed "supersession" is kSuperseded;
// a failed "status" is kRevoked or kSuspended (kInvalid when it could not be checked); a failed
// "validity" is kExpired; otherwise kValid. A reissued credential is both superseded and
// revoked (its revocation bit is set): it reads as replaced, since a correction is no fraud
// (issue 19). Revocation outranks expiry: a revoked certificate must never look merely old.
CredentialState StateOf(const VerificationReport& report);
// The same for a report kept in two parts (`first` followed by `second`), e.g. a cached
// timeless report and the checks made per request.
CredentialState StateOf(std::span<const Check> first, std::span<const Check> second);

}  // namespace pramaan

#endif  // PRAMAAN_VERIFIER_VERDICT_H_
