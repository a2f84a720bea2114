#include "cli/certificates.h"

#include "issuer/certificate/document_signer.h"
#include "issuer/certificate/pdf_signer.h"
#include "issuer/certificate/renderer.h"

namespace pramaan::cli {

CertificateMaker::CertificateMaker(std::string base_url,
                                   std::unique_ptr<certificate::CertificateRenderer> renderer,
                                   std::unique_ptr<certificate::DocumentSigner> signer)
    : base_url_(std::move(base_url)), renderer_(std::move(renderer)), signer_(std::move(signer)) {}

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
  return std::unique_ptr<CertificateMaker>(new CertificateMaker(
      config.base_url, std::move(renderer),
      std::make_unique<certificate::DocumentSigner>(std::move(signer))));
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
  return certificate::SignCertificatePdf(std::move(pdf), DumpJson(credential, true),
                                         credential_id + ".credential.json", *signer_,
                                         signing_time);
}

}  // namespace pramaan::cli
