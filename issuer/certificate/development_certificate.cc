#include "issuer/certificate/development_certificate.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <utility>

#include "core/crypto/openssl_error.h"

namespace pramaan::certificate {
namespace {

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};

// Parses "CN=...,O=...,C=IN" into `name`. Values may not contain commas or equals signs.
Status ParseSubject(const std::string& text, X509_NAME* name) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string part = text.substr(start, end - start);
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    const size_t equals = part.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 >= part.size()) {
      return InvalidInput("the subject must be like \"CN=Name,O=Organisation\"; bad part \"" + part + "\"");
    }
    const std::string field = part.substr(0, equals);
    const std::string value = part.substr(equals + 1);
    if (X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                   0) != 1) {
      ERR_clear_error();
      return InvalidInput("the subject has an unknown or invalid attribute \"" + field + "\"");
    }
    start = end + 1;
  }
  return Status::Ok();
}

Status AddExtension(X509* certificate, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  if (extension == nullptr) return Internal(std::string("cannot make extension ") + value + ": " + OpenSslError());
  const int added = X509_add_ext(certificate, extension, -1);
  X509_EXTENSION_free(extension);
  if (added != 1) return Internal("cannot add an extension: " + OpenSslError());
  return Status::Ok();
}

Result<std::string> BioText(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  if (length <= 0) return Internal("empty PEM output");
  return std::string(data, static_cast<size_t>(length));
}

}  // namespace

Result<DevelopmentCertificate> MakeDevelopmentCertificate(std::string_view subject, int days) {
  if (days < 1 || days > kMaxDevelopmentCertificateDays) {
    return InvalidInput("a development certificate is valid for 1 to " +
                        std::to_string(kMaxDevelopmentCertificateDays) + " days");
  }
  std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_EC_gen("P-256"));
  std::unique_ptr<X509, X509Free> certificate(X509_new());
  if (key == nullptr || certificate == nullptr) {
    return Internal("cannot make a P-256 key: " + OpenSslError());
  }
  X509* x = certificate.get();
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) return Internal("no randomness: " + OpenSslError());
  serial[0] &= 0x7f;  // a positive INTEGER
  serial[0] |= 0x01;  // of full length
  BIGNUM* serial_number = BN_bin2bn(serial, sizeof serial, nullptr);
  const bool serial_ok = serial_number != nullptr &&
                         BN_to_ASN1_INTEGER(serial_number, X509_get_serialNumber(x)) != nullptr;
  BN_free(serial_number);
  if (!serial_ok || X509_set_version(x, 2) != 1 ||
      X509_gmtime_adj(X509_getm_notBefore(x), 0) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(x), 86400L * days) == nullptr ||
      X509_set_pubkey(x, key.get()) != 1) {
    return Internal("cannot fill in the certificate: " + OpenSslError());
  }
  PRAMAAN_RETURN_IF_ERROR(ParseSubject(std::string(subject), X509_get_subject_name(x)));
  if (X509_set_issuer_name(x, X509_get_subject_name(x)) != 1) return Internal(OpenSslError());
  // id-kp-documentSigning (RFC 9336) by number: OpenSSL 3.0 has no name for it.
  for (const auto& [nid, value] :
       {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
        std::pair{NID_key_usage, "critical,digitalSignature,nonRepudiation"},
        std::pair{NID_ext_key_usage, "emailProtection,1.3.6.1.5.5.7.3.36"},
        std::pair{NID_subject_key_identifier, "hash"}}) {
    PRAMAAN_RETURN_IF_ERROR(AddExtension(x, nid, value));
  }
  if (X509_sign(x, key.get(), EVP_sha256()) <= 0) {
    return Internal("cannot sign the certificate: " + OpenSslError());
  }
  std::unique_ptr<BIO, BioFree> key_bio(BIO_new(BIO_s_secmem()));
  std::unique_ptr<BIO, BioFree> certificate_bio(BIO_new(BIO_s_mem()));
  if (key_bio == nullptr || certificate_bio == nullptr ||
      PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1 ||
      PEM_write_bio_X509(certificate_bio.get(), x) != 1) {
    return Internal("cannot encode PEM: " + OpenSslError());
  }
  DevelopmentCertificate out;
  PRAMAAN_ASSIGN_OR_RETURN(out.key_pem, BioText(key_bio.get()));
  PRAMAAN_ASSIGN_OR_RETURN(out.certificate_pem, BioText(certificate_bio.get()));
  return out;
}

}  // namespace pramaan::certificate
