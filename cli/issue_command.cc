// pramaan issue: records -> signed credentials, one {id}.json per record.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <variant>
#include <vector>

#include "cli/cli.h"
#include "cli/issuing.h"
#include "core/crypto/sha256.h"
#include "core/encoding/hex.h"
#include "core/json/jcs.h"
#include "core/status/free_index.h"
#include "core/time/clock.h"
#include "issuer/batch_reader.h"
#include "issuer/issuance.h"
#include "store/status_lists.h"

namespace pramaan::cli {
namespace {

// Temporary files (WriteFileAtomically's ".{name}.XXXXXX") older than this are left over from
// a killed run; a live run renames its own within milliseconds.
constexpr auto kStaleTemporaryAge = std::chrono::minutes(1);
// Records a worker takes at once and commits to the registry in one transaction: a commit
// per credential was a third of a batch's time on SQLite.
constexpr size_t kGroupSize = 32;
// Records waiting for a worker, per worker: enough to keep every core busy, few enough that
// memory stays constant.
constexpr size_t kQueuedRecordsPerWorker = 2 * kGroupSize;
// A Put refused because another process took the same status position is signed again with
// a new one; this many times at most.
constexpr int kPositionAttempts = 4;

// Removes the temporary files (WriteFileAtomically's ".{name}.XXXXXX") that killed runs left
// in `dir`. Every run holds a shared lock (flock) on the directory while it writes there:
// when no other run holds it, every temporary file is a leftover; otherwise only those older
// than kStaleTemporaryAge are certainly not another run's. Returns the directory's descriptor,
// which the caller keeps open (holding the shared lock, and for FlushFiles) until it is done,
// or -1.
int LockAndCleanOutputDirectory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const bool alone = fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) == 0;
  std::error_code ec;
  const auto now = std::filesystem::file_time_type::clock::now();
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(".") ||
        (name.find(".json.") == std::string::npos && name.find(".pdf.") == std::string::npos)) {
      continue;
    }
    const auto written = entry.last_write_time(ec);
    if (alone || (!ec && now - written > kStaleTemporaryAge)) {
      std::filesystem::remove(entry.path(), ec);
    }
  }
  if (fd >= 0) ::flock(fd, LOCK_SH);
  return fd;
}

// Whether `path` holds exactly `bytes` (a credential file a crash or power cut did not lose).
bool HoldsExactly(const std::filesystem::path& path, std::string_view bytes) {
  std::error_code ec;
  if (std::filesystem::file_size(path, ec) != bytes.size() || ec) return false;
  auto text = ReadInput(path.string());
  return text.ok() && *text == bytes;
}

// Whether `path` is a whole PDF: it ends with the end-of-file marker the writer puts last.
bool HoldsWholePdf(const std::filesystem::path& path) {
  auto text = ReadInput(path.string());
  if (!text.ok() || !text->starts_with("%PDF-")) return false;
  const size_t tail = text->size() > 32 ? text->size() - 32 : 0;
  return text->find("%%EOF", tail) != std::string::npos;
}

// Puts everything written under the directory `fd` on disk: the credential files are written
// without an fsync each (one per file was half of a batch's time), then flushed together.
Status FlushFiles(int fd, const std::filesystem::path& dir) {
  if (fd >= 0 && ::syncfs(fd) != 0) {
    return Internal("cannot flush " + dir.string() + " to disk: " + std::strerror(errno));
  }
  return Status::Ok();
}

// While a batch runs, its files are flushed every so often in the background: the kernel
// would otherwise let gigabytes of a large batch wait in memory for the flush at the end,
// with the cores idle. Errors are left to that final FlushFiles, which reports them.
class BackgroundFlush {
 public:
  static constexpr auto kInterval = std::chrono::seconds(2);

  explicit BackgroundFlush(int fd) : fd_(fd), thread_([this] { Run(); }) {}
  ~BackgroundFlush() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  BackgroundFlush(const BackgroundFlush&) = delete;
  BackgroundFlush& operator=(const BackgroundFlush&) = delete;

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, kInterval, [&] { return stop_; })) {
      lock.unlock();
      if (fd_ >= 0) ::syncfs(fd_);
      lock.lock();
    }
  }

  const int fd_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;  // last: started once the rest is ready
};

// What became of one record.
struct RecordOutcome {
  enum class Kind { kIssued, kSkipped, kRejected } kind = Kind::kRejected;
  std::string problem;  // kRejected: why, as a sentence
  IssuedFile file;      // kIssued; kSkipped: the credential issued before (id and paths)
};

RecordOutcome Rejected(std::string problem) {
  return {RecordOutcome::Kind::kRejected, std::move(problem), {}};
}

// Issues single records; shared by the workers of a batch (thread-safe).
class RecordIssuer {
 public:
  RecordIssuer(const IssuerSetup& setup, const Clock& clock, std::filesystem::path out_dir,
               const IssueOptions& options)
      : setup_(setup),
        out_dir_(std::move(out_dir)),
        options_(options),
        pipeline_(setup.issuer, setup.config.base_url, *setup.signer, setup.proof,
                  setup.resolver, clock, setup.contexts) {
    if (options.registry != nullptr) positions_.emplace(*options.registry, random_);
  }

  // Fails only for what must stop the batch (registry, disk); a record's own problems are a
  // kRejected outcome.
  Result<RecordOutcome> Issue(const Json& record) {
    for (int attempt = 1;; ++attempt) {
      PRAMAAN_ASSIGN_OR_RETURN(Signing signing, Sign(record));
      if (auto* outcome = std::get_if<RecordOutcome>(&signing)) return std::move(*outcome);
      SignedRecord& signed_record = std::get<SignedRecord>(signing);
      if (options_.registry != nullptr) {
        Status stored = options_.registry->Put(signed_record.row);
        if (!stored.ok()) {
          PRAMAAN_ASSIGN_OR_RETURN(std::optional<RecordOutcome> settled,
                                   AfterRefusal(signed_record.row, stored.error()));
          if (settled) return std::move(*settled);
          if (attempt < kPositionAttempts) continue;
          return stored.error();
        }
      }
      return WriteFiles(signed_record.row, signed_record.pdf);
    }
  }

  // Issues `records` as Issue does each, but commits the group's credentials to the registry
  // in one transaction (Registry::PutMany) before writing any of their files: one commit per
  // group instead of one per credential. A credential the registry refuses (another worker
  // stored its record first, or took its status position) goes through Issue again, which
  // sorts it out. outcomes[i] is records[i]'s.
  Result<std::vector<RecordOutcome>> IssueGroup(const std::vector<Json>& records) {
    std::vector<RecordOutcome> outcomes(records.size());
    if (options_.registry == nullptr) {
      for (size_t i = 0; i < records.size(); ++i) {
        PRAMAAN_ASSIGN_OR_RETURN(outcomes[i], Issue(records[i]));
      }
      return outcomes;
    }
    std::vector<size_t> signed_index;
    // The signed credentials (moved, not copied: each holds the whole credential) and their
    // certificates, in the order of signed_index.
    std::vector<store::StoredCredential> rows;
    std::vector<std::string> pdfs;
    for (size_t i = 0; i < records.size(); ++i) {
      PRAMAAN_ASSIGN_OR_RETURN(Signing signing, Sign(records[i]));
      if (auto* outcome = std::get_if<RecordOutcome>(&signing)) {
        outcomes[i] = std::move(*outcome);
        continue;
      }
      signed_index.push_back(i);
      SignedRecord& signed_record = std::get<SignedRecord>(signing);
      rows.push_back(std::move(signed_record.row));
      pdfs.push_back(std::move(signed_record.pdf));
    }
    PRAMAAN_ASSIGN_OR_RETURN(std::vector<Status> stored, options_.registry->PutMany(rows));
    for (size_t k = 0; k < rows.size(); ++k) {
      const size_t i = signed_index[k];
      if (stored[k].ok()) {
        PRAMAAN_ASSIGN_OR_RETURN(outcomes[i], WriteFiles(rows[k], pdfs[k]));
        continue;
      }
      PRAMAAN_ASSIGN_OR_RETURN(std::optional<RecordOutcome> settled,
                               AfterRefusal(rows[k], stored[k].error()));
      if (settled) {
        outcomes[i] = std::move(*settled);
      } else {
        PRAMAAN_ASSIGN_OR_RETURN(outcomes[i], Issue(records[i]));
      }
    }
    return outcomes;
  }

 private:
  // A signed credential waiting for the registry, with its certificate.
  struct SignedRecord {
    store::StoredCredential row;  // id, source record, JSON, time, digest and position
    std::string pdf;              // "" without certificates
  };
  // What signing a record came to: already an outcome (rejected, or issued before), or a
  // credential to store.
  using Signing = std::variant<RecordOutcome, SignedRecord>;

  // Everything before the registry commit: the record's digest and checks, the look-up of an
  // earlier issue, a status position, the signature and the certificate.
  Result<Signing> Sign(const Json& record) {
    store::Registry* registry = options_.registry;
    // The record's digest tells a record sent again from a different one under the same id;
    // only a registry remembers it.
    std::string source_digest;
    if (registry != nullptr) {
      auto canonical = CanonicalizeJcs(record);
      if (!canonical.ok()) return Signing(Rejected(canonical.error().message()));
      source_digest = EncodeHex(Sha256(*canonical));
    }
    Result<UnsignedCredential> prepared = pipeline_.Prepare(record);
    if (!prepared.ok()) return Signing(Rejected(prepared.error().message()));
    if (registry != nullptr) {
      PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::StoredCredential> earlier,
                               registry->GetBySourceRecord(prepared->source_record_id()));
      if (earlier) {
        PRAMAAN_ASSIGN_OR_RETURN(RecordOutcome outcome, AlreadyIssued(*earlier, source_digest));
        return Signing(std::move(outcome));
      }
    }
    std::optional<int64_t> position;
    if (positions_) {
      PRAMAAN_ASSIGN_OR_RETURN(position, positions_->Next());
      prepared->SetCredentialStatus(store::CredentialStatusFor(setup_.config.base_url, *position));
    }
    Result<IssuedCredential> issued = pipeline_.Sign(*prepared);
    if (!issued.ok()) {
      if (issued.error().code() == ErrorCode::kInternal) return issued.error();
      return Signing(Rejected(issued.error().message()));
    }
    SignedRecord out;
    out.row.id = issued->credential_id;
    out.row.source_record_id = issued->source_record_id;
    out.row.credential_json = DumpJson(issued->credential, true);
    out.row.issued_at = GetString(issued->credential["proof"], "created");
    out.row.source_digest = std::move(source_digest);
    out.row.revocation_index = position;
    out.row.suspension_index = position;
    if (options_.certificates != nullptr) {
      Result<std::string> made = MakePdf(issued->credential, issued->credential_id);
      if (!made.ok()) return Signing(Rejected("certificate: " + made.error().message()));
      out.pdf = std::move(made).value();
    }
    return Signing(std::move(out));
  }

  // After the registry refused `row`: the outcome when another worker or process stored its
  // record first, nullopt when only the status position was taken (sign again), or the error
  // when the refusal is not the record's (disk, connection).
  Result<std::optional<RecordOutcome>> AfterRefusal(const store::StoredCredential& row,
                                                    const Error& refusal) {
    if (refusal.code() != ErrorCode::kInvalidInput) return refusal;
    PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::StoredCredential> earlier,
                             options_.registry->GetBySourceRecord(row.source_record_id));
    if (!earlier) return std::optional<RecordOutcome>();
    PRAMAAN_ASSIGN_OR_RETURN(RecordOutcome outcome, AlreadyIssued(*earlier, row.source_digest));
    return std::optional<RecordOutcome>(std::move(outcome));
  }

  // The record was issued before as `earlier`: skipped when it came from the same content
  // (after writing its files again if a crash lost them), refused otherwise.
  Result<RecordOutcome> AlreadyIssued(const store::StoredCredential& earlier,
                                      const std::string& source_digest) {
    if (!earlier.source_digest.empty() && earlier.source_digest != source_digest) {
      return Rejected("source_record_id \"" + earlier.source_record_id +
                      "\" was already issued as " + earlier.id +
                      " from a different record; reissue that credential to change it");
    }
    const std::filesystem::path json_path = out_dir_ / (earlier.id + ".json");
    const std::filesystem::path pdf_path = out_dir_ / (earlier.id + ".pdf");
    const bool need_json = !HoldsExactly(json_path, earlier.credential_json);
    const bool need_pdf = options_.certificates != nullptr && !HoldsWholePdf(pdf_path);
    if (need_json || need_pdf) {
      std::string pdf;
      if (need_pdf) {
        PRAMAAN_ASSIGN_OR_RETURN(Json credential, ParseJson(earlier.credential_json));
        PRAMAAN_ASSIGN_OR_RETURN(pdf, MakePdf(credential, earlier.id));
      }
      if (need_json) {
        PRAMAAN_RETURN_IF_ERROR(WriteFileAtomically(json_path, earlier.credential_json, false));
      }
      if (need_pdf) PRAMAAN_RETURN_IF_ERROR(WriteFileAtomically(pdf_path, pdf, false));
    }
    IssuedFile file{earlier.id, earlier.source_record_id, json_path, {}};
    if (options_.certificates != nullptr) file.pdf_path = pdf_path;
    return RecordOutcome{RecordOutcome::Kind::kSkipped, "", std::move(file)};
  }

  // Workers make certificates at once: the renderer lays out one page at a time under its own
  // lock (Pango's font caches are shared), and the PAdES signing and the check of each PDF,
  // most of the work, run in parallel (DocumentSigner is immutable).
  Result<std::string> MakePdf(const Json& credential, const std::string& id) {
    return options_.certificates->Make(credential, id);
  }

  // Writes the files of a credential the registry holds (or of one issued without a
  // registry): the record is then issued.
  Result<RecordOutcome> WriteFiles(const store::StoredCredential& row, const std::string& pdf) {
    const std::string& id = row.id;
    IssuedFile file{id, row.source_record_id, out_dir_ / (id + ".json"), {}};
    PRAMAAN_RETURN_IF_ERROR(WriteFileAtomically(file.path, row.credential_json, false));
    if (options_.certificates != nullptr) {
      file.pdf_path = out_dir_ / (id + ".pdf");
      PRAMAAN_RETURN_IF_ERROR(WriteFileAtomically(file.pdf_path, pdf, false));
    }
    return RecordOutcome{RecordOutcome::Kind::kIssued, "", std::move(file)};
  }

  const IssuerSetup& setup_;
  const std::filesystem::path out_dir_;
  const IssueOptions& options_;
  const IssuancePipeline pipeline_;
  SodiumRandomSource random_;
  std::optional<store::StatusPositionAllocator> positions_;
};

// A record read from a batch, waiting for a worker.
struct QueuedRecord {
  std::string where;
  int64_t line = 0;
  Result<Json> record;
};

// The batch's shared state: the queue between the reader and the workers, the outcome
// counters, the rejects file and the first error that stops everything.
class BatchRun {
 public:
  BatchRun(RecordIssuer& issuer, const IssueOptions& options, std::filesystem::path rejects_path,
           size_t capacity)
      : issuer_(issuer), options_(options), rejects_path_(std::move(rejects_path)),
        capacity_(capacity) {}

  // Blocks while the queue is full; false once the run has failed.
  bool Push(QueuedRecord record) {
    std::unique_lock<std::mutex> lock(mutex_);
    space_.wait(lock, [&] { return queue_.size() < capacity_ || !error_.ok(); });
    if (!error_.ok()) return false;
    queue_.push_back(std::move(record));
    ready_.notify_one();
    return true;
  }

  void Close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    ready_.notify_all();
  }

  void Fail(const Error& error) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (error_.ok()) error_ = Status(error);
    space_.notify_all();
    ready_.notify_all();
  }

  void Work() {
    std::vector<QueuedRecord> items;
    std::vector<Json> records;
    for (;;) {
      items.clear();
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return !queue_.empty() || closed_ || !error_.ok(); });
        if (!error_.ok() || queue_.empty()) return;
        while (!queue_.empty() && items.size() < kGroupSize) {
          items.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
        space_.notify_all();
      }
      records.clear();
      for (QueuedRecord& item : items) {
        if (item.record.ok()) records.push_back(std::move(item.record).value());
      }
      Result<std::vector<RecordOutcome>> outcomes = issuer_.IssueGroup(records);
      if (!outcomes.ok()) {
        return Fail(outcomes.error().WithContext(items.size() == 1
                                                     ? items.front().where
                                                     : "records from " + items.front().where));
      }
      size_t next = 0;
      for (const QueuedRecord& item : items) {
        Record(item, item.record.ok() ? (*outcomes)[next++]
                                      : Rejected(item.record.error().message()));
      }
    }
  }

  Status status() {
    std::lock_guard<std::mutex> lock(mutex_);
    return error_;
  }
  IssueSummary summary() {
    std::lock_guard<std::mutex> lock(output_mutex_);
    return summary_;
  }

 private:
  void Record(const QueuedRecord& item, const RecordOutcome& outcome) {
    std::lock_guard<std::mutex> lock(output_mutex_);
    switch (outcome.kind) {
      case RecordOutcome::Kind::kIssued:
        ++summary_.issued;
        if (options_.progress != nullptr) options_.progress->CountIssued();
        if (options_.on_issued) options_.on_issued(outcome.file);
        return;
      case RecordOutcome::Kind::kSkipped:
        ++summary_.skipped;
        if (options_.progress != nullptr) options_.progress->CountSkipped();
        return;
      case RecordOutcome::Kind::kRejected:
        ++summary_.rejected;
        if (options_.progress != nullptr) options_.progress->CountRejected();
        WriteReject(item, outcome.problem);
        return;
    }
  }

  void WriteReject(const QueuedRecord& item, const std::string& problem) {
    if (rejects_ == nullptr) {
      rejects_ = std::fopen(rejects_path_.c_str(), "w");
      if (rejects_ == nullptr) {
        std::fprintf(stderr, "pramaan: cannot write %s; rejected %s: %s\n",
                     rejects_path_.c_str(), item.where.c_str(), problem.c_str());
        return;
      }
      summary_.rejects_path = rejects_path_;
    }
    const std::string line =
        DumpJson(Json{{"where", item.where}, {"line", item.line}, {"error", problem}}, false);
    std::fprintf(rejects_, "%s\n", line.c_str());
    std::fflush(rejects_);
  }

 public:
  ~BatchRun() {
    if (rejects_ != nullptr) std::fclose(rejects_);
  }

 private:
  RecordIssuer& issuer_;
  const IssueOptions& options_;
  const std::filesystem::path rejects_path_;
  const size_t capacity_;

  std::mutex mutex_;  // the queue and the error
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<QueuedRecord> queue_;
  bool closed_ = false;
  Status error_ = Status::Ok();

  std::mutex output_mutex_;  // counters, callbacks, the rejects file
  IssueSummary summary_;
  std::FILE* rejects_ = nullptr;
};

// The source record id a reissue chain started from: "x:reissue-3" -> "x".
std::string ReissueBaseId(const std::string& source_record_id) {
  const size_t at = source_record_id.rfind(":reissue-");
  return at == std::string::npos ? source_record_id : source_record_id.substr(0, at);
}

}  // namespace

Result<IssuedFile> ReissueToDirectory(const IssuerSetup& setup, const Clock& clock,
                                      const std::string& input,
                                      const std::filesystem::path& out_dir,
                                      const IssueOptions& options, const Reissue& reissue) {
  store::Registry* registry = options.registry;
  if (registry == nullptr) return InvalidInput("reissuing needs --registry");
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::StoredCredential> old,
                           registry->Get(reissue.replaces));
  if (!old) return NotFound("no credential " + reissue.replaces + " is in the registry");
  if (!old->superseded_by.empty()) {
    return InvalidInput("credential " + old->id + " was already reissued as " +
                        old->superseded_by + "; reissue that one instead");
  }
  PRAMAAN_ASSIGN_OR_RETURN(std::string text, ReadInput(input));
  PRAMAAN_ASSIGN_OR_RETURN(Json record, ParseJson(text, input));
  const std::string base = ReissueBaseId(old->source_record_id);
  if (!record.is_object() || GetString(record, "source_record_id") != base) {
    return InvalidInput("the corrected record's source_record_id must be \"" + base +
                        "\", the record credential " + old->id + " was issued from");
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return Internal("cannot create " + out_dir.string() + ": " + ec.message());
  RecordIssuer issuer(setup, clock, out_dir, options);
  // The replacement is stored under "{id}:reissue-{n}", the first n whose record is not an
  // earlier, already superseded replacement (a run killed after issuing and before
  // superseding finds its replacement here again, and finishes the job).
  IssuedFile replacement;
  for (int n = 2;; ++n) {
    const std::string source_id = base + ":reissue-" + std::to_string(n);
    PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::StoredCredential> taken,
                             registry->GetBySourceRecord(source_id));
    if (taken && !taken->superseded_by.empty()) continue;
    record["source_record_id"] = source_id;
    PRAMAAN_ASSIGN_OR_RETURN(RecordOutcome outcome, issuer.Issue(record));
    if (outcome.kind == RecordOutcome::Kind::kRejected) return InvalidInput(outcome.problem);
    replacement = std::move(outcome.file);
    break;
  }
  {
    const int fd = ::open(out_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const Status flushed = FlushFiles(fd, out_dir);
    if (fd >= 0) ::close(fd);
    PRAMAAN_RETURN_IF_ERROR(flushed);
  }
  PRAMAAN_RETURN_IF_ERROR(registry->Supersede(old->id, replacement.credential_id));
  auto revoked = registry->ChangeStatus(store::StatusEvent{
      0, old->id, store::StatusAction::kRevoke,
      "reissued as " + replacement.credential_id + ": " + reissue.reason, reissue.actor,
      FormatRfc3339(clock.Now())});
  if (!revoked.ok()) return revoked.error();
  return replacement;
}

Result<IssueSummary> IssueToDirectory(const IssuerSetup& setup, const Clock& clock,
                                      const std::string& input,
                                      const std::filesystem::path& out_dir,
                                      const IssueOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return Internal("cannot create " + out_dir.string() + ": " + ec.message());
  const int lock = LockAndCleanOutputDirectory(out_dir);
  struct LockRelease {
    int fd;
    ~LockRelease() {
      if (fd >= 0) ::close(fd);
    }
  } release{lock};
  RecordIssuer issuer(setup, clock, out_dir, options);

  if (!BatchFormatOf(input).ok()) {
    // One record: issued, or refused as a whole.
    PRAMAAN_ASSIGN_OR_RETURN(std::string text, ReadInput(input));
    PRAMAAN_ASSIGN_OR_RETURN(Json record, ParseJson(text, input));
    PRAMAAN_ASSIGN_OR_RETURN(RecordOutcome outcome, issuer.Issue(std::move(record)));
    PRAMAAN_RETURN_IF_ERROR(FlushFiles(lock, out_dir));
    IssueSummary summary;
    switch (outcome.kind) {
      case RecordOutcome::Kind::kRejected:
        return InvalidInput(outcome.problem);
      case RecordOutcome::Kind::kSkipped:
        summary.skipped = 1;
        break;
      case RecordOutcome::Kind::kIssued:
        summary.issued = 1;
        if (options.on_issued) options.on_issued(outcome.file);
        break;
    }
    return summary;
  }

  PRAMAAN_ASSIGN_OR_RETURN(std::unique_ptr<BatchReader> reader, BatchReader::Open(input));
  const unsigned threads =
      options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  BatchRun run(issuer, options,
               options.rejects_path.empty() ? out_dir / "rejected.jsonl" : options.rejects_path,
               threads * kQueuedRecordsPerWorker);
  std::optional<BackgroundFlush> flushing(std::in_place, lock);
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < threads; ++i) workers.emplace_back([&run] { run.Work(); });
  for (;;) {
    Result<std::optional<BatchRecord>> next = reader->Next();
    if (!next.ok()) {
      run.Fail(next.error());
      break;
    }
    if (!next->has_value()) break;
    BatchRecord& record = **next;
    if (!run.Push({std::move(record.where), record.line, std::move(record.record)})) break;
  }
  run.Close();
  for (std::thread& worker : workers) worker.join();
  flushing.reset();
  PRAMAAN_RETURN_IF_ERROR(FlushFiles(lock, out_dir));
  PRAMAAN_RETURN_IF_ERROR(run.status());
  return run.summary();
}

int RunIssue(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: pramaan issue --config FILE RECORD.json|BATCH.jsonl|BATCH.csv|- --out DIR\n"
      "                     [--registry FILE.sqlite|postgresql://...] [--rejects FILE]\n"
      "                     [--threads N]\n"
      "  validate each record against its schema, build its Open Badges 3.0 credential, sign\n"
      "  it, verify the signature, and write DIR/{id}.json, and DIR/{id}.pdf (the signed\n"
      "  certificate) when the configuration has a \"certificates\" section. Prints one line per\n"
      "  credential issued: id, source record id, JSON path[, PDF path].\n"
      "  One record (.json) is issued or refused as a whole. A batch (JSON Lines, CSV with a\n"
      "  header of dotted field names, or - for JSON Lines on stdin) is streamed on all cores\n"
      "  with a progress line on a terminal; records that cannot be issued are listed with\n"
      "  their line and reason in the rejects file and the rest are issued (exit 1 if any).\n"
      "  --registry  store each credential, with revocation and suspension status entries, in\n"
      "              this registry (a SQLite file or a PostgreSQL URL; what `pramaan serve\n"
      "              --registry` serves). The source_record_id is the idempotency key: a batch\n"
      "              run again, or after being killed, issues each record exactly once\n"
      "  --rejects   where rejected records are listed (default DIR/rejected.jsonl)\n"
      "  --threads   signing threads (default: one per core)\n"
      "  --replaces ID --reason TEXT [--actor NAME]\n"
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
  IssueOptions options;
  if (args->Has("threads")) {
    const int threads = std::atoi(args->Get("threads").c_str());
    if (threads < 1 || threads > 256) return UsageError("--threads must be 1 to 256");
    options.threads = static_cast<unsigned>(threads);
  }
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
  const std::string input = args->positionals()[0];
  const bool batch = BatchFormatOf(input).ok();
  std::unique_ptr<ProgressReporter> progress;
  if (batch) progress = ProgressReporter::ForFile(stderr, EstimateRecordCount(input));
  options.certificates = certificates.get();
  options.registry = registry.get();
  options.rejects_path = args->Get("rejects");
  options.progress = progress.get();
  options.on_issued = [](const IssuedFile& file) {
    std::printf("%s\t%s\t%s%s%s\n", file.credential_id.c_str(), file.source_record_id.c_str(),
                file.path.c_str(), file.pdf_path.empty() ? "" : "\t", file.pdf_path.c_str());
  };
  SystemClock clock;
  if (args->Has("replaces")) {
    if (batch) return UsageError("--replaces reissues one record (.json), not a batch");
    if (!registry) return UsageError("--replaces needs --registry");
    if (args->Get("reason").empty()) return UsageError("--replaces needs --reason");
    Reissue reissue{args->Get("replaces"), args->Get("reason"),
                    args->Has("actor") ? args->Get("actor") : DefaultActor()};
    auto replacement =
        ReissueToDirectory(**setup, clock, input, args->Get("out"), options, reissue);
    if (!replacement.ok()) return Fail(replacement.error());
    options.on_issued(*replacement);
    std::fprintf(stderr, "reissued %s as %s; %s is now superseded and revoked\n",
                 reissue.replaces.c_str(), replacement->credential_id.c_str(),
                 reissue.replaces.c_str());
    return kExitOk;
  }
  auto summary = IssueToDirectory(**setup, clock, input, args->Get("out"), options);
  if (progress) progress->Finish(summary.ok() ? summary->rejects_path.string() : "");
  if (!summary.ok()) return Fail(summary.error());
  if (!batch) {
    std::fprintf(stderr, "%s %s%s into %s\n",
                 summary->issued == 1 ? "issued 1 credential" : "skipped 1 record (already issued)",
                 summary->issued == 1 && certificates ? "and its certificate PDF" : "",
                 "", args->Get("out").c_str());
  }
  if (!certificates) {
    std::fprintf(stderr,
                 "pramaan: note: the configuration has no \"certificates\" section, so no PDF "
                 "certificates were made\n");
  }
  return summary->rejected > 0 ? kExitInvalid : kExitOk;
}

}  // namespace pramaan::cli
