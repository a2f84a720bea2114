// A per-client budget for requests whose cost grows with what they ask (POST /v/bulk: up to
// 1,000 verifications each): a token bucket per client address, so that one client cannot
// keep the server's cores for itself while a recruiter's occasional list still goes through.
#ifndef PRAMAAN_API_RATE_LIMIT_H_
#define PRAMAAN_API_RATE_LIMIT_H_

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace pramaan::api {

// POST /v/bulk's budget: entries a client address may check per minute (five full lists;
// a list of 1,000 takes well under a second of one core).
inline constexpr double kBulkEntriesPerClientMinute = 5000;

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // Each client may spend `capacity` units at once, and gets `capacity` back per `period`
  // (continuously). At most `max_clients` are remembered: past that, clients whose budget is
  // whole again are forgotten, and if none is, all are (so memory stays bounded and the worst
  // a flood of addresses wins is one fresh budget each).
  RateLimiter(double capacity, std::chrono::seconds period, std::size_t max_clients = 10'000);

  // Spends `cost` units of `client`'s budget and returns 0, or spends nothing and returns
  // the whole seconds (at least 1) until the budget holds `cost` again. A cost above the
  // capacity is charged as the whole capacity. An empty `client` (unknown) is never limited.
  int Spend(std::string_view client, double cost, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  double Refilled(const Bucket& bucket, Clock::time_point now) const;

  const double capacity_;
  const double per_second_;
  const std::size_t max_clients_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace pramaan::api

#endif  // PRAMAAN_API_RATE_LIMIT_H_
