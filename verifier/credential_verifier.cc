#include "verifier/credential_verifier.h"

#include <algorithm>
#include <string>

#include "core/credential/related_resource.h"
#include "core/integrity/data_integrity.h"

namespace pramaan {
namespace {

// schema, proof, issuer, trust, validity, status, supersession (verifier/report.h).
constexpr size_t kCredentialChecks = 7;

// Whoever holds a key declared compromised can date a proof before the compromise, so a
// proof by such a key counts only for a credential the registry holds exactly as issued.
// Returns why `credential` fails that, or "" (no proof by a compromised key, or one the
// registry vouches for).
std::string UnrecordedCompromisedProof(const std::vector<ProofVerification>& proofs,
                                       const DidResolver& resolver,
                                       const IssuedCredentials& issued, const Json& credential) {
  for (const ProofVerification& proof : proofs) {
    auto method = resolver.ResolveAssertionMethod(proof.verification_method);
    if (!method.ok() || !method->revoked) continue;
    std::string why = issued.WhyNotHeld(credential);
    if (why.empty()) continue;
    return "signed with " + proof.verification_method +
           ", which its issuer declared compromised, and " + why;
  }
  return "";
}

// Counts the values of `value` into `*count`, stopping (false) once it passes the limits.
bool CountValues(const Json& value, int depth, const VerificationLimits& limits,
                 std::size_t* count, int* deepest) {
  *deepest = std::max(*deepest, depth);
  if (++*count > limits.max_json_values || depth > limits.max_depth) return false;
  if (value.is_array()) {
    for (const Json& item : value.get_ref<const Json::array_t&>()) {
      if (!CountValues(item, depth + 1, limits, count, deepest)) return false;
    }
  } else if (value.is_object()) {
    for (const auto& member : value.get_ref<const Json::object_t&>()) {
      if (!CountValues(member.second, depth + 1, limits, count, deepest)) return false;
    }
  }
  return true;
}

}  // namespace

Status CheckVerificationLimits(const Json& document, const VerificationLimits& limits,
                               std::string_view what) {
  std::size_t count = 0;
  int deepest = 0;
  if (CountValues(document, 1, limits, &count, &deepest)) return Status::Ok();
  if (deepest > limits.max_depth) {
    return TooLarge(std::string(what) + " nests deeper than " +
                    std::to_string(limits.max_depth) +
                    " levels, the most one verification accepts");
  }
  return TooLarge(std::string(what) + " has more than " +
                  std::to_string(limits.max_json_values) +
                  " JSON values, the most one verification accepts");
}

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
  // As Complete, without copying the timeless checks.
  VerificationReport full = std::move(timeless.report);
  full.Add(timeless.window.CheckAt(clock_.Now()));
  full.Add(StatusCheckIfBound(full, credential));
  full.Add(SupersessionCheck(credential));
  return full;
}

Check CredentialVerifier::StatusCheckIfBound(const VerificationReport& timeless,
                                             const Json& credential) const {
  // Status lists are fetched (and believed) only for a credential whose proofs bind it to its
  // issuer: the URLs of an unsigned or forged credential are the forger's.
  const pramaan::Check* proof = timeless.Find("proof");
  const pramaan::Check* issuer = timeless.Find("issuer");
  if (proof == nullptr || !proof->passed || issuer == nullptr || !issuer->passed) {
    pramaan::Check check{"status", false,
                         "not checked: no verified proof binds the credential to its issuer"};
    check.checked = false;
    return check;
  }
  return StatusCheck(credential);
}

Result<TimelessVerification> CredentialVerifier::CheckTimeless(const Json& credential) const {
  std::optional<CredentialHeader> header;
  return CheckTimelessAndReadHeader(credential, &header);
}

Result<TimelessVerification> CredentialVerifier::CheckTimelessAndReadHeader(
    const Json& credential, std::optional<CredentialHeader>* header_out) const {
  if (!credential.is_object()) return InvalidInput("a credential must be a JSON object");
  PRAMAAN_RETURN_IF_ERROR(CheckVerificationLimits(credential, limits_));
  PRAMAAN_RETURN_IF_ERROR(contexts_.CheckDocumentContexts(credential));

  TimelessVerification result;
  VerificationReport& report = result.report;
  report.Reserve(kCredentialChecks);
  auto header = ReadCredentialHeader(credential);
  // VC Data Model 2.0 section 5.3: a related resource this verifier holds must have the
  // digest the credential gives for it.
  if (header.ok()) {
    if (Status held = CheckHeldRelatedResources(credential, contexts_); !held.ok()) {
      header = held.error();
    }
  }
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
  if (issuer_ok && sources_.issued != nullptr) {
    std::string why = UnrecordedCompromisedProof(proofs, resolver_, *sources_.issued, credential);
    if (!why.empty()) {
      issuer_ok = false;
      issuer_detail = std::move(why);
    }
  }
  report.Add("issuer", issuer_ok, issuer_detail);

  // Trust: a valid signature by a key the named issuer controls says only that whoever holds
  // that key made it; anyone can make a did:key and copy an issuer's name.
  std::string signer = issuer_id;
  if (signer.empty()) {
    for (const ProofVerification& proof : proofs) {
      if (proof.verified && !proof.controller.empty()) {
        signer = proof.controller;
        break;
      }
    }
  }
  const std::string shown = signer.empty() ? std::string("(no issuer)") : signer;
  if (sources_.trusted == nullptr || sources_.trusted->empty()) {
    report.AddNotChecked("trust", "issued and signed by " + shown +
                                      "; not checked against a list of trusted issuers");
  } else if (!signer.empty() && sources_.trusted->Contains(signer)) {
    report.Add("trust", true, "the issuer " + signer + " is one this verifier trusts");
  } else {
    std::string name;
    if (const auto issuer = credential.find("issuer");
        issuer != credential.end() && issuer->is_object()) {
      name = GetString(*issuer, "name");
    }
    report.Add("trust", false,
               "the issuer " + shown + (name.empty() ? "" : " (named \"" + name + "\")") +
                   " is not one this verifier trusts");
  }

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

VerificationReport CredentialVerifier::Complete(const TimelessVerification& timeless,
                                                const Json& credential) const {
  return CompleteAt(timeless, credential, clock_.Now());
}

VerificationReport CredentialVerifier::CompleteAt(const TimelessVerification& timeless,
                                                  const Json& credential, Timestamp now) const {
  VerificationReport full;
  full.Reserve(timeless.report.checks().size() + 3);
  for (const pramaan::Check& check : timeless.report.checks()) full.Add(check);
  for (pramaan::Check& check : TimeDependentChecks(timeless, credential, now)) {
    full.Add(std::move(check));
  }
  return full;
}

std::array<pramaan::Check, 3> CredentialVerifier::TimeDependentChecks(
    const TimelessVerification& timeless, const Json& credential, Timestamp now) const {
  return {timeless.window.CheckAt(now), StatusCheckIfBound(timeless.report, credential),
          SupersessionCheck(credential)};
}

Check CredentialVerifier::StatusCheck(const Json& credential) const {
  if (!credential.is_object() || !credential.contains("credentialStatus")) {
    return {"status", true, "the credential has no status entries"};
  }
  if (sources_.status == nullptr) {
    pramaan::Check check{"status", false, "not checked: no status source (offline)"};
    check.checked = false;
    return check;
  }
  auto found = sources_.status->Check(credential);
  if (!found.ok()) {
    pramaan::Check check{"status", false, "cannot be checked: " + found.error().message()};
    // Unavailable only when the source itself failed (a registry or a network down): a
    // status entry that names a list wrongly is the credential's own fault.
    if (found.error().code() == ErrorCode::kInternal) check.finding = finding::kUnavailable;
    return check;
  }
  if (found->kind == StatusFinding::Kind::kClear) {
    std::string detail = found->how.empty() ? "neither revoked nor suspended"
                                            : "neither revoked nor suspended (" + found->how + ")";
    for (const std::string& note : found->notes) detail += "; " + note;
    return {"status", true, std::move(detail)};
  }
  const bool revoked = found->kind == StatusFinding::Kind::kRevoked;
  std::string detail = revoked ? "revoked" : "suspended";
  if (!found->at.empty()) detail += " at " + found->at;
  if (!found->actor.empty()) detail += " by " + found->actor;
  detail += found->reason.empty() ? " by its issuer" : ": " + found->reason;
  pramaan::Check check{"status", false, std::move(detail)};
  check.finding = revoked ? finding::kRevoked : finding::kSuspended;
  return check;
}

Check CredentialVerifier::SupersessionCheck(const Json& credential) const {
  if (sources_.supersession == nullptr) {
    pramaan::Check check{"supersession", false, "not checked: no registry to ask"};
    check.checked = false;
    return check;
  }
  auto successor = sources_.supersession->ReplacedBy(credential);
  if (!successor.ok()) {
    // Verifying must not fail because the registry is down: the registry only adds
    // "superseded".
    pramaan::Check check{"supersession", false,
                "not checked: the registry could not be read (" + successor.error().message() +
                    ")"};
    check.checked = false;
    return check;
  }
  if (!*successor) return {"supersession", true, "not replaced by another credential"};
  return {"supersession", false,
          "replaced by " + ((*successor)->url.empty() ? (*successor)->id : (*successor)->url)};
}

}  // namespace pramaan
