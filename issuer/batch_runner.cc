#include "issuer/batch_runner.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/io/files.h"
#include "issuer/batch_reader.h"

namespace pramaan {
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

// A record's own fault (it is listed in the rejects file and the batch goes on), as opposed to
// what stops the batch.
bool IsRecordsFault(const Error& error) {
  return error.code() == ErrorCode::kInvalidInput || error.code() == ErrorCode::kConflict ||
         error.code() == ErrorCode::kNotFound || error.code() == ErrorCode::kUnsupported;
}

// Turns the service's answers into files in the output directory; shared by the workers of a
// batch (thread-safe).
class RecordWriter {
 public:
  RecordWriter(IssuanceService& service, const Requester& by, std::filesystem::path out_dir)
      : service_(service), by_(by), out_dir_(std::move(out_dir)) {}

  // Issues `records` (one registry commit for the group) and writes their files. Fails only
  // for what must stop the batch (registry, disk); a record's own problems are a kRejected
  // outcome. outcomes[i] is records[i]'s.
  Result<std::vector<RecordOutcome>> IssueGroup(const std::vector<Json>& records) {
    PRAMAAN_ASSIGN_OR_RETURN(std::vector<Result<Issuance>> answers,
                             service_.IssueRecords(records, by_));
    std::vector<RecordOutcome> outcomes(records.size());
    for (size_t i = 0; i < records.size(); ++i) {
      PRAMAAN_ASSIGN_OR_RETURN(outcomes[i], Write(answers[i]));
    }
    return outcomes;
  }

  // The files of one answer of the service.
  Result<RecordOutcome> Write(const Result<Issuance>& answer) {
    if (!answer.ok()) {
      if (!IsRecordsFault(answer.error())) return answer.error();
      return Rejected(answer.error().message());
    }
    if (answer->kind == Issuance::Kind::kAlreadyIssued) return AlreadyIssued(answer->stored);
    return WriteFiles(answer->stored, answer->pdf);
  }

 private:
  // The record was issued before as `earlier`: skipped, after writing its files again if a
  // crash lost them.
  Result<RecordOutcome> AlreadyIssued(const store::StoredCredential& earlier) {
    const std::filesystem::path json_path = out_dir_ / (earlier.id + ".json");
    const std::filesystem::path pdf_path = out_dir_ / (earlier.id + ".pdf");
    const bool need_json = !HoldsExactly(json_path, earlier.credential_json);
    const bool need_pdf = service_.makes_certificates() && !HoldsWholePdf(pdf_path);
    if (need_json) {
      PRAMAAN_RETURN_IF_ERROR(WriteFileAtomically(json_path, earlier.credential_json, false));
    }
    if (need_pdf) {
      PRAMAAN_ASSIGN_OR_RETURN(std::string pdf, service_.MakeCertificate(earlier));
      PRAMAAN_RETURN_IF_ERROR(WriteFileAtomically(pdf_path, pdf, false));
    }
    IssuedFile file{earlier.id, earlier.source_record_id, json_path, {}};
    if (service_.makes_certificates()) file.pdf_path = pdf_path;
    return RecordOutcome{RecordOutcome::Kind::kSkipped, "", std::move(file)};
  }

  // Writes the files of a credential the registry holds: the record is then issued.
  Result<RecordOutcome> WriteFiles(const store::StoredCredential& row, const std::string& pdf) {
    const std::string& id = row.id;
    IssuedFile file{id, row.source_record_id, out_dir_ / (id + ".json"), {}};
    PRAMAAN_RETURN_IF_ERROR(WriteFileAtomically(file.path, row.credential_json, false));
    if (service_.makes_certificates()) {
      file.pdf_path = out_dir_ / (id + ".pdf");
      PRAMAAN_RETURN_IF_ERROR(WriteFileAtomically(file.pdf_path, pdf, false));
    }
    return RecordOutcome{RecordOutcome::Kind::kIssued, "", std::move(file)};
  }

  IssuanceService& service_;
  const Requester by_;
  const std::filesystem::path out_dir_;
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
  BatchRun(RecordWriter& issuer, const BatchOptions& options, std::filesystem::path rejects_path,
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
  RecordWriter& issuer_;
  const BatchOptions& options_;
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

}  // namespace

Result<IssuedFile> ReissueToDirectory(IssuanceService& service, const Requester& by,
                                      const std::string& input,
                                      const std::filesystem::path& out_dir,
                                      std::string_view replaces, const std::string& reason) {
  PRAMAAN_ASSIGN_OR_RETURN(std::string text, ReadInput(input));
  PRAMAAN_ASSIGN_OR_RETURN(Json record, ParseJson(text, input));
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return Internal("cannot create " + out_dir.string() + ": " + ec.message());
  PRAMAAN_ASSIGN_OR_RETURN(Issuance replacement, service.Reissue(record, replaces, reason, by));
  RecordWriter writer(service, by, out_dir);
  PRAMAAN_ASSIGN_OR_RETURN(RecordOutcome outcome, writer.Write(replacement));
  const int fd = ::open(out_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const Status flushed = FlushFiles(fd, out_dir);
  if (fd >= 0) ::close(fd);
  PRAMAAN_RETURN_IF_ERROR(flushed);
  return outcome.file;
}

Result<IssueSummary> IssueToDirectory(IssuanceService& service, const Requester& by,
                                      const std::string& input,
                                      const std::filesystem::path& out_dir,
                                      const BatchOptions& options) {
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
  RecordWriter writer(service, by, out_dir);

  if (!BatchFormatOf(input).ok()) {
    // One record: issued, or refused as a whole.
    PRAMAAN_ASSIGN_OR_RETURN(std::string text, ReadInput(input));
    PRAMAAN_ASSIGN_OR_RETURN(Json record, ParseJson(text, input));
    PRAMAAN_ASSIGN_OR_RETURN(Issuance issuance, service.IssueRecord(record, by));
    PRAMAAN_ASSIGN_OR_RETURN(RecordOutcome outcome, writer.Write(issuance));
    PRAMAAN_RETURN_IF_ERROR(FlushFiles(lock, out_dir));
    IssueSummary summary;
    if (outcome.kind == RecordOutcome::Kind::kSkipped) {
      summary.skipped = 1;
    } else {
      summary.issued = 1;
      if (options.on_issued) options.on_issued(outcome.file);
    }
    return summary;
  }

  PRAMAAN_ASSIGN_OR_RETURN(std::unique_ptr<BatchReader> reader, BatchReader::Open(input));
  const unsigned threads =
      options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  BatchRun run(writer, options,
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

}  // namespace pramaan
