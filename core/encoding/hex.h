// Lower-case hexadecimal.
#ifndef PRAMAAN_CORE_ENCODING_HEX_H_
#define PRAMAAN_CORE_ENCODING_HEX_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pramaan {

// The value of a hex digit (either case), or -1.
int HexDigitValue(char c);

// Returns two lower-case hex digits per byte ("" for no bytes). Never fails.
std::string EncodeHex(std::span<const uint8_t> bytes);

// Accepts upper or lower case; fails with kInvalidInput on odd length or a non-hex digit
// (naming the character and its offset). No prefix ("0x") or whitespace is accepted.
Result<std::vector<uint8_t>> DecodeHex(std::string_view text);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_ENCODING_HEX_H_
