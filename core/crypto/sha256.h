// SHA-256 through OpenSSL (hardware-accelerated where the CPU has SHA extensions).
#ifndef PRAMAAN_CORE_CRYPTO_SHA256_H_
#define PRAMAAN_CORE_CRYPTO_SHA256_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace pramaan {

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest Sha256(std::span<const uint8_t> data);
Sha256Digest Sha256(std::string_view data);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_CRYPTO_SHA256_H_
