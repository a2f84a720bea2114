#include "core/crypto/openssl_error.h"

#include <openssl/err.h>

namespace pramaan {

std::string OpenSslError() {
  std::string out;
  while (const unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!out.empty()) out += "; ";
    out += buffer;
  }
  return out.empty() ? "no detail from OpenSSL" : out;
}

}  // namespace pramaan
