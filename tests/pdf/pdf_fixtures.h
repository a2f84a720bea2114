// Inputs for the PDF signer and verifier tests, made in the test: an unsigned PDF drawn with
// cairo (as the renderer writes it, without depending on the renderer) and document-signing
// certificates made with OpenSSL.
#ifndef PRAMAAN_TESTS_PDF_PDF_FIXTURES_H_
#define PRAMAAN_TESTS_PDF_PDF_FIXTURES_H_

#include <cairo-pdf.h>
#include <cairo.h>
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <string>

namespace pramaan::testing {

// A one-page A4 landscape PDF with some text, as cairo writes it (classic xref table).
inline std::string MakeUnsignedPdf(const std::string& text = "Certificate of Completion") {
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(
      [](void* closure, const unsigned char* data, unsigned int length) {
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
      },
      &out, 842, 595);
  cairo_t* cr = cairo_create(surface);
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 28);
  cairo_move_to(cr, 100, 150);
  cairo_show_text(cr, text.c_str());
  cairo_set_font_size(cr, 18);
  cairo_move_to(cr, 100, 220);
  cairo_show_text(cr, "Asha Verma");
  cairo_rectangle(cr, 20, 20, 802, 555);
  cairo_stroke(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  return out;
}

struct TestCertificate {
  std::string certificate_pem;
  std::string key_pem;
  std::shared_ptr<X509> certificate;
  std::shared_ptr<EVP_PKEY> key;
};

inline std::string ToPem(X509* certificate) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, certificate);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(length));
  BIO_free(bio);
  return pem;
}

inline void AddExtension(X509* certificate, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  if (extension != nullptr) {
    X509_add_ext(certificate, extension, -1);
    X509_EXTENSION_free(extension);
  }
}

// An ECDSA P-256 certificate for `common_name`: self-signed when `issuer` is null, else
// issued by it. A CA certificate when `is_ca`; otherwise a document-signing one.
inline TestCertificate MakeCertificate(const std::string& common_name,
                                       const TestCertificate* issuer = nullptr,
                                       bool is_ca = false) {
  TestCertificate made;
  made.key = std::shared_ptr<EVP_PKEY>(EVP_EC_gen("P-256"), EVP_PKEY_free);
  X509* certificate = X509_new();
  X509_set_version(certificate, 2);
  unsigned char serial[12];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  BIGNUM* serial_number = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(serial_number, X509_get_serialNumber(certificate));
  BN_free(serial_number);
  X509_gmtime_adj(X509_getm_notBefore(certificate), -3600L * 24 * 365);
  X509_gmtime_adj(X509_getm_notAfter(certificate), 3600L * 24 * 365 * 5);
  X509_NAME* name = X509_get_subject_name(certificate);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>("Pramaan Tests"), -1, -1, 0);
  X509* issuer_certificate = issuer != nullptr ? issuer->certificate.get() : certificate;
  X509_set_issuer_name(certificate, X509_get_subject_name(issuer_certificate));
  X509_set_pubkey(certificate, made.key.get());
  if (is_ca) {
    AddExtension(certificate, issuer_certificate, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(certificate, issuer_certificate, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExtension(certificate, issuer_certificate, NID_basic_constraints, "critical,CA:FALSE");
    AddExtension(certificate, issuer_certificate, NID_key_usage,
                 "critical,digitalSignature,nonRepudiation");
    AddExtension(certificate, issuer_certificate, NID_ext_key_usage, "emailProtection");
  }
  AddExtension(certificate, issuer_certificate, NID_subject_key_identifier, "hash");
  if (issuer != nullptr) {
    AddExtension(certificate, issuer_certificate, NID_authority_key_identifier, "keyid:always");
  }
  X509_sign(certificate, issuer != nullptr ? issuer->key.get() : made.key.get(), EVP_sha256());
  made.certificate = std::shared_ptr<X509>(certificate, X509_free);
  made.certificate_pem = ToPem(certificate);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, made.key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  made.key_pem.assign(data, static_cast<size_t>(length));
  BIO_free(bio);
  return made;
}

// Runs a shell command and returns its standard output and error; sets *status to its exit
// status (-1 when it could not be run).
inline std::string RunCommand(const std::string& command, int* status) {
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    *status = -1;
    return output;
  }
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  *status = ::pclose(pipe);
  return output;
}

// True when `tool` is on the PATH.
inline bool HaveTool(const std::string& tool) {
  int status = 0;
  RunCommand("command -v " + tool, &status);
  return status == 0;
}

}  // namespace pramaan::testing

#endif  // PRAMAAN_TESTS_PDF_PDF_FIXTURES_H_
