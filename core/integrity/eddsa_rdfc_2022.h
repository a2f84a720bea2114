// The eddsa-rdfc-2022 cryptosuite's transformation and hashing (W3C vc-di-eddsa, section 3.2):
// JSON-LD expansion with bundled contexts, deserialization to RDF, RDFC-1.0, SHA-256.
#ifndef PRAMAAN_CORE_INTEGRITY_EDDSA_RDFC_2022_H_
#define PRAMAAN_CORE_INTEGRITY_EDDSA_RDFC_2022_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/context/context_loader.h"
#include "core/json/json.h"
#include "core/result.h"

namespace pramaan {

// Returns the RDFC-1.0 canonical N-Quads of the JSON-LD `document` (expanded with `contexts`,
// deserialized to RDF, canonicalized) and fills `diagnostics` with what expansion dropped or
// gave a meaning only through @vocab. Fails with the loader's kNotFound for an unknown
// context, kInvalidInput for JSON-LD errors or a canonicalization over its work bound.
Result<std::string> CanonicalizeJsonLd(const Json& document, const ContextLoader& contexts,
                                       jsonld::ExpansionDiagnostics* diagnostics);

// Returns the RDFC-1.0 canonical N-Quads of the JSON-LD `document` less its top-level member
// `excluded_member` ("" for none), in safe mode: if expansion would drop a key or a value,
// leave a relative IRI, or give a term its meaning only through the W3C's catch-all @vocab
// for undefined terms (no context defines it), put the same value twice in a list, use an
// ill-formed IRI or language tag (RDF drops those), or hold a double that RDF implementations
// print differently, this fails with kInvalidInput naming it, because a signature over the
// canonical form would not cover, or would not pin down, that data. Fails with the loader's kNotFound for an unknown
// context, kInvalidInput for JSON-LD errors and canonicalization that exceeds its work bound
// (2,000 calls or 100,000 steps of Hash N-Degree Quads: tighter than RDFC-1.0's default, so a
// poison graph sent for verification stops early; see docs/security/verification.md).
Result<std::string> CanonicalizeJsonLdSafe(const Json& document, const ContextLoader& contexts,
                                           std::string_view excluded_member = "");

// The 64 bytes an eddsa-rdfc-2022 signature covers: SHA-256 of the canonical proof
// configuration (`proof_config` without proofValue, with the document's @context) followed by
// SHA-256 of the canonical document (less `excluded_member`). `proof_config` is taken by value
// because it is changed into the configuration: a caller done with it moves it in. Errors as
// CanonicalizeJsonLdSafe.
Result<std::array<uint8_t, 64>> EddsaRdfc2022HashData(const Json& document, Json proof_config,
                                                      std::string_view excluded_member,
                                                      const ContextLoader& contexts);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_INTEGRITY_EDDSA_RDFC_2022_H_
