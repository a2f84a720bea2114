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

// The learner's own page (issue 20): GET /c/{id}?expires=T&sig=S, where S =
// base64url(HMAC-SHA256(key, "learner\n{id}\n{T}")), with the same key as certificate links
// but never the same signature: a PDF link does not open the page, which gives the whole
// credential (the score, the identity hashes and their salts) to whoever holds the link.
std::string SignLearnerLink(const SecretBytes& key, std::string_view id, int64_t expires);

// True when `sig` is SignLearnerLink(key, id, expires) and `now` is before `expires`.
bool CheckLearnerLink(const SecretBytes& key, std::string_view id, std::string_view expires,
                      std::string_view sig, int64_t now);

// The learner's link to credential `id` served at `base_url`, expiring at `expires`:
// "{base_url}/c/{id}?expires=T&sig=S".
std::string LearnerLink(const std::string& base_url, const SecretBytes& key, std::string_view id,
                        int64_t expires);

// How long a learner's link made with a record's answer (or by `pramaan link`) lasts unless told
// otherwise: the platform asks again (the same record answers 200 with a fresh link) to renew it.
inline constexpr int kLearnerLinkDays = 90;

// Constant-time equality of two byte strings (CRYPTO_memcmp); unequal lengths are unequal.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace pramaan::api

#endif  // PRAMAAN_API_SIGNED_LINK_H_
