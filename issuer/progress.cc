#include "issuer/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace pramaan {
namespace {

// Carriage return to the line's start, then (after the text) erase to the end of the line, so
// a shorter line leaves no tail of the longer one before it.
constexpr std::string_view kLineStart = "\r";
constexpr std::string_view kEraseToEnd = "\x1b[K";

std::string FormatRate(double records_per_second) {
  char text[64];
  std::snprintf(text, sizeof text, "%.1f records/s", records_per_second);
  return text;
}

}  // namespace

std::string FormatDuration(std::chrono::duration<double> duration) {
  const double seconds = std::max(0.0, duration.count());
  char text[64];
  if (seconds < 9.95) {  // 9.95 would print as "10.0s"
    std::snprintf(text, sizeof text, "%.1fs", seconds);
    return text;
  }
  const long long whole = std::llround(seconds);
  if (whole < 60) {
    std::snprintf(text, sizeof text, "%llds", whole);
  } else if (whole < 3600) {
    std::snprintf(text, sizeof text, "%lldm%02llds", whole / 60, whole % 60);
  } else {
    const long long minutes = std::llround(seconds / 60);
    std::snprintf(text, sizeof text, "%lldh%02lldm", minutes / 60, minutes % 60);
  }
  return text;
}

std::unique_ptr<ProgressReporter> ProgressReporter::ForFile(std::FILE* out,
                                                            std::optional<std::int64_t> total) {
  Options options;
  options.total = total;
  options.terminal = ::isatty(::fileno(out)) == 1;
  options.write = [out](std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), out);
    std::fflush(out);
  };
  options.now = [] { return std::chrono::steady_clock::now(); };
  return std::make_unique<ProgressReporter>(std::move(options));
}

ProgressReporter::ProgressReporter(Options options)
    : options_(std::move(options)), start_(options_.now()), last_sample_time_(start_) {
  if (options_.terminal && options_.redraw_thread) {
    redraw_thread_ = std::thread([this] { RedrawLoop(); });
  }
}

ProgressReporter::~ProgressReporter() { StopRedrawThread(); }

ProgressCounts ProgressReporter::counts() const {
  return ProgressCounts{issued_.load(std::memory_order_relaxed),
                        skipped_.load(std::memory_order_relaxed),
                        rejected_.load(std::memory_order_relaxed)};
}

double ProgressReporter::smoothed_rate() const {
  return smoothed_rate_.load(std::memory_order_relaxed);
}

void ProgressReporter::MaybeRedraw() {
  if (!options_.terminal || finished_.load()) return;
  std::unique_lock<std::mutex> lock(draw_mutex_, std::try_to_lock);
  if (!lock.owns_lock() || finished_.load()) return;
  const TimePoint now = options_.now();
  if (last_draw_ && now - *last_draw_ < kRedrawInterval) return;
  const ProgressCounts current = counts();
  UpdateRate(current.done(), now);
  last_draw_ = now;
  options_.write(std::string(kLineStart) + StatusLine(current) + std::string(kEraseToEnd));
}

void ProgressReporter::Finish(const std::string& rejects_path) {
  if (finished_.exchange(true)) return;
  StopRedrawThread();
  const std::lock_guard<std::mutex> lock(draw_mutex_);
  if (last_draw_) options_.write(std::string(kLineStart) + std::string(kEraseToEnd));
  options_.write(Summary(counts(), options_.now(), rejects_path));
}

void ProgressReporter::RedrawLoop() {
  std::unique_lock<std::mutex> lock(stop_mutex_);
  while (!stop_) {
    stop_changed_.wait_for(lock, kRedrawInterval);
    if (stop_) break;
    lock.unlock();
    MaybeRedraw();
    lock.lock();
  }
}

void ProgressReporter::StopRedrawThread() {
  {
    const std::lock_guard<std::mutex> lock(stop_mutex_);
    stop_ = true;
    stop_changed_.notify_all();
  }
  if (redraw_thread_.joinable()) redraw_thread_.join();
}

// An exponential moving average whose weight depends on the time since the last sample, so
// the smoothing is the same whether draws come every 100 ms or every second.
void ProgressReporter::UpdateRate(std::int64_t done, TimePoint now) {
  const std::chrono::duration<double> since = now - last_sample_time_;
  if (since.count() <= 0) return;
  const double sample = static_cast<double>(done - last_sample_done_) / since.count();
  double rate = sample;
  if (last_draw_) {  // the first sample is all there is to go on
    const double weight =
        1 - std::exp(-since.count() / std::chrono::duration<double>(kRateTimeConstant).count());
    const double previous = smoothed_rate_.load(std::memory_order_relaxed);
    rate = previous + weight * (sample - previous);
  }
  smoothed_rate_.store(rate, std::memory_order_relaxed);
  last_sample_time_ = now;
  last_sample_done_ = done;
}

std::string ProgressReporter::StatusLine(const ProgressCounts& current) const {
  const double rate = smoothed_rate();
  std::string line = std::to_string(current.done());
  if (options_.total) line += "/" + std::to_string(*options_.total);
  line += " records";
  if (options_.total && *options_.total > 0) {
    // Rounded down, so 100% appears only when every record is done.
    line += " (" + std::to_string(current.done() * 100 / *options_.total) + "%)";
  }
  if (current.rejected > 0) line += ", " + std::to_string(current.rejected) + " rejected";
  line += ", " + FormatRate(rate);
  if (options_.total && rate > 0) {
    const std::int64_t remaining = std::max<std::int64_t>(0, *options_.total - current.done());
    line += ", ETA " +
            FormatDuration(std::chrono::duration<double>(static_cast<double>(remaining) / rate));
  }
  return line;
}

std::string ProgressReporter::Summary(const ProgressCounts& current, TimePoint now,
                                      const std::string& rejects_path) const {
  std::string summary = "Issued:   " + std::to_string(current.issued) + "\n";
  summary += "Skipped:  " + std::to_string(current.skipped) + " (already issued)\n";
  summary += "Rejected: " + std::to_string(current.rejected);
  if (current.rejected > 0 && !rejects_path.empty()) summary += " (see " + rejects_path + ")";
  const std::chrono::duration<double> elapsed = now - start_;
  summary += "\nElapsed:  " + FormatDuration(elapsed);
  if (elapsed.count() > 0) {
    summary += " (" + FormatRate(static_cast<double>(current.done()) / elapsed.count()) + ")";
  }
  return summary + "\n";
}

}  // namespace pramaan
