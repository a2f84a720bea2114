#include "core/integrity/eddsa_rdfc_2022.h"

#include <algorithm>

#include "core/crypto/sha256.h"
#include "core/jsonld/to_rdf.h"
#include "core/rdf/rdfc10.h"

namespace pramaan {
namespace {

// The first thing safe mode found, as a sentence, or "" when expansion lost nothing.
std::string SafeModeViolation(const jsonld::ExpansionDiagnostics& diagnostics) {
  if (!diagnostics.dropped_keys.empty()) {
    return "\"" + diagnostics.dropped_keys.front() +
           "\" is not defined by any context, so a signature would not cover it";
  }
  if (!diagnostics.vocab_terms.empty()) {
    return "\"" + diagnostics.vocab_terms.front() +
           "\" is not defined by any context (only a catch-all @vocab gives it a meaning)";
  }
  if (!diagnostics.relative_iris.empty()) {
    return "\"" + diagnostics.relative_iris.front() + "\" is a relative IRI";
  }
  if (!diagnostics.dropped_values.empty()) {
    return "a value of \"" + diagnostics.dropped_values.front() +
           "\" would be dropped by JSON-LD expansion";
  }
  return "";
}

// Expansion, deserialization to RDF and RDFC-1.0; `violation` (if non-null) receives the
// first thing safe mode objects to, and then stops before deserializing when there is one.
Result<std::string> Canonicalize(const Json& document, const ContextLoader& contexts,
                                 jsonld::ExpansionDiagnostics* diagnostics,
                                 std::string* violation) {
  PRAMAAN_ASSIGN_OR_RETURN(Json expanded, contexts.expander().Expand(document, {}, diagnostics));
  if (violation != nullptr) {
    *violation = SafeModeViolation(*diagnostics);
    if (!violation->empty()) return std::string();
  }
  PRAMAAN_ASSIGN_OR_RETURN(rdf::Dataset dataset, jsonld::ExpandedToRdf(expanded, {}));
  PRAMAAN_ASSIGN_OR_RETURN(rdf::CanonicalDataset canonical, rdf::CanonicalizeRdfc10(dataset));
  return std::move(canonical.nquads);
}

}  // namespace

Result<std::string> CanonicalizeJsonLd(const Json& document, const ContextLoader& contexts,
                                       jsonld::ExpansionDiagnostics* diagnostics) {
  jsonld::ExpansionDiagnostics ignored;
  return Canonicalize(document, contexts, diagnostics != nullptr ? diagnostics : &ignored, nullptr);
}

Result<std::string> CanonicalizeJsonLdSafe(const Json& document, const ContextLoader& contexts,
                                           std::string_view excluded_member) {
  jsonld::ExpansionDiagnostics diagnostics;
  std::string violation;
  Result<std::string> canonical = Internal("unset");
  if (!excluded_member.empty() && document.is_object() && document.contains(excluded_member)) {
    Json unsecured = document;
    unsecured.erase(std::string(excluded_member));
    canonical = Canonicalize(unsecured, contexts, &diagnostics, &violation);
  } else {
    canonical = Canonicalize(document, contexts, &diagnostics, &violation);
  }
  if (!canonical.ok()) return canonical.error();
  if (!violation.empty()) return InvalidInput("safe mode: " + violation);
  return canonical;
}

Result<std::array<uint8_t, 64>> EddsaRdfc2022HashData(const Json& document,
                                                      const Json& proof_config,
                                                      std::string_view excluded_member,
                                                      const ContextLoader& contexts) {
  // The proof options are canonicalized under the document's contexts.
  Json config = proof_config;
  config.erase("proofValue");
  if (const auto context = document.find("@context"); context != document.end()) {
    config["@context"] = *context;
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::string canonical_config, CanonicalizeJsonLdSafe(config, contexts));
  PRAMAAN_ASSIGN_OR_RETURN(std::string canonical_document,
                           CanonicalizeJsonLdSafe(document, contexts, excluded_member));
  const Sha256Digest config_hash = Sha256(canonical_config);
  const Sha256Digest document_hash = Sha256(canonical_document);
  std::array<uint8_t, 64> hash_data;
  std::copy(config_hash.begin(), config_hash.end(), hash_data.begin());
  std::copy(document_hash.begin(), document_hash.end(), hash_data.begin() + 32);
  return hash_data;
}

}  // namespace pramaan
