#include "core/integrity/eddsa_jcs_2022.h"

#include <algorithm>
#include <string>

#include "core/crypto/sha256.h"
#include "core/json/jcs.h"

namespace pramaan {

Result<std::array<uint8_t, 64>> EddsaJcs2022HashData(const Json& document,
                                                     const Json& proof_config,
                                                     std::string_view excluded_member) {
  // One buffer reused for both canonical forms: this runs once per signature.
  std::string canonical;
  canonical.reserve(4096);
  PRAMAAN_RETURN_IF_ERROR(AppendJcs(proof_config, &canonical));
  const Sha256Digest proof_hash = Sha256(canonical);
  canonical.clear();
  if (excluded_member.empty()) {
    PRAMAAN_RETURN_IF_ERROR(AppendJcs(document, &canonical));
  } else {
    PRAMAAN_RETURN_IF_ERROR(AppendJcsWithoutMember(document, excluded_member, &canonical));
  }
  const Sha256Digest document_hash = Sha256(canonical);
  std::array<uint8_t, 64> hash_data;
  std::copy(proof_hash.begin(), proof_hash.end(), hash_data.begin());
  std::copy(document_hash.begin(), document_hash.end(), hash_data.begin() + 32);
  return hash_data;
}

}  // namespace pramaan
