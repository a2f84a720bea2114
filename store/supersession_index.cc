#include "store/supersession_index.h"

#include <utility>
#include <vector>

namespace pramaan::store {

Result<std::shared_ptr<const SupersessionIndex::Map>> SupersessionIndex::Current() {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (count_ >= 0 && now - checked_ < recheck_interval_) return map_;
    // This thread rereads; the others keep using the current map until it is done.
    checked_ = now;
    // Past the limit it stays past it (replacements only grow): no need to count again.
    if (count_ > max_entries_) return map_;
  }
  PRAMAAN_ASSIGN_OR_RETURN(int64_t count, registry_.SupersededCount());
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (count == count_) return map_;
  }
  std::shared_ptr<const Map> map;
  if (count <= max_entries_) {
    PRAMAAN_ASSIGN_OR_RETURN(auto pairs, registry_.Supersessions(max_entries_ + 1));
    if (static_cast<int64_t>(pairs.size()) <= max_entries_) {
      auto built = std::make_shared<Map>();
      built->reserve(pairs.size());
      for (auto& [id, successor] : pairs) built->emplace(std::move(id), std::move(successor));
      map = std::move(built);
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (count >= count_) {  // replacements only grow: never go back to an older reading
    count_ = count;
    map_ = map;
  }
  return map_;
}

Result<std::string> SupersessionIndex::SupersededBy(std::string_view id) {
  PRAMAAN_ASSIGN_OR_RETURN(std::shared_ptr<const Map> map, Current());
  if (map == nullptr) {
    PRAMAAN_ASSIGN_OR_RETURN(std::optional<std::string> successor, registry_.SupersededBy(id));
    return successor.value_or("");
  }
  const auto found = map->find(id);
  return found == map->end() ? std::string() : found->second;
}

}  // namespace pramaan::store
