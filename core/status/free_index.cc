#include "core/status/free_index.h"

#include <bit>
#include <cassert>
#include <cstring>
#include <limits>
#include <string>

#include "core/crypto/random.h"

namespace pramaan {
namespace {

// Random probes before falling back to counting. While a list is less than 90% full, 32
// probes all miss with probability below 0.9^32 ~ 3%; a nearly full list gets an exact answer
// from the fallback instead of an unbounded number of probes.
constexpr int kRandomProbes = 32;

bool IsSet(std::span<const uint8_t> bytes, uint64_t index) {
  return (bytes[index / 8] & (0x80u >> (index % 8))) != 0;
}

// The index of the `rank`-th (0-based) 0 bit of `bytes`, in list order (most significant bit
// of each byte first). `rank` must be less than the number of 0 bits.
uint64_t SelectFree(std::span<const uint8_t> bytes, uint64_t rank) {
  std::size_t i = 0;
  // Skip whole 64-bit words first; the order of bits inside a word does not matter for counting.
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + i, sizeof word);
    const auto zeros = static_cast<uint64_t>(64 - std::popcount(word));
    if (rank < zeros) break;
    rank -= zeros;
  }
  for (; i < bytes.size(); ++i) {
    const auto zeros = static_cast<uint64_t>(8 - std::popcount(bytes[i]));
    if (rank >= zeros) {
      rank -= zeros;
      continue;
    }
    for (unsigned bit = 0; bit < 8; ++bit) {
      if ((bytes[i] & (0x80u >> bit)) != 0) continue;
      if (rank == 0) return static_cast<uint64_t>(i) * 8 + bit;
      --rank;
    }
  }
  assert(false && "SelectFree: rank exceeds the number of free bits");
  return 0;
}

}  // namespace

void SodiumRandomSource::Fill(std::span<uint8_t> out) { FillRandom(out); }

uint64_t UniformBelow(RandomSource& random, uint64_t bound) {
  assert(bound > 0);
  // 2^64 mod bound values at the top of the range would make small results more likely;
  // redraw those. At most bound/2^64 of draws are redrawn (< 2^-37 for any list size).
  const uint64_t excess = (0 - bound) % bound;  // 2^64 mod bound
  const uint64_t last_accepted = std::numeric_limits<uint64_t>::max() - excess;
  while (true) {
    uint8_t bytes[8];
    random.Fill(bytes);
    uint64_t value = 0;
    for (uint8_t b : bytes) value = (value << 8) | b;
    if (value <= last_accepted) return value % bound;
  }
}

Result<uint64_t> PickFreeIndex(const Bitstring& used, RandomSource& random) {
  const std::span<const uint8_t> bytes = used.bytes();
  // Each probe is uniform over the whole list, so a probe that lands on a free index lands on
  // each free index equally often; the fallback is uniform over free indexes too. Either way
  // the result is uniform over the free indexes.
  for (int probe = 0; probe < kRandomProbes; ++probe) {
    const uint64_t index = UniformBelow(random, used.size());
    if (!IsSet(bytes, index)) return index;
  }
  const uint64_t free_count = used.size() - used.CountSet();
  if (free_count == 0) {
    return NotFound("the status list is full: all " + std::to_string(used.size()) +
                    " indexes are in use");
  }
  return SelectFree(bytes, UniformBelow(random, free_count));
}

}  // namespace pramaan
