#include "core/did/did_key.h"

#include "core/did/multikey.h"

namespace pramaan {
namespace {
constexpr std::string_view kDidKeyPrefix = "did:key:";
}  // namespace

std::string DidKeyFor(const Ed25519PublicKey& key) {
  return std::string(kDidKeyPrefix) + EncodeEd25519Multikey(key);
}

std::string DidKeyVerificationMethodFor(const Ed25519PublicKey& key) {
  const std::string multikey = EncodeEd25519Multikey(key);
  return std::string(kDidKeyPrefix) + multikey + "#" + multikey;
}

Result<DidDocument> ResolveDidKey(std::string_view did) {
  if (did.substr(0, kDidKeyPrefix.size()) != kDidKeyPrefix) {
    return InvalidInput("\"" + std::string(did) + "\" is not a did:key");
  }
  const std::string_view multikey = did.substr(kDidKeyPrefix.size());
  auto key = DecodeEd25519Multikey(multikey);
  if (!key.ok()) return key.error().WithContext(std::string(did));
  std::string id(did);
  std::string method_id = id + "#" + std::string(multikey);
  return DidDocument::ForMethods(id, {VerificationMethod{std::move(method_id), id, *key}});
}

}  // namespace pramaan
