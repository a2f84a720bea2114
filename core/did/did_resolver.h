// Resolves DIDs without touching the network: did:key is computed; did:web documents come only
// from what the operator configured (the issuer's own document, or copies of trusted ones).
#ifndef PRAMAAN_CORE_DID_DID_RESOLVER_H_
#define PRAMAAN_CORE_DID_DID_RESOLVER_H_

#include <map>
#include <string>
#include <string_view>

#include "core/did/did_document.h"
#include "core/json/json.h"
#include "core/result.h"

namespace pramaan {

class DidResolver {
 public:
  // Adds (or replaces) the document for its id. Fails with kInvalidInput on a malformed one.
  Status AddDocument(const Json& document);

  // Returns the DID document of `did`. Fails with kNotFound for a did:web (or other method)
  // that was not configured, kInvalidInput for a malformed did:key.
  Result<DidDocument> Resolve(std::string_view did) const;

  // Dereferences a verification method URL ("did:...#fragment") for an assertion: the DID's
  // document must list the method, authorize it under assertionMethod, and name the DID
  // itself as its controller. Fails with a message saying which of those is not the case.
  Result<VerificationMethod> ResolveAssertionMethod(std::string_view method_url) const;

 private:
  std::map<std::string, DidDocument, std::less<>> documents_;
};

}  // namespace pramaan

#endif  // PRAMAAN_CORE_DID_DID_RESOLVER_H_
