#include "core/encoding/multibase.h"

#include <string>

#include "core/encoding/base58.h"
#include "core/encoding/base64.h"
#include "core/encoding/describe_char.h"

namespace pramaan {
namespace {

constexpr char kBase58BtcPrefix = 'z';
constexpr char kBase64UrlPrefix = 'u';

}  // namespace

std::string EncodeMultibaseBase58Btc(std::span<const uint8_t> bytes) {
  return kBase58BtcPrefix + EncodeBase58Btc(bytes);
}

std::string EncodeMultibaseBase64Url(std::span<const uint8_t> bytes) {
  return kBase64UrlPrefix + EncodeBase64UrlNoPad(bytes);
}

Result<std::vector<uint8_t>> DecodeMultibase(std::string_view text) {
  if (text.empty()) return InvalidInput("multibase: empty string has no prefix");
  Result<std::vector<uint8_t>> decoded = [&]() -> Result<std::vector<uint8_t>> {
    switch (text.front()) {
      case kBase58BtcPrefix:
        return DecodeBase58Btc(text.substr(1));
      case kBase64UrlPrefix:
        return DecodeBase64UrlNoPad(text.substr(1));
      default:
        return InvalidInput("unsupported prefix " + internal::DescribeChar(text.front()) +
                            " (expected 'z' or 'u')");
    }
  }();
  if (!decoded.ok()) return decoded.error().WithContext("multibase");
  return decoded;
}

}  // namespace pramaan
