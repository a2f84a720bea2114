#include "core/crypto/sha256.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace pramaan {
namespace {

[[noreturn]] void AbortWithOpenSslError(const char* what) {
  std::fprintf(stderr, "pramaan: fatal: %s\n", what);
  ERR_print_errors_fp(stderr);
  std::abort();
}

// Fetches the provider's SHA-256 implementation once. Passing the legacy EVP_sha256() to
// EVP_Digest would make OpenSSL 3 look the algorithm up (under a lock) on every call, which
// matters at tens of thousands of hashes per second. The EVP_MD is deliberately never freed:
// it lives for the whole process, and a static with a destructor could be torn down while
// another thread is still hashing during exit.
const EVP_MD* Sha256Md() {
  static const EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
    if (fetched == nullptr) AbortWithOpenSslError("OpenSSL cannot provide SHA-256");
    return fetched;
  }();
  return md;
}

}  // namespace

Sha256Digest Sha256(std::span<const uint8_t> data) {
  Sha256Digest digest;
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, Sha256Md(), nullptr) != 1 ||
      size != digest.size()) {
    AbortWithOpenSslError("SHA-256 digest failed");
  }
  return digest;
}

Sha256Digest Sha256(std::string_view data) {
  return Sha256(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(data.data()), data.size()));
}

}  // namespace pramaan
