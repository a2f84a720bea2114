#include "keys/ed25519_signer_sodium.h"

#include <sodium.h>

#include "core/crypto/random.h"

namespace pramaan {

Result<Ed25519SignerSodium> Ed25519SignerSodium::FromSeed(const SecretBytes& seed) {
  if (seed.size() != kEd25519SeedSize) {
    return InvalidInput("an Ed25519 seed has 32 bytes, not " + std::to_string(seed.size()));
  }
  EnsureSodiumInitialized();
  SecretBytes secret_key(crypto_sign_SECRETKEYBYTES);
  std::array<uint8_t, crypto_sign_PUBLICKEYBYTES> public_bytes;
  crypto_sign_seed_keypair(public_bytes.data(),
                           secret_key.RevealMutable(SecretAccess::Grant()).data(),
                           seed.Reveal(SecretAccess::Grant()).data());
  auto public_key = Ed25519PublicKey::FromBytes(public_bytes);
  if (!public_key.ok()) return public_key.error();
  return Ed25519SignerSodium(std::move(secret_key), *public_key);
}

Ed25519SignerSodium Ed25519SignerSodium::Generate() {
  SecretBytes seed(kEd25519SeedSize);
  FillRandom(seed.RevealMutable(SecretAccess::Grant()));
  return std::move(FromSeed(seed)).value();
}

Result<Ed25519Signature> Ed25519SignerSodium::Sign(std::span<const uint8_t> message) const {
  Ed25519Signature signature;
  crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(),
                       secret_key_.Reveal(SecretAccess::Grant()).data());
  return signature;
}

SecretBytes Ed25519SignerSodium::ExportSeed() const {
  return SecretBytes(secret_key_.Reveal(SecretAccess::Grant()).subspan(0, kEd25519SeedSize));
}

}  // namespace pramaan
