// What the public sees about a credential: one verdict, from the verification report, the
// registry's record and (issue 6) the status lists.
#ifndef PRAMAAN_API_CREDENTIAL_STATE_H_
#define PRAMAAN_API_CREDENTIAL_STATE_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/json/json.h"
#include "core/result.h"
#include "verifier/report.h"

namespace pramaan::api {

enum class CredentialState {
  kValid,
  kRevoked,
  kSuspended,
  kExpired,
  kSuperseded,  // a newer certificate replaces this one
  kInvalid,     // a check other than validity failed (tampered, wrong key, bad shape)
};

// "valid", "revoked", "suspended", "expired", "superseded", "invalid": stable, in the JSON.
std::string_view StateName(CredentialState state);

// The extension point for W3C Bitstring Status List (issue 6): says whether a credential's
// revocation or suspension bit is set. Implementations must be thread-safe.
class StatusListChecker {
 public:
  virtual ~StatusListChecker() = default;
  // kRevoked or kSuspended when a status bit is set, nullopt when none is (or the credential
  // has no credentialStatus). Fails when a status list could not be read: the caller then
  // reports the credential as not checkable rather than valid.
  virtual Result<std::optional<CredentialState>> Check(const Json& credential) const = 0;
};

// The verdict, first match wins: a failed check other than "validity" is kInvalid; a set
// status bit (when `status_lists` is not null) is kRevoked or kSuspended; a failed "validity"
// check is kExpired; a non-empty `superseded_by` is kSuperseded; otherwise kValid. Fails only when
// `status_lists` fails.
Result<CredentialState> DetermineState(const VerificationReport& report, const Json& credential,
                                       std::string_view superseded_by,
                                       const StatusListChecker* status_lists);

}  // namespace pramaan::api

#endif  // PRAMAAN_API_CREDENTIAL_STATE_H_
