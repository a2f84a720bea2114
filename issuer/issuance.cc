#include "issuer/issuance.h"

#include "issuer/credential_id.h"
#include "issuer/identity_hash.h"

namespace pramaan {

Result<UnsignedCredential> IssuancePipeline::Prepare(Json record) const {
  PRAMAAN_ASSIGN_OR_RETURN(ValidatedRecord validated, ValidatedRecord::Create(std::move(record)));
  BuildContext context{issuer_, base_url_, NewCredentialId(), clock_.Now(), NewIdentitySalt};
  return BuildCredential(validated, context);
}

Result<IssuedCredential> IssuancePipeline::Sign(const UnsignedCredential& credential) const {
  ProofOptions options = proof_;
  options.created = FormatRfc3339(clock_.Now());
  PRAMAAN_ASSIGN_OR_RETURN(Json signed_credential,
                           AddProof(credential.document(), options, signer_, contexts_));
  // Verify our own output before anyone sees it: a bug in canonicalization or a bad key
  // must stop issuance, not produce certificates that fail for every verifier.
  PRAMAAN_ASSIGN_OR_RETURN(std::vector<ProofVerification> proofs,
                           VerifyProofs(signed_credential, resolver_, contexts_));
  if (proofs.size() != 1 || !proofs[0].verified || proofs[0].controller != issuer_.id) {
    return Internal("self-check failed for credential " + credential.credential_id() + ": " +
                    (proofs.empty() ? std::string("no proof") : proofs[0].detail));
  }
  return IssuedCredential{credential.credential_id(), credential.source_record_id(),
                          std::move(signed_credential)};
}

Result<IssuedCredential> IssuancePipeline::Issue(Json record) const {
  PRAMAAN_ASSIGN_OR_RETURN(UnsignedCredential unsigned_credential, Prepare(std::move(record)));
  return Sign(unsigned_credential);
}

}  // namespace pramaan
