#include "api/signed_link.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

#include "core/encoding/base64.h"

namespace pramaan::api {

std::string SignCertificateLink(const SecretBytes& key, std::string_view id, int64_t expires) {
  const std::string message = std::string(id) + "\n" + std::to_string(expires);
  const std::span<const uint8_t> secret = key.Reveal(SecretAccess::Grant());
  uint8_t mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const uint8_t*>(message.data()), message.size(), mac, &mac_size);
  return EncodeBase64UrlNoPad(std::span<const uint8_t>(mac, mac_size));
}

bool CheckCertificateLink(const SecretBytes& key, std::string_view id, std::string_view expires,
                          std::string_view sig, int64_t now) {
  if (key.size() == 0) return false;
  int64_t expires_at = 0;
  const auto [end, ec] = std::from_chars(expires.data(), expires.data() + expires.size(), expires_at);
  if (ec != std::errc() || end != expires.data() + expires.size() || expires.empty()) return false;
  if (now >= expires_at) return false;
  return ConstantTimeEquals(SignCertificateLink(key, id, expires_at), sig);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // The length of a token is not secret; its bytes are.
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace pramaan::api
