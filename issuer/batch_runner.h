// The streaming batch runner: records from a file (one record, JSON Lines or CSV) through the
// issuance service into a directory of {id}.json and {id}.pdf files, on all cores, with group
// commits, a rejects file, crash recovery and progress. `pramaan issue` and `pramaan demo` use
// it; the issuance itself is the service's (issuer/issuance_service.h).
#ifndef PRAMAAN_ISSUER_BATCH_RUNNER_H_
#define PRAMAAN_ISSUER_BATCH_RUNNER_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "core/result.h"
#include "issuer/issuance_service.h"
#include "issuer/progress.h"

namespace pramaan {

// The registry `pramaan issue` keeps in the output directory when no --registry is given: it
// records what was issued there, so running a batch again never issues a record twice. Hidden,
// like the directory's lock and temporary files: the files a person looks for are the
// credentials and certificates.
inline constexpr const char* kEmbeddedRegistryFile = ".pramaan-issued.sqlite";

struct IssuedFile {
  std::string credential_id;
  std::string source_record_id;
  std::filesystem::path path;
  std::filesystem::path pdf_path;  // empty when no certificate was made
};

// How IssueToDirectory runs; every member is optional.
struct BatchOptions {
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

// Issues the records of `input` through `service` into `out_dir`: {id}.json, and {id}.pdf when
// the service makes certificates.
//
// One record (a .json file) is issued or refused as a whole: an invalid record fails with
// kInvalidInput naming the field (kConflict for a different record under an issued
// source_record_id), and nothing is written.
//
// A batch (.jsonl, .ndjson, .csv, or "-" for JSON Lines on stdin) is streamed in constant
// memory and signed on all cores. A record that cannot be issued (malformed, invalid, a
// certificate no page can hold, a source_record_id already issued from different content) is
// listed in the rejects file with its line and reason, and the rest go on.
//
// The service commits every credential to its registry before its files are written, and its
// source_record_id is the idempotency key: running a batch again issues nothing new (records
// already issued from the same content are skipped, and their missing files, if a crash came
// between the commit and the files, are written again), and a batch killed at any moment and
// run again ends with exactly one credential per valid record. Files are written unnamed and
// linked once whole, so a killed run never leaves one half-written, and flushed to disk
// together (syncfs). A run again rewrites files of records already issued that a power cut
// lost or cut short, and removes temporary files a killed run left behind.
//
// Fails only on what stops the whole batch: an unreadable input, the registry or the disk.
Result<IssueSummary> IssueToDirectory(IssuanceService& service, const Requester& by,
                                      const std::string& input,
                                      const std::filesystem::path& out_dir,
                                      const BatchOptions& options);

// Reissues one corrected record (a .json file) of credential `replaces` through
// IssuanceService::Reissue and writes the replacement's files into `out_dir`. Fails as
// Reissue does.
Result<IssuedFile> ReissueToDirectory(IssuanceService& service, const Requester& by,
                                      const std::string& input,
                                      const std::filesystem::path& out_dir,
                                      std::string_view replaces, const std::string& reason);

}  // namespace pramaan

#endif  // PRAMAAN_ISSUER_BATCH_RUNNER_H_
