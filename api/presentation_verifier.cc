#include "api/presentation_verifier.h"

#include <algorithm>

#include "core/encoding/multibase.h"
#include "core/integrity/eddsa_jcs_2022.h"
#include "core/integrity/eddsa_rdfc_2022.h"
#include "core/integrity/data_integrity.h"

namespace pramaan::api {
namespace {

bool HasType(const Json& document, std::string_view type) {
  const auto it = document.find("type");
  if (it == document.end()) return false;
  if (it->is_string()) return *it == type;
  if (!it->is_array()) return false;
  return std::any_of(it->begin(), it->end(), [&](const Json& t) { return t == type; });
}

std::string HolderOf(const Json& presentation) {
  const auto it = presentation.find("holder");
  if (it == presentation.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  return GetString(*it, "id");
}

// One holder proof: the signature and the key, then the challenge and domain.
struct HolderProof {
  bool signature_ok = false;
  std::string detail;
  std::string controller;
  bool challenge_ok = true;
  bool domain_ok = true;
};

HolderProof CheckHolderProof(const Json& presentation, const Json& proof,
                             const PresentationOptions& options, const DidResolver& resolver,
                             const ContextLoader& contexts) {
  HolderProof out;
  if (!proof.is_object()) {
    out.detail = "a proof must be a JSON object";
    return out;
  }
  if (options.challenge) out.challenge_ok = GetString(proof, "challenge") == *options.challenge;
  if (options.domain) {
    const auto domain = proof.find("domain");
    out.domain_ok = domain != proof.end() &&
                    (*domain == *options.domain ||
                     (domain->is_array() &&
                      std::find(domain->begin(), domain->end(), Json(*options.domain)) !=
                          domain->end()));
  }
  const std::string method_url = GetString(proof, "verificationMethod");
  if (GetString(proof, "type") != "DataIntegrityProof") {
    out.detail = "proof type must be DataIntegrityProof";
    return out;
  }
  auto suite = CryptosuiteFromName(GetString(proof, "cryptosuite"));
  if (!suite.ok()) {
    out.detail = suite.error().message();
    return out;
  }
  if (GetString(proof, "proofPurpose") != "authentication") {
    out.detail = "proofPurpose must be authentication for a presentation";
    return out;
  }
  const std::string encoded = GetString(proof, "proofValue");
  auto signature = encoded.size() <= 100 ? DecodeMultibase(encoded)
                                         : Result<std::vector<uint8_t>>(InvalidInput("too long"));
  if (!signature.ok() || signature->size() != 64) {
    out.detail = "proofValue is not a multibase-encoded 64-byte Ed25519 signature";
    return out;
  }
  const std::string did = method_url.substr(0, method_url.find('#'));
  auto document = resolver.Resolve(did);
  if (!document.ok()) {
    out.detail = document.error().message();
    return out;
  }
  // Only a key the holder's DID document authorizes for authentication may prove who presents.
  const VerificationMethod* method = document->FindAuthenticationMethod(method_url);
  if (method == nullptr) {
    out.detail = "the DID document of " + did + " does not authorize " + method_url +
                 " for authentication";
    return out;
  }
  out.controller = method->controller;
  Json proof_config = proof;
  proof_config.erase("proofValue");
  auto hash = *suite == Cryptosuite::kEddsaRdfc2022
                  ? EddsaRdfc2022HashData(presentation, proof_config, "proof", contexts)
                  : EddsaJcs2022HashData(presentation, proof_config, "proof");
  if (!hash.ok()) {
    out.detail = hash.error().message();
    return out;
  }
  if (!method->public_key.Verify(*signature, *hash)) {
    out.detail = "the signature by " + method_url + " does not match the presentation";
    return out;
  }
  // As for credentials: a key its DID document declares compromised proves nothing from then on.
  if (Status trusted = CheckKeyNotCompromised(*method, GetString(proof, "created"));
      !trusted.ok()) {
    out.detail = trusted.error().message();
    return out;
  }
  out.signature_ok = true;
  out.detail = "signature by " + method_url + " verifies";
  return out;
}

}  // namespace

Result<PresentationVerification> VerifyPresentation(const Json& presentation,
                                                    const PresentationOptions& options,
                                                    const CredentialVerifier& credentials,
                                                    const DidResolver& resolver,
                                                    const ContextLoader& contexts) {
  if (!presentation.is_object()) return InvalidInput("a presentation must be a JSON object");
  // The holder's proof canonicalizes the whole presentation: bounded as one credential is.
  PRAMAAN_RETURN_IF_ERROR(CheckVerificationLimits(presentation, VerificationLimits{}, "the presentation"));
  PRAMAAN_RETURN_IF_ERROR(contexts.CheckDocumentContexts(presentation));
  PresentationVerification result;
  VerificationReport& report = result.report;

  const auto context = presentation.find("@context");
  const bool context_ok = context != presentation.end() && context->is_array() &&
                          !context->empty() &&
                          ((*context)[0] == kCredentialsV2Context ||
                           (*context)[0] == kCredentialsV1Context);
  const bool type_ok = HasType(presentation, "VerifiablePresentation");
  report.Add("schema", context_ok && type_ok,
             !context_ok ? "@context must start with the VC 1.1 or 2.0 context"
             : !type_ok  ? "type must include VerifiablePresentation"
                         : "a verifiable presentation");

  std::vector<const Json*> proofs;
  if (const auto it = presentation.find("proof"); it != presentation.end()) {
    if (it->is_array()) {
      for (const Json& proof : *it) proofs.push_back(&proof);
    } else {
      proofs.push_back(&*it);
    }
  }
  const std::string holder = HolderOf(presentation);
  bool proof_ok = !proofs.empty();
  bool holder_ok = !proofs.empty();
  bool challenge_ok = !proofs.empty();
  bool domain_ok = !proofs.empty();
  std::string proof_detail = proofs.empty() ? "the presentation has no proof" : "";
  for (const Json* proof : proofs) {
    HolderProof checked = CheckHolderProof(presentation, *proof, options, resolver, contexts);
    if (!proof_detail.empty()) proof_detail += "; ";
    proof_detail += checked.detail;
    proof_ok = proof_ok && checked.signature_ok;
    holder_ok = holder_ok && checked.signature_ok && checked.controller == holder;
    challenge_ok = challenge_ok && checked.challenge_ok;
    domain_ok = domain_ok && checked.domain_ok;
  }
  report.Add("proof", proof_ok, proof_detail);
  if (holder.empty()) {
    // VC Data Model 2.0 section 4.13: holder is optional. Without one there is nobody the
    // proof must belong to; the proof, challenge and domain still decide.
    report.AddNotChecked("holder", "the presentation names no holder");
  } else {
    report.Add("holder", holder_ok,
               holder_ok ? "signed with a key of the holder " + holder
                         : "no verified proof was made with a key of the holder " + holder);
  }
  if (options.challenge) {
    report.Add("challenge", challenge_ok,
               challenge_ok ? "the proof carries the expected challenge"
                            : "the proof's challenge is not the expected one");
  }
  if (options.domain) {
    report.Add("domain", domain_ok,
               domain_ok ? "the proof is bound to the expected domain"
                         : "the proof's domain is not the expected one");
  }

  std::vector<const Json*> embedded;
  if (const auto it = presentation.find("verifiableCredential"); it != presentation.end()) {
    if (it->is_array()) {
      for (const Json& credential : *it) embedded.push_back(&credential);
    } else {
      embedded.push_back(&*it);
    }
  }
  bool credentials_ok = true;
  std::string credentials_detail;
  for (size_t i = 0; i < embedded.size(); ++i) {
    auto checked = credentials.Check(*embedded[i]);
    VerificationReport credential_report;
    if (checked.ok()) {
      credential_report = std::move(checked).value();
    } else {
      credential_report.Add("credential", false, checked.error().message());
    }
    if (!credential_report.verified()) {
      credentials_ok = false;
      if (!credentials_detail.empty()) credentials_detail += "; ";
      credentials_detail += "credential " + std::to_string(i) + " does not verify";
    }
    result.credentials.push_back(std::move(credential_report));
  }
  if (credentials_ok) {
    credentials_detail = std::to_string(embedded.size()) + " credential" +
                         (embedded.size() == 1 ? "" : "s") + " verified";
  }
  report.Add("credentials", credentials_ok, credentials_detail);
  return result;
}

}  // namespace pramaan::api
