// Certificate PDFs for issued credentials: the renderer and the document signer a
// configuration names, loaded once and used for every credential of a run.
#ifndef PRAMAAN_CLI_CERTIFICATES_H_
#define PRAMAAN_CLI_CERTIFICATES_H_

#include <chrono>
#include <memory>
#include <set>
#include <string>

#include "core/context/context_loader.h"
#include "core/did/did_resolver.h"
#include "core/json/json.h"
#include "core/result.h"
#include "core/time/clock.h"
#include "issuer/config.h"
#include "issuer/issuance_service.h"
#include "store/registry.h"

namespace pramaan::certificate {
class CertificateRenderer;
class DocumentSigner;
}  // namespace pramaan::certificate

namespace pramaan::cli {

class CertificateMaker final : public CertificateFactory {
 public:
  // Loads the templates and fonts and the configuration's document-signing certificate and
  // key. Fails as CertificateRenderer::Create and DocumentSigner::Load do.
  static Result<std::unique_ptr<CertificateMaker>> Create(const IssuerConfig& config);
  // As Create when the configuration names a document-signing certificate; null otherwise
  // (then no PDFs are made).
  static Result<std::unique_ptr<CertificateMaker>> CreateIfConfigured(const IssuerConfig& config);
  ~CertificateMaker();

  // The signed PDF certificate of `credential` (as issued, with its proof), whose short id is
  // `credential_id`: rendered with its QR code for {base_url}/v/{id}, the credential embedded
  // as {id}.credential.json, PAdES-signed with the time of the credential's proof. The result
  // is verified as `pramaan verify` would (signature, certificate, embedded credential, the
  // text on the page) before it is returned: kInternal names the failed check otherwise.
  Result<std::string> Make(const Json& credential,
                           const std::string& credential_id) const override;

  // {base_url}/v/{id}: what the QR code holds.
  std::string VerificationUrl(const std::string& credential_id) const;

 private:
  CertificateMaker() = default;

  std::string base_url_;
  std::unique_ptr<certificate::CertificateRenderer> renderer_;
  std::unique_ptr<certificate::DocumentSigner> signer_;
  // For the check of every PDF made: what `verify --config` would trust.
  ContextLoader contexts_;
  DidResolver resolver_;
  SystemClock clock_;
  std::vector<std::string> trusted_certificates_;
};

// How far behind the newest credential it has seen the certificate worker looks again on each
// pass: a credential whose issued_at is earlier than others' can be committed after them (a
// batch's group commit, another issuing machine), and must not be skipped.
inline constexpr std::chrono::minutes kCertificateLookBack{10};

// Makes the certificate PDF of every stored credential that lacks one (CertificateMaker::Make)
// and stores it (Registry::PutCertificate), for the public role to serve. The issuer role runs
// one pass every few seconds. Not thread-safe: one caller at a time. Several processes may run
// one each: a PDF made twice is stored twice, and either is right.
class CertificateWorker {
 public:
  // Both must outlive the worker.
  CertificateWorker(const CertificateMaker& maker, store::Registry& registry)
      : maker_(maker), registry_(registry) {}

  // One pass over the credentials issued since the last pass (all of them on the first),
  // less kCertificateLookBack. Returns how many certificates it made and stored. A credential
  // the maker refuses (one it cannot render, as a credential issued through the VC API with
  // terms of its own) is reported once to stderr and skipped from then on. Fails as the
  // registry does; certificates stored before a failure stay stored.
  Result<int> RunOnce();

 private:
  const CertificateMaker& maker_;
  store::Registry& registry_;
  std::string since_;              // RFC 3339: where the next pass starts ("" = everything)
  std::set<std::string> refused_;  // ids the maker could not make a certificate for
};

}  // namespace pramaan::cli

#endif  // PRAMAAN_CLI_CERTIFICATES_H_
