// pramaan link: the learner's own link to their certificate (issue 20), signed with the
// server's link key, for a platform that makes links itself or a support desk answering a
// learner whose link expired.
#include <cstdio>

#include "api/signed_link.h"
#include "cli/cli.h"
#include "core/time/clock.h"
#include "issuer/config.h"
#include "issuer/credential_id.h"
#include "keys/secret_bytes.h"
#include "store/registry.h"

namespace pramaan::cli {

int RunLink(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: pramaan link ID --config FILE [--days N] [--registry FILE.sqlite|postgresql://...]\n"
      "  print the learner's link to credential ID (its short id, as printed, or its URL):\n"
      "  {base_url}/c/ID?expires=...&sig=..., the learner's own page with the certificate, its\n"
      "  PDF and credential downloads, Add to LinkedIn and the link to share. Signed with\n"
      "  PRAMAAN_LINK_KEY, the key `pramaan serve` is given; whoever has the link sees the whole\n"
      "  credential until it expires. The platform gets the same link with every record it\n"
      "  sends (POST /records, /records/batch).\n"
      "  --config    the configuration whose base_url the server answers at\n"
      "  --days      how long the link lasts, 1 to 3650 (default 90)\n"
      "  --registry  check first that the credential is stored there\n";
  auto args = Args::Parse(argc, argv, 2, {"config", "days", "registry"}, {});
  if (args.ok() && args->help()) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args.ok()) return UsageError(args.error().message());
  if (args->positionals().size() != 1) return UsageError("link needs one credential ID");
  if (!args->Has("config")) return UsageError("link needs --config (its base_url)");
  const std::string& given = args->positionals()[0];
  const std::string id = NormalizeTypedCredentialId(given.substr(given.rfind('/') + 1));
  if (!IsCredentialId(id) && !IsChosenCredentialId(id)) {
    return UsageError("\"" + given + "\" is not a credential id (20 characters of a-z and 2-7)");
  }
  const std::string days_text = args->Get("days", std::to_string(api::kLearnerLinkDays));
  char* end = nullptr;
  const long days = std::strtol(days_text.c_str(), &end, 10);
  if (days_text.empty() || *end != '\0' || days < 1 || days > 3650) {
    return UsageError("--days must be a number from 1 to 3650");
  }
  auto config = LoadCommandConfig(args->Get("config"));
  if (!config.ok()) return Fail(config.error());
  if (args->Has("registry")) {
    auto registry = store::OpenRegistry(args->Get("registry"));
    if (!registry.ok()) return Fail(registry.error());
    auto stored = (*registry)->Get(id);
    if (!stored.ok()) return Fail(stored.error());
    if (!stored->has_value()) {
      return Fail(NotFound("no credential " + id + " is stored in " + args->Get("registry")));
    }
  }
  std::optional<SecretBytes> key = TakeSecretFromEnvironment("PRAMAAN_LINK_KEY");
  if (!key || key->size() == 0) {
    return UsageError("link needs PRAMAAN_LINK_KEY in the environment (the key pramaan serve "
                      "checks links with)");
  }
  SystemClock clock;
  const int64_t expires = clock.Now().time_since_epoch().count() + days * 24 * 3600;
  std::printf("%s\n", api::LearnerLink(config->base_url, *key, id, expires).c_str());
  return kExitOk;
}

}  // namespace pramaan::cli
