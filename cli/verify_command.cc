// pramaan verify: a credential in, a verification report out.
#include <cstdio>
#include <memory>

#include <algorithm>

#include "api/registry_sources.h"
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
  PRAMAAN_ASSIGN_OR_RETURN(IssuerConfig config, LoadCommandConfig(args.Get("config")));
  for (const std::filesystem::path& file : config.trusted_document_certificates) {
    PRAMAAN_ASSIGN_OR_RETURN(std::string pem, ReadInput(file.string()));
    trusted.push_back(std::move(pem));
  }
  return trusted;
}

// The issuers --config and --trusted-issuer trust: the configuration's own issuer and its
// trusted_issuers, then each --trusted-issuer. Empty: no trust list.
Result<TrustedIssuers> TrustList(const Args& args) {
  TrustedIssuers trusted;
  if (args.Has("config")) {
    PRAMAAN_ASSIGN_OR_RETURN(IssuerConfig config, LoadCommandConfig(args.Get("config")));
    PRAMAAN_ASSIGN_OR_RETURN(std::vector<std::string> dids, TrustedIssuerDids(config));
    for (std::string& did : dids) trusted.Add(std::move(did));
  }
  for (std::string& did : args.GetAll("trusted-issuer")) {
    if (!did.starts_with("did:")) {
      return InvalidInput("--trusted-issuer " + did + " is not a DID (did:web:... or did:key:...)");
    }
    trusted.Add(std::move(did));
  }
  return trusted;
}

// Where status and supersession come from: with --registry, that registry (its status lists
// named by --config's base_url); otherwise the status lists the credential names, fetched,
// unless --offline; nothing knows about supersession then.
struct Sources {
  std::string base_url;
  std::unique_ptr<store::Registry> registry;
  std::unique_ptr<store::StatusBits> bits;
  std::unique_ptr<StatusSource> status;
  std::unique_ptr<SupersessionSource> supersession;
  std::unique_ptr<IssuedCredentials> issued;
};

Status OpenSources(const Args& args, const CredentialVerifier& list_verifier, Sources* sources) {
  if (args.Has("registry")) {
    if (!args.Has("config")) return InvalidInput("--registry needs --config (its base_url)");
    PRAMAAN_ASSIGN_OR_RETURN(IssuerConfig config, LoadCommandConfig(args.Get("config")));
    sources->base_url = config.base_url;
    PRAMAAN_ASSIGN_OR_RETURN(sources->registry, store::OpenRegistry(args.Get("registry")));
    sources->bits = std::make_unique<store::StatusBits>(*sources->registry);
    sources->status = std::make_unique<api::RegistryStatusChecker>(
        *sources->bits, sources->base_url, sources->registry.get());
    sources->supersession = std::make_unique<api::RegistrySupersession>(
        *sources->registry, nullptr, sources->base_url);
    sources->issued =
        std::make_unique<api::RegistryIssuedCredentials>(*sources->registry, sources->base_url);
  } else if (!args.Has("offline")) {
    sources->status = std::make_unique<api::RemoteStatusChecker>(list_verifier);
  }
  return Status::Ok();
}

}  // namespace

int RunVerify(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: pramaan verify [--json] [--config FILE] [--trusted-issuer DID]... [--at RFC3339]\n"
      "                      [--registry R | --offline] FILE|-\n"
      "  verify a credential (.json): its checks, in order: schema, proof, issuer (the signing\n"
      "  key belongs to the issuer), trust (the issuer is trusted), validity, status (revoked,\n"
      "  suspended) and supersession (replaced); or a certificate (.pdf, recognized by its\n"
      "  content): its PAdES signature and signing certificate, the credential embedded in it\n"
      "  (checked as above), and that the page shows the credential's name, achievement and\n"
      "  date.\n"
      "  Prints VALID or INVALID and each check (--json: the report as JSON).\n"
      "  Exit 0 valid, 1 invalid, 2 unreadable input or unknown context.\n"
      "  --config  trust the contexts, did:web documents and document-signing certificates\n"
      "            (certificates.signing_certificate, certificates.trusted_certificates) that\n"
      "            configuration names (without it no PDF signer is trusted), and trust its\n"
      "            issuer (issuer.id, or the signing key's did:key) and its trusted_issuers\n"
      "  --trusted-issuer  also trust this issuer (a DID); repeatable. Without --config and\n"
      "            --trusted-issuer the trust check is not made (the report says so)\n"
      "  --at      check validity as of this time instead of now\n"
      "  --registry  check the credential's revocation and suspension status (with the reason)\n"
      "            in this registry's status lists (with --config, whose base_url names them),\n"
      "            and whether it was replaced by a newer credential\n"
      "  Without --registry, the status lists a credential names are fetched (https, or http\n"
      "  to this machine; at most 2 MiB and 5 s each) and must verify as credentials of its\n"
      "  issuer; a list that cannot be fetched makes the status check fail.\n"
      "  --offline  do not fetch status lists (the status is then not checked)\n";
  auto args = Args::Parse(argc, argv, 2, {"config", "at", "registry", "trusted-issuer"},
                          {"json", "offline"});
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
  auto trusted = TrustList(*args);
  if (!trusted.ok()) return Fail(trusted.error());
  // Status lists are credentials too: verified (proof, their issuer's key, dates) on their own.
  const CredentialVerifier list_verifier(contexts, resolver, *clock);
  Sources sources;
  if (Status opened = OpenSources(*args, list_verifier, &sources); !opened.ok()) {
    return Fail(opened.error());
  }
  if (args->Has("offline") && !args->Has("registry")) {
    std::fprintf(stderr, "pramaan: note: --offline, so the credential's status is not checked\n");
  }
  const CredentialVerifier verifier(
      contexts, resolver, *clock,
      VerdictSources{trusted->empty() ? nullptr : &*trusted, sources.status.get(),
                     sources.supersession.get(), sources.issued.get()});
  VerificationReport report;
  if (text->starts_with("%PDF-")) {
    auto certificates = TrustedDocumentCertificates(*args);
    if (!certificates.ok()) return Fail(certificates.error());
    const CredentialTextChecker printed;
    auto verification = VerifyCertificatePdf(*text, *certificates, verifier, &printed);
    if (!verification.ok()) return Fail(verification.error().WithContext(input));
    report = std::move(verification->report);
  } else {
    auto credential = ParseJson(*text, input);
    if (!credential.ok()) return Fail(credential.error());
    auto checked = verifier.Check(*credential);
    if (!checked.ok()) return Fail(checked.error().WithContext(input));
    report = std::move(checked).value();
  }
  if (args->Has("json")) {
    std::fputs(DumpJson(report.ToJson(), true).c_str(), stdout);
  } else {
    std::fputs(report.ToText().c_str(), stdout);
  }
  return report.verified() ? kExitOk : kExitInvalid;
}

}  // namespace pramaan::cli
