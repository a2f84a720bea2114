// The document-signing certificate and key that sign certificate PDFs (PAdES), and the CMS
// signature they make.
#ifndef PRAMAAN_ISSUER_CERTIFICATE_DOCUMENT_SIGNER_H_
#define PRAMAAN_ISSUER_CERTIFICATE_DOCUMENT_SIGNER_H_

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/sha256.h"
#include "core/result.h"

namespace pramaan::certificate {

// A document-signing certificate (with any intermediate CA certificates after it in the same
// PEM file) and its private key: ECDSA P-256 (preferred) or RSA of at least 2048 bits.
// Immutable and cheap to copy (the OpenSSL objects are shared); safe to use from several
// threads at once.
class DocumentSigner {
 public:
  // Loads PEM files. The key file must be a regular file not readable or writable by group
  // or others (kPermission otherwise, like issuer key files) and must hold an unencrypted
  // private key (PKCS#8 or traditional). Fails with kNotFound for a missing file,
  // kInvalidInput for unreadable PEM, a key that does not match the certificate, or a
  // certificate whose keyUsage allows neither digitalSignature nor nonRepudiation;
  // kUnsupported for another key type or an RSA key under 2048 bits.
  static Result<DocumentSigner> Load(const std::filesystem::path& certificate_pem,
                                     const std::filesystem::path& key_pem);
  // As Load, from PEM text in memory (no permission check: the caller holds the key).
  static Result<DocumentSigner> FromPem(std::string_view certificate_pem,
                                        std::string_view key_pem);

  // Makes a PAdES-B-B signature (ETSI EN 319 142-1): a DER CMS ContentInfo holding a detached
  // SignedData whose one SignerInfo signs, with SHA-256, the signed attributes contentType
  // (id-data), messageDigest (`content_digest`, the SHA-256 of the signed bytes) and ESS
  // signingCertificateV2 (RFC 5035), and no signingTime (PAdES puts the time in the
  // signature dictionary). The signing certificate and its chain are included. Fails with
  // kInternal only if OpenSSL fails.
  Result<std::string> SignDetachedCms(const Sha256Digest& content_digest) const;

  // An upper bound of SignDetachedCms's output size in bytes.
  size_t MaxCmsSize() const { return max_cms_size_; }
  // The signing certificate, DER.
  const std::string& certificate_der() const { return certificate_der_; }
  // The certificate subject's commonName (or the whole subject when it has none).
  const std::string& signer_name() const { return signer_name_; }

 private:
  DocumentSigner() = default;

  std::shared_ptr<X509> certificate_;
  std::vector<std::shared_ptr<X509>> chain_;
  std::shared_ptr<EVP_PKEY> key_;
  std::string certificate_der_;
  std::string signer_name_;
  size_t max_cms_size_ = 0;
};

}  // namespace pramaan::certificate

#endif  // PRAMAAN_ISSUER_CERTIFICATE_DOCUMENT_SIGNER_H_
