// Multibase (draft-multiformats-multibase): a one-character prefix names the base.
// Pramaan writes base58btc ('z'); it reads 'z' and base64url without padding ('u').
#ifndef PRAMAAN_CORE_ENCODING_MULTIBASE_H_
#define PRAMAAN_CORE_ENCODING_MULTIBASE_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace pramaan {

// Returns "z" followed by the base58btc encoding of `bytes`. Never fails.
std::string EncodeMultibaseBase58Btc(std::span<const uint8_t> bytes);

// Returns "u" followed by the unpadded base64url encoding of `bytes`. Never fails.
std::string EncodeMultibaseBase64Url(std::span<const uint8_t> bytes);

// Decodes 'z' (base58btc) or 'u' (base64url, no padding) text. Fails with kInvalidInput on an
// empty string, another prefix (named in the message), or a payload its base rejects (see
// DecodeBase58Btc and DecodeBase64UrlNoPad; the message is prefixed with "multibase").
// A prefix alone ("z" or "u") decodes to no bytes.
Result<std::vector<uint8_t>> DecodeMultibase(std::string_view text);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_ENCODING_MULTIBASE_H_
