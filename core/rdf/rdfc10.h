// RDF Dataset Canonicalization (W3C RDFC-1.0), with SHA-256 (or, when asked, SHA-384).
#ifndef PRAMAAN_CORE_RDF_RDFC10_H_
#define PRAMAAN_CORE_RDF_RDFC10_H_

#include <cstddef>
#include <map>
#include <string>

#include "core/rdf/dataset.h"
#include "core/result.h"

namespace pramaan::rdf {

// The hash function RDFC-1.0 is parameterized with. SHA-256 is the default and the one every
// Data Integrity cryptosuite here uses; SHA-384 exists for the test suite and for suites such
// as ecdsa-rdfc-2019 with P-384.
enum class RdfcHashAlgorithm {
  kSha256,
  kSha384,
};

struct CanonicalizationOptions {
  // Bound on the work of Hash N-Degree Quads, so "poison" graphs (deliberately symmetric
  // datasets that make the algorithm exponential) stop with an error instead of running for
  // hours. Counted as calls of Hash N-Degree Quads; credentials need a few dozen at most, the
  // most demanding vector of the W3C test suite (test044, two linked 6-cycles) needs 468.
  std::size_t max_hash_n_degree_calls = 4000;
  // Second bound on the same work: permutations tried by Hash N-Degree Quads (step 5.4), in
  // total. Without it a group of k blank nodes that share a hash and already have temporary
  // identifiers would cost k! without a single further call. No vector of the W3C test suite
  // needs more than 2,880.
  std::size_t max_permutations = 100000;
  RdfcHashAlgorithm hash_algorithm = RdfcHashAlgorithm::kSha256;
};

struct CanonicalDataset {
  // The canonical N-Quads document: quads with canonical blank node labels (c14n0, c14n1,
  // ...), serialized canonically, sorted by code point, duplicates removed, each line ending
  // in "\n".
  std::string nquads;
  // The issued identifiers map: input blank node label -> canonical label.
  std::map<std::string, std::string> issued;
};

// Canonicalizes `dataset`, treated as a set (duplicate quads count once, also for hashing).
// Thread-safe; each thread keeps its scratch buffers (up to 1 MiB each) between calls.
//
// Fails with kInvalidInput when a work bound is exceeded: either bound in `options`, or Hash
// N-Degree Quads recursing more than 256 levels deep (the message says "work bound"); also
// with kInvalidInput when the dataset would be over 4 GiB as N-Quads; with kUnsupported when
// the hash algorithm is not available from OpenSSL; kInternal never.
Result<CanonicalDataset> CanonicalizeRdfc10(const Dataset& dataset,
                                            const CanonicalizationOptions& options = {});

}  // namespace pramaan::rdf

#endif  // PRAMAAN_CORE_RDF_RDFC10_H_
