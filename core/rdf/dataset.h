// RDF 1.1 datasets: the common currency of JSON-LD deserialization (core/jsonld), N-Quads
// (core/rdf/nquads.h) and RDF Dataset Canonicalization (core/rdf/rdfc10.h).
#ifndef PRAMAAN_CORE_RDF_DATASET_H_
#define PRAMAAN_CORE_RDF_DATASET_H_

#include <string>
#include <vector>

namespace pramaan::rdf {

inline constexpr const char* kXsdString = "http://www.w3.org/2001/XMLSchema#string";
inline constexpr const char* kRdfLangString =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

enum class TermKind {
  kIri,           // value: the absolute IRI, without angle brackets
  kBlankNode,     // value: the label without "_:" (e.g. "b0", "c14n3")
  kLiteral,       // value: the lexical form; datatype and language below
  kDefaultGraph,  // only as a quad's graph; value empty
};

struct Term {
  TermKind kind = TermKind::kDefaultGraph;
  std::string value;
  std::string datatype;  // literals only: an absolute IRI; kXsdString when plain,
                         // kRdfLangString when `language` is set
  std::string language;  // literals only: a BCP 47 tag, or "" (kept as written)

  static Term Iri(std::string iri) { return {TermKind::kIri, std::move(iri), "", ""}; }
  static Term Blank(std::string label) { return {TermKind::kBlankNode, std::move(label), "", ""}; }
  static Term Literal(std::string lexical, std::string datatype = kXsdString,
                      std::string language = "") {
    return {TermKind::kLiteral, std::move(lexical), std::move(datatype), std::move(language)};
  }
  static Term DefaultGraph() { return {}; }

  bool operator==(const Term&) const = default;
};

struct Quad {
  Term subject;    // kIri or kBlankNode
  Term predicate;  // kIri
  Term object;     // kIri, kBlankNode or kLiteral
  Term graph;      // kDefaultGraph, kIri or kBlankNode

  bool operator==(const Quad&) const = default;
};

// A dataset as a list of quads; duplicates may occur until canonicalization removes them.
using Dataset = std::vector<Quad>;

}  // namespace pramaan::rdf

#endif  // PRAMAAN_CORE_RDF_DATASET_H_
