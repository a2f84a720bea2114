#include "core/did/did_resolver.h"

#include "core/did/did_key.h"

namespace pramaan {

Status DidResolver::AddDocument(const Json& document) {
  auto parsed = DidDocument::FromJson(document);
  if (!parsed.ok()) return parsed.error();
  const std::string id = parsed->id();
  documents_.insert_or_assign(id, std::move(parsed).value());
  return Status::Ok();
}

Result<DidDocument> DidResolver::Resolve(std::string_view did) const {
  if (const auto it = documents_.find(did); it != documents_.end()) return it->second;
  if (did.rfind("did:key:", 0) == 0) return ResolveDidKey(did);
  return NotFound("no DID document is configured for " + std::string(did) +
                  " (did:web documents are never fetched; add it to the configuration)");
}

Result<VerificationMethod> DidResolver::ResolveAssertionMethod(std::string_view method_url) const {
  const size_t hash = method_url.find('#');
  if (method_url.rfind("did:", 0) != 0 || hash == std::string_view::npos) {
    return InvalidInput("verification method \"" + std::string(method_url) +
                        "\" is not a DID URL with a fragment");
  }
  auto document = Resolve(method_url.substr(0, hash));
  if (!document.ok()) return document.error();
  const VerificationMethod* method = document->FindAssertionMethod(method_url);
  if (method == nullptr) {
    return NotFound("the DID document of " + document->id() + " does not authorize " +
                    std::string(method_url) + " for assertionMethod");
  }
  // A document speaks for its own DID only: a method it says is controlled by someone else
  // is not evidence that the other party controls the key.
  if (method->controller != document->id()) {
    return InvalidInput("verification method " + std::string(method_url) + " names controller " +
                        method->controller + ", not " + document->id());
  }
  return *method;
}

}  // namespace pramaan
