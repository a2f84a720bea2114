// The PDF post-processor against real tools (pdfsig, pdfdetach), OpenSSL's CMS code, our own
// reader and the PDF verifier: the signed PDF is valid, carries the exact credential, and any
// change to it fails verification.
#include "issuer/certificate/pdf_signer.h"

#include <gtest/gtest.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/did/did_key.h"
#include "core/pdf/pdf_document.h"
#include "issuer/certificate/document_signer.h"
#include "issuer/issuance.h"
#include "keys/ed25519_signer_sodium.h"
#include "tests/pdf/pdf_fixtures.h"
#include "tests/test_support.h"
#include "verifier/credential_verifier.h"
#include "verifier/pdf_verifier.h"

// fontconfig (through cairo's toy text API in the fixture) keeps its configuration for the
// life of the process; that is not a leak of ours.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }

namespace pramaan::certificate {
namespace {

namespace fs = std::filesystem;
using testing::HaveTool;
using testing::MakeCertificate;
using testing::MakeUnsignedPdf;
using testing::ModeOf;
using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;
using testing::TestCertificate;

const Timestamp kIssuedAt = *ParseRfc3339("2026-11-20T09:00:00Z");
constexpr std::string_view kSigningTime = "2026-11-20T09:00:00Z";
constexpr char kHexDigits[] = "0123456789ABCDEF";
constexpr std::string_view kAttachment = "igot-cc-2026-000001.credential.json";

void WriteFile(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

class PdfSignerTest : public ::testing::Test {
 protected:
  PdfSignerTest()
      : issuer_key_(Ed25519SignerSodium::Generate()),
        issuing_clock_(kIssuedAt),
        verifying_clock_(kIssuedAt + std::chrono::hours(24)),
        credentials_(contexts_, resolver_, verifying_clock_),
        document_certificate_(MakeCertificate("Pramaan Test Document Signer")) {}

  void SetUp() override {
    ProofOptions proof;
    proof.verification_method = DidKeyVerificationMethodFor(issuer_key_.public_key());
    IssuancePipeline pipeline({DidKeyFor(issuer_key_.public_key()), "Test Issuer", ""},
                              "https://pramaan.example", issuer_key_, proof, resolver_,
                              issuing_clock_);
    auto issued = pipeline.Issue(
        testing::ReadJsonFile(testing::SourcePath("examples/completion.json")));
    ASSERT_TRUE(issued.ok()) << issued.error().message();
    credential_json_ = DumpJson(issued->credential, true);
    auto signer = DocumentSigner::FromPem(document_certificate_.certificate_pem,
                                          document_certificate_.key_pem);
    ASSERT_TRUE(signer.ok()) << signer.error().message();
    signer_ = std::make_unique<DocumentSigner>(*signer);
    unsigned_pdf_ = MakeUnsignedPdf();
    auto signed_pdf = SignCertificatePdf(unsigned_pdf_, credential_json_, kAttachment, *signer_,
                                         kSigningTime);
    ASSERT_TRUE(signed_pdf.ok()) << signed_pdf.error().message();
    signed_pdf_ = *signed_pdf;
  }

  Result<PdfVerification> Verify(std::string_view pdf) const {
    return VerifyCertificatePdf(pdf, {document_certificate_.certificate_pem}, credentials_);
  }
  // The "pdf-signature" check of `pdf`; a failed one when `pdf` is not accepted as a PDF.
  Check SignatureCheck(std::string_view pdf) const {
    auto verified = Verify(pdf);
    if (!verified.ok()) return {"pdf-signature", false, verified.error().message()};
    const Check* check = verified->report.Find("pdf-signature");
    return check != nullptr ? *check : Check{"pdf-signature", false, "missing"};
  }

  Ed25519SignerSodium issuer_key_;
  FixedClock issuing_clock_;
  FixedClock verifying_clock_;
  ContextLoader contexts_;
  DidResolver resolver_;
  CredentialVerifier credentials_;
  TestCertificate document_certificate_;
  std::unique_ptr<DocumentSigner> signer_;
  std::string credential_json_;
  std::string unsigned_pdf_;
  std::string signed_pdf_;
};

TEST_F(PdfSignerTest, AppendsOneUpdateThatOurReaderParses) {
  ASSERT_EQ(signed_pdf_.compare(0, unsigned_pdf_.size(), unsigned_pdf_), 0)
      << "the original bytes must be kept unchanged";
  auto document = pdf::PdfDocument::Parse(signed_pdf_);
  ASSERT_TRUE(document.ok()) << document.error().message();
  EXPECT_EQ(document->section_count(), 2);
  auto catalog = document->Catalog();
  ASSERT_TRUE(catalog.ok());
  ASSERT_NE(catalog->Find("AF"), nullptr);
  ASSERT_NE(catalog->Find("AcroForm"), nullptr);
  auto form = document->ResolveEntry(*catalog, "AcroForm");
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(form->Find("SigFlags")->integer(), 3);
  // The associated file: relationship Data, the VC media type, the exact credential bytes.
  auto filespec = document->Resolve(catalog->Find("AF")->array().at(0));
  ASSERT_TRUE(filespec.ok());
  EXPECT_TRUE(filespec->Find("AFRelationship")->IsName("Data"));
  EXPECT_EQ(filespec->Find("F")->text(), kAttachment);
  EXPECT_EQ(filespec->Find("UF")->text(), kAttachment);
  auto stream = document->Resolve(*filespec->Find("EF")->Find("F"));
  ASSERT_TRUE(stream.ok());
  EXPECT_TRUE(stream->Find("Subtype")->IsName("application/vc+ld+json"));
  auto embedded = document->DecodeStream(*stream);
  ASSERT_TRUE(embedded.ok());
  EXPECT_EQ(*embedded, credential_json_);
  // Page 1 carries the signature widget; its content is untouched.
  auto pages = document->Pages();
  ASSERT_TRUE(pages.ok());
  ASSERT_EQ(pages->size(), 1u);
  auto page = document->GetObject(pages->at(0));
  ASSERT_TRUE(page.ok());
  ASSERT_NE(page->Find("Annots"), nullptr);
  EXPECT_EQ(page->Find("Annots")->array().size(), 1u);
  auto contents = document->PageContents(0);
  ASSERT_TRUE(contents.ok()) << contents.error().message();
  EXPECT_NE(contents->find("Tj"), std::string::npos);
}

TEST_F(PdfSignerTest, PdfsigReportsSignatureValidAndNamesSigner) {
  if (!HaveTool("pdfsig")) GTEST_SKIP() << "pdfsig (poppler-utils) is not installed";
  TempDir dir;
  const fs::path file = dir.path() / "signed.pdf";
  WriteFile(file, signed_pdf_);
  int status = 0;
  const std::string output = RunCommand("pdfsig '" + file.string() + "'", &status);
  EXPECT_NE(output.find("Signature is Valid"), std::string::npos) << output;
  EXPECT_NE(output.find("Pramaan Test Document Signer"), std::string::npos) << output;
  EXPECT_NE(output.find("ETSI.CAdES.detached"), std::string::npos) << output;
  EXPECT_NE(output.find("Total document signed"), std::string::npos) << output;
}

TEST_F(PdfSignerTest, PdfsigReportsChangedPdfInvalid) {
  if (!HaveTool("pdfsig")) GTEST_SKIP() << "pdfsig (poppler-utils) is not installed";
  TempDir dir;
  std::string tampered = signed_pdf_;
  tampered[unsigned_pdf_.size() / 2] ^= 0x01;
  const fs::path file = dir.path() / "tampered.pdf";
  WriteFile(file, tampered);
  int status = 0;
  const std::string output = RunCommand("pdfsig '" + file.string() + "'", &status);
  EXPECT_EQ(output.find("Signature is Valid"), std::string::npos) << output;
}

TEST_F(PdfSignerTest, PdfdetachListsAndExtractsTheExactCredential) {
  if (!HaveTool("pdfdetach")) GTEST_SKIP() << "pdfdetach (poppler-utils) is not installed";
  TempDir dir;
  const fs::path file = dir.path() / "signed.pdf";
  WriteFile(file, signed_pdf_);
  int status = 0;
  const std::string list = RunCommand("pdfdetach -list '" + file.string() + "'", &status);
  EXPECT_EQ(status, 0) << list;
  EXPECT_NE(list.find("1 embedded files"), std::string::npos) << list;
  EXPECT_NE(list.find(std::string(kAttachment)), std::string::npos) << list;
  const fs::path saved = dir.path() / "credential.json";
  const std::string output =
      RunCommand("pdfdetach -save 1 -o '" + saved.string() + "' '" + file.string() + "'", &status);
  ASSERT_EQ(status, 0) << output;
  EXPECT_EQ(ReadFile(saved), credential_json_);
}

// The /Contents CMS, parsed with OpenSSL.
std::unique_ptr<CMS_ContentInfo, decltype(&CMS_ContentInfo_free)> ContentsCms(
    const std::string& pdf, std::string* signed_bytes) {
  auto document = pdf::PdfDocument::Parse(pdf);
  EXPECT_TRUE(document.ok());
  auto catalog = document->Catalog();
  auto form = document->ResolveEntry(*catalog, "AcroForm");
  auto widget = document->Resolve(form->Find("Fields")->array().at(0));
  auto signature = document->Resolve(*widget->Find("V"));
  const std::string& der = signature->Find("Contents")->text();
  const auto& range = signature->Find("ByteRange")->array();
  *signed_bytes = pdf.substr(0, static_cast<size_t>(range[1].integer())) +
                  pdf.substr(static_cast<size_t>(range[2].integer()));
  const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
  return {d2i_CMS_ContentInfo(nullptr, &cursor, static_cast<long>(der.size())),
          CMS_ContentInfo_free};
}

TEST_F(PdfSignerTest, CmsIsDetachedPadesBaselineWithoutSigningTime) {
  std::string signed_bytes;
  auto cms = ContentsCms(signed_pdf_, &signed_bytes);
  ASSERT_NE(cms, nullptr);
  EXPECT_EQ(OBJ_obj2nid(CMS_get0_type(cms.get())), NID_pkcs7_signed);
  EXPECT_EQ(CMS_is_detached(cms.get()), 1);
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
  ASSERT_EQ(sk_CMS_SignerInfo_num(infos), 1);
  CMS_SignerInfo* info = sk_CMS_SignerInfo_value(infos, 0);
  EXPECT_LT(CMS_signed_get_attr_by_NID(info, NID_pkcs9_signingTime, -1), 0)
      << "PAdES forbids the signingTime attribute";
  EXPECT_GE(CMS_signed_get_attr_by_NID(info, NID_pkcs9_contentType, -1), 0);
  EXPECT_GE(CMS_signed_get_attr_by_NID(info, NID_pkcs9_messageDigest, -1), 0);
  EXPECT_GE(CMS_signed_get_attr_by_NID(info, NID_id_smime_aa_signingCertificateV2, -1), 0);
  EXPECT_EQ(CMS_signed_get_attr_count(info), 3);
  X509_ALGOR* digest = nullptr;
  CMS_SignerInfo_get0_algs(info, nullptr, nullptr, &digest, nullptr);
  EXPECT_EQ(OBJ_obj2nid(digest->algorithm), NID_sha256);
  // The signing certificate is included.
  STACK_OF(X509)* certificates = CMS_get1_certs(cms.get());
  ASSERT_EQ(sk_X509_num(certificates), 1);
  EXPECT_EQ(X509_cmp(sk_X509_value(certificates, 0), document_certificate_.certificate.get()), 0);
  sk_X509_pop_free(certificates, X509_free);
  // And OpenSSL's own verifier accepts it over the byte range, and refuses other bytes.
  BIO* content = BIO_new_mem_buf(signed_bytes.data(), static_cast<int>(signed_bytes.size()));
  EXPECT_EQ(CMS_verify(cms.get(), nullptr, nullptr, content, nullptr,
                       CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY),
            1);
  BIO_free(content);
  signed_bytes[10] ^= 1;
  content = BIO_new_mem_buf(signed_bytes.data(), static_cast<int>(signed_bytes.size()));
  EXPECT_NE(CMS_verify(cms.get(), nullptr, nullptr, content, nullptr,
                       CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY),
            1);
  BIO_free(content);
  ERR_clear_error();
}

TEST_F(PdfSignerTest, VerifierPassesOnTheSignedPdf) {
  auto verified = Verify(signed_pdf_);
  ASSERT_TRUE(verified.ok()) << verified.error().message();
  EXPECT_TRUE(verified->report.verified()) << verified->report.ToText();
  for (const char* id : {"pdf-signature", "pdf-certificate", "schema", "proof", "issuer", "validity"}) {
    const Check* check = verified->report.Find(id);
    ASSERT_NE(check, nullptr) << id;
    EXPECT_TRUE(check->passed) << id << ": " << check->detail;
  }
  EXPECT_NE(verified->report.Find("pdf-certificate")->detail.find("Pramaan Test Document Signer"),
            std::string::npos);
  EXPECT_EQ(DumpJson(verified->credential, true), credential_json_);
}

TEST_F(PdfSignerTest, VerifyFailsWhenAnySingleByteChanges) {
  const size_t original = unsigned_pdf_.size();
  const size_t contents = signed_pdf_.find("/Contents <") + 11;
  std::vector<std::pair<std::string, size_t>> positions = {
      {"header", 2},
      {"original middle", original / 2},
      {"original xref", unsigned_pdf_.rfind("xref") + 8},
      {"original last byte", original - 1},
      {"update: embedded credential", signed_pdf_.find("stream\n", original) + 20},
      {"update: byte range", signed_pdf_.find("/ByteRange [0 ") + 15},
      {"contents hex first digit", contents},
      {"contents hex middle", contents + 300},
      {"update: signing time", signed_pdf_.find("/M (D:") + 8},
      {"update: catalog /AF", signed_pdf_.find("/AF [")},
      {"update: xref", signed_pdf_.rfind("xref\n") + 12},
      {"update: startxref", signed_pdf_.size() - 9},
      {"last byte", signed_pdf_.size() - 1}};
  // And a sweep over the whole file.
  for (size_t at = 0; at < signed_pdf_.size(); at += signed_pdf_.size() / 97 + 1) {
    positions.emplace_back("sweep", at);
  }
  for (const auto& [where, at] : positions) {
    ASSERT_LT(at, signed_pdf_.size()) << where;
    std::string tampered = signed_pdf_;
    tampered[at] = tampered[at] == '0' ? '1' : static_cast<char>(tampered[at] ^ 0x01);
    const Check check = SignatureCheck(tampered);
    EXPECT_FALSE(check.passed) << where << " (byte " << at << ") changed but " << check.detail;
    auto verified = Verify(tampered);
    if (verified.ok()) {
      EXPECT_FALSE(verified->report.verified()) << where;
    }
  }
}

TEST_F(PdfSignerTest, VerifyFailsWhenAnyHexDigitOfTheCmsChanges) {
  // Every byte of the CMS, including the parts its signature does not cover (certificates,
  // algorithm identifiers, versions), and the padding after it.
  std::string signed_bytes;
  auto cms = ContentsCms(signed_pdf_, &signed_bytes);
  ASSERT_NE(cms, nullptr);
  const size_t der_length = static_cast<size_t>(i2d_CMS_ContentInfo(cms.get(), nullptr));
  const size_t contents = signed_pdf_.find("/Contents <") + 11;
  for (size_t at = contents; at < contents + 2 * der_length + 16; ++at) {
    std::string tampered = signed_pdf_;
    // Another hex digit (the low bit of its value flipped): the file stays well formed.
    const size_t digit = std::string_view(kHexDigits).find(tampered[at]);
    ASSERT_NE(digit, std::string_view::npos) << at;
    tampered[at] = kHexDigits[digit ^ 1];
    const Check check = SignatureCheck(tampered);
    EXPECT_FALSE(check.passed) << "hex digit " << (at - contents) << " changed but " << check.detail;
  }
}

TEST_F(PdfSignerTest, VerifyFailsWhenAnIncrementalUpdateIsAppended) {
  // A well-formed update that changes the page's /MediaBox.
  auto document = pdf::PdfDocument::Parse(signed_pdf_);
  ASSERT_TRUE(document.ok());
  const pdf::ObjectRef page_ref = document->Pages()->at(0);
  pdf::PdfObject page = *document->GetObject(page_ref);
  page.Set("MediaBox", pdf::PdfObject::MakeArray({pdf::PdfObject::Integer(0), pdf::PdfObject::Integer(0),
                                                  pdf::PdfObject::Integer(100), pdf::PdfObject::Integer(100)}));
  std::string tampered = signed_pdf_;
  const size_t object_at = tampered.size();
  tampered += std::to_string(page_ref.number) + " 0 obj\n" + page.Serialize() + "\nendobj\n";
  const size_t xref_at = tampered.size();
  char entry[32];
  std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", object_at);
  tampered += "xref\n" + std::to_string(page_ref.number) + " 1\n" + entry + "trailer\n<</Size " +
              std::to_string(document->size()) + " /Root " + std::to_string(document->catalog_ref().number) +
              " 0 R /Prev " + std::to_string(document->startxref()) + ">>\nstartxref\n" +
              std::to_string(xref_at) + "\n%%EOF\n";
  ASSERT_TRUE(pdf::PdfDocument::Parse(tampered).ok()) << "the appended update itself is well formed";
  const Check check = SignatureCheck(tampered);
  EXPECT_FALSE(check.passed);
  EXPECT_NE(check.detail.find("does not cover the whole file"), std::string::npos) << check.detail;
}

TEST_F(PdfSignerTest, VerifyFailsWithUntrustedCertificate) {
  const TestCertificate other = MakeCertificate("Someone Else");
  auto verified = VerifyCertificatePdf(signed_pdf_, {other.certificate_pem}, credentials_);
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(verified->report.verified());
  EXPECT_TRUE(verified->report.Find("pdf-signature")->passed);
  EXPECT_FALSE(verified->report.Find("pdf-certificate")->passed);
  auto none = VerifyCertificatePdf(signed_pdf_, {}, credentials_);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->report.Find("pdf-certificate")->passed);
}

TEST_F(PdfSignerTest, VerifyPassesWhenSignerChainsToTrustedCa) {
  const TestCertificate ca = MakeCertificate("Pramaan Test CA", nullptr, /*is_ca=*/true);
  const TestCertificate leaf = MakeCertificate("Pramaan Issued Signer", &ca);
  auto signer = DocumentSigner::FromPem(leaf.certificate_pem, leaf.key_pem);
  ASSERT_TRUE(signer.ok()) << signer.error().message();
  auto signed_pdf = SignCertificatePdf(unsigned_pdf_, credential_json_, kAttachment, *signer, kSigningTime);
  ASSERT_TRUE(signed_pdf.ok());
  auto verified = VerifyCertificatePdf(*signed_pdf, {ca.certificate_pem}, credentials_);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->report.verified()) << verified->report.ToText();
  // A CA the signer does not chain to is not enough.
  const TestCertificate other_ca = MakeCertificate("Other CA", nullptr, true);
  auto untrusted = VerifyCertificatePdf(*signed_pdf, {other_ca.certificate_pem}, credentials_);
  ASSERT_TRUE(untrusted.ok());
  EXPECT_FALSE(untrusted->report.Find("pdf-certificate")->passed);
}

TEST_F(PdfSignerTest, VerifyFailsOnUnsignedPdfOrMissingCredential) {
  auto verified = Verify(unsigned_pdf_);
  ASSERT_TRUE(verified.ok());
  EXPECT_FALSE(verified->report.verified());
  EXPECT_FALSE(verified->report.Find("pdf-signature")->passed);
  EXPECT_FALSE(verified->report.Find("credential")->passed);
  EXPECT_TRUE(verified->credential.is_null());
}

TEST_F(PdfSignerTest, VerifyFailsWhenEmbeddedCredentialIsNotValid) {
  Json credential = *ParseJson(credential_json_);
  credential["credentialSubject"]["name"] = "Someone Else";
  auto signed_pdf = SignCertificatePdf(unsigned_pdf_, DumpJson(credential, true), kAttachment,
                                       *signer_, kSigningTime);
  ASSERT_TRUE(signed_pdf.ok());
  auto verified = Verify(*signed_pdf);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->report.Find("pdf-signature")->passed);
  EXPECT_FALSE(verified->report.verified());
  EXPECT_FALSE(verified->report.Find("proof")->passed);
}

TEST_F(PdfSignerTest, VerifyFailsWhenCertificateNotValidAtSigningTime) {
  // The test certificate is valid for five years from now; this signature claims 2035.
  auto signed_pdf = SignCertificatePdf(unsigned_pdf_, credential_json_, kAttachment, *signer_,
                                       "2035-01-01T00:00:00Z");
  ASSERT_TRUE(signed_pdf.ok());
  auto verified = Verify(*signed_pdf);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->report.Find("pdf-signature")->passed);
  const Check* certificate = verified->report.Find("pdf-certificate");
  EXPECT_FALSE(certificate->passed);
  EXPECT_NE(certificate->detail.find("not valid at the signing time"), std::string::npos)
      << certificate->detail;
}

TEST_F(PdfSignerTest, VerifyFailsWhenEmbeddedFileIsNotJson) {
  auto signed_pdf = SignCertificatePdf(unsigned_pdf_, "{\"a\": 1,}", kAttachment, *signer_,
                                       kSigningTime);
  ASSERT_TRUE(signed_pdf.ok());
  auto verified = Verify(*signed_pdf);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->report.Find("pdf-signature")->passed);
  const Check* credential = verified->report.Find("credential");
  ASSERT_NE(credential, nullptr);
  EXPECT_FALSE(credential->passed);
  EXPECT_FALSE(verified->report.verified());
  EXPECT_TRUE(verified->credential.is_null());
}

// Reports whether the page's content stream mentions the credential subject's name.
class ContentMentionsNameChecker : public PrintedTextChecker {
 public:
  Check Compare(const pdf::PdfDocument& document, const Json& credential) const override {
    auto contents = document.PageContents(0);
    const bool found = contents.ok() && contents->find("Tj") != std::string::npos &&
                       credential.contains("credentialSubject");
    return {"printed-text", found, found ? "page has text" : "no text"};
  }
};

TEST_F(PdfSignerTest, VerifyAddsThePrintedTextCheck) {
  ContentMentionsNameChecker checker;
  auto verified = VerifyCertificatePdf(signed_pdf_, {document_certificate_.certificate_pem},
                                       credentials_, &checker);
  ASSERT_TRUE(verified.ok());
  const Check* printed = verified->report.Find("printed-text");
  ASSERT_NE(printed, nullptr);
  EXPECT_TRUE(printed->passed) << printed->detail;
  EXPECT_TRUE(verified->report.verified()) << verified->report.ToText();
  auto unsigned_report = VerifyCertificatePdf(unsigned_pdf_, {document_certificate_.certificate_pem},
                                              credentials_, &checker);
  ASSERT_TRUE(unsigned_report.ok());
  EXPECT_FALSE(unsigned_report->report.Find("printed-text")->passed);
}

// Counts the pages it is asked to read: the text reader must see only PDFs whose signature
// and certificate passed.
class CountingChecker : public PrintedTextChecker {
 public:
  Check Compare(const pdf::PdfDocument&, const Json&) const override {
    ++calls;
    return {"printed-text", true, "read"};
  }
  mutable int calls = 0;
};

TEST_F(PdfSignerTest, PrintedTextIsReadOnlyAfterSignatureAndCertificatePass) {
  CountingChecker checker;
  // Signed, but by a certificate the operator does not trust: the page is not read.
  const TestCertificate other = MakeCertificate("Someone Else");
  auto untrusted = VerifyCertificatePdf(signed_pdf_, {other.certificate_pem}, credentials_, &checker);
  ASSERT_TRUE(untrusted.ok());
  EXPECT_FALSE(untrusted->report.Find("pdf-certificate")->passed);
  EXPECT_EQ(checker.calls, 0);
  EXPECT_FALSE(untrusted->report.Find("printed-text")->passed);
  EXPECT_NE(untrusted->report.Find("printed-text")->detail.find("not checked"), std::string::npos);
  // One changed byte inside the signed range: the signature fails, the page is not read.
  std::string tampered = signed_pdf_;
  const size_t at = tampered.find("/Type /Page");
  ASSERT_NE(at, std::string::npos);
  tampered[at + 1] = 'X';
  auto broken = VerifyCertificatePdf(tampered, {document_certificate_.certificate_pem},
                                     credentials_, &checker);
  ASSERT_TRUE(broken.ok());
  EXPECT_FALSE(broken->report.Find("pdf-signature")->passed);
  EXPECT_EQ(checker.calls, 0);
  // Signed and trusted: now it is.
  auto trusted = VerifyCertificatePdf(signed_pdf_, {document_certificate_.certificate_pem},
                                      credentials_, &checker);
  ASSERT_TRUE(trusted.ok());
  EXPECT_EQ(checker.calls, 1);
  EXPECT_TRUE(trusted->report.Find("printed-text")->passed);
}

TEST_F(PdfSignerTest, VerifierRejectsNonPdfInput) {
  EXPECT_FALSE(Verify("hello, world").ok());
  EXPECT_FALSE(Verify("").ok());
}

TEST_F(PdfSignerTest, SignRejectsBadArguments) {
  EXPECT_FALSE(SignCertificatePdf(unsigned_pdf_, credential_json_, "", *signer_, kSigningTime).ok());
  EXPECT_FALSE(SignCertificatePdf(unsigned_pdf_, credential_json_, "a/b.json", *signer_, kSigningTime).ok());
  EXPECT_FALSE(SignCertificatePdf(unsigned_pdf_, "", kAttachment, *signer_, kSigningTime).ok());
  EXPECT_FALSE(SignCertificatePdf(unsigned_pdf_, credential_json_, kAttachment, *signer_, "yesterday").ok());
  EXPECT_FALSE(SignCertificatePdf("not a pdf", credential_json_, kAttachment, *signer_, kSigningTime).ok());
  // A signed PDF is not signed again.
  auto twice = SignCertificatePdf(signed_pdf_, credential_json_, kAttachment, *signer_, kSigningTime);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code(), ErrorCode::kUnsupported);
}

TEST_F(PdfSignerTest, SigningSpeedAndSize) {
  // Not a pass/fail benchmark (that is `pramaan bench pdf`): records the cost per signature.
  constexpr int kRounds = 200;
  const auto start = std::chrono::steady_clock::now();
  size_t total = 0;
  for (int i = 0; i < kRounds; ++i) {
    auto signed_pdf = SignCertificatePdf(unsigned_pdf_, credential_json_, kAttachment, *signer_, kSigningTime);
    ASSERT_TRUE(signed_pdf.ok());
    total += signed_pdf->size();
  }
  const auto elapsed = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start);
  const double per_signature = elapsed.count() / kRounds;
  const size_t added = signed_pdf_.size() - unsigned_pdf_.size();
  std::printf("SignCertificatePdf: %.1f us per signature; update adds %zu bytes (credential %zu bytes, "
              "unsigned PDF %zu bytes)\n",
              per_signature, added, credential_json_.size(), unsigned_pdf_.size());
  RecordProperty("microseconds_per_signature", static_cast<int>(per_signature));
  RecordProperty("bytes_added", static_cast<int>(added));
  EXPECT_GT(total, 0u);
}

TEST(DocumentSigner, LoadRefusesKeyReadableByOthers) {
  const TestCertificate made = MakeCertificate("Permissions");
  TempDir dir;
  const fs::path certificate = dir.path() / "cert.pem";
  const fs::path key = dir.path() / "key.pem";
  WriteFile(certificate, made.certificate_pem);
  WriteFile(key, made.key_pem);
  ::chmod(key.c_str(), 0644);
  auto loaded = DocumentSigner::Load(certificate, key);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code(), ErrorCode::kPermission);
  ::chmod(key.c_str(), 0600);
  loaded = DocumentSigner::Load(certificate, key);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded->signer_name(), "Permissions");
}

TEST(DocumentSigner, LoadRefusesMismatchedKeyAndMissingFiles) {
  const TestCertificate a = MakeCertificate("A");
  const TestCertificate b = MakeCertificate("B");
  auto mismatched = DocumentSigner::FromPem(a.certificate_pem, b.key_pem);
  ASSERT_FALSE(mismatched.ok());
  EXPECT_EQ(mismatched.error().code(), ErrorCode::kInvalidInput);
  EXPECT_FALSE(DocumentSigner::FromPem("garbage", a.key_pem).ok());
  EXPECT_FALSE(DocumentSigner::FromPem(a.certificate_pem, "garbage").ok());
  auto missing = DocumentSigner::Load("/nonexistent/cert.pem", "/nonexistent/key.pem");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

TEST(KeysCertificateCommand, MakesADevelopmentCertificateThatSigns) {
  if (!fs::exists(PRAMAAN_BINARY)) GTEST_SKIP() << "the pramaan binary is not built";
  TempDir dir;
  const fs::path certificate = dir.path() / "signing-cert.pem";
  const fs::path key = dir.path() / "signing-key.pem";
  const std::string command = std::string(PRAMAAN_BINARY) + " keys certificate --out-cert '" +
                              certificate.string() + "' --out-key '" + key.string() +
                              "' --subject 'CN=Pramaan Dev Signer,O=Pramaan' --days 30";
  int status = 0;
  std::string output = RunCommand(command, &status);
  ASSERT_EQ(status, 0) << output;
  EXPECT_EQ(ModeOf(key), 0600u);
  auto signer = DocumentSigner::Load(certificate, key);
  ASSERT_TRUE(signer.ok()) << signer.error().message();
  EXPECT_EQ(signer->signer_name(), "Pramaan Dev Signer");
  auto signed_pdf = SignCertificatePdf(MakeUnsignedPdf(), "{\"a\":1}", "x.json", *signer, kSigningTime);
  ASSERT_TRUE(signed_pdf.ok()) << signed_pdf.error().message();
  if (HaveTool("pdfsig")) {
    const fs::path file = dir.path() / "signed.pdf";
    WriteFile(file, *signed_pdf);
    output = RunCommand("pdfsig '" + file.string() + "'", &status);
    EXPECT_NE(output.find("Signature is Valid"), std::string::npos) << output;
  }
  // Never overwrites.
  output = RunCommand(command, &status);
  EXPECT_NE(status, 0) << output;
  EXPECT_NE(output.find("already exists"), std::string::npos) << output;
}

}  // namespace
}  // namespace pramaan::certificate
