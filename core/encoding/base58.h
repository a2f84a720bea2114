// Base58 with the Bitcoin alphabet (base58btc), as used by multibase prefix 'z'.
#ifndef PRAMAAN_CORE_ENCODING_BASE58_H_
#define PRAMAAN_CORE_ENCODING_BASE58_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pramaan {

// Encodes bytes; each leading zero byte becomes a leading '1'.
std::string EncodeBase58Btc(std::span<const uint8_t> bytes);

// Decodes base58btc text. Fails with kInvalidInput on a character outside the alphabet.
Result<std::vector<uint8_t>> DecodeBase58Btc(std::string_view text);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_ENCODING_BASE58_H_
