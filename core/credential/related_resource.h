// Related resources (VC Data Model 2.0 section 5.3, "Integrity of Related Resources"): the
// resources a credential pins by a digest of their bytes, such as the JSON-LD contexts it
// names, so that a verifier can tell the copy it holds is the one the issuer signed against.
#ifndef PRAMAAN_CORE_CREDENTIAL_RELATED_RESOURCE_H_
#define PRAMAAN_CORE_CREDENTIAL_RELATED_RESOURCE_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/json/json.h"
#include "core/result.h"

namespace pramaan {

class ContextLoader;

struct RelatedResource {
  std::string id;                // the resource's URL
  std::string digest_sri;        // "sha384-BASE64" (W3C Subresource Integrity), or ""
  std::string digest_multibase;  // a multibase-encoded multihash, or ""
};

// The credential's "relatedResource" entries, checked as the data model requires: an object
// or a list of objects, each with a string "id", at least one of "digestSRI" and
// "digestMultibase" (each well-formed: SRI with sha256, sha384 or sha512; a multihash of
// sha2-256, sha2-384, sha2-512, sha3-256 or sha3-384 in base58btc 'z' or base64url 'u', of
// the length its algorithm gives), and no id listed twice. No member gives an empty list.
// Fails with kInvalidInput naming the entry ("relatedResource[1].digestSRI ...").
Result<std::vector<RelatedResource>> ReadRelatedResources(const Json& credential);

// Whether `bytes` have every digest `resource` gives. Digests are checked by
// ReadRelatedResources; one that is not well-formed does not match.
bool MatchesDigests(const RelatedResource& resource, std::string_view bytes);

// Checks the digest of every related resource of `credential` that this verifier holds a copy
// of (the bundled contexts): fails with kInvalidInput naming the first whose copy does not
// have the digest the credential gives (or any error of ReadRelatedResources). Resources it
// does not hold are not fetched and not checked.
Status CheckHeldRelatedResources(const Json& credential, const ContextLoader& contexts);

// The digestMultibase Pramaan writes for `bytes`: base64url ('u') of the sha2-256 multihash,
// the form VC Data Model 2.0's examples use.
std::string DigestMultibaseSha256(std::string_view bytes);

}  // namespace pramaan

#endif  // PRAMAAN_CORE_CREDENTIAL_RELATED_RESOURCE_H_
