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
  // Second bound on the same work, in steps: each related blank node hashed (step 3), each
  // permutation tried (step 5.4) counting one plus its length plus the identifiers its issuer
  // copy holds. It stops what few calls can still make slow: k blank nodes that share a hash
  // and already have identifiers cost k! permutations without a further call, and a node with
  // many related nodes costs that many hashes per call. No vector of the W3C test suite needs
  // more than 25,560 (test044).
  std::size_t max_hash_n_degree_steps = 1000000;
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
// Fails with kInvalidInput when a quad is not RDF (subject not an IRI or blank node,
// predicate not an IRI, no object, or a literal as graph name; the message names the quad's
// index), or when a work bound is exceeded: either bound in `options`, or Hash
// N-Degree Quads recursing more than 256 levels deep (the message says "work bound"); also
// with kInvalidInput when the dataset would be over 4 GiB as N-Quads; with kUnsupported when
// the hash algorithm is not available from OpenSSL; kInternal never.
Result<CanonicalDataset> CanonicalizeRdfc10(const DatasetView& dataset,
                                            const CanonicalizationOptions& options = {});
// The same for a dataset that owns its text.
Result<CanonicalDataset> CanonicalizeRdfc10(const Dataset& dataset,
                                            const CanonicalizationOptions& options = {});

}  // namespace pramaan::rdf

#endif  // PRAMAAN_CORE_RDF_RDFC10_H_
