// The eddsa-jcs-2022 cryptosuite's transformation and hashing (W3C vc-di-eddsa, section 3.3).
#ifndef PRAMAAN_CORE_INTEGRITY_EDDSA_JCS_2022_H_
#define PRAMAAN_CORE_INTEGRITY_EDDSA_JCS_2022_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "core/json/json.h"
#include "core/result.h"

namespace pramaan {

// The 64 bytes an eddsa-jcs-2022 signature covers:
// SHA-256(JCS(proof_config)) followed by SHA-256(JCS(unsecured document)).
// `proof_config` is the proof without proofValue. The unsecured document is `document`
// without its member named `excluded_member` (pass "proof" to hash a secured document as if
// unsecured, without copying it; "" to hash `document` as it is). Fails as CanonicalizeJcs.
Result<std::array<uint8_t, 64>> EddsaJcs2022HashData(const Json& document,
                                                     const Json& proof_config,
                                                     std::string_view excluded_member = "");

}  // namespace pramaan

#endif  // PRAMAAN_CORE_INTEGRITY_EDDSA_JCS_2022_H_
