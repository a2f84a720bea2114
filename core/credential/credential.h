// The parts of a Verifiable Credential (VC Data Model 1.1 and 2.0) that issuance and
// verification reason about, read from its JSON.
#ifndef PRAMAAN_CORE_CREDENTIAL_CREDENTIAL_H_
#define PRAMAAN_CORE_CREDENTIAL_CREDENTIAL_H_

#include <optional>
#include <string>
#include <vector>

#include "core/json/json.h"
#include "core/result.h"
#include "core/time/rfc3339.h"

namespace pramaan {

enum class VcVersion { kV1_1, kV2_0 };

struct CredentialHeader {
  VcVersion version;
  std::string id;                 // "" when the credential has none
  std::vector<std::string> types;
  std::string issuer_id;          // issuer, or issuer.id
  std::optional<Timestamp> valid_from;   // validFrom (2.0) or issuanceDate (1.1)
  std::optional<Timestamp> valid_until;  // validUntil (2.0) or expirationDate (1.1)
};

// Reads and checks the shape the data models require: the base context first, a type list
// containing "VerifiableCredential", an issuer (a URL or an object with an id), the rules of
// CheckDataModelRules, and well-formed dates. Fails with kInvalidInput naming the field at
// fault.
Result<CredentialHeader> ReadCredentialHeader(const Json& credential);

// The rules VC Data Model 2.0 (and 1.1) set for a credential's claims and its typed parts:
// - credentialSubject is an object or a non-empty list of objects, each making at least one
//   claim (not {});
// - each credentialStatus, termsOfUse, evidence, refreshService and credentialSchema entry is
//   an object with a type (a credentialSchema also with an id);
// - relatedResource is well-formed (ReadRelatedResources).
// Fails with kInvalidInput naming the entry at fault ("termsOfUse[1] must have a type").
Status CheckDataModelRules(const Json& credential);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_CREDENTIAL_CREDENTIAL_H_
