// Ed25519 public keys as Multikey (W3C Controlled Identifiers: multicodec 0xed01, base58btc).
#ifndef PRAMAAN_CORE_DID_MULTIKEY_H_
#define PRAMAAN_CORE_DID_MULTIKEY_H_

#include <string>
#include <string_view>

#include "core/crypto/ed25519.h"
#include "core/result.h"

namespace pramaan {

// Multicodec varint prefixes: ed25519-pub (0xed) and ed25519-priv (0x1300).
inline constexpr uint8_t kEd25519PublicMulticodec[2] = {0xed, 0x01};
inline constexpr uint8_t kEd25519PrivateMulticodec[2] = {0x80, 0x26};

// Returns "z6Mk...": base58btc of 0xed01 followed by the 32 key bytes.
std::string EncodeEd25519Multikey(const Ed25519PublicKey& key);

// Decodes a publicKeyMultibase value. Fails with kInvalidInput unless it is multibase with the
// ed25519-pub prefix and exactly 32 key bytes.
Result<Ed25519PublicKey> DecodeEd25519Multikey(std::string_view multibase);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_DID_MULTIKEY_H_
