// A Registry held in memory, for tests and for `pramaan serve` without --registry: nothing
// survives the process.
#ifndef PRAMAAN_API_MEMORY_REGISTRY_H_
#define PRAMAAN_API_MEMORY_REGISTRY_H_

#include <map>
#include <mutex>
#include <string>

#include "store/registry.h"

namespace pramaan::api {

// Thread-safe; same contract as store::Registry.
class MemoryRegistry final : public store::Registry {
 public:
  Status Put(const store::StoredCredential& credential) override {
    std::lock_guard lock(mutex_);
    if (by_id_.count(credential.id) > 0) {
      return InvalidInput("credential id " + credential.id + " is already stored");
    }
    if (by_source_.count(credential.source_record_id) > 0) {
      return InvalidInput("source record " + credential.source_record_id + " is already issued");
    }
    by_id_[credential.id] = credential;
    by_source_[credential.source_record_id] = credential.id;
    return Status::Ok();
  }

  Result<std::optional<store::StoredCredential>> Get(std::string_view id) const override {
    std::lock_guard lock(mutex_);
    const auto it = by_id_.find(id);
    if (it == by_id_.end()) return std::optional<store::StoredCredential>();
    return std::optional<store::StoredCredential>(it->second);
  }

  Result<std::optional<std::string>> SupersededBy(std::string_view id) const override {
    std::lock_guard lock(mutex_);
    const auto it = by_id_.find(id);
    if (it == by_id_.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second.superseded_by);
  }

  Result<std::optional<store::StoredCredential>> GetBySourceRecord(
      std::string_view source_record_id) const override {
    std::lock_guard lock(mutex_);
    const auto it = by_source_.find(source_record_id);
    if (it == by_source_.end()) return std::optional<store::StoredCredential>();
    return std::optional<store::StoredCredential>(by_id_.find(it->second)->second);
  }

  Status Supersede(std::string_view old_id, std::string_view new_id) override {
    std::lock_guard lock(mutex_);
    const auto old_it = by_id_.find(old_id);
    if (old_it == by_id_.end() || by_id_.count(new_id) == 0) {
      return NotFound("both credentials must be stored to supersede one by the other");
    }
    old_it->second.superseded_by = std::string(new_id);
    return Status::Ok();
  }

  Result<int64_t> Count() const override {
    std::lock_guard lock(mutex_);
    return static_cast<int64_t>(by_id_.size());
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, store::StoredCredential, std::less<>> by_id_;
  std::map<std::string, std::string, std::less<>> by_source_;
};

}  // namespace pramaan::api

#endif  // PRAMAAN_API_MEMORY_REGISTRY_H_
