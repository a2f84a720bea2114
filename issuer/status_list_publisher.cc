#include "issuer/status_list_publisher.h"

#include <optional>
#include <vector>

#include "core/crypto/sha256.h"
#include "core/encoding/base64.h"
#include "core/integrity/data_integrity.h"
#include "core/status/status_list_credential.h"

namespace pramaan {
namespace {

// The bits of `list` as the registry holds them now.
Result<Bitstring> ReadBits(const store::Registry& registry, const store::StatusListName& list) {
  PRAMAAN_ASSIGN_OR_RETURN(Bitstring bits, Bitstring::Create(store::kStatusListSize));
  const int64_t begin = list.number * store::kStatusListSize;
  PRAMAAN_ASSIGN_OR_RETURN(
      std::vector<int64_t> set,
      registry.SetStatusPositions(list.purpose, begin, begin + store::kStatusListSize));
  for (int64_t position : set) PRAMAAN_RETURN_IF_ERROR(bits.Set(position - begin));
  return bits;
}

// Whether the stored copy holds exactly `bits` (an unreadable copy does not).
bool HoldsBits(const store::StoredStatusList& stored, const Bitstring& bits) {
  auto json = ParseJson(stored.credential_json, "stored status list");
  if (!json.ok()) return false;
  auto view = ReadStatusListCredential(*json);
  return view.ok() && view->bits == bits;
}

}  // namespace

Result<store::StoredStatusList> SignStatusList(const IssuerSetup& setup,
                                               const store::StatusListName& list,
                                               const Bitstring& bits, int64_t status_version,
                                               Timestamp now) {
  StatusListCredentialOptions options;
  options.id = store::StatusListUrl(setup.config.base_url, list);
  options.issuer = setup.issuer.id;
  options.valid_from = now;
  options.valid_until = now + kStatusListValidity;
  options.status_purpose = store::StatusPurposeName(list.purpose);
  options.ttl_ms = std::chrono::milliseconds(store::kStatusListMaxAge).count();
  PRAMAAN_ASSIGN_OR_RETURN(Json unsigned_list, BuildStatusListCredential(options, bits));
  ProofOptions proof = setup.proof;
  proof.created = FormatRfc3339(now);
  PRAMAAN_ASSIGN_OR_RETURN(Json signed_list, AddProof(std::move(unsigned_list), proof,
                                                      *setup.signer, setup.contexts));
  store::StoredStatusList stored;
  stored.list_id = list.Id();
  stored.credential_json = DumpJson(signed_list, false);
  stored.etag = "\"" + EncodeBase64UrlNoPad(Sha256(stored.credential_json)) + "\"";
  stored.status_version = status_version;
  stored.signed_at = FormatRfc3339(now);
  stored.valid_until = FormatRfc3339(*options.valid_until);
  return stored;
}

Result<int> PublishStatusLists(const IssuerSetup& setup, store::Registry& registry,
                               const Clock& clock) {
  // The version is read before any bits: bits read later are at least this new, so a list
  // stored under it is re-checked, never missed, when a change lands in between.
  PRAMAAN_ASSIGN_OR_RETURN(int64_t version, registry.StatusVersion());
  PRAMAAN_ASSIGN_OR_RETURN(std::optional<int64_t> highest, registry.MaxStatusPosition());
  if (!highest) return 0;
  const Timestamp now = std::chrono::floor<std::chrono::seconds>(clock.Now());
  int signed_count = 0;
  for (int64_t number = 0; number <= *highest / store::kStatusListSize; ++number) {
    std::optional<bool> in_use;  // asked at most once per number, for both purposes
    for (store::StatusPurpose purpose :
         {store::StatusPurpose::kRevocation, store::StatusPurpose::kSuspension}) {
      const store::StatusListName list{purpose, number};
      PRAMAAN_ASSIGN_OR_RETURN(std::optional<store::StoredStatusList> stored,
                               registry.GetStatusListCredential(list.Id()));
      std::optional<Bitstring> bits;
      if (stored) {
        auto signed_at = ParseRfc3339(stored->signed_at);
        const bool fresh = signed_at.ok() && now >= *signed_at &&
                           now - *signed_at < kStatusListResignAfter;
        if (fresh && stored->status_version >= version) continue;
        if (fresh) {
          PRAMAAN_ASSIGN_OR_RETURN(Bitstring current, ReadBits(registry, list));
          if (HoldsBits(*stored, current)) {
            store::StoredStatusList relabelled = *stored;
            relabelled.status_version = version;
            PRAMAAN_RETURN_IF_ERROR(registry.PutStatusListCredential(relabelled));
            continue;
          }
          bits = std::move(current);
        }
      } else {
        if (!in_use) {
          const int64_t begin = number * store::kStatusListSize;
          PRAMAAN_ASSIGN_OR_RETURN(
              std::vector<int64_t> used,
              registry.UsedStatusPositions(begin, begin + store::kStatusListSize));
          in_use = !used.empty();
        }
        if (!*in_use) continue;
      }
      if (!bits) {
        PRAMAAN_ASSIGN_OR_RETURN(Bitstring current, ReadBits(registry, list));
        bits = std::move(current);
      }
      PRAMAAN_ASSIGN_OR_RETURN(store::StoredStatusList signed_list,
                               SignStatusList(setup, list, *bits, version, now));
      PRAMAAN_RETURN_IF_ERROR(registry.PutStatusListCredential(signed_list));
      ++signed_count;
    }
  }
  return signed_count;
}

}  // namespace pramaan
