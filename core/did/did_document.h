// DID documents (W3C DID Core 1.0) restricted to what an issuer needs: Ed25519 Multikey
// verification methods and the relationships that authorize them.
#ifndef PRAMAAN_CORE_DID_DID_DOCUMENT_H_
#define PRAMAAN_CORE_DID_DID_DOCUMENT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/ed25519.h"
#include "core/json/json.h"
#include "core/result.h"
#include "core/time/rfc3339.h"

namespace pramaan {

struct VerificationMethod {
  std::string id;          // absolute DID URL, e.g. "did:web:example.org#key-1"
  std::string controller;  // the DID that controls the key
  Ed25519PublicKey public_key;
  // The Multikey (CID 1.0) "revoked" time: when set, the key was declared compromised from
  // this time, and a proof it made at or after it cannot be trusted (data_integrity.h).
  std::optional<Timestamp> revoked = std::nullopt;
};

class DidDocument {
 public:
  // Reads a DID document. Verification methods of type Multikey (publicKeyMultibase) are kept;
  // methods of other types are ignored. Relative ids ("#key-1") are resolved against the
  // document id. A Multikey method's "revoked" is read into VerificationMethod::revoked.
  // Fails with kInvalidInput if "id" is not a DID or a Multikey method is malformed
  // (including a "revoked" that is not an RFC 3339 date-time).
  static Result<DidDocument> FromJson(const Json& document);

  // Builds the document of `did` whose methods are all authorized for assertionMethod and
  // authentication. Method ids must be absolute and start with `did`.
  static DidDocument ForMethods(std::string did, std::vector<VerificationMethod> methods);

  const std::string& id() const { return id_; }
  const std::vector<VerificationMethod>& methods() const { return methods_; }

  // Returns the method with id `method_id` if the document authorizes it for
  // assertionMethod, else nullptr.
  const VerificationMethod* FindAssertionMethod(std::string_view method_id) const;
  // The same for authentication: the keys a holder may sign a presentation with.
  const VerificationMethod* FindAuthenticationMethod(std::string_view method_id) const;

  // The document as JSON-LD (DID v1 and Multikey contexts). A method with `revoked` carries
  // it as "revoked" (RFC 3339, UTC, whole seconds).
  Json ToJson() const;

 private:
  DidDocument() = default;
  const VerificationMethod* FindAuthorized(std::string_view method_id,
                                          const std::vector<std::string>& authorized) const;

  std::string id_;
  std::vector<VerificationMethod> methods_;
  std::vector<std::string> assertion_method_ids_;
  std::vector<std::string> authentication_ids_;
};

// Returns "did:web:" for an https base URL: "https://example.org" -> "did:web:example.org",
// "https://example.org:8443/issuer" -> "did:web:example.org%3A8443:issuer". Fails with
// kInvalidInput for a URL that is not https or has a query or fragment.
Result<std::string> DidWebFromUrl(std::string_view https_url);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_DID_DID_DOCUMENT_H_
