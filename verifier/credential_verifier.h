// Credential in, verification report out. Links core only: it never sees a private key.
#ifndef PRAMAAN_VERIFIER_CREDENTIAL_VERIFIER_H_
#define PRAMAAN_VERIFIER_CREDENTIAL_VERIFIER_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/context/context_loader.h"
#include "core/credential/credential.h"
#include "core/did/did_resolver.h"
#include "core/json/json.h"
#include "core/result.h"
#include "core/time/clock.h"
#include "core/time/rfc3339.h"
#include "verifier/report.h"
#include "verifier/sources.h"

namespace pramaan {

// A credential that passed every check. Only CredentialVerifier makes one, so holding one is
// proof that it was verified.
class VerifiedCredential {
 public:
  const Json& document() const { return document_; }
  const CredentialHeader& header() const { return header_; }

 private:
  friend class CredentialVerifier;
  VerifiedCredential(Json document, CredentialHeader header)
      : document_(std::move(document)), header_(std::move(header)) {}
  Json document_;
  CredentialHeader header_;
};

// The dates a credential's "validity" check compares with the clock.
struct ValidityWindow {
  bool readable = false;  // false when the credential's header (and so its dates) is unreadable
  std::optional<Timestamp> valid_from;
  std::optional<Timestamp> valid_until;
  struct ProofExpiry {
    std::string verification_method;
    std::string expires;  // the proof's `expires`, as written
  };
  std::vector<ProofExpiry> proof_expiries;

  // The "validity" check at `now`.
  Check CheckAt(Timestamp now) const;
};

// What a verification finds that does not depend on the time: the "schema", "proof",
// "issuer" and "trust" checks, and the dates the "validity" check needs. For the same
// credential bytes, resolver, trust list and registry it never changes, so a caller may keep
// it (api/verified_cache.h). "validity", "status" and "supersession" are added per request
// (CredentialVerifier::Complete).
struct TimelessVerification {
  VerificationReport report;
  ValidityWindow window;
};

struct VerificationOutcome {
  VerificationReport report;
  std::optional<VerifiedCredential> credential;  // set exactly when report.verified()
};

// The most work one verification may cause. Verification costs time linear in the size of the
// credential (docs/security/verification.md has the figures), so these bound its CPU time; a
// credential over either is refused with kTooLarge before any JSON-LD processing.
struct VerificationLimits {
  // JSON values in the credential (objects, arrays, strings, numbers, booleans, nulls, each
  // counted once). The largest credential Pramaan issues has about 150; a 256 KiB request body
  // (the server's limit) can hold about 130,000.
  std::size_t max_json_values = 50000;
  // Levels of nesting, as ParseJson allows (kMaxJsonDepth); checked again here for a credential
  // built in code.
  int max_depth = kMaxJsonDepth;
};

class CredentialVerifier {
 public:
  // The three references, and every source `sources` names, must outlive the verifier.
  CredentialVerifier(const ContextLoader& contexts, const DidResolver& resolver,
                     const Clock& clock, VerdictSources sources = {},
                     VerificationLimits limits = {})
      : contexts_(contexts), resolver_(resolver), clock_(clock), sources_(sources),
        limits_(limits) {}

  // Checks `credential` and returns the report: every check of verifier/report.h, in its
  // order. A tampered, expired, untrusted, revoked or replaced credential is a normal outcome
  // (a report with failed checks); a status that cannot be read is a failed "status" check.
  // Fails only when the credential could not be checked: it is not a JSON object
  // (kInvalidInput), is over a limit of VerificationLimits (kTooLarge, with a message naming
  // the limit; an HTTP caller answers 413), or names a context we do not have (kNotFound).
  Result<VerificationReport> Check(const Json& credential) const;

  // The checks of Check that do not depend on the time or on status and supersession
  // ("schema", "proof", "issuer", "trust"). Fails as Check does.
  Result<TimelessVerification> CheckTimeless(const Json& credential) const;

  // The full report: `timeless`'s checks followed by "validity" at the clock's now, "status"
  // and "supersession" of `credential` (the credential `timeless` was made from; only its
  // "id" and "credentialStatus" members are read, so a caller may pass just those).
  VerificationReport Complete(const TimelessVerification& timeless, const Json& credential) const;
  // As Complete, at `now`.
  VerificationReport CompleteAt(const TimelessVerification& timeless, const Json& credential,
                                Timestamp now) const;
  // The three checks Complete adds ("validity" at `now`, "status", "supersession"), for a
  // caller that keeps the timeless report apart (GET /v/{id} renders a cached one).
  std::array<pramaan::Check, 3> TimeDependentChecks(const TimelessVerification& timeless,
                                                    const Json& credential, Timestamp now) const;
  // The "status" and "supersession" checks alone, as Complete adds them.
  pramaan::Check StatusCheck(const Json& credential) const;
  pramaan::Check SupersessionCheck(const Json& credential) const;

  // As Check, and hands the credential back as a VerifiedCredential when every check passed.
  Result<VerificationOutcome> Verify(Json credential) const;

 private:
  // StatusCheck when the timeless report's "proof" and "issuer" checks passed; otherwise
  // "status" not checked (no list named by an unverified credential is fetched).
  pramaan::Check StatusCheckIfBound(const VerificationReport& timeless,
                                    const Json& credential) const;
  // Check, also returning the credential's header when it could be read.
  Result<VerificationReport> CheckAndReadHeader(const Json& credential,
                                                std::optional<CredentialHeader>* header) const;
  Result<TimelessVerification> CheckTimelessAndReadHeader(
      const Json& credential, std::optional<CredentialHeader>* header) const;

  const ContextLoader& contexts_;
  const DidResolver& resolver_;
  const Clock& clock_;
  const VerdictSources sources_;
  const VerificationLimits limits_;
};

// Status::Ok when `document` is within `limits`; otherwise kTooLarge with a sentence that names
// `what` ("the credential") and the limit. Stops counting at the first limit passed, so its
// own cost is bounded by the limits.
Status CheckVerificationLimits(const Json& document, const VerificationLimits& limits,
                               std::string_view what = "the credential");

}  // namespace pramaan

#endif  // PRAMAAN_VERIFIER_CREDENTIAL_VERIFIER_H_
