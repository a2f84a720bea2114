// A signed credential with one long array of strings, for the tests and the benchmark that
// check that verification costs time linear in the input (issue 17). Header-only so that
// bench/verify_scaling_bench.cc and tests/verifier/verification_cost_test.cc build the same
// document; it needs pramaan_core and pramaan_keys, not GoogleTest.
#ifndef PRAMAAN_TESTS_VERIFIER_TAGGED_CREDENTIAL_H_
#define PRAMAAN_TESTS_VERIFIER_TAGGED_CREDENTIAL_H_

#include <fstream>
#include <sstream>
#include <string>

#include "core/did/did_key.h"
#include "core/integrity/data_integrity.h"
#include "core/json/json.h"
#include "core/time/rfc3339.h"
#include "keys/ed25519_signer_sodium.h"

namespace pramaan::testing {

// Where the array goes.
enum class TagPlace {
  kUndefinedTerm,  // "tag" at the top level, which no context defines but the credentials
                   // context's @vocab maps to an issuer-dependent IRI; safe mode refuses to sign
                   // it, so it is added after signing: the credential expands in full and then
                   // fails its "proof" check
  kDefinedTerm,    // credentialSubject.achievement.tag, which Open Badges 3.0 defines; signed,
                   // so the credential verifies
};

inline const Timestamp kTaggedCredentialIssuedAt = *ParseRfc3339("2026-11-22T13:33:35Z");

// examples/signed/course-completion.credential.json, its proof removed, with `count` distinct
// strings "t0", "t1", ... at `place`, issued by a did:key and signed with eddsa-rdfc-2022 at
// kTaggedCredentialIssuedAt (for kUndefinedTerm, signed before the strings are added). `seed_byte` picks the key. Returns the JSON text, or "" if the
// example cannot be read or signing fails.
inline std::string SignedTaggedCredentialText(int count, TagPlace place, uint8_t seed_byte = 7) {
  std::ifstream in(PRAMAAN_SOURCE_DIR "/examples/signed/course-completion.credential.json",
                   std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  Result<Json> parsed = ParseJson(text.str(), "course-completion.credential.json");
  if (!parsed.ok() || !parsed->is_object()) return "";
  Json credential = std::move(parsed).value();
  credential.erase("proof");

  const uint8_t seed_bytes[kEd25519SeedSize] = {seed_byte};
  Result<Ed25519SignerSodium> signer = Ed25519SignerSodium::FromSeed(SecretBytes(seed_bytes));
  if (!signer.ok()) return "";
  credential["issuer"]["id"] = DidKeyFor(signer->public_key());

  Json tags = Json::array();
  for (int i = 0; i < count; ++i) tags.push_back("t" + std::to_string(i));
  if (place == TagPlace::kDefinedTerm) credential["credentialSubject"]["achievement"]["tag"] = tags;

  ProofOptions options;
  options.verification_method = DidKeyVerificationMethodFor(signer->public_key());
  options.created = FormatRfc3339(kTaggedCredentialIssuedAt);
  Result<Json> signed_credential = AddProof(std::move(credential), options, *signer);
  if (!signed_credential.ok()) return "";
  if (place == TagPlace::kUndefinedTerm) (*signed_credential)["tag"] = std::move(tags);
  return DumpJson(*signed_credential, false);
}

}  // namespace pramaan::testing

#endif  // PRAMAAN_TESTS_VERIFIER_TAGGED_CREDENTIAL_H_
