// OpenSSL's thread-local error queue as one sentence, for the messages of failed calls.
#ifndef PRAMAAN_CORE_CRYPTO_OPENSSL_ERROR_H_
#define PRAMAAN_CORE_CRYPTO_OPENSSL_ERROR_H_

#include <string>

namespace pramaan {

// Drains the queue and returns its entries joined by "; ", or "no detail from OpenSSL".
std::string OpenSslError();

}  // namespace pramaan

#endif  // PRAMAAN_CORE_CRYPTO_OPENSSL_ERROR_H_
