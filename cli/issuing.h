// Issuing records into a directory: shared by `pramaan issue` and `pramaan demo`.
#ifndef PRAMAAN_CLI_ISSUING_H_
#define PRAMAAN_CLI_ISSUING_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time/clock.h"
#include "cli/certificates.h"
#include "issuer/config.h"
#include "issuer/progress.h"
#include "store/registry.h"

namespace pramaan::cli {

struct IssuedFile {
  std::string credential_id;
  std::string source_record_id;
  std::filesystem::path path;
  std::filesystem::path pdf_path;  // empty when no certificate was made
};

// How IssueToDirectory runs; every member is optional.
struct IssueOptions {
  const CertificateMaker* certificates = nullptr;  // make {id}.pdf too
  // Store every credential, with status list entries; makes batches idempotent (below).
  store::Registry* registry = nullptr;
  std::filesystem::path rejects_path;  // empty: {out_dir}/rejected.jsonl
  unsigned threads = 0;                // 0: one per core
  ProgressReporter* progress = nullptr;
  // Called for each credential issued, one call at a time, in the order they finish.
  std::function<void(const IssuedFile&)> on_issued;
};

struct IssueSummary {
  int64_t issued = 0;
  int64_t skipped = 0;   // already issued from the same record (by an earlier run)
  int64_t rejected = 0;  // listed in rejects_path, one JSON line each
  std::filesystem::path rejects_path;  // empty when nothing was rejected
};

// Issues the records of `input` into `out_dir`: {id}.json, and {id}.pdf with certificates.
//
// One record (a .json file) is issued or refused as a whole: an invalid record fails with
// kInvalidInput naming the field, and nothing is written.
//
// A batch (.jsonl, .ndjson, .csv, or "-" for JSON Lines on stdin) is streamed in constant
// memory and signed on all cores. A record that cannot be issued (malformed, invalid, a
// certificate no page can hold, a source_record_id already issued from different content) is
// listed in the rejects file with its line and reason, and the rest go on.
//
// With a registry every record is committed there, with its status position, before its files
// are written; its source_record_id is the idempotency key. So running a batch again issues
// nothing new (records already issued from the same content are skipped, and their missing
// files, if a crash came between the commit and the files, are written again), and a batch
// killed at any moment and run again ends with exactly one credential per valid record. Files
// are written under a temporary name and renamed, so a killed run never leaves one
// half-written, and flushed to disk together at the end (syncfs; an fsync per file cost half
// of a batch's time). A run again compares the files of records already issued with the
// registry and rewrites any that a power cut lost or cut short, and removes the temporary
// files a killed run left behind (all of them when no other run is writing into the
// directory, else those a minute old).
//
// Fails only on what stops the whole batch: an unreadable input, the registry or the disk.
Result<IssueSummary> IssueToDirectory(const IssuerSetup& setup, const Clock& clock,
                                      const std::string& input,
                                      const std::filesystem::path& out_dir,
                                      const IssueOptions& options);

// What a reissue replaces, and why.
struct Reissue {
  std::string replaces;  // the short id of the credential being corrected
  std::string reason;    // for the audit log, e.g. "name corrected"
  std::string actor;
};

// Reissues one corrected record (a .json file whose source_record_id is the one `replaces`
// was issued from): issues it as a new credential (stored under source_record_id
// "{id}:reissue-{n}"), records that it supersedes the old one and revokes the old one with
// the reason, so the old QR code's page says so and links to the new certificate. Nothing is
// deleted. Needs options.registry. Running it again after a crash finishes the job without
// issuing a second replacement. Fails with kNotFound for an unknown credential, kInvalidInput
// for one already reissued, a record of another source_record_id, or an invalid record.
Result<IssuedFile> ReissueToDirectory(const IssuerSetup& setup, const Clock& clock,
                                      const std::string& input,
                                      const std::filesystem::path& out_dir,
                                      const IssueOptions& options, const Reissue& reissue);

}  // namespace pramaan::cli

#endif  // PRAMAAN_CLI_ISSUING_H_
