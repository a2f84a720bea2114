#include "issuer/issuance.h"

#include "issuer/credential_id.h"
#include "issuer/identity_hash.h"

namespace pramaan {

Result<UnsignedCredential> IssuancePipeline::Prepare(Json record) const {
  // Before the schema: a NUL in a name would otherwise reach the page, the PDF and the QR.
  PRAMAAN_RETURN_IF_ERROR(CheckNoControlCharacters(record, ""));
  PRAMAAN_ASSIGN_OR_RETURN(ValidatedRecord validated, ValidatedRecord::Create(std::move(record)));
  BuildContext context{issuer_, base_url_, NewCredentialId(), clock_.Now(), NewIdentitySalt,
                       context_url_};
  return BuildCredential(validated, context);
}

Result<IssuedCredential> IssuancePipeline::Sign(const UnsignedCredential& credential) const {
  ProofOptions options = proof_;
  options.created = FormatRfc3339(clock_.Now());
  if (credential.document().contains("proof")) {
    return InvalidInput("credential " + credential.credential_id() + " is already signed");
  }
  PRAMAAN_ASSIGN_OR_RETURN(SignedProof signed_proof,
                           CreateSignedProof(credential.document(), options, signer_, contexts_));
  // Check our own signature before anyone sees it, as a verifier would: the key the issuer's
  // DID document gives for the verification method, controlled by the issuer and not
  // declared compromised, must verify the signature over exactly the bytes signed. A wrong or
  // mismatched key, or a faulty signer, stops issuance instead of producing certificates that
  // fail for every verifier. (Canonicalizing again would only repeat the same computation:
  // the verifier's own path is held to the W3C vectors by the tests.)
  const auto self_check_failed = [&](const std::string& why) {
    return Internal("self-check failed for credential " + credential.credential_id() + ": " + why);
  };
  auto method = resolver_.ResolveAssertionMethod(options.verification_method);
  if (!method.ok()) return self_check_failed(method.error().message());
  if (method->controller != issuer_.id) {
    return self_check_failed("the key " + method->id + " is controlled by " + method->controller +
                             ", not by the issuer " + issuer_.id);
  }
  if (Status trusted = CheckKeyNotCompromised(*method, options.created); !trusted.ok()) {
    return self_check_failed(trusted.error().message());
  }
  if (!method->public_key.Verify(signed_proof.signature, signed_proof.hash_data)) {
    return self_check_failed("the signature does not verify with " + method->id);
  }
  Json signed_credential = credential.document();
  signed_credential["proof"] = std::move(signed_proof.proof);
  return IssuedCredential{credential.credential_id(), credential.source_record_id(),
                          std::move(signed_credential)};
}

Result<IssuedCredential> IssuancePipeline::Issue(Json record) const {
  PRAMAAN_ASSIGN_OR_RETURN(UnsignedCredential unsigned_credential, Prepare(std::move(record)));
  return Sign(unsigned_credential);
}

}  // namespace pramaan
