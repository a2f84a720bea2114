// Verifications of stored credentials, kept so that GET /v/{id}, the page behind every QR
// code, does not repeat the signature check on every scan.
//
// Only what cannot change while the server runs is kept: the schema, proof and issuer checks
// of the exact stored bytes, the credential's dates, its public fields and its status entries.
// The verdict is still made on every request: validity against the clock, the status lists
// and `superseded_by` from the registry. An entry is used only when the registry's bytes equal
// the bytes it was made from, so a record rewritten in the registry is verified afresh.
// Bounded: the least recently used entries are dropped. Thread-safe.
#ifndef PRAMAAN_API_VERIFIED_CACHE_H_
#define PRAMAAN_API_VERIFIED_CACHE_H_

#include <array>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/verification_page.h"
#include "core/json/json.h"
#include "verifier/credential_verifier.h"

namespace pramaan::api {

class VerifiedCache {
 public:
  struct Entry {
    std::string credential_json;         // the stored bytes this entry was made from
    TimelessVerification verification;
    PublicFields fields;
    std::string fields_json;   // PublicFieldsJson(fields)
    std::string checks_json;   // verification.report's checks as a JSON array
    Json status;  // {"credentialStatus": ...} when the credential has one, else an empty object
  };

  // Holds at most `capacity` entries (at least one per shard).
  explicit VerifiedCache(size_t capacity);

  // The entry for `id` made from exactly `credential_json`, or null.
  std::shared_ptr<const Entry> Find(const std::string& id, std::string_view credential_json);
  // Adds or replaces the entry for `id`, dropping the least recently used one when full.
  void Insert(const std::string& id, std::shared_ptr<const Entry> entry);

  size_t size() const;

 private:
  static constexpr size_t kShards = 8;
  struct Shard {
    mutable std::mutex mutex;
    std::list<std::string> recency;  // most recent first
    struct Slot {
      std::shared_ptr<const Entry> entry;
      std::list<std::string>::iterator position;
    };
    std::unordered_map<std::string, Slot> slots;
  };
  Shard& ShardOf(const std::string& id);

  size_t capacity_per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace pramaan::api

#endif  // PRAMAAN_API_VERIFIED_CACHE_H_
