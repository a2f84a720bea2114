// The eddsa-jcs-2022 cryptosuite's transformation and hashing (W3C vc-di-eddsa, section 3.3).
#ifndef PRAMAAN_CORE_INTEGRITY_EDDSA_JCS_2022_H_
#define PRAMAAN_CORE_INTEGRITY_EDDSA_JCS_2022_H_

#include <array>
#include <cstdint>

#include "core/json/json.h"
#include "core/result.h"

namespace pramaan {

// The 64 bytes an eddsa-jcs-2022 signature covers:
// SHA-256(JCS(proof_config)) followed by SHA-256(JCS(unsecured_document)).
// `proof_config` is the proof without proofValue; `unsecured_document` has no "proof" member
// (or, in a chain, only the proofs it chains to). Fails as CanonicalizeJcs does.
Result<std::array<uint8_t, 64>> EddsaJcs2022HashData(const Json& unsecured_document,
                                                     const Json& proof_config);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_INTEGRITY_EDDSA_JCS_2022_H_
