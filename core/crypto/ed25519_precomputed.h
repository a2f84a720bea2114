// Ed25519 signature verification under one fixed public key, with a table of the key's
// multiples computed once. The server verifies almost every proof under the issuer's own key;
// with the table a verification needs no point doublings and takes about 40% of the time of
// libsodium's crypto_sign_verify_detached, while accepting exactly the same signatures
// (bench/ed25519_bench.cc).
#ifndef PRAMAAN_CORE_CRYPTO_ED25519_PRECOMPUTED_H_
#define PRAMAAN_CORE_CRYPTO_ED25519_PRECOMPUTED_H_

#include <array>
#include <cstdint>
#include <memory>
#include <span>

namespace pramaan {

// A public key with its table of multiples, immutable once built and safe to share between
// threads. The computation is variable-time, which is sound only because everything it
// touches (key, signature, message) is public.
class Ed25519PrecomputedKey {
 public:
  // Returns nullptr when libsodium 1.0.18 would refuse every signature under `public_key`: its
  // y coordinate is not below 2^255 - 19 (a non-canonical encoding), it is one of the 14
  // encodings libsodium blocks as small-order points, or it is not the encoding of a point on
  // the curve. Keys with a small-order component that are not small-order themselves are
  // accepted, as libsodium accepts them. Building costs 150-180 us and 60 KB; the first call
  // in a process also builds the shared table for the base point (the same again, once).
  static std::unique_ptr<const Ed25519PrecomputedKey> Build(
      const std::array<uint8_t, 32>& public_key);

  ~Ed25519PrecomputedKey();
  Ed25519PrecomputedKey(const Ed25519PrecomputedKey&) = delete;
  Ed25519PrecomputedKey& operator=(const Ed25519PrecomputedKey&) = delete;

  // True exactly when libsodium 1.0.18's crypto_sign_verify_detached(signature, message,
  // public key) returns 0: S (the second half of `signature`) is below the group order L,
  // R (the first half) is not one of the blocked small-order encodings, and R is byte for
  // byte the encoding of [S]B - [SHA-512(R || A || message) mod L]A. No cofactor is applied,
  // as in libsodium. `message` may be empty.
  bool Verify(std::span<const uint8_t, 64> signature, std::span<const uint8_t> message) const;

 private:
  struct Table;  // the multiples of the key; defined in the .cc

  Ed25519PrecomputedKey(const std::array<uint8_t, 32>& public_key, std::unique_ptr<Table> table);

  std::array<uint8_t, 32> public_key_;
  std::unique_ptr<const Table> table_;
};

}  // namespace pramaan

#endif  // PRAMAAN_CORE_CRYPTO_ED25519_PRECOMPUTED_H_
