// The interface core signs through. Implementations live in keys/ (the only module that holds
// private key bytes) and are named for algorithm and backend, e.g. Ed25519SignerSodium.
#ifndef PRAMAAN_CORE_CRYPTO_SIGNER_H_
#define PRAMAAN_CORE_CRYPTO_SIGNER_H_

#include <cstdint>
#include <span>

#include "core/crypto/ed25519.h"
#include "core/result.h"

namespace pramaan {

class Signer {
 public:
  virtual ~Signer() = default;

  // Returns the Ed25519 signature of `message`. Fails with kInternal only if the backend (an
  // HSM, say) fails; the file-key implementation never fails. Safe to call from many threads.
  virtual Result<Ed25519Signature> Sign(std::span<const uint8_t> message) const = 0;

  // The public key matching the signatures this signer makes.
  virtual const Ed25519PublicKey& public_key() const = 0;
};

}  // namespace pramaan

#endif  // PRAMAAN_CORE_CRYPTO_SIGNER_H_
