// pramaan verify: a credential in, a verification report out.
#include <cstdio>
#include <memory>

#include <algorithm>

#include "api/remote_status.h"
#include "api/status_lists.h"
#include "core/status/status_entry.h"
#include "cli/cli.h"
#include "core/time/clock.h"
#include "issuer/config.h"
#include "verifier/credential_verifier.h"
#include "verifier/pdf_verifier.h"
#include "verifier/printed_text.h"

namespace pramaan::cli {

namespace {

// The document-signing certificates `--config` trusts, as PEM text.
Result<std::vector<std::string>> TrustedDocumentCertificates(const Args& args) {
  std::vector<std::string> trusted;
  if (!args.Has("config")) return trusted;
  PRAMAAN_ASSIGN_OR_RETURN(IssuerConfig config, LoadIssuerConfig(args.Get("config")));
  for (const std::filesystem::path& file : config.trusted_document_certificates) {
    PRAMAAN_ASSIGN_OR_RETURN(std::string pem, ReadInput(file.string()));
    trusted.push_back(std::move(pem));
  }
  return trusted;
}

// Adds a "status" check to `report`: the credential's revocation and suspension bits in the
// status lists of --registry, which --config's base_url names.
Status CheckStatus(const Args& args, const Json& credential, VerificationReport* report) {
  if (!args.Has("config")) return InvalidInput("--registry needs --config (its base_url)");
  if (!credential.is_object()) {
    report->Add("status", false, "no readable credential to check the status of");
    return Status::Ok();
  }
  PRAMAAN_ASSIGN_OR_RETURN(IssuerConfig config, LoadIssuerConfig(args.Get("config")));
  PRAMAAN_ASSIGN_OR_RETURN(std::unique_ptr<store::Registry> registry,
                           store::OpenRegistry(args.Get("registry")));
  store::StatusBits bits(*registry);
  api::RegistryStatusChecker checker(bits, config.base_url);
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<api::CredentialState> state, checker.Check(credential));
  PRAMAAN_ASSIGN_OR_RETURN(CredentialStatusEntries entries, ReadCredentialStatus(credential));
  const std::string ours = config.base_url + "/status/";
  const bool names_ours =
      std::any_of(entries.entries.begin(), entries.entries.end(), [&](const auto& entry) {
        return entry.status_list_credential.starts_with(ours);
      });
  if (entries.entries.empty()) {
    report->Add("status", true, "the credential has no status entries");
  } else if (!names_ours) {
    report->Add("status", false,
                "its status lists are not this registry's (" + ours + "...): not checked");
  } else if (!state) {
    report->Add("status", true, "neither revoked nor suspended");
  } else {
    report->Add("status", false, std::string(api::StateName(*state)) + " by its issuer");
  }
  return Status::Ok();
}

// Adds a "status" check to `report` from the status lists the credential names, fetched.
void CheckStatusByUrl(const CredentialVerifier& verifier, const Json& credential,
                      VerificationReport* report) {
  const api::RemoteStatusChecker checker(verifier);
  auto state = checker.Check(credential);
  if (!state.ok()) {
    report->Add("status", false, "cannot be checked: " + state.error().message());
  } else if (!*state) {
    report->Add("status", true, "neither revoked nor suspended (status lists fetched and verified)");
  } else {
    report->Add("status", false, std::string(api::StateName(**state)) + " by its issuer");
  }
}

}  // namespace

int RunVerify(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: pramaan verify [--json] [--config FILE] [--at RFC3339] FILE|-\n"
      "  verify a credential (.json): its proofs, that the signing key belongs to the issuer,\n"
      "  and its validity period; or a certificate (.pdf, recognized by its content): its\n"
      "  PAdES signature and signing certificate, the credential embedded in it (checked as\n"
      "  above), and that the page shows the credential's name, achievement and date.\n"
      "  Prints VALID or INVALID and each check (--json: the report as JSON).\n"
      "  Exit 0 valid, 1 invalid, 2 unreadable input or unknown context.\n"
      "  --config  trust the contexts, did:web documents and document-signing certificates\n"
      "            (certificates.signing_certificate, certificates.trusted_certificates) that\n"
      "            configuration names; without it no PDF signer is trusted\n"
      "  --at      check validity as of this time instead of now\n"
      "  --registry  check the credential's revocation and suspension status in this\n"
      "            registry's status lists (with --config, whose base_url names them)\n"
      "  Without --registry, the status lists a credential names are fetched (https, or http\n"
      "  to this machine; at most 2 MiB and 5 s each) and must verify as credentials of its\n"
      "  issuer; a list that cannot be fetched makes the status check fail.\n"
      "  --offline  do not fetch status lists (the status is then not checked)\n";
  auto args = Args::Parse(argc, argv, 2, {"config", "at", "registry"}, {"json", "offline"});
  if (args.ok() && args->help()) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args.ok()) return UsageError(args.error().message());
  if (args->positionals().size() != 1) return UsageError("verify needs one FILE or -");
  const std::string& input = args->positionals()[0];

  ContextLoader contexts;
  DidResolver resolver;
  if (Status s = ApplyTrustOption(*args, &contexts, &resolver); !s.ok()) return Fail(s.error());
  std::unique_ptr<Clock> clock = std::make_unique<SystemClock>();
  if (args->Has("at")) {
    auto at = ParseRfc3339(args->Get("at"));
    if (!at.ok()) return UsageError("--at: " + at.error().message());
    clock = std::make_unique<FixedClock>(*at);
  }

  auto text = ReadInput(input);
  if (!text.ok()) return Fail(text.error());
  CredentialVerifier verifier(contexts, resolver, *clock);
  VerificationReport report;
  Json credential_json;  // the credential checked: for a PDF, the one it embeds
  if (text->starts_with("%PDF-")) {
    auto trusted = TrustedDocumentCertificates(*args);
    if (!trusted.ok()) return Fail(trusted.error());
    const CredentialTextChecker printed;
    auto verification = VerifyCertificatePdf(*text, *trusted, verifier, &printed);
    if (!verification.ok()) return Fail(verification.error().WithContext(input));
    report = std::move(verification->report);
    credential_json = std::move(verification->credential);
  } else {
    auto credential = ParseJson(*text, input);
    if (!credential.ok()) return Fail(credential.error());
    auto outcome = verifier.Verify(*credential);
    if (!outcome.ok()) return Fail(outcome.error().WithContext(input));
    report = std::move(outcome->report);
    credential_json = std::move(credential).value();
  }
  if (args->Has("registry")) {
    if (Status checked = CheckStatus(*args, credential_json, &report); !checked.ok()) {
      return Fail(checked.error());
    }
  } else if (credential_json.is_object() && credential_json.contains("credentialStatus")) {
    if (args->Has("offline")) {
      std::fprintf(stderr, "pramaan: note: --offline, so the credential's status was not checked\n");
    } else {
      CheckStatusByUrl(verifier, credential_json, &report);
    }
  }
  if (args->Has("json")) {
    std::fputs(DumpJson(report.ToJson(), true).c_str(), stdout);
  } else {
    std::fputs(report.ToText().c_str(), stdout);
  }
  return report.verified() ? kExitOk : kExitInvalid;
}

}  // namespace pramaan::cli
