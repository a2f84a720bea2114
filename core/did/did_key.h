// did:key for Ed25519 (W3C CCG did:key method): the DID is the Multikey itself.
#ifndef PRAMAAN_CORE_DID_DID_KEY_H_
#define PRAMAAN_CORE_DID_DID_KEY_H_

#include <string>
#include <string_view>

#include "core/crypto/ed25519.h"
#include "core/did/did_document.h"
#include "core/result.h"

namespace pramaan {

// "did:key:z6Mk..."
std::string DidKeyFor(const Ed25519PublicKey& key);

// "did:key:z6Mk...#z6Mk...", the key's verification method.
std::string DidKeyVerificationMethodFor(const Ed25519PublicKey& key);

// Resolves an Ed25519 did:key into its DID document: one Multikey method, authorized for
// assertionMethod and authentication. Fails with kInvalidInput for a malformed did:key or a
// key type other than Ed25519.
Result<DidDocument> ResolveDidKey(std::string_view did);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_DID_DID_KEY_H_
