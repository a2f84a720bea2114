// Verifications of stored credentials, kept so that GET /v/{id}, the page behind every QR
// code, neither reads the registry for the credential nor repeats the signature check on
// every scan.
//
// Only what cannot change while the server runs is kept: the schema, proof, issuer and trust
// checks of the stored credential (the trust list is fixed at start), its dates, its public
// fields, its id and its status entries. The verdict is still made on every request:
// "validity" against the clock, "status" from the status lists and "supersession" from what
// replaced the credential. Entries are found by id alone: an issued credential is never
// rewritten or deleted (the registry's migration 6 makes both databases refuse it), so the
// bytes an entry was made from are the registry's bytes for as long as the id exists.
// Bounded: the least recently used entries are dropped. Thread-safe.
#ifndef PRAMAAN_API_VERIFIED_CACHE_H_
#define PRAMAAN_API_VERIFIED_CACHE_H_

#include <array>
#include <cstddef>
#include <functional>
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
    TimelessVerification verification;
    PublicFields fields;
    std::string fields_json;   // PublicFieldsJson(fields)
    std::string checks_json;   // verification.report's checks as a JSON array
    // {"id", "credentialStatus"}: what the status and supersession sources read (each member
    // only when the credential has it)
    Json status;
  };

  // Holds at most `capacity` entries (at least one per shard).
  explicit VerifiedCache(size_t capacity);

  // The entry for the stored credential `id`, or null.
  std::shared_ptr<const Entry> Find(std::string_view id);
  // Adds or replaces the entry for `id`, dropping the least recently used one when full.
  void Insert(std::string_view id, std::shared_ptr<const Entry> entry);

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
    struct Hash {
      using is_transparent = void;
      size_t operator()(std::string_view text) const {
        return std::hash<std::string_view>{}(text);
      }
    };
    std::unordered_map<std::string, Slot, Hash, std::equal_to<>> slots;
  };
  Shard& ShardOf(std::string_view id);

  size_t capacity_per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace pramaan::api

#endif  // PRAMAAN_API_VERIFIED_CACHE_H_
