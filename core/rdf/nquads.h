// N-Quads (RDF 1.1 N-Quads) reading and writing, including the canonical form RDFC-1.0 uses.
#ifndef PRAMAAN_CORE_RDF_NQUADS_H_
#define PRAMAAN_CORE_RDF_NQUADS_H_

#include <string>
#include <string_view>

#include "core/rdf/dataset.h"
#include "core/result.h"

namespace pramaan::rdf {

// Parses an N-Quads document (comments, blank lines, escapes \t \b \n \r \f \" \' \\ \uXXXX
// \UXXXXXXXX in literals and IRIs). Fails with kInvalidInput naming the line.
Result<Dataset> ParseNQuads(std::string_view text);

// Appends one quad in canonical N-Quads form (RDFC-1.0 section 4.4: one space between terms,
// literals escaped minimally: \" \\ \n \r and other controls as \u00XX, no datatype for
// xsd:string, "@lang" for rdf:langString), terminated by " .\n".
void AppendNQuad(const Quad& quad, std::string* out);

// Serializes every quad in order (no sorting, no de-duplication).
std::string SerializeNQuads(const Dataset& dataset);

}  // namespace pramaan::rdf

#endif  // PRAMAAN_CORE_RDF_NQUADS_H_
