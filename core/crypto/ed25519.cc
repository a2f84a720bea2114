#include "core/crypto/ed25519.h"

#include <sodium.h>

#include <algorithm>
#include <string>

#include "core/crypto/random.h"

namespace pramaan {

Result<Ed25519PublicKey> Ed25519PublicKey::FromBytes(std::span<const uint8_t> bytes) {
  if (bytes.size() != kEd25519PublicKeySize) {
    return InvalidInput("an Ed25519 public key has 32 bytes, not " +
                        std::to_string(bytes.size()));
  }
  std::array<uint8_t, kEd25519PublicKeySize> copy;
  std::copy(bytes.begin(), bytes.end(), copy.begin());
  return Ed25519PublicKey(copy);
}

bool Ed25519PublicKey::Verify(std::span<const uint8_t> signature,
                              std::span<const uint8_t> message) const {
  if (signature.size() != kEd25519SignatureSize) return false;
  EnsureSodiumInitialized();
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                     bytes_.data()) == 0;
}

}  // namespace pramaan
