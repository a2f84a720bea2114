// Signed, expiring links to a certificate PDF: GET /credentials/{id}.pdf?expires=T&sig=S,
// where S = base64url(HMAC-SHA256(key, "{id}\n{T}")), T in Unix seconds. The learner's
// platform makes them with the same key; whoever holds the link can fetch the PDF until T.
#ifndef PRAMAAN_API_SIGNED_LINK_H_
#define PRAMAAN_API_SIGNED_LINK_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "keys/secret_bytes.h"

namespace pramaan::api {

// The `sig` value for credential `id` expiring at `expires` (Unix seconds).
std::string SignCertificateLink(const SecretBytes& key, std::string_view id, int64_t expires);

// True when `sig` is SignCertificateLink(key, id, expires), compared in constant time, and
// `now` (Unix seconds) is before `expires`. An empty key accepts nothing.
bool CheckCertificateLink(const SecretBytes& key, std::string_view id, std::string_view expires,
                          std::string_view sig, int64_t now);

// Constant-time equality of two byte strings (CRYPTO_memcmp); unequal lengths are unequal.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace pramaan::api

#endif  // PRAMAAN_API_SIGNED_LINK_H_
