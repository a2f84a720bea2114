#include "cli/certificates.h"

#include <cstdio>

#include "cli/cli.h"
#include "issuer/certificate/document_signer.h"
#include "issuer/certificate/pdf_signer.h"
#include "issuer/certificate/renderer.h"
#include "verifier/credential_verifier.h"
#include "verifier/pdf_verifier.h"
#include "verifier/printed_text.h"

namespace pramaan::cli {

CertificateMaker::~CertificateMaker() = default;

Result<std::unique_ptr<CertificateMaker>> CertificateMaker::Create(const IssuerConfig& config) {
  if (config.document_certificate.empty()) {
    return InvalidInput(
        "the configuration has no certificates.signing_certificate, so no PDF can be signed");
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::unique_ptr<certificate::CertificateRenderer> renderer,
                           certificate::CertificateRenderer::Create());
  PRAMAAN_ASSIGN_OR_RETURN(
      certificate::DocumentSigner signer,
      certificate::DocumentSigner::Load(config.document_certificate, config.document_key));
  std::unique_ptr<CertificateMaker> maker(new CertificateMaker());
  maker->base_url_ = config.base_url;
  maker->renderer_ = std::move(renderer);
  maker->signer_ = std::make_unique<certificate::DocumentSigner>(std::move(signer));
  PRAMAAN_RETURN_IF_ERROR(ApplyTrust(config, &maker->contexts_, &maker->resolver_));
  for (const std::filesystem::path& file : config.trusted_document_certificates) {
    PRAMAAN_ASSIGN_OR_RETURN(std::string pem, ReadInput(file.string()));
    maker->trusted_certificates_.push_back(std::move(pem));
  }
  return maker;
}

Result<std::unique_ptr<CertificateMaker>> CertificateMaker::CreateIfConfigured(
    const IssuerConfig& config) {
  if (config.document_certificate.empty()) return std::unique_ptr<CertificateMaker>();
  return Create(config);
}

std::string CertificateMaker::VerificationUrl(const std::string& credential_id) const {
  return base_url_ + "/v/" + credential_id;
}

Result<std::string> CertificateMaker::Make(const Json& credential,
                                           const std::string& credential_id) const {
  PRAMAAN_ASSIGN_OR_RETURN(std::string pdf,
                           renderer_->RenderPdf(credential, VerificationUrl(credential_id)));
  std::string signing_time;
  if (const auto proof = credential.find("proof");
      proof != credential.end() && proof->is_object()) {
    signing_time = GetString(*proof, "created");
  }
  if (signing_time.empty()) return InvalidInput("the credential has no proof.created");
  PRAMAAN_ASSIGN_OR_RETURN(
      std::string signed_pdf,
      certificate::SignCertificatePdf(std::move(pdf), DumpJson(credential, true),
                                      credential_id + ".credential.json", *signer_, signing_time));
  // Never hand out a certificate that `pramaan verify` would reject.
  const CredentialVerifier credentials(contexts_, resolver_, clock_);
  const CredentialTextChecker printed;
  PRAMAAN_ASSIGN_OR_RETURN(
      PdfVerification verification,
      VerifyCertificatePdf(signed_pdf, trusted_certificates_, credentials, &printed));
  if (!verification.report.verified()) {
    return Internal("the certificate PDF made for " + credential_id +
                    " does not verify:\n" + verification.report.ToText());
  }
  return signed_pdf;
}

Result<int> CertificateWorker::RunOnce() {
  constexpr int64_t kPage = 64;
  std::string cursor = since_;
  std::string newest = since_;
  int made = 0;
  for (;;) {
    PRAMAAN_ASSIGN_OR_RETURN(std::vector<store::CredentialWithoutCertificate> missing,
                             registry_.CredentialsWithoutCertificate(cursor, kPage));
    int made_in_page = 0;
    for (const store::CredentialWithoutCertificate& entry : missing) {
      if (entry.issued_at > newest) newest = entry.issued_at;
      if (refused_.count(entry.id) > 0) continue;
      PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::StoredCredential> stored,
                               registry_.Get(entry.id));
      if (!stored) continue;
      auto credential = ParseJson(stored->credential_json, "stored credential");
      Result<std::string> pdf = credential.ok() ? maker_.Make(*credential, stored->id)
                                                : Result<std::string>(credential.error());
      if (!pdf.ok()) {
        std::fprintf(stderr, "pramaan: no certificate for %s: %s\n", entry.id.c_str(),
                     pdf.error().message().c_str());
        refused_.insert(entry.id);
        continue;
      }
      PRAMAAN_RETURN_IF_ERROR(registry_.PutCertificate(stored->id, *pdf));
      ++made;
      ++made_in_page;
    }
    if (static_cast<int64_t>(missing.size()) < kPage) break;
    // Made ones drop out of the query; refused ones stay, so move past them or stop.
    if (missing.back().issued_at == cursor && made_in_page == 0) break;
    cursor = missing.back().issued_at;
  }
  if (auto newest_time = ParseRfc3339(newest); newest_time.ok()) {
    since_ = FormatRfc3339(*newest_time - kCertificateLookBack);
  }
  return made;
}

}  // namespace pramaan::cli
