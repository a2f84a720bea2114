// pramaan issue: records -> signed credentials, one {id}.json (and {id}.pdf) per record, through
// the issuance service and its batch runner (issuer/).
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "cli/certificates.h"
#include "cli/cli.h"
#include "core/time/clock.h"
#include "issuer/batch_reader.h"
#include "issuer/batch_runner.h"
#include "issuer/issuance_service.h"
#include "issuer/status_list_publisher.h"
#include "store/registry.h"

namespace pramaan::cli {
namespace {

// Signs and stores the registry's status lists that are new or changed; an exit code.
int PublishLists(const IssuerSetup& setup, store::Registry& registry, const Clock& clock) {
  auto published = PublishStatusLists(setup, registry, clock);
  if (!published.ok()) {
    return Fail(published.error().WithContext("the credentials are issued, but their status "
                                              "lists could not be signed"));
  }
  return kExitOk;
}

}  // namespace

int RunIssue(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: pramaan issue --config FILE RECORD.json|BATCH.jsonl|BATCH.csv|- --out DIR\n"
      "                     [--registry FILE.sqlite|postgresql://...] [--rejects FILE]\n"
      "                     [--threads N] [--actor NAME]\n"
      "  validate each record against its schema, build its Open Badges 3.0 credential, sign\n"
      "  it, verify the signature, and write DIR/{id}.json, and DIR/{id}.pdf (the signed\n"
      "  certificate) when the configuration has a \"certificates\" section. Prints one line per\n"
      "  credential issued: id, source record id, JSON path[, PDF path].\n"
      "  One record (.json) is issued or refused as a whole. A batch (JSON Lines, CSV with a\n"
      "  header of dotted field names, or - for JSON Lines on stdin) is streamed on all cores\n"
      "  with a progress line on a terminal; records that cannot be issued are listed with\n"
      "  their line and reason in the rejects file and the rest are issued (exit 1 if any).\n"
      "  Every credential is recorded in a registry before its files are written, and the\n"
      "  source_record_id is the idempotency key: a batch run again, or after being killed,\n"
      "  issues each record exactly once. Without --registry that registry is\n"
      "  DIR/.pramaan-issued.sqlite.\n"
      "  --registry  store each credential, with revocation and suspension status entries, in\n"
      "              this registry (a SQLite file or a PostgreSQL URL; what `pramaan serve\n"
      "              --registry` serves)\n"
      "  --actor     who asks, for the issuance audit log (default: cli:$USER)\n"
      "  --rejects   where rejected records are listed (default DIR/rejected.jsonl)\n"
      "  --threads   signing threads (default: one per core)\n"
      "  --replaces ID --reason TEXT\n"
      "              reissue: RECORD.json is the corrected record of credential ID (same\n"
      "              source_record_id). It is issued as a new credential; ID is marked as\n"
      "              superseded by it and revoked with the reason (its page links to the new\n"
      "              one). Needs --registry\n";
  auto args = Args::Parse(argc, argv, 2,
                          {"config", "out", "registry", "rejects", "threads", "replaces",
                           "reason", "actor"},
                          {});
  if (args.ok() && args->help()) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args.ok()) return UsageError(args.error().message());
  if (!args->Has("config")) return UsageError("issue needs --config FILE");
  if (!args->Has("out")) return UsageError("issue needs --out DIR");
  if (args->positionals().size() != 1) return UsageError("issue needs one record or batch file");
  BatchOptions options;
  if (args->Has("threads")) {
    const int threads = std::atoi(args->Get("threads").c_str());
    if (threads < 1 || threads > 256) return UsageError("--threads must be 1 to 256");
    options.threads = static_cast<unsigned>(threads);
  }
  const std::string input = args->positionals()[0];
  const bool batch = BatchFormatOf(input).ok();
  if (args->Has("replaces")) {
    if (batch) return UsageError("--replaces reissues one record (.json), not a batch");
    if (!args->Has("registry")) return UsageError("--replaces needs --registry");
    if (args->Get("reason").empty()) return UsageError("--replaces needs --reason");
  }
  auto config = LoadCommandConfig(args->Get("config"));
  if (!config.ok()) return Fail(config.error());
  auto setup = LoadIssuerSetup(*config);
  if (!setup.ok()) return Fail(setup.error());
  auto configured = CertificateMaker::CreateIfConfigured(*config);
  if (!configured.ok()) return Fail(configured.error());
  std::unique_ptr<CertificateMaker> certificates = std::move(configured).value();
  // Every run records what it issued: in the registry given, or in one kept in the output
  // directory, so that a batch run again never issues a record twice. Only a registry given
  // explicitly (whose lists a server publishes) gets status entries.
  const bool explicit_registry = args->Has("registry");
  const std::filesystem::path out_dir = args->Get("out");
  std::string registry_location = args->Get("registry");
  if (!explicit_registry) {
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    if (ec) return Fail(Internal("cannot create " + out_dir.string() + ": " + ec.message()));
    registry_location = (out_dir / kEmbeddedRegistryFile).string();
  }
  auto registry = store::OpenRegistry(registry_location);
  if (!registry.ok()) return Fail(registry.error());
  SystemClock clock;
  IssuanceService service(**setup, clock, **registry,
                          IssuanceServiceOptions{explicit_registry, certificates.get()});
  const Requester by{args->Has("actor") ? args->Get("actor") : DefaultActor()};
  std::unique_ptr<ProgressReporter> progress;
  if (batch) progress = ProgressReporter::ForFile(stderr, EstimateRecordCount(input));
  options.rejects_path = args->Get("rejects");
  options.progress = progress.get();
  options.on_issued = [](const IssuedFile& file) {
    std::printf("%s\t%s\t%s%s%s\n", file.credential_id.c_str(), file.source_record_id.c_str(),
                file.path.c_str(), file.pdf_path.empty() ? "" : "\t", file.pdf_path.c_str());
  };
  if (args->Has("replaces")) {
    const std::string replaces = args->Get("replaces");
    auto replacement =
        ReissueToDirectory(service, by, input, out_dir, replaces, args->Get("reason"));
    if (!replacement.ok()) return Fail(replacement.error());
    options.on_issued(*replacement);
    std::fprintf(stderr, "reissued %s as %s; %s is now superseded and revoked\n",
                 replaces.c_str(), replacement->credential_id.c_str(), replaces.c_str());
    return PublishLists(**setup, **registry, clock);
  }
  auto summary = IssueToDirectory(service, by, input, out_dir, options);
  if (progress) progress->Finish(summary.ok() ? summary->rejects_path.string() : "");
  if (!summary.ok()) return Fail(summary.error());
  // The lists the new credentials' entries name are signed here, where the key is, so a
  // public verifier (which signs nothing) can serve them at once.
  if (explicit_registry) {
    if (int published = PublishLists(**setup, **registry, clock); published != kExitOk) {
      return published;
    }
  }
  if (!batch) {
    std::fprintf(stderr, "%s %s into %s\n",
                 summary->issued == 1 ? "issued 1 credential" : "skipped 1 record (already issued)",
                 summary->issued == 1 && certificates ? "and its certificate PDF" : "",
                 out_dir.c_str());
  }
  if (!certificates) {
    std::fprintf(stderr,
                 "pramaan: note: the configuration has no \"certificates\" section, so no PDF "
                 "certificates were made\n");
  }
  return summary->rejected > 0 ? kExitInvalid : kExitOk;
}

}  // namespace pramaan::cli
