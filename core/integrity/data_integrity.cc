#include "core/integrity/data_integrity.h"

#include <utility>

#include "core/encoding/multibase.h"
#include "core/integrity/eddsa_jcs_2022.h"
#include "core/integrity/eddsa_rdfc_2022.h"
#include "core/time/rfc3339.h"

namespace pramaan {
namespace {

constexpr std::string_view kProofType = "DataIntegrityProof";

// Hashes `document` less its member `excluded` ("" for none) under `suite`.
Result<std::array<uint8_t, 64>> HashData(Cryptosuite suite, const Json& document,
                                         Json proof_config, std::string_view excluded,
                                         const ContextLoader& contexts) {
  switch (suite) {
    case Cryptosuite::kEddsaJcs2022:
      return EddsaJcs2022HashData(document, proof_config, excluded);
    case Cryptosuite::kEddsaRdfc2022:
      return EddsaRdfc2022HashData(document, std::move(proof_config), excluded, contexts);
  }
  return Internal("unhandled cryptosuite");
}

// True when the document's @context defines the DataIntegrityProof terms (VC 2.0 does; a
// VC 1.1 document needs the Data Integrity context).
bool DefinesProofTerms(const Json& document) {
  const auto context = document.find("@context");
  if (context == document.end()) return false;
  for (const Json& entry : context->is_array() ? *context : Json::array({*context})) {
    if (entry == kCredentialsV2Context || entry == kDataIntegrityContext ||
        entry == "https://w3id.org/security/data-integrity/v1") {
      return true;
    }
  }
  return false;
}

// The proofs of `document` as a list: none, one object, or the members of an array.
Result<std::vector<const Json*>> ProofsOf(const Json& document) {
  std::vector<const Json*> proofs;
  const auto it = document.find("proof");
  if (it == document.end()) return proofs;
  if (it->is_object()) {
    proofs.push_back(&*it);
  } else if (it->is_array()) {
    for (const Json& p : *it) proofs.push_back(&p);
  } else {
    return InvalidInput("\"proof\" must be an object or an array of objects");
  }
  return proofs;
}

// Sets unsecured["proof"] to the proofs whose id is one of `previous` (a string or an array of
// strings), as the Data Integrity proof-chain algorithm requires. Fails if one is missing.
Status AttachPreviousProofs(const std::vector<const Json*>& proofs, const Json& previous,
                            Json* unsecured) {
  std::vector<std::string> ids;
  if (previous.is_string()) {
    ids.push_back(previous.get<std::string>());
  } else if (previous.is_array()) {
    for (const Json& id : previous) {
      if (!id.is_string()) return InvalidInput("previousProof must be a string or strings");
      ids.push_back(id.get<std::string>());
    }
  } else {
    return InvalidInput("previousProof must be a string or an array of strings");
  }
  Json matching = Json::array();
  for (const std::string& id : ids) {
    bool found = false;
    for (const Json* p : proofs) {
      if (GetString(*p, "id") == id) {
        matching.push_back(*p);
        found = true;
      }
    }
    if (!found) return InvalidInput("previousProof \"" + id + "\" names no proof in the document");
  }
  (*unsecured)["proof"] = std::move(matching);
  return Status::Ok();
}

ProofVerification VerifyOne(const Json& document, const std::vector<const Json*>& proofs,
                            const Json& proof, const DidResolver& resolver,
                            const ContextLoader& contexts) {
  ProofVerification out;
  const auto fail = [&out](std::string detail) {
    out.detail = std::move(detail);
    return out;
  };
  if (!proof.is_object()) return fail("a proof must be a JSON object");
  out.verification_method = GetString(proof, "verificationMethod");
  out.created = GetString(proof, "created");
  out.expires = GetString(proof, "expires");
  if (GetString(proof, "type") != kProofType) {
    return fail("proof type must be DataIntegrityProof, not \"" + GetString(proof, "type") + "\"");
  }
  auto suite = CryptosuiteFromName(GetString(proof, "cryptosuite"));
  if (!suite.ok()) return fail(suite.error().message());
  if (GetString(proof, "proofPurpose") != "assertionMethod") {
    return fail("proofPurpose must be assertionMethod for a credential");
  }
  if (out.verification_method.empty()) return fail("the proof has no verificationMethod");
  if (proof.contains("created") &&
      (!proof["created"].is_string() || !ParseRfc3339(out.created).ok())) {
    return fail("the proof's created is not an RFC 3339 date-time");
  }
  const auto value = proof.find("proofValue");
  if (value == proof.end() || !value->is_string()) return fail("the proof has no proofValue");
  // A 64-byte signature is at most 89 base58 characters; refusing longer text bounds the
  // (quadratic) decoding work an attacker can demand.
  const std::string& encoded = value->get_ref<const std::string&>();
  auto signature = encoded.size() <= 100 ? DecodeMultibase(encoded)
                                         : Result<std::vector<uint8_t>>(InvalidInput("too long"));
  if (!signature.ok() || signature->size() != 64) {
    return fail("proofValue is not a multibase-encoded 64-byte Ed25519 signature");
  }
  // The proof's @context, when present, must be the document's: the vc-di-eddsa algorithm
  // only requires a prefix and then hashes the document under the proof's context, which
  // would let contexts be appended after signing. We accept no change at all.
  if (const auto context = proof.find("@context"); context != proof.end()) {
    const auto doc_context = document.find("@context");
    if (doc_context == document.end() || *doc_context != *context) {
      return fail("the proof's @context differs from the document's");
    }
  }
  auto method = resolver.ResolveAssertionMethod(out.verification_method);
  if (!method.ok()) return fail(method.error().message());
  out.controller = method->controller;

  Json proof_config = proof;
  proof_config.erase("proofValue");
  Result<std::array<uint8_t, 64>> hash_data = Internal("unset");
  if (const auto previous = proof.find("previousProof"); previous != proof.end()) {
    // A chained proof covers the proofs it names: only this case needs a modified copy.
    Json unsecured = document;
    if (Status s = AttachPreviousProofs(proofs, *previous, &unsecured); !s.ok()) {
      return fail(s.error().message());
    }
    hash_data = HashData(*suite, unsecured, std::move(proof_config), "", contexts);
  } else {
    hash_data = HashData(*suite, document, std::move(proof_config), "proof", contexts);
  }
  if (!hash_data.ok()) return fail(hash_data.error().message());
  if (!method->public_key.Verify(*signature, *hash_data)) {
    return fail("the signature does not match the document: it was changed after signing or "
                "signed by another key");
  }
  // After the signature: a tampered document says so first; a well-signed proof by a
  // compromised key is exactly what whoever took the key would produce.
  if (Status trusted = CheckKeyNotCompromised(*method, out.created); !trusted.ok()) {
    return fail(trusted.error().message());
  }
  out.verified = true;
  return out;
}

}  // namespace

Status CheckKeyNotCompromised(const VerificationMethod& method, std::string_view created) {
  if (!method.revoked) return Status::Ok();
  const std::string since = FormatRfc3339(*method.revoked);
  const std::string prefix =
      "the key " + method.id + " was declared compromised from " + since + " and this proof ";
  if (created.empty()) {
    return InvalidInput(prefix + "does not say when it was created: it cannot be trusted");
  }
  auto made = ParseRfc3339(created);
  if (!made.ok()) {
    return InvalidInput(prefix + "has an unreadable created time: it cannot be trusted");
  }
  if (!(*made < *method.revoked)) {
    return InvalidInput(prefix + "was created at " + std::string(created) +
                        ": it cannot be trusted");
  }
  return Status::Ok();
}

Result<Cryptosuite> CryptosuiteFromName(std::string_view name) {
  if (name == "eddsa-rdfc-2022") return Cryptosuite::kEddsaRdfc2022;
  if (name == "eddsa-jcs-2022") return Cryptosuite::kEddsaJcs2022;
  return Unsupported("unsupported cryptosuite \"" + std::string(name) +
                     "\" (supported: eddsa-rdfc-2022, eddsa-jcs-2022)");
}

std::string_view CryptosuiteName(Cryptosuite suite) {
  switch (suite) {
    case Cryptosuite::kEddsaJcs2022:
      return "eddsa-jcs-2022";
    case Cryptosuite::kEddsaRdfc2022:
      return "eddsa-rdfc-2022";
  }
  return "unknown";
}

Result<Json> CreateProof(const Json& document, const ProofOptions& options,
                         const Signer& signer, const ContextLoader& contexts) {
  PRAMAAN_ASSIGN_OR_RETURN(SignedProof signed_proof,
                           CreateSignedProof(document, options, signer, contexts));
  return std::move(signed_proof.proof);
}

Result<SignedProof> CreateSignedProof(const Json& document, const ProofOptions& options,
                                      const Signer& signer, const ContextLoader& contexts) {
  if (!document.is_object()) return InvalidInput("only a JSON object can be signed");
  if (options.verification_method.empty()) return InvalidInput("a verification method is required");
  if (!ParseRfc3339(options.created).ok()) {
    return InvalidInput("proof created \"" + options.created + "\" is not an RFC 3339 date-time");
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::vector<const Json*> existing, ProofsOf(document));
  // Every context known, or pinned by the document's relatedResource (our own published
  // context is), before anything is expanded.
  if (options.cryptosuite == Cryptosuite::kEddsaRdfc2022) {
    PRAMAAN_RETURN_IF_ERROR(contexts.CheckDocumentContexts(document));
  }
  if (options.cryptosuite == Cryptosuite::kEddsaRdfc2022 && !DefinesProofTerms(document)) {
    return InvalidInput(
        "a DataIntegrityProof needs its terms defined: add the context "
        "https://w3id.org/security/data-integrity/v2 (VC 1.1) or use VC 2.0");
  }

  Json config = Json::object();
  config["type"] = kProofType;
  if (!options.id.empty()) config["id"] = options.id;
  config["cryptosuite"] = CryptosuiteName(options.cryptosuite);
  config["created"] = options.created;
  config["verificationMethod"] = options.verification_method;
  config["proofPurpose"] = options.proof_purpose;
  if (!options.previous_proof.empty()) config["previousProof"] = options.previous_proof;
  // eddsa-jcs-2022 carries the document's @context in the proof; eddsa-rdfc-2022 does not
  // (its hashing puts it back), as the vc-di-eddsa vectors show.
  if (const auto context = document.find("@context");
      context != document.end() && options.cryptosuite == Cryptosuite::kEddsaJcs2022) {
    config["@context"] = *context;
  }

  Result<std::array<uint8_t, 64>> hash_data = Internal("unset");
  if (!options.previous_proof.empty()) {
    Json unsecured = document;
    PRAMAAN_RETURN_IF_ERROR(
        AttachPreviousProofs(existing, Json(options.previous_proof), &unsecured));
    hash_data = HashData(options.cryptosuite, unsecured, config, "", contexts);
  } else {
    // A proof of a set covers the document without any proof.
    hash_data = HashData(options.cryptosuite, document, config, "proof", contexts);
  }
  if (!hash_data.ok()) return hash_data.error();
  SignedProof out;
  PRAMAAN_ASSIGN_OR_RETURN(out.signature, signer.Sign(*hash_data));
  config["proofValue"] = EncodeMultibaseBase58Btc(out.signature);
  out.proof = std::move(config);
  out.hash_data = *hash_data;
  return out;
}

bool AddProofContextIfMissing(Json* document) {
  if (!document->is_object() || DefinesProofTerms(*document)) return false;
  const auto context = document->find("@context");
  if (context == document->end() || context->is_null()) return false;
  if (!context->is_array()) *context = Json::array({std::move(*context)});
  context->push_back(kDataIntegrityContext);
  return true;
}

Result<Json> AddProof(Json document, const ProofOptions& options, const Signer& signer,
                      const ContextLoader& contexts) {
  AddProofContextIfMissing(&document);
  PRAMAAN_ASSIGN_OR_RETURN(Json proof, CreateProof(document, options, signer, contexts));
  const auto existing = document.find("proof");
  if (existing == document.end()) {
    document["proof"] = std::move(proof);
  } else if (existing->is_array()) {
    existing->push_back(std::move(proof));
  } else {
    Json set = Json::array({std::move(*existing), std::move(proof)});
    *existing = std::move(set);
  }
  return document;
}

Result<std::vector<ProofVerification>> VerifyProofs(const Json& document,
                                                    const DidResolver& resolver,
                                                    const ContextLoader& contexts) {
  if (!document.is_object()) return InvalidInput("a credential must be a JSON object");
  std::vector<ProofVerification> results;
  auto proofs = ProofsOf(document);
  if (!proofs.ok()) {
    ProofVerification bad;
    bad.detail = proofs.error().message();
    results.push_back(std::move(bad));
    return results;
  }
  for (const Json* proof : *proofs) {
    results.push_back(VerifyOne(document, *proofs, *proof, resolver, contexts));
  }
  return results;
}

}  // namespace pramaan
