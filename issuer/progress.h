// Progress of a long batch, for the person waiting at the terminal.
//
// Workers count records (issued, skipped because already issued, rejected) with lock-free
// atomics. On a terminal a status line is redrawn at most every kRedrawInterval by a thread of
// the reporter's own, so no worker ever waits for the terminal. On anything else (a log file,
// a pipe) nothing is written until the summary, which is always written.
//
//   1200/5000 records (24%), 3 rejected, 56.2 records/s, ETA 1m07s
//
//   Issued:   4980
//   Skipped:  10 (already issued)
//   Rejected: 10 (see out/rejects.jsonl)
//   Elapsed:  1m40s (50.0 records/s)
#ifndef PRAMAAN_ISSUER_PROGRESS_H_
#define PRAMAAN_ISSUER_PROGRESS_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace pramaan {

// How often the status line may be redrawn: ten times a second reads as live; faster is only
// flicker and terminal traffic.
inline constexpr std::chrono::milliseconds kRedrawInterval{100};

// The shown rate is an exponential moving average with this time constant: long enough that
// the ETA does not jump with every slow record, short enough that a stall shows within seconds.
inline constexpr std::chrono::seconds kRateTimeConstant{5};

struct ProgressCounts {
  std::int64_t issued = 0;
  std::int64_t skipped = 0;   // already issued by an earlier run (same source_record_id)
  std::int64_t rejected = 0;  // invalid, or refused by the issuer
  std::int64_t done() const { return issued + skipped + rejected; }
};

// Formats a length of time for people: "4.2s" under ten seconds, "45s", "3m20s", "2h05m".
// Negative durations format as "0.0s".
std::string FormatDuration(std::chrono::duration<double> duration);

class ProgressReporter {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  struct Options {
    std::optional<std::int64_t> total;  // records in the batch; unknown (stdin): no %, no ETA
    bool terminal = false;              // redraw a status line while running
    // Receives every byte the reporter writes; required. Called by one thread at a time.
    std::function<void(std::string_view)> write;
    // A monotonic clock.
    std::function<TimePoint()> now = [] { return std::chrono::steady_clock::now(); };
    // On a terminal, redraw from a thread of the reporter's own every kRedrawInterval. Tests
    // turn it off and call MaybeRedraw themselves.
    bool redraw_thread = true;
  };

  // A reporter writing to `out` (usually stderr), on the steady clock, redrawing when `out` is
  // a terminal (isatty). `out` must outlive the reporter.
  static std::unique_ptr<ProgressReporter> ForFile(std::FILE* out,
                                                   std::optional<std::int64_t> total);

  // Starts the elapsed time now and, on a terminal with redraw_thread, the redraw thread.
  explicit ProgressReporter(Options options);
  // Stops the redraw thread. Does not write the summary: that is Finish's.
  ~ProgressReporter();
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  // Count one record. Safe from any number of threads at once; never blocks.
  void CountIssued() { issued_.fetch_add(1, std::memory_order_relaxed); }
  void CountSkipped() { skipped_.fetch_add(1, std::memory_order_relaxed); }
  void CountRejected() { rejected_.fetch_add(1, std::memory_order_relaxed); }

  ProgressCounts counts() const;

  // On a terminal, redraws the status line unless it was drawn less than kRedrawInterval ago
  // (by the clock given) or another thread is drawing it right now; does nothing elsewhere or
  // after Finish. Never waits for another thread.
  void MaybeRedraw();

  // The current smoothed rate in records per second, as last drawn (0 before a draw).
  double smoothed_rate() const;

  // Stops redrawing, clears the status line and writes the summary; names `rejects_path`
  // after the rejected count when it is not empty and something was rejected. Only the first
  // call does anything.
  void Finish(const std::string& rejects_path = "");

 private:
  void RedrawLoop();
  void StopRedrawThread();
  void UpdateRate(std::int64_t done, TimePoint now);
  std::string StatusLine(const ProgressCounts& counts) const;
  std::string Summary(const ProgressCounts& counts, TimePoint now,
                      const std::string& rejects_path) const;

  const Options options_;
  const TimePoint start_;

  std::atomic<std::int64_t> issued_{0};
  std::atomic<std::int64_t> skipped_{0};
  std::atomic<std::int64_t> rejected_{0};
  std::atomic<bool> finished_{false};

  // Drawing state, only touched with draw_mutex_ held (try_lock by MaybeRedraw).
  std::mutex draw_mutex_;
  std::optional<TimePoint> last_draw_;
  TimePoint last_sample_time_;
  std::int64_t last_sample_done_ = 0;
  std::atomic<double> smoothed_rate_{0};

  // The redraw thread sleeps on stop_changed_ so Finish wakes it at once.
  std::mutex stop_mutex_;
  std::condition_variable stop_changed_;
  bool stop_ = false;
  std::thread redraw_thread_;
};

}  // namespace pramaan

#endif  // PRAMAAN_ISSUER_PROGRESS_H_
