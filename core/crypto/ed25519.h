// Ed25519 public keys and signature verification (libsodium, or a table of the key's multiples
// for keys verified over and over: core/crypto/ed25519_precomputed.h). Signing lives in keys/,
// the only place private keys exist; see core/crypto/signer.h for the interface core signs
// through.
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

inline constexpr std::size_t kMaxKeysWithVerificationTables = 16;

class Ed25519PublicKey {
 public:
  // Fails with kInvalidInput unless `bytes` is 32 bytes.
  static Result<Ed25519PublicKey> FromBytes(std::span<const uint8_t> bytes);

  const std::array<uint8_t, kEd25519PublicKeySize>& bytes() const { return bytes_; }

  // True when `signature` is a valid Ed25519 signature of `message` by this key (RFC 8032,
  // with libsodium's rejection of small-order keys and non-canonical signatures).
  bool Verify(std::span<const uint8_t> signature, std::span<const uint8_t> message) const;

  bool operator==(const Ed25519PublicKey&) const = default;

  // From now on, for the whole process, Verify under this key uses a table of the key's
  // multiples (about 2.5x faster, the same answers as libsodium; 60 KB and ~0.2 ms to build).
  // For the few keys a long-running process verifies most: the issuer's own. At most
  // kMaxKeysWithVerificationTables keys get one; later calls for other keys do nothing.
  // Thread-safe.
  void KeepVerificationTable() const;
  bool HasVerificationTable() const;

 private:
  explicit Ed25519PublicKey(const std::array<uint8_t, kEd25519PublicKeySize>& bytes)
      : bytes_(bytes) {}
  std::array<uint8_t, kEd25519PublicKeySize> bytes_;
};

}  // namespace pramaan

#endif  // PRAMAAN_CORE_CRYPTO_ED25519_H_
