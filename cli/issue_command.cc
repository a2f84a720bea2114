// pramaan issue: records -> signed credentials, one {id}.json per record.
#include <cstdio>
#include <set>

#include "cli/cli.h"
#include "cli/issuing.h"
#include "core/time/clock.h"
#include "core/crypto/random.h"
#include "core/encoding/hex.h"
#include "core/status/free_index.h"
#include "issuer/issuance.h"
#include "store/status_lists.h"

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
                                                 const std::filesystem::path& out_dir,
                                                 const CertificateMaker* certificates,
                                                 store::Registry* registry) {
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
    } else if (registry != nullptr) {
      auto earlier = registry->GetBySourceRecord(unsigned_credential->source_record_id());
      if (!earlier.ok()) return earlier.error();
      if (earlier->has_value()) {
        problem = "source_record_id \"" + unsigned_credential->source_record_id() +
                  "\" was already issued as " + (*earlier)->id;
      }
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

  // With a registry, every credential gets a revocation and a suspension entry at a random
  // free position. Without one nothing could ever set their bits, so there are none.
  std::optional<store::StatusPositionAllocator> positions;
  SodiumRandomSource random;
  if (registry != nullptr) positions.emplace(*registry, random);
  std::vector<IssuedCredential> issued;
  std::vector<int64_t> issued_positions;
  issued.reserve(prepared.size());
  for (UnsignedCredential& credential : prepared) {
    if (positions) {
      PRAMAAN_ASSIGN_OR_RETURN(int64_t position, positions->Next());
      credential.SetCredentialStatus(store::CredentialStatusFor(setup.config.base_url, position));
      issued_positions.push_back(position);
    }
    PRAMAAN_ASSIGN_OR_RETURN(IssuedCredential signed_credential, pipeline.Sign(credential));
    issued.push_back(std::move(signed_credential));
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return Internal("cannot create " + out_dir.string() + ": " + ec.message());
  const std::filesystem::path staging = out_dir / (".staging-" + EncodeHex(RandomBytes(8)));
  std::filesystem::create_directory(staging, ec);
  if (ec) return Internal("cannot create " + staging.string() + ": " + ec.message());
  // Everything goes to `staging` first; any failure removes it and leaves out_dir as it was.
  struct StagingCleanup {
    const std::filesystem::path& dir;
    ~StagingCleanup() {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  } cleanup{staging};
  std::vector<IssuedFile> files;
  std::vector<std::string> names;
  for (const IssuedCredential& credential : issued) {
    const std::string json_name = credential.credential_id + ".json";
    PRAMAAN_RETURN_IF_ERROR(
        WriteFileAtomically(staging / json_name, DumpJson(credential.credential, true)));
    names.push_back(json_name);
    IssuedFile file{credential.credential_id, credential.source_record_id, out_dir / json_name, {}};
    if (certificates != nullptr) {
      Result<std::string> pdf = certificates->Make(credential.credential, credential.credential_id);
      if (!pdf.ok()) {
        return pdf.error().WithContext("certificate for " + credential.source_record_id +
                                       " (nothing was issued)");
      }
      const std::string pdf_name = credential.credential_id + ".pdf";
      PRAMAAN_RETURN_IF_ERROR(WriteFileAtomically(staging / pdf_name, *pdf));
      names.push_back(pdf_name);
      file.pdf_path = out_dir / pdf_name;
    }
    files.push_back(std::move(file));
  }
  for (const std::string& name : names) {
    std::filesystem::rename(staging / name, out_dir / name, ec);
    if (ec) return Internal("cannot move " + name + " into " + out_dir.string() + ": " + ec.message());
  }
  if (registry != nullptr) {
    // TODO(issue 6): one transaction for the batch, and crash safety between files and rows.
    for (size_t i = 0; i < issued.size(); ++i) {
      const IssuedCredential& credential = issued[i];
      store::StoredCredential row;
      row.id = credential.credential_id;
      row.source_record_id = credential.source_record_id;
      row.credential_json = DumpJson(credential.credential, true);
      row.issued_at = GetString(credential.credential["proof"], "created");
      row.revocation_index = issued_positions[i];
      row.suspension_index = issued_positions[i];
      PRAMAAN_RETURN_IF_ERROR(registry->Put(row));
    }
  }
  return files;
}

int RunIssue(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: pramaan issue --config FILE RECORD.json|BATCH.jsonl|- --out DIR\n"
      "                     [--registry FILE.sqlite|postgresql://...]\n"
      "  validate each record against its schema, build its Open Badges 3.0 credential, sign\n"
      "  it, verify the signature, and write DIR/{id}.json, and DIR/{id}.pdf (the signed\n"
      "  certificate) when the configuration has a \"certificates\" section. Every record is\n"
      "  checked before any is signed: if one is invalid, nothing is written and the errors are\n"
      "  listed. Prints one line per record: id, source record id, JSON path[, PDF path].\n"
      "  --registry  also store each credential in this registry, a SQLite file or a PostgreSQL\n"
      "              URL (what `pramaan serve --registry` serves); a record already issued\n"
      "              there is refused\n";
  auto args = Args::Parse(argc, argv, 2, {"config", "out", "registry"}, {});
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
  auto configured = CertificateMaker::CreateIfConfigured(*config);
  if (!configured.ok()) return Fail(configured.error());
  std::unique_ptr<CertificateMaker> certificates = std::move(configured).value();
  std::unique_ptr<store::Registry> registry;
  if (args->Has("registry")) {
    auto opened = store::OpenRegistry(args->Get("registry"));
    if (!opened.ok()) return Fail(opened.error());
    registry = std::move(opened).value();
  }
  SystemClock clock;
  auto files = IssueToDirectory(**setup, clock, args->positionals()[0], args->Get("out"),
                                certificates.get(), registry.get());
  if (!files.ok()) return Fail(files.error());
  for (const IssuedFile& file : *files) {
    std::printf("%s\t%s\t%s%s%s\n", file.credential_id.c_str(), file.source_record_id.c_str(),
                file.path.c_str(), file.pdf_path.empty() ? "" : "\t",
                file.pdf_path.c_str());
  }
  std::fprintf(stderr, "issued %zu credential%s%s into %s\n", files->size(),
               files->size() == 1 ? "" : "s", certificates ? " and certificate PDFs" : "",
               args->Get("out").c_str());
  if (!certificates) {
    std::fprintf(stderr,
                 "pramaan: note: the configuration has no \"certificates\" section, so no PDF "
                 "certificates were made\n");
  }
  return kExitOk;
}

}  // namespace pramaan::cli
