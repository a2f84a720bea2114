#include "core/crypto/openssl_error.h"
#include "verifier/pdf_verifier.h"

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>

#include "core/crypto/sha256.h"

namespace pramaan {
namespace {

using pdf::ObjectRef;
using pdf::PdfDocument;
using pdf::PdfObject;

// Bounds on the AcroForm field tree and the embedded-files name tree we walk.
constexpr int kMaxTreeDepth = 16;
constexpr size_t kMaxTreeNodes = 1000;

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct CmsFree {
  void operator()(CMS_ContentInfo* c) const { CMS_ContentInfo_free(c); }
};
struct X509StackFree {
  void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
struct StoreFree {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct StoreCtxFree {
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, CmsFree>;
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackFree>;
using X509Ptr = std::shared_ptr<X509>;

X509Ptr ShareX509(X509* x) { return X509Ptr(x, X509_free); }


std::string NameOf(X509* certificate) {
  X509_NAME* subject = X509_get_subject_name(certificate);
  const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
  if (index >= 0) {
    unsigned char* utf8 = nullptr;
    const int length =
        ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index)));
    if (length >= 0) {
      std::string name(reinterpret_cast<char*>(utf8), static_cast<size_t>(length));
      OPENSSL_free(utf8);
      return "\"" + name + "\"";
    }
  }
  char* line = X509_NAME_oneline(subject, nullptr, 0);
  std::string name = line != nullptr ? line : "";
  OPENSSL_free(line);
  return "\"" + name + "\"";
}

Result<std::vector<X509Ptr>> ReadTrustedCertificates(const std::vector<std::string>& texts) {
  std::vector<X509Ptr> out;
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string& text = texts[i];
    BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    if (bio == nullptr) return Internal("BIO_new_mem_buf failed");
    const size_t before = out.size();
    if (text.find("-----BEGIN") != std::string::npos) {
      while (X509* x = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) out.push_back(ShareX509(x));
    } else if (X509* x = d2i_X509_bio(bio.get(), nullptr)) {
      out.push_back(ShareX509(x));
    }
    ERR_clear_error();
    if (out.size() == before) {
      return InvalidInput("trusted certificate " + std::to_string(i + 1) +
                          " is neither a PEM nor a DER X.509 certificate");
    }
  }
  return out;
}

// Parses a PDF date "D:YYYYMMDDHHmmSS" with an optional "Z", "+HH'mm'" or "-HH'mm'".
std::optional<std::chrono::sys_seconds> ParsePdfDate(std::string_view text) {
  if (text.substr(0, 2) == "D:") text.remove_prefix(2);
  if (text.size() < 14) return std::nullopt;
  int fields[6];
  const int widths[6] = {4, 2, 2, 2, 2, 2};
  size_t at = 0;
  for (int i = 0; i < 6; ++i) {
    int value = 0;
    for (int k = 0; k < widths[i]; ++k, ++at) {
      if (text[at] < '0' || text[at] > '9') return std::nullopt;
      value = value * 10 + (text[at] - '0');
    }
    fields[i] = value;
  }
  using namespace std::chrono;
  const year_month_day date{year(fields[0]), month(static_cast<unsigned>(fields[1])),
                            day(static_cast<unsigned>(fields[2]))};
  if (!date.ok() || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) return std::nullopt;
  sys_seconds time = sys_days(date) + hours(fields[3]) + minutes(fields[4]) + seconds(fields[5]);
  std::string_view zone = text.substr(at);
  if (zone.empty() || zone == "Z" || zone == "Z00'00'" || zone == "Z00'00") return time;
  if ((zone[0] == '+' || zone[0] == '-') && zone.size() >= 3) {
    const int hh = (zone[1] - '0') * 10 + (zone[2] - '0');
    int mm = 0;
    if (zone.size() >= 6 && zone[3] == '\'') mm = (zone[4] - '0') * 10 + (zone[5] - '0');
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return std::nullopt;
    const auto offset = hours(hh) + minutes(mm);
    return zone[0] == '+' ? time - offset : time + offset;
  }
  return std::nullopt;
}

// A signature field's value: the signature dictionary and its object number (0 when direct).
struct FoundSignature {
  PdfObject dictionary;
  uint32_t object_number = 0;
};

Status CollectSignatureFields(const PdfDocument& document, const PdfObject& field_ref,
                              bool inherited_sig, int depth, size_t* nodes,
                              std::vector<FoundSignature>* out) {
  if (depth > kMaxTreeDepth || ++*nodes > kMaxTreeNodes) {
    return InvalidInput("malformed PDF: the form's field tree is too deep or too large");
  }
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject field, document.Resolve(field_ref));
  if (!field.is_dictionary()) return Status::Ok();
  const PdfObject* type = field.Find("FT");
  const bool is_sig = type != nullptr ? type->IsName("Sig") : inherited_sig;
  if (const PdfObject* value = field.Find("V"); is_sig && value != nullptr) {
    PRAMAAN_ASSIGN_OR_RETURN(PdfObject signature, document.Resolve(*value));
    if (signature.is_dictionary()) {
      out->push_back({std::move(signature), value->is_reference() ? value->reference().number : 0});
    }
  }
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject kids, document.ResolveEntry(field, "Kids"));
  for (const PdfObject& kid : kids.array()) {
    PRAMAAN_RETURN_IF_ERROR(CollectSignatureFields(document, kid, is_sig, depth + 1, nodes, out));
  }
  return Status::Ok();
}

Result<std::vector<FoundSignature>> FindSignatures(const PdfDocument& document) {
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject catalog, document.Catalog());
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject form, document.ResolveEntry(catalog, "AcroForm"));
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject fields, document.ResolveEntry(form, "Fields"));
  std::vector<FoundSignature> out;
  size_t nodes = 0;
  for (const PdfObject& field : fields.array()) {
    PRAMAAN_RETURN_IF_ERROR(CollectSignatureFields(document, field, false, 0, &nodes, &out));
  }
  return out;
}

// True when `algorithm` is `nid` with absent parameters, or NULL ones when `null_allowed`.
bool AlgorithmIs(const X509_ALGOR* algorithm, int nid, bool null_allowed) {
  if (algorithm == nullptr) return false;
  const ASN1_OBJECT* object = nullptr;
  int parameter_type = 0;
  const void* parameter = nullptr;
  X509_ALGOR_get0(&object, &parameter_type, &parameter, algorithm);
  return OBJ_obj2nid(object) == nid &&
         (parameter_type == V_ASN1_UNDEF || (null_allowed && parameter_type == V_ASN1_NULL));
}

// The fields of a SignedData that its signature does not cover must hold the only values a
// PAdES-B-B signature with SHA-256 has, so no byte of the CMS can change unnoticed: DER
// encoding, versions 1, digestAlgorithms exactly {SHA-256}, a signature algorithm that
// matches the key and SHA-256, no CRLs and no unsigned attributes. Returns "" or a problem.
std::string CheckUnsignedCmsFields(std::string_view der) {
  const auto* start = reinterpret_cast<const unsigned char*>(der.data());
  const unsigned char* cursor = start;
  std::unique_ptr<PKCS7, decltype(&PKCS7_free)> pkcs7(
      d2i_PKCS7(nullptr, &cursor, static_cast<long>(der.size())), PKCS7_free);
  if (pkcs7 == nullptr || !PKCS7_type_is_signed(pkcs7.get()) || pkcs7->d.sign == nullptr) {
    return "the CMS cannot be read as SignedData";
  }
  unsigned char* encoded = nullptr;
  const int encoded_length = i2d_PKCS7(pkcs7.get(), &encoded);
  const bool is_der = encoded_length > 0 && static_cast<size_t>(cursor - start) == der.size() &&
                      std::equal(start, cursor, encoded, encoded + encoded_length);
  OPENSSL_free(encoded);
  if (!is_der) return "the CMS is not in DER form";
  const PKCS7_SIGNED* sd = pkcs7->d.sign;
  if (ASN1_INTEGER_get(sd->version) != 1) return "the CMS SignedData version is not 1";
  if (sk_X509_ALGOR_num(sd->md_algs) != 1 ||
      !AlgorithmIs(sk_X509_ALGOR_value(sd->md_algs, 0), NID_sha256, true)) {
    return "the CMS digestAlgorithms is not exactly SHA-256";
  }
  if (sk_X509_CRL_num(sd->crl) > 0) return "the CMS carries CRLs";
  if (sd->contents == nullptr || OBJ_obj2nid(sd->contents->type) != NID_pkcs7_data) {
    return "the CMS encapsulated content type is not id-data";
  }
  if (sk_PKCS7_SIGNER_INFO_num(sd->signer_info) != 1) return "the CMS does not have exactly one signer";
  const PKCS7_SIGNER_INFO* info = sk_PKCS7_SIGNER_INFO_value(sd->signer_info, 0);
  if (ASN1_INTEGER_get(info->version) != 1) return "the CMS SignerInfo version is not 1";
  if (!AlgorithmIs(info->digest_alg, NID_sha256, true)) return "the CMS signer's digest is not SHA-256";
  if (sk_X509_ATTRIBUTE_num(info->unauth_attr) > 0) return "the CMS signer has unsigned attributes";
  if (!AlgorithmIs(info->digest_enc_alg, NID_ecdsa_with_SHA256, false) &&
      !AlgorithmIs(info->digest_enc_alg, NID_rsaEncryption, true) &&
      !AlgorithmIs(info->digest_enc_alg, NID_sha256WithRSAEncryption, true)) {
    return "the CMS signature algorithm is not ECDSA or RSA with SHA-256";
  }
  return "";
}

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// What the signature check learned, for the certificate check.
struct SignatureOutcome {
  bool passed = false;
  std::string detail;
  X509Ptr signer;                 // set once the CMS signature verified
  X509StackPtr included;          // every certificate in the CMS
  std::optional<std::chrono::sys_seconds> claimed_time;  // the /M entry
};

SignatureOutcome CheckSignature(const PdfDocument& document) {
  SignatureOutcome outcome;
  const auto fail = [&outcome](std::string detail) {
    outcome.passed = false;
    outcome.detail = std::move(detail);
    return std::move(outcome);
  };
  auto signatures = FindSignatures(document);
  if (!signatures.ok()) return fail("cannot read the signature fields: " + signatures.error().message());
  if (signatures->size() != 1) {
    return fail("expected exactly one signature, found " + std::to_string(signatures->size()));
  }
  const FoundSignature& found = signatures->front();
  const PdfObject& signature = found.dictionary;
  if (const PdfObject* m = signature.Find("M"); m != nullptr && m->is_string()) {
    outcome.claimed_time = ParsePdfDate(m->text());
  }
  const PdfObject* sub_filter = signature.Find("SubFilter");
  if (sub_filter == nullptr ||
      !(sub_filter->IsName("ETSI.CAdES.detached") || sub_filter->IsName("adbe.pkcs7.detached"))) {
    return fail("the signature's /SubFilter is not /ETSI.CAdES.detached");
  }

  // The byte range must be the whole file but the /Contents hex string of this dictionary.
  const std::string_view file = document.bytes();
  const PdfObject* range = signature.Find("ByteRange");
  if (range == nullptr || range->array().size() != 4) return fail("the signature has no /ByteRange of four numbers");
  int64_t r[4];
  for (int i = 0; i < 4; ++i) {
    const PdfObject& item = range->array()[static_cast<size_t>(i)];
    if (!item.is_integer() || item.integer() < 0 || static_cast<uint64_t>(item.integer()) > file.size()) {
      return fail("the /ByteRange holds a value that is not an offset in the file");
    }
    r[i] = item.integer();
  }
  const auto gap_start = static_cast<size_t>(r[1]);
  const auto gap_end = static_cast<size_t>(r[2]);
  if (r[0] != 0 || gap_start == 0 || gap_end <= gap_start + 1 ||
      gap_end + static_cast<size_t>(r[3]) != file.size()) {
    return fail("the /ByteRange [" + std::to_string(r[0]) + " " + std::to_string(r[1]) + " " +
                std::to_string(r[2]) + " " + std::to_string(r[3]) +
                "] does not cover the whole file (" + std::to_string(file.size()) +
                " bytes) but the signature: the file was changed or extended after signing");
  }
  if (file[gap_start] != '<' || file[gap_end - 1] != '>' ||
      !std::all_of(file.begin() + static_cast<std::ptrdiff_t>(gap_start) + 1,
                   file.begin() + static_cast<std::ptrdiff_t>(gap_end) - 1, IsHexDigit) ||
      (gap_end - gap_start) % 2 != 0) {
    return fail("the bytes outside the /ByteRange are not one hex string");
  }
  // ... and that string is this dictionary's /Contents, inside its object.
  size_t before = gap_start;
  while (before > 0 && pdf::IsPdfWhitespace(file[before - 1])) --before;
  const std::optional<size_t> object_at =
      found.object_number != 0 ? document.ObjectOffset(found.object_number) : std::nullopt;
  if (before < 9 || file.substr(before - 9, 9) != "/Contents" || !object_at.has_value() ||
      *object_at >= gap_start) {
    return fail("the unsigned gap of the /ByteRange is not the signature's /Contents");
  }
  const PdfObject* contents = signature.Find("Contents");
  if (contents == nullptr || !contents->is_string()) return fail("the signature has no /Contents string");
  const std::string& cms_bytes = contents->text();
  if (cms_bytes.size() != (gap_end - gap_start - 2) / 2) {
    return fail("the signature's /Contents is not the hex string outside the /ByteRange");
  }

  std::string signed_bytes;
  signed_bytes.reserve(file.size() - (gap_end - gap_start));
  signed_bytes.append(file.substr(0, gap_start));
  signed_bytes.append(file.substr(gap_end));
  const Sha256Digest digest = Sha256(signed_bytes);

  ERR_clear_error();
  const auto* cms_data = reinterpret_cast<const unsigned char*>(cms_bytes.data());
  const unsigned char* cursor = cms_data;
  CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &cursor, static_cast<long>(cms_bytes.size())));
  if (cms == nullptr) {
    ERR_clear_error();
    return fail("the signature's /Contents is not a DER CMS structure");
  }
  const size_t used = static_cast<size_t>(cursor - cms_data);
  if (!std::all_of(cms_bytes.begin() + static_cast<std::ptrdiff_t>(used), cms_bytes.end(),
                   [](char c) { return c == 0; })) {
    return fail("the signature's /Contents has data after the CMS structure");
  }
  if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) return fail("the CMS is not SignedData");
  if (std::string problem = CheckUnsignedCmsFields(std::string_view(cms_bytes).substr(0, used));
      !problem.empty()) {
    ERR_clear_error();
    return fail(problem);
  }
  if (CMS_is_detached(cms.get()) != 1) return fail("the CMS SignedData is not detached");
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
  if (infos == nullptr || sk_CMS_SignerInfo_num(infos) != 1) return fail("the CMS does not have exactly one signer");
  CMS_SignerInfo* info = sk_CMS_SignerInfo_value(infos, 0);
  X509_ALGOR* digest_algorithm = nullptr;
  CMS_SignerInfo_get0_algs(info, nullptr, nullptr, &digest_algorithm, nullptr);
  if (digest_algorithm == nullptr || OBJ_obj2nid(digest_algorithm->algorithm) != NID_sha256) {
    return fail("the CMS signer does not use SHA-256");
  }
  if (CMS_signed_get_attr_by_NID(info, NID_pkcs9_signingTime, -1) >= 0) {
    return fail("the CMS has a signingTime attribute, which PAdES does not allow");
  }
  ASN1_OCTET_STRING* message_digest = static_cast<ASN1_OCTET_STRING*>(
      CMS_signed_get0_data_by_OBJ(info, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
  if (message_digest == nullptr || ASN1_STRING_length(message_digest) != static_cast<int>(digest.size()) ||
      !std::equal(digest.begin(), digest.end(), ASN1_STRING_get0_data(message_digest))) {
    return fail("the CMS messageDigest is not the SHA-256 of the signed byte range: the file was changed");
  }
  BioPtr content(BIO_new_mem_buf(signed_bytes.data(), static_cast<int>(signed_bytes.size())));
  if (content == nullptr ||
      CMS_verify(cms.get(), nullptr, nullptr, content.get(), nullptr,
                 CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
    return fail("the CMS signature does not verify: " + OpenSslError());
  }
  // CMS_get0_signers returns a new stack of borrowed certificates: up-ref them, since the
  // stack's deleter frees its elements.
  X509StackPtr signers(CMS_get0_signers(cms.get()));
  for (int i = 0; signers != nullptr && i < sk_X509_num(signers.get()); ++i) {
    X509_up_ref(sk_X509_value(signers.get(), i));
  }
  if (signers == nullptr || sk_X509_num(signers.get()) != 1) {
    return fail("the CMS does not name its signer's certificate");
  }
  X509* signer = sk_X509_value(signers.get(), 0);
  // The certificates field is not signed: the signed ESS signingCertificateV2 attribute
  // (required by PAdES) binds the signature to this exact certificate.
  const ASN1_STRING* ess = static_cast<const ASN1_STRING*>(CMS_signed_get0_data_by_OBJ(
      info, OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3, V_ASN1_SEQUENCE));
  if (ess == nullptr) {
    ERR_clear_error();
    return fail("the CMS has no (single) ESS signingCertificateV2 attribute, which PAdES requires");
  }
  const unsigned char* ess_cursor = ASN1_STRING_get0_data(ess);
  std::unique_ptr<ESS_SIGNING_CERT_V2, decltype(&ESS_SIGNING_CERT_V2_free)> signing_certificate(
      d2i_ESS_SIGNING_CERT_V2(nullptr, &ess_cursor, ASN1_STRING_length(ess)),
      ESS_SIGNING_CERT_V2_free);
  if (signing_certificate == nullptr ||
      OSSL_ESS_check_signing_certs(nullptr, signing_certificate.get(), signers.get(), 1) != 1) {
    ERR_clear_error();
    return fail("the CMS signingCertificateV2 attribute does not match the signer's certificate");
  }
  X509_ALGOR* signature_algorithm = nullptr;
  CMS_SignerInfo_get0_algs(info, nullptr, nullptr, nullptr, &signature_algorithm);
  const EVP_PKEY* signer_key = X509_get0_pubkey(signer);
  const bool algorithm_matches_key =
      signer_key != nullptr &&
      (EVP_PKEY_is_a(signer_key, "EC")
           ? AlgorithmIs(signature_algorithm, NID_ecdsa_with_SHA256, false)
           : EVP_PKEY_is_a(signer_key, "RSA") &&
                 !AlgorithmIs(signature_algorithm, NID_ecdsa_with_SHA256, false));
  if (!algorithm_matches_key) return fail("the CMS signature algorithm does not match the signer's key");
  X509_up_ref(signer);
  outcome.signer = ShareX509(signer);
  outcome.included.reset(CMS_get1_certs(cms.get()));
  outcome.passed = true;
  outcome.detail = "one PAdES signature by " + NameOf(signer) +
                   " covering the whole file; the CMS signature and message digest verify";
  return outcome;
}

Check CheckCertificate(const SignatureOutcome& signature, const std::vector<X509Ptr>& trusted) {
  if (signature.signer == nullptr) return {"pdf-certificate", false, "not checked: no verified signature"};
  X509* signer = signature.signer.get();
  const std::string name = NameOf(signer);
  const uint32_t key_usage = X509_get_key_usage(signer);
  if (key_usage != UINT32_MAX && (key_usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0) {
    return {"pdf-certificate", false, name + "'s keyUsage allows neither digitalSignature nor nonRepudiation"};
  }
  if (signature.claimed_time.has_value()) {
    time_t at = signature.claimed_time->time_since_epoch().count();
    if (X509_cmp_time(X509_get0_notBefore(signer), &at) >= 0 ||
        X509_cmp_time(X509_get0_notAfter(signer), &at) <= 0) {
      return {"pdf-certificate", false, name + "'s certificate was not valid at the signing time (/M)"};
    }
  }
  for (const X509Ptr& anchor : trusted) {
    if (X509_cmp(signer, anchor.get()) == 0) {
      return {"pdf-certificate", true, "signed by " + name + ", a trusted document-signing certificate"};
    }
  }
  if (!signature.claimed_time.has_value()) {
    return {"pdf-certificate", false, name + " is not a trusted certificate, and the signature has no valid /M time to check a chain at"};
  }
  std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
  std::unique_ptr<X509_STORE_CTX, StoreCtxFree> context(X509_STORE_CTX_new());
  if (store == nullptr || context == nullptr) return {"pdf-certificate", false, "OpenSSL could not allocate a store"};
  for (const X509Ptr& anchor : trusted) X509_STORE_add_cert(store.get(), anchor.get());
  ERR_clear_error();
  if (X509_STORE_CTX_init(context.get(), store.get(), signer, signature.included.get()) != 1) {
    return {"pdf-certificate", false, "OpenSSL could not start the chain check: " + OpenSslError()};
  }
  X509_STORE_CTX_set_time(context.get(), 0, signature.claimed_time->time_since_epoch().count());
  if (X509_verify_cert(context.get()) == 1) {
    X509* root = sk_X509_value(X509_STORE_CTX_get0_chain(context.get()),
                               sk_X509_num(X509_STORE_CTX_get0_chain(context.get())) - 1);
    ERR_clear_error();
    return {"pdf-certificate", true, "signed by " + name + ", whose certificate chains to the trusted " + NameOf(root)};
  }
  const int error = X509_STORE_CTX_get_error(context.get());
  ERR_clear_error();
  return {"pdf-certificate", false, "signed by " + name + ", which is not trusted: " +
                                        X509_verify_cert_error_string(error)};
}

// The embedded file stream of a file specification, or null.
Result<PdfObject> EmbeddedStream(const PdfDocument& document, const PdfObject& filespec) {
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject files, document.ResolveEntry(filespec, "EF"));
  for (const char* key : {"UF", "F"}) {
    PRAMAAN_ASSIGN_OR_RETURN(PdfObject stream, document.ResolveEntry(files, key));
    if (stream.is_stream()) return stream;
  }
  return PdfObject::Null();
}

Status WalkNameTree(const PdfDocument& document, const PdfObject& node_ref, int depth,
                    size_t* nodes, std::vector<PdfObject>* filespecs) {
  if (depth > kMaxTreeDepth || ++*nodes > kMaxTreeNodes) {
    return InvalidInput("malformed PDF: the embedded files name tree is too deep or too large");
  }
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject node, document.Resolve(node_ref));
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject names, document.ResolveEntry(node, "Names"));
  for (size_t i = 1; i < names.array().size(); i += 2) {
    PRAMAAN_ASSIGN_OR_RETURN(PdfObject filespec, document.Resolve(names.array()[i]));
    if (filespec.is_dictionary()) filespecs->push_back(std::move(filespec));
  }
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject kids, document.ResolveEntry(node, "Kids"));
  for (const PdfObject& kid : kids.array()) {
    PRAMAAN_RETURN_IF_ERROR(WalkNameTree(document, kid, depth + 1, nodes, filespecs));
  }
  return Status::Ok();
}

// The embedded credential's bytes: the catalog's associated file with relationship Data,
// else the first file of the /EmbeddedFiles name tree. kNotFound when there is none.
Result<std::string> FindEmbeddedCredential(const PdfDocument& document) {
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject catalog, document.Catalog());
  std::vector<PdfObject> candidates;
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject associated, document.ResolveEntry(catalog, "AF"));
  for (const PdfObject& item : associated.array()) {
    PRAMAAN_ASSIGN_OR_RETURN(PdfObject filespec, document.Resolve(item));
    const PdfObject* relationship = filespec.Find("AFRelationship");
    if (relationship != nullptr && relationship->IsName("Data")) candidates.push_back(std::move(filespec));
    if (candidates.size() > kMaxTreeNodes) break;
  }
  PRAMAAN_ASSIGN_OR_RETURN(PdfObject names, document.ResolveEntry(catalog, "Names"));
  if (const PdfObject* tree = names.Find("EmbeddedFiles"); tree != nullptr) {
    size_t nodes = 0;
    PRAMAAN_RETURN_IF_ERROR(WalkNameTree(document, *tree, 0, &nodes, &candidates));
  }
  for (const PdfObject& filespec : candidates) {
    PRAMAAN_ASSIGN_OR_RETURN(PdfObject stream, EmbeddedStream(document, filespec));
    if (stream.is_stream()) return document.DecodeStream(stream, kMaxPdfCredentialBytes);
  }
  return NotFound("the PDF has no embedded credential");
}

void AddNotChecked(VerificationReport* report, const std::string& why) {
  report->Add("pdf-certificate", false, "not checked: " + why);
  report->Add("credential", false, "not checked: " + why);
}

}  // namespace

Result<PdfVerification> VerifyCertificatePdf(std::string_view pdf_bytes,
                                             const std::vector<std::string>& trusted_certificates_pem,
                                             const CredentialVerifier& credentials,
                                             const PrintedTextChecker* printed) {
  // A file with neither a PDF header nor a PDF end is not a PDF; anything else is one,
  // possibly damaged, and gets a report (one changed byte cannot remove both).
  const std::string_view head = pdf_bytes.substr(0, 1024);
  const std::string_view tail = pdf_bytes.substr(pdf_bytes.size() > 1024 ? pdf_bytes.size() - 1024 : 0);
  if (head.find("%PDF-") == std::string_view::npos && tail.find("%%EOF") == std::string_view::npos) {
    return InvalidInput("not a PDF file: no %PDF- header and no %%EOF");
  }
  PRAMAAN_ASSIGN_OR_RETURN(const std::vector<X509Ptr> trusted,
                           ReadTrustedCertificates(trusted_certificates_pem));

  PdfVerification result;
  VerificationReport& report = result.report;
  auto parsed = PdfDocument::Parse(std::string(pdf_bytes));
  if (!parsed.ok()) {
    report.Add("pdf-signature", false, "the PDF cannot be read: " + parsed.error().message());
    AddNotChecked(&report, "the PDF cannot be read");
    return result;
  }
  const PdfDocument& document = *parsed;

  SignatureOutcome signature = CheckSignature(document);
  report.Add("pdf-signature", signature.passed, signature.detail);
  const Check certificate = CheckCertificate(signature, trusted);
  report.Add(certificate.id, certificate.passed, certificate.detail);

  auto bytes = FindEmbeddedCredential(document);
  if (!bytes.ok()) {
    report.Add("credential", false, bytes.error().message());
  } else if (auto json = ParseJson(*bytes, "embedded credential"); !json.ok()) {
    report.Add("credential", false, json.error().message());
  } else {
    result.credential = std::move(json).value();
    auto checked = credentials.Check(result.credential);
    if (!checked.ok()) {
      report.Add("credential", false, "the embedded credential cannot be checked: " + checked.error().message());
    } else {
      for (const Check& check : checked->checks()) report.Add(check);
    }
  }
  if (printed != nullptr) {
    if (!signature.passed || !certificate.passed) {
      // The page is read (by poppler) only once the issuer's signature binds it: an unsigned
      // or untrusted upload never reaches the text reader.
      report.Add("printed-text", false,
                 "not checked: the PDF signature or its certificate did not pass");
    } else if (result.credential.is_null()) {
      report.Add("printed-text", false, "not checked: no embedded credential to compare with");
    } else {
      Check check = printed->Compare(document, result.credential);
      report.Add("printed-text", check.passed, std::move(check.detail));
    }
  }
  return result;
}

}  // namespace pramaan
