#include "core/crypto/sha256.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

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

// One digest context per thread, reused: EVP_Digest allocates and frees a context on every
// call, which costs as much as hashing the short strings RDFC-1.0 hashes by the hundred.
EVP_MD_CTX* ThreadContext() {
  struct ContextDeleter {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
  };
  thread_local const std::unique_ptr<EVP_MD_CTX, ContextDeleter> context(EVP_MD_CTX_new());
  if (context == nullptr) AbortWithOpenSslError("OpenSSL cannot allocate a digest context");
  return context.get();
}

}  // namespace

Sha256Digest Sha256(std::span<const uint8_t> data) {
  Sha256Digest digest;
  unsigned int size = 0;
  EVP_MD_CTX* context = ThreadContext();
  if (EVP_DigestInit_ex2(context, Sha256Md(), nullptr) != 1 ||
      EVP_DigestUpdate(context, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(context, digest.data(), &size) != 1 || size != digest.size()) {
    AbortWithOpenSslError("SHA-256 digest failed");
  }
  return digest;
}

Sha256Digest Sha256(std::string_view data) {
  return Sha256(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(data.data()), data.size()));
}

}  // namespace pramaan
