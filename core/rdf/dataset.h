// RDF 1.1 datasets: the common currency of JSON-LD deserialization (core/jsonld), N-Quads
// (core/rdf/nquads.h) and RDF Dataset Canonicalization (core/rdf/rdfc10.h).
#ifndef PRAMAAN_CORE_RDF_DATASET_H_
#define PRAMAAN_CORE_RDF_DATASET_H_

#include <string>
#include <string_view>
#include <utility>
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

// One RDF term. `String` is std::string for terms that own their text (Term) or
// std::string_view for terms that view text kept elsewhere (TermView: what JSON-LD
// deserialization produces for canonicalization, without copying every IRI per quad).
template <typename String>
struct BasicTerm {
  TermKind kind = TermKind::kDefaultGraph;
  String value;
  String datatype;  // literals only: an absolute IRI; kXsdString when plain,
                    // kRdfLangString when `language` is set
  String language;  // literals only: a BCP 47 tag, or "" (kept as written)

  static BasicTerm Iri(String iri) { return {TermKind::kIri, std::move(iri), {}, {}}; }
  static BasicTerm Blank(String label) { return {TermKind::kBlankNode, std::move(label), {}, {}}; }
  static BasicTerm Literal(String lexical, String datatype = kXsdString, String language = {}) {
    return {TermKind::kLiteral, std::move(lexical), std::move(datatype), std::move(language)};
  }
  static BasicTerm DefaultGraph() { return {}; }

  bool operator==(const BasicTerm&) const = default;
};

template <typename String>
struct BasicQuad {
  BasicTerm<String> subject;    // kIri or kBlankNode
  BasicTerm<String> predicate;  // kIri
  BasicTerm<String> object;     // kIri, kBlankNode or kLiteral
  BasicTerm<String> graph;      // kDefaultGraph, kIri or kBlankNode

  bool operator==(const BasicQuad&) const = default;
};

using Term = BasicTerm<std::string>;
using Quad = BasicQuad<std::string>;
using TermView = BasicTerm<std::string_view>;
using QuadView = BasicQuad<std::string_view>;

// A dataset as a list of quads; duplicates may occur until canonicalization removes them.
using Dataset = std::vector<Quad>;
// The same, viewing text that whoever made it keeps alive.
using DatasetView = std::vector<QuadView>;

inline TermView ViewOf(const Term& term) {
  return {term.kind, term.value, term.datatype, term.language};
}
inline QuadView ViewOf(const Quad& quad) {
  return {ViewOf(quad.subject), ViewOf(quad.predicate), ViewOf(quad.object), ViewOf(quad.graph)};
}
inline Term Owned(const TermView& term) {
  return {term.kind, std::string(term.value), std::string(term.datatype),
          std::string(term.language)};
}
inline Quad Owned(const QuadView& quad) {
  return {Owned(quad.subject), Owned(quad.predicate), Owned(quad.object), Owned(quad.graph)};
}

}  // namespace pramaan::rdf

#endif  // PRAMAAN_CORE_RDF_DATASET_H_
