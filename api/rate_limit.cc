#include "api/rate_limit.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace pramaan::api {

RateLimiter::RateLimiter(double capacity, std::chrono::seconds period, std::size_t max_clients)
    : capacity_(capacity),
      per_second_(capacity / static_cast<double>(std::max<std::int64_t>(1, period.count()))),
      max_clients_(max_clients) {}

double RateLimiter::Refilled(const Bucket& bucket, Clock::time_point now) const {
  const std::chrono::duration<double> elapsed = now - bucket.updated;
  return std::min(capacity_, bucket.tokens + std::max(0.0, elapsed.count()) * per_second_);
}

int RateLimiter::Spend(std::string_view client, double cost, Clock::time_point now) {
  if (client.empty()) return 0;
  cost = std::min(cost, capacity_);
  std::lock_guard lock(mutex_);
  auto found = buckets_.find(std::string(client));
  if (found == buckets_.end()) {
    if (buckets_.size() >= max_clients_) {
      std::erase_if(buckets_, [&](const auto& entry) {
        return Refilled(entry.second, now) >= capacity_;
      });
      if (buckets_.size() >= max_clients_) buckets_.clear();
    }
    found = buckets_.emplace(std::string(client), Bucket{capacity_, now}).first;
  }
  Bucket& bucket = found->second;
  bucket.tokens = Refilled(bucket, now);
  bucket.updated = now;
  if (bucket.tokens >= cost) {
    bucket.tokens -= cost;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((cost - bucket.tokens) / per_second_)));
}

}  // namespace pramaan::api
