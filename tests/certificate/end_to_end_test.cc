// Certificates end to end, through the real build/pramaan binary and the real PDF tools of
// poppler-utils and zbar-tools: `pramaan issue` writes {id}.pdf beside {id}.json, and the PDF
// is what a learner, a PDF reader and an employer's phone each need it to be.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/json/json.h"
#include "issuer/certificate/document_signer.h"
#include "issuer/certificate/pdf_signer.h"
#include "issuer/certificate/renderer.h"
#include "tests/cli/cli_fixture.h"
#include "tests/test_support.h"

namespace pramaan {
namespace {

// Runs a shell command and returns its standard output ("" when it could not start).
std::string Shell(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

bool HaveTools() {
  return std::system("command -v pdfsig pdfdetach pdffonts pdftotext pdftoppm zbarimg "
                     ">/dev/null 2>&1") == 0;
}

class CertificateEndToEndTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    // scripts/setup.sh installs poppler-utils and zbar-tools with everything else.
    if (!HaveTools()) GTEST_SKIP() << "poppler-utils or zbar-tools is not installed";
  }

  // An issuer key, a development document-signing certificate and a configuration naming
  // both; returns the configuration's path.
  std::string MakeCertificateConfig() const {
    EXPECT_EQ(Run("keys generate --out " + Path("issuer.key")).exit_code, 0);
    const RunResult certificate =
        Run("keys certificate --out-cert " + Path("signer.crt.pem") + " --out-key " +
            Path("signer.key.pem") + " --subject \"CN=Pramaan Test Document Signer,O=Test\"");
    EXPECT_EQ(certificate.exit_code, 0) << certificate.err;
    Write("pramaan.json", R"({"base_url": "https://pramaan.example",
      "issuer": {"name": "Test Issuer"}, "signing_key": {"file": "issuer.key"},
      "certificates": {"signing_certificate": "signer.crt.pem",
                       "signing_key": "signer.key.pem"}})");
    return Path("pramaan.json");
  }

  // Issues `example` and returns the paths of the credentials and PDFs written, in order.
  std::vector<std::pair<std::string, std::string>> Issue(const std::string& config,
                                                         const std::string& example) const {
    const RunResult issued = Run("issue --config " + config + " " + kSource + "/examples/" +
                                 example + " --out " + Path("out"));
    EXPECT_EQ(issued.exit_code, 0) << issued.err;
    std::vector<std::pair<std::string, std::string>> files;
    size_t start = 0;
    while (start < issued.out.size()) {
      const size_t end = issued.out.find('\n', start);
      const std::string line = issued.out.substr(start, end - start);
      start = end == std::string::npos ? issued.out.size() : end + 1;
      // id \t source record id \t JSON path \t PDF path
      std::vector<std::string> columns;
      size_t from = 0;
      for (size_t tab; (tab = line.find('\t', from)) != std::string::npos; from = tab + 1) {
        columns.push_back(line.substr(from, tab - from));
      }
      columns.push_back(line.substr(from));
      EXPECT_EQ(columns.size(), 4u) << line;
      if (columns.size() == 4) files.emplace_back(columns[2], columns[3]);
    }
    return files;
  }
};

TEST_F(CertificateEndToEndTest, CourseCertificateIsSignedEmbeddedScannableAndVerifies) {
  const std::string config = MakeCertificateConfig();
  const auto files = Issue(config, "completion.json");
  ASSERT_EQ(files.size(), 1u);
  const auto& [json_path, pdf_path] = files[0];
  const std::string credential_text = ReadFile(json_path);
  const Json credential = Json::parse(credential_text);
  const std::string id = fs::path(json_path).stem().string();
  ASSERT_TRUE(fs::exists(pdf_path));
  EXPECT_LE(fs::file_size(pdf_path), 60u * 1024) << "a signed bilingual certificate is at most 60 KB";

  // A PDF reader shows the file as signed.
  const std::string signature = Shell("pdfsig " + pdf_path + " 2>&1");
  EXPECT_NE(signature.find("Signature is Valid"), std::string::npos) << signature;
  EXPECT_NE(signature.find("Pramaan Test Document Signer"), std::string::npos) << signature;

  // The embedded credential is exactly the issued one, and it verifies on its own.
  const std::string listed = Shell("pdfdetach -list " + pdf_path);
  EXPECT_NE(listed.find(id + ".credential.json"), std::string::npos) << listed;
  ASSERT_EQ(std::system(("pdfdetach -save 1 -o " + Path("detached.json") + " " + pdf_path +
                         " >/dev/null 2>&1")
                            .c_str()),
            0);
  EXPECT_EQ(ReadFile(Path("detached.json")), credential_text);
  EXPECT_EQ(Run("verify " + Path("detached.json")).exit_code, 0);

  // Fonts are embedded and subset: "name type encoding emb sub uni object ID".
  const std::string fonts = Shell("pdffonts " + pdf_path);
  int font_rows = 0;
  size_t line_start = fonts.find('\n', fonts.find("------")) + 1;
  while (line_start < fonts.size()) {
    const size_t end = fonts.find('\n', line_start);
    const std::string row = fonts.substr(line_start, end - line_start);
    line_start = end == std::string::npos ? fonts.size() : end + 1;
    if (row.empty()) continue;
    ++font_rows;
    EXPECT_NE(row.find(" yes yes "), std::string::npos) << "not embedded and subset: " << row;
    EXPECT_EQ(row.find('+'), 6u) << "a subset font's name starts with a six-letter tag: " << row;
  }
  EXPECT_GE(font_rows, 2) << fonts;

  // The page says, in English and in Hindi, what the record says.
  const std::string text = Shell("pdftotext -enc UTF-8 " + pdf_path + " -");
  for (const char* expected : {"Asha Verma", "आशा वर्मा", "Digital Governance Foundations",
                               "1 November 2026"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " not in:\n" << text;
  }

  // The QR code, scanned from a 150 dpi rendering, is the verification URL exactly.
  ASSERT_EQ(std::system(("pdftoppm -r 150 -png -singlefile " + pdf_path + " " + Path("page"))
                            .c_str()),
            0);
  const std::string scanned = Shell("zbarimg --raw -q " + Path("page.png"));
  EXPECT_EQ(scanned, "https://pramaan.example/v/" + id + "\n");

  // pramaan verify checks the signature, the certificate, the credential and the text.
  const RunResult verified = Run("verify --config " + config + " " + pdf_path);
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  for (const char* check : {"pdf-signature", "pdf-certificate", "proof", "printed-text"}) {
    EXPECT_NE(verified.out.find(check), std::string::npos) << check << "\n" << verified.out;
  }
  EXPECT_EQ(credential["credentialSubject"]["name"], "Asha Verma");
}

TEST_F(CertificateEndToEndTest, AnyChangedByteMakesVerificationFail) {
  const std::string config = MakeCertificateConfig();
  const auto files = Issue(config, "completion.json");
  ASSERT_EQ(files.size(), 1u);
  const std::string pdf = ReadFile(files[0].second);
  ASSERT_GT(pdf.size(), 1000u);
  const size_t contents = pdf.rfind("/Contents <");
  ASSERT_NE(contents, std::string::npos);
  // The header, the page content, the embedded credential, the signature value, the end.
  for (const size_t at : {size_t{5}, pdf.size() / 3, pdf.size() / 2, contents + 40,
                          pdf.size() - 10}) {
    std::string changed = pdf;
    changed[at] = static_cast<char>(changed[at] ^ 0x01);
    Write("changed.pdf", changed);
    const RunResult verified = Run("verify --config " + config + " " + Path("changed.pdf"));
    EXPECT_EQ(verified.exit_code, 1) << "byte " << at << " changed:\n" << verified.out;
  }
  // Appending anything (an incremental update) after the signed range fails too.
  Write("appended.pdf", pdf + "\n% appended\n");
  EXPECT_EQ(Run("verify --config " + config + " " + Path("appended.pdf")).exit_code, 1);
}

TEST_F(CertificateEndToEndTest, ValidCredentialOfAnotherLearnerInTheCertificateFails) {
  // Even a correctly signed PDF fails when its page names someone other than its credential:
  // render Asha's page, embed Sumitra's valid credential, sign with the trusted certificate.
  const std::string config = MakeCertificateConfig();
  const auto asha = Issue(config, "completion.json");
  const auto sumitra = Issue(config, "qualification.json");
  ASSERT_EQ(asha.size(), 1u);
  ASSERT_EQ(sumitra.size(), 1u);
  auto renderer = certificate::CertificateRenderer::Create();
  ASSERT_TRUE(renderer.ok()) << renderer.error().message();
  const Json asha_credential = Json::parse(ReadFile(asha[0].first));
  auto page = (*renderer)->RenderPdf(asha_credential, "https://pramaan.example/v/x");
  ASSERT_TRUE(page.ok()) << page.error().message();
  auto signer = certificate::DocumentSigner::Load(Path("signer.crt.pem"), Path("signer.key.pem"));
  ASSERT_TRUE(signer.ok()) << signer.error().message();
  auto forged = certificate::SignCertificatePdf(*page, ReadFile(sumitra[0].first),
                                                "x.credential.json", *signer,
                                                "2026-11-22T10:00:00Z");
  ASSERT_TRUE(forged.ok()) << forged.error().message();
  Write("forged.pdf", *forged);
  const RunResult verified = Run("verify --config " + config + " " + Path("forged.pdf"));
  EXPECT_EQ(verified.exit_code, 1) << verified.out;
  EXPECT_NE(verified.out.find("FAIL  printed-text"), std::string::npos) << verified.out;
  EXPECT_NE(verified.out.find("ok    pdf-signature"), std::string::npos) << verified.out;
}

TEST_F(CertificateEndToEndTest, CertificateFromAnUntrustedSignerFails) {
  const std::string config = MakeCertificateConfig();
  const auto files = Issue(config, "qualification.json");
  ASSERT_EQ(files.size(), 1u);
  ASSERT_EQ(Run("keys certificate --out-cert " + Path("other.crt.pem") + " --out-key " +
                Path("other.key.pem"))
                .exit_code,
            0);
  Write("other.json", R"({"base_url": "https://pramaan.example",
    "certificates": {"trusted_certificates": ["other.crt.pem"]}})");
  const RunResult verified = Run("verify --config " + Path("other.json") + " " + files[0].second);
  EXPECT_EQ(verified.exit_code, 1) << verified.out;
  EXPECT_NE(verified.out.find("FAIL  pdf-certificate"), std::string::npos) << verified.out;
  // Trusting the right certificate, the same file verifies, and its page shows the NQR code.
  EXPECT_EQ(Run("verify --config " + config + " " + files[0].second).exit_code, 0);
  const std::string text = Shell("pdftotext -enc UTF-8 " + files[0].second + " -");
  EXPECT_NE(text.find("QG-05-GE-01234-2024-V1.0-NCVET"), std::string::npos) << text;
  EXPECT_NE(text.find("সুমিত্রা দাস"), std::string::npos) << text;
}

TEST_F(CertificateEndToEndTest, ARecordThatCannotBeRenderedIsRejectedAndTheRestIssued) {
  const std::string config = MakeCertificateConfig();
  // A valid record (the schema allows names up to 200 characters) whose name no page can
  // hold: 200 of the widest capital letter.
  Json record = Json::parse(ReadFile(kSource + "/examples/completion.json"));
  record["learner"]["name"] = std::string(200, 'W');
  Json second = Json::parse(ReadFile(kSource + "/examples/completion.json"));
  second["source_record_id"] = "igot-cc-2026-000002";
  Write("batch.jsonl", DumpJson(second, false) + "\n" + DumpJson(record, false) + "\n");
  const RunResult issued =
      Run("issue --config " + config + " " + Path("batch.jsonl") + " --out " + Path("out"));
  // The renderer refuses a name that does not fit even shrunk and wrapped (names are never
  // cut short): that record is rejected with the reason, nothing of it is written, and the
  // good record is issued with its certificate.
  EXPECT_EQ(issued.exit_code, 1) << issued.err;
  const std::string rejects = ReadFile(Path("out") + "/rejected.jsonl");
  EXPECT_NE(rejects.find("credentialSubject.name"), std::string::npos) << rejects;
  EXPECT_NE(rejects.find("\"line\":2"), std::string::npos) << rejects;
  EXPECT_EQ(FilesIn("out"), 3u) << "the good record's JSON and PDF, and the rejects file";
}

}  // namespace
}  // namespace pramaan
