// pramaan award: the awarding workflow from the command line (awarding/workflow.h), on the
// registry's database. The acting user is the holder of the token in PRAMAAN_AWARD_TOKEN, as
// on the server: the command line gives no more rights than the API.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "issuer/issuance_service.h"
#include "issuer/status_list_publisher.h"
#include "awarding/workflow.h"
#include "cli/certificates.h"
#include "cli/cli.h"
#include "core/crypto/random.h"
#include "core/status/free_index.h"
#include "core/time/clock.h"
#include "issuer/config.h"
#include "keys/secret_bytes.h"
#include "store/awarding_store.h"
#include "store/status_lists.h"

namespace pramaan::cli {
namespace {

constexpr const char* kTokenEnv = "PRAMAAN_AWARD_TOKEN";

constexpr const char* kUsage =
    "usage: pramaan award COMMAND --config FILE --registry FILE.sqlite|postgresql://...\n"
    "  the NCVET awarding workflow: results are submitted, approved by a second person, then\n"
    "  awarded. The acting user is whoever holds the token in PRAMAAN_AWARD_TOKEN; each\n"
    "  role may do only its own step, and every step goes to the audit log.\n"
    "\n"
    "  user add --name NAME --role ROLE[,ROLE] [--agency NAME]\n"
    "                                            add a user (administrator; the very first\n"
    "                                            administrator needs no token); prints the\n"
    "                                            user's token once. A submitter needs --agency,\n"
    "                                            the assessment agency they submit for, and\n"
    "                                            sees only its batches; --role may be repeated\n"
    "  user list                                 the users: name, roles, agency, enabled or\n"
    "                                            disabled (administrator)\n"
    "  user disable NAME                         their token signs nothing in (administrator)\n"
    "  user token NAME                           a new token for NAME, printed once; the old one\n"
    "                                            stops working (administrator)\n"
    "  catalogue import FILE.csv|FILE.json       add or replace qualifications (administrator)\n"
    "  catalogue list                            the catalogue, as JSON\n"
    "  catalogue retire NQR_CODE --reason TEXT   no more awards of it (administrator)\n"
    "  submit FILE.csv|FILE.json                 your agency's results (submitter); --agency,\n"
    "                                            if given, must be your own agency. Each row is\n"
    "                                            checked alone: exit 1 when any was refused\n"
    "  list [--state STATE]                      the batches you may see, newest first, as JSON;\n"
    "                                            STATE: submitted, in_review, approved,\n"
    "                                            sent_back, awarded\n"
    "  review BATCH                              take a batch into review (approver)\n"
    "  approve BATCH [--reason TEXT]             approve it (approver, not the submitter)\n"
    "  send-back BATCH --reason TEXT             send it back: nothing is issued (approver)\n"
    "  award BATCH [--out DIR]                   issue a credential for every passed result\n"
    "                                            (administrator); --out writes {id}.json and,\n"
    "                                            with certificates configured, {id}.pdf\n"
    "  show BATCH                                the batch, its results and refusals, as JSON\n"
    "                                            (the read is audit-logged)\n"
    "  log BATCH                                 its audit log, as JSON (audit-logged too)\n"
    "  Roles: submitter, approver, administrator.\n";

void PrintJson(const Json& json) { std::printf("%s\n", DumpJson(json, true).c_str()); }

awarding::InputFormat FormatOf(const std::string& path) {
  return path.ends_with(".csv") ? awarding::InputFormat::kCsv : awarding::InputFormat::kJson;
}

// The roles of every --role (each ROLE[,ROLE]), in order: "--role submitter --role approver"
// is the same as "--role submitter,approver".
Result<std::vector<awarding::Role>> ParseRoles(const std::vector<std::string>& values) {
  std::vector<awarding::Role> roles;
  for (const std::string& text : values) {
    size_t start = 0;
    while (start <= text.size()) {
      const size_t comma = text.find(',', start);
      const std::string name = text.substr(start, comma - start);
      std::optional<awarding::Role> role = awarding::RoleFromName(name);
      if (!role) {
        return InvalidInput("--role: unknown role \"" + name +
                            "\" (submitter, approver, administrator)");
      }
      roles.push_back(*role);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return roles;
}

// Issues the batch's awards into the registry and, with --out, writes their files.
int Award(const Args& args, awarding::Workflow& workflow, const awarding::Actor& actor,
          const IssuerConfig& config, const std::string& batch_id) {
  auto setup = LoadIssuerSetup(config);
  if (!setup.ok()) return Fail(setup.error());
  auto registry = store::OpenRegistry(args.Get("registry"));
  if (!registry.ok()) return Fail(registry.error());
  std::unique_ptr<CertificateMaker> certificates;
  if (args.Has("out")) {
    auto made = CertificateMaker::CreateIfConfigured(config);
    if (!made.ok()) return Fail(made.error());
    certificates = std::move(made).value();
  }
  SystemClock clock;
  IssuanceService service(**setup, clock, **registry,
                          IssuanceServiceOptions{/*allocate_status=*/true, certificates.get()});
  const std::filesystem::path out = args.Get("out");
  if (!out.empty()) {
    std::error_code error;
    std::filesystem::create_directories(out, error);
    if (error) return Fail(InvalidInput("cannot create " + out.string() + ": " + error.message()));
  }
  auto issue = awarding::IssueThrough(service, actor, [&](const Issuance& issued) -> Status {
    if (out.empty()) return Status::Ok();
    const store::StoredCredential& stored = issued.stored;
    PRAMAAN_RETURN_IF_ERROR(
        WriteFileAtomically(out / (stored.id + ".json"), stored.credential_json));
    if (certificates) {
      std::string pdf = issued.pdf;
      if (pdf.empty()) {
        PRAMAAN_ASSIGN_OR_RETURN(pdf, service.MakeCertificate(stored));
      }
      PRAMAAN_RETURN_IF_ERROR(WriteFileAtomically(out / (stored.id + ".pdf"), pdf));
    }
    return Status::Ok();
  });
  auto report = workflow.Award(actor, batch_id, issue);
  if (!report.ok()) return Fail(report.error());
  // The status lists of the new credentials are signed here, where the key is, for the public
  // role to serve.
  if (auto published = PublishStatusLists(**setup, **registry, clock); !published.ok()) {
    return Fail(published.error().WithContext("the awards are issued, but their status lists "
                                              "could not be signed"));
  }
  Json issued = Json::array();
  for (const awarding::AwardedResult& award : report->issued) {
    issued.push_back({{"position", award.position},
                      {"candidate_id", award.candidate_id},
                      {"credential_id", award.credential_id},
                      {"verification_page", config.base_url + "/v/" + award.credential_id}});
  }
  PrintJson({{"batch_id", batch_id},
             {"state", "awarded"},
             {"issued", std::move(issued)},
             {"not_issued", awarding::ReportToJson(report->not_issued)}});
  return kExitOk;
}

}  // namespace

int RunAward(int argc, char** argv) {
  auto args = Args::Parse(argc, argv, 2,
                          {"config", "registry", "name", "role", "reason", "agency", "out", "state"},
                          {});
  if (args.ok() && args->help()) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args.ok()) return UsageError(args.error().message());
  // Only --role may be repeated; a second value of any other option would silently win.
  for (const char* option : {"config", "registry", "name", "reason", "agency", "out", "state"}) {
    if (args->GetAll(option).size() > 1) {
      return UsageError("--" + std::string(option) + " is given more than once");
    }
  }
  const std::vector<std::string>& words = args->positionals();
  if (words.empty()) return UsageError("award needs a command (see pramaan award --help)");
  if (!args->Has("config")) return UsageError("award needs --config FILE");
  if (!args->Has("registry")) return UsageError("award needs --registry");
  auto config = LoadCommandConfig(args->Get("config"));
  if (!config.ok()) return Fail(config.error());
  if (!config->awarding) {
    return Fail(InvalidInput(args->Get("config") +
                             " has no \"awarding\" section naming the awarding body"));
  }
  auto store = store::OpenAwardingStore(args->Get("registry"));
  if (!store.ok()) return Fail(store.error());
  SystemClock clock;
  awarding::Workflow workflow(**store, clock,
                              {config->awarding->body_name, config->awarding->ncvet_recognition_id});

  const std::optional<SecretBytes> token = TakeSecretFromEnvironment(kTokenEnv);
  const std::span<const uint8_t> token_bytes =
      token ? token->Reveal(SecretAccess::Grant()) : std::span<const uint8_t>();
  Result<awarding::Actor> actor = workflow.Authenticate(std::string_view(
      reinterpret_cast<const char*>(token_bytes.data()), token_bytes.size()));
  const std::string& command = words[0];
  const std::string second = words.size() > 1 ? words[1] : "";
  const std::string third = words.size() > 2 ? words[2] : "";

  if (command == "user" && second == "add") {
    if (!args->Has("name") || !args->Has("role")) {
      return UsageError("user add needs --name and --role");
    }
    auto roles = ParseRoles(args->GetAll("role"));
    if (!roles.ok()) return UsageError(roles.error().message());
    const bool submitter = std::find(roles->begin(), roles->end(),
                                     awarding::Role::kSubmitter) != roles->end();
    if (submitter && !args->Has("agency")) {
      return UsageError("a submitter needs --agency NAME, the assessment agency they submit for");
    }
    if (!submitter && args->Has("agency")) {
      return UsageError("--agency is for submitters only; approvers and administrators see "
                        "every agency's batches");
    }
    const awarding::Actor* by = actor.ok() ? &*actor : nullptr;
    auto new_token = workflow.AddUser(by, args->Get("name"), *roles, args->Get("agency"));
    if (!new_token.ok()) return Fail(new_token.error());
    std::printf("%s\n", new_token->c_str());
    return kExitOk;
  }
  if (command == "catalogue" && second == "list") {
    auto catalogue = workflow.Catalogue();
    if (!catalogue.ok()) return Fail(catalogue.error());
    Json entries = Json::array();
    for (const awarding::Qualification& entry : *catalogue) {
      entries.push_back(awarding::QualificationToJson(entry));
    }
    PrintJson({{"qualifications", std::move(entries)}});
    return kExitOk;
  }
  if (!actor.ok()) {
    return Fail(actor.error().WithContext(std::string(kTokenEnv) + " must hold your token"));
  }
  if (command == "user" && (second == "list" || second == "disable" || second == "token")) {
    if (second == "list") {
      auto users = workflow.Users(*actor);
      if (!users.ok()) return Fail(users.error());
      // One line a user: name, roles, agency (or -), and enabled or "disabled SINCE".
      for (const store::AwardingUser& user : *users) {
        std::string roles;
        for (const std::string& role : user.roles) roles += (roles.empty() ? "" : ",") + role;
        const std::string state =
            user.disabled_at.empty() ? "enabled" : "disabled " + user.disabled_at;
        std::printf("%s\t%s\t%s\t%s\n", user.name.c_str(), roles.c_str(),
                    user.agency.empty() ? "-" : user.agency.c_str(), state.c_str());
      }
      return kExitOk;
    }
    if (third.empty()) return UsageError("user " + second + " needs a user name");
    if (second == "disable") {
      Status disabled = workflow.DisableUser(*actor, third);
      if (!disabled.ok()) return Fail(disabled.error());
      std::printf("%s\tdisabled\n", third.c_str());
      return kExitOk;
    }
    auto new_token = workflow.NewToken(*actor, third);
    if (!new_token.ok()) return Fail(new_token.error());
    std::printf("%s\n", new_token->c_str());
    return kExitOk;
  }
  if (command == "catalogue" && second == "import") {
    if (third.empty()) return UsageError("catalogue import needs a file");
    auto text = ReadInput(third);
    if (!text.ok()) return Fail(text.error());
    auto report = workflow.ImportCatalogue(*actor, *text, FormatOf(third), third);
    if (!report.ok()) return Fail(report.error());
    PrintJson({{"imported", report->imported},
               {"refused", awarding::ReportToJson(report->refused)}});
    return report->refused.empty() ? kExitOk : kExitInvalid;
  }
  if (command == "catalogue" && second == "retire") {
    if (third.empty()) return UsageError("catalogue retire needs an NQR code");
    Status retired = workflow.RetireQualification(*actor, third, args->Get("reason"));
    if (!retired.ok()) return Fail(retired.error());
    std::printf("%s\tretired\n", third.c_str());
    return kExitOk;
  }
  if (command == "submit") {
    if (second.empty()) return UsageError("submit needs a results file");
    if (args->Has("agency") && args->Get("agency") != actor->agency) {
      return UsageError("--agency \"" + args->Get("agency") + "\" is not your agency" +
                        (actor->agency.empty() ? std::string(" (you have none)")
                                               : " (\"" + actor->agency + "\")") +
                        "; leave --agency out: you submit for your own agency");
    }
    auto text = ReadInput(second);
    if (!text.ok()) return Fail(text.error());
    auto report = workflow.Submit(*actor, args->Get("agency"), *text, FormatOf(second), second);
    if (!report.ok()) return Fail(report.error());
    PrintJson({{"batch_id", report->batch_id},
               {"accepted", report->accepted},
               {"refused", awarding::ReportToJson(report->refused)}});
    if (report->batch_id.empty()) {
      return Fail(InvalidInput("no result of " + second + " can be submitted; nothing was stored"));
    }
    // The rest were submitted; the refused rows are the caller's to fix and send again.
    return report->refused.empty() ? kExitOk : kExitInvalid;
  }
  if (command == "list") {
    std::optional<store::BatchState> state;
    if (args->Has("state")) {
      state = store::BatchStateFromName(args->Get("state"));
      if (!state) {
        return UsageError("--state must be one of submitted, in_review, approved, sent_back, "
                          "awarded, not \"" + args->Get("state") + "\"");
      }
    }
    auto batches = workflow.Batches(*actor);
    if (!batches.ok()) return Fail(batches.error());
    Json list = Json::array();
    for (const store::BatchRow& batch : *batches) {
      if (state && batch.state != *state) continue;
      list.push_back(awarding::BatchSummaryToJson(batch));
    }
    PrintJson({{"batches", std::move(list)}});
    return kExitOk;
  }
  if (second.empty()) return UsageError(command + " needs a batch id");
  if (command == "review" || command == "approve" || command == "send-back") {
    Status done = command == "review"    ? workflow.Review(*actor, second)
                  : command == "approve" ? workflow.Approve(*actor, second, args->Get("reason"))
                                         : workflow.SendBack(*actor, second, args->Get("reason"));
    if (!done.ok()) return Fail(done.error());
    // The state the step reached (reading the batch back would read its personal data).
    const store::BatchState state = command == "review"    ? store::BatchState::kInReview
                                    : command == "approve" ? store::BatchState::kApproved
                                                           : store::BatchState::kSentBack;
    std::printf("%s\t%s\n", second.c_str(), std::string(store::BatchStateName(state)).c_str());
    return kExitOk;
  }
  if (command == "award") return Award(*args, workflow, *actor, *config, second);
  if (command == "show") {
    auto batch = workflow.Batch(*actor, second);
    if (!batch.ok()) return Fail(batch.error());
    PrintJson(awarding::BatchToJson(*batch));
    return kExitOk;
  }
  if (command == "log") {
    auto events = workflow.Events(*actor, second);
    if (!events.ok()) return Fail(events.error());
    Json list = Json::array();
    for (const store::AwardingEvent& event : *events) list.push_back(awarding::EventToJson(event));
    PrintJson({{"batch_id", second}, {"events", std::move(list)}});
    return kExitOk;
  }
  return UsageError("unknown award command \"" + command + "\" (see pramaan award --help)");
}

}  // namespace pramaan::cli
