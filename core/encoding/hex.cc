#include "core/encoding/hex.h"
#include "core/encoding/describe_char.h"

#include <cstdio>
#include <string>

namespace pramaan {

using internal::DescribeChar;
namespace {

constexpr char kDigits[] = "0123456789abcdef";

}  // namespace

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string EncodeHex(std::span<const uint8_t> bytes) {
  std::string out(bytes.size() * 2, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0x0f];
  }
  return out;
}

Result<std::vector<uint8_t>> DecodeHex(std::string_view text) {
  if (text.size() % 2 != 0) {
    return InvalidInput("hex: odd length " + std::to_string(text.size()));
  }
  std::vector<uint8_t> out(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int v = HexDigitValue(text[i]);
    if (v < 0) {
      return InvalidInput("hex: invalid character " + DescribeChar(text[i]) + " at offset " +
                          std::to_string(i));
    }
    out[i / 2] = static_cast<uint8_t>((out[i / 2] << 4) | v);
  }
  return out;
}

}  // namespace pramaan
