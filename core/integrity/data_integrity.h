// W3C Data Integrity: adding and verifying DataIntegrityProof proofs (proof sets and chains).
//
// The cryptosuite decides how a document is turned into bytes; this file does everything
// around that: proof configuration, proof sets (several independent proofs) and chains
// (a proof naming earlier ones in previousProof), multibase proof values, key resolution.
#ifndef PRAMAAN_CORE_INTEGRITY_DATA_INTEGRITY_H_
#define PRAMAAN_CORE_INTEGRITY_DATA_INTEGRITY_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/context/context_loader.h"
#include "core/crypto/signer.h"
#include "core/did/did_resolver.h"
#include "core/json/json.h"
#include "core/result.h"

namespace pramaan {

enum class Cryptosuite {
  kEddsaRdfc2022,  // JSON-LD -> RDF -> RDFC-1.0 + SHA-256 + Ed25519: signs the meaning
  kEddsaJcs2022,   // JCS (RFC 8785) + SHA-256 + Ed25519: signs the JSON itself
};

// The default: the suite Open Badges 3.0 and most verifiers accept.
inline constexpr Cryptosuite kDefaultCryptosuite = Cryptosuite::kEddsaRdfc2022;

// "eddsa-rdfc-2022" / "eddsa-jcs-2022". Fails with kUnsupported for any other name.
Result<Cryptosuite> CryptosuiteFromName(std::string_view name);
std::string_view CryptosuiteName(Cryptosuite suite);

struct ProofOptions {
  Cryptosuite cryptosuite = kDefaultCryptosuite;
  std::string verification_method;  // DID URL of the signing key
  std::string created;              // RFC 3339 timestamp, from the caller's clock
  std::string proof_purpose = "assertionMethod";
  std::string id;                   // optional proof id (needed for chains)
  std::string previous_proof;       // optional id of the proof this one chains to
};

// Returns the proof (with its proofValue) that AddProof would add to `document`, leaving
// `document` untouched; errors as AddProof.
Result<Json> CreateProof(const Json& document, const ProofOptions& options, const Signer& signer,
                         const ContextLoader& contexts = ContextLoader::Bundled());

// A proof with what its signature covers: enough to check the signature against a key
// without canonicalizing the document again.
struct SignedProof {
  Json proof;                            // as CreateProof returns it
  std::array<uint8_t, 64> hash_data{};  // the bytes signed (the proof's and the document's hashes)
  Ed25519Signature signature{};         // the signature proofValue encodes
};
// CreateProof, keeping the hash data and the signature.
Result<SignedProof> CreateSignedProof(const Json& document, const ProofOptions& options,
                                      const Signer& signer,
                                      const ContextLoader& contexts = ContextLoader::Bundled());

// The context that defines the DataIntegrityProof terms for documents whose own contexts do
// not (VC 1.1): https://w3id.org/security/data-integrity/v2.
inline constexpr std::string_view kDataIntegrityContext =
    "https://w3id.org/security/data-integrity/v2";

// Data Integrity 1.0, "Contexts and Vocabularies": when a document's @context
// does not define the proof's terms (a VC 1.1 credential naming only
// https://www.w3.org/2018/credentials/v1), the issuer adds kDataIntegrityContext at its end.
// Returns true when it was added; a document with no @context is left as it is.
bool AddProofContextIfMissing(Json* document);

// Returns `document` secured with one more proof (after AddProofContextIfMissing). A document that already has proofs gets a
// proof set (the "proof" member becomes an array); with options.previous_proof, the new proof
// also covers that earlier proof. eddsa-rdfc-2022 reads contexts from `contexts` and works in
// safe mode (see CanonicalizeJsonLdSafe). Fails with kInvalidInput if `document` is not an
// object, its "proof" is malformed, options are incomplete, previous_proof names no existing
// proof, or safe mode refuses the document; kNotFound for an unknown context; the signer's
// error if signing fails.
Result<Json> AddProof(Json document, const ProofOptions& options, const Signer& signer,
                      const ContextLoader& contexts = ContextLoader::Bundled());

// The outcome of checking one proof.
struct ProofVerification {
  std::string verification_method;  // as written in the proof ("" if absent)
  std::string controller;           // the key's controller per its DID document ("" if unresolved)
  std::string created;              // as written in the proof
  std::string expires;              // as written in the proof ("" if absent)
  bool verified = false;
  std::string detail;               // why it failed, or "" when verified
};

// Whether a proof by `method` created at `created` (as written in the proof, "" when absent)
// can be trusted given the key's declared compromise: always when method.revoked is unset;
// otherwise only when `created` is an RFC 3339 date-time strictly before method.revoked (a
// proof that does not say when it was made could have been made by whoever took the key).
// Compared in whole seconds with both rounded toward the past, so a proof made within the
// second the compromise begins fails. Fails with kInvalidInput whose message names the key,
// the compromise time and the proof's time, for a person to read.
Status CheckKeyNotCompromised(const VerificationMethod& method, std::string_view created);

// Checks the cryptography of every proof in `document`: the proof is a DataIntegrityProof of a
// supported cryptosuite for assertionMethod, its key resolves through `resolver` as an
// assertion method of its controller, the signature covers the document (and, for a chain,
// the earlier proofs), and the key was not declared compromised (a "revoked" time in its DID
// document) before the proof's created time (CheckKeyNotCompromised). A document without
// proofs yields an empty vector. Fails only when the input could not be examined at all (not
// an object); everything else is a failed entry.
// eddsa-rdfc-2022 proofs read contexts from `contexts`; a document that safe mode refuses
// fails its proof check.
Result<std::vector<ProofVerification>> VerifyProofs(
    const Json& document, const DidResolver& resolver,
    const ContextLoader& contexts = ContextLoader::Bundled());

}  // namespace pramaan

#endif  // PRAMAAN_CORE_INTEGRITY_DATA_INTEGRITY_H_
