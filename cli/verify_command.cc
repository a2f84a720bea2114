// pramaan verify: a credential in, a verification report out.
#include <cstdio>
#include <memory>

#include "cli/cli.h"
#include "core/time/clock.h"
#include "verifier/credential_verifier.h"

namespace pramaan::cli {

int RunVerify(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: pramaan verify [--json] [--config FILE] [--at RFC3339] FILE|-\n"
      "  verify a credential (.json): its proofs, that the signing key belongs to the issuer,\n"
      "  and its validity period. Prints VALID or INVALID and each check (--json: the report\n"
      "  as JSON). Exit 0 valid, 1 invalid, 2 unreadable input or unknown context.\n"
      "  --config  trust the contexts and did:web documents that configuration names\n"
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
  auto credential = ParseJson(*text, input);
  if (!credential.ok()) return Fail(credential.error());
  CredentialVerifier verifier(contexts, resolver, *clock);
  auto outcome = verifier.Verify(*credential);
  if (!outcome.ok()) return Fail(outcome.error().WithContext(input));
  const VerificationReport& report = outcome->report;
  if (args->Has("json")) {
    std::fputs(DumpJson(report.ToJson(), true).c_str(), stdout);
  } else {
    std::fputs(report.ToText().c_str(), stdout);
  }
  return report.verified() ? kExitOk : kExitInvalid;
}

}  // namespace pramaan::cli
