// JSON-LD to RDF: the Deserialize JSON-LD to RDF algorithm (JSON-LD 1.1 API section 8.1)
// over an already expanded document, with node map generation (section 7.2).
#ifndef PRAMAAN_CORE_JSONLD_TO_RDF_H_
#define PRAMAAN_CORE_JSONLD_TO_RDF_H_

#include "core/json/json.h"
#include "core/rdf/dataset.h"
#include "core/result.h"

namespace pramaan::jsonld {

enum class RdfDirection { kNone, kI18nDatatype, kCompoundLiteral };

struct ToRdfOptions {
  bool produce_generalized_rdf = false;  // keep triples with blank-node predicates
  RdfDirection rdf_direction = RdfDirection::kNone;
};

// Turns an expanded JSON-LD document (the output of Expander::Expand) into an RDF dataset:
// node map generation with fresh blank node labels "b0", "b1", ... in document order, lists
// as rdf:first/rdf:rest chains, numbers in canonical xsd:double / xsd:integer form, @json
// literals as RFC 8785 text typed rdf:JSON. Quads with relative IRIs are skipped, as the
// algorithm says. Fails with kInvalidInput whose message starts with a JSON-LD error code.
Result<rdf::Dataset> ExpandedToRdf(const Json& expanded, const ToRdfOptions& options);

}  // namespace pramaan::jsonld

#endif  // PRAMAAN_CORE_JSONLD_TO_RDF_H_
