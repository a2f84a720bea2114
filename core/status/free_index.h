// Choosing where in a status list a new credential's status bit goes.
//
// The spec asks that indexes be assigned randomly "such that inferences — such as the recency
// of the assignment or the size of the group — cannot be easily drawn from that position"
// (section 2.1, statusListIndex). PickFreeIndex draws uniformly among the unused positions, so
// an index says nothing about when, or how many credentials before it, were issued.
#ifndef PRAMAAN_CORE_STATUS_FREE_INDEX_H_
#define PRAMAAN_CORE_STATUS_FREE_INDEX_H_

#include <cstdint>
#include <span>

#include "core/result.h"
#include "core/status/bitstring.h"

namespace pramaan {

// A source of uniformly random bytes, injected so tests can fix it.
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Fills `out` with random bytes. Never fails.
  virtual void Fill(std::span<uint8_t> out) = 0;
};

// The operating system's CSPRNG through libsodium (core/crypto/random.h). Thread-safe.
class SodiumRandomSource final : public RandomSource {
 public:
  void Fill(std::span<uint8_t> out) override;
};

// Returns a uniformly random integer in [0, bound), without modulo bias, drawing 8 bytes from
// `random` per attempt. `bound` must be > 0 (asserted). A source that returns all-zero bytes
// yields 0, which makes deterministic tests possible.
uint64_t UniformBelow(RandomSource& random, uint64_t bound);

// Returns an index whose bit in `used` is 0, chosen uniformly among all such indexes. `used` is
// the issuer's record of allocated indexes (not the published status bits). Fails with
// kNotFound when every index is used: the caller then starts a new list. Reads `used` only;
// the caller marks the returned index used.
//
// Cost: a few random draws while the list has room (each draw hits a free index with
// probability free/size); past 32 misses, one pass over the list (size/64 word operations).
Result<uint64_t> PickFreeIndex(const Bitstring& used, RandomSource& random);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_STATUS_FREE_INDEX_H_
