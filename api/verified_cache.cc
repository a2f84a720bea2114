#include "api/verified_cache.h"

#include <algorithm>
#include <functional>

namespace pramaan::api {

VerifiedCache::VerifiedCache(size_t capacity)
    : capacity_per_shard_(std::max<size_t>(1, capacity / kShards)) {}

VerifiedCache::Shard& VerifiedCache::ShardOf(const std::string& id) {
  return shards_[std::hash<std::string>{}(id) % kShards];
}

std::shared_ptr<const VerifiedCache::Entry> VerifiedCache::Find(
    const std::string& id, std::string_view credential_json) {
  Shard& shard = ShardOf(id);
  std::lock_guard lock(shard.mutex);
  const auto found = shard.slots.find(id);
  if (found == shard.slots.end()) return nullptr;
  if (found->second.entry->credential_json != credential_json) return nullptr;
  shard.recency.splice(shard.recency.begin(), shard.recency, found->second.position);
  return found->second.entry;
}

void VerifiedCache::Insert(const std::string& id, std::shared_ptr<const Entry> entry) {
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
  shard.recency.push_front(id);
  shard.slots.emplace(id, Shard::Slot{std::move(entry), shard.recency.begin()});
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
