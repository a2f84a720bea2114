// SHA-256 through OpenSSL (hardware-accelerated where the CPU has SHA extensions).
#ifndef PRAMAAN_CORE_CRYPTO_SHA256_H_
#define PRAMAAN_CORE_CRYPTO_SHA256_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace pramaan {

using Sha256Digest = std::array<uint8_t, 32>;

// Returns the SHA-256 digest of `data` (FIPS 180-4). Thread-safe and never fails: if OpenSSL
// cannot provide SHA-256 at all (a broken installation), the process aborts with a message,
// since every caller would otherwise have to handle an error that cannot occur in practice.
Sha256Digest Sha256(std::span<const uint8_t> data);

// Hashes the bytes of `data` as they are (no terminator, no encoding conversion).
Sha256Digest Sha256(std::string_view data);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_CRYPTO_SHA256_H_
