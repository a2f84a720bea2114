// JSON-LD to RDF: the Deserialize JSON-LD to RDF algorithm (JSON-LD 1.1 API section 8.1)
// over an already expanded document, with node map generation (section 7.2).
#ifndef PRAMAAN_CORE_JSONLD_TO_RDF_H_
#define PRAMAAN_CORE_JSONLD_TO_RDF_H_

#include <deque>
#include <string>
#include <vector>

#include "core/json/json.h"
#include "core/rdf/dataset.h"
#include "core/result.h"

namespace pramaan::jsonld {

enum class RdfDirection { kNone, kI18nDatatype, kCompoundLiteral };

struct ToRdfOptions {
  bool produce_generalized_rdf = false;  // keep triples with blank-node predicates
  RdfDirection rdf_direction = RdfDirection::kNone;
  // When set, receives one entry for every triple the algorithm skips because a term is not
  // well-formed (an IRI that is not absolute or has an invalid character, an ill-formed
  // language tag, a blank-node predicate): the subject, property or "<property> value".
  // Safe mode refuses to sign when this is not empty.
  std::vector<std::string>* skipped = nullptr;
};

// Turns an expanded JSON-LD document (the output of Expander::Expand) into an RDF dataset:
// node map generation with fresh blank node labels "b0", "b1", ... in document order, lists
// as rdf:first/rdf:rest chains, numbers in canonical xsd:double / xsd:integer form, @json
// literals as RFC 8785 text typed rdf:JSON. Quads with relative IRIs are skipped, as the
// algorithm says. Fails with kInvalidInput whose message starts with a JSON-LD error code.
//
// In detail:
// - Blank node labels are issued by one issuer in the order the specification's algorithms
//   ask for them (node map generation walks properties in code point order, then
//   deserialization walks graphs, subjects and properties in code point order and issues
//   list and compound-literal nodes). Labels already in the input ("_:x") are relabelled
//   through the same issuer, so equal labels stay equal and never collide with fresh ones.
//   Term values of blank nodes carry the label without "_:".
// - Not well-formed terms are skipped, never an error: a subject, predicate, object, type or
//   graph name that is neither an absolute IRI (RFC 3987 scheme, no space, controls or
//   <>"{}|^`\) nor a blank node; a literal whose language tag is not well-formed BCP 47
//   ("a b") or whose datatype is not an absolute IRI. A blank-node predicate is kept only
//   with produce_generalized_rdf. A list item that is skipped keeps its rdf:rest link.
// - Numbers: a value with no fractional part and magnitude below 1e21 becomes an
//   xsd:integer in decimal (unless typed xsd:double); any other number becomes the
//   canonical xsd:double "1.1E0", "1.0E21", "-1.2345E-7" (shortest round-trip digits,
//   negative zero printed as "0.0E0" as ECMAScript does). Integers are printed exactly as
//   parsed, also beyond 2^53.
// - @direction is dropped unless options.rdf_direction says how to keep it.
// - Quads come in a deterministic order (graph, subject, property in code point order; list
//   and compound-literal quads just before the quad that refers to them). A value given twice
//   for one property of one node is emitted once, but different JSON-LD values can still
//   make the same quad (1 and "1"^^xsd:integer): the dataset is not de-duplicated, sorted or
//   canonicalized.
//
// Errors (kInvalidInput, message "<JSON-LD error code>: <detail>"):
// - "conflicting indexes": one node carries two different @index values;
// - "invalid JSON literal": an @json value that RFC 8785 cannot canonicalize;
// - input that is not in expanded form fails with the code expansion would have given that
//   entry ("invalid @id value" for a non-string @id, "invalid type value",
//   "invalid @reverse value", "invalid @included value", "invalid value object", ...).
// Containers nested deeper than 2 * kMaxJsonDepth + 8 (beyond what expanding any parsed
// document yields) fail with kUnsupported instead of exhausting the stack.
//
// `expanded` is only read; the result owns all its strings. Thread-safe (no shared state).
Result<rdf::Dataset> ExpandedToRdf(const Json& expanded, const ToRdfOptions& options);

// A dataset whose terms view the expanded document it was made from and `text`.
struct ViewedDataset {
  rdf::DatasetView quads;
  // What the quads view besides the document: issued blank node labels, the lexical forms of
  // numbers and JSON literals. A deque, so adding text never moves what is already viewed.
  std::deque<std::string> text;
};

// The same dataset as ExpandedToRdf, without copying any string of `expanded` into it: for
// canonicalizing, where every quad would otherwise copy its subject and predicate IRIs.
// `out` is valid while `expanded` lives unchanged; on failure its content is unspecified.
Status ExpandedToRdf(const Json& expanded, const ToRdfOptions& options, ViewedDataset* out);

}  // namespace pramaan::jsonld

#endif  // PRAMAAN_CORE_JSONLD_TO_RDF_H_
