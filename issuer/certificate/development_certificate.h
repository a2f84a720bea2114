// A self-signed document-signing certificate for development and benchmarks: what
// `pramaan keys certificate` writes and `pramaan bench pdf` signs with. Production
// document-signing certificates come from a CA.
#ifndef PRAMAAN_ISSUER_CERTIFICATE_DEVELOPMENT_CERTIFICATE_H_
#define PRAMAAN_ISSUER_CERTIFICATE_DEVELOPMENT_CERTIFICATE_H_

#include <string>
#include <string_view>

#include "core/result.h"

namespace pramaan::certificate {

inline constexpr int kMaxDevelopmentCertificateDays = 3650;  // longer is a sign of a typo
inline constexpr std::string_view kDefaultDevelopmentSubject =
    "CN=Pramaan Development Document Signer";

struct DevelopmentCertificate {
  std::string certificate_pem;
  std::string key_pem;  // unencrypted PKCS#8; the caller wipes it (OPENSSL_cleanse) when done
};

// A new ECDSA P-256 key and a self-signed certificate for it, valid from now for `days`
// (1..kMaxDevelopmentCertificateDays): random 128-bit serial, basicConstraints CA:FALSE,
// keyUsage digitalSignature+nonRepudiation, extendedKeyUsage emailProtection and
// id-kp-documentSigning (1.3.6.1.5.5.7.3.36). `subject` is "CN=...,O=...,C=IN" (values
// without commas or equals signs). Fails with kInvalidInput for a bad subject or days,
// kInternal if OpenSSL fails.
Result<DevelopmentCertificate> MakeDevelopmentCertificate(
    std::string_view subject = kDefaultDevelopmentSubject, int days = 365);

}  // namespace pramaan::certificate

#endif  // PRAMAAN_ISSUER_CERTIFICATE_DEVELOPMENT_CERTIFICATE_H_
