#include "core/crypto/openssl_error.h"
#include "issuer/certificate/document_signer.h"
#include "keys/secret_bytes.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string_view>

namespace pramaan::certificate {
namespace {

// Largest PEM file read: a certificate chain is a few kilobytes.
constexpr std::size_t kMaxPemFileBytes = 1u << 20;

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct CmsFree {
  void operator()(CMS_ContentInfo* c) const { CMS_ContentInfo_free(c); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, CmsFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

std::shared_ptr<X509> ShareX509(X509* x) { return std::shared_ptr<X509>(x, X509_free); }


// Never prompt for a passphrase on the terminal: an encrypted key simply fails to load.
int NoPassphrase(char*, int, int, void*) { return -1; }

Result<std::string> ReadSmallFile(const std::filesystem::path& path, const char* what) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return NotFound(std::string(what) + " " + path.string() + " does not exist");
  if (size > kMaxPemFileBytes) return InvalidInput(path.string() + " is too large for a PEM file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return PermissionDenied("cannot read " + path.string());
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string SubjectCommonName(X509* certificate) {
  X509_NAME* subject = X509_get_subject_name(certificate);
  const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
  if (index >= 0) {
    ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, value);
    if (length >= 0) {
      std::string name(reinterpret_cast<char*>(utf8), static_cast<size_t>(length));
      OPENSSL_free(utf8);
      return name;
    }
  }
  char* line = X509_NAME_oneline(subject, nullptr, 0);
  std::string name = line != nullptr ? line : "";
  OPENSSL_free(line);
  return name;
}

// DER length octets for `length`.
void AppendDerLength(size_t length, std::string* out) {
  if (length < 0x80) {
    out->push_back(static_cast<char>(length));
    return;
  }
  std::string bytes;
  while (length > 0) {
    bytes.insert(bytes.begin(), static_cast<char>(length & 0xff));
    length >>= 8;
  }
  out->push_back(static_cast<char>(0x80 | bytes.size()));
  out->append(bytes);
}

}  // namespace

Result<DocumentSigner> DocumentSigner::Load(const std::filesystem::path& certificate_pem,
                                            const std::filesystem::path& key_pem) {
  struct stat info;
  if (::stat(key_pem.c_str(), &info) != 0) {
    return NotFound("document-signing key file " + key_pem.string() + " does not exist");
  }
  if (!S_ISREG(info.st_mode)) return InvalidInput(key_pem.string() + " is not a regular file");
  if ((info.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    return PermissionDenied("key file " + key_pem.string() + " is accessible by other users (mode " +
                            mode + "); run: chmod 600 " + key_pem.string());
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::string certificate_text,
                           ReadSmallFile(certificate_pem, "document-signing certificate"));
  // The key's text goes straight into guarded memory; OpenSSL's secure heap (set up by
  // ProtectProcessSecrets) takes the parsed key.
  auto key_text = ReadSecretFile(key_pem, kMaxPemFileBytes);
  if (!key_text.ok()) {
    return key_text.error().WithContext("document-signing key file " + key_pem.string());
  }
  const std::span<const uint8_t> key_bytes = key_text->Reveal(SecretAccess::Grant());
  auto signer = FromPem(certificate_text,
                        std::string_view(reinterpret_cast<const char*>(key_bytes.data()),
                                         key_bytes.size()));
  if (!signer.ok()) {
    return signer.error().WithContext(certificate_pem.string() + ", " + key_pem.string());
  }
  return signer;
}

Result<DocumentSigner> DocumentSigner::FromPem(std::string_view certificate_pem,
                                               std::string_view key_pem) {
  ERR_clear_error();
  DocumentSigner signer;
  BioPtr certificate_bio(BIO_new_mem_buf(certificate_pem.data(), static_cast<int>(certificate_pem.size())));
  if (certificate_bio == nullptr) return Internal("BIO_new_mem_buf failed");
  X509* first = PEM_read_bio_X509(certificate_bio.get(), nullptr, NoPassphrase, nullptr);
  if (first == nullptr) {
    ERR_clear_error();
    return InvalidInput("the document-signing certificate is not a PEM certificate");
  }
  signer.certificate_ = ShareX509(first);
  // Certificates after the first are its chain, included in each signature.
  while (X509* next = PEM_read_bio_X509(certificate_bio.get(), nullptr, NoPassphrase, nullptr)) {
    signer.chain_.push_back(ShareX509(next));
  }
  ERR_clear_error();

  BioPtr key_bio(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())));
  if (key_bio == nullptr) return Internal("BIO_new_mem_buf failed");
  EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio.get(), nullptr, NoPassphrase, nullptr);
  if (key == nullptr) {
    ERR_clear_error();
    return InvalidInput("the document-signing key is not an unencrypted PEM private key");
  }
  signer.key_ = std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
  if (EVP_PKEY_is_a(key, "EC")) {
    char group[64] = {0};
    size_t group_length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &group_length) != 1 ||
        std::string_view(group) != "prime256v1") {
      ERR_clear_error();
      return Unsupported("the document-signing key is an EC key on a curve other than P-256");
    }
  } else if (EVP_PKEY_is_a(key, "RSA")) {
    if (EVP_PKEY_get_bits(key) < 2048) return Unsupported("the RSA document-signing key has fewer than 2048 bits");
  } else {
    return Unsupported("the document-signing key must be ECDSA P-256 or RSA");
  }
  if (X509_check_private_key(first, key) != 1) {
    ERR_clear_error();
    return InvalidInput("the document-signing key does not belong to the certificate");
  }
  const uint32_t key_usage = X509_get_key_usage(first);
  if (key_usage != UINT32_MAX && (key_usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0) {
    return InvalidInput(
        "the document-signing certificate's keyUsage allows neither digitalSignature nor "
        "nonRepudiation");
  }

  unsigned char* der = nullptr;
  const int der_length = i2d_X509(first, &der);
  if (der_length <= 0) return Internal("cannot encode the certificate: " + OpenSslError());
  signer.certificate_der_.assign(reinterpret_cast<char*>(der), static_cast<size_t>(der_length));
  OPENSSL_free(der);
  signer.signer_name_ = SubjectCommonName(first);

  // Every CMS this signer makes has the same structure and only the signature's length
  // varies (an ECDSA signature's DER by a few bytes; RSA's not at all), so one trial
  // signature plus the largest signature the key can make bounds them all tightly, which
  // keeps the zero padding of each PDF's /Contents small.
  signer.max_cms_size_ = SIZE_MAX;
  auto trial = signer.SignDetachedCms(Sha256Digest{});
  if (!trial.ok()) return trial.error();
  signer.max_cms_size_ = trial->size() + static_cast<size_t>(EVP_PKEY_get_size(key)) + 16;
  return signer;
}

Result<std::string> DocumentSigner::SignDetachedCms(const Sha256Digest& content_digest) const {
  ERR_clear_error();
  // CMS_PARTIAL leaves the SignerInfo unsigned: OpenSSL's own finishing step would add a
  // signingTime attribute, which PAdES forbids, so the signed attributes are signed below.
  CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, CMS_PARTIAL | CMS_DETACHED | CMS_BINARY));
  if (cms == nullptr) return Internal("CMS_sign failed: " + OpenSslError());
  CMS_SignerInfo* info = CMS_add1_signer(cms.get(), certificate_.get(), key_.get(), EVP_sha256(),
                                         CMS_PARTIAL | CMS_BINARY | CMS_NOSMIMECAP | CMS_CADES);
  if (info == nullptr) return Internal("CMS_add1_signer failed: " + OpenSslError());
  for (const auto& certificate : chain_) {
    if (CMS_add1_cert(cms.get(), certificate.get()) != 1) return Internal("CMS_add1_cert failed: " + OpenSslError());
  }
  if (CMS_signed_add1_attr_by_NID(info, NID_pkcs9_contentType, V_ASN1_OBJECT,
                                  OBJ_nid2obj(NID_pkcs7_data), -1) != 1 ||
      CMS_signed_add1_attr_by_NID(info, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING,
                                  content_digest.data(), static_cast<int>(content_digest.size())) != 1) {
    return Internal("cannot add the signed attributes: " + OpenSslError());
  }
  if (CMS_signed_get_attr_by_NID(info, NID_pkcs9_signingTime, -1) >= 0) {
    return Internal("OpenSSL added a signingTime attribute");
  }

  // The signature covers the DER of the attributes as a SET OF (RFC 5652 section 5.4), whose
  // elements DER orders by their encodings (X.690 section 11.6).
  std::vector<std::string> attributes;
  const int count = CMS_signed_get_attr_count(info);
  for (int i = 0; i < count; ++i) {
    X509_ATTRIBUTE* attribute = CMS_signed_get_attr(info, i);
    unsigned char* der = nullptr;
    const int length = i2d_X509_ATTRIBUTE(attribute, &der);
    if (length <= 0) return Internal("cannot encode a signed attribute: " + OpenSslError());
    attributes.emplace_back(reinterpret_cast<char*>(der), static_cast<size_t>(length));
    OPENSSL_free(der);
  }
  std::sort(attributes.begin(), attributes.end());
  size_t content_length = 0;
  for (const auto& a : attributes) content_length += a.size();
  std::string signed_attributes;
  signed_attributes.reserve(content_length + 8);
  signed_attributes.push_back(0x31);  // SET
  AppendDerLength(content_length, &signed_attributes);
  for (const auto& a : attributes) signed_attributes += a;

  MdCtxPtr context(EVP_MD_CTX_new());
  size_t signature_length = 0;
  if (context == nullptr ||
      EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &signature_length,
                     reinterpret_cast<const unsigned char*>(signed_attributes.data()),
                     signed_attributes.size()) != 1) {
    return Internal("cannot start the signature: " + OpenSslError());
  }
  std::string signature(signature_length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()),
                     &signature_length,
                     reinterpret_cast<const unsigned char*>(signed_attributes.data()),
                     signed_attributes.size()) != 1) {
    return Internal("signing failed: " + OpenSslError());
  }
  signature.resize(signature_length);
  if (ASN1_STRING_set(CMS_SignerInfo_get0_signature(info), signature.data(),
                      static_cast<int>(signature.size())) != 1) {
    return Internal("cannot set the signature: " + OpenSslError());
  }

  unsigned char* der = nullptr;
  const int der_length = i2d_CMS_ContentInfo(cms.get(), &der);
  if (der_length <= 0) return Internal("cannot encode the CMS: " + OpenSslError());
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(der_length));
  OPENSSL_free(der);
  if (out.size() > max_cms_size_) return Internal("the CMS is larger than its bound");
  return out;
}

}  // namespace pramaan::certificate
