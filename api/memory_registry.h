// A Registry held in memory, for tests and for `pramaan serve` without --registry: nothing
// survives the process.
#ifndef PRAMAAN_API_MEMORY_REGISTRY_H_
#define PRAMAAN_API_MEMORY_REGISTRY_H_

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "store/registry.h"
#include "store/registry_checks.h"

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

  Status AppendIssuanceEvents(const std::vector<store::IssuanceEvent>& events) override {
    for (const store::IssuanceEvent& event : events) {
      PRAMAAN_RETURN_IF_ERROR(store::ValidateIssuanceEvent(event));
    }
    std::lock_guard lock(mutex_);
    for (const store::IssuanceEvent& event : events) {
      store::IssuanceEvent& logged = issuance_events_.emplace_back(event);
      logged.seq = static_cast<int64_t>(issuance_events_.size());
    }
    return Status::Ok();
  }

  Result<std::vector<store::IssuanceEvent>> IssuanceEvents(
      std::string_view credential_id) const override {
    std::lock_guard lock(mutex_);
    std::vector<store::IssuanceEvent> found;
    for (const store::IssuanceEvent& event : issuance_events_) {
      if (event.credential_id == credential_id) found.push_back(event);
    }
    return found;
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

  Result<int64_t> SupersededCount() const override {
    std::lock_guard lock(mutex_);
    return static_cast<int64_t>(std::count_if(by_id_.begin(), by_id_.end(), [](const auto& entry) {
      return !entry.second.superseded_by.empty();
    }));
  }

  Result<std::vector<std::pair<std::string, std::string>>> Supersessions(
      int64_t limit) const override {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& [id, credential] : by_id_) {
      if (static_cast<int64_t>(pairs.size()) >= limit) break;
      if (!credential.superseded_by.empty()) pairs.emplace_back(id, credential.superseded_by);
    }
    return pairs;
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

  Result<bool> ChangeStatus(const store::StatusEvent& event) override {
    PRAMAAN_RETURN_IF_ERROR(store::ValidateStatusEvent(event));
    std::lock_guard lock(mutex_);
    const auto it = by_id_.find(event.credential_id);
    if (it == by_id_.end()) return NotFound("no credential '" + event.credential_id + "' is stored");
    Bits& bits = bits_[event.credential_id];
    const store::StatusColumns current{bits.revoked, bits.suspended,
                                       it->second.revocation_index.has_value(),
                                       it->second.suspension_index.has_value()};
    PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::StatusUpdate> update,
                             store::PlanStatusChange(event, current));
    if (!update) return false;
    (update->column == "revoked" ? bits.revoked : bits.suspended) = update->value != 0;
    store::StatusEvent& logged = events_.emplace_back(event);
    logged.seq = static_cast<int64_t>(events_.size());
    return true;
  }

  Result<std::vector<store::StatusEvent>> StatusEvents(
      std::string_view credential_id) const override {
    std::lock_guard lock(mutex_);
    std::vector<store::StatusEvent> found;
    for (const store::StatusEvent& event : events_) {
      if (event.credential_id == credential_id) found.push_back(event);
    }
    return found;
  }

  Result<int64_t> StatusVersion() const override {
    std::lock_guard lock(mutex_);
    return static_cast<int64_t>(events_.size());
  }

  Result<std::vector<int64_t>> SetStatusPositions(store::StatusPurpose purpose, int64_t begin,
                                                  int64_t end) const override {
    std::lock_guard lock(mutex_);
    std::vector<int64_t> positions;
    for (const auto& [id, bits] : bits_) {
      const store::StoredCredential& stored = by_id_.find(id)->second;
      const bool revocation = purpose == store::StatusPurpose::kRevocation;
      const std::optional<int64_t> index =
          revocation ? stored.revocation_index : stored.suspension_index;
      if ((revocation ? bits.revoked : bits.suspended) && index && *index >= begin &&
          *index < end) {
        positions.push_back(*index);
      }
    }
    std::sort(positions.begin(), positions.end());
    return positions;
  }

  Result<std::vector<int64_t>> UsedStatusPositions(int64_t begin, int64_t end) const override {
    std::lock_guard lock(mutex_);
    std::vector<int64_t> positions;
    for (const auto& [id, stored] : by_id_) {
      if (stored.revocation_index && *stored.revocation_index >= begin &&
          *stored.revocation_index < end) {
        positions.push_back(*stored.revocation_index);
      }
    }
    std::sort(positions.begin(), positions.end());
    return positions;
  }

  Result<std::optional<int64_t>> MaxStatusPosition() const override {
    std::lock_guard lock(mutex_);
    std::optional<int64_t> highest;
    for (const auto& [id, stored] : by_id_) {
      if (stored.revocation_index && (!highest || *stored.revocation_index > *highest)) {
        highest = stored.revocation_index;
      }
    }
    return highest;
  }

  Status PutStatusListCredential(const store::StoredStatusList& list) override {
    PRAMAAN_RETURN_IF_ERROR(store::ValidateStatusList(list));
    std::lock_guard lock(mutex_);
    const auto found = status_lists_.find(list.list_id);
    if (found != status_lists_.end() && found->second.status_version > list.status_version) {
      return Status::Ok();
    }
    status_lists_[list.list_id] = list;
    return Status::Ok();
  }

  Result<std::optional<store::StoredStatusList>> GetStatusListCredential(
      std::string_view list_id) const override {
    std::lock_guard lock(mutex_);
    const auto found = status_lists_.find(list_id);
    if (found == status_lists_.end()) return std::optional<store::StoredStatusList>();
    return std::optional<store::StoredStatusList>(found->second);
  }

  Status PutCertificate(std::string_view credential_id, std::string_view pdf) override {
    if (pdf.empty()) {
      return InvalidInput("the certificate of credential " + store::Quoted(credential_id) +
                          " is empty");
    }
    std::lock_guard lock(mutex_);
    if (by_id_.find(credential_id) == by_id_.end()) {
      return NotFound("no credential " + store::Quoted(credential_id) + " is stored");
    }
    certificates_[std::string(credential_id)] = std::string(pdf);
    return Status::Ok();
  }

  Result<std::optional<std::string>> GetCertificate(
      std::string_view credential_id) const override {
    std::lock_guard lock(mutex_);
    const auto found = certificates_.find(credential_id);
    if (found == certificates_.end()) return std::optional<std::string>();
    return std::optional<std::string>(found->second);
  }

  Result<std::vector<store::CredentialWithoutCertificate>> CredentialsWithoutCertificate(
      std::string_view issued_since, int64_t limit) const override {
    std::lock_guard lock(mutex_);
    std::vector<store::CredentialWithoutCertificate> found;
    for (const auto& [id, stored] : by_id_) {
      if (stored.issued_at >= issued_since && certificates_.count(id) == 0) {
        found.push_back({id, stored.issued_at});
      }
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return std::pair(a.issued_at, a.id) < std::pair(b.issued_at, b.id);
    });
    if (static_cast<int64_t>(found.size()) > limit) found.resize(static_cast<size_t>(limit));
    return found;
  }

 private:
  struct Bits {
    bool revoked = false;
    bool suspended = false;
  };

  mutable std::mutex mutex_;
  std::map<std::string, store::StoredCredential, std::less<>> by_id_;
  std::map<std::string, std::string, std::less<>> by_source_;
  std::map<std::string, Bits, std::less<>> bits_;  // credentials whose status ever changed
  std::vector<store::StatusEvent> events_;
  std::vector<store::IssuanceEvent> issuance_events_;
  std::map<std::string, store::StoredStatusList, std::less<>> status_lists_;
  std::map<std::string, std::string, std::less<>> certificates_;
};

}  // namespace pramaan::api

#endif  // PRAMAAN_API_MEMORY_REGISTRY_H_
