// N-Quads (RDF 1.1 N-Quads) reading and writing, including the canonical form RDFC-1.0 uses.
#ifndef PRAMAAN_CORE_RDF_NQUADS_H_
#define PRAMAAN_CORE_RDF_NQUADS_H_

#include <string>
#include <string_view>

#include "core/rdf/dataset.h"
#include "core/result.h"

namespace pramaan::rdf {

// Parses an N-Quads document (comments, blank lines, escapes \t \b \n \r \f \" \' \\ \uXXXX
// \UXXXXXXXX in literals and \uXXXX \UXXXXXXXX in IRIs). Lines may end in LF, CRLF or CR.
//
// Strict, per the RDF 1.1 N-Quads grammar: one statement per line; IRIs must be absolute (have
// a scheme) and may not contain, even escaped, spaces, controls or any of <>"{}|^`\; blank
// node labels follow BLANK_NODE_LABEL; language tags follow LANGTAG and are kept as written;
// the document must be valid UTF-8 and escapes may not name surrogates or code points above
// U+10FFFF. A literal without datatype or language gets kXsdString; one with a language gets
// kRdfLangString. Duplicate quads are kept (CanonicalizeRdfc10 treats the input as a set).
//
// Fails with kInvalidInput and the message "N-Quads line L, column C: <problem>" (1-based;
// the column counts bytes).
Result<Dataset> ParseNQuads(std::string_view text);

// Appends one term in canonical N-Quads form: "<iri>", "_:label", or a literal "\"...\"" with
// "@lang" (when `language` is set) or "^^<datatype>" (unless the datatype is kXsdString).
// In literals, exactly these are escaped (RDFC-1.0 section 4.4 / canonical N-Triples):
// \b \t \n \f \r \" \\ as ECHAR, and U+0000-U+0007, U+000B, U+000E-U+001F and U+007F as
// \u00XX with upper-case hex digits; everything else, non-ASCII included, is written as is.
// IRIs and labels are written as they are. A kDefaultGraph term appends nothing.
void AppendNQuadTerm(const TermView& term, std::string* out);
inline void AppendNQuadTerm(const Term& term, std::string* out) {
  AppendNQuadTerm(ViewOf(term), out);
}

// Appends one quad in canonical N-Quads form: terms as AppendNQuadTerm writes them separated by
// one space, the graph term only when it is not the default graph, terminated by " .\n".
void AppendNQuad(const QuadView& quad, std::string* out);
inline void AppendNQuad(const Quad& quad, std::string* out) { AppendNQuad(ViewOf(quad), out); }

// Serializes every quad in order (no sorting, no de-duplication).
std::string SerializeNQuads(const Dataset& dataset);

}  // namespace pramaan::rdf

#endif  // PRAMAAN_CORE_RDF_NQUADS_H_
