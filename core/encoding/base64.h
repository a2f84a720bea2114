// Base64 (RFC 4648 section 4) and base64url without padding (section 5).
#ifndef PRAMAAN_CORE_ENCODING_BASE64_H_
#define PRAMAAN_CORE_ENCODING_BASE64_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pramaan {

std::string EncodeBase64(std::span<const uint8_t> bytes);         // with '=' padding
std::string EncodeBase64UrlNoPad(std::span<const uint8_t> bytes);  // '-', '_', no padding

// Decoders are strict: a character outside the alphabet, bad padding, or non-zero trailing
// bits fail with kInvalidInput.
Result<std::vector<uint8_t>> DecodeBase64(std::string_view text);
Result<std::vector<uint8_t>> DecodeBase64UrlNoPad(std::string_view text);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_ENCODING_BASE64_H_
