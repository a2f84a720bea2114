#include "issuer/identity_hash.h"

#include "core/crypto/random.h"
#include "core/crypto/sha256.h"
#include "core/encoding/hex.h"

namespace pramaan {

Json HashedIdentity(std::string_view identity_type, std::string_view value,
                    std::string_view salt) {
  std::string salted(value);
  salted.append(salt);
  const Sha256Digest digest = Sha256(salted);
  return {{"type", "IdentityObject"},
          {"identityHash", "sha256$" + EncodeHex(digest)},
          {"identityType", identity_type},
          {"hashed", true},
          {"salt", salt}};
}

std::string NewIdentitySalt() { return EncodeHex(RandomBytes(16)); }

}  // namespace pramaan
