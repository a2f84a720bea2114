#include "core/integrity/eddsa_rdfc_2022.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

#include "core/crypto/sha256.h"
#include "core/jsonld/to_rdf.h"
#include "core/rdf/rdfc10.h"

namespace pramaan {
namespace {

// Namespaces the W3C gives terms that no context defines: the catch-all @vocab of
// https://www.w3.org/ns/credentials/undefined-terms/v2 (and of VC 2.0 drafts, which had it in
// the base context). A term there has no agreed meaning, so safe mode treats it as undefined.
// (An @vocab a context sets on purpose, like the W3C examples context, defines its terms.)
constexpr std::string_view kUndefinedTermNamespaces[] = {
    "https://www.w3.org/ns/credentials/undefined-term#",
    "https://www.w3.org/ns/credentials/issuer-dependent#",
};

// RDFC-1.0's work bound for what is signed and verified (safe mode): a tenth of the general
// default, still four times what the most demanding W3C vector needs (test044: 468 calls,
// 25,560 steps) and far beyond a credential's few dozen calls. A poison graph in a request
// body then stops after tens of milliseconds instead of half a second (issue 17).
const rdf::CanonicalizationOptions kCredentialCanonicalization = [] {
  rdf::CanonicalizationOptions options;
  options.max_hash_n_degree_calls = 2000;
  options.max_hash_n_degree_steps = 100000;
  return options;
}();

// The term part of `iri` when it lies in an undefined-term namespace, else "".
std::string_view UndefinedTerm(std::string_view iri) {
  for (std::string_view prefix : kUndefinedTermNamespaces) {
    if (iri.substr(0, prefix.size()) == prefix) return iri.substr(prefix.size());
  }
  return {};
}

// True when `value` needs more than 15 significant digits to round-trip. Implementations
// disagree on such doubles' canonical RDF form (the specification's shortest form versus the
// 16 digits the JavaScript reference prints), so a proof over one would not verify elsewhere.
bool NeedsMoreThan15Digits(double value) {
  char buffer[32];
  const auto printed = std::to_chars(buffer, buffer + sizeof buffer, value,
                                     std::chars_format::scientific);
  int digits = 0;
  for (const char* p = buffer; p < printed.ptr && *p != 'e'; ++p) digits += (*p >= '0' && *p <= '9');
  return digits > 15;
}

// Whether two equal copies of the expanded `element` in one set make one RDF term, so that
// RDF keeps only one of them. A node object without @id is a fresh blank node wherever it
// appears, and so is the head of a non-empty list: such copies stay two in the canonical form
// (RDF Concepts 1.1 section 3.4), and a copy added after signing breaks the signature.
bool CollapsesWhenRepeated(const Json& element) {
  if (!element.is_object()) return true;
  const Json* list = nullptr;
  for (const auto& [key, value] : element.get_ref<const Json::object_t&>()) {
    const std::string_view name = key;
    if (name == "@value" || name == "@id") return true;
    if (name == "@list") list = &value;
  }
  return list != nullptr && (!list->is_array() || list->empty());
}

// Finds what the canonical form would hide in the expanded document: a property or type in
// an undefined-term namespace, the same value twice in one set (RDF keeps one, so the copy
// would be unsigned), or a double implementations print differently. (Terms RDF drops as not
// well-formed are reported by ExpandedToRdf.) Returns a sentence, or "". An @list keeps every
// item in order (`ordered`), so repeats in it hide nothing.
std::string FindHiddenData(const Json& node, bool ordered = false) {
  if (node.is_array()) {
    // What an element holds is reported only for elements before the first repeated one, as
    // a walk comparing each element with every later one would find them.
    const std::optional<size_t> repeated =
        ordered ? std::nullopt : FirstRepeatedElement(node, CollapsesWhenRepeated);
    const size_t walked = repeated.value_or(node.size());
    for (size_t i = 0; i < walked; ++i) {
      if (std::string found = FindHiddenData(node[i]); !found.empty()) return found;
    }
    if (repeated) return "the same value appears twice in one list";
  } else if (node.is_object()) {
    for (const auto& [key, value] : node.get_ref<const Json::object_t&>()) {
      if (std::string_view term = UndefinedTerm(key); !term.empty()) {
        return "\"" + std::string(term) +
               "\" is not defined by any context (only a catch-all @vocab gives it a meaning)";
      }
      if (key == "@type") {
        const auto check_type = [](const Json& type) -> std::string {
          if (!type.is_string()) return "";
          if (std::string_view term = UndefinedTerm(type.get_ref<const std::string&>());
              !term.empty()) {
            return "type \"" + std::string(term) + "\" is not defined by any context";
          }
          return "";
        };
        if (value.is_array()) {
          for (const Json& type : value) {
            if (std::string found = check_type(type); !found.empty()) return found;
          }
        } else if (std::string found = check_type(value); !found.empty()) {
          return found;
        }
      }
      if (key == "@value" && value.is_number_float() && NeedsMoreThan15Digits(value.get<double>())) {
        return "the number " + DumpJson(value, false) +
               " needs 17 significant digits, which RDF implementations print differently; "
               "round it";
      }
      if (key != "@value" && key != "@id" && key != "@language") {
        if (std::string found = FindHiddenData(value, key == "@list"); !found.empty()) {
          return found;
        }
      }
    }
  }
  return "";
}

// The first thing safe mode objects to in an expansion, as a sentence, or "".
std::string SafeModeViolation(const jsonld::ExpansionDiagnostics& diagnostics,
                              const Json& expanded) {
  if (!diagnostics.dropped_keys.empty()) {
    return "\"" + diagnostics.dropped_keys.front() +
           "\" is not defined by any context, so a signature would not cover it";
  }
  if (!diagnostics.relative_iris.empty()) {
    return "\"" + diagnostics.relative_iris.front() + "\" is a relative IRI";
  }
  if (!diagnostics.dropped_values.empty()) {
    return "a value of \"" + diagnostics.dropped_values.front() +
           "\" would be dropped by JSON-LD expansion";
  }
  return FindHiddenData(expanded);
}

// Expansion, deserialization to RDF and RDFC-1.0; `violation` (if non-null) receives the
// first thing safe mode objects to, and then stops before deserializing when there is one.
Result<std::string> Canonicalize(const Json& document, std::string_view excluded_member,
                                 const ContextLoader& contexts,
                                 jsonld::ExpansionDiagnostics* diagnostics,
                                 std::string* violation) {
  jsonld::ExpandOptions options;
  options.excluded_member = excluded_member;
  PRAMAAN_ASSIGN_OR_RETURN(Json expanded,
                           contexts.expander().Expand(document, options, diagnostics));
  if (violation != nullptr) {
    *violation = SafeModeViolation(*diagnostics, expanded);
    if (!violation->empty()) return std::string();
  }
  std::vector<std::string> skipped;
  jsonld::ToRdfOptions to_rdf;
  to_rdf.skipped = &skipped;
  jsonld::ViewedDataset dataset;
  PRAMAAN_RETURN_IF_ERROR(jsonld::ExpandedToRdf(expanded, to_rdf, &dataset));
  if (violation != nullptr && !skipped.empty()) {
    *violation = "\"" + skipped.front() +
                 "\" is not a well-formed IRI or language tag, so RDF would drop it";
    return std::string();
  }
  PRAMAAN_ASSIGN_OR_RETURN(
      rdf::CanonicalDataset canonical,
      rdf::CanonicalizeRdfc10(dataset.quads, violation != nullptr
                                                 ? kCredentialCanonicalization
                                                 : rdf::CanonicalizationOptions()));
  return std::move(canonical.nquads);
}

}  // namespace

Result<std::string> CanonicalizeJsonLd(const Json& document, const ContextLoader& contexts,
                                       jsonld::ExpansionDiagnostics* diagnostics) {
  jsonld::ExpansionDiagnostics ignored;
  return Canonicalize(document, "", contexts, diagnostics != nullptr ? diagnostics : &ignored,
                      nullptr);
}

Result<std::string> CanonicalizeJsonLdSafe(const Json& document, const ContextLoader& contexts,
                                           std::string_view excluded_member) {
  if (const auto context = document.find("@context");
      document.is_object() && context != document.end() && context->is_array()) {
    if (FirstRepeatedElement(*context)) {
      return InvalidInput("safe mode: the same context appears twice in @context");
    }
  }
  jsonld::ExpansionDiagnostics diagnostics;
  std::string violation;
  Result<std::string> canonical =
      Canonicalize(document, excluded_member, contexts, &diagnostics, &violation);
  if (!canonical.ok()) return canonical.error();
  if (!violation.empty()) return InvalidInput("safe mode: " + violation);
  return canonical;
}

Result<std::array<uint8_t, 64>> EddsaRdfc2022HashData(const Json& document, Json proof_config,
                                                      std::string_view excluded_member,
                                                      const ContextLoader& contexts) {
  // The proof options are canonicalized under the document's contexts.
  proof_config.erase("proofValue");
  if (const auto context = document.find("@context"); context != document.end()) {
    proof_config["@context"] = *context;
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::string canonical_config,
                           CanonicalizeJsonLdSafe(proof_config, contexts));
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
