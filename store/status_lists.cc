#include "store/status_lists.h"

#include <charconv>

#include "core/status/status_entry.h"

namespace pramaan::store {

std::string_view StatusPurposeName(StatusPurpose purpose) {
  return purpose == StatusPurpose::kRevocation ? kStatusPurposeRevocation
                                               : kStatusPurposeSuspension;
}

std::string StatusListName::Id() const {
  return std::string(StatusPurposeName(purpose)) + "-" + std::to_string(number);
}

std::optional<StatusListName> ParseStatusListId(std::string_view id) {
  for (StatusPurpose purpose : {StatusPurpose::kRevocation, StatusPurpose::kSuspension}) {
    const std::string prefix = std::string(StatusPurposeName(purpose)) + "-";
    if (!id.starts_with(prefix)) continue;
    const std::string_view digits = id.substr(prefix.size());
    if (digits.empty() || digits.size() > 12 || digits[0] < '0' || digits[0] > '9' ||
        (digits.size() > 1 && digits[0] == '0')) {
      return std::nullopt;
    }
    int64_t number = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return StatusListName{purpose, number};
  }
  return std::nullopt;
}

std::string StatusListUrl(std::string_view base_url, const StatusListName& list) {
  return std::string(base_url) + "/status/" + list.Id();
}

Json CredentialStatusFor(std::string_view base_url, int64_t position) {
  Json entries = Json::array();
  for (StatusPurpose purpose : {StatusPurpose::kRevocation, StatusPurpose::kSuspension}) {
    const std::string list_url =
        StatusListUrl(base_url, StatusListName::Holding(purpose, position));
    const std::string index = std::to_string(position % kStatusListSize);
    Json entry = Json::object();
    entry["id"] = list_url + "#" + index;
    entry["type"] = kBitstringStatusListEntryType;
    entry["statusPurpose"] = StatusPurposeName(purpose);
    entry["statusListIndex"] = index;
    entry["statusListCredential"] = list_url;
    entries.push_back(std::move(entry));
  }
  return entries;
}

Status StatusPositionAllocator::Load(int64_t number) {
  PRAMAAN_ASSIGN_OR_RETURN(Bitstring used, Bitstring::Create(kStatusListSize));
  const int64_t begin = number * kStatusListSize;
  PRAMAAN_ASSIGN_OR_RETURN(std::vector<int64_t> taken,
                           registry_.UsedStatusPositions(begin, begin + kStatusListSize));
  for (int64_t position : taken) PRAMAAN_RETURN_IF_ERROR(used.Set(position - begin));
  list_number_ = number;
  free_ = used.size() - used.CountSet();
  used_ = std::move(used);
  return Status::Ok();
}

Result<int64_t> StatusPositionAllocator::Next() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (list_number_ < 0) PRAMAAN_RETURN_IF_ERROR(Load(0));
  while (free_ == 0) PRAMAAN_RETURN_IF_ERROR(Load(list_number_ + 1));
  PRAMAAN_ASSIGN_OR_RETURN(uint64_t index, PickFreeIndex(*used_, random_));
  PRAMAAN_RETURN_IF_ERROR(used_->Set(index));
  --free_;
  return list_number_ * kStatusListSize + static_cast<int64_t>(index);
}

void StatusBits::Invalidate() {
  std::lock_guard<std::mutex> lock(mutex_);
  version_checked_ = {};
}

Result<int64_t> StatusBits::CurrentVersion() {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (version_ >= 0 && version_checked_ != std::chrono::steady_clock::time_point{} &&
        now - version_checked_ < recheck_interval_) {
      return version_;
    }
  }
  PRAMAAN_ASSIGN_OR_RETURN(int64_t version, registry_.StatusVersion());
  std::lock_guard<std::mutex> lock(mutex_);
  if (version != version_) {
    lists_.clear();
    version_ = version;
  }
  version_checked_ = now;
  return version;
}

Result<StatusBits::Snapshot> StatusBits::Get(const StatusListName& list) {
  PRAMAAN_ASSIGN_OR_RETURN(int64_t version, CurrentVersion());
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (version != version_) version = version_;  // another thread saw a newer one
    if (const auto found = lists_.find(list); found != lists_.end()) {
      return Snapshot{version, found->second};
    }
  }
  // Read outside the lock: other lists stay available meanwhile.
  PRAMAAN_ASSIGN_OR_RETURN(Bitstring bits, Bitstring::Create(kStatusListSize));
  const int64_t begin = list.number * kStatusListSize;
  PRAMAAN_ASSIGN_OR_RETURN(std::vector<int64_t> set,
                           registry_.SetStatusPositions(list.purpose, begin, begin + kStatusListSize));
  for (int64_t position : set) PRAMAAN_RETURN_IF_ERROR(bits.Set(position - begin));
  auto shared = std::make_shared<const Bitstring>(std::move(bits));
  std::lock_guard<std::mutex> lock(mutex_);
  if (version == version_) lists_[list] = shared;
  return Snapshot{version, std::move(shared)};
}

}  // namespace pramaan::store
