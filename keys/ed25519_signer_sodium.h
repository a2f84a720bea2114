// Ed25519 signing with a key held in memory (libsodium).
#ifndef PRAMAAN_KEYS_ED25519_SIGNER_SODIUM_H_
#define PRAMAAN_KEYS_ED25519_SIGNER_SODIUM_H_

#include "core/crypto/signer.h"
#include "keys/secret_bytes.h"

namespace pramaan {

inline constexpr std::size_t kEd25519SeedSize = 32;

class Ed25519SignerSodium final : public Signer {
 public:
  // Derives the key pair from a 32-byte seed (RFC 8032 private key). Fails with kInvalidInput
  // for another size.
  static Result<Ed25519SignerSodium> FromSeed(const SecretBytes& seed);

  // A new key from the system's random source.
  static Ed25519SignerSodium Generate();

  Result<Ed25519Signature> Sign(std::span<const uint8_t> message) const override;
  const Ed25519PublicKey& public_key() const override { return public_key_; }

  // The 32-byte seed, for writing the key file. Only keys/ calls this.
  SecretBytes ExportSeed() const;

 private:
  Ed25519SignerSodium(SecretBytes secret_key, Ed25519PublicKey public_key)
      : secret_key_(std::move(secret_key)), public_key_(public_key) {}
  SecretBytes secret_key_;  // libsodium's 64-byte form: seed || public key
  Ed25519PublicKey public_key_;
};

}  // namespace pramaan

#endif  // PRAMAAN_KEYS_ED25519_SIGNER_SODIUM_H_
