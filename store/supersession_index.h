// Which credentials were replaced, held in memory for the verification server: POST
// /credentials/verify asks for every credential it checks, and a query per request was 5% of
// the request's time. Replacements are rare and never undone, so the registry's
// SupersededCount is a version: the pairs are read again only when it changes, and it is asked
// at most once per recheck interval (a replacement made by another process is seen within it,
// as status changes are). When there are more replacements than the index holds, it answers
// from the registry on every call instead.
#ifndef PRAMAAN_STORE_SUPERSESSION_INDEX_H_
#define PRAMAAN_STORE_SUPERSESSION_INDEX_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <functional>
#include <unordered_map>

#include "core/result.h"
#include "store/registry.h"
#include "store/status_lists.h"

namespace pramaan::store {

// The most replacements held in memory (about 100 bytes each: 10 MB).
inline constexpr int64_t kMaxIndexedSupersessions = 100'000;

class SupersessionIndex {
 public:
  explicit SupersessionIndex(const Registry& registry,
                             std::chrono::milliseconds recheck_interval = kStatusRecheckInterval,
                             int64_t max_entries = kMaxIndexedSupersessions)
      : registry_(registry), recheck_interval_(recheck_interval), max_entries_(max_entries) {}

  // The id of the credential that replaced credential `id`: "" when none did (also when `id`
  // is not stored). Thread-safe.
  Result<std::string> SupersededBy(std::string_view id);

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  using Map = std::unordered_map<std::string, std::string, StringHash, std::equal_to<>>;

  // The map as of at most recheck_interval_ ago; null when there are too many replacements to
  // hold (then the registry answers each call).
  Result<std::shared_ptr<const Map>> Current();

  const Registry& registry_;
  const std::chrono::milliseconds recheck_interval_;
  const int64_t max_entries_;
  std::mutex mutex_;  // guards the members below
  int64_t count_ = -1;  // the SupersededCount map_ reflects; -1 before the first read
  std::chrono::steady_clock::time_point checked_{};
  std::shared_ptr<const Map> map_;
};

}  // namespace pramaan::store

#endif  // PRAMAAN_STORE_SUPERSESSION_INDEX_H_
