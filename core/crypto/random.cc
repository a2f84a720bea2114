#include "core/crypto/random.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

namespace pramaan {

void EnsureSodiumInitialized() {
  // A function-local static is initialised exactly once even under concurrent first calls
  // (C++11 "magic statics"), which is all std::call_once would add. sodium_init() returns 1
  // when something else in the process already initialised it; only -1 is a failure.
  static const bool initialized = [] {
    if (sodium_init() < 0) {
      std::fprintf(stderr, "pramaan: fatal: sodium_init() failed; cannot use libsodium\n");
      std::abort();
    }
    return true;
  }();
  (void)initialized;
}

void FillRandom(std::span<uint8_t> out) {
  EnsureSodiumInitialized();
  if (out.empty()) return;
  randombytes_buf(out.data(), out.size());
}

std::vector<uint8_t> RandomBytes(std::size_t count) {
  std::vector<uint8_t> out(count);
  FillRandom(out);
  return out;
}

}  // namespace pramaan
