// Open Badges 3.0 IdentityObject with a salted hash, so personal identifiers (email, APAAR id)
// never appear in a credential in the clear.
#ifndef PRAMAAN_ISSUER_IDENTITY_HASH_H_
#define PRAMAAN_ISSUER_IDENTITY_HASH_H_

#include <string>
#include <string_view>

#include "core/json/json.h"

namespace pramaan {

// {"type": "IdentityObject", "identityHash": "sha256$" + hex(SHA-256(value || salt)),
//  "identityType": identity_type, "hashed": true, "salt": salt}, per the Open Badges 3.0
// IdentityHash definition.
Json HashedIdentity(std::string_view identity_type, std::string_view value,
                    std::string_view salt);

// 128 random bits as 32 hex characters: a fresh salt for each identity object, so equal
// identifiers in two credentials cannot be linked.
std::string NewIdentitySalt();

}  // namespace pramaan

#endif  // PRAMAAN_ISSUER_IDENTITY_HASH_H_
