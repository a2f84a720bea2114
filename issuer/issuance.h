// The issuance pipeline: validate -> build -> sign -> verify own output.
#ifndef PRAMAAN_ISSUER_ISSUANCE_H_
#define PRAMAAN_ISSUER_ISSUANCE_H_

#include <string>

#include "core/crypto/signer.h"
#include "core/did/did_resolver.h"
#include "core/integrity/data_integrity.h"
#include "core/json/json.h"
#include "core/result.h"
#include "core/time/clock.h"
#include "issuer/credential_builder.h"

namespace pramaan {

struct IssuedCredential {
  std::string credential_id;     // the short id in {base_url}/credentials/{id}
  std::string source_record_id;  // the platform's id for the record (the idempotency key)
  Json credential;               // the signed credential
};

class IssuancePipeline {
 public:
  // All references must outlive the pipeline. `proof` supplies the cryptosuite and the
  // verification method; its `created` is replaced by the clock's time at each signature.
  // `resolver` must resolve the issuer's own key: every credential is verified with it
  // before it is returned.
  // `contexts` supplies the JSON-LD contexts eddsa-rdfc-2022 needs.
  IssuancePipeline(IssuerProfile issuer, std::string base_url, const Signer& signer,
                   ProofOptions proof, const DidResolver& resolver, const Clock& clock,
                   const ContextLoader& contexts = ContextLoader::Bundled(),
                   std::string context_url = {})
      : issuer_(std::move(issuer)),
        base_url_(std::move(base_url)),
        signer_(signer),
        proof_(std::move(proof)),
        resolver_(resolver),
        clock_(clock),
        contexts_(contexts),
        context_url_(std::move(context_url)) {}

  // Validates `record` and builds its unsigned credential with a fresh id and fresh salts.
  // Signs nothing, so a batch can check every record before issuing any. Fails with
  // kInvalidInput naming the field at fault.
  Result<UnsignedCredential> Prepare(Json record) const;

  // Signs `credential` and verifies the result with the verifier's own proof check (the
  // signature verifies and the key is the issuer's). Fails with kInternal if that check
  // fails: a credential we cannot verify is never returned.
  Result<IssuedCredential> Sign(const UnsignedCredential& credential) const;

  // Prepare then Sign.
  Result<IssuedCredential> Issue(Json record) const;

 private:
  IssuerProfile issuer_;
  std::string base_url_;
  const Signer& signer_;
  ProofOptions proof_;
  const DidResolver& resolver_;
  const Clock& clock_;
  const ContextLoader& contexts_;
  std::string context_url_;  // BuildContext::context_url
};

}  // namespace pramaan

#endif  // PRAMAAN_ISSUER_ISSUANCE_H_
