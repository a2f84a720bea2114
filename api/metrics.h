// Counters the server exports at GET /metrics, in the Prometheus text format (0.0.4).
#ifndef PRAMAAN_API_METRICS_H_
#define PRAMAAN_API_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace pramaan::api {

// Thread-safe. Route labels are route templates ("/v/{id}"), never raw paths, so a client
// cannot grow the label set.
class Metrics {
 public:
  // Upper bounds (seconds) of the latency histogram's buckets; +Inf is implied.
  static constexpr std::array<double, 12> kLatencyBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  void RecordRequest(std::string_view route, unsigned status, double seconds);
  // `outcome`: "valid", "invalid", "expired", "error", ... (a small fixed set).
  void RecordVerification(std::string_view outcome);
  void RecordIssuance();
  void ConnectionOpened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }
  void ConnectionClosed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }
  int64_t open_connections() const { return open_connections_.load(std::memory_order_relaxed); }

  // The exposition text: pramaan_http_requests_total{route,status},
  // pramaan_http_request_duration_seconds (histogram), pramaan_verifications_total{outcome},
  // pramaan_credentials_issued_total, pramaan_open_connections.
  std::string Render() const;

 private:
  mutable std::mutex mutex_;
  // Heterogeneous lookup (std::less<>): counting a request allocates nothing once its route
  // has been seen.
  using ByStatus = std::map<unsigned, uint64_t>;
  std::map<std::string, ByStatus, std::less<>> requests_;
  std::array<uint64_t, kLatencyBuckets.size() + 1> latency_counts_{};  // not cumulative
  double latency_sum_ = 0;
  uint64_t latency_count_ = 0;
  std::map<std::string, uint64_t, std::less<>> verifications_;
  uint64_t issued_ = 0;
  std::atomic<int64_t> open_connections_{0};
};

}  // namespace pramaan::api

#endif  // PRAMAAN_API_METRICS_H_
