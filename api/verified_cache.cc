#include "api/verified_cache.h"

#include <algorithm>
#include <functional>

namespace pramaan::api {

VerifiedCache::VerifiedCache(size_t capacity)
    : capacity_per_shard_(std::max<size_t>(1, capacity / kShards)) {}

VerifiedCache::Shard& VerifiedCache::ShardOf(std::string_view id) {
  // The shard from the hash's high bits, the slot within it from all of them.
  return shards_[(Shard::Hash{}(id) >> 32) % kShards];
}

std::shared_ptr<const VerifiedCache::Entry> VerifiedCache::Find(std::string_view id) {
  Shard& shard = ShardOf(id);
  std::lock_guard lock(shard.mutex);
  const auto found = shard.slots.find(id);
  if (found == shard.slots.end()) return nullptr;
  shard.recency.splice(shard.recency.begin(), shard.recency, found->second.position);
  return found->second.entry;
}

void VerifiedCache::Insert(std::string_view id, std::shared_ptr<const Entry> entry) {
  Shard& shard = ShardOf(id);
  std::lock_guard lock(shard.mutex);
  const auto found = shard.slots.find(id);
  if (found != shard.slots.end()) {
    found->second.entry = std::move(entry);
    shard.recency.splice(shard.recency.begin(), shard.recency, found->second.position);
    return;
  }
  if (shard.slots.size() >= capacity_per_shard_) {
    shard.slots.erase(shard.recency.back());
    shard.recency.pop_back();
  }
  shard.recency.emplace_front(id);
  shard.slots.emplace(std::string(id), Shard::Slot{std::move(entry), shard.recency.begin()});
}

size_t VerifiedCache::size() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.slots.size();
  }
  return total;
}

}  // namespace pramaan::api
