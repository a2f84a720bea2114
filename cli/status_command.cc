// pramaan status: revoke, suspend or unsuspend a credential, or show its status history.
#include <cstdio>

#include "cli/cli.h"
#include "core/time/clock.h"
#include "issuer/config.h"
#include "issuer/status_list_publisher.h"
#include "store/registry.h"

namespace pramaan::cli {
namespace {

// The short id of `given`: itself, or the last path segment of a credential or page URL
// ({base_url}/credentials/{id}, {base_url}/v/{id}).
std::string ShortId(const std::string& given) {
  const size_t slash = given.rfind('/');
  return slash == std::string::npos ? given : given.substr(slash + 1);
}

int ShowHistory(store::Registry& registry, const std::string& id) {
  auto stored = registry.Get(id);
  if (!stored.ok()) return Fail(stored.error());
  if (!stored->has_value()) return Fail(NotFound("no credential " + id + " is stored"));
  auto events = registry.StatusEvents(id);
  if (!events.ok()) return Fail(events.error());
  std::printf("%s\tissued %s%s%s\n", id.c_str(), (*stored)->issued_at.c_str(),
              (*stored)->superseded_by.empty() ? "" : "\tsuperseded by ",
              (*stored)->superseded_by.c_str());
  for (const store::StatusEvent& event : *events) {
    std::printf("%s\t%s\tby %s\t%s\t%s\n", event.at.c_str(),
                std::string(store::StatusActionName(event.action)).c_str(), event.actor.c_str(),
                event.reason_code.empty() ? "-" : event.reason_code.c_str(),
                event.reason.c_str());
  }
  return kExitOk;
}

}  // namespace

int RunStatus(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: pramaan status revoke|suspend|unsuspend ID --reason-code CODE [--reason TEXT]\n"
      "                      [--actor NAME]\n"
      "                      --registry FILE.sqlite|postgresql://... [--config FILE]\n"
      "       pramaan status show ID --registry ...\n"
      "  change a credential's status in its revocation or suspension list, or list its\n"
      "  history. ID is the credential's short id or its URL. Every change is written with its\n"
      "  reason, actor and time to the registry's append-only audit log. Revocation is\n"
      "  permanent; a suspension is undone by unsuspend. Changing nothing (revoking twice) is\n"
      "  not an error and logs nothing.\n"
      "  --reason-code  why, from a fixed list the verification page says in every language:\n"
      "            issued_in_error, fraudulent, withdrawn_by_awarding_body, superseded, other\n"
      "            (required to revoke or suspend; --reason alone means other)\n"
      "  --reason  why, in words (default: the code's words); shown on the verification page\n"
      "  --actor   who makes the change (default: cli:$USER)\n"
      "  --config  the issuer's configuration: the changed status list is re-signed with its key\n"
      "            and stored in the registry at once, for the public verifier to serve.\n"
      "            Without it, the issuer server (pramaan serve --role issuer|all) re-signs it\n"
      "            within a few seconds.\n";
  auto args = Args::Parse(argc, argv, 2, {"reason", "reason-code", "actor", "registry", "config"}, {});
  if (args.ok() && args->help()) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args.ok()) return UsageError(args.error().message());
  if (args->positionals().size() != 2) return UsageError("status needs an action and an ID");
  if (!args->Has("registry")) return UsageError("status needs --registry");
  const std::string& action_name = args->positionals()[0];
  const std::string id = ShortId(args->positionals()[1]);
  auto opened = store::OpenRegistry(args->Get("registry"));
  if (!opened.ok()) return Fail(opened.error());
  store::Registry& registry = **opened;
  if (action_name == "show") return ShowHistory(registry, id);

  const std::optional<store::StatusAction> action = store::StatusActionFromName(action_name);
  if (!action) {
    return UsageError("unknown status action \"" + action_name +
                      "\" (revoke, suspend, unsuspend or show)");
  }
  std::string code = args->Get("reason-code");
  if (args->Has("reason-code") && !store::IsStatusReasonCode(code)) {
    return UsageError("--reason-code must be one of " + store::StatusReasonCodeList() + ", not \"" +
                      code + "\"");
  }
  if (code.empty() && !args->Get("reason").empty() && *action != store::StatusAction::kUnsuspend) {
    code = "other";
  }
  if (code.empty() && args->Get("reason").empty()) {
    return UsageError("status " + action_name + " needs --reason-code (" +
                      store::StatusReasonCodeList() + ")" +
                      (*action == store::StatusAction::kUnsuspend ? " or --reason" : ""));
  }
  const std::string reason =
      args->Get("reason").empty() ? store::StatusReasonWords(code) : args->Get("reason");
  const std::string actor = args->Has("actor") ? args->Get("actor") : DefaultActor();
  if (actor.empty()) return UsageError("status " + action_name + " needs --actor");
  // The key is loaded before the change, so a wrong configuration changes nothing.
  std::unique_ptr<IssuerSetup> setup;
  if (args->Has("config")) {
    auto config = LoadCommandConfig(args->Get("config"));
    if (!config.ok()) return Fail(config.error());
    auto loaded = LoadIssuerSetup(*config);
    if (!loaded.ok()) return Fail(loaded.error());
    setup = std::move(loaded).value();
  }
  SystemClock clock;
  auto changed = registry.ChangeStatus(store::StatusEvent{
      0, id, *action, reason, actor, FormatRfc3339(clock.Now()), code});
  if (!changed.ok()) return Fail(changed.error());
  std::printf("%s\t%s\t%s\n", id.c_str(), action_name.c_str(),
              *changed ? "changed" : "unchanged (it already was)");
  if (!*changed) return kExitOk;
  if (!setup) {
    std::fprintf(stderr,
                 "pramaan: note: the status list is re-signed by the issuer server within a few "
                 "seconds (or give --config to re-sign it now)\n");
    return kExitOk;
  }
  auto published = PublishStatusLists(*setup, registry, clock);
  if (!published.ok()) {
    return Fail(published.error().WithContext(
        "the change is recorded, but the status list was not re-signed (the issuer server "
        "re-signs it within a few seconds)"));
  }
  std::printf("re-signed %d status list%s\n", *published, *published == 1 ? "" : "s");
  return kExitOk;
}

}  // namespace pramaan::cli
