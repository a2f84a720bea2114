// Status lists over the registry (W3C Bitstring Status List v1.0): how a credential's status
// position maps to a published list, picking positions for new credentials, and the bits of
// each list as the registry holds them.
//
// Every credential has one position, used in both lists: its entry in the revocation list and
// its entry in the suspension list have the same index. Positions are global; list n of a
// purpose holds positions [n * kStatusListSize, (n + 1) * kStatusListSize) and is published
// at {base_url}/status/{purpose}-{n} ("revocation-0", "suspension-0", ...).
#ifndef PRAMAAN_STORE_STATUS_LISTS_H_
#define PRAMAAN_STORE_STATUS_LISTS_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/json/json.h"
#include "core/result.h"
#include "core/status/bitstring.h"
#include "core/status/free_index.h"
#include "store/registry.h"

namespace pramaan::store {

// Entries per published list: the spec's minimum, so an index says nothing about how many
// credentials were issued before it (131,072 entries, 16 KB).
inline constexpr int64_t kStatusListSize = static_cast<int64_t>(kMinStatusListBits);

// How long caches may keep a signed list: its credentialSubject.ttl, and the Cache-Control
// max-age the public role serves it with.
inline constexpr std::chrono::seconds kStatusListMaxAge = std::chrono::minutes(5);

// "revocation" or "suspension", the statusPurpose.
std::string_view StatusPurposeName(StatusPurpose purpose);

// One published list: a purpose and its number.
struct StatusListName {
  StatusPurpose purpose = StatusPurpose::kRevocation;
  int64_t number = 0;

  std::string Id() const;  // "revocation-3"
  // The list holding `position`.
  static StatusListName Holding(StatusPurpose purpose, int64_t position) {
    return {purpose, position / kStatusListSize};
  }
  bool operator<(const StatusListName& other) const {
    return std::pair(purpose, number) < std::pair(other.purpose, other.number);
  }
};

// The list an id names ("suspension-12"), or nullopt for anything else (no sign, no leading
// zeros, at most 12 digits).
std::optional<StatusListName> ParseStatusListId(std::string_view id);

// {base_url}/status/{list id}: the list credential's URL (base_url without a trailing slash).
std::string StatusListUrl(std::string_view base_url, const StatusListName& list);

// The credentialStatus of a credential at `position`: a revocation and a suspension
// BitstringStatusListEntry, each naming its list URL and the index within it.
Json CredentialStatusFor(std::string_view base_url, int64_t position);

// Picks the status position of each new credential: uniformly at random among the free
// positions of the lowest-numbered list that has any, so neither the index nor the list says
// in what order credentials were issued within a list. Reads the used positions from the
// registry once per list and then remembers what it handed out. Thread-safe.
//
// Positions handed out but never stored (a batch that failed) are simply not used. Two
// processes issuing into one registry at once can pick the same position: the registry's
// unique index refuses the second Put, and that credential must be issued again.
class StatusPositionAllocator {
 public:
  StatusPositionAllocator(const Registry& registry, RandomSource& random)
      : registry_(registry), random_(random) {}

  Result<int64_t> Next();

 private:
  // Loads list `number`'s used positions into used_.
  Status Load(int64_t number);

  const Registry& registry_;
  RandomSource& random_;
  std::mutex mutex_;
  int64_t list_number_ = -1;  // the list used_ describes; -1 before the first
  std::optional<Bitstring> used_;
  uint64_t free_ = 0;  // zero bits left in used_
};

// How often StatusBits asks the registry whether any status changed. Under load the question
// would otherwise cost a read transaction per verification; a change made elsewhere (the CLI,
// another server) is seen within this time, one made through this object's owner at once
// (Invalidate).
inline constexpr std::chrono::milliseconds kStatusRecheckInterval{250};

// The bits of published lists as the registry holds them, kept between calls while the
// registry's StatusVersion is unchanged. Thread-safe.
class StatusBits {
 public:
  explicit StatusBits(const Registry& registry,
                      std::chrono::milliseconds recheck_interval = kStatusRecheckInterval)
      : registry_(registry), recheck_interval_(recheck_interval) {}

  // Makes the next Get ask the registry (after a change made through this process).
  void Invalidate();

  struct Snapshot {
    int64_t version = 0;  // the registry's StatusVersion the bits reflect
    std::shared_ptr<const Bitstring> bits;
  };
  // The bits of `list` now.
  Result<Snapshot> Get(const StatusListName& list);

 private:
  // The registry's StatusVersion, asked at most once per recheck_interval_.
  Result<int64_t> CurrentVersion();

  const Registry& registry_;
  const std::chrono::milliseconds recheck_interval_;
  std::mutex mutex_;
  int64_t version_ = -1;
  std::chrono::steady_clock::time_point version_checked_{};  // when version_ was read
  std::map<StatusListName, std::shared_ptr<const Bitstring>> lists_;  // at version_
};

}  // namespace pramaan::store

#endif  // PRAMAAN_STORE_STATUS_LISTS_H_
