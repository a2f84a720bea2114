#include "api/metrics.h"

#include <cstdio>

namespace pramaan::api {

void Metrics::RecordRequest(std::string_view route, unsigned status, double seconds) {
  size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket]) ++bucket;
  std::lock_guard lock(mutex_);
  auto by_route = requests_.find(route);
  if (by_route == requests_.end()) by_route = requests_.emplace(std::string(route), ByStatus{}).first;
  ++by_route->second[status];
  ++latency_counts_[bucket];
  latency_sum_ += seconds;
  ++latency_count_;
}

void Metrics::RecordVerification(std::string_view outcome) {
  std::lock_guard lock(mutex_);
  auto found = verifications_.find(outcome);
  if (found == verifications_.end()) found = verifications_.emplace(std::string(outcome), 0).first;
  ++found->second;
}

void Metrics::RecordIssuance() {
  std::lock_guard lock(mutex_);
  ++issued_;
}

std::string Metrics::Render() const {
  std::string out;
  char line[256];
  std::lock_guard lock(mutex_);
  out += "# HELP pramaan_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE pramaan_http_requests_total counter\n";
  for (const auto& [route, by_status] : requests_) {
    for (const auto& [status, count] : by_status) {
      std::snprintf(line, sizeof line,
                    "pramaan_http_requests_total{route=\"%s\",status=\"%u\"} %llu\n",
                    route.c_str(), status, static_cast<unsigned long long>(count));
      out += line;
    }
  }
  out += "# HELP pramaan_http_request_duration_seconds Time from a complete request to its response.\n";
  out += "# TYPE pramaan_http_request_duration_seconds histogram\n";
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    cumulative += latency_counts_[i];
    std::snprintf(line, sizeof line,
                  "pramaan_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                  kLatencyBuckets[i], static_cast<unsigned long long>(cumulative));
    out += line;
  }
  cumulative += latency_counts_.back();
  std::snprintf(line, sizeof line,
                "pramaan_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n"
                "pramaan_http_request_duration_seconds_sum %.6f\n"
                "pramaan_http_request_duration_seconds_count %llu\n",
                static_cast<unsigned long long>(cumulative), latency_sum_,
                static_cast<unsigned long long>(latency_count_));
  out += line;
  out += "# HELP pramaan_verifications_total Credentials and presentations verified, by outcome.\n";
  out += "# TYPE pramaan_verifications_total counter\n";
  for (const auto& [outcome, count] : verifications_) {
    std::snprintf(line, sizeof line, "pramaan_verifications_total{outcome=\"%s\"} %llu\n",
                  outcome.c_str(), static_cast<unsigned long long>(count));
    out += line;
  }
  out += "# HELP pramaan_credentials_issued_total Credentials signed through POST /credentials/issue and awards.\n";
  out += "# TYPE pramaan_credentials_issued_total counter\n";
  out += "pramaan_credentials_issued_total " + std::to_string(issued_) + "\n";
  out += "# HELP pramaan_open_connections Client connections open now.\n";
  out += "# TYPE pramaan_open_connections gauge\n";
  out += "pramaan_open_connections " + std::to_string(open_connections()) + "\n";
  return out;
}

}  // namespace pramaan::api
