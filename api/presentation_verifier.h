// Verifiable presentations (VC Data Model 1.1 and 2.0) as POST /presentations/verify checks
// them: the holder's Data Integrity proof (proofPurpose "authentication"), the challenge and
// domain the verifier asked for, and every credential inside.
#ifndef PRAMAAN_API_PRESENTATION_VERIFIER_H_
#define PRAMAAN_API_PRESENTATION_VERIFIER_H_

#include <optional>
#include <string>
#include <vector>

#include "core/context/context_loader.h"
#include "core/did/did_resolver.h"
#include "core/json/json.h"
#include "core/result.h"
#include "verifier/credential_verifier.h"
#include "verifier/report.h"

namespace pramaan::api {

struct PresentationOptions {
  std::optional<std::string> challenge;  // when set, every proof must carry exactly this
  std::optional<std::string> domain;     // when set, every proof's domain must be (or hold) it
};

struct PresentationVerification {
  // Checks: "schema" (a VerifiablePresentation), "proof" (each holder proof verifies with a
  // key of the holder's DID), "holder" (the proof's key is controlled by `holder`),
  // "challenge" and "domain" (only when asked for), "credentials" (every embedded credential
  // verifies; a presentation may hold none).
  VerificationReport report;
  std::vector<VerificationReport> credentials;  // one per embedded credential, in order
};

// Checks `presentation`. As with credentials, a forged or mismatched presentation is a normal
// answer (failed checks). Fails only when it could not be checked: not a JSON object
// (kInvalidInput), over the limits of VerificationLimits (kTooLarge: HTTP 413) or an unknown
// context (kNotFound). The holder's key is found through
// `resolver` (did:key, or configured did:web documents), and only a key that document authorizes
// for authentication is accepted. References need only outlive the call.
Result<PresentationVerification> VerifyPresentation(const Json& presentation,
                                                    const PresentationOptions& options,
                                                    const CredentialVerifier& credentials,
                                                    const DidResolver& resolver,
                                                    const ContextLoader& contexts);

}  // namespace pramaan::api

#endif  // PRAMAAN_API_PRESENTATION_VERIFIER_H_
