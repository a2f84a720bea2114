// pramaan issue: records -> signed credentials, one {id}.json per record.
#include <cstdio>
#include <set>

#include "cli/cli.h"
#include "cli/issuing.h"
#include "core/time/clock.h"
#include "issuer/issuance.h"

namespace pramaan::cli {
namespace {

// A record and where it came from, for error messages.
struct SourcedRecord {
  std::string where;  // "batch.jsonl:3"
  std::string text;
};

Result<std::vector<SourcedRecord>> SplitRecords(const std::string& input, const std::string& text) {
  std::vector<SourcedRecord> records;
  const bool lines = input == "-" || input.ends_with(".jsonl") || input.ends_with(".ndjson");
  if (input.ends_with(".csv")) {
    return Unsupported("CSV batches are not supported yet; use JSON Lines (.jsonl)");
  }
  if (!lines) {
    records.push_back({input, text});
    return records;
  }
  size_t start = 0;
  int line = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line;
    std::string_view row(text.data() + start, end - start);
    while (!row.empty() && (row.back() == '\r' || row.back() == ' ' || row.back() == '\t')) row.remove_suffix(1);
    if (!row.empty()) records.push_back({input + ":" + std::to_string(line), std::string(row)});
    start = end + 1;
  }
  if (records.empty()) return InvalidInput(input + " holds no records");
  return records;
}

}  // namespace

Result<std::vector<IssuedFile>> IssueToDirectory(const IssuerSetup& setup, const Clock& clock,
                                                 const std::string& input,
                                                 const std::filesystem::path& out_dir) {
  PRAMAAN_ASSIGN_OR_RETURN(std::string text, ReadInput(input));
  PRAMAAN_ASSIGN_OR_RETURN(std::vector<SourcedRecord> records, SplitRecords(input, text));
  IssuancePipeline pipeline(setup.issuer, setup.config.base_url, *setup.signer, setup.proof,
                            setup.resolver, clock, setup.contexts);

  // Check every record before signing any: a batch with a bad record issues nothing.
  std::vector<UnsignedCredential> prepared;
  std::string errors;
  int error_count = 0;
  std::set<std::string> seen;
  for (const SourcedRecord& record : records) {
    auto json = ParseJson(record.text, record.where);
    Result<UnsignedCredential> unsigned_credential =
        json.ok() ? pipeline.Prepare(std::move(json).value()) : Result<UnsignedCredential>(json.error());
    std::string problem;
    if (!unsigned_credential.ok()) {
      problem = unsigned_credential.error().message();
    } else if (!seen.insert(unsigned_credential->source_record_id()).second) {
      problem = "source_record_id \"" + unsigned_credential->source_record_id() +
                "\" appears twice in the batch";
    }
    if (!problem.empty()) {
      if (++error_count <= 20) errors += (errors.empty() ? "" : "\n  ") + record.where + ": " + problem;
      continue;
    }
    prepared.push_back(std::move(unsigned_credential).value());
  }
  if (error_count > 0) {
    std::string message = error_count == 1 ? errors
                                           : std::to_string(error_count) +
                                                 " records are invalid; nothing was issued:\n  " +
                                                 errors;
    return InvalidInput(message);
  }

  std::vector<IssuedCredential> issued;
  issued.reserve(prepared.size());
  for (const UnsignedCredential& credential : prepared) {
    PRAMAAN_ASSIGN_OR_RETURN(IssuedCredential signed_credential, pipeline.Sign(credential));
    issued.push_back(std::move(signed_credential));
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return Internal("cannot create " + out_dir.string() + ": " + ec.message());
  std::vector<IssuedFile> files;
  for (const IssuedCredential& credential : issued) {
    const std::filesystem::path path = out_dir / (credential.credential_id + ".json");
    PRAMAAN_RETURN_IF_ERROR(WriteFileAtomically(path, DumpJson(credential.credential, true)));
    files.push_back({credential.credential_id, credential.source_record_id, path});
  }
  return files;
}

int RunIssue(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: pramaan issue --config FILE RECORD.json|BATCH.jsonl|- --out DIR\n"
      "  validate each record against its schema, build its Open Badges 3.0 credential, sign\n"
      "  it, verify the signature, and write DIR/{id}.json. Every record is checked before any\n"
      "  is signed: if one is invalid, nothing is written and the errors are listed.\n";
  auto args = Args::Parse(argc, argv, 2, {"config", "out"}, {});
  if (args.ok() && args->help()) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (!args.ok()) return UsageError(args.error().message());
  if (!args->Has("config")) return UsageError("issue needs --config FILE");
  if (!args->Has("out")) return UsageError("issue needs --out DIR");
  if (args->positionals().size() != 1) return UsageError("issue needs one record or batch file");
  auto config = LoadIssuerConfig(args->Get("config"));
  if (!config.ok()) return Fail(config.error());
  auto setup = LoadIssuerSetup(*config);
  if (!setup.ok()) return Fail(setup.error());
  SystemClock clock;
  auto files = IssueToDirectory(**setup, clock, args->positionals()[0], args->Get("out"));
  if (!files.ok()) return Fail(files.error());
  for (const IssuedFile& file : *files) {
    std::printf("%s\t%s\t%s\n", file.credential_id.c_str(), file.source_record_id.c_str(),
                file.path.c_str());
  }
  std::fprintf(stderr, "issued %zu credential%s into %s\n", files->size(),
               files->size() == 1 ? "" : "s", args->Get("out").c_str());
  return kExitOk;
}

}  // namespace pramaan::cli
