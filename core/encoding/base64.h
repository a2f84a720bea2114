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

// Encodes with the standard alphabet ('+', '/') and '=' padding to a multiple of four
// characters. Never fails.
std::string EncodeBase64(std::span<const uint8_t> bytes);

// Encodes with the URL-safe alphabet ('-', '_') and no padding. Never fails.
std::string EncodeBase64UrlNoPad(std::span<const uint8_t> bytes);

// Decoders are strict, so each byte string has exactly one accepted encoding. They fail with
// kInvalidInput, naming the character or length at fault, on:
//  - a character outside the alphabet (including whitespace, and the other variant's
//    '+' '/' or '-' '_');
//  - bad padding: DecodeBase64 needs a length that is a multiple of four with at most two
//    '=' and only at the end; DecodeBase64UrlNoPad rejects any '=' and a length of 4k+1;
//  - non-zero trailing bits in the last character (e.g. "QR==" instead of "QQ==").
// The empty string decodes to no bytes.
Result<std::vector<uint8_t>> DecodeBase64(std::string_view text);
Result<std::vector<uint8_t>> DecodeBase64UrlNoPad(std::string_view text);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_ENCODING_BASE64_H_
