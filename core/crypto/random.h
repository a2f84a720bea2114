// Cryptographically secure random bytes (libsodium's randombytes, backed by getrandom(2)).
#ifndef PRAMAAN_CORE_CRYPTO_RANDOM_H_
#define PRAMAAN_CORE_CRYPTO_RANDOM_H_

#include <cstdint>
#include <span>
#include <vector>

namespace pramaan {

// Fills `out` with random bytes (an empty span is fine). Thread-safe. Never fails: libsodium
// aborts if no entropy source exists.
void FillRandom(std::span<uint8_t> out);

// Returns `count` fresh random bytes. Thread-safe; never fails (as FillRandom).
std::vector<uint8_t> RandomBytes(std::size_t count);

// Initialises libsodium once; safe to call from any thread, any number of times. Every
// function in core that uses libsodium calls it, so callers need not. If sodium_init() fails
// the process aborts with a message on stderr: no cryptography is possible without it.
void EnsureSodiumInitialized();

}  // namespace pramaan

#endif  // PRAMAAN_CORE_CRYPTO_RANDOM_H_
