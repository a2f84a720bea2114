#include "verifier/credential_verifier.h"

#include "core/integrity/data_integrity.h"

namespace pramaan {

Result<VerificationReport> CredentialVerifier::Check(const Json& credential) const {
  std::optional<CredentialHeader> header;
  return CheckAndReadHeader(credential, &header);
}

Result<VerificationOutcome> CredentialVerifier::Verify(Json credential) const {
  std::optional<CredentialHeader> header;
  PRAMAAN_ASSIGN_OR_RETURN(VerificationReport report, CheckAndReadHeader(credential, &header));
  VerificationOutcome outcome{std::move(report), std::nullopt};
  if (outcome.report.verified() && header) {
    outcome.credential = VerifiedCredential(std::move(credential), std::move(*header));
  }
  return outcome;
}

Result<VerificationReport> CredentialVerifier::CheckAndReadHeader(
    const Json& credential, std::optional<CredentialHeader>* header_out) const {
  PRAMAAN_ASSIGN_OR_RETURN(TimelessVerification timeless,
                           CheckTimelessAndReadHeader(credential, header_out));
  return timeless.At(clock_.Now());
}

Result<TimelessVerification> CredentialVerifier::CheckTimeless(const Json& credential) const {
  std::optional<CredentialHeader> header;
  return CheckTimelessAndReadHeader(credential, &header);
}

Result<TimelessVerification> CredentialVerifier::CheckTimelessAndReadHeader(
    const Json& credential, std::optional<CredentialHeader>* header_out) const {
  if (!credential.is_object()) return InvalidInput("a credential must be a JSON object");
  PRAMAAN_RETURN_IF_ERROR(contexts_.CheckDocumentContexts(credential));

  TimelessVerification result;
  VerificationReport& report = result.report;
  auto header = ReadCredentialHeader(credential);
  report.Add("schema", header.ok(),
             header.ok() ? "a VC Data Model " +
                               std::string(header->version == VcVersion::kV2_0 ? "2.0" : "1.1") +
                               " credential"
                         : header.error().message());

  PRAMAAN_ASSIGN_OR_RETURN(std::vector<ProofVerification> proofs,
                           VerifyProofs(credential, resolver_, contexts_));
  std::string proof_detail;
  bool proofs_ok = !proofs.empty();
  if (proofs.empty()) proof_detail = "the credential has no proof";
  for (const ProofVerification& proof : proofs) {
    if (!proof_detail.empty()) proof_detail += "; ";
    if (proof.verified) {
      proof_detail += "signature by " + proof.verification_method + " verifies";
    } else {
      proofs_ok = false;
      proof_detail += (proof.verification_method.empty() ? std::string("a proof")
                                                         : proof.verification_method) +
                      ": " + proof.detail;
    }
  }
  report.Add("proof", proofs_ok, proof_detail);

  // Every proof must be made with a key the issuer controls: a valid signature by anyone
  // else says nothing about who issued the credential.
  const std::string issuer_id = header.ok() ? header->issuer_id : "";
  bool issuer_ok = proofs_ok && !issuer_id.empty();
  std::string issuer_detail;
  for (const ProofVerification& proof : proofs) {
    if (!proof.verified) continue;
    if (proof.controller != issuer_id) {
      issuer_ok = false;
      issuer_detail = "the key " + proof.verification_method + " is controlled by " +
                      proof.controller + ", not by the issuer " +
                      (issuer_id.empty() ? std::string("(none)") : issuer_id);
      break;
    }
  }
  if (issuer_detail.empty()) {
    issuer_detail = issuer_ok ? "signed with a key of the issuer " + issuer_id
                              : "no verified proof binds the credential to its issuer";
  }
  report.Add("issuer", issuer_ok, issuer_detail);

  ValidityWindow& window = result.window;
  window.readable = header.ok();
  if (header.ok()) {
    window.valid_from = header->valid_from;
    window.valid_until = header->valid_until;
  }
  for (const ProofVerification& proof : proofs) {
    if (!proof.expires.empty()) {
      window.proof_expiries.push_back({proof.verification_method, proof.expires});
    }
  }
  if (header.ok()) *header_out = std::move(header).value();
  return result;
}

Check ValidityWindow::CheckAt(Timestamp now) const {
  bool valid_now = readable;
  std::string detail = readable ? "within its validity period" : "dates unreadable";
  if (readable && valid_from && now < *valid_from) {
    valid_now = false;
    detail = "not valid until " + FormatRfc3339(*valid_from);
  } else if (readable && valid_until && now >= *valid_until) {
    valid_now = false;
    detail = "expired at " + FormatRfc3339(*valid_until);
  }
  for (const ProofExpiry& proof : proof_expiries) {
    auto expires = ParseRfc3339(proof.expires);
    if (!expires.ok() || now >= *expires) {
      valid_now = false;
      detail = "the proof by " + proof.verification_method + " expired (" + proof.expires + ")";
    }
  }
  return {"validity", valid_now, std::move(detail)};
}

VerificationReport TimelessVerification::At(Timestamp now) const {
  VerificationReport full = report;
  Check validity = window.CheckAt(now);
  full.Add(std::move(validity.id), validity.passed, std::move(validity.detail));
  return full;
}

}  // namespace pramaan
