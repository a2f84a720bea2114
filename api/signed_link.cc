#include "api/signed_link.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

#include "core/encoding/base64.h"

namespace pramaan::api {

namespace {

std::string Mac(const SecretBytes& key, const std::string& message) {
  const std::span<const uint8_t> secret = key.Reveal(SecretAccess::Grant());
  uint8_t mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const uint8_t*>(message.data()), message.size(), mac, &mac_size);
  return EncodeBase64UrlNoPad(std::span<const uint8_t>(mac, mac_size));
}

// Whether `sig` is sign(expires) for `expires` a whole number of Unix seconds after `now`.
template <class Sign>
bool CheckLink(const SecretBytes& key, std::string_view expires, std::string_view sig,
               int64_t now, Sign sign) {
  if (key.size() == 0) return false;
  int64_t expires_at = 0;
  const auto [end, ec] = std::from_chars(expires.data(), expires.data() + expires.size(), expires_at);
  if (ec != std::errc() || end != expires.data() + expires.size() || expires.empty()) return false;
  if (now >= expires_at) return false;
  return ConstantTimeEquals(sign(expires_at), sig);
}

}  // namespace

std::string SignCertificateLink(const SecretBytes& key, std::string_view id, int64_t expires) {
  return Mac(key, std::string(id) + "\n" + std::to_string(expires));
}

bool CheckCertificateLink(const SecretBytes& key, std::string_view id, std::string_view expires,
                          std::string_view sig, int64_t now) {
  return CheckLink(key, expires, sig, now,
                   [&](int64_t at) { return SignCertificateLink(key, id, at); });
}

std::string SignLearnerLink(const SecretBytes& key, std::string_view id, int64_t expires) {
  return Mac(key, "learner\n" + std::string(id) + "\n" + std::to_string(expires));
}

bool CheckLearnerLink(const SecretBytes& key, std::string_view id, std::string_view expires,
                      std::string_view sig, int64_t now) {
  return CheckLink(key, expires, sig, now,
                   [&](int64_t at) { return SignLearnerLink(key, id, at); });
}

std::string LearnerLink(const std::string& base_url, const SecretBytes& key, std::string_view id,
                        int64_t expires) {
  return base_url + "/c/" + std::string(id) + "?expires=" + std::to_string(expires) +
         "&sig=" + SignLearnerLink(key, id, expires);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // The length of a token is not secret; its bytes are.
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace pramaan::api
