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

// Encodes bytes with the alphabet "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".
// Each leading zero byte becomes a leading '1'; empty input gives "". Never fails.
// Cost is quadratic in the input length (a 64-byte signature takes well under a microsecond).
std::string EncodeBase58Btc(std::span<const uint8_t> bytes);

// Decodes base58btc text; each leading '1' becomes a leading zero byte and "" gives no bytes.
// Fails with kInvalidInput, naming the character and its offset, on any character outside
// the alphabet (including '0', 'O', 'I', 'l', whitespace and non-ASCII bytes).
// Cost is quadratic in the text length: callers decoding untrusted text should bound its
// length first.
Result<std::vector<uint8_t>> DecodeBase58Btc(std::string_view text);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_ENCODING_BASE58_H_
