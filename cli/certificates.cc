#include "cli/certificates.h"

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

}  // namespace pramaan::cli
