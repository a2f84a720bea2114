#include "core/encoding/describe_char.h"

#include <cstdio>

namespace pramaan::internal {

std::string DescribeChar(char c) {
  const auto byte = static_cast<unsigned char>(c);
  char buffer[16];
  if (byte >= 0x21 && byte <= 0x7e) {
    std::snprintf(buffer, sizeof(buffer), "'%c'", c);
  } else {
    std::snprintf(buffer, sizeof(buffer), "byte 0x%02x", byte);
  }
  return buffer;
}

}  // namespace pramaan::internal
