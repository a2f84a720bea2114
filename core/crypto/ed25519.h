// Ed25519 public keys and signature verification (libsodium's crypto_sign_verify_detached, the
// only Ed25519 arithmetic in the project). Signing lives in keys/, the only place private keys
// exist; see core/crypto/signer.h for the interface core signs through.
#ifndef PRAMAAN_CORE_CRYPTO_ED25519_H_
#define PRAMAAN_CORE_CRYPTO_ED25519_H_

#include <array>
#include <cstdint>
#include <span>

#include "core/result.h"

namespace pramaan {

inline constexpr std::size_t kEd25519PublicKeySize = 32;
inline constexpr std::size_t kEd25519SignatureSize = 64;

using Ed25519Signature = std::array<uint8_t, kEd25519SignatureSize>;

class Ed25519PublicKey {
 public:
  // Fails with kInvalidInput unless `bytes` is 32 bytes.
  static Result<Ed25519PublicKey> FromBytes(std::span<const uint8_t> bytes);

  const std::array<uint8_t, kEd25519PublicKeySize>& bytes() const { return bytes_; }

  // True when `signature` is a valid Ed25519 signature of `message` by this key (RFC 8032,
  // with libsodium's rejection of small-order keys and non-canonical signatures).
  bool Verify(std::span<const uint8_t> signature, std::span<const uint8_t> message) const;

  bool operator==(const Ed25519PublicKey&) const = default;

 private:
  explicit Ed25519PublicKey(const std::array<uint8_t, kEd25519PublicKeySize>& bytes)
      : bytes_(bytes) {}
  std::array<uint8_t, kEd25519PublicKeySize> bytes_;
};

}  // namespace pramaan

#endif  // PRAMAAN_CORE_CRYPTO_ED25519_H_
