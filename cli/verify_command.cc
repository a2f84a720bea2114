// pramaan verify: a credential in, a verification report out.
#include <cstdio>
#include <memory>

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
      "  --at      check validity as of this time instead of now\n";
  auto args = Args::Parse(argc, argv, 2, {"config", "at"}, {"json"});
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
  if (text->starts_with("%PDF-")) {
    auto trusted = TrustedDocumentCertificates(*args);
    if (!trusted.ok()) return Fail(trusted.error());
    const CredentialTextChecker printed;
    auto verification = VerifyCertificatePdf(*text, *trusted, verifier, &printed);
    if (!verification.ok()) return Fail(verification.error().WithContext(input));
    report = std::move(verification->report);
  } else {
    auto credential = ParseJson(*text, input);
    if (!credential.ok()) return Fail(credential.error());
    auto outcome = verifier.Verify(*credential);
    if (!outcome.ok()) return Fail(outcome.error().WithContext(input));
    report = std::move(outcome->report);
  }
  if (args->Has("json")) {
    std::fputs(DumpJson(report.ToJson(), true).c_str(), stdout);
  } else {
    std::fputs(report.ToText().c_str(), stdout);
  }
  return report.verified() ? kExitOk : kExitInvalid;
}

}  // namespace pramaan::cli
