#include "core/did/multikey.h"

#include <vector>

#include "core/encoding/multibase.h"

namespace pramaan {

std::string EncodeEd25519Multikey(const Ed25519PublicKey& key) {
  uint8_t buffer[2 + kEd25519PublicKeySize];
  buffer[0] = kEd25519PublicMulticodec[0];
  buffer[1] = kEd25519PublicMulticodec[1];
  std::copy(key.bytes().begin(), key.bytes().end(), buffer + 2);
  return EncodeMultibaseBase58Btc(buffer);
}

Result<Ed25519PublicKey> DecodeEd25519Multikey(std::string_view multibase) {
  // Multikey (and so did:key) is base58btc only: another base would give one key two names.
  // 64 characters bounds the work of decoding untrusted text (a key needs 48).
  if (multibase.empty() || multibase[0] != 'z' || multibase.size() > 64) {
    return InvalidInput("publicKeyMultibase \"" + std::string(multibase.substr(0, 64)) +
                        "\" is not a base58btc ('z') Ed25519 Multikey");
  }
  auto decoded = DecodeMultibase(multibase);
  if (!decoded.ok()) return decoded.error().WithContext("publicKeyMultibase");
  const std::vector<uint8_t>& bytes = *decoded;
  if (bytes.size() != 2 + kEd25519PublicKeySize || bytes[0] != kEd25519PublicMulticodec[0] ||
      bytes[1] != kEd25519PublicMulticodec[1]) {
    return InvalidInput("publicKeyMultibase \"" + std::string(multibase) +
                        "\" is not an Ed25519 Multikey (expected prefix 0xed01 and 32 bytes)");
  }
  return Ed25519PublicKey::FromBytes(std::span(bytes).subspan(2));
}

}  // namespace pramaan
