#include "core/encoding/base64.h"
#include "core/encoding/describe_char.h"

#include <array>
#include <cstdio>
#include <string>

namespace pramaan {

using internal::DescribeChar;
namespace {

constexpr std::string_view kStdAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Maps every byte to its 6-bit value, or -1 outside the alphabet ('=' included: padding is
// handled before the table is consulted).
constexpr std::array<int8_t, 256> MakeValueTable(std::string_view alphabet) {
  std::array<int8_t, 256> table{};
  table.fill(-1);
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    table[static_cast<uint8_t>(alphabet[i])] = static_cast<int8_t>(i);
  }
  return table;
}
constexpr std::array<int8_t, 256> kStdValue = MakeValueTable(kStdAlphabet);
constexpr std::array<int8_t, 256> kUrlValue = MakeValueTable(kUrlAlphabet);

std::string Encode(std::span<const uint8_t> bytes, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t group =
        (uint32_t{bytes[i]} << 16) | (uint32_t{bytes[i + 1]} << 8) | uint32_t{bytes[i + 2]};
    out.push_back(alphabet[(group >> 18) & 0x3f]);
    out.push_back(alphabet[(group >> 12) & 0x3f]);
    out.push_back(alphabet[(group >> 6) & 0x3f]);
    out.push_back(alphabet[group & 0x3f]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const uint32_t group = uint32_t{bytes[i]} << 16;
    out.push_back(alphabet[(group >> 18) & 0x3f]);
    out.push_back(alphabet[(group >> 12) & 0x3f]);
    if (pad) out.append("==");
  } else if (rest == 2) {
    const uint32_t group = (uint32_t{bytes[i]} << 16) | (uint32_t{bytes[i + 1]} << 8);
    out.push_back(alphabet[(group >> 18) & 0x3f]);
    out.push_back(alphabet[(group >> 12) & 0x3f]);
    out.push_back(alphabet[(group >> 6) & 0x3f]);
    if (pad) out.push_back('=');
  }
  return out;
}

// Decodes unpadded text (padding already stripped and checked by the caller).
Result<std::vector<uint8_t>> DecodeUnpadded(std::string_view text,
                                            const std::array<int8_t, 256>& value,
                                            const char* name) {
  std::vector<uint8_t> out;
  out.reserve(text.size() / 4 * 3 + 2);
  uint32_t bits = 0;
  int bit_count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int8_t v = value[static_cast<unsigned char>(text[i])];
    if (v < 0) {
      return InvalidInput(std::string(name) + ": invalid character " + DescribeChar(text[i]) +
                          " at offset " + std::to_string(i));
    }
    bits = (bits << 6) | static_cast<uint32_t>(v);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out.push_back(static_cast<uint8_t>(bits >> bit_count));
      bits &= (1u << bit_count) - 1;
    }
  }
  // Checked after the characters so a stray '=' is reported as such. A final group of one
  // character carries only 6 bits, less than a byte: never valid.
  if (text.size() % 4 == 1) {
    return InvalidInput(std::string(name) + ": invalid length " + std::to_string(text.size()));
  }
  // Leftover bits (2 or 4) are padding inside the last character; RFC 4648 section 3.5
  // lets decoders reject them when non-zero, and doing so keeps encodings canonical.
  if (bits != 0) {
    return InvalidInput(std::string(name) + ": non-zero trailing bits in the last character");
  }
  return out;
}

}  // namespace

std::string EncodeBase64(std::span<const uint8_t> bytes) {
  return Encode(bytes, kStdAlphabet, /*pad=*/true);
}

std::string EncodeBase64UrlNoPad(std::span<const uint8_t> bytes) {
  return Encode(bytes, kUrlAlphabet, /*pad=*/false);
}

Result<std::vector<uint8_t>> DecodeBase64(std::string_view text) {
  constexpr const char* kName = "base64";
  if (text.size() % 4 != 0) {
    return InvalidInput(std::string(kName) + ": length " + std::to_string(text.size()) +
                        " is not a multiple of 4");
  }
  std::size_t padding = 0;
  while (padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  if (padding > 2) {
    return InvalidInput(std::string(kName) + ": too much '=' padding");
  }
  // Any '=' left in the body is caught by the alphabet check, as '=' has no value.
  return DecodeUnpadded(text.substr(0, text.size() - padding), kStdValue, kName);
}

Result<std::vector<uint8_t>> DecodeBase64UrlNoPad(std::string_view text) {
  return DecodeUnpadded(text, kUrlValue, "base64url");
}

}  // namespace pramaan
