// RDF Dataset Canonicalization (W3C RDFC-1.0), with SHA-256.
#ifndef PRAMAAN_CORE_RDF_RDFC10_H_
#define PRAMAAN_CORE_RDF_RDFC10_H_

#include <cstddef>
#include <map>
#include <string>

#include "core/rdf/dataset.h"
#include "core/result.h"

namespace pramaan::rdf {

struct CanonicalizationOptions {
  // Bound on the work of Hash N-Degree Quads, so "poison" graphs (deliberately symmetric
  // datasets that make the algorithm exponential) stop with an error instead of running for
  // hours. Counted as calls of Hash N-Degree Quads; credentials need a few dozen at most.
  std::size_t max_hash_n_degree_calls = 4000;
};

struct CanonicalDataset {
  // The canonical N-Quads document: quads with canonical blank node labels (c14n0, c14n1,
  // ...), serialized canonically, sorted by code point, duplicates removed, each line ending
  // in "\n".
  std::string nquads;
  // The issued identifiers map: input blank node label -> canonical label.
  std::map<std::string, std::string> issued;
};

// Canonicalizes `dataset`. Fails with kInvalidInput when the work bound is exceeded (the
// message says so), kInternal never.
Result<CanonicalDataset> CanonicalizeRdfc10(const Dataset& dataset,
                                            const CanonicalizationOptions& options = {});

}  // namespace pramaan::rdf

#endif  // PRAMAAN_CORE_RDF_RDFC10_H_
